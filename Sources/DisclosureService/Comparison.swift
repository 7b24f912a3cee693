import DisclosureExport
import DisclosureReaders
import DisclosureRules
import Foundation

/// Two years of one agency's published report compared (issue 13 point 3), ready for a front end: the comparison
/// itself, a Chinese text rendering and a JSON document.
public struct ComparedReports: Sendable {
    public var comparison: YearComparison
    /// Files as given.
    public var previousFile: String
    public var currentFile: String
    /// Rule N1 on each year (the narrative against its own tables).
    public var previousN1: [Finding]
    public var currentN1: [Finding]
    /// Whether both reports name the same agency (`ReportComparison.sameAgency`); the text says so when not.
    public var sameAgency: Bool
}

extension Service {
    /// Reads two published reports (any format the audit reads) and compares them: every cell side by side, sections
    /// aligned with their similarity and changed sentences, the cross-year rules I5, I6, H1 and T3 (`YearComparison`),
    /// and rule N1 on each.
    /// - Throws: `ServiceError.unreadable` naming the file that cannot be read; `invalidInput` when the "previous"
    ///   report's year is not before the current one's.
    public static func compareReports(previous: URL, current: URL) throws -> ComparedReports {
        func read(_ u: URL) throws -> AnnualReport {
            do { return try ReportReader.read(url: u) } catch { throw ServiceError(error) }
        }
        let p = try read(previous), c = try read(current)
        if let a = p.year, let b = c.year, a >= b {
            throw ServiceError(.invalidInput, "上一年度的报告（\(previous.lastPathComponent)，\(a)年度）应早于本年度的报告（\(current.lastPathComponent)，\(b)年度）",
                               field: "previous")
        }
        let n1 = { (r: AnnualReport) in ReportValidator.validate(r).filter { $0.rule == .N1 } }
        return ComparedReports(comparison: YearComparison.compare(previous: p, current: c), previousFile: previous.path, currentFile: current.path,
                               previousN1: n1(p), currentN1: n1(c),
                               sameAgency: p.agency == nil || c.agency == nil || ReportComparison.sameAgency(p.agency, c.agency ?? ""))
    }

    /// The comparison in Chinese text: changed cells (or every cell with `allCells`) as 表 | 行 | 列 | 上年 | 本年 | 变化,
    /// each section's similarity with its added and removed sentences, the cross-year findings and N1.
    public static func comparisonText(_ r: ComparedReports, allCells: Bool = false) -> String {
        let c = r.comparison
        func show(_ v: CellValue?) -> String {
            switch v {
            case nil: "（无此格）"
            case .blank?: "空白"
            case .number(let d)?: "\(d)"
            case .text(let t)?: t
            case .unreadable?: "无法读取"
            }
        }
        var out = ["\(c.agency ?? "（机关未知）")：\(c.previousYear.map { "\($0)年度" } ?? "上年度") → \(c.year.map { "\($0)年度" } ?? "本年度")（\(r.previousFile) → \(r.currentFile)）"]
        if !r.sameAgency {
            out.append("注意：两份报告的机关不同（上年：\(r.comparison.previousAgency ?? "未知")；本年：\(c.agency ?? "未知")），对比仅供参考")
        }
        let cells = allCells ? c.cells : c.changes
        out.append("")
        out.append(allCells ? "表格（全部 \(cells.count) 格，其中变化 \(c.changes.count) 格）：" : "表格中变化的单元格（\(cells.count) 格，共 \(c.cells.count) 格）：")
        out.append("表\t行\t列\t上年\t本年\t变化")
        for x in cells {
            let change = x.change.map { $0 > 0 ? "+\($0)" : "\($0)" }
                ?? (x.previous == nil ? "仅本年格式有" : x.current == nil ? "仅上年格式有" : x.changed ? "变" : "")
            out.append("\(x.table)\t\(x.row)\t\(x.column)\t\(show(x.previous))\t\(show(x.current))\t\(change)")
        }
        out.append("")
        out.append("正文各部分（按标题含义对齐）：")
        for s in c.sections {
            let sim = s.similarity.map { "相似度 \(Int(($0 * 100).rounded()))%" } ?? (s.presentNow ? "上年无此部分" : "本年无此部分")
            out.append("\(s.number). \(s.heading)：\(sim)，新增 \(s.added.count) 句，删去 \(s.removed.count) 句")
            for a in s.added { out.append("  ＋ \(a)") }
            for d in s.removed { out.append("  － \(d)") }
        }
        out.append("")
        let findings = c.crossYear + r.currentN1
        out.append(findings.isEmpty ? "跨年度核对（I5、I6、H1、T3）和正文与表格核对（N1）：未发现问题" : "跨年度核对和正文与表格核对：")
        for f in findings { out.append("[\(f.severity.chinese)] \(f.rule.rawValue) \(f.table)\(f.row.map { " \($0)" } ?? "")\(f.column.map { " \($0)" } ?? "")：\(f.message)") }
        return out.joined(separator: "\n")
    }

