import DisclosureReaders
import Foundation
import Testing

/// Runs the built `gongkai` executable as a user would.
enum CLI {
    static let binary: URL? = {
        var dirs = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
                    Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL]
        dirs += dirs.map { $0.deletingLastPathComponent() }
        for d in dirs {
            let u = d.appendingPathComponent("gongkai")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: u.path, isDirectory: &isDir), !isDir.boolValue { return u }
        }
        return nil
    }()

    static let samples: URL = {
        var u = URL(fileURLWithPath: #filePath)
        while u.path != "/" {
            u.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: u.appendingPathComponent("Package.swift").path) { break }
        }
        return u.deletingLastPathComponent().appendingPathComponent("shared/samples/reports")
    }()

    struct Result { var status: Int32; var out: String; var err: String }

    /// The working directory of every run: an empty folder, so that no `./gongkai.sqlite` of the developer's is read
    /// (or created) by a command run without `--db`.
    static let workDir: URL = {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-cli-cwd-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }()

    static func run(_ args: [String]) throws -> Result {
        let bin = try #require(binary, "gongkai binary not found next to the test bundle")
        let p = Process()
        p.executableURL = bin
        p.arguments = args
        p.currentDirectoryURL = workDir
        let o = Pipe(), e = Pipe()
        p.standardOutput = o; p.standardError = e
        try p.run()
        let out = o.fileHandleForReading.readDataToEndOfFile()
        let err = e.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, out: String(decoding: out, as: UTF8.self), err: String(decoding: err, as: UTF8.self))
    }

    static func temp(_ name: String, _ data: Data) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let u = dir.appendingPathComponent(name)
        try data.write(to: u)
        return u
    }
}

@Suite struct AuditCommandTests {
    @Test func humanOutputAndExitStatusOne() throws {
        let r = try CLI.run(["audit", CLI.samples.appendingPathComponent("zhongwei-gxj-2020.txt").path])
        #expect(r.status == 1) // errors found (D1, S2, S3)
        #expect(r.out.contains("中卫市工业和信息化局"))
        #expect(r.out.contains("D1"))
        #expect(r.out.contains("[表四]"))
        #expect(r.out.contains("共审核 1 份"))
    }

    @Test func jsonShape() throws {
        let r = try CLI.run(["audit", "--json", CLI.samples.appendingPathComponent("pingtan-2021.html").path])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(obj["agency"] as? String == "平潭综合实验区")
        #expect(obj["year"] as? Int == 2021)
        #expect(obj["format"] as? String == "2021")
        #expect(obj["date"] as? String == "2022-02-08")
        let tables = try #require(obj["tables"] as? [String: Any])
        let t3 = try #require(tables["table3"] as? [String: Any])
        let rows = try #require(t3["rows"] as? [[String: Any]])
        #expect(rows.count == 25)
        #expect(rows[0]["label"] as? String == "一、本年新收政府信息公开申请数量")
        #expect(rows[0]["cells"] as? [Int] == [64, 0, 0, 2, 0, 4, 70])
        let findings = try #require(obj["findings"] as? [[String: Any]])
        #expect(!findings.contains { ["R1", "I1", "I2", "I3"].contains($0["rule"] as? String ?? "") })
        #expect(findings.allSatisfy { $0["rule"] != nil && $0["severity"] != nil && $0["message"] != nil })
    }

