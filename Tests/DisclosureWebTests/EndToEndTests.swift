@testable import DisclosureService
@testable import DisclosureWeb
import DisclosureRules
import Foundation
import Testing
import VaporTesting

/// A client over real HTTP (loopback), with its own cookie jar.
final class HTTPUser: @unchecked Sendable {
    let app: Application
    let base: String
    var cookies: [String: String] = [:]
    var csrf = ""

    init(_ app: Application, port: Int) { self.app = app; self.base = "http://127.0.0.1:\(port)" }

    func absorb(_ r: ClientResponse) -> String {
        for v in r.headers[.setCookie] {
            let pair = v.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            if pair.count == 2 { cookies[String(pair[0])] = String(pair[1]) }
        }
        let text = r.body.map { String(buffer: $0) } ?? ""
        if let m = text.firstMatch(of: /name="_csrf" value="([^"]+)"/) { csrf = String(m.1) } else if let c = cookies["gongkai_csrf"] { csrf = c }
        return text
    }

    var headers: HTTPHeaders {
        var h = HTTPHeaders()
        if !cookies.isEmpty { h.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        return h
    }

    func get(_ path: String) async throws -> (HTTPStatus, String) {
        let r = try await app.client.get(URI(string: base + path), headers: headers)
        return (r.status, absorb(r))
    }

    func post(_ path: String, _ form: [(String, String)]) async throws -> (HTTPStatus, String, String?) {
        if csrf.isEmpty { _ = try await get("/") }
        let allowed = CharacterSet.alphanumerics.union(.init(charactersIn: "-_.~"))
        let body = (form + [("_csrf", csrf)]).map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        var h = headers
        h.contentType = .urlEncodedForm
        let r = try await app.client.post(URI(string: base + path), headers: h) { $0.body = ByteBuffer(string: body) }
        return (r.status, absorb(r), r.headers.first(name: .location))
    }

    func login(_ username: String) async throws {
        _ = try await get("/staff/login")
        let (status, _, _) = try await post("/staff/login", [("username", username), ("password", Fixture.password), ("next", "/staff")])
        #expect(status == .seeOther)
    }
}

@Suite("End to end over HTTP") struct EndToEndTests {
    @Test func applyCorrectConsultDecideAndCount() async throws {
        try await withPlatform { app, _ in
            // A real server on a free loopback port (stopped with the app).
            app.http.server.configuration.hostname = "127.0.0.1"
            app.http.server.configuration.port = 0
            app.environment.arguments = ["vapor"]  // not the test runner's own arguments
            try await app.startup()
            let port = try #require(app.http.server.shared.localAddress?.port)
            // The redirects are read, not followed: each step is one request.
            app.http.client.configuration.redirectConfiguration = .disallow
            let today = todayInChina()

            // 1. The applicant applies online and gets a query code.
            let applicant = HTTPUser(app, port: port)
            let (s1, _, location) = try await applicant.post("/apply", validForm())
            #expect(s1 == .seeOther)
            let code = try #require(location?.firstMatch(of: /code=([A-Z0-9]{10})/).map { String($0.1) })
            var (s2, page) = try await applicant.get("/status?code=\(code)")
            #expect(s2 == .ok && page.contains("办理中"))

            // 2. The clerk asks for a correction (条例第三十条).
            let clerk = HTTPUser(app, port: port)
            try await clerk.login("clerk-a")
            let (q, queue) = try await clerk.get("/staff/queue")
            #expect(q == .ok && queue.contains(code))
            func step(_ who: HTTPUser, _ form: [(String, String)]) async throws {
                let (s, _, loc) = try await who.post("/staff/applications/\(code)/actions", form + [("date", today.description)])
                #expect(s == .seeOther, "\(form[0].1): \(s)")
                #expect(loc?.hasPrefix("/staff/applications/\(code)?done=") == true)
            }
            try await step(clerk, [("action", "correctionRequested")])
            (s2, page) = try await applicant.get("/status?code=\(code)")
            #expect(page.contains("待补正") && page.contains("告知补正申请"))

            // 3. The corrected application arrives (registered by the registrar); the clock restarts.
            let registrar = HTTPUser(app, port: port)
            try await registrar.login("registrar-a")
            try await step(registrar, [("action", "correctionReceived")])
            // 4. A third party is consulted (条例第三十二条) and replies.
            try await step(clerk, [("action", "consultationStarted"), ("consultationKind", "third-party")])
            (s2, page) = try await applicant.get("/status?code=\(code)")
            #expect(page.contains("征求意见中"))
            try await step(registrar, [("action", "consultationReplied")])
            // 5. The decision: granted.
            try await step(clerk, [("action", "decided"), ("outcome", "granted")])
            (s2, page) = try await applicant.get("/status?code=\(code)")
            #expect(page.contains("已办结") && page.contains("作出答复：（一）予以公开"))

            // 6. The year's report counts it: 一、本年新收 and 三（一）予以公开, column 自然人 and 总计.
            let (s3, report) = try await clerk.get("/staff/reports?year=\(today.year)")
            #expect(s3 == .ok)
            let newRow = "<th scope=\"row\">一、本年新收政府信息公开申请数量</th><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td>"
            let grantedRow = "<th scope=\"row\">（一）予以公开</th><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td>"
            #expect(report.contains(newRow) && report.contains(grantedRow))
            // Tables 三 and 四 add up (rules R1, I1–I4); what is missing is table 二, which the officer fills in.
            #expect(!report.contains("<strong>错误 R1") && !report.contains("<strong>错误 I") && report.contains("<strong>错误 S2"))
        }
    }
}
