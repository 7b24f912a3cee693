@testable import DisclosureRules
import Foundation
import Testing

/// The region table (issue 13 point 4): totals, medians and the rows far from them.
struct RegionTableTests {
    func row(_ name: String, decided: Int, granted: Int) -> AgencyKeyFigures {
        var r = AnnualReport(format: .f2021, year: 2024, agency: name)
        func set(_ id: String, _ v: Int) { r.table3[r.table3.firstIndex { $0.id == id }!].cells[6] = .int(v) }
        set("new", decided); set("total", decided); set("granted", granted); set("partlyGranted", 0); set("carriedOver", 0)
        for c in 0..<15 { r.table4.cells[c] = .int(0) }
        return AgencyKeyFigures(report: r, findings: [], file: "\(name).html")
    }

    @Test func totalsMediansAndOutliers() {
        // Shares 50%, 55%, 60%, 90% (decided 20 each) and 100% of 4: median of the five shares 60%.
        let t = RegionTable.build([row("甲局", decided: 20, granted: 10), row("乙局", decided: 20, granted: 11), row("丙局", decided: 20, granted: 12),
                                   row("丁局", decided: 20, granted: 18), row("戊局", decided: 4, granted: 4)])
        #expect(t.medianGrantedShare == 0.6)
        #expect(t.totals.received == 84 && t.totals.granted == 55 && t.totals.agency == "合计（5 份报告）")
        // 丁局 90% is 30 points from 60%: marked; 戊局 100% has only 4 decided: not marked; 甲局 50% is 10 points away.
        #expect(t.rows.map { !$0.outliers.isEmpty } == [false, false, false, true, false])
        #expect(t.rows[3].outliers == ["公开比例 90%，本地区中位数 60%"])
        #expect(t.records.count == 7 && t.records[4][5] == "90.0%")
    }
}
