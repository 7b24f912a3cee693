import DisclosureRules
import DisclosureStore
import Foundation

/// The staff queue's filters, as a page or the API sends them.
public struct QueueFilter: Sendable, Codable, Equatable {
    /// One agency in the member's scope; nil: every agency in it.
    public var agencyCode: String?
    /// An `ApplicationState` raw value, "open" (every state but decided: the default) or "all".
    public var state: String?
    /// A `SubmissionChannel` raw value.
    public var channel: String?
    /// An `ApplicantKind` raw value.
    public var applicantKind: String?
    /// Only applications past their due date (`Overdue`).
    public var overdue = false
    /// Only applications due within `Service.dueSoonWorkingDays` working days and not yet overdue.
    public var dueSoon = false
    /// Words in the request, title, 文号, query code — and the applicant's name for staff who may see it.
    public var search: String?
    /// 1-based.
    public var page = 1
    /// 1…100.
    public var pageSize = 20
    public init() {}
}

/// One line of the staff queue.
public struct QueueItem: Sendable, Codable, Equatable {
    public var queryCode: String
    public var agencyCode: String
    public var agency: String
    /// Masked (`Privacy.maskName`).
    public var applicant: String
    public var applicantKind: String
    public var channel: String
    public var receivedDate: String
    /// `ApplicationState` raw value and label.
    public var state: String
    public var stateLabel: String
    /// The due date in force (the 第三十五条 date when one was set).
    public var dueDate: String?
    /// Working days from today to the due date (0: due today); negative: working days overdue. Nil when decided, when
    /// the applicant holds the application (correction, payment), or when the calendar does not cover the dates.
    public var workingDaysLeft: Int?
    public var overdue: Bool
    public var dueSoon: Bool
    /// The information's title, else the start of the request text.
    public var subject: String
    public var decidedDate: String?
    public var outcome: String?
}

/// One page of the queue.
public struct QueuePage: Sendable, Codable, Equatable {
    public var items: [QueueItem]
    /// How many applications match, counted up to `Store.queueCountLimit` (2,000).
    public var total: Int
    /// More than `total` match: the filter should be narrowed (pages reach only that far).
    public var more: Bool
    public var page: Int
    public var pageSize: Int
    public var pageCount: Int
    /// The day "overdue" and "working days left" are measured on (today in the agency's time zone).
    public var today: String
}

/// The applicant as the staff page shows it: in full to the agency's handling staff, masked to everyone else
/// (oversight officers).
public struct ApplicantView: Sendable, Codable, Equatable {
    public var name: String
    public var kind: String
    public var idType: String?
    public var idNumber: String?
    public var phone: String?
    public var address: String?
    public var email: String?
    /// Whether the values are masked.
    public var masked: Bool
}

/// A step the member may take now, with what it does to the due date.
public struct ActionOption: Sendable, Codable, Equatable {
    /// `ApplicationAction` raw value.
    public var action: String
    public var label: String
    /// What the step does to the clock, with the new due date where it can be known now (Chinese).
    public var effect: String
}

/// The staff page of an application.
public struct StaffApplication: Sendable, Encodable {
    public var detail: ApplicationDetail
    public var agencyCode: String
    /// `ApplicationState` raw value.
    public var state: String
    public var applicant: ApplicantView
    public var requestText: String
    public var infoTitle: String?
    public var documentNumber: String?
    public var provisionForm: String?
    public var deliveryMethod: String?
    /// The clock in words, step by step (`ClockSummary`), for an open application.
    public var clockLines: [String]
    public var actions: [ActionOption]
    /// Open consultation (the reply is awaited).
    public var consultationOpen: Bool
}

