import Foundation
import DisclosureRules

/// Matches printed row labels against a list of official labels.
struct LabelMatcher {
    let cores: [String]
    let stripped: [String]

    init(labels: [String]) {
        cores = labels.map(Norm.core)
        stripped = cores.map(Norm.stripMarker)
    }

    /// Index of the official label `printed` stands for, preferring indices at or after `cursor`.
    /// - exact: only an exact match of the label's words counts (used for lines without values).
    func match(_ printed: String, cursor: Int, exact: Bool = false) -> Int? {
        let c = Norm.core(printed)
        guard !c.isEmpty else { return nil }
        let s = Norm.stripMarker(c)
        var candidates: [Int] = []
        for i in cores.indices where cores[i] == c || stripped[i] == s || stripped[i] == c {
            candidates.append(i)
        }
        if candidates.isEmpty && !exact && s.count >= 4 {
            for i in cores.indices {
                let o = stripped[i]
                if o.hasPrefix(s) || (o.count >= 4 && (s.hasPrefix(o) || s.has(o))) || o.has(s) { candidates.append(i) }
            }
        }
        return candidates.first { $0 >= cursor } ?? candidates.first
    }

    /// Tries the last label part, then the whole label.
    func match(_ line: TokenizedLine, cursor: Int, exact: Bool = false) -> Int? {
        if let last = line.labelParts.last, let i = match(last, cursor: cursor, exact: exact) { return i }
        if line.labelParts.count > 1 { return match(line.fullLabel, cursor: cursor, exact: exact) }
        return nil
    }
}

/// Fills cells of a row from a line's values; returns the S3 information.
func fill(_ row: inout TableRow, from line: TokenizedLine, expected: Int) {
    let values = line.trimmedValues(expected: expected)
    if line.kind == .free, values.count < expected, values.count > 0 {
        // In space-separated text a blank cell leaves no trace: which columns the figures belong to is unknown.
        let shown = values.map { Norm.collapse($0.text) }.joined(separator: " ")
        let reason = "以空格分隔的文本中该行只有\(values.count)个数值（\(shown)），应为\(expected)个；看不出空白单元格在哪一列，无法确定各数值所在的列"
        row.cells = Array(repeating: Cell(.unreadable(reason: reason), source: line.source), count: expected)
        row.source = line.source
        row.present = true
        return
    }
    for c in 0..<expected {
        if c < values.count {
            row.cells[c] = Cell(CellValue.parse(values[c].text), source: values[c].source)
        } else {
            row.cells[c] = Cell(.blank, source: line.source)
        }
    }
    if values.count > expected {
        row.sourceValueCount = values.count
        row.extraValues = values[expected...].map { Norm.collapse($0.text) }
    }
    row.source = line.source
    row.present = true
}

/// Whether a free-text line looks like a table row rather than a sentence with numbers in it.
func looksTabular(_ line: TokenizedLine) -> Bool {
    if line.kind == .positional { return true }
    let l = line.fullLabel
    if l.has("。") || l.has("，") && l.count > 30 { return false }
    return Norm.core(l).count <= 40
}

/// Table 二 (主动公开政府信息情况): blocks by 条例第二十条 item.
enum Table2Reader {
    static let itemKeys: [(String, String)] = [("第二十条第一项", "20.1"), ("第二十条第五项", "20.5"), ("第二十条第六项", "20.6"),
                                               ("第二十条第八项", "20.8"), ("第二十条第九项", "20.9")]

