@testable import DisclosureService
@testable import DisclosureWeb
import DisclosureRules
import Foundation
import Testing
import VaporTesting

/// Who may do what, page by page and operation by operation: every (role × route) pair of the platform, with the
/// answer the specification gives — the public portal for everyone; an agency's records for its own staff (and the
/// oversight office of its region, reading only); the lifecycle's steps for the roles of `ApplicationLifecycle`; the
/// extension and publishing for the head; agencies, users and the calendar for the administrator.
@Suite("Access control matrix") struct AccessMatrixTests {
    enum Outcome: String, CustomStringConvertible {
        /// 2xx, or a redirect that is not to the login page.
        case allowed
        /// Redirected to the login page (pages) / 401 (API).
        case login
        case forbidden
        /// Records of another agency are not even confirmed to exist.
        case notFound
        var description: String { rawValue }
    }

    /// The people: anonymous, A's registrar, handler and head, B's clerk, the region's oversight officer, the administrator.
    static let people: [String?] = [nil, "registrar-a", "clerk-a", "head-a", "clerk-b", "oversight", "admin"]

    struct Route {
        var name: String
        var method: HTTPMethod
        /// `{A}` is replaced by a fresh open application of agency A for each person, `{D}` by one decided (予以公开) today.
        var path: String
        var form: [(String, String)] = []
        var api = false
        /// The outcome for each of `people`, in order.
        var expected: [Outcome]
    }

