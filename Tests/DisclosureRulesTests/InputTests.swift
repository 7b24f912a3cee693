@testable import DisclosureRules
import Foundation
import Testing

/// Issue 8, kind 2: one strict parser of moments; impossible moments are refused, never rolled over.
@Suite struct TimestampTests {
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    /// Accepted forms and the instant each means (seconds since 1970, computed by hand from the UTC time).
    @Test(arguments: [
        ("2024-09-26T23:30:00Z", 1_727_393_400.0),
        ("2024-09-26t23:30:00z", 1_727_393_400.0),
        ("2024-09-27T07:30:00+08:00", 1_727_393_400.0),
        ("2024-09-27T07:30:00+0800", 1_727_393_400.0),
        ("2024-09-27T07:30:00+08", 1_727_393_400.0),
        ("2024-09-26T18:30:00-05:00", 1_727_393_400.0),
        ("2024-09-26T23:30Z", 1_727_393_400.0),
        ("2024-09-26 23:30:00Z", 1_727_393_400.0),
        ("2024-09-26T23:30:00.250Z", 1_727_393_400.25),
        ("2024-09-27T07:30:00", 1_727_393_400.0),      // no zone: the agency's (Asia/Shanghai)
        ("2024-09-27T13:30:00+14:00", 1_727_393_400.0),
        ("2024-09-26T11:30:00-12:00", 1_727_393_400.0),
    ])
    func accepted(_ c: (String, Double)) throws {
        #expect(try Timestamp.parse(c.0, field: .submittedAt, timeZone: shanghai).timeIntervalSince1970 == c.1)
    }

    /// The inputs of cases/adversarial/04 and the other impossible fields of the same family.
    @Test(arguments: [
        "2024-02-30T10:00:00Z", "2023-02-29T10:00:00Z", "2024-04-31T23:00:00Z", "2024-13-01T10:00:00Z", "2024-00-10T10:00:00Z",
        "2024-09-26T23:30:00+25:00", "2024-09-26T23:30:00+99:99", "2024-09-26T23:30:00+14:01", "2024-09-26T23:30:00-14:30",
        "2024-09-26T24:00:00Z", "2024-09-26T23:60:00Z", "2024-09-26T23:59:60Z", "0000-01-01T00:00:00Z",
        "2024-09-26", "2024-9-26T10:00:00Z", "2024-09-26T10:00:00ZZ", "2024-09-26T10:00:00 +08:00", "２０２４-09-26T10:00:00Z",
        "2024-09-26T10:00:00.Z", "2024-09-26T10:00:00.1234567890Z", "", "now", "10000-01-01T00:00:00Z",
    ])
    func refused(_ text: String) {
        #expect(throws: InputError.self) { try Timestamp.parse(text, field: .submittedAt, timeZone: shanghai) }
    }

    /// A local time skipped by a daylight-saving change does not exist: refused, not moved an hour.
    @Test func localTimeInADaylightSavingGapIsRefused() throws {
        let newYork = TimeZone(identifier: "America/New_York")!
        #expect(throws: InputError.self) { try Timestamp.parse("2024-03-10T02:30:00", field: .submittedAt, timeZone: newYork) }
        // 01:30 EST (UTC−5) exists: 06:30Z.
        #expect(try Timestamp.parse("2024-03-10T01:30:00", field: .submittedAt, timeZone: newYork).timeIntervalSince1970 == 1_710_052_200)
    }

    /// The error names the field in Chinese, never a CLI option.
    @Test func errorNamesTheField() {
        do {
            _ = try Timestamp.parse("2024-02-30T10:00:00Z", field: .confirmedAt, timeZone: shanghai)
            Issue.record("accepted an impossible date")
        } catch let e as InputError {
            #expect(e.field == .confirmedAt)
            #expect(e.description.hasPrefix("确认时刻“2024-02-30T10:00:00Z”无效"))
            #expect(!e.description.contains("--"))
        } catch { Issue.record("\(error)") }
    }
}

