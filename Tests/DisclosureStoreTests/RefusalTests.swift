@testable import DisclosureService
@testable import DisclosureStore
import DisclosureRules
import FluentKit
import Foundation
import SQLKit
import Testing

/// Issue 8: every refusal the law implies, in the layer every front end calls. Each test uses inputs other than the
/// scripts of cases/adversarial (the scripts are their own check); a refused action leaves the records unchanged.
@Suite(.serialized) struct RefusalTests {
    /// Everything stored, as text, to compare before and after a refused action.
    static func dump(_ store: Store) async throws -> String {
        let sql = store.db as! any SQLDatabase
        var out: [String] = []
        for table in ["applicants", "applications", "consultations", "fee_notices", "appeals", "events", "calendar_entries",
                      "annual_reports", "proactive_figures", "report_texts", "ledger_imports"] {
            let rows = try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()
            out.append("\(table)=\(try rows?.decode(column: "n", as: Int.self) ?? -1)")
        }
        let apps = try await ApplicationRecord.query(on: store.db).sort(\.$queryCode).all()
        for a in apps { out.append("\(a.queryCode) \(a.state) \(a.dueDate ?? "-") \(a.decidedDate ?? "-") \(a.correctionRequestedDate ?? "-")") }
        let fees = try await FeeNoticeRecord.query(on: store.db).all()
        for f in fees { out.append("fee \(f.noticeDate) \(f.paidDate ?? "-") \(f.amountYuan)") }
        return out.joined(separator: "\n")
    }

