@testable import DisclosureService
@testable import DisclosureWeb
import DisclosureRules
import Foundation
import Testing
import VaporTesting

/// The JSON API: every operation of openapi.yaml. Responses are built from the types generated from the document (a
/// value that does not fit the document fails to convert, and the test sees a 500), and each test checks the values.
@Suite("JSON API") struct APITests {
    func array(_ r: TestingHTTPResponse) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(r.body.readableBytesView)) as? [[String: Any]] ?? []
    }

    static let application = """
        {"agencyCode":"edu","applicantKind":"natural-person","applicantName":"张三","idNumber":"\(Fixture.idNumber)","phone":"\(Fixture.mobile)",
         "infoTitle":"2025年招生划片方案","provisionForm":"electronic","deliveryMethod":"email","email":"z@example.com"}
        """

    @Test func publicOperations() async throws {
        try await withPlatform { app, _ in
            let agencies = try array(try await call(app, .GET, "/api/v1/agencies"))
            #expect(agencies.map { $0["code"] as? String } == ["city", "civil", "edu"])
            #expect(agencies.first { $0["code"] as? String == "city" }?["kind"] as? String == "government")
            let guide = try await call(app, .GET, "/api/v1/agencies/edu/guide").json()
            #expect((guide["channels"] as? [[String: Any]])?.count == SubmissionChannel.allCases.count)
            #expect((guide["timeLimits"] as? [String])?.first?.contains("20 个工作日内答复") == true)
            let missing = try await call(app, .GET, "/api/v1/agencies/nope/guide")
            #expect(missing.status == .notFound && (missing.json()["code"] as? String) == "not-found")
            #expect(try array(await call(app, .GET, "/api/v1/agencies/edu/reports")).isEmpty)
            // The calendar: 2026's National Day break and its make-up workday (国办发明电〔2025〕7号).
            let cal = try await call(app, .GET, "/api/v1/calendar/2026").json()
            let holidays = (cal["holidays"] as? [[String: Any]])?.compactMap { $0["date"] as? String } ?? []
            #expect(holidays.contains("2026-10-01") && holidays.contains("2026-10-07"))
            let unknown = try await call(app, .GET, "/api/v1/calendar/2031")
            #expect(unknown.status == .unprocessableEntity && (unknown.json()["code"] as? String) == "calendar-not-loaded")
        }
    }

    @Test func applyingAndFollowingByQueryCode() async throws {
        try await withPlatform { app, _ in
            let r = try await call(app, .POST, "/api/v1/applications", json: Self.application)
            #expect(r.status == .created)
            let receipt = r.json()
            let code = try #require(receipt["queryCode"] as? String)
            let today = todayInChina()
            #expect(receipt["receivedDate"] as? String == today.description)
            #expect(try receipt["dueDate"] as? String == (WorkingDayCalendar.bundled.addingWorkingDays(20, to: today)).description)
            let status = try await call(app, .GET, "/api/v1/applications/\(code)/status").json()
            #expect(status["state"] as? String == "in-progress" && status["channel"] as? String == "互联网")
            #expect((status["steps"] as? [[String: Any]])?.first?["label"] as? String == "收到申请")
            #expect(status["applicant"] == nil && !status.keys.contains { $0.lowercased().contains("phone") || $0.lowercased().contains("id") })
        }
    }

    @Test func badInputIsA4xxInChineseNeverA500() async throws {
        try await withPlatform { app, _ in
            // Field by field, all at once.
            let bad = Self.application.replacingOccurrences(of: Fixture.idNumber, with: "110101199001011230").replacingOccurrences(of: Fixture.mobile, with: "123")
            let r = try await call(app, .POST, "/api/v1/applications", json: bad)
            #expect(r.status == .unprocessableEntity)
            let body = r.json()
            #expect(body["code"] as? String == "invalid-input")
            let fields = body["fieldErrors"] as? [String: String] ?? [:]
            #expect(Set(fields.keys) == ["idNumber", "phone"] && fields["idNumber"]!.contains("校验码不对"))
            // Not JSON, a value outside an enum, a missing required field, a wrong type: 400 with the document's Error shape.
            for body in ["not json", #"{"agencyCode":"edu"}"#, Self.application.replacingOccurrences(of: "natural-person", with: "robot"),
                         Self.application.replacingOccurrences(of: #""applicantName":"张三""#, with: #""applicantName":12"#), "", "[]", "{"] {
                let res = try await call(app, .POST, "/api/v1/applications", json: body)
                #expect(res.status == .badRequest, "\(body.prefix(30)): \(res.status)")
                let e = res.json()
                let m = e["message"] as? String ?? ""
                #expect(e["code"] as? String == "invalid-input" && m.unicodeScalars.contains { $0.value >= 0x4E00 } && !m.contains("Error"), "\(m)")
            }
            #expect(try await call(app, .GET, "/api/v1/queue?page=abc").status == .badRequest)
            #expect(try await call(app, .GET, "/api/v1/calendar/twenty").status == .badRequest)
            let nowhere = try await call(app, .GET, "/api/v1/nowhere")
            #expect(nowhere.status == .notFound && (nowhere.json()["message"] as? String) == "页面不存在")
            let session = try await call(app, .POST, "/api/v1/session", json: #"{"username":"clerk-a","password":"nope"}"#)
            #expect(session.status == .unauthorized && (session.json()["message"] as? String) == "用户名或密码不正确")
        }
    }

    @Test func staffOperations() async throws {
        try await withPlatform { app, service in
            let token = try await apiToken(app, "clerk-a")
            let code = try await receiveAt(service, Fixture.agencyA, on: workingDays(5, before: todayInChina()))
            let queue = try await call(app, .GET, "/api/v1/queue?state=open", token: token).json()
            #expect(queue["total"] as? Int == 1 && queue["today"] as? String == todayInChina().description)
            let item = (queue["items"] as? [[String: Any]])?.first
            #expect(item?["queryCode"] as? String == code && item?["applicant"] as? String == "张*" && item?["workingDaysLeft"] as? Int == 15)
            let detail = try await call(app, .GET, "/api/v1/applications/\(code)", token: token).json()
            #expect((detail["applicant"] as? [String: Any])?["idNumber"] as? String == Fixture.idNumber)
            #expect((detail["actions"] as? [[String: Any]])?.compactMap { $0["action"] as? String } == ["correctionRequested", "consultationStarted", "feeNoticeSent", "decided"])
            // A consultation pauses the clock; the reply resumes it; the decision closes it.
            let today = todayInChina().description
            let c = try await call(app, .POST, "/api/v1/applications/\(code)/actions", token: token,
                                   json: #"{"action":"consultationStarted","consultationKind":"third-party","date":"\#(today)"}"#)
            #expect(c.status == .ok && (c.json()["state"] as? String) == "征求意见中")
            let reg = try await apiToken(app, "registrar-a")
            let rep = try await call(app, .POST, "/api/v1/applications/\(code)/actions", token: reg, json: #"{"action":"consultationReplied","date":"\#(today)"}"#)
            #expect(rep.status == .ok)
            let d = try await call(app, .POST, "/api/v1/applications/\(code)/actions", token: token, json: #"{"action":"decided","outcome":"unable.1"}"#)
            #expect(d.status == .ok && (d.json()["outcome"] as? String) == Outcome.unable1.label)
            // The registrar cannot decide (the lifecycle's table); an unknown outcome is named.
            let other = try await receiveAt(service, Fixture.agencyA, on: todayInChina())
            let denied = try await call(app, .POST, "/api/v1/applications/\(other)/actions", token: reg, json: #"{"action":"decided","outcome":"granted"}"#)
            #expect(denied.status == .forbidden && (denied.json()["message"] as? String)?.contains("无权") == true)
            let unknown = try await call(app, .POST, "/api/v1/applications/\(other)/actions", token: token, json: #"{"action":"decided","outcome":"maybe"}"#)
            #expect(unknown.status == .badRequest && (unknown.json()["field"] as? String) == "outcome")
            // Counts: unable.1 for a natural person this year.
            let counts = try await call(app, .GET, "/api/v1/agencies/edu/reports/\(todayInChina().year)/counts", token: token).json()
            let row = (counts["table3"] as? [[String: Any]])?.first { $0["id"] as? String == "unable.1" }
            #expect(row?["cells"] as? [Int] == [1, 0, 0, 0, 0, 0, 1])
            #expect(try array(await call(app, .GET, "/api/v1/agencies/edu/appeals", token: token)).isEmpty)
            // Logout ends the token.
            #expect(try await call(app, .DELETE, "/api/v1/session", token: token).status == .noContent)
            #expect(try await call(app, .GET, "/api/v1/queue", token: token).status == .unauthorized)
        }
    }

    @Test func theDocumentIsServed() async throws {
        try await withPlatform { app, _ in
            let r = try await call(app, .GET, "/api/v1/openapi.yaml")
            #expect(r.status == .ok && r.text.hasPrefix("openapi: 3.1.0"))
            for op in ["listAgencies", "getGuide", "submitApplication", "getStatus", "getQueue", "getApplication", "performAction", "getReportCounts",
                       "getReportFile", "getCalendar", "login", "logout", "listAppeals", "listPublishedReports"] {
                #expect(r.text.contains("operationId: \(op)"))
            }
            let metrics = try await Browser(app).get("/metrics")
            #expect(metrics.status == .ok && metrics.text.contains("http_requests_total"))
            #expect(!metrics.text.contains(Fixture.idNumber))
            let health = try await Browser(app).get("/health")
            #expect(health.status == .ok && (health.json()["status"] as? String) == "ok")
        }
    }
}
