import Foundation

/// Rules on the report's date and year: D1, D2.
enum DateRules {
    /// The publication deadline of 条例第四十九条 for a report on `year`: 1月31日 of the next year for a
    /// department (县级以上人民政府部门), 3月31日 for a government's own report.
    static func deadline(year: Int, kind: AgencyKind) -> ReportDate {
        kind == .government ? ReportDate(year + 1, 3, 31) : ReportDate(year + 1, 1, 31)
    }

    /// D1: the report's date is before the end of the reporting year, or after its deadline (条例第四十九条).
    static func d1(_ r: AnnualReport, _: AnnualReport?) -> [Finding] {
        guard let year = r.year else {
            return [Finding(rule: .D1, severity: .info, table: "元数据", message: "无法核对报告日期：未识别报告年度")]
        }
        if r.date == nil, let bad = r.invalidDateText {
            return [Finding(rule: .D1, severity: .error, table: "元数据", row: "日期", message: "报告日期“\(bad)”不是有效日期", source: r.dateSource)]
        }
        guard let date = r.date else {
            return [Finding(rule: .D1, severity: .info, table: "元数据", message: "无法核对报告日期：报告未载明成文或发布日期")]
        }
        if date <= ReportDate(year, 12, 31) {
            return [Finding(rule: .D1, severity: .error, table: "元数据", row: "日期",
                            message: "报告日期\(date.chinese)早于报告年度（\(year)年）结束，不可能统计全年情况", source: r.dateSource)]
        }
        let due = deadline(year: year, kind: r.agencyKind)
        if date > due {
            let who = r.agencyKind == .government ? "本级政府年度报告" : "政府部门年度报告"
            return [Finding(rule: .D1, severity: .error, table: "元数据", row: "日期",
                            message: "报告日期\(date.chinese)晚于法定期限\(due.chinese)（\(who)，条例第四十九条）", source: r.dateSource)]
        }
        return []
    }

    /// D2: the years in the title, the statistics period and the tables disagree.
    static func d2(_ r: AnnualReport, _: AnnualReport?) -> [Finding] {
        let years = Set(r.yearMentions.map(\.year))
        guard years.count > 1 else { return [] }
        let detail = r.yearMentions.map { "\($0.place.rawValue)\($0.year)年" }.joined(separator: "、")
        return [Finding(rule: .D2, severity: .error, table: "元数据", row: "年度",
                        message: "报告年度不一致：\(detail)", source: r.yearMentions.last?.source)]
    }
}

/// Rules on the narrative sections: T1, T2 (2021 format).
enum TextRules {
    /// "篇幅原则上不超过一千字" (国办公开办函〔2021〕30号 （一）).
    static let overviewLimit = 1000

    /// Characters of a text, whitespace excluded.
    static func length(_ s: String) -> Int { s.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.count }

    /// T1 (2021, warning): 一、总体情况 longer than about 1000 characters.
    static func t1(_ r: AnnualReport, _: AnnualReport?) -> [Finding] {
        guard r.format == .f2021, let s = r.section(1), s.present else { return [] }
        let n = length(s.text)
        guard n > overviewLimit else { return [] }
        return [Finding(rule: .T1, severity: .warning, table: "正文", row: s.heading,
                        message: "总体情况约\(n)字，超过“原则上不超过一千字”", source: s.source)]
    }

    /// T2 (2021, warning): 六、其他需要报告的事项 does not report 信息处理费.
    static func t2(_ r: AnnualReport, _: AnnualReport?) -> [Finding] {
        guard r.format == .f2021, let s = r.section(6), s.present else { return [] }
        guard !s.text.contains("信息处理费") else { return [] }
        return [Finding(rule: .T2, severity: .warning, table: "正文", row: s.heading,
                        message: "第六部分未报告收取信息处理费的情况（2021年格式要求在此专门报告）", source: s.source)]
    }
}
