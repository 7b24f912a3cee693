@testable import DisclosureService
@testable import DisclosureWeb
import DisclosureReaders
import DisclosureRules
import Foundation
import Testing
import VaporTesting

@Suite("Public portal") struct PortalTests {
    @Test func homeListsEveryAgencyAndTheLookupForm() async throws {
        try await withPlatform { app, _ in
            let res = try await Browser(app).get("/")
            #expect(res.status == .ok)
            #expect(res.text.contains(Fixture.nameA) && res.text.contains(Fixture.nameB) && res.text.contains("示例市人民政府"))
            #expect(res.text.contains(#"action="/status""#))
            #expect(!res.text.contains("演示数据"), "only the demo is marked 演示数据")
        }
    }

    @Test func theGuideStatesOfficeChannelsLimitsAndFees() async throws {
        try await withPlatform { app, service in
            try await service.setAgencyOffice(agencyCode: Fixture.agencyA, office: .init(name: "示例市教育局办公室", address: "人民大道1号",
                                                                                      phone: "0951-6100000", hours: "工作日 9:00—17:00"),
                                              by: .system)
            let res = try await Browser(app).get("/agencies/\(Fixture.agencyA)")
            #expect(res.status == .ok)
            let t = res.text
            for s in ["示例市教育局办公室", "人民大道1号", "0951-6100000", "工作日 9:00—17:00",
                      "20 个工作日内答复（条例第三十三条）", "最长不超过 20 个工作日", "7 个工作日内一次性告知补正",
                      "以双方确认之日为收到申请之日", "10 件以下不收费", "第 11—30 件每件 100 元", "30 页以下不收费", "201 页以上每页 40 元"] {
                #expect(t.contains(s), "guide lacks \(s)")
            }
            #expect(try await Browser(app).get("/agencies/nope").status == .notFound)
        }
    }

    @Test func anOnlineApplicationGetsAQueryCodeAndAStatusPage() async throws {
        try await withPlatform { app, _ in
            let b = Browser(app)
            #expect(try await b.get("/apply?agency=\(Fixture.agencyA)").status == .ok)
            let res = try await b.post("/apply", validForm())
            #expect(res.status == .seeOther)
            let code = try #require(queryCode(from: res))
            let page = try await b.get("/status?code=\(code)&submitted=1")
            #expect(page.status == .ok)
            let today = todayInChina()
            // Received through 互联网 and confirmed by the portal at once (条例第三十一条第（三）项): received today; due 20
            // working days later on the official calendar (条例第三十三条).
            let due = try WorkingDayCalendar.bundled.addingWorkingDays(20, to: today)
            #expect(page.text.contains("查询码：<strong>\(code)</strong>"))
            #expect(page.text.contains("收到申请之日</dt><dd>\(today.chinese)"))
            #expect(page.text.contains("答复期限</dt><dd>\(due.chinese)"))
            #expect(page.text.contains("办理中"))
            // The lookup is the same without the "submitted" banner, and the code may be typed in lower case with spaces.
            let again = try await b.get("/status?code=\(code.lowercased().prefix(5))%20\(code.lowercased().dropFirst(5))")
            #expect(again.status == .ok && again.text.contains(code) && !again.text.contains("申请已提交"))
        }
    }

    @Test func everyFieldIsCheckedOnTheServerAndTheInputKept() async throws {
        try await withPlatform { app, service in
            let b = Browser(app)
            var form = validForm()
            func set(_ k: String, _ v: String) { form = form.map { $0.0 == k ? (k, v) : $0 } }
            // A wrong check digit, a phone that is no number, an e-mail without domain, no provision form.
            let badID = String(Fixture.idNumber.dropLast()) + (Fixture.idNumber.last == "1" ? "2" : "1")
            set("idNumber", badID); set("phone", "12345"); set("email", "zhang@"); set("provisionForm", "")
            set("applicantName", "李四<b>")
            let res = try await b.post("/apply", form)
            #expect(res.status == .unprocessableEntity)
            let t = res.text
            #expect(t.contains("申请表有 4 处需要修改"))
            #expect(t.contains("校验码不对"), "the ID's check digit is named")
            #expect(t.contains("请选择信息的提供形式"))
            #expect(t.contains(#"value="12345""#) && t.contains(#"value="李四&lt;b&gt;""#), "input kept (escaped)")
            // The applicant's own input stays in the field; the message shows the number masked.
            #expect(t.contains(#"value="\#(badID)""#))
            let messages = t.matches(of: /<p class="field-error">([^<]*)<\/p>/).map { String($0.1) }
            #expect(messages.count == 4)
            #expect(!messages.contains { $0.contains(badID) } && messages.contains { $0.contains(Privacy.maskIdentifier(badID)) })
            // An organisation needs a valid 统一社会信用代码.
            var org = validForm()
            org = org.map { $0.0 == "applicantKind" ? ($0.0, "commercial-enterprise") : ($0.0 == "idNumber" ? ($0.0, "91640500MA7712345X") : $0) }
            let r2 = try await b.post("/apply", org)
            #expect(r2.status == .unprocessableEntity && r2.text.contains("统一社会信用代码"))
            org = org.map { $0.0 == "idNumber" ? ($0.0, Fixture.uscc) : $0 }
            #expect(try await b.post("/apply", org).status == .seeOther)
            // Nothing was stored for the refused forms.
            #expect(try await service.applications().count == 1)
        }
    }

