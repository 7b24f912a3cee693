import DisclosureRules
import DisclosureService
import Foundation
import Vapor

// The public catalogue (issue 12 point 6), no login: the agencies with published items, each agency's catalogue by
// 条例第二十条 item and year with its search box, the search across agencies, each item's page with its metadata
// table and body, an Atom feed per agency (RFC 4287) and the sitemap (sitemaps.org 0.9).
//
// Addresses: /catalogue[?q=…], /catalogue/{agency}[?q=&category=&year=&page=], /catalogue/{agency}/item?index={索引号}
// (the 索引号 holds "/", so it travels as a query value), /catalogue/{agency}/feed.atom, /sitemap.xml.

/// One row of a result list.
struct CatalogueRow: Encodable {
    var title: String
    var url: String
    var indexNumber: String
    var agencyName: String
    var publishedOn: String
    /// nil when empty (Leaf counts an empty text as true).
    var documentNumber: String?
    var summary: String?
    /// effective / repealed / lapsed, and the text of the mark in the page's language.
    var validity: String
    var validityText: String
}

/// A page of results with its links.
struct CatalogueResults: Encodable {
    var rows: [CatalogueRow]
    var total: Int
    var page: Int
    var pageCount: Int
    var previousURL: String?
    var nextURL: String?
}

struct CatalogueIndexPage: Encodable {
    var page: PageInfo
    var agencies: [PublicCatalogueOverview]
    var q: String
    var results: CatalogueResults?
    var error: String?
}

struct CatalogueAgencyPage: Encodable {
    var page: PageInfo
    var overview: PublicCatalogueOverview
    var categories: [Facet]
    var years: [Facet]
    var q: String
    /// The filters in force, kept by the search box.
    var category: Int?
    var year: Int?
    /// What narrows the list, in words ("第二十条第（七）项 · 2024年"), empty for the whole catalogue.
    var filterText: String
    var filtered: Bool
    var results: CatalogueResults
    var error: String?
    var feedURL: String

    struct Facet: Encodable {
        var label: String
        var detail: String
        var count: Int
        var url: String
        var current: Bool
    }
}

struct CatalogueItemPage: Encodable {
    var page: PageInfo
    var item: PublicCatalogueItem
    var categoryText: String
    var validityText: String
    var ended: Bool
    /// The item's 文号 and 内容概述, nil when empty.
    var documentNumber: String?
    var summary: String?
    var bodyParagraphs: [String]
    var agencyURL: String
    var feedURL: String
    /// The policy document this item interprets and this document's interpretation (政策解读), with their pages.
    var interpretsURL: String?
    var interpretationURL: String?
    var attachments: [AttachmentLink]

    struct AttachmentLink: Encodable {
        var fileName: String
        var url: String
        /// e.g. "1.2 MB", "35 KB".
        var size: String
    }
}

