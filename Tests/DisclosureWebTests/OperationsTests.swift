@testable import DisclosureService
@testable import DisclosureWeb
import DisclosureRules
import Foundation
import Testing
import VaporTesting

/// Log lines kept in memory.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}

struct CapturingLogHandler: LogHandler {
    let sink: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        let all = self.metadata.merging(metadata ?? [:]) { $1 }
        sink.append("\(level) \(message) \(all.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " "))")
    }
}

@Suite("Operations") struct OperationsTests {
    @Test func theAccessLogNamesRoutesNotTheirValues() async throws {
        try await withPlatform { app, service in
            let sink = LogLines()
            app.logger = Logger(label: "test") { _ in CapturingLogHandler(sink: sink) }
            let b = Browser(app)
            let res = try await b.post("/apply", validForm(name: "欧阳修"))
            let code = try #require(queryCode(from: res))
            try await b.get("/status?code=\(code)")
            try await b.login("clerk-a")
            try await b.get("/staff/queue?q=%E6%AC%A7%E9%98%B3")  // 欧阳
            try await b.get("/staff/applications/\(code)")
            try await b.get("/agencies/\(Fixture.agencyA)")
            _ = service
            let log = sink.all.joined(separator: "\n")
            #expect(log.contains("POST /apply 303") && log.contains("GET /status 200") && log.contains("GET /staff/applications/:code 200"))
            #expect(log.contains("GET /agencies/:code 200"))
            for secret in [code, "欧阳", Fixture.idNumber, Fixture.mobile, "示例市幸福路1号", "zhang@example.com", Fixture.password, b.csrf] {
                #expect(!log.contains(secret), "the log contains \(secret)")
            }
        }
    }

    @Test func probesMetricsAndDocument() async throws {
        try await withPlatform { app, _ in
            let b = Browser(app)
            #expect(try await b.get("/ping").text == "ok")
            try await b.get("/staff/applications/ABCDEFGHJK")
            let metrics = try await b.get("/metrics")
            #expect(metrics.text.contains("http_requests_total"))
            #expect(!metrics.text.contains("ABCDEFGHJK"), "metrics label routes by pattern, never by value")
        }
    }

    @Test func staffHomeLeadsEachRoleToItsPage() async throws {
        try await withPlatform { app, _ in
            for (user, target) in [("clerk-a", "/staff/queue"), ("oversight", "/staff/dashboard"), ("admin", "/staff/admin")] {
                let b = Browser(app)
                try await b.login(user)
                let r = try await b.get("/staff")
                #expect(r.status == .seeOther && r.headers.first(name: .location) == target, "\(user)")
            }
        }
    }

    @Test func anAdministratorResetsAPasswordAndImportsAHolidayNotice() async throws {
        try await withPlatform { app, service in
            let b = Browser(app)
            try await b.login("admin")
            let r = try await b.post("/staff/admin/users/clerk-a/reset", [])
            let otp = try #require(r.text.firstMatch(of: /<code class="otp">([A-Za-z0-9]{16})<\/code>/)).1
            // The old password no longer works; the one-time one does, and leads to the password page.
            let old = try await Browser(app).post("/staff/login", [("username", "clerk-a"), ("password", Fixture.password)])
            #expect(old.status == .unauthorized)
            let n = Browser(app)
            try await n.login("clerk-a", password: String(otp))
            #expect(try await n.get("/staff/queue").headers.first(name: .location) == "/staff/password")
            // A notice for 2027 (a made-up one: New Year's Day only) makes 2027 a covered year.
            let notice = #"{"years": {"2027": {"holidays": [{"date": "2027-01-01", "name": "元旦"}], "workdays": [], "documents": ["测试通知"]}}}"#
            let imp = try await upload(b, path: "/staff/admin/calendar/import", fields: [], file: ("2027.json", Data(notice.utf8)))
            #expect(imp.status == .ok && imp.text.contains("已导入 2027 年节假日安排"))
            #expect(try await service.workingCalendar().coveredYears.contains(2027))
            let bad = try await upload(b, path: "/staff/admin/calendar/import", fields: [], file: ("x.json", Data("{".utf8)))
            #expect(bad.status.code >= 400 && bad.status.code < 500)
        }
    }
}
