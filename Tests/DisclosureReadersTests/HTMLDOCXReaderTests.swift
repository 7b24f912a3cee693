import Testing
import Foundation
@testable import DisclosureReaders
import DisclosureRules

/// The shared samples: `<package root>/../shared/samples/reports/…`.
private func sampleURL(_ name: String) -> URL {
    URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // DisclosureReadersTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .deletingLastPathComponent()
        .appendingPathComponent("shared/samples/reports/\(name)")
}

private func readHTMLSample() throws -> SourceDocument {
    let url = sampleURL("pingtan-2021.html")
    return try HTMLReader.read(data: try Data(contentsOf: url), file: url.lastPathComponent)
}

private func readDOCXSample() throws -> SourceDocument {
    let url = sampleURL("pingtan-2021.docx")
    return try DOCXReader.read(url: url, file: url.lastPathComponent)
}

/// The first positional line one of whose label fields (those before the last `count`) contains `label`.
private func row(_ doc: SourceDocument, label: String, count: Int = 7) -> SourceLine? {
    doc.lines.first { $0.kind == .positional && $0.fields.dropLast(count).contains { $0.text.contains(label) } }
}

/// The last `count` fields of that line.
private func lastFields(_ doc: SourceDocument, label: String, count: Int = 7) -> [String]? {
    row(doc, label: label, count: count)?.fields.suffix(count).map(\.text)
}

/// Whether a line's fields, apart from the leading label fields, are all numbers.
private func numericFields(_ line: SourceLine) -> [String] {
    line.fields.map(\.text).filter { TableGrid.isNumeric($0) }
}

private func checkTable3And4(_ doc: SourceDocument) {
    #expect(lastFields(doc, label: "本年新收") == ["64", "0", "0", "2", "0", "4", "70"])
    #expect(lastFields(doc, label: "上年结转") == ["0", "0", "0", "0", "0", "0", "0"])
    #expect(lastFields(doc, label: "予以公开") == ["27", "0", "0", "2", "0", "1", "30"])
    #expect(lastFields(doc, label: "本机关不掌握") == ["22", "0", "0", "0", "0", "3", "25"])
    #expect(lastFields(doc, label: "（七）总计") == ["63", "0", "0", "2", "0", "4", "69"])
    #expect(lastFields(doc, label: "结转下年度继续办理") == ["1", "0", "0", "0", "0", "0", "1"])
    // Table 四: the one row of 15 numbers.
    let table4 = doc.lines.filter { $0.kind == .positional && numericFields($0).count == 15 }
    #expect(table4.count == 1)
    #expect(table4.first.map(numericFields) == ["1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0"])
    // Every data row of table 三 carries its label(s) and exactly 7 keyed fields, all filled in this sample.
    #expect(row(doc, label: "本年新收")?.fields.first?.text.contains("本年新收") == true)
    let t3Number = row(doc, label: "本年新收")?.source.table
    #expect(t3Number != nil)
    let dataRows = doc.lines.filter { $0.kind == .positional && $0.source.table == t3Number && !numericFields($0).isEmpty }
    #expect(dataRows.count == 25)
    for row in dataRows {
        #expect(row.fields.suffix(7).allSatisfy { TableGrid.isNumeric($0.text) }, "\(row.text)")
    }
}

@Suite struct HTMLDOCXReaderTests {
    @Test func htmlSampleTables() throws {
        let doc = try readHTMLSample()
        checkTable3And4(doc)
        // Sources point at the table, the row and the grid column.
        let line = try #require(doc.lines.first { $0.kind == .positional && $0.fields.first?.text.contains("本年新收") == true })
        #expect(line.source.table != nil && line.source.row != nil && line.source.line != nil)
        // 总计 is grid column 11: labels 1–3, 自然人 4 (its header spans 4–5), 商业企业 5–6, … 其他 10.
        #expect(line.fields.suffix(7).map(\.source.column) == [4, 5, 7, 8, 9, 10, 11])
    }

