import Foundation

/// How serious a finding is. `error` makes `gongkai audit` exit 1.
public enum Severity: String, Codable, Sendable, Comparable {
    case error, warning, info
    private var rank: Int { switch self { case .error: 0; case .warning: 1; case .info: 2 } }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    /// Chinese label: 错误 / 警告 / 提示.
    public var chinese: String { switch self { case .error: "错误"; case .warning: "警告"; case .info: "提示" } }
}

/// The identifiers of the validation rules (see `RuleCatalog`).
public enum RuleID: String, Codable, Sendable, CaseIterable {
    case R1, I1, I2, I3, I4, I5, I6, H1, S1, S2, S3, S4, D1, D2, T1, T2, T3, N1, P1, O1
}

/// One finding of the rule engine: which rule, how serious, where, why (in Chinese) and where in the source.
public struct Finding: Sendable, Hashable {
    public var rule: RuleID
    public var severity: Severity
    /// "表二", "表三", "表四", "正文" or "元数据".
    public var table: String
    /// Row label (official) or section heading, when the finding concerns one.
    public var row: String?
    /// Column label, when the finding concerns one.
    public var column: String?
    public var message: String
    public var source: SourceRef?

    public init(rule: RuleID, severity: Severity, table: String, row: String? = nil, column: String? = nil,
                message: String, source: SourceRef? = nil) {
        self.rule = rule; self.severity = severity; self.table = table; self.row = row
        self.column = column; self.message = message; self.source = source
    }
}

/// What each rule checks and where it comes from.
public enum RuleCatalog {
    /// The source of each rule (article of the 条例, the format notice, or an inference noted as such).
    public static func source(_ rule: RuleID) -> String {
        switch rule {
        case .R1: return "年报格式表三勾稽关系（国办公开办函〔2019〕60号、〔2021〕30号）"
        case .I1: return "表三“总计”列（由表头推出）"
        case .I2: return "表三“（七）总计”行（由表头推出）"
        case .I3: return "表四各组“总计”（由表头推出）"
        case .I4: return "表三、表四为件数（非负整数）"
        case .I5: return "上年结转＝上年报告结转下年度（由行名推出）"
        case .I6: return "2019年格式表二“上一年项目数量”连续性（解读）"
        case .H1: return "现行有效件数连续性（第三方工具经验规则）"
        case .S1: return "年报格式六部分“不能遗漏”"
        case .S2: return "年报格式表格须填写完整"
        case .S3: return "年报格式表格列数"
        case .S4: return "年报格式官方行列标签"
        case .D1: return "条例第四十九条（部门1月31日前，本级政府3月31日前）"
        case .D2: return "年报格式（报告年度）"
        case .T1: return "国办公开办函〔2021〕30号“篇幅原则上不超过一千字”"
        case .T2: return "国办公开办函〔2021〕30号（六）“收取信息处理费的情况，在此处专门报告”"
        case .T3: return "年报格式（五）“不得出现敷衍了事甚至年年雷同现象”"
        case .N1: return "正文所述件数与表三、表四一致（本系统规则：同一报告的文字与表格应为同一组数据）"
        case .P1: return "个人信息保护法第十条、条例第十五条（公开会侵害第三方合法权益的个人隐私的，不得公开）"
        case .O1: return "国办公开办函〔2019〕60号“对‘其他处理’数量偏高的行政机关，要了解情况”"
        }
    }
}