    static let y = todayInChina().year - 1
    static let routes: [Route] = [
        // Public portal: everyone.
        Route(name: "home", method: .GET, path: "/", expected: Array(repeating: .allowed, count: 7)),
        Route(name: "guide", method: .GET, path: "/agencies/edu", expected: Array(repeating: .allowed, count: 7)),
        Route(name: "apply form", method: .GET, path: "/apply", expected: Array(repeating: .allowed, count: 7)),
        Route(name: "status lookup", method: .GET, path: "/status?code={A}", expected: Array(repeating: .allowed, count: 7)),
        Route(name: "catalogue", method: .GET, path: "/catalogue", expected: Array(repeating: .allowed, count: 7)),
        Route(name: "catalogue of A", method: .GET, path: "/catalogue/edu", expected: Array(repeating: .allowed, count: 7)),
        //                                                         anon    reg-a     clerk-a   head-a    clerk-b    oversight  admin
        Route(name: "queue", method: .GET, path: "/staff/queue", expected: [.login, .allowed, .allowed, .allowed, .allowed, .allowed, .forbidden]),
        Route(name: "queue of A", method: .GET, path: "/staff/queue?agency=edu",
              expected: [.login, .allowed, .allowed, .allowed, .notFound, .allowed, .forbidden]),
        Route(name: "application of A", method: .GET, path: "/staff/applications/{A}",
              expected: [.login, .allowed, .allowed, .allowed, .notFound, .allowed, .forbidden]),
        Route(name: "decide", method: .POST, path: "/staff/applications/{A}/actions", form: [("action", "decided"), ("outcome", "granted")],
              expected: [.login, .forbidden, .allowed, .allowed, .notFound, .forbidden, .forbidden]),
        Route(name: "extend", method: .POST, path: "/staff/applications/{A}/actions", form: [("action", "extensionGranted"), ("days", "10")],
              expected: [.login, .forbidden, .forbidden, .allowed, .notFound, .forbidden, .forbidden]),
        Route(name: "receive form", method: .GET, path: "/staff/receive",
              expected: [.login, .allowed, .allowed, .allowed, .allowed, .forbidden, .forbidden]),
        Route(name: "appeals of A", method: .GET, path: "/staff/appeals?agency=edu",
              expected: [.login, .allowed, .allowed, .allowed, .notFound, .allowed, .forbidden]),
        Route(name: "record appeal for A", method: .POST, path: "/staff/appeals",
              form: [("agencyCode", "edu"), ("kind", "reconsideration"), ("filed", "2026-06-01"), ("result", "pending")],
              expected: [.login, .allowed, .allowed, .allowed, .notFound, .forbidden, .forbidden]),
        Route(name: "ledger page", method: .GET, path: "/staff/ledger",
              expected: [.login, .allowed, .allowed, .allowed, .allowed, .forbidden, .forbidden]),
        Route(name: "report of A", method: .GET, path: "/staff/reports?agency=edu&year=\(y)",
              expected: [.login, .allowed, .allowed, .allowed, .notFound, .allowed, .forbidden]),
        Route(name: "publish A's report", method: .POST, path: "/staff/reports/publish",
              form: [("agencyCode", "edu"), ("year", "\(y)"), ("date", "\(y + 1)-01-20"), ("acknowledge", "1")],
              // The head may (it is refused for its empty table 二 — 409 — which is past the permission check).
              expected: [.login, .forbidden, .forbidden, .allowed, .forbidden, .forbidden, .forbidden]),
        Route(name: "save A's table 二", method: .POST, path: "/staff/reports/figures", form: [("agencyCode", "edu"), ("year", "\(y)")],
              expected: [.login, .forbidden, .allowed, .allowed, .notFound, .forbidden, .forbidden]),
        Route(name: "save A's section", method: .POST, path: "/staff/reports/sections",
              form: [("agencyCode", "edu"), ("year", "\(y)"), ("section", "5"), ("text", "本年度无突出问题。")],
              expected: [.login, .forbidden, .allowed, .allowed, .notFound, .forbidden, .forbidden]),
        Route(name: "rollup", method: .GET, path: "/staff/rollup?region=city&year=\(y)",
              expected: [.login, .forbidden, .forbidden, .forbidden, .forbidden, .allowed, .forbidden]),
        Route(name: "outbox", method: .GET, path: "/staff/outbox",
              expected: [.login, .forbidden, .forbidden, .allowed, .forbidden, .forbidden, .allowed]),
        Route(name: "dashboard", method: .GET, path: "/staff/dashboard?region=city&year=\(y)",
              expected: [.login, .forbidden, .forbidden, .forbidden, .forbidden, .allowed, .forbidden]),
        Route(name: "dashboard download", method: .GET, path: "/staff/dashboard/download?table=table3&format=csv&region=city&year=\(y)",
              expected: [.login, .forbidden, .forbidden, .forbidden, .forbidden, .allowed, .forbidden]),
        Route(name: "dashboard of A", method: .GET, path: "/staff/dashboard?region=edu&year=\(y)",
              expected: [.login, .forbidden, .forbidden, .forbidden, .forbidden, .allowed, .forbidden]),
        // Decision counts of table 二 (issue 12): read by whoever reads the catalogue, typed by the handler and the head.
        Route(name: "decision counts of A", method: .GET, path: "/staff/catalogue/decisions?agency=edu&year=\(y)",
              expected: [.login, .allowed, .allowed, .allowed, .notFound, .allowed, .forbidden]),
        Route(name: "save A's decision counts", method: .POST, path: "/staff/catalogue/decisions", form: [("agencyCode", "edu"), ("year", "\(y)"), ("m1_licensing", "1")],
              expected: [.login, .forbidden, .allowed, .allowed, .notFound, .forbidden, .forbidden]),
        // A whole catalogue imported: the head and the administrator.
        Route(name: "catalogue import page", method: .GET, path: "/staff/catalogue/import",
              expected: [.login, .forbidden, .forbidden, .allowed, .forbidden, .forbidden, .allowed]),
        Route(name: "admin page", method: .GET, path: "/staff/admin",
              expected: [.login, .forbidden, .forbidden, .forbidden, .forbidden, .forbidden, .allowed]),
        Route(name: "add user", method: .POST, path: "/staff/admin/users", form: [("username", "x{P}"), ("displayName", "某"), ("role", "handler"), ("agency", "edu")],
              expected: [.login, .forbidden, .forbidden, .forbidden, .forbidden, .forbidden, .allowed]),
        Route(name: "add day off", method: .POST, path: "/staff/admin/calendar/day-off", form: [("date", "2026-10-09"), ("name", "停工")],
              expected: [.login, .forbidden, .forbidden, .forbidden, .forbidden, .forbidden, .allowed]),
        Route(name: "preview a day off", method: .POST, path: "/staff/admin/calendar/day-off/preview", form: [("date", "2026-10-09"), ("name", "停工")],
              expected: [.login, .forbidden, .forbidden, .forbidden, .forbidden, .forbidden, .allowed]),
        Route(name: "audit log", method: .GET, path: "/staff/admin/audit",
              expected: [.login, .forbidden, .forbidden, .forbidden, .forbidden, .forbidden, .allowed]),
        Route(name: "audit log CSV", method: .GET, path: "/staff/admin/audit/download",
              expected: [.login, .forbidden, .forbidden, .forbidden, .forbidden, .forbidden, .allowed]),
        // Letter templates: the head of the agency's office and the administrator.
        Route(name: "letter templates of A", method: .GET, path: "/staff/letter-templates?agency=edu",
              expected: [.login, .forbidden, .forbidden, .allowed, .forbidden, .forbidden, .allowed]),
        Route(name: "save A's letter template", method: .POST, path: "/staff/letter-templates/decision",
              form: [("agency", "edu"), ("body", "{{申请人}}：\n经审查，{{答复决定}}。")],
              expected: [.login, .forbidden, .forbidden, .allowed, .forbidden, .forbidden, .allowed]),
        Route(name: "reset A's letter template", method: .POST, path: "/staff/letter-templates/decision/reset", form: [("agency", "edu")],
              expected: [.login, .forbidden, .forbidden, .allowed, .forbidden, .forbidden, .allowed]),
        // A letter previewed (nothing stored): whoever reads the application ({D}: a decided one of A).
        Route(name: "letter preview", method: .POST, path: "/staff/applications/{D}/letters/preview", form: [("kind", "decision")],
              expected: [.login, .allowed, .allowed, .allowed, .notFound, .allowed, .forbidden]),
        Route(name: "letter preview as Word", method: .POST, path: "/staff/applications/{D}/letters/preview/download",
              form: [("kind", "decision"), ("format", "docx")],
              expected: [.login, .allowed, .allowed, .allowed, .notFound, .allowed, .forbidden]),
        // The catalogue's back office (issue 12): read by the agency's staff and the oversight office; items drafted by
        // the handler and the head; the 索引号 settings by the head and the administrator.
        Route(name: "catalogue of A", method: .GET, path: "/staff/catalogue?agency=edu",
              expected: [.login, .allowed, .allowed, .allowed, .notFound, .allowed, .forbidden]),
        Route(name: "new catalogue item of A", method: .GET, path: "/staff/catalogue/new?agency=edu",
              expected: [.login, .forbidden, .allowed, .allowed, .notFound, .forbidden, .forbidden]),
        Route(name: "catalogue settings of A", method: .GET, path: "/staff/catalogue/settings?agency=edu",
              expected: [.login, .forbidden, .forbidden, .allowed, .forbidden, .forbidden, .allowed]),
        Route(name: "save A's catalogue settings", method: .POST, path: "/staff/catalogue/settings", form: [("agency", "edu"), ("organisationCode", "000014349")],
              expected: [.login, .forbidden, .forbidden, .allowed, .forbidden, .forbidden, .allowed]),
        Route(name: "catalogue item for A", method: .POST, path: "/staff/catalogue/new",
              form: [("agency", "edu"), ("title", "某通知"), ("issuingAgency", "示例市教育局"), ("formedOn", "2026-06-01"), ("topic", "10"), ("genre", "通知"),
                     ("category", "1"), ("mode", "proactive"), ("scope", "面向全社会"), ("timeLimit", "长期公开"), ("documentKind", "other")],
              // Allowed ones are refused (409: the agency has no 索引号 settings yet), past the permission check.
              expected: [.login, .forbidden, .allowed, .allowed, .notFound, .forbidden, .forbidden]),
        // JSON API (Bearer tokens).
        Route(name: "API agencies", method: .GET, path: "/api/v1/agencies", api: true, expected: Array(repeating: .allowed, count: 7)),
        Route(name: "API status", method: .GET, path: "/api/v1/applications/{A}/status", api: true, expected: Array(repeating: .allowed, count: 7)),
        Route(name: "API queue", method: .GET, path: "/api/v1/queue", api: true,
              expected: [.login, .allowed, .allowed, .allowed, .allowed, .allowed, .forbidden]),
        Route(name: "API application of A", method: .GET, path: "/api/v1/applications/{A}", api: true,
              expected: [.login, .allowed, .allowed, .allowed, .notFound, .allowed, .forbidden]),
        Route(name: "API decide", method: .POST, path: "/api/v1/applications/{A}/actions", api: true,
              expected: [.login, .forbidden, .allowed, .allowed, .notFound, .forbidden, .forbidden]),
        Route(name: "API counts of A", method: .GET, path: "/api/v1/agencies/edu/reports/\(y)/counts", api: true,
              expected: [.login, .allowed, .allowed, .allowed, .notFound, .allowed, .forbidden]),
        Route(name: "API appeals of A", method: .GET, path: "/api/v1/agencies/edu/appeals", api: true,
              expected: [.login, .allowed, .allowed, .allowed, .notFound, .allowed, .forbidden]),
    ]

