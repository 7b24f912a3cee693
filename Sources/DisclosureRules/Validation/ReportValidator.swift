import Foundation

/// One validation rule: its id, default severity, whether it needs the previous year's report,
/// and the check itself (a pure function of the reports).
public struct ReportRule: Sendable {
    public let id: RuleID
    public let severity: Severity
    public let needsPrevious: Bool
    let check: @Sendable (_ report: AnnualReport, _ previous: AnnualReport?) -> [Finding]
}

/// The rule engine shared by `gongkai audit` and (later) report publishing.
///
/// Findings are sorted by table, then severity (errors first), then rule. A rule that cannot be checked because a cell it needs is blank
/// or unreadable reports that as an `info` finding with its own id (it is never silently passed).
public enum ReportValidator {
    /// Every rule, in catalogue order.
    public static let rules: [ReportRule] = [
        ReportRule(id: .S1, severity: .error, needsPrevious: false, check: StructureRules.missing),
        ReportRule(id: .S2, severity: .error, needsPrevious: false, check: StructureRules.blankCells),
        ReportRule(id: .S3, severity: .error, needsPrevious: false, check: StructureRules.valueCounts),
        ReportRule(id: .S4, severity: .warning, needsPrevious: false, check: StructureRules.labels),
        ReportRule(id: .I4, severity: .error, needsPrevious: false, check: TableRules.nonNegativeIntegers),
        ReportRule(id: .R1, severity: .error, needsPrevious: false, check: TableRules.r1),
        ReportRule(id: .I1, severity: .error, needsPrevious: false, check: TableRules.i1),
        ReportRule(id: .I2, severity: .error, needsPrevious: false, check: TableRules.i2),
        ReportRule(id: .I3, severity: .error, needsPrevious: false, check: TableRules.i3),
        ReportRule(id: .I5, severity: .error, needsPrevious: true, check: CrossYearRules.i5),
        ReportRule(id: .I6, severity: .error, needsPrevious: true, check: CrossYearRules.i6),
        ReportRule(id: .H1, severity: .warning, needsPrevious: true, check: CrossYearRules.h1),
        ReportRule(id: .D1, severity: .error, needsPrevious: false, check: DateRules.d1),
        ReportRule(id: .D2, severity: .error, needsPrevious: false, check: DateRules.d2),
        ReportRule(id: .T1, severity: .warning, needsPrevious: false, check: TextRules.t1),
        ReportRule(id: .T2, severity: .warning, needsPrevious: false, check: TextRules.t2),
        ReportRule(id: .T3, severity: .warning, needsPrevious: true, check: CrossYearRules.t3),
        ReportRule(id: .N1, severity: .warning, needsPrevious: false, check: NarrativeRules.n1),
        ReportRule(id: .P1, severity: .error, needsPrevious: false, check: PersonalDataRule.p1),
        ReportRule(id: .O1, severity: .info, needsPrevious: false, check: TableRules.o1),
    ]

    /// Validates `report`, and, when `previous` (the same agency's report for the year before) is given,
    /// the cross-year rules I5, I6, H1 and T3.
    /// - Returns: all findings, reader notes included, ordered by table and rule.
    public static func validate(_ report: AnnualReport, previous: AnnualReport? = nil) -> [Finding] {
        var out: [Finding] = report.readerNotes
        for rule in rules {
            if rule.needsPrevious && previous == nil { continue }
            out += rule.check(report, previous)
        }
        out = assumingBlankIsZero(out, report: report)
        let tableOrder = ["元数据": 0, "正文": 1, "表二": 2, "表三": 3, "表四": 4]
        let ruleOrder = Dictionary(uniqueKeysWithValues: RuleID.allCases.enumerated().map { ($0.element, $0.offset) })
        return out.enumerated().sorted { a, b in
            let ta = tableOrder[a.element.table] ?? 9, tb = tableOrder[b.element.table] ?? 9
            if ta != tb { return ta < tb }
            if a.element.severity != b.element.severity { return a.element.severity < b.element.severity }
            let ra = ruleOrder[a.element.rule]!, rb = ruleOrder[b.element.rule]!
            if ra != rb { return ra < rb }
            return a.offset < b.offset
        }.map(\.element)
    }
}

extension ReportValidator {
    /// The arithmetic rules of tables 三 and 四 (R1, I1, I2, I3).
    static let arithmetic: [RuleID] = [.R1, .I1, .I2, .I3]

