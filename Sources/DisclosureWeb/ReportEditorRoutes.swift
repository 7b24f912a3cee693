import DisclosureRules
import DisclosureService
import Foundation
import Vapor

// The annual report in the browser (政府信息公开工作年度报告, 条例第四十九条, 第五十条): one page per agency and year
// at /staff/reports — table 二 (条例第二十条) as number inputs, tables 三 and 四 counted from the records, the six
// sections as text; the validation findings beside the cells they concern; last year's report imported as the
// baseline of the cross-year rules; publishing by the agency head, after which the page shows the frozen report.

/// The editor page.
struct ReportEditorPage: Encodable {
    var page: PageInfo
    var agencies: [AgencyInfo]
    var agency: String
    var agencyName: String
    var year: Int
    var years: [Int]
    /// "2021年格式（国办公开办函〔2021〕30号）".
    var formatLabel: String
    var status: String
    var published: Bool
    /// "2026-01-20 由 head 发布" and the warnings then acknowledged.
    var publishedNote: String?
    var acknowledged: [String]
    /// The draft can be changed by this person now.
    var editable: Bool
    var canPublish: Bool
    var canImportBaseline: Bool
    var message: String?
    var error: String?
    var details: [String]
    /// Findings that concern no cell, section or row of a table (metadata, the report as a whole).
    var general: [FindingLine]
    var errorCount: Int
    var warningCount: Int
    var table2: [Block]
    var table2Saved: String?
    var table3Heads: Table3Columns
    var table3: [CountRow]
    var table4: [Cell]
    var table4Notes: [FindingLine]
    var sections: [Section]
    /// The previous year's report the cross-year rules use, in words; nil when there is none.
    var previous: String?
    var previousYear: Int
    var draftQuery: String
    var today: String

    struct Block: Encodable {
        var item: String
        var columns: [String]
        /// Columns of the table with the row label (for the notes' colspan).
        var span: Int
        var rows: [Row]
    }
    struct Row: Encodable {
        /// The row's anchor, "t2-<block>-<row>" by index.
        var id: String
        var label: String
        var cells: [Cell]
        var notes: [FindingLine]
    }
    struct Cell: Encodable {
        /// The input's name, "t2-<block>-<row>-<column>" by index (table 二 only).
        var name: String
        var label: String
        var value: String
        /// "", "error" or "warning": the most serious finding on the cell.
        var flag: String
        /// Why the value typed was refused (not stored).
        var problem: String?
    }
    struct CountRow: Encodable {
        var id: String
        var label: String
        /// The merged group labels printed before this row (`ReportFormat.table3Headings`).
        var headings: [String] = []
        var cells: [Cell]
        var notes: [FindingLine]
    }
    struct Section: Encodable {
        var number: Int
        var heading: String
        var text: String
        /// "已保存（head，2026-06-15 10:00）", "系统生成的初稿（尚未保存）" or "尚未填写".
        var state: String
        var notes: [FindingLine]
        var error: String?
    }
}

/// What a refused save brings back to the page: the values as typed and the problem of each.
struct EditorInput {
    var table2: [String: String] = [:]
    var table2Problems: [String: String] = [:]
    var section: (number: Int, text: String, error: String)?
}

