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
    } else if values.count < expected && line.kind == .free {
        // In free text a blank cell cannot be seen: the count itself is the finding.
        row.sourceValueCount = values.count
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
        for i in region {
            let core = cores[i]
            if let key = itemKeys.first(where: { core.has($0.0) }) {
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
    }
}

/// Table 三 (收到和处理政府信息公开申请情况): 23 or 25 rows × 7 columns.
enum Table3Reader {
    static func read(lines: [SourceLine], cores: [String], region: Range<Int>?, into report: inout AnnualReport, notes: inout [Finding]) {
        for r in report.table3.indices { report.table3[r].present = false }
        guard let region else { report.table3Present = false; return }
        let specs = report.format.table3Rows
        let matcher = LabelMatcher(labels: specs.map(\.label))
        var cursor = 0
        var started = false
        var headerColumns: [String] = []
        var filled = Set<Int>()
        let headerWords = ["申请人情况", "自然人", "勾稽关系", "法人或其他组织"]
        for i in region {
            let line = TokenizedLine(lines[i])
            if !started && headerWords.contains(where: { cores[i].has($0) }) { started = true }
            if !line.hasValues {
                // A row is a row when its label is there, whatever its cells hold: left blank, or written with
                // placeholders (—, 无, /, one / spanning the row).
                let texts = line.values.map { Norm.collapse($0.text) }
                let placeholders = !texts.isEmpty && texts.allSatisfy { $0.isEmpty || NumberToken.blankMarkers.contains($0) }
                // (A header line ending in the column label "其他" must not pass for the row "3.其他".)
                if started, line.kind == .positional || (placeholders && texts.contains { !$0.isEmpty }), placeholders,
                   line.labelParts.count <= 3,
                   let r = matcher.match(line, cursor: cursor, exact: true), !filled.contains(r),
                   r == cursor || (cursor > 0 && r > cursor) {
                    var row = report.table3[r]
                    fill(&row, from: line, expected: 7)
                    // One placeholder written across the whole row stands for every cell.
                    let written = texts.filter { !$0.isEmpty }
                    if written.count == 1, let mark = written.first, row.cells.filter({ !$0.value.isBlank }).count == 1 {
                        for c in row.cells.indices where row.cells[c].value.isBlank {
                            row.cells[c] = Cell(CellValue.parse(mark), source: line.source)
                        }
                    }
                    report.table3[r] = row
                    filled.insert(r); cursor = r + 1
                } else if filled.isEmpty && line.kind == .positional {
                    for f in lines[i].fields {
                        let c = Norm.collapse(f.text).replacingOccurrences(of: " ", with: "")
                        if !c.isEmpty, Norm.cjkCount(c) >= 2, Norm.core(c).count <= 8, !c.has("勾稽") { headerColumns.append(Norm.core(c)) }
                    }
                }
                continue
            }
            guard looksTabular(line) else { continue }
            // A row printed twice under its exact label is a duplicate: report it, keep the first, do not shift the rest.
            if let exact = matcher.match(line, cursor: 0, exact: true), filled.contains(exact), line.kind == .positional || started {
                notes.append(Finding(rule: .S3, severity: .error, table: "表三", row: report.table3[exact].label,
                                     message: "表三“\(report.table3[exact].label)”行重复出现，已读取第一次出现的数值，重复行为：\(line.values.map { Norm.collapse($0.text) }.joined(separator: " "))",
                                     source: line.source))
                continue
            }
            var target = matcher.match(line, cursor: cursor)
            if target == nil || (target! < cursor && filled.contains(target!)) {
                guard started || line.kind == .positional else { continue }
                if !line.label.isEmpty, line.kind == .positional, Norm.cjkCount(line.fullLabel) >= 2 {
                    notes.append(Finding(rule: .S4, severity: .warning, table: "表三", row: line.fullLabel,
                                         message: "表三行标签“\(line.fullLabel)”不是年报格式的标签，按位置读作“\(cursor < specs.count ? specs[cursor].label : "（多余行）")”",
                                         source: line.source))
                }
                target = cursor < specs.count ? cursor : nil
            }
            guard let r = target, !filled.contains(r) else {
                notes.append(Finding(rule: .S3, severity: .error, table: "表三", row: line.fullLabel.isEmpty ? nil : line.fullLabel,
                                     message: "表三多出一行数值：\(line.values.map { Norm.collapse($0.text) }.joined(separator: " "))",
                                     source: line.source))
                continue
            }
            started = true
            var row = report.table3[r]
            fill(&row, from: line, expected: 7)
            if let last = line.labelParts.last, Norm.core(last) != Norm.core(row.label) { row.sourceLabel = line.fullLabel }
            report.table3[r] = row
            filled.insert(r)
            cursor = r + 1
        }
        report.table3Present = !filled.isEmpty
        var seen = Set<String>()
        report.table3SourceColumns = headerColumns.filter { seen.insert($0).inserted }
    }
}

/// Table 四 (政府信息公开行政复议、行政诉讼情况): 15 cells.
enum Table4Reader {
    static func read(lines: [SourceLine], region: Range<Int>?, into report: inout AnnualReport) {
        guard let region else { report.table4Present = false; return }
        var values: [SourceField] = []
        var kinds: Set<SourceLine.Kind> = []
        var firstSource: SourceRef?
        for i in region {
            let line = TokenizedLine(lines[i])
            guard line.hasValues else { continue }
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