    /// The comparison as JSON: `agency`, `previousYear`, `year`, `cells` (table, rowID, row, column, previous, current,
    /// change — a cell value is a number, a string for text, null for blank, absent when the cell does not exist),
    /// `sections` (number, heading, similarity 0…1, added, removed), `findings` (rule, severity, table, row, column,
    /// message).
    public static func comparisonJSON(_ r: ComparedReports, allCells: Bool = true) throws -> String {
        struct Value: Encodable {
            var v: CellValue
            func encode(to e: any Encoder) throws {
                var c = e.singleValueContainer()
                switch v {
                case .number(let d): try c.encode(d)
                case .blank: try c.encodeNil()
                case .text(let t): try c.encode(t)
                case .unreadable(let why): try c.encode("无法读取：\(why)")
                }
            }
        }
        struct CellJSON: Encodable { var table, rowID, row, column: String; var previous, current: Value?; var change: Decimal?; var changed: Bool }
        struct SectionJSON: Encodable { var number: Int; var heading: String; var similarity: Double?; var added, removed: [String] }
        struct FindingJSON: Encodable { var rule, severity, table: String; var row, column: String?; var message: String }
        struct Doc: Encodable {
            var agency: String?; var previousYear, year: Int?; var previousFile, currentFile: String
            var cells: [CellJSON]; var sections: [SectionJSON]; var findings: [FindingJSON]
        }
        let c = r.comparison
        let doc = Doc(agency: c.agency, previousYear: c.previousYear, year: c.year, previousFile: r.previousFile, currentFile: r.currentFile,
                      cells: (allCells ? c.cells : c.changes).map {
                          CellJSON(table: $0.table, rowID: $0.rowID, row: $0.row, column: $0.column, previous: $0.previous.map(Value.init),
                                   current: $0.current.map(Value.init), change: $0.change, changed: $0.changed)
                      },
                      sections: c.sections.map { SectionJSON(number: $0.number, heading: $0.heading, similarity: $0.similarity, added: $0.added, removed: $0.removed) },
                      findings: (c.crossYear + r.currentN1).map {
                          FindingJSON(rule: $0.rule.rawValue, severity: $0.severity.rawValue, table: $0.table, row: $0.row, column: $0.column, message: $0.message)
                      })
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(doc), as: UTF8.self)
    }

    /// The comparison as a printable HTML page or a workbook (`ComparisonFiles`).
    /// - Throws: when the workbook cannot be written.
    public static func comparisonFile(_ r: ComparedReports, xlsx: Bool, allCells: Bool = false) throws -> Data {
        xlsx ? try ComparisonFiles.xlsx(r.comparison) : Data(ComparisonFiles.html(r.comparison, findings: r.comparison.crossYear + r.currentN1, allCells: allCells).utf8)
    }
}
