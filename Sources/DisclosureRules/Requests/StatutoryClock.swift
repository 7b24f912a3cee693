import Foundation

/// Whom an agency consults before answering; the time the consultation needs is not counted in the answer period
/// (条例第三十三条第二款).
public enum ConsultationKind: String, Codable, CaseIterable, Sendable {
    /// A third party whose lawful rights and interests disclosure may harm (条例第三十二条; 15 working days to reply).
    case thirdParty = "third-party"
    /// Another agency that jointly produced the information (条例第三十四条; 15 working days, silence = consent).
    case otherAgency = "other-agency"

    /// 第三方 / 其他行政机关.
    public var chinese: String { self == .thirdParty ? "第三方" : "其他行政机关" }
    /// The article setting the consulted party's reply period: 条例第三十二条 / 条例第三十四条.
    public var article: String { self == .thirdParty ? "条例第三十二条" : "条例第三十四条" }
}

/// One consultation letter (征求意见书) and its reply.
public struct Consultation: Codable, Sendable, Hashable {
    /// The day the agency sent the letter. The pause starts the day after.
    public var sent: CalendarDate
    /// The day the reply arrived (the last paused day); `nil` while no reply has arrived (the pause is still running).
    public var replied: CalendarDate?
    public var kind: ConsultationKind
    /// The day the consulted party received the letter, when known: its 15 working days (条例第三十二条、第三十四条)
    /// run from that day (from the sending day when unknown), and no pause runs past them.
    public var letterReceived: CalendarDate?

    public init(sent: CalendarDate, replied: CalendarDate? = nil, kind: ConsultationKind = .thirdParty,
                letterReceived: CalendarDate? = nil) {
        self.sent = sent; self.replied = replied; self.kind = kind; self.letterReceived = letterReceived
    }
}

/// What the answer clock of one application is computed from. All periods are in **working days** (工作日).
public struct ClockInput: Codable, Sendable, Hashable {
    /// The date of receipt (收到申请之日, 条例第三十一条; see `SubmissionChannel.receiptDate`).
    public var receiptDate: CalendarDate
    /// The answer period in working days: 20 under 条例第三十三条 unless a law or regulation sets another.
    public var limitDays: Int
    /// The day the corrected application (补正的申请) was received: the clock restarts from it (条例第三十条).
    public var correctedReceiptDate: CalendarDate?
    /// Consultations of third parties and other agencies (条例第三十二条、第三十四条), in any order.
    public var consultations: [Consultation]
    /// Extensions granted, in working days, in the order granted. The 条例第三十三条 allows one of at most 20.
    public var extensions: [Int]
    /// A later answer date the agency set under 条例第三十五条 (延迟答复的合理期限) for an unreasonably large request;
    /// the 条例 sets no maximum for it.
    public var reasonablePeriodUntil: CalendarDate?
    /// The date the used / paused / remaining counts refer to (e.g. today, passed in); `nil` = at the due date.
    public var asOf: CalendarDate?

    /// Total extension granted, in working days.
    public var extensionDays: Int { extensions.reduce(0, +) }

    /// - Parameter extensionDays: one extension of that many working days (0 = none).
    public init(receiptDate: CalendarDate, limitDays: Int = StatutoryClock.answerDays, correctedReceiptDate: CalendarDate? = nil,
                consultations: [Consultation] = [], extensionDays: Int = 0, reasonablePeriodUntil: CalendarDate? = nil,
                asOf: CalendarDate? = nil) {
        self.init(receiptDate: receiptDate, limitDays: limitDays, correctedReceiptDate: correctedReceiptDate,
                  consultations: consultations, extensions: extensionDays == 0 ? [] : [extensionDays],
                  reasonablePeriodUntil: reasonablePeriodUntil, asOf: asOf)
    }

