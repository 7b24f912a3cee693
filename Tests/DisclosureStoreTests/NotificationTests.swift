@testable import DisclosureService
@testable import DisclosureStore
import DisclosureRules
import Foundation
import Testing

/// Reminders and digests (issue 11, notifications): on the working-day calendar of the statutory clock, once per
/// application and due date. The expected days are counted by hand from the State Council's 2024 notice
/// (中秋 9月15–17日 with 9月14日 worked; 国庆 10月1–7日 with 9月29日 and 10月12日 worked).
@Suite(.serialized) struct ReminderTests {
    @Test func theRuleOnTheCalendar() throws {
        let calendar = WorkingDayCalendar.bundled
        func kind(_ due: String, _ day: String) throws -> Reminders.Kind? {
            try Reminders.due(state: "in-progress", dueDate: due, reasonableDate: nil, on: date(day), calendar: calendar)
        }
        // Due 2024-09-30: five working days ahead of 9月24日 are 25, 26, 27, 29 (worked Sunday), 30.
        #expect(try kind("2024-09-30", "2024-09-23") == nil)
        #expect(try kind("2024-09-30", "2024-09-24") == .dueSoon)
        // Not on a holiday, nor a plain Sunday; overdue first on 10月8日 (10月1–7日 are the holiday).
        #expect(try kind("2024-09-30", "2024-10-01") == nil)
        #expect(try kind("2024-09-30", "2024-09-22") == nil)
        #expect(try kind("2024-09-30", "2024-10-08") == .overdue)
        // The 第三十五条 date wins over the due date; a clock that does not run is not reminded of.
        #expect(try Reminders.due(state: "in-progress", dueDate: "2024-09-30", reasonableDate: "2024-12-31", on: date("2024-10-08"), calendar: calendar) == nil)
        #expect(try Reminders.due(state: "awaiting-correction", dueDate: "2024-09-30", reasonableDate: nil, on: date("2024-10-08"), calendar: calendar) == nil)
        // The week of 10月7日 starts, for work, on 10月8日; the week of 9月23日 on its Monday.
        #expect(try Reminders.firstWorkingDayOfWeek(containing: date("2024-10-09"), calendar: calendar) == date("2024-10-08"))
        #expect(try Reminders.firstWorkingDayOfWeek(containing: date("2024-09-29"), calendar: calendar) == date("2024-09-23"))
        // A year without its notice is refused, not guessed.
        #expect(throws: CalendarError.self) { try kind("2031-01-10", "2031-01-06") }
    }

    @Test func oneReminderEachOnTheRightWorkingDay() async throws {
        try await withStore { store in
            let service = store.service
            try await store.addAgency(code: "city", name: "某市人民政府办公室", actor: head)
            try await store.addAgency(code: "edu", name: "某市教育局", parentCode: "city", actor: head)
            for code in ["city", "edu"] {
                try await store.setAgencyOffice(code: code, office: AgencyOffice(email: "\(code)@example.gov.cn"), actor: head)
            }
            _ = try await store.addUser(username: "watch", displayName: "监督员", role: .oversight, agencyCode: "city", passwordHash: "x", mustChangePassword: false, actor: head)
            // Received 9月2日 → due 9月30日; received 9月5日 → due 10月10日 (20 working days, 条例第三十三条).
            let b = try await store.receiveSimple("edu", on: "2024-09-02", name: "李四")
            let a = try await store.receiveSimple("edu", on: "2024-09-05", name: "王五")
            #expect(b.dueDate == "2024-09-30" && a.dueDate == "2024-10-10")

            var day = date("2024-09-01")
            while day <= date("2024-10-15") {
                _ = try await service.prepareNotifications(on: day)
                _ = try await service.prepareNotifications(on: day)  // a second run the same day adds nothing
                day = day.adding(days: 1)
            }
            let all = try await NotificationRecord.query(on: store.db).all()
            func days(_ kind: String, _ app: ApplicationRecord) -> [String] {
                all.filter { $0.kind == kind && $0.applicationID == app.id }.map(\.scheduledFor).sorted()
            }
            #expect(days("due-soon", b) == ["2024-09-24"])
            #expect(days("overdue", b) == ["2024-10-08"])
            #expect(days("due-soon", a) == ["2024-09-27"])
            #expect(days("overdue", a) == ["2024-10-11"])
            // Every working day from 9月2日 to 10月15日 (21 in September, 7 in October) has one digest for 教育局; 市政府办公室
            // has no application of its own.
            let digests = all.filter { $0.kind == "daily-digest" }
            #expect(digests.count == 28)
            #expect(Set(digests.map(\.scheduledFor)).count == 28 && !digests.contains { ["2024-09-16", "2024-09-17", "2024-10-01", "2024-10-07", "2024-09-22"].contains($0.scheduledFor) })
            #expect(digests.allSatisfy { $0.recipient == "edu@example.gov.cn" })
            #expect(digests.contains { $0.scheduledFor == "2024-09-14" && $0.subject.contains("办理中 2 件") })
            // The oversight office's weekly list, on the first working day of each week.
            let weekly = all.filter { $0.kind == "weekly-overdue" }.sorted { $0.scheduledFor < $1.scheduledFor }
            #expect(weekly.map(\.scheduledFor) == ["2024-09-02", "2024-09-09", "2024-09-18", "2024-09-23", "2024-09-30", "2024-10-08", "2024-10-14"])
            #expect(weekly.allSatisfy { $0.recipient == "city@example.gov.cn" })
            let oct8 = try #require(weekly.first { $0.scheduledFor == "2024-10-08" })
            #expect(oct8.subject.hasSuffix("逾期 1 件") && oct8.body.contains(b.queryCode) && !oct8.body.contains(a.queryCode))
            #expect(weekly.last!.subject.hasSuffix("逾期 2 件"))
            // Staff messages carry masked names; no subject carries a name, an identity number or a phone.
            for n in all {
                #expect(!n.subject.contains("李四") && !n.subject.contains("王五") && !n.subject.contains(testIDNumber) && !n.subject.contains("13800000000"))
                #expect(!n.body.contains("李四") && !n.body.contains(testIDNumber) && !n.body.contains("13800000000"))
            }
            #expect(all.contains { $0.kind == "due-soon" && $0.body.contains("李*") })
        }
    }

