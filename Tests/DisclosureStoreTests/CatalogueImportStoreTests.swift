@testable import DisclosureStore
import DisclosureRules
import FluentKit
import Foundation
import Testing

/// Issue 12: a catalogue imported from another system (all or nothing, never twice, 索引号 kept or continued), decision
/// counts by month summed into table 二, and 现行有效件数 continuity (rule H1) of generated reports across years.
/// Runs on SQLite and, with DATABASE_URL, on PostgreSQL.
@Suite(.serialized) struct CatalogueImportStoreTests {
    /// 2025-03-01 12:00 Beijing time.
    let now = Date(timeIntervalSince1970: 1_740_801_600)
    let today = CalendarDate(year: 2025, month: 3, day: 1)!
    let head = Actor(name: "负责人甲", role: .head)
    let handler = Actor(name: "承办人乙", role: .handler)

    func count(_ store: Store) async throws -> Int { try await CatalogueItemRecord.query(on: store.db).count() }
    func events(_ store: Store, _ kind: EventKind) async throws -> Int { try await EventRecord.query(on: store.db).filter(\.$kind == kind.rawValue).count() }
    func rejected(_ body: () async throws -> Any) async -> [String] {
        do { _ = try await body(); return [] } catch let e as ImportError { return e.problems.map { "\($0.row)|\($0.column)" } } catch { return ["\(error)"] }
    }

