import Foundation
import Testing

/// `gongkai catalogue add --interprets`, `link` and `attach` (issue 12 points 1 and 3): the interpretation linked both
/// ways, refused before its document is published; an attachment makes a new revision.
extension CatalogueCommandTests {
    @Test func anInterpretationIsNotPublishedBeforeItsDocument() throws {
        let db = try CLIStoreTests().dbArgs()
        let agency = "cat" + UUID().uuidString.prefix(8).lowercased()
        #expect(try CLI.run(["agency", "add", agency, "某市人民政府"] + db).status == 0)
        #expect(try CLI.run(["catalogue", "settings", "--agency", agency, "--org-code", "000014349"] + db).status == 0)
        let doc = "000014349/2024-00001", interp = "000014349/2024-00002"
        #expect(try CLI.run(["catalogue", "add", "--agency", agency, "--title", "某市促进就业若干措施", "--written", "2024-09-02", "--category", "11"] + db).status == 0)
        let added = try CLI.run(["catalogue", "add", "--agency", agency, "--title", "《某市促进就业若干措施》政策解读", "--written", "2024-09-03", "--category", "11",
                                 "--interprets", doc] + db)
        #expect(added.status == 0 && added.out.contains("所解读的文件 \(doc)"), "\(added.err)")
        #expect(try CLI.run(["catalogue", "show", doc, "--agency", agency] + db).out.contains("政策解读：其解读为 \(interp)"))
        // A second interpretation of the same document is refused.
        #expect(try CLI.run(["catalogue", "add", "--agency", agency, "--title", "另一解读", "--written", "2024-09-04", "--category", "11"] + db).status == 0)
        let twice = try CLI.run(["catalogue", "link", "000014349/2024-00003", "--agency", agency, "--interprets", doc] + db)
        #expect(twice.status == 1 && twice.err.contains("已有政策解读（索引号 \(interp)）"), "\(twice.err)")

        // An attachment: revision 2.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("解读全文-\(UUID().uuidString).pdf")
        try Data("%PDF-1.4\n%%EOF\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let attached = try CLI.run(["catalogue", "attach", interp, "--agency", agency, "--file", file.path, "--name", "解读全文.pdf"] + db)
        #expect(attached.status == 0 && attached.out.contains("解读全文.pdf") && attached.out.contains("第2版"), "\(attached.err)")

        for x in [doc, interp] {
            #expect(try CLI.run(["catalogue", "review", x, "--agency", agency, "--reviewer", "保密员丁", "--result", "passed", "--date", "2024-09-10"] + db).status == 0)
        }
        let early = try CLI.run(["catalogue", "publish", interp, "--agency", agency, "--date", "2024-09-11"] + db)
        #expect(early.status == 1 && early.err.contains("该文件尚未发布"), "\(early.err)")
        #expect(try CLI.run(["catalogue", "publish", doc, "--agency", agency, "--date", "2024-09-11"] + db).status == 0)
        #expect(try CLI.run(["catalogue", "publish", interp, "--agency", agency, "--date", "2024-09-11"] + db).status == 0)
        let show = try CLI.run(["catalogue", "show", interp, "--agency", agency] + db)
        #expect(show.out.contains("政策解读：解读 \(doc)") && show.out.contains("附件：解读全文.pdf"), "\(show.out)")
    }
}
