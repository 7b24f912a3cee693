import Foundation
import DisclosureRules

/// Tables in text copied out of a PDF viewer, or extracted by `pdftotext` without `-layout`: most cells on a line
/// of their own, labels broken mid-word, some labels after their numbers, the cells of one row interleaved with
/// those of the next. Here the order of the numbers is not the order of the cells, so a number is placed only where
/// it cannot have come from elsewhere:
///
/// - a row label followed by exactly its cells (7 in table 三) whose six applicant columns add up to the 总计 column
///   (rule I1 confirms the reading), or by more, of which the first seven add up so;
/// - seven numbers left over just before a row label that has none (a label printed after its numbers), adding up;
/// - table 二's blocks when their numbers are as many as their rows × columns (row by row, as the page reads);
/// - table 四 only when its fifteen numbers are all the same (every placement then reads alike).
///
/// Every other cell is `CellValue.unreadable` with the reason, and the numbers that could not be placed are
/// reported — never a number in a row it did not come from, never an arithmetic error against a report that adds
/// up (issue "audit reads reports as published", kind 5).
enum RawPDFTable {
    /// Whether the numbers of a table region stand mostly on lines of their own (at least `minimum` such lines,
    /// three times as many as lines with three or more numbers, and no separated — positional — row with values).
    static func isRaw(lines: [SourceLine], region: Range<Int>, minimum: Int = 10) -> Bool {
        var short = 0, long = 0
        for i in region {
            let t = TokenizedLine(lines[i])
            guard t.hasValues else { continue }
            if t.kind == .positional { return false }
            if t.fullLabel.has("。") || t.fullLabel.has("，") && t.fullLabel.count > 30 { continue }
            if t.numericCount <= 2 { short += 1 } else { long += 1 }
        }
        return short >= minimum && short >= 3 * long
    }

    /// One item of the token stream: a label fragment or a number.
    enum Item {
        case text(String, SourceRef)
        case number(SourceField)
    }