    /// - Parameter extensions: every extension granted, in order (more than one is refused by `StatutoryClock`).
    public init(receiptDate: CalendarDate, limitDays: Int = StatutoryClock.answerDays, correctedReceiptDate: CalendarDate? = nil,
                consultations: [Consultation] = [], extensions: [Int], reasonablePeriodUntil: CalendarDate? = nil,
                asOf: CalendarDate? = nil) {
        self.receiptDate = receiptDate; self.limitDays = limitDays; self.correctedReceiptDate = correctedReceiptDate
        self.consultations = consultations; self.extensions = extensions
        self.reasonablePeriodUntil = reasonablePeriodUntil; self.asOf = asOf
    }
}

/// A stretch of days excluded from the answer period.
public struct ClockPause: Codable, Sendable, Hashable {
    /// First excluded day (the day after the letter was sent, or after the end of an overlapping earlier pause).
    public var from: CalendarDate
    /// Last excluded day: the day the reply arrived, the evaluation date for a consultation still open, or the
    /// consulted party's reply deadline when the reply is later than it.
    public var through: CalendarDate
    /// Working days in `from…through`: the days not counted.
    public var workingDays: Int
    /// Why, in Chinese, citing the article.
    public var reason: String
    /// `true` while no reply has arrived (`through` is then the evaluation date).
    public var open: Bool
    /// `true` when the reply came late or not at all and the pause ends at the consulted party's reply deadline
    /// (15 working days after it received the letter, 条例第三十二条、第三十四条) instead.
    public var endedAtReplyDeadline: Bool

    public init(from: CalendarDate, through: CalendarDate, workingDays: Int, reason: String, open: Bool,
                endedAtReplyDeadline: Bool = false) {
        self.from = from; self.through = through; self.workingDays = workingDays; self.reason = reason; self.open = open
        self.endedAtReplyDeadline = endedAtReplyDeadline
    }
}

/// The answer deadline of one application with the reasoning, as computed by `StatutoryClock.explain`.
///
/// Counts, all in working days:
/// - `daysUsed`: working days after `clockStart` up to and including `asOf` that count against the period (paused days
///   excluded; 0 before the clock starts).
/// - `daysPaused`: working days in that same stretch excluded by consultations (条例第三十三条第二款).
/// - `daysRemaining`: `limitDays + extensionDays − daysUsed` — the counted days left after `asOf`; 0 on the due date,
///   negative when overdue by that many working days. With a 第三十五条 period: working days after `asOf` through
///   `reasonablePeriodUntil` (negative when past).
/// `daysUsed + daysPaused` = working days in (`clockStart`, `asOf`].
public struct DueDateExplanation: Codable, Sendable, Hashable {
    /// 收到申请之日 (条例第三十一条).
    public var receiptDate: CalendarDate
    /// The day counting starts from (day 0): the receipt date, or the corrected application's receipt date (第三十条).
    public var clockStart: CalendarDate
    /// Latest day to send the one-time correction notice (补正告知): 7 working days after receipt (条例第三十条).
    public var correctionNoticeDeadline: CalendarDate
    /// The deadline under 条例第三十三条 (period + extension + paused days).
    public var statutoryDueDate: CalendarDate
    /// The deadline that applies: `statutoryDueDate`, or the 第三十五条 date when one was set.
    public var dueDate: CalendarDate
    /// The 第三十五条 reasonable period set by the agency, if any.
    public var reasonablePeriodUntil: CalendarDate?
    /// The period in working days (20, 条例第三十三条).
    public var limitDays: Int
    /// The extension in working days (0–20, 条例第三十三条).
    public var extensionDays: Int
    /// The date the counts refer to (the given as-of date, or the due date).
    public var asOf: CalendarDate
    public var daysUsed: Int
    public var daysPaused: Int
    public var daysRemaining: Int
    /// `true` when a consultation is still open at `asOf` (the due date then moves one working day per working day
    /// waited; `dueDate` assumes the reply arrives on `asOf`).
    public var clockPaused: Bool
    /// `true` when `asOf` is after `dueDate`.
    public var overdue: Bool
    public var pauses: [ClockPause]
    /// The reasoning in Chinese, one step a line, each citing its article.
    public var steps: [String]
    /// Things to check (Chinese): a reply later than the consulted party's 15 working days, a period reaching late
    /// December of a year whose next notice is not loaded, a consultation sent after the deadline.
    public var warnings: [String]
}

