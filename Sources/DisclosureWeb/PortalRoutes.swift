import DisclosureRules
import DisclosureService
import Foundation
import Vapor

struct HomePage: Encodable {
    var page: PageInfo
    var agencies: [AgencyInfo]
}

struct GuidePage: Encodable {
    var page: PageInfo
    var guide: AgencyGuide
    var reports: [ReportLink]
    struct ReportLink: Encodable { var year: Int; var date: String? }
}

struct ApplyPage: Encodable {
    var page: PageInfo
    var agencies: [AgencyInfo]
    var form: PublicApplicationForm
    var errors: [String: String]
    var errorCount: Int
    /// A problem with the whole form (a rate limit), shown above it.
    var formError: String?
    var applicantKinds = Options.applicantKinds
    var idTypes = Options.idTypes
    var provisionForms = Options.provisionForms
    var deliveryMethods = Options.deliveryMethods
}

struct StatusPage: Encodable {
    var page: PageInfo
    var code: String
    var status: PublicStatus?
    var error: String?
    /// Just submitted: show the query code prominently.
    var submitted: Bool
    /// The letters issued for the application (答复书, 告知书), to download.
    var letters: [IssuedLetter] = []
}

/// The form as posted (every field a string; missing ones empty).
struct ApplyFormPost: Content {
    var agencyCode: String?
    var applicantKind: String?
    var applicantName: String?
    var idType: String?
    var idNumber: String?
    var phone: String?
    var address: String?
    var email: String?
    var infoTitle: String?
    var documentNumber: String?
    var requestText: String?
    var provisionForm: String?
    var deliveryMethod: String?

    var form: PublicApplicationForm {
        var f = PublicApplicationForm()
        f.agencyCode = agencyCode ?? ""; f.applicantKind = applicantKind ?? ""; f.applicantName = applicantName ?? ""
        f.idType = idType ?? ""; f.idNumber = idNumber ?? ""; f.phone = phone ?? ""; f.address = address ?? ""; f.email = email ?? ""
        f.infoTitle = infoTitle ?? ""; f.documentNumber = documentNumber ?? ""; f.requestText = requestText ?? ""
        f.provisionForm = provisionForm ?? ""; f.deliveryMethod = deliveryMethod ?? ""
        return f
    }
}

/// The public portal: agency directory, each agency's guide and published reports, the application form of
/// 条例第二十九条, and following an application by its query code.
func registerPortal(_ app: Application) throws {
    let site = app.grouped(CSRFMiddleware())

    site.get { req async throws -> View in
        try await req.view.render("home", HomePage(page: PageInfo(req, title: req.t("page.home")), agencies: try await req.service.agencies()))
    }

    site.get("agencies", ":code") { req async throws -> View in
        let code = try req.parameters.require("code")
        let guide = try await req.service.guide(agencyCode: code)
        let reports = try await req.service.publishedReports(agencyCode: code).map { GuidePage.ReportLink(year: $0.year, date: $0.date) }
        return try await req.view.render("guide", GuidePage(page: PageInfo(req, title: req.t("page.guide", ["agency": guide.agency.name])), guide: guide, reports: reports))
    }

    // A published report: the HTML export as it is (a page of its own), or a download.
    site.get("agencies", ":code", "reports", ":year") { req async throws -> Response in
        try await reportResponse(req, format: "html")
    }
    site.get("agencies", ":code", "reports", ":year", ":format") { req async throws -> Response in
        try await reportResponse(req, format: try req.parameters.require("format"))
    }

    site.get("apply") { req async throws -> View in
        var form = PublicApplicationForm()
        form.agencyCode = (try? req.query.get(String.self, at: "agency")) ?? ""
        form.idType = ""
        return try await req.view.render("apply", ApplyPage(page: PageInfo(req, title: req.t("page.apply")), agencies: try await req.service.agencies(),
                                                            form: form, errors: [:], errorCount: 0))
    }

    site.post("apply") { req async throws -> Response in
        // Every post counts against a loose limit; only applications accepted count against the strict one, so a
        // citizen correcting the form is not locked out (and keeps what was typed when a limit is reached).
        let limits = req.platform.settings, limiter = req.platform.limiter, client = req.clientAddress
        let form = try req.content.decode(ApplyFormPost.self).form
        do {
            try limiter.check("apply-post", client, perMinute: limits.applicationsPerMinute * 6)
            try limiter.reserve("apply", client, perMinute: limits.applicationsPerMinute)
            let receipt: PublicReceipt
            do { receipt = try await req.service.submitApplication(form, now: req.now) } catch {
                limiter.release("apply", client)
                throw error
            }
            return req.redirect(to: "/status?code=\(receipt.queryCode)&submitted=1", redirectType: .normal)
        } catch let e as ServiceError where e.code == .invalidInput && !e.fieldErrors.isEmpty {
            let page = ApplyPage(page: PageInfo(req, title: req.t("page.apply")), agencies: try await req.service.agencies(), form: form,
                                 errors: e.fieldErrors.reduce(into: [:]) { $0[$1.key] = req.fieldMessage($1.key, $1.value) }, errorCount: e.fieldErrors.count)
            return try await req.view.render("apply", page).encodeResponse(status: .unprocessableEntity, for: req)
        } catch let e as RateLimited {
            var page = ApplyPage(page: PageInfo(req, title: req.t("page.apply")), agencies: try await req.service.agencies(), form: form,
                                 errors: [:], errorCount: 0)
            page.formError = req.t("apply.rateLimited", ["limit": "\(limits.applicationsPerMinute)", "seconds": "\(e.retryAfter)"])
            let r = try await req.view.render("apply", page).encodeResponse(status: .tooManyRequests, for: req)
            r.headers.replaceOrAdd(name: .retryAfter, value: String(e.retryAfter))
            return r
        }
    }

    site.get("status", ":code", "letters", ":id", ":format") { req async throws -> Response in try await letterResponse(req) }

    site.get("status") { req async throws -> Response in
        let raw = ((try? req.query.get(String.self, at: "code")) ?? "").trimmingCharacters(in: .whitespaces)
        let submitted = (try? req.query.get(String.self, at: "submitted")) == "1"
        var page = StatusPage(page: PageInfo(req, title: req.t("page.status")), code: raw, status: nil, error: nil, submitted: submitted)
        var status: HTTPResponseStatus = .ok
        if !raw.isEmpty {
            try req.platform.limiter.check("lookup", req.clientAddress, perMinute: req.platform.settings.lookupsPerMinute)
            do {
                page.status = localized(try await req.service.publicStatus(queryCode: raw), req)
                page.letters = try await req.service.publicLetters(queryCode: page.status!.queryCode)
            } catch let e as ServiceError where e.code == .invalidInput || e.code == .notFound {
                page.error = req.message(e)
                status = e.code == .notFound ? .notFound : .badRequest
            }
        }
        return try await req.view.render("status", page).encodeResponse(status: status, for: req)
    }
}

