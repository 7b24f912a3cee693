import Foundation

/// One dated entry of a holiday notice: a day off (放假) or a make-up working day (调休上班), with the name of the
/// break it belongs to as the notice writes it (e.g. `春节`, `国庆节、中秋节`).
public struct NamedDay: Hashable, Codable, Sendable {
    public var date: CalendarDate
    public var name: String
    public init(date: CalendarDate, name: String) { self.date = date; self.name = name }
}

/// The State Council General Office's holiday arrangement for one year (国务院办公厅关于YYYY年部分节假日安排的通知),
/// including any later amending notice for the same year.
///
/// Keyed by the **notice year**: a notice may list days of late December of the previous year (the 2019 notice lists
/// 2018-12-29 as a make-up workday and 2018-12-30/31 as days off). A loaded notice for year Y makes calendar year Y
/// "covered"; it does not cover Y−1 even when it lists some of its December days.
public struct HolidayNotice: Hashable, Codable, Sendable {
    /// The notice year (the year whose holidays it arranges).
    public var year: Int
    /// Every day of every break, weekend days inside a break included.
    public var holidays: [NamedDay]
    /// Only the Saturdays and Sundays the notice makes working days (调休上班); ordinary Monday–Friday are not listed.
    public var workdays: [NamedDay]
    /// Document numbers (文号) of the notice and its amendments, e.g. `国办发明电〔2018〕15号`; may be empty.
    public var documents: [String]

    public init(year: Int, holidays: [NamedDay], workdays: [NamedDay], documents: [String] = []) {
        self.year = year; self.holidays = holidays; self.workdays = workdays; self.documents = documents
    }
}

/// Why a working-day computation or a calendar load was refused. `description` is a Chinese message for the user.
public enum CalendarError: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
    /// A date in this calendar year is needed but no holiday notice for the year is loaded. Never guessed as Mon–Fri.
    case yearNotCovered(Int)
    /// The JSON is not the `{"years": {"YYYY": {"holidays": [...], "workdays": [...]}}}` shape (detail in Chinese).
    case malformed(String)
    /// A key of `years` is not a four-digit year.
    case invalidNoticeYear(String)
    /// A `date` field of the notice for `noticeYear` is not a valid `YYYY-MM-DD` date.
    case invalidDate(noticeYear: Int, text: String)
    /// A date lies neither in the notice year nor in the previous December.
    case dateOutsideNoticeYear(noticeYear: Int, date: CalendarDate)
    /// A make-up working day that is not a Saturday or Sunday.
    case workdayNotOnWeekend(noticeYear: Int, date: CalendarDate, name: String)
    /// A date listed both as a day off and as a make-up working day in the same notice.
    case holidayAndWorkday(noticeYear: Int, date: CalendarDate)
    /// A date listed twice in the same list of one notice.
    case duplicateDate(noticeYear: Int, date: CalendarDate)
    /// A day off in one notice is a make-up working day in another.
    case conflictingNotices(date: CalendarDate, holidayNoticeYear: Int, workdayNoticeYear: Int)
    /// A negative number of working days was asked for.
    case negativeWorkingDays(Int)
    /// A notice that lists no day off: every real notice has at least 元旦; an empty one would load nothing.
    case emptyNotice(Int)
    /// A day's name is empty, too long, or has invisible, control or direction characters.
    case invalidName(noticeYear: Int, date: CalendarDate, reason: String)

    public var description: String {
        switch self {
        case .yearNotCovered(let y):
            return "\(y)年的节假日安排尚未载入（国务院办公厅通知未发布或未导入），无法计算工作日"
        case .malformed(let detail):
            return "节假日安排数据格式不符（应为 {\"years\": {\"年份\": {\"holidays\": [...], \"workdays\": [...]}}}）：\(detail)"
        case .invalidNoticeYear(let text):
            return "节假日安排中的年份“\(text)”无效（应为2008年以后的四位年份）"
        case .invalidDate(let y, let text):
            return "\(y)年节假日安排中的日期“\(text)”无效（应为 YYYY-MM-DD 格式的真实日期）"
        case .dateOutsideNoticeYear(let y, let d):
            return "\(y)年节假日安排中的日期 \(d) 不属于该年度（只能是\(y)年或\(y - 1)年12月的日期）"
        case .workdayNotOnWeekend(let y, let d, let name):
            return "\(y)年节假日安排中的调休上班日 \(d)（\(name)）是\(d.chineseWeekday)，调休上班日只能是星期六或星期日"
        case .holidayAndWorkday(let y, let d):
            return "\(y)年节假日安排中的 \(d) 同时列为放假日和调休上班日"
        case .duplicateDate(let y, let d):
            return "\(y)年节假日安排中的 \(d) 重复列出"
        case .conflictingNotices(let d, let h, let w):
            return "\(d) 在\(h)年节假日安排中为放假日，在\(w)年节假日安排中却为调休上班日"
        case .negativeWorkingDays(let n):
            return "工作日数不能为负数（收到 \(n)）"
        case .invalidName(let y, let d, let reason):
            return "\(y)年节假日安排中 \(d) 的\(reason)"
        case .emptyNotice(let y):
            return "\(y)年的节假日安排没有任何放假日（每年的通知至少有元旦），未导入；请核对文件"
        }
    }

    public var errorDescription: String? { description }
}

