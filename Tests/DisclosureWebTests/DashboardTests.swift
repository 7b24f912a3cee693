@testable import DisclosureService
@testable import DisclosureWeb
import DisclosureReaders
import DisclosureRules
import Foundation
import Testing
import VaporTesting

/// The oversight dashboard (`/staff/dashboard`): its figures against independent counts of records with known dates,
/// its tables 三/四 against the report query, the 条例第四十九条 deadlines, its downloads and who may see it.
///
/// The dates sit around 国庆 2024 (国办发明电〔2023〕7号: 9月15日–17日 中秋, 10月1日–7日 国庆 off; 9月14日 (Sat),
/// 9月29日 (Sun) and 10月12日 (Sat) working days), so that the working-day calendar, not the weekdays, decides.
@Suite("Oversight dashboard") struct DashboardTests {
    /// Friday 27 September 2024, 10:00 in Beijing.
    static let friday = ISO8601DateFormatter().date(from: "2024-09-27T02:00:00Z")!
    static let today = "2024-09-27"
    /// 5 working days after Friday 27 September 2024: 9月29日 (Sun, worked), 9月30日, 10月8日, 10月9日, 10月10日 —
    /// counted by hand from the notice (Monday to Friday alone would give 10月4日).
    static let dueSoonBy = "2024-10-10"

    /// An open application with the due date the notice gives for its receipt (20 working days after the receipt day,
    /// 条例第三十三条; computed by hand from the notice, the receipt day being day 0).
    struct Open { var agency: String; var received: String; var due: String }
    static let open: [Open] = [
        Open(agency: Fixture.region, received: "2024-08-27", due: "2024-09-25"),     // overdue
        Open(agency: Fixture.agencyA, received: "2024-08-28", due: "2024-09-26"),    // overdue (yesterday)
        Open(agency: Fixture.agencyA, received: "2024-08-29", due: "2024-09-27"),    // due today: due soon, not overdue
        Open(agency: Fixture.agencyA, received: "2024-09-05", due: "2024-10-10"),    // due soon only because 9月29日 is worked
        Open(agency: Fixture.agencyA, received: "2024-09-06", due: "2024-10-11"),    // one working day past the limit
        Open(agency: Fixture.agencyB, received: "2024-09-20", due: "2024-10-23"),
    ]

    /// A decided application: receipt, its due date (by hand, as above), the day of the answer.
    struct Answered { var agency: String; var received: String; var due: String; var decided: String }
    static let answered: [Answered] = [
        Answered(agency: Fixture.agencyA, received: "2024-06-03", due: "2024-07-02", decided: "2024-07-02"),  // on the due day: on time
        Answered(agency: Fixture.agencyA, received: "2024-07-01", due: "2024-07-29", decided: "2024-07-30"),  // a day late
        Answered(agency: Fixture.agencyB, received: "2024-08-01", due: "2024-08-29", decided: "2024-08-15"),
        Answered(agency: Fixture.agencyA, received: "2023-11-01", due: "2023-11-29", decided: "2023-11-20"),  // answered in 2023
    ]

    /// Records: the open and answered applications above, one awaiting correction (open, its clock stopped: neither due
    /// soon nor overdue), one closed because the correction never came (decided, not "answered"), an appeal of A.
    static func seed(_ service: Service) async throws -> (awaiting: String, lapsed: String) {
        // The lifecycle's steps are the handling staff's (the system account takes none of them).
        let handler = StaffMember(name: "测试承办人", role: .handler)
        for o in open {
            let code = try await receiveAt(service, o.agency, on: CalendarDate(iso: o.received)!)
            let due = try await service.application(code: code, now: friday).application.dueDate
            #expect(due == o.due, "due date of the application received \(o.received)")
        }
        for a in answered {
            let code = try await receiveAt(service, a.agency, on: CalendarDate(iso: a.received)!)
            #expect(try await service.application(code: code, now: friday).application.dueDate == a.due, "due date of \(a.received)")
            _ = try await service.decide(code: code, outcome: .granted, on: CalendarDate(iso: a.decided)!, by: handler, now: friday)
        }
        let awaiting = try await receiveAt(service, Fixture.agencyA, on: CalendarDate(iso: "2024-08-20")!)
        _ = try await service.requestCorrection(code: awaiting, on: CalendarDate(iso: "2024-08-22")!, by: handler, now: friday)
        let lapsed = try await receiveAt(service, Fixture.agencyA, on: CalendarDate(iso: "2024-07-15")!, kind: .commercialEnterprise)
        _ = try await service.requestCorrection(code: lapsed, on: CalendarDate(iso: "2024-07-16")!, by: handler, now: friday)
        _ = try await service.correctionLapsed(code: lapsed, on: CalendarDate(iso: "2024-09-02")!, by: handler, now: friday)
        _ = try await service.addAppeal(agencyCode: Fixture.agencyA, kind: .reconsideration, filed: CalendarDate(iso: "2024-08-12")!, by: .system, now: friday)
        return (awaiting, lapsed)
    }

