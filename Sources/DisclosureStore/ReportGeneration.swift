import DisclosureReaders
import DisclosureRules
import FluentKit
import Foundation

/// An annual report generated from the records, with the previous year's report it was checked against.
public struct GeneratedReport: Sendable {
    public var report: AnnualReport
    /// The previous year's published or baseline report, when there is one (cross-year rules I5, I6, H1, T3).
    public var previous: AnnualReport?
    public var findings: [Finding]
    /// "draft" or "published" (then `report` is the frozen snapshot).
    public var status: String
    /// For a published report: cells whose value in the records now differs from the frozen report.
    public var changesSincePublished: [String]
}

public struct ReportPublishError: Error, CustomStringConvertible, Sendable {
    public var blocking: [Finding]
    public var unacknowledged: [Finding]
    public var description: String {
        var lines: [String] = []
        if !blocking.isEmpty {
            lines.append("年度报告有 \(blocking.count) 处错误，不能发布：")
            lines += blocking.map { "  \($0.rule.rawValue) \($0.table)\($0.row.map { "“\($0)”行" } ?? "")\($0.column.map { "“\($0)”列" } ?? "")：\($0.message)" }
        }
        if !unacknowledged.isEmpty {
            lines.append("有 \(unacknowledged.count) 处警告需要确认（--acknowledge-warnings）后才能发布：")
            lines += unacknowledged.map { "  \($0.rule.rawValue) \($0.message)" }
        }
        return lines.joined(separator: "\n")
    }
}

extension Store {
    // MARK: Officer input

    /// The largest figure accepted in table 二 (a count or an amount in 万元): a plausibility bound.
    public static let maximumTable2Figure: Decimal = 1_000_000_000_000
    /// Longest section text accepted (characters).
    public static let maximumSectionLength = 50_000

    /// Checks a report year: the national formats exist from the 2019 report on (国办公开办函〔2019〕60号), and a
    /// year must have begun.
    /// - Throws: `InputError` (field `.year`).
    public static func checkReportYear(_ year: Int, now: Date) throws {
        if year < 2019 { throw InputError(.year, " \(year) 早于现行年报格式（国办公开办函〔2019〕60号，2019年度起）") }
        if year > (try CalendarDate.latestToday(now: now)).year { throw InputError(.year, " \(year) 尚未开始") }
    }

    /// Refuses a change to a year whose report is published: the published report is frozen.
    /// - Throws: `StoreError.conflict` naming the publication date.
    func requireNotPublished(agency: AgencyRecord, year: Int, on db: any Database, change: String) async throws {
        if let r = try await AnnualReportRecord.query(on: db).filter(\.$agencyID == agency.id!).filter(\.$year == year)
            .filter(\.$status == "published").first() {
            throw StoreError.conflict("\(agency.name) \(year)年度报告已于 \(r.publishedDate ?? "") 发布并冻结，不能再\(change)；发布后发现的问题请在下一年度报告中说明")
        }
    }