/// Issue 8, kind 1: conversions of moments never trap; dates outside what the law covers are refused.
@Suite struct RecordDateTests {
    @Test func dayNumberBounds() {
        #expect(CalendarDate(dayNumber: CalendarDate.firstDayNumber) == CalendarDate(year: 1, month: 1, day: 1))
        #expect(CalendarDate(dayNumber: CalendarDate.lastDayNumber) == CalendarDate(year: 9999, month: 12, day: 31))
        #expect(CalendarDate(year: 9999, month: 12, day: 31)!.addingChecked(days: 1) == nil)
        #expect(CalendarDate(year: 2024, month: 1, day: 1)!.addingChecked(days: Int.max) == nil)
        #expect(CalendarDate(year: 2024, month: 1, day: 1)!.addingChecked(days: Int.min) == nil)
    }

    /// cases/adversarial/01: 9999-12-31T16:00:00Z is year 10000 in Asia/Shanghai — refused, not a trap; a second
    /// earlier is still 9999-12-31 there.
    @Test func momentsBeyondYear9999AreRefused() throws {
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        let lastSecond = try Timestamp.parse("9999-12-31T15:59:59Z", field: .submittedAt, timeZone: shanghai)
        #expect(try CalendarDate.from(lastSecond, timeZone: shanghai) == CalendarDate(year: 9999, month: 12, day: 31))
        let beyond = try Timestamp.parse("9999-12-31T16:00:00Z", field: .submittedAt, timeZone: shanghai)
        #expect(throws: InputError.self) { try CalendarDate.from(beyond, timeZone: shanghai) }
        #expect(throws: InputError.self) { try SubmissionChannel.online.receiptDate(submittedAt: beyond, timeZone: shanghai) }
        for t in [Double.infinity, -Double.infinity, Double.nan, 1e300, -1e300] {
            #expect(throws: InputError.self) { try CalendarDate.from(Date(timeIntervalSince1970: t), timeZone: shanghai) }
        }
    }

    /// Nothing before the Regulations took effect (2008-05-01), nothing after today where a past event is meant.
    @Test func pastEventsLieBetween2008AndToday() throws {
        let today = CalendarDate(year: 2026, month: 11, day: 29)!
        try RecordDates.checkPast(CalendarDate(year: 2008, month: 5, day: 1)!, field: .receivedDate, today: today)
        try RecordDates.checkPast(today, field: .receivedDate, today: today)
        #expect(throws: InputError.self) { try RecordDates.checkPast(CalendarDate(year: 2008, month: 4, day: 30)!, field: .receivedDate, today: today) }
        #expect(throws: InputError.self) { try RecordDates.checkPast(CalendarDate(year: 1, month: 1, day: 1)!, field: .receivedDate, today: today) }
        #expect(throws: InputError.self) { try RecordDates.checkPast(CalendarDate(year: 2026, month: 11, day: 30)!, field: .receivedDate, today: today) }
        #expect(throws: InputError.self) { try RecordDates.checkPast(CalendarDate(year: 9999, month: 12, day: 31)!, field: .receivedDate, today: today) }
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        #expect(throws: InputError.self) { try RecordDates.checkPast(now.addingTimeInterval(3600), field: .submittedAt, now: now) }
        #expect(throws: InputError.self) { try RecordDates.checkPast(Date(timeIntervalSince1970: 0), field: .submittedAt, now: now) }
        #expect(throws: InputError.self) { try RecordDates.checkPast(Date(timeIntervalSince1970: .nan), field: .submittedAt, now: now) }
        try RecordDates.checkPast(now, field: .submittedAt, now: now)
    }

    /// `latestToday` is the date at UTC+14: no agency's today is refused as future.
    @Test func latestTodayIsTheEasternmostDate() throws {
        let now = try Timestamp.parse("2024-09-26T23:30:00Z", field: .submittedAt, timeZone: .gmt)
        #expect(try CalendarDate.latestToday(now: now) == CalendarDate(year: 2024, month: 9, day: 27))
        #expect(try CalendarDate.today(in: TimeZone(identifier: "America/New_York")!, now: now) == CalendarDate(year: 2024, month: 9, day: 26))
    }

