import DisclosureRules
import DisclosureStore
import Foundation

// The public side of the government information catalogue (issue 12 point 6; 条例第十二条: the 政府信息公开目录 with
// 索引、名称、内容概述、生成日期): no login, published items only — drafts and items cleared but not yet published
// never appear. Repealed (废止) and lapsed (失效) items stay, marked with the date and the document.

/// A published catalogue item as the portal, the feed and the public API show it: its metadata (the 2008
/// 目录系统 table: 索引号, 发布机构, 主题分类, 体裁分类, 成文日期, 发布日期, 文号, 有效性, 公开方式 …) and its 正文 — no
/// reviewer, no staff name. Dates are ISO (`2024-09-27`); labels are Chinese.
public struct PublicCatalogueItem: Sendable, Codable, Hashable {
    public var agencyCode: String
    /// The agency whose catalogue holds it.
    public var agencyName: String
    public var indexNumber: String
    public var title: String
    public var summary: String
    /// Empty when the information has none.
    public var documentNumber: String
    /// 发布机构.
    public var issuingAgency: String
    public var writtenOn: String?
    public var publishedOn: String
    /// 主题分类: the GB/T 21063.4 code and label.
    public var topicCode: String
    public var topic: String
    /// 体裁分类.
    public var genre: String
    /// The item of 条例第二十条: its number (1…15), "第二十条第（一）项" and its wording.
    public var category: Int
    public var categoryItem: String
    public var categoryLabel: String
    /// 公开方式, 公开范围, 公开时限.
    public var mode: String
    public var scope: String
    public var timeLimit: String
    /// `effective`, `repealed` or `lapsed`; the label 有效 / 废止 / 失效; for the last two the date and the document
    /// that repealed it or declared it lapsed (none for an item that lapsed on its own).
    public var validity: String
    public var validityLabel: String
    public var validityDate: String?
    public var validityDocument: String?
    /// 规章 / 行政规范性文件 for those documents, nil for other information.
    public var documentKind: String?
    public var body: String
    /// When it last changed (published, repealed), UTC.
    public var updatedAt: Date

    /// A published item linked to this one: 索引号 and 名称.
    public struct Link: Sendable, Codable, Hashable {
        public var indexNumber: String
        public var title: String
    }
    /// An attachment (附件) offered for download at `/catalogue/attachments/{id}`; size in bytes.
    public struct Attachment: Sendable, Codable, Hashable {
        public var id: String
        public var fileName: String
        public var contentType: String
        public var size: Int
    }
    /// Item pages only (nil / empty in lists and feeds): the policy document this item interprets (政策解读) and this
    /// document's interpretation — each only once it is published itself — and the attachments.
    public var interprets: Link? = nil
    public var interpretation: Link? = nil
    public var attachments: [Attachment] = []

    init(_ p: PublishedCatalogueItem) {
        let i = p.item
        agencyCode = p.agencyCode; agencyName = p.agencyName; indexNumber = i.indexNumber ?? ""; title = i.title; summary = i.summary
        documentNumber = i.documentNumber; issuingAgency = i.issuingAgency; writtenOn = i.writtenOn?.description
        publishedOn = i.publishedOn?.description ?? ""; topicCode = i.topic.code; topic = i.topic.label; genre = i.genre.label
        category = i.category.rawValue; categoryItem = i.category.item; categoryLabel = i.category.label
        mode = i.mode.label; scope = i.scope; timeLimit = i.timeLimit; validityLabel = i.validity.label
        switch i.validity {
        case .effective: validity = "effective"
        case .repealed(let d, let by): validity = "repealed"; validityDate = d.description; validityDocument = by
        case .lapsed(let d, let by): validity = "lapsed"; validityDate = d.description; validityDocument = by
        }
        documentKind = i.documentKind == .other ? nil : i.documentKind.label
        body = i.body; updatedAt = p.updatedAt
    }
}

/// A public catalogue search: text, agency, 条例第二十条 item, year of 发布日期, page (1…).
public struct PublicCatalogueSearch: Sendable, Hashable {
    public var text: String
    public var agencyCode: String?
    public var category: Int?
    public var year: Int?
    public var page: Int
    public var pageSize: Int

    public init(text: String = "", agencyCode: String? = nil, category: Int? = nil, year: Int? = nil, page: Int = 1,
                pageSize: Int = Service.cataloguePageSize) {
        self.text = text; self.agencyCode = agencyCode; self.category = category; self.year = year; self.page = page; self.pageSize = pageSize
    }
}

