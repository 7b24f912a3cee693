import DisclosureRules
import Foundation

extension AuditResult {
    /// A result for a report that was not read by `Auditor` (e.g. one being exported): the report and its findings.
    public init(file: String, report: AnnualReport, findings: [Finding], previousFile: String? = nil) {
        self.init(file: file, report: report, findings: findings, error: nil, previousFile: previousFile)
    }
}

/// Reads a report back from the JSON that `gongkai audit --json` prints (`ReportJSON`) or that
/// `ReportExporter.json` writes: one object, or an array of them (the first report is read).
///
/// Cells come back as written (number, `null` = blank, string = unreadable text), with their `sources`; rows,
/// blocks and tables keep their `present` flags, so the rules see what the original report had. The findings in
/// the file are not read: `ReportValidator.validate` recomputes them. Not in the JSON, and so not restored: the
/// agency kind (guessed from the name, or `ReadOptions.agencyKind`), the years the original printed elsewhere
/// (rule D2) and the reader's notes.
public enum JSONReportReader {
    /// Reads the report of a JSON file.
    /// - Throws: `ReaderError.notAReport` when the JSON is not a report in that shape (an empty array, an entry
    ///   that records a read error, no tables), `.unreadable` when it is not JSON at all.
    public static func read(data: Data, file: String, options: ReadOptions = ReadOptions()) throws -> AnnualReport {
        try assemble(try decode(data, file: file), file: file, options: options)
    }

    /// A source document for a JSON report: no lines, its title as the container title (enough for a batch's
    /// first pass, which orders files by agency and year).
    static func document(data: Data, file: String) throws -> SourceDocument {
        let doc = try decode(data, file: file)
        let title = doc.title ?? [doc.agency, doc.year.map { "\($0)年政府信息公开工作年度报告" }].compactMap { $0 }.joined()
        return SourceDocument(lines: [], containerTitle: title.isEmpty ? nil : title)
    }

    // MARK: The shape of ReportJSON, decoded

