@testable import DisclosureReaders
import DisclosureRules
import Foundation
import Testing

/// Issue 10, second QA round: inputs that gave a wrong cell, a false error or a lost agency. Each test stands for
/// its kind (small inputs of our own; the figures add up unless said).
@Suite struct AuditQATests {
    static func read(_ text: String) throws -> AnnualReport {
        try ReportAssembler.assemble(try TextReader.read(data: Data(text.utf8), file: "t.txt"), file: "t.txt")
    }
    static func cells(_ r: AnnualReport, _ id: String) -> [CellValue] { r.table3.first { $0.id == id }!.cells.map(\.value) }
    /// Errors other than the sections and tables these small inputs leave out (S1).
    static func errors(_ r: AnnualReport) -> [Finding] {
        ReportValidator.validate(r).filter { $0.severity == .error && $0.table != "正文" && $0.table != "表二" && $0.rule != .S1 }
    }
    static let head = """
        某县统计局2024年政府信息公开工作年度报告
        三、收到和处理政府信息公开申请情况
                               申请人情况
                自然人  商业企业 科研机构 社会公益组织 法律服务机构 其他 总计

        """

    /// Space-separated text (a PDF copy with its layout) cannot show which cell was left blank: a row with fewer
    /// figures than columns is unreadable with the reason, never shifted into the first columns.
    @Test func aTextRowWithBlankCellsIsNotShiftedLeft() throws {
        let r = try Self.read(Self.head + """
            一、本年新收政府信息公开申请数量   3   3
            二、上年结转政府信息公开申请数量   0   0   0   0   0   0   0
            （七）总计   3   0   0   0   0   0   3
            四、结转下年度继续办理   0   0   0   0   0   0   0
            """)
        #expect(Self.cells(r, "new").filter { !$0.isUnreadable }.isEmpty)
        #expect(Self.errors(r).isEmpty, "\(Self.errors(r).map(\.message))")
        #expect(ReportValidator.validate(r).contains { $0.rule == .S3 && $0.severity == .warning && $0.message.contains("看不出空白单元格在哪一列") })
    }

    /// A row printed with its label and no figure at all, in text: blank cells (S2), not a missing row (S1); the
    /// same with a merged group label before it and the label broken over two lines.
    @Test func rowsPrintedEmptyInText() throws {
        let r = try Self.read(Self.head + """
            一、本年新收政府信息公开申请数量
            二、上年结转政府信息公开申请数量
            三、本年 （一）予以公开
            度办理结
            果    （二）部分公开（区分处理的，
                 只计这一情形，不计其他情形）
            """)
        for id in ["new", "carriedIn", "granted", "partlyGranted"] {
            #expect(Self.cells(r, id) == Array(repeating: .blank, count: 7), "\(id)")
        }
        #expect(!ReportValidator.validate(r).contains { $0.rule == .S1 && ["一、本年新收政府信息公开申请数量", "（一）予以公开"].contains($0.row) })
    }

