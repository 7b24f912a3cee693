import DisclosureRules
import DisclosureService
import Foundation
import Vapor

struct CalendarPreviewPage: Encodable {
    var page: PageInfo
    /// What the change is, in the request's language ("增加休息日 2024-10-15（星期二）本地停电闭馆", "导入2027年节假日安排").
    var change: String
    var preview: CalendarPreviewInfo
    var moves: [MoveRow]
    /// The confirm form: its action and hidden fields (the same change again).
    var action: String
    var fields: [Option]
    struct MoveRow: Encodable { var queryCode: String; var agency: String; var old: String; var new: String; var difference: String }
}

struct AuditLogView: Encodable {
    var page: PageInfo
    var entries: [AuditLogEntry]
    var kinds: [Option]
    var kind: String
    var from: String
    var to: String
    var pageNumber: Int
    var pageCount: Int
    var total: Int
    var previous: String?
    var next: String?
    var download: String
}

struct LetterTemplatesView: Encodable {
    var page: PageInfo
    var agency: AgencyInfo
    /// The agencies the administrator may choose (empty for a head: their own only).
    var agencies: [Option]
    var templates: [Row]
    var placeholders: [Option]
    var message: String?
    struct Row: Encodable {
        var info: LetterTemplateInfo
        /// The text in the editor (the input kept after an error).
        var text: String
        var error: String?
        var open: Bool
    }
}

struct LetterPreviewView: Encodable {
    var page: PageInfo
    var queryCode: String
    var letter: LetterPreview
    /// The form's values, posted again by the download and issue buttons.
    var fields: [Option]
    var canIssue: Bool
    /// Letters of the same kind issued already for the application (issuing again stores another), "YYYY-MM-DD 标题".
    var issuedBefore: [String] = []
}

