@testable import DisclosureStore
import DisclosureRules
import Foundation
import Testing

@Suite(.serialized) struct ReportCountsTests {
    /// Counts of tables 三/四 from records satisfy R1/I1/I2/I3 and carry over between years.
    func check(_ counts: ReportCounts) -> [Finding] {
        var report = AnnualReport(format: counts.format, year: counts.year)
        counts.apply(to: &report)
        return ReportValidator.validate(report).filter { [.R1, .I1, .I2, .I3].contains($0.rule) }
    }

    @Test func carryOverAcrossTheYearEnd() async throws {
        try await withStore { (store: Store) async throws in
            let agency = try await store.addAgency(code: "a", name: "某局")
            let spanning = try await store.receiveSimple("a", on: "2021-12-20", kind: .commercialEnterprise, name: "某某有限公司")
            try await store.decide(code: spanning.queryCode, outcome: .partlyGranted, on: date("2022-01-10"), actor: handler)
            let within = try await store.receiveSimple("a", on: "2021-03-01")
            try await store.decide(code: within.queryCode, outcome: .refused3, on: date("2021-03-15"), actor: handler)
            _ = try await store.receiveSimple("a", on: "2022-12-30", text: "年末未办结") // carried into 2023

            let y2021 = try await ReportCounts.query(store, agencyID: agency.id!, year: 2021)
            #expect(y2021.format == .f2021)
            #expect(y2021.table3["new"] == [1, 1, 0, 0, 0, 0, 2])
            #expect(y2021.table3["refused.3"] == [1, 0, 0, 0, 0, 0, 1])
            #expect(y2021.table3["total"] == [1, 0, 0, 0, 0, 0, 1])
            #expect(y2021.table3["carriedOver"] == [0, 1, 0, 0, 0, 0, 1])
            #expect(check(y2021).isEmpty)

            let y2022 = try await ReportCounts.query(store, agencyID: agency.id!, year: 2022)
            #expect(y2022.table3["carriedIn"] == y2021.table3["carriedOver"])
            #expect(y2022.table3["partlyGranted"] == [0, 1, 0, 0, 0, 0, 1])
            #expect(y2022.table3["new"] == [1, 0, 0, 0, 0, 0, 1])
            #expect(y2022.table3["carriedOver"] == [1, 0, 0, 0, 0, 0, 1])
            #expect(check(y2022).isEmpty)
        }
    }

    @Test func formatOf2020FoldsOtherRows() async throws {
        try await withStore { (store: Store) async throws in
            let agency = try await store.addAgency(code: "a", name: "某局")
            let app = try await store.receiveSimple("a", on: "2020-06-01")
            try await store.requestCorrection(code: app.queryCode, on: date("2020-06-03"), actor: handler)
            try await store.correctionLapsed(code: app.queryCode, on: date("2020-07-10"), actor: handler)
            let c = try await ReportCounts.query(store, agencyID: agency.id!, year: 2020)
            #expect(c.format == .f2019)
            #expect(c.table3Rows.count == 23)
            #expect(c.table3["other"] == [1, 0, 0, 0, 0, 0, 1])
            #expect(check(c).isEmpty)
        }
    }

    @Test func appealsOfEveryResultAndCoDefendant() async throws {
        try await withStore { (store: Store) async throws in
            let agency = try await store.addAgency(code: "a", name: "某局")
            try await store.addAppeal(agencyCode: "a", kind: .reconsideration, filed: date("2023-03-01"), result: .upheld, concluded: date("2023-05-01"), actor: handler)
            try await store.addAppeal(agencyCode: "a", kind: .reconsideration, filed: date("2023-04-01"), result: .corrected, concluded: date("2023-06-01"), actor: handler)
            try await store.addAppeal(agencyCode: "a", kind: .litigationDirect, filed: date("2023-05-01"), result: .other, concluded: date("2023-09-01"), actor: handler)
            // Concluded only in 2024: still 尚未审结 on 2023-12-31.
            try await store.addAppeal(agencyCode: "a", kind: .litigationAfterReconsideration, filed: date("2023-11-01"), result: .upheld, concluded: date("2024-02-01"), actor: handler)
            try await store.addAppeal(agencyCode: "a", kind: .litigationDirect, filed: date("2023-12-01"), actor: handler)
            // The agency as reconsideration organ and co-defendant: not counted (spec R3).
            try await store.addAppeal(agencyCode: "a", kind: .litigationAfterReconsideration, filed: date("2023-07-01"), result: .upheld,
                                      concluded: date("2023-10-01"), asCoDefendant: true, actor: handler)
            let c = try await ReportCounts.query(store, agencyID: agency.id!, year: 2023)
            #expect(c.table4 == [1, 1, 0, 0, 2, 0, 0, 1, 1, 2, 0, 0, 0, 1, 1])
            #expect(check(c).isEmpty)
        }
    }
}
