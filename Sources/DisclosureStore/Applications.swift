import Crypto
import DisclosureRules
import FluentKit
import Foundation

/// Who applies: kind (a column of table 三) and personal identifiers (kept in `applicants`, never shown in full).
public struct ApplicantInput: Sendable, Equatable {
    public var kind: ApplicantKind
    public var name: String
    /// The kind of document `idNumber` is; nil: the default for `kind` (`IdentityDocumentKind.default(for:)`).
    public var idType: IdentityDocumentKind?
    public var idNumber: String?
    public var phone: String?
    public var address: String?
    public var email: String?
    public init(kind: ApplicantKind, name: String, idType: IdentityDocumentKind? = nil, idNumber: String? = nil, phone: String? = nil,
                address: String? = nil, email: String? = nil) {
        self.kind = kind; self.name = name; self.idType = idType; self.idNumber = idNumber; self.phone = phone
        self.address = address; self.email = email
    }

    /// The input as it is stored and compared: the name cleaned (`CleanText.line`: no invisible, control or
    /// direction characters, whitespace runs one space) and at most `InputLimits.applicantName` characters; the
    /// identity number checked for its kind (GB 11643 / GB 32100 check characters) and written in its normal form;
    /// the phone number and e-mail in their normal forms (`Identifier`); empty optional fields as nil.
    /// - Throws: `InputError` naming the field.
    public func normalized(today: CalendarDate) throws -> ApplicantInput {
        var out = self
        out.name = try CleanText.requiredLine(name, field: .applicantName, maxLength: InputLimits.applicantName)
        func optional(_ s: String?) -> String? { s.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 } }
        if let id = optional(idNumber) {
            let type = idType ?? IdentityDocumentKind.default(for: kind)
            out.idNumber = try Identifier.document(id, kind: type, today: today)
            out.idType = type
        } else {
            if idType != nil { throw InputError(.idNumber, "不能为空（已给出证件类型）") }
            out.idNumber = nil
        }
        out.phone = try optional(phone).map(Identifier.phone)
        out.email = try optional(email).map(Identifier.email)
        out.address = try optional(address).map { try CleanText.line($0, field: .address, maxLength: InputLimits.contact) }
        return out
    }
}

/// Days an earlier identical application counts as a duplicate of a new one (calendar days).
public let duplicateWindowDays = 60

extension Store {
    // MARK: Receiving

