import DisclosureRules
import DisclosureService
import Foundation
import HTTPTypes
import OpenAPIRuntime
import OpenAPIVapor
import Vapor

/// The request being handled, for the API's handlers (the generated protocol passes only the typed input).
enum RequestContext {
    @TaskLocal static var request: Request?
}

struct RequestInjectionMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await RequestContext.$request.withValue(req) { try await next.respond(to: req) }
    }
}

/// Converts one value to another through JSON: the service's values become the types generated from openapi.yaml, so
/// a response that does not fit the document (a missing required field, a value outside an enum) fails here — in
/// tests — instead of reaching a client.
func converted<A: Encodable, B: Decodable>(_ a: A, to: B.Type = B.self) throws -> B {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return try decoder.decode(B.self, from: try encoder.encode(a))
}

/// An error as the document's `Error` response, with its status.
func errorResponse(_ error: any Error) -> (Int, Components.Responses._Error) {
    var e = error
    if let s = error as? ServerError { e = s.underlyingError }
    let (status, body) = PlatformErrorMiddleware.describe(e)
    if status == .internalServerError { RequestContext.request?.logger.error("API 内部错误：\(String(reflecting: type(of: e)))") }
    return (Int(status.code), .init(body: .json(.init(code: body.code, message: body.message, field: body.field, details: body.details,
                                                      fieldErrors: body.fieldErrors.map { .init(additionalProperties: $0) }))))
}

/// The API's view of a staff application (the document's `StaffApplication`).
struct StaffApplicationJSON: Encodable {
    var summary: ApplicationSummary
    var agencyCode: String
    var applicant: ApplicantView
    var requestText: String
    var infoTitle: String?
    var documentNumber: String?
    var provisionForm: String?
    var deliveryMethod: String?
    var clockLines: [String]
    var actions: [ActionOption]
    var events: [Event]
    struct Event: Encodable { var at: Date; var kind: String; var actor: String; var role: String; var detail: String? }
}

struct ReportCountsJSON: Encodable {
    var agency: String
    var year: Int
    var format: String
    var table3: [Row]
    var table4: [Int]
    var findings: [FindingJSON]
    struct Row: Encodable { var id: String; var label: String; var cells: [Int] }
}

struct FindingJSON: Encodable {
    var rule: String
    var severity: String
    var message: String
    var table: String
    var row: String?
    var column: String?
}

/// The handlers of the operations in openapi.yaml.
struct APIHandlers: APIProtocol {
    var request: Request {
        get throws {
            guard let r = RequestContext.request else { throw ServiceError(.configuration, "请求上下文缺失") }
            return r
        }
    }
    var service: Service { get throws { try request.service } }

    /// The staff member of the Bearer token.
    func staff() async throws -> StaffMember {
        let req = try request
        guard let token = req.headers.bearerAuthorization?.token, let s = try await req.loadStaff(sessionID: token) else {
            throw PageError(status: .unauthorized, code: "unauthorized", message: "需要登录：请在 Authorization 头中提供 Bearer 令牌（由 POST /api/v1/session 取得）")
        }
        if s.user.mustChangePassword {
            throw PageError(status: .forbidden, code: "password-change-required", message: "首次登录须先在网页上修改密码（/staff/password）")
        }
        return s.member
    }

    func limit(_ kind: String, _ perMinute: KeyPath<WebSettings, Int>) throws {
        let req = try request
        try req.platform.limiter.check(kind, req.clientAddress, perMinute: req.platform.settings[keyPath: perMinute])
    }

    func listAgencies(_ input: Operations.ListAgencies.Input) async throws -> Operations.ListAgencies.Output {
        do { return .ok(.init(body: .json(try converted(try await service.agencies())))) } catch {
            let (s, b) = errorResponse(error); return .default(statusCode: s, b)
        }
    }

    func getGuide(_ input: Operations.GetGuide.Input) async throws -> Operations.GetGuide.Output {
        do { return .ok(.init(body: .json(try converted(try await service.guide(agencyCode: input.path.agencyCode))))) } catch {
            let (s, b) = errorResponse(error); return .default(statusCode: s, b)
        }
    }

    func searchCatalogue(_ input: Operations.SearchCatalogue.Input) async throws -> Operations.SearchCatalogue.Output {
        do {
            let q = input.query
            let page = try await service.searchCatalogue(PublicCatalogueSearch(text: q.q ?? "", agencyCode: q.agency, category: q.category, year: q.year,
                                                                               page: q.page ?? 1))
            return .ok(.init(body: .json(try converted(page))))
        } catch { let (s, b) = errorResponse(error); return .default(statusCode: s, b) }
    }

