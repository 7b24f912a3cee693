import DisclosureExport
import DisclosureRules
import Foundation
import Testing

@Test func zzTempDump() throws {
    let dir = URL(fileURLWithPath: "/tmp/export-samples")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let history = [YearTotals(year: 2019, received: 80, decided: 75, carriedOver: 5),
                   YearTotals(year: 2020, received: 96, decided: 90, carriedOver: 11)]
    for f in [ReportFormat.f2019, .f2021] {
        let c = ExportContext(report: Fixtures.withBlankAndText(f), history: f == .f2021 ? history : [])
        try ReportExporter.write(ExportContext(report: Fixtures.report(f)), to: dir.appendingPathComponent("clean\(f.rawValue).docx"))
        for ext in ["html", "docx", "xlsx", "json", "csv"] {
            try ReportExporter.write(c, to: dir.appendingPathComponent("r\(f.rawValue).\(ext)"))
        }
    }
}