    func classify(_ res: TestingHTTPResponse) -> Outcome? {
        switch res.status.code {
        case 200..<300: return .allowed
        case 303, 302:
            return res.headers.first(name: .location)?.hasPrefix("/staff/login") == true ? .login : .allowed
        case 401: return .login
        case 403: return .forbidden
        case 404: return .notFound
        // Refused by a rule after the permission check (e.g. publishing a report whose table 二 is empty).
        case 409, 422: return .allowed
        default: return nil
        }
    }

    @Test(arguments: 0..<AccessMatrixTests.routes.count)
    func route(_ index: Int) async throws {
        let route = Self.routes[index]
        try await withPlatform { app, service in
            for (i, person) in Self.people.enumerated() {
                let code = try await receiveAt(service, Fixture.agencyA, on: workingDays(3, before: todayInChina()))
                var path = route.path.replacingOccurrences(of: "{A}", with: code)
                if path.contains("{D}") {
                    _ = try await service.decide(code: code, outcome: .granted, on: todayInChina(), by: StaffMember(name: "测试clerk-a", role: .handler), now: testNow)
                    path = path.replacingOccurrences(of: "{D}", with: code)
                }
                let res: TestingHTTPResponse
                if route.api {
                    var h = HTTPHeaders()
                    if let person { h.bearerAuthorization = BearerAuthorization(token: try await apiToken(app, person)) }
                    var body: ByteBuffer?
                    if route.method == .POST {
                        h.contentType = .json
                        body = ByteBuffer(string: #"{"action":"decided","outcome":"granted"}"#)
                    }
                    res = try await app.testing().sendRequest(route.method, path, headers: h, body: body)
                } else {
                    let b = Browser(app)
                    if let person { try await b.login(person) }
                    let form = route.form.map { ($0.0, $0.1.replacingOccurrences(of: "{P}", with: person ?? "anon")) }
                    res = route.method == .GET ? try await b.get(path) : try await b.post(path, form)
                }
                let got = classify(res)
                #expect(got == route.expected[i], "\(route.name) as \(person ?? "anonymous"): expected \(route.expected[i]), got \(res.status.code) \(got.map { "\($0)" } ?? "?")")
            }
        }
    }
}
