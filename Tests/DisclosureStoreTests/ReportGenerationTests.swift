@testable import DisclosureService
@testable import DisclosureStore
import DisclosureRules
import FluentKit
import Foundation
import Testing

@Suite(.serialized) struct ReportGenerationTests {
    /// A generated dataset: 3 agencies × 2021–2023, every outcome row used, applications spanning year ends, appeals
    /// of every result. The generated reports satisfy R1/I1/I2/I3/I5 and equal counts computed here from the raw data.
    @Test func generatedReportsMatchIndependentCounts() async throws {
        try await withStore { (store: Store) async throws in
            struct Raw { var agency: String; var kind: ApplicantKind; var received: CalendarDate; var decided: CalendarDate?; var outcome: Outcome? }
            var raw: [Raw] = []
            let agencies = ["a1", "a2", "a3"]
            for a in agencies { try await store.addAgency(code: a, name: "测试局\(a)") }
            let outcomes = Outcome.allCases.filter { $0 != .other1 && $0 != .other2 }
            var i = 0
            for a in agencies {
                for day in stride(from: 0, to: 3 * 365, by: 9) {
                    let received = CalendarDate(iso: "2021-01-04")!.adding(days: day)
                    let kind = ApplicantKind.allCases[i % 6]
                    let app = try await store.receiveSimple(a, on: received.description, kind: kind, name: "申请人\(i)", text: "申请\(i)")
                    // Every 7th stays open; the others are decided 5–40 days later (many across a year end).
                    if i % 7 != 3 {
                        let decided = received.adding(days: 5 + (i * 13) % 36)
                        let o = outcomes[i % outcomes.count]
                        try await store.decide(code: app.queryCode, outcome: o, on: decided, actor: handler)
                        raw.append(Raw(agency: a, kind: kind, received: received, decided: decided, outcome: o))
                    } else {
                        raw.append(Raw(agency: a, kind: kind, received: received, decided: nil, outcome: nil))
                    }
                    i += 1
                }
                for (k, kind) in AppealKind.allCases.enumerated() {
                    for (j, result) in AppealResult.allCases.enumerated() {
                        let filed = CalendarDate(iso: "2022-0\(k + 1)-1\(j)")!
                        try await store.addAppeal(agencyCode: a, kind: kind, filed: filed, result: result,
                                                  concluded: result == .pending ? nil : filed.adding(days: 30), actor: handler)
                    }
                }
            }
            var previousCarry: [String: [Int]] = [:]
            for year in 2021...2023 {
                for a in agencies {
                    let g = try await store.service.generateReport(agencyCode: a, year: year)
                    let r = g.report
                    let start = CalendarDate(iso: "\(year)-01-01")!, end = CalendarDate(iso: "\(year)-12-31")!
                    let mine = raw.filter { $0.agency == a }
                    func row(_ pick: (Raw) -> Bool) -> [Int?] {
                        var v = ApplicantKind.allCases.map { k in mine.filter { $0.kind == k && pick($0) }.count }
                        v.append(v.reduce(0, +))
                        return v.map { Optional($0) }
                    }
                    func values(_ id: String) -> [Int?] { r.table3Row(id)!.cells.map { $0.value.integer } }
                    #expect(values("new") == row { $0.received >= start && $0.received <= end })
                    #expect(values("carriedIn") == row { $0.received < start && ($0.decided.map { $0 >= start } ?? true) })
                    #expect(values("carriedOver") == row { $0.received <= end && ($0.decided.map { $0 > end } ?? true) })
                    for o in outcomes {
                        #expect(values(o.rawValue) == row { $0.outcome == o && $0.decided! >= start && $0.decided! <= end }, "\(a) \(year) \(o)")
                    }
                    let bad = g.findings.filter { [.R1, .I1, .I2, .I3, .I5, .I4].contains($0.rule) && $0.severity == .error }
                    #expect(bad.isEmpty, "\(bad)")
                    if year == 2022 {
                        // Appeals of every result filed in 2022: one per (kind, result).
                        #expect(r.table4.cells.map { $0.value.integer } == [1, 1, 1, 1, 4, 1, 1, 1, 1, 4, 1, 1, 1, 1, 4])
                    }
                    if let p = previousCarry[a] { #expect(values("carriedIn") == p.map { Optional($0) }) }
                    previousCarry[a] = r.table3Row("carriedOver")!.cells.map { $0.value.integer! }
                    // The first draft's sentence uses the table's numbers.
                    #expect(r.section(1)!.text.contains("共收到政府信息公开申请\(values("new")[6]!)件"))
                }
            }
        }
    }

    static var zhongwei: URL {
        var u = URL(fileURLWithPath: #filePath)
        while u.path != "/" {
            u.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: u.appendingPathComponent("Package.swift").path) { break }
        }
        return u.deletingLastPathComponent().appendingPathComponent("shared/samples/reports/zhongwei-gxj-2020.txt")
    }

    @Test func baselineCarryOver() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "zw", name: "中卫市工业和信息化局")
            let baseline = try await store.service.importBaseline(file: Self.zhongwei, agencyCode: "zw", by: head.member)
            #expect(baseline.year == 2020)
            let app = try await store.receiveSimple("zw", on: "2021-03-01")
            try await store.decide(code: app.queryCode, outcome: .granted, on: date("2021-03-10"), actor: handler)
            let g = try await store.service.generateReport(agencyCode: "zw", year: 2021)
            #expect(g.previous?.year == 2020)
            let carried = g.report.table3Row("carriedIn")!.cells.map { $0.value.integer }
            #expect(carried == baseline.table3Row("carriedOver")!.cells.map { $0.value.integer })
            #expect(!g.findings.contains { $0.rule == .I5 })
        }
    }

    @Test func r1ErrorBlocksPublishingAndNamesRowAndColumn() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            for (block, rows) in [("20.1", ["规章", "行政规范性文件"]), ("20.5", ["行政许可"]), ("20.6", ["行政处罚", "行政强制"]), ("20.8", ["行政事业性收费"])] {
                for r in rows {
                    let n = ReportFormat.f2021.table2Blocks.first { $0.id == block }!.columns.count
                    try await store.setProactiveFigures(agencyCode: "a", year: 2023, block: block, row: r, values: Array(repeating: "0", count: n), actor: handler)
                }
            }
            try await store.setReportText(agencyCode: "a", year: 2023, section: 5, text: "主要问题是培训不足。", actor: handler)
            let app = try await store.receiveSimple("a", on: "2023-05-01")
            try await store.decide(code: app.queryCode, outcome: .granted, on: date("2023-05-10"), actor: handler)
            // A damaged record (decided before it was received, as a bad legacy import might leave it) breaks R1.
            let broken = try await store.receiveSimple("a", on: "2024-01-05", kind: .researchInstitution, name: "某研究所", text: "x")
            broken.decidedDate = "2023-12-20"; broken.outcome = Outcome.granted.rawValue; broken.state = ApplicationState.decided.rawValue
            try await broken.update(on: store.db)
            do {
                try await store.service.publishReport(agencyCode: "a", year: 2023, on: date("2024-01-20"), acknowledgeWarnings: true, by: head.member)
                Issue.record("a report with an R1 error was published")
            } catch let e as ServiceError {
                #expect(e.code == .publishBlocked)
                let r1 = e.details.filter { $0.contains(" R1 ") }
                #expect(r1.count == 2 && r1[0].contains("“科研机构”列") && r1[1].contains("“总计”列"))
            }
            #expect(try await AnnualReportRecord.query(on: store.db).count() == 0)
            // Repaired, it publishes; the published report is frozen.
            broken.decidedDate = nil; broken.outcome = nil; broken.state = ApplicationState.inProgress.rawValue
            try await broken.update(on: store.db)
            let published = try await store.service.publishReport(agencyCode: "a", year: 2023, on: date("2024-01-20"), acknowledgeWarnings: true, by: head.member)
            #expect(published.status == "published")
            let late = try await store.receiveSimple("a", on: "2023-06-01", text: "补录的2023年申请")
            _ = late
            let again = try await store.service.generateReport(agencyCode: "a", year: 2023)
            #expect(again.status == "published")
            #expect(again.report.table3Row("new")!.cells[6].value.integer == 1)
            #expect(again.changesSincePublished.contains { $0.contains("一、本年新收") && $0.contains("记录现为 2") })
        }
    }

    @Test func rollupWithStatus() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "city", name: "某市人民政府")
            try await store.addAgency(code: "d1", name: "某市教育局", parentCode: "city")
            try await store.addAgency(code: "d2", name: "某市财政局", parentCode: "city")
            _ = try await store.receiveSimple("d1", on: "2023-03-01")
            _ = try await store.receiveSimple("d2", on: "2023-04-01", name: "李四")
            _ = try await store.receiveSimple("d2", on: "2023-05-01", name: "王五")
            let r = try await store.rollup(parentCode: "city", year: 2023, today: date("2024-02-15"))
            #expect(r.agencies.map(\.code) == ["d1", "d2"])
            #expect(r.counts.table3["new"]![6] == 3)
            #expect(r.agencies.allSatisfy { $0.status == "draft" && $0.late })
        }
    }
}
