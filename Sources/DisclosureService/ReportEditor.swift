import DisclosureRules
import DisclosureStore
import Foundation

/// One row of table 二 as an editor posts it: the block (条例第二十条 item id, e.g. "20.1"), the row label (信息内容)
/// and one value per column of the block, as typed (decimal text; all empty clears the row).
public struct ProactiveRowInput: Sendable, Hashable {
    public var block: String
    public var row: String
    public var values: [String]
    public init(block: String, row: String, values: [String]) { self.block = block; self.row = row; self.values = values }

    /// The key `ServiceError.fieldErrors` uses for a cell of table 二: "block|row|column index" (column from 0).
    public static func cellKey(block: String, row: String, column: Int) -> String { "\(block)|\(row)|\(column)" }
}

/// What the report editor shows besides the report itself: who saved what, the stored report of the year (once
/// published) and the previous year's report the cross-year rules use.
public struct ReportEditorState: Sendable {
    public var generated: GeneratedReport
    /// Table 二 rows saved by an officer ("20.1|规章" → who and when); rows not here are blank.
    public var savedFigures: [String: SavedBy]
    /// Sections (1…6) saved by an officer; the others show the generated first draft.
    public var savedSections: [Int: SavedBy]
    /// The year's stored report once published (frozen), else nil.
    public var published: StoredReportInfo?
    /// The previous year's report (published in Gongkai, or a baseline imported from a file): rules I5, I6, H1, T3.
    public var previous: StoredReportInfo?

    public struct SavedBy: Sendable { public var by: String; public var at: Date }
}

/// A published or baseline report as stored, without its content.
public struct StoredReportInfo: Sendable {
    public var year: Int
    /// "2019" or "2021".
    public var format: String
    /// "published" (in Gongkai) or "baseline" (imported from a file).
    public var status: String
    /// The report's date (published: the publication date; baseline: the date the file states), YYYY-MM-DD.
    public var date: String?
    /// The account that published or imported it.
    public var by: String?
    /// For a baseline: the name of the file it was read from (no directory).
    public var sourceFile: String?
    /// For a published report: the warnings acknowledged, one a line.
    public var acknowledged: String?
}

extension ServiceError {
    /// Table 二 values refused cell by cell: `fieldErrors` keyed by `ProactiveRowInput.cellKey`.
    init(_ refused: Store.Table2Refused) {
        self.init(.invalidInput, refused.description + "：", field: "table2", details: refused.problems.map(\.message))
        fieldErrors = Dictionary(refused.problems.map { (ProactiveRowInput.cellKey(block: $0.block, row: $0.row, column: $0.column), $0.message) },
                                 uniquingKeysWith: { a, _ in a })
    }
}

extension Service {
    /// Table 二 (主动公开政府信息情况, 条例第二十条) of an agency's draft for a year, several rows at once, all or nothing:
    /// every value is checked first (counts non-negative integers, 本年增/减 of the 2019 format may be negative, amounts
    /// in 万元 non-negative decimals); a row left entirely empty is cleared; refused once the year is published.
    /// - Throws: `ServiceError` — `invalidInput` with `fieldErrors` naming each refused cell (nothing stored),
    ///   `refused` for a block or row the year's format does not have, `conflict` when published, `notAllowed`.
    public func setProactiveTable(agencyCode: String, year: Int, rows: [ProactiveRowInput], by member: StaffMember, now: Date = Date()) async throws {
        try authorize(member, .editReports, agencyCode: agencyCode)
        do {
            try await store.setProactiveTable(agencyCode: agencyCode, year: year, rows: rows.map { ($0.block, $0.row, $0.values) },
                                              actor: member.actor, now: now)
        } catch let e as Store.Table2Refused {
            throw ServiceError(e)
        } catch {
            throw ServiceError(error)
        }
    }

    /// Everything the report editor shows for an agency and year: the report (the draft from the records, or the
    /// frozen published one) with its findings against the previous year's report, who saved which part, and which
    /// previous-year report the cross-year rules use.
    /// - Throws: `ServiceError` (`notFound` for the agency or outside the member's scope, `invalidInput` for the year).
    public func reportEditor(agencyCode: String, year: Int, by member: StaffMember, now: Date = Date()) async throws -> ReportEditorState {
        try authorize(member, .readApplications, agencyCode: agencyCode)
        try Self.checkReportYear(year, now: now)
        return try await run {
            let generated = try await generateReport(agencyCode: agencyCode, year: year)
            let edits = try await store.draftEdits(agencyCode: agencyCode, year: year)
            func info(_ s: Store.StoredReport?) -> StoredReportInfo? {
                s.map { StoredReportInfo(year: $0.year, format: $0.format, status: $0.status, date: $0.publishedDate, by: $0.publishedBy,
                                         sourceFile: $0.sourceFile.map { URL(fileURLWithPath: $0).lastPathComponent }, acknowledged: $0.acknowledged) }
            }
            let current = try await store.storedReport(agencyCode: agencyCode, year: year)
            return ReportEditorState(
                generated: generated,
                savedFigures: edits.figures.mapValues { ReportEditorState.SavedBy(by: $0.by, at: $0.at) },
                savedSections: edits.sections.mapValues { ReportEditorState.SavedBy(by: $0.by, at: $0.at) },
                published: current?.status == "published" ? info(current) : nil,
                previous: info(try await store.storedReport(agencyCode: agencyCode, year: year - 1)))
        }
    }
}
