import Foundation

/// "Overdue" is derived when read, never stored (a state set by events, a fact derived by time): an application is
/// overdue on `asOf` when it is open with its clock running — not awaiting a correction (条例第三十条) or a payment
/// (国办函〔2020〕109号), when the applicant holds it — and its due date (条例第三十三条), or the 第三十五条 date when
/// one was set, is before `asOf`.
public enum Overdue {
    /// - Parameters: `state` is an `ApplicationState` raw value; dates are ISO `YYYY-MM-DD`.
    public static func isOverdue(state: String, dueDate: String?, reasonableDate: String?, asOf: CalendarDate) -> Bool {
        guard let s = ApplicationState(rawValue: state), s == .inProgress || s == .underConsultation else { return false }
        guard let limit = reasonableDate ?? dueDate else { return false }
        return limit < asOf.description
    }
}
