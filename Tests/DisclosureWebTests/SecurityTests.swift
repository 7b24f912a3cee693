@testable import DisclosureService
@testable import DisclosureWeb
import DisclosureRules
import Foundation
import Testing
import VaporTesting

@Suite("Security") struct SecurityTests {
    static let script = "<script>alert('x')</script>"

    @Test func aStoredScriptIsEscapedEverywhere() async throws {
        try await withPlatform { app, _ in
            let b = Browser(app)
            var form = validForm(name: "张\(Self.script)", text: "请公开\(Self.script)文件")
            form = form.map { $0.0 == "infoTitle" ? ($0.0, "标题\(Self.script)") : $0 }
            let res = try await b.post("/apply", form)
            let code = try #require(queryCode(from: res))
            let clerk = Browser(app)
            try await clerk.login("clerk-a")
            let oversight = Browser(app)
            try await oversight.login("oversight")
            let pages = [try await b.get("/status?code=\(code)"), try await clerk.get("/staff/queue"), try await clerk.get("/staff/queue?q=%3Cscript"),
                         try await clerk.get("/staff/applications/\(code)"), try await oversight.get("/staff/applications/\(code)")]
            for p in pages {
                #expect(p.status == .ok)
                #expect(!p.text.contains("<script"), "an unescaped script tag")
                #expect(p.headers.first(name: "Content-Security-Policy")?.contains("script-src 'none'") == true)
            }
            #expect(pages[3].text.contains("请公开&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;文件") || pages[3].text.contains("请公开&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;文件"))
            // The API answers JSON (a string, never markup) and forbids sniffing it as HTML.
            let token = try await apiToken(app, "clerk-a")
            var h = HTTPHeaders()
            h.bearerAuthorization = BearerAuthorization(token: token)
            let api = try await app.testing().sendRequest(.GET, "/api/v1/applications/\(code)", headers: h)
            #expect(api.headers.contentType == .json && api.headers.first(name: "X-Content-Type-Options") == "nosniff")
            let json = api.json()
            #expect((json["requestText"] as? String) == "请公开\(Self.script)文件")
        }
    }