func registerReportEditor(_ app: Application) throws {
    let staff = app.grouped(CSRFMiddleware()).grouped("staff").grouped(StaffSessionMiddleware())

    staff.get("reports") { req async throws -> View in
        try req.service.authorize(try req.member, .readApplications)
        let choices = try await req.agencyChoices()
        guard let agency = try req.chosenAgency(choices) else { throw ServiceError(.notFound, "没有可查看的机关") }
        let today = try await req.service.today(agencyCode: agency, now: req.now)
        let year = (try? req.query.get(Int.self, at: "year")) ?? (today.year - 1)
        let done = (try? req.query.get(String.self, at: "done")).flatMap { editorMessages[$0] }.map { req.t($0) }
        return try await req.view.render("reports", try await editorPage(req, agency: agency, year: year, choices: choices, message: done))
    }

    // Table 二: every row of the year's format in one form, stored all or nothing.
    staff.post("reports", "figures") { req async throws -> Response in
        let (agency, year) = try editorTarget(req)
        let format = ReportFormat.applicable(toYear: year)
        var input = EditorInput()
        var rows: [ProactiveRowInput] = []
        for (b, block) in format.table2Blocks.enumerated() {
            for (r, row) in block.rows.enumerated() {
                let values = block.columns.indices.map { c -> String in
                    let name = "t2-\(b)-\(r)-\(c)"
                    let v = ((try? req.content.get(String.self, at: name)) ?? "").trimmingCharacters(in: .whitespaces)
                    input.table2[name] = v
                    return v
                }
                rows.append(ProactiveRowInput(block: block.id, row: row, values: values))
            }
        }
        do {
            try await req.service.setProactiveTable(agencyCode: agency, year: year, rows: rows, by: try req.member, now: req.now)
            return req.redirect(to: editorURL(agency, year, done: "figures", anchor: "table2"))
        } catch let e as ServiceError where e.code == .invalidInput && !e.fieldErrors.isEmpty {
            for (b, block) in format.table2Blocks.enumerated() {
                for (r, row) in block.rows.enumerated() {
                    for c in block.columns.indices {
                        if let p = e.fieldErrors[ProactiveRowInput.cellKey(block: block.id, row: row, column: c)] { input.table2Problems["t2-\(b)-\(r)-\(c)"] = p }
                    }
                }
            }
            return try await editorFailure(req, agency: agency, year: year, error: e, input: input)
        } catch let e as ServiceError where [.invalidInput, .conflict, .refused].contains(e.code) {
            return try await editorFailure(req, agency: agency, year: year, error: e, input: input)
        }
    }

    // One section's text.
    staff.post("reports", "sections") { req async throws -> Response in
        let (agency, year) = try editorTarget(req)
        struct Form: Content { var section: String?; var text: String? }
        let f = try req.content.decode(Form.self)
        guard let n = Int(f.section ?? ""), (1...6).contains(n) else { throw ServiceError(.invalidInput, "章节应为 1–6", field: "section") }
        let text = f.text ?? ""
        do {
            try await req.service.setReportText(agencyCode: agency, year: year, section: n, text: text, by: try req.member, now: req.now)
            return req.redirect(to: editorURL(agency, year, done: "section", anchor: "section-\(n)"))
        } catch let e as ServiceError where [.invalidInput, .conflict, .refused].contains(e.code) {
            return try await editorFailure(req, agency: agency, year: year, error: e, input: EditorInput(section: (n, text, e.message)))
        }
    }

    // Last year's report as the baseline, uploaded in any format `gongkai audit` reads.
    staff.on(.POST, "reports", "baseline", body: .collect(maxSize: ByteCount(value: app.platform.settings.maxUploadBytes))) { req async throws -> Response in
        let (agency, year) = try editorTarget(req)
        try req.service.authorize(try req.member, .importBaseline, agencyCode: agency)
        struct Form: Content { var file: File?; var reason: String? }
        let f = try req.content.decode(Form.self)
        guard let file = f.file, file.data.readableBytes > 0 else {
            return try await editorFailure(req, agency: agency, year: year,
                                           error: ServiceError(.invalidInput, "请选择上年度报告文件（HTML、DOCX、XLSX、PDF、TXT 或 JSON）", field: "file"),
                                           input: EditorInput())
        }
        let ext = (file.filename as NSString).pathExtension.lowercased()
        // The reader works on files: the upload goes to a private temporary file, removed afterwards; the messages
        // name the uploaded file, never the server's path.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: dir) }
        let stored = "baseline-\(UUID().uuidString)" + (ext.isEmpty || ext.count > 8 ? "" : ".\(ext)")
        let url = dir.appendingPathComponent(stored)
        try Data(buffer: file.data).write(to: url)
        let reason = f.reason.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        do {
            try await req.service.importBaseline(file: url, agencyCode: agency, year: year - 1, reason: reason, sourceName: file.filename,
                                                 by: try req.member, now: req.now)
            return req.redirect(to: editorURL(agency, year, done: "baseline", anchor: "baseline"))
        } catch let e as ServiceError where [.invalidInput, .conflict, .refused, .unreadable].contains(e.code) {
            func named(_ s: String) -> String { s.replacingOccurrences(of: url.path, with: file.filename).replacingOccurrences(of: stored, with: file.filename) }
            var shown = e
            shown.message = named(e.message)
            shown.details = e.details.map(named)
            return try await editorFailure(req, agency: agency, year: year, error: shown, input: EditorInput())
        }
    }

    staff.post("reports", "publish") { req async throws -> Response in
        let (agency, year) = try editorTarget(req)
        struct Form: Content { var date: String?; var acknowledge: String? }
        let f = try req.content.decode(Form.self)
        do {
            guard let date = CalendarDate(iso: f.date ?? "") else { throw ServiceError(.invalidInput, "发布日期应为 YYYY-MM-DD", field: "date") }
            try await req.service.publishReport(agencyCode: agency, year: year, on: date, acknowledgeWarnings: f.acknowledge == "1", by: try req.member, now: req.now)
            return req.redirect(to: editorURL(agency, year, done: "published", anchor: nil))
        } catch let e as ServiceError where e.code == .publishBlocked || e.code == .invalidInput || e.code == .conflict {
            return try await editorFailure(req, agency: agency, year: year, error: e, input: EditorInput())
        }
    }
}

