import DisclosureRules
import FluentKit
import Foundation
import SQLKit

extension EventKind {
    init(_ action: ApplicationAction) {
        switch action {
        case .correctionRequested: self = .correctionRequested
        case .correctionReceived: self = .correctionReceived
        case .correctionLapsed: self = .correctionLapsed
        case .consultationStarted: self = .consultationStarted
        case .consultationReplied: self = .consultationReplied
        case .extensionGranted: self = .extensionGranted
        case .feeNoticeSent: self = .feeNoticeSent
        case .feePaid: self = .feePaid
        case .feeLapsed: self = .feeLapsed
        case .decided: self = .decided
        }
    }
}

extension Store {
    /// The statutory clock of an application from its stored facts (条例第三十、三十二、三十三、三十五条).
    /// - Throws: `CalendarError.yearNotCovered` when the count reaches a year without a holiday notice.
    ///
    /// A consultation excludes time only up to the consulted party's reply period of 15 working days after the letter
    /// (条例第三十二条 third party, 第三十四条 other agency; the letter's sending day stands for its receipt): a reply
    /// that never comes, or comes late, does not stop the clock for longer. While a reply is awaited, the stored due
    /// date (no `asOf`) is therefore the latest it can be, and an earlier reply brings it forward; explained as of a
    /// day, the consultation is shown open until then, as `gongkai clock` shows it.
    static func computeDue(_ app: ApplicationRecord, consultations: [ConsultationRecord], calendar: WorkingDayCalendar,
                           asOf: CalendarDate? = nil) throws -> DueDateExplanation {
        let clock = StatutoryClock(calendar: calendar)
        let input = ClockInput(
            receiptDate: CalendarDate(iso: app.receivedDate)!, limitDays: app.limitDays,
            correctedReceiptDate: app.correctedDate.flatMap(CalendarDate.init(iso:)),
            consultations: try consultations.map {
                let sent = CalendarDate(iso: $0.sentDate)!
                let kind = ConsultationKind(rawValue: $0.kind) ?? .thirdParty
                // Awaiting the reply: for the stored due date, the latest it can end (the clock caps every pause at
                // the reply deadline); explained as of a day, still open then.
                let replied = try $0.repliedDate.flatMap(CalendarDate.init(iso:))
                    ?? (asOf == nil ? clock.consultationReplyDeadline(letterReceived: sent, kind: kind) : nil)
                return Consultation(sent: sent, replied: replied, kind: kind)
            },
            extensionDays: app.extensionDays, reasonablePeriodUntil: app.reasonableDate.flatMap(CalendarDate.init(iso:)), asOf: asOf)
        return try clock.explain(input)
    }

    /// The due date alone. Without consultations or a 第三十五条 date it is the (limit + extension)th working day after
    /// the clock start (条例第三十条、第三十三条) — an O(1) lookup on the indexed calendar, the same date `computeDue`
    /// explains; otherwise the full computation.
    static func dueDate(_ app: ApplicationRecord, consultations: [ConsultationRecord], calendar: WorkingDayCalendar) throws -> String {
        if consultations.isEmpty && app.reasonableDate == nil, let start = CalendarDate(iso: app.clockStart) {
            return try calendar.addingWorkingDays(app.limitDays + app.extensionDays, to: start).description
        }
        return try computeDue(app, consultations: consultations, calendar: calendar).dueDate.description
    }

    /// The clock explained for an application as of `today`.
    public func explain(_ app: ApplicationRecord, asOf today: CalendarDate) async throws -> DueDateExplanation {
        try Self.computeDue(app, consultations: try await consultations(of: app), calendar: try await workingCalendar(), asOf: today)
    }

