import DisclosureRules
import Foundation

/// The national template's tables (二, 三, 四) laid on a grid with their merged cells, shared by the HTML, DOCX
/// and XLSX writers so that all three publish the same layout.
///
/// Table 三 follows the 〔2019〕60号 / 〔2021〕30号 template as the published 平潭 2021 page lays it out: the
/// 勾稽关系 note spans 3 columns × 3 rows, 自然人 and 总计 span the two lower header rows, 法人或其他组织 spans its
/// 5 kinds; 三、本年度办理结果 spans its 20 (2019) or 22 (2021) rows, （三）不予公开 8, （四）无法提供 3,
/// （五）不予处理 5 and, in 2021, （六）其他处理 3; rows 一、二、四 span the three label columns and
/// （一）（二）（七） (and 2019's single （六）其他处理) the two inner ones.
///
/// One difference, on purpose: 申请人情况 spans the 7 applicant columns (`colspan="7"`). The 平潭 page has
/// `colspan="8"` because its Word source split the 自然人 column in two — 自然人 `colspan="2"` over an empty cell
/// and half of 商业企业, whose values then span two columns — which prints a stray empty header cell; the grid
/// here prints the same header without it, one grid column per applicant column.
struct TemplateTable {
    enum Role { case blockHeader, header, rowLabel, value }
    enum Content: Equatable { case label(String), value(CellValue) }

    struct Cell {
        var content: Content
        var role: Role
        /// 0-based start row and column.
        var row: Int
        var col: Int
        var rowSpan = 1
        var colSpan = 1
    }

    /// Grid columns.
    let columns: Int
    /// Relative column widths (sum 1).
    let widths: [Double]
    private(set) var rowCount = 0
    /// Cells in row order, and within a row in column order.
    private(set) var cells: [Cell] = []

    init(columns: Int, widths: [Double]) {
        self.columns = columns
        let sum = widths.reduce(0, +)
        self.widths = widths.map { $0 / sum }
    }

    mutating func newRow() { rowCount += 1 }

    mutating func add(_ content: Content, _ role: Role, col: Int, rowSpan: Int = 1, colSpan: Int = 1) {
        cells.append(Cell(content: content, role: role, row: rowCount - 1, col: col, rowSpan: rowSpan, colSpan: colSpan))
    }

    /// Cells starting in `row`.
    func cells(inRow row: Int) -> [Cell] { cells.filter { $0.row == row } }

    /// The cell covering (row, col), started in an earlier row (a vertical merge continuing), when any.
    func coveringFromAbove(row: Int, col: Int) -> Cell? {
        cells.first { $0.row < row && $0.row + $0.rowSpan > row && $0.col == col }
    }

    /// Whether (row, col) lies inside a merged cell without being its top-left position.
    func isCovered(row: Int, col: Int) -> Bool {
        cells.contains { c in
            row >= c.row && row < c.row + c.rowSpan && col >= c.col && col < c.col + c.colSpan && !(c.row == row && c.col == col)
        }
    }

    // MARK: The three tables

    /// How a block's value columns share the 3 value columns of table 二's grid: 3 → 1+1+1, 2 → 1+2, 1 → 3.
    static func table2Spans(_ n: Int) -> [Int] {
        switch n {
        case 3: return [1, 1, 1]
        case 2: return [1, 2]
        case 1: return [3]
        default: return Array(repeating: 1, count: n)
        }
    }

    /// Table 二: 4 columns (信息内容 + 3); each block is a header row (the 条例 item over the whole width), a
    /// column-label row and its data rows.
    static func table2(_ report: AnnualReport) -> TemplateTable {
        var t = TemplateTable(columns: 4, widths: [0.31, 0.23, 0.23, 0.23])
        for block in report.table2 {
            let spans = table2Spans(block.spec.columns.count)
            t.newRow()
            t.add(.label(block.spec.item), .blockHeader, col: 0, colSpan: 4)
            t.newRow()
            t.add(.label("信息内容"), .header, col: 0)
            var col = 1
            for (c, label) in block.spec.columns.enumerated() {
                t.add(.label(label), .header, col: col, colSpan: spans[c]); col += spans[c]
            }
            for row in block.rows {
                t.newRow()
                t.add(.label(row.label), .rowLabel, col: 0)
                col = 1
                for (c, cell) in row.cells.enumerated() where c < spans.count {
                    t.add(.value(cell.value), .value, col: col, colSpan: spans[c]); col += spans[c]
                }
            }
        }
        return t
    }