    /// Working-day counts near Int.max reach past the covered years: refused by the calendar, not an overflow trap.
    @Test func hugeWorkingDayCountsAreRefused() {
        let start = CalendarDate(year: 2024, month: 9, day: 2)!
        #expect(throws: CalendarError.self) { try WorkingDayCalendar.bundled.addingWorkingDays(Int.max, to: start) }
        #expect(throws: CalendarError.self) { try WorkingDayCalendar.bundled.addingWorkingDays(Int.max - 1, to: start) }
        #expect(throws: ClockError.self) { try StatutoryClock(calendar: .bundled).explain(ClockInput(receiptDate: start, limitDays: Int.max)) }
        #expect(throws: ClockError.self) { try StatutoryClock(calendar: .bundled).explain(ClockInput(receiptDate: start, limitDays: 0)) }
        #expect(throws: ClockError.self) { try StatutoryClock(calendar: .bundled).explain(ClockInput(receiptDate: start, extensions: [Int.max])) }
    }
}

/// Issue 8, kind 1: fees are computed with checked arithmetic within plausible bounds (cases/adversarial/02).
@Suite struct FeeBoundTests {
    @Test func pageCountsBeyondTheBoundAreRefused() throws {
        let s = FeeSchedule.standard
        for pages in [Int.max, 230_584_300_921_369_597, 230_584_300_921_369_396, FeeSchedule.maximumPages + 1, -1, Int.min] {
            #expect(throws: InputError.self) { try s.fee(forPages: pages) }
        }
        // The bound itself: 700 + 2000 + (1,000,000 − 200) × 40 元 (第五条).
        #expect(try s.fee(forPages: FeeSchedule.maximumPages) == 700 + 2000 + (1_000_000 - 200) * 40)
        for k in [0, -1, Int.max, FeeSchedule.maximumApplicationNumber + 1] {
            #expect(throws: InputError.self) { try s.fee(forApplicationNumber: k) }
        }
    }

    /// A custom tariff whose amounts would overflow is refused, not a trap.
    @Test func overflowingTariffIsRefused() {
        var s = FeeSchedule.standard
        s.pageTiers = [.init(from: 1, through: nil, yuanPerPage: Int.max)]
        #expect(throws: ClockError.self) { try s.fee(forPages: 3) }
    }
}

/// Issue 8, kind 7: identifiers are validated and normalised, so the same person is the same applicant.
@Suite struct IdentifierTests {
    /// GB 11643 check characters computed by hand (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, mod 11 → 10X98765432).
    @Test(arguments: [
        ("110101199001011237", "110101199001011237"),
        ("11010119900101123 7", "110101199001011237"),
        ("１１０１０１１９９００１０１１２３７", "110101199001011237"),
        ("350128198506150021", "350128198506150021"),
        ("64050119780912341\u{200B}4", "640501197809123414"),
        ("11010519491231002x", "11010519491231002X"),
    ])
    func residentIDsAccepted(_ c: (String, String)) throws {
        #expect(try Identifier.document(c.0, kind: .residentIDCard) == c.1)
    }

    @Test(arguments: ["110101199001011234", "110101199002301237", "010101199001011237", "11010119900101123", "1101011990010112377",
                      "110101900101123", "11010119900101123Y", "1101011990010112\u{202E}37"])
    func residentIDsRefused(_ id: String) {
        #expect(throws: InputError.self) { try Identifier.document(id, kind: .residentIDCard) }
    }

