import DisclosureRules
import Foundation
import Testing

/// Issue 12 foundations: the catalogue item, its 索引号, the 保密审查 workflow, the 第二十六条 clock and table 二.
@Suite struct CatalogueRuleTests {
    func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    func item(_ title: String = "关于印发某办法的通知", kind: DocumentKind = .normativeDocument, written: String = "2024-09-27",
              state: CatalogueState = .draft, validity: Validity = .effective, published: String? = nil) -> CatalogueItem {
        CatalogueItem(title: title, summary: "概述", documentNumber: "某府规〔2024〕1号", issuingAgency: "某市人民政府",
                      writtenOn: day(written), publishedOn: published.map(day), genre: .circular, category: .regulationsAndDocuments,
                      validity: validity, documentKind: kind, state: state)
    }

    // MARK: 条例第二十六条

    /// Counted by hand from the 2024 notice (国办发明电〔2023〕7号): 9-27 is day 0; 9-29 (Sunday, 调休上班) 1, 9-30 2;
    /// 10-1…10-7 off; 10-8…10-11 3–6; 10-12 (Saturday, 调休上班) 7; 10-14…18 8–12; 10-21…25 13–17; 10-28 18, 10-29 19,
    /// 10-30 20.
    @Test func formedOn20240927IsDueOn20241030() throws {
        let clock = PublicationClock(calendar: .bundled)
        #expect(try clock.dueDate(formed: day("2024-09-27")) == day("2024-10-30"))
        #expect(try clock.timeliness(formed: day("2024-09-27"), published: nil, asOf: day("2024-10-30")) == .pending(due: day("2024-10-30")))
        #expect(try clock.timeliness(formed: day("2024-09-27"), published: nil, asOf: day("2024-10-31")) == .overdue(due: day("2024-10-30")))
        #expect(try clock.timeliness(formed: day("2024-09-27"), published: day("2024-10-30"), asOf: day("2024-12-01")) == .onTime(due: day("2024-10-30")))
        #expect(try clock.timeliness(formed: day("2024-09-27"), published: day("2024-10-31"), asOf: day("2024-12-01")) == .late(due: day("2024-10-30")))
    }

    /// Across the Spring Festival, counted by hand from the same notice: 2024-02-01 (Thursday) is day 0; 2-2 1;
    /// 2-4 (Sunday, 调休上班) 2; 2-5…2-9 3–7; 2-10…2-17 off; 2-18 (Sunday, 调休上班) 8; 2-19…23 9–13; 2-26…29 14–17;
    /// 3-1 18; 3-4 19; 3-5 20.
    @Test func acrossTheSpringFestival() throws {
        let clock = PublicationClock(calendar: .bundled)
        #expect(try clock.dueDate(formed: day("2024-02-01")) == day("2024-03-05"))
        #expect(try clock.timeliness(formed: day("2024-02-01"), published: nil, asOf: day("2024-03-06")) == .overdue(due: day("2024-03-05")))
    }

    @Test func onlyProactiveItemsHaveThePeriod() throws {
        let clock = PublicationClock(calendar: .bundled)
        var i = item()
        #expect(try clock.timeliness(of: i, asOf: day("2024-11-01")) == .overdue(due: day("2024-10-30")))
        i.mode = .onRequest
        #expect(try clock.timeliness(of: i, asOf: day("2024-11-01")) == nil)
        i.mode = .proactive; i.formedOn = day("2024-10-08")  // changed: the period restarts from the change
        // 10-8 day 0; 10-9…11 1–3; 10-12 (调休上班) 4; 10-14…18 5–9; 10-21…25 10–14; 10-28…11-1 15–19; 11-4 20.
        #expect(try clock.timeliness(of: i, asOf: day("2024-11-01")) == .pending(due: day("2024-11-04")))
        // A year without a loaded notice is refused, never guessed.
        #expect(throws: CalendarError.yearNotCovered(2030)) { try clock.dueDate(formed: day("2030-12-20")) }
    }

    // MARK: 索引号

    @Test func organisationCodes() throws {
        // GB 11714: 00001434 → check 9 (3·0+…+5·1+8·4+4·3+2·4 = 57; 11 − 57 mod 11 = 9).
        #expect(try OrganisationCode.normalized("00001434-9") == "000014349")
        #expect(throws: InputError.self) { try OrganisationCode.normalized("000014348") }
        // GB 32100: the check character of 11100000000013127 is D (computed with the standard's weights in the test
        // below), so the C of issue 12's brief example is refused.
        #expect(try OrganisationCode.normalized("11100000000013127d") == "11100000000013127D")
        let wrong = #expect(throws: InputError.self) { try OrganisationCode.normalized("11100000000013127C") }
        #expect(wrong?.description.contains("校验码应为 D") == true)
        #expect(throws: InputError.self) { try OrganisationCode.normalized("1234") }
        // Independent GB 32100 computation.
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let sum = zip("11100000000013127".map { alphabet.firstIndex(of: $0)! }, weights).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(alphabet[(31 - sum % 31) % 31] == "D")
    }

