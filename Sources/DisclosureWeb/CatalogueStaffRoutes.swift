import DisclosureRules
import DisclosureService
import Foundation
import Vapor

// The back office of the government information catalogue (政府信息公开目录, issue 12): the list with the
// 第二十六条 due dates, the item form, the item page with its 保密审查, publication (refused without a passed review,
// the attempt logged), repeal, policy interpretation and attachments, and the 索引号 settings.
//
// 索引号 contain `/` (`000014349/2024-00001`), so an item is addressed by query parameters — `?agency=edu&index=…`
// (percent-encoded) — never by a path segment; forms post the same two values as hidden fields.

struct CatalogueListPage: Encodable {
    var page: PageInfo
    var agencies: [AgencyInfo]
    var agency: String
    var state: String
    var category: String
    var year: String
    var overdue: Bool
    var states: [Option]
    var categories: [Option]
    var years: [String]
    var rows: [Row]
    var total: Int
    /// `catalogueListPageSize` rows a page.
    var pageNumber: Int = 1
    var pageCount: Int = 1
    var previous: String?
    var next: String?
    var canEdit: Bool
    var canManage: Bool
    var noSettings: Bool
    var message: String?

    struct Row: Encodable {
        var index: String
        var link: String
        var title: String
        var documentNumber: String
        var category: String
        var state: String
        var stateLabel: String
        var formedOn: String
        var timeliness: String
        var overdue: Bool
        var publishedOn: String
        var validity: String
        var attachments: Int
        var interpretation: String?
    }
}

struct CatalogueFormPage: Encodable {
    var page: PageInfo
    var agency: String
    var agencyName: String
    /// Empty for a new item.
    var index: String
    var indexQuery: String
    var values: [String: String]
    var errors: [String: String]
    var error: String?
    var topics: [Option]
    var genres: [Option]
    var categories: [Option]
    var kinds: [Option]
    var modes: [Option]
    var grounds: [Option]
    var documents: [Option]
}

struct CatalogueStaffItemPage: Encodable {
    var page: PageInfo
    var agency: String
    var index: String
    var indexQuery: String
    var title: String
    var state: String
    var stateLabel: String
    var facts: [Option]
    var timeliness: String?
    var overdue: Bool
    var interprets: Linked?
    var interpretation: Linked?
    var attachments: [Attachment]
    var reviews: [Review]
    var history: [Event]
    var editable: Bool
    var published: Bool
    var inForce: Bool
    var canEdit: Bool
    var canReview: Bool
    var message: String?
    /// A refusal of any form of the page, shown at its top too: the form it belongs to may not be on the page (an
    /// item published meanwhile in another tab has no publish form).
    var refusal: String?
    /// The 索引号 again, for the forms inside `#for` loops (where Leaf's own `index` is the loop counter).
    var indexNumber: String
    var forms: CatalogueItemForms
    var results: [Option]
    var documents: [Option]

    struct Linked: Encodable { var index: String; var title: String; var link: String; var stateLabel: String }
    struct Attachment: Encodable { var id: String; var name: String; var size: String; var revision: Int; var link: String; var publicLink: String? }
    struct Review: Encodable { var reviewer: String; var result: String; var passed: Bool; var date: String; var opinion: String; var revision: Int; var current: Bool }
    struct Event: Encodable { var at: String; var actor: String; var label: String; var detail: String; var refused: Bool }
}

/// The values and the problem of each form of the item page (kept after a refusal).
struct CatalogueItemForms: Encodable {
    var reviewer = "", result = "passed", opinion = "", reviewDate = ""
    var reviewError: String?
    var publishDate = ""
    var publishError: String?
    var publishErrorDetail: String?
    var endKind = "repealed", endDate = "", endDocument = ""
    var endError: String?
    var interprets = ""
    var linkError: String?
    var fileError: String?
}

struct CatalogueSettingsPage: Encodable {
    var page: PageInfo
    var agencies: [AgencyInfo]
    var agency: String
    var organisationCode: String
    var pattern: String
    var example: String?
    var errors: [String: String]
    var message: String?
    var defaultPattern: String
}

/// Rows a page of the staff catalogue list.
let catalogueListPageSize = 50

/// The form fields of an item (CatalogueField keys, plus `mode`, `ground`, `topic`, `genre`, `category`, `interprets`).
let catalogueFormFields = ["title", "summary", "documentNumber", "issuingAgency", "writtenOn", "formedOn", "topic", "genre", "category",
                           "mode", "ground", "scope", "timeLimit", "documentKind", "body", "interprets"]