/// Mainland China's statutory working days (工作日), from the State Council's holiday notices.
///
/// A date is a working day when it is a make-up working day (调休上班) of a loaded notice; otherwise not when it is a
/// listed day off (or an ad-hoc day off added with `addingDayOff`, which wins over everything); otherwise Monday–Friday
/// are working days and Saturday/Sunday are not. Dates of a calendar year with no loaded notice are **unknown**: every
/// query touching one throws `CalendarError.yearNotCovered(year)` instead of guessing Monday–Friday.
///
/// Counting convention (cases/deadlines.md; the 条例 does not define it): for "N working days from day X" the day X is
/// day 0, the first working day after X is day 1, and the Nth working day is the result — also when X itself is a
/// holiday or a weekend day.
///
/// The calendar is indexed once when built (a prefix count of working days and the list of working days over the
/// covered years), so `addingWorkingDays` and `workingDays(after:through:)` are O(1) array lookups.
public struct WorkingDayCalendar: Sendable {
    /// The loaded notices by notice year.
    public let notices: [Int: HolidayNotice]
    /// Ad-hoc days off (e.g. a local closure), by date; they are not working days whatever the notices say.
    public let daysOff: [CalendarDate: String]

    private let holidayNames: [CalendarDate: (name: String, noticeYear: Int)]
    private let workdayNames: [CalendarDate: (name: String, noticeYear: Int)]
    private let index: Index

    /// The calendar years with a loaded notice, ascending.
    public var coveredYears: [Int] { notices.keys.sorted() }

