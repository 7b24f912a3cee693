import Foundation
import DisclosureRules
import CLibXML2

// Shared by HTMLReader and DOCXReader: the table grid (row/column spans → positional lines, with the
// header-keyed mapping of table 三), the whitespace-collapsing text accumulator, and libxml2 helpers.

// MARK: - Table grid

/// A table laid out on a grid: each cell knows where it starts and how far it spans.
struct TableGrid {
    struct Cell {
        var text: String
        /// 0-based start row and column on the grid.
        var row: Int
        var col: Int
        var rowSpan: Int
        var colSpan: Int
        func covers(column c: Int) -> Bool { c >= col && c < col + colSpan }
    }

    /// Cells in row order, and within a row in column order.
    var cells: [Cell]
    /// The source line of each row (HTML `<tr>`), when known.
    var rowLines: [Int?]
    var rowCount: Int { rowLines.count }

    static let maxColSpan = 100
    static let maxRowSpan = 500

    /// The applicant columns of table 三, in the order the report model expects them.
    static let applicantKeys = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]

    /// The key index of a header label (whitespace removed), when it is an applicant column label.
    static func applicantKey(_ label: String) -> Int? {
        switch label {
        case "自然人": return 0
        case "商业企业": return 1
        case "科研机构": return 2
        case "社会公益组织", "社会组织", "公益组织": return 3
        case "法律服务机构": return 4
        case "其他": return 5
        case "总计": return 6
        default: return nil
        }
    }

    /// One positional line per row that has cells starting in it (rows that are entirely blank are left out).
    ///
    /// - Parameter table: the 1-based number of the table in the document.
    func lines(table: Int) -> [SourceLine] {
        let rows = rowCount
        guard rows > 0, !cells.isEmpty else { return [] }
        // Cell index ranges of each row (cells are stored in row order).
        var rowStart = [Int](repeating: 0, count: rows + 1)
        do {
            var counts = [Int](repeating: 0, count: rows)
            for c in cells { counts[c.row] += 1 }
            for r in 0..<rows { rowStart[r + 1] = rowStart[r] + counts[r] }
        }
        var rowHasNumber = [Bool](repeating: false, count: rows)
        for c in cells where !rowHasNumber[c.row] && TableGrid.isNumeric(c.text) { rowHasNumber[c.row] = true }

        let keyColumns = applicantKeyColumns(rowStart: rowStart, rowHasNumber: rowHasNumber)

        var out: [SourceLine] = []
        out.reserveCapacity(rows)
        for r in 0..<rows {
            let range = rowStart[r]..<rowStart[r + 1]
            if range.isEmpty { continue }
            let line = rowLines[r]
            let rowRef = SourceRef(line: line, table: table, row: r + 1)
            var fields: [SourceField] = []
            if let keyColumns, rowHasNumber[r] {
                // Header-keyed mapping: label cells, then exactly one field per applicant column.
                var used = Set<Int>()
                var keyed = [SourceField]()
                keyed.reserveCapacity(keyColumns.keyFirstColumn.count)
                for kc in keyColumns.keyFirstColumn {
                    var found: Int? = nil
                    // A placeholder spanning several columns ("/" over three) stands in each of them.
                    for i in range where (!used.contains(i) || TableGrid.isPlaceholder(cells[i])) && cells[i].covers(column: kc) { found = i; break }
                    if let i = found {
                        used.insert(i)
                        let c = cells[i]
                        keyed.append(SourceField(c.text, source: SourceRef(line: line, table: table, row: r + 1, column: c.col + 1)))
                    } else {
                        keyed.append(SourceField("", source: SourceRef(line: line, table: table, row: r + 1, column: kc + 1)))
                    }
                }
                for i in range {
                    let c = cells[i]
                    let keyed = c.col < keyColumns.columnHasKey.count && keyColumns.columnHasKey[c.col]
                    if !keyed && !used.contains(i) {
                        fields.append(SourceField(c.text, source: SourceRef(line: line, table: table, row: r + 1, column: c.col + 1)))
                    }
                }
                fields.append(contentsOf: keyed)
            } else {
                var anyText = false
                for i in range {
                    let c = cells[i]
                    if !c.text.isEmpty { anyText = true }
                    // A placeholder spanning several columns ("/" over a 表四 group) stands in each of them.
                    for k in 0..<(TableGrid.isPlaceholder(c) ? c.colSpan : 1) {
                        fields.append(SourceField(c.text, source: SourceRef(line: line, table: table, row: r + 1, column: c.col + 1 + k)))
                    }
                }
                if !anyText { continue }
            }
            out.append(SourceLine(kind: .positional, fields: fields, source: rowRef))
        }
        return out
    }

    struct KeyColumns {
        /// The first grid column of each applicant key, in key order.
        var keyFirstColumn: [Int]
        /// Whether a grid column lies under an applicant key.
        var columnHasKey: [Bool]
    }

    /// When the header rows (those before the first row with a number) name at least 5 applicant columns,
    /// the grid columns of each key: the bottom-most header cell with a key label that covers a column wins.
    private func applicantKeyColumns(rowStart: [Int], rowHasNumber: [Bool]) -> KeyColumns? {
        guard let firstData = rowHasNumber.firstIndex(of: true), firstData > 0 else { return nil }
        var width = 0
        for c in cells { width = max(width, c.col + c.colSpan) }
        guard width > 0 else { return nil }
        var columnKey = [Int](repeating: -1, count: width)
        var columnKeyRow = [Int](repeating: -1, count: width)
        var seen = Set<Int>()
        for i in 0..<rowStart[firstData] {
            let c = cells[i]
            guard !c.text.isEmpty else { continue }
            let label = String(String.UnicodeScalarView(c.text.unicodeScalars.filter { !$0.properties.isWhitespace }))
            guard let key = TableGrid.applicantKey(label) else { continue }
            seen.insert(key)
            for col in c.col..<(c.col + c.colSpan) where c.row >= columnKeyRow[col] {
                columnKey[col] = key
                columnKeyRow[col] = c.row
            }
        }
        guard seen.count >= 5 else { return nil }
        var first = [Int](repeating: -1, count: TableGrid.applicantKeys.count)
        for col in 0..<width {
            let k = columnKey[col]
            if k >= 0 && first[k] < 0 { first[k] = col }
        }
        // A key missing from the header gets a column no cell covers: its field stays empty.
        for k in 0..<first.count where first[k] < 0 { first[k] = width + k }
        return KeyColumns(keyFirstColumn: first, columnHasKey: columnKey.map { $0 >= 0 })
    }

    /// Whether a cell spanning several columns holds a placeholder (—, /, 无…) rather than a label or a figure.
    static func isPlaceholder(_ c: Cell) -> Bool {
        c.colSpan > 1 && NumberToken.isPlaceholder(Norm.collapse(c.text))
    }

    /// Whether a cell's text is a number: an optional sign, digits (ASCII or full-width) with optional
    /// thousands separators and at most one decimal point, optionally a trailing percent sign.
    static func isNumeric(_ text: String) -> Bool {
        var digits = 0
        var dots = 0
        var index = 0
        var sawPercent = false
        for s in text.unicodeScalars {
            defer { index += 1 }
            if sawPercent { return false }
            switch s.value {
            case 0x30...0x39, 0xFF10...0xFF19: digits += 1
            case 0x2E, 0xFF0E: dots += 1; if dots > 1 { return false }
            case 0x2C, 0xFF0C: if digits == 0 { return false }
            case 0x2B, 0x2D, 0x2212, 0xFF0B, 0xFF0D: if index != 0 { return false }
            case 0x25, 0xFF05: if digits == 0 { return false }; sawPercent = true
            default: return false
            }
        }
        return digits > 0
    }
}

