import DisclosureRules
import FluentKit
import Foundation
import SQLKit

/// What the staff queue asks for: the agencies it may read, filters, a search in Chinese text, one page.
public struct QueueQuery: Sendable, Equatable {
    /// The agencies read (never empty: a scope without agencies reads nothing).
    public var agencyIDs: [UUID]
    /// `ApplicationState` raw values; empty: every state.
    public var states: [String] = []
    /// `SubmissionChannel` raw value.
    public var channel: String?
    /// `ApplicantKind` raw value.
    public var applicantKind: String?
    /// Only open applications whose clock runs and whose due date (or 第三十五条 date) is before `today`
    /// (the rule of `Overdue`).
    public var overdueOnly = false
    /// Only open applications whose clock runs, due from `today` through this date (not yet overdue).
    public var dueBy: String?
    /// Words looked for in the request text, the information's title and 文号, the applicant's name and the query
    /// code (each `LIKE '%…%'` with `%`, `_` and `\` taken literally).
    public var search: String?
    /// ISO date: today in the agency's time zone (what "overdue" is measured against).
    public var today: String
    /// The most lines counted (`Store.queueCountLimit`); more are reported as "more than".
    public var countLimit = Store.queueCountLimit
    /// 1-based.
    public var page = 1
    public var pageSize = 20

    public init(agencyIDs: [UUID], today: String) { self.agencyIDs = agencyIDs; self.today = today }
}

/// One line of the queue.
public struct QueueRow: Sendable {
    public var queryCode: String
    public var agencyID: UUID
    public var applicantKind: String
    /// The applicant's name as stored (the caller masks it, `Privacy.maskName`).
    public var applicantName: String
    public var channel: String
    public var receivedDate: String
    public var state: String
    public var dueDate: String?
    public var reasonableDate: String?
    public var decidedDate: String?
    public var outcome: String?
    public var infoTitle: String?
    public var requestText: String
}