    /// Runs one lifecycle action in a transaction: checks the (state, action, role) triple, applies `change`,
    /// recomputes the due date, writes the event with before/after. Nothing is written when anything throws.
    /// - Throws: `LifecycleError` (state or role), `StoreError`, `ClockError`, `CalendarError`.
    func perform(_ action: ApplicationAction, code: String, actor: Actor, now: Date,
                 _ change: @escaping @Sendable (ApplicationRecord, any Database) async throws -> String?) async throws -> ApplicationRecord {
        return try await transaction { tx in
            let calendar = try await self.workingCalendar(on: tx)
            guard let app = try await Self.applicationForAction(code: code, on: tx) else {
                throw StoreError.notFound("申请“\(code)”不存在（请核对查询码）")
            }
            let state = ApplicationState(rawValue: app.state) ?? .inProgress
            let next = try ApplicationLifecycle.next(from: state, action: action, role: actor.role)
            let before = ApplicationSnapshot(app)
            let detail = try await change(app, tx)
            app.state = next.rawValue
            if next.isOpen {
                let consultations = try await ConsultationRecord.query(on: tx).filter(\.$applicationID == app.id!).all()
                app.dueDate = try Self.dueDate(app, consultations: consultations, calendar: calendar)
            }
            let event = EventLog.statement(EventKind(action), application: app.id, agency: app.agencyID, actor: actor, at: now,
                                           before: before, after: ApplicationSnapshot(app), detail: detail)
            try await ModelSQL.pipeline([try ModelSQL.updateStatement(app), event].compactMap { $0 }, on: tx)
            return app
        }
    }

    /// The application by query code, with `latestRecordedDate` (the latest correction, consultation or fee date
    /// recorded for it), in one statement.
    static func applicationForAction(code: String, on db: any Database) async throws -> ApplicationRecord? {
        let latest = """
            (SELECT MAX(d) FROM (SELECT sent_date AS d FROM consultations WHERE application_id = a.id \
            UNION ALL SELECT replied_date FROM consultations WHERE application_id = a.id \
            UNION ALL SELECT notice_date FROM fee_notices WHERE application_id = a.id \
            UNION ALL SELECT paid_date FROM fee_notices WHERE application_id = a.id) AS recorded) AS gongkai_latest
            """
        let statement = SQLList([
            SQLRaw("SELECT a.*, \(latest) FROM applications a WHERE a.query_code = "), SQLBind(code), SQLRaw(" LIMIT 1"),
        ], separator: SQLRaw(""))
        nonisolated(unsafe) var found: (any SQLRow)?
        try await (db as! any SQLDatabase).execute(sql: statement) { found = $0 }
        guard let row = found else { return nil }
        let app = try row.decode(fluentModel: ApplicationRecord.self)
        let dates = [app.correctionRequestedDate, app.correctedDate, try row.decodeNil(column: "gongkai_latest") ? nil
                     : try row.decode(column: "gongkai_latest", as: String.self)].compactMap { $0 }
        app.latestRecordedDate = dates.max()
        return app
    }

    /// A closing date (答复, 逾期未补正, 逾期未缴费) may not precede anything already recorded for the application.
    static func check(closing date: CalendarDate, _ app: ApplicationRecord, what: String, now: Date) throws {
        try check(date, notBefore: app, what: what, now: now)
        if let latest = app.latestRecordedDate, date.description < latest {
            throw StoreError.invalid("\(what)日期 \(date) 早于该申请已记录的 \(latest)（补正、征求意见或收费的日期）")
        }
    }

    static func check(_ date: CalendarDate, notBefore app: ApplicationRecord, what: String, now: Date = Date()) throws {
        if date.description < app.receivedDate { throw StoreError.invalid("\(what)日期 \(date) 早于收到申请之日 \(app.receivedDate)") }
        try notFuture(date, what: what, now: now)
    }

    /// Refuses a date after today: records say what happened, never what is planned. "Today" is taken in the
    /// easternmost time zone (UTC+14), so no agency's today is refused.
    static func notFuture(_ date: CalendarDate, what: String, now: Date) throws {
        let today = CalendarDate.from(now, timeZone: TimeZone(secondsFromGMT: 14 * 3600)!)
        if date > today { throw StoreError.invalid("\(what)日期 \(date) 晚于今天，不能登记尚未发生的事") }
    }

