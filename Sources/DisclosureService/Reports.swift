import DisclosureExport
import DisclosureReaders
import DisclosureRules
import DisclosureStore
import Foundation

/// An annual report as the records give it (a draft) or as published (frozen), checked with the audit's rules
/// against the previous year's published or baseline report.
public struct GeneratedReport: Sendable {
    public var report: AnnualReport
    /// The previous year's published or baseline report, when there is one (rules I5, I6, H1, T3).
    public var previous: AnnualReport?
    public var findings: [Finding]
    /// "draft" or "published" (then `report` is the frozen one).
    public var status: String
    /// For a published report: where the records now disagree with it (Chinese, one a line).
    public var changesSincePublished: [String]
}

/// Tables 三 and 四 of one agency and year, counted from the records (the report's own query).
public struct ReportCountsInfo: Sendable {
    public var agency: String
    public var year: Int
    public var format: ReportFormat
    /// Table 三 in template order: row id, official label, 7 cells (six applicant kinds, 总计).
    public var table3: [(id: String, label: String, cells: [Int])]
    /// 15 cells: 行政复议 ×5, 未经复议直接起诉 ×5, 复议后起诉 ×5 (维持, 纠正, 其他, 尚未审结, 总计).
    public var table4: [Int]
    /// The arithmetic rules on these tables (R1, I1–I4); none when the records are consistent.
    public var findings: [Finding]
}

/// A region's (or every agency's) tables summed, with each agency's report status.
public struct RollupInfo: Sendable {
    public var year: Int
    public var format: ReportFormat
    public var table3: [(id: String, label: String, cells: [Int])]
    public var table4: [Int]
    public var agencies: [Entry]

    public struct Entry: Sendable, Codable {
        public var code: String
        public var name: String
        /// "published" or "draft".
        public var status: String
        public var publishedDate: String?
        /// Published after, or still unpublished after, the deadline of 条例第四十九条.
        public var late: Bool
        public var received: Int
        public var decided: Int
    }
}

/// A report that could not be published: errors that block it, warnings not acknowledged.
extension ServiceError {
    static func publishBlocked(_ blocking: [Finding], _ unacknowledged: [Finding]) -> ServiceError {
        var details: [String] = []
        func place(_ f: Finding) -> String { "\(f.table)\(f.row.map { "“\($0)”行" } ?? "")\(f.column.map { "“\($0)”列" } ?? "")" }
        details += blocking.map { "错误 \($0.rule.rawValue) \(place($0))：\($0.message)" }
        details += unacknowledged.map { "警告 \($0.rule.rawValue) \(place($0))：\($0.message)" }
        var message: [String] = []
        if !blocking.isEmpty { message.append("年度报告有 \(blocking.count) 处错误，不能发布") }
        if !unacknowledged.isEmpty { message.append("有 \(unacknowledged.count) 处警告需要确认后才能发布") }
        return ServiceError(.publishBlocked, message.joined(separator: "；") + "：", details: details)
    }
}

extension Service {
    // MARK: Officer input

    /// Table 二 figures of one row (条例第二十条), replacing earlier ones; refused once the year is published.
    public func setProactiveFigures(agencyCode: String, year: Int, block: String, row: String, values: [String], by member: StaffMember,
                                    now: Date = Date()) async throws {
        try authorize(member, .editReports, agencyCode: agencyCode)
        try await run { try await store.setProactiveFigures(agencyCode: agencyCode, year: year, block: block, row: row, values: values,
                                                             actor: member.actor, now: now) }
    }

    /// The text of a section (1…6); refused once the year is published.
    public func setReportText(agencyCode: String, year: Int, section: Int, text: String, by member: StaffMember, now: Date = Date()) async throws {
        try authorize(member, .editReports, agencyCode: agencyCode)
        try await run { try await store.setReportText(agencyCode: agencyCode, year: year, section: section, text: text, actor: member.actor, now: now) }
    }

    /// Checks a report year: from 2019 (the national formats) to this year.
    /// - Throws: `ServiceError` (`invalidInput`, field `year`).
    public static func checkReportYear(_ year: Int, now: Date = Date()) throws {
        do { try Store.checkReportYear(year, now: now) } catch { throw ServiceError(error) }
    }

    // MARK: Counting

    /// Tables 三 and 四 from the records (the same GROUP BY as the report and the rollup).
    public func reportCounts(agencyCode: String, year: Int, format: ReportFormat? = nil, by member: StaffMember = .system) async throws -> ReportCountsInfo {
        try authorize(member, .readApplications, agencyCode: agencyCode)
        return try await run {
            let agency = try await store.requireAgency(code: agencyCode)
            let counts = try await ReportCounts.query(store, agencyID: agency.id!, year: year, format: format)
            var report = AnnualReport(format: counts.format, year: year, agency: agency.name)
            counts.apply(to: &report)
            return ReportCountsInfo(agency: agency.name, year: year, format: counts.format,
                                    table3: counts.format.table3Rows.map { ($0.id, $0.label, counts.table3[$0.id]!) }, table4: counts.table4,
                                    findings: ReportValidator.validate(report).filter { [.R1, .I1, .I2, .I3, .I4].contains($0.rule) })
        }
    }