    @Test func htmlSampleContainer() throws {
        let doc = try readHTMLSample()
        #expect(doc.containerTitle == "平潭综合实验区2021年度政府信息公开工作年度报告")
        #expect(doc.containerDate == ReportDate(2022, 2, 8))
        #expect(doc.lines.contains { $0.kind == .free && $0.text.contains("本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止") })
        // Paragraph lines carry the source line of the page.
        #expect(doc.lines.allSatisfy { $0.source.line != nil })
    }

    @Test func docxSampleTables() throws {
        let doc = try readDOCXSample()
        checkTable3And4(doc)
        #expect(doc.containerTitle == "平潭综合实验区2021年度政府信息公开工作年度报告")
        #expect(doc.lines.contains { $0.kind == .free && $0.text.contains("本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止") })
        #expect(doc.lines.filter { $0.kind == .free }.allSatisfy { $0.source.line != nil })
    }

    /// The HTML and DOCX renderings of the same report give the same table lines.
    @Test func htmlAndDocxAgree() throws {
        let html = try readHTMLSample().lines.filter { $0.kind == .positional }.map { $0.fields.map(\.text) }
        let docx = try readDOCXSample().lines.filter { $0.kind == .positional }.map { $0.fields.map(\.text) }
        #expect(html == docx)
    }

