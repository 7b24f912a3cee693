import Foundation

/// The national annual-report format (政府信息公开工作年度报告格式).
///
/// - `f2019`: 国办公开办函〔2019〕60号, 《中华人民共和国政府信息公开工作年度报告格式（试行）》,
///   used for the 2019 and 2020 reports.
/// - `f2021`: 国办公开办函〔2021〕30号, 《中华人民共和国政府信息公开工作年度报告格式》,
///   used from the 2021 report on.
///
/// Every row and column label below is the official wording of the format's template (附件).
public enum ReportFormat: String, Codable, Sendable, CaseIterable {
    case f2019 = "2019"
    case f2021 = "2021"

    /// The format that applies to a report year: 2019 for 2019–2020, 2021 from 2021 on.
    public static func applicable(toYear year: Int) -> ReportFormat {
        year >= 2021 ? .f2021 : .f2019
    }

    /// The notice that issued the format.
    public var notice: String {
        switch self {
        case .f2019: return "国办公开办函〔2019〕60号"
        case .f2021: return "国办公开办函〔2021〕30号"
        }
    }

    /// Table 二 (主动公开政府信息情况) blocks, each headed by an item of 条例第二十条.
    public var table2Blocks: [Table2BlockSpec] {
        switch self {
        case .f2019:
            return [
                Table2BlockSpec(id: "20.1", item: "第二十条第（一）项",
                                columns: ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
                                rows: ["规章", "规范性文件"]),
                Table2BlockSpec(id: "20.5", item: "第二十条第（五）项",
                                columns: ["上一年项目数量", "本年增/减", "处理决定数量"],
                                rows: ["行政许可", "其他对外管理服务事项"]),
                Table2BlockSpec(id: "20.6", item: "第二十条第（六）项",
                                columns: ["上一年项目数量", "本年增/减", "处理决定数量"],
                                rows: ["行政处罚", "行政强制"]),
                Table2BlockSpec(id: "20.8", item: "第二十条第（八）项",
                                columns: ["上一年项目数量", "本年增/减"],
                                rows: ["行政事业性收费"]),
                Table2BlockSpec(id: "20.9", item: "第二十条第（九）项",
                                columns: ["采购项目数量", "采购总金额"],
                                rows: ["政府集中采购"]),
            ]
        case .f2021:
            return [
                Table2BlockSpec(id: "20.1", item: "第二十条第（一）项",
                                columns: ["本年制发件数", "本年废止件数", "现行有效件数"],
                                rows: ["规章", "行政规范性文件"]),
                Table2BlockSpec(id: "20.5", item: "第二十条第（五）项",
                                columns: ["本年处理决定数量"],
                                rows: ["行政许可"]),
                Table2BlockSpec(id: "20.6", item: "第二十条第（六）项",
                                columns: ["本年处理决定数量"],
                                rows: ["行政处罚", "行政强制"]),
                Table2BlockSpec(id: "20.8", item: "第二十条第（八）项",
                                columns: ["本年收费金额（单位：万元）"],
                                rows: ["行政事业性收费"]),
            ]
        }
    }

    /// Table 三 rows in template order: 23 rows in the 2019 format, 25 in the 2021 format.
    public var table3Rows: [Table3RowSpec] {
        var rows: [Table3RowSpec] = [
            .init(id: "new", label: "一、本年新收政府信息公开申请数量", group: nil, role: .intake),
            .init(id: "carriedIn", label: "二、上年结转政府信息公开申请数量", group: nil, role: .intake),
            .init(id: "granted", label: "（一）予以公开", group: "三、本年度办理结果", role: .outcome),
            .init(id: "partlyGranted", label: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", group: "三、本年度办理结果", role: .outcome),
        ]
        let refused = ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
                       "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"]
        for (i, l) in refused.enumerated() {
            rows.append(.init(id: "refused.\(i + 1)", label: l, group: "（三）不予公开", role: .outcome))
        }
        let unable = ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]
        for (i, l) in unable.enumerated() {
            rows.append(.init(id: "unable.\(i + 1)", label: l, group: "（四）无法提供", role: .outcome))
        }
        let notProcessed = ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
                            "5.要求行政机关确认或重新出具已获取信息"]
        for (i, l) in notProcessed.enumerated() {
            rows.append(.init(id: "notProcessed.\(i + 1)", label: l, group: "（五）不予处理", role: .outcome))
        }
        switch self {
        case .f2019:
            rows.append(.init(id: "other", label: "（六）其他处理", group: "三、本年度办理结果", role: .outcome))
        case .f2021:
            let other = ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                         "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                         "3.其他"]
            for (i, l) in other.enumerated() {
                rows.append(.init(id: "other.\(i + 1)", label: l, group: "（六）其他处理", role: .outcome))
            }
        }
        rows.append(.init(id: "total", label: "（七）总计", group: "三、本年度办理结果", role: .total))
        rows.append(.init(id: "carriedOver", label: "四、结转下年度继续办理", group: nil, role: .carriedOver))
        return rows
    }

    /// Table 三's merged labels as the template prints them (国办公开办函〔2021〕30号, 〔2019〕60号): for each row (by its
    /// official label, in template order), the headings that open before it — "三、本年度办理结果" before （一）予以公开,
    /// then "（三）不予公开" … "（六）其他处理" before the first numbered row of each group (the rows' `group`).
    /// - Returns: one list per label, empty for most rows; a label of neither format gets none.
    public static func table3Headings(_ labels: [String]) -> [[String]] {
        let specs = ReportFormat.f2021.table3Rows + ReportFormat.f2019.table3Rows
        let main = "三、本年度办理结果"
        var printedMain = false
        var previous: String?
        return labels.map { label in
            let group = specs.first { $0.label == label }?.group
            var out: [String] = []
            if let group {
                if !printedMain { out.append(main); printedMain = true }
                if group != main && group != previous { out.append(group) }
            }
            previous = group
            return out
        }
    }

    /// Table 三's seven columns: 自然人, the five 法人或其他组织 kinds, 总计.
    public static let table3Columns: [String] = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]

    /// Table 四's three groups (行政复议; 行政诉讼 未经复议直接起诉 / 复议后起诉).
    public static let table4Groups: [String] = ["行政复议", "未经复议直接起诉", "复议后起诉"]
    /// The five cells of each table 四 group.
    public static let table4Columns: [String] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

    /// Official section headings (一 … 六) of the template.
    public static let sectionHeadings: [String] = [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]

    /// The 勾稽关系 note printed in table 三's top-left cell (rule R1's source wording).
    public static let table3Note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
}

/// One block of table 二: an item of 条例第二十条 with its columns and rows.
public struct Table2BlockSpec: Sendable, Hashable {
    /// Stable id, e.g. "20.1" for 第二十条第（一）项.
    public let id: String
    /// The block header, e.g. "第二十条第（一）项".
    public let item: String
    /// Value column labels (the 信息内容 column excluded).
    public let columns: [String]
    /// Row labels (信息内容).
    public let rows: [String]
}

/// One row of table 三.
public struct Table3RowSpec: Sendable, Hashable {
    public enum Role: String, Sendable { case intake, outcome, total, carriedOver }
    /// Stable id used in JSON and rule findings, e.g. "refused.3", "total".
    public let id: String
    /// Official row label.
    public let label: String
    /// The merged label the row sits under (e.g. "（三）不予公开"), when any.
    public let group: String?
    public let role: Role
}
