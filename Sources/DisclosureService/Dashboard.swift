import DisclosureExport
import DisclosureRules
import DisclosureStore
import Foundation

/// One agency's line on the oversight dashboard (or the region's totals).
///
/// Definitions (each counted by `Store.dashboardFigures`, the staff queue's rules):
/// - `open`: applications not yet decided on `DashboardInfo.today` (every open state, the clock running or not);
/// - `dueSoon`: open with the clock running (办理中 or 征求意见中) and the due date in force — the 第三十五条 date where
///   set, else the statutory date of 条例第三十三条 with extensions and pauses — from today through
///   `DashboardInfo.dueSoonBy`, `Service.dueSoonWorkingDays` (5) **working days** ahead on the working-day calendar;
/// - `overdue`: open with the clock running and the due date in force before today (`Overdue`);
/// - `answered`: decided in the year (答复日期 in 1月1日…12月31日) with an outcome, except 其他处理 “申请人无正当理由逾期
///   不补正” (条例第三十条) and “申请人逾期未按收费通知要求缴纳费用” (国办函〔2020〕109号), where the applicant's silence
///   closed the case and no answer was due;
/// - `answeredOnTime`: of those, decided on or before the due date in force (the day itself is on time);
/// - `onTimeShare`: `answeredOnTime` ÷ (`answered` − `answeredWithoutDueDate`), 0…1; nil when that is 0;
/// - `received` / `decided`: table 三 “一、本年新收” and “（七）总计” of the agency for the year (the rollup's figures).
public struct DashboardRow: Sendable, Codable, Equatable {
    public var code: String
    public var name: String
    /// `AgencyKind` raw value ("department", "government"); empty on the totals row.
    public var kind: String
    /// 0 for the region's own agency, 1 for the agencies directly under it, …
    public var level: Int
    /// Whether agencies of the region are under this one (its own dashboard is a region of its own).
    public var hasAgenciesUnder: Bool
    public var open: Int
    public var dueSoon: Int
    public var overdue: Int
    public var answered: Int
    public var answeredOnTime: Int
    public var answeredWithoutDueDate: Int
    public var onTimeShare: Double?
    /// `onTimeShare` printed with one decimal ("92.3%"), "—" when nil.
    public var onTimeText: String
    public var received: Int
    public var decided: Int
    /// The 条例第四十九条 deadline of the year's report, ISO date (empty on the totals row).
    public var reportDeadline: String
    /// "published" (on time), "publishedLate", "pending" (not yet published, deadline not passed), "late" (not published
    /// and the deadline passed); on the totals row "summary".
    public var reportStatus: String
    /// In Chinese, e.g. "已发布（2025-01-20）", "未发布（期限 2025-01-31）", "逾期未发布"; on the totals row "已发布 4/5，逾期 1".
    public var reportStatusLabel: String
    public var publishedDate: String?
    /// Proactive catalogue items not published within the 20 working days of 条例第二十六条 as of today
    /// (`Service.addCatalogueOverdue`).
    public var catalogueOverdue: Int = 0
}

/// The oversight dashboard of a region for a year (`Service.dashboard`).
public struct DashboardInfo: Sendable {
    /// The region's agency; nil: every agency (a member whose scope is every agency).
    public var regionCode: String?
    public var regionName: String
    public var year: Int
    /// The day open, due-soon and overdue are counted on (today in the region's time zone by the clock), ISO.
    public var today: String
    /// The last day counted as due soon (ISO); nil when the working-day calendar does not reach it (then none is
    /// counted as due soon and `calendarNote` says why).
    public var dueSoonBy: String?
    public var calendarNote: String?
    /// The region's agency first, then those under it (children before grandchildren, each level by code).
    public var agencies: [DashboardRow]
    /// The sums over `agencies` (the share from the summed counts, not an average of shares).
    public var total: DashboardRow
    /// Tables 三 and 四 summed over the same agencies (`Service.rollup(…, wholeRegion: true)`).
    public var rollup: RollupInfo
    /// The proactive items overdue for publication under 条例第二十六条, oldest due first (the drill-down of
    /// `DashboardRow.catalogueOverdue`).
    public var overduePublications: [OverduePublication] = []
}

