import DisclosureRules
import DisclosureStore
import Foundation

/// What staff see of an application: labels, dates and the masked name — no personal identifiers.
public struct ApplicationSummary: Sendable, Codable, Equatable {
    public var queryCode: String
    public var agency: String
    /// The masked name (`Privacy.maskName`: 张*; an organisation's name kept).
    public var applicant: String
    public var applicantKind: String
    public var channel: String
    public var receivedDate: String
    public var clockStart: String
    public var state: String
    public var dueDate: String?
    /// Working days of the one extension (条例第三十三条).
    public var extensionDays: Int
    public var decidedDate: String?
    public var outcome: String?
    public var duplicateOf: String?
    /// Derived on the as-of date (`Overdue`).
    public var overdue: Bool
}

/// An application with its clock explained and its event log.
public struct ApplicationDetail: Sendable, Encodable {
    public var application: ApplicationSummary
    /// The clock as of the day asked, for an open application.
    public var clock: DueDateExplanation?
    /// Why `clock` is missing for an open application (a year without a holiday notice), in Chinese.
    public var clockProblem: String?
    public var events: [EventEntry]

    public struct EventEntry: Sendable, Encodable {
        public var at: Date
        public var kind: String
        public var actor: String
        public var role: String
        public var before: String?
        public var after: String?
        public var detail: String?
    }
}

/// What an applicant gives (条例第二十九条): the kind (a column of table 三), the name, an identity document,
/// contacts. Identifiers are checked and normalised when received; never shown.
public struct ApplicantDetails: Sendable, Equatable {
    public var kind: ApplicantKind
    public var name: String
    public var idType: IdentityDocumentKind?
    public var idNumber: String?
    public var phone: String?
    public var address: String?
    public var email: String?
    public init(kind: ApplicantKind, name: String, idType: IdentityDocumentKind? = nil, idNumber: String? = nil, phone: String? = nil,
                address: String? = nil, email: String? = nil) {
        self.kind = kind; self.name = name; self.idType = idType; self.idNumber = idNumber; self.phone = phone
        self.address = address; self.email = email
    }
}

/// How the receipt date (条例第三十一条) is given: moments as typed (parsed by `Timestamp` in the agency's time zone)
/// or the date itself.
public enum ReceiptInput: Sendable, Equatable {
    /// Submitted (and, for 平常信函 / 互联网 / 传真, confirmed) at these moments; nil submitted: now.
    case moments(submitted: String?, confirmed: String?)
    /// The receipt date itself (e.g. a confirmation recorded on paper).
    case date(CalendarDate)
}

/// A registered application.
public struct ReceiveOutcome: Sendable, Encodable {
    public var application: ApplicationSummary
    /// The query code of an earlier identical application (flagged, not refused).
    public var duplicateOf: String?
    /// Why no due date could be computed (a year without a holiday notice).
    public var dueDateProblem: String?
    /// What the clerk should check, e.g. an online submission without its confirmation moment.
    public var warnings: [String]
}

/// A fee notice sent (国办函〔2020〕109号).
public struct FeeNoticeOutcome: Sendable {
    public var application: ApplicationSummary
    /// 元.
    public var amountYuan: Int
    /// "per-application" (按件) or "per-volume" (按量).
    public var method: String
    public var payBy: String
}

extension Service {
    // MARK: Views

    /// The staff view of an application record as of `today`.
    func summary(_ app: ApplicationRecord, asOf today: CalendarDate) async throws -> ApplicationSummary {
        let facts = try await store.summaryFacts(app)
        return ApplicationSummary(
            queryCode: app.queryCode, agency: facts.agency,
            applicant: Privacy.maskName(facts.applicant, kind: ApplicantKind(rawValue: app.applicantKind)),
            applicantKind: ApplicantKind(rawValue: app.applicantKind)?.label ?? app.applicantKind,
            channel: SubmissionChannel(rawValue: app.channel)?.chinese ?? app.channel,
            receivedDate: app.receivedDate, clockStart: app.clockStart,
            state: ApplicationState(rawValue: app.state)?.label ?? app.state, dueDate: app.dueDate,
            extensionDays: app.extensionDays, decidedDate: app.decidedDate,
            outcome: app.outcome.flatMap { Outcome(rawValue: $0)?.label }, duplicateOf: facts.duplicateOf,
            overdue: Overdue.isOverdue(state: app.state, dueDate: app.dueDate, reasonableDate: app.reasonableDate, asOf: today))
    }

    /// The summary as of today in the application's agency's time zone.
    func summaryToday(_ app: ApplicationRecord, now: Date) async throws -> ApplicationSummary {
        try await summary(app, asOf: try await store.agencyToday(id: app.agencyID, now: now))
    }