/// A lifecycle step as a form or the API sends it: the action, its date and what the action needs.
public struct StaffAction: Sendable, Codable, Equatable {
    /// `ApplicationAction` raw value.
    public var action: String
    /// The step's date, ISO `YYYY-MM-DD`; empty: today in the agency's time zone.
    public var date: String?
    /// `Outcome` raw value (decided).
    public var outcome: String?
    /// `ConsultationKind` raw value (consultationStarted).
    public var consultationKind: String?
    /// Working days (extensionGranted), 1…20.
    public var days: Int?
    /// Pages (feeNoticeSent per volume; empty: per application).
    public var pages: Int?
    /// Why a correction notice comes after 7 working days.
    public var lateReason: String?
    public init(action: String) { self.action = action }
}

extension Service {
    /// The most lines a queue page holds.
    public static let maximumPageSize = 100
    /// The last page number asked for that is taken (the queue counts at most `Store.queueCountLimit` lines).
    public static let maximumPage = 10_000

    /// How many working days ahead counts as "due soon" in the queue.
    public static let dueSoonWorkingDays = Reminders.dueSoonWorkingDays

    func agencyNames() async throws -> [UUID: (code: String, name: String, zone: String)] {
        var out: [UUID: (String, String, String)] = [:]
        for a in try await store.agencyDirectory() { out[a.id] = (a.code, a.name, a.timeZone) }
        return out
    }

    /// The codes of the agencies a member's queue reads (those named by `agencyCode`, within the scope).
    func queueAgencies(_ member: StaffMember, agencyCode: String?) async throws -> [String] {
        if let agencyCode, !agencyCode.isEmpty {
            try authorize(member, .readApplications, agencyCode: agencyCode)
            return [agencyCode]
        }
        try authorize(member, .readApplications)
        switch member.scope {
        case .all: return try await store.agencies().map(\.code)
        case .agencies(let codes): return codes
        }
    }

