@testable import DisclosureService
@testable import DisclosureWeb
import DisclosureRules
import Foundation
import Testing
import VaporTesting

/// Receives an application for `agency` through the service (as the counter would), on `received`.
@discardableResult
func receiveAt(_ service: Service, _ agency: String, on received: CalendarDate, name: String = "张三", kind: ApplicantKind = .naturalPerson,
               text: String = "请公开2025年部门预算", channel: SubmissionChannel = .inPerson) async throws -> String {
    try await service.receive(agencyCode: agency,
                              applicant: ApplicantDetails(kind: kind, name: name, idNumber: kind == .naturalPerson ? Fixture.idNumber : Fixture.uscc,
                                                          phone: Fixture.mobile, address: "示例市幸福路1号"),
                              channel: channel, text: text, receipt: .date(received), by: .system).application.queryCode
}

@Suite("Staff back office") struct StaffTests {
    @Test func loginLogoutAndWrongPassword() async throws {
        try await withPlatform { app, _ in
            let b = Browser(app)
            // Without a session every staff page leads to the login, keeping the page asked for.
            let r = try await b.get("/staff/queue?state=all")
            #expect(r.status == .seeOther && r.headers.first(name: .location) == "/staff/login?next=/staff/queue")
            try await b.get("/staff/login")
            let wrong = try await b.post("/staff/login", [("username", "clerk-a"), ("password", "wrong-password"), ("next", "/staff")])
            #expect(wrong.status == .unauthorized && wrong.text.contains("用户名或密码不正确"))
            let unknown = try await b.post("/staff/login", [("username", "nobody"), ("password", "wrong-password"), ("next", "/staff")])
            #expect(unknown.status == .unauthorized && unknown.text.contains("用户名或密码不正确"), "the same answer: usernames are not confirmed")
            try await b.login("clerk-a")
            #expect(try await b.get("/staff/queue").status == .ok)
            // Another site as "next" is not followed.
            let evil = try await b.post("/staff/login", [("username", "clerk-a"), ("password", Fixture.password), ("next", "//evil.example/x")])
            #expect(evil.headers.first(name: .location) == "/staff")
            #expect(try await b.post("/staff/logout", []).status == .seeOther)
            #expect(try await b.get("/staff/queue").status == .seeOther, "logged out: the session is gone")
        }
    }

    @Test func theQueueShowsDueDatesWorkingDaysLeftAndMarksOverdue() async throws {
        try await withPlatform { app, service in
            let today = todayInChina()
            let cal = WorkingDayCalendar.bundled
            // One received 30 working days ago (overdue), one today (due in 20 working days), one of agency B.
            let old = workingDays(30, before: today)
            let late = try await receiveAt(service, Fixture.agencyA, on: old, name: "李四")
            let fresh = try await receiveAt(service, Fixture.agencyA, on: today, name: "王五")
            let other = try await receiveAt(service, Fixture.agencyB, on: today, name: "赵六")
            let b = Browser(app)
            try await b.login("clerk-a")
            let q = try await b.get("/staff/queue")
            #expect(q.status == .ok)
            let t = q.text
            #expect(t.contains(late) && t.contains(fresh) && !t.contains(other), "a clerk of A sees A's queue only")
            #expect(t.contains("共 2 件"))
            // Most urgent first; the overdue one is marked with its working days overdue.
            #expect(t.range(of: late)!.lowerBound < t.range(of: fresh)!.lowerBound)
            let lateDue = try cal.addingWorkingDays(20, to: old)
            let overdueDays = try cal.workingDays(after: lateDue, through: today)
            #expect(t.contains("逾期 \(overdueDays) 个工作日"))
            #expect(t.contains("李*") && !t.contains("李四"), "names masked in the queue")
            let freshDue = try cal.addingWorkingDays(20, to: today)
            #expect(t.contains(freshDue.description))
            // Filters.
            let overdue = try await b.get("/staff/queue?overdue=1")
            #expect(overdue.text.contains(late) && !overdue.text.contains(fresh))
            let byChannel = try await b.get("/staff/queue?channel=online")
            #expect(byChannel.text.contains("共 0 件"))
            let search = try await b.get("/staff/queue?q=%E7%8E%8B%E4%BA%94")  // 王五
            #expect(search.text.contains(fresh) && !search.text.contains(late))
            let bad = try await b.get("/staff/queue?state=nope")
            #expect(bad.status == .badRequest && bad.text.contains("状态“nope”不存在"))
        }
    }

