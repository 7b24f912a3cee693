@testable import DisclosureReaders
import DisclosureRules
import Foundation
import Testing

/// Issue 10, kind 4: the rows read are placed on the format's rows by an order-preserving alignment over label
/// similarity — its own unit tests, then a PDF-to-text copy with cut, displaced and missing labels.
@Suite struct RowAlignmentTests {
    static let template = ReportFormat.f2021.table3Rows.map(\.label)
    static func index(_ id: String) -> Int { ReportFormat.f2021.table3Rows.firstIndex { $0.id == id }! }

    @Test func labelsReadWholeLandOnTheirRows() {
        let p = RowAlignment.align(readings: [["一、本年新收政府信息公开申请数量"], ["（一）予以公开"], ["（七）总计"]], template: Self.template)
        #expect(p.map(\.row) == [0, Self.index("granted"), Self.index("total")])
        #expect(p.allSatisfy { $0.by == .label })
    }

    @Test func aCutLabelThatFitsTwoRowsTakesTheOneTheOrderAllows() {
        let cut = "行政机关不再处理其政府信息公"
        // Fits both （六）1 and （六）2 by its words.
        #expect(RowAlignment.similarity(cut, Self.template[Self.index("other.1")]) >= RowAlignment.threshold)
        #expect(RowAlignment.similarity(cut, Self.template[Self.index("other.2")]) >= RowAlignment.threshold)
        // After （六）1 read whole, only （六）2 is left before 3.其他.
        let after = RowAlignment.align(readings: [["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"], [cut], ["3.其他"]],
                                       template: Self.template)
        #expect(after.map(\.row) == [Self.index("other.1"), Self.index("other.2"), Self.index("other.3")])
        // Twice cut the same way, before 3.其他: the first is （六）1, the second （六）2.
        let twice = RowAlignment.align(readings: [["5.要求行政机关确认或重新出具已获取信息"], [cut], [cut], ["3.其他"]], template: Self.template)
        #expect(twice.map(\.row) == [Self.index("notProcessed.5"), Self.index("other.1"), Self.index("other.2"), Self.index("other.3")])
        // Alone between rows that leave both free: ambiguous, placed nowhere, both candidates named.
        let alone = RowAlignment.align(readings: [["5.要求行政机关确认或重新出具已获取信息"], [cut], ["3.其他"]], template: Self.template)
        #expect(alone[1].row == nil)
        #expect(alone[1].candidates == [Self.index("other.1"), Self.index("other.2")])
    }

    @Test func aRowWithoutALabelFillsTheOneFreeSlot() {
        let p = RowAlignment.align(readings: [["4.保护第三方合法权益"], [], ["6.属于四类过程性信息"]], template: Self.template)
        #expect(p[1] == .init(row: Self.index("refused.5"), candidates: [Self.index("refused.5")], by: .order))
        // Two free slots: the order does not decide; the row is left out with its two candidates.
        let two = RowAlignment.align(readings: [["4.保护第三方合法权益"], [], ["7.属于行政执法案卷"]], template: Self.template)
        #expect(two[1].row == nil && two[1].candidates == [Self.index("refused.5"), Self.index("refused.6")])
    }

    @Test func aRowOutOfOrderIsLeftOutNotForcedAndDoesNotMoveTheOthers() {
        let p = RowAlignment.align(readings: [["（一）予以公开"], ["（二）部分公开"], ["一、本年新收政府信息公开申请数量"], ["（七）总计"]],
                                   template: Self.template)
        #expect(p[0].row == Self.index("granted") && p[1].row == Self.index("partlyGranted") && p[3].row == Self.index("total"))
        #expect(p[2].row == nil)
    }

