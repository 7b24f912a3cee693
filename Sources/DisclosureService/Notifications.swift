import DisclosureRules
import DisclosureStore
import Foundation

/// The kinds of message Gongkai sends (issue 11 part 2).
public enum NotificationKind: String, Sendable, CaseIterable, Codable {
    /// To the applicant: a change of their application (received, correction, extension, decision, …), with its due date.
    case applicantUpdate = "applicant-update"
    /// To the applicant: a letter issued (答复书, 告知书 …), to download by query code.
    case applicantLetter = "applicant-letter"
    /// To the agency's office: an application due within 5 working days (`Reminders`).
    case dueSoon = "due-soon"
    /// To the agency's office: an application past its due date (`Reminders`).
    case overdue
    /// To the agency's office: the day's open, due-soon and overdue applications (working days).
    case dailyDigest = "daily-digest"
    /// To the oversight office (政府信息公开工作主管部门): the region's overdue applications, on the first working day of
    /// each week.
    case weeklyOverdue = "weekly-overdue"

    public var label: String {
        switch self {
        case .applicantUpdate: "申请进度"
        case .applicantLetter: "文书"
        case .dueSoon: "即将到期提醒"
        case .overdue: "逾期提醒"
        case .dailyDigest: "每日待办"
        case .weeklyOverdue: "每周逾期清单"
        }
    }
}

/// Where mail goes: the sender address, the transport, and the portal's public address for links in messages.
///
/// From the environment: `GONGKAI_SMTP_HOST` (required to send), `GONGKAI_SMTP_PORT` (25), `GONGKAI_SMTP_TLS`
/// (off | starttls | on), `GONGKAI_SMTP_USER` (with `GONGKAI_SMTP_PASSWORD`), `GONGKAI_MAIL_FROM` (required with a
/// host), `GONGKAI_SENDMAIL` (the sendmail-compatible program, default `msmtp`), `GONGKAI_PUBLIC_URL` (links).
public struct MailSettings: Sendable {
    public var from: String
    public var transport: any MailTransport
    public var publicURL: String?
    /// Human description without secrets.
    public var summary: String

    public init(from: String, transport: any MailTransport, publicURL: String? = nil, summary: String = "") {
        self.from = from; self.transport = transport; self.publicURL = publicURL; self.summary = summary
    }

    /// Nil when no SMTP host is set (mail off).
    /// - Throws: `ServiceError.configuration` naming the variable that is wrong.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> MailSettings? {
        guard let host = env["GONGKAI_SMTP_HOST"], !host.isEmpty else { return nil }
        var port = 25
        if let p = env["GONGKAI_SMTP_PORT"], !p.isEmpty {
            guard let n = Int(p), (1...65535).contains(n) else { throw ServiceError(.configuration, "GONGKAI_SMTP_PORT 应为 1–65535 的端口号，收到“\(p)”") }
            port = n
        }
        guard let from = env["GONGKAI_MAIL_FROM"], from.contains("@"), !from.contains(where: \.isNewline) else {
            throw ServiceError(.configuration, "设置了 GONGKAI_SMTP_HOST 时须设置 GONGKAI_MAIL_FROM（发件人地址，如 gongkai@example.gov.cn）")
        }
        let tls = env["GONGKAI_SMTP_TLS"].flatMap { $0.isEmpty ? nil : $0 } ?? "off"
        guard ["off", "starttls", "on"].contains(tls) else { throw ServiceError(.configuration, "GONGKAI_SMTP_TLS 应为 off、starttls 或 on，收到“\(tls)”") }
        let user = env["GONGKAI_SMTP_USER"].flatMap { $0.isEmpty ? nil : $0 }
        let program = env["GONGKAI_SENDMAIL"].flatMap { $0.isEmpty ? nil : $0 } ?? "msmtp"
        let url = env["GONGKAI_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        return MailSettings(from: from, transport: SendmailTransport.msmtp(program: program, host: host, port: port, from: from, tls: tls, user: user),
                            publicURL: url, summary: "\(program) → \(host):\(port)（TLS \(tls)），发件人 \(from)")
    }
}

