import DisclosureRules
import DisclosureStore
import Foundation

extension Service {
    /// The demo's decision counts of table 二 (issue 12): this year's months so far (last year's report is published in
    /// the demo, hence frozen) for the education bureau — 行政许可 (民办学校办学许可等), a few 行政处罚, no 行政强制, small fee
    /// amounts in 万元 — so the month grid and table 二 have figures.
    func seedDemoDecisionCounts(today: CalendarDate, now: Date) async throws {
        let clerk = Actor(name: "演示承办人", role: .handler)
        let licensing = [4, 6, 9, 5, 7, 12, 8, 3, 10, 6, 5, 9], penalties = [0, 1, 0, 0, 2, 0, 1, 0, 0, 1, 0, 0]
        for m in 1..<today.month {
            let f = MonthlyDecisionFigures(month: m, licensing: licensing[m - 1], penalty: penalties[m - 1], enforcement: 0,
                                           feesWanYuan: Decimal(m % 3 == 0 ? 12 : 0) / 10)
            try await store.setMonthlyDecisionFigures(agencyCode: "edu", year: today.year, figures: f, actor: clerk, now: now)
        }
    }
}
