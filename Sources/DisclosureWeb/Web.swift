import DisclosureRules
import DisclosureService
import Foundation
import Leaf
import LeafKit
import Metrics
import Prometheus
import Vapor

/// How the platform runs, from the command line and the environment (docs/configuration.md).
public struct WebSettings: Sendable {
    /// Marks every page 演示数据 (the demo database of `gongkai serve --demo`).
    public var demo = false
    /// Send cookies with `Secure` (behind HTTPS). `GONGKAI_SECURE_COOKIES=1`.
    public var secureCookies = false
    /// Take the client address from `X-Forwarded-For` (behind a reverse proxy). `GONGKAI_TRUST_PROXY=1`.
    public var trustProxy = false
    /// Hours a staff session lasts. `GONGKAI_SESSION_HOURS` (default 12).
    public var sessionHours = 12
    /// Requests per client address and minute: logins, online applications, query-code lookups.
    public var loginPerMinute = 10
    public var applicationsPerMinute = 5
    public var lookupsPerMinute = 30
    /// Largest ledger upload, bytes. `GONGKAI_MAX_UPLOAD_MB` (default 50).
    public var maxUploadBytes = 50 * 1024 * 1024
    /// Password hashing cost (Bcrypt); tests lower it.
    public var bcryptCost = 12
    /// The clock every "today" and every record's moment comes from (tests fix it).
    public var clock: @Sendable () -> Date = { Date() }

    /// Mail for notifications (`MailSettings.fromEnvironment`: `GONGKAI_SMTP_HOST` …); nil: no mail is sent (the
    /// outbox page says so).
    public var mail: MailSettings?
    /// Seconds between two notification runs of the server (queue what is due, send what is queued).
    /// `GONGKAI_NOTIFY_INTERVAL` (default 300).
    public var notifyInterval = 300
    /// The portal's public address (`https://gongkai.example.gov.cn`, no trailing slash) for the absolute links of
    /// the Atom feeds and the sitemap. `GONGKAI_PUBLIC_URL`; nil: taken from each request's `Host`.
    public var publicURL: String?

    public init() {}

    /// The settings `GONGKAI_*` variables give (unknown or malformed values refused by name).
    /// - Throws: `ServiceError` (`configuration`) naming the variable.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> WebSettings {
        var s = WebSettings()
        func flag(_ name: String) throws -> Bool? {
            guard let v = env[name] else { return nil }
            switch v.lowercased() {
            case "1", "true", "yes": return true
            case "0", "false", "no", "": return false
            default: throw ServiceError(.configuration, "环境变量 \(name) 应为 1 或 0，收到“\(v)”")
            }
        }
        func number(_ name: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let v = env[name] else { return nil }
            guard let n = Int(v), range.contains(n) else {
                throw ServiceError(.configuration, "环境变量 \(name) 应为 \(range.lowerBound) 至 \(range.upperBound) 的整数，收到“\(v)”")
            }
            return n
        }
        s.secureCookies = try flag("GONGKAI_SECURE_COOKIES") ?? false
        s.trustProxy = try flag("GONGKAI_TRUST_PROXY") ?? false
        s.sessionHours = try number("GONGKAI_SESSION_HOURS", 1...720) ?? 12
        s.loginPerMinute = try number("GONGKAI_LOGIN_PER_MINUTE", 1...100_000) ?? 10
        s.applicationsPerMinute = try number("GONGKAI_APPLICATIONS_PER_MINUTE", 1...100_000) ?? 5
        s.lookupsPerMinute = try number("GONGKAI_LOOKUPS_PER_MINUTE", 1...1_000_000) ?? 30
        s.maxUploadBytes = (try number("GONGKAI_MAX_UPLOAD_MB", 1...1024) ?? 50) * 1024 * 1024
        s.notifyInterval = try number("GONGKAI_NOTIFY_INTERVAL", 10...86_400) ?? 300
        s.mail = try MailSettings.fromEnvironment(env)
        if let raw = env["GONGKAI_PUBLIC_URL"], !raw.isEmpty {
            let url = raw.hasSuffix("/") ? String(raw.dropLast()) : raw
            guard let c = URLComponents(string: url), c.scheme == "http" || c.scheme == "https", c.host?.isEmpty == false,
                  c.query == nil, c.fragment == nil, c.user == nil else {
                throw ServiceError(.configuration, "环境变量 GONGKAI_PUBLIC_URL 应为 http:// 或 https:// 开头的网址（如 https://gongkai.example.gov.cn），收到“\(raw)”")
            }
            s.publicURL = url
        }
        return s
    }
}

