import Foundation

/// Where a value came from in the published report.
///
/// Text sources carry a `line` (1-based); structured sources (HTML, DOCX) carry the
/// source `table` (1-based, in document order), `row` and `column` (1-based, grid positions).
///
/// Stored in 16 bytes (four 32-bit numbers) rather than 64 (four optional `Int`s): every field of every line
/// read carries one, and a large input has millions of fields. A position beyond 2^31 − 1 (which no input within
/// the readers' size limits reaches) is kept as 2^31 − 1.
public struct SourceRef: Codable, Sendable, Hashable, CustomStringConvertible {
    public var line: Int? { get { Self.unpack(storedLine) } set { storedLine = Self.pack(newValue) } }
    public var table: Int? { get { Self.unpack(storedTable) } set { storedTable = Self.pack(newValue) } }
    public var row: Int? { get { Self.unpack(storedRow) } set { storedRow = Self.pack(newValue) } }
    public var column: Int? { get { Self.unpack(storedColumn) } set { storedColumn = Self.pack(newValue) } }

    private var storedLine: Int32, storedTable: Int32, storedRow: Int32, storedColumn: Int32

    /// Int32.min stands for nil.
    private static func pack(_ v: Int?) -> Int32 {
        guard let v else { return .min }
        return Int32(clamping: v) == .min ? .min + 1 : Int32(clamping: v)
    }
    private static func unpack(_ v: Int32) -> Int? { v == .min ? nil : Int(v) }

    public init(line: Int? = nil, table: Int? = nil, row: Int? = nil, column: Int? = nil) {
        storedLine = Self.pack(line); storedTable = Self.pack(table); storedRow = Self.pack(row); storedColumn = Self.pack(column)
    }

    // Coded as the four optional numbers, each left out when nil (the shape the fields had before).
    private enum CodingKeys: String, CodingKey { case line, table, row, column }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(line: try c.decodeIfPresent(Int.self, forKey: .line), table: try c.decodeIfPresent(Int.self, forKey: .table),
                  row: try c.decodeIfPresent(Int.self, forKey: .row), column: try c.decodeIfPresent(Int.self, forKey: .column))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(line, forKey: .line)
        try c.encodeIfPresent(table, forKey: .table)
        try c.encodeIfPresent(row, forKey: .row)
        try c.encodeIfPresent(column, forKey: .column)
    }

    /// Chinese description, e.g. "第57行" or "第2个表格第4行第3列".
    public var description: String {
        if let table {
            var s = "第\(table)个表格"
            if let row { s += "第\(row)行" }
            if let column { s += "第\(column)列" }
            return s
        }
        if let line { return "第\(line)行" }
        return "未知位置"
    }
}

/// One table cell: a number, a blank, or text that could not be read as a number (kept verbatim).
public enum CellValue: Sendable, Hashable {
    case number(Decimal)
    case blank
    case text(String)
    /// A cell the reader saw but could not place with confidence (e.g. PDF text whose cells lost their rows): no
    /// value is assumed, the arithmetic rules that need it cannot be checked, and the reason is reported once per
    /// row (`S3`). Never read as 0 or as blank.
    case unreadable(reason: String)

    /// The value as an integer when it is a whole number; nil otherwise.
    public var integer: Int? {
        guard case .number(let d) = self else { return nil }
        // Beyond ±10^15 a figure is not a count or amount any report prints; refusing it keeps sums exact.
        guard d.magnitude < Decimal(1_000_000_000_000_000) else { return nil }
        var v = d
        var r = Decimal()
        NSDecimalRound(&r, &v, 0, .plain)
        guard r == d else { return nil }
        return NSDecimalNumber(decimal: d).intValue
    }

    public var isBlank: Bool { if case .blank = self { return true } else { return false } }
    public var isUnreadable: Bool { if case .unreadable = self { return true } else { return false } }
    public var number: Decimal? { if case .number(let d) = self { return d } else { return nil } }
}

/// A cell with its origin.
public struct Cell: Sendable, Hashable {
    public var value: CellValue
    public var source: SourceRef?
    public init(_ value: CellValue, source: SourceRef? = nil) { self.value = value; self.source = source }
    public static func int(_ n: Int) -> Cell { Cell(.number(Decimal(n))) }
    public static let blank = Cell(.blank)
}

