import DisclosureRules
import Foundation
import Testing

/// `2024-09-02` → CalendarDate (test helper; fails the test on a typo).
func day(_ iso: String, sourceLocation: SourceLocation = #_sourceLocation) -> CalendarDate {
    guard let d = CalendarDate(iso: iso) else {
        Issue.record("bad test date \(iso)", sourceLocation: sourceLocation)
        return CalendarDate(year: 1970, month: 1, day: 1)!
    }
    return d
}

/// ../shared/data/cn-workday-calendar.json, found from this file.
let sharedCalendarJSON: URL = {
    var u = URL(fileURLWithPath: #filePath)
    while u.path != "/" {
        u.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: u.appendingPathComponent("Package.swift").path) { break }
    }
    return u.deletingLastPathComponent().appendingPathComponent("shared/data/cn-workday-calendar.json")
}()

@Suite struct CalendarDateTests {
    @Test func isoParsingAndFormatting() {
        let d = day("2024-09-02")
        #expect(d.year == 2024 && d.month == 9 && d.day == 2)
        #expect(d.description == "2024-09-02")
        #expect(d.chinese == "2024年9月2日")
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        for bad in ["2023-02-29", "2024-9-2", "2024-13-01", "2024-00-10", "2024-04-31", "20240902", "2024-09-02T00:00", "２０２４-09-02", ""] {
            #expect(CalendarDate(iso: bad) == nil, "\(bad)")
        }
        #expect(CalendarDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 5, month: 1, day: 1)!.description == "0005-01-01")
    }

    @Test func dayNumbers() {
        #expect(day("1970-01-01").dayNumber == 0)
        #expect(day("1969-12-31").dayNumber == -1)
        #expect(day("2000-03-01").dayNumber == 11017)
        #expect(day("2024-09-02").dayNumber == 19968)
        #expect(CalendarDate(dayNumber: 19968) == day("2024-09-02"))
        #expect(day("2024-12-31").adding(days: 1) == day("2025-01-01"))
        #expect(day("2024-03-01").adding(days: -1) == day("2024-02-29"))
    }

    @Test func dayNumbersAgreeWithFoundationOverFourCenturies() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var n = day("1800-01-01").dayNumber
        let end = day("2200-12-31").dayNumber
        while n <= end {
            let d = CalendarDate(dayNumber: n)
            #expect(d.dayNumber == n)
            let c = calendar.dateComponents([.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(n) * 86400))
            #expect(c.year == d.year && c.month == d.month && c.day == d.day, "\(n)")
            // Foundation: 1 = Sunday … 7 = Saturday; ours: 1 = Monday … 7 = Sunday.
            #expect(((c.weekday! + 5) % 7) + 1 == d.weekday)
            n += 37
        }
    }

    @Test func weekdays() {
        #expect(day("2024-09-02").weekday == 1) // Monday
        #expect(day("2024-09-14").weekday == 6) // Saturday
        #expect(day("2024-09-15").weekday == 7) // Sunday
        #expect(day("1970-01-01").weekday == 4) // Thursday
        #expect(day("1969-12-28").weekday == 7)
        #expect(day("2024-09-14").chineseWeekday == "星期六")
    }

    @Test func ordering() {
        #expect(day("2024-09-02") < day("2024-09-03"))
        #expect(day("2023-12-31") < day("2024-01-01"))
        #expect(day("2024-02-29") < day("2024-03-01"))
    }

    @Test func codableAsISOString() throws {
        struct Box: Codable, Equatable { var d: CalendarDate }
        let data = try JSONEncoder().encode(Box(d: day("2024-09-02")))
        #expect(String(decoding: data, as: UTF8.self) == #"{"d":"2024-09-02"}"#)
        #expect(try JSONDecoder().decode(Box.self, from: data) == Box(d: day("2024-09-02")))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Box.self, from: Data(#"{"d":"2024-02-30"}"#.utf8)) }
    }

    @Test func fromDateInATimeZone() throws {
        let moment = Date(timeIntervalSince1970: 1_727_393_400) // 2024-09-26T23:30:00Z
        #expect(try CalendarDate.from(moment, timeZone: TimeZone(identifier: "Asia/Shanghai")!) == day("2024-09-27"))
        #expect(try CalendarDate.from(moment, timeZone: TimeZone(identifier: "UTC")!) == day("2024-09-26"))
    }
}

