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

/// A consultation as the clock needs it (from `consultations`).
struct StoredConsultation: Sendable, Hashable {
    var id: UUID
    var kind: ConsultationKind
    var sent: CalendarDate
    var replied: CalendarDate?

    init(id: UUID, kind: ConsultationKind, sent: CalendarDate, replied: CalendarDate?) {
        self.id = id; self.kind = kind; self.sent = sent; self.replied = replied
    }

    /// - Throws: `StoreError.invalid` for a stored row whose dates are not ISO dates (a damaged database).
    init(_ r: ConsultationRecord) throws {
        guard let sent = CalendarDate(iso: r.sentDate) else { throw StoreError.invalid("征求意见记录的发函日期“\(r.sentDate)”无效") }
        self.init(id: r.id ?? UUID(), kind: ConsultationKind(rawValue: r.kind) ?? .thirdParty, sent: sent,
                  replied: r.repliedDate.flatMap(CalendarDate.init(iso:)))
    }
}

/// A fee notice as an action needs it (from `fee_notices`).
struct StoredFeeNotice: Sendable, Hashable {
    var id: UUID
    var amountYuan: Int
    var notice: CalendarDate
    var payBy: CalendarDate
    var paid: CalendarDate?
}

/// What an action reads of an application, in one statement: the record, its consultations and fee notices.
final class ActionContext: @unchecked Sendable {
    let app: ApplicationRecord
    /// Changed by the consultation actions, so the due date is recomputed with the new state.
    var consultations: [StoredConsultation]
    let fees: [StoredFeeNotice]
    /// The date of the step being recorded (given, or today in the agency's time zone).
    var stepDate: CalendarDate?

    init(app: ApplicationRecord, consultations: [StoredConsultation], fees: [StoredFeeNotice]) {
        self.app = app; self.consultations = consultations; self.fees = fees
    }

    /// The dated steps recorded so far (`ApplicationTimeline`, the one place their order is checked).
    var timeline: ApplicationTimeline { Store.timeline(app, consultations: consultations, fees: fees) }
}

extension Store {
    /// The dated steps of an application from its stored facts.
    static func timeline(_ app: ApplicationRecord, consultations: [StoredConsultation], fees: [StoredFeeNotice]) -> ApplicationTimeline {
        var steps: [ApplicationTimeline.Step] = []
        func add(_ kind: ApplicationTimeline.StepKind, _ iso: String?) {
            if let iso, let d = CalendarDate(iso: iso) { steps.append(.init(kind, d)) }
        }
        add(.received, app.receivedDate)
        add(.correctionRequested, app.correctionRequestedDate)
        add(.correctionReceived, app.correctedDate)
        add(.extensionGranted, app.extensionDays > 0 ? app.extensionDate : nil)
        for c in consultations {
            steps.append(.init(.consultationSent, c.sent))
            if let r = c.replied { steps.append(.init(.consultationReplied, r)) }
        }
        for f in fees {
            steps.append(.init(.feeNoticeReceived, f.notice))
            if let p = f.paid { steps.append(.init(.feePaid, p)) }
        }
        add(app.outcome == Outcome.other1.rawValue ? .correctionLapsed : .closed, app.outcome == nil ? nil : app.decidedDate)
        return ApplicationTimeline(steps: steps)
    }

