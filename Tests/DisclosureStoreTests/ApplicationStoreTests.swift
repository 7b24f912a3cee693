@testable import DisclosureStore
import DisclosureRules
import FluentKit
import Foundation
import Testing

@Suite(.serialized) struct ApplicationStoreTests {
    @Test func receiveComputesDueDateAndLogsEvents() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "fgw", name: "某市发展和改革委员会")
            // deadlines.md C1: received Fri 2024-09-27 → due 2024-10-30.
            let app = try await store.receiveSimple("fgw", on: "2024-09-27")
            #expect(app.dueDate == "2024-10-30")
            #expect(app.state == ApplicationState.inProgress.rawValue)
            #expect(app.queryCode.count == 10)
            let decided = try await store.decide(code: app.queryCode, outcome: .granted, on: date("2024-10-10"), actor: handler)
            #expect(decided.state == ApplicationState.decided.rawValue)
            let events = try await store.events(application: app.id!)
            #expect(events.map(\.kind) == ["applicationReceived", "decided"])
            #expect(events[1].before?.contains("\"state\":\"in-progress\"") == true)
            #expect(events[1].after?.contains("\"outcome\":\"granted\"") == true)
            #expect(events[1].actor == "承办人乙" && events[1].role == "handler")
            // Personal identifiers never enter the event log.
            #expect(!events.contains { ($0.after ?? "").contains("110101199001011237") || ($0.after ?? "").contains("13800000000") })
        }
    }

    @Test func roleWithoutRightChangesNothing() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let app = try await store.receiveSimple("a", on: "2024-09-02")
            await #expect(throws: LifecycleError.roleNotAllowed(action: .extensionGranted, role: .handler)) {
                try await store.extend(code: app.queryCode, days: 10, on: date("2024-09-20"), actor: handler)
            }
            await #expect(throws: LifecycleError.roleNotAllowed(action: .decided, role: .registrar)) {
                try await store.decide(code: app.queryCode, outcome: .granted, on: date("2024-09-10"), actor: registrar)
            }
            let again = try await store.requireApplication(code: app.queryCode)
            #expect(again.state == ApplicationState.inProgress.rawValue)
            #expect(again.extensionDays == 0)
            #expect(try await store.events(application: app.id!).map(\.kind) == ["applicationReceived"])
        }
    }

    @Test func statutoryClockThroughTheStore() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            // C11: consultation 2024-09-09 → reply 2024-09-20: due 2024-10-16.
            let c11 = try await store.receiveSimple("a", on: "2024-09-02")
            try await store.startConsultation(code: c11.queryCode, kind: .thirdParty, sent: date("2024-09-09"), actor: handler)
            let replied = try await store.consultationReplied(code: c11.queryCode, replied: date("2024-09-20"), actor: registrar)
            #expect(replied.dueDate == "2024-10-16")
            // C10: correction received 2024-09-23 restarts the clock: due 2024-10-24.
            let c10 = try await store.receiveSimple("a", on: "2024-09-02", text: "另一项申请")
            try await store.requestCorrection(code: c10.queryCode, on: date("2024-09-05"), actor: handler)
            let corrected = try await store.correctionReceived(code: c10.queryCode, on: date("2024-09-23"), actor: registrar)
            #expect(corrected.dueDate == "2024-10-24")
            #expect(corrected.clockStart == "2024-09-23")
            // C12: C1 extended by 20 → 2024-11-27; a second extension is refused.
            let c1 = try await store.receiveSimple("a", on: "2024-09-27", text: "第三项申请")
            let extended = try await store.extend(code: c1.queryCode, days: 20, on: date("2024-10-15"), actor: head)
            #expect(extended.dueDate == "2024-11-27")
            await #expect(throws: (any Error).self) { try await store.extend(code: c1.queryCode, days: 5, on: date("2024-10-16"), actor: head) }
            #expect(try await store.requireApplication(code: c1.queryCode).extensionDays == 20)
        }
    }

    @Test func duplicatesAreFlagged() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let first = try await store.receiveSimple("a", on: "2024-09-02", text: "请公开　2024年 预算。")
            let second = try await store.receive(agencyCode: "a", applicant: ApplicantInput(kind: .naturalPerson, name: "张三", idNumber: "110101199001011237"),
                                                 channel: .online, text: "请公开2024年预算", receivedDate: date("2024-09-20"), actor: registrar)
            #expect(second.duplicateOf == first.queryCode)
            #expect(try await store.events(application: second.application.id!).map(\.kind) == ["applicationReceived", "duplicateFlagged"])
            // A repeat after the decision is recorded as 重复申请 (条例第三十六条第六项 → 表三（五）2).
            let d = try await store.decide(code: second.application.queryCode, outcome: .notProcessed2, on: date("2024-09-25"), actor: handler)
            #expect(d.outcome == "notProcessed.2")
            let other = try await store.receiveSimple("a", on: "2024-09-21", name: "李四", text: "请公开2024年预算")
            #expect(other.duplicateOf == nil)
        }
    }

    @Test func feesAndAbandonment() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let app = try await store.receiveSimple("a", on: "2024-09-02")
            // 250 pages → 4700 元 (deadlines.md fee table).
            let (_, notice) = try await store.sendFeeNotice(code: app.queryCode, basis: .perVolume(pages: 250), noticeReceived: date("2024-09-05"), actor: handler)
            #expect(notice.amountYuan == 4700)
            let lapsed = try await store.feeLapsed(code: app.queryCode, on: date(notice.payBy).adding(days: 1), actor: handler)
            #expect(lapsed.outcome == "other.2")
            #expect(lapsed.state == ApplicationState.decided.rawValue)
        }
    }

    @Test func sameNameWithoutIdentifierIsAnotherPerson() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            for i in 0..<10 {
                _ = try await store.receive(agencyCode: "a", applicant: ApplicantInput(kind: .naturalPerson, name: "郑某", idNumber: "110101199001013339"),
                                            channel: .online, text: "申请\(i)", receivedDate: date("2024-09-02"), actor: registrar)
            }
            let other = try await store.receive(agencyCode: "a", applicant: ApplicantInput(kind: .naturalPerson, name: "郑某"),
                                                channel: .online, text: "另一人的申请", receivedDate: date("2024-09-03"), actor: registrar)
            // 按件计收 counts the same applicant's applications only: this one is the 1st of its month → free.
            await #expect(throws: StoreError.self) {
                try await store.sendFeeNotice(code: other.application.queryCode, basis: nil, noticeReceived: date("2024-09-05"), actor: handler)
            }
            #expect(try await ApplicantRecord.query(on: store.db).count() == 2)
        }
    }

    @Test func unansweredConsultationDoesNotStopTheClockForever() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let app = try await store.receiveSimple("a", on: "2024-09-02")
            // The third party has 15 working days (条例第三十二条): at most 09-10…09-30 (15 working days, 09-14 a
            // make-up Saturday) are excluded, so the latest due date is 20 + 15 working days after receipt.
            let consulting = try await store.startConsultation(code: app.queryCode, kind: .thirdParty, sent: date("2024-09-09"), actor: handler)
            let calendar = try await store.workingCalendar()
            let expected = try calendar.addingWorkingDays(35, to: date("2024-09-02"))
            #expect(consulting.dueDate == expected.description)
            let overdue = try await store.applications(agencyCode: "a", overdueOnly: true, asOf: expected.adding(days: 1))
            #expect(overdue.map(\.queryCode) == [app.queryCode])
        }
    }

    @Test func futureAndOutOfOrderDatesAreRefused() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let now = ISO8601DateFormatter().date(from: "2024-10-01T04:00:00Z")!
            await #expect(throws: InputError.self) {
                try await store.receive(agencyCode: "a", applicant: ApplicantInput(kind: .naturalPerson, name: "甲", phone: "13900000001"), channel: .inPerson,
                                        text: "x", receivedDate: date("2024-12-01"), actor: registrar, now: now)
            }
            let app = try await store.receive(agencyCode: "a", applicant: ApplicantInput(kind: .naturalPerson, name: "甲", phone: "13900000001"), channel: .inPerson,
                                              text: "x", receivedDate: date("2024-09-02"), actor: registrar, now: now).application
            await #expect(throws: InputError.self) {
                try await store.decide(code: app.queryCode, outcome: .granted, on: date("2027-03-01"), actor: handler, now: now)
            }
            try await store.requestCorrection(code: app.queryCode, on: date("2024-09-05"), actor: handler, now: now)
            await #expect(throws: InputError.self) {
                try await store.correctionReceived(code: app.queryCode, on: date("2024-09-03"), actor: registrar, now: now)
            }
            #expect(try await store.requireApplication(code: app.queryCode).state == ApplicationState.awaitingCorrection.rawValue)
            await #expect(throws: StoreError.self) {
                try await store.addAppeal(agencyCode: "a", kind: .litigationDirect, filed: date("2024-09-10"), asCoDefendant: true, actor: handler, now: now)
            }
        }
    }

    @Test func appealConcludedLater() async throws {
        try await withStore { (store: Store) async throws in
            let agency = try await store.addAgency(code: "a", name: "某局")
            let appeal = try await store.addAppeal(agencyCode: "a", kind: .reconsideration, filed: date("2023-03-01"), actor: handler)
            var c = try await ReportCounts.query(store, agencyID: agency.id!, year: 2023)
            #expect(Array(c.table4[0..<5]) == [0, 0, 0, 1, 1])
            try await store.concludeAppeal(agencyCode: "a", id: String(appeal.id!.uuidString.prefix(8)), result: .corrected, on: date("2023-06-01"), actor: handler)
            c = try await ReportCounts.query(store, agencyID: agency.id!, year: 2023)
            #expect(Array(c.table4[0..<5]) == [0, 1, 0, 0, 1])
        }
    }
}