/// What one preparation run queued.
public struct NotificationRun: Sendable, Equatable {
    /// The day of the run (ISO).
    public var day: String
    public var workingDay: Bool
    public var applicantMessages = 0
    public var reminders = 0
    public var digests = 0
    public var weeklyLists = 0
    /// Agencies with something to send to their office but no office e-mail set (codes).
    public var agenciesWithoutEmail: [String] = []
    /// Applications whose reminder could not be worked out (their due date's year has no holiday notice loaded).
    public var uncomputable: [String] = []
}

/// What one delivery run did.
public struct DeliveryRun: Sendable, Equatable {
    public var sent = 0
    /// Failed this time, queued again with a later attempt time.
    public var retrying = 0
    /// Failed for good (after `Service.maximumMailAttempts`), shown in the outbox with a retry button.
    public var failed = 0
    /// The first error of the run, if any.
    public var firstError: String?
}

/// One line of the outbox.
public struct OutboxItem: Sendable, Codable, Equatable {
    public var id: String
    public var kind: String
    public var kindLabel: String
    public var agency: String?
    public var recipient: String
    public var subject: String
    public var scheduledFor: String
    /// queued | sending | sent | failed
    public var status: String
    public var statusLabel: String
    public var attempts: Int
    public var lastError: String?
    /// "YYYY-MM-DD HH:mm" in Beijing time.
    public var created: String
    public var sent: String?
}

public struct OutboxPage: Sendable {
    public var items: [OutboxItem]
    public var total: Int
    public var page: Int
    public var pageCount: Int
    /// Counts by status.
    public var counts: [String: Int]
}

extension Service {
    /// Attempts before a message is marked failed (about a day with the back-off of `retryDelay`).
    public static let maximumMailAttempts = 30
    /// The cursor through the event log for applicant messages.
    static let applicantCursor = "applicant-events"
    /// Events older than this when first seen are not sent to applicants (a first run does not mail old history).
    static let applicantEventMaxAge: TimeInterval = 3 * 24 * 3600

    /// Seconds before attempt `attempts + 1`: 1, 2, 4 … minutes, at most an hour.
    public static func retryDelay(afterAttempts attempts: Int) -> TimeInterval {
        Double(min(3600, 60 << min(max(attempts - 1, 0), 6)))
    }

    static let applicantHeadlines: [String: String] = [
        "applicationReceived": "已收到", "correctionRequested": "需要补正", "correctionReceived": "已收到补正，答复期限重新计算",
        "correctionLapsed": "逾期未补正，视为放弃申请", "consultationStarted": "正在征求第三方意见（所需时间不计入答复期限）",
        "consultationReplied": "第三方意见征询已结束", "extensionGranted": "答复期限已延长", "reasonablePeriodSet": "已确定答复的合理期限",
        "feeNoticeSent": "需要缴纳信息处理费", "feePaid": "已收到信息处理费", "feeLapsed": "逾期未缴费，视为放弃申请",
        "decided": "已作出答复", "dueDateRecomputed": "答复期限已按工作日日历重新计算", "letterIssued": "已出具文书",
    ]