@Suite struct CalendarTests {
    let calendar = WorkingDayCalendar.bundled

    func due(_ n: Int, _ received: String) throws -> CalendarDate {
        try calendar.addingWorkingDays(n, to: day(received))
    }

    @Test func bundledCoversExactly2019Through2026() {
        #expect(calendar.coveredYears == Array(2019...2026))
        #expect(calendar.notices[2019]?.documents == ["国办发明电〔2018〕15号", "国办发明电〔2019〕3号"])
        #expect(calendar.notices[2020]?.documents == ["国办发明电〔2019〕16号", "国办发明电〔2020〕1号"])
        #expect(calendar.notices[2026]?.documents == ["国办发明电〔2025〕7号"])
    }

    /// The generated BundledNotices.swift holds exactly the shared JSON's dates and names.
    @Test func bundledEqualsTheSharedJSON() throws {
        let loaded = try WorkingDayCalendar.load(json: Data(contentsOf: sharedCalendarJSON))
        #expect(loaded.coveredYears == calendar.coveredYears)
        for year in loaded.coveredYears {
            let a = try #require(loaded.notices[year]), b = try #require(calendar.notices[year])
            #expect(Set(a.holidays) == Set(b.holidays), "holidays \(year)")
            #expect(Set(a.workdays) == Set(b.workdays), "workdays \(year)")
            #expect(a.holidays.count == b.holidays.count && a.workdays.count == b.workdays.count)
        }
        var n = day("2019-01-01")
        while n <= day("2026-12-31") {
            #expect(try loaded.isWorkingDay(n) == calendar.isWorkingDay(n))
            n = n.adding(days: 1)
        }
    }

    @Test func workingDayRule() throws {
        #expect(try calendar.isWorkingDay(day("2024-09-14")))                  // make-up Saturday (中秋节)
        #expect(try calendar.dayKind(day("2024-09-14")) == .makeUpWorkday("中秋节"))
        #expect(try !calendar.isWorkingDay(day("2024-09-16")))                 // holiday Monday
        #expect(try calendar.dayKind(day("2020-10-05")) == .holiday("国庆节、中秋节"))
        #expect(try calendar.isWorkingDay(day("2024-02-09")))                  // 除夕 2024: only "encouraged" rest
        #expect(try !calendar.isWorkingDay(day("2020-02-01")))                 // Saturday made a holiday by the extension
        #expect(try calendar.dayKind(day("2020-02-01")) == .holiday("春节"))
        #expect(try calendar.dayKind(day("2020-02-03")) == .ordinaryWorkday)
        #expect(try calendar.dayKind(day("2024-09-21")) == .weekend)
        #expect(try !calendar.isWorkingDay(day("2022-12-31")))                 // listed under the 2023 notice
        #expect(try calendar.isWorkingDay(day("2023-12-29")))
        #expect(calendar.holidayName(on: day("2023-12-30")) == "元旦")         // listed under the 2024 notice
        #expect(calendar.makeUpWorkdayName(on: day("2025-09-28")) == "国庆节、中秋节")
    }

