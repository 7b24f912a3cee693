import DisclosureRules
import Foundation

/// A consistent 2021-format report built from the figures of the real 平潭 2021 report
/// (shared/cases/audit.md), so that every rule starts from a report with no finding.
func consistent2021() -> AnnualReport {
    var r = AnnualReport(format: .f2021, year: 2021, agency: "某市某局")
    for row in r.format.table3Rows { r.setTable3(row.id, [0, 0, 0, 0, 0, 0, 0]) }
    r.setTable3("new", [64, 0, 0, 2, 0, 4, 70])
    r.setTable3("granted", [27, 0, 0, 2, 0, 1, 30])
    r.setTable3("partlyGranted", [5, 0, 0, 0, 0, 0, 5])
    r.setTable3("refused.5", [1, 0, 0, 0, 0, 0, 1])
    r.setTable3("refused.7", [6, 0, 0, 0, 0, 0, 6])
    r.setTable3("refused.8", [1, 0, 0, 0, 0, 0, 1])
    r.setTable3("unable.1", [22, 0, 0, 0, 0, 3, 25])
    r.setTable3("other.3", [1, 0, 0, 0, 0, 0, 1])
    r.setTable3("total", [63, 0, 0, 2, 0, 4, 69])
    r.setTable3("carriedOver", [1, 0, 0, 0, 0, 0, 1])
    for (i, v) in [1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0].enumerated() { r.table4.cells[i] = .int(v) }
    r.setTable2(block: "20.1", row: "规章", [.number(0), .number(0), .number(0)])
    r.setTable2(block: "20.1", row: "行政规范性文件", [.number(69), .number(3), .number(665)])
    r.setTable2(block: "20.5", row: "行政许可", [.number(2293)])
    r.setTable2(block: "20.6", row: "行政处罚", [.number(1282)])
    r.setTable2(block: "20.6", row: "行政强制", [.number(42)])
    r.setTable2(block: "20.8", row: "行政事业性收费", [.number(Decimal(string: "24252.311082")!)])
    r.date = ReportDate(2022, 1, 20)
    r.yearMentions = [YearMention(place: .title, year: 2021), YearMention(place: .statisticsPeriod, year: 2021)]
    r.sections[0].text = "2021年，本局认真贯彻落实《中华人民共和国政府信息公开条例》。"
    r.sections[4].text = "存在的主要问题：政策解读形式不够丰富。改进措施：丰富政策解读形式。"
    r.sections[5].text = "2021年，本局未收取信息处理费。"
    return r
}

/// The same agency's 2020 report (2021 format figures for H1), whose carry-over matches `consistent2021`.
func previous2021Format() -> AnnualReport {
    var p = consistent2021()
    p.year = 2020
    p.setTable3("carriedOver", [0, 0, 0, 0, 0, 0, 0])
    p.setTable3("new", [63, 0, 0, 2, 0, 4, 69])
    p.setTable2(block: "20.1", row: "行政规范性文件", [.number(50), .number(10), .number(599)])
    p.sections[4].text = "主要问题是公开平台建设滞后，下一步将加强培训、完善制度。"
    return p
}

/// A consistent 2019-format report (2020) with 表二 figures of the 中卫 2020 sample.
func consistent2019() -> AnnualReport {
    var r = AnnualReport(format: .f2019, year: 2020, agency: "某市某局")
    for row in r.format.table3Rows { r.setTable3(row.id, [0, 0, 0, 0, 0, 0, 0]) }
    r.setTable3("new", [10, 0, 0, 0, 0, 0, 10])
    r.setTable3("granted", [10, 0, 0, 0, 0, 0, 10])
    r.setTable3("total", [10, 0, 0, 0, 0, 0, 10])
    for i in 0..<15 { r.table4.cells[i] = .int(0) }
    for b in r.table2 { for row in b.rows { r.setTable2(block: b.spec.id, row: row.id, Array(repeating: .number(0), count: b.spec.columns.count)) } }
    r.setTable2(block: "20.5", row: "行政许可", [.number(2), .number(0), .number(4)])
    r.setTable2(block: "20.5", row: "其他对外管理服务事项", [.number(4), .number(-1), .number(6)])
    r.setTable2(block: "20.6", row: "行政处罚", [.number(8), .number(0), .number(0)])
    r.date = ReportDate(2021, 1, 26)
    r.yearMentions = [YearMention(place: .title, year: 2020)]
    r.sections[4].text = "对政务公开认识还不够，主动性不强。"
    return r
}