/// One page of public catalogue results.
public struct PublicCataloguePage: Sendable, Codable, Hashable {
    public var items: [PublicCatalogueItem]
    /// All matches, on every page.
    public var total: Int
    public var page: Int
    public var pageSize: Int
    /// At least 1.
    public var pageCount: Int
}

/// An agency's public catalogue at a glance: its published items in all, by 条例第二十条 item (every item of the
/// article, zero included, in the article's order) and by year of 发布日期 (newest first, only years with items).
public struct PublicCatalogueOverview: Sendable, Codable, Hashable {
    public var agencyCode: String
    public var agencyName: String
    public var total: Int
    public var categories: [CategoryCount]
    public var years: [YearCount]

    public struct CategoryCount: Sendable, Codable, Hashable {
        public var number: Int
        public var item: String
        public var label: String
        public var count: Int
    }

    public struct YearCount: Sendable, Codable, Hashable {
        public var year: Int
        public var count: Int
    }
}

/// One address of the sitemap: a path (from the site's root) and the day it last changed, when known.
public struct SitemapEntry: Sendable, Hashable {
    public var path: String
    public var lastModified: Date?
}

extension Service {
    /// Results per page of the public catalogue.
    public static let cataloguePageSize = 20
    /// Entries of an agency's feed.
    public static let catalogueFeedSize = 50

    /// Searches and browses the published catalogue (public, no login): items where every word of `search.text`
    /// occurs in the 名称, 内容概述, 文号 or 正文 (Chinese words of two characters included; `%` and `_` are ordinary
    /// characters), narrowed by agency, 条例第二十条 item and year of 发布日期. Items whose 名称 holds every word come
    /// first, then the newest 发布日期. Drafts and items awaiting publication never appear.
    /// - Throws: `ServiceError` — `invalidInput` (field `search`: over 100 characters or 8 words; `category` not
    ///   1…15; `year` not 1949…9999; `page` below 1), `notFound` (agency).
    public func searchCatalogue(_ search: PublicCatalogueSearch) async throws -> PublicCataloguePage {
        let category = try search.category.map { n -> DisclosureCategory in
            guard let c = DisclosureCategory(rawValue: n) else { throw ServiceError(.invalidInput, "类别应为条例第二十条第（一）至（十五）项", field: "category") }
            return c
        }
        if let y = search.year, !(1949...9999).contains(y) { throw ServiceError(.invalidInput, "年度应为四位数字", field: "year") }
        guard search.page >= 1, search.page <= 100_000 else { throw ServiceError(.invalidInput, "页码应为正整数", field: "page") }
        let size = min(max(search.pageSize, 1), Store.maximumSearchPage)
        return try await run {
            let r = try await store.searchPublishedCatalogue(CatalogueSearchQuery(text: search.text, agencyCode: search.agencyCode, category: category,
                                                                                  year: search.year, offset: (search.page - 1) * size, limit: size))
            return PublicCataloguePage(items: r.items.map(PublicCatalogueItem.init), total: r.total, page: search.page, pageSize: size,
                                       pageCount: max(1, (r.total + size - 1) / size))
        }
    }

    /// The agencies with published catalogue items, by code, each with its counts (public).
    public func publicCatalogueAgencies() async throws -> [PublicCatalogueOverview] {
        try await run { try await store.publishedCatalogueCounts().map(Self.overview) }
    }

    /// An agency's published catalogue at a glance (public); an agency without published items has zeros.
    /// - Throws: `ServiceError` — `notFound` (agency).
    public func publicCatalogueOverview(agencyCode: String) async throws -> PublicCatalogueOverview {
        try await run {
            let agency = try await store.requireAgency(code: agencyCode)
            let counts = try await store.publishedCatalogueCounts(agencyCode: agencyCode).first
                ?? PublishedCatalogueCounts(agencyCode: agency.code, agencyName: agency.name, total: 0, byCategory: [:], byYear: [:])
            return Self.overview(counts)
        }
    }

    static func overview(_ c: PublishedCatalogueCounts) -> PublicCatalogueOverview {
        PublicCatalogueOverview(agencyCode: c.agencyCode, agencyName: c.agencyName, total: c.total,
                                categories: DisclosureCategory.allCases.map { .init(number: $0.rawValue, item: $0.item, label: $0.label, count: c.byCategory[$0] ?? 0) },
                                years: c.byYear.sorted { $0.key > $1.key }.map { .init(year: $0.key, count: $0.value) })
    }