/// The notices the editor shows after a save (by code: a link cannot put words on the page).
let editorMessages = ["figures": "reports.done.figures", "section": "reports.done.section", "baseline": "reports.done.baseline",
                      "published": "reports.done.published", "1": "reports.done.published"]

/// The agency and year a post is about (form fields `agencyCode`, `year`).
func editorTarget(_ req: Request) throws -> (String, Int) {
    let agency = (try? req.content.get(String.self, at: "agencyCode")) ?? ""
    guard let year = Int((try? req.content.get(String.self, at: "year")) ?? "") else { throw ServiceError(.invalidInput, "年度应为整数", field: "year") }
    return (agency, year)
}

func editorURL(_ agency: String, _ year: Int, done: String?, anchor: String?) -> String {
    "/staff/reports" + queryString([("agency", agency), ("year", String(year)), ("done", done)]) + (anchor.map { "#" + $0 } ?? "")
}

/// The page again, with the refusal on top and, where it concerns a cell or a section, beside it.
func editorFailure(_ req: Request, agency: String, year: Int, error e: ServiceError, input: EditorInput) async throws -> Response {
    let choices = try await req.agencyChoices()
    var page = try await editorPage(req, agency: agency, year: year, choices: choices, message: nil, input: input)
    page.error = req.message(e)
    page.details = e.details
    return try await req.view.render("reports", page).encodeResponse(status: httpStatus(e), for: req)
}