/// Builds a `TableGrid` row by row, placing cells HTML-style (each cell takes the next column that no
/// row span from above occupies) or DOCX-style (vertical merges continue the cell above).
struct TableGridBuilder {
    private(set) var cells: [TableGrid.Cell] = []
    private var rowLines: [Int?] = []
    private var cursor = 0
    /// Per grid column: the first row that the last cell placed there no longer occupies.
    private var busyUntil: [Int] = []
    /// Per grid column: the index of the last cell placed there.
    private var owner: [Int] = []

    var rowCount: Int { rowLines.count }
    var hasRow: Bool { !rowLines.isEmpty }

    mutating func startRow(line: Int?) {
        rowLines.append(line)
        cursor = 0
    }

    /// Leaves grid columns empty before the first cell (DOCX `w:gridBefore`).
    mutating func skipColumns(_ n: Int) {
        cursor += min(max(n, 0), TableGrid.maxColSpan)
    }

    private mutating func ensureWidth(_ w: Int) {
        if busyUntil.count < w {
            busyUntil.append(contentsOf: repeatElement(0, count: w - busyUntil.count))
            owner.append(contentsOf: repeatElement(-1, count: w - owner.count))
        }
    }

    private func nextFreeColumn(from c0: Int, row r: Int) -> Int {
        var c = c0
        while c < busyUntil.count && busyUntil[c] > r { c += 1 }
        return c
    }

