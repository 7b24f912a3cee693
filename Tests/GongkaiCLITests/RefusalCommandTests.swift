import Foundation
import Testing

/// Issue 8 through the CLI: no input crashes the process, and every refusal says what was refused.
@Suite struct ExtremeInputTests {
    /// A working set-up: an agency `x`, an open application, a pending appeal, a ledger, a notice, a text file.
    struct Fixture {
        let dir: URL
        let db: String
        let code: String
        let appeal: String
        let files: [String: String]

        static func make() throws -> Fixture {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-extreme-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let db = dir.appendingPathComponent("base.sqlite").path
            #expect(try CLI.run(["agency", "add", "x", "某市发展和改革委员会", "--db", db]).status == 0)
            let r = try CLI.run(["application", "receive", "--agency", "x", "--kind", "自然人", "--name", "张三", "--channel", "in-person",
                                 "--text", "请公开2024年部门预算", "--received", "2024-09-02", "--db", db])
            let code = try #require(r.out.range(of: "查询码 ").map { String(r.out[$0.upperBound...].prefix(10)) }, "\(r.err)")
            #expect(try CLI.run(["appeal", "add", "--agency", "x", "--kind", "reconsideration", "--filed", "2024-05-06", "--db", db]).status == 0)
            let list = try CLI.run(["appeal", "list", "--agency", "x", "--db", db])
            let appeal = try #require(list.out.split(separator: "\n").dropFirst().first.map { String($0.prefix(8)) })
            var files: [String: String] = [:]
            func file(_ name: String, _ text: String) throws {
                let u = dir.appendingPathComponent(name)
                try Data(text.utf8).write(to: u)
                files[name] = u.path
            }
            try file("ledger.csv", "收到日期,申请人类型,申请人,申请内容\n2024-03-04,自然人,李四,请公开预算\n")
            try file("notice.json", #"{"years": {"2026": {"holidays": [{"date": "2026-01-01", "name": "元旦"}]}}}"#)
            try file("section.txt", "本年度总体情况。")
            try file("attachment.pdf", "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
            try file("catalogue.csv", "索引号,标题,信息类别,成文日期,发布日期\nJX-1,某办法,1,2024-01-05,2024-01-09\n")
            try file("decisions.csv", "月份,行政许可,行政处罚,收费金额（万元）\n1,3,1,0.5\n")
            files["report"] = CLI.samples.appendingPathComponent("zhongwei-gxj-2020.txt").path
            files["out"] = dir.appendingPathComponent("out.html").path
            return Fixture(dir: dir, db: db, code: code, appeal: appeal, files: files)
        }
    }

    /// A valid invocation of every command; each of its options and arguments is then replaced by extreme values.
    static func bases(_ f: Fixture) -> [String: [String]] {
        [
            "compare": [f.files["report"]!, CLI.samples.appendingPathComponent("pingtan-2021.html").path, "--json", "--all",
                        "--html", f.files["out"]! + ".compare.html", "--xlsx", f.files["out"]! + ".compare.xlsx"],
            "region": [f.files["report"]!, "--year", "2020", "--sort", "received", "--csv", f.files["out"]! + ".csv", "--xlsx", f.files["out"]! + ".xlsx"],
            "audit": [f.files["report"]!, "--previous", f.files["report"]!, "--format", "2019", "--agency-kind", "department",
                      "--max-mb", "10", "--timeout", "5", "--max-redirects", "2"],
            // Refused by the guard (loopback) unless GONGKAI_FETCH_ALLOW allows it: no network is reached.
            "fetch": ["http://127.0.0.1:9/report.html", "--out", f.files["out"]!, "--max-mb", "10", "--timeout", "5", "--max-redirects", "2"],
            "agency add": ["y", "某市教育局", "--parent", "x", "--time-zone", "Asia/Shanghai", "--kind", "department", "--by", "甲", "--role", "admin"],
            "agency list": [],
            "agency letter-template": ["x", "--kind", "decision", "--file", f.files["section.txt"]!, "--by", "甲", "--role", "head"],
            "application receive": ["--agency", "x", "--kind", "自然人", "--name", "王五", "--id-number", "110101199001011237", "--id-type", "resident-id",
                                    "--phone", "13900000001", "--address", "某路1号", "--email", "a@b.cn", "--channel", "online",
                                    "--text", "请公开", "--submitted", "2024-09-26T23:30:00Z", "--confirmed", "2024-09-27T01:00:00Z"],
            "application correct": [f.code, "--requested", "2024-09-05"],
            "application consult": [f.code, "--sent", "2024-09-05", "--kind", "third-party"],
            "application extend": [f.code, "--days", "20", "--role", "head"],
            "application fee": [f.code, "--notice", "2024-09-10", "--pages", "100"],
            "application decide": [f.code, "--outcome", "granted", "--date", "2024-09-20"],
            "application letter": [f.code, "--kind", "decision", "--out", f.files["out"]! + ".docx", "--reasons", "理由", "--correction-items", "事项",
                                   "--correction-by", "2024-09-30", "--third-party", "某公司", "--preview"],
            "application show": [f.code, "--as-of", "2024-09-20"],
            "application list": ["--agency", "x", "--overdue", "--as-of", "2024-12-31"],
            "appeal add": ["--agency", "x", "--application", f.code, "--kind", "reconsideration", "--filed", "2024-10-08", "--result", "upheld",
                           "--concluded", "2024-11-08"],
            "appeal conclude": [f.appeal, "--agency", "x", "--result", "upheld", "--date", "2024-06-03"],
            "appeal list": ["--agency", "x"],
            "import ledger": [f.files["ledger.csv"]!, "--agency", "x"],
            "calendar import": [f.files["notice.json"]!],
            "calendar day-off": ["2024-10-09", "停电"],
            "calendar show": ["2024"],
            "clock": ["--received", "2024-09-02", "--days", "20", "--corrected", "2024-09-05", "--consult", "2024-09-09:2024-09-20",
                      "--extend", "10", "--as-of", "2024-10-10", "--time-zone", "Asia/Shanghai"],
            "report counts": ["--agency", "x", "--year", "2024", "--format", "2021"],
            "report generate": ["--agency", "x", "--year", "2024", "--out", f.files["out"]!],
            "report validate": ["--agency", "x", "--year", "2024"],
            "report publish": ["--agency", "x", "--year", "2024", "--date", "2025-01-20", "--acknowledge-warnings"],
            "report rollup": ["--year", "2024", "--parent", "x", "--as-of", "2025-02-01"],
            "report import-baseline": [f.files["report"]!, "--agency", "x", "--year", "2020", "--reason", "机构改革"],
            "report figures": ["--agency", "x", "--year", "2024", "--block", "20.5", "--row", "行政许可", "--values", "5"],
            "report text": ["--agency", "x", "--year", "2024", "--section", "1", "--file", f.files["section.txt"]!],
            "catalogue settings": ["--agency", "x", "--org-code", "000014349", "--pattern", "{org}/{year}-{seq:5}", "--by", "甲", "--role", "head"],
            "catalogue add": ["--agency", "x", "--title", "某办法", "--summary", "概述", "--doc-number", "某发〔2024〕1号", "--issuer", "某委",
                              "--written", "2024-09-27", "--formed", "2024-09-30", "--category", "1", "--topic", "01", "--genre", "通知",
                              "--kind", "normative-document", "--mode", "proactive", "--scope", "面向全社会", "--time-limit", "长期公开", "--body", "正文"],
            "catalogue review": ["000014349/2024-00001", "--agency", "x", "--reviewer", "丁", "--result", "passed", "--date", "2024-10-08", "--opinion", "同意"],
            "catalogue publish": ["000014349/2024-00001", "--agency", "x", "--date", "2024-10-09"],
            "catalogue repeal": ["000014349/2024-00001", "--agency", "x", "--date", "2025-01-10", "--document", "某发〔2025〕1号", "--lapsed"],
            "catalogue list": ["--agency", "x", "--state", "published", "--as-of", "2024-12-31", "--overdue"],
            "catalogue show": ["000014349/2024-00001", "--agency", "x"],
            "catalogue link": ["000014349/2024-00002", "--agency", "x", "--interprets", "000014349/2024-00001"],
            "catalogue attach": ["000014349/2024-00001", "--agency", "x", "--file", f.files["attachment.pdf"]!, "--name", "全文.pdf"],
            "catalogue import": [f.files["catalogue.csv"]!, "--agency", "x", "--by", "甲", "--role", "head"],
            "catalogue decisions show": ["--agency", "x", "--year", "2024"],
            "catalogue decisions month": ["--agency", "x", "--year", "2024", "--month", "3", "--licensing", "4", "--other-service", "1", "--penalty", "2",
                                          "--enforcement", "0", "--fees", "1.5"],
            "catalogue decisions set": ["--agency", "x", "--year", "2020", "--licensing", "4", "--other-service", "1", "--penalty", "2", "--enforcement", "0",
                                        "--fees", "1.5", "--licensing-projects", "120:-18", "--other-service-projects", "3:0", "--penalty-projects", "5:1",
                                        "--enforcement-projects", "2:0", "--fee-projects", "4:-1", "--procurement-projects", "3", "--procurement-amount", "251000"],
            "catalogue decisions import": [f.files["decisions.csv"]!, "--agency", "x", "--year", "2024"],
            "notify run": ["--date", "2024-10-08", "--queue-only"],
            "notify outbox": ["--status", "failed", "--page", "1"],
            "notify retry": ["00000000-0000-0000-0000-000000000000"],
            // --check: configuration, database and templates, without listening (a server would not end by itself).
            "serve": ["--check", "--hostname", "127.0.0.1", "--port", "8080"],
        ]
    }

    /// Every command with its arguments, from ArgumentParser's own description of the CLI.
    struct Command { var path: [String]; var positionals: [String]; var options: [String] }

    static func commands() throws -> [Command] {
        let dump = try CLI.run(["--experimental-dump-help"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.out.utf8)) as? [String: Any])
        var out: [Command] = []
        func walk(_ c: [String: Any], _ path: [String]) {
            let subs = c["subcommands"] as? [[String: Any]] ?? []
            if subs.isEmpty, let name = path.last, name != "help" {
                var positionals: [String] = [], options: [String] = []
                for a in c["arguments"] as? [[String: Any]] ?? [] {
                    let kind = a["kind"] as? String
                    let name = (a["names"] as? [[String: Any]])?.first?["name"] as? String ?? a["valueName"] as? String ?? ""
                    if kind == "positional" { positionals.append(name) }
                    if kind == "option", !["db"].contains(name) { options.append(name) }
                }
                out.append(Command(path: path, positionals: positionals, options: options))
            }
            for s in subs { walk(s, path + [s["commandName"] as? String ?? ""]) }
        }
        walk(try #require(root["command"] as? [String: Any]), [])
        return out
    }

    static let extremes = ["9223372036854775807", "-9223372036854775808", "-1", "0", "0001-01-01", "9999-12-31", "10000-01-01",
                           "9999-12-31T16:00:00Z", "2024-02-30", ""]

    /// Kind 1: every option and argument of every command, fed `Int.max`, negative, zero and the years 0001, 9999 and
    /// 10000: the process always ends by itself with a status it documents (0, 1, 2, 64), and a refusal says why.
    @Test func noInputCrashesAnyCommand() async throws {
        let f = try Fixture.make()
        let bases = Self.bases(f)
        let commands = try Self.commands()
        #expect(commands.count >= 27)
        var runs: [(String, [String])] = []
        for c in commands {
            let key = c.path.joined(separator: " ")
            let base = try #require(bases[key], "no base invocation for `gongkai \(key)`: add one so its options are tested")
            for value in Self.extremes {
                for (i, _) in c.positionals.enumerated() {
                    var positions: [Int] = []
                    var k = 0
                    while k < base.count {
                        if base[k].hasPrefix("--") { k += (k + 1 < base.count && !base[k + 1].hasPrefix("--")) ? 2 : 1 } else { positions.append(k); k += 1 }
                    }
                    guard i < positions.count else { continue }
                    var args = base
                    args[positions[i]] = value
                    runs.append((key, c.path + args))
                }
                for option in c.options {
                    var args = base
                    if let at = args.firstIndex(of: "--\(option)"), at + 1 < args.count { args[at + 1] = value } else { args += ["--\(option)", value] }
                    runs.append((key, c.path + args))
                }
            }
        }
        // Each run on its own copy of the database, four at a time.
        let failures = Locked<[String]>([])
        await withTaskGroup(of: Void.self) { group in
            var next = 0
            func start(_ n: Int) {
                let (key, args) = runs[n]
                group.addTask {
                    let db = f.dir.appendingPathComponent("run\(n).sqlite").path
                    try? FileManager.default.copyItem(atPath: f.db, toPath: db)
                    defer { try? FileManager.default.removeItem(atPath: db) }
                    guard let r = try? CLI.runDetailed(args + ["--db", db]) else { failures.append("\(key): could not run"); return }
                    let shown = args.map { $0.isEmpty ? "\"\"" : $0 }.joined(separator: " ")
                    if r.signalled { failures.append("gongkai \(shown): killed by signal \(r.status)") }
                    else if ![0, 1, 2, 64].contains(r.status) { failures.append("gongkai \(shown): exit \(r.status)") }
                    else if r.status != 0 && r.err.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { failures.append("gongkai \(shown): exit \(r.status) without a message") }
                    if r.err.contains("Fatal error") || r.err.contains("precondition") { failures.append("gongkai \(shown): \(r.err.prefix(200))") }
                }
            }
            while next < min(4, runs.count) { start(next); next += 1 }
            while await group.next() != nil {
                if next < runs.count { start(next); next += 1 }
            }
        }
        #expect(runs.count > 500)
        #expect(failures.value.isEmpty, "\(failures.value.prefix(20).joined(separator: "\n"))")
    }
}

/// A value shared by the tasks of a test.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var _value: T
    init(_ value: T) { _value = value }
    var value: T { lock.lock(); defer { lock.unlock() }; return _value }
    func append<E>(_ e: E) where T == [E] { lock.lock(); _value.append(e); lock.unlock() }
}

extension CLI {
    struct Detailed { var status: Int32; var signalled: Bool; var out: String; var err: String }

