import Foundation

/// 上一年项目数量 and 本年增/减 of a 2019-format table 二 row (第二十条第（五）（六）（八）项).
public struct ProjectCounts: Hashable, Sendable, Codable {
    public var previousYear: Int
    /// May be negative (real reports print e.g. "-18"; rule I4).
    public var change: Int
    public init(previousYear: Int, change: Int) { self.previousYear = previousYear; self.change = change }
}

/// The figures of table 二 that do not come from catalogue items: decision counts of 第二十条第（五）（六）项, the fees of
/// 第二十条第（八）项 and, for the 2019 format, the project counts and 政府集中采购 (第二十条第（九）项). A nil figure is left
/// blank in the table (rule S2 reports it).
public struct DecisionFigures: Hashable, Sendable, Codable {
    /// 行政许可 decisions of the year — all of them, published or not (国办公开办函〔2021〕30号, rule R5).
    public var licensingDecisions: Int?
    /// 2019 format only: 其他对外管理服务事项 decisions.
    public var otherServiceDecisions: Int?
    /// 行政处罚 decisions (all, R5).
    public var penaltyDecisions: Int?
    /// 行政强制 decisions (all, R5).
    public var enforcementDecisions: Int?
    /// 2021 format: 本年收费金额, in **万元** (rule R6).
    public var feesWanYuan: Decimal?
    /// 2019 format: 上一年项目数量 and 本年增/减 of 行政许可, 其他对外管理服务事项, 行政处罚, 行政强制, 行政事业性收费.
    public var licensingProjects: ProjectCounts?
    public var otherServiceProjects: ProjectCounts?
    public var penaltyProjects: ProjectCounts?
    public var enforcementProjects: ProjectCounts?
    public var feeProjects: ProjectCounts?
    /// 2019 format: 政府集中采购 采购项目数量 and 采购总金额 (the format prints no unit; stored as entered).
    public var procurementProjects: Int?
    public var procurementAmount: Decimal?

    public init(licensingDecisions: Int? = nil, otherServiceDecisions: Int? = nil, penaltyDecisions: Int? = nil,
                enforcementDecisions: Int? = nil, feesWanYuan: Decimal? = nil, licensingProjects: ProjectCounts? = nil,
                otherServiceProjects: ProjectCounts? = nil, penaltyProjects: ProjectCounts? = nil,
                enforcementProjects: ProjectCounts? = nil, feeProjects: ProjectCounts? = nil, procurementProjects: Int? = nil,
                procurementAmount: Decimal? = nil) {
        self.licensingDecisions = licensingDecisions; self.otherServiceDecisions = otherServiceDecisions
        self.penaltyDecisions = penaltyDecisions; self.enforcementDecisions = enforcementDecisions; self.feesWanYuan = feesWanYuan
        self.licensingProjects = licensingProjects; self.otherServiceProjects = otherServiceProjects
        self.penaltyProjects = penaltyProjects; self.enforcementProjects = enforcementProjects; self.feeProjects = feeProjects
        self.procurementProjects = procurementProjects; self.procurementAmount = procurementAmount
    }
}

/// One computed row of table 二: block id of `ReportFormat.table2Blocks` ("20.1" …), row label, one value per column
/// (`.blank` where the figure is not known).
public struct Table2ComputedRow: Hashable, Sendable {
    public var block: String
    public var row: String
    public var values: [CellValue]
}

