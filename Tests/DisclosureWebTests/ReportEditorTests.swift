@testable import DisclosureService
@testable import DisclosureWeb
import DisclosureReaders
import DisclosureRules
import Foundation
import Testing
import VaporTesting

/// The annual report in the browser (/staff/reports): table 二 typed in, tables 三/四 from the records, sections,
/// findings beside their cells, the baseline upload, publishing by the head and the frozen report on the portal.
@Suite("Report editor") struct ReportEditorTests {
    /// The report year of these tests: the year before the test clock's (2025, 2021 format).
    static let year = todayInChina().year - 1

    /// Table 二 of the 2021 format (国办公开办函〔2021〕30号) as the test types it, by row label; block order 20.1
    /// (规章, 行政规范性文件), 20.5 (行政许可), 20.6 (行政处罚, 行政强制), 20.8 (行政事业性收费, 万元).
    static let figures: [String: [String]] = [
        "规章": ["3", "1", "27"], "行政规范性文件": ["12", "2", "140"], "行政许可": ["356"], "行政处罚": ["48"], "行政强制": ["5"],
        "行政事业性收费": ["12.5"],
    ]

    /// The editor's form fields for table 二 (t2-block-row-column by index in the year's format), with the values given
    /// by row label (a row not given is left empty).
    static func table2Form(_ values: [String: [String]], year: Int = year, agency: String = Fixture.agencyA) -> [(String, String)] {
        var form: [(String, String)] = [("agencyCode", agency), ("year", "\(year)")]
        for (b, block) in ReportFormat.applicable(toYear: year).table2Blocks.enumerated() {
            for (r, row) in block.rows.enumerated() {
                for c in block.columns.indices { form.append(("t2-\(b)-\(r)-\(c)", values[row]?[c] ?? "")) }
            }
        }
        return form
    }