    /// The statutory clock of an application from its stored facts (条例第三十、三十二、三十三、三十五条).
    /// - Throws: `CalendarError.yearNotCovered` when the count reaches a year without a holiday notice;
    ///   `StoreError.invalid` when a stored date is not an ISO date.
    ///
    /// A consultation excludes time only up to the consulted party's reply period of 15 working days after the letter
    /// (条例第三十二条 third party, 第三十四条 other agency; the letter's sending day stands for its receipt): a reply
    /// that never comes, or comes late, does not stop the clock for longer. While a reply is awaited, the stored due
    /// date (no `asOf`) is therefore the latest it can be, and an earlier reply brings it forward; explained as of a
    /// day, the consultation is shown open until then, as `gongkai clock` shows it.
    static func computeDue(_ app: ApplicationRecord, consultations: [StoredConsultation], calendar: WorkingDayCalendar,
                           asOf: CalendarDate? = nil) throws -> DueDateExplanation {
        let clock = StatutoryClock(calendar: calendar)
        guard let receipt = CalendarDate(iso: app.receivedDate) else { throw StoreError.invalid("申请 \(app.queryCode) 的收到日期“\(app.receivedDate)”无效") }
        let input = ClockInput(
            receiptDate: receipt, limitDays: app.limitDays,
            correctedReceiptDate: app.correctedDate.flatMap(CalendarDate.init(iso:)),
            consultations: try consultations.map {
                // Awaiting the reply: for the stored due date, the latest it can end (the clock caps every pause at
                // the reply deadline); explained as of a day, still open then.
                let replied = try $0.replied ?? (asOf == nil ? clock.consultationReplyDeadline(letterReceived: $0.sent, kind: $0.kind) : nil)
                return Consultation(sent: $0.sent, replied: replied, kind: $0.kind)
            },
            extensionDays: app.extensionDays, reasonablePeriodUntil: app.reasonableDate.flatMap(CalendarDate.init(iso:)), asOf: asOf)
        return try clock.explain(input)
    }

    /// The due date alone. Without consultations or a 第三十五条 date it is the (limit + extension)th working day after
    /// the clock start (条例第三十条、第三十三条) — an O(1) lookup on the indexed calendar, the same date `computeDue`
    /// explains; otherwise the full computation.
    static func dueDate(_ app: ApplicationRecord, consultations: [StoredConsultation], calendar: WorkingDayCalendar) throws -> String {
        if consultations.isEmpty && app.reasonableDate == nil, let start = CalendarDate(iso: app.clockStart) {
            return try calendar.addingWorkingDays(app.limitDays + app.extensionDays, to: start).description
        }
        return try computeDue(app, consultations: consultations, calendar: calendar).dueDate.description
    }

    /// The clock explained for an application as of `today`.
    /// - Throws: `CalendarError.yearNotCovered` naming the year when `today` or the period reaches a year without a
    ///   holiday notice (never a silent omission).
    public func explain(_ app: ApplicationRecord, asOf today: CalendarDate) async throws -> DueDateExplanation {
        try Self.computeDue(app, consultations: try await consultations(of: app).map(StoredConsultation.init), calendar: try await workingCalendar(), asOf: today)
    }

    /// Runs one lifecycle action in a transaction: checks the (state, action, role) triple and, when the action is a
    /// dated step, the step's date against every step already recorded (`ApplicationTimeline`: not before an earlier
    /// step, not in the future, not before 2008-05-01); applies `change`, recomputes the due date, writes the event with
    /// before/after. Nothing is written when anything throws.
    /// - Throws: `LifecycleError` (state or role), `InputError` (dates), `StoreError`, `ClockError`, `CalendarError`.
    func perform(_ action: ApplicationAction, code: String, step: ApplicationTimeline.StepKind?, on date: CalendarDate?, what: String? = nil,
                 actor: Actor, now: Date,
                 _ change: @escaping @Sendable (ActionContext, any Database) async throws -> (detail: String?, writes: [any SQLExpression])) async throws -> ApplicationRecord {
        return try await transaction { tx in
            let calendar = try await self.workingCalendar(on: tx)
            guard let context = try await Self.applicationForAction(code: code, on: tx) else {
                throw StoreError.notFound("申请“\(code)”不存在（请核对查询码）")
            }
            let app = context.app
            let state = ApplicationState(rawValue: app.state) ?? .inProgress
            let next = try ApplicationLifecycle.next(from: state, action: action, role: actor.role)
            if let step {
                // Nothing after today in the agency's own time zone; a step without a date given happens today.
                let today = try await self.agencyToday(id: app.agencyID, now: now, on: tx)
                let day = date ?? today
                try context.timeline.checkAppending(.init(step, day), what: what, today: today)
                context.stepDate = day
            }
            let before = ApplicationSnapshot(app)
            var (detail, writes) = try await change(context, tx)
            app.state = next.rawValue
            if next.isOpen {
                // A period reaching a year without a holiday notice: recorded without a due date (as when received),
                // recomputed when the notice is imported.
                do { app.dueDate = try Self.dueDate(app, consultations: context.consultations, calendar: calendar) } catch let e as CalendarError {
                    guard case .yearNotCovered = e else { throw e }
                    app.dueDate = nil
                    detail = [detail, "暂无法计算答复期限：\(e)"].compactMap { $0 }.joined(separator: "；")
                }
            }
            let event = EventLog.statement(EventKind(action), application: app.id, agency: app.agencyID, actor: actor, at: now,
                                           before: before, after: ApplicationSnapshot(app), detail: detail)
            try await ModelSQL.pipeline(writes + [try ModelSQL.updateStatement(app), event].compactMap { $0 }, on: tx)
            return app
        }
    }

