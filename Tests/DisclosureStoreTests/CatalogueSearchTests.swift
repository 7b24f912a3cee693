@testable import DisclosureStore
import DisclosureRules
import FluentKit
import Foundation
import SQLKit
import Testing

/// Issue 12 acceptance: the public catalogue search finds an item by a two-character Chinese word in its title or its
/// body, by a longer phrase, never a draft or an item awaiting publication; `%` and `_` are literal. Runs on SQLite
/// (FTS5 trigram) and, with DATABASE_URL, on PostgreSQL (pg_trgm).
@Suite(.serialized) struct CatalogueSearchTests {
    /// 2025-03-01 12:00 Beijing time.
    let now = Date(timeIntervalSince1970: 1_740_801_600)

    func item(_ title: String, body: String = "", summary: String = "", written: String = "2024-09-02") -> CatalogueItem {
        CatalogueItem(title: title, summary: summary, issuingAgency: "某市财政局", writtenOn: date(written), topic: .financeAndAudit,
                      genre: .circular, category: .budgets, body: body)
    }

    /// Catalogues, reviews (passed) and publishes an item on `published`; returns its 索引号.
    @discardableResult
    func publish(_ store: Store, _ i: CatalogueItem, on published: String, agency: String = "fin") async throws -> String {
        let d = try await store.createCatalogueDraft(agencyCode: agency, item: i, actor: handler, now: now)
        let index = d.item.indexNumber!
        try await store.recordCatalogueReview(agencyCode: agency, indexNumber: index, reviewer: "保密审查员丁", result: .passed, date: date(published),
                                              actor: head, now: now)
        try await store.publishCatalogueItem(agencyCode: agency, indexNumber: index, date: date(published), actor: handler, now: now)
        return index
    }

    func titles(_ store: Store, _ text: String, agency: String? = "fin", offset: Int = 0, limit: Int = 20) async throws -> [String] {
        try await store.searchPublishedCatalogue(CatalogueSearchQuery(text: text, agencyCode: agency, offset: offset, limit: limit)).items.map(\.item.title)
    }

    @Test func findsChineseWordsOfTwoCharactersAndPhrasesButNeverDrafts() async throws {
        try await withStore { store in
            try await store.addAgency(code: "fin", name: "某市财政局", now: now)
            try await store.addAgency(code: "edu", name: "某市教育局", now: now)
            try await store.setCatalogueSettings(agencyCode: "fin", organisationCode: "000014349", actor: head, now: now)
            try await store.setCatalogueSettings(agencyCode: "edu", organisationCode: "000014357", actor: head, now: now)
            // 预算 in A's title; in B's body only (B published later). 决算 only in B's body.
            try await publish(store, item("关于2024年部门预算公开的通知", body: "各单位：现将有关事项通知如下。"), on: "2024-09-10")
            try await publish(store, item("某市财政局2023年度工作总结", body: "本局依法公开财政预算、决算信息，接受社会监督。"), on: "2024-11-05")
            // A draft and an item cleared but not published, both with 预算 in the title: never found.
            try await store.createCatalogueDraft(agencyCode: "fin", item: item("预算调整方案（草稿）"), actor: handler, now: now)
            let pending = try await store.createCatalogueDraft(agencyCode: "fin", item: item("预算绩效评价办法（待发布）", body: "决算"), actor: handler, now: now)
            try await store.recordCatalogueReview(agencyCode: "fin", indexNumber: pending.item.indexNumber!, reviewer: "保密审查员丁", result: .passed,
                                                  date: date("2024-12-01"), actor: head, now: now)
            // Another agency's item with 预算: found only when searching every agency.
            try await publish(store, item("教育经费预算执行情况"), on: "2024-10-01", agency: "edu")

            // Two characters (shorter than a trigram): in A's title and B's body; the title match first though B is newer.
            #expect(try await titles(store, "预算") == ["关于2024年部门预算公开的通知", "某市财政局2023年度工作总结"])
            #expect(try await titles(store, "决算") == ["某市财政局2023年度工作总结"])
            // Without an agency: every agency's published items; both title matches first, newest first among them.
            #expect(try await titles(store, "预算", agency: nil) == ["教育经费预算执行情况", "关于2024年部门预算公开的通知", "某市财政局2023年度工作总结"])
            // A longer phrase (trigram index), and two words that must both occur.
            #expect(try await titles(store, "部门预算公开") == ["关于2024年部门预算公开的通知"])
            #expect(try await titles(store, "接受社会监督") == ["某市财政局2023年度工作总结"])
            #expect(try await titles(store, "预算　通知") == ["关于2024年部门预算公开的通知"])  // a full-width space separates words
            #expect(try await titles(store, "财政 监督") == ["某市财政局2023年度工作总结"])
            // Absent words, and a phrase whose characters all occur but not together.
            #expect(try await titles(store, "环境").isEmpty)
            #expect(try await titles(store, "预算通知").isEmpty)
            // Paging: the total counts every match.
            let page2 = try await store.searchPublishedCatalogue(CatalogueSearchQuery(text: "预算", agencyCode: "fin", offset: 1, limit: 1))
            #expect(page2.total == 2 && page2.items.map(\.item.title) == ["某市财政局2023年度工作总结"])
            // Browsing without text: published items only, newest 发布日期 first.
            let all = try await store.searchPublishedCatalogue(CatalogueSearchQuery(agencyCode: "fin"))
            #expect(all.total == 2 && all.items.map(\.item.publishedOn?.description) == ["2024-11-05", "2024-09-10"])
            #expect(try await store.searchPublishedCatalogue(CatalogueSearchQuery(agencyCode: "fin", year: 2023)).total == 0)

            // Once the pending item is published (its text edited first: the index follows), it is found by its new words.
            try await store.updateCatalogueDraft(agencyCode: "fin", indexNumber: pending.item.indexNumber!, item: item("政府采购绩效评价办法", body: "集中采购目录"),
                                                 actor: handler, now: now)
            try await store.recordCatalogueReview(agencyCode: "fin", indexNumber: pending.item.indexNumber!, reviewer: "保密审查员丁", result: .passed,
                                                  date: date("2024-12-02"), actor: head, now: now)
            #expect(try await titles(store, "绩效评价").isEmpty)
            try await store.publishCatalogueItem(agencyCode: "fin", indexNumber: pending.item.indexNumber!, date: date("2024-12-03"), actor: handler, now: now)
            #expect(try await titles(store, "绩效评价") == ["政府采购绩效评价办法"])
            #expect(try await titles(store, "集中采购目录") == ["政府采购绩效评价办法"])
            #expect(try await titles(store, "待发布").isEmpty)  // the old title is gone from the index
            // The draft stays hidden whatever is searched.
            #expect(try await titles(store, "预算调整方案").isEmpty)

            // A repealed item stays searchable.
            try await store.endCatalogueItem(agencyCode: "fin", indexNumber: try await store.searchPublishedCatalogue(CatalogueSearchQuery(text: "决算", agencyCode: "fin")).items[0].item.indexNumber!,
                                             validity: .repealed(on: date("2025-01-10"), by: "某财规〔2025〕1号"), actor: handler, now: now)
            let repealed = try await store.searchPublishedCatalogue(CatalogueSearchQuery(text: "决算", agencyCode: "fin"))
            #expect(repealed.items.map(\.item.validity) == [.repealed(on: date("2025-01-10"), by: "某财规〔2025〕1号")])
        }
    }

