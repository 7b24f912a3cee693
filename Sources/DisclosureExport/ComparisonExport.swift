import DisclosureRules
import Foundation

/// Files of a year-over-year comparison (issue 13 point 5): a printable HTML page and a workbook.
public enum ComparisonFiles {
    static func show(_ v: CellValue?) -> String {
        switch v {
        case nil: "（无此格）"
        case .blank?: "空白"
        case .number(let d)?: "\(d)"
        case .text(let t)?: t
        case .unreadable?: "无法读取"
        }
    }
    static func change(_ x: CellComparison) -> String {
        x.change.map { $0 > 0 ? "+\($0)" : "\($0)" } ?? (x.previous == nil ? "仅本年格式有" : x.current == nil ? "仅上年格式有" : x.changed ? "变" : "")
    }
    static func title(_ c: YearComparison) -> String {
        "\(c.agency ?? "")\(c.previousYear.map { "\($0)" } ?? "上")—\(c.year.map { "\($0)" } ?? "本")年度政府信息公开工作年度报告对比"
    }

    /// A self-contained HTML page (no scripts, print styles): the changed cells (or all with `allCells`) by table,
    /// the sections with similarity and the sentences added (＋) and removed (－), the findings.
    public static func html(_ c: YearComparison, findings: [Finding], allCells: Bool = false) -> String {
        let e = xmlEscaped
        var h = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>\(e(title(c)))</title>
        <style>
        body{font-family:"Noto Sans CJK SC","Source Han Sans SC",sans-serif;margin:2em;color:#1f2328}
        table{border-collapse:collapse;margin:0 0 1.5em;width:100%}th,td{border:1px solid #999;padding:3px 6px;font-size:14px}
        th{background:#eef1f4}td.n{text-align:right;font-variant-numeric:tabular-nums}tr.up td.d{color:#1a7f37}tr.down td.d{color:#cf222e}
        .added{color:#1a7f37}.removed{color:#cf222e;text-decoration:line-through}@media print{body{margin:0}h2{break-after:avoid}}
        </style></head><body>
        <h1>\(e(title(c)))</h1>

        """
        for table in ["表二", "表三", "表四"] {
            let cells = (allCells ? c.cells : c.changes).filter { $0.table == table }
            h += "<h2>\(table)（\(allCells ? "全部" : "变化的")单元格 \(cells.count) 格）</h2>\n"
            guard !cells.isEmpty else { h += "<p>无变化。</p>\n"; continue }
            h += "<table><thead><tr><th>行</th><th>列</th><th>上年</th><th>本年</th><th>变化</th></tr></thead><tbody>\n"
            for x in cells {
                let cls = x.change.map { $0 > 0 ? " class=\"up\"" : $0 < 0 ? " class=\"down\"" : "" } ?? ""
                h += "<tr\(cls)><td>\(e(x.row))</td><td>\(e(x.column))</td><td class=\"n\">\(e(show(x.previous)))</td><td class=\"n\">\(e(show(x.current)))</td><td class=\"n d\">\(e(change(x)))</td></tr>\n"
            }
            h += "</tbody></table>\n"
        }
        h += "<h2>正文各部分</h2>\n"
        for s in c.sections {
            let sim = s.similarity.map { "相似度 \(Int(($0 * 100).rounded()))%" } ?? (s.presentNow ? "上年无此部分" : "本年无此部分")
            h += "<h3>\(s.number). \(e(s.heading))（\(sim)）</h3>\n"
            if s.added.isEmpty && s.removed.isEmpty { h += "<p>文字未变。</p>\n"; continue }
            h += "<ul>\n" + s.added.map { "<li class=\"added\">＋ \(e($0))</li>\n" }.joined() + s.removed.map { "<li class=\"removed\">－ \(e($0))</li>\n" }.joined() + "</ul>\n"
        }
        h += "<h2>核对</h2>\n"
        h += findings.isEmpty ? "<p>跨年度核对（I5、I6、H1、T3）和正文与表格核对（N1）未发现问题。</p>\n"
            : "<ul>\n" + findings.map { "<li>[\($0.severity.chinese)] \($0.rule.rawValue) \(e($0.table)) \(e($0.message))</li>\n" }.joined() + "</ul>\n"
        return h + "</body></html>\n"
    }

    /// A one-sheet workbook of every cell: 表, 行, 列, 上年, 本年, 变化 (numbers as numbers).
    /// - Throws: when the package cannot be written.
    public static func xlsx(_ c: YearComparison) throws -> Data {
        func value(_ v: CellValue?) -> CellValue { v ?? .text("（无此格）") }
        let rows: [[CellValue]] = c.cells.map { x in
            [.text("\(x.table) \(x.row)"), .text(x.column), value(x.previous), value(x.current), x.change.map(CellValue.number) ?? .text(change(x))]
        }
        return try DashboardFiles.xlsx(title: title(c), sheetName: "对比", header: ["表和行", "列", "上年", "本年", "变化"], rows: rows)
    }
}