    @Test func birthDateAfterTodayIsRefused() {
        #expect(throws: InputError.self) {
            try Identifier.document("110101203001011232", kind: .residentIDCard, today: CalendarDate(year: 2026, month: 11, day: 29)!)
        }
    }

    /// GB 32100: 31 − (Σ value × 3^i mod 31) mod 31, in the alphabet without I O S V Z.
    @Test func unifiedSocialCreditCodes() throws {
        #expect(try Identifier.document("91110108MA01ABCD1E", kind: .unifiedSocialCreditCode) == "91110108MA01ABCD1E")
        #expect(try Identifier.document("91110108ma01abcd1e", kind: .unifiedSocialCreditCode) == "91110108MA01ABCD1E")
        #expect(throws: InputError.self) { try Identifier.document("91110108MA01ABCD1F", kind: .unifiedSocialCreditCode) }
        #expect(throws: InputError.self) { try Identifier.document("91110108MA01ABCDIE", kind: .unifiedSocialCreditCode) }
        #expect(throws: InputError.self) { try Identifier.document("91110108MA01ABCD1", kind: .unifiedSocialCreditCode) }
    }

    @Test func otherDocuments() throws {
        #expect(try Identifier.document("E 1234 5678", kind: .passport) == "E12345678")
        #expect(try Identifier.document("h12345678", kind: .hongKongMacaoPermit) == "H12345678")
        #expect(throws: InputError.self) { try Identifier.document("X12345678", kind: .hongKongMacaoPermit) }
        #expect(throws: InputError.self) { try Identifier.document("1234", kind: .passport) }
        #expect(throws: InputError.self) { try Identifier.document("", kind: .passport) }
    }

    @Test(arguments: [
        ("13800000000", "13800000000"), ("138 0000 0000", "13800000000"), ("138-0000-0000", "13800000000"),
        ("+86 138 0000 0000", "13800000000"), ("0086 13800000000", "13800000000"), ("１３８００００００００", "13800000000"),
        ("0951-1234567", "0951-1234567"), ("(0951) 1234567", "0951-1234567"), ("010-12345678", "010-12345678"),
        ("01012345678", "010-12345678"), ("010-12345678-123", "010-12345678-123"), ("0951-1234567转8001", "0951-1234567-8001"),
        ("+86 10 12345678", "010-12345678"), ("+852 2123 4567", "+85221234567"), ("00852 21234567", "+85221234567"),
    ])
    func phonesAccepted(_ c: (String, String)) throws {
        #expect(try Identifier.phone(c.0) == c.1)
    }

    @Test(arguments: ["1", "12345678901", "1380000000", "138000000000", "0951-123", "0951-0234567", "+0123456", "13800000000转1",
                      "电话", "138\u{0007}00000000", "+86"])
    func phonesRefused(_ text: String) {
        #expect(throws: InputError.self) { try Identifier.phone(text) }
    }

    /// Invisible characters never reach a stored name: zero-width ones are removed, direction and control ones refused.
    @Test func namesAreCleaned() throws {
        #expect(try CleanText.line("\u{200B}张三 ", field: .applicantName, maxLength: 200) == "张三")
        #expect(try CleanText.line("John\u{3000}\u{3000}Smith\t", field: .applicantName, maxLength: 200) == "John Smith")
        #expect(try CleanText.line("\u{FEFF}某某有限公司", field: .applicantName, maxLength: 200) == "某某有限公司")
        #expect(throws: InputError.self) { try CleanText.line("张\u{202E}三", field: .applicantName, maxLength: 200) }
        #expect(throws: InputError.self) { try CleanText.line("张\u{0000}三", field: .applicantName, maxLength: 200) }
        #expect(throws: InputError.self) { try CleanText.line("张\n三", field: .applicantName, maxLength: 200) }
        #expect(throws: InputError.self) { try CleanText.requiredLine(" \u{200B} ", field: .applicantName, maxLength: 200) }
        #expect(throws: InputError.self) { try CleanText.line(String(repeating: "名", count: 201), field: .applicantName, maxLength: 200) }
        // Multi-line text keeps its lines.
        #expect(try CleanText.paragraph("第一行\r\n第二行\u{200D}\n", field: .requestText, maxLength: 100) == "第一行\n第二行")
    }
}

/// Issue 8, kind 5: the date order of an application's steps is checked in one place.
@Suite struct TimelineTests {
    func d(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }
    let today = CalendarDate(iso: "2026-11-29")!

