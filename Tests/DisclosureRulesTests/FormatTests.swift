import DisclosureRules
import Testing

/// Row and column counts of the two national formats (spec §1.3, §2.2).
@Suite struct FormatTests {
    @Test func table3RowCounts() {
        #expect(ReportFormat.f2019.table3Rows.count == 23)
        #expect(ReportFormat.f2021.table3Rows.count == 25)
        #expect(ReportFormat.table3Columns.count == 7)
        #expect(ReportFormat.table3Columns[3] == "社会公益组织")
    }

    @Test func table2Differences() {
        #expect(ReportFormat.f2019.table2Blocks.map(\.item).last == "第二十条第（九）项")
        #expect(ReportFormat.f2021.table2Blocks.count == 4)
        #expect(ReportFormat.f2021.table2Blocks[0].rows == ["规章", "行政规范性文件"])
        #expect(ReportFormat.f2021.table2Blocks[3].columns == ["本年收费金额（单位：万元）"])
    }

    @Test func applicableFormat() {
        #expect(ReportFormat.applicable(toYear: 2020) == .f2019)
        #expect(ReportFormat.applicable(toYear: 2021) == .f2021)
    }

    @Test func agencyKindGuess() {
        #expect(AgencyKind.guess(fromName: "中卫市工业和信息化局") == .department)
        #expect(AgencyKind.guess(fromName: "平潭综合实验区") == .government)
        #expect(AgencyKind.guess(fromName: "某某县人民政府") == .government)
        #expect(AgencyKind.guess(fromName: "某某市人民政府办公室") == .department)
    }
}