    /// The application by query code with its consultations and fee notices, in one statement.
    static func applicationForAction(code: String, on db: any Database) async throws -> ActionContext? {
        let statement = SQLList([
            SQLRaw("""
                SELECT a.*, c.id AS gk_c_id, c.kind AS gk_c_kind, c.sent_date AS gk_c_sent, c.replied_date AS gk_c_replied, \
                f.id AS gk_f_id, f.amount_yuan AS gk_f_amount, f.notice_date AS gk_f_notice, f.pay_by AS gk_f_pay_by, \
                f.paid_date AS gk_f_paid FROM applications a LEFT JOIN consultations c ON c.application_id = a.id \
                LEFT JOIN fee_notices f ON f.application_id = a.id WHERE a.query_code = 
                """), SQLBind(code),
        ], separator: SQLRaw(""))
        nonisolated(unsafe) var rows: [any SQLRow] = []
        try await (db as! any SQLDatabase).execute(sql: statement) { rows.append($0) }
        guard let first = rows.first else { return nil }
        let app = try first.decode(fluentModel: ApplicationRecord.self)
        var consultations: [UUID: StoredConsultation] = [:], fees: [UUID: StoredFeeNotice] = [:]
        for row in rows {
            if let id = try row.decode(column: "gk_c_id", as: UUID?.self), consultations[id] == nil {
                let sent = try row.decode(column: "gk_c_sent", as: String.self)
                guard let s = CalendarDate(iso: sent) else { throw StoreError.invalid("征求意见记录的发函日期“\(sent)”无效") }
                consultations[id] = StoredConsultation(
                    id: id, kind: ConsultationKind(rawValue: try row.decode(column: "gk_c_kind", as: String.self)) ?? .thirdParty, sent: s,
                    replied: try row.decode(column: "gk_c_replied", as: String?.self).flatMap(CalendarDate.init(iso:)))
            }
            if let id = try row.decode(column: "gk_f_id", as: UUID?.self), fees[id] == nil {
                let notice = try row.decode(column: "gk_f_notice", as: String.self), payBy = try row.decode(column: "gk_f_pay_by", as: String.self)
                guard let n = CalendarDate(iso: notice), let p = CalendarDate(iso: payBy) else { throw StoreError.invalid("收费通知记录的日期无效") }
                fees[id] = StoredFeeNotice(id: id, amountYuan: try row.decode(column: "gk_f_amount", as: Int.self), notice: n, payBy: p,
                                           paid: try row.decode(column: "gk_f_paid", as: String?.self).flatMap(CalendarDate.init(iso:)))
            }
        }
        return ActionContext(app: app, consultations: consultations.values.sorted { ($0.sent, $0.id.uuidString) < ($1.sent, $1.id.uuidString) },
                             fees: fees.values.sorted { $0.notice < $1.notice })
    }