    /// Table 三: 10 columns (3 label columns + 自然人, the 5 kinds of 法人或其他组织, 总计), 3 header rows.
    static func table3(_ report: AnnualReport) -> TemplateTable {
        var t = TemplateTable(columns: 10, widths: [0.055, 0.085, 0.27] + Array(repeating: 0.59 / 7, count: 7))
        t.newRow()
        t.add(.label(ReportFormat.table3Note), .header, col: 0, rowSpan: 3, colSpan: 3)
        t.add(.label("申请人情况"), .header, col: 3, colSpan: 7)
        t.newRow()
        t.add(.label("自然人"), .header, col: 3, rowSpan: 2)
        t.add(.label("法人或其他组织"), .header, col: 4, colSpan: 5)
        t.add(.label("总计"), .header, col: 9, rowSpan: 2)
        t.newRow()
        for (i, label) in ReportFormat.table3Columns[1...5].enumerated() { t.add(.label(label), .header, col: 4 + i) }

        let specs = report.format.table3Rows
        let resultGroup = "三、本年度办理结果"
        let resultRows = specs.filter { $0.role == .outcome || $0.role == .total }.count
        var opened = Set<String>()
        for (spec, row) in zip(specs, report.table3) {
            t.newRow()
            if let group = spec.group {
                if !opened.contains(resultGroup) {
                    opened.insert(resultGroup)
                    t.add(.label(resultGroup), .rowLabel, col: 0, rowSpan: resultRows)
                }
                if group == resultGroup {
                    t.add(.label(spec.label), .rowLabel, col: 1, colSpan: 2)
                } else {
                    if !opened.contains(group) {
                        opened.insert(group)
                        t.add(.label(group), .rowLabel, col: 1, rowSpan: specs.filter { $0.group == group }.count)
                    }
                    t.add(.label(spec.label), .rowLabel, col: 2)
                }
            } else {
                t.add(.label(spec.label), .rowLabel, col: 0, colSpan: 3)
            }
            for (c, cell) in row.cells.prefix(7).enumerated() { t.add(.value(cell.value), .value, col: 3 + c) }
        }
        return t
    }

    /// Table 四: 15 columns, 3 header rows (行政复议 | 行政诉讼; the five results of 行政复议 over two rows,
    /// 未经复议直接起诉 | 复议后起诉; their five results) and the row of 15 counts.
    static func table4(_ report: AnnualReport) -> TemplateTable {
        var t = TemplateTable(columns: 15, widths: Array(repeating: 1, count: 15))
        t.newRow()
        t.add(.label(ReportFormat.table4Groups[0]), .header, col: 0, colSpan: 5)
        t.add(.label("行政诉讼"), .header, col: 5, colSpan: 10)
        t.newRow()
        for (i, label) in ReportFormat.table4Columns.enumerated() { t.add(.label(label), .header, col: i, rowSpan: 2) }
        t.add(.label(ReportFormat.table4Groups[1]), .header, col: 5, colSpan: 5)
        t.add(.label(ReportFormat.table4Groups[2]), .header, col: 10, colSpan: 5)
        t.newRow()
        for g in 0..<2 {
            for (i, label) in ReportFormat.table4Columns.enumerated() { t.add(.label(label), .header, col: 5 + g * 5 + i) }
        }
        t.newRow()
        for (c, cell) in report.table4.cells.prefix(15).enumerated() { t.add(.value(cell.value), .value, col: c) }
        return t
    }
}

/// How a cell value is printed: numbers plainly (the Decimal's own digits, no thousands separators), text
/// verbatim, a blank as nothing.
func printed(_ v: CellValue) -> String {
    switch v {
    case .number(let d): return d.description
    case .blank: return ""
    case .text(let t): return t
    case .unreadable: return "（无法读取）"
    }
}

/// The paragraphs of a section text (its lines, empty ones dropped).
func paragraphs(_ text: String) -> [String] {
    text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

/// Escapes text for XML and HTML content and attribute values; characters XML 1.0 forbids are dropped.
func xmlEscaped(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for u in s.unicodeScalars {
        switch u {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default:
            let v = u.value
            if v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D { continue }
            if v == 0xFFFE || v == 0xFFFF { continue }
            out.unicodeScalars.append(u)
        }
    }
    return out
}
