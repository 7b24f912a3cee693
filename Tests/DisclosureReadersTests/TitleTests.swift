import DisclosureReaders
import DisclosureRules
import Foundation
import Testing

/// Issue 10, kind 3: the agency and the year in the title forms agencies publish (year first or after the agency;
/// 年度报告, 年度工作报告, 工作报告, 年报; a title broken over two lines with "2025 年"; the agency alone on the line
/// above; archive prefixes), and the fuller name when the title and the signature both name one.
@Suite struct TitleTests {
    /// The cases of ../shared/cases/audit.md ("audit-inputs/"), read from there.
    static let cases: URL = Samples.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("cases/audit-inputs")

    @Test(arguments: ["title-year-first.html", "title-broken-across-lines.html", "title-variant-wording.html"])
    func theCasesName(_ file: String) throws {
        let r = try ReportReader.read(url: Self.cases.appendingPathComponent(file))
        #expect(r.agency == "某区发展和改革委员会" && r.year == 2025, "\(file): \(r.agency ?? "nil") \(r.year.map(String.init) ?? "nil")")
        if file == "title-broken-across-lines.html" { #expect(r.title == "2025年某区发展和改革委员会政府信息公开工作年度报告") }
    }

    /// A small text report with `head` as its first lines and `tail` before the date.
    func read(_ head: [String], signature: String? = nil) throws -> AnnualReport {
        var lines = head + ["一、总体情况", "本年度依法做好政府信息公开工作。", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]
        if let signature { lines += [signature, "2025年1月20日"] }
        let doc = try TextReader.read(data: Data(lines.joined(separator: "\n").utf8), file: "t.txt")
        return try ReportAssembler.assemble(doc, file: "t.txt")
    }

    @Test func titleWordingsAndPlaces() throws {
        let forms: [([String], String, Int)] = [
            (["2024年某县民政局政府信息公开工作年度报告"], "某县民政局", 2024),
            (["2024 年度某县民政局政府信息公开工作报告"], "某县民政局", 2024),
            (["某县民政局2024年度政府信息公开年度工作报告"], "某县民政局", 2024),
            (["某县民政局2024年政府信息公开年报"], "某县民政局", 2024),
            (["标题：某县民政局2024年政府信息公开工作年度报告"], "某县民政局", 2024),
            (["题名: 《2023年某县自然资源局政府信息公开工作年度报告》"], "某县自然资源局", 2023),
            (["某县民政局", "2024年政府信息公开工作年度报告"], "某县民政局", 2024),
            (["2022  年某县教育体育局政府信息", "公开工作年度报告"], "某县教育体育局", 2022),
            // Found in the wild since: "关于…情况的报告", a year in Chinese numerals, a name spaced out by PDF
            // extraction, a name that ends in 关.
            (["某县民政局关于2025年度政府信息公开工作情况的报告"], "某县民政局", 2025),
            (["某县民政局二〇二五年政府信息公开工作年度报告"], "某县民政局", 2025),
            (["二○二四年度某县民政局政府信息公开工作年度报告"], "某县民政局", 2024),
            (["2024年某 县 民 政 局政府信息公开工作年度报告"], "某县民政局", 2024),
            (["某市海关2024年政府信息公开工作年度报告"], "某市海关", 2024),
            (["某 县 民 政 局", "2024年政府信息公开工作年度报告"], "某县民政局", 2024),
        ]
        for (head, agency, year) in forms {
            let r = try read(head)
            #expect(r.agency == agency && r.year == year, "\(head): \(r.agency ?? "nil") \(r.year.map(String.init) ?? "nil")")
        }
    }

    /// A title without the agency: the portal's 发布机构 line, or a signature with its seal mark.
    @Test func agencyFromThePortalOrASealedSignature() throws {
        let portal = try read(["发布机构：某县民政局  发布日期：2025-01-20", "2024年政府信息公开工作年度报告"])
        #expect(portal.agency == "某县民政局" && portal.agencyNote == "取自网页的发布机构")
        let sealed = try read(["2024年政府信息公开工作年度报告"], signature: "某县民政局（盖章）")
        #expect(sealed.agency == "某县民政局")
    }

    @Test func theFullerNameWinsAndTheOutputSaysWhich() throws {
        let short = try read(["某县2024年政府信息公开工作年度报告"], signature: "某县人民政府办公室")
        #expect(short.agency == "某县人民政府办公室" && short.agencyNote == "取自落款；标题作“某县”")
        let full = try read(["某县发展和改革局2024年政府信息公开工作年度报告"], signature: "某县发改局")
        #expect(full.agency == "某县发展和改革局" && full.agencyNote == "取自标题；落款作“某县发改局”")
        let same = try read(["某县民政局2024年政府信息公开工作年度报告"], signature: "某县民政局")
        #expect(same.agency == "某县民政局" && same.agencyNote == nil)
        // Another body in the signature (a higher government) does not replace the title's agency.
        let other = try read(["某区财政局2024年政府信息公开工作年度报告"], signature: "某区人民政府")
        #expect(other.agency == "某区财政局" && other.agencyNote == "取自标题；落款作“某区人民政府”")
        // The subject after the name is not part of it.
        #expect(try read(["某区财政局政府信息公开工作2025年度报告"]).agency == "某区财政局")
        // A portal's link to another report, or its breadcrumb, above the title is not the title.
        let linked = try read(["上一篇：某区财政局2023年政府信息公开工作年度报告", "首页 > 政府信息公开 > 政府信息公开年报",
                               "某区财政局2024年政府信息公开工作年度报告"])
        #expect(linked.agency == "某区财政局" && linked.year == 2024)
        // A sentence that mentions the report is not a title.
        let sentence = try read(["现将某县民政局2024年度政府信息公开工作报告公布如下。", "本报告统计期限自2024年1月1日起至2024年12月31日止。"])
        #expect(sentence.agency == nil && sentence.year == 2024 && sentence.title == nil)
    }
}
