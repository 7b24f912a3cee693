import DisclosureReaders
import Foundation
import Testing

/// `gongkai application letter` (issue 11, letters): every date, the decision and its article from the record; the
/// applicant's name masked, no identity number or phone; refused, with the reason, when the record lacks the step.
@Suite(.serialized) struct LetterCommandTests {
    func text(_ path: String) throws -> String {
        try ReportReader.document(url: URL(fileURLWithPath: path)).lines.map(\.text).joined(separator: "\n")
    }

    @Test func lettersFromTheRecord() throws {
        let db = try CLIStoreTests().dbArgs()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("letters-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let agency = "let" + UUID().uuidString.prefix(8).lowercased()
        #expect(try CLI.run(["agency", "add", agency, "某市某局"] + db).status == 0)
        let r = try CLI.run(["application", "receive", "--agency", agency, "--kind", "自然人", "--name", "张三丰", "--id-number", "110101199001011237",
                             "--phone", "13800000000", "--channel", "in-person", "--received", "2024-09-27", "--text", "2023年度某项目审批文件"] + db)
        let c = try #require(CLIStoreTests().code(r.out))
        let out = { (name: String) in dir.appendingPathComponent(name).path }

        // Before the decision there is no decision letter, and before the extension no extension notice.
        let early = try CLI.run(["application", "letter", c, "--kind", "decision", "--out", out("a.docx")] + db)
        #expect(early.status == 1 && early.err.contains("申请尚未作出答复决定"))
        #expect(!FileManager.default.fileExists(atPath: out("a.docx")))
        #expect(try CLI.run(["application", "letter", c, "--kind", "extension", "--out", out("e.docx")] + db).err.contains("没有延长答复期限的记录"))

        // C12: due 2024-10-30, extended by 20 working days to 2024-11-27, decided on 2024-10-15.
        #expect(try CLI.run(["application", "extend", c, "--days", "20", "--date", "2024-10-15", "--role", "head"] + db).status == 0)
        let ext = try CLI.run(["application", "letter", c, "--kind", "extension", "--out", out("e.docx")] + db)
        #expect(ext.status == 0, "\(ext.err)")
        let e = try text(out("e.docx"))
        #expect(e.contains("答复期限原为2024年10月30日") && e.contains("延长至2024年11月27日") && e.contains("2024年10月15日"))
        #expect(e.contains("第三十三条第二款"))

        #expect(try CLI.run(["application", "decide", c, "--outcome", "refused.4", "--date", "2024-11-01"] + db).status == 0)
        let dec = try CLI.run(["application", "letter", c, "--kind", "decision", "--reasons", "该信息涉及第三方商业秘密。", "--out", out("a.docx")] + db)
        #expect(dec.status == 0, "\(dec.err)")
        let a = try text(out("a.docx"))
        #expect(a.contains("张**") && !a.contains("张三丰") && !a.contains("110101199001011237") && !a.contains("13800000000"))
        #expect(a.contains("2024年9月27日") && a.contains("2024年11月1日") && a.contains("第十五条、第三十二条") && a.contains("该信息涉及第三方商业秘密"))
        #expect(a.contains("六十日内依法申请行政复议") && a.contains("六个月内依法向人民法院提起行政诉讼"))

        // Issued letters are in the record (two: the extension notice and the decision letter); refused ones and
        // previews are not.
        let preview = try CLI.run(["application", "letter", c, "--kind", "decision", "--reasons", "预览。", "--preview", "--out", out("p.pdf")] + db)
        #expect(preview.status == 0 || preview.err.contains("LibreOffice") || preview.err.contains("soffice"), "\(preview.err)")
        let show = try CLI.run(["application", "show", c, "--json"] + db)
        #expect(show.out.components(separatedBy: "letterIssued").count - 1 == 2)

        // A correction notice needs its items and period; the record has no correction step here.
        #expect(try CLI.run(["application", "letter", c, "--kind", "correction", "--out", out("c.docx")] + db).err.contains("没有发出补正告知的记录"))
        #expect(try CLI.run(["application", "letter", c, "--kind", "notice", "--out", out("x.docx")] + db).err.contains("不是文书种类"))
    }
}

/// An agency's own wording of a letter (`gongkai agency letter-template`): checked before it is kept (the line of an
/// unknown placeholder named), used for that agency's letters only, by the head of the office; back to the standard
/// one with --reset.
@Suite(.serialized) struct LetterTemplateCommandTests {
    @Test func anAgencysOwnWording() throws {
        let db = try CLIStoreTests().dbArgs()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = "tpa" + UUID().uuidString.prefix(8).lowercased(), b = "tpb" + UUID().uuidString.prefix(8).lowercased()
        #expect(try CLI.run(["agency", "add", a, "某市甲局"] + db).status == 0)
        #expect(try CLI.run(["agency", "add", b, "某市乙局"] + db).status == 0)
        let bad = dir.appendingPathComponent("bad.txt").path, good = dir.appendingPathComponent("good.txt").path
        try "{{申请人}}：\n你于{{收到日期}}的申请：{{答复决定}}。\n{{申请人身份证号}}\n".write(toFile: bad, atomically: true, encoding: .utf8)
        try "{{申请人}}：\n你于{{收到日期}}提出的申请，本局答复如下：{{答复决定}}。\n{{救济途径}}\n".write(toFile: good, atomically: true, encoding: .utf8)

        let refused = try CLI.run(["agency", "letter-template", a, "--kind", "decision", "--file", bad] + db)
        #expect(refused.status == 1 && refused.err.contains("第3行") && refused.err.contains("申请人身份证号"))
        #expect(try CLI.run(["agency", "letter-template", a, "--kind", "decision", "--file", good, "--role", "handler"] + db).err.contains("无权修改文书模板"))
        #expect(try CLI.run(["agency", "letter-template", a, "--kind", "decision", "--file", good] + db).status == 0)
        #expect(try CLI.run(["agency", "letter-template", a, "--kind", "decision"] + db).out.contains("本机关模板"))
        #expect(try CLI.run(["agency", "letter-template", b, "--kind", "decision"] + db).out.contains("标准模板"))

        func letter(_ agency: String, _ name: String) throws -> String {
            let r = try CLI.run(["application", "receive", "--agency", agency, "--kind", "自然人", "--name", "王五", "--channel", "in-person",
                                 "--received", "2024-09-27", "--text", "某文件"] + db)
            let c = try #require(CLIStoreTests().code(r.out))
            #expect(try CLI.run(["application", "decide", c, "--outcome", "granted", "--date", "2024-10-28"] + db).status == 0)
            let out = dir.appendingPathComponent(name).path
            #expect(try CLI.run(["application", "letter", c, "--kind", "decision", "--out", out] + db).status == 0)
            return try ReportReader.document(url: URL(fileURLWithPath: out)).lines.map(\.text).joined(separator: "\n")
        }
        let own = try letter(a, "a.docx")
        #expect(own.contains("你于2024年9月27日提出的申请，本局答复如下：") && own.contains("六十日内"))
        let standard = try letter(b, "b.docx")
        #expect(standard.contains("本机关于2024年9月27日收到您提出的政府信息公开申请") && !standard.contains("本局答复如下"))

        #expect(try CLI.run(["agency", "letter-template", a, "--kind", "decision", "--reset"] + db).status == 0)
        #expect(try CLI.run(["agency", "letter-template", a, "--kind", "decision"] + db).out.contains("标准模板"))
    }
}