    /// 条例第三十条: tells the applicant to correct the application. The notice is due within 7 working days of receipt;
    /// a later notice is refused unless `lateReason` says why (recorded in the event with the deadline it missed).
    /// - Throws: `InputError` for a date out of order or a late notice without a reason; the lifecycle's errors.
    @discardableResult
    public func requestCorrection(code: String, on date: CalendarDate, lateReason: String? = nil, actor: Actor,
                                  now: Date = Date()) async throws -> ApplicationRecord {
        let reason = try lateReason.map { try CleanText.requiredLine($0, field: .lateReason, maxLength: InputLimits.shortText) }
        return try await perform(.correctionRequested, code: code, step: .correctionRequested, on: date, what: "补正告知", actor: actor, now: now) { context, tx in
            let app = context.app
            let calendar = try await self.workingCalendar(on: tx)
            app.correctionRequestedDate = date.description
            let deadline = try StatutoryClock(calendar: calendar).correctionNoticeDeadline(received: CalendarDate(iso: app.receivedDate)!)
            guard date > deadline else { return ("补正告知期限 \(deadline)", []) }
            guard let reason else {
                throw InputError(InputField("date", "补正告知日期"), " \(date) 晚于法定期限 \(deadline)（条例第三十条：收到申请之日起7个工作日内一次性告知）；如确需补正，请说明逾期理由后登记")
            }
            return ("补正告知晚于法定期限 \(deadline)（条例第三十条：7个工作日内一次性告知）；逾期理由：\(reason)", [])
        }
    }

    /// 条例第三十条: the corrected application arrived; the answer period restarts from this day.
    @discardableResult
    public func correctionReceived(code: String, on date: CalendarDate, actor: Actor, now: Date = Date()) async throws -> ApplicationRecord {
        try await perform(.correctionReceived, code: code, step: .correctionReceived, on: date, what: "收到补正", actor: actor, now: now) { context, _ in
            context.app.correctedDate = date.description
            context.app.clockStart = date.description
            return (nil, [])
        }
    }

    /// 条例第三十条: no correction within the period — deemed abandoned, counted in 表三（六）1 (2021 format).
    @discardableResult
    public func correctionLapsed(code: String, on date: CalendarDate, actor: Actor, now: Date = Date()) async throws -> ApplicationRecord {
        try await perform(.correctionLapsed, code: code, step: .correctionLapsed, on: date, what: "逾期未补正", actor: actor, now: now) { context, _ in
            context.app.decidedDate = date.description
            context.app.outcome = Outcome.other1.rawValue
            return (nil, [])
        }
    }

    /// 条例第三十二条 / 第三十四条: a consultation letter was sent; the clock pauses until the reply.
    @discardableResult
    public func startConsultation(code: String, kind: ConsultationKind, sent: CalendarDate, actor: Actor, now: Date = Date()) async throws -> ApplicationRecord {
        try await perform(.consultationStarted, code: code, step: .consultationSent, on: sent, what: "征求意见", actor: actor, now: now) { context, _ in
            let c = ConsultationRecord()
            c.id = UUID()
            c.applicationID = context.app.id!
            c.kind = kind.rawValue
            c.sentDate = sent.description
            context.consultations.append(StoredConsultation(id: c.id!, kind: kind, sent: sent, replied: nil))
            return ("\(kind.chinese)（\(kind.article)）", [ModelSQL.insertStatement(c)])
        }
    }

    /// The reply to the open consultation arrived; the clock runs again.
    @discardableResult
    public func consultationReplied(code: String, replied: CalendarDate, actor: Actor, now: Date = Date()) async throws -> ApplicationRecord {
        try await perform(.consultationReplied, code: code, step: .consultationReplied, on: replied, what: "收到回复", actor: actor, now: now) { context, _ in
            guard let i = context.consultations.lastIndex(where: { $0.replied == nil }) else {
                throw StoreError.invalid("申请 \(context.app.queryCode) 没有未回复的征求意见")
            }
            let open = context.consultations[i]
            context.consultations[i].replied = replied
            return (nil, [SQLList([SQLRaw("UPDATE consultations SET replied_date = "), SQLBind(replied.description),
                                   SQLRaw(" WHERE id = "), SQLBind(open.id)], separator: SQLRaw(""))])
        }
    }

