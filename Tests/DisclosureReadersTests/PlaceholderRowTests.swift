import DisclosureReaders
import DisclosureRules
import Foundation
import Testing

/// Issue 10, kind 1: a row is a row when its label is there, whatever its cells hold — `—` is blank, `无` and `/`
/// are kept as written (I4), one `/` across the row stands for every cell; the rule that needs them cannot be checked.
@Suite struct PlaceholderRowTests {
    func cells(_ r: AnnualReport, _ id: String) -> [CellValue] { r.table3.first { $0.id == id }?.cells.map(\.value) ?? [] }

    @Test func theCaseKeepsItsRows() throws {
        let r = try ReportReader.read(url: TitleTests.cases.appendingPathComponent("29b-dash-none-slash-rows.html"))
        #expect(cells(r, "carriedIn") == Array(repeating: .blank, count: 7))
        #expect(cells(r, "granted") == Array(repeating: .text("无"), count: 7))
        #expect(cells(r, "carriedOver") == Array(repeating: .text("/"), count: 7))
        let f = ReportValidator.validate(r)
        for label in ["二、上年结转政府信息公开申请数量", "（一）予以公开", "四、结转下年度继续办理"] {
            #expect(!f.contains { $0.rule == .S1 && $0.row == label }, "\(label) reported missing")
        }
        #expect(f.filter { $0.rule == .S2 && $0.row == "二、上年结转政府信息公开申请数量" }.count == 7)
        #expect(f.filter { $0.rule == .I4 }.count == 14)
        let r1 = f.filter { $0.rule == .R1 }
        #expect(r1.count == 7 && r1.allSatisfy { $0.severity == .info && $0.message.contains("无法核对") })
    }

    /// A placeholder spanning part of a row or a 表四 group stands in every cell it spans (nothing shifts, nothing
    /// is blank); a count written with its unit ("535件") is the count; a run of dashes ("--") is blank.
    @Test(arguments: [
        ("<td>535</td><td>6</td><td>0</td><td>1</td><td>18</td><td>0</td><td>560</td>",
         "<td>535</td><td>6</td><td colspan=\"3\">/</td><td>0</td><td>560</td>"),
        ("<td>16</td><td>1</td><td>12</td><td>27</td><td>56</td>", "<td colspan=\"5\">/</td>"),
        ("<td>535</td><td>6</td><td>0</td>", "<td>535件</td><td>6件</td><td>--</td>"),
    ])
    func placeholdersSpanningPartOfARowAndUnits(_ edit: (String, String)) throws {
        let page = try String(contentsOf: TitleTests.cases.appendingPathComponent("28-placeholder-header-cells.html"), encoding: .utf8)
        #expect(page.contains(edit.0))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("span-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("page.html")
        try page.replacingOccurrences(of: edit.0, with: edit.1).write(to: url, atomically: true, encoding: .utf8)
        let r = try ReportReader.read(url: url)
        let n = { (v: Int) in CellValue.number(Decimal(v)) }
        switch edit.1 {
        case let e where e.contains("colspan=\"3\""):
            #expect(cells(r, "carriedIn") == [n(535), n(6), .text("/"), .text("/"), .text("/"), n(0), n(560)])
        case let e where e.contains("colspan=\"5\""):
            #expect(r.table4.cells.map(\.value) == [376, 97, 196, 121, 790].map(n) + Array(repeating: .text("/"), count: 5) + [74, 1, 30, 51, 156].map(n))
        default:
            #expect(cells(r, "carriedIn") == [n(535), n(6), .blank, n(1), n(18), n(0), n(560)])
        }
        // Nothing blank is invented: no S2 except where "--" was written, no error from a shifted cell.
        let f = ReportValidator.validate(r)
        #expect(f.filter { $0.rule == .S2 }.count == (edit.1.contains("--") ? 1 : 0))
        #expect(!f.contains { $0.severity == .error && [.R1, .I1, .I2, .I3].contains($0.rule) && !$0.message.contains("假设") })
    }