/// Why a clock computation was refused. `description` is a Chinese message for the user.
public enum ClockError: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
    /// 条例第三十三条 allows one extension of at most 20 working days: `requested` exceeds 20, or an extension
    /// (`alreadyGranted` working days) was already granted.
    case extensionRefused(requested: Int, alreadyGranted: Int?)
    /// A consultation is still open and no as-of date was given, so the paused time is unknown.
    case asOfRequired(sent: CalendarDate)
    /// The 第三十五条 date is not later than the statutory deadline.
    case reasonablePeriodNotLater(requested: CalendarDate, statutoryDueDate: CalendarDate)
    /// Inconsistent input (message in Chinese), e.g. a reply before the letter was sent.
    case invalidInput(String)

    public var description: String {
        switch self {
        case .extensionRefused(let n, nil):
            return "拒绝延长\(n)个工作日：条例第三十三条规定，延长的期限最长不得超过\(StatutoryClock.maximumExtensionDays)个工作日"
        case .extensionRefused(let n, let granted?):
            return "拒绝再次延长\(n)个工作日：答复期限已延长\(granted)个工作日，条例第三十三条只允许经负责人同意延长一次，且最长不得超过\(StatutoryClock.maximumExtensionDays)个工作日"
        case .asOfRequired(let sent):
            return "\(sent) 发出的征求意见尚未收到回复，答复期限处于暂停状态（条例第三十三条第二款），请指定计算日期（as of）"
        case .reasonablePeriodNotLater(let d, let due):
            return "条例第三十五条的延迟答复期限（\(d)）应晚于法定答复期限（\(due)）"
        case .invalidInput(let m):
            return m
        }
    }

    public var errorDescription: String? { description }
}

/// The outcome of a fee notice (收费通知) under 国办函〔2020〕109号.
public enum FeePaymentOutcome: Hashable, Sendable {
    /// Paid on or before the deadline.
    case paid(on: CalendarDate, deadline: CalendarDate)
    /// Not paid yet, the deadline has not passed.
    case awaitingPayment(deadline: CalendarDate)
    /// Not paid by the deadline: the application is deemed abandoned (视为放弃申请) and the agency stops processing it;
    /// counted in the 2021 format's 表三 row （六）2 (`FeePaymentOutcome.annualReportRowID`).
    case deemedAbandoned(deadline: CalendarDate)

    /// The 2021-format 表三 row id of 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请.
    public static let annualReportRowID = "other.2"
}

/// The request-handling periods of the 条例 (国务院令第711号) and the fee 办法, in working days on a
/// `WorkingDayCalendar`. Pure: the calendar and the dates are passed in, nothing reads a clock.
///
/// Counting convention (cases/deadlines.md; the 条例 does not define it): the starting day is day 0, the first working
/// day after it is day 1, the Nth working day is the deadline. Every method throws `CalendarError.yearNotCovered` when
/// the count reaches a year without a loaded holiday notice.
public struct StatutoryClock: Sendable {
    /// 条例第三十三条: answer within 20 working days of receipt.
    public static let answerDays = 20
    /// The longest answer period accepted (working days), for a law or regulation that sets another than 20 (条例第三十三条
    /// "法律、法规对…另有规定的，从其规定"): a plausibility bound, so no count can overflow.
    public static let maximumAnswerDays = 60
    /// 条例第三十三条: an extension is at most 20 working days.
    public static let maximumExtensionDays = 20
    /// 条例第三十条: the correction notice within 7 working days of receipt.
    public static let correctionNoticeDays = 7
    /// 条例第三十二条 (third party) and 第三十四条 (other agency): 15 working days to reply.
    public static let consultationReplyDays = 15
    /// 国办函〔2020〕109号 (as reported): 20 working days to pay from the day after receiving the fee notice.
    public static let feePaymentDays = 20

