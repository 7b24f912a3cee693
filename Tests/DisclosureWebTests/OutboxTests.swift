@testable import DisclosureService
@testable import DisclosureStore
@testable import DisclosureWeb
import DisclosureRules
import Foundation
import Testing
import VaporTesting

/// The outbox page (`/staff/outbox`, issue 11 notifications): the head sees their agency's messages, the
/// administrator all; a failed message is queued again from the page; subjects carry no personal data.
@Suite("Notification outbox") struct OutboxTests {
    @Test func headSeesTheirAgencyAndRetriesAFailedMessage() async throws {
        try await withPlatform { app, service in
            for code in [Fixture.agencyA, Fixture.agencyB] {
                try await service.store.setAgencyOffice(code: code, office: AgencyOffice(email: "\(code)@example.gov.cn"), actor: StaffMember.system.actor)
            }
            // An application through the portal (the applicant leaves an e-mail address), one for agency B.
            let portal = Browser(app)
            try await portal.get("/apply")
            let res = try await portal.post("/apply", validForm())
            let code = try #require(queryCode(from: res))
            let other = try await receiveAt(service, Fixture.agencyB, on: workingDays(18, before: todayInChina()))
            let run = try await service.prepareNotifications(on: todayInChina(), now: testNow)
            // The applicant's receipt messages (the same person — same identity number — applied to both, and left an
            // e-mail address on the portal); B's due-soon reminder (due in 2 working days); both digests; the oversight
            // office's weekly list (a Monday) has no address.
            #expect(run.applicantMessages == 2 && run.reminders == 1 && run.digests == 2 && run.agenciesWithoutEmail == [Fixture.region], "\(run)")

            let head = Browser(app)
            try await head.login("head-a")
            let page = try await head.get("/staff/outbox")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("zhang@example.com") && html.contains("查询码 \(code)") && html.contains("每日待办"))
            #expect(!html.contains(other) && !html.contains("\(Fixture.agencyB)@example.gov.cn"))
            #expect(!html.contains(Fixture.idNumber) && !html.contains(Fixture.mobile))
            #expect(html.contains("未配置邮件服务器"))

            let admin = Browser(app)
            try await admin.login("admin")
            #expect(try await admin.get("/staff/outbox").body.string.contains("\(Fixture.agencyB)@example.gov.cn"))

            // A message failed for good is queued again by the head of its agency, not by another agency's head.
            let mine = try #require(try await NotificationRecord.query(on: service.store.db).all().first { $0.recipient == "zhang@example.com" })
            let theirs = try #require(try await NotificationRecord.query(on: service.store.db).all().first { $0.recipient.hasPrefix(Fixture.agencyB) })
            for n in [mine, theirs] { try await service.store.markNotificationFailed(n.id!, error: "收件人被拒绝", retryAt: nil) }
            let failed = try await head.get("/staff/outbox?status=failed")
            #expect(failed.body.string.contains("重新发送") && failed.body.string.contains("收件人被拒绝"))
            #expect(try await head.post("/staff/outbox/\(mine.id!.uuidString)/retry", []).status == .seeOther)
            #expect(try await NotificationRecord.find(mine.id, on: service.store.db)?.status == "queued")
            #expect(try await head.post("/staff/outbox/\(theirs.id!.uuidString)/retry", []).status == .notFound)
            #expect(try await NotificationRecord.find(theirs.id, on: service.store.db)?.status == "failed")
            // A message that did not fail is not "retried" (it is queued already).
            let again = try await admin.post("/staff/outbox/\(mine.id!.uuidString)/retry", [])
            #expect(again.status == .unprocessableEntity && again.body.string.contains("只有发送失败的通知可以重发"), "\(again.status)")

            for n in try await NotificationRecord.query(on: service.store.db).all() {
                #expect(!n.subject.contains(Fixture.idNumber) && !n.subject.contains(Fixture.mobile) && !n.subject.contains("张三"))
            }
        }
    }

    @Test func otherRolesMayNotReadIt() async throws {
        try await withPlatform { app, _ in
            for user in ["clerk-a", "registrar-a", "oversight"] {
                let b = Browser(app)
                try await b.login(user)
                #expect(try await b.get("/staff/outbox").status == .forbidden, "\(user)")
            }
        }
    }
}