    @Test func similarity() {
        // A label cut at the column's edge fits its row; unrelated words fit nothing; a short word counts only whole.
        #expect(RowAlignment.similarity("3.补正后申请内", "3.补正后申请内容仍不明确") >= RowAlignment.threshold)
        #expect(RowAlignment.similarity("3.补正后申请内", "3.要求提供公开出版物") < RowAlignment.threshold)
        #expect(RowAlignment.similarity("信访举报投诉", "1.信访举报投诉类申请") >= RowAlignment.threshold)
        #expect(RowAlignment.similarity("信访举报投诉", "2.重复申请") == 0)
        #expect(RowAlignment.similarity("其他", "2.其他法律行政法规禁止公开") == 0)
        #expect(RowAlignment.similarity("其他", "3.其他") > 1)
        // The list marker breaks ties between rows whose words fit alike.
        #expect(RowAlignment.similarity("2.行政机关不再处理其政府信息公开申请", ReportFormat.f2021.table3Rows[Self.index("other.2")].label)
                > RowAlignment.similarity("2.行政机关不再处理其政府信息公开申请", ReportFormat.f2021.table3Rows[Self.index("other.1")].label))
    }

    @Test func rowMarkers() {
        #expect(RowMarker.lastRowStart("三 、 本 （一）予以公开") == "（一）予以公开")
        #expect(RowMarker.lastRowStart("（ 三 ） 1.属于国家秘密") == "1.属于国家秘密")
        #expect(RowMarker.lastRowStart("不 予 公 2. 其 他 法 律 行 政") == "2.其他法律行政")
        #expect(RowMarker.lastRowStart("（ 四 ）") == nil)
        #expect(RowMarker.lastRowStart("3. 危 及 “ 三 安 全") == "3.危及“三安全")
        #expect(RowMarker.lastRowStart("法规禁止公开") == nil)
    }

    static func cells(_ r: AnnualReport, _ id: String) -> [Int?] { r.table3.first { $0.id == id }!.cells.map { $0.value.integer } }

    /// A PDF-to-text copy (layout kept, each row's numbers on one line) whose labels are cut at the column edge,
    /// carried on a line of their own, broken over two lines, missing, and cut so that two rows fit.
    @Test func aPDFTextCopyWithCutDisplacedAndMissingLabels() throws {
        let text = """
            某县统计局2024年政府信息公开工作年度报告
            三、收到和处理政府信息公开申请情况
                                       申请人情况
                            自然人  商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
            一、本年新收政府信息公开申   10   1   0   0   0   1   12
            二、上年结转政府信息公开申请数量   2   0   0   0   0   0   2
            三、本年度办理结果 （一）予以公开   4   1   0   0   0   0   5
            （二）部分公开（区分处理的，只计这一情形，不计其他情形）
               2   0   0   0   0   0   2
            （三）不予公开 1.属于国家秘密   0   0   0   0   0   0   0
            2.其他法律行政法规禁止公开   0   0   0   0   0   0   0
            3.危及“三安全一稳定”   1   0   0   0   0   0   1
            4.保护第三方合法权益   0   0   0   0   0   0   0
               1   0   0   0   0   1   2
            6.属于四类过程性信息   0   0   0   0   0   0   0
            7.属于行政执法案卷   0   0   0   0   0   0   0
            8.属于行政查询事项   0   0   0   0   0   0   0
            （四）无法提供 1.本机关不掌握相关政府信息   2   0   0   0   0   0   2
            2.没有现成信息需要另行制作   0   0   0   0   0   0   0
            3.补正后申请内   1   0   0   0   0   0   1
            容仍不明确
            （五）不予处理 1.信访举报投诉类申请   0   0   0   0   0   0   0
            2.重复申请   0   0   0   0   0   0   0
            3.要求提供公开出版物   0   0   0   0   0   0   0
            4.无正当理由大量反复申请   0   0   0   0   0   0   0
            5.要求行政机关确认或重新出具已获取信息   0   0   0   0   0   0   0
            （六）其他处理 行政机关不再处理其政府信息公   1   0   0   0   0   0   1
            行政机关不再处理其政府信息公   0   0   0   0   0   0   0
            3.其他   0   0   0   0   0   0   0
            （七）总计   12   1   0   0   0   1   14
            四、结转下年度继续办理   0   0   0   0   0   0   0
            四、政府信息公开行政复议、行政诉讼情况
            """
        let doc = try TextReader.read(data: Data(text.utf8), file: "copy.txt")
        let r = try ReportAssembler.assemble(doc, file: "copy.txt")
        let expected: [String: [Int]] = [
            "new": [10, 1, 0, 0, 0, 1, 12], "carriedIn": [2, 0, 0, 0, 0, 0, 2], "granted": [4, 1, 0, 0, 0, 0, 5],
            "partlyGranted": [2, 0, 0, 0, 0, 0, 2], "refused.3": [1, 0, 0, 0, 0, 0, 1], "refused.5": [1, 0, 0, 0, 0, 1, 2],
            "unable.1": [2, 0, 0, 0, 0, 0, 2], "unable.3": [1, 0, 0, 0, 0, 0, 1], "other.1": [1, 0, 0, 0, 0, 0, 1],
            "total": [12, 1, 0, 0, 0, 1, 14],
        ]
        for row in r.table3 {
            #expect(Self.cells(r, row.id) == (expected[row.id] ?? Array(repeating: 0, count: 7)).map { Optional($0) }, "\(row.id)")
        }
        let f = ReportValidator.validate(r)
        #expect(!f.contains { $0.severity == .error && [.R1, .I1, .I2, .S1, .S3].contains($0.rule) && $0.table == "表三" },
                "\(f.filter { $0.severity == .error && $0.table == "表三" }.map(\.message))")
    }
}

