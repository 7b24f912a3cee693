import DisclosureRules
import FluentKit
import Foundation

/// Who applies: kind (a column of table 三) and personal identifiers (kept in `applicants`, never shown in full).
public struct ApplicantInput: Sendable {
    public var kind: ApplicantKind
    public var name: String
    public var idNumber: String?
    public var phone: String?
    public var address: String?
    public var email: String?
    public init(kind: ApplicantKind, name: String, idNumber: String? = nil, phone: String? = nil, address: String? = nil, email: String? = nil) {
        self.kind = kind; self.name = name; self.idNumber = idNumber; self.phone = phone; self.address = address; self.email = email
    }
}

/// What staff see of an application: no personal identifiers beyond a masked name.
public struct ApplicationSummary: Sendable, Codable, Equatable {
    public var queryCode: String
    public var agency: String
    public var applicant: String
    public var applicantKind: String
    public var channel: String
    public var receivedDate: String
    public var clockStart: String
    public var state: String
    public var dueDate: String?
    public var extensionDays: Int
    public var decidedDate: String?
    public var outcome: String?
    public var duplicateOf: String?
    public var overdue: Bool
}

/// Days an earlier identical application counts as a duplicate of a new one (calendar days).
public let duplicateWindowDays = 60
/// Longest request text accepted (characters): a description of the information sought, not the documents.
public let maxRequestTextLength = 10_000
/// Longest applicant name accepted (characters).
public let maxApplicantNameLength = 200

extension Store {
    // MARK: Receiving