    /// Queues what is due on `day` (default today, Beijing): the applicants' messages for their applications' new
    /// events (any day), and on working days the due-soon and overdue reminders (once per application and due date,
    /// `Reminders`), each agency's daily digest, and on the week's first working day the oversight offices' overdue
    /// lists. Staff messages go to the agency's office e-mail (系统管理 → 机关); subjects never carry an applicant's
    /// name, identity number or phone, staff bodies carry masked names only.
    /// - Throws: `ServiceError` (`calendarNotLoaded` when `day`'s year has no holiday notice).
    public func prepareNotifications(on day: CalendarDate? = nil, publicURL: String? = nil, now: Date = Date()) async throws -> NotificationRun {
        try await run {
            let day = try day ?? CalendarDate.today(in: TimeZone(identifier: "Asia/Shanghai")!, now: now)
            let calendar = try await store.workingCalendar()
            let working = try calendar.isWorkingDay(day)
            var out = NotificationRun(day: day.description, workingDay: working)
            let link = publicURL ?? ""
            out.applicantMessages = try await queueApplicantMessages(link: link, calendar: calendar, now: now)
            guard working else { return out }

            let agencies = try await store.agencies()
            let byID = Dictionary(uniqueKeysWithValues: agencies.map { ($0.id!, $0) })
            func email(_ id: UUID) -> String? { byID[id]?.officeEmail.flatMap { $0.contains("@") ? $0 : nil } }
            var missing = Set<String>()
            struct Line { var app: ApplicationRecord; var name: String; var kind: Reminders.Kind?; var due: CalendarDate; var left: Int? }
            var lines: [UUID: [Line]] = [:]
            for r in try await store.runningApplications() {
                let a = r.application
                guard let due = (a.reasonableDate ?? a.dueDate).flatMap(CalendarDate.init(iso:)) else { continue }
                let kind: Reminders.Kind?
                do { kind = try Reminders.due(state: a.state, dueDate: a.dueDate, reasonableDate: a.reasonableDate, on: day, calendar: calendar) } catch {
                    out.uncomputable.append(a.queryCode); continue
                }
                let left = due >= day ? try? calendar.workingDays(after: day, through: due) : (try? calendar.workingDays(after: due, through: day)).map { -$0 }
                lines[a.agencyID, default: []].append(Line(app: a, name: r.applicantName, kind: kind, due: due, left: left))
                guard let kind else { continue }
                guard let to = email(a.agencyID) else { missing.insert(byID[a.agencyID]?.code ?? ""); continue }
                let agency = byID[a.agencyID]?.name ?? ""
                let subject = kind == .dueSoon
                    ? "【即将到期】申请 \(a.queryCode) 应于 \(due.chinese)前答复"
                    : "【已逾期】申请 \(a.queryCode) 的答复期限 \(due.chinese) 已过"
                let body = """
                \(agency)：

                政府信息公开申请 \(a.queryCode) \(kind == .dueSoon ? "即将到期" : "已逾期")。
                申请人：\(Privacy.maskName(r.applicantName, kind: ApplicantKind(rawValue: a.applicantKind)))
                所需信息：\(Self.subjectLine(a))
                收到日期：\(CalendarDate(iso: a.receivedDate)?.chinese ?? a.receivedDate)
                答复期限：\(due.chinese)（条例第三十三条，按工作日计算）
                \(left.map { $0 >= 0 ? "剩余工作日：\($0) 个" : "已逾期：\(-$0) 个工作日" } ?? "")
                办理：\(link)/staff/applications/\(a.queryCode)

                本提醒每个答复期限只发送一次。
                """
                if try await store.enqueueNotification(NotificationDraft(
                    kind: kind == .dueSoon ? NotificationKind.dueSoon.rawValue : NotificationKind.overdue.rawValue,
                    dedupeKey: "\(kind.rawValue):\(a.id!.uuidString):\(due)", agencyID: a.agencyID, applicationID: a.id, recipient: to,
                    subject: subject, body: body, scheduledFor: day.description), now: now) { out.reminders += 1 }
            }

            // Each agency's daily digest.
            for (agencyID, list) in lines.sorted(by: { (byID[$0.key]?.code ?? "") < (byID[$1.key]?.code ?? "") }) {
                guard let to = email(agencyID) else { missing.insert(byID[agencyID]?.code ?? ""); continue }
                let soon = list.filter { $0.kind == .dueSoon }
                let late = list.filter { $0.kind == .overdue }
                let name = byID[agencyID]?.name ?? ""
                func row(_ l: Line) -> String {
                    "  \(l.app.queryCode)  \(Privacy.maskName(l.name, kind: ApplicantKind(rawValue: l.app.applicantKind)))  答复期限 \(l.due)  "
                        + (l.left.map { $0 >= 0 ? "剩余 \($0) 个工作日" : "逾期 \(-$0) 个工作日" } ?? "") + "  \(Self.subjectLine(l.app))"
                }
                let body = """
                \(name)：

                \(day.chinese)（\(day.chineseWeekday)）办理中的政府信息公开申请 \(list.count) 件，其中即将到期（\(Reminders.dueSoonWorkingDays) 个工作日内）\(soon.count) 件，已逾期 \(late.count) 件。

                已逾期：
                \(late.isEmpty ? "  无" : late.sorted { $0.due < $1.due }.map(row).joined(separator: "\n"))

                即将到期：
                \(soon.isEmpty ? "  无" : soon.sorted { $0.due < $1.due }.map(row).joined(separator: "\n"))

                申请办理：\(link)/staff/queue
                """
                if try await store.enqueueNotification(NotificationDraft(
                    kind: NotificationKind.dailyDigest.rawValue, dedupeKey: "digest:\(agencyID.uuidString):\(day)", agencyID: agencyID, applicationID: nil,
                    recipient: to, subject: "【每日待办】\(name) \(day)：办理中 \(list.count) 件，即将到期 \(soon.count) 件，已逾期 \(late.count) 件",
                    body: body, scheduledFor: day.description), now: now) { out.digests += 1 }
            }

            // The oversight offices' weekly overdue lists.
            if try Reminders.firstWorkingDayOfWeek(containing: day, calendar: calendar) == day {
                let offices = Set(try await store.users().filter { $0.role == .oversight && !$0.disabled }.compactMap(\.agencyCode))
                for code in offices.sorted() {
                    guard let office = agencies.first(where: { $0.code == code }) else { continue }
                    guard let to = email(office.id!) else { missing.insert(code); continue }
                    let region = Set(try await store.region(code: code))
                    var late: [(String, Line)] = []
                    for (agencyID, list) in lines where region.contains(byID[agencyID]?.code ?? "") {
                        for l in list where l.kind == .overdue { late.append((byID[agencyID]?.name ?? "", l)) }
                    }
                    late.sort { ($0.0, $0.1.due.description, $0.1.app.queryCode) < ($1.0, $1.1.due.description, $1.1.app.queryCode) }
                    let rows = late.map { "  \($0.0)  \($0.1.app.queryCode)  答复期限 \($0.1.due)  " + ($0.1.left.map { "逾期 \(-$0) 个工作日" } ?? "") }
                    let body = """
                    \(office.name)：

                    截至 \(day.chinese)，本地区（\(region.count) 个机关）逾期未答复的政府信息公开申请共 \(late.count) 件（条例第三十三条）。

                    \(rows.isEmpty ? "  无" : rows.joined(separator: "\n"))

                    监督看板：\(link)/staff/dashboard
                    """
                    if try await store.enqueueNotification(NotificationDraft(
                        kind: NotificationKind.weeklyOverdue.rawValue, dedupeKey: "weekly:\(office.id!.uuidString):\(day)", agencyID: office.id,
                        applicationID: nil, recipient: to, subject: "【每周逾期清单】\(office.name) \(day)：逾期 \(late.count) 件",
                        body: body, scheduledFor: day.description), now: now) { out.weeklyLists += 1 }
                }
            }
            out.agenciesWithoutEmail = missing.filter { !$0.isEmpty }.sorted()
            return out
        }
    }