    @Test func percentAndUnderscoreAreLiteral() async throws {
        try await withStore { store in
            try await store.addAgency(code: "fin", name: "某市财政局", now: now)
            try await store.setCatalogueSettings(agencyCode: "fin", organisationCode: "000014349", actor: head, now: now)
            try await publish(store, item("空气质量达标率100%的说明"), on: "2024-10-01")
            try await publish(store, item("空气质量达标1000天的说明"), on: "2024-10-02")
            try await publish(store, item("项目_甲清单"), on: "2024-10-03")
            try await publish(store, item("项目乙甲清单", body: "反斜杠\\不是转义"), on: "2024-10-04")
            // As LIKE wildcards, 100% would match 1000 and _ would match any character; here they are characters.
            #expect(try await titles(store, "100%") == ["空气质量达标率100%的说明"])
            #expect(try await titles(store, "0%") == ["空气质量达标率100%的说明"])
            #expect(try await titles(store, "%").count == 1)
            #expect(try await titles(store, "目_甲") == ["项目_甲清单"])
            #expect(try await titles(store, "_") == ["项目_甲清单"])
            #expect(try await titles(store, "%%").isEmpty)
            #expect(try await titles(store, "杠\\不") == ["项目乙甲清单"])
            #expect(try await titles(store, "\\").count == 1)
            // A double quote (FTS5's phrase delimiter) is a character too.
            #expect(try await titles(store, "\"说明\"").isEmpty)
        }
    }

    @Test func theDatabaseOwnFacilityAnswers() async throws {
        try await withStore { store in
            let sql = store.db as! any SQLDatabase
            if sql.dialect.name == "postgresql" {
                #expect(try await store.catalogueSearchFacility() == .postgresTrigram)
                let ext = try await sql.raw("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'").first()
                #expect(ext != nil)
            } else {
                // The SQLite SQLiteNIO links has FTS5 and the trigram tokenizer (SQLite ≥ 3.34).
                let version = try await sql.raw("SELECT sqlite_version() AS v").first()!.decode(column: "v", as: String.self)
                let parts = version.split(separator: ".").compactMap { Int($0) }
                #expect(parts.count >= 2 && (parts[0], parts[1]) >= (3, 34), "SQLite \(version)")
                #expect(try await store.catalogueSearchFacility() == .sqliteTrigram)
            }
            // Input limits: a text of 101 characters or 9 words is refused, naming the field.
            let long = await #expect(throws: InputError.self) { try await store.searchPublishedCatalogue(CatalogueSearchQuery(text: String(repeating: "预", count: 101))) }
            #expect(long?.field == .search)
            await #expect(throws: InputError.self) { try await store.searchPublishedCatalogue(CatalogueSearchQuery(text: "一 二 三 四 五 六 七 八 九")) }
        }
    }
}