/// A table of the dashboard offered for download.
public enum DashboardTable: String, Sendable, CaseIterable {
    /// The agencies' figures and report status, with the totals row.
    case agencies
    /// Table 三 summed over the region, in the template's layout.
    case table3
    /// Table 四 summed over the region, in the template's layout.
    case table4
}

/// A chart of the dashboard: inline SVG with `<title>` and `<desc>`.
public struct DashboardChart: Sendable, Encodable {
    public var id: String
    public var svg: String
}

extension RollupInfo {
    init(_ r: Store.Rollup) {
        self.init(year: r.year, format: r.format, table3: r.format.table3Rows.map { ($0.id, $0.label, r.counts.table3[$0.id]!) },
                  table4: r.counts.table4,
                  agencies: r.agencies.map { .init(code: $0.code, name: $0.name, status: $0.status, publishedDate: $0.publishedDate,
                                                   late: $0.late, received: $0.received, decided: $0.decided) })
    }

    /// Tables 三 and 四 as a report model (for the template's layout in files).
    func report(agency: String) -> AnnualReport {
        var report = AnnualReport(format: format, year: year, agency: agency)
        for row in table3 { report.setTable3(row.id, row.cells) }
        for (i, v) in table4.enumerated() { report.table4.cells[i] = .int(v) }
        return report
    }
}

extension Service {
    /// The region's agencies the member may read: `parentCode` and every agency under it (`Store.regionAgencies`),
    /// or every agency for nil; those outside the member's scope left out.
    func regionAgencies(_ parentCode: String?, for member: StaffMember) async throws -> [AgencyRecord] {
        try await store.regionAgencies(parentCode: parentCode).filter { member.isSystem || member.scope.includes($0.code) }
    }

