import DisclosureRules
import DisclosureService
import Foundation
import Vapor

extension Request {
    /// The logged-in member (the staff middleware guarantees one).
    var member: StaffMember {
        get throws {
            guard let s = staff else { throw PageError(status: .unauthorized, code: "unauthorized", message: t("error.loginFirst")) }
            return s.member
        }
    }

    /// The agencies the member may pick from, by code.
    func agencyChoices() async throws -> [AgencyInfo] {
        let m = try member
        return try await service.agencies().filter { m.scope.includes($0.code) }
    }

    /// The agency a page is about: `?agency=`, else the member's own, else the first in scope.
    func chosenAgency(_ choices: [AgencyInfo]) throws -> String? {
        if let a = try? query.get(String.self, at: "agency"), !a.isEmpty { return a }
        if let own = staff?.user.agencyCode, choices.contains(where: { $0.code == own }) { return own }
        return choices.first?.code
    }
}

/// Builds a query string from pairs (values percent-encoded; empty ones left out).
func queryString(_ pairs: [(String, String?)]) -> String {
    let allowed = CharacterSet.alphanumerics.union(.init(charactersIn: "-_.~"))
    let parts = pairs.compactMap { k, v -> String? in
        guard let v, !v.isEmpty else { return nil }
        return k + "=" + (v.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }
    return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
}

struct LoginPage: Encodable {
    var page: PageInfo
    var next: String
    var username: String
    var error: String?
}

struct PasswordPage: Encodable {
    var page: PageInfo
    var forced: Bool
    var error: String?
    var done: Bool
}

struct QueueView: Encodable {
    var page: PageInfo
    var result: QueuePage
    /// The items with their working days left in words.
    var rows: [Row]
    struct Row: Encodable { var item: QueueItem; var left: String; var mark: String }
    var filter: QueueFilter
    var agencies: [AgencyInfo]
    var states: [Option]
    var channels: [Option]
    var kinds: [Option]
    var prevURL: String?
    var nextURL: String?
    var showAgency: Bool
}

struct ApplicationView: Encodable {
    var page: PageInfo
    var app: StaffApplication
    var done: String?
    var outcomes = Options.outcomes
    var consultationKinds = Options.consultationKinds
    var today: String
    var events: [EventLine]
    struct EventLine: Encodable { var at: String; var kind: String; var actor: String; var role: String; var detail: String? }
    /// Letters issued for the application, and whether this person may issue one (条例第三十至三十六条).
    var letters: [IssuedLetter] = []
    var canIssueLetters = false
    var canEditLetterTemplates = false
    var letterKinds = LetterKind.allCases.map { Option(code: $0.rawValue, label: $0.title) }
    var issued: String?
}

struct ReceivePage: Encodable {
    var page: PageInfo
    var agencies: [AgencyInfo]
    var form: ReceivePost
    var error: String?
    var field: String?
    var applicantKinds = Options.applicantKinds
    var idTypes = Options.idTypes
    var channels = Options.channels
    var provisionForms = Options.provisionForms
    var deliveryMethods = Options.deliveryMethods
}

struct ReceivePost: Content {
    var agencyCode: String?
    var channel: String?
    var receivedDate: String?
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
}

struct AppealsPage: Encodable {
    var page: PageInfo
    var agency: String
    var agencies: [AgencyInfo]
    var appeals: [AppealInfo]
    var kinds = Options.appealKinds
    var results = Options.appealResults
    var canRecord: Bool
    var message: String?
}

struct LedgerPage: Encodable {
    var page: PageInfo
    var agencies: [AgencyInfo]
    var agency: String
    var outcome: LedgerImportOutcome?
    var error: String?
    var details: [String]
}

struct CountsView: Encodable {
    var table3: [Row]
    var table4: [Int]
    /// The column heads in the template's levels.
    var heads: Table3Columns
    struct Row: Encodable {
        var id: String; var label: String; var cells: [Int]
        /// The merged group labels printed before this row (`ReportFormat.table3Headings`).
        var headings: [String] = []
    }

    init(table3: [Row], table4: [Int], columns: [String]) {
        let headings = ReportFormat.table3Headings(table3.map(\.label))
        self.table3 = zip(table3, headings).map { r, h in var r = r; r.headings = h; return r }
        self.table4 = table4
        heads = Table3Columns(columns)
    }
}

struct FindingLine: Encodable {
    var rule: String
    /// error, warning or info (the class of the line).
    var level: String
    var severity: String
    var place: String
    var message: String
}

struct RollupPage: Encodable {
    var page: PageInfo
    var region: String
    var regions: [AgencyInfo]
    var year: Int
    var counts: CountsView
    var agencies: [RollupInfo.Entry]
}

func findingLines(_ fs: [Finding]) -> [FindingLine] {
    fs.map { f in
        FindingLine(rule: f.rule.rawValue, level: f.severity.rawValue, severity: f.severity.chinese,
                    place: "\(f.table)\(f.row.map { " “\($0)”行" } ?? "")\(f.column.map { " “\($0)”列" } ?? "")", message: f.message)
    }
}

/// The staff back office: login, the queue, an application with its clock and the steps allowed now, registering an
/// application received on paper, appeals, ledger import, the report counts and publishing, the region's rollup.
/// The notices the appeals page shows after a step (by code: a link cannot put words on the page).
let appealMessages = ["added": "appeals.added", "concluded": "appeals.concluded"]

func registerStaff(_ app: Application) throws {
    let site = app.grouped(CSRFMiddleware())
    let open = site.grouped("staff")
    let staff = open.grouped(StaffSessionMiddleware())

    open.get("login") { req async throws -> View in
        let next = req.safeNext(try? req.query.get(String.self, at: "next"))
        return try await req.view.render("login", LoginPage(page: PageInfo(req, title: req.t("nav.login")), next: next, username: "", error: nil))
    }

    open.post("login") { req async throws -> Response in
        try req.platform.limiter.check("login", req.clientAddress, perMinute: req.platform.settings.loginPerMinute)
        struct Form: Content { var username: String?; var password: String?; var next: String? }
        let f = try req.content.decode(Form.self)
        let next = req.safeNext(f.next)
        guard let user = try await req.service.authenticate(username: f.username ?? "", password: f.password ?? "", hasher: req.platform.hasher) else {
            let page = LoginPage(page: PageInfo(req, title: req.t("nav.login")), next: next, username: f.username ?? "", error: req.t("login.failed"))
            return try await req.view.render("login", page).encodeResponse(status: .unauthorized, for: req)
        }
        let (id, expires) = try await req.startSession(user: user)
        let response = req.redirect(to: user.mustChangePassword ? "/staff/password" : next)
        response.cookies[SessionCookie.name] = HTTPCookies.Value(string: id, expires: expires, path: "/", isSecure: req.platform.settings.secureCookies,
                                                                 isHTTPOnly: true, sameSite: .lax)
        return response
    }

    staff.post("logout") { req async throws -> Response in
        if let s = req.staff { try await req.service.deleteSession(id: s.sessionID) }
        let response = req.redirect(to: "/staff/login")
        response.cookies[SessionCookie.name] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isHTTPOnly: true)
        // Pages kept for the Back button (the browser's page cache) go with the session.
        response.headers.replaceOrAdd(name: "Clear-Site-Data", value: "\"cache\"")
        return response
    }

    staff.get("password") { req async throws -> View in
        try await req.view.render("password", PasswordPage(page: PageInfo(req, title: req.t("nav.password")), forced: req.staff?.user.mustChangePassword ?? false,
                                                           error: nil, done: (try? req.query.get(String.self, at: "done")) == "1"))
    }

    staff.post("password") { req async throws -> Response in
        struct Form: Content { var current: String?; var new: String?; var confirm: String? }
        let f = try req.content.decode(Form.self)
        guard let s = req.staff else { throw PageError(status: .unauthorized, code: "unauthorized", message: req.t("error.loginFirst")) }
        do {
            guard (f.new ?? "") == (f.confirm ?? "") else { throw ServiceError(.invalidInput, "两次输入的新密码不一致", field: "confirm") }
            try await req.service.changePassword(userID: s.user.id, current: f.current ?? "", new: f.new ?? "", hasher: req.platform.hasher, now: req.now)
        } catch let e as ServiceError where e.code == .invalidInput {
            return try await req.view.render("password", PasswordPage(page: PageInfo(req, title: req.t("nav.password")), forced: s.user.mustChangePassword,
                                                                      error: req.message(e), done: false)).encodeResponse(status: .badRequest, for: req)
        }
        return req.redirect(to: "/staff/password?done=1")
    }

    staff.get { req async throws -> Response in
        let role = try req.member.role
        if role.may(.readApplications) { return req.redirect(to: role.may(.readRollup) ? "/staff/dashboard" : "/staff/queue") }
        return req.redirect(to: "/staff/admin")
    }

    // MARK: Queue

    staff.get("queue") { req async throws -> View in
        let m = try req.member
        var f = QueueFilter()
        f.agencyCode = (try? req.query.get(String.self, at: "agency")).flatMap { $0.isEmpty ? nil : $0 }
        f.state = try? req.query.get(String.self, at: "state")
        f.channel = try? req.query.get(String.self, at: "channel")
        f.applicantKind = try? req.query.get(String.self, at: "kind")
        f.overdue = (try? req.query.get(String.self, at: "overdue")) == "1"
        f.dueSoon = (try? req.query.get(String.self, at: "soon")) == "1"
        f.search = try? req.query.get(String.self, at: "q")
        f.page = max(1, (try? req.query.get(Int.self, at: "page")) ?? 1)
        var result = try await req.service.queue(f, by: m, now: req.now)
        if result.page > result.pageCount {  // a page past the end (an old link): the last page
            f.page = result.pageCount
            result = try await req.service.queue(f, by: m, now: req.now)
        }
        let choices = try await req.agencyChoices()
        func link(_ page: Int) -> String {
            "/staff/queue" + queryString([("agency", f.agencyCode), ("state", f.state), ("channel", f.channel), ("kind", f.applicantKind),
                                          ("overdue", f.overdue ? "1" : nil), ("soon", f.dueSoon ? "1" : nil), ("q", f.search), ("page", String(page))])
        }
        let states = [Option(code: "open", label: req.t("queue.stateOpen")), Option(code: "all", label: req.t("queue.stateAll"))]
            + Options.states.map { Option(code: $0.code, label: req.tv("state", $0.label)) }
        return try await req.view.render("queue", QueueView(
            page: PageInfo(req, title: req.t("nav.queue")), result: result, rows: result.items.map { i in
                let left: String
                switch (i.workingDaysLeft, i.overdue) {
                case (let n?, true): left = req.t("queue.overdueBy", ["days": "\(-n)"])
                case (_, true): left = req.t("common.overdue")
                case (0?, false): left = req.t("queue.dueToday")
                case (let n?, false): left = "\(n)"
                default: left = "—"
                }
                return QueueView.Row(item: i, left: left, mark: i.overdue ? "overdue" : (i.dueSoon ? "due-soon" : ""))
            }, filter: f, agencies: choices, states: states, channels: Options.channels,
            kinds: Options.applicantKinds, prevURL: result.page > 1 ? link(result.page - 1) : nil,
            nextURL: result.page < result.pageCount ? link(result.page + 1) : nil, showAgency: choices.count > 1))
    }

    // MARK: One application

    staff.get("applications", ":code") { req async throws -> View in
        let code = try req.parameters.require("code")
        let detail = try await req.service.staffApplication(code: code, by: try req.member, now: req.now)
        let done = (try? req.query.get(String.self, at: "done")).flatMap { ApplicationAction(rawValue: $0)?.label }.map { req.tv("action", $0) }
        let f = DateFormatter()
        f.locale = Locale(identifier: "zh_CN")
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        let events = detail.detail.events.map {
            ApplicationView.EventLine(at: f.string(from: $0.at), kind: req.tv("event", EventLabels.label($0.kind)), actor: $0.actor,
                                      role: req.tv("role", StaffRole(rawValue: $0.role)?.label ?? $0.role), detail: $0.detail)
        }
        let today = try await req.service.today(agencyCode: detail.agencyCode, now: req.now)
        var view = ApplicationView(page: PageInfo(req, title: req.t("page.application", ["code": detail.detail.application.queryCode])),
                                   app: detail, done: done, today: today.description, events: events)
        if req.lang != .zh { view.outcomes = Options.outcomes.map { Option(code: $0.code, label: req.t("outcome.\($0.code)")) } }
        view.letters = try await req.service.letters(code: detail.detail.application.queryCode, by: try req.member)
        let member = try req.member
        view.canIssueLetters = (try? req.service.authorize(member, .handleApplications, agencyCode: detail.agencyCode)) != nil
            && (member.role == .handler || member.role == .head)
        view.canEditLetterTemplates = member.role == .head && member.scope.includes(detail.agencyCode)
        view.issued = (try? req.query.get(String.self, at: "issued")).flatMap(LetterKind.init(rawValue:)).map { req.tv("letter", $0.title) }
        return try await req.view.render("application", view)
    }

    // A letter issued from the record (答复书, 告知书…): stored with the application, downloadable by the applicant.
    staff.post("applications", ":code", "letters") { req async throws -> Response in
        let code = try req.parameters.require("code")
        struct Form: Content { var kind: String?; var reasons: String?; var correctionItems: String?; var correctionBy: String?; var thirdParty: String? }
        let f = try req.content.decode(Form.self)
        guard let kind = LetterKind(rawValue: f.kind ?? "") else {
            throw ServiceError(.invalidInput, "请选择文书种类", field: "kind")
        }
        func text(_ s: String?) -> String? { s.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 } }
        var by: CalendarDate?
        if let raw = text(f.correctionBy) {
            guard let d = CalendarDate(iso: raw) else { throw ServiceError(.invalidInput, "补正期限应为日期（YYYY-MM-DD），收到“\(raw)”", field: "correctionBy") }
            by = d
        }
        let input = LetterInput(reasons: text(f.reasons), correctionItems: text(f.correctionItems), correctionBy: by, thirdParty: text(f.thirdParty))
        _ = try await req.service.issueLetter(code: code, kind: kind, input: input, by: try req.member, now: req.now)
        return req.redirect(to: "/staff/applications/\(code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")?issued=\(kind.rawValue)#letters")
    }

    staff.post("applications", ":code", "actions") { req async throws -> Response in
        let code = try req.parameters.require("code")
        struct Form: Content {
            var action: String?; var date: String?; var outcome: String?; var consultationKind: String?; var days: String?; var pages: String?
            var lateReason: String?
        }
        let f = try req.content.decode(Form.self)
        var step = StaffAction(action: f.action ?? "")
        step.date = f.date; step.outcome = f.outcome; step.consultationKind = f.consultationKind; step.lateReason = f.lateReason
        func number(_ s: String?, _ field: String, _ label: String) throws -> Int? {
            guard let s = s?.trimmingCharacters(in: .whitespaces), !s.isEmpty else { return nil }
            guard let n = Int(s) else { throw ServiceError(.invalidInput, "\(label)应为整数，收到“\(s)”", field: field) }
            return n
        }
        step.days = try number(f.days, "days", "延长工作日数")
        step.pages = try number(f.pages, "pages", "页数")
        _ = try await req.service.perform(step, code: code, by: try req.member, now: req.now)
        return req.redirect(to: "/staff/applications/\(code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")?done=\(step.action)")
    }

    // MARK: Registering an application received at the counter, by post or by fax

    staff.get("receive") { req async throws -> View in
        try req.service.authorize(try req.member, .handleApplications)
        let choices = try await req.agencyChoices()
        var form = ReceivePost()
        form.agencyCode = try req.chosenAgency(choices)
        form.channel = SubmissionChannel.inPerson.rawValue
        if let a = form.agencyCode { form.receivedDate = try await req.service.today(agencyCode: a, now: req.now).description }
        return try await req.view.render("receive", ReceivePage(page: PageInfo(req, title: req.t("nav.receive")), agencies: choices, form: form))
    }

    staff.post("receive") { req async throws -> Response in
        let f = try req.content.decode(ReceivePost.self)
        do {
            guard let kind = ApplicantKind(rawValue: f.applicantKind ?? "") else { throw ServiceError(.invalidInput, "请选择申请人类型", field: "applicantKind") }
            guard let channel = SubmissionChannel(rawValue: f.channel ?? "") else { throw ServiceError(.invalidInput, "请选择提交方式", field: "channel") }
            func blank(_ s: String?) -> String? { s.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
            var idType: IdentityDocumentKind?
            if let t = blank(f.idType) {
                guard let k = IdentityDocumentKind(rawValue: t) else { throw ServiceError(.invalidInput, "证件类型不存在", field: "idType") }
                idType = k
            }
            guard let d = blank(f.receivedDate), let date = CalendarDate(iso: d) else {
                throw ServiceError(.invalidInput, "收到申请之日应为 YYYY-MM-DD 格式的有效日期", field: "receivedDate")
            }
            let details = RequestDetails(title: blank(f.infoTitle), documentNumber: blank(f.documentNumber),
                                         form: blank(f.provisionForm).flatMap(ProvisionForm.init(rawValue:)),
                                         delivery: blank(f.deliveryMethod).flatMap(DeliveryMethod.init(rawValue:)))
            let text = blank(f.requestText) ?? [blank(f.infoTitle), blank(f.documentNumber)].compactMap { $0 }.joined(separator: "；")
            let outcome = try await req.service.receive(
                agencyCode: f.agencyCode ?? "",
                applicant: ApplicantDetails(kind: kind, name: f.applicantName ?? "", idType: idType, idNumber: blank(f.idNumber), phone: blank(f.phone),
                                            address: blank(f.address), email: blank(f.email)),
                channel: channel, text: text, receipt: .date(date), details: details, by: try req.member, now: req.now)
            return req.redirect(to: "/staff/applications/\(outcome.application.queryCode)")
        } catch let e as ServiceError where e.code == .invalidInput || e.code == .notFound {
            let page = ReceivePage(page: PageInfo(req, title: req.t("nav.receive")), agencies: try await req.agencyChoices(), form: f, error: req.message(e), field: e.field)
            return try await req.view.render("receive", page).encodeResponse(status: .badRequest, for: req)
        }
    }

    // MARK: Appeals

    staff.get("appeals") { req async throws -> View in
        try req.service.authorize(try req.member, .readApplications)
        let choices = try await req.agencyChoices()
        guard let agency = try req.chosenAgency(choices) else { throw ServiceError(.notFound, "没有可查看的机关") }
        let appeals = try await req.service.appeals(agencyCode: agency, by: try req.member)
        return try await req.view.render("appeals", AppealsPage(page: PageInfo(req, title: req.t("page.appeals")), agency: agency, agencies: choices,
                                                                appeals: appeals, canRecord: try req.member.role.may(.handleApplications),
                                                                message: (try? req.query.get(String.self, at: "done")).flatMap { appealMessages[$0] }.map { req.t($0) }))
    }

    staff.post("appeals") { req async throws -> Response in
        struct Form: Content {
            var agencyCode: String?; var applicationCode: String?; var kind: String?; var filed: String?; var result: String?; var concluded: String?
            var coDefendant: String?
        }
        let f = try req.content.decode(Form.self)
        guard let kind = AppealKind(rawValue: f.kind ?? "") else { throw ServiceError(.invalidInput, "请选择案件类型", field: "kind") }
        let result = AppealResult(rawValue: f.result ?? "pending") ?? .pending
        guard let filed = CalendarDate(iso: f.filed ?? "") else { throw ServiceError(.invalidInput, "立案日期应为 YYYY-MM-DD", field: "filed") }
        let concluded = try f.concluded.flatMap { $0.isEmpty ? nil : $0 }.map { s -> CalendarDate in
            guard let d = CalendarDate(iso: s) else { throw ServiceError(.invalidInput, "审结日期应为 YYYY-MM-DD", field: "concluded") }
            return d
        }
        let agency = f.agencyCode ?? ""
        _ = try await req.service.addAppeal(agencyCode: agency, applicationCode: f.applicationCode.flatMap { $0.isEmpty ? nil : $0 }, kind: kind,
                                            filed: filed, result: result, concluded: concluded, asCoDefendant: f.coDefendant == "1", by: try req.member, now: req.now)
        return req.redirect(to: "/staff/appeals" + queryString([("agency", agency), ("done", "added")]))
    }

    staff.post("appeals", "conclude") { req async throws -> Response in
        struct Form: Content { var agencyCode: String?; var id: String?; var result: String?; var date: String? }
        let f = try req.content.decode(Form.self)
        guard let result = AppealResult(rawValue: f.result ?? ""), result != .pending else { throw ServiceError(.invalidInput, "请选择审结结果", field: "result") }
        guard let date = CalendarDate(iso: f.date ?? "") else { throw ServiceError(.invalidInput, "审结日期应为 YYYY-MM-DD", field: "date") }
        let agency = f.agencyCode ?? ""
        _ = try await req.service.concludeAppeal(agencyCode: agency, id: f.id ?? "", result: result, on: date, by: try req.member, now: req.now)
        return req.redirect(to: "/staff/appeals" + queryString([("agency", agency), ("done", "concluded")]))
    }

    // MARK: Ledger import

    staff.get("ledger") { req async throws -> View in
        try req.service.authorize(try req.member, .handleApplications)
        let choices = try await req.agencyChoices()
        return try await req.view.render("ledger", LedgerPage(page: PageInfo(req, title: req.t("page.ledger")), agencies: choices,
                                                              agency: try req.chosenAgency(choices) ?? "", outcome: nil, error: nil, details: []))
    }

    staff.on(.POST, "ledger", body: .collect(maxSize: ByteCount(value: app.platform.settings.maxUploadBytes))) { req async throws -> Response in
        struct Form: Content { var agencyCode: String?; var file: File? }
        try req.service.authorize(try req.member, .handleApplications, agencyCode: (try? req.content.get(String.self, at: "agencyCode")) ?? "")
        let f = try req.content.decode(Form.self)
        let choices = try await req.agencyChoices()
        let agency = f.agencyCode ?? ""
        var page = LedgerPage(page: PageInfo(req, title: req.t("page.ledger")), agencies: choices, agency: agency, outcome: nil, error: nil, details: [])
        guard let file = f.file, file.data.readableBytes > 0 else {
            page.error = req.t("ledger.noFile")
            return try await req.view.render("ledger", page).encodeResponse(status: .badRequest, for: req)
        }
        let ext = (file.filename as NSString).pathExtension.lowercased()
        guard ["csv", "xlsx"].contains(ext) else {
            page.error = req.t("ledger.wrongType", ["file": file.filename])
            return try await req.view.render("ledger", page).encodeResponse(status: .badRequest, for: req)
        }
        // The reader works on files: the upload goes to a private temporary file, removed afterwards.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: dir) }
        // A name of our own (an uploaded name may be longer than a file name can be); messages show the uploaded one.
        let url = dir.appendingPathComponent("ledger.\(ext)")
        try Data(buffer: file.data).write(to: url)
        do {
            page.outcome = try await req.service.importLedger(file: url, agencyCode: agency, by: try req.member, now: req.now)
            return try await req.view.render("ledger", page).encodeResponse(for: req)
        } catch let e as ServiceError where e.code == .ledgerRejected || e.code == .unreadable || e.code == .invalidInput || e.code == .conflict {
            // The reader names the file it read: the upload's own name, never the server's temporary path.
            func named(_ s: String) -> String {
                s.replacingOccurrences(of: url.path, with: file.filename).replacingOccurrences(of: dir.path + "/", with: "")
            }
            page.error = named(e.message)
            page.details = e.details.map(named)
            return try await req.view.render("ledger", page).encodeResponse(status: httpStatus(e), for: req)
        }
    }

    // MARK: Reports

    // Reports: the editor at /staff/reports (ReportEditorRoutes.swift).

    staff.get("rollup") { req async throws -> View in
        let m = try req.member
        guard m.role.may(.readRollup) else { throw ServiceError(.notAllowed, "角色“\(m.role.label)”无权查看汇总") }
        let all = try await req.service.agencies()
        let regions = all.filter { m.scope.includes($0.code) }
        let region = (try? req.query.get(String.self, at: "region")).flatMap { $0.isEmpty ? nil : $0 } ?? req.staff?.user.agencyCode ?? regions.first?.code ?? ""
        let today = try CalendarDate.today(in: TimeZone(identifier: "Asia/Shanghai")!, now: req.now)
        let year = (try? req.query.get(Int.self, at: "year")) ?? (today.year - 1)
        try Service.checkReportYear(year, now: req.now)
        let r = try await req.service.rollup(parentCode: region, year: year, by: m, now: req.now)
        return try await req.view.render("rollup", RollupPage(
            page: PageInfo(req, title: req.t("page.rollup")), region: region, regions: regions, year: year,
            counts: CountsView(table3: r.table3.map { .init(id: $0.id, label: $0.label, cells: $0.cells) }, table4: r.table4, columns: columns),
            agencies: r.agencies))
    }
}

let columns = ApplicantKind.allCases.map(\.label) + ["总计"]

/// The event log's kinds in Chinese.
enum EventLabels {
    static let labels: [String: String] = [
        "applicationReceived": "收到申请", "duplicateFlagged": "标记为重复申请", "correctionRequested": "告知补正", "correctionReceived": "收到补正",
        "correctionLapsed": "逾期未补正", "consultationStarted": "征求意见", "consultationReplied": "收到意见", "extensionGranted": "延长答复期限",
        "reasonablePeriodSet": "确定合理期限", "feeNoticeSent": "发出收费通知", "feePaid": "缴费", "feeLapsed": "逾期未缴费", "decided": "作出答复",
        "dueDateRecomputed": "重新计算答复期限", "ledgerImported": "台账导入", "letterIssued": "发出文书",
    ]
    static func label(_ kind: String) -> String { labels[kind] ?? kind }
}