    /// Registers an application (条例第二十九条) and computes its due date (条例第三十三条).
    ///
    /// The receipt date follows 条例第三十一条 from the channel, in the agency's time zone: the submission (or
    /// signing) moment, or for 平常信函 / 互联网 / 传真 the confirmation moment — or `receivedDate` when given instead
    /// (e.g. a confirmation date recorded on paper). An identical request (same applicant, agency and normalised text)
    /// received within `duplicateWindowDays` is flagged as a duplicate of the earlier one.
    /// - Parameters:
    ///   - text: the request (条例第二十九条), at most `InputLimits.requestText` characters after cleaning.
    ///   - submittedAt, confirmedAt: moments (checked against 2008-05-01 and `now` before any conversion);
    ///     `confirmedAt` only with `submittedAt`, and only for the channels whose receipt is a confirmation.
    ///   - receivedDate: the receipt date itself, instead of the moments.
    /// - Throws: `InputError` naming the field (an impossible or future moment, both a receipt date and moments, a bad
    ///   identifier, a text too long or with invisible characters), `StoreError.notFound` (agency). When the due date
    ///   runs into a year with no holiday notice the application is still recorded, without a due date: see
    ///   `dueDateProblem` on the result.
    public func receive(agencyCode: String, applicant input: ApplicantInput, channel: SubmissionChannel, text: String,
                        submittedAt: Date? = nil, confirmedAt: Date? = nil, receivedDate: CalendarDate? = nil,
                        details: RequestDetails = RequestDetails(), actor: Actor, now: Date = Date()) async throws -> ReceiveResult {
        let agency = try await agencyRef(code: agencyCode)
        guard let tz = TimeZone(identifier: agency.timeZone) else { throw StoreError.configuration("机关“\(agencyCode)”的时区“\(agency.timeZone)”无效") }
        // Records say what happened: nothing after today in the agency's own time zone.
        let today = try CalendarDate.today(in: tz, now: now)
        let applicant = try input.normalized(today: today)
        let requestText = try CleanText.paragraph(text, field: .requestText, maxLength: InputLimits.requestText)
        guard !requestText.isEmpty else { throw InputError(.requestText, "不能为空（条例第二十九条：所需政府信息的名称、文号或特征性描述）") }
        let title = try details.title.map { try CleanText.line($0, field: .infoTitle, maxLength: InputLimits.shortText) }.flatMap(\.nilIfEmpty)
        let documentNumber = try details.documentNumber.map { try CleanText.line($0, field: .documentNumber, maxLength: 100) }.flatMap(\.nilIfEmpty)
        if receivedDate != nil && (submittedAt != nil || confirmedAt != nil) {
            throw InputError(.receivedDate, "与提交时刻、确认时刻只能给出其一：收到申请之日由提交方式和时刻确定（条例第三十一条），或直接给出")
        }
        if confirmedAt != nil && submittedAt == nil { throw InputError(.confirmedAt, "需要同时给出提交时刻") }
        if confirmedAt != nil && !channel.receiptNeedsConfirmation {
            throw InputError(.confirmedAt, "不适用于\(channel.chinese)：\(channel.receiptRule)")
        }
        if let s = submittedAt { try RecordDates.checkPast(s, field: .submittedAt, now: now) }
        if let c = confirmedAt { try RecordDates.checkPast(c, field: .confirmedAt, now: now) }
        let receipt = try receivedDate ?? channel.receiptDate(submittedAt: submittedAt ?? now, confirmedAt: confirmedAt, timeZone: tz)
        // Named after what the receipt date came from (a typed date, the confirmation or the submission).
        let receiptField: InputField = receivedDate != nil ? .receivedDate
            : (confirmedAt != nil && channel.receiptNeedsConfirmation ? .confirmedAt : .submittedAt)
        // A typed receipt date is named once; a receipt date derived from a moment says which day it came to.
        let named = receiptField == .receivedDate ? receiptField : InputField(receiptField.key, "\(receiptField.label)（由此得出的收到申请之日）")
        try RecordDates.checkPast(receipt, field: named, today: today)
        let warnings = receivedDate == nil ? [channel.confirmationWarning(confirmedAt: confirmedAt)].compactMap { $0 } : []
        let normalized = RequestText.normalized(requestText)
        let contentKey = Self.contentKey(received: receipt.description, kind: applicant.kind.rawValue, name: applicant.name, normalizedText: normalized)

        return try await transaction { tx in
            let calendar = try await self.workingCalendar(on: tx)
            let existing = try await Self.findApplicant(applicant, on: tx)
            let newPerson = existing == nil ? Self.newApplicant(applicant) : nil
            let person = existing ?? newPerson!.id!
            let app = ApplicationRecord()
            app.id = UUID()
            app.agencyID = agency.id
            app.applicantID = person
            app.applicantKind = applicant.kind.rawValue
            app.queryCode = QueryCode.make()
            app.channel = channel.rawValue
            app.submittedAt = submittedAt
            app.receivedDate = receipt.description
            app.clockStart = receipt.description
            app.requestText = requestText
            app.normalizedText = normalized
            app.state = ApplicationState.inProgress.rawValue
            app.limitDays = 20
            app.extensionDays = 0
            app.contentKey = contentKey
            app.createdAt = Date()
            app.infoTitle = title
            app.infoDocNumber = documentNumber
            app.provisionForm = details.form?.rawValue
            app.deliveryMethod = details.delivery?.rawValue
            // A person first seen now has no earlier application to repeat.
            var earlier: ApplicationRecord?
            if existing != nil {
                let windowStart = receipt.adding(days: -duplicateWindowDays).description
                earlier = try await ApplicationRecord.query(on: tx)
                    .filter(\.$agencyID == agency.id).filter(\.$applicantID == person)
                    .filter(\.$normalizedText == normalized).filter(\.$receivedDate >= windowStart)
                    .filter(\.$receivedDate <= receipt.description)
                    .sort(\.$receivedDate).first()
            }
            app.duplicateOf = earlier?.id
            var problem: String?
            do { app.dueDate = try Self.dueDate(app, consultations: [], calendar: calendar) } catch {
                problem = "\(error)"
            }
            var statements = newPerson.map { [ModelSQL.insertStatement($0)] } ?? []
            statements.append(ModelSQL.insertStatement(app))
            statements.append(EventLog.statement(.applicationReceived, application: app.id, agency: agency.id, actor: actor, at: now,
                                                 after: ApplicationSnapshot(app), detail: ([problem] + warnings).compactMap { $0 }.joined(separator: "；").nilIfEmpty))
            if let earlier {
                statements.append(EventLog.statement(.duplicateFlagged, application: app.id, agency: agency.id, actor: actor, at: now,
                                                     detail: "与 \(earlier.queryCode)（\(earlier.receivedDate)）申请内容相同"))
            }
            try await ModelSQL.pipeline(statements, on: tx)
            app.$id.exists = true
            return ReceiveResult(application: app, duplicateOf: earlier?.queryCode, dueDateProblem: problem, warnings: warnings)
        }
    }

