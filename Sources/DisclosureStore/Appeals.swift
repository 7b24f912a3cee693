import DisclosureRules
import FluentKit
import Foundation

extension Store {
    /// Records an administrative reconsideration or litigation about an agency's answer (report table 四).
    /// - Parameters:
    ///   - result: `.pending` until concluded; a concluded result needs `concluded`.
    ///   - asCoDefendant: the agency is sued only as the reconsideration organ (复议机关作为共同被告): recorded but
    ///     not counted in its table 四 (spec R3, "只计算原行为主体的案件数量").
    /// - Throws: `StoreError.invalid` (dates, a concluded result without its date), `.notFound` (agency, application).
    @discardableResult
    public func addAppeal(agencyCode: String, applicationCode: String? = nil, kind: AppealKind, filed: CalendarDate,
                          result: AppealResult = .pending, concluded: CalendarDate? = nil, asCoDefendant: Bool = false,
                          actor: Actor, now: Date = Date()) async throws -> AppealRecord {
        let agency = try await requireAgency(code: agencyCode)
        var applicationID: UUID?
        if let applicationCode {
            let app = try await requireApplication(code: applicationCode)
            guard app.agencyID == agency.id else { throw StoreError.invalid("申请 \(applicationCode) 不属于机关 \(agencyCode)") }
            applicationID = app.id
        }
        if result != .pending && concluded == nil { throw StoreError.invalid("已审结的案件需要审结日期（--concluded）") }
        if result == .pending && concluded != nil { throw StoreError.invalid("尚未审结的案件不能有审结日期") }
        if let c = concluded, c < filed { throw StoreError.invalid("审结日期 \(c) 早于立案日期 \(filed)") }
        let a = AppealRecord()
        a.agencyID = agency.id!
        a.applicationID = applicationID
        a.kind = kind.rawValue
        a.filedDate = filed.description
        a.result = result.rawValue
        a.concludedDate = concluded?.description
        a.asCoDefendant = asCoDefendant
        let appID = applicationID
        try await db.transaction { tx in
            try await a.create(on: tx)
            try await EventLog.append(.appealRecorded, on: tx, application: appID, agency: agency.id, actor: actor, at: now,
                                      after: ["kind": kind.rawValue, "filed": filed.description, "result": result.rawValue,
                                              "concluded": concluded?.description ?? "", "asCoDefendant": asCoDefendant ? "true" : "false"])
        }
        return a
    }
}