    /// Stores the figures of one table 二 row for an agency and year (replacing earlier ones), with who entered them.
    /// - Parameter values: one per column, as decimal text: counts non-negative integers, amounts (第二十条第（八）项
    ///   2021 format, 万元) non-negative, each at most `maximumTable2Figure`.
    /// - Throws: `StoreError.invalid` for an unknown block/row or a value count that does not match the block's
    ///   columns, `InputError` for a value that is not a plausible figure or a year out of range,
    ///   `StoreError.conflict` when that year's report is published (frozen).
    public func setProactiveFigures(agencyCode: String, year: Int, block: String, row: String, values: [String],
                                    actor: Actor, now: Date = Date()) async throws {
        try Self.checkReportYear(year, now: now)
        let agency = try await requireAgency(code: agencyCode)
        let format = ReportFormat.applicable(toYear: year)
        guard let spec = format.table2Blocks.first(where: { $0.id == block || $0.item == block }) else {
            throw StoreError.invalid("\(year)年（\(format.rawValue)年格式）表二没有“\(block)”，可用：\(format.table2Blocks.map(\.id).joined(separator: "、"))")
        }
        guard spec.rows.contains(row) else { throw StoreError.invalid("表二“\(spec.item)”没有“\(row)”行，可用：\(spec.rows.joined(separator: "、"))") }
        guard values.count == spec.columns.count else {
            throw StoreError.invalid("表二“\(spec.item)”每行有\(spec.columns.count)列（\(spec.columns.joined(separator: "、"))），收到\(values.count)个值")
        }
        for (v, column) in zip(values, spec.columns) {
            let field = InputField("table2", "表二“\(row)”“\(column)”")
            // 本年增/减 (2019 format) may be negative; every other figure is a count or an amount, never negative.
            let signed = column.contains("增/减")
            let digits = signed && v.hasPrefix("-") ? String(v.dropFirst()) : v
            guard digits.count <= 20, !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                  digits.filter({ $0 == "." }).count <= 1, let d = Decimal(string: digits) else {
                throw InputError(field, "“\(v)”不是数值（\(signed ? "整数，可为负" : "非负数，如 12 或 3.5")）")
            }
            guard d <= Self.maximumTable2Figure else { throw InputError(field, "“\(v)”超出合理范围（最多 \(Self.maximumTable2Figure)）") }
            if !column.contains("万元") && !column.contains("金额"), v.contains("."), v.split(separator: ".").last?.contains(where: { $0 != "0" }) == true {
                throw InputError(field, "“\(v)”应为整数（件数）")
            }
        }
        let json = EventLog.encode(values) ?? "[]"
        let agencyID = agency.id!
        try await transaction { tx in
            try await self.requireNotPublished(agency: agency, year: year, on: tx, change: "修改表二")
            try await ProactiveFigureRecord.query(on: tx).filter(\.$agencyID == agencyID).filter(\.$year == year)
                .filter(\.$block == spec.id).filter(\.$row == row).delete()
            let r = ProactiveFigureRecord()
            r.agencyID = agencyID; r.year = year; r.block = spec.id; r.row = row; r.valuesJSON = json
            r.enteredBy = actor.name; r.enteredAt = now
            try await r.create(on: tx)
        }
    }

    /// Stores the text of a section (1…6) for an agency and year, cleaned (`CleanText.paragraph`: no control,
    /// direction or invisible characters), at most `maximumSectionLength` characters.
    /// - Throws: `InputError` (section number, text, year), `StoreError.conflict` when that year's report is published.
    public func setReportText(agencyCode: String, year: Int, section: Int, text: String, actor: Actor, now: Date = Date()) async throws {
        try Self.checkReportYear(year, now: now)
        guard (1...6).contains(section) else { throw InputError(InputField("section", "章节"), "只能是 1–6（收到 \(section)）") }
        let cleaned = try CleanText.paragraph(text, field: InputField("section", "第\(section)部分的文字"), maxLength: Self.maximumSectionLength)
        let agency = try await requireAgency(code: agencyCode)
        let agencyID = agency.id!
        try await transaction { tx in
            try await self.requireNotPublished(agency: agency, year: year, on: tx, change: "修改第\(section)部分")
            try await ReportTextRecord.query(on: tx).filter(\.$agencyID == agencyID).filter(\.$year == year).filter(\.$section == section).delete()
            let r = ReportTextRecord()
            r.agencyID = agencyID; r.year = year; r.section = section; r.text = cleaned; r.editedBy = actor.name; r.editedAt = now
            try await r.create(on: tx)
        }
    }

    // MARK: Generation

    /// Generates the annual report of an agency for a year from its records (tables 三 and 四 by `ReportCounts`,
    /// table 二 from the officer's figures, sections from the stored texts or a generated first draft whose numbers
    /// always agree with the tables), and validates it with the audit's rule engine against the previous report.
    /// A published year returns its frozen report and lists the cells the records now disagree with.
    /// - Parameter format: overrides the format that applies to the year (2019 for 2019–2020, 2021 from 2021).
    public func generateReport(agencyCode: String, year: Int, format: ReportFormat? = nil) async throws -> GeneratedReport {
        let agency = try await requireAgency(code: agencyCode)
        let previous = try await storedReport(agencyID: agency.id!, year: year - 1)?.report
        if let published = try await storedReport(agencyID: agency.id!, year: year), published.record.status == "published" {
            // Compared in the format it was published in, whatever format is asked for.
            let live = try await liveReport(agency, year: year, format: published.report.format)
            let changes = Self.differences(frozen: published.report, live: live)
            return GeneratedReport(report: published.report, previous: previous,
                                   findings: ReportValidator.validate(published.report, previous: previous),
                                   status: "published", changesSincePublished: changes)
        }
        let live = try await liveReport(agency, year: year, format: format)
        return GeneratedReport(report: live, previous: previous, findings: ReportValidator.validate(live, previous: previous),
                               status: "draft", changesSincePublished: [])
    }