    @Test func yearsWithoutANoticeAreRefused() {
        // 2018-12-29/30/31 are listed in the 2019 notice, but 2018 as a whole is not covered.
        #expect(throws: CalendarError.yearNotCovered(2018)) { try calendar.isWorkingDay(day("2018-12-31")) }
        #expect(throws: CalendarError.yearNotCovered(2027)) { try calendar.isWorkingDay(day("2027-01-04")) }
        #expect(throws: CalendarError.yearNotCovered(2018)) { try calendar.addingWorkingDays(1, to: day("2018-12-28")) }
        #expect(throws: CalendarError.yearNotCovered(2027)) { try calendar.workingDays(after: day("2026-12-01"), through: day("2027-01-05")) }
        #expect(throws: CalendarError.yearNotCovered(2018)) { try calendar.workingDays(after: day("2018-12-01"), through: day("2019-01-05")) }
    }

    // MARK: cases/deadlines.md C1–C8

    @Test func c1NationalDay2024() throws {
        let d = try due(20, "2024-09-27")
        #expect(d == day("2024-10-30"))
        #expect(d != day("2024-10-25")) // weekday-only counting
        #expect(d != day("2024-11-01")) // holidays without make-up days
    }

    @Test func c2DueOnAMakeUpSaturday() throws {
        #expect(try due(1, "2024-09-13") == day("2024-09-14"))
    }

    @Test func c3CombinedBreak2020() throws {
        #expect(try due(20, "2020-09-28") == day("2020-11-02"))
    }

    @Test func c4SpringFestival2024() throws {
        #expect(try due(20, "2024-02-01") == day("2024-03-05"))
    }

    @Test func c5SpringFestival2020Extended() throws {
        let d = try due(10, "2020-01-20")
        #expect(d == day("2020-02-11"))
        #expect(d != day("2020-02-07")) // original notice only
    }

    @Test func c6LabourDay2026() throws {
        #expect(try due(3, "2026-05-06") == day("2026-05-09"))
    }

    @Test func c7SpringFestival2026() throws {
        #expect(try due(20, "2026-02-13") == day("2026-03-19"))
    }

    @Test func c8Into2027IsRefusedNamingTheYear() throws {
        #expect(throws: CalendarError.yearNotCovered(2027)) { try due(20, "2026-12-10") }
        #expect(throws: CalendarError.yearNotCovered(2027)) { try calendar.addingWorkingDaysByWalking(20, to: day("2026-12-10")) }
        do {
            _ = try due(20, "2026-12-10")
            Issue.record("no error")
        } catch {
            #expect("\(error)" == "2027年的节假日安排尚未载入（国务院办公厅通知未发布或未导入），无法计算工作日")
            #expect(error.localizedDescription.contains("2027年"))
        }
        // The last receipt day whose 20-day deadline is still in 2026 works.
        #expect(try due(20, "2026-12-03") == day("2026-12-31"))
    }

    // MARK: cn-workday-calendar.README.md worked examples A–G

    @Test(arguments: [
        ("A", "2020-09-28", 20, "2020-11-02"),
        ("B", "2024-02-01", 20, "2024-03-05"),
        ("C", "2020-01-20", 10, "2020-02-11"),
        ("D", "2025-09-26", 15, "2025-10-23"),
        ("E", "2026-05-06", 3, "2026-05-09"),
        ("F", "2026-02-13", 20, "2026-03-19"),
        ("G", "2023-09-28", 5, "2023-10-11"),
    ])
    func readmeExamples(_ example: (String, String, Int, String)) throws {
        let (_, received, n, expected) = example
        #expect(try due(n, received) == day(expected))
        #expect(try calendar.addingWorkingDaysByWalking(n, to: day(received)) == day(expected))
        #expect(try calendar.workingDays(after: day(received), through: day(expected)) == n)
    }