    /// Like `run`, and tells a signal (a crash) from an exit status.
    static func runDetailed(_ args: [String]) throws -> Detailed {
        let bin = try #require(binary, "gongkai binary not found next to the test bundle")
        let p = Process()
        p.executableURL = bin
        p.arguments = args
        p.currentDirectoryURL = workDir
        let o = Pipe(), e = Pipe()
        p.standardOutput = o; p.standardError = e
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let out = o.fileHandleForReading.readDataToEndOfFile()
        let err = e.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Detailed(status: p.terminationStatus, signalled: p.terminationReason == .uncaughtSignal,
                        out: String(decoding: out, as: UTF8.self), err: String(decoding: err, as: UTF8.self))
    }
}

/// Issue 8, kinds 3, 4, 6 and 9 through the CLI.
@Suite struct RefusalCommandTests {
    func temp() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-refusal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Kind 3: `gongkai clock` counts on the database's calendar (a day off added there moves its answer), and
    /// `calendar show` lists that day off.
    @Test func clockUsesTheDatabaseCalendar() throws {
        let dir = try temp()
        let db = dir.appendingPathComponent("c.sqlite").path
        #expect(try CLI.run(["agency", "add", "x", "某局", "--db", db]).status == 0)
        // Received 2024-09-02: 20 working days → 2024-09-30; a day off on 2024-09-10 moves it to 2024-10-08 (国庆节).
        #expect(try CLI.run(["calendar", "day-off", "2024-09-10", "全市停电", "--db", db]).status == 0)
        let r = try CLI.run(["application", "receive", "--agency", "x", "--kind", "自然人", "--name", "张三", "--channel", "in-person",
                             "--text", "请公开", "--received", "2024-09-02", "--db", db])
        #expect(r.out.contains("答复期限 2024-10-08"), "\(r.out)\(r.err)")
        let withDB = try CLI.run(["clock", "--received", "2024-09-02", "--json", "--db", db])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(withDB.out.utf8)) as? [String: Any])
        #expect(json["dueDate"] as? String == "2024-10-08")
        #expect((json["calendar"] as? String)?.contains("数据库") == true)
        let bundled = try CLI.run(["clock", "--received", "2024-09-02", "--json"])
        #expect((try JSONSerialization.jsonObject(with: Data(bundled.out.utf8)) as? [String: Any])?["dueDate"] as? String == "2024-09-30")
        let show = try CLI.run(["calendar", "show", "2024", "--db", db])
        #expect(show.out.contains("2024-09-10\t休息日（另行增加）\t全市停电"))
        #expect(try CLI.run(["calendar", "show", "--db", db]).out.contains("2024-09-10 全市停电"))
        // An empty notice is refused and loads nothing.
        let empty = dir.appendingPathComponent("empty.json")
        try Data(#"{"years": {"2027": {"holidays": [], "workdays": [{"date": "2027-02-20", "name": "春节"}]}}}"#.utf8).write(to: empty)
        let refused = try CLI.run(["calendar", "import", empty.path, "--db", db])
        #expect(refused.status == 1 && refused.err.contains("2027年的节假日安排没有任何放假日"))
    }