    @Test func anExtensionIsANewDeadline() async throws {
        try await withStore { store in
            let service = store.service
            try await store.addAgency(code: "edu", name: "某市教育局", actor: head)
            try await store.setAgencyOffice(code: "edu", office: AgencyOffice(email: "edu@example.gov.cn"), actor: head)
            let b = try await store.receiveSimple("edu", on: "2024-09-02")
            _ = try await service.prepareNotifications(on: date("2024-09-24"))
            // Extended on 9月25日 by 20 working days: 9月30日 → 11月1日 (10月8–12日 with the worked Saturday, 14–18日,
            // 21–25日, 28–31日, 11月1日).
            let extended = try await store.extend(code: b.queryCode, days: 20, on: date("2024-09-25"), actor: head)
            #expect(extended.dueDate == "2024-11-01")
            for d in ["2024-09-25", "2024-09-30", "2024-10-08", "2024-10-24", "2024-10-25", "2024-10-28", "2024-11-01", "2024-11-02", "2024-11-04", "2024-11-05"] {
                _ = try await service.prepareNotifications(on: date(d))
            }
            let reminders = try await NotificationRecord.query(on: store.db).all().filter { $0.applicationID == b.id && $0.kind != "applicant-update" }
                .map { "\($0.kind) \($0.scheduledFor)" }.sorted()
            // 10月25日 + 5 working days = 11月1日; nothing overdue on 9月30日 any more; overdue on Monday 11月4日.
            #expect(reminders == ["due-soon 2024-09-24", "due-soon 2024-10-25", "overdue 2024-11-04"])
        }
    }

    @Test func agenciesWithoutAnAddressAreNamed() async throws {
        try await withStore { store in
            try await store.addAgency(code: "edu", name: "某市教育局", actor: head)
            _ = try await store.receiveSimple("edu", on: "2024-09-02")
            let run = try await store.service.prepareNotifications(on: date("2024-10-08"))
            #expect(run.workingDay && run.reminders == 0 && run.digests == 0 && run.agenciesWithoutEmail == ["edu"])
            #expect(try await NotificationRecord.query(on: store.db).count() == 0)
        }
    }
}

