import DisclosureReaders
import DisclosureRules
import Foundation

/// Writes an annual report (政府信息公开工作年度报告) in files an agency can publish as they are.
///
/// Every format carries the official template of the report's format (国办公开办函〔2019〕60号 or
/// 〔2021〕30号): the six headings 一…六 (`ReportFormat.sectionHeadings`), tables 二, 三 and 四 with their
/// official row and column labels and merged cells, the narrative sections, and the signature (agency and date).
/// Cells print as they are: a number plainly (its Decimal digits, no thousands separators, so 24252.311082 万元
/// stays 24252.311082 and a 2019 本年增/减 of −18 stays -18), a blank cell empty, unreadable text verbatim.
///
/// Each file reads back with `ReportReader.read(url:)` (what `gongkai audit` uses) into the same cells of tables
/// 二, 三 and 四 — a CSV file into the cells of its one table.
public enum ReportExporter {
    /// One self-contained HTML page (UTF-8): the title "<agency><year>年政府信息公开工作年度报告", the six headings,
    /// the section texts as paragraphs, the three tables with the template's merged cells (`rowspan`/`colspan`),
    /// print CSS for A4 (2.54 cm × 3.17 cm margins) and the official fonts with fallbacks (body 仿宋, headings 黑体,
    /// title 方正小标宋), and three inline SVG charts under table 三 (no script, no external asset): applications by
    /// outcome (table 三's outcome rows, 总计 column), by applicant kind (rows 一 + 二 by the six applicant
    /// columns) and the trend over `history` (received, decided, carried over).
    public static func html(_ c: ExportContext) -> String {
        HTMLWriter.render(c)
    }

    /// A Word document (DOCX, WordprocessingML): title, headings, paragraphs and the three tables with merged
    /// cells (`w:gridSpan`, `w:vMerge`), on A4 (11906 × 16838 twips) with 2.54 cm / 3.17 cm margins, fonts 仿宋_GB2312,
    /// 黑体 and 方正小标宋简体 (East Asian) with Times New Roman for Latin text; `dc:title` is the report's title.
    /// - Throws: `ExportError.package` when the ZIP package cannot be written.
    public static func docx(_ c: ExportContext) throws -> Data {
        try DOCXWriter.package(c)
    }

    /// An Excel workbook (XLSX, SpreadsheetML) with one sheet per table — 表二, 表三, 表四 — holding the official
    /// labels (inline strings), the counts as numeric cells and the template's merged cells (`<mergeCells>`).
    /// Each sheet opens with its section heading and text; 表二's starts with the title and 一、总体情况, 表四's
    /// ends with 五, 六 and the signature, so the workbook reads in the order of the printed report.
    /// - Throws: `ExportError.package` when the ZIP package cannot be written.
    public static func xlsx(_ c: ExportContext) throws -> Data {
        try XLSXWriter.package(c)
    }

    /// A PDF of the Word export (`docx(_:)`), converted by LibreOffice headless (`soffice`, Debian's
    /// libreoffice-writer) as letters are (`LetterExporter.pdf(docx:)`): the same A4 pages, fonts and merged cells.
    /// - Throws: `ExportError.package`, `LetterConversionError.missingTool` when soffice is not installed, `.failed`
    ///   with LibreOffice's message when the conversion fails.
    public static func pdf(_ c: ExportContext) throws -> Data {
        try LetterExporter.pdf(docx: try docx(c))
    }

    /// One CSV file per table — "表二.csv", "表三.csv", "表四.csv" — UTF-8 with a byte order mark, comma-separated,
    /// CRLF line ends, RFC 4180 quoting; the first column holds the row label (table 二: per block the 条例 item,
    /// the column labels and the rows; table 三: the 勾稽关系 note and the seven applicant columns as header, the
    /// merged group labels on rows of their own; table 四: the template's three header rows and the row of counts).
    public static func csv(_ c: ExportContext) -> [(name: String, data: Data)] {
        [("表二.csv", TableCSV.file(TableCSV.table2(c.report))),
         ("表三.csv", TableCSV.file(TableCSV.table3(c.report))),
         ("表四.csv", TableCSV.file(TableCSV.table4(c.report)))]
    }

    /// The report and `c.findings` in exactly the shape `gongkai audit --json` prints for one file (`ReportJSON`),
    /// pretty-printed UTF-8. `file` is the report's file (or "<title>.json"); `title` is the official title when
    /// the report has none.
    /// - Throws: an `EncodingError` (not expected: every value of the model encodes).
    public static func json(_ c: ExportContext) throws -> Data {
        try json(c, file: c.report.file ?? "\(c.title).json")
    }

    static func json(_ c: ExportContext, file: String) throws -> Data {
        var report = c.report
        if report.title?.isEmpty ?? true { report.title = c.title }
        let result = AuditResult(file: file, report: report, findings: c.findings)
        return Data((try ReportJSON.encode(result, pretty: true) + "\n").utf8)
    }

    /// Writes the export the file name's extension asks for: .html (or .htm), .docx, .xlsx, .json, or .csv — which
    /// writes the three table files next to `url`, named with the table as suffix ("报告.csv" →
    /// "报告-表二.csv", "报告-表三.csv", "报告-表四.csv").
    /// - Returns: the files written.
    /// - Throws: `ExportError.unsupportedExtension` for another extension, `ExportError.package`, or the file
    ///   system's error when a file cannot be written.
    @discardableResult
    public static func write(_ c: ExportContext, to url: URL) throws -> [URL] {
        let ext = url.pathExtension.lowercased()
        switch ext {
        case "html", "htm":
            try Data(html(c).utf8).write(to: url, options: .atomic)
        case "docx":
            try docx(c).write(to: url, options: .atomic)
        case "xlsx":
            try xlsx(c).write(to: url, options: .atomic)
        case "json":
            try json(c, file: url.lastPathComponent).write(to: url, options: .atomic)
        case "csv":
            let stem = url.deletingPathExtension().lastPathComponent
            let dir = url.deletingLastPathComponent()
            var out: [URL] = []
            for file in csv(c) {
                let table = (file.name as NSString).deletingPathExtension
                let target = dir.appendingPathComponent("\(stem)-\(table).csv")
                try file.data.write(to: target, options: .atomic)
                out.append(target)
            }
            return out
        default:
            throw ExportError.unsupportedExtension(ext)
        }
        return [url]
    }
}