    @Test func readmeExampleDetails() throws {
        // A: day 4 is the make-up Saturday 2020-10-10.
        #expect(try due(4, "2020-09-28") == day("2020-10-10"))
        // B: make-up Sunday 2/4 is day 2, 除夕 2/9 is day 7, make-up Sunday 2/18 is day 8.
        #expect(try due(2, "2024-02-01") == day("2024-02-04"))
        #expect(try due(7, "2024-02-01") == day("2024-02-09"))
        #expect(try due(8, "2024-02-01") == day("2024-02-18"))
        // C: day 4 is 2/3.
        #expect(try due(4, "2020-01-20") == day("2020-02-03"))
        // D: make-up Sunday 9/28 is day 1, 10/9 day 4, make-up Saturday 10/11 day 6.
        #expect(try due(1, "2025-09-26") == day("2025-09-28"))
        #expect(try due(4, "2025-09-26") == day("2025-10-09"))
        #expect(try due(6, "2025-09-26") == day("2025-10-11"))
        // F: make-up Saturday 2/14 is day 1, 2/24 day 2, make-up Saturday 2/28 day 6.
        #expect(try due(1, "2026-02-13") == day("2026-02-14"))
        #expect(try due(2, "2026-02-13") == day("2026-02-24"))
        #expect(try due(6, "2026-02-13") == day("2026-02-28"))
        // G: 10/7 (Sat) day 1, 10/8 (Sun) day 2.
        #expect(try due(1, "2023-09-28") == day("2023-10-07"))
        #expect(try due(2, "2023-09-28") == day("2023-10-08"))
    }

    @Test func startOnAHolidayCountsFromTheNextDay() throws {
        #expect(try due(1, "2024-10-01") == day("2024-10-08"))
        #expect(try due(0, "2024-10-01") == day("2024-10-01"))
        #expect(throws: CalendarError.negativeWorkingDays(-1)) { try due(-1, "2024-10-01") }
    }

    // MARK: O(1) index against the definition

    /// Every start day of 2019–2026 and n = 1…40: the indexed result equals the day-by-day walk, or both refuse with
    /// the same year.
    @Test func indexedEqualsWalkingOnEveryDay() {
        var start = day("2019-01-01")
        var compared = 0, refused = 0
        while start <= day("2026-12-31") {
            for n in 1...40 {
                let fast = Result { try calendar.addingWorkingDays(n, to: start) }
                let slow = Result { try calendar.addingWorkingDaysByWalking(n, to: start) }
                switch (fast, slow) {
                case (.success(let a), .success(let b)):
                    if a != b { Issue.record("\(start) + \(n): indexed \(a), walking \(b)") }
                    compared += 1
                case (.failure(let a), .failure(let b)):
                    #expect(a as? CalendarError == .yearNotCovered(2027))
                    #expect(b as? CalendarError == .yearNotCovered(2027))
                    refused += 1
                default:
                    Issue.record("\(start) + \(n): indexed \(fast), walking \(slow)")
                }
            }
            start = start.adding(days: 1)
        }
        #expect(compared + refused == 2922 * 40)
        #expect(refused > 0 && refused < 40 * 60)
    }

    /// `workingDays(after:through:)` equals a day-by-day count for every start day and the next 70 days, both ways.
    @Test func workingDaysEqualsCounting() throws {
        var start = day("2019-01-01")
        while start <= day("2026-12-31") {
            var count = 0
            var end = start
            for _ in 0..<70 {
                end = end.adding(days: 1)
                guard end.year <= 2026 else { break }
                if try calendar.isWorkingDay(end) { count += 1 }
                let got = try calendar.workingDays(after: start, through: end)
                if got != count { Issue.record("(\(start), \(end)]: \(got) ≠ \(count)") }
                let back = try calendar.workingDays(after: end, through: start)
                if back != -count { Issue.record("reverse (\(start), \(end)]: \(back) ≠ \(-count)") }
            }
            start = start.adding(days: 1)
        }
        #expect(try calendar.workingDays(after: day("2024-09-02"), through: day("2024-09-02")) == 0)
    }

