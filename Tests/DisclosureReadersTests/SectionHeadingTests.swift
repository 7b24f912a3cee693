import DisclosureReaders
import DisclosureRules
import Foundation
import Testing

/// Issue 10, kind 2: sections and tables found by their words and rows, not by the numeral of a heading; a
/// misnumbered heading is at most a warning.
@Suite struct SectionHeadingTests {
    static func cells(_ r: AnnualReport) -> [String] {
        r.table2.flatMap { b in b.rows.flatMap { row in row.cells.map { "\(b.spec)|\(row.id)|\($0.value)" } } }
            + r.table3.flatMap { row in row.cells.map { "\(row.id)|\($0.value)" } }
            + r.table4.cells.map { "t4|\($0.value)" }
    }

    @Test func theMisnumberedCaseReadsAsItsWellNumberedTwin() throws {
        let twin = try ReportReader.read(url: TitleTests.cases.appendingPathComponent("28-placeholder-header-cells.html"))
        let misnumbered = try ReportReader.read(url: TitleTests.cases.appendingPathComponent("30-misnumbered-sections.html"))
        #expect(Self.cells(misnumbered) == Self.cells(twin) && !Self.cells(twin).isEmpty)
        let findings = ReportValidator.validate(misnumbered)
        #expect(findings.filter { $0.severity == .error }.isEmpty, "\(findings.filter { $0.severity == .error }.map(\.message))")
        let warnings = findings.filter { $0.severity == .warning }
        #expect(warnings.count == 5 && warnings.allSatisfy { $0.rule == .S4 && $0.table == "正文" })
        #expect(ReportValidator.validate(twin).filter { $0.table == "正文" }.isEmpty)
    }

    @Test func aTextReportNumberedFromTwoFindsEverySection() throws {
        let text = """
            某县民政局2024年政府信息公开工作年度报告
            二、总体情况
            本年度依法做好政府信息公开工作。
            三、主动公开政府信息情况
            本年度主动公开信息120条。
            四、收到和处理政府信息公开申请情况
            本年度收到申请3件。
            五、政府信息公开行政复议、行政诉讼情况
            本年度没有发生行政复议和行政诉讼。
            A六、存在的主要问题及改进情况
            信息更新还不够及时。
            三、其他需要报告的事项将另行报告。
            七、其他需要报告的事项
            本年度未收取信息处理费。
            某县民政局
            2025年1月20日
            """
        let doc = try TextReader.read(data: Data(text.utf8), file: "t.txt")
        let r = try ReportAssembler.assemble(doc, file: "t.txt")
        #expect(r.sections.allSatisfy { $0.present })
        #expect(r.sections[4].text.contains("信息更新还不够及时") && r.sections[4].text.contains("将另行报告") && r.sections[1].text.contains("120条"))
        let s4 = r.readerNotes.filter { $0.rule == .S4 }
        #expect(s4.count == 6 && s4.allSatisfy { $0.severity == .warning })
        #expect(!ReportValidator.validate(r).contains { $0.rule == .S1 && $0.table == "正文" })
    }
}