func registerCatalogueStaff(_ app: Application) throws {
    let staff = app.grouped(CSRFMiddleware()).grouped("staff").grouped(StaffSessionMiddleware())

    // MARK: List

    staff.get("catalogue") { req async throws -> View in
        let m = try req.member
        try req.service.authorize(m, .readCatalogue)
        let choices = try await req.agencyChoices()
        guard let agency = try req.chosenAgency(choices) else { throw ServiceError(.notFound, "没有可查看的机关") }
        func q(_ k: String) -> String { ((try? req.query.get(String.self, at: k)) ?? "").trimmingCharacters(in: .whitespaces) }
        let state = CatalogueState(rawValue: q("state"))
        let category = Int(q("category")).flatMap(DisclosureCategory.init(rawValue:))
        let year = Int(q("year"))
        let overdue = q("overdue") == "1"
        let all = try await req.service.catalogue(agencyCode: agency, by: m, now: req.now)
        let years = Array(Set(all.map { IndexNumberPattern.year(of: $0.item) })).sorted(by: >).map(String.init)
        let shown = all.filter { e in
            (state == nil || e.item.state == state) && (category == nil || e.item.category == category)
                && (year == nil || IndexNumberPattern.year(of: e.item) == year)
                && (!overdue || { if case .overdue? = e.timeliness { true } else { false } }())
        }
        let settings = try await req.service.catalogueSettings(agencyCode: agency, by: m)
        let done = q("done").isEmpty ? nil : req.t("catalogueStaff.done.\(q("done"))")
        // One page of the filtered list (an imported catalogue has thousands of items).
        let pageCount = max(1, (shown.count + catalogueListPageSize - 1) / catalogueListPageSize)
        let number = min(max(1, Int(q("page")) ?? 1), pageCount)
        func link(_ n: Int) -> String {
            "/staff/catalogue" + queryString([("agency", agency), ("state", q("state")), ("category", q("category")), ("year", q("year")),
                                              ("overdue", overdue ? "1" : nil), ("page", String(n))])
        }
        let onPage = shown.dropFirst((number - 1) * catalogueListPageSize).prefix(catalogueListPageSize)
        var listPage = CatalogueListPage(
            page: PageInfo(req, title: req.t("catalogueStaff.title")), agencies: choices, agency: agency,
            state: state?.rawValue ?? "", category: category.map { String($0.rawValue) } ?? "", year: year.map(String.init) ?? "", overdue: overdue,
            states: CatalogueState.allCases.map { Option(code: $0.rawValue, label: req.t("catalogueStaff.state.\($0.rawValue)")) },
            categories: categoryOptions(req), years: years,
            rows: onPage.map { e in
                CatalogueListPage.Row(index: e.indexNumber, link: itemURL(agency, e.indexNumber), title: e.item.title, documentNumber: e.item.documentNumber,
                                      category: req.t("catalogueStaff.categoryShort", ["n": "\(e.item.category.rawValue)"]),
                                      state: e.item.state.rawValue, stateLabel: req.t("catalogueStaff.state.\(e.item.state.rawValue)"),
                                      formedOn: e.item.formedOn.description, timeliness: timelinessText(e.timeliness, req),
                                      overdue: { if case .overdue? = e.timeliness { true } else { false } }(),
                                      publishedOn: e.item.publishedOn?.description ?? "", validity: validityText(e.item.validity, req),
                                      attachments: e.attachments.count,
                                      interpretation: e.interpretsIndexNumber.map { req.t("catalogueStaff.interpretsShort", ["index": $0]) })
            },
            total: shown.count, canEdit: m.role.may(.editCatalogue), canManage: m.role.may(.manageCatalogue), noSettings: settings == nil,
            message: done)
        listPage.pageNumber = number; listPage.pageCount = pageCount
        listPage.previous = number > 1 ? link(number - 1) : nil
        listPage.next = number < pageCount ? link(number + 1) : nil
        return try await req.view.render("catalogue-staff-list", listPage)
    }

    // MARK: New item, edit

    staff.get("catalogue", "new") { req async throws -> View in
        let m = try req.member
        let choices = try await req.agencyChoices()
        guard let agency = try req.chosenAgency(choices) else { throw ServiceError(.notFound, "没有可查看的机关") }
        try req.service.authorize(m, .editCatalogue, agencyCode: agency)
        let name = choices.first { $0.code == agency }?.name ?? ""
        let today = try await req.service.today(agencyCode: agency, now: req.now)
        let values = ["issuingAgency": name, "formedOn": today.description, "topic": SubjectTopic.generalAffairs.rawValue, "genre": DocumentGenre.circular.rawValue,
                      "category": "1", "mode": "proactive", "scope": CatalogueItem.defaultScope, "timeLimit": CatalogueItem.defaultTimeLimit,
                      "documentKind": DocumentKind.other.rawValue]
        return try await renderForm(req, agency: agency, index: "", values: values, errors: [:], error: nil)
    }

    staff.get("catalogue", "edit") { req async throws -> View in
        let (agency, index) = try itemTarget(req)
        let (e, _) = try await req.service.catalogueItem(agencyCode: agency, indexNumber: index, by: try req.member, now: req.now)
        try req.service.authorize(try req.member, .editCatalogue, agencyCode: agency)
        let i = e.item
        var values: [String: String] = [
            "title": i.title, "summary": i.summary, "documentNumber": i.documentNumber, "issuingAgency": i.issuingAgency,
            "writtenOn": i.writtenOn?.description ?? "", "formedOn": i.formedOn.description, "topic": i.topic.rawValue, "genre": i.genre.rawValue,
            "category": String(i.category.rawValue), "scope": i.scope, "timeLimit": i.timeLimit, "documentKind": i.documentKind.rawValue, "body": i.body,
            "interprets": e.interpretsIndexNumber ?? "",
        ]
        switch i.mode {
        case .proactive: values["mode"] = "proactive"
        case .onRequest: values["mode"] = "on-request"
        case .withheld(let g): values["mode"] = "withheld"; values["ground"] = g.rawValue
        }
        return try await renderForm(req, agency: agency, index: e.indexNumber, values: values, errors: [:], error: nil)
    }

    staff.post("catalogue", "new") { req async throws -> Response in
        try await saveItem(req, editing: false)
    }
    staff.post("catalogue", "edit") { req async throws -> Response in
        try await saveItem(req, editing: true)
    }

    // MARK: Item page and its steps

    staff.get("catalogue", "item") { req async throws -> View in
        let (agency, index) = try itemTarget(req)
        let done = ((try? req.query.get(String.self, at: "done")) ?? "").isEmpty ? nil : req.t("catalogueStaff.done.\((try? req.query.get(String.self, at: "done")) ?? "")")
        return try await renderItem(req, agency: agency, index: index, forms: CatalogueItemForms(), message: done)
    }

    staff.post("catalogue", "review") { req async throws -> Response in
        let (agency, index) = try itemTarget(req)
        struct Form: Content { var reviewer: String?; var result: String?; var opinion: String?; var date: String? }
        let f = try req.content.decode(Form.self)
        var forms = CatalogueItemForms()
        forms.reviewer = f.reviewer ?? ""; forms.result = f.result ?? "passed"; forms.opinion = f.opinion ?? ""; forms.reviewDate = f.date ?? ""
        do {
            guard let result = ReviewResult(rawValue: f.result ?? "") else { throw ServiceError(.invalidInput, "审查结果应为通过或不通过", field: "result") }
            let date = try optionalDate(f.date, field: "date", label: "审查日期")
            _ = try await req.service.reviewCatalogueItem(agencyCode: agency, indexNumber: index, reviewer: f.reviewer ?? "", result: result, date: date,
                                                          opinion: f.opinion ?? "", by: try req.member, now: req.now)
            return req.redirect(to: itemURL(agency, index, done: "reviewed", anchor: "reviews"))
        } catch let e as ServiceError where e.code != .notAllowed && e.code != .notFound {
            forms.reviewError = req.message(e)
            return try await renderItem(req, agency: agency, index: index, forms: forms, message: nil).encodeResponse(status: httpStatus(e), for: req)
        }
    }

    staff.post("catalogue", "publish") { req async throws -> Response in
        let (agency, index) = try itemTarget(req)
        struct Form: Content { var date: String? }
        let f = try req.content.decode(Form.self)
        var forms = CatalogueItemForms()
        forms.publishDate = f.date ?? ""
        do {
            let date = try optionalDate(f.date, field: "publishedOn", label: "发布日期")
            _ = try await req.service.publishCatalogueItem(agencyCode: agency, indexNumber: index, date: date, by: try req.member, now: req.now)
            return req.redirect(to: itemURL(agency, index, done: "published"))
        } catch let e as ServiceError where e.code != .notAllowed && e.code != .notFound {
            // Refused (no passed review, changed since, an interpretation before its document): the reason beside the
            // button; the attempt is in the event log and so in the history below.
            forms.publishError = req.message(e)
            forms.publishErrorDetail = req.lang == .zh ? nil : e.message
            return try await renderItem(req, agency: agency, index: index, forms: forms, message: nil).encodeResponse(status: httpStatus(e), for: req)
        }
    }

    staff.post("catalogue", "end") { req async throws -> Response in
        let (agency, index) = try itemTarget(req)
        struct Form: Content { var kind: String?; var date: String?; var document: String? }
        let f = try req.content.decode(Form.self)
        var forms = CatalogueItemForms()
        forms.endKind = f.kind ?? "repealed"; forms.endDate = f.date ?? ""; forms.endDocument = f.document ?? ""
        do {
            guard let d = CalendarDate(iso: (f.date ?? "").trimmingCharacters(in: .whitespaces)) else {
                throw ServiceError(.invalidInput, "废止或失效日期应为日期（YYYY-MM-DD）", field: "validity")
            }
            let doc = (f.document ?? "").trimmingCharacters(in: .whitespaces)
            let validity: Validity = f.kind == "lapsed" ? .lapsed(on: d, by: doc.isEmpty ? nil : doc) : .repealed(on: d, by: doc)
            _ = try await req.service.endCatalogueItem(agencyCode: agency, indexNumber: index, validity: validity, by: try req.member, now: req.now)
            return req.redirect(to: itemURL(agency, index, done: "ended"))
        } catch let e as ServiceError where e.code != .notAllowed && e.code != .notFound {
            forms.endError = req.message(e)
            return try await renderItem(req, agency: agency, index: index, forms: forms, message: nil).encodeResponse(status: httpStatus(e), for: req)
        }
    }

    staff.post("catalogue", "link") { req async throws -> Response in
        let (agency, index) = try itemTarget(req)
        struct Form: Content { var interprets: String? }
        let f = try req.content.decode(Form.self)
        var forms = CatalogueItemForms()
        forms.interprets = f.interprets ?? ""
        do {
            let target = (f.interprets ?? "").trimmingCharacters(in: .whitespaces)
            _ = try await req.service.linkInterpretation(agencyCode: agency, indexNumber: index, interprets: target.isEmpty ? nil : target,
                                                         by: try req.member, now: req.now)
            return req.redirect(to: itemURL(agency, index, done: target.isEmpty ? "unlinked" : "linked", anchor: "interpretation"))
        } catch let e as ServiceError where e.code != .notAllowed && e.code != .notFound {
            forms.linkError = req.message(e)
            return try await renderItem(req, agency: agency, index: index, forms: forms, message: nil).encodeResponse(status: httpStatus(e), for: req)
        }
    }

    // Attachments: uploaded (multipart) while unpublished; each upload makes a new revision (reviewed again).
    staff.on(.POST, "catalogue", "attachments", body: .collect(maxSize: ByteCount(value: AttachmentFile.maximumBytes + 1024 * 1024))) { req async throws -> Response in
        let (agency, index) = try itemTarget(req)
        struct Form: Content { var file: File? }
        let f = try req.content.decode(Form.self)
        var forms = CatalogueItemForms()
        do {
            guard let file = f.file, file.data.readableBytes > 0 else { throw ServiceError(.invalidInput, "请选择要上传的附件", field: "file") }
            _ = try await req.service.addCatalogueAttachment(agencyCode: agency, indexNumber: index, fileName: file.filename, data: Data(buffer: file.data),
                                                             by: try req.member, now: req.now)
            return req.redirect(to: itemURL(agency, index, done: "attached", anchor: "attachments"))
        } catch let e as ServiceError where e.code != .notAllowed && e.code != .notFound {
            forms.fileError = req.message(e)
            return try await renderItem(req, agency: agency, index: index, forms: forms, message: nil).encodeResponse(status: httpStatus(e), for: req)
        }
    }

    staff.post("catalogue", "attachments", "remove") { req async throws -> Response in
        let (agency, index) = try itemTarget(req)
        struct Form: Content { var id: String? }
        let f = try req.content.decode(Form.self)
        guard let id = UUID(uuidString: f.id ?? "") else { throw ServiceError(.notFound, "附件不存在") }
        var forms = CatalogueItemForms()
        do {
            try await req.service.removeCatalogueAttachment(agencyCode: agency, indexNumber: index, attachmentID: id, by: try req.member, now: req.now)
            return req.redirect(to: itemURL(agency, index, done: "detached", anchor: "attachments"))
        } catch let e as ServiceError where e.code == .refused {
            forms.fileError = req.message(e)
            return try await renderItem(req, agency: agency, index: index, forms: forms, message: nil).encodeResponse(status: httpStatus(e), for: req)
        }
    }

    staff.get("catalogue", "attachments", "download") { req async throws -> Response in
        guard let id = UUID(uuidString: (try? req.query.get(String.self, at: "id")) ?? "") else { throw ServiceError(.notFound, "附件不存在") }
        let (a, data) = try await req.service.catalogueAttachmentFile(id: id, by: try req.member)
        return attachmentResponse(a, data, cache: "no-store")
    }

    // The public download of a published item's attachment; a draft's files are not found.
    app.get("catalogue", "attachments", ":id") { req async throws -> Response in
        guard let id = UUID(uuidString: req.parameters.get("id") ?? "") else { throw ServiceError(.notFound, "附件不存在") }
        let f = try await req.service.publishedCatalogueAttachment(id: id)
        return attachmentResponse(f.attachment, f.data, cache: "public, max-age=3600")
    }

    // MARK: 索引号 settings

    staff.get("catalogue", "settings") { req async throws -> View in
        let m = try req.member
        try req.service.authorize(m, .manageCatalogue)
        // The administrator sets up every agency; a head their own.
        let choices = m.role.may(.manageAgencies) ? try await req.service.agencies() : try await req.agencyChoices()
        guard let agency = try req.chosenAgency(choices) else { throw ServiceError(.notFound, "没有可查看的机关") }
        let current = try await req.service.catalogueSettings(agencyCode: agency, by: m)
        let done = ((try? req.query.get(String.self, at: "done")) ?? "") == "settings" ? req.t("catalogueStaff.done.settings") : nil
        return try await renderSettings(req, choices: choices, agency: agency, code: current?.organisationCode ?? "",
                                        pattern: current?.pattern ?? IndexNumberPattern.defaultPattern, errors: [:], message: done, saved: current != nil)
    }

    staff.post("catalogue", "settings") { req async throws -> Response in
        struct Form: Content { var agency: String?; var organisationCode: String?; var pattern: String? }
        let f = try req.content.decode(Form.self)
        let agency = f.agency ?? ""
        let m = try req.member
        do {
            try await req.service.setCatalogueSettings(agencyCode: agency, organisationCode: f.organisationCode ?? "",
                                                       pattern: (f.pattern ?? "").isEmpty ? IndexNumberPattern.defaultPattern : f.pattern!, by: m, now: req.now)
            return req.redirect(to: "/staff/catalogue/settings" + queryString([("agency", agency), ("done", "settings")]))
        } catch let e as ServiceError where e.code == .invalidInput {
            let choices = m.role.may(.manageAgencies) ? try await req.service.agencies() : try await req.agencyChoices()
            let key = e.field == "indexPattern" ? "pattern" : "organisationCode"
            return try await renderSettings(req, choices: choices, agency: agency, code: f.organisationCode ?? "", pattern: f.pattern ?? "",
                                            errors: [key: req.message(e)], message: nil, saved: false).encodeResponse(status: httpStatus(e), for: req)
        }
    }
}

