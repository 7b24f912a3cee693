import Foundation

/// One cell of a report set beside the same cell of the previous year's report (issue 13 point 3).
public struct CellComparison: Sendable, Hashable {
    /// "表二", "表三" or "表四".
    public var table: String
    /// Table 二: the block id ("20.1" …); table 三: the row id; table 四: the group ("行政复议" …).
    public var rowID: String
    /// The official row label (table 二: the row by its 2021 name, e.g. 行政许可, 行政规范性文件; table 四: the group).
    public var row: String
    /// The official column label.
    public var column: String
    /// nil when the cell is not in that year's report (a format without it, a table or row missing).
    public var previous: CellValue?
    public var current: CellValue?

    /// current − previous when both are numbers (a count or an amount, 万元 for fees as printed); nil otherwise.
    public var change: Decimal? {
        guard case .number(let a)? = previous, case .number(let b)? = current else { return nil }
        return b - a
    }

    /// Whether the two years differ (a number changed, or a cell went blank, became text, appeared or vanished).
    public var changed: Bool { previous != current }
}

/// One of the six sections of this year's report beside last year's: aligned by the section each heading names
/// (the readers place a heading by its words and its order, not by its numeral — see `ReportAssembler`), with their
/// text similarity and the sentences added and removed.
public struct SectionComparison: Sendable, Hashable {
    /// 1…6 (the format's order).
    public var number: Int
    /// The official heading of this position.
    public var heading: String
    public var presentBefore: Bool
    public var presentNow: Bool
    /// Character-bigram Dice similarity of the two texts, 0…1 (`TextSimilarity.dice`, the measure of rule T3); nil when
    /// either text is empty.
    public var similarity: Double?
    /// Sentences of this year's text that last year's does not have, in this year's order; and the reverse.
    public var added: [String]
    public var removed: [String]
}

/// Two years of one agency's report compared: every table cell side by side with its change, the sections aligned
/// with their similarity and changed sentences, and the cross-year rules (I5, I6, H1, T3) with where they apply.
public struct YearComparison: Sendable {
    /// This year's agency (else last year's), and last year's as read.
    public var agency: String?
    public var previousAgency: String?
    public var previousYear: Int?
    public var year: Int?
    public var previousFormat: ReportFormat
    public var format: ReportFormat
    /// Every cell of either report, in table order (二, 三, 四), each once.
    public var cells: [CellComparison]
    public var sections: [SectionComparison]
    /// The findings of the rules that need both years (I5, I6, H1, T3), as `ReportValidator` gives them.
    public var crossYear: [Finding]

    /// The cells that differ.
    public var changes: [CellComparison] { cells.filter(\.changed) }