    /// The region as a stream of label fragments and numbers, in reading order; sentences (with 。) are dropped.
    static func stream(lines: [SourceLine], region: Range<Int>) -> [Item] {
        var out: [Item] = []
        for i in region {
            let line = lines[i]
            let text = line.fields.map(\.text).joined(separator: " ")
            if text.contains("。") { continue }
            var words: [String] = []
            func flush() { if !words.isEmpty { out.append(.text(words.joined(separator: " "), line.source)); words = [] } }
            for token in text.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" || $0 == "\u{3000}" || $0 == "\t" }) {
                let t = String(token)
                if NumberToken.parse(t) != nil { flush(); out.append(.number(SourceField(t, source: line.source))) } else { words.append(t) }
            }
            flush()
        }
        return out
    }

    /// A row as the stream gives it: the label (from its row marker, with the fragments that follow it) and the
    /// numbers up to the next row's label.
    struct RawRow {
        var label: String
        var numbers: [SourceField]
        var source: SourceRef
        /// The fragment the label starts with (the label before the fragments that follow it were added).
        var head: String
    }

    /// Splits a stream into rows at each fragment that carries a row marker followed by words. Numbers before the
    /// first row are returned as `lead`.
    static func rows(_ items: [Item]) -> (lead: [SourceField], rows: [RawRow]) {
        var lead: [SourceField] = []
        var rows: [RawRow] = []
        for item in items {
            switch item {
            case .text(let t, let src):
                if let start = RowMarker.lastRowStart(t) {
                    rows.append(RawRow(label: start, numbers: [], source: src, head: start))
                } else if !rows.isEmpty {
                    rows[rows.count - 1].label += RowMarker.squeezed(t)
                }
            case .number(let f):
                if rows.isEmpty { lead.append(f) } else { rows[rows.count - 1].numbers.append(f) }
            }
        }
        return (lead, rows)
    }

    /// Whether seven numbers read as one table 三 row: whole non-negative counts whose first six add up to the seventh.
    static func addsUp(_ v: ArraySlice<SourceField>) -> Bool {
        guard v.count == 7 else { return false }
        let n = v.map { CellValue.parse($0.text).integer }
        guard n.allSatisfy({ $0 != nil && $0! >= 0 }) else { return false }
        return n[0..<6].reduce(0) { $0 + $1! } == n[6]!
    }

    static func describe(_ v: [SourceField]) -> String {
        let shown = v.prefix(12).map { Norm.collapse($0.text) }.joined(separator: " ")
        return v.count > 12 ? shown + " …" : shown
    }

    static func lineSpan(_ v: [SourceField]) -> String {
        let ls = v.compactMap(\.source.line)
        guard let a = ls.min(), let b = ls.max() else { return "" }
        return a == b ? "第\(a)行" : "第\(a)–\(b)行"
    }

    static let rawNote = "（无版式的 PDF 文本：数值各占一行，其次序不是表格的行列次序）"

    static func readTable3(lines: [SourceLine], region: Range<Int>, into report: inout AnnualReport, notes: inout [Finding]) {
        let specs = report.format.table3Rows
        let template = specs.map { RowAlignment.Label($0.label) }
        var (lead, rows) = rows(stream(lines: lines, region: region))
        // Each row's label is matched on its own (the order of such text is not the table's). A group's label
        // (三、本年度办理结果, （三）不予公开…) is passed over; any other label that names no row — or one already
        // taken — is kept as an unknown row: the numbers around it cannot be placed.
        let groupCores = Set(specs.compactMap(\.group)).map { Norm.core($0) }
        func isGroup(_ head: String) -> Bool {
            let c = Norm.core(head)
            return c.count >= 2 && groupCores.contains { $0.hasPrefix(c) || c.hasPrefix($0) }
        }
        var kept: [(RawRow, Int?)] = []
        var unplaced: [[SourceField]] = []
        for row in rows {
            let readings = [RowAlignment.Label(row.head), RowAlignment.Label(row.label)]
            let scores = template.map { t in readings.map { RowAlignment.similarity($0, t) }.max()! }
            let best = scores.max() ?? 0
            if best >= RowAlignment.threshold {
                let cands = scores.indices.filter { scores[$0] >= best - 1e-9 }
                // Two rows fit equally: the later one after the row before (the order breaks the tie), else none.
                let previous: Int = kept.last(where: { $0.1 != nil })?.1 ?? -1
                if let j = cands.count == 1 ? cands[0] : cands.first(where: { $0 > previous }), !kept.contains(where: { $0.1 == j }) {
                    kept.append((row, j)); continue
                }
            }
            if isGroup(row.head) && row.numbers.isEmpty { continue }
            if kept.isEmpty && row.numbers.isEmpty { continue }
            kept.append((row, nil))
        }
        rows = []
        if !lead.isEmpty { unplaced.append(lead) }
        var leftover: [SourceField] = []
        var placed = Set<Int>()
        // Groups of labels read one after another, all but the last without numbers (merged cells print their
        // labels first): k labels take k × 7 numbers in order, each seven adding up.
        var groups: [[(RawRow, Int?)]] = []
        for item in kept {
            if let last = groups.last?.last, last.0.numbers.isEmpty { groups[groups.count - 1].append(item) } else { groups.append([item]) }
        }
        for group in groups {
            let v = group.last!.0.numbers
            let k = group.count
            var values: [[SourceField]]? = nil
            let unknown = group.contains { $0.1 == nil }
            if unknown {
                if !leftover.isEmpty { unplaced.append(leftover); leftover = [] }
                if !v.isEmpty { unplaced.append(v) }
            } else if v.count >= 7 * k, (0..<k).allSatisfy({ addsUp(v[(7 * $0)..<(7 * $0 + 7)]) }) {
                values = (0..<k).map { Array(v[(7 * $0)..<(7 * $0 + 7)]) }
                if !leftover.isEmpty { unplaced.append(leftover) }
                leftover = Array(v[(7 * k)...])
            } else if k == 1, v.isEmpty, leftover.count == 7, addsUp(leftover[...]) {
                // A label printed after its numbers.
                values = [leftover]
                leftover = []
            } else {
                if !leftover.isEmpty { unplaced.append(leftover); leftover = [] }
                if !v.isEmpty { unplaced.append(v) }
            }
            for (n, (row, jj)) in group.enumerated() {
                guard let j = jj else { continue }
                var r = report.table3[j]
                r.present = true
                r.source = row.source
                if Norm.core(row.label) != Norm.core(r.label) { r.sourceLabel = row.label }
                if let values {
                    r.cells = values[n].map { Cell(CellValue.parse($0.text), source: $0.source) }
                } else {
                    let reason: String
                    let who = k > 1 ? "连续\(k)个行标签后" : "标签后"
                    if unknown {
                        reason = "附近有无法识别的行标签“\(group.first { $0.1 == nil }!.0.label)”，其后的数值（\(describe(v))）无法确定属于哪一行\(rawNote)"
                    } else if v.count == 7 * k {
                        reason = "\(who)的\(v.count)个数值（\(describe(v))）按行分组后前六列之和不等于总计，在无版式文本中可能混有其他行的数值\(rawNote)"
                    } else if v.count > 7 * k {
                        reason = "\(who)有\(v.count)个数值（\(describe(v))），按行分组后之和不等于总计，无法确定哪些属于本行\(rawNote)"
                    } else if v.isEmpty {
                        reason = "\(who)没有数值\(rawNote)"
                    } else {
                        reason = "\(who)只有\(v.count)个数值（\(describe(v))），应为\(7 * k)个\(rawNote)"
                    }
                    r.cells = Array(repeating: Cell(.unreadable(reason: reason), source: row.source), count: 7)
                }
                report.table3[j] = r
                placed.insert(j)
            }
        }
        if !leftover.isEmpty { unplaced.append(leftover) }
        // Rows whose label was not found: in such text a label can be lost among the fragments, so the row is not
        // said to be missing (S1); its cells are unreadable.
        if !placed.isEmpty {
            for j in specs.indices where !placed.contains(j) {
                report.table3[j].present = true
                report.table3[j].cells = Array(repeating: Cell(.unreadable(reason: "无版式的 PDF 文本中没有找到这一行的标签"), source: nil), count: 7)
            }
        }
        report.table3Present = !placed.isEmpty
        let lost = unplaced.flatMap { $0 }
        if !lost.isEmpty {
            notes.append(Finding(rule: .S3, severity: .warning, table: "表三",
                                 message: "表三有\(lost.count)个数值无法确定所在的行列，未读取（\(lineSpan(lost))）\(rawNote)",
                                 source: lost.first?.source))
        }
    }

    /// Table 四 in such text: its header is shredded into single characters, so the column of a number is unknown.
    static func readTable4(lines: [SourceLine], region: Range<Int>, into report: inout AnnualReport) {
        let numbers = stream(lines: lines, region: region).compactMap { item -> SourceField? in
            if case .number(let f) = item { return f } else { return nil }
        }
        report.table4Present = true
        report.table4.source = numbers.first?.source ?? lines[region.lowerBound].source
        let values = numbers.map { NumberToken.parse($0.text) }
        if numbers.isEmpty {
            // Nothing printed under the header: every cell blank (S2).
            report.table4.cells = Array(repeating: Cell(.blank, source: report.table4.source), count: 15)
            return
        }
        if numbers.count == 15, let first = values.first, values.allSatisfy({ $0 == first }) {
            report.table4.cells = numbers.map { Cell(CellValue.parse($0.text), source: $0.source) }
            return
        }
        let reason = "表四有\(numbers.count)个数值（\(describe(numbers))），表头被拆散，无法确定各数值所在的列\(rawNote)"
        report.table4.cells = Array(repeating: Cell(.unreadable(reason: reason), source: report.table4.source), count: 15)
    }
}