    @Test func jsonArrayForSeveralFilesAndBlankAsNull() throws {
        let r = try CLI.run(["audit", "--json", "--no-progress", CLI.samples.appendingPathComponent("zhongwei-gxj-2020.txt").path,
                             CLI.samples.appendingPathComponent("pingtan-2021.docx").path])
        let arr = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]])
        #expect(arr.count == 2)
        let zw = try #require(arr.first { ($0["file"] as? String)?.hasSuffix(".txt") == true })
        let t4 = ((zw["tables"] as? [String: Any])?["table4"] as? [String: Any])?["groups"] as? [[String: Any]]
        let cells = t4?.first?["cells"] as? [Any]
        #expect(cells?.count == 5)
        #expect(cells?.allSatisfy { $0 is NSNull } == true)
    }

    @Test func previousYearCarryOver() throws {
        // 2021 report checked against a 2020 report whose 结转下年度 (0) differs from 上年结转? Both 0: no I5 error.
        let r = try CLI.run(["audit", "--json", "--previous", CLI.samples.appendingPathComponent("zhongwei-gxj-2020.txt").path,
                             CLI.samples.appendingPathComponent("pingtan-2021.html").path])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let findings = try #require(obj["findings"] as? [[String: Any]])
        #expect(!findings.contains { $0["rule"] as? String == "I5" && $0["severity"] as? String == "error" })
        #expect(obj["previous"] as? String != nil)
    }

    @Test func unreadableInputs() throws {
        let empty = try CLI.temp("empty.txt", Data())
        let binary = try CLI.temp("blob.txt", Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }))
        let page = try CLI.temp("page.html", Data("<html><head><title>天气预报</title></head><body><p>明天晴，气温20度。</p><table><tr><td>周一</td><td>20</td></tr></table></body></html>".utf8))
        // "政府信息公开工作年度报告" in GBK: not UTF-8.
        let gbk = try CLI.temp("gbk.txt", Data([0xD5, 0xFE, 0xB8, 0xAE, 0xD0, 0xC5, 0xCF, 0xA2, 0xB9, 0xAB, 0xBF, 0xAA, 0x0A, 0xC8, 0xFD, 0xA1, 0xA2]))
        let fakeDocx = try CLI.temp("broken.docx", Data([0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5]))
        let fakePdf = try CLI.temp("broken.pdf", Data("%PDF-1.4 garbage".utf8))
        for (u, word) in [(empty, "文件为空"), (binary, "二进制"), (page, "不是政府信息公开工作年度报告"), (gbk, "不是政府信息公开工作年度报告"), (fakeDocx, "broken.docx"), (fakePdf, "broken.pdf")] {
            let r = try CLI.run(["audit", u.path])
            #expect(r.status == 2, "\(u.lastPathComponent): \(r.status)")
            #expect((r.out + r.err).contains(word), "\(u.lastPathComponent): \(r.out) \(r.err)")
        }
        // A real report saved as GBK/GB18030 is converted and audited, and the output says so.
        let utf8Report = CLI.samples.appendingPathComponent("zhongwei-gxj-2020.txt")
        let iconv = Process()
        iconv.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        iconv.arguments = ["-f", "UTF-8", "-t", "GB18030", utf8Report.path]
        let pipe = Pipe()
        iconv.standardOutput = pipe
        try iconv.run()
        let gbkReport = try CLI.temp("zhongwei-gbk.txt", pipe.fileHandleForReading.readDataToEndOfFile())
        iconv.waitUntilExit()
        let converted = try CLI.run(["audit", gbkReport.path])
        #expect(converted.status == 1)
        #expect(converted.out.contains("中卫市工业和信息化局"))
        #expect(converted.out.contains("GB18030 编码"))
        #expect(converted.out.contains("D1"))

        let missing = try CLI.run(["audit", "/nonexistent/report.txt"])
        #expect(missing.status == 2)
        #expect(missing.err.contains("不存在"))
    }

    @Test func utf32ReportAuditsLikeTheUTF8Original() throws {
        let original = CLI.samples.appendingPathComponent("zhongwei-gxj-2020.txt")
        let text = try String(contentsOf: original, encoding: .utf8)
        for (name, encoding, bom) in [("UTF-32LE", String.Encoding.utf32LittleEndian, [UInt8]([0xFF, 0xFE, 0x00, 0x00])),
                                      ("UTF-32BE", String.Encoding.utf32BigEndian, [UInt8]([0x00, 0x00, 0xFE, 0xFF]))] {
            let copy = try CLI.temp("zhongwei-\(name).txt", Data(bom) + (try #require(text.data(using: encoding))))
            let human = try CLI.run(["audit", copy.path])
            #expect(human.status == 1)
            #expect(human.out.contains("中卫市工业和信息化局 2020年度"))
            #expect(human.out.contains("（\(name) 编码，已转换）"))
            #expect(!human.out.contains("S1"))
            let a = try CLI.run(["audit", "--json", copy.path]), b = try CLI.run(["audit", "--json", original.path])
            #expect(a.status == b.status)
            var ja = try #require(try JSONSerialization.jsonObject(with: Data(a.out.utf8)) as? [String: Any])
            var jb = try #require(try JSONSerialization.jsonObject(with: Data(b.out.utf8)) as? [String: Any])
            #expect(ja["encoding"] as? String == name)
            #expect(jb["encoding"] is NSNull || jb["encoding"] == nil)
            let t3 = try #require((ja["tables"] as? [String: Any])?["table3"] as? [String: Any])
            let rows = try #require(t3["rows"] as? [[String: Any]])
            #expect(rows.first?["cells"] as? [Int] == [0, 0, 0, 0, 0, 0, 0])
            for key in ["file", "encoding"] { ja[key] = nil; jb[key] = nil }
            #expect(NSDictionary(dictionary: ja).isEqual(to: jb))
        }
    }

    @Test func unreadableEncodingsNonReportsAndOversizedFilesExitTwo() throws {
        // Big5, made with iconv from a traditional-Chinese report head.
        let traditional = "某市交通運輸局\n2023年政府資訊公開工作年度報告\n一、總體情況\n三、收到和處理政府資訊公開申請情況\n本年新收政府資訊公開申請數量 12 件。\n"
        let source = try CLI.temp("trad.txt", Data(traditional.utf8))
        let iconv = Process()
        iconv.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        iconv.arguments = ["-f", "UTF-8", "-t", "BIG5", source.path]
        let pipe = Pipe()
        iconv.standardOutput = pipe
        try iconv.run()
        let big5 = try CLI.temp("big5.txt", pipe.fileHandleForReading.readDataToEndOfFile())
        iconv.waitUntilExit()
        let b = try CLI.run(["audit", big5.path])
        #expect(b.status == 2)
        #expect(b.out.contains(big5.path))
        #expect(b.out.contains("Big5（繁体中文）编码"))

        let latin = try CLI.temp("latin.txt", Data(String(repeating: "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n", count: 50).utf8))
        let l = try CLI.run(["audit", latin.path])
        #expect(l.status == 2)
        #expect(l.out.contains("不是政府信息公开工作年度报告"))
        #expect(!l.out.contains("S1"))

        // 20 MB + 1 byte, sparse: nothing of it is written or read.
        let big = try CLI.temp("big.txt", Data("某".utf8))
        let h = try FileHandle(forWritingTo: big)
        try h.truncate(atOffset: UInt64(ReaderLimits.textBytes + 1))
        try h.close()
        let o = try CLI.run(["audit", "--json", big.path])
        #expect(o.status == 2)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(o.out.utf8)) as? [String: Any])
        #expect(obj["error"] as? String == "\(big.path)：文件过大，未读取（文本报告为 20.0 MB，即 20971521 字节，超过上限 20 MB）")
        #expect(o.err.contains("超过上限 20 MB"))
    }

    @Test func badOptions() throws {
        let r = try CLI.run(["audit", "--format", "2020", CLI.samples.path])
        #expect(r.status != 0)
        #expect(r.err.contains("2019 或 2021"))
    }

    @Test func directoryInYearOrder() throws {
        // Two years of one agency, written as tab-separated text: the 2021 report must be checked against 2020.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-dir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try SyntheticReports.text(agency: "某市某局", year: 2021, seed: 1, carriedIn: 2).write(to: dir.appendingPathComponent("a-2021.txt"), atomically: true, encoding: .utf8)
        try SyntheticReports.text(agency: "某市某局", year: 2020, seed: 2, carriedOver: 1).write(to: dir.appendingPathComponent("b-2020.txt"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["audit", "--json", "--no-progress", dir.path])
        let arr = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]])
        #expect(arr.map { $0["year"] as? Int } == [2020, 2021])
        let f2021 = try #require(arr[1]["findings"] as? [[String: Any]])
        // 2021 上年结转 自然人 2 ≠ 2020 结转下年度 1.
        let i5 = f2021.filter { $0["rule"] as? String == "I5" }
        #expect(i5.map { $0["column"] as? String } == ["自然人", "总计"])
        #expect((arr[1]["previous"] as? String)?.hasSuffix("b-2020.txt") == true)
    }
}

