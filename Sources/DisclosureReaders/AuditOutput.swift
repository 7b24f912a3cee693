import Foundation
import DisclosureRules

/// The JSON shape printed by `gongkai audit --json` (one object per report):
/// `{"file", "agency", "year", "format": "2019"|"2021", "date", "tables": {"table2", "table3", "table4"}, "findings"}`.
/// Cells are numbers, `null` (blank, or a cell that could not be placed — see the S3 warning naming it) or strings
/// (unreadable text kept verbatim).
public struct ReportJSON: Encodable {
    public enum JSONCell: Encodable {
        case number(Decimal), null, text(String)
        init(_ v: CellValue) {
            switch v {
            case .number(let d): self = .number(d)
            case .blank, .unreadable: self = .null
            case .text(let t): self = .text(t)
            }
        }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .number(let d): try c.encode(d)
            case .null: try c.encodeNil()
            case .text(let t): try c.encode(t)
            }
        }
    }
    public struct Source: Encodable { var line: Int?; var table: Int?; var row: Int?; var column: Int? }
    public struct Row: Encodable {
        var id: String; var label: String; var sourceLabel: String?; var present: Bool; var cells: [JSONCell]; var sources: [Source?]
    }
    public struct Block: Encodable { var item: String; var present: Bool; var columns: [String]; var rows: [Row] }
    public struct Table2: Encodable { var blocks: [Block] }
    public struct Table3: Encodable { var present: Bool; var columns: [String]; var rows: [Row] }
    public struct Table4Group: Encodable { var label: String; var columns: [String]; var cells: [JSONCell] }
    public struct Table4: Encodable { var present: Bool; var groups: [Table4Group] }
    public struct Tables: Encodable { var table2: Table2; var table3: Table3; var table4: Table4 }
    public struct Section: Encodable { var number: Int; var heading: String; var present: Bool; var text: String }
    public struct FindingJSON: Encodable {
        var rule: String; var severity: String; var table: String; var row: String?; var column: String?
        var message: String; var source: String?
    }

    var file: String
    var agency: String?
    var year: Int?
    var format: String?
    var date: String?
    var title: String?
    var encoding: String?
    var previous: String?
    var tables: Tables?
    var sections: [Section]?
    var findings: [FindingJSON]
    var error: String?

    enum CodingKeys: String, CodingKey { case file, agency, year, format, date, title, encoding, previous, tables, sections, findings, error }

    /// The report's keys are always present (`null` when unknown), so consumers can rely on the shape.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        if error != nil && tables == nil {
            try c.encode(error, forKey: .error)
            try c.encode(findings, forKey: .findings)
            return
        }
        try c.encode(agency, forKey: .agency)
        try c.encode(year, forKey: .year)
        try c.encode(format, forKey: .format)
        try c.encode(date, forKey: .date)
        try c.encode(title, forKey: .title)
        try c.encodeIfPresent(encoding, forKey: .encoding)
        try c.encode(previous, forKey: .previous)
        try c.encode(tables, forKey: .tables)
        try c.encode(sections, forKey: .sections)
        try c.encode(findings, forKey: .findings)
    }

    static func source(_ s: SourceRef?) -> Source? { s.map { Source(line: $0.line, table: $0.table, row: $0.row, column: $0.column) } }

    static func row(_ r: TableRow) -> Row {
        Row(id: r.id, label: r.label, sourceLabel: r.sourceLabel, present: r.present, cells: r.cells.map { JSONCell($0.value) },
            sources: r.cells.map { source($0.source) })
    }

    public init(_ result: AuditResult) {
        file = result.file
        previous = result.previousFile
        findings = result.findings.map {
            FindingJSON(rule: $0.rule.rawValue, severity: $0.severity.rawValue, table: $0.table, row: $0.row, column: $0.column,
                        message: $0.message, source: $0.source?.description)
        }
        error = result.error?.description
        guard let r = result.report else { return }
        agency = r.agency
        year = r.year
        format = r.format.rawValue
        date = r.date?.description
        title = r.title
        encoding = r.sourceEncoding
        tables = Tables(
            table2: Table2(blocks: r.table2.map { Block(item: $0.spec.item, present: $0.present, columns: $0.spec.columns, rows: $0.rows.map(Self.row)) }),
            table3: Table3(present: r.table3Present, columns: ReportFormat.table3Columns, rows: r.table3.map(Self.row)),
            table4: Table4(present: r.table4Present, groups: (0..<3).map { g in
                Table4Group(label: ReportFormat.table4Groups[g], columns: ReportFormat.table4Columns,
                            cells: r.table4.cells[(g * 5)..<(g * 5 + 5)].map { JSONCell($0.value) })
            }))
        sections = r.sections.map { Section(number: $0.number, heading: $0.heading, present: $0.present, text: $0.text) }
    }

    /// Encodes one result (pretty-printed when `pretty`).
    public static func encode(_ result: AuditResult, pretty: Bool = true) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = pretty ? [.prettyPrinted, .withoutEscapingSlashes] : [.withoutEscapingSlashes]
        return String(decoding: try enc.encode(ReportJSON(result)), as: UTF8.self)
    }
}