/// The administration pages added to `/staff/admin` (the calendar change preview, the audit log), the letter template
/// editor (`/staff/letter-templates`, heads and the administrator) and the letter preview of the application page.
func registerAdminExtra(_ app: Application) throws {
    let staff = app.grouped(CSRFMiddleware()).grouped("staff").grouped(StaffSessionMiddleware())
    let admin = staff.grouped("admin")

    // MARK: Calendar change, previewed before it is made

    admin.post("calendar", "day-off", "preview") { req async throws -> Response in
        struct Form: Content { var date: String?; var name: String? }
        let f = try req.content.decode(Form.self)
        let name = (f.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let typed = (String((f.date ?? "").prefix(20)), String(name.prefix(200)))
        let d: CalendarDate
        let preview: CalendarPreviewInfo
        do {
            guard let date = CalendarDate(iso: f.date ?? "") else { throw ServiceError(.invalidInput, "日期应为 YYYY-MM-DD", field: "date") }
            d = date
            preview = try await req.service.previewDayOff(d, name: name, by: try req.member)
        } catch let e as ServiceError where e.code != .notAllowed {
            // Refused (a weekend or holiday, a year without its notice, a bad name): the admin page again, the
            // reason beside the form, the input kept.
            return try await renderAdmin(req, status: httpStatus(e), calendarError: req.message(e), dayOff: typed)
        }
        return try await renderCalendarPreview(req, change: req.t("calPreview.addDayOff", ["date": d.description, "weekday": req.t("weekday.\(d.weekday)"), "name": name]),
                                               preview: preview,
                                               action: "/staff/admin/calendar/day-off", fields: [Option(code: "date", label: d.description), Option(code: "name", label: name)])
            .encodeResponse(for: req)
    }

    admin.post("calendar", "import", "preview") { req async throws -> View in
        struct Form: Content { var file: File? }
        let f = try req.content.decode(Form.self)
        guard let file = f.file, file.data.readableBytes > 0 else { throw ServiceError(.invalidInput, "请选择节假日安排 JSON 文件", field: "file") }
        let json = Data(buffer: file.data)
        let preview = try await req.service.previewCalendarImport(json: json, by: try req.member, now: req.now)
        return try await renderCalendarPreview(req, change: req.t("calPreview.import", ["years": preview.years.map(String.init).joined(separator: req.t("common.listSeparator"))]),
                                               preview: preview,
                                               action: "/staff/admin/calendar/import/confirm",
                                               fields: [Option(code: "json", label: String(decoding: json, as: UTF8.self))])
    }

    // The confirmed import: the notice's JSON as previewed (the day off is confirmed to /staff/admin/calendar/day-off).
    admin.post("calendar", "import", "confirm") { req async throws -> Response in
        struct Form: Content { var json: String? }
        let json = (try req.content.decode(Form.self)).json ?? ""
        guard !json.isEmpty else { throw ServiceError(.invalidInput, "缺少节假日安排（请重新选择文件并预览）", field: "json") }
        let change = try await req.service.importCalendar(json: Data(json.utf8), by: try req.member, now: req.now)
        return try await renderAdmin(req, message: req.t("admin.calendarImported", ["years": change.years.map(String.init).joined(separator: req.t("common.listSeparator")),
                                                                                 "n": "\(change.recomputed.count)"]))
    }

    // MARK: Audit log

    func auditFilter(_ req: Request) throws -> (kind: String?, from: CalendarDate?, to: CalendarDate?) {
        func day(_ key: String, _ label: String) throws -> CalendarDate? {
            guard let raw = (try? req.query.get(String.self, at: key))?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            guard let d = CalendarDate(iso: raw) else { throw ServiceError(.invalidInput, "\(label)应为日期（YYYY-MM-DD），收到“\(raw)”", field: key) }
            return d
        }
        let kind = (try? req.query.get(String.self, at: "kind")).flatMap { $0.isEmpty ? nil : $0 }
        return (kind, try day("from", "开始日期"), try day("to", "结束日期"))
    }

    admin.get("audit") { req async throws -> View in
        let f = try auditFilter(req)
        let number = max(1, (try? req.query.get(Int.self, at: "page")) ?? 1)
        let log = try await req.service.auditLog(kind: f.kind, from: f.from, to: f.to, page: number, by: try req.member)
        let filter: [(String, String?)] = [("kind", f.kind), ("from", f.from?.description), ("to", f.to?.description)]
        func link(_ n: Int) -> String { "/staff/admin/audit" + queryString(filter + [("page", String(n))]) }
        return try await req.view.render("audit-log", AuditLogView(
            page: PageInfo(req, title: req.t("audit.title")), entries: log.entries,
            kinds: [Option(code: "", label: req.t("audit.allKinds"))] + Service.auditKinds.map { Option(code: $0.code, label: req.tv("auditKind", $0.label)) },
            kind: f.kind ?? "", from: f.from?.description ?? "", to: f.to?.description ?? "",
            pageNumber: log.page, pageCount: log.pageCount, total: log.total,
            previous: log.page > 1 ? link(log.page - 1) : nil, next: log.page < log.pageCount ? link(log.page + 1) : nil,
            download: "/staff/admin/audit/download" + queryString(filter)))
    }

    admin.get("audit", "download") { req async throws -> Response in
        let f = try auditFilter(req)
        let data = try await req.service.auditLogCSV(kind: f.kind, from: f.from, to: f.to, by: try req.member)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        let name = "管理操作日志.csv".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "audit-log.csv"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"audit-log.csv\"; filename*=UTF-8''\(name)")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    // MARK: Letter templates

    staff.get("letter-templates") { req async throws -> Response in
        try await renderLetterTemplates(req, agencyCode: try? req.query.get(String.self, at: "agency"))
    }

    staff.post("letter-templates", ":kind") { req async throws -> Response in
        struct Form: Content { var agency: String?; var body: String? }
        let f = try req.content.decode(Form.self)
        let kind = try letterKind(req)
        let agency = try templateAgency(req, f.agency)
        do {
            try await req.service.setLetterTemplate(agencyCode: agency, kind: kind, body: f.body ?? "", by: try req.member, now: req.now)
        } catch let e as ServiceError where e.code == .invalidInput {
            // The service's detail (the line and the placeholder at fault) stays as written, after a lead in the page's language.
            return try await renderLetterTemplates(req, agencyCode: agency, edited: (kind, f.body ?? "", req.t("templates.invalid", ["detail": e.message])),
                                                   status: .unprocessableEntity)
        }
        return req.redirect(to: "/staff/letter-templates" + queryString([("agency", agency), ("done", "saved"), ("kind", kind.rawValue)]) + "#\(kind.rawValue)")
    }

    staff.post("letter-templates", ":kind", "reset") { req async throws -> Response in
        struct Form: Content { var agency: String? }
        let kind = try letterKind(req)
        let agency = try templateAgency(req, (try req.content.decode(Form.self)).agency)
        try await req.service.setLetterTemplate(agencyCode: agency, kind: kind, body: nil, by: try req.member, now: req.now)
        return req.redirect(to: "/staff/letter-templates" + queryString([("agency", agency), ("done", "reset"), ("kind", kind.rawValue)]) + "#\(kind.rawValue)")
    }

    // MARK: Letter preview (nothing stored)

    staff.post("applications", ":code", "letters", "preview") { req async throws -> View in
        let code = try req.parameters.require("code")
        let (kind, input, fields) = try letterForm(req)
        let member = try req.member
        let preview = try await req.service.letterPreview(code: code, kind: kind, input: input, by: member)
        let queryCode = code.trimmingCharacters(in: .whitespaces).uppercased()
        let canIssue = (member.role == .handler || member.role == .head) && member.role.may(.handleApplications)
        let before = try await req.service.letters(code: code, by: member).filter { $0.kind == kind.rawValue }
            .map { "\($0.issued) \(req.tv("letter", $0.title))" }
        return try await req.view.render("letter-preview", LetterPreviewView(
            page: PageInfo(req, title: req.t("letterPreview.pageTitle", ["letter": req.tv("letter", preview.title)])), queryCode: queryCode,
            letter: localized(preview, req), fields: fields, canIssue: canIssue, issuedBefore: before))
    }

    // The preview as a file (DOCX or PDF), not stored and not listed.
    staff.post("applications", ":code", "letters", "preview", "download") { req async throws -> Response in
        let code = try req.parameters.require("code")
        let (kind, input, _) = try letterForm(req)
        struct Format: Content { var format: String? }
        let format = (try req.content.decode(Format.self)).format ?? "docx"
        let file = try await req.service.letter(code: code, kind: kind, input: input, format: format, by: try req.member)
        let response = Response(status: .ok, body: .init(data: file.data))
        let pdf = file.contentType == "application/pdf"
        response.headers.replaceOrAdd(name: .contentType, value: file.contentType)
        let name = ("预览-" + file.filename).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "letter"
        response.headers.replaceOrAdd(name: .contentDisposition,
                                      value: "attachment; filename=\"letter-preview.\(pdf ? "pdf" : "docx")\"; filename*=UTF-8''\(name)")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

func renderCalendarPreview(_ req: Request, change: String, preview: CalendarPreviewInfo, action: String, fields: [Option]) async throws -> View {
    let rows = preview.moves.map { m in
        CalendarPreviewPage.MoveRow(queryCode: m.queryCode, agency: m.agencyName.isEmpty ? m.agencyCode : "\(m.agencyName)（\(m.agencyCode)）",
                                    old: m.old.map { req.t("calPreview.due", ["due": $0]) } ?? req.t("calPreview.cannotCompute"),
                                    new: m.new.map { req.t("calPreview.due", ["due": $0]) } ?? req.t("calPreview.cannotCompute"),
                                    difference: m.workingDays.map {
                                        $0 > 0 ? req.t("calPreview.later", ["n": "\($0)"]) : $0 < 0 ? req.t("calPreview.earlier", ["n": "\(-$0)"]) : req.t("calPreview.same")
                                    } ?? (m.old == nil ? req.t("calPreview.nowComputable") : req.t("calPreview.cannotCompute")))
    }
    return try await req.view.render("admin-calendar-preview", CalendarPreviewPage(
        page: PageInfo(req, title: req.t("calPreview.title")), change: change, preview: preview, moves: rows, action: action, fields: fields))
}

func letterKind(_ req: Request) throws -> LetterKind {
    let raw = try req.parameters.require("kind")
    guard let kind = LetterKind(rawValue: raw) else { throw ServiceError(.notFound, "没有“\(raw)”这种文书（可选：\(LetterKind.choices)）", field: "kind") }
    return kind
}

/// The agency whose templates are edited: the one named, else the member's own.
func templateAgency(_ req: Request, _ named: String?) throws -> String {
    if let named, !named.isEmpty { return named }
    if let own = try req.member.agencyCode { return own }
    throw ServiceError(.invalidInput, "请选择机关", field: "agency")
}

func renderLetterTemplates(_ req: Request, agencyCode: String?, edited: (LetterKind, String, String)? = nil,
                           status: HTTPResponseStatus = .ok) async throws -> Response {
    let member = try req.member
    let agencies = try await req.service.agencies()
    let code: String
    if let a = agencyCode, !a.isEmpty { code = a } else if let own = member.agencyCode { code = own } else if let first = agencies.first?.code { code = first } else {
        throw ServiceError(.notFound, "还没有任何机关")
    }
    let templates = try await req.service.letterTemplates(agencyCode: code, by: member)
    guard let agency = agencies.first(where: { $0.code == code }) else { throw ServiceError(.notFound, "机关“\(code)”不存在或不在您的权限范围内") }
    let doneKind = try? req.query.get(String.self, at: "kind")
    let rows = templates.map { t in
        let mine = edited.map { $0.0.rawValue == t.kind } ?? false
        var info = t
        info.legalBasis = localizeLegalBasis(t.legalBasis, req.lang)
        return LetterTemplatesView.Row(info: info, text: mine ? edited!.1 : t.body, error: mine ? edited!.2 : nil, open: mine || doneKind == t.kind)
    }
    let done = try? req.query.get(String.self, at: "done")
    let title = doneKind.flatMap(LetterKind.init(rawValue:)).map { req.tv("letter", $0.title) } ?? req.t("templates.aLetter")
    let message = done == "saved" ? req.t("templates.saved", ["letter": title]) : done == "reset" ? req.t("templates.reset", ["letter": title]) : nil
    let view = LetterTemplatesView(
        page: PageInfo(req, title: req.t("templates.title")), agency: agency,
        agencies: member.role.may(.manageAgencies) ? agencies.map { Option(code: $0.code, label: $0.name) } : [],
        templates: rows, placeholders: LetterTemplate.placeholderMeanings.map { Option(code: $0.name, label: req.tv("placeholder", $0.meaning)) },
        message: message)
    return try await req.view.render("letter-templates", view).encodeResponse(status: status, for: req)
}

/// The letter form of the application page (kind, reasons, correction items and period, third party), and its
/// non-empty values to post again.
func letterForm(_ req: Request) throws -> (LetterKind, LetterInput, [Option]) {
    struct Form: Content { var kind: String?; var reasons: String?; var correctionItems: String?; var correctionBy: String?; var thirdParty: String? }
    let f = try req.content.decode(Form.self)
    guard let kind = LetterKind(rawValue: f.kind ?? "") else { throw ServiceError(.invalidInput, "请选择文书种类", field: "kind") }
    func text(_ s: String?) -> String? { s.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 } }
    var by: CalendarDate?
    if let raw = text(f.correctionBy) {
        guard let d = CalendarDate(iso: raw) else { throw ServiceError(.invalidInput, "补正期限应为日期（YYYY-MM-DD），收到“\(raw)”", field: "correctionBy") }
        by = d
    }
    let input = LetterInput(reasons: text(f.reasons), correctionItems: text(f.correctionItems), correctionBy: by, thirdParty: text(f.thirdParty))
    let fields = [("kind", kind.rawValue), ("reasons", input.reasons), ("correctionItems", input.correctionItems),
                  ("correctionBy", by?.description), ("thirdParty", input.thirdParty)].compactMap { k, v in v.map { Option(code: k, label: $0) } }
    return (kind, input, fields)
}

/// The letter preview's page chrome in the request's language: the facts' labels and values (dates, the decision, the
/// legal basis). The letter itself (title, addressee, paragraphs, seal line, date) stays as printed, in Chinese.
func localized(_ preview: LetterPreview, _ req: Request) -> LetterPreview {
    guard req.lang != .zh else { return preview }
    var p = preview
    p.facts = preview.facts.map { f in
        let value = f.label == "答复决定" ? req.tv("outcome", f.value)
            : f.label == "法律依据" || f.label == "文书依据" ? localizeLegalBasis(f.value, req.lang) : localizeChineseDate(f.value, req.lang)
        var out = f
        out.label = req.tv("letterFact", f.label)
        out.value = value
        return out
    }
    return p
}