func registerCatalogue(_ app: Application) throws {
    let site = app.grouped(CSRFMiddleware())

    site.get("catalogue") { req async throws -> Response in
        let q = (try? req.query.get(String.self, at: "q")) ?? ""
        var page = CatalogueIndexPage(page: PageInfo(req, title: req.t("cataloguePublic.title")), agencies: try await req.service.publicCatalogueAgencies(),
                                      q: q, results: nil, error: nil)
        var status: HTTPResponseStatus = .ok
        if !q.trimmingCharacters(in: .whitespaces).isEmpty {
            page.page.title = req.t("cataloguePublic.searchTitle", ["q": q])
            do {
                let p = try await req.service.searchCatalogue(PublicCatalogueSearch(text: q, page: try pageNumber(req)))
                page.results = catalogueResults(p, req, base: "/catalogue", query: [("q", q)])
            } catch let e as ServiceError where e.code == .invalidInput {
                page.error = req.message(e); status = .badRequest
            }
        }
        return try await req.view.render("catalogue-index", page).encodeResponse(status: status, for: req)
    }

    site.get("catalogue", ":agency") { req async throws -> Response in
        let code = try req.parameters.require("agency")
        let overview = try await req.service.publicCatalogueOverview(agencyCode: code)
        let q = (try? req.query.get(String.self, at: "q")) ?? ""
        let category = try intParameter(req, "category"), year = try intParameter(req, "year")
        let base = "/catalogue/\(Service.pathSegment(code))"
        var query: [(String, String)] = []
        if !q.isEmpty { query.append(("q", q)) }
        if let category { query.append(("category", String(category))) }
        if let year { query.append(("year", String(year))) }
        // The facets keep the other filters and the text.
        func link(category c: Int?, year y: Int?) -> String {
            var parts: [(String, String)] = q.isEmpty ? [] : [("q", q)]
            if let c { parts.append(("category", String(c))) }
            if let y { parts.append(("year", String(y))) }
            return base + queryString(parts)
        }
        let categories = overview.categories.filter { $0.count > 0 || $0.number == category }.map {
            CatalogueAgencyPage.Facet(label: categoryItemText($0.number, req), detail: $0.label, count: $0.count,
                                      url: link(category: $0.number == category ? nil : $0.number, year: year), current: $0.number == category)
        }
        let years = overview.years.map {
            CatalogueAgencyPage.Facet(label: req.t("cataloguePublic.year", ["year": String($0.year)]), detail: "", count: $0.count,
                                      url: link(category: category, year: $0.year == year ? nil : $0.year), current: $0.year == year)
        }
        var filters: [String] = []
        if let category { filters.append(categoryItemText(category, req)) }
        if let year { filters.append(req.t("cataloguePublic.year", ["year": String(year)])) }
        var status: HTTPResponseStatus = .ok
        var error: String?
        var results = CatalogueResults(rows: [], total: 0, page: 1, pageCount: 1)
        do {
            let p = try await req.service.searchCatalogue(PublicCatalogueSearch(text: q, agencyCode: code, category: category, year: year, page: try pageNumber(req)))
            results = catalogueResults(p, req, base: base, query: query)
        } catch let e as ServiceError where e.code == .invalidInput {
            error = req.message(e); status = .badRequest
        }
        let page = CatalogueAgencyPage(page: PageInfo(req, title: req.t("cataloguePublic.agencyTitle", ["agency": overview.agencyName])), overview: overview,
                                       categories: categories, years: years, q: q, category: category, year: year, filterText: filters.joined(separator: " · "),
                                       filtered: !filters.isEmpty || !q.isEmpty, results: results, error: error, feedURL: base + "/feed.atom")
        return try await req.view.render("catalogue-agency", page).encodeResponse(status: status, for: req)
    }

    site.get("catalogue", ":agency", "item") { req async throws -> View in
        let code = try req.parameters.require("agency")
        let index = (try? req.query.get(String.self, at: "index")) ?? ""
        guard !index.isEmpty else { throw ServiceError(.invalidInput, "请给出索引号（index）", field: "index") }
        let item = try await req.service.publicCatalogueItem(agencyCode: code, indexNumber: index)
        let base = "/catalogue/\(Service.pathSegment(code))"
        let paragraphs = item.body.split(separator: "\n", omittingEmptySubsequences: true).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return try await req.view.render("catalogue-item", CatalogueItemPage(
            page: PageInfo(req, title: item.title), item: item, categoryText: categoryItemText(item.category, req),
            validityText: validityText(item, req), ended: item.validity != "effective",
            documentNumber: nonEmpty(item.documentNumber), summary: nonEmpty(item.summary), bodyParagraphs: paragraphs, agencyURL: base,
            feedURL: base + "/feed.atom",
            interpretsURL: item.interprets.map { Service.catalogueItemPath(agencyCode: code, indexNumber: $0.indexNumber) },
            interpretationURL: item.interpretation.map { Service.catalogueItemPath(agencyCode: code, indexNumber: $0.indexNumber) },
            attachments: item.attachments.map {
                .init(fileName: $0.fileName, url: "/catalogue/attachments/\($0.id)",
                      size: $0.size >= 1_048_576 ? String(format: "%.1f MB", Double($0.size) / 1_048_576) : "\(max(1, ($0.size + 1023) / 1024)) KB")
            }))
    }

    site.get("catalogue", ":agency", "feed.atom") { req async throws -> Response in
        let code = try req.parameters.require("agency")
        let feed = try await req.service.catalogueFeed(agencyCode: code)
        let r = Response(status: .ok, body: .init(string: atomFeed(agency: feed.agency, items: feed.items, req)))
        r.headers.contentType = HTTPMediaType(type: "application", subType: "atom+xml", parameters: ["charset": "utf-8"])
        r.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        return r
    }

    app.get("sitemap.xml") { req async throws -> Response in
        let r = Response(status: .ok, body: .init(string: sitemap(try await req.service.sitemapEntries(), req)))
        r.headers.contentType = HTTPMediaType(type: "application", subType: "xml", parameters: ["charset": "utf-8"])
        r.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return r
    }
}