    @Test func aTextReportWrittenWithPlaceholders() throws {
        let text = """
            某县民政局2024年政府信息公开工作年度报告
            三、收到和处理政府信息公开申请情况
            申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
            一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3
            二、上年结转政府信息公开申请数量 — — — — — — —
            （一）予以公开 无 无 无 无 无 无 无
            （二）部分公开（区分处理的，只计这一情形，不计其他情形） 1 0 0 0 0 0 1
            （六）1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0
            四、政府信息公开行政复议、行政诉讼情况
            """
        let doc = try TextReader.read(data: Data(text.utf8), file: "t.txt")
        let r = try ReportAssembler.assemble(doc, file: "t.txt")
        #expect(cells(r, "new") == [3, 0, 0, 0, 0, 0, 3].map { CellValue.number(Decimal($0)) })
        #expect(cells(r, "carriedIn") == Array(repeating: .blank, count: 7))
        #expect(cells(r, "granted") == Array(repeating: .text("无"), count: 7))
        #expect(cells(r, "partlyGranted") == [1, 0, 0, 0, 0, 0, 1].map { CellValue.number(Decimal($0)) })
        // "无" inside a label is a word of the label, not a cell.
        #expect(cells(r, "other.1") == Array(repeating: CellValue.number(0), count: 7))
    }
}

/// Issue 10, kind 6: a report that leaves its zeros blank is read in a few lines — one line per rule and table in
/// the human output (each cell still its own finding in `--json`), the arithmetic checked with blank read as 0.
@Suite struct BlankZeroTests {
    @Test func aPageWithItsZerosLeftBlankFitsOnOneScreen() throws {
        let page = try String(contentsOf: TitleTests.cases.appendingPathComponent("28-placeholder-header-cells.html"), encoding: .utf8)
        let blanked = page.replacingOccurrences(of: "<td>0</td>", with: "<td></td>")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("blank-zeros-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("zeros-left-blank.html")
        try blanked.write(to: url, atomically: true, encoding: .utf8)
        let report = try ReportReader.read(url: url)
        let findings = ReportValidator.validate(report)
        let s2 = findings.filter { $0.rule == .S2 }
        #expect(s2.count >= 80, "\(s2.count) blank cells")
        #expect(!findings.contains { [.R1, .I1, .I2, .I3].contains($0.rule) && $0.severity == .error }, "the page adds up with blank as 0")
        #expect(findings.filter { [.R1, .I1, .I2, .I3].contains($0.rule) }.count <= 5)
        let text = AuditText.render(AuditResult(file: url.path, report: report, findings: findings))
        let lines = text.split(separator: "\n")
        #expect(lines.count <= 20, "\(lines.count) lines:\n\(text)")
        #expect(text.contains("共 \(s2.filter { $0.table == "表三" }.count) 处"))
    }
}

@Suite struct GroupedOutputTests {
    @Test func aFailureUnderTheAssumptionIsNeverGroupedWithPlainOnes() throws {
        let report = try ReportReader.read(url: TitleTests.cases.appendingPathComponent("28-placeholder-header-cells.html"))
        var findings = (1...4).map { Finding(rule: .I1, severity: .error, table: "表三", row: "第\($0)行", column: "总计", message: "“第\($0)行”总计不成立") }
        findings.append(Finding(rule: .I1, severity: .error, table: "表三", row: "1.属于国家秘密", column: "总计",
                                message: "按空白单元格为0核对（报告未填0，这是本审核的假设）：“1.属于国家秘密”行总计不成立"))
        let text = AuditText.render(AuditResult(file: "x.html", report: report, findings: findings))
        #expect(text.contains("错误 I1 共 4 处"))
        #expect(text.contains("错误 I1 按空白单元格为0核对（报告未填0，这是本审核的假设）：“1.属于国家秘密”行总计不成立"))
    }
}
