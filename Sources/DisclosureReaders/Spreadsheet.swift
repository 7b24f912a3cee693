import CLibXML2
import CSV
import DisclosureRules
import Foundation

/// Rows of a spreadsheet as text — how agencies keep their application ledgers (依申请公开台账) in Excel.
///
/// - CSV: UTF-8 (with or without BOM) or GBK/GB18030 as Chinese Excel saves it; parsed with CSV.swift.
/// - XLSX: the first worksheet, via the ZIP container and libxml2; shared strings, inline strings, numbers and
///   booleans. A date typed as an Excel date comes out as its serial number (e.g. "45541"): callers that expect a
///   date convert it with `excelSerialDate`.
public enum Spreadsheet {
    /// All rows, header included; row `i` of the result is spreadsheet row `i + 1`. Trailing empty rows dropped.
    /// The file may be at most `ReaderLimits.ledgerBytes` (checked before it is loaded), an XLSX worksheet or its
    /// shared strings at most `ReaderLimits.ledgerPartBytes` each once inflated.
    /// - Throws: `ReaderError` naming the file (missing, empty, damaged, unknown encoding, not CSV/XLSX), and
    ///   `.tooLarge` for a file or part over its limit.
    public static func rows(url: URL) throws -> [[String]] {
        let file = url.path
        let size = try InputFile.check(url, file: file, limit: ReaderLimits.ledgerBytes, what: "台账文件")
        if size == 0 { throw ReaderError.unreadable(file: file, reason: "文件为空") }
        let head = try InputFile.head(url, file: file, count: 4)
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || url.pathExtension.lowercased() == "xlsx" {
            return try xlsx(url: url, file: file)
        }
        if url.pathExtension.lowercased() == "xls" {
            throw ReaderError.unreadable(file: file, reason: "这是旧版Excel（.xls）文件，请另存为XLSX或CSV后再导入")
        }
        let data = try InputFile.load(url, file: file, limit: ReaderLimits.ledgerBytes, what: "台账文件")
        if data.isEmpty { throw ReaderError.unreadable(file: file, reason: "文件为空") }
        let (text, _) = try TextReader.decodeDetectingEncoding(data, file: file)
        return try csv(text, file: file)
    }

    static func csv(_ text: String, file: String) throws -> [[String]] {
        let reader: CSVReader
        do { reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: true) } catch {
            throw ReaderError.unreadable(file: file, reason: "CSV 无法解析：\(csvProblem(error))")
        }
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        if let e = reader.error { throw ReaderError.unreadable(file: file, reason: "CSV 第\(rows.count + 1)行无法解析：\(csvProblem(e))") }
        return trimmed(rows)
    }

    static func trimmed(_ rows: [[String]]) -> [[String]] {
        var r = rows
        while let last = r.last, last.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { r.removeLast() }
        return r
    }

    /// Converts an Excel date serial (1900 date system, e.g. 45541 = 2024-09-05) to a date (`CalendarDate.excelSerial`).
    public static func excelSerialDate(_ text: String) -> CalendarDate? { CalendarDate(excelSerial: text) }

    // MARK: XLSX

    /// The first worksheet's rows, through the same workbook and sheet parsing as `XLSXReportReader`.
    static func xlsx(url: URL, file: String) throws -> [[String]] {
        ensureLibXML2()
        // Only the workbook, its relationships, the shared strings and the first sheet are read, each within
        // the part limit: no limit on their sum.
        let package = try ZIPPackage(url: url, file: file, kind: "XLSX", fileLimit: ReaderLimits.ledgerBytes,
                                     partLimit: ReaderLimits.ledgerPartBytes, totalLimit: .max, tagLimit: .max)
        let shared = try XLSXReportReader.sharedStrings(package, file: file)
        guard let sheetPath = try XLSXReportReader.sheetPaths(package).first, let bytes = try package.extract(sheetPath) else {
            throw ReaderError.unreadable(file: file, reason: "XLSX 中没有工作表")
        }
        guard let doc = DOCXReader.parseXML(bytes) else { throw ReaderError.unreadable(file: file, reason: "XLSX 工作表无法解析") }
        defer { xmlFreeDoc(doc) }
        let sheet = XLSXReportReader.parseSheet(doc, shared: shared, bordered: [])
        guard let maxRow = sheet.rows.keys.max() else { return [] }
        let out: [[String]] = (0...maxRow).map { r in
            let cells = sheet.rows[r] ?? [:]
            return (0..<((cells.keys.max() ?? -1) + 1)).map { cells[$0] ?? "" }
        }
        return trimmed(out)
    }

    /// Concatenated text of `t` descendants (phonetic runs `rPh` skipped when asked).
    static func textOf(_ node: xmlNodePtr, skipPhonetic: Bool) -> String {
        var out = ""
        walkNodes(from: node.pointee.children, enter: { n in
            if n.pointee.type == XML_TEXT_NODE || n.pointee.type == XML_CDATA_SECTION_NODE, let c = n.pointee.content {
                out += String(cString: c)
                return false
            }
            if n.pointee.type == XML_ELEMENT_NODE, skipPhonetic, nameEquals(n.pointee.name, "rPh") { return false }
            return n.pointee.type == XML_ELEMENT_NODE
        }, leave: { _ in })
        return out
    }

    /// "C12" → 2 (0-based column).
    static func columnIndex(_ ref: UnsafePointer<UInt8>) -> Int? {
        var i = 0, col = 0, p = ref
        while p.pointee >= 0x41 && p.pointee <= 0x5A { col = col * 26 + Int(p.pointee - 0x40); p += 1; i += 1 }
        return i == 0 ? nil : col - 1
    }
}
