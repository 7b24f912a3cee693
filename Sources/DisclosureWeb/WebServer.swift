import DisclosureService
import Foundation
import Vapor

/// Every template the routes render.
let templates = ["base", "error", "home", "guide", "apply", "status", "login", "password", "queue", "application", "receive", "appeals",
                 "agency-picker", "ledger", "counts", "reports", "rollup", "admin", "dashboard"]

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
            try await app.running?.onStop.get()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