    /// Compares `current` with `previous` (the same agency's report for the year before). Pure: the same two reports
    /// always give the same comparison.
    ///
    /// Table 二 cells are matched by block, row and column label (the 2019 format's 规范性文件 and 处理决定数量 taken as
    /// the 2021 format's 行政规范性文件 and 本年处理决定数量), so a 2020 report (2019 format) and a 2021 report (2021
    /// format) are compared where they agree and shown one-sided elsewhere; table 三 by row id and the
    /// seven columns; table 四 by its fifteen cells. Sentences are cut at 。！？； and line ends, compared after
    /// removing white space.
    public static func compare(previous: AnnualReport, current: AnnualReport) -> YearComparison {
        var cells: [CellComparison] = []
        // Table 二: rows and columns by their 2021 names (the 2019 format's 规范性文件 is 行政规范性文件, its 处理决定数量
        // 本年处理决定数量); other columns of one format only are one-sided.
        func rowName(_ s: String) -> String { s == "规范性文件" ? "行政规范性文件" : s }
        func columnName(_ s: String) -> String { s == "处理决定数量" ? "本年处理决定数量" : s }
        var blocks: [String] = []
        for b in previous.table2 + current.table2 where !blocks.contains(b.spec.id) { blocks.append(b.spec.id) }
        for id in blocks {
            let p = previous.table2.first { $0.spec.id == id && $0.present }, c = current.table2.first { $0.spec.id == id && $0.present }
            var rows: [String] = []
            for r in (p?.rows ?? []) + (c?.rows ?? []) where !rows.contains(rowName(r.id)) { rows.append(rowName(r.id)) }
            for rowID in rows {
                let pr = p?.rows.first { rowName($0.id) == rowID && $0.present }, cr = c?.rows.first { rowName($0.id) == rowID && $0.present }
                var columns: [String] = []
                for col in ((p?.spec.columns ?? []) + (c?.spec.columns ?? [])).map(columnName) where !columns.contains(col) { columns.append(col) }
                for col in columns {
                    func value(_ block: Table2Block?, _ row: TableRow?) -> CellValue? {
                        guard let block, let row, let i = block.spec.columns.map(columnName).firstIndex(of: col), i < row.cells.count else { return nil }
                        return row.cells[i].value
                    }
                    cells.append(CellComparison(table: "表二", rowID: id, row: rowID, column: col, previous: value(p, pr), current: value(c, cr)))
                }
            }
        }
        // Table 三.
        var t3: [String] = []
        for r in previous.table3 + current.table3 where !t3.contains(r.id) { t3.append(r.id) }
        for id in t3 {
            let pr = previous.table3Present ? previous.table3Row(id).flatMap { $0.present ? $0 : nil } : nil
            let cr = current.table3Present ? current.table3Row(id).flatMap { $0.present ? $0 : nil } : nil
            for (i, col) in ReportFormat.table3Columns.enumerated() {
                cells.append(CellComparison(table: "表三", rowID: id, row: (cr ?? pr)?.label ?? (current.table3Row(id) ?? previous.table3Row(id))?.label ?? id,
                                            column: col, previous: pr.flatMap { i < $0.cells.count ? $0.cells[i].value : nil },
                                            current: cr.flatMap { i < $0.cells.count ? $0.cells[i].value : nil }))
            }
        }
        // Table 四: three groups of five.
        for g in 0..<3 {
            for (k, col) in ReportFormat.table4Columns.enumerated() {
                let i = g * 5 + k
                cells.append(CellComparison(table: "表四", rowID: ReportFormat.table4Groups[g], row: ReportFormat.table4Groups[g], column: col,
                                            previous: previous.table4Present && i < previous.table4.cells.count ? previous.table4.cells[i].value : nil,
                                            current: current.table4Present && i < current.table4.cells.count ? current.table4.cells[i].value : nil))
            }
        }
        // Sections.
        let sections = (1...ReportFormat.sectionHeadings.count).map { n -> SectionComparison in
            let p = previous.section(n), c = current.section(n)
            let before = (p?.present ?? false) ? p!.text : "", now = (c?.present ?? false) ? c!.text : ""
            let a = sentences(before), b = sentences(now)
            let aKeys = Set(a.map(key)), bKeys = Set(b.map(key))
            return SectionComparison(number: n, heading: c?.heading ?? p?.heading ?? ReportFormat.sectionHeadings[n - 1],
                                     presentBefore: p?.present ?? false, presentNow: c?.present ?? false,
                                     similarity: before.isEmpty || now.isEmpty ? nil : TextSimilarity.dice(before, now),
                                     added: b.filter { !aKeys.contains(key($0)) }, removed: a.filter { !bKeys.contains(key($0)) })
        }
        let crossYear = ReportValidator.validate(current, previous: previous).filter { [.I5, .I6, .H1, .T3].contains($0.rule) }
        return YearComparison(agency: current.agency ?? previous.agency, previousAgency: previous.agency, previousYear: previous.year, year: current.year,
                                previousFormat: previous.format, format: current.format, cells: cells, sections: sections, crossYear: crossYear)
    }

    /// The sentences of a text: cut after 。！？； (kept) and at line ends; empty ones dropped; wrapped lines (a line
    /// end not after one of those marks) joined first.
    public static func sentences(_ text: String) -> [String] {
        var out: [String] = [], current = ""
        func flush() {
            let s = current.trimmingCharacters(in: .whitespaces)
            if !s.isEmpty { out.append(s) }
            current = ""
        }
        let marks: Set<Character> = ["。", "！", "？", "；", "!", "?", ";"]
        var previous: Character?
        for ch in text {
            if ch == "\n" {
                if let p = previous, marks.contains(p) || p == "：" || p == ":" { flush() }
                previous = ch
                continue
            }
            current.append(ch)
            if marks.contains(ch) { flush() }
            previous = ch
        }
        flush()
        return out
    }

    /// A sentence compared without white space.
    static func key(_ s: String) -> String { String(s.filter { !$0.isWhitespace }) }
}
