@testable import DisclosureReaders
import DisclosureRules
import Foundation
import Testing

/// Issue 8: the audit reads every Unicode encoding by its byte order mark, refuses Big5 and non-reports by name,
/// and refuses files over the limits of `ReaderLimits` before loading them.
@Suite struct EncodingTests {
    static let original = Samples.url("zhongwei-gxj-2020.txt")

    static func temp(_ name: String, _ data: Data) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let u = dir.appendingPathComponent(name)
        try data.write(to: u)
        return u
    }

    /// The sample's text in `encoding`, with its byte order mark (as Python's "utf-32" or Windows Notepad write).
    static func copy(of url: URL, as encoding: String.Encoding, bom: [UInt8]) throws -> Data {
        let text = try String(contentsOf: url, encoding: .utf8)
        return Data(bom) + (try #require(text.data(using: encoding)))
    }

    /// `iconv -f UTF-8 -t <to>` of `text`.
    static func iconv(_ text: String, to: String) throws -> Data {
        let input = try temp("in.txt", Data(text.utf8))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        p.arguments = ["-f", "UTF-8", "-t", to, input.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return data
    }

    /// A traditional-Chinese report head (Taiwan and Hong Kong sites save such text in Big5).
    static let traditional = """
        某市交通運輸局
        2023年政府資訊公開工作年度報告
        一、總體情況
        本機關依據《中華人民共和國政府資訊公開條例》編製本報告。
        二、主動公開政府資訊情況
        三、收到和處理政府資訊公開申請情況
        本年新收政府資訊公開申請數量 12 件。
        四、政府資訊公開行政復議、行政訴訟情況
        五、存在的主要問題及改進情況
        六、其他需要報告的事項

        """

    static func cells(_ r: AnnualReport) -> [[Int?]] { r.table3.map { $0.cells.map { $0.value.integer } } }

    @Test(arguments: [("UTF-32LE", String.Encoding.utf32LittleEndian, [UInt8]([0xFF, 0xFE, 0x00, 0x00])),
                      ("UTF-32BE", String.Encoding.utf32BigEndian, [UInt8]([0x00, 0x00, 0xFE, 0xFF])),
                      ("UTF-16LE", String.Encoding.utf16LittleEndian, [UInt8]([0xFF, 0xFE])),
                      ("UTF-16BE", String.Encoding.utf16BigEndian, [UInt8]([0xFE, 0xFF]))])
    func unicodeCopiesReadLikeTheUTF8Original(name: String, encoding: String.Encoding, bom: [UInt8]) throws {
        let utf8 = try ReportReader.read(url: Self.original)
        let u = try Self.temp("zhongwei-\(name).txt", try Self.copy(of: Self.original, as: encoding, bom: bom))
        let r = try ReportReader.read(url: u)
        #expect(r.sourceEncoding == name)
        #expect(utf8.sourceEncoding == nil)
        // The sample's own values (as ZhongweiTextTests reads them), not merely equal to each other.
        #expect(r.agency == "中卫市工业和信息化局")
        #expect(r.year == 2020)
        #expect(r.date == ReportDate(2020, 1, 26))
        #expect(r.table3.count == 23)
        #expect(Samples.values(r.table3Row("new")) == [0, 0, 0, 0, 0, 0, 0])
        #expect(r.table3Row("granted")?.cells[6].value.isBlank == true)
        #expect(r.table2Row(block: "20.5", row: "行政许可")?.cells.map { $0.value.number } == [2, 0, 4])
        #expect(Self.cells(r) == Self.cells(utf8))
        #expect(r.table4.cells.map(\.value) == utf8.table4.cells.map(\.value))
        let findings = ReportValidator.validate(r), expected = ReportValidator.validate(utf8)
        #expect(findings == expected)
        #expect(findings.filter { $0.rule == .S2 && $0.table == "表三" }.count == 13)
        #expect(findings.contains { $0.rule == .D1 && $0.severity == .error })
    }

    @Test func utf32WithBadLengthIsAnEncodingError() throws {
        var data = try Self.copy(of: Self.original, as: .utf32LittleEndian, bom: [0xFF, 0xFE, 0x00, 0x00])
        data.append(0x41)
        #expect(throws: ReaderError.encoding(file: "x.txt", detail: "UTF-32LE 文本无法解码")) {
            try TextReader.decodeDetectingEncoding(data, file: "x.txt")
        }
    }

    @Test func big5IsRefusedNamingBig5() throws {
        let big5 = try Self.iconv(Self.traditional, to: "BIG5")
        // GB18030 "decodes" these bytes without an error: that garbage is what must not be audited.
        let garbage = try #require(Transcode.gb18030(big5))
        #expect(!garbage.contains("政府"))
        #expect(Transcode.big5(big5) == Self.traditional)
        #expect(throws: ReaderError.encoding(file: "t.txt", detail: TextReader.big5Detail)) {
            try TextReader.decodeDetectingEncoding(big5, file: "t.txt")
        }
        let u = try Self.temp("big5.txt", big5)
        #expect(throws: ReaderError.encoding(file: u.path, detail: TextReader.big5Detail)) { try ReportReader.read(url: u) }
        #expect(TextReader.big5Detail.contains("Big5（繁体中文）"))
        // A page without a declared charset, and one that declares Big5.
        let page = Data("<html><body><p>".utf8) + big5 + Data("</p></body></html>".utf8)
        #expect(throws: ReaderError.encoding(file: "p.html", detail: TextReader.big5Detail)) { try HTMLReader.read(data: page, file: "p.html") }
        let declared = Data("<html><head><meta charset=\"big5\"></head><body><p>".utf8) + big5 + Data("</p></body></html>".utf8)
        #expect(throws: ReaderError.encoding(file: "d.html", detail: TextReader.big5Detail)) { try HTMLReader.read(data: declared, file: "d.html") }
    }

    @Test func gb18030IsNotTakenForBig5() throws {
        // The same words in simplified and in traditional characters, saved as GB18030: GB18030 they stay.
        for text in [Self.traditional, try String(contentsOf: Self.original, encoding: .utf8)] {
            let gb = try Self.iconv(text, to: "GB18030")
            let (decoded, encoding) = try TextReader.decodeDetectingEncoding(gb, file: "g.txt")
            #expect(encoding == "GB18030")
            #expect(decoded == text)
        }
    }

    @Test func latinTextIsNotAReport() throws {
        let words = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do", "12", "2021"]
        let text = (0..<200).map { i in (0..<12).map { j in words[(i * 7 + j * 5) % words.count] }.joined(separator: " ") }.joined(separator: "\n")
        let u = try Self.temp("latin.txt", Data(text.utf8))
        #expect(throws: ReaderError.notAReport(file: u.path, reason: "没有找到年报的章节标题（如“三、收到和处理政府信息公开申请情况”）或表格")) {
            try ReportReader.read(url: u)
        }
    }

    @Test func headingsAloneAreNotAReportButATitledReportWithoutTablesIs() throws {
        let headings = "一、总体情况\n本机关认真贯彻落实条例。\n二、主动公开政府信息情况\n无。\n三、收到和处理政府信息公开申请情况\n无。\n四、政府信息公开行政复议、行政诉讼情况\n无\n"
        let u = try Self.temp("headings.txt", Data(headings.utf8))
        #expect(throws: ReaderError.notAReport(file: u.path, reason: "没有找到年报的标题、机关、年度，也没有找到统计表格")) {
            try ReportReader.read(url: u)
        }
        // With its title the same text is a report whose tables are missing (S1), as one with tables as images.
        let titled = try Self.temp("titled.txt", Data(("某县某局2023年政府信息公开工作年度报告\n" + headings).utf8))
        let r = try ReportReader.read(url: titled)
        #expect(r.agency == "某县某局")
        #expect(r.year == 2023)
        #expect(!r.table3.contains { $0.present })
        #expect(ReportValidator.validate(r).contains { $0.rule == .S1 && $0.table == "表三" })
    }
}