    @Test func paginationKeepsTheFilters() async throws {
        try await withPlatform { app, service in
            let today = todayInChina()
            for i in 0..<23 { try await receiveAt(service, Fixture.agencyA, on: today, name: "申请人\(i)", text: "请公开第\(i)号文件") }
            let b = Browser(app)
            try await b.login("clerk-a")
            let p1 = try await b.get("/staff/queue?q=%E6%96%87%E4%BB%B6")  // 文件
            #expect(p1.text.contains("共 23 件") && p1.text.contains("第 1/2 页"))
            #expect(p1.text.contains(#"href="/staff/queue?q=%E6%96%87%E4%BB%B6&amp;page=2""#))
            let p2 = try await b.get("/staff/queue?q=%E6%96%87%E4%BB%B6&page=2")
            #expect(p2.text.contains("第 2/2 页") && p2.text.matches(of: /\/staff\/applications\/[A-Z0-9]{10}/).count == 3)
        }
    }

    @Test func anApplicationPageExplainsTheClockAndOffersOnlyAllowedSteps() async throws {
        try await withPlatform { app, service in
            let today = todayInChina()
            let code = try await receiveAt(service, Fixture.agencyA, on: today)
            let clerk = Browser(app)
            try await clerk.login("clerk-a")
            let page = try await clerk.get("/staff/applications/\(code)")
            #expect(page.status == .ok)
            let t = page.text
            // The handling staff see the identifiers in full.
            #expect(t.contains(Fixture.idNumber) && t.contains(Fixture.mobile) && t.contains("示例市幸福路1号"))
            #expect(t.contains("答复期限的计算") && t.contains("计算过程"))
            // A handler in 办理中: correction, consultation, fee notice, decision — not extension (the head's) or the
            // steps of other states (ApplicationLifecycle.transitions).
            let actions = t.matches(of: /name="action" value="([a-zA-Z]+)"/).map { String($0.1) }
            #expect(actions == ["correctionRequested", "consultationStarted", "feeNoticeSent", "decided"])
            let head = Browser(app)
            try await head.login("head-a")
            let hp = try await head.get("/staff/applications/\(code)")
            let headActions = hp.text.matches(of: /name="action" value="([a-zA-Z]+)"/).map { String($0.1) }
            #expect(headActions.contains("extensionGranted"))
            // The extension's effect names the new due date: current + 20 working days.
            let due = try WorkingDayCalendar.bundled.addingWorkingDays(20, to: today)
            let extended = try WorkingDayCalendar.bundled.addingWorkingDays(20, to: due)
            #expect(hp.text.contains("延长 20 个工作日后为 \(extended.chinese)"))
            // The registrar may only register replies and payments: nothing in 办理中.
            let reg = Browser(app)
            try await reg.login("registrar-a")
            #expect(try await reg.get("/staff/applications/\(code)").text.matches(of: /name="action"/).isEmpty)
        }
    }