    /// Builds and indexes a calendar from notices (at most one per notice year; a later one for the same year replaces
    /// an earlier one) and ad-hoc days off.
    ///
    /// - Throws: `CalendarError` naming the notice year and date when a notice is inconsistent: a make-up working day
    ///   not on Saturday/Sunday, a date both day off and working day (in one notice or across two), a duplicate, or a
    ///   date outside the notice year and the previous December.
    public init(notices: [HolidayNotice], daysOff: [NamedDay] = []) throws {
        var byYear: [Int: HolidayNotice] = [:]
        for n in notices { byYear[n.year] = n }
        var holidays: [CalendarDate: (name: String, noticeYear: Int)] = [:]
        var workdays: [CalendarDate: (name: String, noticeYear: Int)] = [:]
        for year in byYear.keys.sorted() {
            let n = byYear[year]!
            guard (2...9999).contains(year) else { throw CalendarError.invalidNoticeYear(String(year)) }
            var seenHolidays = Set<CalendarDate>(), seenWorkdays = Set<CalendarDate>()
            for h in n.holidays {
                try Self.checkInNoticeYear(h.date, year)
                guard seenHolidays.insert(h.date).inserted else { throw CalendarError.duplicateDate(noticeYear: year, date: h.date) }
            }
            for w in n.workdays {
                try Self.checkInNoticeYear(w.date, year)
                guard seenWorkdays.insert(w.date).inserted else { throw CalendarError.duplicateDate(noticeYear: year, date: w.date) }
                guard w.date.isWeekend else { throw CalendarError.workdayNotOnWeekend(noticeYear: year, date: w.date, name: w.name) }
                if seenHolidays.contains(w.date) { throw CalendarError.holidayAndWorkday(noticeYear: year, date: w.date) }
            }
            for h in n.holidays {
                if let other = workdays[h.date] {
                    throw CalendarError.conflictingNotices(date: h.date, holidayNoticeYear: year, workdayNoticeYear: other.noticeYear)
                }
                holidays[h.date] = (h.name, year)
            }
            for w in n.workdays {
                if let other = holidays[w.date], other.noticeYear != year {
                    throw CalendarError.conflictingNotices(date: w.date, holidayNoticeYear: other.noticeYear, workdayNoticeYear: year)
                }
                workdays[w.date] = (w.name, year)
            }
        }
        var off: [CalendarDate: String] = [:]
        for d in daysOff { off[d.date] = d.name }
        self.notices = byYear
        self.daysOff = off
        self.holidayNames = holidays
        self.workdayNames = workdays
        self.index = Index(years: Set(byYear.keys)) { date in
            if off[date] != nil { return false }
            if workdays[date] != nil { return true }
            if holidays[date] != nil { return false }
            return !date.isWeekend
        }
    }

    private static func checkInNoticeYear(_ d: CalendarDate, _ year: Int) throws {
        guard d.year == year || (d.year == year - 1 && d.month == 12) else {
            throw CalendarError.dateOutsideNoticeYear(noticeYear: year, date: d)
        }
    }

    // MARK: Loading

    private struct FileShape: Codable {
        struct Entry: Codable { var date: String; var name: String }
        struct Year: Codable { var holidays: [Entry]?; var workdays: [Entry]?; var documents: [String]? }
        var years: [String: Year]
        var daysOff: [Entry]?
    }

    /// Reads the `cn-workday-calendar.json` shape:
    /// `{"years": {"2019": {"holidays": [{"date": "2019-01-01", "name": "元旦"}, …], "workdays": [{"date", "name"}, …],
    /// "documents": ["国办发明电〔2018〕15号"]?}, …}, "daysOff": [{"date", "name"}]?}` (other top-level keys such as
    /// `source` are ignored). Years are notice years; all years' dates are merged into one set.
    ///
    /// - Throws: `CalendarError.malformed` for another JSON shape, `.invalidNoticeYear` (also a year before 2008),
    ///   `.emptyNotice` for a year without any day off, `.invalidDate` (naming the year and the text), and the
    ///   consistency errors of `init(notices:daysOff:)` (e.g. a make-up workday on a Tuesday).
    public static func load(json: Data) throws -> WorkingDayCalendar {
        let file: FileShape
        do { file = try JSONDecoder().decode(FileShape.self, from: json) } catch let e as DecodingError {
            throw CalendarError.malformed(Self.describe(e))
        } catch {
            throw CalendarError.malformed(String(describing: error))
        }
        var notices: [HolidayNotice] = []
        for (key, y) in file.years {
            // Holiday notices matter from the Regulations' first year (2008) on.
            guard key.count == 4, key.allSatisfy(\.isASCII), let year = Int(key), year >= RecordDates.earliest.year else {
                throw CalendarError.invalidNoticeYear(key)
            }
            guard !(y.holidays ?? []).isEmpty else { throw CalendarError.emptyNotice(year) }
            func days(_ entries: [FileShape.Entry]?) throws -> [NamedDay] {
                try (entries ?? []).map { e in
                    guard let d = CalendarDate(iso: e.date) else { throw CalendarError.invalidDate(noticeYear: year, text: e.date) }
                    return NamedDay(date: d, name: try Self.checkedName(e.name, noticeYear: year, date: d))
                }
            }
            notices.append(HolidayNotice(year: year, holidays: try days(y.holidays), workdays: try days(y.workdays),
                                         documents: y.documents ?? []))
        }
        var off: [NamedDay] = []
        for e in file.daysOff ?? [] {
            guard let d = CalendarDate(iso: e.date) else { throw CalendarError.malformed("daysOff 中的日期“\(e.date)”无效") }
            off.append(NamedDay(date: d, name: try Self.checkedName(e.name, noticeYear: d.year, date: d)))
        }
        return try WorkingDayCalendar(notices: notices, daysOff: off)
    }