    mutating func addCell(text: String, colSpan: Int, rowSpan: Int) {
        if rowLines.isEmpty { startRow(line: nil) }
        let r = rowLines.count - 1
        let cs = min(max(colSpan, 1), TableGrid.maxColSpan)
        let rs = min(max(rowSpan, 1), TableGrid.maxRowSpan)
        let c = nextFreeColumn(from: cursor, row: r)
        ensureWidth(c + cs)
        let index = cells.count
        cells.append(TableGrid.Cell(text: text, row: r, col: c, rowSpan: rs, colSpan: cs))
        for cc in c..<(c + cs) {
            busyUntil[cc] = r + rs
            owner[cc] = index
        }
        cursor = c + cs
    }

    /// A DOCX cell with `w:vMerge` continuing the cell above: that cell spans one more row.
    mutating func continueCellAbove(colSpan: Int) {
        if rowLines.isEmpty { startRow(line: nil) }
        let r = rowLines.count - 1
        let cs = min(max(colSpan, 1), TableGrid.maxColSpan)
        let c = nextFreeColumn(from: cursor, row: r)
        if c < owner.count, owner[c] >= 0 {
            let i = owner[c]
            let above = cells[i]
            if above.row + above.rowSpan == r, above.rowSpan < TableGrid.maxRowSpan {
                cells[i].rowSpan += 1
                for cc in above.col..<(above.col + above.colSpan) where cc < owner.count && owner[cc] == i {
                    busyUntil[cc] = r + 1
                }
                cursor = max(c + cs, above.col + above.colSpan)
                return
            }
        }
        addCell(text: "", colSpan: cs, rowSpan: 1)
    }

    /// A legacy DOCX `w:hMerge` continuation: the previous cell of this row spans further right.
    mutating func continueCellLeft(colSpan: Int) {
        let r = rowLines.count - 1
        guard r >= 0, let i = cells.indices.last, cells[i].row == r,
              cells[i].col + cells[i].colSpan == cursor,
              cells[i].colSpan + colSpan <= TableGrid.maxColSpan else {
            addCell(text: "", colSpan: colSpan, rowSpan: 1)
            return
        }
        let cs = max(colSpan, 1)
        ensureWidth(cursor + cs)
        for cc in cursor..<(cursor + cs) {
            busyUntil[cc] = cells[i].row + cells[i].rowSpan
            owner[cc] = i
        }
        cells[i].colSpan += cs
        cursor += cs
    }

