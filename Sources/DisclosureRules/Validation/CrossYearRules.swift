import Foundation

/// Rules that compare a report with the same agency's report for the year before: I5, I6, H1, T3.
enum CrossYearRules {
    /// I5: this year's 二、上年结转 ＝ last year's 四、结转下年度继续办理, per column (implied by the row names).
    static func i5(_ r: AnnualReport, _ p: AnnualReport?) -> [Finding] {
        guard let p, r.table3Present, p.table3Present, let now = r.table3Row("carriedIn"),
              let before = p.table3Row("carriedOver") else { return [] }
        let py = p.year.map { "\($0)年" } ?? "上年"
        return (0..<7).compactMap { c in
            TableRules.equation(rule: .I5, table: "表三", row: now.label, column: Names.t3Column(c),
                                what: "“\(Names.t3Column(c))”列上年结转与\(py)报告结转下年度衔接",
                                lhs: [now.cells[c]], rhs: [before.cells[c]], lhsText: "本年上年结转", rhsText: "\(py)结转下年度",
                                source: now.cells[c].source ?? now.source)
        }
    }

    /// I6 (2019 format): 上一年项目数量 (N) ＝ 上一年项目数量 (N−1) ＋ 本年增/减 (N−1), for 第二十条第（五）（六）（八）项.
    /// An interpretation of the column names (spec §3.2).
    static func i6(_ r: AnnualReport, _ p: AnnualReport?) -> [Finding] {
        guard let p, r.format == .f2019, p.format == .f2019 else { return [] }
        var out: [Finding] = []
        for block in r.table2 where ["20.5", "20.6", "20.8"].contains(block.spec.id) && block.present {
            for row in block.rows where row.present {
                guard let prevRow = p.table2Row(block: block.spec.id, row: row.id), prevRow.present else { continue }
                let now = row.cells[0], base = prevRow.cells[0], delta = prevRow.cells[1]
                guard let n = now.value.number, let b = base.value.number, let d = delta.value.number else {
                    out.append(Finding(rule: .I6, severity: .info, table: "表二", row: row.label, column: "上一年项目数量",
                                       message: "“\(row.label)”上一年项目数量无法与上年报告核对：所需单元格不是数值", source: now.source ?? row.source))
                    continue
                }
                if n != b + d {
                    out.append(Finding(rule: .I6, severity: .error, table: "表二", row: row.label, column: "上一年项目数量",
                                       message: "“\(row.label)”上一年项目数量为\(n)，上年报告为\(b)、本年增/减\(d)，应为\(b + d)",
                                       source: now.source ?? row.source))
                }
            }
        }
        return out
    }

    /// H1 (warning, 2021 format): 现行有效件数 ＝ last year's ＋ 本年制发件数 − 本年废止件数. A third-party
    /// heuristic (spec §3.3): documents also lapse by 清理 or expiry, so only a warning.
    static func h1(_ r: AnnualReport, _ p: AnnualReport?) -> [Finding] {
        guard let p, r.format == .f2021, p.format == .f2021 else { return [] }
        var out: [Finding] = []
        guard let block = r.table2.first(where: { $0.spec.id == "20.1" }), block.present else { return [] }
        for row in block.rows where row.present {
            guard let prevRow = p.table2Row(block: "20.1", row: row.id), prevRow.present,
                  let made = row.cells[0].value.number, let repealed = row.cells[1].value.number,
                  let current = row.cells[2].value.number, let before = prevRow.cells[2].value.number else { continue }
            let expected = before + made - repealed
            if current != expected {
                out.append(Finding(rule: .H1, severity: .warning, table: "表二", row: row.label, column: "现行有效件数",
                                   message: "“\(row.label)”现行有效件数为\(current)，按上年\(before)＋本年制发\(made)－本年废止\(repealed)应为\(expected)（文件也可能因清理、到期失效）",
                                   source: row.cells[2].source ?? row.source))
            }
        }
        return out
    }

    /// Similarity at or above which T3 fires.
    static let repeatThreshold = 0.9

    /// T3 (warning): 五、存在的主要问题及改进情况 repeats last year's text nearly verbatim ("不得出现…年年雷同现象").
    static func t3(_ r: AnnualReport, _ p: AnnualReport?) -> [Finding] {
        guard let p, let now = r.section(5), let before = p.section(5), now.present, before.present else { return [] }
        let s = TextSimilarity.dice(now.text, before.text)
        guard s >= repeatThreshold else { return [] }
        return [Finding(rule: .T3, severity: .warning, table: "正文", row: now.heading,
                        message: "第五部分与上年报告的相似度为\(Int((s * 100).rounded()))%，存在“年年雷同”",
                        source: now.source)]
    }
}

/// Text similarity for T3: Dice coefficient over character bigrams, whitespace and punctuation ignored.
public enum TextSimilarity {
    /// 0 (nothing shared) … 1 (same text). Empty texts compare as 0.
    public static func dice(_ a: String, _ b: String) -> Double {
        let x = bigrams(a), y = bigrams(b)
        let total = x.values.reduce(0, +) + y.values.reduce(0, +)
        guard total > 0 else { return 0 }
        var shared = 0
        for (k, n) in x { shared += min(n, y[k] ?? 0) }
        return Double(2 * shared) / Double(total)
    }

    static func bigrams(_ s: String) -> [String: Int] {
        let chars = s.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) && !CharacterSet.punctuationCharacters.contains($0) }
        var out: [String: Int] = [:]
        var prev: Unicode.Scalar?
        for c in chars {
            if let p = prev { out[String(p) + String(c), default: 0] += 1 }
            prev = c
        }
        return out
    }
}
