import CLibXML2
import DisclosureRules
import Foundation

/// Reads a report from an Excel workbook (XLSX): every sheet, in workbook order, becomes source lines for
/// `ReportAssembler`, as HTML and DOCX tables do.
///
/// - A row whose only cell is text without borders (a title, a section heading such as
///   "三、收到和处理政府信息公开申请情况", a paragraph, the signature — merged across the sheet or not) is a `free`
///   line. Table cells have borders: a bordered row of one cell (a table 二 block header such as
///   "第二十条第（一）项") belongs to its table.
/// - The other rows are laid on a grid with the sheet's merged ranges (`<mergeCells>`): a merged range is one
///   cell whose text is in its first cell, so each row becomes a `positional` line of the cells that start in it
///   (table 三's cells keyed by the header's applicant columns, like an HTML table).
/// - Sources: `table` = the sheet's number (1-based, workbook order), `row` and `column` = the sheet's row and
///   column (1-based).
/// - Cells: shared strings, inline strings, numbers (as written in `<v>`), booleans; `containerTitle` comes from
///   `docProps/core.xml` (`dc:title`).
public enum XLSXReportReader {
    /// Reads a workbook of at most `ReaderLimits.packageBytes`, each sheet inflating to at most
    /// `ReaderLimits.packagePartBytes` with at most `markupTags` tags, and all parts together to at most
    /// `packageInflatedBytes`.
    /// - Throws: `ReaderError.tooLarge` / `.tooMany` for a file or part over a limit, `.unreadable` for a damaged
    ///   workbook or one without sheets.
    public static func read(url: URL, file: String) throws -> SourceDocument {
        ensureLibXML2()
        let package = try ZIPPackage(url: url, file: file, kind: "XLSX")
        let shared = try sharedStrings(package, file: file)
        let bordered = borderedStyles(package)
        let sheets = try sheetPaths(package)
        guard !sheets.isEmpty else { throw ReaderError.unreadable(file: file, reason: "XLSX 中没有工作表") }
        var lines: [SourceLine] = []
        for (i, path) in sheets.enumerated() {
            let doc: xmlDocPtr
            do {  // the inflated XML is released once parsed
                guard let bytes = try package.extract(path) else {
                    throw ReaderError.unreadable(file: file, reason: "XLSX 中缺少工作表 \(path)")
                }
                guard let parsed = DOCXReader.parseXML(bytes) else {
                    throw ReaderError.unreadable(file: file, reason: "XLSX 工作表 \(path) 无法解析")
                }
                doc = parsed
            }
            defer { xmlFreeDoc(doc) }
            lines += sheetLines(parseSheet(doc, shared: shared, bordered: bordered), sheet: i + 1)
        }
        let title = (try? package.extract("docProps/core.xml")).flatMap { $0 }.flatMap(coreTitle)
        return SourceDocument(lines: lines, containerTitle: title)
    }

    // MARK: Workbook

    /// The worksheets' part names in workbook order (`xl/workbook.xml` and its relationships); sheets
    /// `xl/worksheets/sheetN.xml` in number order when the workbook does not say.
    static func sheetPaths(_ package: ZIPPackage) throws -> [String] {
        var ids: [String] = []
        if let wb = try package.extract("xl/workbook.xml"), let wdoc = DOCXReader.parseXML(wb) {
            defer { xmlFreeDoc(wdoc) }
            walkNodes(from: xmlDocGetRootElement(wdoc), enter: { n in
                guard n.pointee.type == XML_ELEMENT_NODE else { return false }
                if nameEquals(n.pointee.name, "sheet") {
                    if let id = attributeValue(n, "id") { ids.append(String(cString: id)) }
                    return false
                }
                return true
            }, leave: { _ in })
        }
        var targets: [String: String] = [:]
        if let rels = try package.extract("xl/_rels/workbook.xml.rels"), let rdoc = DOCXReader.parseXML(rels) {
            defer { xmlFreeDoc(rdoc) }
            walkNodes(from: xmlDocGetRootElement(rdoc), enter: { n in
                guard n.pointee.type == XML_ELEMENT_NODE else { return false }
                if nameEquals(n.pointee.name, "relationship"), let id = attributeValue(n, "id"), let t = attributeValue(n, "target") {
                    targets[String(cString: id)] = String(cString: t)
                    return false
                }
                return true
            }, leave: { _ in })
        }
        let paths = ids.compactMap { targets[$0] }.map { t in t.hasPrefix("/") ? String(t.dropFirst()) : "xl/" + t }
        if !paths.isEmpty { return paths }
        var n = 1
        var found: [String] = []
        while try package.extract("xl/worksheets/sheet\(n).xml") != nil { found.append("xl/worksheets/sheet\(n).xml"); n += 1 }
        return found
    }