    /// Every form route of the site, each posted without the token and with a wrong one: refused before its handler.
    @Test func formPostsWithoutTheCSRFTokenAreRefused() async throws {
        try await withPlatform { app, service in
            let code = try await receiveAt(service, Fixture.agencyA, on: todayInChina())
            let posts: [String: [(String, String)]] = [
                "/apply": validForm(), "/staff/login": [("username", "clerk-a"), ("password", Fixture.password)], "/staff/logout": [],
                "/staff/password": [("current", Fixture.password), ("new", "another-password"), ("confirm", "another-password")],
                "/staff/applications/\(code)/actions": [("action", "decided"), ("outcome", "granted")],
                "/staff/applications/\(code)/letters": [("kind", "decision")],
                "/staff/receive": [("agencyCode", "edu"), ("channel", "in-person"), ("applicantKind", "natural-person"), ("applicantName", "某"), ("requestText", "x")],
                "/staff/appeals": [("agencyCode", "edu"), ("kind", "reconsideration"), ("filed", "2026-06-01")],
                "/staff/appeals/conclude": [("agencyCode", "edu"), ("id", "abcd"), ("result", "upheld"), ("date", "2026-06-01")],
                "/staff/ledger": [("agencyCode", "edu")],
                "/staff/reports/publish": [("agencyCode", "edu"), ("year", "2025"), ("date", "2026-01-20")],
                "/staff/reports/figures": [("agencyCode", "edu"), ("year", "2025"), ("t2-2-0-0", "9")],
                "/staff/reports/sections": [("agencyCode", "edu"), ("year", "2025"), ("section", "5"), ("text", "改")],
                "/staff/reports/baseline": [("agencyCode", "edu"), ("year", "2025")],
                "/staff/admin/agencies": [("code", "zz"), ("name", "某局")], "/staff/admin/agencies/edu/office": [("name", "x")],
                "/staff/admin/users": [("username", "zz"), ("displayName", "某"), ("role", "admin")],
                "/staff/admin/users/clerk-a/reset": [], "/staff/admin/users/clerk-a/disable": [("disabled", "1")],
                "/staff/admin/calendar/day-off": [("date", "2026-06-17"), ("name", "停工")], "/staff/admin/calendar/import": [],
                "/staff/outbox/00000000-0000-0000-0000-000000000000/retry": [],
                "/staff/admin/calendar/day-off/preview": [("date", "2026-06-17"), ("name", "停工")], "/staff/admin/calendar/import/preview": [],
                "/staff/admin/calendar/import/confirm": [("json", #"{"years": {"2027": {"holidays": [{"date": "2027-01-01", "name": "元旦"}], "workdays": []}}}"#)],
                "/staff/letter-templates/decision": [("agency", "edu"), ("body", "{{申请人}}：")], "/staff/letter-templates/decision/reset": [("agency", "edu")],
                "/staff/applications/\(code)/letters/preview": [("kind", "decision")],
                "/staff/applications/\(code)/letters/preview/download": [("kind", "decision"), ("format", "docx")],
                "/staff/catalogue/decisions": [("agencyCode", "edu"), ("year", "2025"), ("m1_licensing", "1")],
                "/staff/catalogue/decisions/import": [("agencyCode", "edu"), ("year", "2025")], "/staff/catalogue/import": [("agencyCode", "edu")],
                "/staff/catalogue/new": [("agency", "edu"), ("title", "某通知")], "/staff/catalogue/edit": [("agency", "edu"), ("index", "000014349/2024-00001")],
                "/staff/catalogue/review": [("agency", "edu"), ("index", "x"), ("reviewer", "某"), ("result", "passed")],
                "/staff/catalogue/publish": [("agency", "edu"), ("index", "x")], "/staff/catalogue/end": [("agency", "edu"), ("index", "x")],
                "/staff/catalogue/link": [("agency", "edu"), ("index", "x")], "/staff/catalogue/attachments": [("agency", "edu"), ("index", "x")],
                "/staff/catalogue/attachments/remove": [("agency", "edu"), ("index", "x")],
                "/staff/catalogue/settings": [("agency", "edu"), ("organisationCode", "000014349")],
            ]
            // Every POST route outside the API is in the list (a new form route cannot be forgotten here).
            let routes = app.routes.all.filter { $0.method == .POST && $0.path.first?.description != "api" }
                .map { "/" + $0.path.map { "\($0)" }.joined(separator: "/") }
            let templates = Set(posts.keys.map { $0.replacingOccurrences(of: code, with: ":code").replacingOccurrences(of: "/edu/", with: "/:code/")
                .replacingOccurrences(of: "/clerk-a/", with: "/:username/").replacingOccurrences(of: "/00000000-0000-0000-0000-000000000000/", with: "/:id/")
                .replacingOccurrences(of: "/letter-templates/decision", with: "/letter-templates/:kind") })
            #expect(Set(routes) == templates, "POST routes not covered: \(Set(routes).subtracting(templates))")
            for who in ["admin", "head-a"] {
                let b = Browser(app)
                try await b.login(who)
                for (path, form) in posts {
                    let without = try await b.post(path, form, csrf: false)
                    #expect(without.status == .forbidden && without.text.contains("CSRF"), "\(path) without a token as \(who): \(without.status)")
                    let wrong = try await b.post(path, form + [("_csrf", String(repeating: "A", count: 43))], csrf: false)
                    #expect(wrong.status == .forbidden, "\(path) with a wrong token as \(who): \(wrong.status)")
                }
            }
            // Nothing changed: still one application, undecided; no agency zz; clerk-a still logs in with the old password.
            #expect(try await service.applications().count == 1)
            #expect(try await service.application(code: code).application.decidedDate == nil)
            #expect(try await service.agencies().contains { $0.code == "zz" } == false)
            try await Browser(app).login("clerk-a")
        }
    }

    @Test func sqlMetacharactersInEverySearchFieldAreHarmless() async throws {
        try await withPlatform { app, service in
            let today = todayInChina()
            let code = try await receiveAt(service, Fixture.agencyA, on: today, name: "王五", text: "请公开100%完成率的统计_表")
            let payloads = ["' OR '1'='1", "'; DROP TABLE applications; --", "\" OR 1=1 --", "%", "_", "\\", "%' UNION SELECT id_number FROM applicants --",
                            "1) OR (1=1", "王五'--", "\u{0}", "；--"]
            let b = Browser(app)
            try await b.login("clerk-a")
            let token = try await apiToken(app, "clerk-a")
            var h = HTTPHeaders()
            h.bearerAuthorization = BearerAuthorization(token: token)
            let allowed = CharacterSet.alphanumerics
            for p in payloads {
                let e = p.addingPercentEncoding(withAllowedCharacters: allowed)!
                for field in ["q", "state", "channel", "kind", "agency"] {
                    let r = try await b.get("/staff/queue?\(field)=\(e)")
                    #expect(r.status.code < 500, "queue \(field)=\(p): \(r.status)")
                    #expect(!r.text.contains(Fixture.idNumber), "no identity number leaks through \(field)")
                }
                for field in ["q", "state", "channel", "applicantKind", "agency"] {
                    let r = try await app.testing().sendRequest(.GET, "/api/v1/queue?\(field)=\(e)", headers: h)
                    #expect(r.status.code < 500, "API queue \(field)=\(p): \(r.status)")
                }
                #expect(try await Browser(app).get("/status?code=\(e)").status.code < 500)
                // In path parameters too: an agency code, a query code.
                #expect(try await Browser(app).get("/agencies/\(e)").status.code < 500)
                #expect(try await b.get("/staff/applications/\(e)").status.code < 500)
                #expect(try await app.testing().sendRequest(.GET, "/api/v1/agencies/\(e)/guide").status.code < 500)
                #expect(try await app.testing().sendRequest(.GET, "/api/v1/applications/\(e)", headers: h).status.code < 500)
                #expect(try await app.testing().sendRequest(.GET, "/api/v1/applications/\(e)/status").status.code < 500)
                let login = try await Browser(app).post("/staff/login", [("username", p), ("password", p)])
                #expect(login.status == .unauthorized || login.status == .badRequest)
            }
            // The wildcards are literal: "%" and "_" find the one text that has them, "王五'--" finds nothing.
            #expect(try await b.get("/staff/queue?q=%25").text.contains("共 1 件"))
            #expect(try await b.get("/staff/queue?q=_%E8%A1%A8").text.contains("共 1 件"))  // "_表"
            #expect(try await b.get("/staff/queue?q=%E7%8E%8B%E4%BA%94%27--").text.contains("共 0 件"))
            // The records are intact.
            #expect(try await service.applications().map(\.queryCode) == [code])
        }
    }

    /// An 18-character 公民身份号码 shape and an 11-digit mainland mobile number, not inside a longer run of digits.
    static let idPattern = try! NSRegularExpression(pattern: "(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")
    static let mobilePattern = try! NSRegularExpression(pattern: "(?<![0-9])1[3-9][0-9]{9}(?![0-9])")

    static func found(_ r: NSRegularExpression, _ text: String) -> Bool {
        r.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    @Test func publicPagesAndPublicAPIResponsesCarryNoIdentityNumberOrMobile() async throws {
        try await withPlatform { app, service in
            let year = todayInChina().year - 1
            // Applications of a person (ID, mobile) and an organisation, last year and this; an appeal; a published report.
            let last = try await receiveAt(service, Fixture.agencyA, on: CalendarDate(year: year, month: 3, day: 2)!, name: "李四")
            _ = try await service.decide(code: last, outcome: .granted, on: CalendarDate(year: year, month: 3, day: 20)!, by: StaffMember(name: "承办人", role: .handler))
            try await receiveAt(service, Fixture.agencyA, on: CalendarDate(year: year, month: 9, day: 7)!, kind: .commercialEnterprise)
            let b = Browser(app)
            let online = try await b.post("/apply", validForm())
            let code = try #require(queryCode(from: online))
            for block in ReportFormat.applicable(toYear: year).table2Blocks {
                for row in block.rows {
                    try await service.setProactiveFigures(agencyCode: Fixture.agencyA, year: year, block: block.id, row: row,
                                                          values: block.columns.map { _ in "3" }, by: .system)
                }
            }
            try await service.publishReport(agencyCode: Fixture.agencyA, year: year, on: CalendarDate(year: year + 1, month: 1, day: 20)!,
                                            acknowledgeWarnings: true, by: .system)
            var pages: [(String, String)] = []
            for path in ["/", "/agencies/edu", "/agencies/civil", "/agencies/city", "/apply", "/apply?agency=edu", "/status",
                         "/status?code=\(code)", "/status?code=\(last)", "/agencies/edu/reports/\(year)", "/agencies/edu/reports/\(year)/json",
                         "/api/v1/agencies", "/api/v1/agencies/edu/guide", "/api/v1/agencies/edu/reports", "/api/v1/applications/\(code)/status",
                         "/api/v1/applications/\(last)/status", "/api/v1/calendar/2026", "/api/v1/agencies/edu/reports/\(year)/file?format=html",
                         "/api/v1/agencies/edu/reports/\(year)/file?format=json", "/api/v1/openapi.yaml", "/health", "/staff/login"] {
                let r = try await Browser(app).get(path)
                #expect(r.status == .ok, "\(path): \(r.status)")
                pages.append((path, r.text))
            }
            // The scan finds what it looks for (the staff page has both, in full).
            let clerk = Browser(app)
            try await clerk.login("clerk-a")
            let staffPage = try await clerk.get("/staff/applications/\(code)").text
            #expect(Self.found(Self.idPattern, staffPage) && Self.found(Self.mobilePattern, staffPage))
            for (path, text) in pages {
                #expect(!Self.found(Self.idPattern, text), "an 18-digit identity number on \(path)")
                #expect(!Self.found(Self.mobilePattern, text), "an 11-digit mobile number on \(path)")
                #expect(!text.contains("李四") && !text.contains("张三"), "an applicant's name on \(path)")
            }
        }
    }

    @Test func loginApplicationsAndLookupsAreRateLimited() async throws {
        var settings = testSettings()
        settings.loginPerMinute = 3
        settings.applicationsPerMinute = 2
        settings.lookupsPerMinute = 4
        try await withPlatform(settings: settings) { app, service in
            let b = Browser(app)
            try await b.get("/staff/login")
            for _ in 0..<3 { #expect(try await b.post("/staff/login", [("username", "clerk-a"), ("password", "wrong-password")]).status == .unauthorized) }
            let limited = try await b.post("/staff/login", [("username", "clerk-a"), ("password", Fixture.password)])
            #expect(limited.status == .tooManyRequests && limited.text.contains("请求过于频繁") && limited.headers.first(name: .retryAfter) != nil)
            for _ in 0..<2 { #expect(try await b.post("/apply", validForm()).status == .seeOther) }
            #expect(try await b.post("/apply", validForm()).status == .tooManyRequests)
            #expect(try await service.applications().count == 2)
            for _ in 0..<4 { #expect(try await b.get("/status?code=ABCDEFGHJK").status == .notFound) }
            #expect(try await b.get("/status?code=ABCDEFGHJK").status == .tooManyRequests)
            // The API counts against the same limit.
            let api = try await app.testing().sendRequest(.GET, "/api/v1/applications/ABCDEFGHJK/status")
            let body = api.json()
            #expect(api.status == .tooManyRequests && (body["code"] as? String) == "rate-limited")
        }
    }

    @Test func sessionsAreCookiesTheBrowserKeepsToItself() async throws {
        try await withPlatform { app, _ in
            let b = Browser(app)
            try await b.get("/staff/login")
            let res = try await b.post("/staff/login", [("username", "clerk-a"), ("password", Fixture.password), ("next", "/staff")])
            let cookie = try #require(res.headers[.setCookie].first { $0.hasPrefix("gongkai_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            // A forged session id is just no session.
            let forged = Browser(app)
            forged.cookies["gongkai_session"] = String(repeating: "x", count: 43)
            #expect(try await forged.get("/staff/queue").status == .seeOther)
        }
    }
}
