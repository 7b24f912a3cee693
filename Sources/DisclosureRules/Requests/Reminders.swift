import Foundation

/// When the staff are reminded of an application's deadline, on the working-day calendar of the statutory clock
/// (条例第三十三条; never plain weekdays — a holiday is not a day of work, a 调休 Saturday is).
///
/// Reminders are sent on working days only (nobody reads the office mailbox on a holiday); each is sent once for a
/// due date, on the first working day its condition holds:
/// - **due soon** — the application's clock is running and its due date falls within `dueSoonWorkingDays` (5)
///   working days of the day (the same "即将到期" as the staff queue: due date ≤ day + 5 working days), not yet passed;
/// - **overdue** — its due date (or the 第三十五条 date) is before the day (`Overdue.isOverdue`).
///
/// A run on a later day finds the same condition still holding; the store keeps one reminder per application, kind
/// and due date, so a missed day is made up on the next working day and nothing is sent twice. A new due date (an
/// extension, 条例第三十三条第二款) is a new deadline and gets its own reminders.
public enum Reminders {
    /// Working days ahead that count as "due soon" (the staff queue's 即将到期).
    public static let dueSoonWorkingDays = 5

    public enum Kind: String, Codable, Sendable, CaseIterable {
        case dueSoon = "due-soon"
        case overdue

        /// The Chinese name used in messages.
        public var label: String {
            switch self {
            case .dueSoon: "即将到期"
            case .overdue: "已逾期"
            }
        }
    }

    /// The reminder an application calls for on `day`, if any.
    /// - Parameters:
    ///   - state: `ApplicationState` raw value; only a running clock (办理中, 征求意见中) is reminded of.
    ///   - dueDate: the 条例第三十三条 due date, ISO `YYYY-MM-DD`; `reasonableDate` the 第三十五条 date, which wins.
    ///   - day: the day of the run.
    /// - Returns: nil on a day that is not a working day, for a clock that is not running, or when neither condition holds.
    /// - Throws: `CalendarError` when `day`, or the day `dueSoonWorkingDays` working days after it, lies in a year
    ///   the calendar does not cover (never guessed).
    public static func due(state: String, dueDate: String?, reasonableDate: String?, on day: CalendarDate,
                           calendar: WorkingDayCalendar) throws -> Kind? {
        guard let s = ApplicationState(rawValue: state), s == .inProgress || s == .underConsultation else { return nil }
        guard let limit = (reasonableDate ?? dueDate).flatMap(CalendarDate.init(iso:)) else { return nil }
        guard try calendar.isWorkingDay(day) else { return nil }
        if Overdue.isOverdue(state: state, dueDate: dueDate, reasonableDate: reasonableDate, asOf: day) { return .overdue }
        return try limit <= calendar.addingWorkingDays(dueSoonWorkingDays, to: day) ? .dueSoon : nil
    }

    /// The day of a week's overdue list for the oversight office: the first working day of the ISO week (Monday to
    /// Sunday) that holds `day`, or nil when the week has none.
    /// - Throws: `CalendarError` for a year the calendar does not cover.
    public static func firstWorkingDayOfWeek(containing day: CalendarDate, calendar: WorkingDayCalendar) throws -> CalendarDate? {
        let monday = day.adding(days: -(day.weekday - 1))
        for i in 0..<7 where try calendar.isWorkingDay(monday.adding(days: i)) { return monday.adding(days: i) }
        return nil
    }
}