    /// 条例第三十三条: one extension of at most 20 working days, approved by the head of the office (role `head`) and
    /// told to the applicant on `date` (default today in the agency's time zone), within the answer period.
    /// - Throws: `ClockError` when it would be a second extension or longer than 20 working days; `InputError` for a
    ///   date after the due date or out of order.
    @discardableResult
    public func extend(code: String, days: Int, on date: CalendarDate? = nil, actor: Actor, now: Date = Date()) async throws -> ApplicationRecord {
        // Decided and told on `date` (default today in the agency's time zone), before the period runs out.
        try await perform(.extensionGranted, code: code, step: .extensionGranted, on: date, what: "延长答复期限", actor: actor, now: now) { context, _ in
            let day = context.stepDate!
            let existing = context.app.extensionDays == 0 ? [] : [context.app.extensionDays]
            try StatutoryClock.checkExtensions(existing + [days])
            if let due = context.app.reasonableDate ?? context.app.dueDate, day.description > due {
                throw InputError(.recordOrder, "答复期限已于 \(due) 届满，\(day) 不能再延长：延长须在答复期限内经负责人同意并告知申请人（条例第三十三条）")
            }
            context.app.extensionDays = days
            context.app.extensionDate = day.description
            return ("延长\(days)个工作日（\(day) 决定并告知）", [])
        }
    }

    /// 条例第三十五条: a reasonable later answer date for an unreasonably large request (no maximum in the 条例), set
    /// once, on a working day, while the clock runs (in progress or under consultation), by the handler or the head.
    /// - Throws: `StoreError.invalid` naming the reason a day is not a working day (e.g. "2024-10-01 是国庆节放假日").
    @discardableResult
    public func setReasonablePeriod(code: String, until date: CalendarDate, actor: Actor, now: Date = Date()) async throws -> ApplicationRecord {
        return try await transaction { tx in
            let calendar = try await self.workingCalendar(on: tx)
            guard let context = try await Self.applicationForAction(code: code, on: tx) else {
                throw StoreError.notFound("申请“\(code)”不存在（请核对查询码）")
            }
            let app = context.app
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
            let kind = try calendar.dayKind(date)
            guard kind.isWorkingDay else { throw StoreError.invalid("合理期限 \(date) 不是工作日：\(kind.chineseReason(date))") }
            app.reasonableDate = date.description
            app.dueDate = try Self.computeDue(app, consultations: context.consultations, calendar: calendar).dueDate.description
            try await ModelSQL.pipeline([try ModelSQL.updateStatement(app)].compactMap { $0 }, on: tx)
            try await EventLog.append(.reasonablePeriodSet, on: tx, application: app.id, agency: app.agencyID, actor: actor, at: now,
                                      before: before, after: ApplicationSnapshot(app), detail: "条例第三十五条")
            return app
        }
    }