    /// The grid, with row spans that run past the last row cut at it.
    func finish() -> TableGrid {
        var cells = self.cells
        let rows = rowLines.count
        for i in cells.indices where cells[i].row + cells[i].rowSpan > rows {
            cells[i].rowSpan = rows - cells[i].row
        }
        return TableGrid(cells: cells, rowLines: rowLines)
    }
}

// MARK: - Text accumulation

/// Accumulates UTF-8 text, collapsing whitespace runs (incl. U+00A0 and U+3000) to one space and trimming
/// both ends. A soft break (a `<br>` or paragraph inside a table cell) joins the pieces with nothing when
/// either side is a CJK character, and with a space otherwise.
struct TextAccumulator {
    private(set) var bytes: [UInt8] = []
    private var pendingSpace = false
    private var pendingBreak = false

    init() { bytes.reserveCapacity(256) }

    var isEmpty: Bool { bytes.isEmpty }

    /// An explicit space (e.g. DOCX `w:tab`), collapsing with neighbouring whitespace.
    mutating func space() { if !bytes.isEmpty { pendingSpace = true } }

    /// A break between pieces of one cell.
    mutating func softBreak() { if !bytes.isEmpty { pendingBreak = true } }

    mutating func append(_ s: StaticString) {
        s.withUTF8Buffer { buf in
            buf.withMemoryRebound(to: UInt8.self) { b in
                append(bytes: b.baseAddress!, count: b.count)
            }
        }
    }

    /// Appends a NUL-terminated UTF-8 string (libxml2 content).
    mutating func append(cString p: UnsafePointer<UInt8>) {
        append(bytes: p, count: strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self)))
    }

    mutating func append(bytes p: UnsafePointer<UInt8>, count n: Int) {
        var i = 0
        while i < n {
            let b = p[i]
            if b < 0x80 {
                if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                    if !bytes.isEmpty { pendingSpace = true }
                    i += 1; continue
                }
                if b < 0x20 || b == 0x7F { i += 1; continue }  // control characters
                flushPending(p + i, n - i)
                bytes.append(b)
                i += 1
                continue
            }
            if b >= 0xC0 {
                // Whitespace and invisible characters outside ASCII.
                let b1: UInt8 = i + 1 < n ? p[i + 1] : 0
                let b2: UInt8 = i + 2 < n ? p[i + 2] : 0
                var whitespace = 0, invisible = 0
                switch b {
                case 0xC2:
                    if b1 == 0xA0 || b1 == 0x85 { whitespace = 2 }
                case 0xE2:
                    if b1 == 0x80 {
                        if (b2 >= 0x80 && b2 <= 0x8A) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF { whitespace = 3 }
                        else if b2 >= 0x8B && b2 <= 0x8D { invisible = 3 }
                    } else if b1 == 0x81 {
                        if b2 == 0x9F { whitespace = 3 } else if b2 == 0xA0 { invisible = 3 }
                    }
                case 0xE3:
                    if b1 == 0x80 && b2 == 0x80 { whitespace = 3 }
                case 0xEF:
                    if b1 == 0xBB && b2 == 0xBF { invisible = 3 }
                default: break
                }
                if whitespace > 0 {
                    if !bytes.isEmpty { pendingSpace = true }
                    i += whitespace; continue
                }
                if invisible > 0 { i += invisible; continue }
                flushPending(p + i, n - i)
            }
            bytes.append(b)
            i += 1
        }
    }

    @inline(__always)
    private mutating func flushPending(_ next: UnsafePointer<UInt8>, _ available: Int) {
        guard pendingSpace || pendingBreak else { return }
        if pendingBreak {
            let prev = TextAccumulator.lastScalar(bytes)
            let nextScalar = TextAccumulator.firstScalar(next, available)
            if !(TextAccumulator.isCJK(prev) || TextAccumulator.isCJK(nextScalar)) { bytes.append(0x20) }
        } else if !bytes.isEmpty {
            bytes.append(0x20)
        }
        pendingSpace = false
        pendingBreak = false
    }

    /// The text so far; the accumulator is emptied.
    mutating func take() -> String {
        let s = String(decoding: bytes, as: UTF8.self)
        bytes.removeAll(keepingCapacity: true)
        pendingSpace = false
        pendingBreak = false
        return s
    }

    static func isCJK(_ v: UInt32) -> Bool {
        (v >= 0x2E80 && v <= 0x9FFF) || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFE30 && v <= 0xFE4F)
            || (v >= 0xFF00 && v <= 0xFFEF) || (v >= 0x20000 && v <= 0x3FFFF)
    }

    static func firstScalar(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
        guard n > 0 else { return 0 }
        let b0 = UInt32(p[0])
        if b0 < 0x80 { return b0 }
        if b0 >= 0xF0, n >= 4 {
            return (b0 & 0x07) << 18 | (UInt32(p[1]) & 0x3F) << 12 | (UInt32(p[2]) & 0x3F) << 6 | (UInt32(p[3]) & 0x3F)
        }
        if b0 >= 0xE0, n >= 3 { return (b0 & 0x0F) << 12 | (UInt32(p[1]) & 0x3F) << 6 | (UInt32(p[2]) & 0x3F) }
        if b0 >= 0xC0, n >= 2 { return (b0 & 0x1F) << 6 | (UInt32(p[1]) & 0x3F) }
        return 0xFFFD
    }

    static func lastScalar(_ bytes: [UInt8]) -> UInt32 {
        var start = bytes.count - 1
        guard start >= 0 else { return 0 }
        while start > 0 && bytes.count - start < 4 && (bytes[start] & 0xC0) == 0x80 { start -= 1 }
        return bytes.withUnsafeBufferPointer { firstScalar($0.baseAddress! + start, bytes.count - start) }
    }
}