/// A public status in the request's language: the steps and the note on the due date (the service writes them in
/// Chinese; in English the known ones are replaced, the rest stay).
func localized(_ status: PublicStatus, _ req: Request) -> PublicStatus {
    guard req.lang != .zh else { return status }
    var s = status
    for i in s.steps.indices {
        let label = s.steps[i].label
        if let days = firstNumber(label), label.hasPrefix("延长答复期限") {
            s.steps[i].label = req.t("step.extended", ["days": days])
        } else if label.hasPrefix("作出答复：") {
            s.steps[i].label = req.t("step.decided", ["outcome": req.tv("outcome", String(label.dropFirst(5)))])
        } else {
            s.steps[i].label = label == "作出答复" ? req.tv("action", label) : req.tv("step", label)
        }
    }
    if let note = s.dueNote {
        if note.hasPrefix("等待补正"), let days = firstNumber(note) { s.dueNote = req.t("status.noteCorrection", ["days": days]) }
        else if note == "答复期限将在工作日安排公布后确定" { s.dueNote = req.t("status.noteCalendar") }
    }
    return s
}

/// The first run of ASCII digits in a text.
func firstNumber(_ s: String) -> String? {
    guard let r = s.range(of: "[0-9]+", options: .regularExpression) else { return nil }
    return String(s[r])
}

/// A letter issued for an application, downloaded by its applicant with the query code (`format` docx or pdf).
func letterResponse(_ req: Request) async throws -> Response {
    let code = try req.parameters.require("code").trimmingCharacters(in: .whitespaces)
    let id = try req.parameters.require("id")
    let format = try req.parameters.require("format")
    // The query code is the applicant's key: lookups are limited as on the status page.
    try req.platform.limiter.check("lookup", req.clientAddress, perMinute: req.platform.settings.lookupsPerMinute)
    let file = try await req.service.letterFile(queryCode: code, id: id, format: format)
    let response = Response(status: .ok, body: .init(data: file.data))
    let pdf = file.contentType == "application/pdf"
    response.headers.contentType = pdf ? .pdf
        : HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.wordprocessingml.document")
    let encoded = file.filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "letter"
    response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"letter.\(pdf ? "pdf" : "docx")\"; filename*=UTF-8''\(encoded)")
    response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
    return response
}

/// A report file: published for everyone; a staff member's draft from the records with `?draft=1`.
func reportResponse(_ req: Request, format: String) async throws -> Response {
    let code = try req.parameters.require("code")
    guard let year = req.parameters.get("year", as: Int.self), (2008...9999).contains(year) else {
        throw ServiceError(.invalidInput, "年度应为四位数字", field: "year")
    }
    var member: StaffMember?
    if (try? req.query.get(String.self, at: "draft")) == "1" {
        if let id = req.cookies[SessionCookie.name]?.string, let staff = try await req.loadStaff(sessionID: id) { member = staff.member } else {
            throw PageError(status: .unauthorized, code: "unauthorized", message: req.t("error.draftLogin"))
        }
    }
    let file = try await req.service.reportFile(agencyCode: code, year: year, format: format, draftFor: member, now: req.now)
    let response = Response(status: .ok, body: .init(data: file.data))
    response.headers.contentType = HTTPMediaType(type: String(file.contentType.split(separator: "/")[0]),
                                                 subType: String(file.contentType.split(separator: "/")[1].split(separator: ";")[0]),
                                                 parameters: file.contentType.contains("charset") ? ["charset": "utf-8"] : [:])
    if format != "html" {
        let encoded = file.fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "report"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"report-\(year).\(format)\"; filename*=UTF-8''\(encoded)")
    }
    // The export is a page of its own with inline styles and SVG, no script.
    response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'")
    return response
}
