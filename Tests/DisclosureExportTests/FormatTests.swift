import DisclosureExport
import DisclosureReaders
import DisclosureRules
import Foundation
import Testing
import ZIPFoundation

/// Every official label of a format: headings, table 二's items, columns and rows, table 三's rows and columns,
/// table 四's groups and columns, the 勾稽关系 note.
func officialLabels(_ format: ReportFormat) -> [String] {
    var out = ReportFormat.sectionHeadings + ReportFormat.table3Columns + ReportFormat.table4Groups + ReportFormat.table4Columns
    out += ["申请人情况", "法人或其他组织", "行政诉讼", "信息内容", ReportFormat.table3Note, "三、本年度办理结果"]
    for b in format.table2Blocks { out += [b.item] + b.columns + b.rows }
    for r in format.table3Rows { out.append(r.label); if let g = r.group { out.append(g) } }
    var seen = Set<String>()
    return out.filter { seen.insert($0).inserted }
}

/// The parts of a ZIP package, as text.
func zipParts(_ data: Data) throws -> [String: String] {
    let archive = try Archive(data: data, accessMode: .read)
    var out: [String: String] = [:]
    for entry in archive {
        var bytes = Data()
        _ = try archive.extract(entry, skipCRC32: false) { bytes.append($0) }
        out[entry.path] = String(decoding: bytes, as: UTF8.self)
    }
    return out
}

func count(_ needle: String, in hay: String) -> Int { hay.components(separatedBy: needle).count - 1 }

