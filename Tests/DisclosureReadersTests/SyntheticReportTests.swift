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

/// Text variants an oversight office meets: pipes without borders, a duplicated row, a bad date.
@Suite struct TextVariantTests {
    static func zhongwei() throws -> String {
        try String(contentsOf: Samples.url("zhongwei-gxj-2020.txt"), encoding: .utf8)
    }

    func read(_ text: String, _ name: String = "v.txt") throws -> AnnualReport {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-var-\(UUID().uuidString)-\(name)")
        try text.write(to: u, atomically: true, encoding: .utf8)
        return try ReportReader.read(url: u)
    }

    @Test func pipesWithoutBordersKeepLeadingBlanks() throws {
        let piped = try Self.zhongwei().split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.replacingOccurrences(of: "\t", with: "|") }.joined(separator: "\n")
        let r = try read(piped)
        #expect(r.table4.cells[0..<5].allSatisfy { $0.value.isBlank })
        #expect(r.table4.cells[5..<15].allSatisfy { $0.value.integer == 0 })
    }

    @Test func duplicatedRowIsReportedNotShifted() throws {
        let text = SyntheticReports.text(agency: "某县某局", year: 2023, seed: 7)
        var lines = text.components(separatedBy: "\n")
        let i = try #require(lines.firstIndex { $0.hasPrefix("一、本年新收") })
        lines.insert(lines[i], at: i + 1)
        let r = try read(lines.joined(separator: "\n"))
        let f = ReportValidator.validate(r)
        #expect(f.filter { $0.rule == .S3 }.count == 1)
        #expect(!f.contains { $0.rule == .S4 || $0.rule == .R1 || $0.rule == .I2 })
        let figures = SyntheticReports.figures(format: .f2021, seed: 7)
        #expect(r.table3.map { $0.cells.map { $0.value.integer } } == figures.table3.map { $0.map { Optional($0) } })
    }

    @Test func impossibleDate() throws {
        let text = SyntheticReports.text(agency: "某县某局", year: 2023, seed: 7).replacingOccurrences(of: "2024年1月17日", with: "2024年2月30日")
        let r = try read(text)
        #expect(r.date == nil)
        #expect(ReportValidator.validate(r).contains { $0.rule == .D1 && $0.message.contains("2024年2月30日") })
    }
}
