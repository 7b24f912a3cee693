import DisclosureRules
import FluentKit
import Foundation
import SQLKit

// The public side of the catalogue (issue 12 point 6): published items only — browsing by agency, 条例第二十条 item
// and year of 发布日期, full-text search in Chinese, and the lists the feed and the sitemap are made of. Drafts and
// items cleared but not yet published never leave this file: every query here has `state = 'published'`.

/// What a public catalogue query asks for. Every filter is optional; all given must hold.
public struct CatalogueSearchQuery: Sendable, Hashable {
    /// Words separated by white space (a full-width space counts); an item matches when **every** word occurs as
    /// typed — a substring, case-insensitive for Latin letters — in its 名称, 内容概述, 文号 or 正文. `%`, `_` and `\`
    /// are ordinary characters. Empty: no text condition.
    public var text: String
    public var agencyCode: String?
    public var category: DisclosureCategory?
    /// The year of the 发布日期.
    public var year: Int?
    public var order: Order
    /// Rows skipped (0…) and rows returned (1…`Store.maximumSearchPage`).
    public var offset: Int
    public var limit: Int

    public enum Order: Sendable, Hashable {
        /// Items whose 名称 holds every word first, then the newest 发布日期, then 索引号.
        case relevance
        /// Most recently changed first (published, repealed or declared lapsed): the feed's order.
        case recentlyChanged
    }

    public init(text: String = "", agencyCode: String? = nil, category: DisclosureCategory? = nil, year: Int? = nil,
                order: Order = .relevance, offset: Int = 0, limit: Int = 20) {
        self.text = text; self.agencyCode = agencyCode; self.category = category; self.year = year; self.order = order
        self.offset = offset; self.limit = limit
    }
}

/// A published catalogue item as the public sees it: no reviews, no staff names.
public struct PublishedCatalogueItem: Sendable, Hashable {
    public var id: UUID
    public var agencyCode: String
    public var agencyName: String
    public var item: CatalogueItem
    /// When the record last changed (publication, repeal): the feed's and the sitemap's date.
    public var updatedAt: Date
}

/// One page of results and how many there are in all.
public struct CatalogueSearchResult: Sendable, Hashable {
    public var items: [PublishedCatalogueItem]
    public var total: Int
}

/// How many published items an agency has, by 条例第二十条 item and by year of 发布日期.
public struct PublishedCatalogueCounts: Sendable, Hashable {
    public var agencyCode: String
    public var agencyName: String
    public var total: Int
    public var byCategory: [DisclosureCategory: Int]
    public var byYear: [Int: Int]

    public init(agencyCode: String, agencyName: String, total: Int, byCategory: [DisclosureCategory: Int], byYear: [Int: Int]) {
        self.agencyCode = agencyCode; self.agencyName = agencyName; self.total = total; self.byCategory = byCategory; self.byYear = byYear
    }
}

/// What answers the text search: an FTS5 trigram index (SQLite), pg_trgm (PostgreSQL), or a plain scan.
public enum CatalogueSearchFacility: String, Sendable {
    case sqliteTrigram = "fts5-trigram", postgresTrigram = "pg_trgm", scan
}

extension Store {
    /// The longest search text (characters) and the most words in it.
    public static let maximumSearchText = 100, maximumSearchWords = 8
    /// The largest page of results.
    public static let maximumSearchPage = 200

