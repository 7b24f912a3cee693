import Foundation

/// Arithmetic rules on tables 三 and 四: R1 (the format's 勾稽关系), I1–I4, O1.
enum TableRules {
    /// The integer value of a cell, or nil when blank, unreadable, negative or fractional.
    /// Largest count accepted (a billion applications is already absurd); larger values are I4 findings, which
    /// also keeps every sum of the rules far from overflow.
    static let maximumCount = 999_999_999

    static func count(_ cell: Cell) -> Int? {
        guard let n = cell.value.integer, n >= 0, n <= maximumCount else { return nil }
        return n
    }

    /// Formats a cell for messages: the number, "空白" or the verbatim text.
    static func show(_ cell: Cell) -> String {
        switch cell.value {
        case .blank: return "空白"
        case .text(let t): return "“\(t)”"
        case .number(let d): return "\(d)"
        case .unreadable: return "无法读取"
        }
    }

    /// I4: 表三/表四 cells are non-negative integers.
    static func nonNegativeIntegers(_ r: AnnualReport, _: AnnualReport?) -> [Finding] {
        var out: [Finding] = []
        if r.table3Present {
            for row in r.table3 where row.present {
                for (c, cell) in row.cells.enumerated() where !cell.value.isBlank && !cell.value.isUnreadable && count(cell) == nil {
                    out.append(Finding(rule: .I4, severity: .error, table: "表三", row: row.label, column: Names.t3Column(c),
                                       message: "表三“\(row.label)”行“\(Names.t3Column(c))”列应为非负整数件数，实为\(show(cell))",
                                       source: cell.source ?? row.source))
                }
            }
        }
        if r.table4Present {
            for (c, cell) in r.table4.cells.enumerated() where !cell.value.isBlank && !cell.value.isUnreadable && count(cell) == nil {
                out.append(Finding(rule: .I4, severity: .error, table: "表四", row: ReportFormat.table4Groups[c / 5],
                                   column: ReportFormat.table4Columns[c % 5],
                                   message: "表四“\(Names.t4Column(c))”应为非负整数，实为\(show(cell))", source: cell.source ?? r.table4.source))
            }
        }
        return out
    }

    /// Checks `lhs = rhs` over cells; returns nil when it holds, a finding otherwise (error, or info when uncheckable).
    static func equation(rule: RuleID, table: String, row: String?, column: String?, what: String,
                         lhs: [Cell], rhs: [Cell], lhsText: String, rhsText: String, source: SourceRef?) -> Finding? {
        let cells = lhs + rhs
        if cells.contains(where: { count($0) == nil }) {
            let bad = cells.filter { count($0) == nil }
            let blanks = bad.filter { $0.value.isBlank }.count
            var why: [String] = []
            if blanks > 0 { why.append("\(blanks)个所需单元格为空白") }
            let unreadable = bad.filter { $0.value.isUnreadable }.count
            if unreadable > 0 { why.append("\(unreadable)个所需单元格无法读取") }
            let others = bad.filter { !$0.value.isBlank && !$0.value.isUnreadable }.map(show)
            if !others.isEmpty { why.append("所需单元格\(others.joined(separator: "、"))不是有效件数") }
            return Finding(rule: rule, severity: .info, table: table, row: row, column: column,
                           message: "\(what)无法核对：\(why.joined(separator: "，"))", source: source)
        }
        let l = lhs.compactMap(count).reduce(0, +), r = rhs.compactMap(count).reduce(0, +)
        if l == r { return nil }
        return Finding(rule: rule, severity: .error, table: table, row: row, column: column,
                       message: "\(what)不成立：\(lhsText)＝\(l)，\(rhsText)＝\(r)，相差\(l - r)", source: source)
    }