/// nil for an empty text.
func nonEmpty(_ s: String) -> String? { s.isEmpty ? nil : s }

/// `?page=` (1 when absent).
/// - Throws: `ServiceError` (`invalidInput`, field `page`) for anything but a positive whole number.
func pageNumber(_ req: Request) throws -> Int { try intParameter(req, "page") ?? 1 }

/// A whole-number query parameter, nil when absent or empty.
/// - Throws: `ServiceError` (`invalidInput`, naming the parameter) for anything else.
func intParameter(_ req: Request, _ name: String) throws -> Int? {
    guard let raw = try? req.query.get(String.self, at: name), !raw.isEmpty else { return nil }
    guard raw.count <= 6, let n = Int(raw), n >= 0 else { throw ServiceError(.invalidInput, "参数 \(name) 应为正整数", field: name) }
    return n
}

/// `?a=1&b=2`, values percent-encoded; empty for no parameters.
func queryString(_ parts: [(String, String)]) -> String {
    parts.isEmpty ? "" : "?" + parts.map { "\($0.0)=\(Service.queryValue($0.1))" }.joined(separator: "&")
}

func catalogueResults(_ p: PublicCataloguePage, _ req: Request, base: String, query: [(String, String)]) -> CatalogueResults {
    let rows = p.items.map { i in
        CatalogueRow(title: i.title, url: Service.catalogueItemPath(agencyCode: i.agencyCode, indexNumber: i.indexNumber), indexNumber: i.indexNumber,
                     agencyName: i.agencyName, publishedOn: i.publishedOn, documentNumber: nonEmpty(i.documentNumber), summary: nonEmpty(i.summary),
                     validity: i.validity, validityText: validityText(i, req))
    }
    func pageURL(_ n: Int) -> String { base + queryString(query + (n > 1 ? [("page", String(n))] : [])) }
    return CatalogueResults(rows: rows, total: p.total, page: p.page, pageCount: p.pageCount,
                            previousURL: p.page > 1 ? pageURL(min(p.page - 1, p.pageCount)) : nil, nextURL: p.page < p.pageCount ? pageURL(p.page + 1) : nil)
}

/// "第二十条第（七）项" as 条例第二十条 numbers it in zh-CN; "Article 20, item (7)" in English.
func categoryItemText(_ number: Int, _ req: Request) -> String {
    if req.lang == .zh, let c = DisclosureCategory(rawValue: number) { return c.item }
    return req.t("cataloguePublic.categoryItem", ["n": String(number)])
}

/// 有效, or 已废止 / 已失效 with the date and the document, in the request's language.
func validityText(_ i: PublicCatalogueItem, _ req: Request) -> String {
    switch i.validity {
    case "repealed": req.t("cataloguePublic.repealed", ["date": i.validityDate ?? "", "document": i.validityDocument ?? ""])
    case "lapsed" where (i.validityDocument ?? "").isEmpty: req.t("cataloguePublic.lapsed", ["date": i.validityDate ?? ""])
    case "lapsed": req.t("cataloguePublic.lapsedBy", ["date": i.validityDate ?? "", "document": i.validityDocument ?? ""])
    default: req.t("cataloguePublic.effective")
    }
}

// MARK: Absolute addresses, Atom, sitemap

/// The site's address for absolute links (feed, sitemap): `GONGKAI_PUBLIC_URL` when set; else the request's `Host`
/// (when it is a plain host name or address with an optional port) over https when cookies are secure (behind
/// HTTPS), http otherwise; `X-Forwarded-Proto` counts behind a trusted proxy.
func siteBase(_ req: Request) -> String {
    let settings = req.platform.settings
    if let url = settings.publicURL { return url }
    var scheme = settings.secureCookies ? "https" : "http"
    if settings.trustProxy, let p = req.headers.first(name: "X-Forwarded-Proto")?.lowercased(), p == "http" || p == "https" { scheme = p }
    let host = req.headers.first(name: .host) ?? ""
    let plain = host.wholeMatch(of: /[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?/) != nil || host.wholeMatch(of: /\[[0-9A-Fa-f:.]{2,45}\](:[0-9]{1,5})?/) != nil
    return "\(scheme)://\(plain ? host : "localhost")"
}

/// Text escaped for XML character data and attribute values.
func xmlEscaped(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for ch in s.unicodeScalars {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        // Characters XML 1.0 does not allow (the texts are cleaned, this is the last guard).
        case _ where ch.value < 0x20 && ch != "\n" && ch != "\t" && ch != "\r": continue
        case "\u{FFFE}", "\u{FFFF}": continue
        default: out.unicodeScalars.append(ch)
        }
    }
    return out
}

