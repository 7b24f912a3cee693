import DisclosureExport
import DisclosureReaders
import DisclosureRules
import Foundation

extension Service {
    /// Reads published reports (files or folders, any format the audit reads) and builds the region table of `year`
    /// (every report of that year when given, else of the latest year found): one row per report with its key figures
    /// and findings by severity, the totals, the rows far from the region's median (`RegionTable`).
    /// - Returns: the table and the files that could not be read (with why) — they are not silently left out.
    /// - Throws: `ServiceError.unreadable` when a path does not exist.
    public static func regionTable(paths: [String], year: Int? = nil) throws -> (table: RegionTable, unreadable: [String]) {
        let urls: [URL]
        urls = try reportFiles(paths)
        var rows: [AgencyKeyFigures] = [], unreadable: [String] = []
        audit(urls) { r in
            if let report = r.report { rows.append(AgencyKeyFigures(report: report, findings: r.findings, file: r.file)) }
            else { unreadable.append("\(r.file)：\(r.unreadable ?? "无法读取")") }
        }
        let chosen = year ?? rows.compactMap(\.year).max()
        return (RegionTable.build(rows.filter { chosen == nil || $0.year == chosen }), unreadable)
    }

    /// The region table as CSV (UTF-8 with BOM) or XLSX (one sheet, counts as numbers).
    public static func regionTableFile(_ t: RegionTable, xlsx: Bool) throws -> Data {
        let records = t.records
        guard xlsx else { return DashboardFiles.csv(records) }
        let rows: [[CellValue]] = records.dropFirst().map { r in r.map { Decimal(string: $0).map(CellValue.number) ?? ($0.isEmpty ? .blank : .text($0)) } }
        return try DashboardFiles.xlsx(title: "\(t.totals.year.map { "\($0)年度" } ?? "")政府信息公开工作年度报告主要数据对比", sheetName: "地区对比",
                                       header: RegionTable.header, rows: rows)
    }
}
