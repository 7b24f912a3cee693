@testable import DisclosureStore
import DisclosureRules
import FluentKit
import Foundation
import Testing

@Suite(.serialized) struct CalendarChangeTests {
    /// A made-up notice for 2027 (no real one was published when this was written): 元旦 on Friday 2027-01-01.
    static let notice2027 = Data("""
    {"years": {"2027": {"holidays": [{"date": "2027-01-01", "name": "元旦"}], "workdays": []}}}
    """.utf8)

    @Test func importRecomputesExactlyTheAffectedOpenApplications() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            // C8: received 2026-12-10, runs into 2027 — no due date until the 2027 notice is loaded.
            // "Now" is after the receipt (records never hold future dates).
            let now = ISO8601DateFormatter().date(from: "2026-12-20T02:00:00Z")!
            let intoNewYear = try await store.receive(agencyCode: "a", applicant: ApplicantInput(kind: .naturalPerson, name: "王五"),
                                                      channel: .inPerson, text: "跨年申请", receivedDate: date("2026-12-10"), actor: registrar, now: now)
            #expect(intoNewYear.application.dueDate == nil)
            #expect(intoNewYear.dueDateProblem?.contains("2027") == true)
            let untouched = try await store.receiveSimple("a", on: "2026-05-06", text: "年中申请")
            let closed = try await store.receive(agencyCode: "a", applicant: ApplicantInput(kind: .naturalPerson, name: "赵六"),
                                                 channel: .inPerson, text: "已办结的跨年申请", receivedDate: date("2026-12-11"), actor: registrar, now: now).application
            try await store.decide(code: closed.queryCode, outcome: .granted, on: date("2026-12-15"), actor: handler, now: now)