    @Test func stepsMustFollowEachOther() throws {
        var t = ApplicationTimeline(steps: [.init(.received, d("2024-03-04"))])
        try t.checkAppending(.init(.feeNoticeReceived, d("2024-03-11")), today: today)
        t.steps.append(.init(.feeNoticeReceived, d("2024-03-11")))
        // cases/adversarial/03: paid three days before the notice.
        #expect(throws: InputError.self) { try t.checkAppending(.init(.feePaid, d("2024-03-08")), today: today) }
        try t.checkAppending(.init(.feePaid, d("2024-03-12")), today: today)
        t.steps.append(.init(.feePaid, d("2024-03-12")))
        // A second notice after payment would charge twice (国办函〔2020〕109号第三条).
        #expect(throws: InputError.self) { try t.checkAppending(.init(.feeNoticeReceived, d("2024-03-13")), today: today) }
        #expect(throws: InputError.self) { try t.checkAppending(.init(.closed, d("2024-03-11")), today: today) }
        #expect(throws: InputError.self) { try t.checkAppending(.init(.closed, d("2026-11-30")), today: today) }
        try t.checkAppending(.init(.closed, d("2024-03-12")), today: today)
        t.steps.append(.init(.closed, d("2024-03-20")))
        #expect(throws: InputError.self) { try t.checkAppending(.init(.consultationSent, d("2024-03-21")), today: today) }
    }

    @Test func aWholeRecordIsReplayed() {
        let good = ApplicationTimeline(steps: [.init(.received, d("2024-09-02")), .init(.correctionRequested, d("2024-09-04")),
                                               .init(.correctionReceived, d("2024-09-10")), .init(.closed, d("2024-09-30"))])
        #expect(good.violations(today: today).isEmpty)
        let bad = ApplicationTimeline(steps: [.init(.received, d("2024-09-02")), .init(.correctionReceived, d("2024-09-03")),
                                              .init(.feePaid, d("2024-09-05"))])
        #expect(bad.violations(today: today).count == 2)
    }
}

/// Issue 8, kind 8: personal data typed into a report's text is a blocking finding (rule P1).
@Suite struct PersonalDataRuleTests {
    func p1(_ text: String, section: Int = 5) -> [Finding] {
        var r = consistent2021()
        r.sections[section - 1].text = text
        return ReportValidator.validate(r).filter { $0.rule == .P1 }
    }

    @Test func identityAndMobileNumbersAreErrors() {
        let id = p1("申请人张某（身份证号110101199001011237）申请公开……")
        #expect(id.count == 1 && id[0].severity == .error && id[0].table == "正文")
        #expect(id[0].row == "五、存在的主要问题及改进情况")
        // The finding itself never repeats the number.
        #expect(!id[0].message.contains("110101199001011237") && id[0].message.contains("110*************37"))
        // A mistyped check character is still someone's number.
        #expect(p1("身份证号110101199001011234。").count == 1)
        #expect(p1("联系人王某，手机13812345678。", section: 1).count == 1)
        #expect(p1("手机 138-1234-5678 或 +86 139 1234 5678。").count == 2)
        #expect(p1("手机１３８１２３４５６７８（全角）。").count == 1)
        #expect(p1("手机139\u{3000}1234\u{3000}5678，139－1234－5678。").count == 2)
        #expect(p1("电话：13812345678 13912345678").count == 2)
    }

    @Test func officeNumbersAndFiguresAreNot() {
        #expect(p1("咨询电话：0955-7068675、0591-23165370。").isEmpty)
        #expect(p1("全年收费15000000000元，文号〔2024〕13812345678.5号。").isEmpty)
        #expect(p1("共有13812345678件？不可能，但12位数字138123456789不是手机号。").count == 0)
        #expect(p1("索引号 11350128MB0000000A/2024-00001").isEmpty)
        // A table row copied as text: its figures are not a mobile number, however the spaces fall.
        #expect(p1("一、本年新收政府信息公开申请数量 13612  252  0  45  128  32  14069").isEmpty)
        #expect(p1("一、本年新收政府信息公开申请数量 13612 252 0 45 128 32 14069").isEmpty)
        #expect(p1("手机 1381234 5678 或 138 12345678。").count == 2)
    }
}