    @Test func theDefaultPatternAndTokens() throws {
        let p = IndexNumberPattern.default
        #expect(p.description == "{org}/{year}-{seq:5}")
        #expect(try p.render(organisationCode: "000014349", year: 2024, sequence: 1, category: .regulationsAndDocuments, topic: .generalAffairs)
                == "000014349/2024-00001")
        #expect(try p.render(organisationCode: "11100000000013127D", year: 2024, sequence: 12345, category: .fees, topic: .other)
                == "11100000000013127D/2024-12345")
        #expect(throws: InputError.self) { try p.render(organisationCode: "000014349", year: 2024, sequence: 100_000, category: .fees, topic: .other) }
        let q = try IndexNumberPattern("{org}-{category}-{topic}-{year}-{seq:3}")
        #expect(try q.render(organisationCode: "000014349", year: 2023, sequence: 7, category: .fees, topic: .financeAndAudit) == "000014349-08-03-2023-007")
        for bad in ["{org}/{seq}", "{org}/{year}", "{year}{year}{seq}", "{org}/{year}-{seq:0}", "{org}/{year}-{seq:10}", "{org}/{year}-{sequence}",
                    "{org}/{year}-{seq", "索引{year}{seq}", "{year} {seq}", ""] {
            #expect(throws: InputError.self, "\(bad)") { try IndexNumberPattern(bad) }
        }
        #expect(IndexNumberPattern.year(of: item(written: "2023-12-31")) == 2023)
    }

    // MARK: The item and the workflow

    @Test func validationTiesTheFieldsTogether() throws {
        #expect(try item("  关于印发\u{200B}某办法的通知 ").validated().title == "关于印发某办法的通知")
        var i = item()
        i.category = .fees
        #expect(throws: InputError.self) { try i.validated() }  // a 行政规范性文件 belongs to 第二十条第（一）项
        i = item(); i.writtenOn = nil
        #expect(throws: InputError.self) { try i.validated() }  // and needs its 成文日期
        i = item(); i.formedOn = day("2024-09-01")
        #expect(throws: InputError.self) { try i.validated() }  // formed before written
        i = item(validity: .repealed(on: day("2025-01-02"), by: " "))
        #expect(throws: InputError.self) { try i.validated() }  // a repeal names its document
        i = item(validity: .repealed(on: day("2024-01-02"), by: "某府规〔2025〕1号"))
        #expect(throws: InputError.self) { try i.validated() }  // ends before it was written
        #expect(DisclosureCategory.licensing.item == "第二十条第（五）项" && DisclosureCategory.otherRequired.item == "第二十条第（十五）项")
        #expect(DisclosureCategory.allCases.count == 15 && SubjectTopic.allCases.count == 21)
        #expect(DisclosureMode(code: "withheld:state-secret") == .withheld(.stateSecret) && DisclosureMode(code: "不予公开:x") == nil)
    }

    @Test func publishingNeedsAPassedReviewOfTheCurrentRevision() throws {
        var i = item(state: .draft)
        let d = day("2024-10-08")
        #expect(throws: CatalogueError.notReviewed(i.title)) { try CatalogueWorkflow.clearance(for: i, reviews: [], publishing: d) }
        let failed = ConfidentialityReview(reviewer: "审查人甲", result: .failed, date: day("2024-10-08"), revision: 1)
        #expect(try CatalogueWorkflow.stateAfterReview(i, result: .failed) == .draft)
        #expect(throws: CatalogueError.reviewFailed(i.title, reviewer: "审查人甲", date: day("2024-10-08"))) {
            try CatalogueWorkflow.clearance(for: i, reviews: [failed], publishing: d)
        }
        let passed = ConfidentialityReview(reviewer: "审查人乙", result: .passed, date: day("2024-10-09"), revision: 1)
        i.state = try CatalogueWorkflow.stateAfterReview(i, result: .passed)
        #expect(i.state == .underReview)
        #expect(try CatalogueWorkflow.clearance(for: i, reviews: [passed, failed], publishing: day("2024-10-09")) == passed)
        #expect(throws: CatalogueError.publishedBeforeReview(i.title, published: day("2024-10-08"), reviewed: day("2024-10-09"))) {
            try CatalogueWorkflow.clearance(for: i, reviews: [failed, passed], publishing: day("2024-10-08"))
        }
        // Edited after the review: the review was of revision 1.
        i.revision = 2; i.state = .draft
        #expect(throws: CatalogueError.reviewOutdated(i.title, reviewedRevision: 1, revision: 2)) {
            try CatalogueWorkflow.clearance(for: i, reviews: [failed, passed], publishing: day("2024-10-10"))
        }
        // A later failed review wins over an earlier passed one.
        i.revision = 1; i.state = .underReview
        let again = ConfidentialityReview(reviewer: "审查人甲", result: .failed, date: day("2024-10-10"), revision: 1)
        #expect(throws: CatalogueError.self) { try CatalogueWorkflow.clearance(for: i, reviews: [failed, passed, again], publishing: day("2024-10-11")) }
        // Withheld information is never published; published items are not edited, only repealed.
        i.mode = .withheld(.stateSecret)
        #expect(throws: CatalogueError.withheld(i.title, .stateSecret)) { try CatalogueWorkflow.clearance(for: i, reviews: [passed], publishing: d) }
        i = item(state: .published, published: "2024-10-10")
        #expect(throws: CatalogueError.self) { try CatalogueWorkflow.checkEditable(i) }
        #expect(try CatalogueWorkflow.ending(i, with: .repealed(on: day("2025-03-01"), by: "某府规〔2025〕2号")) == .repealed(on: day("2025-03-01"), by: "某府规〔2025〕2号"))
        #expect(throws: InputError.self) { try CatalogueWorkflow.ending(i, with: .repealed(on: day("2024-10-09"), by: "某府规〔2025〕2号")) }
        #expect(throws: CatalogueError.self) { try CatalogueWorkflow.ending(item(state: .draft), with: .lapsed(on: day("2025-03-01"), by: nil)) }
    }

    // MARK: Table 二

    /// A small deterministic generator (SplitMix64), so a failing case can be replayed.
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

    /// Items generated from scenarios chosen first (when written, whether and how it ended, when published), with
    /// the expected counts tallied from the scenario — not from the dates — and compared with `CatalogueTable2`.
    @Test(arguments: [UInt64(1), 2, 3, 42, 2024])
    func table2FromGeneratedItems(seed: UInt64) throws {
        var g = Generator(state: seed)
        let year = 2023
        enum When: CaseIterable { case before, during, after }
        enum End: CaseIterable { case none, repealedBefore, repealedDuring, repealedOnDecember31, repealedAfter, lapsedDuring, lapsedAfter }
        func date(in y: Int, secondHalf: Bool) -> CalendarDate {
            CalendarDate(year: y, month: secondHalf ? Int.random(in: 7...12, using: &g) : Int.random(in: 1...6, using: &g), day: Int.random(in: 1...28, using: &g))!
        }
        var items: [CatalogueItem] = []
        // Expected: [kind: (2021: issued, repealed, inForce), (2019: made, newlyPublished, total)].
        var e2021: [DocumentKind: [Int]] = [.rule: [0, 0, 0], .normativeDocument: [0, 0, 0]]
        var e2019: [DocumentKind: [Int]] = [.rule: [0, 0, 0], .normativeDocument: [0, 0, 0]]
        for k in 0..<300 {
            let kind = [DocumentKind.rule, .normativeDocument, .other].randomElement(using: &g)!
            let written = When.allCases.randomElement(using: &g)!
            var end = End.allCases.randomElement(using: &g)!
            if written != .before && [.repealedBefore].contains(end) { end = .none }
            if written == .after && end != .none { end = .repealedAfter }
            let isPublished = Int.random(in: 0..<4, using: &g) != 0
            var published = When.allCases.randomElement(using: &g)!
            if written == .after { published = .after }
            if written == .during && published == .before { published = .during }
            let writtenYear = written == .before ? year - Int.random(in: 1...3, using: &g) : written == .during ? year : year + 1
            let writtenOn = date(in: writtenYear, secondHalf: false)
            let endYearBefore = max(writtenYear, year - 1)
            let validity: Validity
            switch end {
            case .none: validity = .effective
            case .repealedBefore: validity = .repealed(on: date(in: endYearBefore, secondHalf: true), by: "废止文件\(k)")
            case .repealedDuring: validity = .repealed(on: date(in: year, secondHalf: true), by: "废止文件\(k)")
            case .repealedOnDecember31: validity = .repealed(on: CalendarDate(year: year, month: 12, day: 31)!, by: "废止文件\(k)")
            case .repealedAfter: validity = .repealed(on: date(in: year + 1, secondHalf: true), by: "废止文件\(k)")
            case .lapsedDuring: validity = .lapsed(on: date(in: year, secondHalf: true), by: nil)
            case .lapsedAfter: validity = .lapsed(on: CalendarDate(year: year + 1, month: 1, day: 1)!, by: nil)
            }
            let publishedOn: CalendarDate? = {
                switch published {
                case .before: date(in: max(writtenYear, year - 1), secondHalf: true)
                case .during: date(in: year, secondHalf: true)
                case .after: date(in: year + 1, secondHalf: true)
                }
            }()
            var i = CatalogueItem(title: "文件\(k)", summary: "", issuingAgency: "某市某局", writtenOn: writtenOn, publishedOn: isPublished ? publishedOn : nil,
                                  category: kind == .other ? .fees : .regulationsAndDocuments, validity: validity, documentKind: kind,
                                  state: isPublished ? .published : [.draft, .underReview].randomElement(using: &g)!)
            i = try i.validated()
            items.append(i)
            guard isPublished, kind != .other else { continue }
            if written == .during { e2021[kind]![0] += 1; e2019[kind]![0] += 1 }
            if end == .repealedDuring || end == .repealedOnDecember31 { e2021[kind]![1] += 1 }
            if written != .after && [End.none, .repealedAfter, .lapsedAfter].contains(end) { e2021[kind]![2] += 1 }
            if published == .during { e2019[kind]![1] += 1 }
            if published != .after { e2019[kind]![2] += 1 }
        }
        let decisions = DecisionFigures(licensingDecisions: 2293, otherServiceDecisions: 17, penaltyDecisions: 1282, enforcementDecisions: 42,
                                        feesWanYuan: Decimal(string: "24252.311082"), licensingProjects: ProjectCounts(previousYear: 120, change: -18),
                                        feeProjects: ProjectCounts(previousYear: 5, change: 0), procurementProjects: 3, procurementAmount: 251000)
        func values(_ rows: [Table2ComputedRow], _ block: String, _ row: String) -> [CellValue] {
            rows.first { $0.block == block && $0.row == row }?.values ?? []
        }
        func nums(_ v: [Int]) -> [CellValue] { v.map { .number(Decimal($0)) } }

        let r2021 = CatalogueTable2.compute(format: .f2021, year: year, items: items, decisions: decisions)
        #expect(values(r2021, "20.1", "规章") == nums(e2021[.rule]!))
        #expect(values(r2021, "20.1", "行政规范性文件") == nums(e2021[.normativeDocument]!))
        #expect(values(r2021, "20.5", "行政许可") == nums([2293]))
        #expect(values(r2021, "20.6", "行政强制") == nums([42]))
        #expect(values(r2021, "20.8", "行政事业性收费") == [.number(Decimal(string: "24252.311082")!)])
        // Every row of the format, in its order, with as many values as it has columns.
        #expect(r2021.map { "\($0.block)|\($0.row)|\($0.values.count)" } == ReportFormat.f2021.table2Blocks.flatMap { b in b.rows.map { "\(b.id)|\($0)|\(b.columns.count)" } })

        let r2019 = CatalogueTable2.compute(format: .f2019, year: year, items: items, decisions: decisions)
        #expect(values(r2019, "20.1", "规章") == nums(e2019[.rule]!))
        #expect(values(r2019, "20.1", "规范性文件") == nums(e2019[.normativeDocument]!))
        #expect(values(r2019, "20.5", "行政许可") == nums([120, -18, 2293]))
        #expect(values(r2019, "20.5", "其他对外管理服务事项") == [.blank, .blank, .number(17)])
        #expect(values(r2019, "20.9", "政府集中采购") == nums([3, 251000]))
        #expect(r2019.map { "\($0.block)|\($0.row)|\($0.values.count)" } == ReportFormat.f2019.table2Blocks.flatMap { b in b.rows.map { "\(b.id)|\($0)|\(b.columns.count)" } })
        // The generated set exercises every column (a test that could not fail on an empty count would prove nothing).
        #expect(e2021.values.allSatisfy { $0.allSatisfy { $0 > 0 } } && e2019.values.allSatisfy { $0.allSatisfy { $0 > 0 } })

        var report = AnnualReport(format: .f2021, year: year, agency: "某市某局")
        CatalogueTable2.apply(r2021, to: &report)
        #expect(report.table2Row(block: "20.1", row: "规章")?.cells.map(\.value) == nums(e2021[.rule]!))
    }
}
