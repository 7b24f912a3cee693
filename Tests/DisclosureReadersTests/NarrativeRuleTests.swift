@testable import DisclosureRules
import DisclosureReaders
import Foundation
import Testing

/// Rule N1 (issue 13): the figures the narrative states are checked against tables 三 and 四. It reads the samples'
/// statements and finds them consistent; a report whose text says one number and whose table another is warned.
struct NarrativeRuleTests {
    func n1(_ r: AnnualReport) -> [Finding] { ReportValidator.validate(r).filter { $0.rule == .N1 } }
    func claims(_ text: String) -> [String] { NarrativeRules.statements(text).map { "\($0.2)=\($0.3)" } }

    /// 平潭 2021 says "本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理" — the tables say 70, 69 and
    /// 1 (shared/cases/audit.md): read, compared, no finding, in every format the page was published in.
    @Test(arguments: ["pingtan-2021.html", "pingtan-2021.docx", "pingtan-2021.pdf"])
    func theSampleAgreesWithItself(file: String) throws {
        let r = try Samples.read(file)
        let stated = r.sections.flatMap { NarrativeRules.statements($0.text) }.map { "\($0.2)=\($0.3)" }
        #expect(Set(stated).isSuperset(of: ["received=70", "decided=69", "carriedOver=1"]), "\(stated)")
        #expect(n1(r).isEmpty, "\(n1(r).map(\.message))")
    }

    @Test func theOtherSamplesRaiseNothing() throws {
        #expect(n1(try Samples.read("zhongwei-gxj-2020.txt")).isEmpty)
        let cases = Samples.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("cases/audit-inputs")
        for name in try FileManager.default.contentsOfDirectory(atPath: cases.path).sorted() {
            let r = try ReportReader.read(url: cases.appendingPathComponent(name))
            #expect(n1(r).isEmpty, "\(name): \(n1(r).map(\.message))")
        }
    }

    @Test func aTextThatSaysAnotherNumberIsWarned() throws {
        var r = try Samples.read("pingtan-2021.html")
        let i = try #require(r.sections.firstIndex { $0.text.contains("共收到70件申请") })
        r.sections[i].text = r.sections[i].text.replacingOccurrences(of: "共收到70件申请", with: "共收到72件申请")
            .replacingOccurrences(of: "1件结转下年度", with: "两件结转下年度")
        r.sections[i].text += "\n本年度发生政府信息公开行政复议案件4起，行政诉讼案件12起。"
        let found = n1(r)
        #expect(found.count == 3, "\(found.map(\.message))")
        #expect(found.allSatisfy { $0.severity == .warning && $0.table == "正文" })
        #expect(found.contains { $0.message.contains("称72") && $0.message.contains("“本年新收政府信息公开申请数量”为70") })
        #expect(found.contains { $0.message.contains("称2") && $0.message.contains("“结转下年度继续办理”为1") })
        #expect(found.contains { $0.message.contains("称4") && $0.message.contains("表四“行政复议总计”为3") })

        // The other way round: the text as published, a table cell changed.
        var t = try Samples.read("pingtan-2021.html")
        let total = try #require(t.table3.firstIndex { $0.id == "total" })
        t.table3[total].cells[6].value = .number(68)
        #expect(n1(t).map(\.message).contains { $0.contains("称69") && $0.contains("“本年度办理结果总计”为68") })
    }

    /// The family of sentences reports use, and the ones that must not be read.
    @Test func whatIsReadAndWhatIsNot() {
        #expect(claims("全年共受理政府信息公开申请二十三件。") == ["received=23"])
        #expect(claims("本年度收到依申请公开申请１２０件，办结118件，上年结转3件，2件结转至下一年度办理。")
                == ["received=120", "decided=118", "carriedIn=3", "carriedOver=2"])
        #expect(claims("本年度未发生政府信息公开行政复议、行政诉讼案件。") == ["reconsideration=0"])
        #expect(claims("因政府信息公开被申请行政复议3起，被提起行政诉讼一百零五件。") == ["reconsideration=3", "litigation=105"])
        #expect(claims("行政复议和行政诉讼共3起。").isEmpty)  // one number for both: not read
        #expect(claims("2020年办结市长信箱2件，市长热线1件，未发生舆情事件。").isEmpty)  // other channels
        #expect(claims("收到申请70件，其中企业申请6件，较上年增长20件。") == ["received=70"])  // parts and changes are not totals
        #expect(claims("收到政府信息公开申请70件（含上年结转3件）。").isEmpty)  // two numbers in one clause: not read
        #expect(claims("主动公开政府信息1200条。").isEmpty)  // not about applications
        #expect(NarrativeRules.number("七十") == 70 && NarrativeRules.number("两") == 2 && NarrativeRules.number("一千二百零五") == 1205
                && NarrativeRules.number("十二") == 12 && NarrativeRules.number("７０") == 70 && NarrativeRules.number("七十x") == nil)
    }
}
