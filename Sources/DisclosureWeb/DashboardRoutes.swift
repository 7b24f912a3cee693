import DisclosureRules
import DisclosureService
import Foundation
import Vapor

/// The oversight dashboard page (`/staff/dashboard`).
struct DashboardPage: Encodable {
    var page: PageInfo
    var region: String
    var regionName: String
    var regions: [AgencyInfo]
    var year: Int
    var years: [Int]
    var today: String
    var dueSoonBy: String?
    var calendarNote: String?
    var dueSoonDays: Int
    var agencies: [Line]
    var total: Line
    var charts: [DashboardChart]
    /// The report status of the whole region in words (published n/m, late k).
    var totalStatus: String
    var counts: CountsView
    /// The download links' query string (region and year).
    var query: String
    /// The region is the whole database (no agency chosen).
    var everyAgency: Bool
    /// Proactive catalogue items overdue for publication under 条例第二十六条 (the drill-down of the column).
    var overduePublications: [OverduePublication] = []

    struct Line: Encodable {
        var row: DashboardRow
        var kindLabel: String
        /// Indentation in em (levels under the region).
        var indent: Int
        /// Whether the agency has agencies under it (its name leads to its own dashboard, else to its report figures).
        var isRegion: Bool
        var statusClass: String
    }
}

/// The oversight office's dashboard (政府信息公开工作主管部门): every agency of the region with its open, due-soon and
/// overdue applications, the share answered on time and the report status against 条例第四十九条, charts of the same
/// figures, tables 三 and 四 summed over the region, and each table as CSV or XLSX. Roles with `.readRollup` only.
func registerDashboard(_ app: Application) throws {
    let staff = app.grouped(CSRFMiddleware()).grouped("staff").grouped(StaffSessionMiddleware())

    /// The region and year a request asks for (`?region=` default the member's own agency; `?year=` default last year).
    func dashboard(_ req: Request) async throws -> DashboardInfo {
        let m = try req.member
        guard m.role.may(.readRollup) else { throw ServiceError(.notAllowed, "角色“\(m.role.label)”无权查看监督看板") }
        let region = (try? req.query.get(String.self, at: "region")).flatMap { $0.isEmpty ? nil : $0 }
        let today = try CalendarDate.today(in: TimeZone(identifier: "Asia/Shanghai")!, now: req.now)
        var year = today.year - 1
        if let raw = try? req.query.get(String.self, at: "year"), !raw.isEmpty {
            guard let y = Int(raw) else { throw ServiceError(.invalidInput, "年度“\(raw)”应为四位数字", field: "year") }
            year = y
        }
        return try await req.service.dashboard(regionCode: region, year: year, by: m, now: req.now)
    }

    staff.get("dashboard") { req async throws -> View in
        let info = try await dashboard(req)
        let m = try req.member
        let all = try await req.service.agencies()
        let regions = all.filter { m.scope.includes($0.code) }
        func line(_ r: DashboardRow) -> DashboardPage.Line {
            let statusClass = switch r.reportStatus {
            case "late", "publishedLate": "overdue"
            case "pending": "soon"
            case "published": "ok"
            default: ""
            }
            var r = r
            r.reportStatusLabel = statusLabel(r, req)
            return .init(row: r, kindLabel: AgencyKind(rawValue: r.kind).map { req.t("dash.kind.\($0.rawValue)") } ?? "", indent: r.level,
                         isRegion: r.hasAgenciesUnder && r.code != info.regionCode, statusClass: statusClass)
        }
        let thisYear = try CalendarDate.today(in: TimeZone(identifier: "Asia/Shanghai")!, now: req.now).year
        return try await req.view.render("dashboard", DashboardPage(
            page: PageInfo(req, title: req.t("nav.dashboard")), region: info.regionCode ?? "", regionName: info.regionCode == nil ? req.t("dash.allAgencies") : info.regionName, regions: regions, year: info.year,
            years: Array((2019...thisYear).reversed()), today: info.today, dueSoonBy: info.dueSoonBy, calendarNote: info.calendarNote,
            dueSoonDays: Service.dueSoonWorkingDays, agencies: info.agencies.map(line), total: line(info.total),
            charts: Service.dashboardCharts(info),
            totalStatus: req.t("dash.status.summary", ["published": "\(info.agencies.filter { $0.reportStatus.hasPrefix("published") }.count)",
                                                       "count": "\(info.agencies.count)"])
                + (lateCount(info) > 0 ? req.t("dash.status.summaryLate", ["late": "\(lateCount(info))"]) : ""),
            counts: CountsView(table3: info.rollup.table3.map { .init(id: $0.id, label: $0.label, cells: $0.cells) }, table4: info.rollup.table4,
                               columns: columns),
            query: queryString([("region", info.regionCode), ("year", String(info.year))]).dropFirst().description,
            everyAgency: info.regionCode == nil, overduePublications: info.overduePublications))
    }

    // /staff/dashboard/download?table=agencies|table3|table4&format=csv|xlsx&region=…&year=…
    staff.get("dashboard", "download") { req async throws -> Response in
        let rawTable = (try? req.query.get(String.self, at: "table")) ?? ""
        guard let table = DashboardTable(rawValue: rawTable) else {
            throw ServiceError(.invalidInput, "表格“\(rawTable)”不存在（可选 agencies、table3、table4）", field: "table")
        }
        let format = (try? req.query.get(String.self, at: "format")) ?? ""
        let info = try await dashboard(req)
        let file = try Service.dashboardFile(info, table: table, format: format)
        let response = Response(status: .ok, body: .init(data: file.data))
        response.headers.replaceOrAdd(name: .contentType, value: file.contentType)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(file.fileName)\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

/// How many agencies of the dashboard are late with their report (not published by the deadline, or published after it).
func lateCount(_ info: DashboardInfo) -> Int { info.agencies.filter { $0.reportStatus == "late" || $0.reportStatus == "publishedLate" }.count }

/// A row's report status in the request's language (`Service.reportStatus` codes: published, publishedLate, late, pending).
func statusLabel(_ r: DashboardRow, _ req: Request) -> String {
    switch r.reportStatus {
    case "published", "publishedLate": return req.t("dash.status.\(r.reportStatus)", ["date": r.publishedDate ?? ""])
    case "late", "pending": return req.t("dash.status.\(r.reportStatus)", ["deadline": r.reportDeadline])
    default: return r.reportStatusLabel
    }
}