// MARK: Helpers

/// The item page's address: `/staff/catalogue/item?agency=…&index=…` (the 索引号 percent-encoded, `/` as `%2F`).
func itemURL(_ agency: String, _ index: String, done: String? = nil, anchor: String? = nil) -> String {
    "/staff/catalogue/item" + queryString([("agency", agency), ("index", index), ("done", done)]) + (anchor.map { "#" + $0 } ?? "")
}

/// The agency and 索引号 of a request: from the query of a GET, from the form of a POST.
func itemTarget(_ req: Request) throws -> (String, String) {
    func value(_ k: String) -> String {
        ((try? req.query.get(String.self, at: k)) ?? (try? req.content.get(String.self, at: k)) ?? "").trimmingCharacters(in: .whitespaces)
    }
    let agency = value("agency"), index = value("index")
    guard !agency.isEmpty, !index.isEmpty else { throw ServiceError(.notFound, "目录条目不存在（缺少机关或索引号）") }
    return (agency, index)
}

func optionalDate(_ raw: String?, field: String, label: String) throws -> CalendarDate? {
    let s = (raw ?? "").trimmingCharacters(in: .whitespaces)
    guard !s.isEmpty else { return nil }
    guard let d = CalendarDate(iso: s) else { throw ServiceError(.invalidInput, "\(label)应为日期（YYYY-MM-DD），收到“\(s)”", field: field) }
    return d
}