    /// Lower-case hexadecimal of `bytes`.
    static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0x0F)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// A digest of what makes two records the same application: receipt date, applicant kind, applicant name and
    /// request text, each normalised (`RequestText.normalized`). Hex of the first 16 bytes of SHA-256.
    static func contentKey(received: String, kind: String, name: String, normalizedText: String) -> String {
        let material = [received, kind, RequestText.normalized(name), normalizedText].joined(separator: "\u{1F}")
        return hex(SHA256.hash(data: Data(material.utf8)).prefix(16))
    }

    public struct ReceiveResult: Sendable {
        public var application: ApplicationRecord
        /// Query code of the earlier identical application, when flagged.
        public var duplicateOf: String?
        /// Why no due date could be computed (e.g. a year without a holiday notice).
        public var dueDateProblem: String?
        /// Things the clerk should check (Chinese), e.g. an online submission recorded without its confirmation moment.
        public var warnings: [String]
    }

    /// The id of the applicant with the same identifiers, if any. The same applicant is recognised only by an
    /// identifier: the same kind, name and ID number, or (without an ID number) the same phone. A name alone never
    /// links two applications to one person (that would pool another person's applications into the monthly fee count
    /// and duplicate checks).
    static func findApplicant(_ input: ApplicantInput, on db: any Database) async throws -> UUID? {
        // `input` is normalised (`ApplicantInput.normalized`): identifiers are compared in their normal forms.
        let id = input.idNumber ?? ""
        let phone = input.phone ?? ""
        guard !id.isEmpty || !phone.isEmpty else { return nil }
        var q = ApplicantRecord.query(on: db).filter(\.$kind == input.kind.rawValue).filter(\.$name == input.name)
        q = id.isEmpty ? q.filter(\.$idNumber == nil).filter(\.$phone == phone) : q.filter(\.$idNumber == id)
        return try await q.first()?.id
    }

    /// A new applicant record with its id, not yet stored.
    static func newApplicant(_ input: ApplicantInput) -> ApplicantRecord {
        let a = ApplicantRecord()
        a.id = UUID()
        a.kind = input.kind.rawValue
        a.name = input.name
        a.idType = input.idType?.rawValue
        a.idNumber = input.idNumber
        a.phone = input.phone
        a.address = input.address
        a.email = input.email
        a.createdAt = Date()
        return a
    }

    // MARK: Lookup

    public func application(code: String) async throws -> ApplicationRecord? {
        guard Self.plausibleKey(code) else { return nil }
        return try await ApplicationRecord.query(on: db).filter(\.$queryCode == code).first()
    }

    /// - Throws: `StoreError.notFound` naming the query code.
    public func requireApplication(code: String) async throws -> ApplicationRecord {
        guard let a = try await application(code: code) else { throw StoreError.notFound("申请“\(code)”不存在（请核对查询码）") }
        return a
    }

    public func consultations(of app: ApplicationRecord) async throws -> [ConsultationRecord] {
        try await ConsultationRecord.query(on: db).filter(\.$applicationID == app.id!).sort(\.$sentDate).all()
    }

    /// What a view of an application needs besides the record: the agency's name, the applicant's name (to be
    /// masked by the caller) and the query code of the earlier application it repeats, if flagged.
    public func summaryFacts(_ app: ApplicationRecord) async throws -> (agency: String, applicant: String, duplicateOf: String?) {
        let agency = try await AgencyRecord.find(app.agencyID, on: db)
        var person: ApplicantRecord?
        if let pid = app.applicantID { person = try await ApplicantRecord.find(pid, on: db) }
        var duplicate: String?
        if let d = app.duplicateOf { duplicate = try await ApplicationRecord.find(d, on: db)?.queryCode }
        return (agency?.name ?? "", person?.name ?? "", duplicate)
    }

    /// Applications of an agency (all agencies when nil), oldest first. With `overdueOnly`, only open applications
    /// whose clock runs (not awaiting a correction or a payment) and, when `asOf` is given, past their due date then.
    public func applications(agencyCode: String? = nil, overdueOnly: Bool = false, asOf today: CalendarDate? = nil) async throws -> [ApplicationRecord] {
        var q = ApplicationRecord.query(on: db)
        if let agencyCode { q = q.filter(\.$agencyID == (try await requireAgency(code: agencyCode)).id!) }
        if overdueOnly {
            // Awaiting a correction or a payment, the applicant holds the application; the other open states run the clock.
            q = q.filter(\.$state ~~ [ApplicationState.inProgress.rawValue, ApplicationState.underConsultation.rawValue])
        }
        let all = try await q.sort(\.$receivedDate).sort(\.$queryCode).all()
        guard overdueOnly, let today else { return all }
        return all.filter { Overdue.isOverdue(state: $0.state, dueDate: $0.dueDate, reasonableDate: $0.reasonableDate, asOf: today) }
    }
}