    /// Registers an application (条例第二十九条) and computes its due date (条例第三十三条).
    ///
    /// The receipt date follows 条例第三十一条 from the channel, in the agency's time zone, unless `receivedDate`
    /// is given (e.g. a confirmation date recorded on paper). An identical request (same applicant, agency and
    /// normalised text) received within `duplicateWindowDays` is flagged as a duplicate of the earlier one.
    /// - Throws: `StoreError` (unknown agency, empty text), `CalendarError.yearNotCovered` when the due date runs into
    ///   a year with no holiday notice loaded — the application is then still recorded, with no due date, and the
    ///   error is not thrown; see `dueDateProblem` on the result.
    public func receive(agencyCode: String, applicant: ApplicantInput, channel: SubmissionChannel, text: String,
                        submittedAt: Date? = nil, confirmedAt: Date? = nil, receivedDate: CalendarDate? = nil,
                        actor: Actor, now: Date = Date()) async throws -> ReceiveResult {
        let agency = try await agencyRef(code: agencyCode)
        let requestText = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !requestText.isEmpty else { throw StoreError.invalid("申请内容不能为空（条例第二十九条：所需政府信息的名称、文号或特征性描述）") }
        guard !applicant.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw StoreError.invalid("申请人姓名或名称不能为空") }
        guard applicant.name.count <= maxApplicantNameLength else {
            throw StoreError.invalid("申请人姓名或名称过长（\(applicant.name.count)字，最多\(maxApplicantNameLength)字）")
        }
        guard requestText.count <= maxRequestTextLength else {
            throw StoreError.invalid("申请内容过长（\(requestText.count)字，最多\(maxRequestTextLength)字）：请概括所需信息的名称、文号或特征性描述（条例第二十九条），附件另行登记")
        }
        let tz = TimeZone(identifier: agency.timeZone) ?? TimeZone(identifier: "Asia/Shanghai")!
        if let s = submittedAt, let c = confirmedAt, c < s {
            throw StoreError.invalid("确认时刻早于提交时刻（条例第三十一条：确认之日为收到申请之日，确认只能在提交之后）")
        }
        let receipt = receivedDate ?? channel.receiptDate(submittedAt: submittedAt ?? now, confirmedAt: confirmedAt, timeZone: tz)
        try Self.notFuture(receipt, what: "收到申请", now: now)
        let normalized = RequestText.normalized(requestText)

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
            app.createdAt = Date()
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
                                                 after: ApplicationSnapshot(app), detail: problem))
            if let earlier {
                statements.append(EventLog.statement(.duplicateFlagged, application: app.id, agency: agency.id, actor: actor, at: now,
                                                     detail: "与 \(earlier.queryCode)（\(earlier.receivedDate)）申请内容相同"))
            }
            try await ModelSQL.pipeline(statements, on: tx)
            app.$id.exists = true
            return ReceiveResult(application: app, duplicateOf: earlier?.queryCode, dueDateProblem: problem)
        }
    }

    public struct ReceiveResult: Sendable {
        public var application: ApplicationRecord
        /// Query code of the earlier identical application, when flagged.
        public var duplicateOf: String?
        /// Why no due date could be computed (e.g. a year without a holiday notice).
        public var dueDateProblem: String?
    }

    /// The same applicant is recognised only by an identifier: the same kind, name and ID number, or (without an ID
    /// number) the same phone. A name alone never links two applications to one person (that would pool another
    /// person's applications into the monthly fee count and duplicate checks).
    static func findOrCreateApplicant(_ input: ApplicantInput, on db: any Database) async throws -> UUID {
        if let found = try await findApplicant(input, on: db) { return found }
        let a = newApplicant(input)
        try await ModelSQL.create(a, on: db)
        return a.id!
    }

    /// The id of the applicant with the same identifiers (see `findOrCreateApplicant`), if any.
    static func findApplicant(_ input: ApplicantInput, on db: any Database) async throws -> UUID? {
        let id = input.idNumber?.trimmingCharacters(in: .whitespaces) ?? ""
        let phone = input.phone?.trimmingCharacters(in: .whitespaces) ?? ""
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
        a.idNumber = input.idNumber
        a.phone = input.phone
        a.address = input.address
        a.email = input.email
        a.createdAt = Date()
        return a
    }

    // MARK: Lookup

    public func application(code: String) async throws -> ApplicationRecord? {
        try await ApplicationRecord.query(on: db).filter(\.$queryCode == code).first()
    }

    /// - Throws: `StoreError.notFound` naming the query code.
    public func requireApplication(code: String) async throws -> ApplicationRecord {
        guard let a = try await application(code: code) else { throw StoreError.notFound("申请“\(code)”不存在（请核对查询码）") }
        return a
    }

    public func consultations(of app: ApplicationRecord) async throws -> [ConsultationRecord] {
        try await ConsultationRecord.query(on: db).filter(\.$applicationID == app.id!).sort(\.$sentDate).all()
    }

    /// Staff view of an application: no identifiers beyond the masked name.
    public func summary(_ app: ApplicationRecord, asOf today: CalendarDate) async throws -> ApplicationSummary {
        let agency = try await AgencyRecord.find(app.agencyID, on: db)
        var person: ApplicantRecord?
        if let pid = app.applicantID { person = try await ApplicantRecord.find(pid, on: db) }
        var duplicate: String?
        if let d = app.duplicateOf { duplicate = try await ApplicationRecord.find(d, on: db)?.queryCode }
        return ApplicationSummary(
            queryCode: app.queryCode, agency: agency?.name ?? "", applicant: Privacy.maskName(person?.name ?? "", kind: ApplicantKind(rawValue: app.applicantKind)),
            applicantKind: ApplicantKind(rawValue: app.applicantKind)?.label ?? app.applicantKind,
            channel: SubmissionChannel(rawValue: app.channel)?.chinese ?? app.channel,
            receivedDate: app.receivedDate, clockStart: app.clockStart,
            state: ApplicationState(rawValue: app.state)?.label ?? app.state, dueDate: app.dueDate,
            extensionDays: app.extensionDays, decidedDate: app.decidedDate,
            outcome: app.outcome.flatMap { Outcome(rawValue: $0)?.label }, duplicateOf: duplicate,
            overdue: Self.isOverdue(app, asOf: today))
    }

    /// Overdue is derived when read: open, with a due date (or 第三十五条 date) before `today`.
    static func isOverdue(_ app: ApplicationRecord, asOf today: CalendarDate) -> Bool {
        guard ApplicationState(rawValue: app.state)?.isOpen == true,
              ApplicationState(rawValue: app.state) != .awaitingCorrection,
              ApplicationState(rawValue: app.state) != .awaitingPayment else { return false }
        let limit = app.reasonableDate ?? app.dueDate
        guard let limit else { return false }
        return limit < today.description
    }

    /// Applications of an agency (all agencies when nil); `overdueOnly` keeps open ones past their due date on `today`.
    public func applications(agencyCode: String? = nil, overdueOnly: Bool = false, asOf today: CalendarDate) async throws -> [ApplicationRecord] {
        var q = ApplicationRecord.query(on: db)
        if let agencyCode { q = q.filter(\.$agencyID == (try await requireAgency(code: agencyCode)).id!) }
        if overdueOnly {
            // Awaiting a correction or a payment, the applicant holds the application; the other open states run the clock.
            q = q.filter(\.$state ~~ [ApplicationState.inProgress.rawValue, ApplicationState.underConsultation.rawValue])
        }
        let all = try await q.sort(\.$receivedDate).sort(\.$queryCode).all()
        return overdueOnly ? all.filter { Self.isOverdue($0, asOf: today) } : all
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
    init(_ a: ApplicationRecord) {
        state = a.state; receivedDate = a.receivedDate; clockStart = a.clockStart; dueDate = a.dueDate
        extensionDays = a.extensionDays; reasonableDate = a.reasonableDate; decidedDate = a.decidedDate; outcome = a.outcome
    }
}

/// Public tracking codes: 10 characters from an alphabet without look-alikes (0/O, 1/I/L).
enum QueryCode {
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    static func make() -> String {
        var g = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] })
    }
}

/// Masking of personal data for any output: names keep their first character, identifiers are never printed.
public enum Privacy {
    /// "张三" → "张*", "李小明" → "李**", "阿依古丽·买买提" → "阿*******"; an organisation's name ("某某有限公司") is
    /// kept. A natural person's name is always masked, however long; without a kind, a name that reads as an
    /// organisation's is kept.
    public static func maskName(_ name: String, kind: ApplicantKind? = nil) -> String {
        let n = name.trimmingCharacters(in: .whitespaces)
        if let kind, kind != .naturalPerson { return n }
        if kind == nil, ["公司", "中心", "事务所", "协会", "研究", "大学", "学院", "委员会", "组织", "基金会"].contains(where: { n.contains($0) }) { return n }
        guard let first = n.first else { return "" }
        return String(first) + String(repeating: "*", count: max(1, n.count - 1))
    }
}
