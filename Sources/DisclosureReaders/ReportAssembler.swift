import Foundation
import DisclosureRules

/// Options that override what the assembler would detect.
public struct ReadOptions: Sendable {
    /// Force the format instead of detecting it from the rows and columns present (`--format`).
    public var format: ReportFormat?
    /// Force the agency kind (it fixes the D1 deadline) instead of guessing it from the agency's name.
    public var agencyKind: AgencyKind?
    public init(format: ReportFormat? = nil, agencyKind: AgencyKind? = nil) { self.format = format; self.agencyKind = agencyKind }
}

/// Maps the lines of a published report onto `AnnualReport`: finds the six sections, detects the format,
/// reads tables 二, 三 and 四 cell by cell (keeping each cell's source), the title, agency, year and date.
public enum ReportAssembler {
    /// Assembles a report from a reader's lines.
    /// - Throws: `ReaderError.notAReport` when neither a section heading nor a table row of the format is found,
    ///   when no table is found and fewer than three headings, or when no table holds a value and no title, agency
    ///   or year is found either (section headings alone, as a misread file can show, are no report to audit).
    public static func assemble(_ doc: SourceDocument, file: String, options: ReadOptions = ReadOptions()) throws -> AnnualReport {
        let lines = doc.lines
        let cores = lines.map { Norm.core($0.text) }
        let (headings, misnumbered) = findHeadings(cores: cores, lines: lines)

        let meta = Metadata.extract(lines: lines, cores: cores, containerTitle: doc.containerTitle, containerDate: doc.containerDate)
        let detected = detectFormat(cores: cores)
        let format: ReportFormat
        var formatDetected = true
        if let f = options.format { format = f; formatDetected = false }
        else if let d = detected { format = d }
        else { format = ReportFormat.applicable(toYear: meta.year ?? 2021); formatDetected = false }

        var report = AnnualReport(format: format, year: meta.year, agency: meta.agency, agencyKind: options.agencyKind)
        report.file = file
        report.sourceEncoding = doc.encoding == "UTF-8" ? nil : doc.encoding
        report.formatDetected = formatDetected
        report.title = meta.title
        report.agencyNote = meta.agencyNote
        report.date = meta.date
        report.dateSource = meta.dateSource
        report.invalidDateText = meta.invalidDate
        report.yearMentions = meta.yearMentions

        // Regions: section k runs from its heading to the next heading found.
        func region(_ k: Int) -> Range<Int>? {
            guard let start = headings[k] else { return nil }
            let end = (k < 6 ? Array((k + 1)...6) : []).compactMap { headings[$0] }.first ?? lines.count
            return (start + 1)..<max(start + 1, end)
        }
        for k in 1...6 {
            let i = k - 1
            guard let start = headings[k], let r = region(k) else { report.sections[i].present = false; continue }
            report.sections[i].source = lines[start].source
            report.sections[i].text = lines[r].filter { $0.kind == .free }.map { Norm.collapse($0.text) }
                .filter { !$0.isEmpty }.joined(separator: "\n")
        }

        let t2Region = region(2) ?? fallbackRegion(cores: cores, start: ["第二十条第一项"], end: ["本年新收", "申请人情况"])
        let t3Region = region(3) ?? fallbackRegion(cores: cores, start: ["申请人情况", "本年新收"], end: ["结转下年度继续办理"], inclusiveEnd: true)
        // Without its heading, table 四 starts after table 三 (its header's first rows may be just above 结果维持, but
        // never table 三's last rows).
        let t4Region = region(4) ?? fallbackRegion(cores: cores, start: ["结果维持"], end: ["存在的主要问题"]).map { r in
            // After table 三's last row (结转下年度继续办理) when it is above.
            let last = (0..<r.upperBound).last { cores[$0].has("结转下年度") } ?? -1
            return max(r.lowerBound, min(last + 1, r.upperBound))..<r.upperBound
        }

        var notes: [Finding] = []
        Table2Reader.read(lines: lines, cores: cores, region: t2Region, into: &report, notes: &notes)
        // Text copied without its layout (cells on lines of their own): tables 三 and 四 are read as such.
        let rawText = t3Region.map { RawPDFTable.isRaw(lines: lines, region: $0) } ?? false
        Table3Reader.read(lines: lines, cores: cores, region: t3Region, raw: rawText, into: &report, notes: &notes)
        // (Table 四 so even with too few numbers to tell alone.)
        Table4Reader.read(lines: lines, region: t4Region, into: &report, raw: rawText)
        for (k, i) in misnumbered {
            let shown = Norm.collapse(lines[i].text)
            notes.append(Finding(rule: .S4, severity: .warning, table: "正文", row: ReportFormat.sectionHeadings[k - 1],
                                 message: "第\(k)部分的标题“\(shown)”编号不是“\(numerals[k - 1])”（按标题文字识别为“\(ReportFormat.sectionHeadings[k - 1])”）",
                                 source: lines[i].source))
        }
        report.readerNotes = notes

        let anyTable3 = report.table3.contains { $0.present }
        let anyTable2 = report.table2.contains { $0.present }
        if headings.values.isEmpty && !anyTable3 && !anyTable2 && !report.table4Present {
            throw ReaderError.notAReport(file: file, reason: "没有找到年报的章节标题（如“三、收到和处理政府信息公开申请情况”）或表格")
        }
        if !anyTable3 && !anyTable2 && !report.table4Present && headings.count < 3 {
            throw ReaderError.notAReport(file: file, reason: "没有找到年报的统计表格，章节标题也不全")
        }
        // Table 四 counts as present from its heading alone (all cells blank): here only values count.
        let table4Values = report.table4Present && report.table4.cells.contains { !$0.value.isBlank }
        if !anyTable3 && !anyTable2 && !table4Values && meta.title == nil && meta.agency == nil && meta.year == nil {
            throw ReaderError.notAReport(file: file, reason: "没有找到年报的标题、机关、年度，也没有找到统计表格")
        }
        return report
    }

