import Foundation
import Testing

/// `gongkai compare` (issue 13): two published reports side by side — 中卫 2020 (2019 format) and 平潭 2021 (2021
/// format), whose cells shared/cases/audit.md gives.
struct CompareCommandTests {
    @Test func twoPublishedReportsSideBySide() throws {
        let old = CLI.samples.appendingPathComponent("zhongwei-gxj-2020.txt").path, now = CLI.samples.appendingPathComponent("pingtan-2021.html").path
        let r = try CLI.run(["compare", old, now])
        #expect(r.status == 0, "\(r.err)")
        // Not the same agency: said first.
        #expect(r.out.contains("注意：两份报告的机关不同（上年：中卫市工业和信息化局；本年：平潭综合实验区）"))
        // 一、本年新收 总计: 0 (中卫) → 70 (平潭); 表四 行政复议 总计: blank → 3; （七）总计 0 → 69.
        #expect(r.out.contains("表三\t一、本年新收政府信息公开申请数量\t总计\t0\t70\t+70"), "\(r.out.prefix(3000))")
        #expect(r.out.contains("表四\t行政复议\t总计\t空白\t3\t变"))
        #expect(r.out.contains("表三\t（七）总计\t总计\t0\t69\t+69"))
        // 行政许可 decisions: 2019's 处理决定数量 4 against 2021's 本年处理决定数量 2293.
        #expect(r.out.contains("表二\t行政许可\t本年处理决定数量\t4\t2293\t+2289"))

        let j = try CLI.run(["compare", old, now, "--json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(j.out.utf8)) as? [String: Any])
        let cells = try #require(doc["cells"] as? [[String: Any]])
        let received = try #require(cells.first { $0["table"] as? String == "表三" && $0["rowID"] as? String == "new" && $0["column"] as? String == "总计" })
        #expect((received["previous"] as? NSNumber)?.intValue == 0 && (received["current"] as? NSNumber)?.intValue == 70)
        #expect((doc["sections"] as? [Any])?.count == 6 && doc["year"] as? Int == 2021 && doc["previousYear"] as? Int == 2020)

        // The same year twice, or the years the wrong way round: refused, exit 1; a missing file: exit 2.
        let same = try CLI.run(["compare", now, CLI.samples.appendingPathComponent("pingtan-2021.docx").path])
        #expect(same.status == 1 && same.err.contains("应早于本年度的报告"))
        #expect(try CLI.run(["compare", now, old]).status == 1)
        #expect(try CLI.run(["compare", "/nonexistent/report.pdf", now]).status == 2)
    }
}
