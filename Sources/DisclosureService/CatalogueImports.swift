import DisclosureReaders
import DisclosureRules
import DisclosureStore
import Foundation

/// What a catalogue import stored (issue 12 point 5).
public struct CatalogueImportOutcome: Sendable, Hashable, Codable {
    /// Items imported in all; of them published (the export gave a 发布日期) and drafts (to be reviewed here).
    public var imported: Int
    public var published: Int
    public var drafts: Int
    /// Items given a 索引号 by the agency's pattern (the export had none for them).
    public var numbered: Int
}

/// An agency's decision counts of table 二 for a year (issue 12 point 4): what was entered for the year, the months,
/// and what table 二 uses (the months summed over the year's figures, `DecisionFigures.combined(with:)`).
public struct DecisionFiguresOverview: Sendable, Hashable {
    public var year: Int
    /// The report format of the year (2019 for 2019–2020, 2021 from 2021): which figures table 二 has.
    public var format: ReportFormat
    /// Entered for the whole year (`setDecisionFigures`), nil if never.
    public var yearly: DecisionFigures?
    /// The months that have figures, ascending.
    public var months: [MonthlyDecisionFigures]
    /// What table 二 uses; nil when nothing was entered.
    public var effective: DecisionFigures?
    /// The day the year's report was published, when it was: the figures are then frozen (read only).
    public var frozenOn: String?
}

extension Service {
    /// Imports a catalogue exported from another system (CSV or XLSX; columns by header, `CatalogueColumn`), all or
    /// nothing: rows with a 发布日期 come in published, the others as drafts; 索引号 given are kept, missing ones are
    /// made by the agency's pattern. See `CatalogueImport.parse` and `Store.importCatalogue`.
    /// - Throws: `ServiceError` — `importRejected` with every problem by row and column (nothing stored),
    ///   `unreadable` (not CSV/XLSX, too large), `conflict` (no 索引号 settings), `notAllowed` (needs
    ///   `manageCatalogue`: the head or the administrator), `notFound`.
    /// - Parameter name: the file's name as the user knows it (an upload's own name), in messages and the event log;
    ///   default: the file's.
    public func importCatalogue(file: URL, name: String? = nil, agencyCode: String, by member: StaffMember, now: Date = Date()) async throws -> CatalogueImportOutcome {
        try authorize(member, .manageCatalogue, agencyCode: agencyCode)
        let shown = name ?? file.lastPathComponent
        return try await run {
            let agency = try await store.requireAgency(code: agencyCode)
            let today = try CalendarDate.today(in: try await store.agencyTimeZone(code: agencyCode), now: now)
            let rows = try CatalogueImport.parse(rows: try Spreadsheet.rows(url: file), file: shown, agencyName: agency.name, today: today)
            let r = try await store.importCatalogue(rows: rows, file: shown, agencyCode: agencyCode, actor: member.actor, now: now)
            return CatalogueImportOutcome(imported: r.imported, published: r.published, drafts: r.drafts, numbered: r.numbered)
        }
    }

    /// One month's decision counts and fee amount (万元), replacing the month's earlier figures; all nil clears the month.
    /// - Throws: `ServiceError` — `invalidInput` (month, a count, the amount, the year), `conflict` (the year's report
    ///   is published), `notAllowed` (needs `editCatalogue`), `notFound`.
    public func setMonthlyDecisionFigures(agencyCode: String, year: Int, figures: MonthlyDecisionFigures, by member: StaffMember, now: Date = Date()) async throws {
        try authorize(member, .editCatalogue, agencyCode: agencyCode)
        try await run { try await store.setMonthlyDecisionFigures(agencyCode: agencyCode, year: year, figures: figures, actor: member.actor, now: now) }
    }

    /// Imports decision counts of `year` from a spreadsheet: a table by month or a list of decisions
    /// (`DecisionImport.parse`), all or nothing.
    /// - Returns: what the file gave (form, months, kinds, rows of other years left out).
    /// - Throws: `ServiceError` — `importRejected` listing problems by row and column, `unreadable`, `conflict` (the
    ///   year's report is published), `invalidInput` (year), `notAllowed` (needs `editCatalogue`), `notFound`.
    /// - Parameter name: the file's name as the user knows it, in messages and the event log; default: the file's.
    public func importDecisionFigures(file: URL, name: String? = nil, agencyCode: String, year: Int, by member: StaffMember, now: Date = Date()) async throws -> DecisionImportResult {
        try authorize(member, .editCatalogue, agencyCode: agencyCode)
        let shown = name ?? file.lastPathComponent
        return try await run {
            let today = try CalendarDate.today(in: try await store.agencyTimeZone(code: agencyCode), now: now)
            let result = try DecisionImport.parse(rows: try Spreadsheet.rows(url: file), file: shown, year: year, today: today)
            try await store.importDecisionFigures(agencyCode: agencyCode, year: year, result: result, file: shown, actor: member.actor, now: now)
            return result
        }
    }

    /// The year's decision counts: entered for the year, by month, and what table 二 uses.
    /// - Throws: `ServiceError` — `notAllowed` (needs `readCatalogue`), `notFound`.
    public func decisionFigures(agencyCode: String, year: Int, by member: StaffMember) async throws -> DecisionFiguresOverview {
        try authorize(member, .readCatalogue, agencyCode: agencyCode)
        return try await run {
            DecisionFiguresOverview(year: year, format: ReportFormat.applicable(toYear: year),
                                    yearly: try await store.decisionFigures(agencyCode: agencyCode, year: year),
                                    months: try await store.monthlyDecisionFigures(agencyCode: agencyCode, year: year),
                                    effective: try await store.effectiveDecisionFigures(agencyCode: agencyCode, year: year),
                                    frozenOn: try await store.storedReport(agencyCode: agencyCode, year: year).flatMap { $0.status == "published" ? ($0.publishedDate ?? "") : nil })
        }
    }
}