/// The shortcuts taken for speed give exactly what the definitions give.
@Suite struct ShortcutTests {
    @Test func requestTextShortcutEqualsTheDefinition() {
        var samples = ["请公开2024年部门预算", "请公开　2024年 预算。", "Please DISCLOSE the 2024 budget!", "《关于X的通知》【2024】第3号、附件",
                       "请公开〇号文件々", "a\u{1}b\tc\nd", "ＡＢＣ１２３", "（一）申请", "e\u{301}", ""]
        var g = SystemRandomNumberGenerator()
        let pool = Array("abcXYZ019 ,.!?-_/()[]{}<>@#$%^&*+=~`|\\\"'\t\n、。〃〄〈〉《》「」『』【】中国政府信息公开申请") + ["\u{1}", "\u{7F}"]
        for _ in 0..<500 { samples.append(String((0..<Int(g.next() % 30)).map { _ in pool[Int(g.next() % UInt64(pool.count))] })) }
        for s in samples { #expect(RequestText.normalized(s) == RequestText.normalizedByFoundation(s), "\(s.debugDescription)") }
    }

    @Test func trimmedWhitespaceEqualsFoundation() {
        for s in ["", " ", "\u{3000}张三\u{3000}", "\n\t a b \r\n", "abc", " \u{200B}x\u{200B} ", "\u{85}y\u{2028}"] {
            #expect(s.trimmedWhitespace == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(s.debugDescription)")
        }
    }
}

/// Found by a QA pass after the first round.
@Suite struct InputFollowUpTests {
    @Test func spacedIdentityNumbersAreFoundInText() {
        var r = consistent2021()
        for text in ["身份证 110105 19491231 002X。", "身份证110105-19491231-002X。", "身份证号110105\u{3000}19491231\u{3000}002X",
                     "640502－19850315－1237", "110105 1949 1231 002X"] {
            r.sections[4].text = text
            #expect(ReportValidator.validate(r).filter { $0.rule == .P1 }.count == 1, "\(text)")
        }
    }

    @Test func defaultIgnorableCharactersAreRemoved() throws {
        #expect(try CleanText.line("王\u{034F}五\u{FE0F}", field: .applicantName, maxLength: 200) == "王五")
    }

    @Test func holidayNamesAreChecked() {
        for name in ["", " ", "国庆\u{202E}节", "国庆\n节", "国庆\u{1}节"] {
            let json = #"{"years": {"2027": {"holidays": [{"date": "2027-01-01", "name": "\#(name.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x202E ? String(format: "\\u%04x", $0.value) : String($0) }.joined())"}]}}}"#
            #expect(throws: CalendarError.self, "\(name.debugDescription)") { try WorkingDayCalendar.load(json: Data(json.utf8)) }
        }
    }

    @Test func aCorrectionCannotLapseOnTheDayItWasAskedFor() throws {
        let today = CalendarDate(iso: "2026-11-29")!
        let t = ApplicationTimeline(steps: [.init(.received, CalendarDate(iso: "2024-03-04")!), .init(.correctionRequested, CalendarDate(iso: "2024-03-05")!)])
        #expect(throws: InputError.self) { try t.checkAppending(.init(.correctionLapsed, CalendarDate(iso: "2024-03-05")!), today: today) }
        try t.checkAppending(.init(.correctionLapsed, CalendarDate(iso: "2024-03-06")!), today: today)
        #expect(throws: InputError.self) {
            try ApplicationTimeline(steps: [.init(.received, CalendarDate(iso: "2024-03-04")!)])
                .checkAppending(.init(.correctionLapsed, CalendarDate(iso: "2024-03-06")!), today: today)
        }
    }
}