func categoryOptions(_ req: Request) -> [Option] {
    DisclosureCategory.allCases.map { Option(code: String($0.rawValue), label: req.t("catalogueStaff.category.\($0.rawValue)")) }
}

func timelinessText(_ t: PublicationTimeliness?, _ req: Request) -> String {
    switch t {
    case .pending(let d)?: req.t("catalogueStaff.timeliness.pending", ["due": d.description])
    case .overdue(let d)?: req.t("catalogueStaff.timeliness.overdue", ["due": d.description])
    case .onTime(let d)?: req.t("catalogueStaff.timeliness.onTime", ["due": d.description])
    case .late(let d)?: req.t("catalogueStaff.timeliness.late", ["due": d.description])
    case nil: ""
    }
}

func validityText(_ v: Validity, _ req: Request) -> String {
    switch v {
    case .effective: req.t("catalogueStaff.validity.effective")
    case .repealed(let d, let by): req.t("catalogueStaff.validity.repealed", ["date": d.description, "document": by])
    case .lapsed(let d, let by): req.t("catalogueStaff.validity.lapsed", ["date": d.description]) + (by.map { " · " + $0 } ?? "")
    }
}

/// An attachment as a download: its type, `attachment` with the sanitised name (ASCII fallback and RFC 5987 UTF-8),
/// no sniffing.
func attachmentResponse(_ a: CatalogueAttachment, _ data: Data, cache: String) -> Response {
    let r = Response(status: .ok, body: .init(data: data))
    r.headers.replaceOrAdd(name: .contentType, value: a.contentType)
    let encoded = a.fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
    let ext = (a.fileName as NSString).pathExtension
    r.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"attachment.\(ext)\"; filename*=UTF-8''\(encoded)")
    r.headers.replaceOrAdd(name: .cacheControl, value: cache)
    r.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
    return r
}

