import DisclosureService
import Foundation
import Prometheus
import Vapor

/// `/health` (the database answers: 200, else 503, as JSON) and `/metrics` (Prometheus text: Vapor's request counts
/// and durations by route pattern and status — no path parameter, so no query code).
func registerOperations(_ app: Application) throws {
    struct Health: Content {
        var status: String
        var database: String
        var demo: Bool
        var uptimeSeconds: Int
        var message: String?
    }
    app.get("health") { req async throws -> Response in
        let p = req.platform
        var h = Health(status: "ok", database: p.service.location.safeDescription, demo: p.settings.demo,
                       uptimeSeconds: Int(Date().timeIntervalSince(p.started)), message: nil)
        var status: HTTPResponseStatus = .ok
        do { _ = try await p.service.agencies() } catch {
            h.status = "unavailable"; h.message = "数据库不可用"; status = .serviceUnavailable
        }
        let r = Response(status: status)
        try r.content.encode(h, as: .json)
        r.headers.cacheControl = .init(noStore: true)
        return r
    }
    // A liveness probe that touches nothing: also the bare route the web benchmark measures against.
    app.get("ping") { _ in "ok" }
    app.get("metrics") { req -> Response in
        var buffer: [UInt8] = []
        req.platform.registry.emit(into: &buffer)
        let r = Response(status: .ok, body: .init(data: Data(buffer)))
        r.headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return r
    }
}