    func liveReport(_ agency: AgencyRecord, year: Int, format: ReportFormat?) async throws -> AnnualReport {
        let counts = try await ReportCounts.query(self, agencyID: agency.id!, year: year, format: format)
        var report = AnnualReport(format: counts.format, year: year, agency: agency.name, agencyKind: AgencyKind(rawValue: agency.kind))
        counts.apply(to: &report)
        report.title = "\(agency.name)\(year)年政府信息公开工作年度报告"
        report.yearMentions = [YearMention(place: .title, year: year), YearMention(place: .statisticsPeriod, year: year)]
        for cell in report.table3.indices { for c in report.table3[cell].cells.indices { report.table3[cell].cells[c].source = nil } }
        // Table 二: the officer's figures; rows never entered stay blank (S2 tells what is missing).
        let figures = try await ProactiveFigureRecord.query(on: db).filter(\.$agencyID == agency.id!).filter(\.$year == year).all()
        for f in figures {
            guard let values = try? JSONDecoder().decode([String].self, from: Data(f.valuesJSON.utf8)) else { continue }
            report.setTable2(block: f.block, row: f.row, values.map { Decimal(string: $0).map(CellValue.number) ?? .text($0) })
        }
        // Sections: stored texts, else a generated draft of the statistical sentences.
        let texts = try await ReportTextRecord.query(on: db).filter(\.$agencyID == agency.id!).filter(\.$year == year).all()
        let fees = try await feesCollected(agencyID: agency.id!, year: year)
        let drafts = Self.draftSections(report, counts: counts, fees: fees)
        for i in report.sections.indices {
            let n = report.sections[i].number
            report.sections[i].text = texts.first { $0.section == n }?.text ?? drafts[n] ?? ""
        }
        return report
    }

    /// 信息处理费 paid in the year: (number of notices paid, total 元).
    func feesCollected(agencyID: UUID, year: Int) async throws -> (Int, Int) {
        let apps = try await ApplicationRecord.query(on: db).filter(\.$agencyID == agencyID).all().compactMap(\.id)
        guard !apps.isEmpty else { return (0, 0) }
        let paid = try await FeeNoticeRecord.query(on: db).filter(\.$applicationID ~~ apps)
            .filter(\.$paidDate >= "\(year)-01-01").filter(\.$paidDate <= "\(year)-12-31").all()
        return (paid.count, paid.reduce(0) { $0 + $1.amountYuan })
    }

    /// The first draft of the statistical sentences (sections 一, 三-related overview, 四 and 六); every number is
    /// taken from the tables, so the text and the tables cannot disagree.
    static func draftSections(_ r: AnnualReport, counts: ReportCounts, fees: (Int, Int)) -> [Int: String] {
        let t = counts.table3
        func total(_ id: String) -> Int { t[id]?[6] ?? 0 }
        let outcomes = r.format.table3Rows.filter { $0.role == .outcome }
        func sum(_ prefix: String) -> Int { outcomes.filter { $0.id.hasPrefix(prefix) }.map { total($0.id) }.reduce(0, +) }
        let named: [(String, Int)] = [("予以公开", total("granted")), ("部分公开", total("partlyGranted")), ("不予公开", sum("refused.")),
                                      ("无法提供", sum("unable.")), ("不予处理", sum("notProcessed.")), ("其他处理", sum("other"))]
        let parts: [String] = named.filter { $0.1 > 0 }.map { "\($0.0)\($0.1)件" }
        let appeals = counts.table4
        let year = counts.year
        var overview = "\(year)年，本机关共收到政府信息公开申请\(total("new"))件，上年结转\(total("carriedIn"))件；"
        overview += "本年度办结\(total("total"))件" + (parts.isEmpty ? "" : "，其中" + parts.joined(separator: "、")) + "；"
        overview += "结转下年度继续办理\(total("carriedOver"))件。"
        overview += "因政府信息公开工作被申请行政复议\(appeals[4])件，被提起行政诉讼\(appeals[9] + appeals[14])件。"
        var out: [Int: String] = [1: overview]
        if r.format == .f2021 {
            out[6] = fees.0 == 0 ? "本年度未收取信息处理费。" : "本年度依据《政府信息公开信息处理费管理办法》收取信息处理费\(fees.0)笔，共计\(fees.1)元。"
        }
        return out
    }