    @Test func contactAndDescriptionRulesOfArticle29() async throws {
        try await withPlatform { app, _ in
            let b = Browser(app)
            let res = try await b.post("/apply", validForm().map { ["phone", "email", "address", "infoTitle", "documentNumber", "requestText"].contains($0.0) ? ($0.0, "") : $0 })
            #expect(res.status == .unprocessableEntity)
            #expect(res.text.contains("请至少填写一种联系方式"))
            #expect(res.text.contains("请填写所需政府信息的名称、文号或者便于查询的特征性描述"))
            // Post needs an address.
            let r2 = try await b.post("/apply", validForm().map { $0.0 == "address" ? ($0.0, "") : ($0.0 == "deliveryMethod" ? ($0.0, "post") : $0) })
            #expect(r2.status == .unprocessableEntity && r2.text.contains("选择邮寄的，请填写通信地址"))
        }
    }

    @Test func unknownOrMalformedQueryCodes() async throws {
        try await withPlatform { app, _ in
            let b = Browser(app)
            let r1 = try await b.get("/status?code=ABCDEFGHJK")
            #expect(r1.status == .notFound && r1.text.contains("没有查询码为 ABCDEFGHJK 的申请"))
            let r2 = try await b.get("/status?code=0000")
            #expect(r2.status == .badRequest && r2.text.contains("查询码应为 10 位"))
            #expect(try await b.get("/status").status == .ok)
        }
    }

    @Test func publishedReportsArePublicAndDraftsAreNot() async throws {
        try await withPlatform { app, service in
            let year = todayInChina().year - 1  // 2025
            // A report with its table 二 filled can be published; before that the page is 404.
            let b = Browser(app)
            #expect(try await b.get("/agencies/\(Fixture.agencyA)/reports/\(year)").status == .notFound)
            for block in ReportFormat.applicable(toYear: year).table2Blocks {
                for row in block.rows {
                    try await service.setProactiveFigures(agencyCode: Fixture.agencyA, year: year, block: block.id, row: row,
                                                          values: block.columns.map { _ in "1" }, by: .system)
                }
            }
            try await service.publishReport(agencyCode: Fixture.agencyA, year: year, on: CalendarDate(year: year + 1, month: 1, day: 20)!,
                                            acknowledgeWarnings: true, by: .system)
            let html = try await b.get("/agencies/\(Fixture.agencyA)/reports/\(year)")
            #expect(html.status == .ok)
            #expect(html.text.contains("\(Fixture.nameA)\(year)年政府信息公开工作年度报告"))
            let docx = try await b.get("/agencies/\(Fixture.agencyA)/reports/\(year)/docx")
            #expect(docx.status == .ok && docx.headers.contentType?.subType == "vnd.openxmlformats-officedocument.wordprocessingml.document")
            #expect(Array(docx.body.readableBytesView.prefix(2)) == [0x50, 0x4B], "a ZIP package")
            let guide = try await b.get("/agencies/\(Fixture.agencyA)")
            #expect(guide.text.contains("/agencies/\(Fixture.agencyA)/reports/\(year)"))
            // A draft needs a login.
            #expect(try await b.get("/agencies/\(Fixture.agencyB)/reports/\(year)?draft=1").status == .unauthorized)
            #expect(try await b.get("/agencies/\(Fixture.agencyA)/reports/\(year)/odt").status == .badRequest)
        }
    }
}