/// The item form's selects.
func renderForm(_ req: Request, agency: String, index: String, values: [String: String], errors: [String: String], error: String?) async throws -> View {
    let m = try req.member
    let name = try await req.service.agencies().first { $0.code == agency }?.name ?? agency
    let others = try await req.service.catalogue(agencyCode: agency, by: m, now: req.now).filter { $0.indexNumber != index }
    return try await req.view.render("catalogue-staff-form", CatalogueFormPage(
        page: PageInfo(req, title: index.isEmpty ? req.t("catalogueStaff.newTitle") : req.t("catalogueStaff.editTitle")),
        agency: agency, agencyName: name, index: index, indexQuery: queryString([("agency", agency), ("index", index)]),
        values: values, errors: errors, error: error,
        topics: SubjectTopic.allCases.map { Option(code: $0.rawValue, label: "\($0.code) " + req.t("catalogueStaff.topic.\($0.rawValue)")) },
        genres: DocumentGenre.allCases.map { Option(code: $0.rawValue, label: req.t("catalogueStaff.genre.\(genreKey($0))")) },
        categories: categoryOptions(req),
        kinds: DocumentKind.allCases.map { Option(code: $0.rawValue, label: req.t("catalogueStaff.kind.\($0.rawValue)")) },
        modes: ["proactive", "on-request", "withheld"].map { Option(code: $0, label: req.t("catalogueStaff.mode.\($0)")) },
        grounds: WithholdingGround.allCases.map { Option(code: $0.rawValue, label: req.t("catalogueStaff.ground.\($0.rawValue)")) },
        documents: others.filter { $0.interpretsIndexNumber == nil && ($0.interpretationIndexNumber == nil || $0.interpretationIndexNumber == index) }.map { Option(code: $0.indexNumber, label: "\($0.indexNumber) \($0.item.title)") }))
}

