@testable import DisclosureService
@testable import DisclosureWeb
import DisclosureRules
import DisclosureStore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import VaporTesting

/// A parsed XML element: local name, namespace, attributes, children, text.
final class XMLElementNode {
    let name: String
    let namespace: String?
    let attributes: [String: String]
    var children: [XMLElementNode] = []
    var text = ""
    init(name: String, namespace: String?, attributes: [String: String]) { self.name = name; self.namespace = namespace; self.attributes = attributes }
    func all(_ name: String) -> [XMLElementNode] { children.filter { $0.name == name } }
    func first(_ name: String) -> XMLElementNode? { children.first { $0.name == name } }
}

/// Parses a document with Foundation's XMLParser (libxml2), namespaces processed; nil when it is not well-formed.
func parseXML(_ text: String) -> XMLElementNode? {
    final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLElementNode] = []
        var root: XMLElementNode?
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                    attributes attributeDict: [String: String] = [:]) {
            let node = XMLElementNode(name: elementName, namespace: namespaceURI, attributes: attributeDict)
            if let parent = stack.last { parent.children.append(node) } else { root = node }
            stack.append(node)
        }
        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) { stack.removeLast() }
        func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }
    }
    let parser = XMLParser(data: Data(text.utf8))
    parser.shouldProcessNamespaces = true
    let builder = Builder()
    parser.delegate = builder
    return parser.parse() ? builder.root : nil
}

/// The public catalogue (issue 12 point 6): the pages without login, the 索引号 in the item's address, the Atom feed
/// (RFC 4287) and the sitemap (sitemaps.org 0.9) parsed as XML and checked against the items the test created;
/// drafts never appear; a repealed item does, marked.
@Suite("Public catalogue") struct CatalogueWebTests {
    static let atom = "http://www.w3.org/2005/Atom", sitemaps = "http://www.sitemaps.org/schemas/sitemap/0.9"
    /// The moments the items were published and repealed (the feed's `updated`): 1, 2 and 3 days before the test clock.
    static let t1 = testNow.addingTimeInterval(-3 * 86_400), t2 = testNow.addingTimeInterval(-2 * 86_400), t3 = testNow.addingTimeInterval(-86_400)

    struct Made { var budget: String; var notice: String; var repealed: String; var draft: String; var pending: String }

    /// Agency A's catalogue: three published items (one repealed afterwards), a draft and an item cleared but not
    /// published — the last two with 预算 in the title.
    static func seed(_ service: Service) async throws -> Made {
        let store = service.store
        let handler = Actor(name: "承办人", role: .handler), head = Actor(name: "负责人", role: .head)
        try await store.setCatalogueSettings(agencyCode: Fixture.agencyA, organisationCode: "000014349", actor: head, now: t1)
        func item(_ title: String, _ category: DisclosureCategory, written: String, number: String = "", body: String = "") -> CatalogueItem {
            CatalogueItem(title: title, summary: "\(title)的内容概述。", documentNumber: number, issuingAgency: Fixture.nameA, writtenOn: CalendarDate(iso: written),
                          topic: .scienceAndEducation, genre: .circular, category: category,
                          documentKind: category == .regulationsAndDocuments ? .normativeDocument : .other, body: body)
        }
        func publish(_ i: CatalogueItem, on day: String, at now: Date) async throws -> String {
            let index = try await store.createCatalogueDraft(agencyCode: Fixture.agencyA, item: i, actor: handler, now: now).item.indexNumber!
            _ = try await store.recordCatalogueReview(agencyCode: Fixture.agencyA, indexNumber: index, reviewer: "审查员", result: .passed, date: CalendarDate(iso: day)!,
                                                  actor: head, now: now)
            _ = try await store.publishCatalogueItem(agencyCode: Fixture.agencyA, indexNumber: index, date: CalendarDate(iso: day)!, actor: handler, now: now)
            return index
        }
        let repealed = try await publish(item("示例市教育局关于规范课后服务收费的通知", .regulationsAndDocuments, written: "2023-03-01", number: "示教规〔2023〕1号",
                                              body: "第一段。\n第二段含有收费标准。"), on: "2023-03-10", at: t1)
        let budget = try await publish(item("示例市教育局2026年部门预算", .budgets, written: "2026-02-01", body: "本部门预算依法公开。"), on: "2026-02-10", at: t2)
        let notice = try await publish(item("关于招生工作的通知", .regulationsAndDocuments, written: "2026-04-01", number: "示教规〔2026〕2号",
                                            body: "各学校：招生计划与预算安排见附件。"), on: "2026-04-08", at: t2)
        _ = try await store.endCatalogueItem(agencyCode: Fixture.agencyA, indexNumber: repealed,
                                         validity: .repealed(on: CalendarDate(iso: "2026-05-01")!, by: "示教规〔2026〕3号"), actor: handler, now: t3)
        let draft = try await store.createCatalogueDraft(agencyCode: Fixture.agencyA, item: item("预算草稿不得公开", .budgets, written: "2026-05-01"),
                                                         actor: handler, now: t3).item.indexNumber!
        let pending = try await store.createCatalogueDraft(agencyCode: Fixture.agencyA, item: item("预算待发布事项", .budgets, written: "2026-05-02"),
                                                           actor: handler, now: t3).item.indexNumber!
        _ = try await store.recordCatalogueReview(agencyCode: Fixture.agencyA, indexNumber: pending, reviewer: "审查员", result: .passed,
                                              date: CalendarDate(iso: "2026-05-03")!, actor: head, now: t3)
        return Made(budget: budget, notice: notice, repealed: repealed, draft: draft, pending: pending)
    }