    /// Marks every event recorded so far as told (no applicant message for them): for a database filled from old
    /// records (the demo, an import) whose history is not news.
    public func skipApplicantHistory() async throws {
        try await run { try await store.advanceNotificationCursor(Self.applicantCursor, to: try await store.lastEventID()) }
    }

    static func subjectLine(_ a: ApplicationRecord) -> String {
        let t = a.infoTitle.flatMap { $0.isEmpty ? nil : $0 } ?? a.requestText
        return t.count > 40 ? String(t.prefix(40)) + "…" : t
    }

    /// Applicants' messages for the events after the cursor (a batch at a time), then the cursor moved past them.
    private func queueApplicantMessages(link: String, calendar: WorkingDayCalendar, now: Date) async throws -> Int {
        var count = 0
        var cursor = try await store.notificationCursor(Self.applicantCursor)
        let since = now.addingTimeInterval(-Self.applicantEventMaxAge)
        while true {
            let (events, last) = try await store.applicantEvents(after: cursor, kinds: Array(Self.applicantHeadlines.keys), since: since)
            for e in events {
                let a = e.application
                let headline = Self.applicantHeadlines[e.kind] ?? e.kind
                let state = ApplicationState(rawValue: a.state)
                let running = state == .inProgress || state == .underConsultation
                let due = (a.reasonableDate ?? a.dueDate).flatMap(CalendarDate.init(iso:))
                var lines = ["您好：", "", "您向\(e.agencyName)提出的政府信息公开申请（查询码 \(a.queryCode)）\(headline)。"]
                if e.kind == "letterIssued", let d = e.detail { lines.append("文书：\(d)") }
                if e.kind == "decided", let o = a.outcome.flatMap(Outcome.init(rawValue:)) {
                    lines.append("答复结果：\(o.label.replacingOccurrences(of: #"^（[一二三四五六七八九十]+）"#, with: "", options: .regularExpression))" + (a.decidedDate.flatMap(CalendarDate.init(iso:)).map { "（\($0.chinese)）" } ?? ""))
                }
                if e.kind == "applicationReceived" { lines.append("收到申请日期：\(CalendarDate(iso: a.receivedDate)?.chinese ?? a.receivedDate)") }
                lines.append("当前状态：\(state?.label ?? a.state)")
                if running, let due { lines.append("答复期限：\(due.chinese)前（条例第三十三条，按工作日计算）") }
                let what = "查询进度\(e.kind == "letterIssued" ? "、下载文书" : "")"
                lines += [link.isEmpty ? "\(what)：在政府信息公开平台“进度查询”页输入查询码 \(a.queryCode)" : "\(what)：\(link)/status?code=\(a.queryCode)", "",
                          "本邮件由政府信息公开平台自动发送，请勿直接回复。"]
                let kind: NotificationKind = e.kind == "letterIssued" ? .applicantLetter : .applicantUpdate
                if try await store.enqueueNotification(NotificationDraft(
                    kind: kind.rawValue, dedupeKey: "event:\(e.eventID)", agencyID: a.agencyID, applicationID: a.id, recipient: e.email,
                    subject: "【政府信息公开】申请\(headline.split(separator: "（").first.map(String.init) ?? headline)（查询码 \(a.queryCode)）",
                    body: lines.joined(separator: "\n"), scheduledFor: (try? CalendarDate.from(e.at, timeZone: TimeZone(identifier: "Asia/Shanghai")!))?.description ?? ""),
                    now: now) { count += 1 }
            }
            if last == cursor { break }
            try await store.advanceNotificationCursor(Self.applicantCursor, to: last)
            cursor = last
        }
        return count
    }