    func getCatalogueItem(_ input: Operations.GetCatalogueItem.Input) async throws -> Operations.GetCatalogueItem.Output {
        do {
            return .ok(.init(body: .json(try converted(try await service.publicCatalogueItem(agencyCode: input.path.agencyCode, indexNumber: input.query.index)))))
        } catch { let (s, b) = errorResponse(error); return .default(statusCode: s, b) }
    }

    func listPublishedReports(_ input: Operations.ListPublishedReports.Input) async throws -> Operations.ListPublishedReports.Output {
        do {
            let list = try await service.publishedReports(agencyCode: input.path.agencyCode)
            return .ok(.init(body: .json(list.map { .init(year: $0.year, publishedDate: $0.date) })))
        } catch { let (s, b) = errorResponse(error); return .default(statusCode: s, b) }
    }

    func getReportFile(_ input: Operations.GetReportFile.Input) async throws -> Operations.GetReportFile.Output {
        do {
            let member = input.query.draft == true ? try await staff() : nil
            let f = try await service.reportFile(agencyCode: input.path.agencyCode, year: input.path.year, format: input.query.format.rawValue,
                                                 draftFor: member, now: try request.now)
            switch input.query.format {
            case .html: return .ok(.init(body: .html(HTTPBody(f.data))))
            case .json: return .ok(.init(body: .json(try JSONDecoder().decode(OpenAPIValueContainer.self, from: f.data))))
            case .docx: return .ok(.init(body: .applicationVnd_openxmlformatsOfficedocument_wordprocessingml_document(HTTPBody(f.data))))
            case .xlsx: return .ok(.init(body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(HTTPBody(f.data))))
            }
        } catch { let (s, b) = errorResponse(error); return .default(statusCode: s, b) }
    }

    func getReportCounts(_ input: Operations.GetReportCounts.Input) async throws -> Operations.GetReportCounts.Output {
        do {
            let m = try await staff()
            try Service.checkReportYear(input.path.year, now: try request.now)
            let c = try await service.reportCounts(agencyCode: input.path.agencyCode, year: input.path.year, by: m)
            let json = ReportCountsJSON(agency: c.agency, year: c.year, format: c.format.rawValue,
                                        table3: c.table3.map { .init(id: $0.id, label: $0.label, cells: $0.cells) }, table4: c.table4,
                                        findings: c.findings.map(Self.finding))
            return .ok(.init(body: .json(try converted(json))))
        } catch { let (s, b) = errorResponse(error); return .default(statusCode: s, b) }
    }

    static func finding(_ f: Finding) -> FindingJSON {
        FindingJSON(rule: f.rule.rawValue, severity: f.severity == .error ? "error" : "warning", message: f.message, table: f.table, row: f.row, column: f.column)
    }

    func listAppeals(_ input: Operations.ListAppeals.Input) async throws -> Operations.ListAppeals.Output {
        do {
            let m = try await staff()
            return .ok(.init(body: .json(try converted(try await service.appeals(agencyCode: input.path.agencyCode, by: m)))))
        } catch { let (s, b) = errorResponse(error); return .default(statusCode: s, b) }
    }

    func getCalendar(_ input: Operations.GetCalendar.Input) async throws -> Operations.GetCalendar.Output {
        do {
            let calendar = try await service.workingCalendar()
            guard (2008...9999).contains(input.path.year) else {
                throw ServiceError(.invalidInput, "年度应为 2008 至 9999 之间的四位数字", field: "year")
            }
            guard let notice = calendar.notices[input.path.year] else {
                throw ServiceError(.calendarNotLoaded, "\(input.path.year) 年的节假日安排尚未载入（已载入：\(calendar.coveredYears.map(String.init).joined(separator: "、"))）")
            }
            let year = Components.Schemas.CalendarYear(
                year: input.path.year,
                holidays: notice.holidays.map { .init(date: $0.date.description, name: $0.name) },
                workdays: notice.workdays.map { .init(date: $0.date.description, name: $0.name) }, documents: notice.documents)
            return .ok(.init(body: .json(year)))
        } catch { let (s, b) = errorResponse(error); return .default(statusCode: s, b) }
    }

