import DisclosureRules
import Foundation
import Testing

/// Letters (issue 11, part 1): every date and legal basis from the record, the outcome's own wording and article,
/// the rights of reconsideration (60 days) and litigation (6 months), the applicant's name masked.
@Suite struct LetterTests {
    static let calendar = WorkingDayCalendar.bundled
    static func d(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    /// Facts of case C1 (received Fri 2024-09-27): due after 20 working days on the official calendar, 2024-10-30.
    static func facts() throws -> LetterFacts {
        var f = LetterFacts(agency: "某市某局", queryCode: "GK7Q2M", applicant: Privacy.maskName("张三丰", kind: .naturalPerson),
                            received: d("2024-09-27"), request: "2023年度某项目审批文件", issued: d("2024-10-28"))
        f.due = try calendar.addingWorkingDays(20, to: f.received)
        return f
    }

    @Test func theDueDateComesFromTheClock() throws {
        #expect(try Self.facts().due == Self.d("2024-10-30"))
    }

    @Test(arguments: Outcome.allCases)
    func aDecisionLetterForEveryOutcome(_ outcome: Outcome) throws {
        var f = try Self.facts()
        f.outcome = outcome
        if outcome == .other3 {
            #expect(throws: LetterError.missingFact(kind: .decision, placeholder: "理由")) { try Letter(template: .standard(.decision), facts: f) }
            f.reasons = "您的申请已转由某区某局办理。"
        }
        let letter = try Letter(template: .standard(.decision), facts: f)
        let text = letter.paragraphs.joined(separator: "\n")
        #expect(letter.title == "政府信息公开申请答复书")
        #expect(letter.paragraphs[0] == "张**：")
        #expect(!text.contains("张三丰"))
        #expect(text.contains("2024年9月27日") && text.contains("GK7Q2M") && text.contains(outcome.decisionText))
        #expect(text.contains("根据\(outcome.legalBasis)的规定"))
        #expect(text.contains("六十日内依法申请行政复议") && text.contains("六个月内依法向人民法院提起行政诉讼"))
        #expect(letter.seal == "某市某局（盖章）" && letter.date == "2024年10月28日")
    }

    @Test func articlesOfTheDecisions() {
        #expect(Outcome.granted.legalBasis.hasSuffix("第三十六条第（二）项"))
        #expect(Outcome.partlyGranted.legalBasis.hasSuffix("第三十七条"))
        #expect(Outcome.refused4.legalBasis.hasSuffix("第十五条、第三十二条"))
        #expect(Outcome.unable2.legalBasis.hasSuffix("第三十八条"))
        #expect(Outcome.notProcessed2.legalBasis.hasSuffix("第三十六条第（六）项"))
        #expect(Outcome.other2.legalBasis.contains("国办函〔2020〕109号"))
    }

    /// The notices: correction (C9: the notice within 7 working days of 2024-09-02 → 2024-09-11), extension (C12:
    /// 2024-10-30 + 20 working days → 2024-11-27), consultation (C13: 15 working days from 2025-09-26 → 2025-10-23),
    /// fee (20 working days to pay).
    @Test func noticesCarryTheClocksDates() throws {
        var f = try Self.facts()
        f.extendedDue = try Self.calendar.addingWorkingDays(20, to: f.due!)
        let ext = try Letter(template: .standard(.extensionNotice), facts: f).paragraphs.joined()
        #expect(ext.contains("答复期限原为2024年10月30日") && ext.contains("延长至2024年11月27日") && ext.contains("第三十三条第二款"))

        var c = try Self.facts()
        c.received = Self.d("2024-09-02"); c.issued = try Self.calendar.addingWorkingDays(7, to: c.received)
        c.correctionItems = "请写明所需信息的名称或文号。"; c.correctionBy = try Self.calendar.addingWorkingDays(15, to: c.issued)
        let corr = try Letter(template: .standard(.correction), facts: c)
        #expect(corr.date == "2024年9月11日" && corr.paragraphs.joined().contains("请写明所需信息的名称或文号") && corr.paragraphs.joined().contains("第三十条"))

        var t = try Self.facts()
        t.thirdParty = "某某有限公司"; t.issued = Self.d("2025-09-26"); t.opinionBy = try Self.calendar.addingWorkingDays(15, to: t.issued)
        let cons = try Letter(template: .standard(.consultation), facts: t)
        #expect(cons.paragraphs[0] == "某某有限公司：" && cons.paragraphs.joined().contains("2025年10月23日前") && !cons.paragraphs.joined().contains("张"))

        var fee = try Self.facts()
        fee.fee = 100; fee.payBy = try Self.calendar.addingWorkingDays(20, to: fee.issued)
        let notice = try Letter(template: .standard(.fee), facts: fee).paragraphs.joined()
        #expect(notice.contains("信息处理费100.00元") && notice.contains("国办函〔2020〕109号"))
    }

    @Test func templatesAreCheckedAndFactsMustExist() throws {
        #expect(throws: LetterError.unknownPlaceholder("申请人姓名", line: 2)) {
            try LetterTemplate(kind: .decision, body: "答复\n{{申请人姓名}}：").validate()
        }
        #expect(throws: LetterError.unclosedPlaceholder(line: 1)) { try LetterTemplate(kind: .decision, body: "{{申请人").validate() }
        // A decision letter before the decision: refused, naming what is missing.
        #expect(throws: LetterError.missingFact(kind: .decision, placeholder: "答复决定")) {
            try Letter(template: .standard(.decision), facts: try Self.facts())
        }
        // An edited template keeps its wording and still takes the dates from the record.
        var f = try Self.facts(); f.outcome = .granted
        let custom = try Letter(template: LetterTemplate(kind: .decision, body: "{{申请人}}：\n你于{{收到日期}}的申请，答复如下：{{答复决定}}。"), facts: f)
        #expect(custom.paragraphs == ["张**：", "你于2024年9月27日的申请，答复如下：\(Outcome.granted.decisionText)。"])
    }
}
