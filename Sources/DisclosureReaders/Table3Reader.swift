import Foundation
import DisclosureRules

/// Row markers of the report tables: "一、", "（三）", "3.", "3、", "3．" at the start of a label.
enum RowMarker {
    /// Whether `text` (spaces removed) starts with a row marker.
    static func starts(_ text: String) -> Bool { markerEnd(Array(squeezed(text)), at: 0) != nil }

    /// `text` without spaces (PDF text spaces out the characters of labels: "1. 本 机 关").
    static func squeezed(_ text: String) -> String {
        String(String.UnicodeScalarView(Norm.collapse(text).unicodeScalars.filter { $0 != " " }))
    }

    /// The part of `text` from its last row marker that has words after it ("三、本（一）予以公开" → "（一）予以公开";
    /// "（三）1.属于国家秘密" → "1.属于国家秘密"); nil when it has none. A marker with nothing after it is a group marker.
    static func lastRowStart(_ text: String) -> String? {
        let c = Array(squeezed(text))
        var found: Int?
        var i = 0
        while i < c.count {
            if let end = markerEnd(c, at: i), end < c.count, Norm.cjkCount(String(c[end...])) > 0 {
                // "三、" inside words is no marker ("第三、四项"): it must start the text or follow punctuation. A
                // bracketed numeral or "2." may follow the shredded words of a merged cell ("不予公2.其他…").
                if i == 0 || "）)、.．，,".contains(c[i - 1]) || "（(".contains(c[i]) || c[i].isASCII {
                    found = i
                }
                i = end
            } else {
                i += 1
            }
        }
        guard let found else { return nil }
        return String(c[found...])
    }

    /// End index of a marker starting at `i`, or nil.
    static func markerEnd(_ c: [Character], at i: Int) -> Int? {
        let numerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        guard i < c.count else { return nil }
        if c[i] == "（" || c[i] == "(" {
            var j = i + 1
            while j < c.count, numerals.contains(c[j]) { j += 1 }
            if j > i + 1, j < c.count, c[j] == "）" || c[j] == ")" { return j + 1 }
            return nil
        }
        if numerals.contains(c[i]) {
            var j = i
            while j < c.count, numerals.contains(c[j]) { j += 1 }
            if j < c.count, c[j] == "、" { return j + 1 }
            return nil
        }
        if c[i].isASCII, c[i].isNumber {
            var j = i
            while j < c.count, c[j].isASCII, c[j].isNumber { j += 1 }
            if j - i <= 2, j < c.count, ".．、".contains(c[j]) { return j + 1 }
        }
        return nil
    }
}

extension Table3Reader {
    /// When table 三 in text prints each row's figures on the line above its label — after the header, the lines
    /// alternate figures / label, begin with figures and end with a label, at least three pairs, and most labels
    /// name a row — the rows read as (figures, the label below). Nil for any other shape.
    static func labelAfterPairs(lines: [SourceLine], cores: [String], region: Range<Int>, matcher: LabelMatcher) -> [Observed]? {
        var started = false
        var seq: [(TokenizedLine, Bool)] = []  // (line, isFigures)
        for i in region {
            if !started { if headerWords.contains(where: { cores[i].has($0) }) { started = true }; continue }
            let line = TokenizedLine(lines[i])
            guard line.kind == .free else { return nil }
            if line.hasValues {
                guard Norm.cjkCount(line.fullLabel) == 0 else { return nil }
                seq.append((line, true))
            } else if Norm.cjkCount(line.fullLabel) > 0 {
                if seq.isEmpty { continue }  // the header's last lines
                if line.fullLabel.has("。") { break }
                seq.append((line, false))
            }
        }
        guard seq.count >= 6, seq.count % 2 == 0, seq.first!.1, !seq.last!.1 else { return nil }
        var out: [Observed] = []
        var named = 0
        for k in stride(from: 0, to: seq.count, by: 2) {
            guard seq[k].1, !seq[k + 1].1 else { return nil }
            let label = seq[k + 1].0.fullLabel
            let exact = matcher.match(label, cursor: 0, exact: true)
            if exact != nil || matcher.match(label, cursor: 0) != nil { named += 1 }
            var readings = [label]
            if let start = RowMarker.lastRowStart(label), Norm.core(start) != Norm.core(label) { readings.append(start) }
            out.append(Observed(line: seq[k].0, readings: readings, printed: label, exact: exact))
        }
        return named * 2 >= out.count ? out : nil
    }
}