@Suite struct SizeLimitTests {
    /// A sparse file of `size` bytes starting with `head`: no data is written past the head.
    static func sparse(_ name: String, size: Int, head: Data = Data("某".utf8)) throws -> URL {
        let u = try EncodingTests.temp(name, head)
        let h = try FileHandle(forWritingTo: u)
        try h.truncate(atOffset: UInt64(size))
        try h.close()
        return u
    }

    @Test func limitsAreFarAboveRealReportsAndConsistent() throws {
        #expect(ReaderLimits.textBytes == 20 << 20)
        #expect(ReaderLimits.jsonBytes == 8 << 20)
        #expect(ReaderLimits.pdfBytes == 100 << 20)
        #expect(ReaderLimits.pdfTextBytes == ReaderLimits.textBytes)
        #expect(ReaderLimits.packageBytes == 100 << 20)
        #expect(ReaderLimits.packagePartBytes < ReaderLimits.packageInflatedBytes)
        #expect(ReaderLimits.ledgerBytes == 200 << 20)
        // The samples are far below.
        for name in ["zhongwei-gxj-2020.txt", "pingtan-2021.html", "pingtan-2021.docx", "pingtan-2021.pdf"] {
            let size = try InputFile.size(of: Samples.url(name), file: name)
            #expect(size * 50 < ReaderLimits.textBytes, "\(name)")
        }
        let lines = try String(contentsOf: Samples.url("zhongwei-gxj-2020.txt"), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(lines * 1000 < ReaderLimits.textLines)
    }

    @Test func textOverTheLimitIsRefusedBeforeLoading() throws {
        let size = ReaderLimits.textBytes + 1
        let u = try Self.sparse("big.txt", size: size)
        let expected = ReaderError.tooLarge(file: u.path, what: "文本报告", size: size, limit: ReaderLimits.textBytes)
        #expect(throws: expected) { try ReportReader.read(url: u) }
        #expect(throws: expected) { try ReportReader.document(url: u) }
        #expect(expected.description == "\(u.path)：文件过大，未读取（文本报告为 20.0 MB，即 20971521 字节，超过上限 20 MB）")
        // Exactly at the limit it is loaded (and then found to be no report: NUL bytes).
        let atLimit = try Self.sparse("limit.txt", size: ReaderLimits.textBytes)
        #expect(throws: ReaderError.unreadable(file: atLimit.path, reason: "二进制文件，不是文本、HTML、DOCX 或 PDF 报告")) {
            try ReportReader.read(url: atLimit)
        }
    }

