import DisclosureExport
import DisclosureRules
import DisclosureStore
import Foundation

/// What staff add to a letter that the record does not hold: the reasons, the items to correct and the period for
/// them, the third party consulted. Dates, the decision and the legal basis always come from the record.
public struct LetterInput: Sendable, Equatable {
    /// The reasons of a decision (required for 其他处理).
    public var reasons: String?
    /// 补正事项 and the day to correct by (补正告知书).
    public var correctionItems: String?
    public var correctionBy: CalendarDate?
    /// The third party (征求第三方意见书).
    public var thirdParty: String?
    public init(reasons: String? = nil, correctionItems: String? = nil, correctionBy: CalendarDate? = nil, thirdParty: String? = nil) {
        self.reasons = reasons; self.correctionItems = correctionItems; self.correctionBy = correctionBy; self.thirdParty = thirdParty
    }
}

/// A letter produced as a file.
public struct LetterFile: Sendable {
    public var letter: Letter
    /// "答复书-GK7Q2M.docx".
    public var filename: String
    public var contentType: String
    public var data: Data
}

extension Service {
    /// The facts of a letter of `kind` for an application, all dates from the record: 答复书 dated the decision day
    /// with its outcome; 补正告知书 the day the correction was requested; 延期答复告知书 the day of the extension, with
    /// the due dates before and after it; 征求第三方意见书 the day it was sent, the reply due 15 working days later
    /// (条例第三十二条); 收费通知书 the notice's amount and payment deadline (国办函〔2020〕109号).
    /// - Throws: `ServiceError` — `notFound`; `invalidInput` naming what the record or the input lacks (a decision
    ///   letter before the decision, a correction notice without its items, …); `calendarNotLoaded`.
    public func letterFacts(code: String, kind: LetterKind, input: LetterInput, by member: StaffMember) async throws -> LetterFacts {
        try await letterContext(code: code, kind: kind, input: input, by: member).facts
    }