/// RFC 3339 in UTC (`2026-06-15T02:00:00Z`), as Atom's dates are written.
func rfc3339(_ d: Date) -> String {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    return f.string(from: d)
}

/// An agency's catalogue as an Atom feed (RFC 4287): the feed's id is its own address; each entry's id is a tag URI
/// (RFC 4151) `tag:{host},{发布日期}:catalogue/{agency}/{索引号}` (percent-encoded) — the 索引号 is never changed once
/// given, so the id stays as long as the host does (set `GONGKAI_PUBLIC_URL` so that it never depends on a request). A repealed or lapsed entry says so in its title, its summary and an
/// `atom:category` with the term `repealed` / `lapsed`.
func atomFeed(agency: AgencyInfo, items: [PublicCatalogueItem], _ req: Request) -> String {
    let base = siteBase(req)
    let path = "/catalogue/\(Service.pathSegment(agency.code))"
    let updated = items.map(\.updatedAt).max() ?? req.now
    // The tag's authority: the host name of the base address, without scheme and port.
    let host = URLComponents(string: base)?.host ?? "localhost"
    var x = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(req.lang.rawValue)">
          <id>\(xmlEscaped(base + path + "/feed.atom"))</id>
          <title>\(xmlEscaped(req.t("cataloguePublic.agencyTitle", ["agency": agency.name])))</title>
          <subtitle>\(xmlEscaped(req.t("cataloguePublic.feedSubtitle")))</subtitle>
          <updated>\(rfc3339(updated))</updated>
          <link rel="self" type="application/atom+xml" href="\(xmlEscaped(base + path + "/feed.atom"))"/>
          <link rel="alternate" type="text/html" href="\(xmlEscaped(base + path))"/>
          <author><name>\(xmlEscaped(agency.name))</name></author>

        """
    for i in items {
        let ended = i.validity != "effective"
        let title = ended ? req.t("cataloguePublic.feedEndedTitle", ["mark": req.t("cataloguePublic.mark.\(i.validity)"), "title": i.title]) : i.title
        var summary = i.summary.isEmpty ? i.title : i.summary
        if ended { summary = validityText(i, req) + "\n" + summary }
        let published = i.publishedOn.isEmpty ? "" : "    <published>\(i.publishedOn)T00:00:00+08:00</published>\n"
        x += """
              <entry>
                <id>\(xmlEscaped("tag:\(host),\(i.publishedOn):catalogue/\(Service.pathSegment(i.agencyCode))/\(Service.queryValue(i.indexNumber))"))</id>
                <title>\(xmlEscaped(title))</title>
                <updated>\(rfc3339(i.updatedAt))</updated>
            \(published)    <link rel="alternate" type="text/html" href="\(xmlEscaped(base + Service.catalogueItemPath(agencyCode: i.agencyCode, indexNumber: i.indexNumber)))"/>
                <summary>\(xmlEscaped(summary))</summary>
                <category term="\(i.category)" label="\(xmlEscaped(i.categoryItem))"/>
            \(ended ? "    <category term=\"\(i.validity)\" label=\"\(xmlEscaped(i.validityLabel))\"/>\n" : "")  </entry>

            """
    }
    return x + "</feed>\n"
}

/// The sitemap (sitemaps.org protocol 0.9): every public page with its last change (a day) when known.
func sitemap(_ entries: [SitemapEntry], _ req: Request) -> String {
    let base = siteBase(req)
    let day = DateFormatter()
    day.locale = Locale(identifier: "en_US_POSIX"); day.timeZone = TimeZone(identifier: "Asia/Shanghai"); day.dateFormat = "yyyy-MM-dd"
    var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    for e in entries {
        x += "  <url><loc>\(xmlEscaped(base + e.path))</loc>" + (e.lastModified.map { "<lastmod>\(day.string(from: $0))</lastmod>" } ?? "") + "</url>\n"
    }
    return x + "</urlset>\n"
}
