@testable import DisclosureService
import DisclosureRules
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 12 in the back office: the month grid of decision counts (all or nothing, a refused cell named beside
/// itself, input kept), the import of decision lists and of a catalogue export (bad rows by row and column).
@Suite struct CatalogueDataWebTests {
    func body(_ r: TestingHTTPResponse) -> String { r.body.string }

    @Test func theMonthGridSavesAllOrNothing() async throws {
        try await withPlatform { app, service in
            let b = Browser(app)
            try await b.login("head-a")
            // Reached from the catalogue list.
            #expect(try await b.get("/staff/catalogue?agency=\(Fixture.agencyA)").text.contains("href=\"/staff/catalogue/decisions?agency=edu\""))
            let page = try await b.get("/staff/catalogue/decisions?agency=\(Fixture.agencyA)&year=2024")
            #expect(page.status == .ok)
            #expect(body(page).contains("处理决定数量与收费（表二）") && body(page).contains("name=\"m12_enforcement\"") && !body(page).contains("m1_other-service"))

            // One bad cell: nothing is saved, the cell is named, what was typed stays.
            var form = [("agencyCode", Fixture.agencyA), ("year", "2024"), ("m1_licensing", "3"), ("m2_licensing", "４"), ("m3_penalty", "三件"), ("m1_fees", "1.5")]
            let refused = try await b.post("/staff/catalogue/decisions", form)
            #expect(refused.status == .unprocessableEntity)
            #expect(body(refused).contains("“三件”应为不小于 0 的整数") && body(refused).contains("value=\"４\"") && body(refused).contains("有 1 处数字无法保存"))
            #expect(try await service.decisionFigures(agencyCode: Fixture.agencyA, year: 2024, by: .system).months.isEmpty)

            form[4] = ("m3_penalty", "")
            let saved = try await b.post("/staff/catalogue/decisions", form)
            #expect(saved.status == .seeOther)
            let o = try await service.decisionFigures(agencyCode: Fixture.agencyA, year: 2024, by: .system)
            #expect(o.months == [MonthlyDecisionFigures(month: 1, licensing: 3, feesWanYuan: Decimal(string: "1.5")), MonthlyDecisionFigures(month: 2, licensing: 4)])
            // Table 二 of the year's report: 3 + 4 行政许可, 1.5 万元.
            let report = try await service.store.liveReport(agencyCode: Fixture.agencyA, year: 2024, format: .f2021)
            #expect(report.table2Row(block: "20.5", row: "行政许可")?.cells.map(\.value) == [.number(7)])
            #expect(report.table2Row(block: "20.8", row: "行政事业性收费")?.cells.map(\.value) == [.number(Decimal(string: "1.5")!)])
            let after = try await b.get("/staff/catalogue/decisions?agency=\(Fixture.agencyA)&year=2024&done=saved")
            #expect(body(after).contains("已保存各月数字") && body(after).contains("<strong>7</strong>"))

            // A list of decisions replaces 行政许可 month by month (January 1, February 0).
            let csv = Data("决定书文号,决定日期,决定类别\n许1,2024-01-03,行政许可\n罚1,2024-06-30,行政处罚\n".utf8)
            let imported = try await upload(b, path: "/staff/catalogue/decisions/import", fields: [("agencyCode", Fixture.agencyA), ("year", "2024")], file: ("决定清单.csv", csv))
            #expect(imported.status == .seeOther)
            let o2 = try await service.decisionFigures(agencyCode: Fixture.agencyA, year: 2024, by: .system)
            #expect(o2.effective?.licensingDecisions == 1 && o2.effective?.penaltyDecisions == 1 && o2.effective?.feesWanYuan == Decimal(string: "1.5"))
            let bad = try await upload(b, path: "/staff/catalogue/decisions/import", fields: [("agencyCode", Fixture.agencyA), ("year", "2024")],
                                       file: ("坏清单.csv", Data("决定日期,决定类别\n2024-02-30,行政许可\n".utf8)))
            #expect(bad.status == .unprocessableEntity && body(bad).contains("坏清单.csv") && body(bad).contains("第2行“决定日期”列") && !body(bad).contains("gongkai-upload"))

            // A registrar cannot change the figures; the oversight office reads them without inputs.
            let r = Browser(app)
            try await r.login("registrar-a")
            #expect(try await r.post("/staff/catalogue/decisions", form).status == .forbidden)
            let v = Browser(app)
            try await v.login("oversight")
            let read = try await v.get("/staff/catalogue/decisions?agency=\(Fixture.agencyA)&year=2024")
            #expect(read.status == .ok && !body(read).contains("name=\"m1_licensing\"") && body(read).contains("<strong>1</strong>"))
        }
    }

    @Test func aCatalogueExportIsImportedByTheHead() async throws {
        try await withPlatform { app, service in
            try await service.setCatalogueSettings(agencyCode: Fixture.agencyA, organisationCode: "000014349", by: .system)
            let b = Browser(app)
            try await b.login("head-a")
            #expect(try await b.get("/staff/catalogue/import").status == .ok)
            let bad = Data("标题,信息类别,成文日期,发布日期\n好的文件,1,2024-01-05,2024-01-09\n坏的日期,1,2024-13-01,\n".utf8)
            let refused = try await upload(b, path: "/staff/catalogue/import", fields: [("agencyCode", Fixture.agencyA)], file: ("网站目录导出.csv", bad))
            #expect(refused.status == .unprocessableEntity)
            #expect(body(refused).contains("网站目录导出.csv") && body(refused).contains("第3行“成文日期”列") && !body(refused).contains("gongkai-upload"))
            #expect(try await service.catalogue(agencyCode: Fixture.agencyA, by: .system).isEmpty)

            let good = Data("标题,信息类别,成文日期,发布日期\n好的文件,1,2024-01-05,2024-01-09\n待审的方案,3,2024-02-01,\n".utf8)
            let ok = try await upload(b, path: "/staff/catalogue/import", fields: [("agencyCode", Fixture.agencyA)], file: ("网站目录导出.csv", good))
            #expect(ok.status == .ok && body(ok).contains("已导入 2 条：已发布 1 条，草稿 1 条"), "\(body(ok))")
            let items = try await service.catalogue(agencyCode: Fixture.agencyA, by: .system)
            #expect(items.map(\.indexNumber).sorted() == ["000014349/2024-00001", "000014349/2024-00002"])
            let again = try await upload(b, path: "/staff/catalogue/import", fields: [("agencyCode", Fixture.agencyA)], file: ("网站目录导出.csv", good))
            #expect(again.status == .unprocessableEntity && body(again).contains("已在目录中"))

            // An export larger than an ordinary form (1 MB) goes through: 1,200 items with their 正文.
            var big = "标题,信息类别,成文日期,发布日期,正文\n"
            let text = String(repeating: "本办法所称政府信息，是指行政机关在履行行政管理职能过程中制作或者获取的信息。", count: 20)
            for k in 1...1_200 { big += "大文件中的第\(k)份文件,8,2023-03-01,2023-03-06,\(text)\n" }
            #expect(big.utf8.count > 1_500_000)
            let large = try await upload(b, path: "/staff/catalogue/import", fields: [("agencyCode", Fixture.agencyA)], file: ("大目录.csv", Data(big.utf8)))
            #expect(large.status == .ok && body(large).contains("已导入 1200 条：已发布 1200 条，草稿 0 条"), "\(large.status)")

            // The staff list shows the catalogue 50 items a page (1,201 published: 25 pages, the last with one), filters kept.
            let list = try await b.get("/staff/catalogue?agency=\(Fixture.agencyA)&state=published").text
            #expect(list.components(separatedBy: "<td data-label=\"索引号\">").count - 1 == 50)
            #expect(list.contains("第 1/25 页") && list.contains("state=published&amp;page=2"), "\(list.suffix(600))")
            let last = try await b.get("/staff/catalogue?agency=\(Fixture.agencyA)&state=published&page=99").text
            #expect(last.contains("第 25/25 页") && last.components(separatedBy: "<td data-label=\"索引号\">").count - 1 == 1)

            // A handler (not the head) cannot import a whole catalogue.
            let c = Browser(app)
            try await c.login("clerk-a")
            #expect(try await c.get("/staff/catalogue/import").status == .forbidden)

            // The administrator's audit log lists the import and the 索引号 settings (administrative changes).
            let admin = Browser(app)
            try await admin.login("admin")
            let imports = body(try await admin.get("/staff/admin/audit?kind=catalogueImported"))
            #expect(imports.contains("导入政府信息公开目录") && imports.contains("网站目录导出.csv：导入 2 条（已发布 1，草稿 1）"), "\(imports)")
            #expect(body(try await admin.get("/staff/admin/audit?kind=catalogueSettingsChanged")).contains("机关代码 000014349，索引号格式 {org}/{year}-{seq:5}"))
        }
    }

    /// The public item page of a policy document names its interpretation and the interpretation names the document,
    /// each only once published; attachments are listed and download.
    @Test func publicPagesLinkDocumentAndInterpretation() async throws {
        try await withPlatform { app, service in
            let head = StaffMember(name: "测试head-a", role: .head)
            try await service.setCatalogueSettings(agencyCode: Fixture.agencyA, organisationCode: "000014349", by: .system)
            func add(_ title: String, _ written: String) async throws -> String {
                try await service.addCatalogueItem(agencyCode: Fixture.agencyA, item: CatalogueItem(
                    title: title, summary: "", issuingAgency: Fixture.nameA, writtenOn: CalendarDate(iso: written)!, category: .regulationsAndDocuments,
                    documentKind: title.contains("解读") ? .other : .normativeDocument), by: head, now: testNow).indexNumber
            }
            let document = try await add("示例市中小学课后服务管理办法", "2026-05-06")
            let reading = try await add("《示例市中小学课后服务管理办法》政策解读", "2026-05-07")
            _ = try await service.linkInterpretation(agencyCode: Fixture.agencyA, indexNumber: reading, interprets: document, by: head, now: testNow)
            let pdf = Data("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)
            _ = try await service.addCatalogueAttachment(agencyCode: Fixture.agencyA, indexNumber: document, fileName: "办法全文.pdf", data: pdf, by: head, now: testNow)
            for index in [document, reading] {
                _ = try await service.reviewCatalogueItem(agencyCode: Fixture.agencyA, indexNumber: index, reviewer: "保密员丁", result: .passed,
                                                          date: CalendarDate(iso: "2026-05-08"), by: head, now: testNow)
            }
            _ = try await service.publishCatalogueItem(agencyCode: Fixture.agencyA, indexNumber: document, date: CalendarDate(iso: "2026-05-08"), by: head, now: testNow)
            let b = Browser(app)
            let path = Service.catalogueItemPath(agencyCode: Fixture.agencyA, indexNumber: document)
            var page = try await b.get(path).body.string
            // The interpretation is not published yet: not named.
            #expect(page.contains("办法全文.pdf") && !page.contains("政策解读</h2>") && !page.contains("课后服务管理办法》政策解读"), "\(page)")
            _ = try await service.publishCatalogueItem(agencyCode: Fixture.agencyA, indexNumber: reading, date: CalendarDate(iso: "2026-05-08"), by: head, now: testNow)
            page = try await b.get(path).body.string
            let readingPath = Service.catalogueItemPath(agencyCode: Fixture.agencyA, indexNumber: reading)
            #expect(page.contains("<h2>政策解读</h2>") && page.contains("href=\"\(readingPath)\"") && page.contains("《示例市中小学课后服务管理办法》政策解读"))
            let back = try await b.get(readingPath).body.string
            #expect(back.contains("<h2>本解读所解读的文件</h2>") && back.contains("href=\"\(path)\""))
            let link = try #require(page.firstMatch(of: /href="(\/catalogue\/attachments\/[0-9A-F-]+)" download/).map { String($0.1) })
            let file = try await b.get(link)
            #expect(file.status == .ok && Data(buffer: file.body) == pdf)
            // The JSON API says the same.
            let api = try await call(app, .GET, "/api/v1/agencies/\(Fixture.agencyA)/catalogue/item?index=\(document.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            #expect(api.status == .ok && api.body.string.contains("\"interpretation\"") && api.body.string.contains("办法全文.pdf"), "\(api.body.string)")
        }
    }

    /// A year whose report is published is read only (the page says so and opens on this year by default); a decimal
    /// comma is refused, a thousands separator read; on a phone each input is labelled by its column.
    @Test func frozenYearsCommasAndLabels() async throws {
        try await withPlatform { app, service in
            let b = Browser(app)
            try await b.login("head-a")
            // The test clock is 2026-06-15: last year is 2025.
            #expect(try await b.get("/staff/catalogue/decisions?agency=\(Fixture.agencyA)").text.contains("<option value=\"2025\" selected>"))
            let snapshot = try Service.snapshot(AnnualReport(format: .f2021, year: 2025, agency: Fixture.nameA), findings: [])
            try await service.store.savePublishedReport(agencyCode: Fixture.agencyA, year: 2025, on: CalendarDate(iso: "2026-01-20")!, format: .f2021,
                                                        snapshot: snapshot, acknowledged: nil, actor: StaffMember.system.actor, now: testNow)
            let opened = try await b.get("/staff/catalogue/decisions?agency=\(Fixture.agencyA)").text
            #expect(opened.contains("<option value=\"2026\" selected>") && opened.contains("name=\"m1_licensing\""))
            let frozen = try await b.get("/staff/catalogue/decisions?agency=\(Fixture.agencyA)&year=2025").text
            #expect(frozen.contains("2025年度报告已于2026-01-20发布并冻结") && !frozen.contains("name=\"m1_licensing\"") && !frozen.contains("保存各月数字"))

            let form = [("agencyCode", Fixture.agencyA), ("year", "2026"), ("m1_licensing", "1,050"), ("m1_fees", "1,5")]
            let refused = try await b.post("/staff/catalogue/decisions", form)
            #expect(refused.status == .unprocessableEntity && refused.text.contains("“1,5”应为不小于 0 的金额"))
            // Each input carries its column for phones (cards) and screen readers.
            #expect(refused.text.contains("<td data-label=\"行政许可\"><input name=\"m1_licensing\" value=\"1,050\""))
            #expect(refused.text.contains("aria-label=\"1月 收费金额（万元）\""))
            #expect(try await b.post("/staff/catalogue/decisions", [("agencyCode", Fixture.agencyA), ("year", "2026"), ("m1_licensing", "1,050")]).status == .seeOther)
            #expect(try await service.decisionFigures(agencyCode: Fixture.agencyA, year: 2026, by: .system).months == [MonthlyDecisionFigures(month: 1, licensing: 1050)])
        }
    }
}
