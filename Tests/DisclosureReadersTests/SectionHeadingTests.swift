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

    /// Headings numbered "1.", "Ⅰ、", "第一部分" or not numbered at all: every section found, tables in their places.
    @Test(arguments: [
        ["1.总体情况", "2.主动公开政府信息情况", "3.收到和处理政府信息公开申请情况", "4.政府信息公开行政复议、行政诉讼情况",
         "5.存在的主要问题及改进情况", "6.其他需要报告的事项"],
        ["Ⅰ、总体情况", "Ⅱ、主动公开政府信息情况", "Ⅲ、收到和处理政府信息公开申请情况", "Ⅳ、政府信息公开行政复议、行政诉讼情况",
         "Ⅴ、存在的主要问题及改进情况", "Ⅵ、其他需要报告的事项"],
        ["第一部分 总体情况", "第二部分 主动公开政府信息情况", "第三部分 收到和处理政府信息公开申请情况",
         "第四部分 政府信息公开行政复议、行政诉讼情况", "第五部分 存在的主要问题及改进情况", "第六部分 其他需要报告的事项"],
        ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况",
         "存在的主要问题及改进情况", "其他需要报告的事项"],
    ])
    func headingsNumberedOtherwise(_ h: [String]) throws {
        let text = """
            某县民政局2024年政府信息公开工作年度报告
            \(h[0])
            本年度依法做好政府信息公开工作。2.主动公开情况另述。
            \(h[1])
            第二十条第（五）项\t\t
            信息内容\t本年处理决定数量
            行政许可\t12
            \(h[2])
            申请人情况\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计
            一、本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3
            \(h[3])
            行政复议\t\t\t\t\t行政诉讼
            1\t0\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0
            \(h[4])
            信息更新还不够及时。
            \(h[5])
            本年度未收取信息处理费。
            """
        let r = try ReportAssembler.assemble(try TextReader.read(data: Data(text.utf8), file: "t.txt"), file: "t.txt")
        #expect(r.sections.map(\.present) == Array(repeating: true, count: 6), "\(h[0])")
        #expect(r.sections[4].text == "信息更新还不够及时。" && r.sections[0].text.contains("另述"))
        #expect(r.table2.first { $0.spec.id == "20.5" }?.rows[0].cells.map(\.value) == [.number(12)])
        #expect(r.table3[0].cells.map { $0.value.integer } == [3, 0, 0, 0, 0, 0, 3])
        #expect(r.table4.cells.prefix(5).map { $0.value.integer } == [1, 0, 0, 0, 1])
        #expect(!r.readerNotes.contains { $0.table == "正文" })
    }
}
