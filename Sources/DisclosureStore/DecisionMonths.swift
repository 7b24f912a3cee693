import DisclosureRules
import FluentKit
import Foundation

extension Store {
    /// Stores one month's decision counts and fee amount (replacing the month's earlier figures); the year's table 二
    /// sums the months (`DecisionFigures.combined(with:)`). An empty month (every figure nil) deletes the month.
    /// - Throws: `InputError` (fields `month`, a kind's count, `feesWanYuan`, `year`), `StoreError.conflict` when the
    ///   year's report is published (frozen), `StoreError.notFound` (agency).
    public func setMonthlyDecisionFigures(agencyCode: String, year: Int, figures: MonthlyDecisionFigures, actor: Actor, now: Date = Date()) async throws {
        let checked = try figures.validated()
        try await storeDecisionMonths(agencyCode: agencyCode, year: year, months: [checked], fields: nil, source: "form",
                                      kind: .decisionMonthSet, detail: "\(year)年\(checked.month)月", actor: actor, now: now)
    }

    /// Imports decision counts from a spreadsheet already read (`DecisionImport.parse`): for each month the file gives,
    /// the figures of the file's columns replace the stored ones (other figures of the month are kept), all or nothing.
    /// - Throws: `StoreError.conflict` when the year's report is published, `InputError` (year), `StoreError.notFound`.
    public func importDecisionFigures(agencyCode: String, year: Int, result: DecisionImportResult, file: String, actor: Actor, now: Date = Date()) async throws {
        let months = try result.months.map { try $0.validated() }
        try await storeDecisionMonths(agencyCode: agencyCode, year: year, months: months, fields: (Set(result.kinds), result.fees),
                                      source: (file as NSString).lastPathComponent, kind: .decisionFiguresImported,
                                      detail: "\(year)年 \((file as NSString).lastPathComponent)", actor: actor, now: now)
    }

    func storeDecisionMonths(agencyCode: String, year: Int, months: [MonthlyDecisionFigures], fields: (Set<DecisionKind>, Bool)?, source: String,
                             kind: EventKind, detail: String, actor: Actor, now: Date) async throws {
        let agency = try await requireAgency(code: agencyCode)
        let agencyID = agency.id!
        try Self.checkReportYear(year, now: now, today: try await agencyToday(id: agencyID, now: now, on: db))
        try await transaction { tx in
            try await self.requireNotPublished(agency: agency, year: year, on: tx, change: "修改表二的处理决定数量")
            var before: [MonthlyDecisionFigures] = [], after: [MonthlyDecisionFigures] = []
            for m in months {
                let existing = try await DecisionMonthRecord.query(on: tx).filter(\.$agencyID == agencyID).filter(\.$year == year).filter(\.$month == m.month).first()
                let old = existing.flatMap { try? JSONDecoder().decode(MonthlyDecisionFigures.self, from: Data($0.figuresJSON.utf8)) }
                var new = m
                if let (kinds, fees) = fields, let old {
                    // Only the file's columns replace; the month's other figures stay.
                    new = old
                    for k in kinds { new[k] = m[k] }
                    if fees { new.feesWanYuan = m.feesWanYuan }
                }
                if let old { before.append(old) }
                after.append(new)
                if new.isEmpty {
                    try await existing?.delete(on: tx)
                    continue
                }
                let r = existing ?? DecisionMonthRecord()
                r.agencyID = agencyID; r.year = year; r.month = m.month; r.figuresJSON = EventLog.encode(new) ?? "{}"
                r.enteredBy = actor.name; r.enteredAt = now; r.source = source
                try await r.save(on: tx)
            }
            try await EventLog.append(kind, on: tx, agency: agencyID, actor: actor, at: now, before: before, after: after, detail: detail)
        }
    }

    /// The months of a year that have figures, ascending.
    public func monthlyDecisionFigures(agencyCode: String, year: Int) async throws -> [MonthlyDecisionFigures] {
        let agency = try await requireAgency(code: agencyCode)
        return try await monthlyDecisionFigures(agencyID: agency.id!, year: year)
    }

    func monthlyDecisionFigures(agencyID: UUID, year: Int) async throws -> [MonthlyDecisionFigures] {
        try await DecisionMonthRecord.query(on: db).filter(\.$agencyID == agencyID).filter(\.$year == year).sort(\.$month).all()
            .map { try JSONDecoder().decode(MonthlyDecisionFigures.self, from: Data($0.figuresJSON.utf8)) }
    }

    /// The figures table 二 uses for a year: those entered for the year, with each count the months give replaced by
    /// their sum. nil when neither was entered.
    public func effectiveDecisionFigures(agencyCode: String, year: Int) async throws -> DecisionFigures? {
        let agency = try await requireAgency(code: agencyCode)
        return try await effectiveDecisionFigures(agencyID: agency.id!, year: year)
    }

    func effectiveDecisionFigures(agencyID: UUID, year: Int) async throws -> DecisionFigures? {
        let yearly = try await decisionFigures(agencyID: agencyID, year: year)
        let months = try await monthlyDecisionFigures(agencyID: agencyID, year: year)
        if yearly == nil && months.isEmpty { return nil }
        return (yearly ?? DecisionFigures()).combined(with: months)
    }
}