    /// Many agencies leave every zero cell of tables 三 and 四 empty. An arithmetic rule that cannot be checked only
    /// because cells are blank is checked again with blank read as 0, a stated assumption: where it then fails, an
    /// error saying so; where it holds, one `info` per rule and table instead of one per row or column. Blank cells
    /// stay S2 errors each; a rule blocked by a cell written as text (无, /) stays "cannot be checked".
    static func assumingBlankIsZero(_ findings: [Finding], report: AnnualReport) -> [Finding] {
        func blankOnly(_ f: Finding) -> Bool {
            arithmetic.contains(f.rule) && f.severity == .info && f.message.contains("无法核对") && !f.message.contains("不是有效件数")
                && !f.message.contains("无法读取")
        }
        guard findings.contains(where: blankOnly) else { return findings }
        var zeroed = report
        var blanks: [String: Int] = [:]
        for r in zeroed.table3.indices where zeroed.table3[r].present {
            for c in zeroed.table3[r].cells.indices where zeroed.table3[r].cells[c].value.isBlank {
                zeroed.table3[r].cells[c].value = .number(0); blanks["表三", default: 0] += 1
            }
        }
        if zeroed.table4Present {
            for c in zeroed.table4.cells.indices where zeroed.table4.cells[c].value.isBlank {
                zeroed.table4.cells[c].value = .number(0); blanks["表四", default: 0] += 1
            }
        }
        var under: [Finding] = []
        for rule in rules where arithmetic.contains(rule.id) { under += rule.check(zeroed, nil) }
        var out = findings.filter { !blankOnly($0) }
        for rule in arithmetic {
            for table in ["表三", "表四"] {
                let blocked = findings.filter { blankOnly($0) && $0.rule == rule && $0.table == table }
                guard let first = blocked.first else { continue }
                // Only the equations that blank cells blocked are checked again (those that text blocks stay as they are).
                let keys = Set(blocked.map { "\($0.row ?? "")|\($0.column ?? "")" })
                let again = under.filter { $0.rule == rule && $0.table == table && keys.contains("\($0.row ?? "")|\($0.column ?? "")") }
                for f in again where f.severity == .error {
                    var e = f
                    e.message = "按空白单元格为0核对（报告未填0，这是本审核的假设）：" + f.message
                    out.append(e)
                }
                // Still uncheckable with blank as 0 (a row missing altogether): the original finding stays.
                let still = Set(again.filter { $0.severity != .error }.map { "\($0.row ?? "")|\($0.column ?? "")" })
                out += blocked.filter { still.contains("\($0.row ?? "")|\($0.column ?? "")") }
                let held = keys.count - Set(again.map { "\($0.row ?? "")|\($0.column ?? "")" }).count
                if held > 0 {
                    out.append(Finding(rule: rule, severity: .info, table: table, row: nil, column: nil,
                                       message: "\(held) 处因空白单元格无法直接核对；按空白为0核对（\(table)共 \(blanks[table] ?? 0) 个空白单元格）成立",
                                       source: first.source))
                }
            }
        }
        return out
    }
}

/// Helpers shared by the rules.
enum Names {
    static func t3Column(_ c: Int) -> String { ReportFormat.table3Columns[c] }
    static func t4Column(_ c: Int) -> String { ReportFormat.table4Groups[c / 5] + "·" + ReportFormat.table4Columns[c % 5] }
}

/// S1–S4: structure of the report (rules of the national format's template).
enum StructureRules {
    /// S1: a section, table or row is missing.
    static func missing(_ r: AnnualReport, _: AnnualReport?) -> [Finding] {
        var out: [Finding] = []
        // The format that applies to the year (国办公开办函〔2021〕30号 from the 2021 report on).
        if let y = r.year, r.formatDetected, r.format != ReportFormat.applicable(toYear: y) {
            let due = ReportFormat.applicable(toYear: y)
            out.append(Finding(rule: .S1, severity: due == .f2021 ? .error : .warning, table: "元数据", row: "格式",
                               message: "\(y)年度报告应使用\(due.rawValue)年格式（\(due.notice)），本报告按\(r.format.rawValue)年格式编制"
                                   + (due == .f2021 ? "：缺少表三（六）1–3行，表二仍有第二十条第（九）项等" : "")))
        }
        for s in r.sections where !s.present {
            out.append(Finding(rule: .S1, severity: .error, table: "正文", row: s.heading,
                               message: "缺少第\(s.number)部分“\(s.heading)”", source: nil))
        }
        for b in r.table2 where !b.present {
            out.append(Finding(rule: .S1, severity: .error, table: "表二", row: b.spec.item,
                               message: "表二缺少“\(b.spec.item)”部分"))
        }
        for b in r.table2 where b.present {
            for row in b.rows where !row.present {
                out.append(Finding(rule: .S1, severity: .error, table: "表二", row: row.label,
                                   message: "表二“\(b.spec.item)”缺少“\(row.label)”行"))
            }
        }
        if !r.table3Present {
            out.append(Finding(rule: .S1, severity: .error, table: "表三", message: "缺少表三“收到和处理政府信息公开申请情况”"))
        } else {
            for row in r.table3 where !row.present {
                out.append(Finding(rule: .S1, severity: .error, table: "表三", row: row.label, message: "表三缺少“\(row.label)”行"))
            }
        }
        if !r.table4Present {
            out.append(Finding(rule: .S1, severity: .error, table: "表四", message: "缺少表四“政府信息公开行政复议、行政诉讼情况”"))
        }
        return out
    }