    /// Kind 4: a fax or online application is received on the confirmation day (条例第三十一条); without one, a warning.
    @Test func clockTakesTheConfirmation() throws {
        let confirmed = try CLI.run(["clock", "--submitted", "2024-09-26T23:30:00Z", "--channel", "fax", "--confirmed", "2024-09-30T02:00:00Z", "--json"])
        let j = try #require(try JSONSerialization.jsonObject(with: Data(confirmed.out.utf8)) as? [String: Any])
        // Confirmed Monday 2024-09-30 (Shanghai): 国庆节 10-01…10-07 off, 10-08 is day 1, the make-up Saturday 10-12 day 5,
        // and the 20th working day is Friday 2024-11-01.
        #expect(j["receiptDate"] as? String == "2024-09-30")
        #expect(j["dueDate"] as? String == "2024-11-01")
        #expect((j["warnings"] as? [String])?.isEmpty == true)
        let unconfirmed = try CLI.run(["clock", "--submitted", "2024-09-26T23:30:00Z", "--channel", "online"])
        #expect(unconfirmed.out.contains("未记录确认时刻"))
        #expect(try CLI.run(["clock", "--submitted", "2024-09-26T23:30:00Z", "--channel", "in-person", "--confirmed", "2024-09-30T02:00:00Z"]).status == 64)
        #expect(try CLI.run(["clock", "--submitted", "2024-09-30T02:00:00Z", "--channel", "fax", "--confirmed", "2024-09-26T23:30:00Z"]).status == 64)
    }