    @Test func everyKindHasItsLimit() throws {
        let html = try Self.sparse("big.html", size: ReaderLimits.textBytes + 1, head: Data("<html>".utf8))
        #expect(throws: ReaderError.tooLarge(file: html.path, what: "HTML 网页", size: ReaderLimits.textBytes + 1, limit: ReaderLimits.textBytes)) {
            try ReportReader.read(url: html)
        }
        let json = try Self.sparse("big.json", size: ReaderLimits.jsonBytes + 1, head: Data("{".utf8))
        #expect(throws: ReaderError.tooLarge(file: json.path, what: "JSON 报告", size: ReaderLimits.jsonBytes + 1, limit: ReaderLimits.jsonBytes)) {
            try ReportReader.read(url: json)
        }
        let pdf = try Self.sparse("big.pdf", size: ReaderLimits.pdfBytes + 1, head: Data("%PDF-1.7\n".utf8))
        #expect(throws: ReaderError.tooLarge(file: pdf.path, what: "PDF 文件", size: ReaderLimits.pdfBytes + 1, limit: ReaderLimits.pdfBytes)) {
            try ReportReader.read(url: pdf)
        }
        let docx = try Self.sparse("big.docx", size: ReaderLimits.packageBytes + 1, head: Data([0x50, 0x4B, 0x03, 0x04]))
        #expect(throws: ReaderError.tooLarge(file: docx.path, what: "DOCX 文件", size: ReaderLimits.packageBytes + 1, limit: ReaderLimits.packageBytes)) {
            try ReportReader.read(url: docx)
        }
        let xlsx = try Self.sparse("big.xlsx", size: ReaderLimits.packageBytes + 1, head: Data([0x50, 0x4B, 0x03, 0x04]))
        #expect(throws: ReaderError.tooLarge(file: xlsx.path, what: "XLSX 文件", size: ReaderLimits.packageBytes + 1, limit: ReaderLimits.packageBytes)) {
            try ReportReader.read(url: xlsx)
        }
        // A ledger has its own, larger limit.
        let ledger = try Self.sparse("ledger.csv", size: ReaderLimits.ledgerBytes + 1)
        #expect(throws: ReaderError.tooLarge(file: ledger.path, what: "台账文件", size: ReaderLimits.ledgerBytes + 1, limit: ReaderLimits.ledgerBytes)) {
            try Spreadsheet.rows(url: ledger)
        }
    }

    @Test func aHugeFileInABatchIsRefusedAndTheOthersAudited() throws {
        // 4 GB, sparse: loading it would take seconds and gigabytes, refusing it takes neither.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let huge = dir.appendingPathComponent("a-huge.txt")
        FileManager.default.createFile(atPath: huge.path, contents: Data("某县某局2021年政府信息公开工作年度报告\n".utf8))
        let h = try FileHandle(forWritingTo: huge)
        try h.truncate(atOffset: 4 << 30)
        try h.close()
        let sample = dir.appendingPathComponent("b-zhongwei.txt")
        try FileManager.default.copyItem(at: EncodingTests.original, to: sample)
        #expect(Auditor.sniffText(huge) == nil)
        #expect(Auditor.sniffHTML(huge) == nil)
        var results: [AuditResult] = []
        Auditor.auditBatch([huge, sample]) { results.append($0) }
        let refused = try #require(results.first { $0.file == huge.path })
        #expect(refused.error == .tooLarge(file: huge.path, what: "文本报告", size: 4 << 30, limit: ReaderLimits.textBytes))
        let audited = try #require(results.first { $0.file == sample.path })
        #expect(audited.report?.agency == "中卫市工业和信息化局")
    }

    @Test func linesCellsAndTagsAreCounted() throws {
        let lines = try EncodingTests.temp("lines.txt", Data(String(repeating: "a\n", count: ReaderLimits.textLines + 1).utf8))
        #expect(throws: ReaderError.tooMany(file: lines.path, what: "文本报告", count: ReaderLimits.textLines + 1, limit: ReaderLimits.textLines, unit: "行")) {
            try ReportReader.read(url: lines)
        }
        let cells = try EncodingTests.temp("cells.txt", Data(("标题\n" + String(repeating: "\t", count: ReaderLimits.textFields)).utf8))
        #expect(throws: ReaderError.tooMany(file: cells.path, what: "文本报告", count: nil, limit: ReaderLimits.textFields, unit: "个单元格")) {
            try ReportReader.read(url: cells)
        }
        let csv = try EncodingTests.temp("rows.csv", Data(String(repeating: "a\n", count: ReaderLimits.textLines + 1).utf8))
        #expect(throws: ReaderError.tooMany(file: csv.path, what: "CSV 报告", count: nil, limit: ReaderLimits.textLines, unit: "行")) {
            try ReportReader.read(url: csv)
        }
        let page = Data(("<html><body>" + String(repeating: "<b>", count: ReaderLimits.markupTags)).utf8)
        #expect(throws: ReaderError.tooMany(file: "p.html", what: "HTML 网页", count: ReaderLimits.markupTags + 2, limit: ReaderLimits.markupTags, unit: "个标记")) {
            try HTMLReader.read(data: page, file: "p.html")
        }
        #expect(ReaderError.tooMany(file: "p.html", what: "HTML 网页", count: 1_000_001, limit: 1_000_000, unit: "个标记").description
                == "p.html：内容过多，未读取（HTML 网页有 1,000,001 个标记，超过上限 1,000,000 个标记）")
    }
}