    @Test func stepsChangeTheDueDateAsTheRulesSay() async throws {
        try await withPlatform { app, service in
            let cal = WorkingDayCalendar.bundled
            let today = todayInChina()
            let received = workingDays(10, before: today)
            let code = try await receiveAt(service, Fixture.agencyA, on: received)
            let b = Browser(app)
            try await b.login("head-a")
            // Extension by 15 working days (条例第三十三条).
            let r = try await b.post("/staff/applications/\(code)/actions", [("action", "extensionGranted"), ("date", today.description), ("days", "15")])
            #expect(r.status == .seeOther)
            let page = try await b.get(r.headers.first(name: .location)!)
            let due = try cal.addingWorkingDays(35, to: received)
            #expect(page.text.contains("已完成：延长答复期限。当前答复期限：\(due.chinese)"))
            // A second extension is refused with the rule's message, and nothing changes.
            let again = try await b.post("/staff/applications/\(code)/actions", [("action", "extensionGranted"), ("date", today.description), ("days", "5")])
            #expect(again.status.code >= 400 && again.status.code < 500)
            #expect(try await service.application(code: code).application.dueDate == due.description)
            // 21 days is over the limit.
            let other = try await receiveAt(service, Fixture.agencyA, on: today)
            let over = try await b.post("/staff/applications/\(other)/actions", [("action", "extensionGranted"), ("days", "21")])
            #expect(over.status == .badRequest && over.text.contains("延长的工作日数应为 1 至 20"))
            // A decision closes it, counted in its table 三 row.
            let d = try await b.post("/staff/applications/\(code)/actions", [("action", "decided"), ("date", today.description), ("outcome", "refused.4")])
            #expect(d.status == .seeOther)
            let counts = try await service.reportCounts(agencyCode: Fixture.agencyA, year: today.year)
            #expect(counts.table3.first { $0.id == "refused.4" }!.cells == [1, 0, 0, 0, 0, 0, 1])
        }
    }

    @Test func registeringAPaperApplication() async throws {
        try await withPlatform { app, service in
            let b = Browser(app)
            try await b.login("registrar-a")
            #expect(try await b.get("/staff/receive").status == .ok)
            let today = todayInChina()
            let r = try await b.post("/staff/receive", [("agencyCode", Fixture.agencyA), ("channel", "mail-signed"), ("receivedDate", today.description),
                                                        ("applicantKind", "commercial-enterprise"), ("applicantName", "示例科技有限公司"),
                                                        ("idNumber", Fixture.uscc), ("phone", "0951-6123456"), ("requestText", "请公开某项目环评批复"),
                                                        ("provisionForm", "paper"), ("deliveryMethod", "post"), ("address", "示例市人民路2号")])
            #expect(r.status == .seeOther)
            let list = try await service.applications(agencyCode: Fixture.agencyA)
            #expect(list.count == 1 && list[0].channel == "邮寄（签收）" && list[0].receivedDate == today.description)
            // For agency B the registrar of A is refused, and a bad credit code is named.
            let b2 = try await b.post("/staff/receive", [("agencyCode", Fixture.agencyB), ("channel", "in-person"), ("receivedDate", today.description),
                                                         ("applicantKind", "natural-person"), ("applicantName", "张三"), ("requestText", "x")])
            #expect(b2.status == .badRequest && b2.text.contains("不在您的权限范围内"))
            let b3 = try await b.post("/staff/receive", [("agencyCode", Fixture.agencyA), ("channel", "in-person"), ("receivedDate", today.description),
                                                         ("applicantKind", "commercial-enterprise"), ("applicantName", "某公司"),
                                                         ("idNumber", "91640500MA7712345X"), ("requestText", "x")])
            #expect(b3.status == .badRequest && b3.text.contains("统一社会信用代码"))
            #expect(try await service.applications().count == 1)
        }
    }

    @Test func appealsAreRecordedAndConcluded() async throws {
        try await withPlatform { app, service in
            let b = Browser(app)
            try await b.login("clerk-a")
            let today = todayInChina()
            let r = try await b.post("/staff/appeals", [("agencyCode", Fixture.agencyA), ("kind", "reconsideration"), ("filed", today.description),
                                                        ("result", "pending")])
            #expect(r.status == .seeOther)
            let list = try await service.appeals(agencyCode: Fixture.agencyA)
            #expect(list.count == 1 && list[0].result == .pending)
            let c = try await b.post("/staff/appeals/conclude", [("agencyCode", Fixture.agencyA), ("id", list[0].shortID), ("result", "upheld"),
                                                                 ("date", today.description)])
            #expect(c.status == .seeOther)
            #expect(try await service.appeals(agencyCode: Fixture.agencyA)[0].result == .upheld)
            let page = try await b.get("/staff/appeals")
            #expect(page.text.contains(list[0].shortID) && page.text.contains("维持"))
            // Table 四: reconsideration upheld, total.
            let counts = try await service.reportCounts(agencyCode: Fixture.agencyA, year: today.year)
            #expect(counts.table4[0] == 1 && counts.table4[4] == 1)
        }
    }