/// Table 二 (主动公开政府信息情况) computed from the catalogue and the decision figures — a pure function, so a test can
/// count the same items independently.
///
/// 第二十条第（一）项 counts **published** catalogue items whose `documentKind` is 规章 or 行政规范性文件 (drafts and items
/// under review are not yet in the catalogue). The data are as of 12月31日 of the report year (国办公开办函〔2021〕30号,
/// rule R4): an item whose validity ended on or before 12月31日 is no longer in force then.
///
/// 2021 format (本年制发件数 / 本年废止件数 / 现行有效件数, rows 规章 and 行政规范性文件):
/// - 本年制发件数: 成文日期 in the report year;
/// - 本年废止件数: repealed (废止) with a date in the report year — lapsed (失效) documents are not 废止 and are not
///   counted here (spec §3.3: documents also lapse by 清理 or expiry, which is why 现行有效 continuity H1 is a
///   warning);
/// - 现行有效件数: 成文日期 on or before 12月31日 and in force on 12月31日.
///
/// 2019 format (本年新制作数量 / 本年新公开数量 / 对外公开总数量, rows 规章 and 规范性文件) **(interpretation: the format
/// does not define the columns)**:
/// - 本年新制作数量: 成文日期 in the report year;
/// - 本年新公开数量: 发布日期 in the report year;
/// - 对外公开总数量: 发布日期 on or before 12月31日, repealed ones included (they stay publicly visible).
///
/// The other blocks are the `DecisionFigures` as given (2019: 处理决定数量 beside the project counts).
public enum CatalogueTable2 {
    public static func compute(format: ReportFormat, year: Int, items: [CatalogueItem], decisions: DecisionFigures) -> [Table2ComputedRow] {
        let yearEnd = CalendarDate(year: year, month: 12, day: 31)!
        let published = items.filter { $0.state == .published }
        func documents(_ kind: DocumentKind) -> [CatalogueItem] { published.filter { $0.documentKind == kind } }
        func n(_ v: Int) -> CellValue { .number(Decimal(v)) }
        func opt(_ v: Int?) -> CellValue { v.map(n) ?? .blank }
        func amount(_ v: Decimal?) -> CellValue { v.map(CellValue.number) ?? .blank }
        var rows: [Table2ComputedRow] = []
        switch format {
        case .f2021:
            for kind in [DocumentKind.rule, .normativeDocument] {
                let docs = documents(kind)
                let issued = docs.filter { $0.writtenOn?.year == year }.count
                let repealed = docs.filter { if case .repealed(let d, _) = $0.validity { d.year == year } else { false } }.count
                let inForce = docs.filter { ($0.writtenOn.map { $0 <= yearEnd } ?? false) && $0.validity.isInForce(on: yearEnd) }.count
                rows.append(Table2ComputedRow(block: "20.1", row: kind == .rule ? "规章" : "行政规范性文件", values: [n(issued), n(repealed), n(inForce)]))
            }
            rows.append(Table2ComputedRow(block: "20.5", row: "行政许可", values: [opt(decisions.licensingDecisions)]))
            rows.append(Table2ComputedRow(block: "20.6", row: "行政处罚", values: [opt(decisions.penaltyDecisions)]))
            rows.append(Table2ComputedRow(block: "20.6", row: "行政强制", values: [opt(decisions.enforcementDecisions)]))
            rows.append(Table2ComputedRow(block: "20.8", row: "行政事业性收费", values: [amount(decisions.feesWanYuan)]))
        case .f2019:
            for kind in [DocumentKind.rule, .normativeDocument] {
                let docs = documents(kind)
                let made = docs.filter { $0.writtenOn?.year == year }.count
                let newlyPublished = docs.filter { $0.publishedOn?.year == year }.count
                let total = docs.filter { ($0.publishedOn.map { $0 <= yearEnd } ?? false) }.count
                rows.append(Table2ComputedRow(block: "20.1", row: kind == .rule ? "规章" : "规范性文件", values: [n(made), n(newlyPublished), n(total)]))
            }
            func project(_ p: ProjectCounts?, _ decided: Int?) -> [CellValue] {
                [opt(p?.previousYear), opt(p?.change), opt(decided)]
            }
            rows.append(Table2ComputedRow(block: "20.5", row: "行政许可", values: project(decisions.licensingProjects, decisions.licensingDecisions)))
            rows.append(Table2ComputedRow(block: "20.5", row: "其他对外管理服务事项", values: project(decisions.otherServiceProjects, decisions.otherServiceDecisions)))
            rows.append(Table2ComputedRow(block: "20.6", row: "行政处罚", values: project(decisions.penaltyProjects, decisions.penaltyDecisions)))
            rows.append(Table2ComputedRow(block: "20.6", row: "行政强制", values: project(decisions.enforcementProjects, decisions.enforcementDecisions)))
            rows.append(Table2ComputedRow(block: "20.8", row: "行政事业性收费", values: [opt(decisions.feeProjects?.previousYear), opt(decisions.feeProjects?.change)]))
            rows.append(Table2ComputedRow(block: "20.9", row: "政府集中采购", values: [opt(decisions.procurementProjects), amount(decisions.procurementAmount)]))
        }
        return rows
    }

    /// Writes computed rows into a report's table 二 (rows the report's format lacks are ignored).
    public static func apply(_ rows: [Table2ComputedRow], to report: inout AnnualReport) {
        for r in rows { report.setTable2(block: r.block, row: r.row, r.values) }
    }
}