    @Test func metaDateWinsOverArchiveURL() throws {
        let html = """
        <html><head><title> 报告 </title><meta name="PubDate" content="2023-01-20 10:00">
        <!-- https://www.example.gov.cn/zwgk/202201/t20220208_1.htm --></head><body><p>正文</p></body></html>
        """
        let doc = try HTMLReader.read(data: Data(html.utf8), file: "x.html")
        #expect(doc.containerDate == ReportDate(2023, 1, 20))
        #expect(doc.containerTitle == "报告")
        let iso = try HTMLReader.read(data: Data(#"<meta property="article:published_time" content="2021-03-04T08:00:00+08:00"><p>x</p>"#.utf8), file: "y.html")
        #expect(iso.containerDate == ReportDate(2021, 3, 4))
    }

    @Test func paragraphsAndWhitespace() throws {
        let html = "<body><div>第一段&nbsp;&nbsp; 文字<span>继续</span>\u{3000}尾<br>第二段</div><p>  </p><table><tr><td><table><tr><td>甲</td><td>1<br>2</td></tr></table></td><td>版式单元格<p>段落</p></td></tr></table></body>"
        let doc = try HTMLReader.read(data: Data(html.utf8), file: "x.html")
        #expect(doc.lines.map(\.text) == ["第一段 文字继续 尾", "第二段", "甲\t1 2", "版式单元格", "段落"])
        #expect(doc.lines[2].kind == .positional && doc.lines[2].source.table == 1)
    }

    @Test func cellPiecesJoin() throws {
        let html = "<table><tr><td>2.其他法律行政法规禁止公<br>开</td><td>a<br>b</td><td>第一<p>2</p></td></tr></table>"
        let doc = try HTMLReader.read(data: Data(html.utf8), file: "x.html")
        #expect(doc.lines.first?.fields.map(\.text) == ["2.其他法律行政法规禁止公开", "a b", "第一2"])
    }

    /// Row and column spans: a cell appears only in the row where it starts, at its grid column.
    @Test func spansPlaceCells() throws {
        let html = """
        <table><tr><td rowspan="2">A</td><td colspan="2">B</td><td rowspan="999999">C</td></tr>
        <tr><td>x</td><td colspan="abc">y</td></tr></table>
        """
        let doc = try HTMLReader.read(data: Data(html.utf8), file: "x.html")
        #expect(doc.lines.count == 2)
        #expect(doc.lines[0].fields.map(\.text) == ["A", "B", "C"])
        #expect(doc.lines[0].fields.map(\.source.column) == [1, 2, 4])
        #expect(doc.lines[1].fields.map(\.text) == ["x", "y"])
        #expect(doc.lines[1].fields.map(\.source.column) == [2, 3])
        #expect(doc.lines[1].source == SourceRef(line: 2, table: 1, row: 2))
    }

    /// Table 三 with a data row whose 商业企业 cell is missing in the middle (the cell above spans into it):
    /// the keyed mapping leaves that field empty instead of shifting the later values left.
    @Test func applicantColumnsByHeaderPosition() throws {
        let html = """
        <table>
        <tr><td colspan="3" rowspan="3">说明</td><td colspan="7">申请人情况</td></tr>
        <tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
        <tr><td>商业&nbsp;企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
        <tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>5</td><td rowspan="2">1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>6</td></tr>
        <tr><td colspan="3">二、上年结转政府信息公开申请数量</td><td>5</td><td>0</td><td>0</td><td>0</td><td>1</td><td>6</td></tr>
        <tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td><td>6</td><td>21</td></tr>
        <tr><td colspan="2">（二）部分公开</td><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td></tr>
        </table>
        """
        let doc = try HTMLReader.read(data: Data(html.utf8), file: "x.html")
        let rows = doc.lines.filter { $0.kind == .positional }
        #expect(rows.count == 7)
        #expect(rows[2].fields.map(\.text) == ["商业 企业", "科研机构", "社会公益组织", "法律服务机构", "其他"])
        #expect(rows[3].fields.map(\.text) == ["一、本年新收政府信息公开申请数量", "5", "1", "0", "0", "0", "0", "6"])
        // The 商业企业 cell of row 5 is covered by the row above: an empty field at its position, at grid column 5.
        #expect(rows[4].fields.map(\.text) == ["二、上年结转政府信息公开申请数量", "5", "", "0", "0", "0", "1", "6"])
        #expect(rows[4].fields[2].source == SourceRef(line: 6, table: 1, row: 5, column: 5))
        #expect(rows[4].fields[7].source.column == 10)
        #expect(rows[5].fields.map(\.text) == ["三、本年度办理结果", "（一）予以公开", "1", "2", "3", "4", "5", "6", "21"])
        // A short row: the missing cells are the last keys'.
        #expect(rows[6].fields.map(\.text) == ["（二）部分公开", "1", "2", "3", "4", "5", "", ""])
    }

    /// Header spans that differ from the data rows (the 商业企业 data cells span 2 grid columns).
    @Test func applicantColumnsWithWideDataCells() throws {
        let html = """
        <table>
        <tr><td rowspan="2">项目</td><td rowspan="2">自然人</td><td colspan="6">法人或其他组织</td><td rowspan="2">总计</td></tr>
        <tr><td colspan="2">商业企业</td><td>科研机构</td><td>社会组织</td><td>法律服务机构</td><td>其他</td></tr>
        <tr><td>一、本年新收</td><td>7</td><td colspan="2">3</td><td>0</td><td>1</td><td>0</td><td>0</td><td>11</td></tr>
        <tr><td>二、上年结转</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
        </table>
        """
        let doc = try HTMLReader.read(data: Data(html.utf8), file: "x.html")
        let rows = doc.lines.filter { $0.kind == .positional }
        #expect(rows[2].fields.map(\.text) == ["一、本年新收", "7", "3", "0", "1", "0", "0", "11"])
        // Two cells under 商业企业: the second one is not any key's, and the row still has 7 keyed fields.
        #expect(rows[3].fields.map(\.text) == ["二、上年结转", "1", "0", "0", "0", "0", "0", "1"])
    }

    @Test func emptyDataThrows() {
        #expect(throws: ReaderError.self) { try HTMLReader.read(data: Data(), file: "empty.html") }
        #expect(throws: ReaderError.self) { try HTMLReader.read(data: Data(" \n\t ".utf8), file: "blank.html") }
    }

    @Test func binaryHTMLThrows() {
        var bytes = [UInt8](repeating: 0, count: 4096)
        var g = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &g) }
        bytes[10] = 0
        #expect(throws: ReaderError.self) { try HTMLReader.read(data: Data(bytes), file: "random.html") }
        #expect(throws: ReaderError.self) { try HTMLReader.read(data: Data("%PDF-1.7\n".utf8), file: "x.html") }
    }

