import DisclosureRules
import FluentKit
import Foundation

extension Store {
    // MARK: Officer input

    /// The largest figure accepted in table 二 (a count or an amount in 万元): a plausibility bound.
    public static let maximumTable2Figure: Decimal = 1_000_000_000_000
    /// Longest section text accepted (characters).
    public static let maximumSectionLength = 50_000

    /// Checks a report year: the national formats exist from the 2019 report on (国办公开办函〔2019〕60号), and a
    /// year must have begun.
    /// - Throws: `InputError` (field `.year`).
    /// - Parameter today: the agency's today when known (else the latest today anywhere, UTC+14).
    public static func checkReportYear(_ year: Int, now: Date, today: CalendarDate? = nil) throws {
        if year < 2019 { throw InputError(.year, " \(year) 早于现行年报格式（国办公开办函〔2019〕60号，2019年度起）") }
        if year > (try today ?? CalendarDate.latestToday(now: now)).year { throw InputError(.year, " \(year) 尚未开始") }
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
        let agency = try await requireAgency(code: agencyCode)
        try Self.checkReportYear(year, now: now, today: try await agencyToday(id: agency.id!, now: now, on: db))
        let format = ReportFormat.applicable(toYear: year)
        let spec = try Self.table2Row(format: format, year: year, block: block, row: row)
        guard values.count == spec.columns.count else {
            throw StoreError.invalid("表二“\(spec.item)”每行有\(spec.columns.count)列（\(spec.columns.joined(separator: "、"))），收到\(values.count)个值")
        }
        let canonical = try zip(values, spec.columns).map { try Self.checkTable2Value($0, row: row, column: $1) }
        try await storeProactiveRows(agency, year: year, rows: [(spec.id, row, canonical)], actor: actor, now: now)
    }

    /// One table 二 row of the year's format, by block id ("20.1") or item ("第二十条第（一）项") and row label.
    /// - Throws: `StoreError.invalid` naming what the format has.
    static func table2Row(format: ReportFormat, year: Int, block: String, row: String) throws -> Table2BlockSpec {
        guard let spec = format.table2Blocks.first(where: { $0.id == block || $0.item == block }) else {
            throw StoreError.invalid("\(year)年（\(format.rawValue)年格式）表二没有“\(block)”，可用：\(format.table2Blocks.map(\.id).joined(separator: "、"))")
        }
        guard spec.rows.contains(row) else { throw StoreError.invalid("表二“\(spec.item)”没有“\(row)”行，可用：\(spec.rows.joined(separator: "、"))") }
        return spec
    }

    /// Checks one table 二 value and gives it in one stored form (05 → 5, 5.0 → 5, -0 → 0): 本年增/减 (2019 format)
    /// may be negative; every other figure is a count (a non-negative integer) or an amount (万元, 金额: a
    /// non-negative decimal), at most `maximumTable2Figure`.
    /// - Throws: `InputError` (field `table2`, labelled 表二“row”“column”).
    public static func checkTable2Value(_ typed: String, row: String, column: String) throws -> String {
        let field = InputField("table2", "表二“\(row)”“\(column)”")
        let v = halfwidthFigure(typed)
        let signed = column.contains("增/减")
        let digits = signed && v.hasPrefix("-") ? String(v.dropFirst()) : v
        guard digits.count <= 20, !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              digits.filter({ $0 == "." }).count <= 1, let d = Decimal(string: digits) else {
            throw InputError(field, "“\(typed)”不是数值（\(signed ? "整数，可为负" : "非负数，如 12 或 3.5")）")
        }
        guard d <= Self.maximumTable2Figure else { throw InputError(field, "“\(typed)”超出合理范围（最多 \(Self.maximumTable2Figure)）") }
        if !column.contains("万元") && !column.contains("金额"), v.contains("."), v.split(separator: ".").last?.contains(where: { $0 != "0" }) == true {
            throw InputError(field, "“\(typed)”应为整数（件数）")
        }
        let value = Decimal(string: v) ?? 0
        return value.isZero ? "0" : "\(value)"
    }

