import DisclosureRules
import DisclosureService
import Foundation
import Vapor

struct AdminPage: Encodable {
    var page: PageInfo
    var agencies: [AgencyRow]
    var users: [UserInfo]
    var roles = Options.roles
    var years: [Int]
    var message: String?
    /// A calendar change refused, shown beside its form with what was typed.
    var calendarError: String?
    var dayOffDate = ""
    var dayOffName = ""
    /// A one-time password just set, shown once.
    var oneTime: OneTime?
    struct OneTime: Encodable { var username: String; var password: String }
    struct AgencyRow: Encodable { var info: AgencyInfo; var office: AgencyOffice; var depth = 0 }
}

/// The administrator's pages: agencies (and their guide's office), staff accounts, the working-day calendar.
func registerAdmin(_ app: Application) throws {
    let admin = app.grouped(CSRFMiddleware()).grouped("staff", "admin").grouped(StaffSessionMiddleware())

    admin.get { req async throws -> Response in try await renderAdmin(req) }

    admin.post("agencies") { req async throws -> Response in
        struct Form: Content { var code: String?; var name: String?; var parent: String?; var kind: String? }
        let f = try req.content.decode(Form.self)
        let kind = f.kind.flatMap { $0.isEmpty ? nil : AgencyKind(rawValue: $0) }
        _ = try await req.service.addAgency(code: f.code ?? "", name: f.name ?? "", parentCode: f.parent.flatMap { $0.isEmpty ? nil : $0 }, kind: kind,
                                            by: try req.member, now: req.now)
        return req.redirect(to: "/staff/admin?done=" + ("已添加机关".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
    }

    admin.post("agencies", ":code", "office") { req async throws -> Response in
        struct Form: Content { var name: String?; var address: String?; var phone: String?; var hours: String?; var email: String? }
        let f = try req.content.decode(Form.self)
        try await req.service.setAgencyOffice(agencyCode: try req.parameters.require("code"),
                                              office: AgencyOffice(name: f.name, address: f.address, phone: f.phone, hours: f.hours, email: f.email),
                                              by: try req.member, now: req.now)
        return req.redirect(to: "/staff/admin?done=" + ("已更新受理机构信息".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
    }

    admin.post("users") { req async throws -> Response in
        struct Form: Content { var username: String?; var displayName: String?; var role: String?; var agency: String? }
        let f = try req.content.decode(Form.self)
        guard let role = StaffRole(rawValue: f.role ?? "") else { throw ServiceError(.invalidInput, "请选择角色", field: "role") }
        let (user, password) = try await req.service.addUser(username: f.username ?? "", displayName: f.displayName ?? "", role: role,
                                                             agencyCode: f.agency, hasher: req.platform.hasher, by: try req.member, now: req.now)
        return try await renderAdmin(req, message: req.t("admin.userAdded", ["user": user.username]), oneTime: .init(username: user.username, password: password))
    }

    admin.post("users", ":username", "reset") { req async throws -> Response in
        let name = try req.parameters.require("username")
        let password = try await req.service.resetPassword(username: name, hasher: req.platform.hasher, by: try req.member, now: req.now)
        return try await renderAdmin(req, message: req.t("admin.passwordReset", ["user": name]), oneTime: .init(username: name, password: password))
    }

    admin.post("users", ":username", "disable") { req async throws -> Response in
        struct Form: Content { var disabled: String? }
        let disabled = (try req.content.decode(Form.self)).disabled == "1"
        try await req.service.setUserDisabled(username: try req.parameters.require("username"), disabled: disabled, by: try req.member, now: req.now)
        return req.redirect(to: "/staff/admin?done=" + ((disabled ? "已停用账号" : "已启用账号").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
    }

    admin.post("calendar", "day-off") { req async throws -> Response in
        struct Form: Content { var date: String?; var name: String? }
        let f = try req.content.decode(Form.self)
        guard let d = CalendarDate(iso: f.date ?? "") else { throw ServiceError(.invalidInput, "日期应为 YYYY-MM-DD", field: "date") }
        let change = try await req.service.addDayOff(d, name: f.name ?? "", by: try req.member, now: req.now)
        return try await renderAdmin(req, message: req.t("admin.dayOffAdded", ["date": d.description, "n": "\(change.recomputed.count)"]))
    }

    admin.post("calendar", "import") { req async throws -> Response in
        struct Form: Content { var file: File? }
        let f = try req.content.decode(Form.self)
        guard let file = f.file, file.data.readableBytes > 0 else { throw ServiceError(.invalidInput, "请选择节假日安排 JSON 文件", field: "file") }
        let change = try await req.service.importCalendar(json: Data(buffer: file.data), by: try req.member, now: req.now)
        return try await renderAdmin(req, message: req.t("admin.calendarImported", ["years": change.years.map(String.init).joined(separator: req.t("common.listSeparator")), "n": "\(change.recomputed.count)"]))
    }
}

func renderAdmin(_ req: Request, message: String? = nil, oneTime: AdminPage.OneTime? = nil, status: HTTPResponseStatus = .ok,
                 calendarError: String? = nil, dayOff: (date: String, name: String) = ("", "")) async throws -> Response {
    let m = try req.member
    try req.service.authorize(m, .manageUsers)
    var rows: [AdminPage.AgencyRow] = []
    // In tree order, each agency indented under its parent (`depth`).
    for t in try await req.service.agencyTree() { rows.append(.init(info: t.info, office: try await req.service.guide(agencyCode: t.info.code).office, depth: t.depth)) }
    let calendar = try await req.service.workingCalendar()
    let page = AdminPage(page: PageInfo(req, title: req.t("nav.admin")), agencies: rows, users: try await req.service.users(by: m), years: calendar.coveredYears,
                         message: message ?? (try? req.query.get(String.self, at: "done")).map { req.tv("adminDone", $0) },
                         calendarError: calendarError, dayOffDate: dayOff.date, dayOffName: dayOff.name, oneTime: oneTime)
    return try await req.view.render("admin", page).encodeResponse(status: status, for: req)
}