    /// Sends a fee notice (国办函〔2020〕109号): the amount from the tiers, one method per application, once per
    /// application (第三条); the applicant has 20 working days from the day after receiving it to pay.
    /// - Parameters:
    ///   - basis: per application (its running number in the applicant's calendar month, counted here when nil) or per volume.
    ///   - pages: per volume, 0…`FeeSchedule.maximumPages` pages.
    /// - Throws: `InputError` for a page count out of bounds, a notice dated out of order, or a second notice (one
    ///   charge per application); `StoreError.invalid` when the tariff charges nothing.
    @discardableResult
    public func sendFeeNotice(code: String, basis: FeeBasis?, pages: Int? = nil, noticeReceived: CalendarDate, actor: Actor,
                              now: Date = Date()) async throws -> (ApplicationRecord, FeeNoticeRecord) {
        if let basis { try FeeSchedule.check(basis) }
        if let pages { try FeeSchedule.check(.perVolume(pages: pages)) }
        // The notice is made inside the transaction (which may run again) and handed out through this box.
        let sent = Locked<FeeNoticeRecord?>(nil)
        let app = try await perform(.feeNoticeSent, code: code, step: .feeNoticeReceived, on: noticeReceived, what: "收费通知", actor: actor, now: now) { context, tx in
            let app = context.app
            let resolved: FeeBasis
            if let basis { resolved = basis } else if let pages { resolved = .perVolume(pages: pages) } else {
                resolved = .perApplication(runningNumber: try await Self.monthlyRunningNumber(app, on: tx))
            }
            let amount = try FeeSchedule.standard.fee(for: resolved)
            let explanation = try FeeSchedule.standard.explanation(for: resolved)
            guard amount > 0 else { throw StoreError.invalid("按该标准不收费（\(explanation)），无需发出收费通知") }
            let record = FeeNoticeRecord()
            record.id = UUID()
            record.applicationID = app.id!
            if case .perVolume = resolved { record.method = "per-volume" } else { record.method = "per-application" }
            record.amountYuan = amount
            record.noticeDate = noticeReceived.description
            record.payBy = try StatutoryClock(calendar: try await self.workingCalendar(on: tx)).feePaymentDeadline(noticeReceived: noticeReceived).description
            sent.value = record
            return ("\(explanation)；缴费期限 \(record.payBy)", [ModelSQL.insertStatement(record)])
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

    /// The fee was paid (on or after the notice, by the payment deadline); the clock runs again.
    /// - Throws: `InputError` for a payment before the notice or in the future; `StoreError.invalid` after the deadline.
    @discardableResult
    public func feePaid(code: String, on date: CalendarDate, actor: Actor, now: Date = Date()) async throws -> ApplicationRecord {
        try await perform(.feePaid, code: code, step: .feePaid, on: date, what: "缴费", actor: actor, now: now) { context, _ in
            guard let notice = context.fees.first(where: { $0.paid == nil }) else {
                throw StoreError.invalid("申请 \(context.app.queryCode) 没有待缴的收费通知")
            }
            guard date <= notice.payBy else {
                throw StoreError.invalid("缴费日期 \(date) 已过缴费期限 \(notice.payBy)：应视为放弃申请（逾期未缴费）")
            }
            return ("已缴 \(notice.amountYuan) 元", [SQLList([SQLRaw("UPDATE fee_notices SET paid_date = "), SQLBind(date.description),
                                                        SQLRaw(" WHERE id = "), SQLBind(notice.id)], separator: SQLRaw(""))])
        }
    }

    /// Unpaid after the period: deemed abandoned, counted in 表三（六）2 (2021 format).
    @discardableResult
    public func feeLapsed(code: String, on date: CalendarDate, actor: Actor, now: Date = Date()) async throws -> ApplicationRecord {
        try await perform(.feeLapsed, code: code, step: .closed, on: date, what: "逾期未缴费", actor: actor, now: now) { context, _ in
            guard let notice = context.fees.first(where: { $0.paid == nil }) else {
                throw StoreError.invalid("申请 \(context.app.queryCode) 没有待缴的收费通知")
            }
            guard date > notice.payBy else { throw StoreError.invalid("缴费期限 \(notice.payBy) 尚未届满") }
            context.app.decidedDate = date.description
            context.app.outcome = Outcome.other2.rawValue
            return (nil, [])
        }
    }

    /// The answer (条例第三十六条), in the outcome the report counts.
    /// - Throws: `InputError` for a date before a recorded step or in the future; `StoreError.invalid` for the
    ///   deemed-abandoned outcomes (use their own actions).
    @discardableResult
    public func decide(code: String, outcome: Outcome, on date: CalendarDate, actor: Actor, now: Date = Date()) async throws -> ApplicationRecord {
        guard outcome != .other1, outcome != .other2 else {
            throw StoreError.invalid("“\(outcome.label)”由逾期未补正 / 逾期未缴费记录，不能直接作出")
        }
        return try await perform(.decided, code: code, step: .closed, on: date, what: "答复", actor: actor, now: now) { context, _ in
            context.app.decidedDate = date.description
            context.app.outcome = outcome.rawValue
            return (outcome.label, [])
        }
    }
}