/// Collapses whitespace and trims, for short strings (titles).
func collapsedText(_ s: String) -> String {
    var acc = TextAccumulator()
    var s = s
    s.withUTF8 { acc.append(bytes: $0.baseAddress!, count: $0.count) }
    return acc.take()
}

// MARK: - libxml2 helpers

/// libxml2 must be initialised once before threads use it.
private let libxml2Initialized: Void = { xmlInitParser() }()

@inline(__always) func ensureLibXML2() { _ = libxml2Initialized }

/// A node's line in the source (elements and, in practice, text nodes).
@inline(__always) func sourceLine(_ n: xmlNodePtr) -> Int {
    let l = Int(n.pointee.line)
    return l == 65535 ? Int(xmlGetLineNo(n)) : l
}

/// Iterative walk (no recursion, so deep documents cannot exhaust the stack) over the siblings starting at
/// `first` and their descendants. `enter` returns whether to descend; `leave` is called for every node that
/// was descended into (after its children).
@inline(__always)
func walkNodes(from first: xmlNodePtr?, enter: (xmlNodePtr) -> Bool, leave: (xmlNodePtr) -> Void) {
    guard let first else { return }
    let stop = first.pointee.parent  // the common parent of the walked siblings
    var node: xmlNodePtr? = first
    while let n = node {
        if enter(n) {
            if let c = n.pointee.children { node = c; continue }
            leave(n)
        }
        var cur = n
        node = nil
        while true {
            if let nx = cur.pointee.next { node = nx; break }
            guard let p = cur.pointee.parent, p != stop else { break }
            leave(p)
            cur = p
        }
    }
}

/// Whether an element's name equals `name` (ASCII, case-insensitive for `name` given in lower case).
@inline(__always)
func nameEquals(_ p: UnsafePointer<UInt8>?, _ name: StaticString) -> Bool {
    guard let p else { return false }
    return name.withUTF8Buffer { b in
        var i = 0
        while i < b.count {
            var c = p[i]
            if c >= 0x41 && c <= 0x5A { c |= 0x20 }
            if c != b[i] { return false }
            i += 1
        }
        return p[i] == 0
    }
}