    @Test func aLedgerIsUploadedWholeOrNotAtAll() async throws {
        try await withPlatform { app, service in
            let b = Browser(app)
            try await b.login("clerk-a")
            #expect(try await b.get("/staff/ledger").status == .ok)
            let y = todayInChina().year - 1
            let good = "收到日期,申请人类型,申请人,提交方式,申请内容,答复日期,答复结果\n\(y)-03-02,自然人,张三,当面提交,请公开某文件,\(y)-03-20,予以公开\n"
            let r = try await upload(b, path: "/staff/ledger", fields: [("agencyCode", Fixture.agencyA)], file: ("ledger.csv", Data(good.utf8)))
            #expect(r.status == .ok && r.text.contains("已导入 1 件申请"), "\(r.text.prefix(400))")
            let bad = "收到日期,申请人类型,申请人,提交方式,申请内容\n\(y)-02-30,自然人,张三,当面提交,请公开某文件\n"
            let r2 = try await upload(b, path: "/staff/ledger", fields: [("agencyCode", Fixture.agencyA)], file: ("bad.csv", Data(bad.utf8)))
            #expect(r2.status == .unprocessableEntity && r2.text.contains("未导入任何记录"))
            #expect(try await service.applications().count == 1)
            let r3 = try await upload(b, path: "/staff/ledger", fields: [("agencyCode", Fixture.agencyA)], file: ("x.exe", Data("MZ".utf8)))
            #expect(r3.status == .badRequest && r3.text.contains("只能导入 CSV 或 XLSX"))
        }
    }

    @Test func reportCountsAndPublishing() async throws {
        try await withPlatform { app, service in
            let year = todayInChina().year - 1
            try await receiveAt(service, Fixture.agencyA, on: CalendarDate(year: year, month: 5, day: 6)!)
            let b = Browser(app)
            try await b.login("head-a")
            let page = try await b.get("/staff/reports?year=\(year)")
            #expect(page.status == .ok)
            #expect(page.text.contains("草稿（按记录实时统计）"))
            // Table 三 "new" row: one natural person; carried over: one.
            #expect(page.text.contains("<th scope=\"row\">一、本年新收政府信息公开申请数量</th><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td>"))
            // Table 二 is empty: publishing is refused with the findings by row and column.
            let p = try await b.post("/staff/reports/publish", [("agencyCode", Fixture.agencyA), ("year", "\(year)"), ("date", "\(year + 1)-01-20"),
                                                                ("acknowledge", "1")])
            #expect(p.status == .conflict && p.text.contains("不能发布") && p.text.contains("S2"))
            // A clerk cannot publish.
            let clerk = Browser(app)
            try await clerk.login("clerk-a")
            let c = try await clerk.post("/staff/reports/publish", [("agencyCode", Fixture.agencyA), ("year", "\(year)"), ("date", "\(year + 1)-01-20")])
            #expect(c.status == .forbidden)
        }
    }

