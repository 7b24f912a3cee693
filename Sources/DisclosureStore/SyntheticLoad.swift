import DisclosureRules
import FluentKit
import Foundation
import SQLKit

extension Store {
    /// Loads a generated population for benchmarks: `agencies` agencies with `total` applications spread evenly over
    /// `years`, every outcome and applicant kind used, 5% still open, one appeal per 50 applications. Written with
    /// multi-row INSERTs (500 rows a statement) in transactions — not through the per-application workflow.
    /// - Returns: the agency codes.
    public func loadSyntheticPopulation(agencies: Int, total: Int, years: ClosedRange<Int>) async throws -> [String] {
        var codes: [String] = []
        var ids: [UUID] = []
        for a in 0..<agencies {
            let code = String(format: "syn%05d", a)
            let r = AgencyRecord()
            r.code = code; r.name = "第\(a + 1)号测试局"; r.timeZone = "Asia/Shanghai"; r.kind = AgencyKind.department.rawValue
            try await r.create(on: db)
            codes.append(code); ids.append(r.id!)
        }
        let outcomes = Outcome.allCases
        let kinds = ApplicantKind.allCases
        let yearList = Array(years)
        let columns = ["id", "agency_id", "applicant_kind", "query_code", "channel", "received_date", "clock_start", "request_text",
                       "normalized_text", "state", "due_date", "limit_days", "extension_days", "decided_date", "outcome"]
        let agencyIDs = ids
        var i = 0
        while i < total {
            let n = min(500, total - i)
            let start = i
            try await transaction { tx in
                let sql = tx as! any SQLDatabase
                var insert = sql.insert(into: ApplicationRecord.schema).columns(columns)
                var appeals: [(UUID, String, String)] = []
                for k in start..<(start + n) {
                    let agency = agencyIDs[k % agencyIDs.count]
                    let year = yearList[(k / agencyIDs.count) % yearList.count]
                    let received = CalendarDate(dayNumber: CalendarDate(year: year, month: 1, day: 2)!.dayNumber + (k * 7) % 360)
                    let open = k % 20 == 0
                    let decided = open ? nil : received.adding(days: 3 + k % 30)
                    insert = insert.values([
                        SQLBind(UUID()), SQLBind(agency), SQLBind(kinds[k % kinds.count].rawValue), SQLBind(Self.syntheticQueryCode(k)),
                        SQLBind("online"), SQLBind(received.description), SQLBind(received.description), SQLBind("生成的申请"),
                        SQLBind("生成的申请"), SQLBind(open ? "in-progress" : "decided"), SQLBind(received.adding(days: 28).description),
                        SQLBind(20), SQLBind(0), SQLBind(decided?.description), SQLBind(open ? nil : outcomes[k % outcomes.count].rawValue),
                    ])
                    if k % 50 == 0 { appeals.append((agency, received.adding(days: 40).description, AppealResult.allCases[k % 4].rawValue)) }
                }
                try await insert.run()
                if !appeals.isEmpty {
                    var a = sql.insert(into: AppealRecord.schema).columns(["id", "agency_id", "kind", "filed_date", "result", "concluded_date", "as_co_defendant"])
                    for (j, (agency, filed, result)) in appeals.enumerated() {
                        a = a.values([SQLBind(UUID()), SQLBind(agency), SQLBind(AppealKind.allCases[j % 3].rawValue), SQLBind(filed),
                                      SQLBind(result), SQLBind(result == "pending" ? nil : filed), SQLBind(false)])
                    }
                    try await a.run()
                }
            }
            i += n
        }
        return codes
    }

    /// The query code of the `k`th generated application: `k` in base 31 over the query-code alphabet, ten characters
    /// starting with "Z" (a real code could start with Z too, but a generated population lives in a database of its own).
    public static func syntheticQueryCode(_ k: Int) -> String {
        let alphabet = QueryCode.alphabet
        var n = k, out: [Character] = []
        for _ in 0..<9 { out.append(alphabet[n % alphabet.count]); n /= alphabet.count }
        return "Z" + String(out.reversed())
    }

    /// Number of applications stored.
    public func applicationCount() async throws -> Int { try await ApplicationRecord.query(on: db).count() }
}
