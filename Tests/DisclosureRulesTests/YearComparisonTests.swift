@testable import DisclosureRules
import Foundation
import Testing

/// Issue 13 point 3: two generated years of one agency compared — exactly the changes made between them, the
/// sentences added and removed, and the cross-year rules in place.
struct YearComparisonTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A report of `year` with every cell a number and each section a few sentences.
    func generated(_ year: Int, _ g: inout Generator) -> AnnualReport {
        var r = AnnualReport(format: .f2021, year: year, agency: "示例市某局")
        for b in r.table2.indices { for row in r.table2[b].rows.indices { for c in r.table2[b].rows[row].cells.indices {
            r.table2[b].rows[row].cells[c] = .int(Int.random(in: 0...500, using: &g))
        } } }
        for row in r.table3.indices { for c in 0..<7 { r.table3[row].cells[c] = .int(Int.random(in: 0...90, using: &g)) } }
        for c in 0..<15 { r.table4.cells[c] = .int(Int.random(in: 0...9, using: &g)) }
        for s in r.sections.indices {
            r.sections[s].text = (1...4).map { "第\(s + 1)部分第\($0)句，\(year)年度某项工作情况\(Int.random(in: 0...9999, using: &g))。" }.joined()
        }
        return r
    }

    @Test(arguments: [UInt64(1), 7, 2024])
    func exactlyTheChangesMade(seed: UInt64) {
        var g = Generator(state: seed)
        let before = generated(2023, &g)
        var after = before
        after.year = 2024
        // Changes chosen first; the comparison must report exactly these cells.
        var expected = Set<String>()
        for _ in 0..<25 {
            switch Int.random(in: 0..<3, using: &g) {
            case 0:
                let b = Int.random(in: 0..<after.table2.count, using: &g), row = Int.random(in: 0..<after.table2[b].rows.count, using: &g)
                let c = Int.random(in: 0..<after.table2[b].rows[row].cells.count, using: &g)
                after.table2[b].rows[row].cells[c] = .int(1000 + Int.random(in: 0...99, using: &g))  // never a value the generator makes
                expected.insert("表二|\(after.table2[b].spec.id)|\(after.table2[b].rows[row].id)|\(after.table2[b].spec.columns[c])")
            case 1:
                let row = Int.random(in: 0..<after.table3.count, using: &g), c = Int.random(in: 0..<7, using: &g)
                after.table3[row].cells[c] = Bool.random(using: &g) ? .int(100 + Int.random(in: 0...9, using: &g)) : .blank
                expected.insert("表三|\(after.table3[row].id)|\(ReportFormat.table3Columns[c])")
            default:
                let c = Int.random(in: 0..<15, using: &g)
                after.table4.cells[c] = Cell(.text("无"))
                expected.insert("表四|\(ReportFormat.table4Groups[c / 5])|\(ReportFormat.table4Columns[c % 5])")
            }
        }
        // Section 五: one sentence removed, one reworded, one added; section 二 unchanged.
        let five = YearComparison.sentences(before.sections[4].text)
        after.sections[4].text = [five[0], five[1].replacingOccurrences(of: "工作情况", with: "工作改进情况"), five[3], "新增一项整改措施。"].joined()
        let c = YearComparison.compare(previous: before, current: after)
        let changed = Set(c.changes.map { $0.table == "表二" ? "表二|\($0.rowID)|\($0.row)|\($0.column)" : "\($0.table)|\($0.rowID)|\($0.column)" })
        #expect(changed == expected)
        // Every cell of both reports is listed once: table 二's cells, 25 × 7 of table 三, 15 of table 四.
        let table2Cells = before.table2.reduce(0) { $0 + $1.rows.count * $1.spec.columns.count }
        #expect(c.cells.count == table2Cells + before.table3.count * 7 + 15)
        for x in c.changes where x.table == "表二" { #expect(x.change == { if case .number(let a)? = x.previous, case .number(let b)? = x.current { b - a } else { nil } }()) }
        #expect(c.sections[4].removed == [five[1], five[2]])
        #expect(c.sections[4].added == [five[1].replacingOccurrences(of: "工作情况", with: "工作改进情况"), "新增一项整改措施。"])
        #expect(c.sections[1].added.isEmpty && c.sections[1].removed.isEmpty && c.sections[1].similarity == 1)
        #expect(c.sections[4].similarity.map { $0 < 1 && $0 > 0.5 } == true)
    }

    @Test func theCrossYearRulesArePlaced() {
        var g = Generator(state: 3)
        let before = generated(2023, &g)
        var after = generated(2024, &g)
        // I5: this year's 上年结转 equals last year's 结转下年度 except in the 自然人 column.
        let carriedIn = after.table3.firstIndex { $0.id == "carriedIn" }!, carriedOver = before.table3Row("carriedOver")!
        after.table3[carriedIn].cells = carriedOver.cells
        after.table3[carriedIn].cells[0] = .int((carriedOver.cells[0].value.integer ?? 0) + 1)
        let c = YearComparison.compare(previous: before, current: after)
        let i5 = c.crossYear.filter { $0.rule == .I5 }
        #expect(i5.count == 1 && i5[0].column == "自然人")
    }

    @Test func aYearOfEachFormat() {
        var g = Generator(state: 9)
        var old = AnnualReport(format: .f2019, year: 2020, agency: "示例市某局")
        for row in old.table3.indices { for c in 0..<7 { old.table3[row].cells[c] = .int(Int.random(in: 0...9, using: &g)) } }
        let now = generated(2021, &g)
        let c = YearComparison.compare(previous: old, current: now)
        // 2019's single （六）其他处理 row and 2021's three: one-sided, never matched to each other.
        #expect(c.cells.contains { $0.table == "表三" && $0.rowID == "other" && $0.current == nil && $0.previous != nil })
        #expect(c.cells.contains { $0.table == "表三" && $0.rowID == "other.1" && $0.previous == nil && $0.current != nil })
        // Table 二: 2019's 处理决定数量 of 行政许可 is 2021's 本年处理决定数量; 2019's 上一年项目数量 has no 2021 counterpart.
        old.table2[1].rows[0].cells[2] = .int(12)
        let c2 = YearComparison.compare(previous: old, current: now)
        let decisions = c2.cells.filter { $0.table == "表二" && $0.row == "行政许可" && $0.column == "本年处理决定数量" }
        #expect(decisions.count == 1 && decisions[0].previous == .number(12) && decisions[0].current == now.table2[1].rows[0].cells[0].value)
        #expect(c2.cells.contains { $0.table == "表二" && $0.row == "行政许可" && $0.column == "上一年项目数量" && $0.current == nil })
        #expect(c2.cells.contains { $0.table == "表二" && $0.row == "行政规范性文件" && $0.column == "现行有效件数" && $0.previous == nil })
    }
}
