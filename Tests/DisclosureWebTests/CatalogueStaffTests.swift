@testable import DisclosureService
@testable import DisclosureWeb
import DisclosureRules
import DisclosureStore
import FluentKit
import Foundation
import Testing
import VaporTesting

/// The catalogue's back office over HTTP (issue 12): 索引号 settings, the item form with its errors beside the fields,
/// the 索引号 (with `/`) round-tripping through the query string, the 第二十六条 due date in the list, the 保密审查 by
/// the head only, publication refused without a passed review (the reason shown, the attempt in the event log and the
/// item's history), policy interpretations, attachments (the public download only once published) and the
/// dashboard's overdue publications counted against dates computed by hand.
@Suite("Catalogue back office") struct CatalogueStaffTests {
    static let pdf = Data("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".utf8)

    /// A multipart form post (the attachment upload), with the CSRF token.
    static func upload(_ b: Browser, _ path: String, fields: [(String, String)], file: (name: String, data: Data)) async throws -> TestingHTTPResponse {
        if b.csrf.isEmpty { try await b.get("/") }
        let boundary = "----gongkai-test-\(UUID().uuidString)"
        var body = Data()
        for (k, v) in fields + [("_csrf", b.csrf)] {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8))
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
        body.append(file.data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var h = HTTPHeaders()
        h.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        h.replaceOrAdd(name: .cookie, value: b.cookieHeader)
        let res = try await b.app.testing().sendRequest(.POST, path, headers: h, body: ByteBuffer(data: body))
        b.absorb(res)
        return res
    }

    /// The item form with every field filled (a 行政规范性文件 of category 1).
    static func itemForm(title: String, written: String = "2024-09-27", formed: String = "2024-09-27", mode: String = "proactive") -> [(String, String)] {
        [("agency", Fixture.agencyA), ("title", title), ("summary", "规范义务教育阶段学校招生入学工作。"), ("documentNumber", "示教规〔2024〕2号"),
         ("issuingAgency", Fixture.nameA), ("writtenOn", written), ("formedOn", formed), ("topic", "10"), ("genre", "通知"), ("category", "1"),
         ("mode", mode), ("ground", ""), ("scope", "面向全社会"), ("timeLimit", "长期公开"), ("documentKind", "normative-document"),
         ("body", "第一条 为规范招生入学工作，制定本办法。"), ("interprets", "")]
    }

    /// Logs in the head and sets A's 索引号 settings over HTTP.
    static func settings(_ app: Application) async throws -> Browser {
        let head = Browser(app)
        try await head.login("head-a")
        let page = try await head.get("/staff/catalogue/settings?agency=edu")
        #expect(page.status == .ok && page.text.contains("name=\"organisationCode\""))
        // A wrong check character: refused beside the field, the value kept.
        let bad = try await head.post("/staff/catalogue/settings", [("agency", "edu"), ("organisationCode", "000014348"), ("pattern", "{org}/{year}-{seq:5}")])
        #expect(bad.status == .badRequest && bad.text.contains("校验码应为 9") && bad.text.contains("value=\"000014348\""))
        let ok = try await head.post("/staff/catalogue/settings", [("agency", "edu"), ("organisationCode", "000014349"), ("pattern", "{org}/{year}-{seq:5}")])
        #expect(ok.status == .seeOther)
        #expect(try await head.get("/staff/catalogue/settings?agency=edu").text.contains("000014349/2024-00001"))
        return head
    }

    static func location(_ res: TestingHTTPResponse) -> String { res.headers.first(name: .location) ?? "" }