    /// Heading keys: the numeral that starts the heading and words it must contain.
    static let headingKeys: [(Int, String, [String])] = [
        (1, "一", ["总体情况"]),
        (2, "二", ["主动公开"]),
        (3, "三", ["申请"]),
        (4, "四", ["复议", "诉讼"]),
        (5, "五", ["问题"]),
        (6, "六", ["其他", "事项"]),
    ]

    /// The words that name each section whatever numeral its heading carries (the official headings' own words).
    static let headingWords: [Int: [[String]]] = [
        1: [["总体情况"]],
        2: [["主动公开", "情况"], ["主动公开政府信息"]],
        3: [["收到和处理", "申请"], ["政府信息公开申请", "情况"]],
        4: [["复议", "诉讼", "情况"]],
        5: [["存在", "问题"], ["问题", "改进"]],
        6: [["其他", "需要报告"], ["其他", "事项"]],
    ]
    static let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

    /// The top-level numeral a heading starts with ("三、…" → 3), after stray Latin letters or spaces that
    /// extraction leaves ("l六、…"); nil for a line that is not numbered so.
    static func headingNumeral(_ c: String, extended: Bool = false) -> Int? {
        if !extended {
            let t = c.drop(while: { $0.isASCII && ($0.isLetter || $0 == " ") })
            guard let f = t.first, let n = numerals.firstIndex(of: String(f)) else { return nil }
            let rest = t.dropFirst()
            guard let sep = rest.first, "、.．,，:：".contains(sep) || rest.hasPrefix("部分") else { return nil }
            return n + 1
        }
        var t = Substring(c.filter { $0 != " " && $0 != "\u{3000}" })
        // "（2）…", "(2)…": a bracketed Arabic numeral.
        if let f = t.first, f == "（" || f == "(" {
            let digits = t.dropFirst().prefix { $0.isASCII && $0.isNumber }
            let after = t.dropFirst(1 + digits.count)
            guard !digits.isEmpty, digits.count <= 2, let close = after.first, close == "）" || close == ")",
                  after.dropFirst().first.map({ !$0.isNumber }) ?? false else { return nil }
            return Int(digits)
        }
        // "第二部分…", "第2部分…"
        var part = false
        if t.hasPrefix("第") { t = t.dropFirst(); part = true }
        let romans: [Character] = ["Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "Ⅵ", "Ⅶ", "Ⅷ", "Ⅸ", "Ⅹ"]
        var n: Int?
        var rest = t
        if let f = t.first, let k = romans.firstIndex(of: f) {
            n = k + 1; rest = t.dropFirst()
        } else if let f = t.first, f.isASCII, f.isNumber {
            let digits = t.prefix { $0.isASCII && $0.isNumber }
            guard digits.count <= 2 else { return nil }
            n = Int(digits); rest = t.dropFirst(digits.count)
        } else {
            if !part { t = t.drop(while: { $0.isASCII && $0.isLetter }); rest = t }
            guard let f = t.first, let k = numerals.firstIndex(of: String(f)) else { return nil }
            n = k + 1; rest = t.dropFirst()
        }
        guard let number = n else { return nil }
        if part { return rest.hasPrefix("部分") || rest.hasPrefix("章") ? number : nil }
        guard let sep = rest.first else { return nil }
        // "2.主动公开…" but not "2.5" or a date; "三、" "Ⅱ、" "一." "四，" "三部分"
        if sep == "." || sep == "．" { return rest.dropFirst().first.map { !$0.isNumber } ?? false ? number : nil }
        return "、,，:：".contains(sep) || rest.hasPrefix("部分") ? number : nil
    }

    /// Whether a short line is a section's heading written without any number ("主动公开政府信息情况"): its words are
    /// exactly the official heading's, the numeral left out.
    static func unnumberedHeading(_ core: String, section k: Int) -> Bool {
        guard core.count <= 24 else { return false }
        return Norm.core(String(ReportFormat.sectionHeadings[k - 1].drop { $0 != "、" }.dropFirst())) == core
    }

    /// Finds the line index of each section heading (一 … 六), in order: a short line without figures, numbered
    /// with any top-level numeral (when Chinese numerals do not find all six: also "2.", "Ⅱ、", "第二部分", or a heading
    /// written without a number but in the official words), that has the section's words. Sections are found by their words, not by the
    /// numeral (agencies number them 三…七, or with a stray letter); a heading whose numeral is not the section's is
    /// listed in `misnumbered` (section, line) for a warning.
    static func findHeadings(cores: [String], lines: [SourceLine]) -> (lines: [Int: Int], misnumbered: [(Int, Int)]) {
        let strict = findHeadings(cores: cores, lines: lines, extended: false)
        guard strict.lines.count < 6 else { return strict }
        // Some sections not found under Chinese numerals: try headings numbered "2.", "Ⅱ、", "第二部分", or not at all.
        let extended = findHeadings(cores: cores, lines: lines, extended: true)
        return extended.lines.count > strict.lines.count ? extended : strict
    }

    static func findHeadings(cores: [String], lines: [SourceLine], extended: Bool) -> (lines: [Int: Int], misnumbered: [(Int, Int)]) {
        var out: [Int: Int] = [:]
        var misnumbered: [(Int, Int)] = []
        var from = 0
        for (k, numeral, words) in headingKeys {
            var i = from
            while i < cores.count {
                let c = cores[i]
                if c.count <= 40, !(k == 3 && c.has("本年度办理结果")), !(k == 4 && c.has("结转")), !c.has("本年新收"), !c.has("上年结转") {
                    let number = headingNumeral(Norm.collapse(lines[i].text), extended: extended)
                    let exact = c.hasPrefix(numeral) && words.allSatisfy({ c.has($0) }) && !c.hasPrefix(numeral + "是")
                    let byWords = number != nil && !lines[i].text.contains("。") && headingWords[k]!.contains { ws in ws.allSatisfy { c.has($0) } }
                    if (exact || byWords || extended && unnumberedHeading(c, section: k)), TokenizedLine(lines[i]).numericCount == 0 {
                        out[k] = i; from = i + 1
                        if let number, number != k { misnumbered.append((k, i)) }
                        break
                    }
                }
                i += 1
            }
        }
        return (out, misnumbered)
    }

    /// A region found by marker words when a section heading is missing.
    static func fallbackRegion(cores: [String], start: [String], end: [String], inclusiveEnd: Bool = false) -> Range<Int>? {
        guard let s = cores.firstIndex(where: { c in start.contains { c.has($0) } }) else { return nil }
        let startLine = max(0, s - 3)
        var e = cores.count
        if let f = cores[s...].firstIndex(where: { c in end.contains { c.has($0) } }) { e = inclusiveEnd ? f + 1 : f }
        return startLine..<max(startLine, e)
    }

    /// Format detection from rows and columns present: words only the 2021 template has against words only
    /// the 2019 template has. Returns nil when neither appears.
    static func detectFormat(cores: [String]) -> ReportFormat? {
        let only2021 = ["本年制发件数", "本年废止件数", "现行有效件数", "行政规范性文件", "本年处理决定数量", "本年收费金额",
                        "逾期不补正", "收费通知要求缴纳费用"]
        let only2019 = ["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "政府集中采购", "采购项目数量",
                        "采购总金额", "其他对外管理服务事项"]
        let all = cores.joined(separator: "\n")
        let a = only2021.filter { all.has($0) }.count, b = only2019.filter { all.has($0) }.count
        if a == 0 && b == 0 { return nil }
        return a >= b ? .f2021 : .f2019
    }
}
