import DisclosureRules
import DisclosureStore
import FluentKit
import Foundation
import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// Records applications through the store (receive → decide, each its own transactions, as staff would) on an
/// SQLite file in WAL mode, and prints applications/s. `--clients N` runs N such clients at once in the process (the
/// web platform's request handlers); their transactions are then committed in groups (`GroupCommit`). With `--ack` it prints "ack CODE" after each committed
/// application — the kill -9 test reads those lines, kills the process, and checks that every acknowledged one
/// survived.
enum StoreBenchmark {
    static func run(count: Int, clients: Int = 1, dbPath: String?, ack: Bool) async throws {
        let path = dbPath ?? FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-bench-\(getpid()).sqlite").path
        let store = executorInstalled
            ? try await Store.open(.sqliteFile(path), eventLoopGroup: MultiThreadedEventLoopGroup.singleton, ownsGroup: false)
            : try await Store.open(.sqliteFile(path))
        let code = "bench\(getpid())"
        if try await store.agency(code: code) == nil { try await store.addAgency(code: code, name: "基准测试局") }
        if ProcessInfo.processInfo.environment["GONGKAI_PROBE"] != nil {
            var t0 = Date()
            for _ in 0..<1000 { _ = try await store.agency(code: code) }
            print(String(format: "probe: select %.3f ms", Date().timeIntervalSince(t0)))
            t0 = Date()
            for _ in 0..<200 { try await store.transaction { tx in _ = try await AgencyRecord.query(on: tx).first() } }
            print(String(format: "probe: transaction+select %.3f ms", Date().timeIntervalSince(t0) * 5))
            t0 = Date()
            let cal = try await store.workingCalendar()
            for i in 0..<1000 { _ = try StatutoryClock(calendar: cal).explain(ClockInput(receiptDate: CalendarDate(iso: "2024-03-01")!.adding(days: i % 300))) }
            print(String(format: "probe: explain %.3f ms", Date().timeIntervalSince(t0)))
            print("executor installed: \(executorInstalled)")
            print(String(format: "probe: raw SELECT 1 %.3f ms", try await store.probeRawSelect(1000)))
            print(String(format: "probe: model select %.3f ms", try await store.probeModelSelect(1000, code: code)))
        }
        let registrar = Actor(name: "bench", role: .registrar), handler = Actor(name: "bench", role: .handler)
        let kinds = ApplicantKind.allCases
        let outcomes = Outcome.allCases.filter { $0 != .other1 && $0 != .other2 }
        let start = Date()
        // `clients` staff (or request handlers) working at the same time, each one application after another.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask {
                    for i in stride(from: client, to: count, by: clients) {
                        let received = CalendarDate(dayNumber: CalendarDate(iso: "2024-01-02")!.dayNumber + i % 360)
                        let r = try await store.receive(agencyCode: code, applicant: ApplicantInput(kind: kinds[i % kinds.count], name: "申请人\(i % 500)"),
                                                        channel: .online, text: "基准测试申请第\(i)号", receivedDate: received, actor: registrar)
                        try await store.decide(code: r.application.queryCode, outcome: outcomes[i % outcomes.count], on: received.adding(days: 5),
                                               actor: handler)
                        if ack { FileHandle.standardOutput.write(Data("ack \(r.application.queryCode)\n".utf8)) }
                    }
                }
            }
            try await group.waitForAll()
        }
        let t = Date().timeIntervalSince(start)
        await store.close()
        if !ack {
            print(String(format: "store: %d applications received and decided by %d client%@ in %.2f s = %.0f applications/s (SQLite file, WAL)",
                         count, clients, clients == 1 ? "" : "s", t, Double(count) / t))
            if dbPath == nil { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        }
    }
}