    /// One published item by 索引号 (public).
    /// - Throws: `ServiceError` — `notFound` for an unknown agency or 索引号 and for an item not published.
    public func publicCatalogueItem(agencyCode: String, indexNumber: String) async throws -> PublicCatalogueItem {
        try await run {
            var item = PublicCatalogueItem(try await store.publishedCatalogueItem(agencyCode: agencyCode, indexNumber: indexNumber))
            // The policy interpretation link (one-to-one) and the attachments, from the staff record; a linked item
            // that is not published yet is not named.
            let stored = try await store.catalogueItem(agencyCode: agencyCode, indexNumber: indexNumber)
            func published(_ index: String?) async -> PublicCatalogueItem.Link? {
                guard let index, let p = try? await store.publishedCatalogueItem(agencyCode: agencyCode, indexNumber: index) else { return nil }
                return .init(indexNumber: p.item.indexNumber ?? index, title: p.item.title)
            }
            item.interprets = await published(stored.interpretsIndexNumber)
            item.interpretation = await published(stored.interpretationIndexNumber)
            item.attachments = stored.attachments.map { .init(id: $0.id.uuidString, fileName: $0.fileName, contentType: $0.contentType, size: $0.size) }
            return item
        }
    }

    /// The entries of an agency's Atom feed: its published items most recently changed first (a repeal counts as a
    /// change), at most `limit` (public).
    /// - Throws: `ServiceError` — `notFound` (agency).
    public func catalogueFeed(agencyCode: String, limit: Int = Service.catalogueFeedSize) async throws -> (agency: AgencyInfo, items: [PublicCatalogueItem]) {
        try await run {
            let a = try await store.requireAgency(code: agencyCode)
            let r = try await store.searchPublishedCatalogue(CatalogueSearchQuery(agencyCode: agencyCode, order: .recentlyChanged,
                                                                                  limit: min(max(limit, 1), Store.maximumSearchPage)))
            return (AgencyInfo(code: a.code, name: a.name, kind: a.kind, timeZone: a.timeZone), r.items.map(PublicCatalogueItem.init))
        }
    }

    /// The public addresses for the sitemap: the portal's pages (home, apply, status, the catalogue), each agency's
    /// guide and catalogue, and every published item (`catalogueItemPath`), at most 50 000 addresses in all (the
    /// sitemaps.org limit per file). An item's date is its last change (publication, repeal); a catalogue page's the
    /// latest of its items'; the other pages have none.
    public func sitemapEntries() async throws -> [SitemapEntry] {
        try await run {
            let agencies = try await store.agencyDirectory()
            let fixed = 4 + 2 * agencies.count
            let items = try await store.publishedCatalogueIndex(limit: max(0, 50_000 - fixed))
            var latest: [String: Date] = [:]
            for i in items { latest[i.agencyCode] = max(latest[i.agencyCode] ?? i.updatedAt, i.updatedAt) }
            var out = ["/", "/apply", "/status"].map { SitemapEntry(path: $0, lastModified: nil) }
            out.append(SitemapEntry(path: "/catalogue", lastModified: latest.values.max()))
            for a in agencies {
                out.append(SitemapEntry(path: "/agencies/\(Self.pathSegment(a.code))", lastModified: nil))
                out.append(SitemapEntry(path: "/catalogue/\(Self.pathSegment(a.code))", lastModified: latest[a.code]))
            }
            for i in items {
                out.append(SitemapEntry(path: Self.catalogueItemPath(agencyCode: i.agencyCode, indexNumber: i.indexNumber), lastModified: i.updatedAt))
            }
            return out
        }
    }

    /// The public page of an item: `/catalogue/{agency}/item?index={索引号}`, the 索引号 (which holds `/`) as a query
    /// value, percent-encoded (every character but letters, digits and `-._~`).
    public static func catalogueItemPath(agencyCode: String, indexNumber: String) -> String {
        "/catalogue/\(pathSegment(agencyCode))/item?index=\(queryValue(indexNumber))"
    }

    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    /// A path segment or a query value percent-encoded: every character but letters, digits and `-._~` (so `/`, `&`,
    /// `=`, `+` and non-ASCII characters are encoded, and the value comes back as it was).
    public static func pathSegment(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? s }
    public static func queryValue(_ s: String) -> String { pathSegment(s) }
}