    /// The facts (see `letterFacts`) and the agency's own wording of the kind, if any — read once for a letter.
    func letterContext(code: String, kind: LetterKind, input: LetterInput, by member: StaffMember) async throws
        -> (facts: LetterFacts, agencyTemplate: LetterTemplate?) {
        _ = try await authorize(member, .readApplications, applicationCode: code)
        for (value, limit, field, label) in [(input.reasons, 2000, "reasons", "答复理由"), (input.correctionItems, 2000, "correctionItems", "补正事项"),
                                             (input.thirdParty, 200, "thirdParty", "第三方名称")] {
            if let v = value, v.count > limit { throw ServiceError(.invalidInput, "\(label)最多 \(limit) 字，收到 \(v.count) 字", field: field) }
        }
        return try await run {
            let r = try await store.letterFacts(code: code)
            let app = r.application
            guard let received = CalendarDate(iso: app.receivedDate) else { throw ServiceError(.invalidInput, "申请记录的收到日期无效：\(app.receivedDate)") }
            let request = [app.infoTitle, app.infoDocNumber].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "，")
            let text = request.isEmpty ? String(app.requestText.prefix(60)) + (app.requestText.count > 60 ? "……" : "") : request
            func missing(_ what: String) -> ServiceError { ServiceError(.invalidInput, "\(kind.title)：\(what)", field: "kind") }
            var issued: CalendarDate
            var f: LetterFacts
            switch kind {
            case .decision:
                guard let o = app.outcome.flatMap(Outcome.init(rawValue:)), let d = app.decidedDate.flatMap(CalendarDate.init(iso:)) else {
                    throw missing("申请尚未作出答复决定")
                }
                issued = d
                f = LetterFacts(agency: r.agency, queryCode: app.queryCode, applicant: "", received: received, request: text, issued: issued)
                f.outcome = o
                if o == .other3 && (input.reasons ?? "").trimmingCharacters(in: .whitespaces).isEmpty { throw missing("“其他处理”须写明处理理由") }
            case .correction:
                guard let d = app.correctionRequestedDate.flatMap(CalendarDate.init(iso:)) else { throw missing("申请没有发出补正告知的记录") }
                guard let items = input.correctionItems, !items.trimmingCharacters(in: .whitespaces).isEmpty else { throw missing("须写明需要补正的事项") }
                guard let by = input.correctionBy, by > d else { throw missing("须给出晚于告知日的补正期限") }
                issued = d
                f = LetterFacts(agency: r.agency, queryCode: app.queryCode, applicant: "", received: received, request: text, issued: issued)
                f.correctionItems = items; f.correctionBy = by
            case .extensionNotice:
                guard app.extensionDays > 0, let d = app.extensionDate.flatMap(CalendarDate.init(iso:)),
                      let after = app.dueDate.flatMap(CalendarDate.init(iso:)), let before = r.dueBeforeExtension else {
                    throw missing("申请没有延长答复期限的记录")
                }
                issued = d
                f = LetterFacts(agency: r.agency, queryCode: app.queryCode, applicant: "", received: received, request: text, issued: issued)
                f.due = before; f.extendedDue = after
            case .consultation:
                guard let d = r.consultationSent else { throw missing("申请没有征求第三方意见的记录") }
                guard let who = input.thirdParty, !who.trimmingCharacters(in: .whitespaces).isEmpty else { throw missing("须写明第三方的名称") }
                issued = d
                f = LetterFacts(agency: r.agency, queryCode: app.queryCode, applicant: "", received: received, request: text, issued: issued)
                f.thirdParty = who
                do { f.opinionBy = try r.calendar.addingWorkingDays(15, to: d) } catch let e as CalendarError {
                    throw ServiceError(.calendarNotLoaded, "无法计算第三方提出意见的期限：\(e.description)")
                }
            case .fee:
                guard let fee = r.fee else { throw missing("申请没有收费通知的记录") }
                issued = fee.noticeDate
                f = LetterFacts(agency: r.agency, queryCode: app.queryCode, applicant: "", received: received, request: text, issued: issued)
                f.fee = Decimal(fee.amountYuan); f.payBy = fee.payBy
            }
            f.applicant = Privacy.maskName(r.applicant, kind: r.applicantKind)
            f.reasons = input.reasons
            if let due = app.dueDate.flatMap(CalendarDate.init(iso:)), f.due == nil { f.due = due }
            let own = try await store.letterTemplate(agencyID: app.agencyID, kind: kind.rawValue).map { LetterTemplate(kind: kind, body: $0) }
            return (f, own)
        }
    }

    /// A letter of `kind` for an application as DOCX (`format` "docx") or PDF ("pdf", through LibreOffice), from the
    /// standard template or the one given.
    /// - Throws: `ServiceError` (see `letterFacts`; `invalidInput` for a template with an unknown placeholder or an
    ///   unknown format; `unreadable` when LibreOffice is missing or fails).
    public func letter(code: String, kind: LetterKind, input: LetterInput = LetterInput(), template: LetterTemplate? = nil,
                       format: String = "docx", by member: StaffMember) async throws -> LetterFile {
        let (facts, own) = try await letterContext(code: code, kind: kind, input: input, by: member)
        // The template given, else the agency's own wording, else the standard one.
        let letter: Letter
        do { letter = try Letter(template: template ?? own ?? .standard(kind), facts: facts) } catch let e as LetterError {
            throw ServiceError(.invalidInput, e.description, field: "template")
        }
        let name = "\(kind.title)-\(facts.queryCode)"
        switch format.lowercased() {
        case "docx":
            return LetterFile(letter: letter, filename: name + ".docx",
                              contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                              data: try LetterExporter.docx(letter))
        case "pdf":
            do { return LetterFile(letter: letter, filename: name + ".pdf", contentType: "application/pdf", data: try LetterExporter.pdf(letter)) }
            catch let e as LetterConversionError { throw ServiceError(.unreadable, e.description) }
        default:
            throw ServiceError(.invalidInput, "文书格式只能是 docx 或 pdf，收到“\(format)”", field: "format")
        }
    }
}

/// A letter issued for an application, as listed (its document fetched apart).
public struct IssuedLetter: Sendable, Codable, Equatable {
    public var id: String
    /// `LetterKind` raw value.
    public var kind: String
    public var title: String
    /// YYYY-MM-DD.
    public var issued: String
}

extension Service {
    /// Issues a letter: produced from the record (see `letter`), stored with the application as its Word document and
    /// written to its event log (`letterIssued`), so the applicant can download it by query code.
    /// - Throws: `ServiceError` (see `letterFacts`; `notAllowed` without the right to handle applications).
    public func issueLetter(code: String, kind: LetterKind, input: LetterInput = LetterInput(), template: LetterTemplate? = nil,
                            by member: StaffMember, now: Date = Date()) async throws -> (IssuedLetter, LetterFile) {
        _ = try await authorize(member, .handleApplications, applicationCode: code)
        // The answer and the notices are the handler's or the head's acts (as the decision is), not the registrar's.
        guard member.isSystem || member.role == .handler || member.role == .head else {
            throw ServiceError(.notAllowed, "角色“\(member.role.label)”无权发出文书（由承办人或负责人发出）")
        }
        let file = try await letter(code: code, kind: kind, input: input, template: template, format: "docx", by: member)
        return try await run {
            let r = try await store.saveLetter(code: code, kind: kind.rawValue, title: file.letter.title, issued: file.letter.issued, docx: file.data,
                                               actor: member.actor, now: now)
            return (IssuedLetter(id: r.id!.uuidString, kind: r.kind, title: r.title, issued: r.issued), file)
        }
    }