/// A key for a genre (the raw values are Chinese): its case name.
func genreKey(_ g: DocumentGenre) -> String { String(describing: g) }

/// Reads the item form, saves it (new or edit), links the interpretation; on a refusal the form again with each
/// problem beside its field and every value kept.
func saveItem(_ req: Request, editing: Bool) async throws -> Response {
    let m = try req.member
    var values: [String: String] = [:]
    for k in catalogueFormFields { values[k] = (try? req.content.get(String.self, at: k)) ?? "" }
    let agency = ((try? req.content.get(String.self, at: "agency")) ?? "").trimmingCharacters(in: .whitespaces)
    let index = editing ? ((try? req.content.get(String.self, at: "index")) ?? "") : ""
    try req.service.authorize(m, .editCatalogue, agencyCode: agency)
    var errors: [String: String] = [:]
    func date(_ k: String, required: Bool) -> CalendarDate? {
        let s = values[k, default: ""].trimmingCharacters(in: .whitespaces)
        if s.isEmpty {
            if required { errors[k] = req.t("catalogueStaff.error.required") }
            return nil
        }
        guard let d = CalendarDate(iso: s) else { errors[k] = req.t("catalogueStaff.error.date", ["value": s]); return nil }
        return d
    }
    let written = date("writtenOn", required: false)
    let formed = date("formedOn", required: written == nil)
    let topic = SubjectTopic(rawValue: values["topic"] ?? "")
    if topic == nil { errors["topic"] = req.t("catalogueStaff.error.choose") }
    let genre = DocumentGenre(rawValue: values["genre"] ?? "")
    if genre == nil { errors["genre"] = req.t("catalogueStaff.error.choose") }
    let category = Int(values["category"] ?? "").flatMap(DisclosureCategory.init(rawValue:))
    if category == nil { errors["category"] = req.t("catalogueStaff.error.choose") }
    let kind = DocumentKind(rawValue: values["documentKind"] ?? "")
    if kind == nil { errors["documentKind"] = req.t("catalogueStaff.error.choose") }
    var mode: DisclosureMode?
    switch values["mode"] ?? "" {
    case "proactive": mode = .proactive
    case "on-request": mode = .onRequest
    case "withheld":
        if let g = WithholdingGround(rawValue: values["ground"] ?? "") { mode = .withheld(g) } else { errors["ground"] = req.t("catalogueStaff.error.ground") }
    default: errors["mode"] = req.t("catalogueStaff.error.choose")
    }
    func again(_ status: HTTPResponseStatus, error: String?) async throws -> Response {
        try await renderForm(req, agency: agency, index: index, values: values, errors: errors, error: error).encodeResponse(status: status, for: req)
    }
    guard errors.isEmpty, let topic, let genre, let category, let kind, let mode else { return try await again(.badRequest, error: req.t("catalogueStaff.error.fix")) }
    let item = CatalogueItem(title: values["title"] ?? "", summary: values["summary"] ?? "", documentNumber: values["documentNumber"] ?? "",
                             issuingAgency: values["issuingAgency"] ?? "", writtenOn: written, formedOn: formed, topic: topic, genre: genre,
                             category: category, mode: mode, scope: values["scope"] ?? "", timeLimit: values["timeLimit"] ?? "",
                             documentKind: kind, body: values["body"] ?? "")
    let saved: CatalogueEntry
    do {
        saved = editing ? try await req.service.editCatalogueItem(agencyCode: agency, indexNumber: index, item: item, by: m, now: req.now)
            : try await req.service.addCatalogueItem(agencyCode: agency, item: item, by: m, now: req.now)
    } catch let e as ServiceError where [.invalidInput, .conflict, .refused].contains(e.code) {
        let known = ["validity": "writtenOn", "repealedBy": "writtenOn"][e.field ?? ""] ?? e.field ?? ""
        if catalogueFormFields.contains(known) {
            errors[known] = req.fieldMessage(known, e.message)
            return try await again(httpStatus(e), error: req.t("catalogueStaff.error.fix"))
        }
        return try await again(httpStatus(e), error: req.message(e))
    }
    // The interpretation link, after the item exists (a refused link leaves the item saved and says so).
    let interprets = (values["interprets"] ?? "").trimmingCharacters(in: .whitespaces)
    if !interprets.isEmpty || editing {
        do {
            _ = try await req.service.linkInterpretation(agencyCode: agency, indexNumber: saved.indexNumber, interprets: interprets.isEmpty ? nil : interprets,
                                                         by: m, now: req.now)
        } catch let e as ServiceError where [.invalidInput, .conflict, .refused].contains(e.code) {
            var forms = CatalogueItemForms()
            forms.interprets = interprets
            forms.linkError = req.message(e)
            return try await renderItem(req, agency: agency, index: saved.indexNumber, forms: forms, message: req.t("catalogueStaff.done.savedLinkRefused"))
                .encodeResponse(status: httpStatus(e), for: req)
        }
    }
    return req.redirect(to: itemURL(agency, saved.indexNumber, done: editing ? "edited" : "created"))
}