    /// The oversight dashboard (政府信息公开工作主管部门): for the region of `regionCode` — the agency and every agency under
    /// it in the member's scope — each agency's open, due-soon and overdue applications today, its answers of `year` and
    /// the share answered on time (definitions: `DashboardRow`), its report for `year` against the deadline of
    /// 条例第四十九条 (`AgencyKind.reportDeadline`: 1月31日 departments, 3月31日 governments, of the following year), the
    /// totals, and tables 三 and 四 summed over the same agencies.
    /// - Parameters:
    ///   - regionCode: nil: the member's own agency (an oversight officer's region), else every agency for a member
    ///     whose scope is every agency.
    ///   - now: the clock; "today" is taken in the region agency's time zone (Asia/Shanghai for every agency).
    /// - Throws: `ServiceError` (`notAllowed` without `.readRollup`; `notFound` for a region out of scope or unknown;
    ///   `invalidInput` for a year before 2019 or after this year).
    public func dashboard(regionCode: String?, year: Int, by member: StaffMember, now: Date = Date()) async throws -> DashboardInfo {
        let typed = regionCode?.trimmedWhitespace ?? ""
        let region = typed.isEmpty ? member.agencyCode : typed
        try authorize(member, .readRollup, agencyCode: region)
        try Self.checkReportYear(year, now: now)
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        let today = try await run { () async throws -> CalendarDate in
            if let region { return try await store.agencyToday(code: region, now: now) }
            return try CalendarDate.today(in: shanghai, now: now)
        }
        let rollup = try await self.rollup(parentCode: region, year: year, asOf: today, wholeRegion: true, by: member, now: now)
        return try await run {
            let agencies = try await regionAgencies(region, for: member)
            let calendar = try await store.workingCalendar()
            var note: String?
            let soon: CalendarDate?
            do { soon = try calendar.addingWorkingDays(Self.dueSoonWorkingDays, to: today) } catch {
                soon = nil
                note = "工作日日历未覆盖 \(today.year + 1) 年，无法计算即将到期的申请（请导入国务院办公厅节假日安排）：\(error)"
            }
            let figures = try await store.dashboardFigures(agencyIDs: agencies.compactMap(\.id), today: today.description,
                                                           dueSoonBy: soon?.description, year: year)
            let entries = Dictionary(rollup.agencies.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
            var levels: [UUID: Int] = [:]
            for a in agencies { levels[a.id!] = a.parentID.flatMap { levels[$0] }.map { $0 + 1 } ?? 0 }
            var rows: [DashboardRow] = []
            for a in agencies {
                let f = figures[a.id!] ?? DashboardFigures()
                let e = entries[a.code]
                let kind = AgencyKind(rawValue: a.kind) ?? .department
                let deadline = kind.reportDeadline(year: year)
                let (status, label) = Self.reportStatus(published: e?.publishedDate.flatMap(CalendarDate.init(iso:)), deadline: deadline, today: today)
                rows.append(Self.row(code: a.code, name: a.name, kind: a.kind, level: levels[a.id!] ?? 0,
                                     hasAgenciesUnder: agencies.contains { $0.parentID == a.id }, f, received: e?.received ?? 0,
                                     decided: e?.decided ?? 0, deadline: deadline.description, status: status, label: label,
                                     publishedDate: e?.publishedDate))
            }
            var sum = DashboardFigures()
            for r in rows {
                sum.open += r.open; sum.dueSoon += r.dueSoon; sum.overdue += r.overdue
                sum.answered += r.answered; sum.answeredOnTime += r.answeredOnTime; sum.answeredWithoutDueDate += r.answeredWithoutDueDate
            }
            let published = rows.filter { $0.reportStatus.hasPrefix("published") }.count
            let late = rows.filter { $0.reportStatus == "late" || $0.reportStatus == "publishedLate" }.count
            let total = Self.row(code: "", name: "合计", kind: "", level: 0, hasAgenciesUnder: false, sum, received: rows.reduce(0) { $0 + $1.received },
                                 decided: rows.reduce(0) { $0 + $1.decided }, deadline: "", status: "summary",
                                 label: "已发布 \(published)/\(rows.count)" + (late > 0 ? "，逾期 \(late)" : ""), publishedDate: nil)
            var name = "全部机关"
            if let region { name = try await store.requireAgency(code: region).name }
            var info = DashboardInfo(regionCode: region, regionName: name, year: year, today: today.description, dueSoonBy: soon?.description,
                                     calendarNote: note, agencies: rows, total: total, rollup: rollup)
            try await addCatalogueOverdue(&info, agencies: agencies, today: today, calendar: calendar)
            return info
        }
    }

    static func row(code: String, name: String, kind: String, level: Int, hasAgenciesUnder: Bool, _ f: DashboardFigures, received: Int, decided: Int,
                    deadline: String, status: String, label: String, publishedDate: String?) -> DashboardRow {
        let counted = f.answered - f.answeredWithoutDueDate
        return DashboardRow(code: code, name: name, kind: kind, level: level, hasAgenciesUnder: hasAgenciesUnder, open: f.open, dueSoon: f.dueSoon, overdue: f.overdue,
                            answered: f.answered, answeredOnTime: f.answeredOnTime, answeredWithoutDueDate: f.answeredWithoutDueDate,
                            onTimeShare: counted > 0 ? Double(f.answeredOnTime) / Double(counted) : nil,
                            onTimeText: DashboardCharts.percent(f.answeredOnTime, counted), received: received, decided: decided,
                            reportDeadline: deadline, reportStatus: status, reportStatusLabel: label, publishedDate: publishedDate)
    }

    /// A report's status on `today` against its deadline (条例第四十九条): published on or before the deadline
    /// ("published"), after it ("publishedLate"), not yet published with the deadline not passed ("pending", the
    /// deadline day itself included), not published after it ("late").
    public static func reportStatus(published: CalendarDate?, deadline: CalendarDate, today: CalendarDate) -> (code: String, label: String) {
        if let p = published {
            return p > deadline ? ("publishedLate", "逾期发布（\(p)）") : ("published", "已发布（\(p)）")
        }
        return today > deadline ? ("late", "逾期未发布（期限 \(deadline)）") : ("pending", "未发布（期限 \(deadline)）")
    }

    /// The dashboard's charts: open / due soon / overdue per agency, the share answered on time, each report against its
    /// deadline (`DashboardCharts`).
    public static func dashboardCharts(_ info: DashboardInfo) -> [DashboardChart] {
        let today = CalendarDate(iso: info.today) ?? CalendarDate(year: info.year + 1, month: 1, day: 1)!
        return [
            DashboardChart(id: "chart-open", svg: DashboardCharts.openApplications(
                info.agencies.map { .init(name: $0.name, open: $0.open, dueSoon: $0.dueSoon, overdue: $0.overdue) }, asOf: info.today, id: "chart-open")),
            DashboardChart(id: "chart-ontime", svg: DashboardCharts.onTimeShare(
                info.agencies.map { .init(name: $0.name, onTime: $0.answeredOnTime, counted: $0.answered - $0.answeredWithoutDueDate) },
                year: info.year, id: "chart-ontime")),
            DashboardChart(id: "chart-reports", svg: DashboardCharts.reportTimeline(
                info.agencies.map { .init(name: $0.name, deadline: CalendarDate(iso: $0.reportDeadline)!, published: $0.publishedDate.flatMap(CalendarDate.init(iso:))) },
                year: info.year, today: today, id: "chart-reports")),
        ]
    }

    /// The header of the agencies table (files and page).
    public static let dashboardColumns = ["机关", "类别", "在办申请", "即将到期（\(dueSoonWorkingDays)个工作日内）", "已逾期", "本年新收",
                                          "本年办结", "本年答复", "按期答复", "无答复期限", "按期答复率", "年报发布期限", "年报状态",
                                          "主动公开逾期（条例第二十六条）"]

    /// One of the dashboard's tables as a file: CSV (UTF-8 with BOM) or XLSX; tables 三 and 四 in the template's layout
    /// with the official row labels, the agencies table with `dashboardColumns` and the totals row.
    /// - Parameter format: "csv" or "xlsx" (any case).
    /// - Returns: the file, its name (ASCII: region code, year, table) and its media type.
    /// - Throws: `ServiceError` (`invalidInput`, field `format`, for another format; `configuration` when the workbook cannot
    ///   be written).
    public static func dashboardFile(_ info: DashboardInfo, table: DashboardTable, format: String) throws -> (data: Data, fileName: String, contentType: String) {
        let f = format.lowercased()
        guard f == "csv" || f == "xlsx" else { throw ServiceError(.invalidInput, "下载格式“\(format)”不支持（可选 csv、xlsx）", field: "format") }
        let scope = "\(info.regionName)\(info.regionCode == nil ? "" : "及所属机关")"
        let name = "dashboard-\(info.regionCode ?? "all")-\(info.year)-\(table.rawValue).\(f)"
        let type = f == "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        do {
            switch table {
            case .agencies:
                let title = "\(scope)政府信息公开工作情况（\(info.year)年度，在办申请截至\(info.today)）"
                let rows = (info.agencies + [info.total]).map { r -> [CellValue] in
                    func n(_ v: Int) -> CellValue { .number(Decimal(v)) }
                    let kind = AgencyKind(rawValue: r.kind)?.label ?? ""
                    return [.text(String(repeating: "　", count: r.level) + r.name), .text(kind), n(r.open), n(r.dueSoon), n(r.overdue), n(r.received),
                            n(r.decided), n(r.answered), n(r.answeredOnTime), n(r.answeredWithoutDueDate), .text(r.onTimeText),
                            .text(r.reportDeadline), .text(r.reportStatusLabel), n(r.catalogueOverdue)]
                }
                if f == "csv" {
                    return (DashboardFiles.csv([[title], dashboardColumns] + rows.map { $0.map { cellText($0) } }), name, type)
                }
                return (try DashboardFiles.xlsx(title: title, sheetName: "各机关情况", header: dashboardColumns, rows: rows), name, type)
            case .table3:
                let report = info.rollup.report(agency: scope)
                let title = "\(scope)\(info.year)年度 表三 收到和处理政府信息公开申请情况（汇总）"
                return (f == "csv" ? DashboardFiles.table3CSV(report) : try DashboardFiles.table3XLSX(report, title: title), name, type)
            case .table4:
                let report = info.rollup.report(agency: scope)
                let title = "\(scope)\(info.year)年度 表四 政府信息公开行政复议、行政诉讼情况（汇总）"
                return (f == "csv" ? DashboardFiles.table4CSV(report) : try DashboardFiles.table4XLSX(report, title: title), name, type)
            }
        } catch let e as ServiceError { throw e } catch {
            throw ServiceError(.configuration, "无法生成下载文件：\(ServiceError.describe(error))")
        }
    }

    static func cellText(_ v: CellValue) -> String {
        switch v {
        case .number(let d): return "\(d)"
        case .text(let t): return t
        case .blank, .unreadable: return ""
        }
    }
}