            let change = try await store.importCalendar(json: Self.notice2027, actor: Actor(name: "管理员", role: .admin))
            #expect(change.years == [2027])
            #expect(change.recomputed.map(\.0) == [intoNewYear.application.queryCode])
            // 20 working days after 2026-12-10 with 2027-01-01 off: 2027-01-08.
            let moved = try await store.requireApplication(code: intoNewYear.application.queryCode)
            #expect(moved.dueDate == "2027-01-08")
            let events = try await store.events(application: moved.id!)
            #expect(events.last?.kind == "dueDateRecomputed")
            #expect(events.last?.detail?.contains("无法计算 → 2027-01-08") == true)
            #expect(try await store.events(application: untouched.id!).count == 1)
            #expect(try await store.requireApplication(code: closed.queryCode).dueDate == closed.dueDate)
            #expect(try await store.events(application: closed.id!).count == 2)
        }
    }

    @Test func adHocDayOffMovesOpenApplicationsInItsWindow() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let app = try await store.receiveSimple("a", on: "2024-09-27") // due 2024-10-30 (C1)
            let before = try await store.receiveSimple("a", on: "2024-08-01", text: "八月的申请") // due in August/September
            let change = try await store.addDayOff(date("2024-10-15"), name: "本地停电闭馆", actor: Actor(name: "管理员", role: .admin))
            #expect(change.recomputed.map(\.0) == [app.queryCode])
            #expect(try await store.requireApplication(code: app.queryCode).dueDate == "2024-10-31")
            #expect(try await store.requireApplication(code: before.queryCode).dueDate == before.dueDate)
        }
    }

    /// The preview of a day off lists exactly the open applications it would move, with the due date `addDayOff` then
    /// writes, and changes nothing.
    @Test func dayOffPreviewListsTheMovedApplicationsAndChangesNothing() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            // Received Friday 2024-09-27; 20 working days on the 2024 notice (国办发明电〔2023〕7号): 9/29 (Sunday, 调休上班)
            // and 9/30 = 2, 国庆 10/1–10/7 off, 10/8–10/11 = 6, 10/12 (Saturday, 调休上班) = 7, 10/14–10/18 = 12,
            // 10/21–10/25 = 17, 10/28, 10/29, 10/30 = 20 → due Wednesday 2024-10-30.
            let app = try await store.receiveSimple("a", on: "2024-09-27")
            #expect(app.dueDate == "2024-10-30")
            // Received 2024-08-01: its 20 working days end in August, before the day off.
            let before = try await store.receiveSimple("a", on: "2024-08-01", text: "八月的申请")
            let eventsBefore = try await store.events(application: app.id!).count

            // Tuesday 2024-10-15 off: the 20th working day becomes Thursday 2024-10-31, one working day later.
            let preview = try await store.previewDayOff(date("2024-10-15"), name: "本地停电闭馆")
            #expect(preview.years == [2024])
            #expect(preview.moves == [.init(queryCode: app.queryCode, agencyCode: "a", agencyName: "某局", old: "2024-10-30", new: "2024-10-31", workingDays: 1)])
            // Nothing changed: the due dates, the application's events, the calendar, the event log.
            #expect(try await store.requireApplication(code: app.queryCode).dueDate == "2024-10-30")
            #expect(try await store.requireApplication(code: before.queryCode).dueDate == before.dueDate)
            #expect(try await store.events(application: app.id!).count == eventsBefore)
            #expect(try await store.workingCalendar().isWorkingDay(date("2024-10-15")))
            #expect(try await EventRecord.query(on: store.db).filter(\.$kind == "calendarChanged").count() == 0)
            #expect(try await CalendarEntryRecord.query(on: store.db).count() == 0)

            // The same checks as the change itself: a day that is already off is refused.
            await #expect(throws: StoreError.self) { try await store.previewDayOff(date("2024-10-01"), name: "重复") }

            // Confirmed: the due date written is the one previewed.
            let change = try await store.addDayOff(date("2024-10-15"), name: "本地停电闭馆", actor: Actor(name: "管理员", role: .admin))
            #expect(change.recomputed.map(\.0) == preview.moves.map(\.queryCode))
            #expect(try await store.requireApplication(code: app.queryCode).dueDate == preview.moves[0].new)
        }
    }

    /// The preview of a notice: the application running into the year without a notice gets its first due date.
    @Test func importPreviewListsTheApplicationsItMakesComputable() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let now = ISO8601DateFormatter().date(from: "2026-12-20T02:00:00Z")!
            let intoNewYear = try await store.receive(agencyCode: "a", applicant: ApplicantInput(kind: .naturalPerson, name: "王五"),
                                                      channel: .inPerson, text: "跨年申请", receivedDate: date("2026-12-10"), actor: registrar, now: now)
            _ = try await store.receiveSimple("a", on: "2026-05-06", text: "年中申请")
            let preview = try await store.previewImportCalendar(json: Self.notice2027, now: now)
            // 20 working days after Thursday 2026-12-10 with 2027-01-01 off: 12/11, 12/14–18, 12/21–25, 12/28–31 = 15,
            // 1/4–1/8 = 20 → 2027-01-08.
            #expect(preview.moves.map(\.queryCode) == [intoNewYear.application.queryCode])
            #expect(preview.moves.first?.old == nil && preview.moves.first?.new == "2027-01-08" && preview.moves.first?.workingDays == nil)
            #expect(try await store.requireApplication(code: intoNewYear.application.queryCode).dueDate == nil)
            #expect(try await CalendarEntryRecord.query(on: store.db).count() == 0)
            let change = try await store.importCalendar(json: Self.notice2027, actor: Actor(name: "管理员", role: .admin), now: now)
            #expect(change.recomputed.map(\.2) == preview.moves.map(\.new))
        }
    }

    @Test func malformedNoticeStoresNothing() async throws {
        try await withStore { (store: Store) async throws in
            let bad = Data(#"{"years": {"2027": {"holidays": [], "workdays": [{"date": "2027-01-05", "name": "调休"}]}}}"#.utf8)
            await #expect(throws: (any Error).self) { try await store.importCalendar(json: bad, actor: .system) }
            #expect(try await CalendarEntryRecord.query(on: store.db).count() == 0)
        }
    }
}