    /// 条例第三十条: tells the applicant to correct the application. The notice is due within 7 working days of
    /// receipt; a later notice is recorded with that fact in the event.
    @discardableResult
    public func requestCorrection(code: String, on date: CalendarDate, actor: Actor, now: Date = Date()) async throws -> ApplicationRecord {
        return try await perform(.correctionRequested, code: code, actor: actor, now: now) { app, tx in
            try Self.check(date, notBefore: app, what: "补正告知", now: now)
            let calendar = try await self.workingCalendar(on: tx)
            app.correctionRequestedDate = date.description
            let deadline = try StatutoryClock(calendar: calendar).correctionNoticeDeadline(received: CalendarDate(iso: app.receivedDate)!)
            return date > deadline ? "补正告知晚于法定期限 \(deadline)（条例第三十条：7个工作日内一次性告知）" : "补正告知期限 \(deadline)"
        }
    }

    /// 条例第三十条: the corrected application arrived; the answer period restarts from this day.
    @discardableResult
    public func correctionReceived(code: String, on date: CalendarDate, actor: Actor, now: Date = Date()) async throws -> ApplicationRecord {
        try await perform(.correctionReceived, code: code, actor: actor, now: now) { app, _ in
            try Self.check(date, notBefore: app, what: "收到补正", now: now)
            if let asked = app.correctionRequestedDate, date.description < asked {
                throw StoreError.invalid("收到补正的日期 \(date) 早于告知补正的日期 \(asked)")
            }
            app.correctedDate = date.description
            app.clockStart = date.description
            return nil
        }
    }

    /// 条例第三十条: no correction within the period — deemed abandoned, counted in 表三（六）1 (2021 format).
    @discardableResult
    public func correctionLapsed(code: String, on date: CalendarDate, actor: Actor, now: Date = Date()) async throws -> ApplicationRecord {
        try await perform(.correctionLapsed, code: code, actor: actor, now: now) { app, _ in
            try Self.check(closing: date, app, what: "逾期未补正", now: now)
            app.decidedDate = date.description
            app.outcome = Outcome.other1.rawValue
            return nil
        }
    }

    /// 条例第三十二条 / 第三十四条: a consultation letter was sent; the clock pauses until the reply.
    @discardableResult
    public func startConsultation(code: String, kind: ConsultationKind, sent: CalendarDate, actor: Actor, now: Date = Date()) async throws -> ApplicationRecord {
        try await perform(.consultationStarted, code: code, actor: actor, now: now) { app, tx in
            try Self.check(sent, notBefore: app, what: "征求意见", now: now)
            let c = ConsultationRecord()
            c.applicationID = app.id!
            c.kind = kind.rawValue
            c.sentDate = sent.description
            try await c.create(on: tx)
            return "\(kind.chinese)（\(kind.article)）"
        }
    }

    /// The reply to the open consultation arrived; the clock runs again.
    @discardableResult
    public func consultationReplied(code: String, replied: CalendarDate, actor: Actor, now: Date = Date()) async throws -> ApplicationRecord {
        try await perform(.consultationReplied, code: code, actor: actor, now: now) { app, tx in
            guard let open = try await ConsultationRecord.query(on: tx).filter(\.$applicationID == app.id!)
                .filter(\.$repliedDate == nil).sort(\.$sentDate, .descending).first() else {
                throw StoreError.invalid("申请 \(app.queryCode) 没有未回复的征求意见")
            }
            guard replied.description >= open.sentDate else { throw StoreError.invalid("回复日期 \(replied) 早于发函日期 \(open.sentDate)") }
            try Self.notFuture(replied, what: "收到回复", now: now)
            open.repliedDate = replied.description
            try await open.update(on: tx)
            return nil
        }
    }