    /// Kind 6: a read command never creates an empty database in place of a missing one.
    @Test func aMissingDatabaseIsNamed() throws {
        let missing = try temp().appendingPathComponent("nowhere/none.sqlite").path
        for args in [["application", "list"], ["application", "show", "ABCDEFGHJK"], ["report", "counts", "--agency", "x", "--year", "2024"],
                     ["calendar", "show"], ["agency", "list"], ["appeal", "list", "--agency", "x"], ["clock", "--received", "2024-09-02"],
                     ["calendar", "day-off", "2024-10-09", "停电"]] {
            let r = try CLI.run(args + ["--db", missing])
            #expect(r.status == 1, "\(args)")
            #expect(r.err.contains("数据库文件 \(missing) 不存在"), "\(args): \(r.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: missing))
        // An empty file is not a database either.
        let empty = try temp().appendingPathComponent("empty.sqlite")
        FileManager.default.createFile(atPath: empty.path, contents: Data())
        let r = try CLI.run(["application", "list", "--db", empty.path])
        #expect(r.status == 1 && r.err.contains("是空文件"))
        #expect((try FileManager.default.attributesOfItem(atPath: empty.path)[.size] as? NSNumber)?.intValue == 0)
    }

    /// Kind 9: refusals are explicit.
    @Test func refusalsSayWhat() throws {
        let dir = try temp()
        let db = dir.appendingPathComponent("r.sqlite").path
        #expect(try CLI.run(["agency", "add", "x", "某局", "--db", db]).status == 0)
        let r = try CLI.run(["application", "receive", "--agency", "x", "--kind", "自然人", "--name", "张三", "--channel", "in-person",
                             "--text", "请公开", "--received", "2024-03-04", "--db", db])
        let code = try #require(r.out.range(of: "查询码 ").map { String(r.out[$0.upperBound...].prefix(10)) })
        // An as-of date in a year without a notice: refused by name (cases/adversarial/14 asks 2027-06-01).
        let show = try CLI.run(["application", "show", code, "--as-of", "2028-03-01", "--db", db])
        #expect(show.status == 1 && show.err.contains("2028年的节假日安排尚未载入"))
        #expect(try CLI.run(["clock", "--received", "2024-09-02", "--days", "0"]).err.contains("--days 应为1至60"))
        #expect(try CLI.run(["clock", "--received", "2024-09-02", "--days", "61"]).status == 64)
        let noName = try CLI.run(["application", "decide", code, "--outcome", "granted", "--date", "2024-03-20", "--by", "  ", "--db", db])
        #expect(noName.status == 64 && noName.err.contains("经办人不能为空"))
        let dayOff = try CLI.run(["calendar", "day-off", "2024-03-22", "", "--db", db])
        #expect(dayOff.status == 1 && dayOff.err.contains("休息日名称不能为空"))
        let both = try CLI.run(["application", "receive", "--agency", "x", "--kind", "自然人", "--name", "李四", "--channel", "online", "--text", "x",
                                "--received", "2024-03-04", "--submitted", "2024-03-04T10:00:00+08:00", "--db", db])
        #expect(both.status == 64 && both.err.contains("只能给出其一"))
        let holiday = try CLI.run(["calendar", "day-off", "2024-10-01", "闭馆", "--db", db])
        #expect(holiday.status == 1 && holiday.err.contains("2024-10-01 是国庆节放假日"))
        let empty = try CLI.run(["appeal", "conclude", "", "--agency", "x", "--result", "upheld", "--date", "2024-05-01", "--db", db])
        #expect(empty.status == 1 && empty.err.contains("案件编号“”无效"))
        // Numbers are refused in Chinese, negative ones included (not taken for options).
        for (args, message) in [(["clock", "--received", "2024-09-02", "--days", "-5"], "--days 应为1至60的整数"),
                                (["application", "fee", code, "--notice", "2024-03-06", "--pages=0x10", "--db", db], "--pages 应为整数"),
                                (["report", "counts", "--agency", "x", "--year", "-2024", "--db", db], "--year"),
                                (["report", "text", "--agency", "x", "--year", "2024", "--section", "一", "--file", "/dev/null", "--db", db], "--section 应为整数")] {
            let r = try CLI.run(args)
            #expect(r.status == 64 && r.err.contains(message) && !r.err.contains("Missing value") && !r.err.contains("is invalid"), "\(args): \(r.err)")
        }
        // A late correction with an invisible reason names --late-reason.
        let late = try CLI.run(["application", "correct", code, "--requested", "2024-03-20", "--late-reason", "\u{202E}", "--db", db])
        #expect(late.status == 1 && late.err.contains("（--late-reason）"), "\(late.err)")
        // Submitted before the Regulations: named as the submission, not as --received.
        let early = try CLI.run(["application", "receive", "--agency", "x", "--kind", "自然人", "--name", "李四", "--channel", "in-person", "--text", "x",
                                 "--submitted", "2008-04-30T12:00:00Z", "--db", db])
        #expect(early.status == 1 && early.err.contains("--submitted") && !early.err.contains("--received"), "\(early.err)")
    }

    /// Found by the second QA pass: options that cannot go together, another program's database, --format where it
    /// does not apply, an ambiguous time zone.
    @Test func secondRoundRefusals() throws {
        let dir = try temp()
        let db = dir.appendingPathComponent("s.sqlite").path
        #expect(try CLI.run(["agency", "add", "x", "某局", "--db", db]).status == 0)
        let r = try CLI.run(["application", "receive", "--agency", "x", "--kind", "自然人", "--name", "张三", "--channel", "in-person",
                             "--text", "请公开", "--received", "2024-09-02", "--db", db])
        let code = try #require(r.out.range(of: "查询码 ").map { String(r.out[$0.upperBound...].prefix(10)) })
        let both = try CLI.run(["application", "extend", code, "--days", "20", "--reasonable-until", "2024-11-11", "--role", "head", "--db", db])
        #expect(both.status == 64 && both.err.contains("中的一个"))
        #expect(try CLI.run(["application", "show", code, "--json", "--db", db]).out.contains("\"extensionDays\" : 0"))
        for args in [["report", "figures", "--agency", "x", "--year", "2024", "--format", "2019", "--block", "20.5", "--row", "行政许可", "--values", "5"],
                     ["report", "text", "--agency", "x", "--year", "2024", "--format", "abc", "--section", "1", "--file", db],
                     ["report", "validate", "--agency", "x", "--year", "2024", "--format", "abc"],
                     ["agency", "add", "y", "某局", "--time-zone", "CST"]] {
            let r = try CLI.run(args + ["--db", db])
            #expect(r.status == 64, "\(args): \(r.err)")
        }
        // Another program's SQLite file is left as it is.
        let foreign = dir.appendingPathComponent("other.sqlite").path
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["sqlite3", foreign, "CREATE TABLE foo(x); INSERT INTO foo VALUES (1);"]
        if (try? sqlite.run()) != nil {
            sqlite.waitUntilExit()
            let before = try Data(contentsOf: URL(fileURLWithPath: foreign))
            for args in [["application", "list"], ["clock", "--received", "2024-09-02"], ["agency", "add", "z", "某局"]] {
                let r = try CLI.run(args + ["--db", foreign])
                #expect(r.status == 1 && r.err.contains("其他程序的 SQLite 数据库"), "\(args): \(r.err)")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: foreign)) == before)
        }
    }

    /// Ledger files that are not what they seem: refused by name, nothing imported.
    @Test func unreadableLedgersAreNamed() throws {
        let dir = try temp()
        let db = dir.appendingPathComponent("l.sqlite").path
        #expect(try CLI.run(["agency", "add", "x", "某局", "--db", db]).status == 0)
        let header = "收到日期,申请人类型,申请人,申请内容\n"
        let cases: [(String, Data, String)] = [
            ("unclosed.csv", Data((header + "2024-03-04,自然人,张三,\"未闭合的引号\n2024-03-05,自然人,李四,请公开\n2024-03-06,自然人,王五,请公开\n").utf8), "引号没有闭合"),
            ("binary.csv", Data([0x50, 0x00, 0x01, 0x02, 0x00, 0xFF]), "不是文本"),
            ("utf16be.csv", header.data(using: .utf16BigEndian)!, "不是文本"),
            ("junk-time.csv", Data((header + "2024-03-04 25:99,自然人,张三,请公开\n").utf8), "不是日期"),
            ("stray-quote.csv", Data((header + "2024-03-04,自然人,张三,\"a\"b\n").utf8), "第2行有一格在引号闭合后还有文字"),
        ]
        let ledgers = dir.appendingPathComponent("ledgers")
        try FileManager.default.createDirectory(at: ledgers, withIntermediateDirectories: true)
        for (name, data, message) in cases {
            let u = ledgers.appendingPathComponent(name)
            try data.write(to: u)
            let r = try CLI.run(["import", "ledger", u.path, "--agency", "x", "--db", db])
            #expect(r.status == 1 && r.err.contains(message), "\(name): \(r.err)")
        }
        let r = try CLI.run(["import", "ledger", ledgers.path, "--agency", "x", "--db", db])
        #expect(r.status == 1 && r.err.contains("这是目录"), "\(r.err)")
        #expect(try CLI.run(["application", "list", "--db", db]).out.contains("没有申请"))
    }
}