    /// Today in an agency's time zone — the one "today" of every front end.
    /// - Throws: `ServiceError` (`notFound`).
    public func today(agencyCode: String, now: Date = Date()) async throws -> CalendarDate {
        try await run { try await store.agencyToday(code: agencyCode, now: now) }
    }

    // MARK: Receiving

    /// Registers an application (条例第二十九条) and computes its due date (条例第三十三条); the receipt date follows
    /// 条例第三十一条 from the channel in the agency's time zone. See `Store.receive` for every check.
    /// - Throws: `ServiceError` (`invalidInput` naming the field, `notFound`).
    public func receive(agencyCode: String, applicant: ApplicantDetails, channel: SubmissionChannel, text: String, receipt: ReceiptInput,
                        details: RequestDetails = RequestDetails(), by member: StaffMember, now: Date = Date()) async throws -> ReceiveOutcome {
        try authorize(member, .handleApplications, agencyCode: agencyCode)
        return try await run {
            var submittedAt: Date?, confirmedAt: Date?, receivedDate: CalendarDate?
            switch receipt {
            case .date(let d): receivedDate = d
            case .moments(let s, let c):
                // Times typed without a zone are read in the agency's time zone (one parser: `Timestamp`).
                let zone = try await store.agencyTimeZone(code: agencyCode)
                submittedAt = try s.map { try Timestamp.parse($0, field: .submittedAt, timeZone: zone) }
                confirmedAt = try c.map { try Timestamp.parse($0, field: .confirmedAt, timeZone: zone) }
            }
            let input = ApplicantInput(kind: applicant.kind, name: applicant.name, idType: applicant.idType, idNumber: applicant.idNumber,
                                       phone: applicant.phone, address: applicant.address, email: applicant.email)
            let r = try await store.receive(agencyCode: agencyCode, applicant: input, channel: channel, text: text, submittedAt: submittedAt,
                                            confirmedAt: confirmedAt, receivedDate: receivedDate, details: details, actor: member.actor, now: now)
            return ReceiveOutcome(application: try await summaryToday(r.application, now: now), duplicateOf: r.duplicateOf,
                                  dueDateProblem: r.dueDateProblem, warnings: r.warnings)
        }
    }

    // MARK: Actions

    /// 条例第三十条: tells the applicant to correct the application (a notice after 7 working days needs `lateReason`).
    public func requestCorrection(code: String, on date: CalendarDate, lateReason: String? = nil, by member: StaffMember,
                                  now: Date = Date()) async throws -> ApplicationSummary {
        try await authorize(member, .handleApplications, applicationCode: code)
        return try await run { try await summaryToday(try await store.requestCorrection(code: code, on: date, lateReason: lateReason, actor: member.actor, now: now), now: now) }
    }

    /// 条例第三十条: the corrected application arrived; the clock restarts.
    public func correctionReceived(code: String, on date: CalendarDate, by member: StaffMember, now: Date = Date()) async throws -> ApplicationSummary {
        try await authorize(member, .handleApplications, applicationCode: code)
        return try await run { try await summaryToday(try await store.correctionReceived(code: code, on: date, actor: member.actor, now: now), now: now) }
    }

    /// 条例第三十条: not corrected in time — deemed abandoned (表三（六）1).
    public func correctionLapsed(code: String, on date: CalendarDate, by member: StaffMember, now: Date = Date()) async throws -> ApplicationSummary {
        try await authorize(member, .handleApplications, applicationCode: code)
        return try await run { try await summaryToday(try await store.correctionLapsed(code: code, on: date, actor: member.actor, now: now), now: now) }
    }

    /// 条例第三十二条 / 第三十四条: a consultation letter sent; the clock pauses.
    public func startConsultation(code: String, kind: ConsultationKind, sent: CalendarDate, by member: StaffMember,
                                  now: Date = Date()) async throws -> ApplicationSummary {
        try await authorize(member, .handleApplications, applicationCode: code)
        return try await run { try await summaryToday(try await store.startConsultation(code: code, kind: kind, sent: sent, actor: member.actor, now: now), now: now) }
    }

    /// The reply to the open consultation arrived; the clock runs again.
    public func consultationReplied(code: String, replied: CalendarDate, by member: StaffMember, now: Date = Date()) async throws -> ApplicationSummary {
        try await authorize(member, .handleApplications, applicationCode: code)
        return try await run { try await summaryToday(try await store.consultationReplied(code: code, replied: replied, actor: member.actor, now: now), now: now) }
    }

    /// 条例第三十三条: one extension of at most 20 working days, by the head of the office, decided on `date` (default
    /// today in the agency's time zone) before the answer period ran out.
    public func extend(code: String, days: Int, on date: CalendarDate? = nil, by member: StaffMember, now: Date = Date()) async throws -> ApplicationSummary {
        try await authorize(member, .handleApplications, applicationCode: code)
        return try await run { try await summaryToday(try await store.extend(code: code, days: days, on: date, actor: member.actor, now: now), now: now) }
    }