/// A row of a report table: its official label, the label as printed, and its cells.
public struct TableRow: Sendable, Hashable {
    /// Stable row id (table 三: `Table3RowSpec.id`; table 二: the row label).
    public var id: String
    /// Official label.
    public var label: String
    /// Label as printed in the source, when it differs or is known.
    public var sourceLabel: String?
    /// Exactly as many cells as the table has columns (missing ones are `.blank`).
    public var cells: [Cell]
    /// How many values the source row carried, when the source said (rule S3 compares it to the column count).
    public var sourceValueCount: Int?
    /// Values the source row carried beyond the table's columns (kept verbatim for S3).
    public var extraValues: [String] = []
    /// Whether the row was found in the source (false: rule S1).
    public var present: Bool = true
    public var source: SourceRef?

    public init(id: String, label: String, cells: [Cell], sourceLabel: String? = nil,
                sourceValueCount: Int? = nil, present: Bool = true, source: SourceRef? = nil) {
        self.id = id; self.label = label; self.cells = cells; self.sourceLabel = sourceLabel
        self.sourceValueCount = sourceValueCount; self.present = present; self.source = source
    }
}

/// A block of table 二 (one item of 条例第二十条).
public struct Table2Block: Sendable, Hashable {
    public var spec: Table2BlockSpec
    public var rows: [TableRow]
    public var present: Bool
}

/// A narrative section (一 … 六).
public struct ReportSection: Sendable, Hashable {
    /// 1…6.
    public var number: Int
    /// Official heading.
    public var heading: String
    /// The text under the heading (tables excluded), paragraphs joined by "\n".
    public var text: String
    public var present: Bool
    public var source: SourceRef?
}

/// Who publishes the report: it fixes the deadline of 条例第四十九条.
public enum AgencyKind: String, Codable, Sendable {
    /// 县级以上人民政府部门 and comparable organs: deadline 1月31日.
    case department
    /// 县级以上地方人民政府 (the government's own report): deadline 3月31日.
    case government

    /// Guesses the kind from the agency's name: names ending in 人民政府, or naming a 区/县/市/省 or a
    /// 管委会/实验区/新区 without a department suffix, are governments; everything else a department.
    public static func guess(fromName name: String?) -> AgencyKind {
        guard let name, !name.isEmpty else { return .department }
        let departmentSuffixes = ["局", "委", "委员会", "办公室", "办公厅", "厅", "部", "署", "院", "中心", "所", "站", "队", "处", "科", "会"]
        if name.hasSuffix("人民政府") { return .government }
        if name.hasSuffix("管委会") || name.hasSuffix("管理委员会") { return .government }
        for s in departmentSuffixes where name.hasSuffix(s) { return .department }
        if let last = name.last, "省市县区旗州盟".contains(last) { return .government }
        return .department
    }
}

/// A simple calendar date (no time zone), as printed in reports.
public struct ReportDate: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int
    public init(_ year: Int, _ month: Int, _ day: Int) { self.year = year; self.month = month; self.day = day }
    public static func < (a: ReportDate, b: ReportDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
    /// ISO form, e.g. "2020-01-26".
    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }
    /// Chinese form, e.g. "2020年1月26日".
    public var chinese: String { "\(year)年\(month)月\(day)日" }
    /// Whether the components form a real Gregorian date.
    public var isValid: Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let days = [31, (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }
}

/// A year mentioned by the report, with where it was found (rule D2 compares them).
public struct YearMention: Sendable, Hashable {
    public enum Place: String, Sendable { case title = "标题", statisticsPeriod = "统计期限", table = "表格" }
    public var place: Place
    public var year: Int
    public var source: SourceRef?
    public init(place: Place, year: Int, source: SourceRef? = nil) { self.place = place; self.year = year; self.source = source }
}