    /// 条例第三十三条: one extension of at most 20 working days, approved by the head of the office (role `head`).
    /// - Throws: `ClockError` when it would be a second extension or longer than 20 working days.
    @discardableResult
    public func extend(code: String, days: Int, actor: Actor, now: Date = Date()) async throws -> ApplicationRecord {
        try await perform(.extensionGranted, code: code, actor: actor, now: now) { app, _ in
            let existing = app.extensionDays == 0 ? [] : [app.extensionDays]
            try StatutoryClock.checkExtensions(existing + [days])
            app.extensionDays = days
            return "延长\(days)个工作日"
        }
    }

    /// 条例第三十五条: a reasonable later answer date for an unreasonably large request (no maximum in the 条例), set
    /// once, on a working day, while the clock runs (in progress or under consultation), by the handler or the head.
    @discardableResult
    public func setReasonablePeriod(code: String, until date: CalendarDate, actor: Actor, now: Date = Date()) async throws -> ApplicationRecord {
        return try await transaction { tx in
            let calendar = try await self.workingCalendar(on: tx)
            guard let app = try await ApplicationRecord.query(on: tx).filter(\.$queryCode == code).first() else {
                throw StoreError.notFound("申请“\(code)”不存在（请核对查询码）")
            }
            let state = ApplicationState(rawValue: app.state)
            guard state?.isOpen == true else { throw StoreError.invalid("申请 \(code) 已办结") }
            guard state == .inProgress || state == .underConsultation else {
                throw StoreError.invalid("申请 \(code) 正在\(state?.label ?? app.state)，期限未在计算，不能确定合理期限")
            }
            guard [StaffRole.handler, .head].contains(actor.role) else {
                throw LifecycleError.roleNotAllowed(action: .extensionGranted, role: actor.role)
            }
            if let set = app.reasonableDate {
                throw StoreError.invalid("申请 \(code) 已确定合理期限 \(set)（条例第三十五条），不能再次确定")
            }
            let before = ApplicationSnapshot(app)
            guard let due = app.dueDate, date.description > due else { throw StoreError.invalid("合理期限 \(date) 应晚于法定答复期限 \(app.dueDate ?? "")") }
            guard try calendar.isWorkingDay(date) else { throw StoreError.invalid("合理期限 \(date) 不是工作日（\(date.chineseWeekday)或节假日）") }
            app.reasonableDate = date.description
            let consultations = try await ConsultationRecord.query(on: tx).filter(\.$applicationID == app.id!).all()
            app.dueDate = try Self.computeDue(app, consultations: consultations, calendar: calendar).dueDate.description
            try await app.update(on: tx)
            try await EventLog.append(.reasonablePeriodSet, on: tx, application: app.id, agency: app.agencyID, actor: actor, at: now,
                                      before: before, after: ApplicationSnapshot(app), detail: "条例第三十五条")
            return app
        }
    }

    /// Sends a fee notice (国办函〔2020〕109号): the amount from the tiers, one method per application; the applicant
    /// has 20 working days from the day after receiving it to pay.
    /// - Parameters:
    ///   - basis: per application (its running number in the applicant's calendar month, counted here when nil) or per volume.
    @discardableResult
    public func sendFeeNotice(code: String, basis: FeeBasis?, pages: Int? = nil, noticeReceived: CalendarDate, actor: Actor,
                              now: Date = Date()) async throws -> (ApplicationRecord, FeeNoticeRecord) {
        // The notice is made inside the transaction (which may run again) and handed out through this box.
        let sent = Locked<FeeNoticeRecord?>(nil)
        let app = try await perform(.feeNoticeSent, code: code, actor: actor, now: now) { app, tx in
            try Self.check(noticeReceived, notBefore: app, what: "收费通知", now: now)
            let resolved: FeeBasis
            if let basis { resolved = basis } else if let pages { resolved = .perVolume(pages: pages) } else {
                resolved = .perApplication(runningNumber: try await Self.monthlyRunningNumber(app, on: tx))
            }
            let amount = FeeSchedule.standard.fee(for: resolved)
            guard amount > 0 else { throw StoreError.invalid("按该标准不收费（\(FeeSchedule.standard.explanation(for: resolved))），无需发出收费通知") }
            let record = FeeNoticeRecord()
            record.applicationID = app.id!
            if case .perVolume = resolved { record.method = "per-volume" } else { record.method = "per-application" }
            record.amountYuan = amount
            record.noticeDate = noticeReceived.description
            record.payBy = try StatutoryClock(calendar: try await self.workingCalendar(on: tx)).feePaymentDeadline(noticeReceived: noticeReceived).description
            try await record.create(on: tx)
            sent.value = record
            return "\(FeeSchedule.standard.explanation(for: resolved))；缴费期限 \(record.payBy)"
        }
        return (app, sent.value!)
    }