/// Builds the editor page: the report (draft or frozen) with every finding placed beside its cell, row or section.
func editorPage(_ req: Request, agency: String, year: Int, choices: [AgencyInfo], message: String?,
                input: EditorInput = EditorInput()) async throws -> ReportEditorPage {
    let m = try req.member
    let state = try await req.service.reportEditor(agencyCode: agency, year: year, by: m, now: req.now)
    let today = try await req.service.today(agencyCode: agency, now: req.now)
    let report = state.generated.report
    let published = state.generated.status == "published"
    let stamp = DateFormatter()
    stamp.locale = Locale(identifier: "en_US_POSIX")
    stamp.timeZone = TimeZone(identifier: "Asia/Shanghai")
    stamp.dateFormat = "yyyy-MM-dd HH:mm"

    var placed = FindingPlacement(report: report)
    placed.place(state.generated.findings)

    func show(_ v: CellValue) -> String {
        switch v {
        case .number(let d): return "\(d)"
        case .blank: return ""
        case .text(let t): return t
        case .unreadable: return "？"
        }
    }
    // Table 二.
    var blocks: [ReportEditorPage.Block] = []
    for (b, block) in report.table2.enumerated() {
        var rows: [ReportEditorPage.Row] = []
        for (r, row) in block.rows.enumerated() {
            let cells = row.cells.enumerated().map { c, cell -> ReportEditorPage.Cell in
                let name = "t2-\(b)-\(r)-\(c)"
                return .init(name: name, label: "“\(row.label)”“\(block.spec.columns[c])”", value: input.table2[name] ?? show(cell.value),
                             flag: placed.flag(.table2(b, r, c)), problem: input.table2Problems[name])
            }
            rows.append(.init(id: "t2-\(b)-\(r)", label: row.label, cells: cells, notes: noteLines(placed.notes[.table2Row(b, r)] ?? [])))
        }
        blocks.append(.init(item: block.spec.item, columns: block.spec.columns, span: block.spec.columns.count + 1, rows: rows))
    }
    let lastFigures = state.savedFigures.values.max { $0.at < $1.at }
    // Tables 三 and 四.
    let table3 = report.table3.enumerated().map { r, row in
        ReportEditorPage.CountRow(id: "t3-\(r)", label: row.label,
                                  cells: row.cells.enumerated().map { c, cell in
                                      ReportEditorPage.Cell(name: "", label: "", value: show(cell.value), flag: placed.flag(.table3(r, c)), problem: nil)
                                  },
                                  notes: noteLines(placed.notes[.table3Row(r)] ?? []))
    }
    let headings = ReportFormat.table3Headings(table3.map(\.label))
    let table3WithHeadings = zip(table3, headings).map { r, h in var r = r; r.headings = h; return r }
    let table4 = report.table4.cells.enumerated().map { c, cell in
        ReportEditorPage.Cell(name: "", label: "", value: show(cell.value), flag: placed.flag(.table4(c)), problem: nil)
    }
    // Sections.
    let sections = report.sections.map { s -> ReportEditorPage.Section in
        let saved = state.savedSections[s.number].map { req.t("reports.savedBy", ["by": $0.by, "at": stamp.string(from: $0.at)]) }
        let retry = input.section?.number == s.number ? input.section : nil
        let note = saved ?? (s.text.isEmpty ? req.t("reports.notFilled") : (published ? "" : req.t("reports.generatedDraft")))
        return .init(number: s.number, heading: s.heading, text: retry?.text ?? s.text, state: note,
                     notes: noteLines(placed.notes[.section(s.number)] ?? []), error: retry?.error)
    }
    let previous = state.previous.map { p -> String in
        let fmt = req.t("reports.formatYear", ["year": "\(p.format)"])
        if p.status == "baseline" {
            return req.t("reports.baselineLine", ["year": "\(p.year)", "file": p.sourceFile ?? req.t("reports.noFileName"), "format": fmt,
                                                  "dated": p.date.map { req.t("reports.reportDated", ["date": $0]) } ?? "", "by": p.by ?? ""])
        }
        return req.t("reports.publishedLine", ["year": "\(p.year)", "date": p.date ?? "", "format": fmt])
    }
    let findings = state.generated.findings
    return ReportEditorPage(
        page: PageInfo(req, title: req.t("reports.pageTitle", ["year": "\(year)"])), agencies: choices, agency: agency, agencyName: report.agency ?? agency, year: year,
        years: Array((2019...today.year).reversed()), formatLabel: req.t("reports.formatLabel", ["year": "\(report.format.rawValue)", "notice": report.format.notice]),
        status: published ? req.t("reports.statusPublished") : req.t("reports.statusDraft"), published: published,
        publishedNote: state.published.map { req.t("reports.publishedBy", ["date": $0.date ?? "", "by": $0.by ?? ""]) },
        acknowledged: state.published?.acknowledged?.split(separator: "\n").map(String.init) ?? [],
        editable: !published && m.role.may(.editReports),
        canPublish: !published && m.role.may(.publishReports) && year < today.year,
        canImportBaseline: !published && state.previous == nil && m.role.may(.importBaseline),
        message: message, error: nil, details: [],
        general: findingLines(placed.general), errorCount: findings.filter { $0.severity == .error }.count,
        warningCount: findings.filter { $0.severity == .warning }.count,
        table2: blocks, table2Saved: lastFigures.map { req.t("reports.lastSaved", ["by": $0.by, "at": stamp.string(from: $0.at)]) },
        table3Heads: Table3Columns(ReportFormat.table3Columns), table3: table3WithHeadings, table4: table4, table4Notes: findingLines(placed.notes[.table4Row] ?? []),
        sections: sections, previous: previous, previousYear: year - 1, draftQuery: published ? "" : "?draft=1", today: today.description)
}

