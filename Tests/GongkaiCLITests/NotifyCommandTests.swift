import Foundation
import Testing

/// `gongkai notify` (issue 11, notifications): messages queued without a mail server and listed in the outbox; a run
/// that should send refuses without the settings; with a server that does not answer, each message waits for a retry.
@Suite(.serialized) struct NotifyCommandTests {
    func run(_ args: [String], env extra: [String: String] = [:]) throws -> CLI.Result {
        let bin = try #require(CLI.binary, "gongkai binary not found next to the test bundle")
        let p = Process()
        p.executableURL = bin
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        for k in env.keys where k.hasPrefix("GONGKAI_SMTP") || k == "GONGKAI_MAIL_FROM" { env[k] = nil }
        for (k, v) in extra { env[k] = v }
        p.environment = env
        let o = Pipe(), e = Pipe()
        p.standardOutput = o; p.standardError = e
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let out = o.fileHandleForReading.readDataToEndOfFile(), err = e.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLI.Result(status: p.terminationStatus, out: String(decoding: out, as: UTF8.self), err: String(decoding: err, as: UTF8.self))
    }

    @Test func queueListAndRetryLater() throws {
        let db = try CLIStoreTests().dbArgs()
        let agency = "ntf" + UUID().uuidString.prefix(8).lowercased()
        #expect(try CLI.run(["agency", "add", agency, "某市某局"] + db).status == 0)
        let r = try CLI.run(["application", "receive", "--agency", agency, "--kind", "自然人", "--name", "周九", "--id-number", "110101199001011237",
                             "--phone", "13800000000", "--email", "zhou@example.com", "--channel", "in-person", "--received", "2024-09-27",
                             "--text", "2023年度某项目审批文件"] + db)
        let code = try #require(CLIStoreTests().code(r.out))

        // Sending needs the mail settings; queueing does not.
        let refused = try run(["notify", "run", "--date", "2024-10-08"] + db)
        #expect(refused.status == 1 && refused.err.contains("GONGKAI_SMTP_HOST"))
        let queued = try run(["notify", "run", "--date", "2024-10-08", "--queue-only"] + db)
        #expect(queued.status == 0, "\(queued.err)")
        // 10月8日 is a working day: the applicant's receipt message; no office e-mail, so the agency is named.
        #expect(queued.out.contains("2024-10-08（工作日）") && queued.out.contains("申请人通知 1 封") && queued.out.contains(agency))
        let holiday = try run(["notify", "run", "--date", "2024-10-03", "--queue-only"] + db)
        #expect(holiday.out.contains("非工作日") && holiday.out.contains("申请人通知 0 封"))

        let outbox = try run(["notify", "outbox"] + db)
        #expect(outbox.out.contains("待发送 1") && outbox.out.contains("zhou@example.com") && outbox.out.contains("查询码 \(code)"))
        #expect(!outbox.out.contains("110101199001011237") && !outbox.out.contains("13800000000"))

        // A server that does not answer (a closed port): the message stays queued with its error, to be retried.
        let down = try run(["notify", "run", "--date", "2024-10-08"] + db,
                           env: ["GONGKAI_SMTP_HOST": "127.0.0.1", "GONGKAI_SMTP_PORT": "9", "GONGKAI_MAIL_FROM": "gongkai@example.gov.cn"])
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/msmtp") {
            #expect(down.status == 0 && down.out.contains("成功 0 封，稍后重试 1 封"), "\(down.out)\(down.err)")
        }
        let bad = try run(["notify", "run"] + db, env: ["GONGKAI_SMTP_HOST": "127.0.0.1", "GONGKAI_SMTP_PORT": "70000", "GONGKAI_MAIL_FROM": "a@b.c"])
        #expect(bad.status == 1 && bad.err.contains("GONGKAI_SMTP_PORT"))
        #expect(try run(["notify", "retry", "00000000-0000-0000-0000-000000000000"] + db).err.contains("不存在"))
    }
}