/// The value of an attribute (first text child), by local name.
func attributeValue(_ n: xmlNodePtr, _ name: StaticString) -> UnsafePointer<UInt8>? {
    var a = n.pointee.properties
    while let attr = a {
        if nameEquals(attr.pointee.name, name) {
            if let t = attr.pointee.children, let c = t.pointee.content { return UnsafePointer(c) }
            return emptyCString.utf8Start  // a valueless attribute such as <td nowrap>
        }
        a = attr.pointee.next
    }
    return nil
}

private let emptyCString: StaticString = ""

/// Parses a leading integer (after spaces); nil when there is none.
func leadingInteger(_ p: UnsafePointer<UInt8>?) -> Int? {
    guard var p else { return nil }
    while p.pointee == 0x20 || p.pointee == 0x09 || p.pointee == 0x0A || p.pointee == 0x0D { p += 1 }
    var negative = false
    if p.pointee == 0x2D { negative = true; p += 1 } else if p.pointee == 0x2B { p += 1 }
    var v = 0, digits = 0
    while p.pointee >= 0x30 && p.pointee <= 0x39 {
        if v < 1_000_000 { v = v * 10 + Int(p.pointee - 0x30) }
        digits += 1
        p += 1
    }
    guard digits > 0 else { return nil }
    return negative ? -v : v
}

/// Finds a date "yyyy-mm-dd" (separators `-`, `/`, `.`, `年`/`月`) in text such as "2022-02-08 10:00" or
/// "2022-02-08T10:00:00+08:00".
func parseLooseDate(_ text: String) -> ReportDate? {
    let scalars = Array(text.unicodeScalars)
    func digit(_ k: Int) -> Int? {
        guard k < scalars.count else { return nil }
        switch scalars[k].value {
        case 0x30...0x39: return Int(scalars[k].value - 0x30)
        case 0xFF10...0xFF19: return Int(scalars[k].value - 0xFF10)
        default: return nil
        }
    }
    func number(_ at: inout Int, maxDigits: Int) -> (value: Int, digits: Int) {
        var v = 0, d = 0
        while d < maxDigits, let x = digit(at) { v = v * 10 + x; d += 1; at += 1 }
        return (v, d)
    }
    func separator(_ k: Int, _ allowed: String) -> Bool {
        k < scalars.count && allowed.unicodeScalars.contains(scalars[k])
    }
    var i = 0
    while i < scalars.count {
        if digit(i) != nil && (i == 0 || digit(i - 1) == nil) {
            var j = i
            let y = number(&j, maxDigits: 4)
            if y.digits == 4, digit(j) == nil, (1990...2100).contains(y.value), separator(j, "-/.年") {
                j += 1
                let m = number(&j, maxDigits: 2)
                if m.digits > 0, separator(j, "-/.月") {
                    j += 1
                    let d = number(&j, maxDigits: 2)
                    if d.digits > 0, digit(j) == nil {
                        let date = ReportDate(y.value, m.value, d.value)
                        if date.isValid { return date }
                    }
                }
            }
        }
        i += 1
    }
    return nil
}

/// A gov.cn archive URL date: `t` + yyyymmdd + `_` (e.g. `.../202202/t20220208_80613.htm`).
func archiveURLDate(_ p: UnsafePointer<UInt8>) -> ReportDate? {
    var i = 0
    while p[i] != 0 {
        if p[i] == 0x2F, p[i + 1] == 0x74 {  // "/t"
            var ok = true
            var v = [Int]()
            for k in 0..<8 {
                let c = p[i + 2 + k]
                if c < 0x30 || c > 0x39 { ok = false; break }  // also stops at NUL
                v.append(Int(c - 0x30))
            }
            if ok && p[i + 10] == 0x5F {
                let y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3]
                let date = ReportDate(y, v[4] * 10 + v[5], v[6] * 10 + v[7])
                if date.isValid && (1990...2100).contains(y) { return date }
            }
        }
        i += 1
    }
    return nil
}