    /// Labels printed below their figures throughout: read in pairs, every cell right.
    @Test func labelsBelowTheirFigures() throws {
        let rows: [(String, [Int])] = [("一、本年新收政府信息公开申请数量", [3, 0, 0, 0, 0, 1, 4]), ("二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 0, 1]),
                                       ("（一）予以公开", [2, 0, 0, 0, 0, 1, 3]), ("（七）总计", [2, 0, 0, 0, 0, 1, 3]),
                                       ("四、结转下年度继续办理", [2, 0, 0, 0, 0, 0, 2])]
        let body = rows.map { "    " + $0.1.map(String.init).joined(separator: "   ") + "\n" + $0.0 }.joined(separator: "\n")
        let r = try Self.read(Self.head + body)
        for (label, values) in rows {
            let id = ReportFormat.f2021.table3Rows.first { $0.label == label }!.id
            #expect(Self.cells(r, id) == values.map { .number(Decimal($0)) }, "\(label)")
        }
    }

    /// Labels cut to a list number and two characters: "2.其他" is not "3.其他" (another number, another row);
    /// placed by the order, no duplicate, no error.
    @Test func theSameWordsUnderAnotherNumber() throws {
        #expect(RowAlignment.similarity("2.其他", "3.其他") == 0)
        #expect(RowAlignment.similarity("3.其他", "3.其他") > 1)
        var lines: [String] = []
        let specs = ReportFormat.f2021.table3Rows
        for (k, s) in specs.enumerated() {
            let short = String(s.label.prefix { !$0.isLetter || Norm.cjkCount(String($0)) == 0 }) + String(s.label.drop { !(Norm.cjkCount(String($0)) == 1) }.prefix(2))
            let v = s.role == .outcome ? (k == 5 ? [1, 0, 0, 0, 0, 0, 1] : [0, 0, 0, 0, 0, 0, 0]) : (s.id == "carriedIn" || s.id == "carriedOver" ? [0, 0, 0, 0, 0, 0, 0] : [1, 0, 0, 0, 0, 0, 1])
            lines.append(short + "   " + v.map(String.init).joined(separator: "   "))
        }
        #expect(lines.contains { $0.hasPrefix("2.其他") } && lines.contains { $0.hasPrefix("3.其他") })
        let r = try Self.read(Self.head + lines.joined(separator: "\n"))
        #expect(Self.cells(r, "refused.2") == [1, 0, 0, 0, 0, 0, 1].map { .number(Decimal($0)) })
        #expect(Self.cells(r, "other.3") == Array(repeating: .number(0), count: 7))
        #expect(Self.errors(r).isEmpty, "\(Self.errors(r).map(\.message))")
    }

    /// A unit spaced off its figure belongs to it ("43 件").
    @Test func unitsSpacedOffTheirFigures() throws {
        let r = try Self.read(Self.head + "一、本年新收政府信息公开申请数量   4 件   0 件   0 件   0 件   0 件   1 件   5 件\n")
        #expect(Self.cells(r, "new") == [4, 0, 0, 0, 0, 1, 5].map { .number(Decimal($0)) })
    }

    /// Figures of a table row carried into the text of a PDF copy are not a mobile number (P1).
    @Test func tableFiguresAreNotAPhoneNumber() throws {
        var r = AnnualReport(format: .f2021, year: 2024, agency: "某县统计局")
        r.sections[2].text = "一、本年新收政府信息公开申请数量 132  1848 5680 0 0 7660\n如有疑问请致电 138 1234 5678。"
        let p1 = ReportValidator.validate(r).filter { $0.rule == .P1 }
        #expect(p1.count == 1 && p1[0].message.contains("138"))
    }

    /// Page chrome above the title is no agency; a title broken inside the agency's name or inside the year is read whole.
    @Test func agencyAndYearAcrossPageChromeAndBrokenTitles() throws {
        func meta(_ head: [String], signature: String? = nil) throws -> AnnualReport {
            var lines = head + ["一、总体情况", "本年度依法做好政府信息公开工作。", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]
            if let signature { lines += [signature, "2025年1月20日"] }
            return try Self.read(lines.joined(separator: "\n"))
        }
        let chrome = try meta(["打印本页", "2024年政府信息公开工作年度报告"], signature: "某县自然资源局（盖章）")
        #expect(chrome.agency == "某县自然资源局")
        let name = try meta(["某县自然资源", "局2024年政府信息公开工作年度报告"])
        #expect(name.agency == "某县自然资源局" && name.year == 2024)
        let year = try meta(["某县自然资源局20", "24年政府信息公开工作年度报告"])
        #expect(year.agency == "某县自然资源局" && year.year == 2024)
    }

    /// Table 四 written with placeholders only (15 × 无) is its row of cells, kept as written (I4); table 四 without
    /// its heading is not fed table 三's last row.
    @Test func table4OfPlaceholdersAndWithoutItsHeading() throws {
        let page = try String(contentsOf: TitleTests.cases.appendingPathComponent("28-placeholder-header-cells.html"), encoding: .utf8)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let values = "<td>376</td><td>97</td><td>196</td><td>121</td><td>790</td>"
        #expect(page.contains(values))
        var none = page.replacingOccurrences(of: values, with: String(repeating: "<td>无</td>", count: 5))
        for v in ["<td>16</td><td>1</td><td>12</td><td>27</td><td>56</td>", "<td>74</td><td>1</td><td>30</td><td>51</td><td>156</td>"] {
            none = none.replacingOccurrences(of: v, with: String(repeating: "<td>无</td>", count: 5))
        }
        try none.write(to: dir.appendingPathComponent("a.html"), atomically: true, encoding: .utf8)
        let a = try ReportReader.read(url: dir.appendingPathComponent("a.html"))
        #expect(a.table4.cells.map(\.value) == Array(repeating: .text("无"), count: 15))
        let noHeading = page.replacingOccurrences(of: "<p>四、政府信息公开行政复议、行政诉讼情况</p>", with: "")
        #expect(noHeading != page)
        try noHeading.write(to: dir.appendingPathComponent("b.html"), atomically: true, encoding: .utf8)
        let b = try ReportReader.read(url: dir.appendingPathComponent("b.html"))
        #expect(b.table4.cells.map { $0.value.integer } == [376, 97, 196, 121, 790, 16, 1, 12, 27, 56, 74, 1, 30, 51, 156])
    }
}
