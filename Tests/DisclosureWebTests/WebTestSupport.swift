@testable import DisclosureService
@testable import DisclosureWeb
import DisclosureRules
import DisclosureStore
import Foundation
import Testing
import VaporTesting

/// The agencies and accounts every web test starts with: a city (region) with two departments, A and B; staff of A in
/// each role, a clerk of B, the city's oversight officer and the administrator.
enum Fixture {
    static let password = "test-password-1"
    static let agencyA = "edu", agencyB = "civil", region = "city"
    static let nameA = "示例市教育局", nameB = "示例市民政局"
    /// username → (role, agency).
    static let users: [(String, StaffRole, String?)] = [
        ("clerk-a", .handler, agencyA), ("registrar-a", .registrar, agencyA), ("head-a", .head, agencyA), ("clerk-b", .handler, agencyB),
        ("oversight", .oversight, region), ("admin", .admin, nil),
    ]
    /// A resident ID and a credit code with valid check characters (made up).
    static let idNumber = Identifier.makeResidentID(region: "640502", birth: CalendarDate(year: 1988, month: 6, day: 15)!, sequence: 123)
    static let uscc = Identifier.makeUnifiedSocialCreditCode("91640500MA7712345")
    static let mobile = "13912345678"
}

/// A platform on a fresh database — in-memory SQLite, or PostgreSQL when DATABASE_URL is set (CI runs both; the
/// PostgreSQL run is serialised because the tests share that database) — with the fixture's agencies and accounts.
func withPlatform<T>(settings: WebSettings = testSettings(), _ body: (Application, Service) async throws -> T) async throws -> T {
    let location: DatabaseLocation
    if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty { location = .postgres(url) } else { location = .sqliteMemory }
    let service = try await Service.open(location)
    if case .postgres = location {
        try await service.store.revertAll()
        try await service.store.prepareForBenchmark()
    }
    do {
        try await seedFixture(service)
        let r = try await withApp(configure: { app in try DisclosureWeb.configure(app, service: service, settings: settings) }) { app in
            try await body(app, service)
        }
        await service.close()
        return r
    } catch {
        await service.close()
        throw error
    }
}

/// The platform's clock in tests: Monday 15 June 2026, 10:00 in Beijing — fixed, so due dates stay inside the years the
/// bundled calendar covers whenever the tests run.
let testNow = ISO8601DateFormatter().date(from: "2026-06-15T02:00:00Z")!

func testSettings() -> WebSettings {
    var s = WebSettings()
    s.clock = { testNow }
    s.bcryptCost = 4
    s.loginPerMinute = 10_000
    s.applicationsPerMinute = 10_000
    s.lookupsPerMinute = 10_000
    return s
}

func seedFixture(_ service: Service) async throws {
    _ = try await service.addAgency(code: Fixture.region, name: "示例市人民政府", kind: .government)
    _ = try await service.addAgency(code: Fixture.agencyA, name: Fixture.nameA, parentCode: Fixture.region, kind: .department)
    _ = try await service.addAgency(code: Fixture.agencyB, name: Fixture.nameB, parentCode: Fixture.region, kind: .department)
    let hash = try Bcrypt.hash(Fixture.password, cost: 4)
    for (u, role, agency) in Fixture.users {
        _ = try await service.store.addUser(username: u, displayName: "测试\(u)", role: role, agencyCode: agency, passwordHash: hash,
                                            mustChangePassword: false, actor: StaffMember.system.actor)
    }
}