    /// Kind 5: a fee cannot be paid before its notice, and an application is charged once (国办函〔2020〕109号第三条).
    @Test func feeOrderAndOneChargePerApplication() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let code = try await store.receiveSimple("a", on: "2024-05-06").queryCode
            // 120 pages: 70 × 10 + 20 × 20 = 1100 元 (第五条).
            let (_, notice) = try await store.sendFeeNotice(code: code, basis: nil, pages: 120, noticeReceived: date("2024-05-10"), actor: handler)
            #expect(notice.amountYuan == 1100)
            let before = try await Self.dump(store)
            await #expect(throws: InputError.self) { try await store.feePaid(code: code, on: date("2024-05-09"), actor: registrar) }
            #expect(try await Self.dump(store) == before)
            try await store.feePaid(code: code, on: date("2024-05-13"), actor: registrar)
            let paid = try await Self.dump(store)
            let second = await #expect(throws: InputError.self) {
                try await store.sendFeeNotice(code: code, basis: nil, pages: 40, noticeReceived: date("2024-05-14"), actor: handler)
            }
            #expect(second?.description.contains("只能收费一次") == true)
            #expect(try await Self.dump(store) == paid)
        }
    }

    /// Kind 5: a correction notice after the 7 working days of 条例第三十条 needs a stated reason, which is recorded.
    @Test func lateCorrectionNoticeNeedsAReason() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            // Received Monday 2024-09-02: the 7th working day is Wednesday 2024-09-11.
            let code = try await store.receiveSimple("a", on: "2024-09-02").queryCode
            let before = try await Self.dump(store)
            let refused = await #expect(throws: InputError.self) {
                try await store.requestCorrection(code: code, on: date("2024-09-12"), actor: handler)
            }
            #expect(refused?.description.contains("2024-09-11") == true)
            #expect(try await Self.dump(store) == before)
            await #expect(throws: InputError.self) {
                try await store.requestCorrection(code: code, on: date("2024-09-12"), lateReason: " \u{200B} ", actor: handler)
            }
            let app = try await store.requestCorrection(code: code, on: date("2024-09-12"), lateReason: "承办人病假，未及时告知", actor: handler)
            #expect(app.state == ApplicationState.awaitingCorrection.rawValue)
            let event = try await store.events(application: app.id!).last
            #expect(event?.detail?.contains("晚于法定期限 2024-09-11") == true)
            #expect(event?.detail?.contains("承办人病假，未及时告知") == true)
            // On time, no reason is asked.
            let other = try await store.receiveSimple("a", on: "2024-09-02", text: "另一项").queryCode
            try await store.requestCorrection(code: other, on: date("2024-09-11"), actor: handler)
        }
    }

    /// Kind 5: a published report is frozen — neither its table 二 figures nor its texts change afterwards.
    @Test func aPublishedReportIsFrozen() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            for (block, rows) in [("20.1", ["规章", "行政规范性文件"]), ("20.5", ["行政许可"]), ("20.6", ["行政处罚", "行政强制"]), ("20.8", ["行政事业性收费"])] {
                for r in rows {
                    let n = ReportFormat.f2021.table2Blocks.first { $0.id == block }!.columns.count
                    try await store.setProactiveFigures(agencyCode: "a", year: 2023, block: block, row: r, values: Array(repeating: "3", count: n), actor: handler)
                }
            }
            try await store.setReportText(agencyCode: "a", year: 2023, section: 5, text: "主要问题是培训不足。", actor: handler)
            try await store.service.publishReport(agencyCode: "a", year: 2023, on: date("2024-01-25"), acknowledgeWarnings: true, by: head.member)
            let before = try await Self.dump(store)
            await #expect(throws: StoreError.self) {
                try await store.setProactiveFigures(agencyCode: "a", year: 2023, block: "20.5", row: "行政许可", values: ["7"], actor: handler)
            }
            await #expect(throws: StoreError.self) {
                try await store.setReportText(agencyCode: "a", year: 2023, section: 1, text: "改写的总体情况", actor: handler)
            }
            #expect(try await Self.dump(store) == before)
            let g = try await store.service.generateReport(agencyCode: "a", year: 2023)
            #expect(g.changesSincePublished.isEmpty)
            #expect(g.report.table2Row(block: "20.5", row: "行政许可")?.cells.first?.value == .number(3))
            // The next year is still open.
            try await store.setReportText(agencyCode: "a", year: 2024, section: 1, text: "2024年总体情况", actor: handler)
        }
    }

    /// Kind 5: another agency's report is not an agency's baseline, unless a recorded reason says it is (a renaming).
    @Test func anotherAgencysReportIsNotABaseline() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "fgw", name: "中卫市发展和改革委员会")
            let before = try await Self.dump(store)
            let refused = await #expect(throws: ServiceError.self) {
                try await store.service.importBaseline(file: ReportGenerationTests.zhongwei, agencyCode: "fgw", by: head.member)
            }
            #expect(refused?.description.contains("中卫市工业和信息化局") == true)
            #expect(try await Self.dump(store) == before)
            try await store.service.importBaseline(file: ReportGenerationTests.zhongwei, agencyCode: "fgw", reason: "2021年机构改革，工信局职责划入本机关",
                                                   by: head.member)
            let events = try await EventRecord.query(on: store.db).filter(\.$kind == "baselineImported").all()
            #expect(events.first?.detail?.contains("2021年机构改革") == true)
            // The agency's own report needs no reason, also under a fuller name.
            try await store.addAgency(code: "gxj", name: "中卫市工业和信息化局")
            try await store.service.importBaseline(file: ReportGenerationTests.zhongwei, agencyCode: "gxj", by: head.member)
            #expect(ReportComparison.sameAgency("平潭综合实验区", "平潭综合实验区管理委员会"))
            #expect(!ReportComparison.sameAgency("某市教育局", "某市公安局"))
        }
    }

    /// Kind 5: an empty or too short appeal id never picks "whatever is pending".
    @Test func appealIdsMustBeGiven() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let appeal = try await store.addAppeal(agencyCode: "a", kind: .litigationDirect, filed: date("2024-06-03"), actor: handler)
            let before = try await Self.dump(store)
            for id in ["", "   ", "a", "ab", String(appeal.id!.uuidString.prefix(3)), "zzzz", "\u{200B}"] {
                await #expect(throws: InputError.self, "\(id)") {
                    try await store.concludeAppeal(agencyCode: "a", id: id, result: .upheld, on: date("2024-08-01"), actor: handler)
                }
            }
            #expect(try await Self.dump(store) == before)
            let done = try await store.concludeAppeal(agencyCode: "a", id: String(appeal.id!.uuidString.prefix(4)), result: .upheld,
                                                      on: date("2024-08-01"), actor: handler)
            #expect(done.result == "upheld")
        }
    }

    /// A reconsideration is against an answer: never filed before it.
    @Test func anAppealFollowsTheAnswer() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let code = try await store.receiveSimple("a", on: "2024-03-04").queryCode
            try await store.decide(code: code, outcome: .refused3, on: date("2024-03-20"), actor: handler)
            await #expect(throws: InputError.self) {
                try await store.addAppeal(agencyCode: "a", applicationCode: code, kind: .reconsideration, filed: date("2024-03-19"), actor: handler)
            }
            await #expect(throws: InputError.self) {
                try await store.addAppeal(agencyCode: "a", kind: .reconsideration, filed: date("2007-12-31"), actor: handler)
            }
            try await store.addAppeal(agencyCode: "a", applicationCode: code, kind: .reconsideration, filed: date("2024-04-10"), actor: handler)
        }
    }

    /// Kind 7: identifiers typed differently are one applicant; invisible characters never reach a masked name.
    @Test func theSamePersonIsTheSameApplicant() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let first = try await store.receive(agencyCode: "a", applicant: ApplicantInput(kind: .naturalPerson, name: "\u{200B}王五 ",
                                                                                         idNumber: "640501 19780912 3414", phone: "139 0000 0001"),
                                                channel: .inPerson, text: "请公开2024年部门预算", receivedDate: date("2024-09-02"), actor: registrar)
            let second = try await store.receive(agencyCode: "a", applicant: ApplicantInput(kind: .naturalPerson, name: "王五", idNumber: "640501197809123414"),
                                                 channel: .inPerson, text: "请公开 2024 年部门预算", receivedDate: date("2024-09-09"), actor: registrar)
            #expect(second.duplicateOf == first.application.queryCode)
            #expect(try await ApplicantRecord.query(on: store.db).count() == 1)
            let person = try await ApplicantRecord.query(on: store.db).first()
            #expect(person?.name == "王五" && person?.idNumber == "640501197809123414" && person?.phone == "13900000001" && person?.idType == "resident-id")
            #expect(try await store.service.summary(first.application, asOf: date("2024-09-10")).applicant == "王*")
            let before = try await Self.dump(store)
            for bad in [ApplicantInput(kind: .naturalPerson, name: "王五", idNumber: "640501197809123415"),
                        ApplicantInput(kind: .commercialEnterprise, name: "某公司", idNumber: "640501197809123414"),
                        ApplicantInput(kind: .naturalPerson, name: "王\u{202E}五"),
                        ApplicantInput(kind: .naturalPerson, name: "王五", phone: "123"),
                        ApplicantInput(kind: .naturalPerson, name: "王五", email: "wangwu@"),
                        ApplicantInput(kind: .naturalPerson, name: "王五", idType: .passport)] {
                await #expect(throws: InputError.self, "\(bad)") {
                    try await store.receive(agencyCode: "a", applicant: bad, channel: .inPerson, text: "x", receivedDate: date("2024-09-10"), actor: registrar)
                }
            }
            #expect(try await Self.dump(store) == before)
        }
    }

    /// Kind 8: an identity or mobile number in a section blocks publishing, like an arithmetic error (rule P1).
    @Test func personalDataInTheTextBlocksPublishing() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            for (block, rows) in [("20.1", ["规章", "行政规范性文件"]), ("20.5", ["行政许可"]), ("20.6", ["行政处罚", "行政强制"]), ("20.8", ["行政事业性收费"])] {
                for r in rows {
                    let n = ReportFormat.f2021.table2Blocks.first { $0.id == block }!.columns.count
                    try await store.setProactiveFigures(agencyCode: "a", year: 2023, block: block, row: r, values: Array(repeating: "0", count: n), actor: handler)
                }
            }
            try await store.setReportText(agencyCode: "a", year: 2023, section: 3, text: "申请人李某（手机 13912345678）对答复不服。", actor: handler)
            do {
                try await store.service.publishReport(agencyCode: "a", year: 2023, on: date("2024-01-20"), acknowledgeWarnings: true, by: head.member)
                Issue.record("a report with a mobile number was published")
            } catch let e as ServiceError {
                #expect(e.code == .publishBlocked && e.details.count == 1 && e.details[0].contains(" P1 "))
                #expect(!e.description.contains("13912345678"))
            }
            #expect(try await AnnualReportRecord.query(on: store.db).count() == 0)
            try await store.setReportText(agencyCode: "a", year: 2023, section: 3, text: "申请人李某对答复不服。", actor: handler)
            try await store.service.publishReport(agencyCode: "a", year: 2023, on: date("2024-01-20"), acknowledgeWarnings: true, by: head.member)
        }
    }

    /// Kind 9: a non-working day is refused with its reason, never a guess of weekday; a day off needs a name.
    @Test func nonWorkingDaysAreNamed() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let code = try await store.receiveSimple("a", on: "2024-08-26").queryCode // due 2024-09-23
            await #expect(throws: StoreError.invalid("合理期限 2024-10-01 不是工作日：2024-10-01 是国庆节放假日")) {
                try await store.setReasonablePeriod(code: code, until: date("2024-10-01"), actor: handler)
            }
            await #expect(throws: StoreError.invalid("2024-10-03 是国庆节放假日，本来就不是工作日，无需增加休息日")) {
                try await store.addDayOff(date("2024-10-03"), name: "闭馆", actor: .system)
            }
            for name in ["", "  ", "\u{200B}"] {
                await #expect(throws: InputError.self) { try await store.addDayOff(date("2024-10-09"), name: name, actor: .system) }
            }
            // 2024-10-12 (Saturday) is a make-up working day of 国庆节: a day off can be added there.
            let change = try await store.addDayOff(date("2024-10-12"), name: "台风停工", actor: .system)
            #expect(change.years == [2024])
            let calendar = try await store.workingCalendar()
            #expect(try calendar.dayKind(date("2024-10-12")) == .dayOff("台风停工"))
        }
    }

    /// Kind 3: a notice without days off loads nothing and is refused; so is one for a year after next.
    @Test func emptyOrImpossibleNoticesAreRefused() async throws {
        try await withStore { (store: Store) async throws in
            let before = try await Self.dump(store)
            for json in [#"{"years": {"2027": {"holidays": [], "workdays": []}}}"#, #"{"years": {"2027": {}}}"#,
                         #"{"years": {"2027": {"holidays": null, "workdays": null}}}"#, #"{"years": {}}"#, #"{"years": {"2007": {"holidays": [{"date": "2007-10-01", "name": "国庆节"}]}}}"#] {
                await #expect(throws: (any Error).self, "\(json)") { try await store.importCalendar(json: Data(json.utf8), actor: .system) }
            }
            let now = try Timestamp.parse("2026-11-29T12:00:00Z", field: .submittedAt, timeZone: .gmt)
            await #expect(throws: InputError.self) {
                try await store.importCalendar(json: Data(#"{"years": {"2029": {"holidays": [{"date": "2029-01-01", "name": "元旦"}]}}}"#.utf8),
                                               actor: .system, now: now)
            }
            #expect(try await Self.dump(store) == before)
            #expect(try await store.workingCalendar().coveredYears.last == 2026)
        }
    }
}