    /// The letters issued for an application, oldest first (staff).
    public func letters(code: String, by member: StaffMember) async throws -> [IssuedLetter] {
        _ = try await authorize(member, .readApplications, applicationCode: code)
        return try await run { try await store.letters(code: code).map { IssuedLetter(id: $0.id!.uuidString, kind: $0.kind, title: $0.title, issued: $0.issued) } }
    }

    /// The applicant's letters, by query code (the code is the applicant's key, as for the status page). Letters carry
    /// the applicant's masked name and nothing of another applicant.
    /// - Throws: `ServiceError.notFound` for an unknown code.
    public func publicLetters(queryCode: String) async throws -> [IssuedLetter] {
        try await run { try await store.letters(code: queryCode).map { IssuedLetter(id: $0.id!.uuidString, kind: $0.kind, title: $0.title, issued: $0.issued) } }
    }

    /// One issued letter as stored (DOCX) or converted to PDF (`format` "docx" or "pdf").
    /// - Throws: `ServiceError` — `notFound` for an unknown code or a letter of another application; `invalidInput`
    ///   for another format; `unreadable` when LibreOffice is missing or fails.
    public func letterFile(queryCode: String, id: String, format: String) async throws -> (filename: String, contentType: String, data: Data) {
        try await run {
            guard let uuid = UUID(uuidString: id), let r = try await store.letter(code: queryCode, id: uuid) else {
                throw ServiceError(.notFound, "没有这份文书")
            }
            let name = "\(r.title)-\(queryCode)"
            switch format.lowercased() {
            case "docx": return (name + ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", r.docx)
            case "pdf":
                do { return (name + ".pdf", "application/pdf", try LetterExporter.pdf(docx: r.docx)) }
                catch let e as LetterConversionError { throw ServiceError(.unreadable, e.description) }
            default: throw ServiceError(.invalidInput, "文书格式只能是 docx 或 pdf，收到“\(format)”", field: "format")
            }
        }
    }
}

extension Service {
    /// An agency's template of a letter kind: its own wording, or the standard one (`custom` false).
    /// - Throws: `ServiceError` (`notFound`, `notAllowed`).
    public func letterTemplate(agencyCode: String, kind: LetterKind, by member: StaffMember) async throws -> (template: LetterTemplate, custom: Bool) {
        try authorize(member, .readApplications, agencyCode: agencyCode)
        return try await run {
            let agency = try await store.requireAgency(code: agencyCode)
            if let body = try await store.letterTemplate(agencyID: agency.id!, kind: kind.rawValue) { return (LetterTemplate(kind: kind, body: body), true) }
            return (LetterTemplate.standard(kind), false)
        }
    }

    /// Sets an agency's wording of a letter kind (nil: back to the standard one), by the head of the office or an
    /// administrator. The template is checked first: every placeholder must exist (`LetterTemplate.placeholders`).
    /// - Throws: `ServiceError` — `invalidInput` naming the line of an unknown or unclosed placeholder, or an empty or
    ///   overlong (over 20,000 characters) body; `notAllowed`; `notFound`.
    public func setLetterTemplate(agencyCode: String, kind: LetterKind, body: String?, by member: StaffMember, now: Date = Date()) async throws {
        try authorizeLetterTemplates(member, agencyCode: agencyCode)
        if let body {
            let t = body.replacingOccurrences(of: "\r\n", with: "\n")
            guard !t.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ServiceError(.invalidInput, "文书模板不能为空", field: "body") }
            guard t.count <= 20_000 else { throw ServiceError(.invalidInput, "文书模板最多 20000 字，收到 \(t.count) 字", field: "body") }
            do { try LetterTemplate(kind: kind, body: t).validate() } catch let e as LetterError {
                throw ServiceError(.invalidInput, e.description, field: "body")
            }
        }
        try await run {
            try await store.setLetterTemplate(agencyCode: agencyCode, kind: kind.rawValue,
                                              body: body?.replacingOccurrences(of: "\r\n", with: "\n"), actor: member.actor, now: now)
        }
    }
}
