import DisclosureReaders
import DisclosureRules
import Foundation
import Testing

/// Generated consistent reports in both formats and both shapes must read back cell for cell, with no finding.
@Suite struct SyntheticReportTests {
    func temp(_ name: String, _ text: String) throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-syn-\(UUID().uuidString)-\(name)")
        try text.write(to: u, atomically: true, encoding: .utf8)
        return u
    }

    @Test(arguments: [2020, 2021, 2023])
    func textReadsBackExactly(year: Int) throws {
        let format = ReportFormat.applicable(toYear: year)
        let figures = SyntheticReports.figures(format: format, seed: year, carriedIn: 3, carriedOver: 2)
        let u = try temp("r.txt", SyntheticReports.text(agency: "某县某局", year: year, seed: year, carriedIn: 3, carriedOver: 2))
        let r = try ReportReader.read(url: u)
        #expect(r.format == format)
        #expect(r.agency == "某县某局")
        #expect(r.year == year)
        #expect(r.table3.map { $0.cells.map { $0.value.integer } } == figures.table3.map { $0.map { Optional($0) } })
        #expect(r.table4.cells.map { $0.value.integer } == figures.table4.map { Optional($0) })
        #expect(ReportValidator.validate(r).isEmpty, "\(ReportValidator.validate(r))")
    }

    @Test(arguments: [2020, 2022])
    func htmlReadsBackExactly(year: Int) throws {
        let format = ReportFormat.applicable(toYear: year)
        let figures = SyntheticReports.figures(format: format, seed: year)
        let u = try temp("p.html", SyntheticReports.html(agency: "某县人民政府", year: year, seed: year))
        let r = try ReportReader.read(url: u)
        #expect(r.format == format)
        #expect(r.year == year)
        #expect(r.table3.map { $0.cells.map { $0.value.integer } } == figures.table3.map { $0.map { Optional($0) } })
        #expect(r.table4.cells.map { $0.value.integer } == figures.table4.map { Optional($0) })
        #expect(ReportValidator.validate(r).isEmpty, "\(ReportValidator.validate(r))")
    }
}
