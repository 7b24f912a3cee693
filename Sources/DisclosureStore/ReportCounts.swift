import DisclosureRules
import FluentKit
import Foundation
import SQLKit

/// The numbers the annual report needs, counted from the records (one number, one query: the report generator,
/// list pages and exports all call `ReportCounts.query`).
///
/// Counting rules (one application is counted once per year, so R1 holds by construction):
/// - 一、本年新收: received (收到申请之日, 条例第三十一条) in the year;
/// - 二、上年结转: received before the year and not decided before it;
/// - 三、办理结果: decided in the year, by outcome (2021 taxonomy; the 2019 format folds （六）1–3 into （六）);
/// - 四、结转下年度: received by 12月31日 and not decided by then.
/// Table 四: appeals filed in the year, with the result known on 12月31日 (else 尚未审结); an appeal where the agency
/// is only the reconsideration organ as co-defendant is not counted (spec R3).
public struct ReportCounts: Sendable, Equatable {
    public var agencyID: UUID
    public var year: Int
    public var format: ReportFormat
    /// Row id (`ReportFormat.table3Rows`) → 7 cells (six applicant kinds, 总计).
    public var table3: [String: [Int]]
    /// 15 cells: 行政复议 ×5, 未经复议直接起诉 ×5, 复议后起诉 ×5 (each 维持, 纠正, 其他, 尚未审结, 总计).
    public var table4: [Int]

    public init(agencyID: UUID, year: Int, format: ReportFormat) {
        self.agencyID = agencyID; self.year = year; self.format = format
        table3 = Dictionary(uniqueKeysWithValues: format.table3Rows.map { ($0.id, Array(repeating: 0, count: 7)) })
        table4 = Array(repeating: 0, count: 15)
    }

    /// Table 三 in template order.
    public var table3Rows: [[Int]] { format.table3Rows.map { table3[$0.id]! } }

    mutating func add(_ row: String, kind: String, _ n: Int) {
        guard let k = ApplicantKind(rawValue: kind), table3[row] != nil else { return }
        table3[row]![k.column] += n
        table3[row]![6] += n
    }

    /// Writes the counts into a report model (cells of tables 三 and 四).
    public func apply(to report: inout AnnualReport) {
        for spec in report.format.table3Rows { if let v = table3[spec.id] { report.setTable3(spec.id, v) } }
        for (i, v) in table4.enumerated() { report.table4.cells[i] = .int(v) }
    }

    /// Counts for every agency (or those given) for `year`, by SQL aggregation (GROUP BY in the database).
    /// - Parameter format: the report format; default the one that applies to `year`.
    /// The key of the summed counts when `byAgency` is false.
    public static let allAgencies = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    /// - Parameter byAgency: false sums over the agencies in the database (one GROUP BY without agency_id, the
    ///   rollup's tables), returned under `allAgencies`.
    public static func query(_ store: Store, year: Int, format: ReportFormat? = nil, agencies: [UUID]? = nil,
                             byAgency: Bool = true) async throws -> [UUID: ReportCounts] {
        let f = format ?? ReportFormat.applicable(toYear: year)
        let start = String(format: "%04d-01-01", year), end = String(format: "%04d-12-31", year)
        let sql = store.sql
        var out: [UUID: ReportCounts] = [:]
        if let agencies { for a in agencies { out[a] = ReportCounts(agencyID: a, year: year, format: f) } }
        let blank = ReportCounts(agencyID: UUID(), year: year, format: f)
        // Mutated in place (`out[a, default:]`): copying a ReportCounts out and back for each result row made the
        // rollup of thousands of agencies quadratic in copies.
        func ensure(_ a: UUID) { if out[a] == nil { var c = blank; c.agencyID = a; out[a] = c } }
        let filter: SQLQueryString = agencies.map { ids in
            ids.isEmpty ? "AND 1 = 0" : "AND agency_id IN (\(ids.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")))"
        } ?? ""

        // With byAgency false the agency column is a constant and drops out of the grouping.
        let ag: SQLQueryString = byAgency ? "agency_id" : "0"
        let grouping: SQLQueryString = byAgency ? "agency_id, " : ""
        func agencyOf(_ r: any SQLRow) throws -> UUID { byAgency ? try r.decode(column: "agency_id", as: UUID.self) : allAgencies }
        let queries: [(String, SQLQueryString)] = [
            ("new", "SELECT \(ag) AS agency_id, applicant_kind AS k, COUNT(*) AS n FROM applications WHERE received_date >= \(bind: start) AND received_date <= \(bind: end) \(filter) GROUP BY \(grouping)applicant_kind"),
            ("carriedIn", "SELECT \(ag) AS agency_id, applicant_kind AS k, COUNT(*) AS n FROM applications WHERE received_date < \(bind: start) AND (decided_date IS NULL OR decided_date >= \(bind: start)) \(filter) GROUP BY \(grouping)applicant_kind"),
            ("carriedOver", "SELECT \(ag) AS agency_id, applicant_kind AS k, COUNT(*) AS n FROM applications WHERE received_date <= \(bind: end) AND (decided_date IS NULL OR decided_date > \(bind: end)) \(filter) GROUP BY \(grouping)applicant_kind"),
        ]
        for (row, q) in queries {
            for r in try await sql.raw(q).all() {
                let a = try agencyOf(r)
                ensure(a)
                out[a]!.add(row, kind: try r.decode(column: "k", as: String.self), try r.decode(column: "n", as: Int.self))
            }
        }
        let decided: SQLQueryString = "SELECT \(ag) AS agency_id, outcome, applicant_kind AS k, COUNT(*) AS n FROM applications WHERE decided_date >= \(bind: start) AND decided_date <= \(bind: end) AND outcome IS NOT NULL \(filter) GROUP BY \(grouping)outcome, applicant_kind"
        for r in try await sql.raw(decided).all() {
            let a = try agencyOf(r)
            guard let o = Outcome(rawValue: try r.decode(column: "outcome", as: String.self)) else { continue }
            let n = try r.decode(column: "n", as: Int.self), k = try r.decode(column: "k", as: String.self)
            ensure(a)
            out[a]!.add(o.rowID(in: f), kind: k, n)
            out[a]!.add("total", kind: k, n)
        }
        let appeals: SQLQueryString = """
            SELECT \(ag) AS agency_id, kind, CASE WHEN concluded_date IS NOT NULL AND concluded_date <= \(bind: end) THEN result ELSE 'pending' END AS r, COUNT(*) AS n
            FROM appeals WHERE filed_date >= \(bind: start) AND filed_date <= \(bind: end) AND as_co_defendant = \(bind: false) \(filter)
            GROUP BY \(byAgency ? "1, 2, 3" : "2, 3" as SQLQueryString)
            """
        for r in try await sql.raw(appeals).all() {
            let a = try agencyOf(r)
            guard let kind = AppealKind(rawValue: try r.decode(column: "kind", as: String.self)),
                  let result = AppealResult(rawValue: try r.decode(column: "r", as: String.self)) else { continue }
            let n = try r.decode(column: "n", as: Int.self)
            ensure(a)
            out[a]!.table4[kind.group * 5 + result.column] += n
            out[a]!.table4[kind.group * 5 + 4] += n
        }
        return out
    }

    /// Counts for one agency.
    public static func query(_ store: Store, agencyID: UUID, year: Int, format: ReportFormat? = nil) async throws -> ReportCounts {
        try await query(store, year: year, format: format, agencies: [agencyID])[agencyID]!
    }
}