/// A browser of the in-memory app: keeps cookies, knows the CSRF token of the last page.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var csrf = ""

    init(_ app: Application) { self.app = app }

    var cookieHeader: String { cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }

    func absorb(_ res: TestingHTTPResponse) {
        for v in res.headers[.setCookie] {
            let pair = v.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            if pair.count == 2 { cookies[String(pair[0])] = String(pair[1]) }
            if pair.count == 2 && pair[1].isEmpty { cookies[String(pair[0])] = nil }
        }
        if let m = res.body.string.firstMatch(of: /name="_csrf" value="([^"]+)"/) { csrf = String(m.1) }
        else if let c = cookies["gongkai_csrf"] { csrf = c }
    }

    @discardableResult
    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var h = headers
        if !cookies.isEmpty { h.replaceOrAdd(name: .cookie, value: cookieHeader) }
        let res = try await app.testing().sendRequest(.GET, path, headers: h)
        absorb(res)
        return res
    }

    /// Posts a form (urlencoded), with the CSRF token unless `csrf` is false.
    @discardableResult
    func post(_ path: String, _ form: [(String, String)], csrf withToken: Bool = true) async throws -> TestingHTTPResponse {
        if withToken && csrf.isEmpty { try await get("/") }
        var fields = form
        if withToken { fields.append(("_csrf", csrf)) }
        let allowed = CharacterSet.alphanumerics.union(.init(charactersIn: "-_.~"))
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        var h = HTTPHeaders()
        h.contentType = .urlEncodedForm
        if !cookies.isEmpty { h.replaceOrAdd(name: .cookie, value: cookieHeader) }
        let res = try await app.testing().sendRequest(.POST, path, headers: h, body: ByteBuffer(string: body))
        absorb(res)
        return res
    }

    /// Logs in as a fixture account.
    func login(_ username: String, password: String = Fixture.password) async throws {
        try await get("/staff/login")
        let res = try await post("/staff/login", [("username", username), ("password", password), ("next", "/staff")])
        #expect(res.status == .seeOther, "login of \(username): \(res.status)")
    }
}

/// One request to the JSON API, with a Bearer token and a JSON body when given.
func call(_ app: Application, _ method: HTTPMethod, _ path: String, token: String? = nil, json: String? = nil) async throws -> TestingHTTPResponse {
    var h = HTTPHeaders()
    if let token { h.bearerAuthorization = BearerAuthorization(token: token) }
    if json != nil { h.contentType = .json }
    return try await app.testing().sendRequest(method, path, headers: h, body: json.map { ByteBuffer(string: $0) })
}

/// A Bearer token of the JSON API for a fixture account.
func apiToken(_ app: Application, _ username: String) async throws -> String {
    let res = try await app.testing().sendRequest(.POST, "/api/v1/session", headers: ["Content-Type": "application/json"],
                                                  body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(Fixture.password)"}"#))
    #expect(res.status == .ok)
    struct Session: Decodable { var token: String }
    return try JSONDecoder().decode(Session.self, from: Data(res.body.readableBytesView)).token
}

/// A valid portal application form for agency A.
func validForm(agency: String = Fixture.agencyA, name: String = "张三", text: String = "请公开2025年义务教育学校招生划片方案") -> [(String, String)] {
    [("agencyCode", agency), ("applicantKind", "natural-person"), ("applicantName", name), ("idType", ""), ("idNumber", Fixture.idNumber),
     ("phone", Fixture.mobile), ("address", "示例市幸福路1号"), ("email", "zhang@example.com"), ("infoTitle", "2025年招生划片方案"),
     ("documentNumber", "示教发〔2025〕3号"), ("requestText", text), ("provisionForm", "electronic"), ("deliveryMethod", "email")]
}

/// The query code in a redirect to /status?code=….
func queryCode(from res: TestingHTTPResponse) -> String? {
    guard let loc = res.headers.first(name: .location), let m = loc.firstMatch(of: /code=([A-Z0-9]{10})/) else { return nil }
    return String(m.1)
}

extension TestingHTTPResponse {
    var text: String { body.string }
    /// The body as a JSON object ([:] when it is not one).
    func json() -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }
}

/// Today by the test clock in Asia/Shanghai (the fixture agencies' zone): 2026-06-15.
func todayInChina() -> CalendarDate { try! CalendarDate.today(in: TimeZone(identifier: "Asia/Shanghai")!, now: testNow) }

/// The working day `n` working days before `d` on the bundled calendar.
func workingDays(_ n: Int, before d: CalendarDate) -> CalendarDate {
    var x = d, k = 0
    while k < n { x = x.adding(days: -1); if (try? WorkingDayCalendar.bundled.isWorkingDay(x)) == true { k += 1 } }
    return x
}