    @Test func draftReviewPublishOverHTTPWithTheRefusalLogged() async throws {
        try await withPlatform { app, service in
            let head = try await Self.settings(app)
            let clerk = Browser(app)
            try await clerk.login("clerk-a")

            // The form refused: the errors beside their fields, what was typed kept.
            var bad = Self.itemForm(title: "")
            bad[bad.firstIndex { $0.0 == "formedOn" }!] = ("formedOn", "2024-13-01")
            bad[bad.firstIndex { $0.0 == "summary" }!] = ("summary", "保留的概述文字")
            let refused = try await clerk.post("/staff/catalogue/new", bad)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("field invalid\"><label for=\"formedOn\"") && refused.text.contains("“2024-13-01”不是有效日期"))
            #expect(refused.text.contains("保留的概述文字") && refused.text.contains("value=\"示教规〔2024〕2号\""))
            let noTitle = try await clerk.post("/staff/catalogue/new", Self.itemForm(title: " "))
            #expect(noTitle.status == .badRequest && noTitle.text.contains("field invalid\"><label for=\"title\"") && noTitle.text.contains("名称不能为空"))
            #expect(try await service.store.catalogueItems(agencyCode: "edu").isEmpty)

            // Created: the 索引号 given from the settings; its `/` survives the query string both ways.
            let created = try await clerk.post("/staff/catalogue/new", Self.itemForm(title: "示例市义务教育招生入学办法"))
            #expect(created.status == .seeOther)
            let index = "000014349/2024-00001"
            #expect(Self.location(created) == "/staff/catalogue/item?agency=edu&index=000014349%2F2024-00001&done=created")
            let page = try await clerk.get(Self.location(created))
            #expect(page.status == .ok && page.text.contains("<code>\(index)</code>") && page.text.contains("示例市义务教育招生入学办法"))
            // The same page by the raw `/` in the query (as the dashboard links it).
            #expect(try await clerk.get("/staff/catalogue/item?agency=edu&index=\(index)").status == .ok)

            // The list: formed 2024-09-27, due 2024-10-30 (20 working days with 国庆 off, issue 12), overdue by the test
            // clock (2026-06-15).
            let list = try await clerk.get("/staff/catalogue?agency=edu")
            #expect(list.text.contains("已逾期（应于 2024年10月30日 前公开）") && list.text.contains("badge overdue"))
            #expect(try await clerk.get("/staff/catalogue?agency=edu&state=published").text.contains(index) == false)
            #expect(try await clerk.get("/staff/catalogue?agency=edu&state=draft&year=2024&category=1&overdue=1").text.contains(index))
            #expect(try await clerk.get("/staff/catalogue?agency=edu&year=2023").text.contains(index) == false)

            // Publishing without a review: refused with the reason, logged, in the item's history.
            let attempt = try await clerk.post("/staff/catalogue/publish", [("agency", "edu"), ("index", index), ("date", "2026-06-15")])
            #expect(attempt.status == .unprocessableEntity)
            #expect(attempt.text.contains("尚未经过保密审查，不能发布（条例第十七条"))
            let logged = try await EventRecord.query(on: service.store.db).filter(\.$kind == EventKind.cataloguePublishRefused.rawValue).all()
            #expect(logged.count == 1 && logged.first?.actor == "测试clerk-a" && logged.first?.detail?.contains("尚未经过保密审查") == true)
            let history = try await clerk.get("/staff/catalogue/item?agency=edu&index=\(index)")
            #expect(history.text.contains("<tr class=\"overdue\"><td class=\"date\">") && history.text.contains("<td>发布被拒绝</td><td>“示例市义务教育招生入学办法”尚未经过保密审查"))
            #expect(try await service.store.catalogueItem(agencyCode: "edu", indexNumber: index).item.state == .draft)

            // The 保密审查 is the head's: the handler is forbidden; the head records it (the reviewer named).
            let review = [("agency", "edu"), ("index", index), ("reviewer", "保密审查员王某"), ("result", "passed"), ("date", "2026-06-12"), ("opinion", "不涉密")]
            #expect(try await clerk.post("/staff/catalogue/review", review).status == .forbidden)
            let noName = try await head.post("/staff/catalogue/review", [("agency", "edu"), ("index", index), ("reviewer", ""), ("result", "passed")])
            #expect(noName.status == .badRequest && noName.text.contains("审查人不能为空"))
            #expect(try await head.post("/staff/catalogue/review", review).status == .seeOther)
            let published = try await clerk.post("/staff/catalogue/publish", [("agency", "edu"), ("index", index), ("date", "2026-06-15")])
            #expect(published.status == .seeOther)
            let done = try await clerk.get(Self.location(published))
            #expect(done.text.contains("保密审查员王某") && done.text.contains("逾期公开（期限 2024年10月30日）"))
            #expect(done.text.contains("<td>发布</td><td>发布日期 2026-06-15</td>"))

            // Repealed: the repealing document is required for a repeal.
            let noDoc = try await clerk.post("/staff/catalogue/end", [("agency", "edu"), ("index", index), ("kind", "repealed"), ("date", "2026-06-15"), ("document", "")])
            #expect(noDoc.status == .badRequest && noDoc.text.contains("value=\"2026-06-15\""))
            let ended = try await clerk.post("/staff/catalogue/end", [("agency", "edu"), ("index", index), ("kind", "repealed"), ("date", "2026-06-15"),
                                                                       ("document", "示教规〔2026〕1号")])
            #expect(ended.status == .seeOther)
            #expect(try await clerk.get(Self.location(ended)).text.contains("已于 2026年6月15日 废止（示教规〔2026〕1号）"))

            // Who may see it: the registrar reads, B's clerk does not find it, nobody logged in is sent to log in.
            let registrar = Browser(app)
            try await registrar.login("registrar-a")
            let read = try await registrar.get("/staff/catalogue/item?agency=edu&index=\(index)")
            #expect(read.status == .ok && !read.text.contains("action=\"/staff/catalogue/review\""))
            let b = Browser(app)
            try await b.login("clerk-b")
            #expect(try await b.get("/staff/catalogue/item?agency=edu&index=\(index)").status == .notFound)
            #expect(try await Browser(app).get("/staff/catalogue/item?agency=edu&index=\(index)").headers.first(name: .location)?.hasPrefix("/staff/login") == true)
        }
    }

    @Test func attachmentsAreUploadedWhileDraftAndPublicOnlyOncePublished() async throws {
        try await withPlatform { app, service in
            let head = try await Self.settings(app)
            let clerk = Browser(app)
            try await clerk.login("clerk-a")
            _ = try await clerk.post("/staff/catalogue/new", Self.itemForm(title: "示例市义务教育招生入学办法"))
            let index = "000014349/2024-00001"
            let fields = [("agency", "edu"), ("index", index)]
            _ = try await head.post("/staff/catalogue/review", fields + [("reviewer", "王某"), ("result", "passed"), ("date", "2026-06-12")])

            // A renamed executable is refused beside the upload form; nothing stored.
            let exe = try await Self.upload(clerk, "/staff/catalogue/attachments", fields: fields, file: ("安装.pdf", Data("MZ\u{90}\u{0}".utf8)))
            #expect(exe.status == .badRequest && exe.text.contains("的内容不是 PDF 文件"))
            // Uploaded: the name cleaned, a new revision, back to draft (the review was of revision 1).
            let up = try await Self.upload(clerk, "/staff/catalogue/attachments", fields: fields, file: ("C:\\文件\\招生 办法<正文>.pdf", Self.pdf))
            #expect(up.status == .seeOther)
            let stored = try await service.store.catalogueItem(agencyCode: "edu", indexNumber: index)
            let a = try #require(stored.attachments.first)
            #expect(a.fileName == "招生 办法正文.pdf" && stored.item.revision == 2 && stored.item.state == .draft)
            let page = try await clerk.get("/staff/catalogue/item?agency=edu&index=\(index)")
            #expect(page.text.contains("招生 办法正文.pdf") && page.text.contains("<td>添加附件</td>"))

            // The page's own remove form, its hidden fields as rendered, removes a file: a second one added, then removed.
            _ = try await Self.upload(clerk, "/staff/catalogue/attachments", fields: fields, file: ("附表.pdf", Self.pdf))
            let withTwo = try await clerk.get("/staff/catalogue/item?agency=edu&index=\(index)").text
            let item = try #require(withTwo.components(separatedBy: "<li>").first { $0.contains("附表.pdf") && $0.contains("attachments/remove") })
            let hidden = item.matches(of: /type="hidden" name="([a-z_]+)" value="([^"]*)"/).map { (String($0.1), String($0.2)) }.filter { $0.0 != "_csrf" }
            #expect(hidden.first { $0.0 == "index" }?.1 == index, "\(hidden)")
            #expect(try await clerk.post("/staff/catalogue/attachments/remove", hidden).status == .seeOther)
            #expect(try await service.store.catalogueItem(agencyCode: "edu", indexNumber: index).attachments.map(\.fileName) == ["招生 办法正文.pdf"])

            // Staff download: the bytes as uploaded, the name in RFC 5987 form. The public route: not found yet.
            let staffFile = try await clerk.get("/staff/catalogue/attachments/download?id=\(a.id.uuidString)")
            #expect(staffFile.status == .ok && Data(staffFile.body.readableBytesView) == Self.pdf)
            #expect(staffFile.headers.contentType?.description == "application/pdf")
            #expect(staffFile.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''" + "招生 办法正文.pdf".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!) == true)
            #expect(try await Browser(app).get("/catalogue/attachments/\(a.id.uuidString)").status == .notFound)
            let b = Browser(app)
            try await b.login("clerk-b")
            #expect(try await b.get("/staff/catalogue/attachments/download?id=\(a.id.uuidString)").status == .notFound)

            // The old review no longer clears it: refused; reviewed again and published, the file is public.
            #expect(try await clerk.post("/staff/catalogue/publish", fields + [("date", "2026-06-15")]).status == .unprocessableEntity)
            _ = try await head.post("/staff/catalogue/review", fields + [("reviewer", "王某"), ("result", "passed"), ("date", "2026-06-15")])
            #expect(try await clerk.post("/staff/catalogue/publish", fields + [("date", "2026-06-15")]).status == .seeOther)
            let open = try await Browser(app).get("/catalogue/attachments/\(a.id.uuidString)")
            #expect(open.status == .ok && Data(open.body.readableBytesView) == Self.pdf)
            #expect(try await Browser(app).get("/catalogue/attachments/\(UUID().uuidString)").status == .notFound)
            // Published: no more files.
            let late = try await Self.upload(clerk, "/staff/catalogue/attachments", fields: fields, file: ("补充.pdf", Self.pdf))
            #expect(late.status == .unprocessableEntity)
            #expect(try await service.store.catalogueItem(agencyCode: "edu", indexNumber: index).attachments.count == 1)
        }
    }

    @Test func anInterpretationIsLinkedBothWaysAndNotPublishedBeforeItsDocument() async throws {
        try await withPlatform { app, service in
            let head = try await Self.settings(app)
            let clerk = Browser(app)
            try await clerk.login("clerk-a")
            _ = try await clerk.post("/staff/catalogue/new", Self.itemForm(title: "示例市义务教育招生入学办法"))
            let doc = "000014349/2024-00001"
            var form = Self.itemForm(title: "《示例市义务教育招生入学办法》政策解读", written: "2024-09-30", formed: "2024-09-30")
            form[form.firstIndex { $0.0 == "documentKind" }!] = ("documentKind", "other")
            form[form.firstIndex { $0.0 == "interprets" }!] = ("interprets", doc)
            let created = try await clerk.post("/staff/catalogue/new", form)
            #expect(created.status == .seeOther)
            let interp = "000014349/2024-00002"
            let docPage = try await clerk.get("/staff/catalogue/item?agency=edu&index=\(doc)")
            #expect(docPage.text.contains("本文件的政策解读：") && docPage.text.contains("<code>\(interp)</code> 《示例市义务教育招生入学办法》政策解读"))
            let interpPage = try await clerk.get("/staff/catalogue/item?agency=edu&index=\(interp)")
            #expect(interpPage.text.contains("本条是以下文件的政策解读：") && interpPage.text.contains("<code>\(doc)</code> 示例市义务教育招生入学办法"))
            let entry = try await service.catalogueItem(agencyCode: "edu", indexNumber: doc, by: .system, now: testNow).0
            #expect(entry.interpretationIndexNumber == interp)

            // A second interpretation of the same document: refused beside the link form.
            var third = Self.itemForm(title: "另一份解读", written: "2024-10-08", formed: "2024-10-08")
            third[third.firstIndex { $0.0 == "documentKind" }!] = ("documentKind", "other")
            _ = try await clerk.post("/staff/catalogue/new", third)
            let twice = try await clerk.post("/staff/catalogue/link", [("agency", "edu"), ("index", "000014349/2024-00003"), ("interprets", doc)])
            #expect(twice.status == .badRequest && twice.text.contains("已有政策解读（索引号 \(interp)）"))

            // Both reviewed; the interpretation first is refused with the reason, and logged.
            for x in [doc, interp] {
                _ = try await head.post("/staff/catalogue/review", [("agency", "edu"), ("index", x), ("reviewer", "王某"), ("result", "passed"), ("date", "2026-06-12")])
            }
            let early = try await clerk.post("/staff/catalogue/publish", [("agency", "edu"), ("index", interp), ("date", "2026-06-15")])
            #expect(early.status == .unprocessableEntity && early.text.contains("该文件尚未发布：政策解读须在所解读的文件发布后"))
            let refusals = try await EventRecord.query(on: service.store.db).filter(\.$kind == EventKind.cataloguePublishRefused.rawValue).count()
            #expect(refusals == 1)
            #expect(try await clerk.post("/staff/catalogue/publish", [("agency", "edu"), ("index", doc), ("date", "2026-06-15")]).status == .seeOther)
            #expect(try await clerk.post("/staff/catalogue/publish", [("agency", "edu"), ("index", interp), ("date", "2026-06-15")]).status == .seeOther)
        }
    }

    @Test func theEditFormKeepsTheIndexNumberAndSendsTheItemBackToReview() async throws {
        try await withPlatform { app, service in
            let head = try await Self.settings(app)
            let clerk = Browser(app)
            try await clerk.login("clerk-a")
            _ = try await clerk.post("/staff/catalogue/new", Self.itemForm(title: "示例市义务教育招生入学办法"))
            let index = "000014349/2024-00001"
            _ = try await head.post("/staff/catalogue/review", [("agency", "edu"), ("index", index), ("reviewer", "王某"), ("result", "passed"), ("date", "2026-06-12")])
            // The form prefilled with the stored values (the selects on the stored codes).
            let form = try await clerk.get("/staff/catalogue/edit?agency=edu&index=\(index)")
            #expect(form.status == .ok && form.text.contains("value=\"示例市义务教育招生入学办法\"") && form.text.contains("<option value=\"10\" selected>"))
            #expect(form.text.contains("<input type=\"hidden\" name=\"index\" value=\"\(index)\">"))
            // A 规章 outside 第二十条第（一）项: refused beside the kind, nothing changed.
            var wrong = Self.itemForm(title: "示例市义务教育招生入学办法（修订）") + [("index", index)]
            wrong[wrong.firstIndex { $0.0 == "category" }!] = ("category", "5")
            let refused = try await clerk.post("/staff/catalogue/edit", wrong)
            #expect(refused.status == .badRequest && refused.text.contains("field invalid\"><label for=\"documentKind\"") && refused.text.contains("value=\"示例市义务教育招生入学办法（修订）\""))
            #expect(try await service.store.catalogueItem(agencyCode: "edu", indexNumber: index).item.revision == 1)
            // Saved: same 索引号, revision 2, back to draft (the review was of revision 1).
            let saved = try await clerk.post("/staff/catalogue/edit", Self.itemForm(title: "示例市义务教育招生入学办法（修订）") + [("index", index)])
            #expect(saved.status == .seeOther && Self.location(saved).hasPrefix("/staff/catalogue/item?agency=edu&index=000014349%2F2024-00001"))
            let stored = try await service.store.catalogueItem(agencyCode: "edu", indexNumber: index)
            #expect(stored.item.title == "示例市义务教育招生入学办法（修订）" && stored.item.revision == 2 && stored.item.state == .draft)
            let page = try await clerk.get(Self.location(saved))
            #expect(page.text.contains("（审查后已修改）") && page.text.contains("<td>修改</td><td>第2版</td>"))
            // In English the page speaks English (the labels), the data stay as entered.
            clerk.cookies["lang"] = "en"
            let en = try await clerk.get(Self.location(saved))
            #expect(en.text.contains("<h2>Confidentiality reviews</h2>") && en.text.contains("(changed since)"))
            #expect(en.text.contains("Administrative normative document") && en.text.contains("示例市义务教育招生入学办法（修订）"))
        }
    }

    /// Items formed on Friday 27 September 2024: the 20th working day after it is 30 October 2024 (counted by hand:
    /// 9月29日 (Sun) worked, 10月1日–7日 off, 10月12日 (Sat) worked — 9/29, 9/30, 10/8–10/11, 10/12, 10/14–18,
    /// 10/21–25, 10/28–30), so they are overdue on 31 October, not on 30 October.
    @Test func theDashboardCountsPublicationsOverdueUnderArticle26() async throws {
        try await withPlatform { app, service in
            _ = try await Self.settings(app)
            let handler = StaffMember(name: "测试承办人", role: .handler)
            func add(_ title: String, agency: String = Fixture.agencyA, mode: DisclosureMode = .proactive) async throws -> CatalogueEntry {
                try await service.addCatalogueItem(agencyCode: agency, item: CatalogueItem(
                    title: title, summary: "", issuingAgency: Fixture.nameA, writtenOn: CalendarDate(iso: "2024-09-27")!, category: .budgets, mode: mode),
                    by: handler, now: testNow)
            }
            let overdue = try await add("2024年部门预算")
            _ = try await add("依申请公开的材料", mode: .onRequest)
            let done = try await add("已按时公开的决算")
            _ = try await service.reviewCatalogueItem(agencyCode: "edu", indexNumber: done.indexNumber, reviewer: "王某", result: .passed,
                                                      date: CalendarDate(iso: "2024-10-08")!, by: .system, now: testNow)
            _ = try await service.publishCatalogueItem(agencyCode: "edu", indexNumber: done.indexNumber, date: CalendarDate(iso: "2024-10-08")!,
                                                       by: .system, now: testNow)
            let oversight = try await DashboardTests.oversight(service)
            func day(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso + "T02:00:00Z")! }
            let onDue = try await service.dashboard(regionCode: "city", year: 2024, by: oversight, now: day("2024-10-30"))
            #expect(onDue.agencies.first { $0.code == "edu" }?.catalogueOverdue == 0 && onDue.total.catalogueOverdue == 0)
            let after = try await service.dashboard(regionCode: "city", year: 2024, by: oversight, now: day("2024-10-31"))
            #expect(after.agencies.first { $0.code == "edu" }?.catalogueOverdue == 1 && after.agencies.first { $0.code == "civil" }?.catalogueOverdue == 0)
            #expect(after.total.catalogueOverdue == 1)
            #expect(after.overduePublications == [OverduePublication(agencyCode: "edu", agencyName: Fixture.nameA, indexNumber: overdue.indexNumber,
                                                                     title: "2024年部门预算", formedOn: "2024-09-27", due: "2024-10-30", daysOverdue: 1)])
            // The page: the column links to the agency's overdue items; the list names the item.
            let o = Browser(app)
            try await o.login("oversight")
            let page = try await o.get("/staff/dashboard?region=city&year=2025")
            #expect(page.status == .ok)
            #expect(page.text.contains("<a class=\"badge overdue\" href=\"/staff/catalogue?agency=edu&amp;overdue=1\">1</a>"))
            #expect(page.text.contains("2024年部门预算") && page.text.contains("<td class=\"date\" data-label=\"应公开日期\">2024-10-30</td>"))
            // The agencies' table as CSV: the column and A's figure on A's line.
            let csv = String(decoding: try Service.dashboardFile(after, table: .agencies, format: "csv").data, as: UTF8.self)
            #expect(csv.contains("主动公开逾期（条例第二十六条）"))
            #expect(csv.components(separatedBy: .newlines).first { $0.contains(Fixture.nameA) }?.hasSuffix(",1") == true, "\(csv)")
            let drill = try await o.get("/staff/catalogue?agency=edu&overdue=1")
            #expect(drill.status == .ok && drill.text.contains("2024年部门预算") && !drill.text.contains("已按时公开的决算"))
        }
    }
}