    /// R1 (表三, each column): 一、本年新收 ＋ 二、上年结转 ＝ 三（七）总计 ＋ 四、结转下年度继续办理.
    static func r1(_ r: AnnualReport, _: AnnualReport?) -> [Finding] {
        guard r.table3Present, let new = r.table3Row("new"), let carried = r.table3Row("carriedIn"),
              let total = r.table3Row("total"), let over = r.table3Row("carriedOver") else { return [] }
        return (0..<7).compactMap { c in
            equation(rule: .R1, table: "表三", row: total.label, column: Names.t3Column(c),
                     what: "“\(Names.t3Column(c))”列勾稽关系（第一项加第二项之和等于第三项加第四项之和）",
                     lhs: [new.cells[c], carried.cells[c]], rhs: [total.cells[c], over.cells[c]],
                     lhsText: "本年新收＋上年结转", rhsText: "（七）总计＋结转下年度", source: total.cells[c].source ?? total.source)
        }
    }

    /// I1 (表三, each row): 总计 ＝ the six applicant columns.
    static func i1(_ r: AnnualReport, _: AnnualReport?) -> [Finding] {
        guard r.table3Present else { return [] }
        return r.table3.filter(\.present).compactMap { row in
            equation(rule: .I1, table: "表三", row: row.label, column: "总计", what: "“\(row.label)”行总计",
                     lhs: [row.cells[6]], rhs: Array(row.cells[0..<6]), lhsText: "总计", rhsText: "六类申请人之和",
                     source: row.cells[6].source ?? row.source)
        }
    }

    /// I2 (表三, each column): （七）总计 ＝ every outcome row (（一）…（六）, 2021: （六）'s three sub-rows).
    static func i2(_ r: AnnualReport, _: AnnualReport?) -> [Finding] {
        guard r.table3Present, let total = r.table3Row("total") else { return [] }
        let outcomeIDs = Set(r.format.table3Rows.filter { $0.role == .outcome }.map(\.id))
        let outcomes = r.table3.filter { outcomeIDs.contains($0.id) }
        return (0..<7).compactMap { c in
            equation(rule: .I2, table: "表三", row: total.label, column: Names.t3Column(c),
                     what: "“\(Names.t3Column(c))”列（七）总计", lhs: [total.cells[c]], rhs: outcomes.map { $0.cells[c] },
                     lhsText: "（七）总计", rhsText: "各办理结果之和", source: total.cells[c].source ?? total.source)
        }
    }

    /// I3 (表四, each group): 总计 ＝ 结果维持 ＋ 结果纠正 ＋ 其他结果 ＋ 尚未审结.
    static func i3(_ r: AnnualReport, _: AnnualReport?) -> [Finding] {
        guard r.table4Present else { return [] }
        let cells = r.table4.cells
        return (0..<3).compactMap { g in
            equation(rule: .I3, table: "表四", row: ReportFormat.table4Groups[g], column: "总计",
                     what: "表四“\(ReportFormat.table4Groups[g])”总计", lhs: [cells[g * 5 + 4]],
                     rhs: Array(cells[(g * 5)..<(g * 5 + 4)]), lhsText: "总计", rhsText: "维持＋纠正＋其他＋尚未审结",
                     source: cells[g * 5 + 4].source ?? r.table4.source)
        }
    }

    /// O1 (2019 format, info): a high share of （六）其他处理 — the 2019 notice asks oversight offices to look
    /// into agencies where it is high. Threshold: at least 10% of （七）总计.
    static let otherShareThreshold = 0.10
    static func o1(_ r: AnnualReport, _: AnnualReport?) -> [Finding] {
        guard r.format == .f2019, r.table3Present, let other = r.table3Row("other"), let total = r.table3Row("total"),
              let o = count(other.cells[6]), let t = count(total.cells[6]), t > 0, o > 0 else { return [] }
        let share = Double(o) / Double(t)
        guard share >= otherShareThreshold else { return [] }
        return [Finding(rule: .O1, severity: .info, table: "表三", row: other.label, column: "总计",
                        message: "（六）其他处理\(o)件，占办理结果总计\(t)件的\(Int((share * 100).rounded()))%，比例偏高，原则上申请应按法定方式处理",
                        source: other.cells[6].source ?? other.source)]
    }
}
