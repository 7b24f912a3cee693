import DisclosureRules
import Foundation

/// The report as one self-contained HTML page in the official layout (see `ReportExporter.html`).
enum HTMLWriter {
    static let bodyFonts = "\"FangSong\", \"仿宋\", \"仿宋_GB2312\", \"STFangsong\", serif"
    static let headingFonts = "\"黑体\", \"SimHei\", \"STHeiti\", \"Heiti SC\", sans-serif"
    static let titleFonts = "\"方正小标宋简体\", \"FZXiaoBiaoSong-B05S\", \"SimSun\", \"宋体\", \"STSong\", serif"

    static let css = """
    @page { size: A4; margin: 2.54cm 3.17cm; }
    html { background: #f2f2f2; }
    body { margin: 0; color: #000; font-family: \(bodyFonts); font-size: 16pt; line-height: 1.75; }
    .report { box-sizing: border-box; max-width: 21cm; margin: 0 auto; padding: 2.54cm 3.17cm; background: #fff; }
    h1.title { font-family: \(titleFonts); font-size: 22pt; font-weight: normal; text-align: center; line-height: 1.5; margin: 0 0 1em; }
    h2 { font-family: \(headingFonts); font-size: 16pt; font-weight: normal; margin: 0.6em 0 0.3em; text-indent: 2em; }
    p { margin: 0; text-indent: 2em; text-align: justify; }
    table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0.5em 0 1em; font-size: 10.5pt; line-height: 1.35; }
    th, td { border: 1px solid #000; padding: 3pt 2pt; text-align: center; vertical-align: middle; font-weight: normal; overflow-wrap: anywhere; word-break: break-all; }
    td.label { text-align: left; }
    td.num { white-space: nowrap; word-break: normal; }
    th.block { font-family: \(headingFonts); }
    thead { display: table-header-group; }
    .signature { margin-top: 2em; text-align: right; }
    .signature p { text-indent: 0; text-align: right; }
    figure { margin: 1em 0; break-inside: avoid; page-break-inside: avoid; }
    svg.chart { display: block; max-width: 100%; height: auto; font-family: \(bodyFonts); }
    .table-wrap { overflow-x: auto; }
    @media screen and (max-width: 760px) {
      body { font-size: 12pt; }
      .report { padding: 1.2em 0.9em; }
      h1.title { font-size: 16pt; }
      .table-wrap table { min-width: 640px; }
    }
    @media print {
      html { background: none; }
      .report { max-width: none; margin: 0; padding: 0; }
    }
    """

    static func render(_ c: ExportContext) -> String {
        let r = c.report
        let title = c.title
        var h = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<meta name=\"generator\" content=\"gongkai\">\n"
        h += "<title>\(xmlEscaped(title))</title>\n<style>\n\(css)\n</style>\n</head>\n<body>\n<main class=\"report\">\n"
        h += "<h1 class=\"title\">\(c.titleLines.map(xmlEscaped).joined(separator: "<br>"))</h1>\n"
        for k in 1...6 {
            let heading = ReportFormat.sectionHeadings[k - 1]
            h += "<section class=\"part\" id=\"part\(k)\">\n<h2>\(xmlEscaped(heading))</h2>\n"
            for p in paragraphs(r.section(k)?.text ?? "") { h += "<p>\(xmlEscaped(p))</p>\n" }
            switch k {
            case 2: h += table(TemplateTable.table2(r), caption: "表二", className: "t2", headerRows: 0)
            case 3:
                h += table(TemplateTable.table3(r), caption: "表三", className: "t3", headerRows: 3)
                h += "<figure>\(SVGCharts.outcomes(r, id: "chart-outcomes"))</figure>\n"
                h += "<figure>\(SVGCharts.applicants(r, id: "chart-applicants"))</figure>\n"
                let years = c.trend
                if !years.isEmpty { h += "<figure>\(SVGCharts.trend(years, id: "chart-trend"))</figure>\n" }
            case 4: h += table(TemplateTable.table4(r), caption: "表四", className: "t4", headerRows: 3)
            default: break
            }
            h += "</section>\n"
        }
        if r.agency != nil || r.date != nil {
            h += "<div class=\"signature\">\n"
            if let a = r.agency, !a.isEmpty { h += "<p>\(xmlEscaped(a))</p>\n" }
            if let d = r.date { h += "<p>\(xmlEscaped(d.chinese))</p>\n" }
            h += "</div>\n"
        }
        h += "</main>\n</body>\n</html>\n"
        return h
    }

    /// A template table: `<colgroup>` widths, the header rows in `<thead>` (repeated on each printed page), header
    /// cells as `<th>`, row labels left-aligned, values plain.
    static func table(_ t: TemplateTable, caption: String, className: String, headerRows: Int) -> String {
        // Wrapped so that a narrow screen scrolls the table sideways instead of squeezing its columns.
        var h = "<div class=\"table-wrap\">\n<table class=\"\(className)\" aria-label=\"\(caption)\">\n<colgroup>"
        for w in t.widths { h += "<col style=\"width:\(String(format: "%.2f", w * 100))%\">" }
        h += "</colgroup>\n"
        for row in 0..<t.rowCount {
            if row == 0 && headerRows > 0 { h += "<thead>\n" }
            if row == headerRows { h += (headerRows > 0 ? "</thead>\n" : "") + "<tbody>\n" }
            h += "<tr>"
            for cell in t.cells(inRow: row) {
                var attrs = ""
                if cell.rowSpan > 1 { attrs += " rowspan=\"\(cell.rowSpan)\"" }
                if cell.colSpan > 1 { attrs += " colspan=\"\(cell.colSpan)\"" }
                switch (cell.role, cell.content) {
                case (.blockHeader, .label(let s)): h += "<th class=\"block\"\(attrs)>\(xmlEscaped(s))</th>"
                case (.header, .label(let s)): h += "<th\(attrs)>\(xmlEscaped(s))</th>"
                case (_, .label(let s)): h += "<td class=\"label\"\(attrs)>\(xmlEscaped(s))</td>"
                case (_, .value(let v)):
                    let cls: String
                    switch v { case .number: cls = "num"; case .blank: cls = "num blank"; case .text, .unreadable: cls = "text" }
                    h += "<td class=\"\(cls)\"\(attrs)>\(xmlEscaped(printed(v)))</td>"
                }
            }
            h += "</tr>\n"
        }
        h += "</tbody>\n</table>\n</div>\n"
        return h
    }
}