    static func sharedStrings(_ package: ZIPPackage, file: String) throws -> [String] {
        guard let bytes = try package.extract("xl/sharedStrings.xml") else { return [] }
        guard let doc = DOCXReader.parseXML(bytes) else { throw ReaderError.unreadable(file: file, reason: "XLSX 的共享字符串无法解析") }
        defer { xmlFreeDoc(doc) }
        var out: [String] = []
        var si = xmlDocGetRootElement(doc)?.pointee.children
        while let n = si {
            if n.pointee.type == XML_ELEMENT_NODE, nameEquals(n.pointee.name, "si") { out.append(Spreadsheet.textOf(n, skipPhonetic: true)) }
            si = n.pointee.next
        }
        return out
    }

    /// For each cell format (`cellXfs` of `xl/styles.xml`, by index), whether its border draws a line.
    static func borderedStyles(_ package: ZIPPackage) -> [Bool] {
        guard let bytes = (try? package.extract("xl/styles.xml")) ?? nil, let doc = DOCXReader.parseXML(bytes) else { return [] }
        defer { xmlFreeDoc(doc) }
        var borders: [Bool] = []
        var formats: [Int] = []
        var c = xmlDocGetRootElement(doc)?.pointee.children
        while let section = c {
            defer { c = section.pointee.next }
            guard section.pointee.type == XML_ELEMENT_NODE else { continue }
            let isBorders = nameEquals(section.pointee.name, "borders"), isFormats = nameEquals(section.pointee.name, "cellxfs")
            guard isBorders || isFormats else { continue }
            var e = section.pointee.children
            while let item = e {
                defer { e = item.pointee.next }
                guard item.pointee.type == XML_ELEMENT_NODE else { continue }
                if isFormats {
                    formats.append(leadingInteger(attributeValue(item, "borderid")) ?? 0)
                    continue
                }
                var lines = false
                var side = item.pointee.children
                while let sd = side {
                    if sd.pointee.type == XML_ELEMENT_NODE, !nameEquals(sd.pointee.name, "diagonal"),
                       let style = attributeValue(sd, "style"), !nameEquals(style, "none") { lines = true }
                    side = sd.pointee.next
                }
                borders.append(lines)
            }
        }
        return formats.map { $0 >= 0 && $0 < borders.count && borders[$0] }
    }

    /// `dc:title` of the core properties, when any.
    static func coreTitle(_ xml: [UInt8]) -> String? {
        guard let doc = DOCXReader.parseXML(xml) else { return nil }
        defer { xmlFreeDoc(doc) }
        var title: String?
        walkNodes(from: xmlDocGetRootElement(doc), enter: { n in
            guard title == nil, n.pointee.type == XML_ELEMENT_NODE else { return false }
            if nameEquals(n.pointee.name, "title") {
                let t = collapsedText(Spreadsheet.textOf(n, skipPhonetic: false))
                if !t.isEmpty { title = t }
                return false
            }
            return true
        }, leave: { _ in })
        return title
    }

    // MARK: One sheet

    /// A sheet's cells (0-based row → column → text, "" for a cell element without a value) and merged ranges.
    struct SheetData {
        var rows: [Int: [Int: String]] = [:]
        /// Positions (row, column) of cells whose format has a border.
        var bordered = Set<Int64>()
        /// (first row, first column, last row, last column), 0-based, inclusive.
        var merges: [(r0: Int, c0: Int, r1: Int, c1: Int)] = []
    }

    static func parseSheet(_ doc: xmlDocPtr, shared: [String], bordered: [Bool]) -> SheetData {
        var data = SheetData()
        var nextRow = 0
        walkNodes(from: xmlDocGetRootElement(doc), enter: { n in
            guard n.pointee.type == XML_ELEMENT_NODE else { return false }
            if nameEquals(n.pointee.name, "mergecell") {
                if let ref = attributeValue(n, "ref"), let m = range(String(cString: ref)) { data.merges.append(m) }
                return false
            }
            guard nameEquals(n.pointee.name, "row") else { return true }
            let r = (leadingInteger(attributeValue(n, "r")).map { $0 - 1 }) ?? nextRow
            nextRow = r + 1
            var cells: [Int: String] = [:]
            var nextCol = 0
            var c = n.pointee.children
            while let cell = c {
                defer { c = cell.pointee.next }
                guard cell.pointee.type == XML_ELEMENT_NODE, nameEquals(cell.pointee.name, "c") else { continue }
                let col = attributeValue(cell, "r").flatMap(Spreadsheet.columnIndex) ?? nextCol
                nextCol = col + 1
                let type = attributeValue(cell, "t").map { String(cString: $0) } ?? "n"
                var value = ""
                var k = cell.pointee.children
                while let part = k {
                    if part.pointee.type == XML_ELEMENT_NODE {
                        if nameEquals(part.pointee.name, "v") { value = Spreadsheet.textOf(part, skipPhonetic: false) }
                        if nameEquals(part.pointee.name, "is") { value = Spreadsheet.textOf(part, skipPhonetic: true) }
                    }
                    k = part.pointee.next
                }
                if type == "s" { value = Int(value).flatMap { $0 >= 0 && $0 < shared.count ? shared[$0] : nil } ?? "" }
                if type == "b" { value = value == "1" ? "TRUE" : "FALSE" }
                cells[col] = value
                if let s = leadingInteger(attributeValue(cell, "s")), s >= 0, s < bordered.count, bordered[s] {
                    data.bordered.insert(Int64(r) << 32 | Int64(col))
                }
            }
            data.rows[r, default: [:]].merge(cells) { _, new in new }
            return false
        }, leave: { _ in })
        return data
    }