    public let calendar: WorkingDayCalendar

    public init(calendar: WorkingDayCalendar) { self.calendar = calendar }

    /// The answer deadline without pauses or extension: `limitDays` (20) working days after `received` (条例第三十三条).
    public func answerDueDate(received: CalendarDate, limitDays: Int = answerDays) throws -> CalendarDate {
        try calendar.addingWorkingDays(limitDays, to: received)
    }

    /// The latest day to tell the applicant, once, what to correct: 7 working days after receipt (条例第三十条).
    public func correctionNoticeDeadline(received: CalendarDate) throws -> CalendarDate {
        try calendar.addingWorkingDays(Self.correctionNoticeDays, to: received)
    }

    /// The consulted party's reply deadline: 15 working days after it received the letter (条例第三十二条 for a third
    /// party — late silence leaves the decision to the agency; 第三十四条 for another agency — silence is consent).
    public func consultationReplyDeadline(letterReceived: CalendarDate, kind: ConsultationKind = .thirdParty) throws -> CalendarDate {
        try calendar.addingWorkingDays(Self.consultationReplyDays, to: letterReceived)
    }

    /// The last day to pay a fee: 20 working days from the day after the applicant received the fee notice, i.e. the
    /// notice day is day 0 (国办函〔2020〕109号 as reported; cases/deadlines.md).
    public func feePaymentDeadline(noticeReceived: CalendarDate) throws -> CalendarDate {
        try calendar.addingWorkingDays(Self.feePaymentDays, to: noticeReceived)
    }

    /// Whether a fee was paid in time: unpaid (or paid late) after the deadline → deemed abandoned, counted in 表三
    /// row （六）2 of the 2021 format (国办函〔2020〕109号; 国办公开办函〔2021〕30号).
    public func feePaymentOutcome(noticeReceived: CalendarDate, paidOn: CalendarDate?, asOf: CalendarDate) throws -> FeePaymentOutcome {
        let deadline = try feePaymentDeadline(noticeReceived: noticeReceived)
        if let paidOn, paidOn <= deadline, paidOn <= asOf { return .paid(on: paidOn, deadline: deadline) }
        return asOf > deadline ? .deemedAbandoned(deadline: deadline) : .awaitingPayment(deadline: deadline)
    }

    /// Checks a list of extensions against 条例第三十三条 (one, of 1…20 working days).
    /// - Throws: `ClockError.extensionRefused` for a second extension or more than 20 days; `.invalidInput` for ≤ 0.
    public static func checkExtensions(_ extensions: [Int]) throws {
        for (i, days) in extensions.enumerated() {
            guard days > 0 else { throw ClockError.invalidInput("延长的期限应为1至\(maximumExtensionDays)个工作日（收到 \(days)）") }
            if i > 0 { throw ClockError.extensionRefused(requested: days, alreadyGranted: extensions[0]) }
            if days > maximumExtensionDays { throw ClockError.extensionRefused(requested: days, alreadyGranted: nil) }
        }
    }

    /// `input` with one more extension of `days` working days.
    /// - Throws: `ClockError.extensionRefused` when an extension was already granted or `days` > 20 (条例第三十三条).
    public func extend(_ input: ClockInput, by days: Int) throws -> ClockInput {
        var next = input
        next.extensions.append(days)
        try Self.checkExtensions(next.extensions)
        return next
    }

