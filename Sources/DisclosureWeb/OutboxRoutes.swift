import DisclosureService
import Foundation
import Vapor

struct OutboxPageView: Encodable {
    var page: PageInfo
    var items: [OutboxItem]
    var status: String
    var statuses: [Option]
    var counts: [String: Int]
    var pageNumber: Int
    var pageCount: Int
    var total: Int
    var previous: String?
    var next: String?
    /// How mail goes out, or why it does not.
    var transport: String
    var mailOn: Bool
    var message: String?
}

/// The outbox (`/staff/outbox`): every notification queued, sent or failed, for the administrator (all agencies) and
/// an agency's head (their agency); a failed message can be queued again.
func registerOutbox(_ app: Application) throws {
    let staff = app.grouped(CSRFMiddleware()).grouped("staff").grouped(StaffSessionMiddleware())

    staff.get("outbox") { req async throws -> View in
        let status = (try? req.query.get(String.self, at: "status")).flatMap { $0.isEmpty ? nil : $0 }
        let number = max(1, (try? req.query.get(Int.self, at: "page")) ?? 1)
        let p = try await req.service.outbox(status: status, page: number, by: try req.member)
        let mail = req.platform.settings.mail
        func link(_ n: Int) -> String { "/staff/outbox" + queryString([("status", status), ("page", String(n))]) }
        return try await req.view.render("outbox", OutboxPageView(
            page: PageInfo(req, title: req.t("page.outbox")), items: p.items, status: status ?? "",
            statuses: [Option(code: "", label: req.t("common.all"))] + ["queued", "sending", "sent", "failed"].map { Option(code: $0, label: req.t("outbox.status.\($0)")) },
            counts: p.counts, pageNumber: p.page, pageCount: p.pageCount, total: p.total,
            previous: p.page > 1 ? link(p.page - 1) : nil, next: p.page < p.pageCount ? link(p.page + 1) : nil,
            transport: mail?.summary ?? req.t("outbox.noMail"),
            mailOn: mail != nil, message: (try? req.query.get(String.self, at: "done")) == "retry" ? req.t("outbox.requeued") : nil))
    }

    staff.post("outbox", ":id", "retry") { req async throws -> Response in
        try await req.service.retryNotification(id: req.parameters.get("id") ?? "", by: try req.member, now: req.now)
        return req.redirect(to: "/staff/outbox?done=retry")
    }
}
