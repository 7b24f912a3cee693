import DisclosureService
import Foundation
import Vapor

/// Every template the routes render.
let templates = ["base", "error", "home", "guide", "apply", "status", "login", "password", "queue", "application", "receive", "appeals",
                 "agency-picker", "ledger", "counts", "reports", "rollup", "admin", "outbox", "dashboard",
                 "admin-calendar-preview", "audit-log", "letter-templates", "letter-preview",
                 "catalogue-index", "catalogue-agency", "catalogue-item", "catalogue-results",
                 "catalogue-decisions", "catalogue-import",
                 "catalogue-staff-list", "catalogue-staff-form", "catalogue-staff-item", "catalogue-staff-settings"]

/// Starting the platform (`gongkai serve`).
public enum WebServer {
    /// The password hasher the platform uses (Vapor's Bcrypt at `cost`).
    public static func hasher(cost: Int = 12) -> any PasswordHashing { BcryptHasher(cost: cost) }

    /// Checks that the platform can start — the settings, the database (opened and migrated by the caller), the
    /// templates and the routes — without listening on a port.
    /// - Throws: what `configure` throws (missing templates).
    public static func check(service: Service, settings: WebSettings) async throws {
        let app = try await Application.make(Environment(name: "production", arguments: ["gongkai"]))
        do {
            try configure(app, service: service, settings: settings)
            guard let views = Bundle.module.url(forResource: "Site", withExtension: nil)?.appendingPathComponent("Views") else {
                throw ServiceError(.configuration, "找不到页面模板（DisclosureWeb 资源包缺失）")
            }
            let missing = templates.filter { !FileManager.default.fileExists(atPath: views.appendingPathComponent("\($0).leaf").path) }
            if !missing.isEmpty { throw ServiceError(.configuration, "缺少页面模板：\(missing.joined(separator: "、"))（\(views.path)）") }
            // The page texts of each language (a broken catalogue would show ⟦key⟧ on every page).
            for lang in Lang.allCases {
                do { _ = try Catalogue.load(lang) } catch {
                    throw ServiceError(.configuration, "语言文件 \(lang.rawValue).json 无法读取：\(error)")
                }
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// Runs the platform on `hostname:port` until SIGINT or SIGTERM. `ready` is called once the server listens, with
    /// the address to open.
    /// - Throws: when the port cannot be bound or the templates are missing.
    public static func run(service: Service, settings: WebSettings, hostname: String, port: Int,
                           ready: @escaping @Sendable (String) -> Void) async throws {
        var env = Environment(name: "production", arguments: ["gongkai"])
        env.arguments = ["gongkai"]
        let app = try await Application.make(env)
        app.http.server.configuration.hostname = hostname
        app.http.server.configuration.port = port
        app.http.server.configuration.serverName = "gongkai"
        do {
            try configure(app, service: service, settings: settings)
            try await app.startup()
            let shown = hostname == "0.0.0.0" || hostname == "::" ? "127.0.0.1" : hostname
            let actualPort = app.http.server.shared.localAddress?.port ?? port
            ready("http://\(shown):\(actualPort)/")
            let notifier = settings.mail.map { mail in
                Task { await Notifier.loop(service: service, mail: mail, interval: settings.notifyInterval, logger: app.logger) }
            }
            try await app.running?.onStop.get()
            notifier?.cancel()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

/// The server's notification loop: every `interval` seconds, queue what is due today and send what is queued
/// (`Service.prepareNotifications`, `deliverNotifications`). Several instances may run it: the outbox's unique keys and
/// claims keep each message once. Logs counts only — never an address or a name.
enum Notifier {
    static func loop(service: Service, mail: MailSettings, interval: Int, logger: Logger) async {
        logger.info("通知已启用：\(mail.summary)，每 \(interval) 秒一次")
        while !Task.isCancelled {
            do {
                let p = try await service.prepareNotifications(publicURL: mail.publicURL)
                let d = try await service.deliverNotifications(using: mail.transport, from: mail.from)
                if p.applicantMessages + p.reminders + p.digests + p.weeklyLists + d.sent + d.retrying + d.failed > 0 {
                    logger.info("通知：排队 \(p.applicantMessages + p.reminders + p.digests + p.weeklyLists) 封，发送 \(d.sent) 封，待重试 \(d.retrying) 封，失败 \(d.failed) 封")
                }
                if let e = d.firstError { logger.warning("通知发送出错：\(redacted(e))") }
            } catch {
                logger.error("通知运行失败：\(redacted(String(describing: error)))")
            }
            try? await Task.sleep(nanoseconds: UInt64(interval) * 1_000_000_000)
        }
    }

    /// An error text with e-mail addresses replaced (a refused recipient is an applicant's address).
    static func redacted(_ s: String) -> String {
        s.replacingOccurrences(of: #"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+"#, with: "***@***", options: .regularExpression)
    }
}