    /// The words of a search text: split at white space, empty ones dropped.
    /// - Throws: `InputError` (field `search`) for more than `maximumSearchText` characters, more than
    ///   `maximumSearchWords` words, or control characters.
    public static func searchWords(_ text: String) throws -> [String] {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.count > maximumSearchText { throw InputError(.search, "过长（\(t.count) 个字符，最多 \(maximumSearchText) 个）") }
        if t.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !$0.properties.isWhitespace }) {
            throw InputError(.search, "含有不可见的控制字符")
        }
        let words = t.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        if words.count > maximumSearchWords { throw InputError(.search, "的词语过多（\(words.count) 个，最多 \(maximumSearchWords) 个）") }
        return words
    }

    /// Whether a word is long enough for the trigram indexes: three Unicode scalars (SQLite's trigram tokenizer and
    /// pg_trgm both count characters, not bytes). Shorter words — most Chinese words have two characters (公开,
    /// 预算) — are looked for by a scan.
    static func trigramReady(_ word: String) -> Bool { word.unicodeScalars.count >= 3 }

    /// What answers text searches on this database (decided by what migration 011 could create).
    public func catalogueSearchFacility() async throws -> CatalogueSearchFacility {
        if sql.dialect.name == "postgresql" {
            let r = try await sql.raw("SELECT 1 AS ok FROM pg_indexes WHERE indexname = 'catalogue_items_search'").first()
            return r == nil ? .scan : .postgresTrigram
        }
        let r = try await sql.raw("SELECT 1 AS ok FROM sqlite_master WHERE type = 'table' AND name = 'catalogue_search'").first()
        return r == nil ? .scan : .sqliteTrigram
    }

    /// Published catalogue items matching `query`, one page, with the number of all matches.
    /// - Throws: `InputError` (field `search`) for a text too long or with too many words (`searchWords`), an offset
    ///   below 0 or a limit outside 1…`maximumSearchPage` (field `page`); `StoreError.notFound` for an unknown agency.
    public func searchPublishedCatalogue(_ query: CatalogueSearchQuery) async throws -> CatalogueSearchResult {
        let words = try Self.searchWords(query.text)
        guard query.offset >= 0, (1...Self.maximumSearchPage).contains(query.limit) else {
            throw InputError(InputField("page", "页码"), "超出范围")
        }
        let postgres = sql.dialect.name == "postgresql"
        let facility = words.contains(where: Self.trigramReady) ? try await catalogueSearchFacility() : .scan
        var conditions: [SQLQueryString] = ["c.state = \(bind: CatalogueState.published.rawValue)"]
        if let code = query.agencyCode {
            let agency = try await requireAgency(code: code)
            conditions.append("c.agency_id = \(bind: agency.id!)")
        }
        if let category = query.category { conditions.append("c.category = \(bind: category.rawValue)") }
        if let year = query.year {
            conditions.append("c.published_on >= \(bind: String(format: "%04d-01-01", year)) AND c.published_on <= \(bind: String(format: "%04d-12-31", year))")
        }
        // The texts searched, joined by a space: a word holds no white space, so it never matches across two fields.
        let document: SQLQueryString = "(c.title || ' ' || c.summary || ' ' || c.document_number || ' ' || c.body)"
        func contains(_ haystack: SQLQueryString, _ word: String) -> SQLQueryString {
            postgres ? "strpos(lower(\(haystack)), lower(\(bind: word))) > 0" : "instr(lower(\(haystack)), lower(\(bind: word))) > 0"
        }
        var ftsPhrases: [String] = []
        for word in words {
            switch facility {
            case .sqliteTrigram where Self.trigramReady(word):
                // An FTS5 phrase: the word in double quotes (a quote inside doubled) — every character literal.
                ftsPhrases.append("\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
            case .postgresTrigram where Self.trigramReady(word):
                // The index's own expression, so the planner can use pg_trgm; the pattern's % _ \ escaped.
                let escaped = word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
                conditions.append("\(document) ILIKE \(bind: "%" + escaped + "%") ESCAPE '\\'")
            default:
                conditions.append(contains(document, word))
            }
        }
        if !ftsPhrases.isEmpty {
            conditions.append("c.id IN (SELECT item_id FROM catalogue_search WHERE catalogue_search MATCH \(bind: ftsPhrases.joined(separator: " AND ")))")
        }
        let whereClause = conditions.joined(separator: " AND ")
        let titleRank: SQLQueryString = words.isEmpty ? "0" : "CASE WHEN \(words.map { contains("c.title", $0) }.joined(separator: " AND ")) THEN 0 ELSE 1 END"
        let order: SQLQueryString = switch query.order {
        case .relevance: "title_rank, c.published_on DESC, c.index_year DESC, c.index_sequence DESC"
        case .recentlyChanged: "c.updated_at DESC, c.published_on DESC, c.index_year DESC, c.index_sequence DESC"
        }
        let total = try await sql.raw("SELECT COUNT(*) AS n FROM catalogue_items c WHERE \(whereClause)").first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw("""
            SELECT c.id AS id, \(titleRank) AS title_rank FROM catalogue_items c WHERE \(whereClause) \
            ORDER BY \(order) LIMIT \(unsafeRaw: String(query.limit)) OFFSET \(unsafeRaw: String(query.offset))
            """).all()
        let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
        return CatalogueSearchResult(items: try await publishedItems(ids: ids), total: total)
    }

    /// The records of `ids` in that order, as public values.
    func publishedItems(ids: [UUID]) async throws -> [PublishedCatalogueItem] {
        guard !ids.isEmpty else { return [] }
        let records = try await CatalogueItemRecord.query(on: db).filter(\.$id ~~ ids).all()
        let byID = Dictionary(uniqueKeysWithValues: records.map { ($0.id!, $0) })
        let agencies = Dictionary(uniqueKeysWithValues: try await agencyDirectory().map { ($0.id, $0) })
        return ids.compactMap { id in
            guard let r = byID[id], r.state == CatalogueState.published.rawValue else { return nil }
            let agency = agencies[r.agencyID]
            return PublishedCatalogueItem(id: id, agencyCode: agency?.code ?? "", agencyName: agency?.name ?? "", item: Self.item(r), updatedAt: r.updatedAt)
        }
    }

    /// One published item by 索引号 (as typed, or upper-cased).
    /// - Throws: `StoreError.notFound` for an unknown agency or 索引号, and for an item not published (a draft or an
    ///   item awaiting publication is not confirmed to exist).
    public func publishedCatalogueItem(agencyCode: String, indexNumber: String) async throws -> PublishedCatalogueItem {
        let agency = try await requireAgency(code: agencyCode)
        let r = try await Self.requireItem(agencyID: agency.id!, indexNumber: indexNumber, on: db)
        guard r.state == CatalogueState.published.rawValue, let item = try await publishedItems(ids: [r.id!]).first else {
            throw StoreError.notFound("索引号“\(indexNumber)”的目录条目不存在")
        }
        return item
    }

    /// The agencies with at least one published item, by code, each with its counts by 条例第二十条 item and year.
    public func publishedCatalogueCounts(agencyCode: String? = nil) async throws -> [PublishedCatalogueCounts] {
        var conditions: [SQLQueryString] = ["state = \(bind: CatalogueState.published.rawValue)"]
        if let agencyCode { conditions.append("agency_id = \(bind: try await requireAgency(code: agencyCode).id!)") }
        let rows = try await sql.raw("""
            SELECT agency_id, category, substr(published_on, 1, 4) AS y, COUNT(*) AS n FROM catalogue_items \
            WHERE \(conditions.joined(separator: " AND ")) GROUP BY agency_id, category, substr(published_on, 1, 4)
            """).all()
        let agencies = Dictionary(uniqueKeysWithValues: try await agencyDirectory().map { ($0.id, $0) })
        var out: [UUID: PublishedCatalogueCounts] = [:]
        for row in rows {
            let id = try row.decode(column: "agency_id", as: UUID.self)
            guard let a = agencies[id] else { continue }
            let n = try row.decode(column: "n", as: Int.self)
            var c = out[id] ?? PublishedCatalogueCounts(agencyCode: a.code, agencyName: a.name, total: 0, byCategory: [:], byYear: [:])
            c.total += n
            if let cat = DisclosureCategory(rawValue: try row.decode(column: "category", as: Int.self)) { c.byCategory[cat, default: 0] += n }
            if let y = Int(try row.decode(column: "y", as: String?.self) ?? "") { c.byYear[y, default: 0] += n }
            out[id] = c
        }
        return out.values.sorted { $0.agencyCode < $1.agencyCode }
    }

    /// Every published item's agency code, 索引号 and last change, by agency and 索引号 (the sitemap), at most `limit`.
    public func publishedCatalogueIndex(limit: Int = 50_000) async throws -> [(agencyCode: String, indexNumber: String, updatedAt: Date)] {
        let records = try await CatalogueItemRecord.query(on: db).filter(\.$state == CatalogueState.published.rawValue)
            .field(\.$id).field(\.$agencyID).field(\.$indexNumber).field(\.$updatedAt)
            .sort(\.$agencyID).sort(\.$indexNumber).limit(limit).all()
        let agencies = Dictionary(uniqueKeysWithValues: try await agencyDirectory().map { ($0.id, $0.code) })
        return records.compactMap { r in agencies[r.agencyID].map { (agencyCode: $0, indexNumber: r.indexNumber, updatedAt: r.updatedAt) } }
    }
}