    /// The answer deadline of one application with its reasoning (see `DueDateExplanation` for the counts).
    ///
    /// The clock starts at the receipt date, or restarts at the corrected application's receipt date (条例第三十条).
    /// Each consultation excludes the working days from the day after the letter was sent through the day the reply
    /// arrived (条例第三十三条第二款); overlapping consultations are excluded once; an open one pauses the clock through
    /// `asOf`. No pause runs past the consulted party's reply deadline, 15 working days after it received the letter
    /// (`letterReceived`, else the sending day; 条例第三十二条、第三十四条): a late or missing reply does not stop the
    /// clock for longer, and a warning says so. The deadline is the (limit + extension + excluded)th working day after the start; a 第三十五条 date,
    /// when set, replaces it.
    ///
    /// - Throws: `ClockError` (extension refused, open consultation without `asOf`, inconsistent dates, a 第三十五条
    ///   date not later than the statutory one) and `CalendarError.yearNotCovered` when a needed year has no notice.
    public func explain(_ input: ClockInput) throws -> DueDateExplanation {
        guard (1...Self.maximumAnswerDays).contains(input.limitDays) else {
            throw ClockError.invalidInput("答复期限的工作日数应为1至\(Self.maximumAnswerDays)（条例第三十三条为20；收到 \(input.limitDays)）")
        }
        try Self.checkExtensions(input.extensions)
        let receipt = input.receiptDate
        if let c = input.correctedReceiptDate, c < receipt {
            throw ClockError.invalidInput("收到补正申请的日期（\(c)）早于收到申请的日期（\(receipt)）")
        }
        for c in input.consultations {
            if let r = c.replied, r < c.sent { throw ClockError.invalidInput("征求意见的回复日期（\(r)）早于发出日期（\(c.sent)）") }
            if let l = c.letterReceived, l < c.sent { throw ClockError.invalidInput("征求意见书的收到日期（\(l)）早于发出日期（\(c.sent)）") }
            if c.sent < receipt { throw ClockError.invalidInput("征求意见书的发出日期（\(c.sent)）早于收到申请之日（\(receipt)）") }
            if c.replied == nil && input.asOf == nil { throw ClockError.asOfRequired(sent: c.sent) }
        }
        let start = input.correctedReceiptDate ?? receipt
        let extensionDays = input.extensionDays
        let total = input.limitDays + extensionDays
        var steps: [String] = [], warnings: [String] = []
        func day(_ d: CalendarDate) -> String { "\(d.chinese)（\(d.chineseWeekday)）" }

        let correctionDeadline = try correctionNoticeDeadline(received: receipt)
        steps.append("收到申请之日为\(day(receipt))（条例第三十一条）。")
        steps.append("计算方法：起算日为第0日，其后第一个工作日为第1日，第N个工作日为期限届满日；工作日按国务院办公厅节假日安排，放假日不计，调休上班日计入（条例未规定计算方法，本系统的约定）。")
        if let corrected = input.correctedReceiptDate {
            steps.append("申请内容需要补正的，应自收到申请之日起7个工作日内一次性告知，即不晚于\(day(correctionDeadline))；答复期限自收到补正的申请之日\(day(corrected))起重新计算（条例第三十条）。")
        } else {
            steps.append("如申请内容不明确需要补正，应不晚于\(day(correctionDeadline))一次性告知申请人（条例第三十条，7个工作日）。")
        }
        steps.append("答复期限为\(input.limitDays)个工作日（条例第三十三条第一款），自\(day(start))起算。")

        // Consultations: walk in order of sending, excluding each pause once.
        var remaining = total
        var cursor = start
        var pauses: [ClockPause] = []
        for c in input.consultations.sorted(by: { ($0.sent, $0.replied ?? $0.sent) < ($1.sent, $1.replied ?? $1.sent) }) {
            let what = "征求\(c.kind.chinese)意见"
            let sentText = "\(day(c.sent))发出\(what)书"
            // The consulted party has 15 working days from receiving the letter (条例第三十二条、第三十四条); without a
            // known receipt day the sending day stands for it. Time after that is no longer consultation time.
            let letter = c.letterReceived ?? c.sent
            let replyDue = try consultationReplyDeadline(letterReceived: letter, kind: c.kind)
            let waitedUntil = c.replied ?? input.asOf!
            let capped = waitedUntil > replyDue
            let end = capped ? replyDue : waitedUntil
            let open = c.replied == nil && !capped
            if capped {
                let consequence = c.kind == .thirdParty ? "第三方逾期未提出意见的，由行政机关依照条例决定是否公开" : "被征求意见机关逾期未提出意见的，视为同意公开"
                let received = c.letterReceived == nil ? "以发函之日\(day(c.sent))视为对方收到征求意见书之日，" : "\(c.kind.chinese)于\(day(letter))收到征求意见书，"
                let fact = c.replied.map { "实际\(day($0))才回复" } ?? "截至\(day(waitedUntil))仍未回复"
                warnings.append("\(received)应于\(day(replyDue))前提出意见（\(c.kind.article)），\(fact)；\(consequence)。超过该期限的时间不再暂停计算：只排除至\(day(replyDue))。")
            }
            let pauseStart = max(c.sent, cursor)
            guard end > pauseStart else {
                if end <= cursor && cursor > c.sent && !pauses.isEmpty {
                    steps.append("\(sentText)，其期间已在前一次征求意见的暂停期间内，不再重复扣除（条例第三十三条第二款）。")
                } else if end <= start && c.sent < start {
                    steps.append("\(sentText)，在答复期限起算之前已收到回复，不影响期限。")
                } else {
                    steps.append("\(sentText)，当日收到回复，无需扣除工作日（条例第三十三条第二款）。")
                }
                continue
            }
            let usedBefore = try calendar.workingDays(after: cursor, through: pauseStart)
            if usedBefore > remaining {
                warnings.append("\(sentText)时答复期限已经届满，该征求意见所需时间不再从期限中扣除（条例第三十三条第二款只排除期限内的征求意见时间）。")
                continue
            }
            remaining -= usedBefore
            let excluded = try calendar.workingDays(after: pauseStart, through: end)
            let from = pauseStart.adding(days: 1)
            let reason = "征求\(c.kind.chinese)意见（\(c.kind.article)、条例第三十三条第二款）"
            pauses.append(ClockPause(from: from, through: end, workingDays: excluded, reason: reason, open: open, endedAtReplyDeadline: capped))
            if capped {
                steps.append("\(sentText)，\(day(from))至对方提出意见的期限\(day(end))的\(excluded)个工作日不计入期限；此后的等待时间计入期限（\(c.kind.article)、条例第三十三条第二款）。")
            } else if open {
                steps.append("\(sentText)，尚未收到回复：自\(day(from))起期限暂停，截至\(day(end))已有\(excluded)个工作日不计入期限（条例第三十三条第二款：征求第三方和其他机关意见所需时间不计算在期限内）。")
            } else {
                steps.append("\(sentText)，\(day(end))收到回复：\(day(from))至\(day(end))的\(excluded)个工作日不计入期限（条例第三十三条第二款：征求第三方和其他机关意见所需时间不计算在期限内）。")
            }
            cursor = end
        }
        if extensionDays > 0 {
            steps.append("经政府信息公开工作机构负责人同意并告知申请人，答复期限延长\(extensionDays)个工作日（条例第三十三条第一款：延长的期限最长不得超过20个工作日）。")
        }
        let statutoryDue = try calendar.addingWorkingDays(remaining, to: cursor)
        let excludedTotal = pauses.reduce(0) { $0 + $1.workingDays }
        var arithmetic = "\(input.limitDays)个工作日"
        if extensionDays > 0 { arithmetic += " + 延长\(extensionDays)个工作日" }
        if excludedTotal > 0 { arithmetic += " + 不计入的\(excludedTotal)个工作日" }
        let breaks = calendar.holidaysOnWeekdays(after: start, through: statutoryDue)
        let makeUps = calendar.makeUpWorkdays(after: start, through: statutoryDue)
        var calendarNote = ""
        let severalYears = start.year != statutoryDue.year
        if !breaks.isEmpty {
            calendarNote += "期间放假：" + breaks.map { severalYears ? "\($0.date.year)年\($0.name)" : $0.name }.joined(separator: "，") + "；"
        }
        if !makeUps.isEmpty {
            calendarNote += "调休上班日计为工作日：" + makeUps.map {
                (severalYears ? "\($0.date.year)年" : "") + "\($0.date.month)月\($0.date.day)日（\($0.name)）"
            }.joined(separator: "、") + "；"
        }
        steps.append("\(calendarNote)自\(day(start))起第\(total + excludedTotal)个工作日（\(arithmetic)）为\(day(statutoryDue))，即法定答复期限（条例第三十三条）。")

        var due = statutoryDue
        if let reasonable = input.reasonablePeriodUntil {
            guard reasonable > statutoryDue else {
                throw ClockError.reasonablePeriodNotLater(requested: reasonable, statutoryDueDate: statutoryDue)
            }
            due = reasonable
            steps.append("申请数量、频次明显超过合理范围，行政机关确定延迟答复的合理期限至\(day(reasonable))并告知申请人（条例第三十五条；条例未规定该期限的上限，由行政机关确定并记录）。")
        }
        if let year = calendar.yearEndAwaitingNotice(after: start, through: max(due, input.asOf ?? due)) {
            warnings.append("期限涉及\(year - 1)年12月下旬，而\(year)年的节假日安排尚未载入；\(year)年元旦放假调休可能改变这些日期是否为工作日（如2019年的通知将2018年12月29日调为上班、12月31日放假），通知发布后请导入并重新计算。")
        }

        // Counts as of the evaluation date.
        let asOf = input.asOf ?? due
        let elapsed = try asOf > start ? calendar.workingDays(after: start, through: asOf) : 0
        var pausedAsOf = 0
        var paused = false
        for p in pauses {
            let last = min(p.through, asOf)
            let before = p.from.adding(days: -1)
            if last > before { pausedAsOf += try calendar.workingDays(after: before, through: last) }
            if asOf > before && (p.open || asOf < p.through) { paused = true }
        }
        let used = elapsed - pausedAsOf
        let remainingAsOf: Int
        if let reasonable = input.reasonablePeriodUntil {
            remainingAsOf = try calendar.workingDays(after: asOf, through: reasonable)
        } else {
            remainingAsOf = total - used
        }
        let overdue = asOf > due
        if pauses.contains(where: \.open) {
            steps.append("征求意见尚未回复，期限暂停中：以上答复期限假定于\(day(asOf))收到回复，此后每多等待一个工作日，期限顺延一个工作日。")
        }
        if input.asOf != nil {
            var line = "截至\(day(asOf))：已用\(used)个工作日，暂停\(pausedAsOf)个工作日，"
            if overdue {
                line += "答复期限已于\(day(due))届满" + (remainingAsOf < 0 ? "，已超过\(-remainingAsOf)个工作日。" : "。")
            } else {
                line += "剩余\(remainingAsOf)个工作日。"
            }
            steps.append(line)
        }
        return DueDateExplanation(
            receiptDate: receipt, clockStart: start, correctionNoticeDeadline: correctionDeadline,
            statutoryDueDate: statutoryDue, dueDate: due, reasonablePeriodUntil: input.reasonablePeriodUntil,
            limitDays: input.limitDays, extensionDays: extensionDays, asOf: asOf, daysUsed: used, daysPaused: pausedAsOf,
            daysRemaining: remainingAsOf, clockPaused: paused, overdue: overdue, pauses: pauses, steps: steps, warnings: warnings)
    }
}