    /// A day's name as shown wherever the day is explained: one line, no invisible or direction characters, not empty.
    /// - Throws: `CalendarError.invalidName` naming the year, the date and why.
    static func checkedName(_ name: String, noticeYear: Int, date: CalendarDate) throws -> String {
        do { return try CleanText.requiredLine(name, field: InputField("dayName", "名称"), maxLength: 50) } catch let e as InputError {
            throw CalendarError.invalidName(noticeYear: noticeYear, date: date, reason: e.description)
        }
    }

    private static func describe(_ e: DecodingError) -> String {
        func path(_ c: [any CodingKey]) -> String { c.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") }
        switch e {
        case .keyNotFound(let k, let ctx): return "缺少字段 \(path(ctx.codingPath + [k]))"
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx): return "字段 \(path(ctx.codingPath)) 的类型不对"
        case .dataCorrupted(let ctx): return ctx.codingPath.isEmpty ? "不是有效的 JSON" : "字段 \(path(ctx.codingPath)) 的值无效"
        @unknown default: return "无法解析"
        }
    }

    /// The same JSON shape `load(json:)` reads (notices by year, each list sorted by date, plus `daysOff` when any),
    /// for storing an imported calendar.
    public func json() throws -> Data {
        func entries(_ d: [NamedDay]) -> [FileShape.Entry] { d.sorted { $0.date < $1.date }.map { .init(date: $0.date.description, name: $0.name) } }
        var years: [String: FileShape.Year] = [:]
        for (y, n) in notices {
            years[String(y)] = .init(holidays: entries(n.holidays), workdays: entries(n.workdays), documents: n.documents.isEmpty ? nil : n.documents)
        }
        let off = daysOff.map { NamedDay(date: $0.key, name: $0.value) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(FileShape(years: years, daysOff: off.isEmpty ? nil : entries(off)))
    }

    /// The notices bundled with Gongkai (2019–2026; see `BundledNotices.swift`, generated from
    /// `../shared/data/cn-workday-calendar.json` by `scripts/generate-bundled-calendar.py`). 2027 is not covered.
    public static let bundled: WorkingDayCalendar = {
        do { return try WorkingDayCalendar(notices: bundledNotices) } catch {
            preconditionFailure("bundled holiday notices are inconsistent: \(error)")
        }
    }()

    // MARK: New calendars

    /// A new calendar with `notice` added, replacing any notice of the same year (for `gongkai calendar import`).
    /// - Throws: the consistency errors of `init(notices:daysOff:)`.
    public func merging(_ notice: HolidayNotice) throws -> WorkingDayCalendar {
        var all = notices
        all[notice.year] = notice
        return try WorkingDayCalendar(notices: Array(all.values), daysOff: daysOff.map { NamedDay(date: $0.key, name: $0.value) })
    }

    /// A new calendar with the notice for `noticeYear` set to these days off (every day of each break) and make-up
    /// working days (Saturdays/Sundays only), replacing any notice of that year.
    /// - Throws: the consistency errors of `init(notices:daysOff:)`, naming the year and date.
    public func merging(noticeYear: Int, holidays: [NamedDay], workdays: [NamedDay], documents: [String] = []) throws -> WorkingDayCalendar {
        try merging(HolidayNotice(year: noticeYear, holidays: holidays, workdays: workdays, documents: documents))
    }

    /// A new calendar where `date` is not a working day (an ad-hoc day off such as a local closure), whatever the
    /// notices say. It does not make an uncovered year covered.
    public func addingDayOff(_ date: CalendarDate, name: String) -> WorkingDayCalendar {
        var off = daysOff
        off[date] = name
        // The notices were validated when this calendar was built and a day off cannot contradict them.
        return try! WorkingDayCalendar(notices: Array(notices.values), daysOff: off.map { NamedDay(date: $0.key, name: $0.value) })
    }

    // MARK: Queries

    /// What kind of day `date` is.
    public enum DayKind: Hashable, Sendable {
        /// Monday–Friday, not listed.
        case ordinaryWorkday
        /// Saturday/Sunday, not listed.
        case weekend
        /// A listed day off (放假), with the break's name.
        case holiday(String)
        /// A listed make-up working day (调休上班), with the break's name.
        case makeUpWorkday(String)
        /// An ad-hoc day off, with its name.
        case dayOff(String)

        /// `true` for `.ordinaryWorkday` and `.makeUpWorkday`.
        public var isWorkingDay: Bool {
            switch self { case .ordinaryWorkday, .makeUpWorkday: true; default: false }
        }
    }

    /// The kind of `date`, by the rule in the type's documentation.
    /// - Throws: `CalendarError.yearNotCovered(date.year)` when no notice for that year is loaded.
    public func dayKind(_ date: CalendarDate) throws -> DayKind {
        guard notices[date.year] != nil else { throw CalendarError.yearNotCovered(date.year) }
        if let n = daysOff[date] { return .dayOff(n) }
        if let w = workdayNames[date] { return .makeUpWorkday(w.name) }
        if let h = holidayNames[date] { return .holiday(h.name) }
        return date.isWeekend ? .weekend : .ordinaryWorkday
    }

    /// Whether `date` is a working day (工作日): a make-up workday → yes; a listed holiday or ad-hoc day off → no;
    /// otherwise Monday–Friday. Reads the notices directly (not the index).
    /// - Throws: `CalendarError.yearNotCovered(date.year)` when no notice for that year is loaded.
    public func isWorkingDay(_ date: CalendarDate) throws -> Bool { try dayKind(date).isWorkingDay }

    /// The date that is the `n`th working day after `start` (`start` is day 0, the first working day after it is day 1;
    /// `n` = 0 gives `start`). Used for every statutory period in working days (条例第三十条、第三十二条、第三十三条、
    /// 第三十四条; fee payment). O(1): two array lookups in the index.
    ///
    /// - Throws: `CalendarError.yearNotCovered(year)` when `start` or any day up to the result lies in a year without a
    ///   notice (the year named is the first such year reached); `.negativeWorkingDays` when `n < 0`.
    public func addingWorkingDays(_ n: Int, to start: CalendarDate) throws -> CalendarDate {
        try CalendarDate(dayNumber: addingWorkingDays(n, toDayNumber: start.dayNumber, year: start.year))
    }

    /// `addingWorkingDays` on day numbers (days since 1970-01-01); `year` is the calendar year of `start`.
    func addingWorkingDays(_ n: Int, toDayNumber start: Int, year: Int) throws -> Int {
        guard n >= 0 else { throw CalendarError.negativeWorkingDays(n) }
        let ix = index
        try ix.requireCovered(year)
        if n == 0 { return start }
        let s = start - ix.base
        // n beyond the working days indexed (incl. n near Int.max) reaches past the last covered year.
        let (target, overflow) = Int(ix.prefix[s + 1]).addingReportingOverflow(n - 1)
        guard !overflow, target < ix.ordinals.count else { throw CalendarError.yearNotCovered(ix.firstUncoveredYear(after: year)) }
        let r = Int(ix.ordinals[target])
        if ix.hasGaps, ix.uncoveredPrefix[r + 1] != ix.uncoveredPrefix[s + 1] {
            throw CalendarError.yearNotCovered(ix.firstUncoveredYear(after: year))
        }
        return ix.base + r
    }

    /// The definition of `addingWorkingDays`, walking day by day through `isWorkingDay`. Slow (O(n)); used by tests
    /// to check the indexed version.
    /// - Throws: as `addingWorkingDays`.
    public func addingWorkingDaysByWalking(_ n: Int, to start: CalendarDate) throws -> CalendarDate {
        guard n >= 0 else { throw CalendarError.negativeWorkingDays(n) }
        guard notices[start.year] != nil else { throw CalendarError.yearNotCovered(start.year) }
        var day = start, counted = 0
        while counted < n {
            day = day.adding(days: 1)
            if try isWorkingDay(day) { counted += 1 }
        }
        return day
    }

    /// The number of working days in (`start`, `end`]: after `start`, up to and including `end`. When `end` is before
    /// `start` the result is negative: −(working days in (`end`, `start`]). O(1).
    ///
    /// - Throws: `CalendarError.yearNotCovered(year)` when either date, or any year between them, has no notice.
    public func workingDays(after start: CalendarDate, through end: CalendarDate) throws -> Int {
        let ix = index
        try ix.requireCovered(start.year)
        try ix.requireCovered(end.year)
        let a = start.dayNumber - ix.base, b = end.dayNumber - ix.base
        if ix.hasGaps, ix.uncoveredPrefix[max(a, b) + 1] != ix.uncoveredPrefix[min(a, b) + 1] {
            throw CalendarError.yearNotCovered(ix.firstUncoveredYear(after: min(start.year, end.year)))
        }
        return Int(ix.prefix[b + 1]) - Int(ix.prefix[a + 1])
    }

    /// The name of the break `date` is a listed day off of, if any.
    public func holidayName(on date: CalendarDate) -> String? { holidayNames[date]?.name }

    /// The name of the break `date` is a make-up working day for, if any.
    public func makeUpWorkdayName(on date: CalendarDate) -> String? { workdayNames[date]?.name }

    /// The make-up working days (调休上班) in (`start`, `end`], ascending — for explaining a count.
    public func makeUpWorkdays(after start: CalendarDate, through end: CalendarDate) -> [NamedDay] {
        workdayNames.filter { $0.key > start && $0.key <= end && daysOff[$0.key] == nil }
            .map { NamedDay(date: $0.key, name: $0.value.name) }.sorted { $0.date < $1.date }
    }

    /// The breaks whose days off fall on Monday–Friday in (`start`, `end`] — the holidays that push a count later —
    /// each once, as its first such day with the break's name, ascending.
    public func holidaysOnWeekdays(after start: CalendarDate, through end: CalendarDate) -> [NamedDay] {
        let days = holidayNames.filter { $0.key > start && $0.key <= end && !$0.key.isWeekend }.sorted { $0.key < $1.key }
        var breaks: [NamedDay] = []
        var seen = Set<String>()
        for d in days where seen.insert("\(d.value.noticeYear)\(d.value.name)").inserted {
            breaks.append(NamedDay(date: d.key, name: d.value.name))
        }
        return breaks
    }

    /// The year whose notice is still missing when a period (`start`, `end`] reaches the last week of December
    /// (12月25日–31日) of a covered year Y while year Y+1 has no notice: the Y+1 notice can move those days (the 2019
    /// notice made 2018-12-29 a working Saturday and 2018-12-31 a day off). `nil` when no such day is in the period.
    public func yearEndAwaitingNotice(after start: CalendarDate, through end: CalendarDate) -> Int? {
        guard start < end else { return nil }
        for y in start.year...end.year where notices[y] != nil && notices[y + 1] == nil {
            let windowStart = CalendarDate(year: y, month: 12, day: 25)!, windowEnd = CalendarDate(year: y, month: 12, day: 31)!
            if end >= windowStart && start < windowEnd { return y + 1 }
        }
        return nil
    }
}

// MARK: - Index

extension WorkingDayCalendar {
    /// Precomputed over 1 January of the first covered year … 31 December of the last one.
    final class Index: Sendable {
        /// First and last covered calendar year (0 and −1 when nothing is covered).
        let firstYear: Int, lastYear: Int
        /// Day number of 1 January of `firstYear`; offsets below are relative to it.
        let base: Int
        /// `prefix[i]` = working days among offsets 0..<i (count + 1 entries). Uncovered days count as non-working.
        let prefix: [Int32]
        /// Offsets of the working days, ascending: `ordinals[k]` is the (k+1)th working day.
        let ordinals: [Int32]
        /// Whether a year between `firstYear` and `lastYear` has no notice.
        let hasGaps: Bool
        /// With gaps only: `uncoveredPrefix[i]` = uncovered days among offsets 0..<i.
        let uncoveredPrefix: [Int32]
        /// Per year from `firstYear`: whether it is covered.
        let covered: [Bool]
        /// Per year from `firstYear`: the first uncovered year after it.
        let nextUncovered: [Int]