@Suite("HTML export")
struct HTMLExportTests {
    @Test("Title, headings, every official label, escaped text", arguments: [ReportFormat.f2019, .f2021])
    func labels(format: ReportFormat) {
        let r = Fixtures.withBlankAndText(format)
        let html = ReportExporter.html(ExportContext(report: r))
        let title = "\(r.agency!)\(r.year!)年政府信息公开工作年度报告"
        #expect(html.contains("<title>\(title)</title>"))
        #expect(html.contains("<h1 class=\"title\">\(r.agency!)<br>\(r.year!)年政府信息公开工作年度报告</h1>"))
        for h in ReportFormat.sectionHeadings { #expect(html.contains("<h2>\(h)</h2>")) }
        for label in officialLabels(format) { #expect(html.contains(">\(label)<"), "missing label \(label)") }
        // Paragraphs, the unreadable cell escaped, the blank cell empty, numbers plain.
        #expect(html.contains("<p>存在的主要问题：政策解读形式不够丰富，回应关切不够及时。</p>"))
        #expect(html.contains(">暂无&lt;统计&gt;&amp;&quot;数据&quot;,待补</td>"))
        #expect(html.contains("<td class=\"num blank\"></td>"))
        if format == .f2021 { #expect(html.contains(">24252.311082</td>")) } else { #expect(html.contains(">-18</td>")) }
        #expect(!html.contains("24,252"))
        #expect(html.contains("<p>某") && html.contains("\(r.date!.chinese)</p>"))
    }

    @Test("Table 三 has the national template's merged cells", arguments: [ReportFormat.f2019, .f2021])
    func mergedCells(format: ReportFormat) {
        let html = ReportExporter.html(ExportContext(report: Fixtures.report(format)))
        #expect(html.contains("<th rowspan=\"3\" colspan=\"3\">\(ReportFormat.table3Note)</th>"))
        #expect(html.contains("<th colspan=\"7\">申请人情况</th>"))
        #expect(html.contains("<th rowspan=\"2\">自然人</th><th colspan=\"5\">法人或其他组织</th><th rowspan=\"2\">总计</th>"))
        let span = format == .f2021 ? 22 : 20
        #expect(html.contains("<td class=\"label\" rowspan=\"\(span)\">三、本年度办理结果</td><td class=\"label\" colspan=\"2\">（一）予以公开</td>"))
        #expect(html.contains("<td class=\"label\" rowspan=\"8\">（三）不予公开</td><td class=\"label\">1.属于国家秘密</td>"))
        #expect(html.contains("<td class=\"label\" rowspan=\"3\">（四）无法提供</td>"))
        #expect(html.contains("<td class=\"label\" rowspan=\"5\">（五）不予处理</td>"))
        if format == .f2021 {
            #expect(html.contains("<td class=\"label\" rowspan=\"3\">（六）其他处理</td>"))
        } else {
            #expect(html.contains("<td class=\"label\" colspan=\"2\">（六）其他处理</td>"))
        }
        for row in ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "四、结转下年度继续办理"] {
            #expect(html.contains("<td class=\"label\" colspan=\"3\">\(row)</td>"))
        }
        #expect(html.contains("<td class=\"label\" colspan=\"2\">（七）总计</td>"))
        // Table 二's block headers over the 4 columns; table 四's three header rows.
        #expect(html.contains("<th class=\"block\" colspan=\"4\">第二十条第（一）项</th>"))
        #expect(html.contains("<th colspan=\"5\">行政复议</th><th colspan=\"10\">行政诉讼</th>"))
        #expect(html.contains("<th rowspan=\"2\">结果维持</th>"))
        #expect(html.contains("<th colspan=\"5\">未经复议直接起诉</th><th colspan=\"5\">复议后起诉</th>"))
        // Every data row of table 三 has 7 value cells.
        #expect(count("<td class=\"num\">", in: html) >= 7 * format.table3Rows.count)
    }

    @Test("Print CSS, official fonts, three inline SVG charts, no script or external asset")
    func printAndCharts() {
        let r = Fixtures.report(.f2021)
        let history = [YearTotals(year: 2019, received: 80, decided: 75, carriedOver: 5),
                       YearTotals(year: 2020, received: 96, decided: 90, carriedOver: 11)]
        let html = ReportExporter.html(ExportContext(report: r, history: history))
        #expect(html.contains("@page { size: A4; margin: 2.54cm 3.17cm; }"))
        #expect(html.contains("font-family: \"FangSong\", \"仿宋\", \"仿宋_GB2312\", \"STFangsong\", serif"))
        #expect(html.contains("\"黑体\", \"SimHei\""))
        #expect(html.contains("\"方正小标宋简体\", \"FZXiaoBiaoSong-B05S\", \"SimSun\""))
        #expect(count("<svg ", in: html) == 3)
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("src=") && !html.contains("href="))
        // The outcome chart has a bar label per outcome row; the trend chart the years on record and this year.
        for spec in r.format.table3Rows where spec.role == .outcome { #expect(html.contains(spec.label.prefix(12))) }
        for y in ["2019年", "2020年", "2021年"] { #expect(html.contains(">\(y)</text>")) }
        #expect(html.contains("图3 历年政府信息公开申请情况"))
    }

    @Test("Without history the trend chart shows the report's own year")
    func trendFallback() {
        let html = ReportExporter.html(ExportContext(report: Fixtures.report(.f2019)))
        #expect(count("<svg ", in: html) == 3)
        #expect(html.contains(">2020年</text>"))
    }
}

@Suite("DOCX, XLSX, CSV and JSON packages")
struct PackageTests {
    @Test("DOCX: minimal valid package, A4, merged cells, fonts, dc:title", arguments: [ReportFormat.f2019, .f2021])
    func docx(format: ReportFormat) throws {
        let r = Fixtures.report(format)
        let parts = try zipParts(try ReportExporter.docx(ExportContext(report: r)))
        for p in ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels", "docProps/core.xml"] {
            #expect(parts[p] != nil, "missing \(p)")
        }
        let doc = parts["word/document.xml"] ?? ""
        #expect(doc.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"))
        #expect(doc.contains("w:top=\"1440\"") && doc.contains("w:left=\"1797\""))
        #expect(doc.contains("<w:gridSpan w:val=\"3\"/><w:vMerge w:val=\"restart\"/>"))
        #expect(doc.contains("<w:vMerge/>"))
        let span = format == .f2021 ? 22 : 20
        // 三、本年度办理结果: one restart and span − 1 continuations in the first grid column.
        #expect(count("<w:tcW w:w=\"457\" w:type=\"dxa\"/><w:vMerge", in: doc) == span)
        let styles = parts["word/styles.xml"] ?? ""
        for font in ["w:eastAsia=\"仿宋_GB2312\"", "w:eastAsia=\"黑体\"", "w:eastAsia=\"方正小标宋简体\"", "w:ascii=\"Times New Roman\""] {
            #expect(styles.contains(font))
        }
        #expect(parts["docProps/core.xml"]?.contains("<dc:title>\(r.agency!)\(r.year!)年政府信息公开工作年度报告</dc:title>") == true)
        for label in officialLabels(format) { #expect(doc.contains(">\(label)<"), "missing \(label)") }
    }

    @Test("XLSX: a sheet per table, numeric cells, inline strings, merged cells", arguments: [ReportFormat.f2019, .f2021])
    func xlsx(format: ReportFormat) throws {
        let parts = try zipParts(try ReportExporter.xlsx(ExportContext(report: Fixtures.report(format))))
        let wb = parts["xl/workbook.xml"] ?? ""
        #expect(wb.contains("<sheet name=\"表二\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"表三\" sheetId=\"2\" r:id=\"rId2\"/><sheet name=\"表四\" sheetId=\"3\" r:id=\"rId3\"/>"))
        let s3 = parts["xl/worksheets/sheet2.xml"] ?? ""
        #expect(s3.contains("<mergeCell ref=\"A3:C5\"/>"))        // the 勾稽关系 note, 3 × 3
        #expect(s3.contains("<mergeCell ref=\"D3:J3\"/>"))        // 申请人情况
        let span = format == .f2021 ? 22 : 20
        #expect(s3.contains("<mergeCell ref=\"A8:A\(7 + span)\"/>")) // 三、本年度办理结果
        #expect(s3.contains("t=\"inlineStr\"><is><t xml:space=\"preserve\">（一）予以公开</t></is></c>"))
        #expect(s3.contains("<v>1</v>"))
        let s2 = parts["xl/worksheets/sheet1.xml"] ?? ""
        if format == .f2021 { #expect(s2.contains("<v>24252.311082</v>")) } else { #expect(s2.contains("<v>-18</v>")) }
        #expect(parts["xl/styles.xml"] != nil && parts["[Content_Types].xml"]?.contains("spreadsheetml.worksheet+xml") == true)
        let s4 = parts["xl/worksheets/sheet3.xml"] ?? ""
        #expect(s4.contains("<mergeCell ref=\"F4:J4\"/>") && s4.contains("<mergeCell ref=\"A4:A5\"/>"))
    }

    @Test("CSV: UTF-8 with BOM, CRLF, RFC 4180 quoting, row label first")
    func csv() throws {
        let files = ReportExporter.csv(ExportContext(report: Fixtures.withBlankAndText(.f2021)))
        #expect(files.map(\.name) == ["表二.csv", "表三.csv", "表四.csv"])
        for f in files { #expect(f.data.starts(with: [0xEF, 0xBB, 0xBF])) }
        let t2 = String(decoding: files[0].data.dropFirst(3), as: UTF8.self)
        #expect(t2.hasPrefix("第二十条第（一）项,,,\r\n信息内容,本年制发件数,本年废止件数,现行有效件数\r\n"))
        #expect(t2.contains("\r\n规章,1,0,\"暂无<统计>&\"\"数据\"\",待补\"\r\n"))
        #expect(t2.contains("\r\n行政事业性收费,24252.311082,,\r\n"))
        let t3 = String(decoding: files[1].data.dropFirst(3), as: UTF8.self)
        #expect(t3.hasPrefix("\(ReportFormat.table3Note),自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他,总计\r\n"))
        #expect(t3.contains("\r\n2.没有现成信息需要另行制作,"))
        #expect(t3.contains("\r\n（三）不予公开,,,,,,,\r\n"))
        let t4 = String(decoding: files[2].data.dropFirst(3), as: UTF8.self)
        #expect(t4.split(separator: "\r\n").count == 4)
        #expect(t4.split(separator: "\r\n").allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 16 })
    }

    @Test("JSON: the shape of gongkai audit --json, arrays, refusals")
    func json() throws {
        let r = Fixtures.report(.f2021)
        let ctx = ExportContext(report: r)
        let data = try ReportExporter.json(ctx)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys).isSuperset(of: ["file", "agency", "year", "format", "date", "title", "tables", "sections", "findings"]))
        let tables = try #require(object["tables"] as? [String: Any])
        #expect(Set(tables.keys) == ["table2", "table3", "table4"])
        #expect(object["title"] as? String == "某市生态环境局2021年政府信息公开工作年度报告")
        // The same encoder as the audit: identical to ReportJSON of the same result.
        let audit = try ReportJSON.encode(AuditResult(file: "某市生态环境局2021年政府信息公开工作年度报告.json",
                                                      report: { var x = r; x.title = ctx.title; return x }(), findings: ctx.findings))
        let exported = try JSONSerialization.jsonObject(with: data) as? NSDictionary
        let audited = try JSONSerialization.jsonObject(with: Data(audit.utf8)) as? NSDictionary
        #expect(exported != nil && exported == audited)

        let dir = try Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // An array (as `gongkai audit --json` prints for several files): the first report.
        let array = dir.appendingPathComponent("several.txt")
        try Data(("[\n" + String(decoding: data, as: UTF8.self) + ",\n{\"file\": \"x\", \"error\": \"坏\", \"findings\": []}]").utf8).write(to: array)
        #expect(ReportReader.kind(of: try Data(contentsOf: array), url: array) == .json)
        let first = try ReportReader.read(url: array)
        #expect(Fixtures.differences(Fixtures.cells(r), Fixtures.cells(first)).isEmpty)
        // Refusals, with the reason.
        let empty = dir.appendingPathComponent("empty.json")
        try Data("[]".utf8).write(to: empty)
        #expect(throws: ReaderError.notAReport(file: empty.path, reason: "JSON 数组为空，没有报告")) { try ReportReader.read(url: empty) }
        let failed = dir.appendingPathComponent("failed.json")
        try Data("{\"file\": \"a.pdf\", \"error\": \"a.pdf：读取PDF需要 pdftotext\", \"findings\": []}".utf8).write(to: failed)
        #expect(throws: ReaderError.notAReport(file: failed.path, reason: "JSON 记录的是一份无法读取的报告：a.pdf：读取PDF需要 pdftotext")) {
            try ReportReader.read(url: failed)
        }
        let other = dir.appendingPathComponent("other.json")
        try Data("{\"name\": \"not a report\"}".utf8).write(to: other)
        #expect(throws: ReaderError.self) { try ReportReader.read(url: other) }
    }

    @Test("write(to:) refuses an unknown extension")
    func unknownExtension() throws {
        let dir = try Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: ExportError.unsupportedExtension("pdf")) {
            try ReportExporter.write(ExportContext(report: Fixtures.report(.f2021)), to: dir.appendingPathComponent("a.pdf"))
        }
    }
}