    @Test func gbkPageIsDecoded() throws {
        // "<meta charset=gb2312><p>报告</p>" with 报告 in GBK (B1 A8 B8 E6).
        let bytes: [UInt8] = Array("<meta charset=gb2312><p>".utf8) + [0xB1, 0xA8, 0xB8, 0xE6] + Array("</p>".utf8)
        let doc = try HTMLReader.read(data: Data(bytes), file: "gbk.html")
        #expect(doc.lines.map(\.text) == ["报告"])
    }

    @Test func badDOCXThrows() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-docx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        // Random bytes named .docx (also with a ZIP signature in front).
        var g = SystemRandomNumberGenerator()
        let random = (0..<8192).map { _ in UInt8.random(in: 0...255, using: &g) }
        for (name, bytes) in [("random.docx", random), ("pk.docx", [0x50, 0x4B, 0x03, 0x04] + random), ("empty.docx", [])] {
            let url = dir.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            #expect(throws: ReaderError.self) { try DOCXReader.read(url: url, file: name) }
        }
        // Truncated copies of the real sample.
        let sample = try Data(contentsOf: sampleURL("pingtan-2021.docx"))
        for cut in [20, 1000, sample.count / 2, sample.count - 30] {
            let url = dir.appendingPathComponent("cut\(cut).docx")
            try sample.prefix(cut).write(to: url)
            #expect(throws: ReaderError.self) { try DOCXReader.read(url: url, file: url.lastPathComponent) }
        }
        // A missing file.
        #expect(throws: ReaderError.self) {
            try DOCXReader.read(url: dir.appendingPathComponent("none.docx"), file: "none.docx")
        }
    }

    /// A ZIP without word/document.xml.
    @Test func docxWithoutDocumentThrows() throws {
        let url = try writeTemp("nodoc.docx", makeZip([("readme.txt", Array("hello".utf8))]))
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: ReaderError.unreadable(file: "nodoc.docx", reason: "DOCX中缺少正文（word/document.xml）")) {
            try DOCXReader.read(url: url, file: "nodoc.docx")
        }
    }

    /// A DOCTYPE in the document part is refused (no entity expansion).
    @Test func docxWithDoctypeThrows() throws {
        let xml = #"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>"#
        let url = try writeTemp("dtd.docx", makeZip([("word/document.xml", Array(xml.utf8))]))
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: ReaderError.self) { try DOCXReader.read(url: url, file: "dtd.docx") }
    }

    /// gridSpan, vMerge (restart / continue / no value), gridBefore, paragraphs inside cells, deleted text.
    @Test func docxMergedCells() throws {
        func tc(_ text: String, span: Int = 1, vMerge: String? = nil) -> String {
            var pr = ""
            if span > 1 { pr += #"<w:gridSpan w:val="\#(span)"/>"# }
            if let vMerge { pr += vMerge.isEmpty ? "<w:vMerge/>" : #"<w:vMerge w:val="\#(vMerge)"/>"# }
            let paras = text.split(separator: "|", omittingEmptySubsequences: false)
                .map { "<w:p><w:r><w:t>\($0)</w:t></w:r></w:p>" }.joined()
            return "<w:tc><w:tcPr>\(pr)</w:tcPr>\(paras)</w:tc>"
        }
        let body = """
        <w:p><w:r><w:t xml:space="preserve">标题 </w:t></w:r><w:r><w:tab/><w:t>一</w:t></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del></w:p>
        <w:p/>
        <w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>
        <w:tr>\(tc("A", vMerge: "restart"))\(tc("B", span: 2))\(tc("C"))</w:tr>
        <w:tr>\(tc("", vMerge: ""))\(tc("x"))\(tc("y|z"))\(tc("第一|行"))</w:tr>
        <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>\(tc("p", span: 2))\(tc("q"))</w:tr>
        </w:tbl>
        <w:p><w:r><w:t>后记</w:t></w:r></w:p>
        """
        let xml = #"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"# + body + "</w:body></w:document>"
        let url = try writeTemp("merged.docx", makeZip([("word/document.xml", Array(xml.utf8))]))
        defer { try? FileManager.default.removeItem(at: url) }
        let doc = try DOCXReader.read(url: url, file: "merged.docx")
        #expect(doc.containerTitle == nil)
        #expect(doc.lines.map(\.text) == ["标题 一", "A\tB\tC", "x\ty z\t第一行", "p\tq", "后记"])
        #expect(doc.lines.map(\.source.line) == [1, nil, nil, nil, 3])
        #expect(doc.lines[1].fields.map(\.source.column) == [1, 2, 4])
        #expect(doc.lines[2].fields.map(\.source.column) == [2, 3, 4])
        #expect(doc.lines[3].fields.map(\.source.column) == [2, 4])
        #expect(doc.lines[3].source == SourceRef(table: 1, row: 3))
    }

    /// Corrupted copies of the samples (bytes overwritten, ranges cut or inserted, truncation) are read or
    /// refused with a `ReaderError`: never a trap, never a hang. (ZIPFoundation 0.9.20's own extraction spins
    /// forever on some of these, and its memory-backed archive traps on others.)
    @Test func corruptedSamplesNeverTrapOrHang() throws {
        var rng = XorShift(seed: 20220208)
        let html = [UInt8](try Data(contentsOf: sampleURL("pingtan-2021.html")))
        let docx = [UInt8](try Data(contentsOf: sampleURL("pingtan-2021.docx")))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for i in 0..<60 {
            do { _ = try HTMLReader.read(data: Data(mutate(html, &rng)), file: "h.html") } catch is ReaderError {}
            let url = dir.appendingPathComponent("d\(i).docx")
            try Data(mutate(docx, &rng)).write(to: url)
            do { _ = try DOCXReader.read(url: url, file: "d.docx") } catch is ReaderError {}
        }
    }
}

private struct XorShift: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed | 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }
}