/// Issue 10, kind 5: text copied out of a PDF viewer (pdftotext without -layout) — cells on lines of their own,
/// labels after their numbers, rows interleaved. A cell is read only where its row is certain; the rest is
/// unreadable with the reason; never a number in another row's cell, never an arithmetic error on a report that adds up.
@Suite struct RawPDFTextTests {
    static let raw = TitleTests.cases.appendingPathComponent("pingtan-2021-pdftotext-raw.txt")

    /// Every cell read equals the published page's; the rows named certain in the case are read.
    @Test func theCaseGivesThePublishedCellsOrSaysItCannot() throws {
        let r = try ReportReader.read(url: Self.raw)
        #expect(r.agency == "平潭综合实验区" && r.year == 2021 && r.format == .f2021)
        var read = 0
        for row in r.table3 {
            #expect(row.present, "\(row.id) said missing")
            for (c, cell) in row.cells.enumerated() {
                switch cell.value {
                case .number: read += 1; #expect(cell.value.integer == Pingtan2021.expected(row.id)[c], "\(row.id)[\(c)]")
                case .unreadable: break
                default: Issue.record("\(row.id)[\(c)] is \(cell.value), neither a number nor unreadable")
                }
            }
        }
        for id in ["new", "carriedIn", "unable.1", "total", "carriedOver", "refused.7", "other.3"] {
            #expect(RowAlignmentTests.cells(r, id) == Pingtan2021.expected(id), "\(id)")
        }
        #expect(read >= 14 * 7)
        // Table 二 whole; table 四's columns are lost with its header: unreadable, not guessed.
        #expect(r.table2.flatMap(\.rows).map { $0.cells.map(\.value) } == [[0, 0, 0], [69, 3, 665], [2293], [1282], [42]].map { $0.map { CellValue.number(Decimal($0)) } }
                + [[.number(Decimal(string: "24252.311082")!)]])
        #expect(r.table4.cells.allSatisfy { $0.value.isUnreadable })
        let f = ReportValidator.validate(r)
        #expect(f.filter { $0.severity == .error }.isEmpty, "\(f.filter { $0.severity == .error }.map(\.message))")
        // R1 is checked (rows 一, 二, 总计 and 四 are certain) and holds; what could not be read is said, as a warning.
        #expect(!f.contains { $0.rule == .R1 })
        #expect(f.contains { $0.rule == .S3 && $0.severity == .warning && $0.row == "（一）予以公开" && $0.message.contains("标签后只有1个数值") })
        #expect(f.contains { $0.rule == .S3 && $0.table == "表三" && $0.row == nil && $0.message.contains("无法确定所在的行列") })
    }

    /// A small copy of another agency's tables in the same form: a label after its numbers, a row interleaved with
    /// the next, a row that does not add up once interleaved, table 四 all zeros.
    @Test func aSmallCopyOfTheSameKind() throws {
        let text = """
            某县水利局2024年政府信息公开工作年度报告
            三、收到和处理政府信息公开申请情况
            申请人情况
            自然人
            商业
            企业
            一、本年新收政府信息公开申请数
            5
            量
            1
            0
            0
            0
            0
            6
            二、上年结转政府信息公开申请
            0 0
            0
            0
            0
            0
            0
            三、本年度办理结果 （一）予以公开
            3
            （二）部分公开（区分处
            理的，只计这一情形，不计其他情形）
            2
            4
            1.属于国家秘密
            0
            0
            0
            0
            0
            0
            0
            （七）总计
            5
            1
            0
            0
            0
            0
            6
            0
            0
            0
            0
            0
            0
            0
            四、结转下年度继续办理
            四、政府信息公开行政复议、行政诉讼情况
            结
            果
            维
            持
            0
            0
            0
            0
            0
            0
            0
            0
            0
            0
            0
            0
            0
            0
            0
            五、存在的主要问题及改进情况
            """
        let r = try ReportAssembler.assemble(try TextReader.read(data: Data(text.utf8), file: "copy.txt"), file: "copy.txt")
        #expect(RowAlignmentTests.cells(r, "new") == [5, 1, 0, 0, 0, 0, 6])
        #expect(RowAlignmentTests.cells(r, "carriedIn") == [0, 0, 0, 0, 0, 0, 0])
        #expect(RowAlignmentTests.cells(r, "refused.1") == [0, 0, 0, 0, 0, 0, 0])
        #expect(RowAlignmentTests.cells(r, "total") == [5, 1, 0, 0, 0, 0, 6])
        // The label after its numbers.
        #expect(RowAlignmentTests.cells(r, "carriedOver") == [0, 0, 0, 0, 0, 0, 0])
        // Interleaved: 3, then （二）'s label, then 2 and 4 — whose row each is, is not certain.
        for id in ["granted", "partlyGranted"] {
            #expect(r.table3.first { $0.id == id }!.cells.allSatisfy { $0.value.isUnreadable }, "\(id)")
        }
        // Rows whose labels were never printed are not said missing.
        #expect(r.table3.filter { !$0.present }.isEmpty)
        #expect(r.table4.cells.map { $0.value.integer } == Array(repeating: 0, count: 15))
        let f = ReportValidator.validate(r).filter { $0.severity == .error && $0.table != "正文" && $0.table != "表二" }
        #expect(f.isEmpty, "\(f.map(\.message))")
    }

    /// The family: published pages printed to PDF by LibreOffice and copied out without layout — every cell read is
    /// the page's, and no arithmetic rule fails. Skipped where LibreOffice or pdftotext is not installed.
    /// Pages: the cases, the real 平潭 page, and generated pages with other figures (seeds; seed 0 is a 2020 report in the 2019 format) in the national
    /// template's merged cells.
    @Test(arguments: ["28-placeholder-header-cells.html", "29b-dash-none-slash-rows.html", "pingtan-2021.html",
                      "synthetic-0.html", "synthetic-1.html", "synthetic-2.html", "synthetic-3.html"])
    func pagesPrintedToPDFAndCopiedWithoutLayout(_ name: String) throws {
        guard let soffice = RawPDFTextTests.tool("soffice") ?? RawPDFTextTests.tool("libreoffice"),
              let pdftotext = RawPDFTextTests.tool("pdftotext") else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("raw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent(name)
        if name.hasPrefix("synthetic-"), let seed = Int(name.dropFirst(10).prefix { $0.isNumber }) {
            try SyntheticReports.html(agency: "某县第\(seed)局", year: 2020 + seed, seed: seed, targetBytes: 20_000)
                .write(to: html, atomically: true, encoding: .utf8)
        } else {
            try FileManager.default.copyItem(at: name.hasPrefix("pingtan") ? Samples.url(name) : TitleTests.cases.appendingPathComponent(name), to: html)
        }
        let source = html
        try RawPDFTextTests.run(soffice, ["-env:UserInstallation=file://\(dir.path)/profile", "--headless", "--convert-to", "pdf", "--outdir", dir.path, html.path])
        let pdf = html.deletingPathExtension().appendingPathExtension("pdf")
        let txt = dir.appendingPathComponent("copy.txt")
        try RawPDFTextTests.run(pdftotext, ["-enc", "UTF-8", pdf.path, txt.path])
        let truth = try ReportReader.read(url: source)
        let copy = try ReportReader.read(url: txt)
        var read = 0
        for (a, b) in zip(truth.table3, copy.table3) {
            for (x, y) in zip(a.cells, b.cells) where !y.value.isUnreadable && !y.value.isBlank {
                read += 1
                #expect(x.value == y.value, "\(name) \(a.id)")
            }
        }
        for (a, b) in zip(truth.table2.flatMap(\.rows), copy.table2.flatMap(\.rows)) where b.present {
            for (x, y) in zip(a.cells, b.cells) where !y.value.isUnreadable && !y.value.isBlank { #expect(x.value == y.value, "\(name) \(a.label)") }
        }
        for (x, y) in zip(truth.table4.cells, copy.table4.cells) where !y.value.isUnreadable && !y.value.isBlank { #expect(x.value == y.value) }
        #expect(read >= 2 * 7, "\(name): only \(read) cells read")
        let truthErrors = Set(ReportValidator.validate(truth).filter { $0.severity == .error }.map(\.rule))
        let arithmetic = ReportValidator.validate(copy).filter { $0.severity == .error && [.R1, .I1, .I2, .I3].contains($0.rule) }
        #expect(arithmetic.allSatisfy { truthErrors.contains($0.rule) }, "\(name): \(arithmetic.map(\.message))")
    }

    /// Without title or signature in its text, a PDF is named by its document information (the title office
    /// suites fill in); a copied text by the preface's contact sentence.
    @Test func agencyWithoutATitleLine() throws {
        if RawPDFTextTests.tool("pdfinfo") != nil {
            let pdf = try Samples.read("pingtan-2021.pdf")
            #expect(pdf.title == "平潭综合实验区2021年度政府信息公开工作年度报告" && pdf.agency == "平潭综合实验区")
        }
        let text = "根据《中华人民共和国政府信息公开条例》编制本报告。本报告电子版可在某县人民政府门户网站下载。如对本报告\n有疑问，请与某县人民政府办公室联系。\n一、总体情况\n"
        let m = Metadata.extract(lines: TextReader.lines(of: text), cores: TextReader.lines(of: text).map { Norm.core($0.text) },
                                 containerTitle: nil, containerDate: nil)
        #expect(m.agency == "某县人民政府" && m.agencyNote?.contains("前言") == true)
    }

    static func tool(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    static func run(_ tool: String, _ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "\(tool) \(args) → \(p.terminationStatus)"]) }
    }
}