    /// One page of the staff queue: the member's agencies (or one of them), filtered, searched, open applications
    /// by due date first. Names masked; working days left on the official calendar.
    /// - Throws: `ServiceError` (`notAllowed`, `notFound` for an agency out of scope, `invalidInput` for a filter value,
    ///   a page below 1 or a page size outside 1…`maximumPageSize`).
    public func queue(_ filter: QueueFilter, by member: StaffMember, now: Date = Date()) async throws -> QueuePage {
        let codes = try await queueAgencies(member, agencyCode: filter.agencyCode)
        return try await run {
            let agencies = try await agencyNames()
            let ids = agencies.filter { codes.contains($0.value.code) }.map(\.key)
            // "Today" of the agency asked for, else of the first agency in scope (one region shares a zone).
            let zoneName = ids.first.flatMap { agencies[$0]?.zone } ?? "Asia/Shanghai"
            let today = try CalendarDate.today(in: TimeZone(identifier: zoneName) ?? TimeZone(identifier: "Asia/Shanghai")!, now: now)
            var q = QueueQuery(agencyIDs: ids.sorted { $0.uuidString < $1.uuidString }, today: today.description)
            switch filter.state ?? "open" {
            case "open", "": q.states = ApplicationState.allCases.filter(\.isOpen).map(\.rawValue)
            case "all": q.states = []
            case let s:
                guard ApplicationState(rawValue: s) != nil else { throw ServiceError(.invalidInput, "状态“\(s)”不存在", field: "state") }
                q.states = [s]
            }
            if let c = filter.channel, !c.isEmpty {
                guard SubmissionChannel(rawValue: c) != nil else { throw ServiceError(.invalidInput, "提交方式“\(c)”不存在", field: "channel") }
                q.channel = c
            }
            if let k = filter.applicantKind, !k.isEmpty {
                guard ApplicantKind(rawValue: k) != nil else { throw ServiceError(.invalidInput, "申请人类型“\(k)”不存在", field: "applicantKind") }
                q.applicantKind = k
            }
            q.overdueOnly = filter.overdue
            let calendar = try await store.workingCalendar()
            let soonLimit = try? calendar.addingWorkingDays(Self.dueSoonWorkingDays, to: today)
            if filter.dueSoon {
                guard let soonLimit else {
                    throw ServiceError(.calendarNotLoaded, "工作日日历未覆盖 \(today.year + 1) 年，无法筛选即将到期的申请")
                }
                q.dueBy = soonLimit.description
            }
            if let s = filter.search {
                let cleaned = try CleanText.line(s, field: .search, maxLength: 100)
                q.search = cleaned.isEmpty ? nil : cleaned
            }
            guard (1...Self.maximumPage).contains(filter.page) else {
                throw ServiceError(.invalidInput, "页码应为 1 至 \(Self.maximumPage) 的整数", field: "page")
            }
            guard (1...Self.maximumPageSize).contains(filter.pageSize) else {
                throw ServiceError(.invalidInput, "每页件数应为 1 至 \(Self.maximumPageSize)", field: "pageSize")
            }
            q.page = filter.page
            q.pageSize = filter.pageSize
            let (rows, total, more) = try await store.queue(q)
            let items: [QueueItem] = rows.map { r in
                // 条例第三十条: waiting for the corrected application, the period stands still and restarts on its arrival.
                let due = r.state == ApplicationState.awaitingCorrection.rawValue ? nil : r.reasonableDate ?? r.dueDate
                let overdue = Overdue.isOverdue(state: r.state, dueDate: r.dueDate, reasonableDate: r.reasonableDate, asOf: today)
                let running = r.state == ApplicationState.inProgress.rawValue || r.state == ApplicationState.underConsultation.rawValue
                var left: Int?
                if running, let d = due.flatMap(CalendarDate.init(iso:)) {
                    left = d >= today ? try? calendar.workingDays(after: today, through: d) : (try? calendar.workingDays(after: d, through: today)).map { -$0 }
                }
                let soon = running && !overdue && due != nil && soonLimit.map { due! <= $0.description } == true
                let agency = agencies[r.agencyID]
                let kind = ApplicantKind(rawValue: r.applicantKind)
                let subject = r.infoTitle ?? String(r.requestText.prefix(40)) + (r.requestText.count > 40 ? "…" : "")
                return QueueItem(queryCode: r.queryCode, agencyCode: agency?.code ?? "", agency: agency?.name ?? "",
                                 applicant: Privacy.maskName(r.applicantName, kind: kind), applicantKind: kind?.label ?? r.applicantKind,
                                 channel: SubmissionChannel(rawValue: r.channel)?.chinese ?? r.channel, receivedDate: r.receivedDate,
                                 state: r.state, stateLabel: ApplicationState(rawValue: r.state)?.label ?? r.state, dueDate: due,
                                 workingDaysLeft: left, overdue: overdue, dueSoon: soon, subject: subject, decidedDate: r.decidedDate,
                                 outcome: r.outcome.flatMap { Outcome(rawValue: $0)?.label })
            }
            return QueuePage(items: items, total: total, more: more, page: q.page, pageSize: q.pageSize,
                             pageCount: max(1, (total + q.pageSize - 1) / q.pageSize), today: today.description)
        }
    }