/// What an application's state looked like, for the event log's before/after (no personal data).
struct ApplicationSnapshot: Encodable {
    var state: String
    var receivedDate: String
    var clockStart: String
    var dueDate: String?
    var extensionDays: Int
    var reasonableDate: String?
    var decidedDate: String?
    var outcome: String?
    init(state: String, receivedDate: String, clockStart: String, dueDate: String?, extensionDays: Int) {
        self.state = state; self.receivedDate = receivedDate; self.clockStart = clockStart; self.dueDate = dueDate
        self.extensionDays = extensionDays
    }

    init(_ a: ApplicationRecord) {
        state = a.state; receivedDate = a.receivedDate; clockStart = a.clockStart; dueDate = a.dueDate
        extensionDays = a.extensionDays; reasonableDate = a.reasonableDate; decidedDate = a.decidedDate; outcome = a.outcome
    }

    /// The JSON `JSONEncoder` writes with sorted keys (nil fields left out), built directly: a ledger import writes
    /// one per row, and Foundation's encoder costs more than the rest of the row.
    var json: String {
        func string(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
                }
            }
            return out + "\""
        }
        var fields: [String] = ["\"clockStart\":" + string(clockStart)]
        if let decidedDate { fields.append("\"decidedDate\":" + string(decidedDate)) }
        if let dueDate { fields.append("\"dueDate\":" + string(dueDate)) }
        fields.append("\"extensionDays\":\(extensionDays)")
        if let outcome { fields.append("\"outcome\":" + string(outcome)) }
        if let reasonableDate { fields.append("\"reasonableDate\":" + string(reasonableDate)) }
        fields.append("\"receivedDate\":" + string(receivedDate))
        fields.append("\"state\":" + string(state))
        return "{" + fields.joined(separator: ",") + "}"
    }
}

/// Public tracking codes: 10 characters from an alphabet without look-alikes (0/O, 1/I/L).
enum QueryCode {
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    /// Ten characters from one 64-bit draw of the system's generator (31^10 ≈ 2^49.5 < 2^64): one system call, not ten.
    static func make() -> String {
        var g = SystemRandomNumberGenerator()
        var n = g.next()
        var out = ""
        out.unicodeScalars.reserveCapacity(10)
        for _ in 0..<10 {
            out.append(alphabet[Int(n % UInt64(alphabet.count))])
            n /= UInt64(alphabet.count)
        }
        return out
    }
}

extension String {
    /// nil for the empty string.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