extension Store {
    /// The `%`, `_` and `\` of a user's search taken literally in `LIKE … ESCAPE '\'`.
    static func likePattern(_ s: String) -> String {
        var out = "%"
        for c in s {
            if c == "%" || c == "_" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out + "%"
    }

    /// One page of the staff queue and how many lines match: open applications first by due date (the most urgent
    /// first, those without a due date last), then decided ones, most recently decided first. Every value a person
    /// typed is bound, never spliced into the SQL.
    /// - Returns: the page's lines, how many lines match (at most `queueCountLimit`) and whether more match.
    public func queue(_ q: QueueQuery) async throws -> (rows: [QueueRow], total: Int, more: Bool) {
        guard !q.agencyIDs.isEmpty else { return ([], 0, false) }
        var conditions: [SQLQueryString] = []
        conditions.append("a.agency_id IN (\(q.agencyIDs.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")))")
        if !q.states.isEmpty { conditions.append("a.state IN (\(q.states.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")))") }
        if let c = q.channel { conditions.append("a.channel = \(bind: c)") }
        if let k = q.applicantKind { conditions.append("a.applicant_kind = \(bind: k)") }
        let running: SQLQueryString = "a.state IN (\(bind: ApplicationState.inProgress.rawValue), \(bind: ApplicationState.underConsultation.rawValue))"
        if q.overdueOnly { conditions.append("\(running) AND COALESCE(a.reasonable_date, a.due_date) < \(bind: q.today)") }
        if let by = q.dueBy {
            conditions.append("\(running) AND COALESCE(a.reasonable_date, a.due_date) >= \(bind: q.today) AND COALESCE(a.reasonable_date, a.due_date) <= \(bind: by)")
        }
        var join: SQLQueryString = ""
        if let s = q.search?.trimmingCharacters(in: .whitespacesAndNewlines), !s.isEmpty {
            let p = Self.likePattern(s)
            join = " LEFT JOIN applicants p ON p.id = a.applicant_id"
            conditions.append("""
                (a.request_text LIKE \(bind: p) ESCAPE '\\' OR a.info_title LIKE \(bind: p) ESCAPE '\\' \
                OR a.info_doc_number LIKE \(bind: p) ESCAPE '\\' OR p.name LIKE \(bind: p) ESCAPE '\\' OR a.query_code LIKE \(bind: p) ESCAPE '\\')
                """)
        }
        let whereClause: SQLQueryString = "WHERE " + conditions.joined(separator: " AND ")
        // Counted up to `countLimit` + 1 lines: beyond that the page says "more than" (counting 50,000 lines took
        // longer than reading the page).
        let counted = try await sql.raw("""
            SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM applications a\(join) \(whereClause) LIMIT \(bind: max(1, q.countLimit) + 1)) t
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        let total = min(counted, max(1, q.countLimit))
        let page = min(max(1, q.page), 1_000_000), size = min(max(1, q.pageSize), 200)
        // The order of the index of migration 006 (the same expressions), so that a page is read, not sorted.
        let order: SQLQueryString = "ORDER BY \(unsafeRaw: Self.queueOrder(prefix: "a."))"
        let select: SQLQueryString = """
            SELECT a.query_code, a.agency_id, a.applicant_kind, a.applicant_id, a.channel, a.received_date, a.state, a.due_date, \
            a.reasonable_date, a.decided_date, a.outcome, a.info_title, a.request_text FROM applications a\(join) \(whereClause) \(order) \
            LIMIT \(bind: size) OFFSET \(bind: (page - 1) * size)
            """
        var rows: [QueueRow] = []
        var people: [UUID?] = []
        for r in try await sql.raw(select).all() {
            people.append(try r.decode(column: "applicant_id", as: UUID?.self))
            rows.append(QueueRow(
                queryCode: try r.decode(column: "query_code", as: String.self), agencyID: try r.decode(column: "agency_id", as: UUID.self),
                applicantKind: try r.decode(column: "applicant_kind", as: String.self),
                applicantName: "",
                channel: try r.decode(column: "channel", as: String.self), receivedDate: try r.decode(column: "received_date", as: String.self),
                state: try r.decode(column: "state", as: String.self), dueDate: try r.decode(column: "due_date", as: String?.self),
                reasonableDate: try r.decode(column: "reasonable_date", as: String?.self), decidedDate: try r.decode(column: "decided_date", as: String?.self),
                outcome: try r.decode(column: "outcome", as: String?.self), infoTitle: try r.decode(column: "info_title", as: String?.self),
                requestText: try r.decode(column: "request_text", as: String.self)))
        }
        // The names of the page's applicants in one query (the queue shows them masked).
        let ids = people.compactMap { $0 }
        if !ids.isEmpty {
            var names: [UUID: String] = [:]
            for a in try await ApplicantRecord.query(on: db).filter(\.$id ~~ ids).all() { names[a.id!] = a.name }
            for i in rows.indices { rows[i].applicantName = people[i].flatMap { names[$0] } ?? "" }
        }
        return (rows, total, counted > total)
    }

    /// The most lines the queue counts; a filter matching more says "more than" this.
    public static let queueCountLimit = 2_000

    /// The queue's order — open applications first by due date (the 第三十五条 date where set; those without a due
    /// date last), then decided ones, most recently decided first; then receipt date and query code — as SQL on the
    /// columns of `applications` (`prefix`: the table's alias and a dot, or empty in the index of migration 006).
    /// Constants are written out, not bound: an expression index serves only the very same expression.
    static func queueOrder(prefix p: String) -> String {
        let decided = ApplicationState.decided.rawValue
        return "(CASE WHEN \(p)state = '\(decided)' THEN 1 ELSE 0 END), "
            + "(CASE WHEN \(p)state = '\(decided)' THEN '' ELSE COALESCE(\(p)reasonable_date, \(p)due_date, '9999-12-31') END), "
            + "\(p)decided_date DESC, \(p)received_date, \(p)query_code"
    }

    // MARK: Agency office (政府信息公开指南)

    /// The office that accepts applications, as the agency set it.
    public struct AgencyOffice: Sendable, Equatable, Codable {
        public var name: String?
        public var address: String?
        public var phone: String?
        public var hours: String?
        public var email: String?
        public init(name: String? = nil, address: String? = nil, phone: String? = nil, hours: String? = nil, email: String? = nil) {
            self.name = name; self.address = address; self.phone = phone; self.hours = hours; self.email = email
        }
    }

    public func agencyOffice(code: String) async throws -> AgencyOffice {
        let a = try await requireAgency(code: code)
        return AgencyOffice(name: a.officeName, address: a.officeAddress, phone: a.officePhone, hours: a.officeHours, email: a.officeEmail)
    }

    /// Sets the office of an agency (each line cleaned, at most `InputLimits.contact` characters; empty: none).
    /// - Throws: `InputError` naming the field, `StoreError.notFound`.
    public func setAgencyOffice(code: String, office: AgencyOffice, actor: Actor, now: Date = Date()) async throws {
        func clean(_ s: String?, _ key: String, _ label: String) throws -> String? {
            try s.map { try CleanText.line($0, field: InputField(key, label), maxLength: InputLimits.contact) }.flatMap(\.nilIfEmpty)
        }
        let name = try clean(office.name, "officeName", "受理机构名称"), address = try clean(office.address, "officeAddress", "受理地址")
        let phone = try clean(office.phone, "officePhone", "咨询电话"), hours = try clean(office.hours, "officeHours", "受理时间")
        let email = try office.email.flatMap { $0.trimmedWhitespace.nilIfEmpty }.map(Identifier.email)
        try await transaction { tx in
            guard let a = try await AgencyRecord.query(on: tx).filter(\.$code == code).first() else {
                throw StoreError.notFound("机关“\(code)”不存在")
            }
            a.officeName = name; a.officeAddress = address; a.officePhone = phone; a.officeHours = hours; a.officeEmail = email
            try await a.update(on: tx)
            try await EventLog.append(.agencyUpdated, on: tx, agency: a.id, actor: actor, at: now, detail: "政府信息公开指南：受理机构信息")
        }
    }

    // MARK: Public views

    /// The years of an agency's published reports (baselines are not published here), newest first.
    public func publishedYears(agencyCode: String) async throws -> [(year: Int, date: String?)] {
        let a = try await requireAgency(code: agencyCode)
        return try await AnnualReportRecord.query(on: db).filter(\.$agencyID == a.id!).filter(\.$status == "published")
            .sort(\.$year, .descending).all().map { ($0.year, $0.publishedDate) }
    }

    /// The applicant of an application (for the handling staff's page only).
    public func applicant(of app: ApplicationRecord) async throws -> ApplicantRecord? {
        guard let id = app.applicantID else { return nil }
        return try await ApplicantRecord.find(id, on: db)
    }

    /// The events of an application, with the agency of each (for public timelines: kinds and dates only).
    public func agency(id: UUID) async throws -> AgencyRecord? { try await AgencyRecord.find(id, on: db) }
}