    /// Sends the queued messages whose time has come through `transport`, each claimed first (two instances never
    /// send the same one) and marked sent or failed after; a failure is retried with a growing delay
    /// (`retryDelay`), and after `maximumMailAttempts` attempts kept as failed. Nothing is lost when the server is down.
    /// - Returns: the counts of the run.
    public func deliverNotifications(using transport: any MailTransport, from: String, now: Date = Date(), limit: Int = 500) async throws -> DeliveryRun {
        try await run {
            var out = DeliveryRun()
            while out.sent + out.retrying + out.failed < limit {
                let batch = try await store.claimNotifications(now: now, limit: min(50, limit - out.sent - out.retrying - out.failed))
                if batch.isEmpty { break }
                for n in batch {
                    let message = MailMessage(from: from, to: n.recipient, subject: n.subject, body: n.body, id: n.id!, date: now)
                    do {
                        try await transport.send(message)
                        try await store.markNotificationSent(n.id!, now: now)
                        out.sent += 1
                    } catch {
                        let text = (error as? MailError)?.description ?? String(describing: error)
                        out.firstError = out.firstError ?? text
                        let attempts = n.attempts + 1
                        if attempts >= Self.maximumMailAttempts {
                            try await store.markNotificationFailed(n.id!, error: text, retryAt: nil)
                            out.failed += 1
                        } else {
                            try await store.markNotificationFailed(n.id!, error: text, retryAt: now.addingTimeInterval(Self.retryDelay(afterAttempts: attempts)))
                            out.retrying += 1
                        }
                    }
                }
                // Failures are queued for later, so the loop ends once only those are left.
                if out.retrying + out.failed > 0 && out.sent == 0 { break }
            }
            return out
        }
    }