    static func read(lines: [SourceLine], cores: [String], region: Range<Int>?, into report: inout AnnualReport, notes: inout [Finding]) {
        for b in report.table2.indices {
            report.table2[b].present = false
            for r in report.table2[b].rows.indices { report.table2[b].rows[r].present = false }
        }
        guard let region else { return }
        var current: Int? // index into report.table2
        var foreignBlock = false
        let matchers = report.table2.map { LabelMatcher(labels: $0.spec.rows) }
        // PDF text: row labels on lines of their own with their numbers on the next lines, or numbers spread over
        // lines. The rows waiting, each with the numbers that followed its label. They are read when the numbers
        // are as many as rows × columns and each row's follow its label, or all follow the last label (read row by
        // row, as the page reads); otherwise their cells are unreadable.
        var pending: [(b: Int, r: Int, numbers: [SourceField], line: TokenizedLine)] = []
        var spread = false
        func settle() {
            defer { pending = []; spread = false }
            let numbers = pending.flatMap(\.numbers)
            guard let first = pending.first, !numbers.isEmpty else { return }
            if !spread, pending.count == 1 {
                // One row with its numbers on its own line: read as any row (too few values are S2/S3 findings).
                var row = report.table2[first.b].rows[first.r]
                fill(&row, from: first.line, expected: report.table2[first.b].spec.columns.count)
                report.table2[first.b].rows[first.r] = row
                return
            }
            let cols = report.table2[first.b].spec.columns.count
            let perRow = pending.allSatisfy { $0.numbers.count == cols }
            let afterLast = pending.dropLast().allSatisfy { $0.numbers.isEmpty } && numbers.count == pending.count * cols
            let shown = numbers.map { Norm.collapse($0.text) }.joined(separator: " ")
            let reason = "表二“\(report.table2[first.b].spec.item)”的行标签与数值分散在多行（数值：\(shown)），无法确定各数值所在的行列"
            for (k, p) in pending.enumerated() {
                var row = report.table2[p.b].rows[p.r]
                row.present = true
                row.source = (p.numbers.first ?? numbers[0]).source
                row.cells = (0..<cols).map { c in
                    if perRow { return Cell(CellValue.parse(p.numbers[c].text), source: p.numbers[c].source) }
                    if afterLast { return Cell(CellValue.parse(numbers[k * cols + c].text), source: numbers[k * cols + c].source) }
                    return Cell(.unreadable(reason: reason), source: row.source)
                }
                report.table2[p.b].rows[p.r] = row
            }
        }
        for i in region {
            let core = cores[i]
            if let key = itemKeys.first(where: { core.has($0.0) }) {
                settle()
                if let b = report.table2.firstIndex(where: { $0.spec.id == key.1 }) {
                    current = b; foreignBlock = false; report.table2[b].present = true
                } else {
                    current = nil; foreignBlock = true
                    notes.append(Finding(rule: .S4, severity: .warning, table: "表二", row: key.0,
                                         message: "表二的“\(key.0)”不属于\(report.format.rawValue)年格式", source: lines[i].source))
                }
                continue
            }
            let line = TokenizedLine(lines[i])
            guard !foreignBlock else { continue }
            if line.kind == .free, let b = current {
                let cols = report.table2[b].spec.columns.count
                let labelled = Norm.cjkCount(line.fullLabel) > 0
                let row = labelled ? matchers[b].match(line, cursor: 0, exact: !line.hasValues) : nil
                let free = row.map { r in !report.table2[b].rows[r].present && !pending.contains { $0.b == b && $0.r == r } } ?? false
                if let r = row, free, line.values.isEmpty || (line.numericCount < cols && line.numericCount == line.values.count) {
                    // A label alone on its line, or with fewer numbers than columns (the rest may follow).
                    if !pending.isEmpty && !spread && pending.last!.numbers.count > 0 { settle() }
                    pending.append((b, r, line.values, line))
                    continue
                }
                if !pending.isEmpty, line.hasValues, !labelled, line.numericCount == line.values.count {
                    spread = true
                    pending[pending.count - 1].numbers += line.values
                    let total = pending.reduce(0) { $0 + $1.numbers.count }
                    if total >= pending.count * cols { settle() }
                    continue
                }
                if line.hasValues || row != nil { settle() }
            }
            if !line.hasValues {
                // A row printed with every cell blank: present, blank (S2), not missing.
                if line.kind == .positional, let b = current, !line.values.isEmpty,
                   line.values.allSatisfy({ Norm.collapse($0.text).isEmpty }),
                   let r = matchers[b].match(line, cursor: 0, exact: true), !report.table2[b].rows[r].present {
                    var row = report.table2[b].rows[r]
                    fill(&row, from: line, expected: report.table2[b].spec.columns.count)
                    report.table2[b].rows[r] = row
                }
                continue
            }
            guard looksTabular(line) else { continue }
            // Find the row: within the current block first, then any block.
            var target: (Int, Int)?
            if let b = current, let r = matchers[b].match(line, cursor: 0) { target = (b, r) }
            if target == nil {
                for b in report.table2.indices { if let r = matchers[b].match(line, cursor: 0) { target = (b, r); break } }
            }
            guard let (b, r) = target else {
                if lines[i].kind == .positional, Norm.cjkCount(line.fullLabel) >= 2 {
                    notes.append(Finding(rule: .S4, severity: .warning, table: "表二", row: line.fullLabel,
                                         message: "表二行标签“\(line.fullLabel)”不是年报格式的标签，未读取", source: line.source))
                }
                continue
            }
            report.table2[b].present = true
            var row = report.table2[b].rows[r]
            fill(&row, from: line, expected: report.table2[b].spec.columns.count)
            if let last = line.labelParts.last, Norm.core(last) != Norm.core(row.label) { row.sourceLabel = last }
            report.table2[b].rows[r] = row
        }
        settle()
    }
}

