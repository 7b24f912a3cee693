@testable import DisclosureStore
import DisclosureRules
import FluentKit
import Foundation
import Testing

/// Issue 12 storage: 索引号 given once, the 保密审查 before publication (a refused attempt in the event log), repeal,
/// decision figures. Runs on SQLite and, with DATABASE_URL, on PostgreSQL.
@Suite(.serialized) struct CatalogueStoreTests {
    /// 2025-03-01 12:00 Beijing time.
    let now = Date(timeIntervalSince1970: 1_740_801_600)
    let reviewer = Actor(name: "保密审查员丁", role: .head)

    func document(_ title: String, written: String, kind: DocumentKind = .normativeDocument) -> CatalogueItem {
        CatalogueItem(title: title, summary: "规范某事项的办理。", documentNumber: "某府规〔2024〕1号", issuingAgency: "某市人民政府",
                      writtenOn: date(written), topic: .generalAffairs, genre: .circular, category: .regulationsAndDocuments, documentKind: kind)
    }

    func events(_ store: Store, _ kind: EventKind) async throws -> [EventRecord] {
        try await EventRecord.query(on: store.db).filter(\.$kind == kind.rawValue).sort(\.$id).all()
    }

    @Test func indexNumbersAreGivenOnceAndNumberedByYear() async throws {
        try await withStore { store in
            try await store.addAgency(code: "gov", name: "某市人民政府", now: now)
            // No settings yet: nothing is catalogued without an organisation code.
            await #expect(throws: StoreError.self) { try await store.createCatalogueDraft(agencyCode: "gov", item: document("甲", written: "2024-03-01"), actor: handler, now: now) }
            await #expect(throws: InputError.self) { try await store.setCatalogueSettings(agencyCode: "gov", organisationCode: "000014348", actor: head, now: now) }
            try await store.setCatalogueSettings(agencyCode: "gov", organisationCode: "00001434-9", actor: head, now: now)
            let a = try await store.createCatalogueDraft(agencyCode: "gov", item: document("甲", written: "2024-03-01"), actor: handler, now: now)
            let b = try await store.createCatalogueDraft(agencyCode: "gov", item: document("乙", written: "2024-05-01"), actor: handler, now: now)
            let c = try await store.createCatalogueDraft(agencyCode: "gov", item: document("丙", written: "2023-12-31"), actor: handler, now: now)
            #expect([a, b, c].map(\.item.indexNumber) == ["000014349/2024-00001", "000014349/2024-00002", "000014349/2023-00001"])
            #expect(a.item.state == .draft && a.item.revision == 1 && a.createdBy == handler.name)

            // Editing keeps the 索引号, even when the 成文日期 moves to another year.
            var changed = document("甲（修改）", written: "2023-06-01")
            changed.indexNumber = "伪造的索引号"
            let edited = try await store.updateCatalogueDraft(agencyCode: "gov", indexNumber: "000014349/2024-00001", item: changed, actor: handler, now: now)
            #expect(edited.item.indexNumber == "000014349/2024-00001" && edited.item.title == "甲（修改）" && edited.item.revision == 2)

            // A new pattern applies to items created afterwards only.
            try await store.setCatalogueSettings(agencyCode: "gov", organisationCode: "11100000000013127D", pattern: "{org}-{category}-{year}-{seq:3}",
                                                 actor: head, now: now)
            let d = try await store.createCatalogueDraft(agencyCode: "gov", item: document("丁", written: "2024-07-01"), actor: handler, now: now)
            #expect(d.item.indexNumber == "11100000000013127D-01-2024-003")
            let all = try await store.catalogueItems(agencyCode: "gov")
            #expect(all.map(\.item.indexNumber) == ["000014349/2023-00001", "000014349/2024-00001", "000014349/2024-00002", "11100000000013127D-01-2024-003"])
            #expect(try await events(store, .catalogueItemDrafted).count == 4)
            #expect(try await events(store, .catalogueSettingsChanged).count == 2)

            // Dates after the agency's today are refused, naming the field.
            let future = await #expect(throws: InputError.self) {
                try await store.createCatalogueDraft(agencyCode: "gov", item: document("戊", written: "2025-03-02"), actor: handler, now: now)
            }
            #expect(future?.field == CatalogueField.writtenOn)
        }
    }

    @Test func publishingNeedsAPassedReviewAndARefusalIsLogged() async throws {
        try await withStore { store in
            try await store.addAgency(code: "gov", name: "某市人民政府", now: now)
            try await store.setCatalogueSettings(agencyCode: "gov", organisationCode: "000014349", actor: head, now: now)
            let item = try await store.createCatalogueDraft(agencyCode: "gov", item: document("关于某事项的通知", written: "2024-09-27"), actor: handler, now: now)
            let index = try #require(item.item.indexNumber)

            // 1. No review: refused, the attempt in the event log, the item unchanged.
            await #expect(throws: CatalogueError.notReviewed("关于某事项的通知")) {
                try await store.publishCatalogueItem(agencyCode: "gov", indexNumber: index, date: date("2024-10-08"), actor: handler, now: now)
            }
            let refused = try await events(store, .cataloguePublishRefused)
            #expect(refused.count == 1)
            #expect(refused.first?.actor == handler.name && refused.first?.detail?.contains("尚未经过保密审查") == true)
            #expect(refused.first?.after?.contains(index) == true)
            #expect(try await store.catalogueItem(agencyCode: "gov", indexNumber: index).item.state == .draft)

            // 2. A failed review: still refused (and logged again).
            let failed = try await store.recordCatalogueReview(agencyCode: "gov", indexNumber: index, reviewer: "保密审查员丁", result: .failed,
                                                               date: date("2024-10-08"), opinion: "附件含内部联系电话", actor: reviewer, now: now)
            #expect(failed.item.state == .draft && failed.reviews.count == 1)
            await #expect(throws: CatalogueError.self) {
                try await store.publishCatalogueItem(agencyCode: "gov", indexNumber: index, date: date("2024-10-09"), actor: handler, now: now)
            }
            #expect(try await events(store, .cataloguePublishRefused).count == 2)

            // 3. Edited, reviewed and passed; an edit after the pass sends it back (the review was of revision 2).
            _ = try await store.updateCatalogueDraft(agencyCode: "gov", indexNumber: index, item: document("关于某事项的通知", written: "2024-09-27"),
                                                     actor: handler, now: now.addingTimeInterval(1))
            let passed = try await store.recordCatalogueReview(agencyCode: "gov", indexNumber: index, reviewer: "保密审查员丁", result: .passed,
                                                               date: date("2024-10-10"), actor: reviewer, now: now.addingTimeInterval(2))
            #expect(passed.item.state == .underReview && passed.reviews.last?.revision == 2)
            _ = try await store.updateCatalogueDraft(agencyCode: "gov", indexNumber: index, item: document("关于某事项的通知（二）", written: "2024-09-27"),
                                                     actor: handler, now: now.addingTimeInterval(3))
            await #expect(throws: CatalogueError.reviewOutdated("关于某事项的通知（二）", reviewedRevision: 2, revision: 3)) {
                try await store.publishCatalogueItem(agencyCode: "gov", indexNumber: index, date: date("2024-10-11"), actor: handler, now: now.addingTimeInterval(4))
            }
            #expect(try await events(store, .cataloguePublishRefused).count == 3)

            // 4. Reviewed again, published; the 索引号 is the one given at creation; no second publication, no edit.
            _ = try await store.recordCatalogueReview(agencyCode: "gov", indexNumber: index, reviewer: "保密审查员丁", result: .passed,
                                                      date: date("2024-10-14"), actor: reviewer, now: now.addingTimeInterval(5))
            let published = try await store.publishCatalogueItem(agencyCode: "gov", indexNumber: index, date: date("2024-10-15"), actor: handler,
                                                                 now: now.addingTimeInterval(6))
            #expect(published.item.state == .published && published.item.publishedOn == date("2024-10-15") && published.item.indexNumber == index)
            #expect(published.publishedBy == handler.name)
            let ok = try await events(store, .catalogueItemPublished)
            #expect(ok.count == 1 && ok.first?.after?.contains("保密审查员丁") == true)
            await #expect(throws: CatalogueError.self) {
                try await store.publishCatalogueItem(agencyCode: "gov", indexNumber: index, date: date("2024-10-16"), actor: handler, now: now)
            }
            await #expect(throws: CatalogueError.self) {
                try await store.updateCatalogueDraft(agencyCode: "gov", indexNumber: index, item: document("改名", written: "2024-09-27"), actor: handler, now: now)
            }
            // 第二十六条: formed 2024-09-27, due 2024-10-30 — published on 10-15, on time.
            let clock = PublicationClock(calendar: try await store.workingCalendar())
            #expect(try clock.timeliness(of: published.item, asOf: date("2025-01-01")) == .onTime(due: date("2024-10-30")))

            // 5. Repealed: stays in the catalogue, marked, with the repealing document; not repealed twice.
            let repealed = try await store.endCatalogueItem(agencyCode: "gov", indexNumber: index, validity: .repealed(on: date("2025-01-10"), by: "某府规〔2025〕1号"),
                                                            actor: handler, now: now)
            #expect(repealed.item.validity == .repealed(on: date("2025-01-10"), by: "某府规〔2025〕1号") && repealed.item.state == .published)
            await #expect(throws: CatalogueError.self) {
                try await store.endCatalogueItem(agencyCode: "gov", indexNumber: index, validity: .lapsed(on: date("2025-02-01"), by: nil), actor: handler, now: now)
            }
            #expect(try await store.catalogueItems(agencyCode: "gov", state: .published).map(\.item.validity.label) == ["废止"])
            let kinds = try await store.catalogueEvents(agencyCode: "gov").map(\.kind)
            #expect(kinds.filter { $0 == EventKind.catalogueItemEnded.rawValue }.count == 1)
            await #expect(throws: StoreError.self) { try await store.catalogueItem(agencyCode: "gov", indexNumber: "000014349/2024-99999") }
        }
    }

    @Test func decisionFigures() async throws {
        try await withStore { store in
            try await store.addAgency(code: "gov", name: "某市人民政府", now: now)
            #expect(try await store.decisionFigures(agencyCode: "gov", year: 2024) == nil)
            let f = DecisionFigures(licensingDecisions: 2293, penaltyDecisions: 1282, enforcementDecisions: 42, feesWanYuan: Decimal(string: "24252.311082"))
            try await store.setDecisionFigures(agencyCode: "gov", year: 2024, figures: f, actor: handler, now: now)
            #expect(try await store.decisionFigures(agencyCode: "gov", year: 2024) == f)
            var g = f
            g.penaltyDecisions = -1
            await #expect(throws: InputError.self) { try await store.setDecisionFigures(agencyCode: "gov", year: 2024, figures: g, actor: handler, now: now) }
            g = f; g.licensingProjects = ProjectCounts(previousYear: 10, change: -3)  // 本年增/减 may be negative
            try await store.setDecisionFigures(agencyCode: "gov", year: 2020, figures: g, actor: handler, now: now)
            #expect(try await store.decisionFigures(agencyCode: "gov", year: 2020)?.licensingProjects == ProjectCounts(previousYear: 10, change: -3))
            #expect(try await events(store, .decisionFiguresSet).count == 2)
        }
    }

    /// Acceptance (issue 12): table 二 of a generated report equals counts made in the test from the scenarios the
    /// catalogue was generated from, in both formats.
    @Test func table2OfTheGeneratedReportComesFromTheCatalogue() async throws {
        try await withStore { store in
            try await store.addAgency(code: "gov", name: "某市人民政府", now: now)
            try await store.setCatalogueSettings(agencyCode: "gov", organisationCode: "000014349", actor: head, now: now)
            // The officer's earlier hand-entered figures are replaced by the catalogue's.
            try await store.setProactiveFigures(agencyCode: "gov", year: 2024, block: "20.1", row: "规章", values: ["9", "9", "9"], actor: handler, now: now)
            let year = 2024
            // Expected, per kind: 2021 [制发, 废止, 现行有效], 2019 [新制作, 新公开, 对外公开总数].
            var e2021: [DocumentKind: [Int]] = [.rule: [0, 0, 0], .normativeDocument: [0, 0, 0]]
            var e2019: [DocumentKind: [Int]] = [.rule: [0, 0, 0], .normativeDocument: [0, 0, 0]]
            var t = now
            func tick() -> Date { t = t.addingTimeInterval(1); return t }
            for k in 0..<36 {
                let kind = [DocumentKind.rule, .normativeDocument, .other][k % 3]
                let writtenThisYear = (k / 3) % 2 == 1
                let written = "\(writtenThisYear ? year : year - 1)-03-\(10 + k % 10)"
                let publishedLate = k % 5 == 0  // published in the following year (or, for last year's, in this year)
                let published = k % 4 != 3
                let pubDate = writtenThisYear ? (publishedLate ? "2025-01-15" : "2024-05-01") : (publishedLate ? "2024-02-01" : "2023-06-01")
                let repealedThisYear = published && [1, 3].contains(k % 6) && pubDate <= "2024-11-30"
                let repealedNextYear = published && k % 6 == 4 && !repealedThisYear
                var item = document("文件\(k)", written: written, kind: kind)
                if kind == .other { item.category = .fees }
                let created = try await store.createCatalogueDraft(agencyCode: "gov", item: item, actor: handler, now: tick())
                let index = try #require(created.item.indexNumber)
                guard published else { continue }
                _ = try await store.recordCatalogueReview(agencyCode: "gov", indexNumber: index, reviewer: "保密员丁", result: .passed,
                                                          date: date(pubDate), actor: reviewer, now: tick())
                _ = try await store.publishCatalogueItem(agencyCode: "gov", indexNumber: index, date: date(pubDate), actor: handler, now: tick())
                if repealedThisYear {
                    _ = try await store.endCatalogueItem(agencyCode: "gov", indexNumber: index, validity: .repealed(on: date("2024-11-30"), by: "废止文件\(k)"),
                                                         actor: handler, now: tick())
                }
                if repealedNextYear {
                    _ = try await store.endCatalogueItem(agencyCode: "gov", indexNumber: index, validity: .repealed(on: date("2025-02-01"), by: "废止文件\(k)"),
                                                         actor: handler, now: tick())
                }
                guard kind != .other else { continue }
                if writtenThisYear { e2021[kind]![0] += 1; e2019[kind]![0] += 1 }
                if repealedThisYear { e2021[kind]![1] += 1 }
                if !repealedThisYear { e2021[kind]![2] += 1 }  // every published one is written by 12月31日
                if pubDate.hasPrefix("2024") { e2019[kind]![1] += 1 }
                if pubDate <= "2024-12-31" { e2019[kind]![2] += 1 }
            }
            try await store.setDecisionFigures(agencyCode: "gov", year: year, figures: DecisionFigures(licensingDecisions: 12, penaltyDecisions: 3, enforcementDecisions: 0,
                                                                                                       feesWanYuan: Decimal(string: "1.5")), actor: handler, now: tick())
            func nums(_ v: [Int]) -> [CellValue] { v.map { .number(Decimal($0)) } }
            let r2021 = try await store.liveReport(agencyCode: "gov", year: year, format: .f2021)
            #expect(r2021.table2Row(block: "20.1", row: "规章")?.cells.map(\.value) == nums(e2021[.rule]!))
            #expect(r2021.table2Row(block: "20.1", row: "行政规范性文件")?.cells.map(\.value) == nums(e2021[.normativeDocument]!))
            #expect(r2021.table2Row(block: "20.5", row: "行政许可")?.cells.map(\.value) == nums([12]))
            #expect(r2021.table2Row(block: "20.8", row: "行政事业性收费")?.cells.map(\.value) == [.number(Decimal(string: "1.5")!)])
            let r2019 = try await store.liveReport(agencyCode: "gov", year: year, format: .f2019)
            #expect(r2019.table2Row(block: "20.1", row: "规章")?.cells.map(\.value) == nums(e2019[.rule]!))
            #expect(r2019.table2Row(block: "20.1", row: "规范性文件")?.cells.map(\.value) == nums(e2019[.normativeDocument]!))
            #expect(r2019.table2Row(block: "20.5", row: "行政许可")?.cells.map(\.value) == [.blank, .blank, .number(12)])
            // Every column is exercised by the generated data.
            #expect(e2021.values.allSatisfy { $0.allSatisfy { $0 > 0 } } && e2019.values.allSatisfy { $0.allSatisfy { $0 > 0 } })
        }
    }
}
