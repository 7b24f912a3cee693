import DisclosureReaders
import DisclosureRules
import DisclosureStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `gongkai-bench ledger [--rows N] [--db FILE]`: a ledger of N rows (default 100,000) written as CSV, imported with
/// Debian's `sqlite3 .import` into a plain table (the floor: no checks, no events) and through `gongkai import
/// ledger`'s path (streamed CSV, every row checked, applications with due dates, events, all in one transaction) into
/// a fresh SQLite file; prints both times, their ratio and the peak memory of this process after the import.
enum LedgerBenchmark {
    static func run(rows: Int, dbPath: String?) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-ledger-bench-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("ledger.csv")
        try write(rows: rows, to: csv)
        let size = (try FileManager.default.attributesOfItem(atPath: csv.path)[.size] as? Int) ?? 0
        print(String(format: "ledger: %d rows, %.1f MB CSV", rows, Double(size) / 1_000_000))

        // The floor: sqlite3's own CSV import into one table, no checks.
        var floor: Double?
        if let sqlite3 = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: sqlite3)
            p.arguments = [dir.appendingPathComponent("floor.sqlite").path, ".import --csv \(csv.path) ledger"]
            let start = Date()
            try p.run()
            p.waitUntilExit()
            floor = Date().timeIntervalSince(start)
            print(String(format: "sqlite3 .import: %.2f s", floor!))
        } else {
            print("sqlite3 .import: not measured (install Debian's sqlite3)")
        }

        let path = dbPath ?? dir.appendingPathComponent("gongkai.sqlite").path
        let store = try await Store.open(.sqliteFile(path))
        let code = "ledger\(getpid())"
        try await store.addAgency(code: code, name: "台账基准测试局")
        let rssBefore = peakRSSMiB()
        let start = Date()
        let result = try await store.importLedger(file: csv.path, agencyCode: code, actor: Actor(name: "bench", role: .registrar)) {
            let reader = try Spreadsheet.rowReader(url: csv)
            return reader.next
        }
        let t = Date().timeIntervalSince(start)
        await store.close()
        print(String(format: "gongkai import ledger: %d applications (%d decided) in %.2f s = %.0f rows/s%@; peak RSS %.1f MiB (%.1f MiB before the import)",
                     result.imported, result.decided, t, Double(rows) / t,
                     floor.map { String(format: ", %.1f× sqlite3 .import", t / $0) } ?? "", peakRSSMiB(), rssBefore))
        // SQLite's own share: the rows just written, replayed by sqlite3 into an empty copy of Gongkai's schema (every
        // table and index in place, as the import writes into them), in one transaction.
        if dbPath == nil, let sqlite3 = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            func shell(_ command: String) throws -> Double {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: "/bin/sh")
                p.arguments = ["-c", command]
                let start = Date()
                try p.run()
                p.waitUntilExit()
                return Date().timeIntervalSince(start)
            }
            let fresh = dir.appendingPathComponent("replay.sqlite").path, dump = dir.appendingPathComponent("rows.sql").path
            _ = try shell("\(sqlite3) \(path) .schema | \(sqlite3) \(fresh)")
            _ = try shell("\(sqlite3) \(path) '.dump --data-only applicants applications events' > \(dump)")
            let replay = try shell("(echo 'PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; BEGIN;'; cat \(dump); echo 'COMMIT;') | \(sqlite3) \(fresh) > /dev/null")
            print(String(format: "sqlite3 replaying the same rows into Gongkai's tables and indexes: %.2f s (the import is %.1f× that)", replay, t / replay))
        }
    }

    /// A ledger as agencies keep it: every kind, channel and outcome, about one row in five still open.
    static func write(rows: Int, to url: URL) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let h = try FileHandle(forWritingTo: url)
        defer { try? h.close() }
        let kinds = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
        let channels = ["当面", "信函", "网络", "传真"]
        let outcomes = Outcome.allCases.filter { $0 != .other1 && $0 != .other2 }.map(\.label)
        var chunk = "收到日期,申请渠道,申请人类型,申请人,申请内容,办理结果,答复日期\n"
        let first = CalendarDate(iso: "2021-01-04")!
        for i in 0..<rows {
            let received = CalendarDate(dayNumber: first.dayNumber + i % 1400)
            let open = i % 5 == 0
            chunk += "\(received),\(channels[i % 4]),\(kinds[i % 6]),申请人\(i),请公开本机关第\(i)号文件及其附件,"
            chunk += open ? ",\n" : "\"\(outcomes[i % outcomes.count])\",\(received.adding(days: 10 + i % 9))\n"
            if chunk.utf8.count > 1 << 20 { h.write(Data(chunk.utf8)); chunk = "" }
        }
        h.write(Data(chunk.utf8))
    }
}
