import DisclosureExport
import DisclosureReaders
import DisclosureRules
import Foundation
import Testing

/// The acceptance of the exports: each file read back with `ReportReader.read(url:)` (what `gongkai audit` uses)
/// gives the same cells of tables 二, 三 and 四 and no finding the original report did not have.
@Suite("Export round trip")
struct RoundTripTests {
    /// Exports to `ext`, reads the file back, and compares cells, metadata, sections and findings.
    func roundTrip(_ report: AnnualReport, ext: String, sourceNote: Comment) throws -> AnnualReport {
        let dir = try Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("report.\(ext)")
        let written = try ReportExporter.write(ExportContext(report: report), to: url)
        #expect(written == [url])
        let back = try ReportReader.read(url: url)

        let diff = Fixtures.differences(Fixtures.cells(report), Fixtures.cells(back))
        #expect(diff.isEmpty, "\(sourceNote): cells differ after the round trip:\n\(diff.joined(separator: "\n"))")
        #expect(back.format == report.format, sourceNote)
        #expect(back.year == report.year, sourceNote)
        #expect(back.agency == report.agency, sourceNote)
        #expect(back.date == report.date, sourceNote)
        #expect(back.table3Present && back.table4Present && back.table2.allSatisfy(\.present), sourceNote)
        #expect(back.table3.allSatisfy { $0.present }, sourceNote)
        for (a, b) in zip(report.sections, back.sections) {
            #expect(b.present, "\(sourceNote): section \(a.heading) missing")
            // Section 六 runs to the end of the report: read back, its text ends with the signature.
            let expected = a.number == 6 && ext != "json" ? a.text + "\n" + [report.agency!, report.date!.chinese].joined(separator: "\n") : a.text
            #expect(b.text == expected, "\(sourceNote): section \(a.heading) text differs")
        }
        let original = Set(ReportValidator.validate(report).map(Fixtures.key))
        let extra = ReportValidator.validate(back).map(Fixtures.key).filter { !original.contains($0) }
        #expect(extra.isEmpty, "\(sourceNote): findings the original did not have:\n\(extra.joined(separator: "\n"))")
        return back
    }

    @Test("HTML, DOCX, XLSX and JSON read back identically", arguments: [ReportFormat.f2019, .f2021], ["html", "docx", "xlsx", "json"])
    func wholeReport(format: ReportFormat, ext: String) throws {
        let report = Fixtures.report(format)
        // The fixture itself is a clean report: no error to hide a reading mistake behind.
        #expect(ReportValidator.validate(report).filter { $0.severity == .error }.isEmpty)
        _ = try roundTrip(report, ext: ext, sourceNote: "\(format.rawValue) .\(ext)")
    }

    @Test("A blank cell stays blank and unreadable text stays verbatim", arguments: [ReportFormat.f2019, .f2021], ["html", "docx", "xlsx", "json", "csv"])
    func blankAndText(format: ReportFormat, ext: String) throws {
        let report = Fixtures.withBlankAndText(format)
        let back: AnnualReport
        if ext == "csv" {
            back = try readCSV(report).table3
            let t2 = try readCSV(report).table2
            #expect(t2.table2Row(block: "20.1", row: "规章")?.cells[2].value == .text("暂无<统计>&\"数据\",待补"))
        } else {
            back = try roundTrip(report, ext: ext, sourceNote: "\(format.rawValue) .\(ext) with a blank cell")
            #expect(back.table2Row(block: "20.1", row: "规章")?.cells[2].value == .text("暂无<统计>&\"数据\",待补"))
        }
        #expect(back.table3Row("unable.2")?.cells[2].value == .blank)
        #expect(back.table3Row("unable.2")?.cells[1].value == report.table3Row("unable.2")?.cells[1].value)
        // The blank is reported (S2) after the round trip as before it.
        let s2 = ReportValidator.validate(back).filter { $0.rule == .S2 && $0.table == "表三" }
        #expect(s2.count == 1)
    }

    /// Writes the three CSV files and reads each back on its own.
    func readCSV(_ report: AnnualReport) throws -> (table2: AnnualReport, table3: AnnualReport, table4: AnnualReport) {
        let dir = try Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let urls = try ReportExporter.write(ExportContext(report: report), to: dir.appendingPathComponent("年报.csv"))
        #expect(urls.map(\.lastPathComponent) == ["年报-表二.csv", "年报-表三.csv", "年报-表四.csv"])
        return (try ReportReader.read(url: urls[0], options: ReadOptions(format: report.format)),
                try ReportReader.read(url: urls[1], options: ReadOptions(format: report.format)),
                try ReportReader.read(url: urls[2], options: ReadOptions(format: report.format)))
    }

    @Test("Each CSV file reads back its table's cells", arguments: [ReportFormat.f2019, .f2021])
    func csvTables(format: ReportFormat) throws {
        let report = Fixtures.report(format)
        let (t2, t3, t4) = try readCSV(report)
        for (back, table) in [(t2, "表二"), (t3, "表三"), (t4, "表四")] {
            let diff = Fixtures.differences(Fixtures.cells(report, tables: [table]), Fixtures.cells(back, tables: [table]))
            #expect(diff.isEmpty, "\(table).csv: \(diff.joined(separator: "\n"))")
        }
        // Table 三's file alone: the table is read, the other tables are absent by design.
        #expect(t3.table3Present && t3.table3.allSatisfy { $0.present })
        #expect(!t3.table4Present && t3.table2.allSatisfy { !$0.present })
        // Its rows carry no finding the original's table 三 did not have (no S3/S4: labels and column count read as
        // the template's).
        let original = Set(ReportValidator.validate(report).filter { $0.table == "表三" }.map(Fixtures.key))
        let extra = ReportValidator.validate(t3).filter { $0.table == "表三" }.map(Fixtures.key).filter { !original.contains($0) }
        #expect(extra.isEmpty, "\(extra)")
        // Without the format forced, table 三 alone is read the same (its rows tell 2019 from 2021).
        let dir = try Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("表三.csv")
        try ReportExporter.csv(ExportContext(report: report))[1].data.write(to: url)
        let plain = try ReportReader.read(url: url)
        if format == .f2021 {
            #expect(Fixtures.differences(Fixtures.cells(report, tables: ["表三"]), Fixtures.cells(plain, tables: ["表三"])).isEmpty)
        }
    }
}