/// Findings as listed under the row or section they concern: the place is that row, so only the column is named.
func noteLines(_ fs: [Finding]) -> [FindingLine] {
    fs.map { f in
        FindingLine(rule: f.rule.rawValue, level: f.severity.rawValue, severity: f.severity.chinese, place: f.column.map { "“\($0)”列" } ?? "", message: f.message)
    }
}

/// Where each finding goes: a cell (flagged) and its row (the message under it), a section, or the list on top.
struct FindingPlacement {
    enum Place: Hashable { case table2(Int, Int, Int), table3(Int, Int), table4(Int) }
    enum Row: Hashable { case table2Row(Int, Int), table3Row(Int), table4Row, section(Int) }

    let report: AnnualReport
    var flags: [Place: Severity] = [:]
    var notes: [Row: [Finding]] = [:]
    var general: [Finding] = []

    init(report: AnnualReport) { self.report = report }

    func flag(_ p: Place) -> String {
        switch flags[p] {
        case .error: "error"
        case .warning: "warning"
        default: ""
        }
    }

    mutating func mark(_ p: Place, _ s: Severity) {
        guard s != .info else { return }
        flags[p] = min(flags[p] ?? .info, s)
    }

    mutating func place(_ findings: [Finding]) {
        for f in findings {
            switch f.table {
            case "表二":
                if let pos = table2Row(f.row) {
                    let (b, r) = pos
                    notes[.table2Row(b, r), default: []].append(f)
                    if let column = f.column, let c = report.table2[b].spec.columns.firstIndex(of: column) { mark(.table2(b, r, c), f.severity) }
                    else if f.column == nil { for c in report.table2[b].spec.columns.indices { mark(.table2(b, r, c), f.severity) } }
                    continue
                }
            case "表三":
                if let r = report.table3.firstIndex(where: { $0.label == f.row }) {
                    notes[.table3Row(r), default: []].append(f)
                    if let column = f.column, let c = ReportFormat.table3Columns.firstIndex(of: column) { mark(.table3(r, c), f.severity) }
                    continue
                }
            case "表四":
                if let g = f.row.flatMap({ ReportFormat.table4Groups.firstIndex(of: $0) }) {
                    notes[.table4Row, default: []].append(f)
                    let name = f.column.map { $0.split(separator: "·").last.map(String.init) ?? $0 }
                    if let name, let k = ReportFormat.table4Columns.firstIndex(of: name) ?? (name == "总计" ? 4 : nil) { mark(.table4(g * 5 + k), f.severity) }
                    continue
                }
            case "正文":
                if let s = report.sections.first(where: { $0.heading == f.row }) {
                    notes[.section(s.number), default: []].append(f)
                    continue
                }
            default: break
            }
            general.append(f)
        }
    }

    /// Block and row index of a table 二 row label (labels are unique within a format).
    func table2Row(_ label: String?) -> (Int, Int)? {
        guard let label else { return nil }
        for (b, block) in report.table2.enumerated() {
            if let r = block.rows.firstIndex(where: { $0.label == label }) { return (b, r) }
        }
        return nil
    }
}
