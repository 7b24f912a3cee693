import DisclosureService
import Foundation
import Vapor

/// Starting the platform (`gongkai serve`).
public enum WebServer {
    /// The password hasher the platform uses (Vapor's Bcrypt at `cost`).
    public static func hasher(cost: Int = 12) -> any PasswordHashing { BcryptHasher(cost: cost) }

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