    @Test func theOversightOfficeReadsItsRegionWithoutPersonalData() async throws {
        try await withPlatform { app, service in
            let today = todayInChina()
            let a = try await receiveAt(service, Fixture.agencyA, on: today, name: "李四")
            let bCode = try await receiveAt(service, Fixture.agencyB, on: today, name: "赵六")
            let o = Browser(app)
            try await o.login("oversight")
            let q = try await o.get("/staff/queue")
            #expect(q.text.contains(a) && q.text.contains(bCode), "the region's agencies")
            let page = try await o.get("/staff/applications/\(a)")
            #expect(page.status == .ok)
            #expect(!page.text.contains(Fixture.idNumber) && !page.text.contains(Fixture.mobile) && !page.text.contains("示例市幸福路1号"))
            #expect(page.text.contains(Privacy.maskIdentifier(Fixture.idNumber)) && page.text.contains("李*"))
            #expect(page.text.matches(of: /name="action"/).isEmpty, "no case actions")
            let roll = try await o.get("/staff/rollup?year=\(today.year)")
            #expect(roll.status == .ok && roll.text.contains(Fixture.nameA) && roll.text.contains(Fixture.nameB))
        }
    }

    @Test func administratorsManageUsersAgenciesAndTheCalendar() async throws {
        try await withPlatform { app, service in
            let b = Browser(app)
            try await b.login("admin")
            #expect(try await b.get("/staff/admin").status == .ok)
            let r = try await b.post("/staff/admin/users", [("username", "newclerk"), ("displayName", "新承办人"), ("role", "handler"), ("agency", Fixture.agencyA)])
            #expect(r.status == .ok)
            let otp = try #require(r.text.firstMatch(of: /<code class="otp">([A-Za-z0-9]{16})<\/code>/)).1
            // The new account must change its one-time password before anything else.
            let n = Browser(app)
            try await n.login("newclerk", password: String(otp))
            let forced = try await n.get("/staff/queue")
            #expect(forced.status == .seeOther && forced.headers.first(name: .location) == "/staff/password")
            let short = try await n.post("/staff/password", [("current", String(otp)), ("new", "short"), ("confirm", "short")])
            #expect(short.status == .badRequest && short.text.contains("密码至少 10 个字符"))
            #expect(try await n.post("/staff/password", [("current", String(otp)), ("new", "a-better-password"), ("confirm", "a-better-password")]).status == .seeOther)
            #expect(try await n.get("/staff/queue").status == .ok)
            // Disabling ends the sessions.
            #expect(try await b.post("/staff/admin/users/newclerk/disable", [("disabled", "1")]).status == .seeOther)
            #expect(try await n.get("/staff/queue").status == .seeOther)
            // Agencies and the guide's office.
            #expect(try await b.post("/staff/admin/agencies", [("code", "health"), ("name", "示例市卫生健康委员会"), ("parent", Fixture.region)]).status == .seeOther)
            #expect(try await b.post("/staff/admin/agencies/health/office", [("name", "卫健委办公室"), ("phone", "0951-6000000")]).status == .seeOther)
            #expect(try await Browser(app).get("/agencies/health").text.contains("卫健委办公室"))
            // A day off moves due dates.
            let day = todayInChina().adding(days: 2)  // Wednesday 17 June 2026, a working day
            #expect(try WorkingDayCalendar.bundled.isWorkingDay(day))
            let d = try await b.post("/staff/admin/calendar/day-off", [("date", day.description), ("name", "台风停工")])
            #expect(d.status == .ok && d.text.contains("已增加休息日 \(day)"))
            #expect(try await service.workingCalendar().isWorkingDay(day) == false)
        }
    }
}

/// Posts a multipart form with one file, with the browser's cookies and CSRF token.
func upload(_ b: Browser, path: String, fields: [(String, String)], file: (String, Data)) async throws -> TestingHTTPResponse {
    if b.csrf.isEmpty { try await b.get("/") }
    let boundary = "----gongkai\(UUID().uuidString)"
    var body = Data()
    for (k, v) in fields + [("_csrf", b.csrf)] {
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8))
    }
    body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.0)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
    body.append(file.1)
    body.append(Data("\r\n--\(boundary)--\r\n".utf8))
    var h = HTTPHeaders()
    h.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
    h.replaceOrAdd(name: .cookie, value: b.cookieHeader)
    let res = try await b.app.testing().sendRequest(.POST, path, headers: h, body: ByteBuffer(data: body))
    b.absorb(res)
    return res
}