    /// A year missing between two loaded years is refused too, by both versions, naming that year.
    @Test func gapYearIsRefused() throws {
        let full = calendar
        let gapped = try WorkingDayCalendar(notices: [full.notices[2019]!, full.notices[2021]!])
        #expect(gapped.coveredYears == [2019, 2021])
        #expect(throws: CalendarError.yearNotCovered(2020)) { try gapped.addingWorkingDays(20, to: day("2019-12-20")) }
        #expect(throws: CalendarError.yearNotCovered(2020)) { try gapped.addingWorkingDaysByWalking(20, to: day("2019-12-20")) }
        #expect(throws: CalendarError.yearNotCovered(2020)) { try gapped.workingDays(after: day("2019-12-20"), through: day("2021-01-10")) }
        #expect(throws: CalendarError.yearNotCovered(2022)) { try gapped.addingWorkingDays(20, to: day("2021-12-20")) }
        #expect(try gapped.addingWorkingDays(5, to: day("2019-12-20")) == day("2019-12-27"))
        #expect(try gapped.addingWorkingDays(20, to: day("2021-01-04")) == full.addingWorkingDays(20, to: day("2021-01-04")))
        #expect(throws: CalendarError.yearNotCovered(2024)) { try WorkingDayCalendar(notices: []).addingWorkingDays(1, to: day("2024-01-01")) }
    }

    // MARK: Loading and changing