    /// S2: a cell is blank (present rows only).
    static func blankCells(_ r: AnnualReport, _: AnnualReport?) -> [Finding] {
        var out: [Finding] = []
        for b in r.table2 where b.present {
            for row in b.rows where row.present {
                for (c, cell) in row.cells.enumerated() where cell.value.isBlank {
                    out.append(Finding(rule: .S2, severity: .error, table: "表二", row: row.label, column: b.spec.columns[c],
                                       message: "表二“\(row.label)”行“\(b.spec.columns[c])”列为空白", source: cell.source ?? row.source))
                }
            }
        }
        if r.table3Present {
            for row in r.table3 where row.present {
                for (c, cell) in row.cells.enumerated() where cell.value.isBlank {
                    out.append(Finding(rule: .S2, severity: .error, table: "表三", row: row.label, column: Names.t3Column(c),
                                       message: "表三“\(row.label)”行“\(Names.t3Column(c))”列为空白", source: cell.source ?? row.source))
                }
            }
        }
        if r.table4Present {
            for (c, cell) in r.table4.cells.enumerated() where cell.value.isBlank {
                out.append(Finding(rule: .S2, severity: .error, table: "表四", row: ReportFormat.table4Groups[c / 5],
                                   column: ReportFormat.table4Columns[c % 5],
                                   message: "表四“\(Names.t4Column(c))”为空白", source: cell.source ?? r.table4.source))
            }
        }
        return out
    }

    /// S3: a row carries more or fewer values than the table has columns; and, as a warning (the reader's limit, not
    /// the report's fault), each row whose cells could not be placed with confidence (`CellValue.unreadable`).
    static func valueCounts(_ r: AnnualReport, _: AnnualReport?) -> [Finding] {
        var out: [Finding] = []
        func unreadable(_ table: String, _ row: String?, _ cells: [Cell], _ source: SourceRef?) {
            let reasons = cells.compactMap { c -> String? in if case .unreadable(let why) = c.value { return why } else { return nil } }
            guard let why = reasons.first else { return }
            let n = reasons.count
            out.append(Finding(rule: .S3, severity: .warning, table: table, row: row,
                               message: "\(table)\(row.map { "“\($0)”行" } ?? "")有\(n)个单元格无法确定数值（未读取，相关核对不做）：\(why)",
                               source: cells.first(where: { $0.value.isUnreadable })?.source ?? source))
        }
        for b in r.table2 where b.present { for row in b.rows where row.present { unreadable("表二", row.label, row.cells, row.source) } }
        for row in r.table3 where row.present && r.table3Present { unreadable("表三", row.label, row.cells, row.source) }
        if r.table4Present { unreadable("表四", nil, r.table4.cells, r.table4.source) }
        func check(_ table: String, _ row: TableRow, _ expected: Int) {
            guard row.present, let n = row.sourceValueCount, n != expected else { return }
            var msg = "\(table)“\(row.label)”行有\(n)个数值，该表应为\(expected)列"
            if !row.extraValues.isEmpty { msg += "（多出：\(row.extraValues.joined(separator: " "))）" }
            out.append(Finding(rule: .S3, severity: .error, table: table, row: row.label, message: msg, source: row.source))
        }
        for b in r.table2 where b.present { for row in b.rows { check("表二", row, b.spec.columns.count) } }
        if r.table3Present { for row in r.table3 { check("表三", row, 7) } }
        if r.table4Present { check("表四", r.table4, 15) }
        return out
    }

    /// S4: a column label of table 三 that is not the format's label (row labels are reported by the readers).
    static func labels(_ r: AnnualReport, _: AnnualReport?) -> [Finding] {
        var out: [Finding] = []
        let official = Set(ReportFormat.table3Columns + ["申请人情况", "法人或其他组织"])
        let known: [String: String] = ["社会组织": "社会公益组织", "公益组织": "社会公益组织", "商业": "商业企业", "科研": "科研机构",
                                       "法律服务": "法律服务机构", "合计": "总计"]
        for label in r.table3SourceColumns where !official.contains(label) {
            let hint = known[label].map { "，官方标签为“\($0)”" } ?? ""
            out.append(Finding(rule: .S4, severity: .warning, table: "表三", column: label,
                               message: "表三列标题“\(label)”不是年报格式的标签\(hint)"))
        }
        return out
    }
}
