import Foundation

/// The answer clock of one application in words, as `gongkai clock` and the staff pages show it: the receipt and how
/// it was determined (条例第三十一条), the due date, the period, the counts as of a day, the pauses, the reasoning
/// step by step and the warnings — each line citing its article where the explanation does.
public enum ClockSummary {
    /// How the receipt date came from a submission (channel and moments), when it did.
    public struct Submission: Sendable {
        public var channel: SubmissionChannel
        public var submittedAt: Date
        public var confirmedAt: Date?
        public init(channel: SubmissionChannel, submittedAt: Date, confirmedAt: Date?) {
            self.channel = channel; self.submittedAt = submittedAt; self.confirmedAt = confirmedAt
        }
    }

    /// The lines, in Chinese.
    /// - Parameters:
    ///   - asOfIsToday: whether the as-of date was taken as today (said in the counts line).
    ///   - calendarSource: which working-day calendar was used.
    ///   - warnings: warnings about the input, shown before the clock's own.
    ///   - correctionRequested: the day a correction notice went out when the corrected application has not come
    ///     back: the period stands still and starts again on its arrival (条例第三十条), so no due date or count
    ///     is given, only how the period was running before.
    public static func lines(_ e: DueDateExplanation, submission: Submission?, timeZone: TimeZone, asOfIsToday: Bool, calendarSource: String,
                             warnings inputWarnings: [String] = [], correctionRequested: CalendarDate? = nil) -> [String] {
        func day(_ d: CalendarDate) -> String { "\(d.chinese)（\(d.chineseWeekday)）" }
        var lines: [String] = []
        if let sub = submission {
            let ch = sub.channel, at = sub.submittedAt
            let local = DateFormatter()
            local.locale = Locale(identifier: "en_US_POSIX")
            local.timeZone = timeZone
            local.dateFormat = "yyyy-MM-dd HH:mm"
            lines.append("提交方式：\(ch.chinese)，提交时间 \(ISO8601DateFormatter().string(from: at))（\(timeZone.identifier) \(local.string(from: at))）")
            lines.append("  \(ch.receiptRule)")
            if let c = sub.confirmedAt { lines.append("  确认时间 \(ISO8601DateFormatter().string(from: c))（\(timeZone.identifier) \(local.string(from: c))）") }
        }
        lines.append("收到申请之日：\(day(e.receiptDate))")
        if e.clockStart != e.receiptDate { lines.append("起算日：\(day(e.clockStart))（收到补正申请之日，条例第三十条）") }
        if let notice = correctionRequested {
            lines.append("答复期限：中止——\(day(notice))已一次性告知补正；自收到补正后的申请之日起重新计算\(e.limitDays)个工作日（条例第三十条），原答复期限\(day(e.dueDate))不再适用")
            lines.append("截至\(day(e.asOf))\(asOfIsToday ? "（今天）" : "")：等待申请人补正，期限不计算")
            lines.append("补正告知最迟：\(day(e.correctionNoticeDeadline))（条例第三十条，7个工作日）")
            lines.append("")
            lines.append("原答复期限的计算过程：")
            // The count as of today belongs to the period that no longer runs.
            for (i, step) in e.steps.filter({ !$0.hasPrefix("截至") }).enumerated() { lines.append("  \(i + 1). \(step)") }
            lines.append("")
            lines.append("工作日：\(calendarSource)")
            return lines
        }
        var dueLine = "答复期限：\(day(e.dueDate))"
        if e.reasonablePeriodUntil != nil { dueLine += "（条例第三十五条确定的合理期限；法定期限为\(day(e.statutoryDueDate))）" }
        if e.pauses.contains(where: \.open) {
            dueLine += "（征求意见尚未回复，期限暂停中；此日期假定于\(day(e.asOf))收到回复）"
        } else if e.clockPaused {
            dueLine += "（截至\(day(e.asOf))期限因征求意见暂停中）"
        }
        lines.append(dueLine)
        var period = "期限：\(e.limitDays)个工作日"
        if e.extensionDays > 0 { period += "，延长\(e.extensionDays)个工作日" }
        let pausedTotal = e.pauses.reduce(0) { $0 + $1.workingDays }
        if pausedTotal > 0 { period += "，不计入期限的征求意见时间\(pausedTotal)个工作日" }
        lines.append(period)
        var counts = "截至\(day(e.asOf))\(asOfIsToday ? "（今天）" : "")：已用\(e.daysUsed)个工作日，暂停\(e.daysPaused)个工作日，"
        if e.daysRemaining < 0 {
            counts += "已超过期限\(-e.daysRemaining)个工作日"
        } else if e.overdue {
            counts += "期限已届满"
        } else {
            counts += "剩余\(e.daysRemaining)个工作日"
        }
        lines.append(counts)
        lines.append("补正告知最迟：\(day(e.correctionNoticeDeadline))（条例第三十条，7个工作日）")
        if !e.pauses.isEmpty {
            lines.append("")
            lines.append("暂停（不计入期限）：")
            for pause in e.pauses {
                lines.append("  \(pause.from) 至 \(pause.through)\(pause.open ? "（尚未回复）" : "")：\(pause.workingDays)个工作日，\(pause.reason)")
            }
        }
        lines.append("")
        lines.append("计算过程：")
        for (i, step) in e.steps.enumerated() { lines.append("  \(i + 1). \(step)") }
        lines.append("")
        lines.append("工作日：\(calendarSource)")
        let warnings = inputWarnings + e.warnings
        if !warnings.isEmpty {
            lines.append("")
            lines.append("注意：")
            for w in warnings { lines.append("  - \(w)") }
        }
        return lines
    }
}