    func json(_ years: String) -> Data { Data(#"{"years": {\#(years)}}"#.utf8) }

    @Test func loadRejectsAMakeUpWorkdayOnATuesday() {
        let bad = json(#""2024": {"holidays": [{"date": "2024-09-15", "name": "中秋节"}], "workdays": [{"date": "2024-09-10", "name": "中秋节"}]}"#)
        #expect(throws: CalendarError.workdayNotOnWeekend(noticeYear: 2024, date: day("2024-09-10"), name: "中秋节")) {
            try WorkingDayCalendar.load(json: bad)
        }
        do { _ = try WorkingDayCalendar.load(json: bad) } catch {
            #expect("\(error)".contains("2024-09-10"))
            #expect("\(error)".contains("2024年"))
            #expect("\(error)".contains("星期二"))
        }
    }

    @Test func loadRejectsOtherInconsistencies() {
        #expect(throws: CalendarError.holidayAndWorkday(noticeYear: 2024, date: day("2024-09-14"))) {
            try WorkingDayCalendar.load(json: json(#""2024": {"holidays": [{"date": "2024-09-14", "name": "中秋节"}], "workdays": [{"date": "2024-09-14", "name": "中秋节"}]}"#))
        }
        #expect(throws: CalendarError.invalidDate(noticeYear: 2024, text: "2024-02-30")) {
            try WorkingDayCalendar.load(json: json(#""2024": {"holidays": [{"date": "2024-02-30", "name": "春节"}], "workdays": []}"#))
        }
        #expect(throws: CalendarError.duplicateDate(noticeYear: 2024, date: day("2024-10-01"))) {
            try WorkingDayCalendar.load(json: json(#""2024": {"holidays": [{"date": "2024-10-01", "name": "国庆节"}, {"date": "2024-10-01", "name": "国庆节"}], "workdays": []}"#))
        }
        #expect(throws: CalendarError.dateOutsideNoticeYear(noticeYear: 2024, date: day("2042-10-01"))) {
            try WorkingDayCalendar.load(json: json(#""2024": {"holidays": [{"date": "2042-10-01", "name": "国庆节"}], "workdays": []}"#))
        }
        #expect(throws: CalendarError.invalidNoticeYear("二〇二四")) {
            try WorkingDayCalendar.load(json: json(#""二〇二四": {"holidays": [], "workdays": []}"#))
        }
        #expect(throws: CalendarError.conflictingNotices(date: day("2023-12-30"), holidayNoticeYear: 2024, workdayNoticeYear: 2023)) {
            try WorkingDayCalendar.load(json: json(#""2023": {"holidays": [{"date": "2023-01-02", "name": "元旦"}], "workdays": [{"date": "2023-12-30", "name": "x"}]}, "2024": {"holidays": [{"date": "2023-12-30", "name": "元旦"}], "workdays": []}"#))
        }
        for malformed in ["", "[]", #"{"years": []}"#, #"{"years": {"2024": {"holidays": [{"day": "2024-10-01"}]}}}"#] {
            #expect(throws: CalendarError.self) { try WorkingDayCalendar.load(json: Data(malformed.utf8)) }
        }
    }

    @Test func jsonRoundTrip() throws {
        let again = try WorkingDayCalendar.load(json: calendar.json())
        #expect(again.notices == calendar.notices.mapValues { n in
            HolidayNotice(year: n.year, holidays: n.holidays.sorted { $0.date < $1.date }, workdays: n.workdays.sorted { $0.date < $1.date },
                          documents: n.documents)
        })
        let withDayOff = calendar.addingDayOff(day("2024-09-03"), name: "台风停工")
        #expect(try WorkingDayCalendar.load(json: withDayOff.json()).daysOff == [day("2024-09-03"): "台风停工"])
    }

    @Test func mergingA2027NoticeMakesC8Computable() throws {
        // Hypothetical notice for the test only: 元旦 2027-01-01..03 (Fri–Sun), nothing else.
        let merged = try calendar.merging(noticeYear: 2027,
                                          holidays: ["2027-01-01", "2027-01-02", "2027-01-03"].map { NamedDay(date: day($0), name: "元旦") },
                                          workdays: [])
        #expect(merged.coveredYears == Array(2019...2027))
        // 2026-12-10 + 20: Dec 11–31 has 15 working days, then Jan 4–8 2027.
        #expect(try merged.addingWorkingDays(20, to: day("2026-12-10")) == day("2027-01-08"))
        #expect(try merged.addingWorkingDaysByWalking(20, to: day("2026-12-10")) == day("2027-01-08"))
        #expect(calendar.coveredYears == Array(2019...2026)) // the original is unchanged
        #expect(throws: CalendarError.workdayNotOnWeekend(noticeYear: 2027, date: day("2027-01-05"), name: "元旦")) {
            try calendar.merging(noticeYear: 2027, holidays: [], workdays: [NamedDay(date: day("2027-01-05"), name: "元旦")])
        }
    }

    @Test func adHocDayOff() throws {
        let closed = calendar.addingDayOff(day("2024-09-04"), name: "台风停工")
        #expect(try !closed.isWorkingDay(day("2024-09-04")))
        #expect(try closed.dayKind(day("2024-09-04")) == .dayOff("台风停工"))
        #expect(try closed.addingWorkingDays(7, to: day("2024-09-02")) == day("2024-09-12"))
        #expect(try calendar.addingWorkingDays(7, to: day("2024-09-02")) == day("2024-09-11"))
        // A day off wins over a make-up workday.
        let noMakeUp = calendar.addingDayOff(day("2024-09-14"), name: "停工")
        #expect(try noMakeUp.addingWorkingDays(1, to: day("2024-09-13")) == day("2024-09-18"))
        #expect(try noMakeUp.addingWorkingDaysByWalking(1, to: day("2024-09-13")) == day("2024-09-18"))
        // It does not make 2027 covered.
        let future = calendar.addingDayOff(day("2027-01-04"), name: "停工")
        #expect(throws: CalendarError.yearNotCovered(2027)) { try future.isWorkingDay(day("2027-01-05")) }
    }

    @Test func lateDecemberOfTheLastYearIsFlagged() {
        #expect(calendar.yearEndAwaitingNotice(after: day("2026-12-01"), through: day("2026-12-28")) == 2027)
        #expect(calendar.yearEndAwaitingNotice(after: day("2026-12-01"), through: day("2026-12-24")) == nil)
        #expect(calendar.yearEndAwaitingNotice(after: day("2025-12-01"), through: day("2025-12-31")) == nil)
    }

    @Test func benchmarkRuns() {
        let line = ClockBenchmark.run(count: 10_000)
        #expect(line.contains("10000 due dates"))
        #expect(line.contains("0 refused"))
    }
}
