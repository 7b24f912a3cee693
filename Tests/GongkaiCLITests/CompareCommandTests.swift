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

        // Printable HTML and a workbook.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gk-compare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try CLI.run(["compare", old, now, "--html", dir.appendingPathComponent("c.html").path, "--xlsx", dir.appendingPathComponent("c.xlsx").path])
        #expect(files.status == 0, "\(files.err)")
        let page = try String(contentsOf: dir.appendingPathComponent("c.html"), encoding: .utf8)
        #expect(page.contains("<td>一、本年新收政府信息公开申请数量</td><td>总计</td><td class=\"n\">0</td><td class=\"n\">70</td><td class=\"n d\">+70</td>"))
        #expect(page.contains("<title>平潭综合实验区2020—2021年度政府信息公开工作年度报告对比</title>"))
        #expect(try Data(contentsOf: dir.appendingPathComponent("c.xlsx")).starts(with: [0x50, 0x4B, 0x03, 0x04]))

        // The same year twice, or the years the wrong way round: refused, exit 1; a missing file: exit 2.
        let same = try CLI.run(["compare", now, CLI.samples.appendingPathComponent("pingtan-2021.docx").path])
        #expect(same.status == 1 && same.err.contains("应早于本年度的报告"))
        #expect(try CLI.run(["compare", now, old]).status == 1)
        #expect(try CLI.run(["compare", "/nonexistent/report.pdf", now]).status == 2)
    }

    /// `gongkai region`: 平潭 2021's key figures from shared/cases/audit.md — 一 70, （七） 69, （一）30 ＋ （二）5 = 35
    /// (50.7%), 四 1, 行政复议 3, 行政诉讼 12 ＋ 0, 结果纠正 0 — and the totals; CSV and XLSX written.
    @Test func theRegionTable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gk-region-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = CLI.samples.appendingPathComponent("pingtan-2021.html").path, txt = CLI.samples.appendingPathComponent("zhongwei-gxj-2020.txt").path
        let r = try CLI.run(["region", html, txt, "--year", "2021", "--csv", dir.appendingPathComponent("r.csv").path, "--xlsx", dir.appendingPathComponent("r.xlsx").path])
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)  // header, 平潭 (2021 only), totals
        #expect(lines[1].hasPrefix("平潭综合实验区\t2021\t70\t69\t35\t50.7%\t1\t3\t12\t0\t0.0%\t"), "\(lines)")
        #expect(lines[2].hasPrefix("合计（1 份报告）\t2021\t70\t69\t35\t50.7%\t1\t3\t12\t0"))
        let csv = try String(contentsOf: dir.appendingPathComponent("r.csv"), encoding: .utf8)
        #expect(csv.contains("平潭综合实验区,2021,70,69,35,50.7%,1,3,12,0"))
        let xlsx = try Data(contentsOf: dir.appendingPathComponent("r.xlsx"))
        #expect(xlsx.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        #expect(try CLI.run(["region", html, "--year", "2019"]).status == 2)
        #expect(try CLI.run(["region", html, "--sort", "nonsense"]).status != 0)
    }
}