/// Found by a QA pass after the first round (each stands for its family).
@Suite(.serialized) struct RefusalFollowUpTests {
    /// "Today" is the agency's own: at 23:00 in Shanghai, tomorrow there has not happened, though it is already
    /// tomorrow at UTC+14.
    @Test func tomorrowInTheAgencysZoneIsTheFuture() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let now = try Timestamp.parse("2026-11-29T23:00:00+08:00", field: .submittedAt, timeZone: .gmt)
            let tomorrow = date("2026-11-30")
            await #expect(throws: InputError.self) {
                try await store.receive(agencyCode: "a", applicant: ApplicantInput(kind: .naturalPerson, name: "甲"), channel: .inPerson,
                                        text: "x", receivedDate: tomorrow, actor: registrar, now: now)
            }
            let app = try await store.receive(agencyCode: "a", applicant: ApplicantInput(kind: .naturalPerson, name: "甲"), channel: .inPerson,
                                              text: "x", receivedDate: date("2026-11-27"), actor: registrar, now: now).application
            await #expect(throws: InputError.self) {
                try await store.decide(code: app.queryCode, outcome: .granted, on: tomorrow, actor: handler, now: now)
            }
            await #expect(throws: InputError.self) {
                try await store.addAppeal(agencyCode: "a", kind: .reconsideration, filed: tomorrow, actor: handler, now: now)
            }
            // A birth date of tomorrow is no one's yet (GB 11643 number with a valid check character).
            await #expect(throws: InputError.self) {
                try await store.receive(agencyCode: "a", applicant: ApplicantInput(kind: .naturalPerson, name: "乙", idNumber: "110101202611300014"),
                                        channel: .inPerson, text: "y", receivedDate: date("2026-11-27"), actor: registrar, now: now)
            }
            try await store.decide(code: app.queryCode, outcome: .granted, on: date("2026-11-29"), actor: handler, now: now)
        }
    }

    /// An appeal about an application is against its answer, or against the failure to answer once the period ran.
    @Test func anAppealOnAnUnansweredApplicationWaitsForTheDueDate() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let code = try await store.receiveSimple("a", on: "2024-03-04").queryCode // due 2024-04-01
            for filed in ["2024-03-04", "2024-04-01"] {
                await #expect(throws: InputError.self, "\(filed)") {
                    try await store.addAppeal(agencyCode: "a", applicationCode: code, kind: .litigationDirect, filed: date(filed), actor: handler)
                }
            }
            try await store.addAppeal(agencyCode: "a", applicationCode: code, kind: .reconsideration, filed: date("2024-04-02"), actor: handler)
        }
    }

    /// 条例第三十条: a correction lapses only after its period, never on the day it was asked for.
    @Test func aCorrectionLapsesAfterTheRequest() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let code = try await store.receiveSimple("a", on: "2024-03-04").queryCode
            try await store.requestCorrection(code: code, on: date("2024-03-05"), actor: handler)
            await #expect(throws: InputError.self) { try await store.correctionLapsed(code: code, on: date("2024-03-05"), actor: handler) }
            #expect(try await store.correctionLapsed(code: code, on: date("2024-03-20"), actor: handler).outcome == Outcome.other1.rawValue)
        }
    }

    /// A report naming an agency whose name only contains (or is contained in) this one's is another agency's; a
    /// year given with a file that states another is refused.
    @Test func baselineAgencyAndYearMustMatch() async throws {
        try await withStore { (store: Store) async throws in
            for (code, name) in [("short", "工业和信息化局"), ("office", "中卫市工业和信息化局办公室")] {
                try await store.addAgency(code: code, name: name)
                await #expect(throws: ServiceError.self, "\(name)") {
                    try await store.service.importBaseline(file: ReportGenerationTests.zhongwei, agencyCode: code, by: head.member)
                }
            }
            try await store.addAgency(code: "zw", name: "中卫市工业和信息化局")
            await #expect(throws: ServiceError.self) {
                try await store.service.importBaseline(file: ReportGenerationTests.zhongwei, agencyCode: "zw", year: 2019, by: head.member)
            }
            #expect(ReportComparison.sameAgency("中卫市政府", "中卫市人民政府"))
            try await store.service.importBaseline(file: ReportGenerationTests.zhongwei, agencyCode: "zw", year: 2020, by: head.member)
        }
    }

    /// A published report compared with the records in another format shows no invented differences.
    @Test func aPublishedReportIsComparedInItsOwnFormat() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            for (block, rows) in [("20.1", ["规章", "行政规范性文件"]), ("20.5", ["行政许可"]), ("20.6", ["行政处罚", "行政强制"]), ("20.8", ["行政事业性收费"])] {
                for r in rows {
                    let n = ReportFormat.f2021.table2Blocks.first { $0.id == block }!.columns.count
                    try await store.setProactiveFigures(agencyCode: "a", year: 2023, block: block, row: r, values: Array(repeating: "1", count: n), actor: handler)
                }
            }
            try await store.service.publishReport(agencyCode: "a", year: 2023, on: date("2024-01-25"), acknowledgeWarnings: true, by: head.member)
            let g = try await store.service.generateReport(agencyCode: "a", year: 2023, format: .f2019)
            #expect(g.status == "published" && g.report.format == .f2021 && g.changesSincePublished.isEmpty)
        }
    }

    /// A bundled (official) notice may be amended with more days, never lose one.
    @Test func aBundledNoticeCannotLoseDays() async throws {
        try await withStore { (store: Store) async throws in
            await #expect(throws: StoreError.self) {
                try await store.importCalendar(json: Data(#"{"years": {"2024": {"holidays": [{"date": "2024-10-01", "name": "国庆节"}]}}}"#.utf8), actor: .system)
            }
            #expect(try await store.workingCalendar().dayKind(date("2024-10-04")) == .holiday("国庆节"))
            // The full notice with one more day off is accepted.
            let bundled = WorkingDayCalendar.bundled.notices[2024]!
            var amended = bundled
            amended.holidays.append(NamedDay(date: date("2024-10-08"), name: "国庆节"))
            let json = try WorkingDayCalendar(notices: [amended]).json()
            try await store.importCalendar(json: json, actor: .system)
            #expect(try await store.workingCalendar().dayKind(date("2024-10-08")) == .holiday("国庆节"))
        }
    }
}