private func mutate(_ input: [UInt8], _ rng: inout XorShift) -> [UInt8] {
    var b = input
    switch Int.random(in: 0..<4, using: &rng) {
    case 0:
        b = Array(b.prefix(Int.random(in: 0...b.count, using: &rng)))
    case 1:
        for _ in 0..<Int.random(in: 1...20, using: &rng) {
            b[Int.random(in: 0..<b.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
        }
    case 2:
        let at = Int.random(in: 0..<b.count, using: &rng)
        b.insert(contentsOf: (0..<Int.random(in: 1...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: at)
    default:
        let from = Int.random(in: 0..<b.count, using: &rng)
        b.removeSubrange(from..<min(b.count, from + Int.random(in: 1...5000, using: &rng)))
    }
    return b
}

// MARK: - Helpers

private func writeTemp(_ name: String, _ bytes: [UInt8]) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url
}

private func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for b in bytes {
        crc ^= UInt32(b)
        for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
    }
    return ~crc
}

/// A ZIP archive with stored (uncompressed) entries.
private func makeZip(_ entries: [(String, [UInt8])]) -> [UInt8] {
    func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
    func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * UInt32($0))) & 0xFF) } }
    var out: [UInt8] = []
    var central: [UInt8] = []
    for (name, data) in entries {
        let offset = UInt32(out.count)
        let nameBytes = Array(name.utf8)
        let crc = crc32(data)
        let common = le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc)
            + le32(UInt32(data.count)) + le32(UInt32(data.count)) + le16(nameBytes.count) + le16(0)
        out += le32(0x0403_4B50) + common + nameBytes + data
        central += le32(0x0201_4B50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + nameBytes
    }
    let centralOffset = UInt32(out.count)
    out += central
    out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
        + le32(UInt32(central.count)) + le32(centralOffset) + le16(0)
    return out
}