/// What every handler reaches through `req.platform`.
final class Platform: Sendable {
    let service: Service
    let settings: WebSettings
    let hasher: BcryptHasher
    let limiter = RateLimiter()
    let registry: PrometheusCollectorRegistry
    let started = Date()

    init(service: Service, settings: WebSettings, registry: PrometheusCollectorRegistry) {
        self.service = service; self.settings = settings; self.registry = registry
        self.hasher = BcryptHasher(cost: settings.bcryptCost)
    }
}

/// Vapor's Bcrypt as the service's password hasher.
struct BcryptHasher: PasswordHashing {
    let cost: Int
    func hash(_ password: String) throws -> String { try Bcrypt.hash(password, cost: cost) }
    func verify(_ password: String, hash: String) throws -> Bool { try Bcrypt.verify(password, created: hash) }
}

struct PlatformKey: StorageKey { typealias Value = Platform }

extension Application {
    var platform: Platform {
        guard let p = storage[PlatformKey.self] else { fatalError("DisclosureWeb.configure was not called") }
        return p
    }
}

extension Request {
    var platform: Platform { application.platform }
    var service: Service { platform.service }
    /// Now, by the platform's clock.
    var now: Date { platform.settings.clock() }
}

/// The metrics registry of the process: swift-metrics can be bootstrapped once per process, so every app of the
/// process (tests start many) reports into this one.
enum ProcessMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let r = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: r))
        return r
    }()
}

/// The web platform on a Vapor application: the public portal, the staff back office, the JSON API under /api/v1
/// (with its OpenAPI document at /api/v1/openapi.yaml), /health and /metrics.
///
/// Logs name the method, the route and the status — never a query string, a form field or a path parameter, so no
/// search text, name or query code reaches a log.
/// - Throws: when the templates cannot be found (a broken installation).
public func configure(_ app: Application, service: Service, settings: WebSettings) throws {
    let platform = Platform(service: service, settings: settings, registry: ProcessMetrics.registry)
    app.storage[PlatformKey.self] = platform

    // Templates and static files ship in the module's bundle.
    guard let resources = Bundle.module.url(forResource: "Site", withExtension: nil) else {
        throw ServiceError(.configuration, "找不到页面模板（DisclosureWeb 资源包缺失）")
    }
    // The bundle's templates; LeafKit's default limits refuse any path with a hidden component, and a build directory
    // (.build) is one, so the sandbox is the views directory itself.
    let views = resources.appendingPathComponent("Views").path + "/"
    app.views.use(.leaf)
    app.leaf.sources = .singleSource(NIOLeafFiles(fileio: app.fileio, limits: [.toSandbox, .requireExtensions, .onlyLeafExtensions],
                                                  sandboxDirectory: views, viewDirectory: views))
    app.leaf.cache.isEnabled = true
    app.leaf.tags["date"] = LocalDateTag()
    app.leaf.tags["t"] = TranslateTag()
    app.leaf.tags["tv"] = TranslateValueTag()
    app.leaf.tags["langurl"] = LanguageURLTag()

    // Our own middleware only: Vapor's route logger would log query strings.
    app.middleware = Middlewares()
    app.middleware.use(AccessLogMiddleware())
    // Outside the error middleware, so that error pages carry the same headers (no-store, CSP, frame options).
    app.middleware.use(SecurityHeadersMiddleware())
    // Before the error middleware, so that error pages are in the request's language too.
    app.middleware.use(LanguageMiddleware())
    app.middleware.use(PlatformErrorMiddleware())
    app.routes.defaultMaxBodySize = "1mb"

    try registerStaticFiles(app, directory: resources.appendingPathComponent("Public"))
    try registerOperations(app)
    registerLanguage(app)
    try registerPortal(app)
    try registerCatalogue(app)
    try registerStaff(app)
    try registerReportEditor(app)
    try registerAdmin(app)
    try registerAdminExtra(app)
    try registerOutbox(app)
    try registerCatalogueData(app)
    try registerDashboard(app)
    try registerCatalogueStaff(app)
    try registerAPI(app)
}

/// The files of Site/Public, read once at start and served by name (a route per file: no path from a request ever
/// reaches the file system, so an overlong or odd path is an ordinary 404).
/// - Throws: when the directory cannot be read (a broken installation).
func registerStaticFiles(_ app: Application, directory: URL) throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !$0.hasPrefix(".") }.sorted()
    for name in names {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        let type = HTTPMediaType.fileExtension((name as NSString).pathExtension) ?? .binary
        app.get(PathComponent(stringLiteral: name)) { _ -> Response in
            let r = Response(status: .ok, body: .init(data: data))
            r.headers.contentType = type
            r.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
            return r
        }
    }
}
