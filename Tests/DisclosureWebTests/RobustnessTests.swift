@testable import DisclosureService
@testable import DisclosureWeb
import DisclosureRules
import Foundation
import Testing
import VaporTesting

/// What a first user found by trying the platform (each case stands for its kind): odd paths, the Back button after
/// logout, a form refused before its agency, rate limits on corrections, the API's own decoding errors, the clock
/// while waiting for a correction, weak passwords, raw codes on pages, server paths in messages.
@Suite("Robustness") struct RobustnessTests {
    @Test func overlongAndOddPathsAreNotFoundNeverAServerError() async throws {
        try await withPlatform { app, _ in
            let b = Browser(app)
            let long = String(repeating: "a", count: 5000)
            for path in ["/\(long)", "/agencies/\(long)", "/\(long).css", "/style.css/\(long)", "/agencies/edu/reports/2025/\(long)",
                         "/%00", "/..%2F..%2Fetc%2Fpasswd", "/api/v1/applications/\(String(repeating: "A", count: 4000))/status"] {
                let r = try await b.get(path)
                #expect((400..<500).contains(Int(r.status.code)), "\(path.prefix(40)): \(r.status)")
            }
            try await b.login("clerk-a")
            #expect(try await b.get("/staff/applications/\(long)").status == .notFound)
            // The stylesheet is still served, and kept by browsers.
            let css = try await b.get("/style.css")
            #expect(css.status == .ok && css.headers.contentType?.subType == "css" && css.text.contains("{"))
            #expect(css.headers.first(name: .cacheControl)?.contains("max-age") == true)
        }
    }

    @Test func pagesWithPersonalDataAreNeverStoredByTheBrowser() async throws {
        try await withPlatform { app, _ in
            let b = Browser(app)
            let code = try #require(queryCode(from: try await b.post("/apply", validForm())))
            try await b.login("clerk-a")
            let page = try await b.get("/staff/applications/\(code)")
            #expect(page.text.contains(Fixture.idNumber))
            #expect(page.headers.first(name: .cacheControl) == "no-store")
            #expect(try await b.get("/status?code=\(code)").headers.first(name: .cacheControl) == "no-store")
            #expect(try await b.get("/staff/queue").headers.first(name: .cacheControl) == "no-store")
        }
    }

    @Test func aFormWithoutItsAgencyShowsEveryProblemAtOnce() async throws {
        try await withPlatform { app, _ in
            let b = Browser(app)
            var form = validForm().filter { !["agencyCode", "idNumber", "phone", "address", "email"].contains($0.0) }
            form.append(("agencyCode", ""))
            let r = try await b.post("/apply", form)
            #expect(r.status == .unprocessableEntity)
            #expect(r.text.contains("请选择受理机关") && r.text.contains("请填写身份证件号码") && r.text.contains("请至少填写一种联系方式"))
            #expect(r.text.contains("申请表有 4 处需要修改") && r.text.contains("选择电子邮件的，请填写电子邮箱"))
            // An agency that does not exist is named as such, beside the other problems.
            var unknown = validForm().filter { $0.0 != "agencyCode" && $0.0 != "idNumber" }
            unknown.append(("agencyCode", "nope"))
            unknown.append(("idNumber", "110101199001011230"))
            let u = try await b.post("/apply", unknown)
            #expect(u.status == .unprocessableEntity && u.text.contains("受理机关“nope”不存在") && u.text.contains("校验码不对"))
            // The API alike.
            let api = try await call(app, .POST, "/api/v1/applications", json: """
                {"agencyCode":"nope","applicantKind":"natural-person","applicantName":"张三","idNumber":"110101199001011230",
                 "provisionForm":"electronic","deliveryMethod":"email"}
                """)
            let fields = api.json()["fieldErrors"] as? [String: String] ?? [:]
            #expect(api.status == .unprocessableEntity && Set(fields.keys).isSuperset(of: ["agencyCode", "idNumber", "phone", "email"]))
        }
    }

