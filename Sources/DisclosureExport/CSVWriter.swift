import DisclosureRules
import Foundation

/// The report's tables as CSV files (RFC 4180), see `ReportExporter.csv`.
enum TableCSV {
    /// Quotes a field when it holds a comma, a double quote, CR or LF (quotes doubled inside).
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// UTF-8 with a byte order mark (so that Excel opens Chinese text correctly), CRLF line ends, every record
    /// padded to the same number of fields.
    static func file(_ records: [[String]]) -> Data {
        let width = records.map(\.count).max() ?? 0
        var text = ""
        for r in records {
            let padded = r + Array(repeating: "", count: width - r.count)
            text += padded.map(field).joined(separator: ",") + "\r\n"
        }
        return Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
    }

    /// Table 二: per block, the 条例 item, the column labels (信息内容 first) and the rows.
    static func table2(_ r: AnnualReport) -> [[String]] {
        var out: [[String]] = []
        for b in r.table2 {
            out.append([b.spec.item])
            out.append(["信息内容"] + b.spec.columns)
            for row in b.rows { out.append([row.label] + row.cells.map { printed($0.value) }) }
        }
        return out
    }

    /// Table 三: the header (the 勾稽关系 note over the row labels, then the seven applicant columns) and the rows in
    /// template order; the merged group labels (三、本年度办理结果, （三）不予公开 …) on rows of their own, without values.
    static func table3(_ r: AnnualReport) -> [[String]] {
        var out: [[String]] = [[ReportFormat.table3Note] + ReportFormat.table3Columns]
        var opened = Set<String>()
        for (spec, row) in zip(r.format.table3Rows, r.table3) {
            if let g = spec.group {
                if !opened.contains("三、本年度办理结果") { opened.insert("三、本年度办理结果"); out.append(["三、本年度办理结果"]) }
                if !opened.contains(g) { opened.insert(g); out.append([g]) }
            }
            out.append([row.label] + row.cells.prefix(7).map { printed($0.value) })
        }
        return out
    }

    /// Table 四: the three header rows of the template (a merged label in its first cell) and the row of 15 counts.
    static func table4(_ r: AnnualReport) -> [[String]] {
        let cols = ReportFormat.table4Columns
        let g = ReportFormat.table4Groups
        var h1 = [""] + Array(repeating: "", count: 15)
        h1[1] = g[0]; h1[6] = "行政诉讼"
        var h2 = [""] + cols + Array(repeating: "", count: 10)
        h2[6] = g[1]; h2[11] = g[2]
        let h3 = [""] + Array(repeating: "", count: 5) + cols + cols
        return [h1, h2, h3, [r.table4.label] + r.table4.cells.prefix(15).map { printed($0.value) }]
    }
}