/// Letters issued for an application (issue 11): listed on the applicant's status page and downloaded with the query
/// code as Word or PDF; a letter is never served under another application's code.
@Suite("Letters on the portal") struct PortalLetterTests {
    @Test func theApplicantDownloadsTheirLetters() async throws {
        try await withPlatform { app, service in
            let code = try await receiveAt(service, Fixture.agencyA, on: CalendarDate(iso: "2024-09-27")!, name: "张三丰")
            let other = try await receiveAt(service, Fixture.agencyA, on: CalendarDate(iso: "2024-09-27")!, name: "李四", text: "另一件申请")
            let handler = StaffMember(name: "承办人", role: .handler)
            _ = try await service.decide(code: code, outcome: .granted, on: CalendarDate(iso: "2024-10-28")!, by: handler)
            let (issued, _) = try await service.issueLetter(code: code, kind: .decision, by: handler)
            #expect(issued.title == "政府信息公开申请答复书" && issued.issued == "2024-10-28")
            // In the application's record (its timeline).
            #expect(try await service.application(code: code).events.contains { $0.kind == "letterIssued" && ($0.detail ?? "").contains("答复书") })

            let b = Browser(app)
            let page = try await b.get("/status?code=\(code)")
            #expect(page.status == .ok && page.text.contains("答复文书") && page.text.contains("/status/\(code)/letters/\(issued.id)/docx"))
            let docx = try await b.get("/status/\(code)/letters/\(issued.id)/docx")
            #expect(docx.status == .ok && docx.headers.contentType?.subType.contains("wordprocessingml") == true)
            #expect(docx.body.readableBytes > 1000)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("portal-letter-\(UUID().uuidString).docx")
            try Data(docx.body.readableBytesView).write(to: dir)
            defer { try? FileManager.default.removeItem(at: dir) }
            let text = try ReportReader.document(url: dir).lines.map(\.text).joined()
            #expect(text.contains("张**") && !text.contains("张三丰") && !text.contains(Fixture.idNumber) && !text.contains(Fixture.mobile))
            #expect(text.contains("2024年9月27日") && text.contains(Outcome.granted.decisionText))
            // Another application's code does not open this letter; a made-up id is not found either.
            #expect(try await b.get("/status/\(other)/letters/\(issued.id)/docx").status == .notFound)
            #expect(try await b.get("/status/\(code)/letters/\(UUID().uuidString)/docx").status == .notFound)
            #expect(try await b.get("/status/\(code)/letters/\(issued.id)/exe").status == .badRequest)
            // The format's case does not matter; the file's type follows the file.
            let upper = try await b.get("/status/\(code)/letters/\(issued.id)/DOCX")
            #expect(upper.status == .ok && upper.headers.contentType?.subType.contains("wordprocessingml") == true)
            #expect(upper.headers.first(name: .contentDisposition)?.contains("letter.docx") == true)
            // The other applicant's page lists none.
            #expect(!(try await b.get("/status?code=\(other)")).text.contains("答复文书"))
        }
    }
}

/// Issuing letters from the application page (issue 11): the handler of the agency issues; the letter is listed on
/// the page and the applicant's; a registrar and another agency's handler cannot issue; a letter the record does not
/// support yet is refused with the reason.
@Suite("Letters in the back office") struct StaffLetterTests {
    @Test func theHandlerIssuesALetterFromThePage() async throws {
        try await withPlatform { app, service in
            let code = try await receiveAt(service, Fixture.agencyA, on: CalendarDate(iso: "2024-09-27")!)
            let b = Browser(app)
            try await b.login("clerk-a")
            let page = try await b.get("/staff/applications/\(code)")
            #expect(page.status == .ok && page.text.contains("发出文书") && page.text.contains("尚未发出文书"))
            // Before the decision: refused, saying why; nothing stored.
            let early = try await b.post("/staff/applications/\(code)/letters", [("kind", "decision")])
            #expect(early.status == .badRequest && early.text.contains("申请尚未作出答复决定"))
            #expect(try await service.publicLetters(queryCode: code).isEmpty)
            #expect(try await b.post("/staff/applications/\(code)/actions", [("action", "decided"), ("outcome", "granted"), ("date", "2024-10-28")]).status == .seeOther)
            let issued = try await b.post("/staff/applications/\(code)/letters", [("kind", "decision")])
            #expect(issued.status == .seeOther)
            let after = try await b.get("/staff/applications/\(code)?issued=decision")
            #expect(after.text.contains("已发出政府信息公开申请答复书") && after.text.contains("/status/\(code)/letters/"))
            // In the page's event log, under its own label.
            #expect(after.text.contains("<td>发出文书</td>"))
            #expect(try await service.publicLetters(queryCode: code).map(\.kind) == ["decision"])
            // Overlong input is refused by field.
            let long = try await b.post("/staff/applications/\(code)/letters", [("kind", "decision"), ("reasons", String(repeating: "理", count: 2001))])
            #expect(long.status == .badRequest && long.text.contains("答复理由最多 2000 字"))

            for who in ["registrar-a", "clerk-b"] {
                let other = Browser(app)
                try await other.login(who)
                let r = try await other.post("/staff/applications/\(code)/letters", [("kind", "decision")])
                #expect(r.status == .forbidden || r.status == .notFound, "\(who): \(r.status)")
            }
            #expect(try await service.publicLetters(queryCode: code).count == 1)
        }
    }
}