/// Delivery through a real SMTP server on loopback (Debian's python3-aiosmtpd, writing a Maildir) by Debian's msmtp.
@Suite(.serialized) struct MailDeliveryTests {
    static let python = "/usr/bin/python3"
    static let msmtp = ["/usr/bin/msmtp", "/usr/local/bin/msmtp"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let aiosmtpd: Bool = {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        return (try? run(python, ["-c", "import aiosmtpd"])) == 0
    }()
    /// CI sets GONGKAI_REQUIRE_MAIL_TESTS=1 so that a missing package fails instead of skipping.
    static let available = (msmtp != nil && aiosmtpd) || ProcessInfo.processInfo.environment["GONGKAI_REQUIRE_MAIL_TESTS"] == "1"

    @discardableResult
    static func run(_ program: String, _ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    static func freePort() throws -> Int {
        let p = Process(), out = Pipe()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1]); s.close()"]
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        return Int(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))!
    }

    /// Starts aiosmtpd on `port`, delivering into `maildir`; returns once it accepts connections.
    static func startServer(port: Int, maildir: URL) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox", maildir.path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        for _ in 0..<100 {
            if try run(python, ["-c", "import socket; socket.create_connection(('127.0.0.1',\(port)),0.5)"]) == 0 { return p }
            Thread.sleep(forTimeInterval: 0.1)
        }
        kill(p.processIdentifier, SIGKILL)
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "aiosmtpd did not start on port \(port)"])
    }

    /// The delivered messages: their notification ids and decoded subjects.
    static func delivered(_ maildir: URL) throws -> [(id: String, subject: String, body: String)] {
        let dir = maildir.appendingPathComponent("new")
        guard FileManager.default.fileExists(atPath: dir.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil).map { url in
            let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n")
            let parts = text.components(separatedBy: "\n\n")
            let header = parts[0].replacingOccurrences(of: "\n ", with: " ")
            func field(_ name: String) -> String {
                header.split(separator: "\n").first { $0.hasPrefix(name + ": ") }.map { String($0.dropFirst(name.count + 2)) } ?? ""
            }
            let subject = field("Subject").split(separator: " ").map { word -> String in
                guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?=") else { return String(word) }
                let b64 = word.dropFirst(10).dropLast(2)
                return String(decoding: Data(base64Encoded: String(b64)) ?? Data(), as: UTF8.self)
            }.joined()
            let body = String(decoding: Data(base64Encoded: parts.dropFirst().joined(separator: "\n").replacingOccurrences(of: "\n", with: "")) ?? Data(),
                              as: UTF8.self)
            return (field("X-Gongkai-Notification"), subject, body)
        }
    }

    @Test(.enabled(if: available, "Debian's msmtp and python3-aiosmtpd are not installed: mail is not delivered to a real server here"))
    func queuedWhileTheServerIsDownDeliveredOnceAfter() async throws {
        let port = try Self.freePort()
        let maildir = FileManager.default.temporaryDirectory.appendingPathComponent("maildir-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: maildir) }
        let transport = SendmailTransport.msmtp(program: Self.msmtp ?? "msmtp", host: "127.0.0.1", port: port, from: "gongkai@example.gov.cn", timeout: 5)
        try await withStore { store in
            let service = store.service
            try await store.addAgency(code: "edu", name: "某市教育局", actor: head)
            try await store.setAgencyOffice(code: "edu", office: AgencyOffice(email: "edu@example.gov.cn"), actor: head)
            let now = Date()
            // Two applicants who left an e-mail address, one who did not; received in the past, recorded now.
            var codes: [String] = []
            for (name, email) in [("赵六", "zhao@example.com"), ("钱七", "qian@example.com"), ("孙八", nil)] {
                let r = try await store.receive(agencyCode: "edu", applicant: ApplicantInput(kind: .naturalPerson, name: name, idNumber: testIDNumber,
                                                                                          phone: "13800000000", email: email),
                                                channel: .inPerson, text: "请公开2024年部门预算", receivedDate: date("2024-09-02"), actor: registrar, now: now)
                codes.append(r.application.queryCode)
            }
            _ = try await store.decide(code: codes[0], outcome: Outcome(rawValue: "granted")!, on: date("2024-09-20"), actor: handler, now: now)
            let run = try await service.prepareNotifications(on: date("2024-09-24"), now: now)
            // Received ×2, decided ×1 for the applicants; the due-soon reminder of the two still open, the digest.
            #expect(run.applicantMessages == 3 && run.reminders == 2 && run.digests == 1)
            let queued = try await NotificationRecord.query(on: store.db).all()
            #expect(queued.count == 6)

            // The server is down: every message stays queued, with its attempt and the error, none lost.
            let down = try await service.deliverNotifications(using: transport, from: "gongkai@example.gov.cn", now: now)
            #expect(down.sent == 0 && down.retrying == 6, "\(down)")
            let afterDown = try await NotificationRecord.query(on: store.db).all()
            #expect(afterDown.allSatisfy { $0.status == "queued" && $0.attempts == 1 && $0.lastError != nil })
            #expect(try Self.delivered(maildir).isEmpty)

            let server = try Self.startServer(port: port, maildir: maildir)
            defer { kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
            // Not before the retry time; then each delivered once; later runs send nothing again.
            #expect(try await service.deliverNotifications(using: transport, from: "gongkai@example.gov.cn", now: now).sent == 0)
            let up = try await service.deliverNotifications(using: transport, from: "gongkai@example.gov.cn", now: now.addingTimeInterval(120))
            #expect(up.sent == 6 && up.retrying == 0, "\(up)")
            _ = try await service.prepareNotifications(on: date("2024-09-24"), now: now)
            #expect(try await service.deliverNotifications(using: transport, from: "gongkai@example.gov.cn", now: now.addingTimeInterval(86_400)).sent == 0)
            let mails = try Self.delivered(maildir)
            #expect(mails.count == 6)
            #expect(Set(mails.map(\.id)) == Set(queued.map { $0.id!.uuidString.lowercased() }))
            let sent = try await NotificationRecord.query(on: store.db).all()
            #expect(sent.allSatisfy { $0.status == "sent" && $0.attempts == 2 && $0.sentAt != nil })
            for m in mails {
                #expect(!m.subject.contains(testIDNumber) && !m.subject.contains("13800000000") && !m.subject.contains("赵六") && !m.subject.contains("钱七"))
            }
            // The applicant's message names the decision and the status page; the staff reminder the due date.
            #expect(mails.contains { $0.subject.contains("已作出答复") && $0.body.contains("答复结果：予以公开") && $0.body.contains("“进度查询”页输入查询码 \(codes[0])") })
            #expect(mails.contains { $0.subject == "【即将到期】申请 \(codes[1]) 应于 2024年9月30日前答复" })
            #expect(!mails.contains { $0.body.contains(codes[2]) && $0.subject.contains("政府信息公开】") })
        }
    }
}
