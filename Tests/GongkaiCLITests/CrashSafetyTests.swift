import Foundation
import Testing

/// Kill -9 in the middle of a batch of writes: every application the process acknowledged is still there, and
/// the SQLite file (WAL mode) opens cleanly.
@Suite struct CrashSafetyTests {
    static var bench: URL? { CLI.binary.map { $0.deletingLastPathComponent().appendingPathComponent("gongkai-bench") } }

    /// One client, and eight at once (their transactions committed in groups): an acknowledgement is printed only after
    /// the application's answer is committed.
    @Test(arguments: [1, 8]) func killNineLosesNothingAcknowledged(clients: Int) async throws {
        let bench = try #require(Self.bench)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("crash.sqlite").path

        let p = Process()
        p.executableURL = bench
        p.arguments = ["store", "--count", "100000", "--clients", String(clients), "--db", db, "--ack"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Read acknowledgements until a few hundred are in, then kill -9 mid-batch.
        var acked: [String] = []
        var buffer = Data()
        let handle = out.fileHandleForReading
        while acked.count < 300 {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let nl = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[buffer.startIndex..<nl], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...nl)
                if line.hasPrefix("ack ") { acked.append(String(line.dropFirst(4))) }
            }
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)
        #expect(acked.count >= 300)

        // Reopen through the CLI (migrations check, WAL recovery) and look for every acknowledged code.
        let list = try CLI.run(["application", "list", "--db", db, "--json"])
        #expect(list.status == 0, "\(list.err)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.out.utf8)) as? [[String: Any]])
        // Acknowledged = received and decided: both are there.
        let decided = Set(rows.filter { $0["decidedDate"] is String }.compactMap { $0["queryCode"] as? String })
        let missing = acked.filter { !decided.contains($0) }
        #expect(missing.isEmpty, "lost acknowledged applications: \(missing.prefix(5))")
        // And the file passes SQLite's own integrity check.
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["sqlite3", db, "PRAGMA integrity_check;"]
        let o = Pipe()
        check.standardOutput = o
        if (try? check.run()) != nil {
            check.waitUntilExit()
            let text = String(decoding: o.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            if check.terminationStatus == 0 { #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == "ok") }
        }
    }
}