    /// The outbox: the messages of the member's agencies (an administrator: all), newest first, 50 a page.
    /// - Throws: `ServiceError` (`notAllowed` for roles other than administrator and head; `invalidInput` for an unknown status).
    public func outbox(status: String? = nil, page: Int = 1, by member: StaffMember) async throws -> OutboxPage {
        let agencyIDs = try await outboxScope(member)
        if let status, Store.NotificationStatus(rawValue: status) == nil { throw ServiceError(.invalidInput, "状态“\(status)”不存在", field: "status") }
        guard page >= 1 && page <= 10_000 else { throw ServiceError(.invalidInput, "页码应为 1 至 10000", field: "page") }
        return try await run {
            let (rows, total) = try await store.outbox(agencyIDs: agencyIDs, status: status, limit: 50, offset: (page - 1) * 50)
            let names = try await agencyNames()
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "Asia/Shanghai"); f.dateFormat = "yyyy-MM-dd HH:mm"
            func time(_ t: Int64?) -> String? { t.map { f.string(from: Date(timeIntervalSince1970: TimeInterval($0))) } }
            let labels = ["queued": "待发送", "sending": "发送中", "sent": "已发送", "failed": "发送失败"]
            let items = rows.map { n in
                OutboxItem(id: n.id!.uuidString, kind: n.kind, kindLabel: NotificationKind(rawValue: n.kind)?.label ?? n.kind,
                           agency: n.agencyID.flatMap { names[$0]?.name }, recipient: n.recipient, subject: n.subject, scheduledFor: n.scheduledFor,
                           status: n.status, statusLabel: labels[n.status] ?? n.status, attempts: n.attempts, lastError: n.lastError,
                           created: time(n.createdAt) ?? "", sent: time(n.sentAt))
            }
            return OutboxPage(items: items, total: total, page: page, pageCount: max(1, (total + 49) / 50),
                              counts: try await store.outboxCounts(agencyIDs: agencyIDs))
        }
    }

    /// Queues a failed message again (administrator, or the head of its agency).
    /// - Throws: `ServiceError` (`notAllowed`, `notFound`, `refused` for a message not failed).
    public func retryNotification(id: String, by member: StaffMember, now: Date = Date()) async throws {
        let scope = try await outboxScope(member)
        guard let uuid = UUID(uuidString: id) else { throw ServiceError(.notFound, "通知“\(id)”不存在") }
        try await run {
            // Another agency's message is "not found", as its other records are.
            guard let n = try await store.notification(id: uuid), scope.map({ ids in n.agencyID.map(ids.contains) ?? false }) ?? true else {
                throw ServiceError(.notFound, "通知“\(id)”不存在")
            }
            try await store.retryNotification(uuid, now: now)
        }
    }

    /// The agencies whose outbox a member reads: nil for all (administrator, the system).
    func outboxScope(_ member: StaffMember) async throws -> [UUID]? {
        if member.isSystem || member.role == .admin { return nil }
        guard member.role == .head else { throw ServiceError(.notAllowed, "角色“\(member.role.label)”无权查看通知发送记录（系统管理员或负责人）") }
        guard case .agencies(let codes) = member.scope else { return nil }
        var ids: [UUID] = []
        for c in codes { if let a = try await store.agency(code: c) { ids.append(a.id!) } }
        return ids
    }
}