    /// The staff page of an application: its detail and event log, the applicant (in full for the agency's handling
    /// staff, masked for others), the request, the clock step by step, and the steps the member may take now with
    /// their effect on the due date.
    /// - Throws: `ServiceError` (`notFound` for an unknown code or one out of scope, `notAllowed`).
    public func staffApplication(code rawCode: String, by member: StaffMember, now: Date = Date()) async throws -> StaffApplication {
        let agencyCode = try await authorize(member, .readApplications, applicationCode: rawCode)
        let code = rawCode.trimmedWhitespace.uppercased()
        let detail = try await application(code: code, now: now)
        return try await run {
            let app = try await store.requireApplication(code: code)
            let agency = try await store.agency(id: app.agencyID)!
            let person = try await store.applicant(of: app)
            let full = member.isSystem || (member.role.may(.readPersonalData) && member.scope.includes(agency.code))
            let kind = ApplicantKind(rawValue: app.applicantKind)
            func mask(_ s: String?) -> String? { s.map { full ? $0 : Privacy.maskIdentifier($0) } }
            let applicant = ApplicantView(
                name: full ? (person?.name ?? "") : Privacy.maskName(person?.name ?? "", kind: kind), kind: kind?.label ?? app.applicantKind,
                idType: person?.idType.flatMap { IdentityDocumentKind(rawValue: $0)?.chinese }, idNumber: mask(person?.idNumber),
                phone: mask(person?.phone), address: person?.address.map { full ? $0 : String($0.prefix(3)) + "****" }, email: mask(person?.email),
                masked: !full)
            let today = try await store.agencyToday(id: app.agencyID, now: now)
            var lines: [String] = []
            if let e = detail.clock {
                let zone = TimeZone(identifier: agency.timeZone) ?? .current
                let submission = app.submittedAt.flatMap { s in SubmissionChannel(rawValue: app.channel).map { ClockSummary.Submission(channel: $0, submittedAt: s, confirmedAt: nil) } }
                let waiting = app.state == ApplicationState.awaitingCorrection.rawValue
                lines = ClockSummary.lines(e, submission: submission, timeZone: zone, asOfIsToday: true,
                                           calendarSource: "国务院办公厅节假日安排（含调休上班日）及本系统登记的休息日",
                                           correctionRequested: waiting ? app.correctionRequestedDate.flatMap(CalendarDate.init(iso:)) : nil)
            } else if let p = detail.clockProblem { lines = [p] }
            let consultations = try await store.consultations(of: app)
            let state = ApplicationState(rawValue: app.state) ?? .decided
            var options: [ActionOption] = []
            if agencyCode.isEmpty || member.scope.includes(agency.code), member.role.may(.handleApplications) || member.isSystem {
                for a in Self.allowedActions(state: state, role: member.role) {
                    options.append(ActionOption(action: a.rawValue, label: a.label, effect: try await effect(of: a, app: app, today: today, clock: detail.clock)))
                }
            }
            return StaffApplication(
                detail: detail, agencyCode: agency.code, state: app.state, applicant: applicant, requestText: app.requestText,
                infoTitle: app.infoTitle, documentNumber: app.infoDocNumber, provisionForm: app.provisionForm.flatMap { ProvisionForm(rawValue: $0)?.chinese },
                deliveryMethod: app.deliveryMethod.flatMap { DeliveryMethod(rawValue: $0)?.chinese }, clockLines: lines, actions: options,
                consultationOpen: consultations.contains { $0.repliedDate == nil })
        }
    }

    /// What a step does to the clock if taken today (Chinese), with the new due date where the rules fix it now.
    func effect(of action: ApplicationAction, app: ApplicationRecord, today: CalendarDate, clock: DueDateExplanation?) async throws -> String {
        let calendar = try await store.workingCalendar()
        let period = app.limitDays + app.extensionDays
        func date(_ d: CalendarDate?) -> String { d.map { "\($0.chinese)（\($0.chineseWeekday)）" } ?? "（日历未覆盖该年，无法计算）" }
        switch action {
        case .correctionRequested:
            return "答复期限中止；收到补正的申请之日起重新计算 \(period) 个工作日（条例第三十条）。补正告知最迟 \(date(clock?.correctionNoticeDeadline))。"
        case .correctionReceived:
            return "答复期限自收到补正之日起重新计算：如今天收到，新的答复期限为 \(date(try? calendar.addingWorkingDays(period, to: today)))（条例第三十条）。"
        case .correctionLapsed:
            return "视为放弃申请，办结（表三（六）1）；答复期限不再计算。"
        case .consultationStarted:
            return "征求意见期间答复期限暂停，所需时间不计入答复期限（条例第三十二条、第三十四条）；第三方应在 \(StatutoryClock.consultationReplyDays) 个工作日内提出意见。"
        case .consultationReplied:
            return "答复期限恢复计算：如今天收到意见，新的答复期限为 \(date(clock?.dueDate))。"
        case .extensionGranted:
            let current = clock?.dueDate ?? app.dueDate.flatMap(CalendarDate.init(iso:))
            let extended = current.flatMap { try? calendar.addingWorkingDays(StatutoryClock.maximumExtensionDays, to: $0) }
            return "经机构负责人同意，延长一次，最长 \(StatutoryClock.maximumExtensionDays) 个工作日（条例第三十三条）：当前答复期限 \(date(current))，延长 \(StatutoryClock.maximumExtensionDays) 个工作日后为 \(date(extended))。"
        case .feeNoticeSent:
            return "收费通知应在答复期限内发出；申请人应在收到通知次日起 \(StatutoryClock.feePaymentDays) 个工作日内缴纳，逾期未缴纳的视为放弃申请（国办函〔2020〕109号）。"
        case .feePaid:
            return "记录申请人已按收费通知缴费，继续办理。"
        case .feeLapsed:
            return "逾期未缴费，视为放弃申请，办结（表三（六）2）。"
        case .decided:
            return "作出答复，办结；按所选结果计入年度报告表三。当前答复期限 \(date(clock?.dueDate ?? app.dueDate.flatMap(CalendarDate.init(iso:))))。"
        }
    }