        init(years: Set<Int>, isWorkingDay: (CalendarDate) -> Bool) {
            guard let first = years.min(), let last = years.max() else {
                firstYear = 0; lastYear = -1; base = 0; prefix = [0]; ordinals = []; hasGaps = false
                uncoveredPrefix = []; covered = []; nextUncovered = []
                return
            }
            firstYear = first; lastYear = last
            base = CalendarDate(year: first, month: 1, day: 1)!.dayNumber
            let end = CalendarDate(year: last, month: 12, day: 31)!.dayNumber
            let count = end - base + 1
            var prefix = [Int32](repeating: 0, count: count + 1)
            var uncovered = [Int32](repeating: 0, count: count + 1)
            var ordinals: [Int32] = []
            ordinals.reserveCapacity(count * 3 / 4)
            var working: Int32 = 0, missing: Int32 = 0
            for i in 0..<count {
                let date = CalendarDate(dayNumber: base + i)
                if years.contains(date.year) {
                    if isWorkingDay(date) { working += 1; ordinals.append(Int32(i)) }
                } else {
                    missing += 1
                }
                prefix[i + 1] = working
                uncovered[i + 1] = missing
            }
            self.prefix = prefix
            self.ordinals = ordinals
            hasGaps = missing > 0
            uncoveredPrefix = missing > 0 ? uncovered : []
            covered = (first...last).map { years.contains($0) }
            var next: [Int] = Array(repeating: last + 1, count: last - first + 1)
            var upcoming = last + 1
            for y in stride(from: last, through: first, by: -1) {
                next[y - first] = upcoming
                if !years.contains(y) { upcoming = y }
            }
            nextUncovered = next
        }

        @inline(__always)
        func requireCovered(_ year: Int) throws {
            guard year >= firstYear, year <= lastYear, covered[year - firstYear] else { throw CalendarError.yearNotCovered(year) }
        }

        /// The first year after `year` (a covered year) without a notice.
        func firstUncoveredYear(after year: Int) -> Int { nextUncovered[year - firstYear] }
    }
}

extension WorkingDayCalendar.DayKind {
    /// Why `date` is or is not a working day, in Chinese, e.g. "2024-10-01 是国庆节放假日", "2024-10-12 是星期六".
    public func chineseReason(_ date: CalendarDate) -> String {
        switch self {
        case .ordinaryWorkday: "\(date) 是\(date.chineseWeekday)，工作日"
        case .weekend: "\(date) 是\(date.chineseWeekday)"
        case .holiday(let name): "\(date) 是\(name)放假日"
        case .makeUpWorkday(let name): "\(date) 是\(name)调休上班日"
        case .dayOff(let name): "\(date) 是休息日（\(name)）"
        }
    }
}
