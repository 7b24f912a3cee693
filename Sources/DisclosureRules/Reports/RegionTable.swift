import Foundation

/// One agency's key figures for a year, read from its published report (issue 13 point 4). Counts are 件; a figure
/// the report does not give as a count (blank, text, unreadable) is nil and left out of the totals and medians.
public struct AgencyKeyFigures: Sendable, Hashable {
    public var agency: String
    public var year: Int?
    public var file: String
    /// 表三 一、本年新收 总计.
    public var received: Int?
    /// 表三 （七）总计 (本年度办理结果).
    public var decided: Int?
    /// 表三 （一）予以公开 ＋ （二）部分公开, 总计.
    public var granted: Int?
    /// 表三 四、结转下年度继续办理 总计.
    public var carriedOver: Int?
    /// 表四 行政复议 总计, and 行政诉讼 (未经复议直接起诉 ＋ 复议后起诉) 总计.
    public var reconsiderations: Int?
    public var litigations: Int?
    /// 表四 结果纠正 of the three groups: decisions corrected on appeal.
    public var corrected: Int?
    /// Findings of `ReportValidator` by severity.
    public var errors: Int
    public var warnings: Int
    /// granted ÷ decided, 0…1; nil when decided is 0 or unknown.
    public var grantedShare: Double? { guard let g = granted, let d = decided, d > 0 else { return nil }; return Double(g) / Double(d) }
    /// corrected ÷ (reconsiderations ＋ litigations); nil when there were none.
    public var correctedShare: Double? {
        guard let c = corrected, let r = reconsiderations, let l = litigations, r + l > 0 else { return nil }
        return Double(c) / Double(r + l)
    }
    /// Why the row stands out from the region (`RegionTable.outlierGap`), in Chinese; empty when it does not.
    public var outliers: [String] = []

    /// The figures of one report and its findings.
    public init(report r: AnnualReport, findings: [Finding], file: String) {
        func t3(_ id: String) -> Int? { r.table3Present ? r.table3Row(id).flatMap { $0.present ? TableRules.count($0.cells[6]) : nil } : nil }
        func t4(_ i: Int) -> Int? { r.table4Present ? TableRules.count(r.table4.cells[i]) : nil }
        func sum(_ xs: [Int?]) -> Int? { xs.contains { $0 == nil } ? nil : xs.reduce(0) { $0 + $1! } }
        agency = r.agency ?? "（机关未知）"; year = r.year; self.file = file
        received = t3("new"); decided = t3("total"); granted = sum([t3("granted"), t3("partlyGranted")]); carriedOver = t3("carriedOver")
        reconsiderations = t4(4); litigations = sum([t4(9), t4(14)]); corrected = sum([t4(1), t4(6), t4(11)])
        errors = findings.filter { $0.severity == .error }.count; warnings = findings.filter { $0.severity == .warning }.count
    }
}

/// The reports of a region for a year, one row per agency, with the region's totals and the rows that stand out.
public struct RegionTable: Sendable {
    public var rows: [AgencyKeyFigures]
    /// Sums over the rows that give each figure (nil when none does).
    public var totals: AgencyKeyFigures
    /// Medians of the shares over the rows that have them.
    public var medianGrantedShare: Double?
    public var medianCorrectedShare: Double?

    /// A share this far (absolute, 0…1) from the region's median marks the row, when the row has at least
    /// `outlierMinimum` decided applications (or appeals) — small numbers make any share extreme.
    public static let outlierGap = 0.25
    public static let outlierMinimum = 10

    /// Builds the table; rows in the order given (a front end sorts them).
    public static func build(_ rows: [AgencyKeyFigures]) -> RegionTable {
        func median(_ xs: [Double]) -> Double? {
            let s = xs.sorted()
            guard !s.isEmpty else { return nil }
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        let mg = median(rows.compactMap(\.grantedShare)), mc = median(rows.compactMap(\.correctedShare))
        func pct(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }
        var marked = rows
        for i in marked.indices {
            let r = marked[i]
            if let s = r.grantedShare, let m = mg, (r.decided ?? 0) >= outlierMinimum, abs(s - m) > outlierGap {
                marked[i].outliers.append("公开比例 \(pct(s))，本地区中位数 \(pct(m))")
            }
            if let s = r.correctedShare, let m = mc, (r.reconsiderations ?? 0) + (r.litigations ?? 0) >= outlierMinimum, abs(s - m) > outlierGap {
                marked[i].outliers.append("复议诉讼纠正比例 \(pct(s))，本地区中位数 \(pct(m))")
            }
        }
        func total(_ k: KeyPath<AgencyKeyFigures, Int?>) -> Int? {
            let xs = rows.compactMap { $0[keyPath: k] }
            return xs.isEmpty ? nil : xs.reduce(0, +)
        }
        var t = AgencyKeyFigures(report: AnnualReport(format: .f2021), findings: [], file: "")
        t.agency = "合计（\(rows.count) 份报告）"; t.year = rows.first?.year
        t.received = total(\.received); t.decided = total(\.decided); t.granted = total(\.granted); t.carriedOver = total(\.carriedOver)
        t.reconsiderations = total(\.reconsiderations); t.litigations = total(\.litigations); t.corrected = total(\.corrected)
        t.errors = rows.reduce(0) { $0 + $1.errors }; t.warnings = rows.reduce(0) { $0 + $1.warnings }
        return RegionTable(rows: marked, totals: t, medianGrantedShare: mg, medianCorrectedShare: mc)
    }

    /// The columns of `records`.
    public static let header = ["机关", "年度", "本年新收申请", "办理结果总计", "予以公开和部分公开", "公开比例", "结转下年度", "行政复议",
                                "行政诉讼", "结果纠正", "纠正比例", "错误", "警告", "偏离之处", "文件"]

    /// The table as text records: `header`, one row per agency, the totals last (shares as percentages).
    public var records: [[String]] {
        func s(_ v: Int?) -> String { v.map(String.init) ?? "" }
        func p(_ v: Double?) -> String { v.map { String(format: "%.1f%%", $0 * 100) } ?? "" }
        let body = (rows + [totals]).map { r in
            [r.agency, r.year.map(String.init) ?? "", s(r.received), s(r.decided), s(r.granted), p(r.grantedShare), s(r.carriedOver),
             s(r.reconsiderations), s(r.litigations), s(r.corrected), p(r.correctedShare), String(r.errors), String(r.warnings),
             r.outliers.joined(separator: "；"), r.file]
        }
        return [Self.header] + body
    }
}