    /// Sums tables 三 and 四 over the children of `parentCode` (or every agency), with each agency's status against
    /// its 条例第四十九条 deadline as of `asOf` (default today, Asia/Shanghai for a region).
    /// - Parameter wholeRegion: the region instead of the children: `parentCode` itself and every agency under it at
    ///   any depth (`Store.regionAgencies`), those in the member's scope — what the oversight dashboard shows.
    public func rollup(parentCode: String? = nil, year: Int, asOf: CalendarDate? = nil, wholeRegion: Bool = false, by member: StaffMember = .system,
                       now: Date = Date()) async throws -> RollupInfo {
        try authorize(member, .readRollup, agencyCode: parentCode)
        if parentCode == nil && member.scope != .all && !member.isSystem {
            throw ServiceError(.notAllowed, "只能汇总本地区的机关，请选择地区")
        }
        return try await run {
            let day = try asOf ?? CalendarDate.today(in: TimeZone(identifier: "Asia/Shanghai")!, now: now)
            let r = wholeRegion
                ? try await store.rollup(of: try await regionAgencies(parentCode, for: member), everyAgency: parentCode == nil && member.scope == .all,
                                         year: year, today: day)
                : try await store.rollup(parentCode: parentCode, year: year, today: day)
            return RollupInfo(r)
        }
    }

    // MARK: Generating

    /// The annual report of an agency for a year: the published (frozen) one with the cells the records now disagree
    /// with, or a draft from the records — checked with the audit's rules against the previous year's report.
    /// - Parameter format: overrides the year's format for a draft (a published report keeps its own).
    public func generateReport(agencyCode: String, year: Int, format: ReportFormat? = nil) async throws -> GeneratedReport {
        try await run {
            let previous = try await storedReport(agencyCode: agencyCode, year: year - 1)
            if let published = try await store.storedReport(agencyCode: agencyCode, year: year), published.status == "published" {
                let frozen = try Self.decode(published.snapshot, name: "\(year)")
                // Compared in the format it was published in, whatever format is asked for.
                let live = try await store.liveReport(agencyCode: agencyCode, year: year, format: frozen.format)
                return GeneratedReport(report: frozen, previous: previous, findings: ReportValidator.validate(frozen, previous: previous),
                                       status: "published", changesSincePublished: ReportComparison.differences(frozen: frozen, live: live))
            }
            let live = try await store.liveReport(agencyCode: agencyCode, year: year, format: format)
            return GeneratedReport(report: live, previous: previous, findings: ReportValidator.validate(live, previous: previous),
                                   status: "draft", changesSincePublished: [])
        }
    }

    /// `generateReport`, written to `url` in the format its extension names (.html .docx .xlsx .csv .json; CSV one
    /// file per table), with the chart of the agency's last five years.
    /// - Returns: the report and the files written.
    public func exportReport(agencyCode: String, year: Int, format: ReportFormat? = nil, to url: URL) async throws -> (GeneratedReport, [URL]) {
        try await run {
            let g = try await generateReport(agencyCode: agencyCode, year: year, format: format)
            let history = try await history(agencyCode: agencyCode, year: year)
            return (g, try ReportExporter.write(ExportContext(report: g.report, findings: g.findings, history: history), to: url))
        }
    }

    /// A stored (published or baseline) report, decoded.
    func storedReport(agencyCode: String, year: Int) async throws -> AnnualReport? {
        guard let s = try await store.storedReport(agencyCode: agencyCode, year: year) else { return nil }
        return try Self.decode(s.snapshot, name: "\(year)")
    }

    /// Reads a frozen report back with the audit's own JSON reader (the shape `gongkai audit --json` prints).
    static func decode(_ snapshot: String, name: String) throws -> AnnualReport {
        try JSONReportReader.read(data: Data(snapshot.utf8), file: "snapshot-\(name).json", options: ReadOptions())
    }

    /// The frozen form of a report: the audit's JSON.
    static func snapshot(_ report: AnnualReport, findings: [Finding]) throws -> String {
        try ReportJSON.encode(AuditResult(file: report.title ?? "", report: report, findings: findings, error: nil, previousFile: nil), pretty: false)
    }

    // MARK: Publishing