    /// Where the frozen report and the records now disagree, described in Chinese: table 三 and 四 cells, table 二
    /// figures and section texts.
    static func differences(frozen: AnnualReport, live: AnnualReport) -> [String] {
        var out: [String] = []
        for (a, b) in zip(frozen.table2, live.table2) {
            for (ra, rb) in zip(a.rows, b.rows) {
                for c in ra.cells.indices where c < rb.cells.count && ra.cells[c].value != rb.cells[c].value {
                    out.append("表二“\(a.spec.item)”“\(ra.label)”“\(a.spec.columns[c])”：已发布 \(show(ra.cells[c].value))，记录现为 \(show(rb.cells[c].value))")
                }
            }
        }
        for (a, b) in zip(frozen.table3, live.table3) {
            for c in 0..<7 where a.cells[c].value != b.cells[c].value {
                out.append("表三“\(a.label)”“\(ReportFormat.table3Columns[c])”：已发布 \(show(a.cells[c].value))，记录现为 \(show(b.cells[c].value))")
            }
        }
        for c in 0..<15 where frozen.table4.cells[c].value != live.table4.cells[c].value {
            out.append("表四“\(ReportFormat.table4Groups[c / 5])·\(ReportFormat.table4Columns[c % 5])”：已发布 \(show(frozen.table4.cells[c].value))，记录现为 \(show(live.table4.cells[c].value))")
        }
        for (a, b) in zip(frozen.sections, live.sections) where a.text != b.text {
            out.append("第\(a.number)部分“\(a.heading)”的文字：记录与已发布的不同")
        }
        return out
    }

    static func show(_ v: CellValue) -> String {
        switch v { case .number(let d): "\(d)"; case .blank: "空白"; case .text(let t): t }
    }

    // MARK: Stored reports

    /// A published or baseline report, decoded from its frozen JSON.
    func storedReport(agencyID: UUID, year: Int) async throws -> (record: AnnualReportRecord, report: AnnualReport)? {
        guard let rec = try await AnnualReportRecord.query(on: db).filter(\.$agencyID == agencyID).filter(\.$year == year).first() else { return nil }
        return (rec, try Self.decodeSnapshot(rec.snapshot, name: "\(year)"))
    }