    enum JSONCell: Decodable {
        case number(Decimal), null, text(String)
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null; return }
            if let s = try? c.decode(String.self) { self = .text(s); return }
            self = .number(try c.decode(Decimal.self))
        }
        var value: CellValue {
            switch self { case .number(let d): return .number(d); case .null: return .blank; case .text(let t): return .text(t) }
        }
    }
    struct Source: Decodable { var line: Int?; var table: Int?; var row: Int?; var column: Int? }
    struct Row: Decodable {
        var id: String; var label: String?; var sourceLabel: String?; var present: Bool?; var cells: [JSONCell]; var sources: [Source?]?
    }
    struct Block: Decodable { var item: String; var present: Bool?; var columns: [String]?; var rows: [Row] }
    struct Table2: Decodable { var blocks: [Block] }
    struct Table3: Decodable { var present: Bool?; var columns: [String]?; var rows: [Row] }
    struct Table4Group: Decodable { var label: String; var columns: [String]?; var cells: [JSONCell] }
    struct Table4: Decodable { var present: Bool?; var groups: [Table4Group] }
    struct Tables: Decodable { var table2: Table2?; var table3: Table3?; var table4: Table4? }
    struct Section: Decodable { var number: Int; var heading: String?; var present: Bool?; var text: String? }
    struct Doc: Decodable {
        var file: String?; var agency: String?; var year: Int?; var format: String?; var date: String?; var title: String?
        var tables: Tables?; var sections: [Section]?; var error: String?
    }

    static func decode(_ data: Data, file: String) throws -> Doc {
        var body = data
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let decoder = JSONDecoder()
        let doc: Doc
        if body.first(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }) == UInt8(ascii: "[") {
            let all: [Doc]
            do { all = try decoder.decode([Doc].self, from: body) } catch {
                throw ReaderError.notAReport(file: file, reason: "JSON 数组不是 gongkai audit --json 的报告格式（\(reason(error))）")
            }
            guard let first = all.first else { throw ReaderError.notAReport(file: file, reason: "JSON 数组为空，没有报告") }
            doc = first
        } else {
            do { doc = try decoder.decode(Doc.self, from: body) } catch DecodingError.dataCorrupted(let ctx) where ctx.codingPath.isEmpty {
                throw ReaderError.unreadable(file: file, reason: "不是有效的 JSON（\(ctx.debugDescription)）")
            } catch {
                throw ReaderError.notAReport(file: file, reason: "JSON 不是 gongkai audit --json 的报告格式（\(reason(error))）")
            }
        }
        if doc.tables == nil {
            if let e = doc.error { throw ReaderError.notAReport(file: file, reason: "JSON 记录的是一份无法读取的报告：\(e)") }
            throw ReaderError.notAReport(file: file, reason: "JSON 中没有 tables（表二、表三、表四）")
        }
        return doc
    }

    static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let ctx):
            return "缺少“\((ctx.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))”"
        case DecodingError.typeMismatch(_, let ctx), DecodingError.valueNotFound(_, let ctx), DecodingError.dataCorrupted(let ctx):
            return "“\(ctx.codingPath.map(\.stringValue).joined(separator: "."))”：\(ctx.debugDescription)"
        default:
            return "\(error)"
        }
    }

    // MARK: Into the model

    static func source(_ s: Source?) -> SourceRef? {
        guard let s, s.line != nil || s.table != nil else { return nil }
        return SourceRef(line: s.line, table: s.table, row: s.row, column: s.column)
    }

    /// Fills `row` from `json`: cells by position (missing ones blank), their sources, flags and printed label.
    static func fill(_ row: inout TableRow, from json: Row) {
        for i in row.cells.indices {
            let value = i < json.cells.count ? json.cells[i].value : .blank
            let src = (json.sources.flatMap { i < $0.count ? $0[i] : nil }).flatMap { source($0) }
            row.cells[i] = Cell(value, source: src)
        }
        row.sourceLabel = json.sourceLabel
        row.present = json.present ?? true
        row.source = row.cells.first(where: { $0.source != nil })?.source
    }

    static func assemble(_ doc: Doc, file: String, options: ReadOptions) throws -> AnnualReport {
        let jsonFormat = doc.format.flatMap(ReportFormat.init(rawValue:))
        let format = jsonFormat ?? options.format ?? ReportFormat.applicable(toYear: doc.year ?? 2021)
        var r = AnnualReport(format: format, year: doc.year, agency: doc.agency, agencyKind: options.agencyKind)
        r.file = file
        r.formatDetected = jsonFormat != nil
        r.title = doc.title
        if let d = doc.date {
            let parts = d.split(separator: "-").compactMap { Int($0) }
            if parts.count == 3 { let date = ReportDate(parts[0], parts[1], parts[2]); if date.isValid { r.date = date } }
        }
        var notes: [Finding] = []
        guard let tables = doc.tables else { return r }

        // Table 二: blocks by their 条例 item, rows by id (else label).
        let blocks = tables.table2?.blocks ?? []
        for b in r.table2.indices {
            guard let jb = blocks.first(where: { $0.item == r.table2[b].spec.item }) else {
                r.table2[b].present = false
                for i in r.table2[b].rows.indices { r.table2[b].rows[i].present = false }
                continue
            }
            r.table2[b].present = jb.present ?? true
            for i in r.table2[b].rows.indices {
                let id = r.table2[b].rows[i].id
                if let jr = jb.rows.first(where: { $0.id == id }) ?? jb.rows.first(where: { $0.label == id }) {
                    fill(&r.table2[b].rows[i], from: jr)
                } else {
                    r.table2[b].rows[i].present = false
                }
            }
        }
        for jb in blocks where !r.table2.contains(where: { $0.spec.item == jb.item }) {
            notes.append(Finding(rule: .S4, severity: .warning, table: "表二", row: jb.item,
                                 message: "表二的“\(jb.item)”不属于\(format.rawValue)年格式，未读取"))
        }

        // Table 三: rows by id.
        if let t3 = tables.table3 {
            r.table3Present = t3.present ?? true
            for i in r.table3.indices {
                if let jr = t3.rows.first(where: { $0.id == r.table3[i].id }) { fill(&r.table3[i], from: jr) }
                else { r.table3[i].present = false }
            }
            for jr in t3.rows where r.table3Index(jr.id) == nil {
                notes.append(Finding(rule: .S4, severity: .warning, table: "表三", row: jr.label ?? jr.id,
                                     message: "表三行“\(jr.label ?? jr.id)”不属于\(format.rawValue)年格式，未读取"))
            }
        } else {
            r.table3Present = false
            for i in r.table3.indices { r.table3[i].present = false }
        }

        // Table 四: the three groups by label, five cells each.
        if let t4 = tables.table4 {
            r.table4Present = t4.present ?? true
            for (g, label) in ReportFormat.table4Groups.enumerated() {
                let cells = t4.groups.first(where: { $0.label == label })?.cells ?? (g < t4.groups.count ? t4.groups[g].cells : [])
                for k in 0..<5 { r.table4.cells[g * 5 + k] = Cell(k < cells.count ? cells[k].value : .blank) }
            }
        } else {
            r.table4Present = false
        }

        // Sections by number.
        if let sections = doc.sections {
            for i in r.sections.indices {
                if let s = sections.first(where: { $0.number == r.sections[i].number }) {
                    r.sections[i].text = s.text ?? ""
                    r.sections[i].present = s.present ?? true
                } else {
                    r.sections[i].present = false
                }
            }
        }
        r.readerNotes = notes
        return r
    }
}