    /// Takes a lifecycle step on an application for a member (its agency in scope; the role the transition table
    /// allows). The date defaults to today in the agency's time zone.
    /// - Returns: the application after the step (its new due date).
    /// - Throws: `ServiceError` (`invalidInput` naming the field, `notAllowed`, `notFound`, `refused`).
    public func perform(_ step: StaffAction, code rawCode: String, by member: StaffMember, now: Date = Date()) async throws -> ApplicationSummary {
        try await authorize(member, .handleApplications, applicationCode: rawCode)
        let code = rawCode.trimmedWhitespace.uppercased()
        guard let action = ApplicationAction(rawValue: step.action) else {
            throw ServiceError(.invalidInput, "操作“\(step.action)”不存在", field: "action")
        }
        let app = try await run { try await store.requireApplication(code: code) }
        let today = try await run { try await store.agencyToday(id: app.agencyID, now: now) }
        let date: CalendarDate
        if let d = step.date?.trimmedWhitespace, !d.isEmpty {
            guard let parsed = CalendarDate(iso: d) else { throw ServiceError(.invalidInput, "日期“\(d)”应为 YYYY-MM-DD 格式的有效日期", field: "date") }
            date = parsed
        } else { date = today }
        switch action {
        case .correctionRequested:
            let reason = step.lateReason.flatMap { $0.trimmedWhitespace.isEmpty ? nil : $0 }
            return try await requestCorrection(code: code, on: date, lateReason: reason, by: member, now: now)
        case .correctionReceived: return try await correctionReceived(code: code, on: date, by: member, now: now)
        case .correctionLapsed: return try await correctionLapsed(code: code, on: date, by: member, now: now)
        case .consultationStarted:
            guard let k = ConsultationKind(rawValue: step.consultationKind ?? "") else {
                throw ServiceError(.invalidInput, "请选择征求意见的对象（第三方或其他行政机关）", field: "consultationKind")
            }
            return try await startConsultation(code: code, kind: k, sent: date, by: member, now: now)
        case .consultationReplied: return try await consultationReplied(code: code, replied: date, by: member, now: now)
        case .extensionGranted:
            guard let days = step.days, (1...StatutoryClock.maximumExtensionDays).contains(days) else {
                throw ServiceError(.invalidInput, "延长的工作日数应为 1 至 \(StatutoryClock.maximumExtensionDays)（条例第三十三条）", field: "days")
            }
            return try await extend(code: code, days: days, on: date, by: member, now: now)
        case .feeNoticeSent:
            return try await sendFeeNotice(code: code, pages: step.pages, noticeReceived: date, by: member, now: now).application
        case .feePaid: return try await feePaid(code: code, on: date, by: member, now: now)
        case .feeLapsed: return try await feeLapsed(code: code, on: date, by: member, now: now)
        case .decided:
            guard let o = Outcome(rawValue: step.outcome ?? "") else {
                throw ServiceError(.invalidInput, "请选择答复结果（年度报告表三的类别）", field: "outcome")
            }
            return try await decide(code: code, outcome: o, on: date, by: member, now: now)
        }
    }
}
