import Foundation

/// A civil date (year, month, day) in the proleptic Gregorian calendar, without a time or a time zone.
///
/// Deadlines under the 条例 are counted in whole days (工作日), so the rules work on civil dates only; a
/// moment (`Date`) becomes a civil date once, in the agency's time zone, with `from(_:timeZone:)`.
///
/// - `description` and the `Codable` form are the ISO 8601 calendar date, e.g. `"2024-09-02"`.
/// - `dayNumber` counts days since 1970-01-01 (day 0) with integer arithmetic only, so the date is cheap to
///   convert and to compare; `init(dayNumber:)` is its inverse.
/// - Years 1…9999 are accepted (four-digit ISO years).
public struct CalendarDate: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// The year, 1…9999.
    public let year: Int
    /// The month, 1…12.
    public let month: Int
    /// The day of the month, 1…28/29/30/31.
    public let day: Int

    /// A validated date; `nil` when the month or day does not exist (e.g. 2023-02-29) or the year is outside 1…9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CalendarDate.daysInMonth(year: year, month: month) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// Parses an ISO 8601 calendar date written exactly as `YYYY-MM-DD` (e.g. `"2024-09-02"`); `nil` for any other
    /// shape or an impossible date.
    public init?(iso: String) {
        let u = Array(iso.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func number(_ r: Range<Int>) -> Int? {
            var n = 0
            for i in r {
                let c = u[i]
                guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
                n = n * 10 + Int(c - UInt8(ascii: "0"))
            }
            return n
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The date `dayNumber` days after 1970-01-01 (negative: before). Inverse of `dayNumber`.
    ///
    /// Precondition: the result lies in years 1…9999.
    public init(dayNumber: Int) {
        // civil_from_days (H. Hinnant), integer arithmetic only.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        precondition((1...9999).contains(y), "CalendarDate(dayNumber: \(dayNumber)) is outside years 1…9999")
        self.year = y; self.month = m; self.day = d
    }

    /// Days since 1970-01-01 (that day is 0, the day before is −1), proleptic Gregorian calendar.
    @inline(__always)
    public var dayNumber: Int {
        // days_from_civil (H. Hinnant), integer arithmetic only.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// ISO 8601 day of the week: 1 = Monday … 6 = Saturday, 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let r = (dayNumber + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    /// `true` on Saturday and Sunday.
    public var isWeekend: Bool { weekday >= 6 }

    /// The date `days` calendar days later (negative: earlier). Calendar days, not working days: for working days use
    /// `WorkingDayCalendar.addingWorkingDays(_:to:)`.
    public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

    /// The ISO 8601 form `YYYY-MM-DD`.
    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Chinese form, e.g. `2024年9月2日`.
    public var chinese: String { "\(year)年\(month)月\(day)日" }

    /// Chinese name of the weekday, e.g. `星期一`.
    public var chineseWeekday: String { ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"][weekday - 1] }

    /// The civil date of the moment `date` in `timeZone` (e.g. Asia/Shanghai for a mainland agency:
    /// 2024-09-26T23:30:00Z is 2024-09-27 there), by integer arithmetic on the seconds since 1970 and the zone's
    /// offset at that moment.
    /// - Throws: `InputError` (field `.date`) when the moment has no date in years 1…9999 (e.g. 9999-12-31T16:00:00Z
    ///   in Asia/Shanghai is already year 10000) — never a trap.
    public static func from(_ date: Date, timeZone: TimeZone) throws -> CalendarDate {
        let t = date.timeIntervalSince1970
        // Years 1…9999 lie within ±2.6e11 seconds of 1970; anything beyond (or NaN) is refused before any conversion.
        guard t.isFinite, abs(t) < 3.0e11 else { throw InputError(.date, "超出公元1年至9999年的范围") }
        let local = Int(t.rounded(.down)) + timeZone.secondsFromGMT(for: date)
        let day = local >= 0 ? local / 86_400 : -((-local + 86_399) / 86_400)
        guard day >= CalendarDate.firstDayNumber, day <= CalendarDate.lastDayNumber else {
            throw InputError(.date, "超出公元1年至9999年的范围（\(timeZone.identifier)）")
        }
        return CalendarDate(dayNumber: day)
    }

    /// Today in `timeZone` — the one definition of "today" (e.g. an agency's today in its own time zone).
    /// - Throws: `InputError` only for a `now` outside years 1…9999.
    public static func today(in timeZone: TimeZone, now: Date) throws -> CalendarDate { try from(now, timeZone: timeZone) }

    /// The latest date that is already "today" somewhere (UTC+14, the easternmost zone): a date after it has not
    /// happened anywhere yet. Used to refuse records of future events without knowing the agency's zone.
    /// - Throws: `InputError` only for a `now` outside years 1…9999.
    public static func latestToday(now: Date) throws -> CalendarDate {
        try from(now, timeZone: TimeZone(secondsFromGMT: Timestamp.maximumOffsetSeconds)!)
    }

    /// `dayNumber` of 0001-01-01 and of 9999-12-31: the range of `init(dayNumber:)`.
    public static let firstDayNumber = -719_162
    public static let lastDayNumber = 2_932_896

    /// The date of an Excel date serial in the 1900 date system (e.g. "45541" = 2024-09-05), as spreadsheets store
    /// dates; nil for anything else or a serial outside 1…2,958,465 (9999-12-31).
    public init?(excelSerial text: String) {
        guard let serial = Double(text), serial >= 1, serial < 2_958_466 else { return nil }
        // Day 25569 is 1970-01-01 in Excel's 1900 system (which counts a non-existent 1900-02-29).
        self.init(dayNumber: Int(serial.rounded(.down)) - 25569)
    }

    /// The date `days` calendar days later, or nil when it would leave years 1…9999.
    public func addingChecked(days: Int) -> CalendarDate? {
        let (n, overflow) = dayNumber.addingReportingOverflow(days)
        guard !overflow, n >= Self.firstDayNumber, n <= Self.lastDayNumber else { return nil }
        return CalendarDate(dayNumber: n)
    }

    /// Number of days in `month` of `year` (Gregorian leap years).
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// Gregorian leap year rule.
    public static func isLeapYear(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// Decodes the ISO string `YYYY-MM-DD`; any other value is a `DecodingError.dataCorrupted`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(iso: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "日期应为 YYYY-MM-DD 格式，收到“\(text)”")
        }
        self = date
    }

    /// Encodes the ISO string `YYYY-MM-DD`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