    static func oversight(_ service: Service) async throws -> StaffMember {
        let u = try #require(try await service.store.user(username: "oversight"))
        return try #require(try await service.member(userID: u.id)).member
    }

    static func settings(_ now: Date) -> WebSettings {
        var s = testSettings()
        s.clock = { now }
        return s
    }

    @Test func openDueSoonAndOverdueFollowTheWorkingDayCalendar() async throws {
        try await withPlatform(settings: Self.settings(Self.friday)) { _, service in
            _ = try await Self.seed(service)
            let info = try await service.dashboard(regionCode: nil, year: 2024, by: try await Self.oversight(service), now: Self.friday)
            #expect(info.regionCode == Fixture.region && info.today == Self.today && info.dueSoonBy == Self.dueSoonBy)
            #expect(info.agencies.map(\.code) == [Fixture.region, Fixture.agencyB, Fixture.agencyA], "the region first, then its agencies by code")
            for agency in [Fixture.region, Fixture.agencyA, Fixture.agencyB] {
                let mine = Self.open.filter { $0.agency == agency }
                // Counted here from the dates: open = every application not decided (the one awaiting correction too).
                let expectedOpen = mine.count + (agency == Fixture.agencyA ? 1 : 0)
                let expectedOverdue = mine.filter { $0.due < Self.today }.count
                let expectedSoon = mine.filter { $0.due >= Self.today && $0.due <= Self.dueSoonBy }.count
                let row = try #require(info.agencies.first { $0.code == agency })
                #expect(row.open == expectedOpen && row.overdue == expectedOverdue && row.dueSoon == expectedSoon,
                        "\(agency): \(row.open)/\(row.dueSoon)/\(row.overdue), expected \(expectedOpen)/\(expectedSoon)/\(expectedOverdue)")
            }
            let a = try #require(info.agencies.first { $0.code == Fixture.agencyA })
            #expect(a.open == 5 && a.dueSoon == 2 && a.overdue == 1)
            #expect(info.total.open == 7 && info.total.dueSoon == 2 && info.total.overdue == 2)

            // Answered in 2024: decided in the year, the lapsed one left out; on time when decided on or before the due date.
            for agency in [Fixture.region, Fixture.agencyA, Fixture.agencyB] {
                let mine = Self.answered.filter { $0.agency == agency && $0.decided.hasPrefix("2024-") }
                let row = try #require(info.agencies.first { $0.code == agency })
                #expect(row.answered == mine.count && row.answeredOnTime == mine.filter { $0.decided <= $0.due }.count, "\(agency)")
            }
            #expect(info.total.answered == 3 && info.total.answeredOnTime == 2 && info.total.onTimeText == "66.7%")
            #expect(info.agencies.first { $0.code == Fixture.agencyA }?.onTimeText == "50.0%")
            #expect(info.agencies.first { $0.code == Fixture.region }?.onTimeShare == nil && info.agencies.first { $0.code == Fixture.region }?.onTimeText == "—")
        }
    }

    @Test func theTablesEqualTheRollupAndTheSumOfEachAgencysReportCounts() async throws {
        try await withPlatform(settings: Self.settings(Self.friday)) { _, service in
            _ = try await Self.seed(service)
            let member = try await Self.oversight(service)
            let info = try await service.dashboard(regionCode: Fixture.region, year: 2024, by: member, now: Self.friday)
            // The report query over the same region.
            let rollup = try await service.rollup(parentCode: Fixture.region, year: 2024, wholeRegion: true, by: member, now: Self.friday)
            #expect(info.rollup.table3.map(\.cells) == rollup.table3.map(\.cells) && info.rollup.table4 == rollup.table4)
            // An independent sum of each agency's report counts.
            var table3: [String: [Int]] = [:]
            var table4 = Array(repeating: 0, count: 15)
            for code in [Fixture.region, Fixture.agencyA, Fixture.agencyB] {
                let c = try await service.reportCounts(agencyCode: code, year: 2024, by: member)
                for row in c.table3 { table3[row.id] = zip(table3[row.id] ?? Array(repeating: 0, count: 7), row.cells).map(+) }
                table4 = zip(table4, c.table4).map(+)
            }
            for row in info.rollup.table3 { #expect(row.cells == table3[row.id], "\(row.label)") }
            #expect(info.rollup.table4 == table4)
            // The children-only rollup plus the region's own agency.
            let children = try await service.rollup(parentCode: Fixture.region, year: 2024, by: member, now: Self.friday)
            let own = try await service.reportCounts(agencyCode: Fixture.region, year: 2024, by: member)
            for (i, row) in info.rollup.table3.enumerated() { #expect(row.cells == zip(children.table3[i].cells, own.table3[i].cells).map(+)) }
            // Against the records themselves: received in 2024 (the 2023 one is carried in), decided in 2024 (3 answers + the
            // lapsed one), still open on 31 December (as of the test clock: every open one), the appeal pending.
            let received2024 = Self.open.count + Self.answered.filter { $0.received.hasPrefix("2024-") }.count + 2
            #expect(info.rollup.table3.first { $0.id == "new" }?.cells[6] == received2024)
            #expect(info.rollup.table3.first { $0.id == "total" }?.cells[6] == 4)
            let lapsedRow = try #require(info.rollup.table3.first { $0.id == "other.1" })
            #expect(lapsedRow.cells[1] == 1 && lapsedRow.cells[6] == 1, "the lapsed one, a commercial enterprise (商业企业)")
            #expect(info.rollup.table3.first { $0.id == "carriedOver" }?.cells[6] == Self.open.count + 1)
            #expect(info.rollup.table4[3] == 1 && info.rollup.table4[4] == 1, "行政复议 尚未审结 1, 总计 1")
            // The totals row sums the agencies; received and decided are table 三's 一 and （七）.
            #expect(info.total.received == info.rollup.table3.first { $0.id == "new" }?.cells[6])
            #expect(info.total.decided == info.rollup.table3.first { $0.id == "total" }?.cells[6])
        }
    }

    /// 条例第四十九条: departments by 1月31日, governments by 3月31日 of the following year.
    @Test func reportStatusAgainstTheDeadline() async throws {
        let feb1 = ISO8601DateFormatter().date(from: "2025-02-01T02:00:00Z")!
        let apr1 = ISO8601DateFormatter().date(from: "2025-04-01T02:00:00Z")!
        let jan31 = ISO8601DateFormatter().date(from: "2025-01-31T02:00:00Z")!
        try await withPlatform(settings: Self.settings(feb1)) { _, service in
            let member = try await Self.oversight(service)
            func publish(_ code: String, on date: String) async throws {
                let snapshot = try Service.snapshot(AnnualReport(format: .f2021, year: 2024, agency: code), findings: [])
                try await service.store.savePublishedReport(agencyCode: code, year: 2024, on: CalendarDate(iso: date)!, format: .f2021, snapshot: snapshot,
                                                            acknowledged: nil, actor: StaffMember.system.actor, now: feb1)
            }
            func statuses(_ now: Date) async throws -> [String: String] {
                let info = try await service.dashboard(regionCode: Fixture.region, year: 2024, by: member, now: now)
                return Dictionary(uniqueKeysWithValues: info.agencies.map { ($0.code, $0.reportStatus) })
            }
            try await publish(Fixture.agencyB, on: "2025-01-20")
            let onDeadline = try await statuses(jan31)
            #expect(onDeadline[Fixture.agencyA] == "pending", "1月31日 itself is still in time")
            let feb = try await statuses(feb1)
            #expect(feb[Fixture.agencyA] == "late", "a department unpublished on 2025-02-01 is late for 2024")
            #expect(feb[Fixture.region] == "pending", "a government on 2025-02-01 is not yet late")
            #expect(feb[Fixture.agencyB] == "published")
            let info = try await service.dashboard(regionCode: Fixture.region, year: 2024, by: member, now: feb1)
            #expect(info.agencies.first { $0.code == Fixture.region }?.reportDeadline == "2025-03-31")
            #expect(info.agencies.first { $0.code == Fixture.agencyA }?.reportDeadline == "2025-01-31")
            #expect(info.total.reportStatusLabel == "已发布 1/3，逾期 1")
            try await publish(Fixture.agencyA, on: "2025-02-10")
            let apr = try await statuses(apr1)
            #expect(apr[Fixture.region] == "late", "a government unpublished on 2025-04-01 is late")
            #expect(apr[Fixture.agencyA] == "publishedLate" && apr[Fixture.agencyB] == "published")
            // The rollup's own flag agrees.
            let r = try await service.rollup(parentCode: Fixture.region, year: 2024, wholeRegion: true, by: member, now: apr1)
            #expect(Dictionary(uniqueKeysWithValues: r.agencies.map { ($0.code, $0.late) }) == [Fixture.region: true, Fixture.agencyA: true, Fixture.agencyB: false])
        }
    }

    @Test func thePageShowsTheFiguresTheChartsAndTheDrillDown() async throws {
        try await withPlatform(settings: Self.settings(Self.friday)) { app, service in
            _ = try await Self.seed(service)
            let b = Browser(app)
            try await b.login("oversight")
            let home = try await b.get("/staff")
            #expect(home.headers.first(name: .location) == "/staff/dashboard")
            let page = try await b.get("/staff/dashboard?year=2024")
            #expect(page.status == .ok)
            #expect(page.text.contains("监督看板") && page.text.contains(Self.dueSoonBy))
            // Three charts, each with a title and a description stating the figures; no script anywhere.
            #expect(page.text.matches(of: /<svg xmlns/).count == 3)
            #expect(page.text.matches(of: /<title id="chart-[a-z]+-t">/).count == 3 && page.text.matches(of: /<desc id="chart-[a-z]+-d">/).count == 3)
            #expect(page.text.contains("\(Fixture.nameA)：在办5件，其中即将到期2件、已逾期1件"))
            #expect(page.text.contains("\(Fixture.nameA)：50.0%（1/2件）"))
            #expect(!page.text.contains("<script"))
            // Drill-down: each agency leads to its own dashboard and its report figures; the counts lead to the queue.
            #expect(page.text.contains("href=\"/staff/dashboard?region=\(Fixture.agencyA)&amp;year=2024\""))
            #expect(page.text.contains("href=\"/staff/reports?agency=\(Fixture.agencyA)&amp;year=2024\""))
            #expect(page.text.contains("href=\"/staff/queue?agency=\(Fixture.agencyA)&amp;overdue=1\""))
            let drill = try await b.get("/staff/dashboard?region=\(Fixture.agencyA)&year=2024")
            #expect(drill.status == .ok && drill.text.contains(Fixture.nameA) && !drill.text.contains("region=\(Fixture.agencyB)&amp;"))
            let counts = try await service.reportCounts(agencyCode: Fixture.agencyA, year: 2024)
            let newRow = counts.table3.first { $0.id == "new" }!.cells
            #expect(drill.text.contains("<th scope=\"row\">一、本年新收政府信息公开申请数量</th>" + newRow.map { "<td>\($0)</td>" }.joined()))
            // No applicant's name or identity number on the page.
            #expect(!page.text.contains("张三") && !page.text.contains(Fixture.idNumber) && !page.text.contains(Fixture.mobile))
        }
    }

    @Test func downloadsCarryTheSameNumbers() async throws {
        try await withPlatform(settings: Self.settings(Self.friday)) { app, service in
            _ = try await Self.seed(service)
            let info = try await service.dashboard(regionCode: Fixture.region, year: 2024, by: try await Self.oversight(service), now: Self.friday)
            let b = Browser(app)
            try await b.login("oversight")
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dashboard-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            func rows(_ table: String, _ format: String) async throws -> [[String]] {
                let r = try await b.get("/staff/dashboard/download?table=\(table)&format=\(format)&region=\(Fixture.region)&year=2024")
                #expect(r.status == .ok, "\(table).\(format)")
                #expect(r.headers.first(name: .contentDisposition)?.contains("dashboard-city-2024-\(table).\(format)") == true)
                let url = dir.appendingPathComponent("\(table).\(format)")
                try Data(r.body.readableBytesView).write(to: url)
                return try Spreadsheet.rows(url: url)
            }
            func ints(_ row: [String]) -> [Int] { row.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
            for format in ["csv", "xlsx"] {
                // The agencies table: each agency's line (name first) and the totals line.
                let agencies = try await rows("agencies", format)
                #expect(agencies.contains { $0 == Service.dashboardColumns }, "the header, \(format)")
                for r in info.agencies + [info.total] {
                    let line = try #require(agencies.first { $0.first?.trimmingCharacters(in: .whitespaces) == r.name }, "\(r.name) in \(format)")
                    #expect(Array(ints(line).prefix(8)) == [r.open, r.dueSoon, r.overdue, r.received, r.decided, r.answered, r.answeredOnTime, r.answeredWithoutDueDate],
                            "\(r.name) in \(format): \(line)")
                    #expect(line.contains(r.onTimeText) && line.contains(r.reportStatusLabel))
                }
                // Table 三: every official row label with its seven numbers.
                let t3 = try await rows("table3", format)
                for row in info.rollup.table3 {
                    let line = try #require(t3.first { $0.contains(row.label) }, "\(row.label) in \(format)")
                    #expect(Array(ints(line).suffix(7)) == row.cells, "\(row.label) in \(format)")
                }
                // Table 四: the fifteen numbers.
                let t4 = try await rows("table4", format)
                #expect(t4.contains { $0.contains("行政复议") })
                let numbers = try #require(t4.last { ints($0).count == 15 })
                #expect(ints(numbers) == info.rollup.table4, "\(format)")
            }
            let bad = try await b.get("/staff/dashboard/download?table=agencies&format=pdf")
            #expect(bad.status == .badRequest)
            let unknown = try await b.get("/staff/dashboard/download?table=table9&format=csv")
            #expect(unknown.status == .badRequest)
        }
    }

    @Test func onlyTheOversightOfficeAndOnlyItsRegion() async throws {
        try await withPlatform(settings: Self.settings(Self.friday)) { app, service in
            _ = try await service.addAgency(code: "other", name: "另一市人民政府", kind: .government)
            _ = try await service.addAgency(code: "other-edu", name: "另一市教育局", parentCode: "other", kind: .department)
            _ = try await receiveAt(service, "other-edu", on: CalendarDate(iso: "2024-09-02")!)
            for user in ["clerk-a", "head-a", "registrar-a", "admin"] {
                let b = Browser(app)
                try await b.login(user)
                #expect(try await b.get("/staff/dashboard").status == .forbidden, "\(user)")
                #expect(try await b.get("/staff/dashboard/download?table=agencies&format=csv").status == .forbidden, "\(user)")
                #expect(!(try await b.get("/staff/queue").text.contains("/staff/dashboard")), "no nav entry for \(user)")
            }
            let o = Browser(app)
            try await o.login("oversight")
            for region in ["other", "other-edu", "nowhere"] {
                #expect(try await o.get("/staff/dashboard?region=\(region)&year=2024").status == .notFound, "\(region)")
                #expect(try await o.get("/staff/dashboard/download?table=table3&format=csv&region=\(region)&year=2024").status == .notFound, "\(region)")
            }
            let own = try await o.get("/staff/dashboard?year=2024")
            #expect(own.status == .ok && own.text.contains("href=\"/staff/dashboard\">监督看板</a>"))
            #expect(!own.text.contains("另一市"), "agencies of another region are not listed")
            let member = try await Self.oversight(service)
            await #expect(throws: ServiceError.self) { try await service.dashboard(regionCode: "other", year: 2024, by: member, now: Self.friday) }
            // A national oversight officer (every agency) sees both regions.
            var national = StaffMember(name: "全国", role: .oversight)
            national.scope = .all
            let all = try await service.dashboard(regionCode: nil, year: 2024, by: national, now: Self.friday)
            #expect(Set(all.agencies.map(\.code)) == [Fixture.region, Fixture.agencyA, Fixture.agencyB, "other", "other-edu"])
            #expect(all.total.open == 1)
            // A region reaches every level under it: a school under the other city's education bureau.
            _ = try await service.addAgency(code: "other-edu-1", name: "另一市第一中学", parentCode: "other-edu", kind: .department)
            _ = try await receiveAt(service, "other-edu-1", on: CalendarDate(iso: "2024-09-03")!)
            let other = try await service.dashboard(regionCode: "other", year: 2024, by: national, now: Self.friday)
            #expect(other.agencies.map(\.code) == ["other", "other-edu", "other-edu-1"] && other.agencies.map(\.level) == [0, 1, 2])
            #expect(other.total.open == 2 && other.rollup.table3.first { $0.id == "new" }?.cells[6] == 2)
            let bad = try await o.get("/staff/dashboard?year=abc")
            #expect(bad.status == .badRequest)
            #expect(try await o.get("/staff/dashboard?year=2018").status == .badRequest)
        }
    }
}