    /// "B3:D5" → (2, 1, 4, 3); "B3" → (2, 1, 2, 1).
    static func range(_ ref: String) -> (r0: Int, c0: Int, r1: Int, c1: Int)? {
        let parts = ref.split(separator: ":").map(String.init)
        guard let a = cellRef(parts[0]) else { return nil }
        let b = parts.count > 1 ? cellRef(parts[1]) : a
        guard let b else { return nil }
        return (min(a.0, b.0), min(a.1, b.1), max(a.0, b.0), max(a.1, b.1))
    }

    static func cellRef(_ s: String) -> (Int, Int)? {
        var col = 0, row = 0, letters = 0
        for u in s.uppercased().unicodeScalars {
            if u.value >= 65 && u.value <= 90 { guard row == 0 else { return nil }; col = col * 26 + Int(u.value - 64); letters += 1 }
            else if u.value >= 48 && u.value <= 57 { row = row * 10 + Int(u.value - 48) }
            else if u != "$" { return nil }
            guard row < 10_000_000, col < 1_000_000 else { return nil }
        }
        guard letters > 0, row > 0 else { return nil }
        return (row - 1, col - 1)
    }

    /// The sheet as lines, in row order: rows of one text cell as free lines, the others positional through a
    /// table grid with the merged ranges.
    static func sheetLines(_ s: SheetData, sheet: Int) -> [SourceLine] {
        guard let maxRow = s.rows.keys.max() else { return [] }
        // Positions inside a merged range other than its first cell, and the spans of the first cells.
        var covered = Set<Int64>()
        var spans: [Int64: (rows: Int, cols: Int)] = [:]
        func key(_ r: Int, _ c: Int) -> Int64 { Int64(r) << 32 | Int64(c) }
        for m in s.merges where (m.r1 - m.r0 + 1) * (m.c1 - m.c0 + 1) <= 100_000 {
            spans[key(m.r0, m.c0)] = (m.r1 - m.r0 + 1, m.c1 - m.c0 + 1)
            for r in m.r0...m.r1 { for c in m.c0...m.c1 where !(r == m.r0 && c == m.c0) { covered.insert(key(r, c)) } }
        }
        var free: [(row: Int, line: SourceLine)] = []
        var tableRows = Set<Int>()
        var width = 0
        for (r, cells) in s.rows {
            let anchors = cells.filter { !covered.contains(key(r, $0.key)) }
            let texts = anchors.filter { !Norm.collapse($0.value).isEmpty }
            if texts.isEmpty { continue }
            if anchors.count == 1, let only = texts.first, NumberToken.parse(only.value) == nil, !s.bordered.contains(key(r, only.key)) {
                let ref = SourceRef(table: sheet, row: r + 1, column: only.key + 1)
                free.append((r, SourceLine(kind: .free, fields: [SourceField(Norm.collapse(only.value), source: ref)], source: ref)))
            } else {
                tableRows.insert(r)
                for (c, _) in anchors { width = max(width, c + (spans[key(r, c)]?.cols ?? 1)) }
            }
        }
        var builder = TableGridBuilder()
        for r in 0...maxRow {
            builder.startRow(line: nil)
            guard tableRows.contains(r), let cells = s.rows[r] else { continue }
            for c in 0..<width where !covered.contains(key(r, c)) {
                let span = spans[key(r, c)] ?? (1, 1)
                builder.addCell(text: collapsedText(cells[c] ?? ""), colSpan: span.cols, rowSpan: span.rows)
            }
        }
        var grid = builder.finish().lines(table: sheet).map { line -> (row: Int, line: SourceLine) in
            ((line.source.row ?? 1) - 1, line)
        }
        grid += free
        return grid.sorted { $0.row < $1.row }.map(\.line)
    }
}
