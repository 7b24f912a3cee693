import DisclosureReaders
import DisclosureRules
import DisclosureStore
import Foundation

/// An agency (行政机关).
public struct AgencyInfo: Sendable, Codable, Equatable {
    public var code: String
    public var name: String
    /// `AgencyKind` raw value: department (report due 1月31日) or government (3月31日), 条例第四十九条.
    public var kind: String
    public var timeZone: String
}

/// An administrative reconsideration or litigation (report table 四).
public struct AppealInfo: Sendable, Codable, Equatable {
    /// The full id; `shortID` is what lists show and `concludeAppeal` takes.
    public var id: String
    public var shortID: String
    public var kind: AppealKind
    public var result: AppealResult
    /// The report's words for them (表四's groups and columns).
    public var kindLabel: String
    public var resultLabel: String
    public var filedDate: String
    public var concludedDate: String?
    /// Recorded but not counted (spec R3).
    public var asCoDefendant: Bool
}

/// A calendar change and the open applications whose due date it moved.
public struct CalendarChangeInfo: Sendable, Codable {
    public var years: [Int]
    public var recomputed: [Moved]
    public struct Moved: Sendable, Codable { public var queryCode: String; public var old: String?; public var new: String? }
}

/// An imported ledger.
public struct LedgerImportOutcome: Sendable, Codable {
    public var imported: Int
    public var decided: Int
    public var withoutDueDate: Int
}

extension Service {
    // MARK: Agencies

    /// Adds an agency (code: letters, digits, - and _; `timeZone`: IANA; `kind` default from the name).
    /// - Throws: `ServiceError` (`refused`, `conflict`, `notFound` for the parent).
    public func addAgency(code: String, name: String, parentCode: String? = nil, timeZone: String = "Asia/Shanghai",
                          kind: AgencyKind? = nil, by member: StaffMember = .system, now: Date = Date()) async throws -> AgencyInfo {
        try authorize(member, .manageAgencies)
        return try await run {
            let a = try await store.addAgency(code: code, name: name, parentCode: parentCode, timeZone: timeZone, kind: kind,
                                              actor: member.actor, now: now)
            return AgencyInfo(code: a.code, name: a.name, kind: a.kind, timeZone: a.timeZone)
        }
    }

    /// Every agency, by code (a list at most `Store.agencyDirectoryTTL` old: one added through another instance shows within a second).
    public func agencies() async throws -> [AgencyInfo] {
        try await run { try await store.agencyDirectory().map { AgencyInfo(code: $0.code, name: $0.name, kind: $0.kind, timeZone: $0.timeZone) } }
    }

    // MARK: Appeals

    /// Records a reconsideration or litigation (表四); see `Store.addAppeal` for the date checks.
    public func addAppeal(agencyCode: String, applicationCode: String? = nil, kind: AppealKind, filed: CalendarDate,
                          result: AppealResult = .pending, concluded: CalendarDate? = nil, asCoDefendant: Bool = false,
                          by member: StaffMember, now: Date = Date()) async throws -> AppealInfo {
        try authorize(member, .handleApplications, agencyCode: agencyCode)
        return try await run {
            Self.info(try await store.addAppeal(agencyCode: agencyCode, applicationCode: applicationCode, kind: kind, filed: filed, result: result,
                                                concluded: concluded, asCoDefendant: asCoDefendant, actor: member.actor, now: now))
        }
    }

    /// Records the result of a pending appeal, named by 4 or more characters of its id.
    public func concludeAppeal(agencyCode: String, id: String, result: AppealResult, on date: CalendarDate, by member: StaffMember,
                               now: Date = Date()) async throws -> AppealInfo {
        try authorize(member, .handleApplications, agencyCode: agencyCode)
        return try await run { Self.info(try await store.concludeAppeal(agencyCode: agencyCode, id: id, result: result, on: date, actor: member.actor, now: now)) }
    }

    /// An agency's appeals, oldest first.
    public func appeals(agencyCode: String, by member: StaffMember = .system) async throws -> [AppealInfo] {
        try authorize(member, .readApplications, agencyCode: agencyCode)
        return try await run { try await store.appeals(agencyCode: agencyCode).map(Self.info) }
    }

    static func info(_ a: AppealRecord) -> AppealInfo {
        AppealInfo(id: a.id!.uuidString.lowercased(), shortID: String(a.id!.uuidString.prefix(8)).lowercased(),
                   kind: AppealKind(rawValue: a.kind) ?? .reconsideration, result: AppealResult(rawValue: a.result) ?? .pending,
                   kindLabel: (AppealKind(rawValue: a.kind) ?? .reconsideration).label, resultLabel: (AppealResult(rawValue: a.result) ?? .pending).label,
                   filedDate: a.filedDate, concludedDate: a.concludedDate, asCoDefendant: a.asCoDefendant)
    }

    // MARK: Calendar

    /// The working-day calendar in force: the bundled notices merged with the imported ones and days off.
    public func workingCalendar() async throws -> WorkingDayCalendar {
        try await run { try await store.workingCalendar() }
    }

    /// Imports holiday notices (the JSON shape of cn-workday-calendar.json) and recomputes the open applications.
    public func importCalendar(json: Data, by member: StaffMember, now: Date = Date()) async throws -> CalendarChangeInfo {
        try authorize(member, .manageCalendar)
        return try await run { Self.info(try await store.importCalendar(json: json, actor: member.actor, now: now)) }
    }

    /// Adds a named day off (a local closure) and recomputes the open applications.
    public func addDayOff(_ date: CalendarDate, name: String, by member: StaffMember, now: Date = Date()) async throws -> CalendarChangeInfo {
        try authorize(member, .manageCalendar)
        return try await run { Self.info(try await store.addDayOff(date, name: name, actor: member.actor, now: now)) }
    }

    static func info(_ c: Store.CalendarChange) -> CalendarChangeInfo {
        CalendarChangeInfo(years: c.years, recomputed: c.recomputed.map { .init(queryCode: $0.0, old: $0.1, new: $0.2) })
    }

    // MARK: Ledger

    /// Imports an application ledger (CSV streamed, or XLSX), all or nothing; see `Store.importLedger`.
    /// - Throws: `ServiceError` (`ledgerRejected` with every problem by row and column, `unreadable`).
    public func importLedger(file: URL, agencyCode: String, by member: StaffMember, now: Date = Date()) async throws -> LedgerImportOutcome {
        try authorize(member, .handleApplications, agencyCode: agencyCode)
        return try await run {
            let r = try await store.importLedger(file: file.path, agencyCode: agencyCode, actor: member.actor, now: now) {
                let reader = try Spreadsheet.rowReader(url: file)
                return reader.next
            }
            return LedgerImportOutcome(imported: r.imported, decided: r.decided, withoutDueDate: r.withoutDueDate)
        }
    }
}