/// A published 政府信息公开工作年度报告 in one of the two national formats.
///
/// Tables: 二 (`table2`, blocks by 条例第二十条 item), 三 (`table3`, 23 or 25 rows × 7 columns),
/// 四 (`table4`, 15 cells as 3 groups × 5), and the six narrative `sections`.
public struct AnnualReport: Sendable {
    public var file: String?
    /// The source text's encoding when it was not UTF-8 (e.g. "GB18030").
    public var sourceEncoding: String?
    public var agency: String?
    /// Where `agency` was read when the title and the signature name different agencies (the fuller name is used),
    /// in Chinese; shown with the agency in the audit's output.
    public var agencyNote: String?
    public var agencyKind: AgencyKind
    /// The year reported on.
    public var year: Int?
    public var format: ReportFormat
    /// Whether `format` was detected from rows/columns (false: taken from the year or overridden).
    public var formatDetected: Bool = true
    public var title: String?
    /// Signing or publication date when the report prints one.
    public var date: ReportDate?
    public var dateSource: SourceRef?
    /// A printed date that is not a real calendar date (e.g. "2021年2月30日"), verbatim (rule D1).
    public var invalidDateText: String?
    public var yearMentions: [YearMention] = []
    public var table2: [Table2Block]
    public var table3: [TableRow]
    /// Column labels of table 三 as printed (for S4), when found.
    public var table3SourceColumns: [String] = []
    public var table3Present: Bool
    /// 15 cells: 行政复议 ×5, 未经复议直接起诉 ×5, 复议后起诉 ×5.
    public var table4: TableRow
    public var table4Present: Bool
    public var sections: [ReportSection]
    /// Problems met while reading (not rule findings): e.g. an unmatched row label.
    public var readerNotes: [Finding] = []

    /// An empty report skeleton of `format`: every row present, every cell blank.
    public init(format: ReportFormat, year: Int? = nil, agency: String? = nil, agencyKind: AgencyKind? = nil) {
        self.format = format
        self.year = year
        self.agency = agency
        self.agencyKind = agencyKind ?? AgencyKind.guess(fromName: agency)
        table2 = format.table2Blocks.map { spec in
            Table2Block(spec: spec, rows: spec.rows.map {
                TableRow(id: $0, label: $0, cells: Array(repeating: .blank, count: spec.columns.count))
            }, present: true)
        }
        table3 = format.table3Rows.map {
            TableRow(id: $0.id, label: $0.label, cells: Array(repeating: .blank, count: ReportFormat.table3Columns.count))
        }
        table3Present = true
        table4 = TableRow(id: "table4", label: "政府信息公开行政复议、行政诉讼情况", cells: Array(repeating: .blank, count: 15))
        table4Present = true
        sections = ReportFormat.sectionHeadings.enumerated().map {
            ReportSection(number: $0.offset + 1, heading: $0.element, text: "", present: true)
        }
    }

    /// Table 三 row by id (see `ReportFormat.table3Rows`).
    public func table3Row(_ id: String) -> TableRow? { table3.first { $0.id == id } }
    public func table3Index(_ id: String) -> Int? { table3.firstIndex { $0.id == id } }

    /// Sets a table 三 cell (row id, column index 0…6).
    public mutating func setTable3(_ id: String, _ column: Int, _ value: CellValue) {
        guard let i = table3Index(id) else { return }
        table3[i].cells[column].value = value
    }

    /// Sets all seven cells of a table 三 row.
    public mutating func setTable3(_ id: String, _ values: [Int]) {
        guard let i = table3Index(id) else { return }
        for (c, v) in values.enumerated() where c < 7 { table3[i].cells[c].value = .number(Decimal(v)) }
    }

    /// Table 二 row by block id ("20.1" …) and row label.
    public func table2Row(block: String, row: String) -> TableRow? {
        table2.first { $0.spec.id == block }?.rows.first { $0.id == row }
    }

    public mutating func setTable2(block: String, row: String, _ values: [CellValue]) {
        guard let b = table2.firstIndex(where: { $0.spec.id == block }),
              let r = table2[b].rows.firstIndex(where: { $0.id == row }) else { return }
        for (c, v) in values.enumerated() where c < table2[b].rows[r].cells.count { table2[b].rows[r].cells[c].value = v }
    }

    public func section(_ number: Int) -> ReportSection? { sections.first { $0.number == number } }
}