    /// Publishes the report on `date` (after the year, not in the future, 条例第四十九条): validated with the audit's
    /// rules against the previous year; errors block it, warnings need `acknowledgeWarnings` (recorded); publishing
    /// after the deadline is an acknowledged warning. The published report is frozen.
    /// - Throws: `ServiceError` (`publishBlocked` listing every blocking finding by row and column, `conflict` when
    ///   already published, `invalidInput` for the date or year).
    @discardableResult
    public func publishReport(agencyCode: String, year: Int, on date: CalendarDate, format: ReportFormat? = nil, acknowledgeWarnings: Bool,
                              by member: StaffMember, now: Date = Date()) async throws -> GeneratedReport {
        try authorize(member, .publishReports, agencyCode: agencyCode)
        return try await run {
            let agencyToday = try await store.agencyToday(code: agencyCode, now: now)
            try Store.checkReportYear(year, now: now, today: agencyToday)
            let field = InputField("publishDate", "发布日期")
            try RecordDates.checkPast(date, field: field, today: agencyToday)
            if date <= CalendarDate(year: year, month: 12, day: 31)! {
                throw InputError(field, " \(date) 早于\(year)年度结束：年度报告统计全年情况，只能在次年发布（条例第四十九条）")
            }
            let agency = try await store.requireAgency(code: agencyCode)
            if let existing = try await store.storedReport(agencyCode: agencyCode, year: year) {
                throw StoreError.conflict(existing.status == "published"
                    ? "\(agency.name) \(year)年度报告已于 \(existing.publishedDate ?? "") 发布，已冻结"
                    : "\(agency.name) \(year)年度已有导入的基准报告（在系统外发布的年报），不能再发布该年度报告")
            }
            var report = try await store.liveReport(agencyCode: agencyCode, year: year, format: format)
            report.date = ReportDate(date.year, date.month, date.day)
            let previous = try await storedReport(agencyCode: agencyCode, year: year - 1)
            let findings = ReportValidator.validate(report, previous: previous)
            let lateness = findings.filter { $0.rule == .D1 && $0.severity == .error && $0.message.contains("晚于") }
            let blocking = findings.filter { $0.severity == .error && !lateness.contains($0) }
            let warnings = findings.filter { $0.severity == .warning } + lateness
            if !blocking.isEmpty || (!warnings.isEmpty && !acknowledgeWarnings) {
                throw ServiceError.publishBlocked(blocking, acknowledgeWarnings ? [] : warnings)
            }
            let ack = warnings.isEmpty ? nil : warnings.map { "\($0.rule.rawValue) \($0.message)" }.joined(separator: "\n")
            try await store.savePublishedReport(agencyCode: agencyCode, year: year, on: date, format: report.format,
                                                snapshot: try Self.snapshot(report, findings: findings), acknowledged: ack, actor: member.actor, now: now)
            return GeneratedReport(report: report, previous: previous, findings: findings, status: "published", changesSincePublished: [])
        }
    }

    /// Imports an agency's last published report from before Gongkai (any file `gongkai audit` reads) as the previous
    /// year's report: carry-over, 上一年项目数量 and the cross-year rules work from the first year on the system.
    /// The report must name this agency (`ReportComparison.sameAgency`), else `reason` says why it is this agency's;
    /// `year` only when the file states none (a contradicting year is refused).
    /// - Throws: `ServiceError` (`unreadable`, `refused`, `conflict`, `invalidInput`).
    @discardableResult
    /// - Parameter sourceName: the file's name as the person knows it (an upload's own name), recorded instead of
    ///   `url`'s path.
    public func importBaseline(file url: URL, agencyCode: String, year: Int? = nil, reason: String? = nil, sourceName: String? = nil,
                               by member: StaffMember, now: Date = Date()) async throws -> AnnualReport {
        try authorize(member, .importBaseline, agencyCode: agencyCode)
        return try await run {
            let why = try reason.map { try CleanText.requiredLine($0, field: .reason, maxLength: InputLimits.shortText) }
            let agency = try await store.requireAgency(code: agencyCode)
            let report = try ReportReader.read(url: url, options: ReadOptions(agencyKind: AgencyKind(rawValue: agency.kind)))
            if let year, let stated = report.year, year != stated {
                throw StoreError.invalid("\(url.lastPathComponent) 是\(stated)年度的报告，与指定的\(year)年度不符（年度只在报告未载明时指定）")
            }
            guard let y = year ?? report.year else { throw StoreError.invalid("\(url.path)：无法识别报告年度，请指定年度") }
            let thisYear = try CalendarDate.latestToday(now: now).year
            guard (2008..<thisYear).contains(y) else {
                throw InputError(.year, " \(y) 不能作为上年基准（应为2008年至\(thisYear - 1)年之间已结束的年度）")
            }
            var note = ""
            if !ReportComparison.sameAgency(report.agency, agency.name) {
                let named = report.agency.map { "“\($0)”" } ?? "未载明机关"
                guard let why else {
                    throw StoreError.invalid("\(url.lastPathComponent) 是\(named)的年度报告，不是\(agency.name)的；如确为本机关（如机构改革前的名称），请说明理由后导入")
                }
                note = "；报告所载机关\(named)与本机关名称不同，理由：\(why)"
            }
            var r = report
            r.year = y
            try await store.saveBaselineReport(agencyCode: agencyCode, year: y, format: r.format, reportDate: r.date?.description,
                                               snapshot: try Self.snapshot(r, findings: ReportValidator.validate(r)), sourceFile: sourceName ?? url.path,
                                               detail: "\(y)年度 \(sourceName ?? url.lastPathComponent)\(note)", actor: member.actor, now: now)
            return r
        }
    }
}