    /// A figure as typed with a Chinese input method, in ASCII: full-width digits (０–９), point (．) and minus (－, −)
    /// become 0–9, "." and "-"; spaces (also the ideographic space) around it are dropped.
    static func halfwidthFigure(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { u -> Unicode.Scalar in
            switch u.value {
            case 0xFF10...0xFF19: return Unicode.Scalar(u.value - 0xFF10 + 0x30)!
            case 0xFF0E: return "."
            case 0xFF0D, 0x2212: return "-"
            default: return u
            }
        })).trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\u{3000}")))
    }

    /// A table 二 cell refused by `setProactiveTable`: block id, row label, column index and why (Chinese, naming the cell).
    public struct Table2Problem: Sendable, Hashable {
        public var block: String
        public var row: String
        public var column: Int
        public var message: String
    }

    /// Table 二 values refused all at once (nothing was stored).
    public struct Table2Refused: Error, Sendable, CustomStringConvertible {
        public var problems: [Table2Problem]
        public var description: String { "表二有 \(problems.count) 处数值不能接受，未保存任何数值" }
    }

    /// Stores several table 二 rows at once, all or nothing (one transaction): each row's values as in
    /// `setProactiveFigures`; a row whose values are all empty is cleared (it stays blank, rule S2 reports it); a row
    /// partly empty is refused cell by cell (没有的填 0).
    /// - Throws: `Table2Refused` listing every refused cell (nothing stored), `StoreError.invalid` for an unknown block
    ///   or row or a wrong value count, `InputError` for the year, `StoreError.conflict` when that year is published.
    public func setProactiveTable(agencyCode: String, year: Int, rows: [(block: String, row: String, values: [String])],
                                  actor: Actor, now: Date = Date()) async throws {
        let agency = try await requireAgency(code: agencyCode)
        try Self.checkReportYear(year, now: now, today: try await agencyToday(id: agency.id!, now: now, on: db))
        let format = ReportFormat.applicable(toYear: year)
        var problems: [Table2Problem] = []
        var checked: [(String, String, [String]?)] = []
        for r in rows {
            let spec = try Self.table2Row(format: format, year: year, block: r.block, row: r.row)
            guard r.values.count == spec.columns.count else {
                throw StoreError.invalid("表二“\(spec.item)”每行有\(spec.columns.count)列（\(spec.columns.joined(separator: "、"))），收到\(r.values.count)个值")
            }
            let values = r.values.map(Self.halfwidthFigure)
            if values.allSatisfy(\.isEmpty) { checked.append((spec.id, r.row, nil)); continue }
            var canonical: [String] = []
            for (c, v) in values.enumerated() {
                if v.isEmpty {
                    problems.append(Table2Problem(block: spec.id, row: r.row, column: c,
                                                  message: "表二“\(r.row)”“\(spec.columns[c])”为空白：同一行须全部填写，没有的填 0"))
                    continue
                }
                do { canonical.append(try Self.checkTable2Value(v, row: r.row, column: spec.columns[c])) } catch let e as InputError {
                    problems.append(Table2Problem(block: spec.id, row: r.row, column: c, message: e.description))
                }
            }
            if canonical.count == values.count { checked.append((spec.id, r.row, canonical)) }
        }
        guard problems.isEmpty else { throw Table2Refused(problems: problems) }
        try await storeProactiveRows(agency, year: year, rows: checked, actor: actor, now: now)
    }

    /// Replaces the stored figures of the rows given (nil values: the row is cleared), in one transaction.
    func storeProactiveRows(_ agency: AgencyRecord, year: Int, rows: [(String, String, [String]?)], actor: Actor, now: Date) async throws {
        let agencyID = agency.id!
        try await transaction { tx in
            try await self.requireNotPublished(agency: agency, year: year, on: tx, change: "修改表二")
            for (block, row, values) in rows {
                try await ProactiveFigureRecord.query(on: tx).filter(\.$agencyID == agencyID).filter(\.$year == year)
                    .filter(\.$block == block).filter(\.$row == row).delete()
                guard let values else { continue }
                let r = ProactiveFigureRecord()
                r.agencyID = agencyID; r.year = year; r.block = block; r.row = row; r.valuesJSON = EventLog.encode(values) ?? "[]"
                r.enteredBy = actor.name; r.enteredAt = now
                try await r.create(on: tx)
            }
        }
    }

    /// Who last saved each part of a year's draft: table 二 rows ("20.1|规章") and sections (1…6), with the moment.
    public struct DraftEdits: Sendable {
        public struct Stamp: Sendable { public var by: String; public var at: Date }
        public var figures: [String: Stamp]
        public var sections: [Int: Stamp]
    }

    /// The officer's saved input for an agency and year (what is not there is blank, or the generated first draft).
    /// - Throws: `StoreError.notFound` (agency).
    public func draftEdits(agencyCode: String, year: Int) async throws -> DraftEdits {
        let agency = try await requireAgency(code: agencyCode)
        let figures = try await ProactiveFigureRecord.query(on: db).filter(\.$agencyID == agency.id!).filter(\.$year == year).all()
        let texts = try await ReportTextRecord.query(on: db).filter(\.$agencyID == agency.id!).filter(\.$year == year).all()
        return DraftEdits(figures: Dictionary(figures.map { ("\($0.block)|\($0.row)", DraftEdits.Stamp(by: $0.enteredBy, at: $0.enteredAt)) }, uniquingKeysWith: { a, _ in a }),
                          sections: Dictionary(texts.map { ($0.section, DraftEdits.Stamp(by: $0.editedBy, at: $0.editedAt)) }, uniquingKeysWith: { a, _ in a }))
    }

    /// Stores the text of a section (1…6) for an agency and year, cleaned (`CleanText.paragraph`: no control,
    /// direction or invisible characters), at most `maximumSectionLength` characters.
    /// - Throws: `InputError` (section number, text, year), `StoreError.conflict` when that year's report is published.
    public func setReportText(agencyCode: String, year: Int, section: Int, text: String, actor: Actor, now: Date = Date()) async throws {
        guard (1...6).contains(section) else { throw InputError(InputField("section", "章节"), "只能是 1–6（收到 \(section)）") }
        let cleaned = try CleanText.paragraph(text, field: InputField("section", "第\(section)部分的文字"), maxLength: Self.maximumSectionLength)
        let agency = try await requireAgency(code: agencyCode)
        try Self.checkReportYear(year, now: now, today: try await agencyToday(id: agency.id!, now: now, on: db))
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

    /// The annual report of an agency for a year as the records give it now: tables 三 and 四 by `ReportCounts`,
    /// table 二 from the officer's figures (rows never entered stay blank), sections from the stored texts or a
    /// generated first draft whose numbers are the tables'. Not validated; not the published report.
    /// - Parameter format: overrides the format that applies to the year (2019 for 2019–2020, 2021 from 2021).
    /// - Throws: `StoreError.notFound` (agency).
    public func liveReport(agencyCode: String, year: Int, format: ReportFormat? = nil) async throws -> AnnualReport {
        try await liveReport(try await requireAgency(code: agencyCode), year: year, format: format)
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
        // Table 二 from the catalogue (issue 12), where it has data: 第二十条第（一）项 from the published 规章 and 行政规范性
        // 文件 when the agency catalogues any; the other blocks from the year's decision figures (the months summed) when entered (figures
        // not entered there keep the officer's). `CatalogueTable2` states how each column is counted (as of 12月31日).
        let items = try await catalogueItemValues(agencyID: agency.id!)
        let decisions = try await effectiveDecisionFigures(agencyID: agency.id!, year: year)
        let hasDocuments = items.contains { $0.state == .published && $0.documentKind != .other }
        if hasDocuments || decisions != nil {
            for row in CatalogueTable2.compute(format: report.format, year: year, items: items, decisions: decisions ?? DecisionFigures()) {
                if row.block == "20.1" ? hasDocuments : !row.values.allSatisfy(\.isBlank) {
                    report.setTable2(block: row.block, row: row.row, row.values)
                }
            }
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

    // MARK: Stored reports

    /// A published or baseline report as stored: the frozen report in the audit's JSON shape (`gongkai audit --json`).
    public struct StoredReport: Sendable {
        public var year: Int
        public var format: String
        /// "published" or "baseline".
        public var status: String
        public var publishedDate: String?
        public var publishedBy: String?
        /// The warnings acknowledged when it was published, one a line.
        public var acknowledged: String?
        public var sourceFile: String?
        public var snapshot: String
    }

    /// The published or baseline report of an agency for a year, if any.
    /// - Throws: `StoreError.notFound` (agency).
    public func storedReport(agencyCode: String, year: Int) async throws -> StoredReport? {
        try await storedReport(agencyID: try await requireAgency(code: agencyCode).id!, year: year)
    }

    func storedReport(agencyID: UUID, year: Int, on database: (any Database)? = nil) async throws -> StoredReport? {
        guard let r = try await AnnualReportRecord.query(on: database ?? db).filter(\.$agencyID == agencyID).filter(\.$year == year).first() else {
            return nil
        }
        return StoredReport(year: r.year, format: r.format, status: r.status, publishedDate: r.publishedDate, publishedBy: r.publishedBy,
                            acknowledged: r.acknowledged, sourceFile: r.sourceFile, snapshot: r.snapshot)
    }

    /// Stores the last published report of an agency from before it used Gongkai (a baseline for carry-over and the
    /// cross-year rules), with an event saying where it came from (`detail`).
    /// - Throws: `StoreError.conflict` when that year already has a report.
    public func saveBaselineReport(agencyCode: String, year: Int, format: ReportFormat, reportDate: String?, snapshot: String,
                                   sourceFile: String, detail: String, actor: Actor, now: Date = Date()) async throws {
        let agency = try await requireAgency(code: agencyCode)
        try await transaction { tx in
            if try await self.storedReport(agencyID: agency.id!, year: year, on: tx) != nil {
                throw StoreError.conflict("\(agency.name) \(year)年度已有年度报告，不能再导入基准报告")
            }
            let rec = AnnualReportRecord()
            rec.agencyID = agency.id!; rec.year = year; rec.format = format.rawValue; rec.status = "baseline"
            rec.publishedDate = reportDate; rec.publishedBy = actor.name
            rec.snapshot = snapshot; rec.sourceFile = sourceFile; rec.createdAt = now
            try await rec.create(on: tx)
            try await EventLog.append(.baselineImported, on: tx, agency: agency.id, actor: actor, at: now, detail: detail)
        }
    }

    /// Stores a report as published on `date` (frozen from then on), with the acknowledged warnings in the record and
    /// the event log.
    /// - Throws: `StoreError.conflict` when that year is published already (frozen) or has a baseline (the report the
    ///   agency published outside Gongkai).
    public func savePublishedReport(agencyCode: String, year: Int, on date: CalendarDate, format: ReportFormat, snapshot: String,
                                    acknowledged: String?, actor: Actor, now: Date = Date()) async throws {
        let agency = try await requireAgency(code: agencyCode)
        try await transaction { tx in
            if let existing = try await AnnualReportRecord.query(on: tx).filter(\.$agencyID == agency.id!).filter(\.$year == year).first() {
                guard existing.status != "published" else {
                    throw StoreError.conflict("\(agency.name) \(year)年度报告已于 \(existing.publishedDate ?? "") 发布，已冻结")
                }
                // A baseline is the report the agency already published outside Gongkai for that year.
                throw StoreError.conflict("\(agency.name) \(year)年度已有导入的基准报告（在系统外发布的年报），不能再发布该年度报告")
            }
            let rec = AnnualReportRecord()
            rec.agencyID = agency.id!; rec.year = year; rec.format = format.rawValue; rec.status = "published"
            rec.publishedDate = date.description; rec.publishedBy = actor.name
            rec.snapshot = snapshot; rec.acknowledged = acknowledged; rec.createdAt = now
            try await rec.create(on: tx)
            try await EventLog.append(.reportPublished, on: tx, agency: agency.id, actor: actor, at: now,
                                      detail: "\(year)年度报告发布于 \(date)" + (acknowledged.map { "；已确认警告：\n\($0)" } ?? ""))
        }
    }

    /// Today in the agency's time zone (the latest date its records may carry).
    /// - Throws: `StoreError.notFound` (agency).
    public func agencyToday(code: String, now: Date = Date()) async throws -> CalendarDate {
        try await agencyToday(id: try await requireAgency(code: code).id!, now: now, on: db)
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
        return try await rollup(of: agencies, everyAgency: parentCode == nil, year: year, today: today)
    }

    /// The rollup of the agencies given (in the order given): tables 三 and 四 summed by one GROUP BY query over them
    /// (`everyAgency`: over every agency in the database, without a list of ids), each agency's received / decided and
    /// its report status against `AgencyKind.reportDeadline` (条例第四十九条) as of `today`.
    public func rollup(of agencies: [AgencyRecord], everyAgency: Bool = false, year: Int, today: CalendarDate) async throws -> Rollup {
        let ids = agencies.compactMap(\.id)
        let filter = everyAgency ? nil : ids
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
            let deadline = (AgencyKind(rawValue: a.kind) ?? .department).reportDeadline(year: year).description
            let p = publishedBy[a.id!]
            let late = p.map { ($0.publishedDate ?? "") > deadline } ?? (today.description > deadline)
            let n = perAgency[a.id!] ?? (0, 0)
            entries.append(RollupEntry(code: a.code, name: a.name, status: p == nil ? "draft" : "published", publishedDate: p?.publishedDate,
                                       late: late, received: n.0, decided: n.1))
        }
        return Rollup(year: year, format: sum.format, counts: sum, agencies: entries)
    }
}
