import Foundation
import Testing

/// `gongkai catalogue` (issue 12): 索引号 from the agency's settings, publication refused without a passed 保密审查 —
/// a clear message, exit status 1, and the attempt in the item's history — then reviewed, published, repealed.
@Suite(.serialized) struct CatalogueCommandTests {
    @Test func publishingWithoutAPassedReviewIsRefused() throws {
        let db = try CLIStoreTests().dbArgs()
        let agency = "cat" + UUID().uuidString.prefix(8).lowercased()
        #expect(try CLI.run(["agency", "add", agency, "某市人民政府"] + db).status == 0)
        let add = ["catalogue", "add", "--agency", agency, "--title", "某市关于某事项的管理办法", "--summary", "规范某事项。", "--doc-number", "某府规〔2024〕3号",
                   "--written", "2024-09-27", "--category", "1", "--kind", "normative-document", "--genre", "通知", "--topic", "综合政务"] + db

        // Nothing is catalogued before the agency has its 索引号 settings; a wrong check character is named.
        let early = try CLI.run(add)
        #expect(early.status == 1 && early.err.contains("尚未设置索引号"), "\(early.err)")
        let bad = try CLI.run(["catalogue", "settings", "--agency", agency, "--org-code", "11100000000013127C"] + db)
        #expect(bad.status == 1 && bad.err.contains("校验码应为 D") && bad.err.contains("--org-code"), "\(bad.err)")
        #expect(try CLI.run(["catalogue", "settings", "--agency", agency, "--org-code", "000014349"] + db).status == 0)

        let added = try CLI.run(add)
        #expect(added.status == 0, "\(added.err)")
        // The default pattern: organisation code / year of the 成文日期 - five-digit number within the year.
        let index = "000014349/2024-00001"
        #expect(added.out.contains("索引号 \(index)"))
        // Formed 2024-09-27: 20 working days end on 2024-10-30 (条例第二十六条; counted by hand in the rules tests).
        #expect(added.out.contains("2024年10月30日"))

        // Publication without a review: refused, exit 1, the reason; the attempt is in the history.
        let refused = try CLI.run(["catalogue", "publish", index, "--agency", agency, "--date", "2024-10-08"] + db)
        #expect(refused.status == 1)
        #expect(refused.err.contains("尚未经过保密审查，不能发布"), "\(refused.err)")
        var show = try CLI.run(["catalogue", "show", index, "--agency", agency] + db)
        #expect(show.out.contains("发布被拒绝：“某市关于某事项的管理办法”尚未经过保密审查"), "\(show.out)")
        #expect(show.out.contains("状态：草稿"))

        // A handler cannot record the review; the head records a failed one: still refused.
        #expect(try CLI.run(["catalogue", "review", index, "--agency", agency, "--reviewer", "保密员丁", "--result", "passed", "--date", "2024-10-08",
                             "--role", "handler"] + db).err.contains("无权记录保密审查结果"))
        #expect(try CLI.run(["catalogue", "review", index, "--agency", agency, "--reviewer", "保密员丁", "--result", "failed", "--date", "2024-10-08",
                             "--opinion", "附件含内部电话"] + db).status == 0)
        let again = try CLI.run(["catalogue", "publish", index, "--agency", agency, "--date", "2024-10-09"] + db)
        #expect(again.status == 1 && again.err.contains("未通过"), "\(again.err)")

        // Passed: published; a second publication is refused.
        let passed = try CLI.run(["catalogue", "review", index, "--agency", agency, "--reviewer", "保密员丁", "--result", "passed", "--date", "2024-10-10"] + db)
        #expect(passed.status == 0 && passed.out.contains("审查通过"), "\(passed.err)")
        let published = try CLI.run(["catalogue", "publish", index, "--agency", agency, "--date", "2024-10-11"] + db)
        #expect(published.status == 0 && published.out.contains("按时公开"), "\(published.err)")
        #expect(try CLI.run(["catalogue", "publish", index, "--agency", agency, "--date", "2024-10-12"] + db).status == 1)

        // Repealed: a repeal names its document; the item stays listed, marked 废止.
        #expect(try CLI.run(["catalogue", "repeal", index, "--agency", agency, "--date", "2025-01-10"] + db).status != 0)
        #expect(try CLI.run(["catalogue", "repeal", index, "--agency", agency, "--date", "2025-01-10", "--document", "某府规〔2025〕1号"] + db).status == 0)
        let list = try CLI.run(["catalogue", "list", "--agency", agency, "--state", "published"] + db)
        #expect(list.out.contains("\(index)\t已发布\t废止\t某市关于某事项的管理办法"), "\(list.out)")
        show = try CLI.run(["catalogue", "show", index, "--agency", agency] + db)
        let history = show.out.components(separatedBy: "经过：").last ?? ""
        #expect(["编目", "发布被拒绝", "保密审查", "发布被拒绝", "保密审查", "发布", "废止或失效"].allSatisfy { history.contains($0) })
        // Three refused attempts: without a review, after the failed review, and the second publication.
        #expect(history.components(separatedBy: "发布被拒绝").count - 1 == 3, "\(history)")
        #expect(history.contains("已发布”，不能再次发布"))

        // A second item formed long ago and never published is listed as overdue.
        #expect(try CLI.run(["catalogue", "add", "--agency", agency, "--title", "某项收费标准", "--formed", "2024-02-01", "--category", "8"] + db).status == 0)
        let overdue = try CLI.run(["catalogue", "list", "--agency", agency, "--overdue", "--as-of", "2024-03-06"] + db)
        #expect(overdue.out.contains("000014349/2024-00002") && overdue.out.contains("已逾期（应于2024年3月5日前公开）"), "\(overdue.out)")
    }

    /// `gongkai catalogue import`: a CMS export in, every bad row named (nothing imported), then the good file once;
    /// `gongkai catalogue decisions`: a list of decisions imported, months typed, the year's table 二 figures shown.
    @Test func importAndDecisionCounts() throws {
        let db = try CLIStoreTests().dbArgs()
        let agency = "imp" + UUID().uuidString.prefix(8).lowercased()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gk-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try CLI.run(["agency", "add", agency, "某市人民政府"] + db).status == 0)
        #expect(try CLI.run(["catalogue", "settings", "--agency", agency, "--org-code", "000014349"] + db).status == 0)

        let bad = dir.appendingPathComponent("bad.csv")
        try "标题,信息类别,成文日期,发布日期\n好的文件,1,2024-01-05,2024-01-09\n坏的日期,1,2024-13-01,\n,7,2024-01-05,\n".write(to: bad, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["catalogue", "import", bad.path, "--agency", agency] + db)
        #expect(refused.status == 1)
        #expect(refused.err.contains("bad.csv") && refused.err.contains("2 处错误") && refused.err.contains("第3行“成文日期”列") && refused.err.contains("第4行“标题”列"), "\(refused.err)")
        #expect(try CLI.run(["catalogue", "list", "--agency", agency] + db).out.contains("尚无信息"))

        let good = dir.appendingPathComponent("good.csv")
        try "标题,信息类别,成文日期,发布日期,文件类型\n好的文件,1,2024-01-05,2024-01-09,行政规范性文件\n待审的方案,3,2024-02-01,,\n".write(to: good, atomically: true, encoding: .utf8)
        let imported = try CLI.run(["catalogue", "import", good.path, "--agency", agency] + db)
        #expect(imported.status == 0 && imported.out.contains("已导入 2 条目录信息：已发布 1 条，草稿 1 条"), "\(imported.err)")
        #expect(try CLI.run(["catalogue", "import", good.path, "--agency", agency] + db).err.contains("已在目录中"))
        let show = try CLI.run(["catalogue", "show", "000014349/2024-00001", "--agency", agency] + db)
        #expect(show.out.contains("状态：已发布") && show.out.contains("导入：自 good.csv 第2行导入"), "\(show.out)")

        let list = dir.appendingPathComponent("decisions.csv")
        try "决定书文号,决定日期,决定类别\n许1,2024-01-03,行政许可\n许2,2024-01-04,行政许可\n罚1,2024-06-30,行政处罚\n罚0,2023-12-30,行政处罚\n".write(to: list, atomically: true, encoding: .utf8)
        let dec = try CLI.run(["catalogue", "decisions", "import", list.path, "--agency", agency, "--year", "2024"] + db)
        #expect(dec.status == 0 && dec.out.contains("2024年 3 件（行政许可 2，行政处罚 1）") && dec.out.contains("1 行属于其他年份"), "\(dec.out)\(dec.err)")
        #expect(try CLI.run(["catalogue", "decisions", "month", "--agency", agency, "--year", "2024", "--month", "2", "--fees", "1.25"] + db).status == 0)
        let badMonth = try CLI.run(["catalogue", "decisions", "month", "--agency", agency, "--year", "2024", "--month", "13", "--licensing", "1"] + db)
        #expect(badMonth.status != 0 && badMonth.err.contains("--month"))
        let shown = try CLI.run(["catalogue", "decisions", "show", "--agency", agency, "--year", "2024"] + db)
        // 2021 format: 行政许可, 行政处罚, 行政强制, 收费金额; the list gives no 行政强制 (—); February's fee 1.25 万元.
        #expect(shown.out.contains("表二\t2\t1\t—\t1.25"), "\(shown.out)")
    }
}
