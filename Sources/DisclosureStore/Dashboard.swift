import DisclosureRules
import FluentKit
import Foundation
import SQLKit

/// One agency's application figures on the oversight dashboard (`Store.dashboardFigures`).
public struct DashboardFigures: Sendable, Equatable {
    /// Applications open on `today`: every state but decided (the staff queue's "open").
    public var open = 0
    /// Open applications whose clock runs (in progress or under consultation) and whose due date in force (the
    /// 第三十五条 date where set) is from `today` through the due-soon limit (working days, the queue's rule).
    public var dueSoon = 0
    /// Open applications whose clock runs and whose due date in force is before `today` (`Overdue`).
    public var overdue = 0
    /// Applications answered in the year: decided on a day of the year with an outcome, except those closed because
    /// the applicant did not act (其他处理 逾期不补正 of 条例第三十条, 逾期未缴费 of 国办函〔2020〕109号) — the agency gave
    /// no answer there.
    public var answered = 0
    /// Of `answered`, those decided on or before their due date in force (the statutory date of 条例第三十三条 with
    /// extensions and pauses, or the 第三十五条 date where set), as stored when decided.
    public var answeredOnTime = 0
    /// Of `answered`, those without a due date on record (e.g. a ledger row without one): outside the on-time share.
    public var answeredWithoutDueDate = 0

    public init() {}
}

extension Store {
    /// The region of `parentCode`: the agency itself, then every agency under it at any depth (children before
    /// grandchildren, each level by code); every agency by code when `parentCode` is nil.
    /// - Throws: `StoreError.notFound` naming the code.
    public func regionAgencies(parentCode: String?) async throws -> [AgencyRecord] {
        let all = try await AgencyRecord.query(on: db).sort(\.$code).all()
        guard let parentCode else { return all }
        let parent = try await requireAgency(code: parentCode)
        var out = [parent], level: Set<UUID> = [parent.id!], seen: Set<UUID> = [parent.id!]
        while !level.isEmpty {
            let next = all.filter { $0.parentID.map(level.contains) == true && !seen.contains($0.id!) }
            out += next
            level = Set(next.map { $0.id! })
            seen.formUnion(level)
        }
        return out
    }

    /// Open, due-soon and overdue applications on `today`, and the year's answers with those answered on time, per
    /// agency — two GROUP BY queries with the queue's expressions (`Store.queue`: the due date in force is
    /// `COALESCE(reasonable_date, due_date)`; only running clocks are due or overdue).
    /// - Parameters:
    ///   - today: ISO date, today in the region's time zone.
    ///   - dueSoonBy: ISO date, the last day counted as due soon (`Service.dueSoonWorkingDays` working days after
    ///     `today` on the working-day calendar); nil counts none due soon (the calendar does not reach that far).
    ///   - year: the year whose answers are counted (decided_date in it).
    /// - Returns: an entry for every agency asked for (zeros when it has no application).
    public func dashboardFigures(agencyIDs: [UUID], today: String, dueSoonBy: String?, year: Int) async throws -> [UUID: DashboardFigures] {
        var out: [UUID: DashboardFigures] = [:]
        for id in agencyIDs { out[id] = DashboardFigures() }
        guard !agencyIDs.isEmpty else { return out }
        let inAgencies: SQLQueryString = "agency_id IN (\(agencyIDs.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")))"
        let openStates = ApplicationState.allCases.filter(\.isOpen).map(\.rawValue)
        let running: SQLQueryString = "state IN (\(bind: ApplicationState.inProgress.rawValue), \(bind: ApplicationState.underConsultation.rawValue))"
        let due: SQLQueryString = "COALESCE(reasonable_date, due_date)"
        let soon: SQLQueryString = dueSoonBy.map { "\(running) AND \(due) >= \(bind: today) AND \(due) <= \(bind: $0)" } ?? "1 = 0"
        let openQuery: SQLQueryString = """
            SELECT agency_id, COUNT(*) AS n, \
            SUM(CASE WHEN \(soon) THEN 1 ELSE 0 END) AS soon, \
            SUM(CASE WHEN \(running) AND \(due) < \(bind: today) THEN 1 ELSE 0 END) AS late \
            FROM applications WHERE \(inAgencies) AND state IN (\(openStates.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", "))) \
            GROUP BY agency_id
            """
        for r in try await sql.raw(openQuery).all() {
            let a = try r.decode(column: "agency_id", as: UUID.self)
            out[a, default: DashboardFigures()].open = try r.decode(column: "n", as: Int.self)
            out[a]!.dueSoon = try r.decode(column: "soon", as: Int?.self) ?? 0
            out[a]!.overdue = try r.decode(column: "late", as: Int?.self) ?? 0
        }
        let start = String(format: "%04d-01-01", year), end = String(format: "%04d-12-31", year)
        let answeredQuery: SQLQueryString = """
            SELECT agency_id, COUNT(*) AS n, \
            SUM(CASE WHEN \(due) IS NULL THEN 1 ELSE 0 END) AS nodue, \
            SUM(CASE WHEN decided_date <= \(due) THEN 1 ELSE 0 END) AS ontime \
            FROM applications WHERE \(inAgencies) AND decided_date >= \(bind: start) AND decided_date <= \(bind: end) \
            AND outcome IS NOT NULL AND outcome NOT IN (\(bind: Outcome.other1.rawValue), \(bind: Outcome.other2.rawValue)) \
            GROUP BY agency_id
            """
        for r in try await sql.raw(answeredQuery).all() {
            let a = try r.decode(column: "agency_id", as: UUID.self)
            out[a, default: DashboardFigures()].answered = try r.decode(column: "n", as: Int.self)
            out[a]!.answeredWithoutDueDate = try r.decode(column: "nodue", as: Int?.self) ?? 0
            out[a]!.answeredOnTime = try r.decode(column: "ontime", as: Int?.self) ?? 0
        }
        return out
    }
}