    /// Reads a frozen report back with the audit's own JSON reader (the same shape `gongkai audit --json` prints).
    static func decodeSnapshot(_ snapshot: String, name: String) throws -> AnnualReport {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-snapshot-\(UUID().uuidString)-\(name).json")
        try Data(snapshot.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try ReportReader.read(url: url)
    }

    static func snapshot(_ report: AnnualReport, findings: [Finding]) throws -> String {
        try ReportJSON.encode(AuditResult(file: report.title ?? "", report: report, findings: findings, error: nil, previousFile: nil), pretty: false)
    }

    /// Imports an agency's last published report (any file `gongkai audit` reads) as the previous year's report, so
    /// that carry-over, 上一年项目数量 and the cross-year rules work from the first year on the system.
    ///
    /// The report must be this agency's: the agency it names (title or signature) must be the agency's name (or one
    /// contain the other, ignoring spaces and punctuation). When it names another agency or none — e.g. after a
    /// renaming in an institutional reform — it is imported only with `reason`, recorded in the event log.
    /// - Parameters:
    ///   - year: the report's year when the file does not say it (2008…this year − 1).
    ///   - reason: why a report naming another agency (or none) is this agency's.
    /// - Throws: `ReaderError` for an unreadable file, `StoreError.invalid` for another agency's report without a
    ///   reason or a year out of range, `StoreError.conflict` when that year already has a report.
    public func importBaseline(url: URL, agencyCode: String, year: Int? = nil, reason: String? = nil, actor: Actor,
                               now: Date = Date()) async throws -> AnnualReport {
        let why = try reason.map { try CleanText.requiredLine($0, field: .reason, maxLength: InputLimits.shortText) }
        let agency = try await requireAgency(code: agencyCode)
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
        if !Self.sameAgency(report.agency, agency.name) {
            let named = report.agency.map { "“\($0)”" } ?? "未载明机关"
            guard let why else {
                throw StoreError.invalid("\(url.lastPathComponent) 是\(named)的年度报告，不是\(agency.name)的；如确为本机关（如机构改革前的名称），请说明理由后导入")
            }
            note = "；报告所载机关\(named)与本机关名称不同，理由：\(why)"
        }
        if try await storedReport(agencyID: agency.id!, year: y) != nil {
            throw StoreError.conflict("\(agency.name) \(y)年度已有年度报告，不能再导入基准报告")
        }
        var r = report
        r.year = y
        let snapshot = try Self.snapshot(r, findings: ReportValidator.validate(r))
        let stored = r
        let detail = "\(y)年度 \(url.lastPathComponent)\(note)"
        try await transaction { tx in
            let rec = AnnualReportRecord()
            rec.agencyID = agency.id!; rec.year = y; rec.format = stored.format.rawValue; rec.status = "baseline"
            rec.publishedDate = stored.date?.description; rec.publishedBy = actor.name
            rec.snapshot = snapshot; rec.sourceFile = url.path; rec.createdAt = now
            try await rec.create(on: tx)
            try await EventLog.append(.baselineImported, on: tx, agency: agency.id, actor: actor, at: now, detail: detail)
        }
        return r
    }

    /// Whether an agency named in a report is `name`, after removing spaces and punctuation: the same name, or the
    /// same but for the form of a government's name — a report may name 平潭综合实验区 for 平潭综合实验区管理委员会,
    /// 中卫市政府 for 中卫市人民政府. A name that only contains the other (工业和信息化局 / 中卫市工业和信息化局, or an
    /// office of the agency) is another agency's.
    static func sameAgency(_ named: String?, _ name: String) -> Bool {
        guard let named else { return false }
        func core(_ s: String) -> String {
            var n = RequestText.normalized(s)
            for suffix in ["管理委员会", "管委会", "人民政府", "政府"] where n.hasSuffix(suffix) && n.count > suffix.count + 1 {
                n.removeLast(suffix.count)
                break
            }
            return n
        }
        let a = core(named), b = core(name)
        return !a.isEmpty && a == b
    }

    // MARK: Publishing

    /// Publishes the report: it is validated with the audit's rules against the previous year; errors block it,
    /// warnings need `acknowledgeWarnings` (recorded with the report and in the event log). The published report is
    /// frozen: later changes to the records show as differences, never as silent changes.
    /// Publishing after the deadline of 条例第四十九条 (D1) is allowed as an acknowledged warning — the report must
    /// still be published.
    /// - Throws: `ReportPublishError` naming every blocking finding's row and column; `StoreError.conflict` when published.
    @discardableResult
    public func publishReport(agencyCode: String, year: Int, on date: CalendarDate, format: ReportFormat? = nil,
                              acknowledgeWarnings: Bool, actor: Actor, now: Date = Date()) async throws -> GeneratedReport {
        try Self.checkReportYear(year, now: now)
        let agency = try await requireAgency(code: agencyCode)
        try RecordDates.checkPast(date, field: InputField("publishDate", "发布日期"), today: try await agencyToday(id: agency.id!, now: now, on: db))
        if date <= CalendarDate(year: year, month: 12, day: 31)! {
            throw InputError(InputField("publishDate", "发布日期"), " \(date) 早于\(year)年度结束：年度报告统计全年情况，只能在次年发布（条例第四十九条）")
        }
        if let existing = try await storedReport(agencyID: agency.id!, year: year), existing.record.status == "published" {
            throw StoreError.conflict("\(agency.name) \(year)年度报告已于 \(existing.record.publishedDate ?? "") 发布，已冻结")
        }
        var report = try await liveReport(agency, year: year, format: format)
        report.date = ReportDate(date.year, date.month, date.day)
        let previous = try await storedReport(agencyID: agency.id!, year: year - 1)?.report
        let findings = ReportValidator.validate(report, previous: previous)
        let lateness = findings.filter { $0.rule == .D1 && $0.severity == .error && $0.message.contains("晚于") }
        let blocking = findings.filter { $0.severity == .error && !lateness.contains($0) }
        let warnings = findings.filter { $0.severity == .warning } + lateness
        if !blocking.isEmpty || (!warnings.isEmpty && !acknowledgeWarnings) {
            throw ReportPublishError(blocking: blocking, unacknowledged: acknowledgeWarnings ? [] : warnings)
        }
        let snapshot = try Self.snapshot(report, findings: findings)
        let ack = warnings.isEmpty ? nil : warnings.map { "\($0.rule.rawValue) \($0.message)" }.joined(separator: "\n")
        let format = report.format
        try await transaction { tx in
            if let existing = try await AnnualReportRecord.query(on: tx).filter(\.$agencyID == agency.id!).filter(\.$year == year).first() {
                // Published meanwhile by someone else: the report is frozen.
                guard existing.status != "published" else {
                    throw StoreError.conflict("\(agency.name) \(year)年度报告已于 \(existing.publishedDate ?? "") 发布，已冻结")
                }
                try await existing.delete(on: tx)
            }
            let rec = AnnualReportRecord()
            rec.agencyID = agency.id!; rec.year = year; rec.format = format.rawValue; rec.status = "published"
            rec.publishedDate = date.description; rec.publishedBy = actor.name
            rec.snapshot = snapshot; rec.acknowledged = ack; rec.createdAt = now
            try await rec.create(on: tx)
            try await EventLog.append(.reportPublished, on: tx, agency: agency.id, actor: actor, at: now,
                                      detail: "\(year)年度报告发布于 \(date)" + (ack.map { "；已确认警告：\n\($0)" } ?? ""))
        }
        return GeneratedReport(report: report, previous: previous, findings: findings, status: "published", changesSincePublished: [])
    }

    // MARK: Rollup

    /// Per agency: applications received in the year (表三 一) and decided in it (表三（七）总计).
    func receivedAndDecided(year: Int) async throws -> [UUID: (Int, Int)] {
        let start = "\(year)-01-01", end = "\(year)-12-31"
        var out: [UUID: (Int, Int)] = [:]
        for r in try await sql.raw("SELECT agency_id, COUNT(*) AS n FROM applications WHERE received_date >= \(bind: start) AND received_date <= \(bind: end) GROUP BY agency_id").all() {
            out[try r.decode(column: "agency_id", as: UUID.self), default: (0, 0)].0 = try r.decode(column: "n", as: Int.self)
        }
        for r in try await sql.raw("SELECT agency_id, COUNT(*) AS n FROM applications WHERE decided_date >= \(bind: start) AND decided_date <= \(bind: end) AND outcome IS NOT NULL GROUP BY agency_id").all() {
            out[try r.decode(column: "agency_id", as: UUID.self), default: (0, 0)].1 = try r.decode(column: "n", as: Int.self)
        }
        return out
    }

    /// One agency's line of a rollup.
    public struct RollupEntry: Sendable, Codable {
        public var code: String
        public var name: String
        /// "published", "draft" (nothing published yet), with `late` when published after, or still unpublished
        /// after, the deadline of 条例第四十九条.
        public var status: String
        public var publishedDate: String?
        public var late: Bool
        public var received: Int
        public var decided: Int
    }

    public struct Rollup: Sendable {
        public var year: Int
        public var format: ReportFormat
        /// Tables 三 and 四 summed over the agencies.
        public var counts: ReportCounts
        public var agencies: [RollupEntry]
    }

    /// Sums tables 三 and 四 over a set of agencies (the children of `parentCode`, or all) by one GROUP BY query, with
    /// each agency's report status against its deadline (1月31日 for a department, 3月31日 for a government).
    public func rollup(parentCode: String? = nil, year: Int, today: CalendarDate) async throws -> Rollup {
        var agencies = try await AgencyRecord.query(on: db).sort(\.$code).all()
        if let parentCode {
            let parent = try await requireAgency(code: parentCode)
            agencies = agencies.filter { $0.parentID == parent.id }
        }
        let ids = agencies.compactMap(\.id)
        let filter = parentCode == nil ? nil : ids
        // The summed tables: one GROUP BY without the agency (the same counting rules as each agency's report).
        var sum = try await ReportCounts.query(self, year: year, agencies: filter, byAgency: false)[ReportCounts.allAgencies]
            ?? ReportCounts(agencyID: ReportCounts.allAgencies, year: year, format: ReportFormat.applicable(toYear: year))
        if filter?.isEmpty == true { sum = ReportCounts(agencyID: ReportCounts.allAgencies, year: year, format: sum.format) }
        // Each agency's received / decided: two small GROUP BY agency_id queries.
        let perAgency = try await receivedAndDecided(year: year)
        let published = try await AnnualReportRecord.query(on: db).filter(\.$year == year).filter(\.$status == "published").all()
        let publishedBy = Dictionary(published.map { ($0.agencyID, $0) }, uniquingKeysWith: { a, _ in a })
        var entries: [RollupEntry] = []
        for a in agencies {
            let deadline = AgencyKind(rawValue: a.kind) == .government ? "\(year + 1)-03-31" : "\(year + 1)-01-31"
            let p = publishedBy[a.id!]
            let late = p.map { ($0.publishedDate ?? "") > deadline } ?? (today.description > deadline)
            let n = perAgency[a.id!] ?? (0, 0)
            entries.append(RollupEntry(code: a.code, name: a.name, status: p == nil ? "draft" : "published", publishedDate: p?.publishedDate,
                                       late: late, received: n.0, decided: n.1))
        }
        return Rollup(year: year, format: sum.format, counts: sum, agencies: entries)
    }
}
