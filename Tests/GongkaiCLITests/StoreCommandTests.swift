import Foundation
import Testing

/// The staff commands end to end. On SQLite each test has its own file; with DATABASE_URL set (CI's PostgreSQL
/// run) the commands use that database, so agency codes are unique per test.
@Suite(.serialized) struct CLIStoreTests {
    func dbArgs() throws -> [String] {
        if ProcessInfo.processInfo.environment["DATABASE_URL"]?.isEmpty == false { return [] }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-clistore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return ["--db", dir.appendingPathComponent("t.sqlite").path]
    }

    func code(_ out: String) -> String? {
        guard let r = out.range(of: "查询码 ") else { return nil }
        return String(out[r.upperBound...].prefix(10))
    }

    @Test func receiveDecideListAndCounts() throws {
        let db = try dbArgs()
        let agency = "cli" + UUID().uuidString.prefix(8).lowercased()
        #expect(try CLI.run(["agency", "add", agency, "某市发展和改革委员会"] + db).status == 0)
        // 条例第三十一条: online submission at 23:30 UTC is the next day in Asia/Shanghai; C1 gives the due date.
        let r = try CLI.run(["application", "receive", "--agency", agency, "--kind", "自然人", "--name", "张三", "--id-number", "110101199001011237",
                             "--phone", "13800000000", "--channel", "online", "--submitted", "2024-09-26T23:30:00Z", "--text", "请公开2024年部门预算"] + db)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("收到申请之日 2024-09-27"))
        #expect(r.out.contains("答复期限 2024-10-30"))
        let c = try #require(code(r.out))

        let overdue = try CLI.run(["application", "list", "--agency", agency, "--overdue", "--as-of", "2024-11-01"] + db)
        #expect(overdue.out.contains(c))
        let notYet = try CLI.run(["application", "list", "--agency", agency, "--overdue", "--as-of", "2024-10-30"] + db)
        #expect(!notYet.out.contains(c))

        // A handler may not extend (条例第三十三条: the head of the office approves): error, nothing changes.
        let denied = try CLI.run(["application", "extend", c, "--days", "20", "--role", "handler"] + db)
        #expect(denied.status == 1)
        #expect(denied.err.contains("无权"))
        #expect(try CLI.run(["application", "extend", c, "--days", "20", "--date", "2024-10-15", "--role", "head"] + db).out.contains("2024-11-27"))

        let decided = try CLI.run(["application", "decide", c, "--outcome", "partlyGranted", "--date", "2024-11-01"] + db)
        #expect(decided.status == 0, "\(decided.err)")
        let show = try CLI.run(["application", "show", c, "--json"] + db)
        // Personal identifiers never appear in output.
        #expect(!show.out.contains("110101199001011237") && !show.out.contains("13800000000"))
        #expect(show.out.contains("\"applicant\" : \"张*\""))
        #expect(show.out.contains("extensionGranted"))

        let counts = try CLI.run(["report", "counts", "--agency", agency, "--year", "2024", "--json"] + db)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(counts.out.utf8)) as? [String: Any])
        let rows = try #require(obj["table3"] as? [[String: Any]])
        #expect(rows.first { $0["id"] as? String == "partlyGranted" }?["cells"] as? [Int] == [1, 0, 0, 0, 0, 0, 1])
        #expect((obj["findings"] as? [String])?.isEmpty == true)
    }

    @Test func ledgerImportReportsBadRowsAndStoresNothing() throws {
        let db = try dbArgs()
        let agency = "led" + UUID().uuidString.prefix(8).lowercased()
        #expect(try CLI.run(["agency", "add", agency, "某县教育局"] + db).status == 0)
        let bad = "收到日期,申请人类型,申请人,申请渠道,申请内容,办理结果,答复日期\n" +
            "2024-03-01,自然人,张三,网络,请公开招生计划,予以公开,2024-03-10\n" +
            "2024-03-02,个体户,李四,网络,请公开预算,予以公开,2024-03-12\n" +
            "2024/3/5,商业企业,某公司,信函,请公开采购合同,部分公开,2024-02-01\n"
        let file = try CLI.temp("ledger.csv", Data(bad.utf8))
        let r = try CLI.run(["import", "ledger", file.path, "--agency", agency] + db)
        #expect(r.status == 1)
        #expect(r.err.contains("第3行“申请人类型”列"))
        #expect(r.err.contains("第4行“答复日期”列"))
        #expect(try CLI.run(["application", "list", "--agency", agency] + db).out.contains("没有申请"))

        let good = bad.replacingOccurrences(of: "个体户", with: "自然人").replacingOccurrences(of: "2024-02-01", with: "2024-03-20")
        let file2 = try CLI.temp("ledger.csv", Data(good.utf8))
        let ok = try CLI.run(["import", "ledger", file2.path, "--agency", agency] + db)
        #expect(ok.status == 0, "\(ok.err)")
        #expect(ok.out.contains("已导入 3 件"))
    }
}

/// Two staff saving at the same moment on the SQLite file: both succeed (the store retries a busy database).
@Suite struct ConcurrentWriteTests {
    @Test func parallelReceivesAllSucceed() throws {
        guard ProcessInfo.processInfo.environment["DATABASE_URL"]?.isEmpty != false else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-conc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("c.sqlite").path
        #expect(try CLI.run(["agency", "add", "a", "某局", "--db", db]).status == 0)
        let bin = try #require(CLI.binary)
        var procs: [Process] = []
        for i in 0..<12 {
            let p = Process()
            p.executableURL = bin
            p.arguments = ["application", "receive", "--db", db, "--agency", "a", "--kind", "自然人", "--name", "申请人\(i)",
                           "--channel", "in-person", "--received", "2024-09-02", "--text", "并发申请\(i)"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            procs.append(p)
        }
        for p in procs { p.waitUntilExit() }
        #expect(procs.allSatisfy { $0.terminationStatus == 0 })
        let list = try CLI.run(["application", "list", "--agency", "a", "--db", db])
        #expect(list.out.contains("共 12 件"))
    }
}