    func submitApplication(_ input: Operations.SubmitApplication.Input) async throws -> Operations.SubmitApplication.Output {
        do {
            let req = try request, limits = req.platform.settings
            guard case let .json(body) = input.body else { throw ServiceError(.invalidInput, "请求体应为 JSON") }
            try req.platform.limiter.check("apply-post", req.clientAddress, perMinute: limits.applicationsPerMinute * 6)
            try req.platform.limiter.reserve("apply", req.clientAddress, perMinute: limits.applicationsPerMinute)
            var form = PublicApplicationForm()
            form.agencyCode = body.agencyCode; form.applicantKind = body.applicantKind.rawValue; form.applicantName = body.applicantName
            form.idType = body.idType ?? ""; form.idNumber = body.idNumber; form.phone = body.phone ?? ""; form.address = body.address ?? ""
            form.email = body.email ?? ""; form.infoTitle = body.infoTitle ?? ""; form.documentNumber = body.documentNumber ?? ""
            form.requestText = body.requestText ?? ""; form.provisionForm = body.provisionForm.rawValue; form.deliveryMethod = body.deliveryMethod.rawValue
            let receipt: PublicReceipt
            do { receipt = try await service.submitApplication(form, now: req.now) } catch {
                req.platform.limiter.release("apply", req.clientAddress)
                throw error
            }
            return .created(.init(body: .json(try converted(receipt))))
        } catch {
            var (s, b) = errorResponse(error)
            if let e = error as? ServiceError, !e.fieldErrors.isEmpty { s = 422 }
            return .default(statusCode: s, b)
        }
    }

    func getStatus(_ input: Operations.GetStatus.Input) async throws -> Operations.GetStatus.Output {
        do {
            try limit("lookup", \.lookupsPerMinute)
            return .ok(.init(body: .json(try converted(try await service.publicStatus(queryCode: input.path.queryCode)))))
        } catch { let (s, b) = errorResponse(error); return .default(statusCode: s, b) }
    }

    func getApplication(_ input: Operations.GetApplication.Input) async throws -> Operations.GetApplication.Output {
        do {
            let m = try await staff()
            let a = try await service.staffApplication(code: input.path.queryCode, by: m, now: try request.now)
            let json = StaffApplicationJSON(
                summary: a.detail.application, agencyCode: a.agencyCode, applicant: a.applicant, requestText: a.requestText, infoTitle: a.infoTitle,
                documentNumber: a.documentNumber, provisionForm: a.provisionForm, deliveryMethod: a.deliveryMethod, clockLines: a.clockLines,
                actions: a.actions,
                events: a.detail.events.map { .init(at: $0.at, kind: $0.kind, actor: $0.actor, role: $0.role, detail: $0.detail) })
            return .ok(.init(body: .json(try converted(json))))
        } catch { let (s, b) = errorResponse(error); return .default(statusCode: s, b) }
    }

    func performAction(_ input: Operations.PerformAction.Input) async throws -> Operations.PerformAction.Output {
        do {
            let m = try await staff()
            guard case let .json(body) = input.body else { throw ServiceError(.invalidInput, "请求体应为 JSON") }
            var step = StaffAction(action: body.action.rawValue)
            step.date = body.date; step.outcome = body.outcome; step.consultationKind = body.consultationKind?.rawValue; step.days = body.days
            step.pages = body.pages; step.lateReason = body.lateReason
            return .ok(.init(body: .json(try converted(try await service.perform(step, code: input.path.queryCode, by: m, now: try request.now)))))
        } catch { let (s, b) = errorResponse(error); return .default(statusCode: s, b) }
    }

    func getQueue(_ input: Operations.GetQueue.Input) async throws -> Operations.GetQueue.Output {
        do {
            let m = try await staff()
            var f = QueueFilter()
            let q = input.query
            f.agencyCode = q.agency; f.state = q.state; f.channel = q.channel; f.applicantKind = q.applicantKind; f.overdue = q.overdue ?? false
            f.dueSoon = q.dueSoon ?? false; f.search = q.q; f.page = q.page ?? 1; f.pageSize = q.pageSize ?? 20
            return .ok(.init(body: .json(try converted(try await service.queue(f, by: m, now: try request.now)))))
        } catch { let (s, b) = errorResponse(error); return .default(statusCode: s, b) }
    }

    func login(_ input: Operations.Login.Input) async throws -> Operations.Login.Output {
        do {
            try limit("login", \.loginPerMinute)
            let req = try request
            guard case let .json(body) = input.body else { throw ServiceError(.invalidInput, "请求体应为 JSON") }
            guard let user = try await service.authenticate(username: body.username, password: body.password, hasher: req.platform.hasher) else {
                throw PageError(status: .unauthorized, code: "unauthorized", message: "用户名或密码不正确")
            }
            let (token, expires) = try await req.startSession(user: user)
            return .ok(.init(body: .json(.init(token: token, expiresAt: expires, user: try converted(user)))))
        } catch { let (s, b) = errorResponse(error); return .default(statusCode: s, b) }
    }

    func logout(_ input: Operations.Logout.Input) async throws -> Operations.Logout.Output {
        do {
            let req = try request
            guard let token = req.headers.bearerAuthorization?.token, try await req.loadStaff(sessionID: token) != nil else {
                throw PageError(status: .unauthorized, code: "unauthorized", message: "令牌无效或已过期")
            }
            try await service.deleteSession(id: token)
            return .noContent(.init())
        } catch { let (s, b) = errorResponse(error); return .default(statusCode: s, b) }
    }
}

