import Foundation

/// A single-threaded benchmark of the indexed working-day arithmetic: answer due dates (20 working days,
/// 条例第三十三条) from random receipt days of the bundled calendar's years. Called by `gongkai-bench`; meaningful
/// in a release build only. Target: ≥ 2,000,000 due dates/s.
public enum ClockBenchmark {
    /// Computes 10 million due dates and returns one line with the rate, e.g. (release build, 2-core machine,
    /// 2026-11-29): `clock: 10000000 due dates (20 working days, random receipt days 2019-01-01…2026-12-03) in 0.305 s =
    /// 32798885 due dates/s; 0 refused (checksum 225520556)`.
    public static func run() -> String { run(count: 10_000_000) }

    /// As `run()`, with `count` due dates of `limitDays` working days on `calendar`; receipt days are drawn with a fixed
    /// seed from the covered years, up to the last day whose due date is still covered.
    public static func run(count: Int, limitDays: Int = StatutoryClock.answerDays,
                           calendar: WorkingDayCalendar = .bundled) -> String {
        guard let firstYear = calendar.coveredYears.first, let lastYear = calendar.coveredYears.last else {
            return "clock: no holiday notice loaded, nothing to measure"
        }
        let first = CalendarDate(year: firstYear, month: 1, day: 1)!
        var last = CalendarDate(year: lastYear, month: 12, day: 31)!
        while last > first, (try? calendar.addingWorkingDays(limitDays, to: last)) == nil { last = last.adding(days: -1) }
        let span = last.dayNumber - first.dayNumber + 1

        // Fixed-seed SplitMix64, so every run measures the same receipt days.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let poolSize = 1 << 16
        let pool = (0..<poolSize).map { _ in first.adding(days: Int(next() % UInt64(span))) }

        var checksum = 0, refused = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for i in 0..<count {
                do {
                    let due = try calendar.addingWorkingDays(limitDays, to: pool[i & (poolSize - 1)])
                    checksum &+= due.day &+ due.month
                } catch {
                    refused += 1
                }
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(count) / seconds : .infinity
        return String(format: "clock: %d due dates (%d working days, random receipt days %@…%@) in %.3f s = %.0f due dates/s; %d refused (checksum %d)",
                      count, limitDays, first.description, last.description, seconds, rate, refused, checksum)
    }
}
