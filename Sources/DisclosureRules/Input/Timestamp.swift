import Foundation

/// The one parser of moments (timestamps) typed by people: submission and confirmation times of applications
/// (条例第三十一条), in every front end.
///
/// Accepted, strictly (ISO 8601 / RFC 3339 extended format):
/// `YYYY-MM-DDTHH:MM[:SS[.fraction]][zone]`, with `T` (or `t`, or one space) between date and time, and zone `Z`,
/// `±HH:MM`, `±HHMM` or `±HH`, the offset at most ±14:00 with minutes 00–59. Without a zone the time is read in the
/// given time zone (the agency's). Every field is checked: a month, day, hour, minute or second that does not exist
/// (2024-02-30, 24:00, 10:60, a leap second 23:59:60) and a local time that a daylight-saving change skips are
/// refused, never rolled over into another moment.
public enum Timestamp {
    /// Largest UTC offset in use (Kiribati, UTC+14); also the lower bound −14:00 (beyond UTC−12, for symmetry).
    public static let maximumOffsetSeconds = 14 * 3600

    /// A parsed moment with the offset it was written with (`nil` when written without a zone).
    public struct Parsed: Hashable, Sendable {
        public var date: CalendarDate
        public var hour: Int, minute: Int, second: Int
        /// Fraction of a second, 0 ≤ fraction < 1.
        public var fraction: Double
        /// Offset east of UTC in seconds, as written; nil when no zone was written.
        public var offsetSeconds: Int?
    }

    /// Parses `text` into an instant.
    /// - Parameters:
    ///   - field: named in the error (e.g. `.submittedAt`).
    ///   - timeZone: the zone a time written without one is read in.
    /// - Throws: `InputError` naming `field` and what is wrong (shape, a field out of range, an offset beyond ±14:00,
    ///   a local time that does not exist in `timeZone`).
    public static func parse(_ text: String, field: InputField, timeZone: TimeZone) throws -> Date {
        let p = try parseFields(text, field: field)
        let midnight = p.date.dayNumber * 86_400
        let local = midnight + p.hour * 3600 + p.minute * 60 + p.second
        if let offset = p.offsetSeconds {
            return Date(timeIntervalSince1970: Double(local - offset) + p.fraction)
        }
        // Without a zone: find the offset in force at that local time, then check the local time exists there.
        let guess = Date(timeIntervalSince1970: Double(local))
        var candidate = local - timeZone.secondsFromGMT(for: guess)
        let second = local - timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(candidate)))
        candidate = second
        let back = candidate + timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(candidate)))
        guard back == local else {
            throw InputError(field, "“\(text)”在时区 \(timeZone.identifier) 不存在（夏令时调整跳过了这段时间），请写明时区，例如 +08:00")
        }
        return Date(timeIntervalSince1970: Double(candidate) + p.fraction)
    }

    /// Parses the fields of `text` without turning them into an instant (see `parse`).
    /// - Throws: `InputError` as `parse`.
    public static func parseFields(_ text: String, field: InputField) throws -> Parsed {
        let shape = "应为 ISO 8601 时刻，例如 2024-09-26T23:30:00Z 或 2024-09-27T07:30:00+08:00"
        let u = Array(text.utf8)
        func fail(_ why: String) -> InputError { InputError(field, "“\(text)”无效：\(why)") }
        guard u.count >= 16, u.count <= 40 else {
            if CalendarDate(iso: text) != nil { throw fail("只有日期，没有时刻（\(shape)）") }
            throw fail(shape)
        }
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= u.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                let c = u[k]
                guard c >= 0x30, c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < u.count, u[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = digits(4), expect(0x2D), let mo = digits(2), expect(0x2D), let d = digits(2) else { throw fail(shape) }
        guard i < u.count, [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(u[i]) else { throw fail(shape) }
        i += 1
        guard let h = digits(2), expect(0x3A), let mi = digits(2) else { throw fail(shape) }
        var s = 0
        var fraction = 0.0
        if expect(0x3A) {
            guard let sec = digits(2) else { throw fail(shape) }
            s = sec
            if i < u.count, u[i] == 0x2E || u[i] == 0x2C {
                i += 1
                let start = i
                var scale = 0.1
                while i < u.count, u[i] >= 0x30, u[i] <= 0x39 {
                    fraction += Double(u[i] - 0x30) * scale
                    scale /= 10
                    i += 1
                }
                guard i > start, i - start <= 9 else { throw fail("秒的小数部分应为1至9位数字") }
            }
        }
        var offset: Int?
        if i < u.count {
            let c = u[i]
            if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") {
                offset = 0
                i += 1
            } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                i += 1
                guard let oh = digits(2) else { throw fail("时区偏移应为 ±HH:MM") }
                var om = 0
                if i < u.count {
                    _ = expect(0x3A)
                    guard let m = digits(2) else { throw fail("时区偏移应为 ±HH:MM") }
                    om = m
                }
                guard om < 60 else { throw fail("时区偏移的分钟应为00–59") }
                let seconds = oh * 3600 + om * 60
                guard seconds <= maximumOffsetSeconds else { throw fail("时区偏移超出 ±14:00") }
                offset = c == UInt8(ascii: "-") ? -seconds : seconds
            } else {
                throw fail(shape)
            }
        }
        guard i == u.count else { throw fail(shape) }
        guard let date = CalendarDate(year: y, month: mo, day: d) else {
            throw fail("\(String(format: "%04d-%02d-%02d", y, mo, d)) 这一天不存在")
        }
        guard h <= 23 else { throw fail("小时应为00–23") }
        guard mi <= 59 else { throw fail("分钟应为00–59") }
        guard s <= 59 else { throw fail("秒应为00–59") }
        return Parsed(date: date, hour: h, minute: mi, second: s, fraction: fraction, offsetSeconds: offset)
    }
}