    @Test func anExportIsImportedOnceAllOrNothingAndNumberingContinues() async throws {
        try await withStore { store in
            try await store.addAgency(code: "gov", name: "某市人民政府", now: now)
            try await store.setCatalogueSettings(agencyCode: "gov", organisationCode: "000014349", actor: head, now: now)
            let first = try await store.createCatalogueDraft(agencyCode: "gov", item: CatalogueItem(
                title: "手工编目的文件", summary: "", issuingAgency: "某市人民政府", writtenOn: date("2024-03-01"), category: .plans), actor: handler, now: now)
            #expect(first.item.indexNumber == "000014349/2024-00001")

            let header = ["索引号", "标题", "发文字号", "成文日期", "发布日期", "信息类别", "文件类型"]
            let rows = [header,
                        ["000014349/2024-00005", "某市某事项管理办法", "某府规〔2024〕2号", "2024-04-01", "2024-04-08", "1", "行政规范性文件"],
                        ["", "某项工作方案（待审）", "", "2024-05-01", "", "3", ""],
                        ["旧系统-0001", "某市旧办法", "某府规〔2019〕1号", "2019-06-01", "2019-06-10", "1", "规范性文件"],
                        ["", "2023年部门预算", "", "2023-02-01", "2023-02-10", "7", ""]]
            let parsed = try CatalogueImport.parse(rows: rows, file: "cms.csv", agencyName: "某市人民政府", today: today)
            let r = try await store.importCatalogue(rows: parsed, file: "/tmp/cms.csv", agencyCode: "gov", actor: head, now: now)
            #expect(r == Store.CatalogueImportResult(imported: 4, published: 3, drafts: 1, numbered: 2))
            let items = try await store.catalogueItems(agencyCode: "gov")
            let byTitle = Dictionary(uniqueKeysWithValues: items.map { ($0.item.title, $0.item) })
            #expect(byTitle["某市某事项管理办法"]?.indexNumber == "000014349/2024-00005" && byTitle["某市某事项管理办法"]?.state == .published)
            // Numbers given here continue after the highest of the year, whether catalogued by hand or imported (5).
            #expect(byTitle["某项工作方案（待审）"]?.indexNumber == "000014349/2024-00006" && byTitle["某项工作方案（待审）"]?.state == .draft)
            #expect(byTitle["某市旧办法"]?.indexNumber == "旧系统-0001" && byTitle["某市旧办法"]?.publishedOn == date("2019-06-10"))
            #expect(byTitle["2023年部门预算"]?.indexNumber == "000014349/2023-00001")
            #expect(try await events(store, .catalogueItemImported) == 4)
            #expect(try await events(store, .catalogueImported) == 1)
            let next = try await store.createCatalogueDraft(agencyCode: "gov", item: CatalogueItem(
                title: "又一份文件", summary: "", issuingAgency: "某市人民政府", writtenOn: date("2024-06-01"), category: .plans), actor: handler, now: now)
            #expect(next.item.indexNumber == "000014349/2024-00007")
            #expect(try await count(store) == 6)

            // The same export again: every row is already there; nothing stored.
            #expect(await rejected { try await store.importCatalogue(rows: parsed, file: "cms.csv", agencyCode: "gov", actor: head, now: now) }
                    == ["2|名称", "3|名称", "4|名称", "5|名称"])
            // One row taking a 索引号 in use: the good row is not stored either.
            let mixed = try CatalogueImport.parse(rows: [header, ["", "新的文件", "", "2024-07-01", "", "3", ""],
                                                         ["000014349/2024-00001", "另一份文件", "", "2024-07-02", "2024-07-03", "3", ""]],
                                                  file: "mixed.csv", agencyName: "某市人民政府", today: today)
            #expect(await rejected { try await store.importCatalogue(rows: mixed, file: "mixed.csv", agencyCode: "gov", actor: head, now: now) } == ["3|索引号"])
            #expect(try await count(store) == 6)
            #expect(try await events(store, .catalogueImported) == 1)

            // An agency without 索引号 settings can import rows that bring their 索引号, not rows that need one.
            try await store.addAgency(code: "bureau", name: "某市某局", now: now)
            let needsNumber = try CatalogueImport.parse(rows: [header, ["", "无编号的文件", "", "2024-07-01", "", "3", ""]], file: "b.csv", agencyName: "某市某局", today: today)
            await #expect(throws: StoreError.self) { try await store.importCatalogue(rows: needsNumber, file: "b.csv", agencyCode: "bureau", actor: head, now: now) }
            let numbered = try CatalogueImport.parse(rows: [header, ["JX-1", "有编号的文件", "", "2024-07-01", "2024-07-05", "3", ""]], file: "b.csv", agencyName: "某市某局", today: today)
            #expect(try await store.importCatalogue(rows: numbered, file: "b.csv", agencyCode: "bureau", actor: head, now: now).imported == 1)
        }
    }

    @Test func monthlyDecisionCountsAreSummedIntoTable2() async throws {
        try await withStore { store in
            try await store.addAgency(code: "gov", name: "某市人民政府", now: now)
            try await store.setDecisionFigures(agencyCode: "gov", year: 2024, figures: DecisionFigures(licensingDecisions: 5, penaltyDecisions: 9,
                                                                                                       feesWanYuan: 2), actor: handler, now: now)
            try await store.setMonthlyDecisionFigures(agencyCode: "gov", year: 2024, figures: MonthlyDecisionFigures(month: 1, licensing: 3, feesWanYuan: Decimal(string: "0.5")),
                                                      actor: handler, now: now)
            try await store.setMonthlyDecisionFigures(agencyCode: "gov", year: 2024, figures: MonthlyDecisionFigures(month: 2, licensing: 4), actor: handler, now: now)
            func table2(_ block: String, _ row: String) async throws -> [CellValue] {
                try await store.liveReport(agencyCode: "gov", year: 2024, format: .f2021).table2Row(block: block, row: row)?.cells.map(\.value) ?? []
            }
            // 行政许可 3 + 4 from the months (the year's 5 is replaced); 行政处罚 no month gives: the year's 9; fees 0.5 万元.
            #expect(try await table2("20.5", "行政许可") == [.number(7)])
            #expect(try await table2("20.6", "行政处罚") == [.number(9)])
            #expect(try await table2("20.8", "行政事业性收费") == [.number(Decimal(string: "0.5")!)])

            // A list of decisions counts every month of the kinds it has: 行政许可 becomes 1 (only March), 行政处罚 2.
            let list = try DecisionImport.parse(rows: [["决定日期", "决定类别"], ["2024-03-02", "行政许可"], ["2024-05-06", "行政处罚"],
                                                       ["2024-11-30", "行政处罚"], ["2025-01-02", "行政处罚"]],
                                                file: "list.csv", year: 2024, today: today)
            #expect(list.otherYears == 1)
            try await store.importDecisionFigures(agencyCode: "gov", year: 2024, result: list, file: "/tmp/list.csv", actor: handler, now: now)
            #expect(try await table2("20.5", "行政许可") == [.number(1)])
            #expect(try await table2("20.6", "行政处罚") == [.number(2)])
            // The fee amount of January is kept (the list has no fees); clearing the month clears it.
            #expect(try await table2("20.8", "行政事业性收费") == [.number(Decimal(string: "0.5")!)])
            let months = try await store.monthlyDecisionFigures(agencyCode: "gov", year: 2024)
            #expect(months.count == 12 && months[0] == MonthlyDecisionFigures(month: 1, licensing: 0, penalty: 0, feesWanYuan: Decimal(string: "0.5")))
            try await store.setMonthlyDecisionFigures(agencyCode: "gov", year: 2024, figures: MonthlyDecisionFigures(month: 1), actor: handler, now: now)
            #expect(try await table2("20.8", "行政事业性收费") == [.number(2)])
            #expect(try await store.monthlyDecisionFigures(agencyCode: "gov", year: 2024).count == 11)
            #expect(try await events(store, .decisionMonthSet) == 3)
            #expect(try await events(store, .decisionFiguresImported) == 1)

            await #expect(throws: InputError.self) {
                try await store.setMonthlyDecisionFigures(agencyCode: "gov", year: 2024, figures: MonthlyDecisionFigures(month: 13, licensing: 1), actor: handler, now: now)
            }
            await #expect(throws: InputError.self) {
                try await store.setMonthlyDecisionFigures(agencyCode: "gov", year: 2024, figures: MonthlyDecisionFigures(month: 3, penalty: -1), actor: handler, now: now)
            }
        }
    }

    /// 现行有效件数 continuity (rule H1: this year's ＝ last year's ＋ 本年制发 − 本年废止) holds for reports generated
    /// from a catalogue kept over four years; the counts themselves are tallied from the scenario. A document that
    /// lapses (失效, not 废止) breaks the equation by one in its year, and H1 warns there only.
    @Test func currentDocumentsContinueAcrossGeneratedYears() async throws {
        try await withStore { store in
            try await store.addAgency(code: "gov", name: "某市人民政府", now: now)
            try await store.setCatalogueSettings(agencyCode: "gov", organisationCode: "000014349", actor: head, now: now)
            var t = now
            func tick() -> Date { t = t.addingTimeInterval(1); return t }
            let years = 2021...2024
            // Per year and kind: 制发, 废止, 现行有效 (tallied below from each document's scenario).
            var expected: [Int: [DocumentKind: [Int]]] = [:]
            for y in years { expected[y] = [.rule: [0, 0, 0], .normativeDocument: [0, 0, 0]] }
            var lapsing: String?
            for k in 0..<72 {
                let kind: DocumentKind = k % 3 == 0 ? .rule : .normativeDocument
                let writtenYear = 2021 + k % 4
                let month = 1 + k % 11, day = 1 + k % 20
                let written = CalendarDate(year: writtenYear, month: month, day: day)!
                let publishedOn = CalendarDate(year: writtenYear, month: month, day: day + 5)!
                let published = k % 9 != 4
                // Repealed: some in the year they were written (in December), some one or two years later (in June).
                let repealYear: Int? = k % 7 == 3 ? writtenYear : k % 5 == 1 ? writtenYear + 1 + k % 2 : nil
                let item = CatalogueItem(title: "文件\(k)", summary: "", documentNumber: "某府规〔\(writtenYear)〕\(k)号", issuingAgency: "某市人民政府",
                                         writtenOn: written, category: .regulationsAndDocuments, documentKind: kind)
                let index = try #require(try await store.createCatalogueDraft(agencyCode: "gov", item: item, actor: handler, now: tick()).item.indexNumber)
                guard published else { continue }
                _ = try await store.recordCatalogueReview(agencyCode: "gov", indexNumber: index, reviewer: "保密员丁", result: .passed, date: publishedOn, actor: head, now: tick())
                _ = try await store.publishCatalogueItem(agencyCode: "gov", indexNumber: index, date: publishedOn, actor: handler, now: tick())
                if let ry = repealYear, ry <= 2024 {
                    let on = ry == writtenYear ? CalendarDate(year: ry, month: 12, day: 1)! : CalendarDate(year: ry, month: 6, day: 1)!
                    _ = try await store.endCatalogueItem(agencyCode: "gov", indexNumber: index, validity: .repealed(on: on, by: "废止文件\(k)"), actor: handler, now: tick())
                } else if lapsing == nil, writtenYear == 2021, repealYear == nil {
                    lapsing = index
                }
                for y in years {
                    if writtenYear == y { expected[y]![kind]![0] += 1 }
                    if repealYear == y { expected[y]![kind]![1] += 1 }
                    if writtenYear <= y && !(repealYear.map { $0 <= y } ?? false) { expected[y]![kind]![2] += 1 }
                }
            }
            func reports() async throws -> [Int: AnnualReport] {
                var out: [Int: AnnualReport] = [:]
                for y in years { out[y] = try await store.liveReport(agencyCode: "gov", year: y, format: .f2021) }
                return out
            }
            var r = try await reports()
            for y in years {
                for (kind, row) in [(DocumentKind.rule, "规章"), (.normativeDocument, "行政规范性文件")] {
                    #expect(r[y]!.table2Row(block: "20.1", row: row)?.cells.map(\.value) == expected[y]![kind]!.map { .number(Decimal($0)) }, "\(y) \(row)")
                }
            }
            // Every column moves: documents made and repealed in every year.
            #expect(years.allSatisfy { y in expected[y]!.values.allSatisfy { $0[0] > 0 && $0[2] > 0 } && expected[y]!.values.contains { $0[1] > 0 } })
            for y in years.dropFirst() {
                let h1 = ReportValidator.validate(r[y]!, previous: r[y - 1]!).filter { $0.rule == .H1 }
                #expect(h1.isEmpty, "\(y): \(h1.map(\.message))")
            }

            // A document of 2021 lapses in 2023: 现行有效 drops by one that 本年废止 does not count; H1 warns for 2023 only.
            let lapse = try #require(lapsing)
            _ = try await store.endCatalogueItem(agencyCode: "gov", indexNumber: lapse, validity: .lapsed(on: date("2023-05-01"), by: nil), actor: handler, now: tick())
            r = try await reports()
            let warned = years.dropFirst().map { y in (y, ReportValidator.validate(r[y]!, previous: r[y - 1]!).filter { $0.rule == .H1 }) }
            #expect(warned.map { $0.1.count } == [0, 1, 0])
            #expect(warned[1].1.first?.severity == .warning)
        }
    }
}