/// Human-readable audit output in Chinese: findings grouped by table, with their source line.
public enum AuditText {
    /// Up to this many findings of one rule in one table are listed one a line; more are one line.
    public static let groupAbove = 3

    public static func render(_ r: AuditResult) -> String {
        var out = ""
        let name = (r.file as NSString).lastPathComponent
        if let e = r.error {
            out += "== \(name)\n  无法读取：\(e.description)\n"
            return out
        }
        guard let rep = r.report else { return out }
        var head = "== \(name)：\(rep.agency ?? "（未识别机关）")\(rep.agencyNote.map { "（\($0)）" } ?? "") \(rep.year.map { "\($0)年度" } ?? "（未识别年度）")，\(rep.format.rawValue)年格式"
        if !rep.formatDetected { head += "（未能从表格识别，按年度或参数确定）" }
        head += rep.date.map { "，日期 \($0.chinese)" } ?? "，未载明日期"
        if let e = rep.sourceEncoding { head += "（\(e) 编码，已转换）" }
        out += head + "\n"
        if let p = r.previousFile { out += "  对照上年报告：\((p as NSString).lastPathComponent)\n" }
        var lastTable = ""
        // The findings of one rule in one table at one severity come together (the validator's order); more than
        // `groupAbove` of them are one line with the count, the first in full and the next cells named
        // (`--json` keeps one finding per cell).
        var groups: [[Finding]] = []
        for f in r.findings {
            // A failure that depends on reading blank as 0 is never grouped with plain ones.
            func assumed(_ x: Finding) -> Bool { x.message.hasPrefix("按空白单元格为0核对") }
            if let g = groups.last?.first, g.table == f.table, g.rule == f.rule, g.severity == f.severity, assumed(g) == assumed(f) {
                groups[groups.count - 1].append(f)
            }
            else { groups.append([f]) }
        }
        for g in groups {
            let f = g[0]
            if f.table != lastTable { out += "  [\(f.table)]\n"; lastTable = f.table }
            func line(_ f: Finding) -> String { f.message + (f.source.map { "（\($0.description)）" } ?? "") }
            if g.count <= groupAbove {
                for f in g { out += "    \(f.severity.chinese) \(f.rule.rawValue) \(line(f))\n" }
                continue
            }
            let named = g.dropFirst().prefix(3).map { f -> String in
                switch (f.row, f.column) {
                case let (row?, col?): "“\(row)”行“\(col)”列"
                case let (row?, nil): "“\(row)”"
                case let (nil, col?): "“\(col)”列"
                default: String(f.message.prefix(24)) + "…"
                }
            }
            out += "    \(f.severity.chinese) \(f.rule.rawValue) 共 \(g.count) 处，如：\(line(f))；又如\(named.joined(separator: "、"))等（逐条见 --json）\n"
        }
        out += "  小结：错误 \(r.errorCount)，警告 \(r.warningCount)，提示 \(r.infoCount)\n"
        return out
    }
}