/// Table 三 (收到和处理政府信息公开申请情况): 23 or 25 rows × 7 columns.
///
/// The rows read (each a label and its cells) are placed on the format's rows by `RowAlignment`: by their words
/// where the words fit, by the order of the template where a label is cut, carried on a line of its own, or missing.
/// Text copied out of a PDF viewer without its layout (most cells on lines of their own) is read by `RawPDFTable`.
enum Table3Reader {
    /// A row as read: its label readings, its values, and whether it is a placeholder row (—, 无, /).
    struct Observed {
        var line: TokenizedLine
        /// The ways its label can be read (own label; with the fragments before or after it).
        var readings: [String]
        /// The label as printed (for `sourceLabel` and messages).
        var printed: String
        /// The official row its label names exactly, if any.
        var exact: Int?
    }

    static let headerWords = ["申请人情况", "自然人", "勾稽关系", "法人或其他组织"]
    /// The label matcher of each format's rows (built once).
    static let matchers: [ReportFormat: LabelMatcher] = Dictionary(uniqueKeysWithValues: ReportFormat.allCases.map {
        ($0, LabelMatcher(labels: $0.table3Rows.map(\.label)))
    })

    /// - Parameter raw: the region is text copied without its layout (`RawPDFTable.isRaw`), read by `RawPDFTable`.
    static func read(lines: [SourceLine], cores: [String], region: Range<Int>?, raw: Bool, into report: inout AnnualReport, notes: inout [Finding]) {
        for r in report.table3.indices { report.table3[r].present = false }
        guard let region else { report.table3Present = false; return }
        if raw {
            RawPDFTable.readTable3(lines: lines, region: region, into: &report, notes: &notes)
            return
        }
        let specs = report.format.table3Rows
        let matcher = Self.matchers[report.format]!
        let template = RowAlignment.Template.table3[report.format]!
        var observed: [Observed] = []
        var started = false
        var headerColumns: [String] = []
        var exactSeen = Set<Int>()
        // Label-only lines (free text) since the last row read: cut labels, labels on a line of their own.
        var fragments: [String] = []
        // Labels on lines without numbers (a fragment that starts a row, with those that continue it): a row printed
        // with every cell empty, unless numbers follow it.
        var labelOnly: [(head: String, joined: String, source: SourceRef)] = []

        func attach(_ line: TokenizedLine, exact lineExact: Int?) {
            var own = line.fullLabel
            var before: [String] = [], after: [String] = []
            if !fragments.isEmpty {
                if own.isEmpty {
                    before = fragments
                } else {
                    // Fragments up to the first that starts a row continue the previous row's label; the rest start this one.
                    let split = fragments.firstIndex(where: RowMarker.starts) ?? fragments.count
                    after = Array(fragments[..<split]); before = Array(fragments[split...])
                }
                fragments = []
            }
            if !after.isEmpty, var prev = observed.popLast() {
                let joined = after.joined()
                prev.readings.append(prev.printed + joined)
                if prev.line.kind == .free { prev.printed += joined }
                observed.append(prev)
            }
            var readings: [String] = []
            if line.kind == .positional {
                let parts = line.labelParts
                if let last = parts.last { readings.append(last) }
                if parts.count > 1 { readings.append(own) }
            } else if !own.isEmpty {
                readings.append(own)
                // A merged group label printed before the row's own ("三、本年度办理结果 （一）予以公开").
                if let start = RowMarker.lastRowStart(own), Norm.core(start) != Norm.core(own) { readings.append(start) }
            }
            if !before.isEmpty {
                let b = before.joined()
                readings.append(b + own)
                if own.isEmpty { own = b }
            }
            let exact = lineExact ?? (own.isEmpty || before.isEmpty ? nil : matcher.match(own, cursor: 0, exact: true))
            observed.append(Observed(line: line, readings: readings, printed: own, exact: exact))
        }

        for i in region {
            let line = TokenizedLine(lines[i])
            if !started && headerWords.contains(where: { cores[i].has($0) }) { started = true }
            if !line.hasValues {
                // A row is a row when its label is there, whatever its cells hold: left blank, or written with
                // placeholders (—, 无, /, one / spanning the row).
                let texts = line.values.map { Norm.collapse($0.text) }
                let placeholders = !texts.isEmpty && texts.allSatisfy { $0.isEmpty || NumberToken.isPlaceholder($0) }
                // (A header line ending in the column label "其他" must not pass for the row "3.其他".)
                if started, line.kind == .positional || (placeholders && texts.contains { !$0.isEmpty }), placeholders,
                   line.labelParts.count <= 3, let r = matcher.match(line, cursor: 0, exact: true), !exactSeen.contains(r) {
                    fragments = []
                    observed.append(Observed(line: line, readings: [line.labelParts.last ?? line.fullLabel], printed: line.fullLabel, exact: r))
                    exactSeen.insert(r)
                } else if observed.isEmpty && line.kind == .positional {
                    for f in lines[i].fields {
                        let c = Norm.collapse(f.text).replacingOccurrences(of: " ", with: "")
                        if !c.isEmpty, Norm.cjkCount(c) >= 2, Norm.core(c).count <= 8, !c.has("勾稽") { headerColumns.append(Norm.core(c)) }
                    }
                } else if started, line.kind == .free, !line.label.isEmpty, line.values.isEmpty,
                          Norm.cjkCount(line.fullLabel) >= 1, !line.fullLabel.has("。"), Norm.core(line.fullLabel).count <= 40 {
                    fragments.append(line.fullLabel)
                    // Kept for rows printed with every cell empty: a fragment that starts a row, and those that continue it.
                    if let start = RowMarker.lastRowStart(line.fullLabel) ?? (matcher.match(line.fullLabel, cursor: 0, exact: true) != nil ? line.fullLabel : nil) {
                        labelOnly.append((start, start, line.source))
                    } else if !labelOnly.isEmpty, labelOnly[labelOnly.count - 1].2.line.map({ $0 + 3 >= (line.source.line ?? 0) }) ?? false {
                        labelOnly[labelOnly.count - 1].1 += line.fullLabel
                    }
                }
                continue
            }
            guard looksTabular(line) else { continue }
            // Before the table's header, only a row whose label names a row of the table starts it.
            var lineExact = matcher.match(line, cursor: 0, exact: true)
            // "2.其他" is not "3.其他": the same words under another list number name another row.
            if let e = lineExact, RowAlignment.markersDiffer(line.labelParts.last ?? line.fullLabel, template.labels[e]) { lineExact = nil }
            // (A row of table 二 just above a table 三 without its heading is not a row of table 三.)
            if !started && lineExact == nil && matcher.match(line, cursor: 0) == nil { continue }
            // A row printed twice under its exact label is a duplicate: report it, keep the first, do not shift the rest.
            if let exact = lineExact, exactSeen.contains(exact), line.kind == .positional || started {
                notes.append(Finding(rule: .S3, severity: .error, table: "表三", row: report.table3[exact].label,
                                     message: "表三“\(report.table3[exact].label)”行重复出现，已读取第一次出现的数值，重复行为：\(line.values.map { Norm.collapse($0.text) }.joined(separator: " "))",
                                     source: line.source))
                fragments = []
                continue
            }
            started = true
            attach(line, exact: lineExact)
            if let e = observed.last?.exact { exactSeen.insert(e) }
        }
        if !fragments.isEmpty, var prev = observed.popLast() {
            prev.readings.append(prev.printed + fragments.joined())
            observed.append(prev)
        }

        // Labels printed after their numbers (each row's figures on the line above its label): read in pairs.
        if let pairs = labelAfterPairs(lines: lines, cores: cores, region: region, matcher: matcher) {
            observed = pairs; labelOnly = []
        }
        let placements = RowAlignment.align(readings: observed.map(\.readings), template: template,
                                            exact: observed.map(\.exact))
        var filled = Set<Int>()
        for (o, p) in zip(observed, placements) {
            guard let r = p.row else { continue }
            var row = report.table3[r]
            fill(&row, from: o.line, expected: 7)
            if !o.line.hasValues {
                // One placeholder written across the whole row stands for every cell.
                let written = o.line.values.map { Norm.collapse($0.text) }.filter { !$0.isEmpty }
                if written.count == 1, let mark = written.first, row.cells.filter({ !$0.value.isBlank }).count == 1 {
                    for c in row.cells.indices where row.cells[c].value.isBlank { row.cells[c] = Cell(CellValue.parse(mark), source: o.line.source) }
                }
            }
            if !o.printed.isEmpty, o.exact != r || Norm.core(o.readings.first ?? "") != Norm.core(row.label) { row.sourceLabel = o.printed }
            if p.by == .order, !o.printed.isEmpty, Norm.cjkCount(o.printed) >= 2 {
                notes.append(Finding(rule: .S4, severity: .warning, table: "表三", row: o.printed,
                                     message: "表三行标签“\(o.printed)”不是年报格式的标签，按行的次序读作“\(row.label)”", source: o.line.source))
            }
            report.table3[r] = row
            filled.insert(r)
        }
        for (o, p) in zip(observed, placements) where p.row == nil {
            let shown = o.line.values.map { Norm.collapse($0.text) }.joined(separator: " ")
            if p.candidates.count > 1 {
                let names = p.candidates.map { "“\(specs[$0].label)”" }
                let reason = "第\(o.line.source.line.map(String.init) ?? "?")行的一行数值（\(shown)）\(o.printed.isEmpty ? "没有行标签" : "标签“\(o.printed)”不完整")，按次序和文字可能属于\(names.joined(separator: "或"))，无法确定"
                // The rows it may belong to are there (not missing): their cells cannot be placed.
                for c in p.candidates where !filled.contains(c) {
                    report.table3[c].present = true
                    report.table3[c].source = o.line.source
                    report.table3[c].cells = Array(repeating: Cell(.unreadable(reason: reason), source: o.line.source), count: 7)
                    filled.insert(c)
                }
            } else {
                // In a table's cells an extra row is the report's; in text (a PDF copy) it may be a figure wrapped onto
                // a line of its own, so there it is a warning that it was not read.
                let positional = o.line.kind == .positional
                notes.append(Finding(rule: .S3, severity: positional ? .error : .warning, table: "表三", row: o.printed.isEmpty ? nil : o.printed,
                                     message: positional ? "表三多出一行数值：\(shown)" : "表三有一行数值无法确定属于哪一行，未读取：\(shown)",
                                     source: o.line.source))
            }
        }
        // A row whose label stands alone and whose numbers were not found after it: printed with its cells empty
        // (in text a blank cell leaves nothing), blank (S2), not missing.
        for (head, joined, src) in labelOnly {
            let readings = [RowAlignment.Label(head), RowAlignment.Label(joined)]
            var r: Int? = template.exactIndex[readings[0].core] ?? template.exactIndex[readings[1].core]
            if r == nil {
                let scores = template.labels.map { t in readings.map { RowAlignment.similarity($0, t) }.max() ?? 0 }
                let best = scores.max() ?? 0
                let at = scores.indices.filter { scores[$0] >= best - 1e-9 }
                if best >= 0.75, at.count == 1 { r = at[0] }
            }
            guard let r, !filled.contains(r) else { continue }
            report.table3[r].present = true
            report.table3[r].source = src
            report.table3[r].cells = Array(repeating: Cell(.blank, source: src), count: 7)
            filled.insert(r)
        }
        report.table3Present = !filled.isEmpty
        var seen = Set<String>()
        report.table3SourceColumns = headerColumns.filter { seen.insert($0).inserted }
    }
}