    /// 条例第三十五条: a reasonable later answer date, once, on a working day.
    public func setReasonablePeriod(code: String, until date: CalendarDate, by member: StaffMember, now: Date = Date()) async throws -> ApplicationSummary {
        try await authorize(member, .handleApplications, applicationCode: code)
        return try await run { try await summaryToday(try await store.setReasonablePeriod(code: code, until: date, actor: member.actor, now: now), now: now) }
    }

    /// A fee notice (国办函〔2020〕109号): per volume when `pages` is given, else per application.
    public func sendFeeNotice(code: String, pages: Int?, noticeReceived: CalendarDate, by member: StaffMember,
                              now: Date = Date()) async throws -> FeeNoticeOutcome {
        try await authorize(member, .handleApplications, applicationCode: code)
        return try await run {
            let (app, notice) = try await store.sendFeeNotice(code: code, basis: nil, pages: pages, noticeReceived: noticeReceived,
                                                             actor: member.actor, now: now)
            return FeeNoticeOutcome(application: try await summaryToday(app, now: now), amountYuan: notice.amountYuan, method: notice.method,
                                    payBy: notice.payBy)
        }
    }

    /// The fee was paid (by the deadline).
    public func feePaid(code: String, on date: CalendarDate, by member: StaffMember, now: Date = Date()) async throws -> ApplicationSummary {
        try await authorize(member, .handleApplications, applicationCode: code)
        return try await run { try await summaryToday(try await store.feePaid(code: code, on: date, actor: member.actor, now: now), now: now) }
    }

    /// Unpaid after the period: deemed abandoned (表三（六）2).
    public func feeLapsed(code: String, on date: CalendarDate, by member: StaffMember, now: Date = Date()) async throws -> ApplicationSummary {
        try await authorize(member, .handleApplications, applicationCode: code)
        return try await run { try await summaryToday(try await store.feeLapsed(code: code, on: date, actor: member.actor, now: now), now: now) }
    }

    /// The answer (条例第三十六条) in the outcome table 三 counts.
    public func decide(code: String, outcome: Outcome, on date: CalendarDate, by member: StaffMember, now: Date = Date()) async throws -> ApplicationSummary {
        try await authorize(member, .handleApplications, applicationCode: code)
        return try await run { try await summaryToday(try await store.decide(code: code, outcome: outcome, on: date, actor: member.actor, now: now), now: now) }
    }

    // MARK: Reading

    /// One application with its clock explained as of `asOf` (default: today in its agency's time zone) and its
    /// event log. When the clock cannot be explained for a day asked for explicitly (a year without a holiday notice)
    /// it is refused; for today, `clockProblem` says why.
    /// - Throws: `ServiceError` (`notFound`, `calendarNotLoaded` for an explicit as-of date).
    public func application(code: String, asOf: CalendarDate? = nil, now: Date = Date()) async throws -> ApplicationDetail {
        try await run {
            let app = try await store.requireApplication(code: code)
            let day: CalendarDate
            if let asOf { day = asOf } else { day = try await store.agencyToday(id: app.agencyID, now: now) }
            var clock: DueDateExplanation?
            var problem: String?
            if ApplicationState(rawValue: app.state)?.isOpen == true {
                do { clock = try await store.explain(app, asOf: day) } catch let e as CalendarError {
                    if asOf != nil { throw ServiceError(.calendarNotLoaded, "无法按 \(day) 说明答复期限：\(e.description)") }
                    problem = "无法说明答复期限：\(e.description)"
                }
            }
            let events = try await store.events(application: app.id!).map {
                ApplicationDetail.EventEntry(at: $0.at, kind: $0.kind, actor: $0.actor, role: $0.role, before: $0.before, after: $0.after, detail: $0.detail)
            }
            return ApplicationDetail(application: try await summary(app, asOf: day), clock: clock, clockProblem: problem, events: events)
        }
    }

    /// Applications of an agency (all when nil), oldest first; `overdueOnly` keeps open ones past their due date on
    /// `asOf` (default: today in each application's agency's time zone).
    public func applications(agencyCode: String? = nil, overdueOnly: Bool = false, asOf: CalendarDate? = nil,
                             now: Date = Date()) async throws -> [ApplicationSummary] {
        try await run {
            var out: [ApplicationSummary] = []
            for app in try await store.applications(agencyCode: agencyCode, overdueOnly: overdueOnly, asOf: asOf) {
                let day: CalendarDate
                if let asOf { day = asOf } else { day = try await store.agencyToday(id: app.agencyID, now: now) }
                let s = try await summary(app, asOf: day)
                if overdueOnly && !s.overdue { continue }
                out.append(s)
            }
            return out
        }
    }
}