    /// The application's running number among the same applicant's applications to this agency in its calendar month
    /// (按件计收, 国办函〔2020〕109号第四条).
    static func monthlyRunningNumber(_ app: ApplicationRecord, on db: any Database) async throws -> Int {
        let month = String(app.receivedDate.prefix(7))
        let same = try await ApplicationRecord.query(on: db).filter(\.$applicantID == app.applicantID)
            .filter(\.$receivedDate >= month + "-01").filter(\.$receivedDate <= month + "-31").sort(\.$receivedDate).sort(\.$createdAt).all()
        return (same.firstIndex { $0.id == app.id } ?? same.count - 1) + 1
    }

    /// The fee was paid; the clock runs again.
    @discardableResult
    public func feePaid(code: String, on date: CalendarDate, actor: Actor, now: Date = Date()) async throws -> ApplicationRecord {
        try await perform(.feePaid, code: code, actor: actor, now: now) { app, tx in
            guard let notice = try await FeeNoticeRecord.query(on: tx).filter(\.$applicationID == app.id!).filter(\.$paidDate == nil).first() else {
                throw StoreError.invalid("申请 \(app.queryCode) 没有待缴的收费通知")
            }
            guard date.description <= notice.payBy else {
                throw StoreError.invalid("缴费日期 \(date) 已过缴费期限 \(notice.payBy)：应视为放弃申请（逾期未缴费）")
            }
            try Self.notFuture(date, what: "缴费", now: now)
            notice.paidDate = date.description
            try await notice.update(on: tx)
            return "已缴 \(notice.amountYuan) 元"
        }
    }

    /// Unpaid after the period: deemed abandoned, counted in 表三（六）2 (2021 format).
    @discardableResult
    public func feeLapsed(code: String, on date: CalendarDate, actor: Actor, now: Date = Date()) async throws -> ApplicationRecord {
        try await perform(.feeLapsed, code: code, actor: actor, now: now) { app, tx in
            guard let notice = try await FeeNoticeRecord.query(on: tx).filter(\.$applicationID == app.id!).filter(\.$paidDate == nil).first() else {
                throw StoreError.invalid("申请 \(app.queryCode) 没有待缴的收费通知")
            }
            guard date.description > notice.payBy else { throw StoreError.invalid("缴费期限 \(notice.payBy) 尚未届满") }
            try Self.check(closing: date, app, what: "逾期未缴费", now: now)
            app.decidedDate = date.description
            app.outcome = Outcome.other2.rawValue
            return nil
        }
    }

    /// The answer (条例第三十六条), in the outcome the report counts.
    /// - Throws: `StoreError.invalid` for a date before receipt or the deemed-abandoned outcomes (use their own actions).
    @discardableResult
    public func decide(code: String, outcome: Outcome, on date: CalendarDate, actor: Actor, now: Date = Date()) async throws -> ApplicationRecord {
        guard outcome != .other1, outcome != .other2 else {
            throw StoreError.invalid("“\(outcome.label)”由逾期未补正 / 逾期未缴费记录，不能直接作出")
        }
        return try await perform(.decided, code: code, actor: actor, now: now) { app, _ in
            try Self.check(closing: date, app, what: "答复", now: now)
            app.decidedDate = date.description
            app.outcome = outcome.rawValue
            return outcome.label
        }
    }
}
