@testable import DisclosureStore
import DisclosureRules
import FluentKit
import Foundation
import SQLKit
import Testing

/// Transactions submitted at the same moment are committed together (GroupCommit); each caller must still get
/// exactly what it would have got alone. A first transaction that waits inside holds the writer, so the ones started
/// meanwhile are certain to form one group.
@Suite(.serialized) struct GroupCommitTests {
    /// Starts a transaction that keeps the writer busy for a moment, then runs `work` while it does.
    func whileTheWriterIsBusy<T: Sendable>(_ store: Store, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        async let blocker: Void = store.transaction { _ in try await Task.sleep(nanoseconds: 300_000_000) }
        try await Task.sleep(nanoseconds: 50_000_000)
        let result = try await work()
        try await blocker
        return result
    }

    @Test func concurrentApplicationsAreAllCommittedWithTheirEvents() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            _ = try await store.receiveSimple("a", on: "2024-09-02") // loads the agency and calendar caches
            let codes = try await whileTheWriterIsBusy(store) {
                try await withThrowingTaskGroup(of: String.self) { group in
                    for i in 0..<30 {
                        group.addTask {
                            let r = try await store.receive(agencyCode: "a", applicant: ApplicantInput(kind: .naturalPerson, name: "申请人\(i)"),
                                                            channel: .online, text: "申请\(i)", receivedDate: date("2024-09-02"), actor: registrar)
                            // deadlines.md C2: received Mon 2024-09-02 → due 2024-09-30.
                            #expect(r.application.dueDate == "2024-09-30")
                            try await store.decide(code: r.application.queryCode, outcome: .granted, on: date("2024-09-10"), actor: handler)
                            return r.application.queryCode
                        }
                    }
                    return try await group.reduce(into: [String]()) { $0.append($1) }
                }
            }
            #expect(store.groupCommit.largestGroup >= 10)
            #expect(Set(codes).count == 30)
            let apps = try await store.applications(agencyCode: "a", asOf: date("2024-12-31")).filter { codes.contains($0.queryCode) }
            #expect(apps.count == 30)
            #expect(apps.allSatisfy { $0.state == ApplicationState.decided.rawValue && $0.outcome == Outcome.granted.rawValue })
            for app in apps {
                #expect(try await store.events(application: app.id!).map(\.kind) == ["applicationReceived", "decided"])
            }
        }
    }

    @Test func aBodyThatFailsInAGroupLeavesNothingAndSparesTheOthers() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            var codes: [String] = []
            for i in 0..<8 { codes.append(try await store.receiveSimple("a", on: "2024-09-02", name: "申请人\(i)", text: "申请\(i)").queryCode) }
            let all = codes
            let outcomes: [String: String] = try await whileTheWriterIsBusy(store) {
                try await withThrowingTaskGroup(of: (String, String).self) { group in
                    for (i, code) in all.enumerated() {
                        group.addTask {
                            do {
                                // Every third one by a registrar, who may not decide (a lifecycle error, nothing written).
                                try await store.decide(code: code, outcome: .granted, on: date("2024-09-10"), actor: i % 3 == 0 ? registrar : handler)
                                return (code, "ok")
                            } catch { return (code, "\(error)") }
                        }
                    }
                    group.addTask {
                        // Writes an event, then fails: the event must not survive.
                        do {
                            try await store.transaction { tx in
                                try await EventLog.append(.calendarChanged, on: tx, actor: .system, at: Date(), detail: "应被回滚")
                                throw StoreError.invalid("故意失败")
                            }
                            return ("body", "ok")
                        } catch { return ("body", "\(error)") }
                    }
                    return try await group.reduce(into: [String: String]()) { $0[$1.0] = $1.1 }
                }
            }
            #expect(store.groupCommit.largestGroup >= 9)
            #expect(outcomes["body"] == "故意失败")
            let rolledBack = try await EventRecord.query(on: store.db).filter(\.$detail == "应被回滚").count()
            #expect(rolledBack == 0)
            for (i, code) in all.enumerated() {
                let app = try await store.requireApplication(code: code)
                let kinds = try await store.events(application: app.id!).map(\.kind)
                if i % 3 == 0 {
                    #expect(outcomes[code] == "\(LifecycleError.roleNotAllowed(action: .decided, role: .registrar))")
                    #expect(app.state == ApplicationState.inProgress.rawValue && kinds == ["applicationReceived"])
                } else {
                    #expect(outcomes[code] == "ok")
                    #expect(app.state == ApplicationState.decided.rawValue && kinds == ["applicationReceived", "decided"])
                }
            }
        }
    }

    @Test func aGroupThatCannotCommitIsWrittenOneByOne() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            // Loads the agency and calendar caches: receiving then reads nothing before its transaction.
            let first = try await store.receiveSimple("a", on: "2024-09-02").queryCode
            let outcomes: [String] = try await whileTheWriterIsBusy(store) {
                try await withThrowingTaskGroup(of: String.self) { group in
                    for i in 0..<6 {
                        group.addTask {
                            let r = try await store.receive(agencyCode: "a", applicant: ApplicantInput(kind: .naturalPerson, name: "申请人\(i)"),
                                                            channel: .online, text: "申请\(i)", receivedDate: date("2024-09-02"), actor: registrar)
                            return r.application.queryCode
                        }
                    }
                    group.addTask {
                        // A write that the database refuses only when the group is waited for.
                        do {
                            try await store.transaction { tx in
                                try await ModelSQL.pipeline([SQLRaw("INSERT INTO no_such_table (x) VALUES (1)")], on: tx)
                            }
                            return "stored"
                        } catch { return "refused" }
                    }
                    return try await group.reduce(into: [String]()) { $0.append($1) }
                }
            }
            #expect(store.groupCommit.largestGroup >= 7)
            #expect(outcomes.filter { $0 == "refused" }.count == 1)
            #expect(!outcomes.contains("stored"))
            // The six new applications are stored once each (the group was rolled back and each written again alone).
            let apps = try await store.applications(agencyCode: "a", asOf: date("2024-12-31"))
            #expect(apps.count == 7)
            #expect(Set(apps.map(\.queryCode)) == Set(outcomes.filter { $0 != "refused" } + [first]))
            let received = try await EventRecord.query(on: store.db).filter(\.$kind == EventKind.applicationReceived.rawValue).count()
            #expect(received == 7)
        }
    }

    @Test func anErrorMentioningBusyIsNotTakenForABusyDatabase() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            // The message carries the code the user typed; only SQLite's own busy/locked codes are retried.
            await #expect(throws: StoreError.notFound("申请“busy”不存在（请核对查询码）")) {
                try await store.decide(code: "busy", outcome: .granted, on: date("2024-09-10"), actor: handler)
            }
            #expect(!Store.isBusy(StoreError.notFound("database is locked")))
        }
    }

    @Test func anActionAfterACalendarChangeInTheSameGroupUsesTheNewCalendar() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let app = try await store.receiveSimple("a", on: "2024-09-02")
            #expect(app.dueDate == "2024-09-30")
            let extended: ApplicationRecord = try await whileTheWriterIsBusy(store) {
                // (What `addDayOff` writes, without its check outside the transaction, which would wait for the writer.)
                async let change = store.changeCalendar(actor: .system, now: Date(), years: [2024], detail: "增加休息日") { tx in
                    try await Store.entry(2024, NamedDay(date: date("2024-09-10"), name: "临时休息日"), "day-off").create(on: tx)
                }
                try await Task.sleep(nanoseconds: 30_000_000) // queued after the calendar change
                let e = try await store.extend(code: app.queryCode, days: 5, on: date("2024-09-20"), actor: head)
                _ = try await change
                return e
            }
            // 25 working days after Mon 2024-09-02 is Sat 10/12 (a make-up workday); the added day off moves it to 10/14.
            #expect(extended.dueDate == "2024-10-14")
            #expect(try await store.requireApplication(code: app.queryCode).dueDate == "2024-10-14")
        }
    }

    @Test func aCalendarChangeByAnotherProcessIsSeen() async throws {
        // Two stores on one database stand for two processes (a server and `gongkai calendar day-off`).
        let configuration: StoreConfiguration
        var file: String?
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty { configuration = .postgres(url) } else {
            file = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-two-\(UUID().uuidString).sqlite").path
            configuration = .sqliteFile(file!)
        }
        let server = try await Store.open(configuration)
        if case .postgres = configuration { try await server.revertAll(); try await server.prepare() }
        let admin = try await Store.open(configuration)
        do {
            try await server.addAgency(code: "a", name: "某局")
            #expect(try await server.receiveSimple("a", on: "2024-09-02").dueDate == "2024-09-30") // the server caches the calendar
            _ = try await admin.addDayOff(date("2024-09-10"), name: "临时休息日", actor: .system)
            // One working day more: the 21st after Mon 2024-09-02 falls after the National Day holiday, on 10/8.
            #expect(try await server.receiveSimple("a", on: "2024-09-02", name: "李四").dueDate == "2024-10-08")
            #expect(try await server.workingCalendar().isWorkingDay(date("2024-09-10")) == false)
        } catch {
            await server.close(); await admin.close()
            throw error
        }
        await server.close(); await admin.close()
        if let file { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
    }
}
