@testable import DisclosureStore
import DisclosureRules
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

    @Test func malformedNoticeStoresNothing() async throws {
        try await withStore { (store: Store) async throws in
            let bad = Data(#"{"years": {"2027": {"holidays": [], "workdays": [{"date": "2027-01-05", "name": "调休"}]}}}"#.utf8)
            await #expect(throws: (any Error).self) { try await store.importCalendar(json: bad, actor: .system) }
            #expect(try await CalendarEntryRecord.query(on: store.db).count() == 0)
        }
    }
}
