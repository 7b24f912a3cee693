import Foundation

/// The period in which the dates of records can lie, checked before any date is converted or stored.
///
/// Every record Gongkai keeps is of something done under the Regulations on Open Government Information: nothing
/// before the first Regulations took effect (国务院令第492号, 2008年5月1日施行), and — where the law speaks of an
/// event that happened (a receipt, a notice, a payment, an answer, an appeal, a publication) — nothing after today.
public enum RecordDates {
    /// 2008-05-01: 《中华人民共和国政府信息公开条例》（2007年国务院令第492号）施行之日.
    public static let earliest = CalendarDate(year: 2008, month: 5, day: 1)!

    /// The first moment of `earliest` anywhere (00:00 at UTC+14).
    public static var earliestInstant: Date {
        Date(timeIntervalSince1970: Double(earliest.dayNumber * 86_400 - Timestamp.maximumOffsetSeconds))
    }

    /// Checks the date of an event that happened: not before 2008-05-01, not after `today`.
    /// - Parameter today: the latest acceptable date, usually `CalendarDate.latestToday(now:)` (no agency's today
    ///   refused) or the agency's today.
    /// - Throws: `InputError` naming `field`, the date and the bound.
    public static func checkPast(_ date: CalendarDate, field: InputField, today: CalendarDate) throws {
        if date < earliest {
            throw InputError(field, " \(date) 早于政府信息公开条例施行之日 \(earliest)（2007年国务院令第492号），不可能是依条例办理的事项")
        }
        if date > today { throw InputError(field, " \(date) 晚于今天，不能登记尚未发生的事") }
    }

    /// Checks a date that may lie in the future (a planned date, a what-if computation): not before 2008-05-01.
    /// - Throws: `InputError` naming `field`.
    public static func checkNotBeforeRegulations(_ date: CalendarDate, field: InputField) throws {
        if date < earliest {
            throw InputError(field, " \(date) 早于政府信息公开条例施行之日 \(earliest)（2007年国务院令第492号）")
        }
    }

    /// Checks the moment of an event that happened, before it is converted to a date: not before 2008-05-01 (at
    /// UTC+14), and not after `now` (plus `leeway` seconds for clocks that differ a little).
    /// - Throws: `InputError` naming `field`.
    public static func checkPast(_ instant: Date, field: InputField, now: Date, leeway: TimeInterval = 300) throws {
        let t = instant.timeIntervalSince1970
        guard t.isFinite, t >= earliestInstant.timeIntervalSince1970 else {
            throw InputError(field, "早于政府信息公开条例施行之日 \(earliest)（2007年国务院令第492号）")
        }
        guard t <= now.timeIntervalSince1970 + leeway else {
            throw InputError(field, "晚于现在，不能登记尚未发生的事")
        }
    }

    /// Checks a moment used in a what-if computation (`gongkai clock`): finite and not before 2008-05-01. Its date in
    /// the agency's zone is then taken by `CalendarDate.from`, which refuses a moment beyond year 9999, and the
    /// calendar refuses years it has no notice for.
    /// - Throws: `InputError` naming `field`.
    public static func checkComputable(_ instant: Date, field: InputField) throws {
        let t = instant.timeIntervalSince1970
        guard t.isFinite, t >= earliestInstant.timeIntervalSince1970 else {
            throw InputError(field, "早于政府信息公开条例施行之日 \(earliest)（2007年国务院令第492号）")
        }
    }
}