/// Table 四 (政府信息公开行政复议、行政诉讼情况): 15 cells.
enum Table4Reader {
    static func read(lines: [SourceLine], region: Range<Int>?, into report: inout AnnualReport, raw: Bool = false) {
        guard let region else { report.table4Present = false; return }
        if raw || RawPDFTable.isRaw(lines: lines, region: region, minimum: 5) {
            RawPDFTable.readTable4(lines: lines, region: region, into: &report)
            return
        }
        var values: [SourceField] = []
        var kinds: Set<SourceLine.Kind> = []
        var firstSource: SourceRef?
        for i in region {
            let line = TokenizedLine(lines[i])
            // A row of the table written with placeholders only (15 × 无, one / across the row) is its row of values.
            let placeholders = line.kind == .positional && values.isEmpty && line.values.count >= 5
                && line.values.allSatisfy { let t = Norm.collapse($0.text); return t.isEmpty || NumberToken.isPlaceholder(t) }
                && line.values.contains { !Norm.collapse($0.text).isEmpty } && line.label.isEmpty
            guard line.hasValues || placeholders else { continue }
            if line.kind == .free {
                // Sentences with numbers are not table rows; a row of the table is mostly numbers.
                if line.fullLabel.has("。") || line.fullLabel.has("，") || (line.numericCount < 3 && values.isEmpty) { continue }
            }
            values += line.values
            kinds.insert(line.kind)
            if firstSource == nil { firstSource = line.source }
            if values.count >= 15 && line.kind == .positional { break }
        }
        guard let src = firstSource else {
            // Heading present, no values: all cells blank (S2).
            report.table4Present = true
            report.table4.cells = Array(repeating: Cell(.blank, source: region.isEmpty ? nil : lines[region.lowerBound].source), count: 15)
            return
        }
        let pseudo = TokenizedLineValues(values: values, kind: kinds.contains(.free) ? .free : .positional, source: src)
        var row = report.table4
        fill(&row, from: pseudo.line, expected: 15)
        report.table4 = row
        report.table4Present = true
    }
}

/// Wraps collected values as a tokenized line for `fill`.
struct TokenizedLineValues {
    let line: TokenizedLine
    init(values: [SourceField], kind: SourceLine.Kind, source: SourceRef) {
        var l = TokenizedLine(SourceLine(kind: kind, fields: [], source: source))
        l.setValues(values)
        l.label = ""
        line = l
    }
}