/// The item page: metadata, 第二十六条, interpretation link both ways, attachments, reviews, history and the forms.
func renderItem(_ req: Request, agency: String, index: String, forms: CatalogueItemForms, message: String?) async throws -> View {
    let m = try req.member
    let (e, events) = try await req.service.catalogueItem(agencyCode: agency, indexNumber: index, by: m, now: req.now)
    let i = e.item
    func linked(_ ix: String?) async -> CatalogueStaffItemPage.Linked? {
        guard let ix, let (other, _) = try? await req.service.catalogueItem(agencyCode: agency, indexNumber: ix, by: m, now: req.now) else { return nil }
        return .init(index: ix, title: other.item.title, link: itemURL(agency, ix), stateLabel: req.t("catalogueStaff.state.\(other.item.state.rawValue)"))
    }
    let mode: String = switch i.mode {
    case .proactive: req.t("catalogueStaff.mode.proactive")
    case .onRequest: req.t("catalogueStaff.mode.on-request")
    case .withheld(let g): req.t("catalogueStaff.mode.withheld") + " · " + req.t("catalogueStaff.ground.\(g.rawValue)")
    }
    let facts: [Option] = [
        Option(code: req.t("catalogueStaff.field.indexNumber"), label: e.indexNumber),
        Option(code: req.t("catalogueStaff.field.title"), label: i.title),
        Option(code: req.t("catalogueStaff.field.summary"), label: i.summary),
        Option(code: req.t("catalogueStaff.field.documentNumber"), label: i.documentNumber),
        Option(code: req.t("catalogueStaff.field.issuingAgency"), label: i.issuingAgency),
        Option(code: req.t("catalogueStaff.field.writtenOn"), label: i.writtenOn.map { formatDate($0.description, req.lang) } ?? ""),
        Option(code: req.t("catalogueStaff.field.formedOn"), label: formatDate(i.formedOn.description, req.lang)),
        Option(code: req.t("catalogueStaff.field.publishedOn"), label: i.publishedOn.map { formatDate($0.description, req.lang) } ?? ""),
        Option(code: req.t("catalogueStaff.field.topic"), label: "\(i.topic.code) " + req.t("catalogueStaff.topic.\(i.topic.rawValue)")),
        Option(code: req.t("catalogueStaff.field.genre"), label: req.t("catalogueStaff.genre.\(genreKey(i.genre))")),
        Option(code: req.t("catalogueStaff.field.category"), label: req.t("catalogueStaff.category.\(i.category.rawValue)")),
        Option(code: req.t("catalogueStaff.field.mode"), label: mode),
        Option(code: req.t("catalogueStaff.field.scope"), label: i.scope),
        Option(code: req.t("catalogueStaff.field.timeLimit"), label: i.timeLimit),
        Option(code: req.t("catalogueStaff.field.documentKind"), label: req.t("catalogueStaff.kind.\(i.documentKind.rawValue)")),
        Option(code: req.t("catalogueStaff.field.validity"), label: validityText(i.validity, req)),
        Option(code: req.t("catalogueStaff.field.revision"), label: String(i.revision)),
        Option(code: req.t("catalogueStaff.field.createdBy"), label: e.createdBy + (e.publishedBy.map { " · " + req.t("catalogueStaff.publishedBy", ["name": $0]) } ?? "")),
    ]
    var forms = forms
    if forms.reviewer.isEmpty { forms.reviewer = req.staff?.user.displayName ?? "" }
    let today = try await req.service.today(agencyCode: agency, now: req.now).description
    if forms.reviewDate.isEmpty { forms.reviewDate = today }
    if forms.publishDate.isEmpty { forms.publishDate = today }
    if forms.endDate.isEmpty { forms.endDate = today }
    if forms.interprets.isEmpty { forms.interprets = e.interpretsIndexNumber ?? "" }
    let documents = e.item.state == .published ? [] : try await req.service.catalogue(agencyCode: agency, by: m, now: req.now)
        .filter { $0.indexNumber != e.indexNumber && $0.interpretsIndexNumber == nil && ($0.interpretationIndexNumber == nil || $0.interpretationIndexNumber == e.indexNumber) }
        .map { Option(code: $0.indexNumber, label: "\($0.indexNumber) \($0.item.title)") }
    let eventCodes = ["编目": "drafted", "修改": "edited", "保密审查": "reviewed", "发布": "published", "发布被拒绝": "refused", "废止或失效": "ended",
                      "添加附件": "attached", "删除附件": "detached", "关联政策解读": "linked", "取消关联政策解读": "unlinked"]
    return try await req.view.render("catalogue-staff-item", CatalogueStaffItemPage(
        page: PageInfo(req, title: i.title), agency: agency, index: e.indexNumber, indexQuery: queryString([("agency", agency), ("index", e.indexNumber)]),
        title: i.title, state: i.state.rawValue, stateLabel: req.t("catalogueStaff.state.\(i.state.rawValue)"), facts: facts,
        timeliness: e.timeliness.map { timelinessText($0, req) },
        overdue: { if case .overdue? = e.timeliness { true } else { false } }(),
        interprets: await linked(e.interpretsIndexNumber), interpretation: await linked(e.interpretationIndexNumber),
        attachments: e.attachments.map { a in
            .init(id: a.id.uuidString, name: a.fileName, size: a.sizeText, revision: a.revision,
                  link: "/staff/catalogue/attachments/download?id=\(a.id.uuidString)",
                  publicLink: i.state == .published ? "/catalogue/attachments/\(a.id.uuidString)" : nil)
        },
        reviews: e.reviews.map { r in
            .init(reviewer: r.reviewer, result: req.t("catalogueStaff.result.\(r.result.rawValue)"), passed: r.result == .passed, date: r.date.description,
                  opinion: r.opinion, revision: r.revision, current: r.revision == i.revision)
        },
        history: events.map { ev in
            .init(at: ev.at, actor: ev.actor, label: eventCodes[ev.label].map { req.t("catalogueStaff.event.\($0)") } ?? ev.label, detail: ev.detail,
                  refused: ev.label == "发布被拒绝")
        },
        editable: i.state != .published, published: i.state == .published, inForce: i.validity == .effective,
        canEdit: m.role.may(.editCatalogue), canReview: m.role.may(.reviewCatalogue), message: message,
        refusal: forms.publishError ?? forms.endError ?? forms.reviewError ?? forms.linkError ?? forms.fileError, indexNumber: index, forms: forms,
        results: ReviewResult.allCases.map { Option(code: $0.rawValue, label: req.t("catalogueStaff.result.\($0.rawValue)")) },
        documents: documents))
}

func renderSettings(_ req: Request, choices: [AgencyInfo], agency: String, code: String, pattern: String, errors: [String: String], message: String?,
                    saved: Bool) async throws -> View {
    let example: String? = saved ? (try? IndexNumberPattern(pattern))
        .flatMap { try? $0.render(organisationCode: code, year: 2024, sequence: 1, category: .regulationsAndDocuments, topic: .generalAffairs) } : nil
    return try await req.view.render("catalogue-staff-settings", CatalogueSettingsPage(
        page: PageInfo(req, title: req.t("catalogueStaff.settingsTitle")), agencies: choices, agency: agency, organisationCode: code, pattern: pattern,
        example: example, errors: errors, message: message, defaultPattern: IndexNumberPattern.defaultPattern))
}
