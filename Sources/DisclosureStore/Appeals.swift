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
        let today = try await agencyToday(id: agency.id!, now: now, on: db)
        try RecordDates.checkPast(filed, field: InputField("filed", "立案日期"), today: today)
        if let c = concluded { try RecordDates.checkPast(c, field: InputField("concluded", "审结日期"), today: today) }
        var applicationID: UUID?
        if let applicationCode {
            let app = try await requireApplication(code: applicationCode)
            guard app.agencyID == agency.id else { throw StoreError.invalid("申请 \(applicationCode) 不属于机关 \(agencyCode)") }
            // A reconsideration or suit is against the answer — or, without one, against the failure to answer once
            // the period has run (条例第三十三条、第五十一条): never filed before either.
            if let answered = app.decidedDate, app.outcome != nil {
                if filed.description < answered {
                    throw InputError(InputField("filed", "立案日期"), " \(filed) 早于申请 \(applicationCode) 的答复日期 \(answered)：行政复议、行政诉讼针对的是答复")
                }
            } else {
                let due = app.reasonableDate ?? app.dueDate
                guard let due, filed.description > due else {
                    throw InputError(InputField("filed", "立案日期"), " \(filed) 时申请 \(applicationCode) 尚未答复" + (due.map { "，答复期限 \($0) 也未届满" } ?? "")
                                     + "：行政复议、行政诉讼针对答复，或针对逾期不答复")
                }
            }
            applicationID = app.id
        }
        if result != .pending && concluded == nil { throw StoreError.invalid("已审结的案件需要审结日期") }
        if result == .pending && concluded != nil { throw StoreError.invalid("尚未审结的案件不能有审结日期") }
        if let c = concluded, c < filed { throw StoreError.invalid("审结日期 \(c) 早于立案日期 \(filed)") }
        if asCoDefendant && kind != .litigationAfterReconsideration {
            throw StoreError.invalid("只有复议后起诉的案件中，复议机关才会作为共同被告（spec R3）")
        }
        let appID = applicationID
        return try await transaction { tx in
            let a = AppealRecord()
            a.agencyID = agency.id!
            a.applicationID = appID
            a.kind = kind.rawValue
            a.filedDate = filed.description
            a.result = result.rawValue
            a.concludedDate = concluded?.description
            a.asCoDefendant = asCoDefendant
            try await a.create(on: tx)
            try await EventLog.append(.appealRecorded, on: tx, application: appID, agency: agency.id, actor: actor, at: now,
                                      after: ["kind": kind.rawValue, "filed": filed.description, "result": result.rawValue,
                                              "concluded": concluded?.description ?? "", "asCoDefendant": asCoDefendant ? "true" : "false"])
            return a
        }
    }

    /// Appeals of an agency, oldest first.
    public func appeals(agencyCode: String) async throws -> [AppealRecord] {
        let agency = try await requireAgency(code: agencyCode)
        return try await AppealRecord.query(on: db).filter(\.$agencyID == agency.id!).sort(\.$filedDate).all()
    }

    /// Records the result of a pending appeal.
    /// - Parameter id: the appeal's id or the first characters of it (as `gongkai appeal list` prints).
    /// - Throws: `StoreError.notFound` / `.invalid` (already concluded, date before filing or in the future, ambiguous id).
    @discardableResult
    public func concludeAppeal(agencyCode: String, id: String, result: AppealResult, on date: CalendarDate,
                               actor: Actor, now: Date = Date()) async throws -> AppealRecord {
        guard result != .pending else { throw StoreError.invalid("审结结果不能是“尚未审结”") }
        let agencyID = try await requireAgency(code: agencyCode).id!
        try RecordDates.checkPast(date, field: InputField("concluded", "审结日期"), today: try await agencyToday(id: agencyID, now: now, on: db))
        let prefix = try CleanText.line(id, field: .appealID, maxLength: 36).lowercased()
        // An empty or very short prefix would match whatever is pending: at least 4 characters of the id.
        guard prefix.count >= 4, prefix.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
            throw InputError(.appealID, "“\(id)”无效：请给出案件列表所示编号的前4位以上（0–9、a–f）")
        }
        let matches = try await appeals(agencyCode: agencyCode).filter { $0.id!.uuidString.lowercased().hasPrefix(prefix) }
        guard matches.count == 1 else {
            throw matches.isEmpty ? StoreError.notFound("没有编号以“\(id)”开头的案件") : StoreError.invalid("编号“\(id)”对应多件案件，请多给几位")
        }
        let appealID = matches[0].id!
        return try await transaction { tx in
            // Read again in the transaction: another clerk may have concluded it meanwhile.
            guard let appeal = try await AppealRecord.find(appealID, on: tx) else { throw StoreError.notFound("没有编号以“\(id)”开头的案件") }
            guard appeal.result == AppealResult.pending.rawValue else { throw StoreError.invalid("该案件已审结（\(appeal.result)）") }
            guard date.description >= appeal.filedDate else { throw StoreError.invalid("审结日期 \(date) 早于立案日期 \(appeal.filedDate)") }
            let before = ["result": appeal.result]
            appeal.result = result.rawValue
            appeal.concludedDate = date.description
            try await appeal.update(on: tx)
            try await EventLog.append(.appealConcluded, on: tx, application: appeal.applicationID, agency: appeal.agencyID, actor: actor,
                                      at: now, before: before, after: ["result": result.rawValue, "concluded": date.description])
            return appeal
        }
    }
}