/// Errors the generated code raises before a handler runs (a body that is not JSON, a missing parameter, a wrong
/// type) become 400 with the document's `Error` shape.
struct APIErrorMiddleware: ServerMiddleware {
    func intercept(_ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)) async throws -> (HTTPResponse, HTTPBody?) {
        do { return try await next(request, body, metadata) } catch let e as ServerError {
            let status: Int
            let body: APIError
            if e.operationInput == nil {
                status = 400
                body = Self.inputProblem(e.underlyingError)
            } else {
                let (s, b) = PlatformErrorMiddleware.describe(e.underlyingError)
                status = Int(s.code); body = b
            }
            var response = HTTPResponse(status: .init(code: status))
            response.headerFields[.contentType] = "application/json; charset=utf-8"
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return (response, HTTPBody(try encoder.encode(body)))
        }
    }
}

extension APIErrorMiddleware {
    /// A request the generated code could not read, in Chinese and naming the field: a value of the wrong type or
    /// not among those the document lists, a missing field or parameter, a body that is not JSON.
    static func inputProblem(_ error: any Error) -> APIError {
        func path(_ p: [any CodingKey]) -> String {
            p.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        func problem(_ error: any Error, depth: Int) -> (field: String?, message: String)? {
            if let d = error as? DecodingError {
                switch d {
                case .keyNotFound(let key, let c):
                    let f = path(c.codingPath + [key])
                    return (f, "缺少必填字段“\(f)”")
                case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
                    var f = path(c.codingPath)
                    // A query or path parameter's enum has no coding path; the generated type is named after it.
                    if f.isEmpty, let m = c.debugDescription.firstMatch(of: /Cannot initialize ([A-Za-z0-9_]+?)Payload from/) {
                        f = m.1.prefix(1).lowercased() + m.1.dropFirst()
                    }
                    if f.isEmpty {
                        return (nil, c.debugDescription.contains("not valid JSON") ? "请求体不是有效的 JSON，或其中的数值超出范围"
                                : "请求的参数或请求体不符合接口定义（类型不对，或不是允许的取值之一，见 /api/v1/openapi.yaml）")
                    }
                    return (f, "字段“\(f)”的值不符合接口定义（类型不对，或不是允许的取值之一，见 /api/v1/openapi.yaml）")
                @unknown default: return nil
                }
            }
            guard depth < 6 else { return nil }
            // The runtime's own errors (not public types) carry the parameter's name or a nested error.
            let mirror = Mirror(reflecting: error)
            let described = String(describing: error)
            for child in mirror.children {
                if let inner = child.value as? any Error, let p = problem(inner, depth: depth + 1) { return p }
                for grandchild in Mirror(reflecting: child.value).children {
                    if let inner = grandchild.value as? any Error, let p = problem(inner, depth: depth + 1) { return p }
                }
            }
            if described.contains("missingRequiredQueryParameter") || described.contains("missingRequiredPathParameter")
                || described.contains("missingRequiredHeaderField") {
                let name = mirror.children.compactMap { $0.value as? String }.first
                    ?? Mirror(reflecting: mirror.children.first?.value as Any).children.compactMap { $0.value as? String }.first
                return (name, "缺少必填参数" + (name.map { "“\($0)”" } ?? ""))
            }
            if described.contains("missingRequiredRequestBody") { return (nil, "缺少请求体（JSON）") }
            if described.contains("unexpectedContentTypeHeader") { return (nil, "请求体应为 JSON（Content-Type: application/json）") }
            return nil
        }
        let p = problem(error, depth: 0)
        let message = p?.message ?? "请求不符合接口定义（见 /api/v1/openapi.yaml）"
        return APIError(code: "invalid-input", message: message, field: p?.field, fieldErrors: p?.field.map { [$0: message] })
    }
}

/// The JSON API under /api/v1, from openapi.yaml; the document itself at /api/v1/openapi.yaml.
func registerAPI(_ app: Application) throws {
    let transport = VaporTransport(routesBuilder: app.grouped(RequestInjectionMiddleware()))
    try APIHandlers().registerHandlers(on: transport, serverURL: URL(string: "/api/v1")!, middlewares: [APIErrorMiddleware()])
    guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
        throw ServiceError(.configuration, "找不到 openapi.yaml（DisclosureWeb 资源包缺失）")
    }
    let document = try Data(contentsOf: url)
    app.get("api", "v1", "openapi.yaml") { _ -> Response in
        let r = Response(status: .ok, body: .init(data: document))
        r.headers.contentType = HTTPMediaType(type: "application", subType: "yaml", parameters: ["charset": "utf-8"])
        return r
    }
}