    @Test func refusedFormsDoNotUseUpTheLimitAndTheLimitKeepsTheInput() async throws {
        var settings = testSettings()
        settings.applicationsPerMinute = 2
        try await withPlatform(settings: settings) { app, _ in
            let b = Browser(app)
            var bad = validForm().filter { $0.0 != "phone" && $0.0 != "email" && $0.0 != "address" }
            bad.append(("deliveryMethod", "collect"))
            for _ in 0..<5 { #expect(try await b.post("/apply", bad).status == .unprocessableEntity) }
            #expect(queryCode(from: try await b.post("/apply", validForm(name: "张一"))) != nil)
            #expect(queryCode(from: try await b.post("/apply", validForm(name: "张二"))) != nil)
            let third = try await b.post("/apply", validForm(name: "欧阳三"))
            #expect(third.status == .tooManyRequests && third.headers.first(name: .retryAfter) != nil)
            #expect(third.text.contains("value=\"欧阳三\"") && third.text.contains("已填写的内容保留"))
            // The API shares the limit of applications accepted.
            let api = try await call(app, .POST, "/api/v1/applications", json: APITests.application)
            #expect(api.status == .tooManyRequests && api.json()["code"] as? String == "rate-limited")
        }
    }

    @Test func undecodableAPIRequestsAreNamedInChinese() async throws {
        try await withPlatform { app, _ in
            func problem(_ r: TestingHTTPResponse) -> (field: String?, message: String) {
                let j = r.json()
                return (j["field"] as? String, j["message"] as? String ?? "")
            }
            let robot = try await call(app, .POST, "/api/v1/applications", json: APITests.application.replacingOccurrences(of: "natural-person", with: "robot"))
            #expect(robot.status == .badRequest && problem(robot).field == "applicantKind" && problem(robot).message.contains("applicantKind"))
            let missing = try await call(app, .POST, "/api/v1/applications", json: #"{"agencyCode":"edu"}"#)
            #expect(missing.status == .badRequest && problem(missing).message.hasPrefix("缺少必填字段") && problem(missing).field != nil)
            let notJSON = try await call(app, .POST, "/api/v1/applications", json: "{")
            #expect(notJSON.status == .badRequest && problem(notJSON).message.contains("JSON"))
            let format = try await call(app, .GET, "/api/v1/agencies/edu/reports/2025/file?format=pdf")
            #expect(format.status == .badRequest && problem(format).field == "format", "\(format.text)")
            for r in [robot, missing, notJSON, format] {
                let m = problem(r).message
                #expect(!m.contains("Error") && !m.contains("error") && !m.contains("Payload") && m.unicodeScalars.contains { $0.value >= 0x4E00 }, "\(m)")
            }
            // Values out of range are refused, not clamped.
            let token = try await apiToken(app, "clerk-a")
            for q in ["pageSize=1000", "pageSize=0", "page=0", "page=-5"] {
                let r = try await call(app, .GET, "/api/v1/queue?\(q)", token: token)
                #expect(r.status == .badRequest, "\(q): \(r.status)")
            }
            #expect(try await call(app, .GET, "/api/v1/calendar/-5").status == .badRequest)
            #expect(try await call(app, .GET, "/api/v1/calendar/0").status == .badRequest)
        }
    }

    @Test func whileWaitingForACorrectionTheClockStandsStill() async throws {
        try await withPlatform { app, _ in
            let b = Browser(app)
            let code = try #require(queryCode(from: try await b.post("/apply", validForm())))
            try await b.login("clerk-a")
            let today = todayInChina()
            let r = try await b.post("/staff/applications/\(code)/actions", [("action", "correctionRequested"), ("date", today.description)])
            #expect(r.status == .seeOther)
            let page = try await b.get("/staff/applications/\(code)")
            #expect(page.text.contains("答复期限：中止") && page.text.contains("重新计算20个工作日") && !page.text.contains("剩余20个工作日"), "\(page.text)")
            let queue = try await b.get("/staff/queue?state=awaiting-correction")
            #expect(queue.text.contains(code) && queue.text.contains("中止，补正后重新计算"))
            let status = try await Browser(app).get("/status?code=\(code)")
            #expect(status.text.contains("等待补正") && !status.text.contains("2026年7月"))  // no stale due date (13 July before)
            let api = try await call(app, .GET, "/api/v1/applications/\(code)/status").json()
            #expect(api["dueDate"] == nil && (api["dueNote"] as? String)?.contains("条例第三十条") == true)
        }
    }

    @Test func weakPasswordsAreRefused() async throws {
        for p in [String(repeating: " ", count: 12), "aaaaaaaaaaaa", "abababababab", "\u{3000}\u{3000}\u{3000}\u{3000}\u{3000}abc\u{3000}\u{3000}", "abcdefghi\u{7}j"] {
            #expect(throws: ServiceError.self, "\(p.debugDescription)") { try PasswordPolicy.check(p) }
        }
        try PasswordPolicy.check("correct horse")
        try PasswordPolicy.check("政府信息公开工作年度")
    }

    @Test func appealsReadInTheReportsWords() async throws {
        try await withPlatform { app, _ in
            let b = Browser(app)
            try await b.login("clerk-a")
            let r = try await b.post("/staff/appeals", [("agencyCode", Fixture.agencyA), ("kind", "litigation-direct"), ("applicationCode", ""),
                                                       ("filed", "2026-03-02"), ("result", "pending"), ("concluded", "")])
            #expect(r.status == .seeOther)
            let page = try await b.get("/staff/appeals?agency=\(Fixture.agencyA)")
            #expect(page.text.contains("<td>\(AppealKind.litigationDirect.label)</td>") && page.text.contains("<td>\(AppealResult.pending.label)</td>"))
            #expect(!page.text.contains("<td>litigation-direct</td>") && !page.text.contains("<td>pending</td>"))
        }
    }

    @Test func ledgerErrorsNameTheUploadedFileInChinese() async throws {
        try await withPlatform { app, _ in
            let b = Browser(app)
            try await b.login("clerk-a")
            try await b.get("/staff/ledger")
            // Bytes that are neither UTF-8 nor GB 18030 text.
            var bytes = Data("收到日期,申请人,申请内容,提交方式\n".utf8)
            bytes.append(contentsOf: [0x32, 0x30, 0x32, 0x36, 0x2C, 0xFF, 0xFE, 0x80, 0x81, 0xFF, 0x2C, 0x0A] + Array(repeating: 0xFF, count: 40))
            let r = try await upload(b, path: "/staff/ledger", fields: [("agencyCode", Fixture.agencyA)], file: ("台账2026.csv", bytes))
            #expect(r.status.code >= 400 && r.status.code < 500)
            #expect(!r.text.contains("gongkai-upload") && !r.text.contains("/tmp/"), "a server path in: \(r.text.prefix(300))")
            #expect(!r.text.contains("unicodeDecoding") && !r.text.contains("CSVError"))
        }
    }

    @Test func aCreditCodeIsNamedAsSuch() {
        let bad = String(Fixture.uscc.dropLast()) + (Fixture.uscc.last == "0" ? "1" : "0")
        #expect(throws: InputError.self) { try Identifier.document(bad, kind: .unifiedSocialCreditCode) }
        do { _ = try Identifier.document(bad, kind: .unifiedSocialCreditCode) } catch let e as InputError {
            #expect(e.description.hasPrefix("统一社会信用代码") && e.field.key == InputField.idNumber.key)
        } catch { Issue.record("\(error)") }
    }
}

/// The second QA round: what a staff account or a script could do to the server, and the gaps left by the first fixes.
@Suite("Robustness, second round") struct RobustnessSecondRoundTests {
    @Test func extremePagesAndYearsAreRefusedAndTheServerLives() async throws {
        try await withPlatform { app, _ in
            let b = Browser(app)
            try await b.login("clerk-a")
            let token = try await apiToken(app, "clerk-a")
            for page in [String(Int.max), "10001", String(Int.max / 20 + 1)] {
                #expect(try await b.get("/staff/queue?page=\(page)").status == .badRequest, "web page \(page)")
                #expect(try await call(app, .GET, "/api/v1/queue?page=\(page)", token: token).status == .badRequest, "api page \(page)")
            }
            for year in [2018, 2008, 2030, 9999] {
                let r = try await call(app, .GET, "/api/v1/agencies/edu/reports/\(year)/file?format=html&draft=true", token: token)
                #expect((400..<500).contains(Int(r.status.code)), "draft \(year): \(r.status)")
                #expect(try await b.get("/agencies/edu/reports/\(year)/html?draft=1").status.code < 500, "web draft \(year)")
            }
            #expect(try await b.get("/staff/queue").status == .ok)
        }
    }

    @Test func simultaneousApplicationsCannotPassTheLimitTogether() async throws {
        var settings = testSettings()
        settings.applicationsPerMinute = 2
        try await withPlatform(settings: settings) { app, _ in
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for i in 0..<10 {
                    group.addTask {
                        let body = APITests.application.replacingOccurrences(of: "2025年招生划片方案", with: "2025年招生划片方案\(i)")
                        return try await call(app, .POST, "/api/v1/applications", json: body).status.code
                    }
                }
                var out: [UInt] = []
                for try await s in group { out.append(s) }
                return out
            }
            #expect(statuses.filter { $0 == 201 }.count == 2 && statuses.filter { $0 == 429 }.count == 8, "\(statuses.sorted())")
        }
    }

    @Test func theLooseLimitOnPostsAlsoKeepsTheInput() async throws {
        var settings = testSettings()
        settings.applicationsPerMinute = 1  // posts: 6 a minute
        try await withPlatform(settings: settings) { app, _ in
            let b = Browser(app)
            var bad = validForm(name: "欧阳修").filter { $0.0 != "phone" && $0.0 != "email" && $0.0 != "address" }
            bad.append(("deliveryMethod", "collect"))
            for _ in 0..<6 { #expect(try await b.post("/apply", bad).status == .unprocessableEntity) }
            let r = try await b.post("/apply", bad)
            #expect(r.status == .tooManyRequests && r.text.contains("value=\"欧阳修\"") && r.text.contains("已填写的内容保留"))
        }
    }

    @Test func errorPagesLogoutAndNoticesAreSafe() async throws {
        try await withPlatform { app, _ in
            let b = Browser(app)
            let missing = try await b.get("/nowhere")
            #expect(missing.status == .notFound && missing.headers.first(name: .cacheControl) == "no-store")
            #expect(missing.headers.first(name: "Content-Security-Policy")?.contains("script-src 'none'") == true)
            #expect(missing.headers.first(name: "X-Frame-Options") == "DENY")
            try await b.login("clerk-a")
            let fake = try await b.get("/staff/appeals?agency=\(Fixture.agencyA)&done=%E8%AF%B7%E8%BD%AC%E8%B4%A6")  // 请转账
            #expect(!fake.text.contains("请转账"))
            let out = try await b.post("/staff/logout", [])
            #expect(out.status == .seeOther && out.headers.first(name: "Clear-Site-Data") == "\"cache\"")
        }
    }

    @Test func anUploadWithAnOverlongNameIsReadUnderItsName() async throws {
        try await withPlatform { app, _ in
            let b = Browser(app)
            try await b.login("clerk-a")
            try await b.get("/staff/ledger")
            let name = String(repeating: "台账", count: 60) + ".csv"  // 364 bytes: longer than a file name may be
            let r = try await upload(b, path: "/staff/ledger", fields: [("agencyCode", Fixture.agencyA)], file: (name, Data("只有一行\n".utf8)))
            #expect((400..<500).contains(Int(r.status.code)), "\(r.status)")
            #expect(r.text.contains(String(repeating: "台账", count: 10)) && !r.text.contains("/tmp/"))
        }
    }

    @Test func theStaffPageSaysTheClockStandsStillWhileAwaitingCorrection() async throws {
        try await withPlatform { app, _ in
            let b = Browser(app)
            let code = try #require(queryCode(from: try await b.post("/apply", validForm())))
            try await b.login("clerk-a")
            let before = try await b.get("/staff/applications/\(code)")
            let due = try #require(before.text.firstMatch(of: /<dt>答复期限<\/dt><dd>(\d{4}年\d{1,2}月\d{1,2}日)/)).1
            try await b.post("/staff/applications/\(code)/actions", [("action", "correctionRequested"), ("date", todayInChina().description)])
            let after = try await b.get("/staff/applications/\(code)?done=correctionRequested")
            #expect(after.text.contains("<dt>答复期限</dt><dd>中止") && !after.text.contains("当前答复期限：\(due)"))
        }
    }
}
