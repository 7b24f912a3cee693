@testable import DisclosureService
@testable import DisclosureWeb
import DisclosureRules
import DisclosureStore
import Foundation
import Testing
import VaporTesting

/// Administration (issue 11 part 5) and the letters of the back office (part 1): the calendar change previewed before
/// it is confirmed, the audit log of administrative changes, the letter template editor, the letter preview, the
/// agency tree.
@Suite("Administration") struct AdministrationTests {
    /// A multipart/form-data POST with one file field (the calendar import), with the CSRF token.
    func upload(_ b: Browser, _ path: String, file: Data, name: String = "file") async throws -> TestingHTTPResponse {
        let boundary = "----gongkai-test-boundary"
        var body = Data()
        body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(b.csrf)\r\n".utf8)
        body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"notice.json\"\r\nContent-Type: application/json\r\n\r\n".utf8)
        body += file + Data("\r\n--\(boundary)--\r\n".utf8)
        var h = HTTPHeaders()
        h.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        h.replaceOrAdd(name: .cookie, value: b.cookieHeader)
        let res = try await b.app.testing().sendRequest(.POST, path, headers: h, body: ByteBuffer(data: body))
        b.absorb(res)
        return res
    }

    @Test func aDayOffIsPreviewedThenConfirmed() async throws {
        try await withPlatform { app, service in
            // Received Friday 2024-09-27: due Wednesday 2024-10-30 (20 working days on the 2024 notice: 9/29 and 10/12 are
            // 调休上班, 10/1–10/7 国庆). Received 2024-08-01: due in August, untouched by a day off in October.
            let inside = try await receiveAt(service, Fixture.agencyA, on: CalendarDate(iso: "2024-09-27")!)
            let outside = try await receiveAt(service, Fixture.agencyB, on: CalendarDate(iso: "2024-08-01")!)
            #expect(try await service.store.requireApplication(code: inside).dueDate == "2024-10-30")
            let outsideDue = try await service.store.requireApplication(code: outside).dueDate

            let b = Browser(app)
            try await b.login("admin")
            let admin = try await b.get("/staff/admin")
            #expect(admin.text.contains("action=\"/staff/admin/calendar/day-off/preview\""))
            let preview = try await b.post("/staff/admin/calendar/day-off/preview", [("date", "2024-10-15"), ("name", "本地停电闭馆")])
            #expect(preview.status == .ok)
            // Tuesday 2024-10-15 off: the 20th working day is Thursday 2024-10-31.
            let row = try #require(preview.text.firstMatch(of: /<tr><td data-label="查询码">.*?<\/tr>/))
            #expect(row.0.contains(inside) && row.0.contains("2024-10-30") && row.0.contains("2024-10-31") && row.0.contains("推后 1 个工作日"))
            #expect(row.0.contains("示例市教育局（edu）"))
            #expect(!preview.text.contains(outside))
            #expect(preview.text.contains("共 1 件申请"))
            // Nothing changed yet.
            #expect(try await service.store.requireApplication(code: inside).dueDate == "2024-10-30")
            #expect(try await service.workingCalendar().isWorkingDay(CalendarDate(iso: "2024-10-15")!))
            // The confirm button posts the same change.
            #expect(preview.text.contains("action=\"/staff/admin/calendar/day-off\""))
            #expect(preview.text.contains("name=\"date\" value=\"2024-10-15\"") && preview.text.contains("name=\"name\" value=\"本地停电闭馆\""))
            let confirmed = try await b.post("/staff/admin/calendar/day-off", [("date", "2024-10-15"), ("name", "本地停电闭馆")])
            #expect(confirmed.status == .ok && confirmed.text.contains("重新计算了 1 件"))
            #expect(try await service.store.requireApplication(code: inside).dueDate == "2024-10-31")
            #expect(try await service.store.requireApplication(code: outside).dueDate == outsideDue)

            // A day that is already off is refused by the preview, saying why.
            let holiday = try await b.post("/staff/admin/calendar/day-off/preview", [("date", "2024-10-01"), ("name", "重复")])
            #expect(holiday.status.code >= 400 && holiday.text.contains("本来就不是工作日"))
            // … on the administration page, beside the form, with what was typed kept; so is a malformed date.
            #expect(holiday.text.contains("action=\"/staff/admin/calendar/day-off/preview\"") && holiday.text.contains("value=\"2024-10-01\"")
                    && holiday.text.contains("value=\"重复\""))
            let malformed = try await b.post("/staff/admin/calendar/day-off/preview", [("date", "2024-13-01"), ("name", "台风停工")])
            #expect(malformed.status == .badRequest && malformed.text.contains("日期应为 YYYY-MM-DD") && malformed.text.contains("value=\"台风停工\""))
            // Only the administrator.
            let head = Browser(app)
            try await head.login("head-a")
            #expect(try await head.post("/staff/admin/calendar/day-off/preview", [("date", "2024-10-16"), ("name", "x")]).status == .forbidden)
        }
    }

    @Test func aNoticeIsPreviewedThenImportedOnConfirmation() async throws {
        try await withPlatform { app, service in
            let notice = Data(#"{"years": {"2027": {"holidays": [{"date": "2027-01-01", "name": "元旦"}], "workdays": []}}}"#.utf8)
            let b = Browser(app)
            try await b.login("admin")
            try await b.get("/staff/admin")
            let preview = try await upload(b, "/staff/admin/calendar/import/preview", file: notice)
            #expect(preview.status == .ok && preview.text.contains("导入2027年节假日安排"))
            #expect(preview.text.contains("没有未办结申请的答复期限会因此改变"))
            #expect(preview.text.contains("action=\"/staff/admin/calendar/import/confirm\""))
            #expect(!(try await service.workingCalendar().coveredYears.contains(2027)))
            let json = try #require(preview.text.firstMatch(of: /name="json" value="([^"]*)"/)).1
            // The notice travels in the confirm form (HTML-escaped quotes).
            let text = String(json).replacingOccurrences(of: "&quot;", with: "\"")
            let confirmed = try await b.post("/staff/admin/calendar/import/confirm", [("json", text)])
            #expect(confirmed.status == .ok && confirmed.text.contains("已导入 2027 年节假日安排"))
            #expect(try await service.workingCalendar().coveredYears.contains(2027))
            #expect(try await !service.workingCalendar().isWorkingDay(CalendarDate(iso: "2027-01-01")!))
        }
    }

    @Test func theAuditLogListsAdministrativeChangesNewestFirst() async throws {
        try await withPlatform { app, service in
            // An application with an applicant's personal data: none of it may reach the log.
            let code = try await receiveAt(service, Fixture.agencyA, on: todayInChina(), name: "张三丰")
            let b = Browser(app)
            try await b.login("admin")
            try await b.get("/staff/admin")
            #expect(try await b.post("/staff/admin/agencies", [("code", "zz"), ("name", "示例市统计局"), ("parent", "city"), ("kind", "department")]).status == .seeOther)
            #expect(try await b.post("/staff/admin/users", [("username", "newuser"), ("displayName", "新同事"), ("role", "handler"), ("agency", "edu")]).status == .ok)
            #expect(try await b.post("/staff/admin/users/clerk-a/reset", []).status == .ok)
            #expect(try await b.post("/staff/admin/users/clerk-b/disable", [("disabled", "1")]).status == .seeOther)
            #expect(try await b.post("/staff/admin/calendar/day-off", [("date", "2026-06-17"), ("name", "台风停工")]).status == .ok)
            let head = Browser(app)
            try await head.login("head-a")
            try await head.get("/staff/letter-templates")
            #expect(try await head.post("/staff/letter-templates/decision", [("agency", "edu"), ("body", "{{申请人}}：\n经审查，{{答复决定}}。")]).status == .seeOther)
            // An application's own steps are not administrative changes.
            _ = try await service.decide(code: code, outcome: .granted, on: todayInChina(), by: StaffMember(name: "测试clerk-a", role: .handler), now: testNow)

            // The test clock: 2026-06-15 02:00 UTC = 10:00 Beijing time. (The fixture's accounts were added at the real time.)
            let day = "from=2026-06-15&to=2026-06-15"
            let page = try await b.get("/staff/admin/audit?\(day)")
            #expect(page.status == .ok)
            let kinds = page.text.matches(of: /<td data-label="事项">([^<]*)<\/td>/).map { String($0.1) }
            #expect(kinds == ["修改文书模板", "修改工作日日历", "停用或启用账号", "设置或重置密码", "添加用户", "添加机关"])
            #expect(page.text.contains("2026-06-15 10:00:00"))
            #expect(page.text.contains("示例市统计局") && page.text.contains("用户 newuser") && page.text.contains("角色 承办人员"))
            #expect(page.text.contains("增加休息日 2026-06-17 台风停工") && page.text.contains("用户 clerk-b") && page.text.contains("已停用"))
            #expect(page.text.contains("示例市教育局（edu） · 政府信息公开申请答复书") && page.text.contains("改为本机关措辞"))
            for secret in ["张三丰", Fixture.idNumber, Fixture.mobile, code, "幸福路"] { #expect(!page.text.contains(secret), "\(secret) in the audit log") }

            // Filter by kind.
            let users = try await b.get("/staff/admin/audit?kind=userAdded&\(day)")
            #expect(users.text.matches(of: /<td data-label="事项">([^<]*)<\/td>/).map { String($0.1) } == ["添加用户"])
            // A day without changes; a range that ends before it starts; an unknown kind.
            #expect(try await b.get("/staff/admin/audit?from=2026-06-16&to=2026-06-16").text.contains("没有符合条件的记录"))
            #expect(try await b.get("/staff/admin/audit?from=2026-06-16&to=2026-06-15").status == .badRequest)
            #expect(try await b.get("/staff/admin/audit?kind=decided").status == .badRequest)

            // CSV: a header and the six changes of the day, newest first.
            let csv = try await b.get("/staff/admin/audit/download?\(day)")
            #expect(csv.status == .ok && csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            let lines = String(decoding: Data(csv.body.readableBytesView).dropFirst(3), as: UTF8.self).split(separator: "\r\n").map(String.init)
            #expect(lines.first == "时间（北京时间）,操作人,角色,事项,对象,说明")
            #expect(lines.count == 7)
            #expect(lines[1].hasPrefix("2026-06-15 10:00:00,测试head-a,机构负责人,修改文书模板,"))
            #expect(lines.last?.hasPrefix("2026-06-15 10:00:00,测试admin,系统管理员,添加机关,示例市统计局（zz）,") == true)
            for secret in ["张三丰", Fixture.idNumber, Fixture.mobile, code] { #expect(!csv.text.contains(secret)) }

            // Paged: 50 a page. 60 more changes (clerk-b enabled and disabled in turn) make 66 on the day.
            for i in 0..<60 {
                try await service.setUserDisabled(username: "clerk-b", disabled: i % 2 == 0 ? false : true, by: StaffMember(name: "测试admin", role: .admin), now: testNow)
            }
            let first = try await b.get("/staff/admin/audit?\(day)")
            #expect(first.text.matches(of: /<td data-label="事项">/).count == 50 && first.text.contains("共 66 条 · 第 1/2 页"))
            let second = try await b.get("/staff/admin/audit?\(day)&page=2")
            #expect(second.text.matches(of: /<td data-label="事项">/).count == 16 && second.text.contains("第 2/2 页"))
            #expect(second.text.contains("添加机关"))

            // Only the administrator.
            #expect(try await head.get("/staff/admin/audit").status == .forbidden)
            #expect(try await head.get("/staff/admin/audit/download").status == .forbidden)
        }
    }

    @Test func theHeadEditsTheAgencysLetterWording() async throws {
        try await withPlatform { app, service in
            let head = Browser(app)
            try await head.login("head-a")
            let page = try await head.get("/staff/letter-templates")
            #expect(page.status == .ok)
            for kind in LetterKind.allCases { #expect(page.text.contains(kind.title)) }
            // The standard wording shown when the agency has none, and the placeholders explained.
            #expect(page.text.contains("根据{{法律依据}}的规定，特此答复。") && page.text.contains("标准措辞"))
            #expect(page.text.contains("{{意见期限}}") && page.text.contains("15个工作日（条例第三十二条）"))

            // An unknown placeholder on line 2: refused, naming the line, the input kept, nothing stored.
            let unknown = "{{申请人}}：\n经审查，{{答复决定}}，{{处理意见}}。\n{{救济途径}}"
            let r1 = try await head.post("/staff/letter-templates/decision", [("agency", "edu"), ("body", unknown)])
            #expect(r1.status == .unprocessableEntity && r1.text.contains("第2行") && r1.text.contains("{{处理意见}}"))
            #expect(r1.text.contains("经审查，{{答复决定}}，{{处理意见}}。"))
            // An unclosed one on line 3.
            let unclosed = "{{申请人}}：\n本机关已收到您的申请。\n根据{{法律依据的规定，特此答复。"
            let r2 = try await head.post("/staff/letter-templates/decision", [("agency", "edu"), ("body", unclosed)])
            #expect(r2.status == .unprocessableEntity && r2.text.contains("第3行有“{{”而没有对应的“}}”"))
            #expect(try await !service.letterTemplate(agencyCode: "edu", kind: .decision, by: .system).custom)

            // Saved: the page shows the agency's wording; the letters use it.
            let own = "{{申请人}}：\n本局于{{收到日期}}收到您的申请。经审查，{{答复决定}}。\n依据：{{法律依据}}。\n{{救济途径}}"
            #expect(try await head.post("/staff/letter-templates/decision", [("agency", "edu"), ("body", own)]).status == .seeOther)
            let saved = try await head.get("/staff/letter-templates?done=saved&kind=decision")
            #expect(saved.text.contains("本机关措辞") && saved.text.contains("本局于{{收到日期}}收到您的申请。") && saved.text.contains("已保存"))
            #expect(try await service.letterTemplate(agencyCode: "edu", kind: .decision, by: .system).template.body == own)
            let code = try await receiveAt(service, Fixture.agencyA, on: CalendarDate(iso: "2024-09-27")!)
            _ = try await service.decide(code: code, outcome: .granted, on: CalendarDate(iso: "2024-10-28")!, by: StaffMember(name: "测试clerk-a", role: .handler), now: testNow)
            let preview = try await head.post("/staff/applications/\(code)/letters/preview", [("kind", "decision")])
            #expect(preview.text.contains("本局于2024年9月27日收到您的申请。"))

            // Reset to the standard wording.
            #expect(try await head.post("/staff/letter-templates/decision/reset", [("agency", "edu")]).status == .seeOther)
            #expect(try await !service.letterTemplate(agencyCode: "edu", kind: .decision, by: .system).custom)

            // The head of A edits A's only; a handler none; the administrator any agency's.
            #expect(try await head.get("/staff/letter-templates?agency=civil").status == .notFound)
            let clerk = Browser(app)
            try await clerk.login("clerk-a")
            #expect(try await clerk.get("/staff/letter-templates").status == .forbidden)
            #expect(try await clerk.post("/staff/letter-templates/decision", [("agency", "edu"), ("body", own)]).status == .forbidden)
            let admin = Browser(app)
            try await admin.login("admin")
            let other = try await admin.get("/staff/letter-templates?agency=civil")
            #expect(other.status == .ok && other.text.contains("示例市民政局发出的文书"))
        }
    }

    @Test func aLetterIsPreviewedAsPrintedBeforeItIsIssued() async throws {
        try await withPlatform { app, service in
            // Received 2024-09-27, decided (予以公开) 2024-10-28: the letter is dated the decision day, its basis 条例第三十六条第（二）项.
            let code = try await receiveAt(service, Fixture.agencyA, on: CalendarDate(iso: "2024-09-27")!)
            let b = Browser(app)
            try await b.login("clerk-a")
            let early = try await b.post("/staff/applications/\(code)/letters/preview", [("kind", "decision")])
            #expect(early.status == .badRequest && early.text.contains("申请尚未作出答复决定"))
            _ = try await service.decide(code: code, outcome: .granted, on: CalendarDate(iso: "2024-10-28")!, by: StaffMember(name: "测试clerk-a", role: .handler), now: testNow)
            let page = try await b.get("/staff/applications/\(code)")
            #expect(page.text.contains("formaction=\"/staff/applications/\(code)/letters/preview\""))

            let preview = try await b.post("/staff/applications/\(code)/letters/preview", [("kind", "decision"), ("reasons", "")])
            #expect(preview.status == .ok)
            let t = preview.text
            #expect(t.contains("<h2 class=\"letter-title\">政府信息公开申请答复书</h2>"))
            #expect(t.contains("<p class=\"letter-addressee\">张*：</p>"))
            #expect(t.contains("本机关于2024年9月27日收到您提出的政府信息公开申请（查询码\(code)）"))
            #expect(t.contains("经审查，您申请公开的政府信息属于可以公开的政府信息，本机关决定予以公开。"))
            #expect(t.contains("根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，特此答复。"))
            #expect(t.contains("六十日内依法申请行政复议") && t.contains("六个月内依法向人民法院提起行政诉讼"))
            #expect(t.contains("<p class=\"letter-seal\">示例市教育局（盖章）</p>") && t.contains("<p class=\"letter-date\">2024年10月28日</p>"))
            for secret in ["张三", Fixture.idNumber, Fixture.mobile, "幸福路"] { #expect(!t.contains(secret), "\(secret) in the preview") }
            #expect(t.contains("href=\"/staff/applications/\(code)#letters\""))
            #expect(t.contains("下载 Word 预览") && t.contains("下载 PDF 预览") && t.contains("action=\"/staff/applications/\(code)/letters\""))
            // Nothing stored by the preview.
            #expect(try await service.publicLetters(queryCode: code).isEmpty)

            // The preview as Word: a document, not stored.
            let docx = try await b.post("/staff/applications/\(code)/letters/preview/download", [("kind", "decision"), ("format", "docx")])
            #expect(docx.status == .ok && Array(docx.body.readableBytesView.prefix(2)) == Array("PK".utf8))
            #expect(docx.headers.first(name: .contentDisposition)?.hasPrefix("attachment") == true)
            #expect(try await service.publicLetters(queryCode: code).isEmpty)

            // The registrar may look but not issue.
            let registrar = Browser(app)
            try await registrar.login("registrar-a")
            let seen = try await registrar.post("/staff/applications/\(code)/letters/preview", [("kind", "decision")])
            #expect(seen.status == .ok && !seen.text.contains("action=\"/staff/applications/\(code)/letters\""))
            // Another agency's handler does not see it.
            let other = Browser(app)
            try await other.login("clerk-b")
            #expect(try await other.post("/staff/applications/\(code)/letters/preview", [("kind", "decision")]).status == .notFound)

            // Issued from the preview: stored once, with the wording previewed.
            #expect(try await b.post("/staff/applications/\(code)/letters", [("kind", "decision")]).status == .seeOther)
            #expect(try await service.publicLetters(queryCode: code).map(\.kind) == ["decision"])
            // Previewed again, the page says one was issued already (a second would be stored beside it).
            let again = try await b.post("/staff/applications/\(code)/letters/preview", [("kind", "decision")])
            #expect(again.text.contains("本申请已发出过同类文书") && again.text.contains("政府信息公开申请答复书"))
        }
    }

    @Test func theAgenciesAreShownAsATree() async throws {
        try await withPlatform { app, service in
            _ = try await service.addAgency(code: "edu-school", name: "示例市第一中学", parentCode: Fixture.agencyA, kind: .department)
            let b = Browser(app)
            try await b.login("admin")
            let t = try await b.get("/staff/admin").text
            // The city at the top, its departments under it by code (civil, edu), the school right under the education bureau.
            let order = t.matches(of: /<details class="action depth-(\d)"><summary>([^（<]*)/).map { "\($0.1) \($0.2)" }
            #expect(order == ["0 示例市人民政府", "1 示例市民政局", "1 示例市教育局", "2 示例市第一中学"])
            #expect(t.contains("href=\"/staff/admin/audit\"") && t.contains("href=\"/staff/letter-templates\""))
        }
    }
}