    /// The HTML of one table row of the editor (`<tr id="…">` up to the next row that has an id, notes included).
    static func row(_ html: String, _ id: String) -> String {
        guard let start = html.range(of: "<tr id=\"\(id)\"") else { return "" }
        let rest = html[start.upperBound...]
        let end = rest.range(of: "<tr id=")?.lowerBound ?? rest.range(of: "</tbody>")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    /// The report a download carries, read back with the audit's readers (`gongkai audit`).
    static func readBack(_ res: TestingHTTPResponse, ext: String) throws -> AnnualReport {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-editor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("report.\(ext)")
        try Data(res.body.readableBytesView).write(to: url)
        return try ReportReader.read(url: url, options: ReadOptions())
    }

    static func values(_ r: AnnualReport, _ block: String, _ row: String) -> [Decimal?] {
        r.table2Row(block: block, row: row)?.cells.map(\.value.number) ?? []
    }

    @Test func savingTable2StoresItAndTheReportShowsIt() async throws {
        try await withPlatform { app, service in
            let b = Browser(app)
            try await b.login("head-a")
            let page = try await b.get("/staff/reports?agency=edu&year=\(Self.year)")
            #expect(page.status == .ok)
            // The 2021 format's table 二: 20.1 has three columns, the first row is 规章.
            #expect(page.text.contains("name=\"t2-0-0-2\"") && page.text.contains("aria-label=\"“规章”“现行有效件数”\""))
            #expect(page.text.contains("2021年格式（国办公开办函〔2021〕30号）"))
            let save = try await b.post("/staff/reports/figures", Self.table2Form(Self.figures))
            #expect(save.status == .seeOther)
            #expect(save.headers.first(name: .location) == "/staff/reports?agency=edu&year=\(Self.year)&done=figures#table2")
            // Stored: the draft the service generates carries the values typed.
            let g = try await service.generateReport(agencyCode: Fixture.agencyA, year: Self.year)
            #expect(Self.values(g.report, "20.1", "行政规范性文件") == [12, 2, 140])
            #expect(Self.values(g.report, "20.8", "行政事业性收费") == [Decimal(string: "12.5")!])
            // The page shows them in the inputs, and the draft's JSON export (the audit's shape) carries them.
            let again = try await b.get("/staff/reports?agency=edu&year=\(Self.year)&done=figures")
            #expect(again.text.contains("表二已保存"))
            #expect(again.text.contains("name=\"t2-2-0-0\" value=\"48\""))
            let json = try await b.get("/agencies/edu/reports/\(Self.year)/json?draft=1")
            #expect(json.status == .ok)
            let exported = try JSONReportReader.read(data: Data(json.body.readableBytesView), file: "draft.json", options: ReadOptions())
            #expect(Self.values(exported, "20.1", "规章") == [3, 1, 27])
            #expect(Self.values(exported, "20.6", "行政强制") == [5])
            #expect(Self.values(exported, "20.8", "行政事业性收费") == [Decimal(string: "12.5")!])
            // Table 二 complete: no S2 finding is left on it.
            #expect(!g.findings.contains { $0.table == "表二" && $0.rule == .S2 })
        }
    }

    @Test func aBadValueIsRefusedNamingTheCellAndNothingIsStored() async throws {
        try await withPlatform { app, service in
            let b = Browser(app)
            try await b.login("clerk-a")  // a handler may fill the report in (editReports)
            #expect(try await b.post("/staff/reports/figures", Self.table2Form(Self.figures)).status == .seeOther)
            // 行政处罚 "12a" is no number; 规章 本年制发件数 −3 is a negative count; 行政许可 changed to a valid 400.
            var bad = Self.figures
            bad["行政处罚"] = ["12a"]
            bad["规章"] = ["-3", "1", "27"]
            bad["行政许可"] = ["400"]
            bad["行政强制"] = nil
            bad["行政规范性文件"] = ["12", "", "140"]
            let r = try await b.post("/staff/reports/figures", Self.table2Form(bad))
            #expect(r.status == .badRequest)
            #expect(r.text.contains("表二有 3 处数值不能接受，未保存任何数值"))
            // Each refusal beside its cell, the value typed kept in the input.
            let punish = Self.row(r.text, "t2-2-0")
            #expect(punish.contains("name=\"t2-2-0-0\" value=\"12a\"") && punish.contains("aria-invalid=\"true\""))
            #expect(punish.contains("<p class=\"cell-error\">表二“行政处罚”“本年处理决定数量”“12a”不是数值"))
            let rules = Self.row(r.text, "t2-0-0")
            #expect(rules.contains("<p class=\"cell-error\">表二“规章”“本年制发件数”“-3”不是数值"))
            let documents = Self.row(r.text, "t2-0-1")
            #expect(documents.contains("<p class=\"cell-error\">表二“行政规范性文件”“本年废止件数”为空白"))
            #expect(!Self.row(r.text, "t2-1-0").contains("cell-error"), "行政许可 400 is a valid value")
            // Nothing stored: 行政许可 still 356, 行政处罚 48, 行政强制 5 (not cleared).
            let g = try await service.generateReport(agencyCode: Fixture.agencyA, year: Self.year)
            #expect(Self.values(g.report, "20.5", "行政许可") == [356])
            #expect(Self.values(g.report, "20.6", "行政处罚") == [48])
            #expect(Self.values(g.report, "20.6", "行政强制") == [5])
            #expect(Self.values(g.report, "20.1", "规章") == [3, 1, 27])
        }
    }

    @Test func findingsAppearBesideTheirCellsAndFollowEachSave() async throws {
        try await withPlatform { app, service in
            let b = Browser(app)
            try await b.login("head-a")
            // 行政强制 left empty: the format asks every cell filled (rule S2, an error on that cell).
            var partial = Self.figures
            partial["行政强制"] = nil
            #expect(try await b.post("/staff/reports/figures", Self.table2Form(partial)).status == .seeOther)
            let page = try await b.get("/staff/reports?agency=edu&year=\(Self.year)")
            let coercion = Self.row(page.text, "t2-2-1")
            #expect(coercion.contains("<td class=\"flag-error\"><input type=\"text\" inputmode=\"decimal\" name=\"t2-2-1-0\""))
            #expect(coercion.contains("data-for=\"t2-2-1\"") && coercion.contains("错误 S2"))
            // The neighbouring row 行政处罚 (48) is not marked.
            let punish = Self.row(page.text, "t2-2-0")
            #expect(!punish.contains("flag-") && !punish.contains("S2"))
            // Section 六 without 信息处理费 (2021 format, rule T2): the warning beside that section.
            #expect(try await b.post("/staff/reports/sections", [("agencyCode", "edu"), ("year", "\(Self.year)"), ("section", "6"),
                                                                  ("text", "本年度无其他需要报告的事项。")]).status == .seeOther)
            let withText = try await b.get("/staff/reports?agency=edu&year=\(Self.year)")
            let six = withText.text.components(separatedBy: "id=\"section-6\"").last ?? ""
            #expect(six.contains("data-for=\"section-6\"") && six.contains("警告 T2"))
            #expect(!(withText.text.components(separatedBy: "id=\"section-6\"").first ?? "").contains("T2"), "only beside section 六")
            // Filled in: recomputed on the next page, the mark and the message are gone.
            #expect(try await b.post("/staff/reports/figures", Self.table2Form(Self.figures)).status == .seeOther)
            let after = try await b.get("/staff/reports?agency=edu&year=\(Self.year)")
            #expect(!Self.row(after.text, "t2-2-1").contains("flag-error") && !Self.row(after.text, "t2-2-1").contains("S2"))
            #expect(try await service.generateReport(agencyCode: Fixture.agencyA, year: Self.year).findings.filter { $0.rule == .S2 }.isEmpty)
        }
    }

    @Test func sectionsAreSavedAndTheFirstDraftComesFromTheRecords() async throws {
        try await withPlatform { app, service in
            // One application received in the year by a natural person: the first draft of section 一 counts it.
            try await receiveAt(service, Fixture.agencyA, on: CalendarDate(year: Self.year, month: 5, day: 6)!)
            let b = Browser(app)
            try await b.login("head-a")
            let page = try await b.get("/staff/reports?agency=edu&year=\(Self.year)")
            let one = page.text.components(separatedBy: "id=\"section-1\"").last ?? ""
            #expect(one.contains("系统生成的初稿") && one.contains("共收到政府信息公开申请1件"))
            let text = "本机关存在的主要问题是网站栏目更新不够及时。下一步将建立每周更新制度，并加强依申请公开答复文书的审核。"
            let save = try await b.post("/staff/reports/sections", [("agencyCode", "edu"), ("year", "\(Self.year)"), ("section", "5"), ("text", text)])
            #expect(save.status == .seeOther && save.headers.first(name: .location)?.hasSuffix("#section-5") == true)
            let shown = try await b.get("/staff/reports?agency=edu&year=\(Self.year)")
            let five = shown.text.components(separatedBy: "id=\"section-5\"").last ?? ""
            #expect(five.contains(">\(text)</textarea>") && five.contains("已保存（测试head-a，"))
            #expect(try await service.generateReport(agencyCode: Fixture.agencyA, year: Self.year).report.section(5)?.text == text)
            // Too long: refused beside that section, the text typed kept, the stored one unchanged.
            let long = String(repeating: "改", count: 50_001)
            let refused = try await b.post("/staff/reports/sections", [("agencyCode", "edu"), ("year", "\(Self.year)"), ("section", "5"), ("text", long)])
            #expect(refused.status == .badRequest)
            let five2 = refused.text.components(separatedBy: "id=\"section-5\"").last ?? ""
            #expect(five2.contains("field invalid") && five2.contains("<p class=\"field-error\" role=\"alert\">第5部分的文字"))
            #expect(try await service.generateReport(agencyCode: Fixture.agencyA, year: Self.year).report.section(5)?.text == text)
        }
    }

    @Test func onlyTheHeadPublishesAndThePublishedReportIsFrozenAndServed() async throws {
        try await withPlatform { app, service in
            let head = Browser(app)
            try await head.login("head-a")
            #expect(try await head.post("/staff/reports/figures", Self.table2Form(Self.figures)).status == .seeOther)
            // A warning to acknowledge: section 六 without 信息处理费 (T2).
            #expect(try await head.post("/staff/reports/sections", [("agencyCode", "edu"), ("year", "\(Self.year)"), ("section", "6"),
                                                                     ("text", "本年度无其他需要报告的事项。")]).status == .seeOther)
            let publish: [(String, String)] = [("agencyCode", "edu"), ("year", "\(Self.year)"), ("date", "\(Self.year + 1)-01-20")]
            let clerk = Browser(app)
            try await clerk.login("clerk-a")
            #expect(try await clerk.get("/staff/reports?agency=edu&year=\(Self.year)").text.contains("id=\"publish\"") == false)
            #expect(try await clerk.post("/staff/reports/publish", publish + [("acknowledge", "1")]).status == .forbidden)
            // Without the acknowledgement the head is refused, the warning named.
            let unacknowledged = try await head.post("/staff/reports/publish", publish)
            #expect(unacknowledged.status == .conflict && unacknowledged.text.contains("警告需要确认") && unacknowledged.text.contains("T2"))
            let done = try await head.post("/staff/reports/publish", publish + [("acknowledge", "1")])
            #expect(done.status == .seeOther)
            // Frozen: the page shows the report read-only, an edit is refused and changes nothing.
            let page = try await head.get("/staff/reports?agency=edu&year=\(Self.year)")
            #expect(page.text.contains("已发布（冻结）") && page.text.contains("\(Self.year + 1)-01-20 由 测试head-a 发布"))
            #expect(!page.text.contains("name=\"t2-0-0-0\"") && !page.text.contains("<textarea") && !page.text.contains("id=\"publish\""))
            var changed = Self.figures
            changed["行政许可"] = ["999"]
            let edit = try await head.post("/staff/reports/figures", Self.table2Form(changed))
            #expect(edit.status == .conflict && edit.text.contains("发布并冻结，不能再修改表二"))
            let text = try await head.post("/staff/reports/sections", [("agencyCode", "edu"), ("year", "\(Self.year)"), ("section", "5"), ("text", "改")])
            #expect(text.status == .conflict)
            // An application recorded afterwards changes the records, not the published report.
            try await receiveAt(service, Fixture.agencyA, on: CalendarDate(year: Self.year, month: 9, day: 1)!)
            // The portal serves the frozen report in each format, to anyone.
            let visitor = Browser(app)
            let html = try await visitor.get("/agencies/edu/reports/\(Self.year)")
            #expect(html.status == .ok && html.headers.contentType?.subType == "html" && html.text.contains("\(Fixture.nameA)\(Self.year)年政府信息公开工作年度报告"))
            for ext in ["json", "docx", "xlsx"] {
                let res = try await visitor.get("/agencies/edu/reports/\(Self.year)/\(ext)")
                #expect(res.status == .ok, "\(ext)")
                let r = try Self.readBack(res, ext: ext)
                #expect(Self.values(r, "20.5", "行政许可") == [356], "\(ext): the value published, not 999")
                #expect(Self.values(r, "20.1", "行政规范性文件") == [12, 2, 140], "\(ext)")
                #expect(r.table3Row("new")?.cells[6].value.integer == 0, "\(ext): frozen before the application of September")
            }
            for ext in ["docx", "xlsx"] { #expect(Array(try await visitor.get("/agencies/edu/reports/\(Self.year)/\(ext)").body.readableBytesView.prefix(2)) == [0x50, 0x4B]) }
            let guide = try await visitor.get("/agencies/edu")
            #expect(guide.text.contains("/agencies/edu/reports/\(Self.year)/pdf"))
        }
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/soffice") } == true,
                   "LibreOffice (Debian: libreoffice-writer) is not installed: no PDF"))
    func thePublishedReportIsServedAsPDF() async throws {
        try await withPlatform { app, service in
            try await service.setProactiveTable(agencyCode: Fixture.agencyA, year: Self.year,
                                                rows: ReportFormat.applicable(toYear: Self.year).table2Blocks.flatMap { block in
                                                    block.rows.map { ProactiveRowInput(block: block.id, row: $0, values: Self.figures[$0]!) }
                                                }, by: .system)
            try await service.publishReport(agencyCode: Fixture.agencyA, year: Self.year, on: CalendarDate(year: Self.year + 1, month: 1, day: 20)!,
                                            acknowledgeWarnings: true, by: .system)
            let pdf = try await Browser(app).get("/agencies/edu/reports/\(Self.year)/pdf")
            #expect(pdf.status == .ok && pdf.headers.contentType == .pdf)
            #expect(Array(pdf.body.readableBytesView.prefix(4)) == Array("%PDF".utf8))
            #expect(pdf.headers.first(name: .contentDisposition)?.contains("report-\(Self.year).pdf") == true)
        }
    }

    @Test func lastYearsReportUploadedAsBaselineFeedsTheCrossYearRules() async throws {
        try await withPlatform { app, service in
            // 平潭综合实验区's published 2021 report (../shared/samples/reports, expected cells in shared/cases/audit.md):
            // 行政规范性文件 现行有效件数 665; 四、结转下年度继续办理 1 (自然人), total 1.
            _ = try await service.addAgency(code: "pingtan", name: "平潭综合实验区", kind: .government)
            _ = try await service.store.addUser(username: "head-pt", displayName: "平潭负责人", role: .head, agencyCode: "pingtan",
                                                passwordHash: try Bcrypt.hash(Fixture.password, cost: 4), mustChangePassword: false, actor: StaffMember.system.actor)
            let b = Browser(app)
            try await b.login("head-pt")
            let before = try await b.get("/staff/reports?agency=pingtan&year=2022")
            #expect(before.text.contains("尚无2021年度报告") && before.text.contains("action=\"/staff/reports/baseline\""))
            // A clerk may not import (the head or an administrator may).
            let clerk = Browser(app)
            try await clerk.login("clerk-a")
            let sample = try Data(contentsOf: samplesRoot.appendingPathComponent("pingtan-2021.docx"))
            #expect(try await upload(clerk, path: "/staff/reports/baseline", fields: [("agencyCode", "edu"), ("year", "2022")],
                                     file: ("pingtan-2021.docx", sample)).status == .forbidden)
            // A file that is no report: refused, naming the uploaded file (never the server's temporary path).
            let junk = try await upload(b, path: "/staff/reports/baseline", fields: [("agencyCode", "pingtan"), ("year", "2022")],
                                        file: ("笔记.txt", Data("会议记录\n今天讨论了下周安排。\n".utf8)))
            #expect(junk.status.code == 422 || junk.status.code == 400, "\(junk.status)")
            #expect(junk.text.contains("笔记.txt") && !junk.text.contains("baseline-") && !junk.text.contains("gongkai-upload"))
            #expect(try await service.generateReport(agencyCode: "pingtan", year: 2022).previous == nil)
            // The real sample.
            let ok = try await upload(b, path: "/staff/reports/baseline", fields: [("agencyCode", "pingtan"), ("year", "2022")],
                                      file: ("pingtan-2021.docx", sample))
            #expect(ok.status == .seeOther, "\(ok.text.prefix(2000))")
            let g = try await service.generateReport(agencyCode: "pingtan", year: 2022)
            #expect(g.previous?.table2Row(block: "20.1", row: "行政规范性文件")?.cells[2].value.integer == 665)
            let page = try await b.get("/staff/reports?agency=pingtan&year=2022")
            #expect(page.text.contains("2021年度基准报告：pingtan-2021.docx（2021年格式"))
            #expect(!page.text.contains("action=\"/staff/reports/baseline\""), "one baseline per year")
            // I5: 2022's 二、上年结转 (0 in the records) against 2021's 结转下年度 (1 自然人): the cells marked in that row.
            let carried = Self.row(page.text, "t3-1")
            #expect(carried.contains("<td class=\"flag-error\">0</td>") && carried.contains("错误 I5"))
            #expect(carried.components(separatedBy: "class=\"flag-error\"").count - 1 == 2, "自然人 and 总计")
            // H1: 行政规范性文件 made 10, repealed 5, in force 600 — by last year's 665 it should be 665 + 10 − 5 = 670.
            var values = Self.figures
            values["行政规范性文件"] = ["10", "5", "600"]
            #expect(try await b.post("/staff/reports/figures", Self.table2Form(values, year: 2022, agency: "pingtan")).status == .seeOther)
            let h1 = Self.row(try await b.get("/staff/reports?agency=pingtan&year=2022").text, "t2-0-1")
            #expect(h1.contains("<td class=\"flag-warning\"><input type=\"text\" inputmode=\"decimal\" name=\"t2-0-1-2\""))
            #expect(h1.contains("警告 H1") && h1.contains("应为\(665 + 10 - 5)"))
            // 600 → 670: the warning is gone.
            values["行政规范性文件"] = ["10", "5", "670"]
            #expect(try await b.post("/staff/reports/figures", Self.table2Form(values, year: 2022, agency: "pingtan")).status == .seeOther)
            #expect(!Self.row(try await b.get("/staff/reports?agency=pingtan&year=2022").text, "t2-0-1").contains("H1"))
        }
    }
}

/// ../shared/samples/reports: the real published reports (read, never copied into the repository).
let samplesRoot: URL = {
    var u = URL(fileURLWithPath: #filePath)
    while u.path != "/" {
        u.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: u.appendingPathComponent("Package.swift").path) { break }
    }
    return u.deletingLastPathComponent().appendingPathComponent("shared/samples/reports")
}()
