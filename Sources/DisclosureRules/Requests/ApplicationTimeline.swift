import Foundation

/// The dated steps of one application, as recorded — the one place where their order is checked.
///
/// Records say what happened, in the order it happened: a step is never dated before a step already recorded (a
/// fee cannot be paid before its notice, an answer cannot precede the correction it answers), nothing is dated before
/// the Regulations took effect or after today (`RecordDates`), and an application is charged once
/// (国办函〔2020〕109号第三条: one method, one charge). Every front end reaches this check through the store's
/// actions; `violations()` checks a whole record (used by tests and by reading old data).
public struct ApplicationTimeline: Sendable, Hashable {
    /// A dated step of the lifecycle.
    public enum StepKind: String, Sendable, Hashable, CaseIterable {
        /// 收到申请之日 (条例第三十一条).
        case received
        /// 告知补正 (条例第三十条).
        case correctionRequested
        /// 收到补正 (条例第三十条).
        case correctionReceived
        /// 发出征求意见书 (条例第三十二条、第三十四条).
        case consultationSent
        /// 收到意见 (条例第三十二条、第三十四条).
        case consultationReplied
        /// 延长答复期限, decided and told to the applicant (条例第三十三条).
        case extensionGranted
        /// 申请人收到收费通知 (国办函〔2020〕109号).
        case feeNoticeReceived
        /// 缴费 (国办函〔2020〕109号).
        case feePaid
        /// 答复 or 逾期未缴费: the application is closed.
        case closed
        /// 逾期未补正 (条例第三十条): the application is closed as abandoned once the correction period has run.
        case correctionLapsed

        /// Whether the step closes the application.
        public var closes: Bool { self == .closed || self == .correctionLapsed }

        /// Chinese name, used in messages.
        public var chinese: String {
            switch self {
            case .received: "收到申请"
            case .correctionRequested: "告知补正"
            case .correctionReceived: "收到补正"
            case .consultationSent: "发出征求意见书"
            case .consultationReplied: "收到意见"
            case .extensionGranted: "延长答复期限"
            case .feeNoticeReceived: "收费通知"
            case .feePaid: "缴费"
            case .closed: "办结"
            case .correctionLapsed: "逾期未补正"
            }
        }
    }

    public struct Step: Sendable, Hashable {
        public var kind: StepKind
        public var date: CalendarDate
        public init(_ kind: StepKind, _ date: CalendarDate) { self.kind = kind; self.date = date }
    }

    /// The steps as recorded (any order; a record's order is its dates' order).
    public var steps: [Step]

    public init(steps: [Step]) { self.steps = steps }

    /// Checks that `step` (labelled `what` in messages, e.g. "答复") can be recorded after the steps already there.
    /// - Parameter today: the latest acceptable date (see `CalendarDate.latestToday(now:)`).
    /// - Throws: `InputError` (field `.date`) naming the step, its date and the step it would precede:
    ///   a date before 2008-05-01 or after today; a date before a recorded step; a step after the application was
    ///   closed; a correction received without a request, or deemed lapsed on (or before) the day it was asked for;
    ///   a second fee notice (one charge per application); a payment without a notice.
    public func checkAppending(_ step: Step, what: String? = nil, today: CalendarDate) throws {
        let name = what ?? step.kind.chinese
        try RecordDates.checkPast(step.date, field: InputField("date", "\(name)日期"), today: today)
        if let closed = steps.first(where: { $0.kind.closes }) {
            throw InputError(.recordOrder, "申请已于 \(closed.date) 办结，不能再记录“\(name)”")
        }
        if let latest = steps.max(by: { $0.date < $1.date }), step.date < latest.date {
            throw InputError(InputField("date", "\(name)日期"),
                             " \(step.date) 早于该申请已记录的“\(latest.kind.chinese)”日期 \(latest.date)：记录应按发生的先后登记")
        }
        switch step.kind {
        case .received:
            if !steps.isEmpty { throw InputError(.recordOrder, "申请已有收到日期，不能再次登记") }
        case .correctionReceived:
            if !steps.contains(where: { $0.kind == .correctionRequested }) {
                throw InputError(.recordOrder, "没有告知补正的记录，不能登记收到补正（条例第三十条）")
            }
        case .feeNoticeReceived:
            if let earlier = steps.first(where: { $0.kind == .feeNoticeReceived }) {
                throw InputError(.recordOrder, "该申请已于 \(earlier.date) 发出收费通知：同一申请只能收费一次（国办函〔2020〕109号第三条），不能再次收费")
            }
        case .feePaid:
            if !steps.contains(where: { $0.kind == .feeNoticeReceived }) {
                throw InputError(.recordOrder, "没有收费通知，不能登记缴费")
            }
            if steps.contains(where: { $0.kind == .feePaid }) { throw InputError(.recordOrder, "该申请已缴费，不能再次登记缴费") }
        case .correctionLapsed:
            // 逾期不补正 (条例第三十条) needs the period to have run: never on the day the correction was asked for.
            guard let asked = steps.last(where: { $0.kind == .correctionRequested }) else {
                throw InputError(.recordOrder, "没有告知补正的记录，不能登记逾期未补正（条例第三十条）")
            }
            if step.date <= asked.date {
                throw InputError(.recordOrder, "逾期未补正的日期 \(step.date) 应晚于告知补正的日期 \(asked.date)：补正期限届满后才能视为放弃申请（条例第三十条）")
            }
        case .correctionRequested:
            // 条例第三十条: what is to be corrected is told once (一次性告知).
            if let earlier = steps.first(where: { $0.kind == .correctionRequested }) {
                throw InputError(.recordOrder, "该申请已于 \(earlier.date) 告知补正：条例第三十条规定一次性告知需要补正的事项，不能再次告知补正")
            }
        case .extensionGranted:
            if let earlier = steps.first(where: { $0.kind == .extensionGranted }) {
                throw InputError(.recordOrder, "该申请已于 \(earlier.date) 延长答复期限：条例第三十三条只允许延长一次")
            }
        case .consultationSent, .consultationReplied, .closed:
            break
        }
        if step.kind != .received, !steps.contains(where: { $0.kind == .received }) {
            throw InputError(.recordOrder, "没有收到申请的记录")
        }
    }

    /// Every inconsistency of the whole record, in Chinese (empty when consistent): the steps are replayed in date
    /// order (ties in the order of `StepKind`) through `checkAppending`.
    public func violations(today: CalendarDate) -> [String] {
        let order = Dictionary(uniqueKeysWithValues: StepKind.allCases.enumerated().map { ($0.element, $0.offset) })
        let sorted = steps.enumerated().sorted { a, b in
            a.element.date != b.element.date ? a.element.date < b.element.date
                : (order[a.element.kind]!, a.offset) < (order[b.element.kind]!, b.offset)
        }.map(\.element)
        var replay = ApplicationTimeline(steps: [])
        var out: [String] = []
        for s in sorted {
            do { try replay.checkAppending(s, today: today) } catch { out.append("\(error)") }
            replay.steps.append(s)
        }
        return out
    }
}