/// Found by the second QA pass.
@Suite(.serialized) struct RefusalSecondRoundTests {
    /// The clock of an application is explained as of today in its agency's time zone (Kiritimati is UTC+14).
    @Test func todayIsTheAgencysForEveryView() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "k", name: "某岛局", timeZone: "Pacific/Kiritimati")
            let now = try Timestamp.parse("2026-11-29T12:00:00Z", field: .submittedAt, timeZone: .gmt) // 11-30 02:00 there
            let app = try await store.receive(agencyCode: "k", applicant: ApplicantInput(kind: .naturalPerson, name: "甲"), channel: .inPerson,
                                              text: "x", receivedDate: date("2026-11-30"), actor: registrar, now: now).application
            let detail = try await store.service.application(code: app.queryCode, now: now)
            #expect(detail.clock?.asOf == date("2026-11-30"))
            #expect(detail.clock?.daysUsed == 0)
        }
    }

    /// 条例第三十条 一次性告知: a second correction notice is refused (the clock would restart twice).
    @Test func aCorrectionIsAskedForOnce() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let code = try await store.receiveSimple("a", on: "2024-09-02").queryCode
            try await store.requestCorrection(code: code, on: date("2024-09-03"), actor: handler)
            try await store.correctionReceived(code: code, on: date("2024-09-05"), actor: registrar)
            await #expect(throws: InputError.self) { try await store.requestCorrection(code: code, on: date("2024-09-06"), actor: handler) }
            #expect(try await store.requireApplication(code: code).dueDate == "2024-10-10") // 20 working days after 09-05
        }
    }

    /// 条例第三十三条: an extension is decided within the period, on a date among the steps.
    @Test func anExtensionComesBeforeTheDueDate() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let code = try await store.receiveSimple("a", on: "2024-09-02").queryCode // due 2024-09-30
            let late = await #expect(throws: InputError.self) { try await store.extend(code: code, days: 20, on: date("2024-10-08"), actor: head) }
            #expect(late?.description.contains("2024-09-30") == true)
            await #expect(throws: InputError.self) { try await store.extend(code: code, days: 20, actor: head) } // today: long past
            let ok = try await store.extend(code: code, days: 20, on: date("2024-09-30"), actor: head)
            #expect(ok.dueDate == "2024-11-01" && ok.extensionDate == "2024-09-30") // 40 working days; 10-01…07 off, 10-12 worked
            await #expect(throws: InputError.self) {
                try await store.decide(code: code, outcome: .granted, on: date("2024-09-27"), actor: handler) // before the extension
            }
        }
    }

    /// A period reaching a year without a notice: the action is recorded without a due date, as a receipt is.
    @Test func actionsIntoAnUnloadedYearAreRecordedWithoutADueDate() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let now = try Timestamp.parse("2026-12-10T04:00:00Z", field: .submittedAt, timeZone: .gmt)
            let app = try await store.receive(agencyCode: "a", applicant: ApplicationStoreTestsSupport.person, channel: .inPerson, text: "x",
                                              receivedDate: date("2026-11-30"), actor: registrar, now: now).application
            #expect(app.dueDate == "2026-12-28")
            let consulted = try await store.startConsultation(code: app.queryCode, kind: .thirdParty, sent: date("2026-12-01"), actor: handler, now: now)
            #expect(consulted.dueDate == nil)
            let event = try #require(try await store.events(application: app.id!).last)
            #expect(event.detail?.contains("2027年的节假日安排尚未载入") == true)
        }
    }

    /// A bundled notice gains days off only: a new make-up working day or a renamed day is refused.
    @Test func aBundledNoticeGainsDaysOffOnly() async throws {
        try await withStore { (store: Store) async throws in
            var extraWorkday = WorkingDayCalendar.bundled.notices[2026]!
            extraWorkday.workdays.append(NamedDay(date: date("2026-12-19"), name: "加班"))
            var renamed = WorkingDayCalendar.bundled.notices[2026]!
            renamed.holidays[0].name = "改名"
            for notice in [extraWorkday, renamed] {
                await #expect(throws: StoreError.self) {
                    try await store.importCalendar(json: try WorkingDayCalendar(notices: [notice]).json(), actor: .system)
                }
            }
        }
    }

    /// A year with a baseline (the report published outside Gongkai) is not published again.
    @Test func aBaselineYearIsNotPublishedAgain() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "zw", name: "中卫市工业和信息化局")
            try await store.service.importBaseline(file: ReportGenerationTests.zhongwei, agencyCode: "zw", by: head.member)
            let e = await #expect(throws: ServiceError.self) {
                try await store.service.publishReport(agencyCode: "zw", year: 2020, on: date("2021-01-20"), acknowledgeWarnings: true, by: head.member)
            }
            #expect(e?.code == .conflict)
        }
    }

    /// Time zones are IANA names: an abbreviation (CST is also US Central) is refused.
    @Test func timeZoneAbbreviationsAreRefused() async throws {
        try await withStore { (store: Store) async throws in
            for zone in ["CST", "GMT+8", "Beijing"] {
                await #expect(throws: InputError.self, "\(zone)") { try await store.addAgency(code: "z", name: "某局", timeZone: zone) }
            }
            try await store.addAgency(code: "z", name: "某局", timeZone: "Asia/Urumqi")
        }
    }

    /// Figures are stored in one form, and an empty value is not dropped.
    @Test func figuresAreCanonical() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            try await store.setProactiveFigures(agencyCode: "a", year: 2020, block: "20.5", row: "行政许可", values: ["05", "-0.0", "5.0"], actor: handler)
            let r = try await store.liveReport(agencyCode: "a", year: 2020)
            #expect(r.table2Row(block: "20.5", row: "行政许可")?.cells.map(\.value) == [.number(5), .number(0), .number(5)])
            await #expect(throws: InputError.self) {
                try await store.setProactiveFigures(agencyCode: "a", year: 2020, block: "20.5", row: "行政许可", values: ["5", "", "2"], actor: handler)
            }
        }
    }

    /// A refused identifier is not printed back in full.
    @Test func refusalsMaskIdentifiers() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            for person in [ApplicantInput(kind: .naturalPerson, name: "甲", idNumber: "110101199001011234"),
                           ApplicantInput(kind: .naturalPerson, name: "甲", phone: "1390000000")] {
                let e = await #expect(throws: InputError.self) {
                    try await store.receive(agencyCode: "a", applicant: person, channel: .inPerson, text: "x", receivedDate: date("2024-09-02"), actor: registrar)
                }
                #expect(e.map { !$0.description.contains("110101199001011234") && !$0.description.contains("1390000000") } == true)
            }
        }
    }
}

enum ApplicationStoreTestsSupport {
    static let person = ApplicantInput(kind: .naturalPerson, name: "乙")
}
