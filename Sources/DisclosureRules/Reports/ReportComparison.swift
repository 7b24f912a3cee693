import Foundation

/// Comparisons between reports and names that publishing and baselines need.
public enum ReportComparison {
    /// Where the frozen report and the records now disagree, described in Chinese: table 三 and 四 cells, table 二
    /// figures and section texts.
    public static func differences(frozen: AnnualReport, live: AnnualReport) -> [String] {
        var out: [String] = []
        for (a, b) in zip(frozen.table2, live.table2) {
            for (ra, rb) in zip(a.rows, b.rows) {
                for c in ra.cells.indices where c < rb.cells.count && ra.cells[c].value != rb.cells[c].value {
                    out.append("表二“\(a.spec.item)”“\(ra.label)”“\(a.spec.columns[c])”：已发布 \(show(ra.cells[c].value))，记录现为 \(show(rb.cells[c].value))")
                }
            }
        }
        for (a, b) in zip(frozen.table3, live.table3) {
            for c in 0..<7 where a.cells[c].value != b.cells[c].value {
                out.append("表三“\(a.label)”“\(ReportFormat.table3Columns[c])”：已发布 \(show(a.cells[c].value))，记录现为 \(show(b.cells[c].value))")
            }
        }
        for c in 0..<15 where frozen.table4.cells[c].value != live.table4.cells[c].value {
            out.append("表四“\(ReportFormat.table4Groups[c / 5])·\(ReportFormat.table4Columns[c % 5])”：已发布 \(show(frozen.table4.cells[c].value))，记录现为 \(show(live.table4.cells[c].value))")
        }
        for (a, b) in zip(frozen.sections, live.sections) where a.text != b.text {
            out.append("第\(a.number)部分“\(a.heading)”的文字：记录与已发布的不同")
        }
        return out
    }

    static func show(_ v: CellValue) -> String {
        switch v { case .number(let d): "\(d)"; case .blank: "空白"; case .text(let t): t; case .unreadable: "无法读取" }
    }

    /// Whether an agency named in a report is `name`, after removing spaces and punctuation: the same name, or the
    /// same but for the form of a government's name — a report may name 平潭综合实验区 for 平潭综合实验区管理委员会,
    /// 中卫市政府 for 中卫市人民政府. A name that only contains the other (工业和信息化局 / 中卫市工业和信息化局, or an
    /// office of the agency) is another agency's.
    public static func sameAgency(_ named: String?, _ name: String) -> Bool {
        guard let named else { return false }
        func core(_ s: String) -> String {
            var n = RequestText.normalized(s)
            for suffix in ["管理委员会", "管委会", "人民政府", "政府"] where n.hasSuffix(suffix) && n.count > suffix.count + 1 {
                n.removeLast(suffix.count)
                break
            }
            return n
        }
        let a = core(named), b = core(name)
        return !a.isEmpty && a == b
    }

}