    @Test func pagesBrowseSearchAndShowItemsWithoutLogin() async throws {
        try await withPlatform { app, service in
            let m = try await Self.seed(service)
            let anon = Browser(app)
            // The directory of catalogues: A with its 3 published items; B (nothing published) absent.
            let index = try await anon.get("/catalogue")
            #expect(index.status == .ok && index.text.contains("/catalogue/edu") && index.text.contains("已发布 3 条") && !index.text.contains("/catalogue/civil"))
            #expect(try await anon.get("/").text.contains("href=\"/catalogue\""))

            // A's catalogue: published items newest first; never the draft or the item awaiting publication.
            let page = try await anon.get("/catalogue/edu")
            #expect(page.status == .ok)
            let titles = page.text.matches(of: /class="item-title" href="[^"]+">([^<]+)</).map { String($0.1) }
            #expect(titles == ["关于招生工作的通知", "示例市教育局2026年部门预算", "示例市教育局关于规范课后服务收费的通知"])
            #expect(!page.text.contains("预算草稿") && !page.text.contains("预算待发布"))
            // The repealed item is listed, marked with its date and document.
            #expect(page.text.contains("已于2026年5月1日废止（示教规〔2026〕3号）"))
            // Facets: 第二十条第（一）项 2, 第（七）项 1; years 2026 (2) and 2023 (1).
            #expect(page.text.contains("第二十条第（一）项") && page.text.contains("?category=1") && page.text.contains("?category=7") && !page.text.contains("?category=8"))
            let cat1 = try await anon.get("/catalogue/edu?category=1")
            #expect(cat1.text.matches(of: /class="item-title"/).count == 2 && cat1.text.contains("共 2 条"))
            let y2023 = try await anon.get("/catalogue/edu?year=2023")
            #expect(y2023.text.matches(of: /class="item-title"/).count == 1 && y2023.text.contains("示例市教育局关于规范课后服务收费的通知"))
            #expect(try await anon.get("/catalogue/edu?category=99").status == .badRequest)
            #expect(try await anon.get("/catalogue/edu?year=abc").status == .badRequest)
            #expect(try await anon.get("/catalogue/nosuch").status == .notFound)

            // Search: 预算 (two characters) in a title and in a body; the title match first; drafts never.
            let search = try await anon.get("/catalogue/edu?q=" + Service.queryValue("预算"))
            let found = search.text.matches(of: /class="item-title" href="[^"]+">([^<]+)</).map { String($0.1) }
            #expect(found == ["示例市教育局2026年部门预算", "关于招生工作的通知"])
            let everywhere = try await anon.get("/catalogue?q=" + Service.queryValue("收费标准"))
            #expect(everywhere.text.contains("示例市教育局关于规范课后服务收费的通知") && everywhere.text.contains("共 1 条"))
            #expect(try await anon.get("/catalogue?q=" + Service.queryValue(String(repeating: "长", count: 101))).status == .badRequest)

            // The item's address: the 索引号 (with "/") percent-encoded in the query, as the list links it; it round-trips.
            let path = Service.catalogueItemPath(agencyCode: "edu", indexNumber: m.repealed)
            #expect(m.repealed.contains("/") && path == "/catalogue/edu/item?index=" + m.repealed.replacingOccurrences(of: "/", with: "%2F"))
            #expect(page.text.contains("href=\"\(path)\""))
            let item = try await anon.get(path)
            #expect(item.status == .ok)
            for label in ["索引号", "发布机构", "主题分类", "体裁分类", "成文日期", "发布日期", "文号", "有效性", "公开方式"] {
                #expect(item.text.contains("<dt>\(label)</dt>"), "metadata row \(label)")
            }
            #expect(item.text.contains(">\(m.repealed)</dd>") && item.text.contains("2023年3月1日") && item.text.contains("2023年3月10日")
                    && item.text.contains("示教规〔2023〕1号") && item.text.contains("科技、教育") && item.text.contains("主动公开"))
            #expect(item.text.contains("ended-notice") && item.text.contains("已于2026年5月1日废止（示教规〔2026〕3号）"))
            #expect(item.text.contains("<p>第一段。</p>") && item.text.contains("<p>第二段含有收费标准。</p>"))
            // Unencoded "/" in the query works too; a draft or pending item is not found (404), nor is an unknown 索引号.
            #expect(try await anon.get("/catalogue/edu/item?index=\(m.budget)").text.contains("示例市教育局2026年部门预算"))
            #expect(try await anon.get(Service.catalogueItemPath(agencyCode: "edu", indexNumber: m.draft)).status == .notFound)
            #expect(try await anon.get(Service.catalogueItemPath(agencyCode: "edu", indexNumber: m.pending)).status == .notFound)
            #expect(try await anon.get(Service.catalogueItemPath(agencyCode: "civil", indexNumber: m.budget)).status == .notFound)
            // No reviewer or staff name on public pages.
            #expect(!item.text.contains("审查员") && !item.text.contains("承办人"))

            // In English: the interface in English, the catalogue's own data as published.
            let en = try await anon.get(path + "&lang=en")
            #expect(en.text.contains("Index number") && en.text.contains("Repealed on 1 May 2026 by 示教规〔2026〕3号") && en.text.contains("Article 20, item (1)"))
        }
    }

    @Test func feedAndSitemapAreValidXMLWithTheItems() async throws {
        var settings = testSettings()
        settings.publicURL = "https://gongkai.example.gov.cn"
        try await withPlatform(settings: settings) { app, service in
            let m = try await Self.seed(service)
            let base = "https://gongkai.example.gov.cn"
            let res = try await app.testing().sendRequest(.GET, "/catalogue/edu/feed.atom")
            #expect(res.status == .ok && res.headers.contentType?.subType == "atom+xml")
            let feed = try #require(parseXML(res.text), "the feed is well-formed XML")
            #expect(feed.name == "feed" && feed.namespace == Self.atom)
            #expect(feed.first("id")?.text == "\(base)/catalogue/edu/feed.atom")
            #expect(feed.first("title")?.text == "\(Fixture.nameA)政府信息公开目录")
            let iso = ISO8601DateFormatter()
            #expect(feed.first("updated")?.text == iso.string(from: Self.t3), "the latest change: the repeal")
            let selfLink = feed.all("link").first { $0.attributes["rel"] == "self" }
            #expect(selfLink?.attributes["href"] == "\(base)/catalogue/edu/feed.atom")
            #expect(feed.first("author")?.first("name")?.text == Fixture.nameA)
            // The three published items, most recently changed first: the repealed one (t3), then the two of t2.
            let entries = feed.all("entry")
            #expect(entries.count == 3)
            let byIndex: [String: String] = [m.repealed: "示例市教育局关于规范课后服务收费的通知", m.budget: "示例市教育局2026年部门预算", m.notice: "关于招生工作的通知"]
            let published = [m.repealed: "2023-03-10", m.budget: "2026-02-10", m.notice: "2026-04-08"]
            let updated = [m.repealed: Self.t3, m.budget: Self.t2, m.notice: Self.t2]
            var seen: [String] = []
            for e in entries {
                let href = try #require(e.all("link").first { $0.attributes["rel"] == "alternate" }?.attributes["href"])
                let index = try #require(URLComponents(string: href)?.queryItems?.first { $0.name == "index" }?.value, "\(href)")
                seen.append(index)
                #expect(href == base + Service.catalogueItemPath(agencyCode: "edu", indexNumber: index))
                let title = try #require(byIndex[index], "entry \(index) is one of the published items")
                #expect(e.first("id")?.text == "tag:gongkai.example.gov.cn,\(published[index]!):catalogue/edu/\(Service.queryValue(index))")
                #expect(e.first("updated")?.text == iso.string(from: updated[index]!))
                #expect(e.first("summary")?.text.contains("\(title)的内容概述。") == true)
                if index == m.repealed {
                    #expect(e.first("title")?.text == "【已废止】" + title)
                    #expect(e.all("category").contains { $0.attributes["term"] == "repealed" })
                    #expect(e.first("summary")?.text.hasPrefix("已于2026年5月1日废止（示教规〔2026〕3号）") == true)
                } else {
                    #expect(e.first("title")?.text == title)
                    #expect(!e.all("category").contains { $0.attributes["term"] == "repealed" })
                }
            }
            #expect(seen.first == m.repealed && Set(seen) == Set([m.repealed, m.budget, m.notice]))
            #expect(!res.text.contains(m.draft) && !res.text.contains(m.pending) && !res.text.contains("预算草稿"))
            #expect(try await app.testing().sendRequest(.GET, "/catalogue/nosuch/feed.atom").status == .notFound)

            // The sitemap: the portal's pages, each agency's guide and catalogue, and each published item with its day.
            let sm = try await app.testing().sendRequest(.GET, "/sitemap.xml")
            #expect(sm.status == .ok)
            let urlset = try #require(parseXML(sm.text), "the sitemap is well-formed XML")
            #expect(urlset.name == "urlset" && urlset.namespace == Self.sitemaps)
            var locs = Set<String>(), lastmod: [String: String] = [:]
            for u in urlset.all("url") {
                let loc = u.first("loc")?.text ?? ""
                locs.insert(loc)
                if let d = u.first("lastmod")?.text { lastmod[loc] = d }
            }
            let urlCount: Int = urlset.all("url").count
            #expect(urlCount == 13, "4 portal pages, 3 agencies × (guide, catalogue), 3 published items")
            for p in ["/", "/apply", "/status", "/catalogue", "/agencies/edu", "/agencies/civil", "/agencies/city", "/catalogue/edu"] {
                #expect(locs.contains(base + p), "sitemap has \(p)")
            }
            // Days in Beijing: t1 … t3 are 12, 13, 14 June 2026 at 10:00.
            #expect(lastmod[base + Service.catalogueItemPath(agencyCode: "edu", indexNumber: m.repealed)] == "2026-06-14")
            #expect(lastmod[base + Service.catalogueItemPath(agencyCode: "edu", indexNumber: m.budget)] == "2026-06-13")
            #expect(lastmod[base + Service.catalogueItemPath(agencyCode: "edu", indexNumber: m.notice)] == "2026-06-13")
            #expect(lastmod[base + "/catalogue/edu"] == "2026-06-14")
            #expect(locs.contains(base + "/catalogue/civil") && lastmod[base + "/catalogue/civil"] == nil, "a catalogue without items has no lastmod")
            #expect(!sm.text.contains(Service.queryValue(m.draft)) && !sm.text.contains(Service.queryValue(m.pending)))
        }
    }

    @Test func theJSONAPISearchesAndShowsPublishedItemsOnly() async throws {
        try await withPlatform { app, service in
            let m = try await Self.seed(service)
            let r = try await call(app, .GET, "/api/v1/catalogue?agency=edu&q=" + Service.queryValue("预算"))
            #expect(r.status == .ok)
            let body = r.json()
            let items = body["items"] as? [[String: Any]] ?? []
            #expect(body["total"] as? Int == 2 && body["page"] as? Int == 1 && body["pageCount"] as? Int == 1)
            #expect(items.compactMap { $0["indexNumber"] as? String } == [m.budget, m.notice])
            #expect(items.first?["categoryItem"] as? String == "第二十条第（七）项" && items.first?["publishedOn"] as? String == "2026-02-10")
            // Every agency, a category and a year; nothing but published items, and no reviewer.
            let all = try await call(app, .GET, "/api/v1/catalogue?category=1&year=2023").json()
            let repealed = (all["items"] as? [[String: Any]])?.first
            #expect(all["total"] as? Int == 1 && repealed?["validity"] as? String == "repealed" && repealed?["validityDate"] as? String == "2026-05-01"
                    && repealed?["validityDocument"] as? String == "示教规〔2026〕3号")
            let everything = try await call(app, .GET, "/api/v1/catalogue")
            #expect(everything.json()["total"] as? Int == 3 && !everything.text.contains("审查员") && !everything.text.contains(m.draft))
            // One item by 索引号 (percent-encoded); a draft is not found.
            let one = try await call(app, .GET, "/api/v1/agencies/edu/catalogue/item?index=" + Service.queryValue(m.notice)).json()
            #expect(one["title"] as? String == "关于招生工作的通知" && one["documentNumber"] as? String == "示教规〔2026〕2号" && one["documentKind"] as? String == "行政规范性文件")
            let draft = try await call(app, .GET, "/api/v1/agencies/edu/catalogue/item?index=" + Service.queryValue(m.draft))
            #expect(draft.status == .notFound && draft.json()["code"] as? String == "not-found")
            // Bad input is a 4xx naming the field.
            let long = try await call(app, .GET, "/api/v1/catalogue?q=" + String(repeating: "a", count: 101))
            #expect(long.status == .badRequest && long.json()["field"] as? String == "search")
            #expect(try await call(app, .GET, "/api/v1/catalogue?category=16").status == .badRequest)
            #expect((try await call(app, .GET, "/api/v1/catalogue?category=abc").status.code) / 100 == 4)
        }
    }

    @Test func withoutAConfiguredAddressTheRequestHostIsUsed() async throws {
        try await withPlatform { app, service in
            _ = try await Self.seed(service)
            let res = try await app.testing().sendRequest(.GET, "/sitemap.xml", headers: ["Host": "portal.example.org:8443"])
            #expect(res.text.contains("<loc>http://portal.example.org:8443/catalogue</loc>"))
            // A Host that is no plain host name is not echoed.
            let odd = try await app.testing().sendRequest(.GET, "/catalogue/edu/feed.atom", headers: ["Host": "evil.example/<x>"])
            #expect(parseXML(odd.text) != nil && !odd.text.contains("evil") && odd.text.contains("http://localhost/catalogue/edu/feed.atom"))
        }
        #expect(throws: ServiceError.self) { try WebSettings.fromEnvironment(["GONGKAI_PUBLIC_URL": "gongkai.example.gov.cn"]) }
        #expect(try WebSettings.fromEnvironment(["GONGKAI_PUBLIC_URL": "https://gongkai.example.gov.cn/"]).publicURL == "https://gongkai.example.gov.cn")
    }
}
