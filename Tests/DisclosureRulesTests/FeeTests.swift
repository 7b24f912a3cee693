import DisclosureRules
import Foundation
import Testing

/// cases/deadlines.md fee table (国办函〔2020〕109号).
@Suite struct FeeTests {
    let schedule = FeeSchedule.standard

    @Test func perApplicationTable() throws {
        for k in 1...10 { #expect(try schedule.fee(forApplicationNumber: k) == 0, "k=\(k)") }
        for k in 11...30 { #expect(try schedule.fee(forApplicationNumber: k) == 100, "k=\(k)") }
        for k in 31...40 { #expect(try schedule.fee(forApplicationNumber: k) == 200, "k=\(k)") }
        for k in 41...50 { #expect(try schedule.fee(forApplicationNumber: k) == 300, "k=\(k)") }
    }

    @Test(arguments: [(10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400), (60, 400), (61, 500)])
    func perApplicationBoundaries(_ c: (Int, Int)) throws {
        #expect(try schedule.fee(forApplicationNumber: c.0) == c.1)
    }

    @Test func monthTotals() throws {
        #expect(try schedule.totalFee(applicationsInMonth: 0) == 0)
        #expect(try schedule.totalFee(applicationsInMonth: 10) == 0)
        #expect(try schedule.totalFee(applicationsInMonth: 12) == 200)
        #expect(try schedule.totalFee(applicationsInMonth: 30) == 2000)
        #expect(try schedule.totalFee(applicationsInMonth: 35) == 3000)
        #expect(try schedule.totalFee(applicationsInMonth: 50) == 7000)
    }

    @Test(arguments: [(0, 0), (1, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)])
    func perVolume(_ c: (Int, Int)) throws {
        #expect(try schedule.fee(forPages: c.0) == c.1)
    }

    @Test func p250IsTheWorkedExample() throws {
        #expect(try schedule.fee(forPages: 250) == 700 + 2000 + 2000)
        #expect(try schedule.fee(for: .perVolume(pages: 250)) == 4700)
        #expect(try schedule.explanation(for: .perVolume(pages: 250))
                == "按量计收：250页：第31—100页 70页×10元＋第101—200页 100页×20元＋第201—250页 50页×40元，共4700元（国办函〔2020〕109号第五条；不得同时按件计收，第三条）")
    }

    @Test func oneMethodPerApplication() throws {
        #expect(try schedule.fee(for: .perApplication(runningNumber: 35)) == 200)
        #expect(try schedule.explanation(for: .perApplication(runningNumber: 35)).contains("200元"))
        #expect(try schedule.explanation(for: .perApplication(runningNumber: 35)).contains("第四条"))
    }

    @Test func tiersAreDataAndValidated() throws {
        try schedule.validate()
        // The alternative reading (31–40 still 100元/件) is a data change, not a code change.
        var alternative = schedule
        alternative.applicationTiers.append(.init(from: 31, through: 40, yuanPerApplication: 100))
        try alternative.validate()
        #expect(try alternative.fee(forApplicationNumber: 35) == 100)
        #expect(try alternative.fee(forApplicationNumber: 41) == 200)
        // A hole in the tiers is refused.
        var broken = schedule
        broken.pageTiers.remove(at: 1)
        #expect(throws: ClockError.self) { try broken.validate() }
        // Round trip as JSON.
        #expect(try JSONDecoder().decode(FeeSchedule.self, from: JSONEncoder().encode(schedule)) == schedule)
    }
}
