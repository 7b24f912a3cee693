import Foundation

/// The three groups of report table 四.
public enum AppealKind: String, Codable, CaseIterable, Sendable {
    /// 行政复议.
    case reconsideration
    /// 行政诉讼 — 未经复议直接起诉.
    case litigationDirect = "litigation-direct"
    /// 行政诉讼 — 复议后起诉.
    case litigationAfterReconsideration = "litigation-after-reconsideration"

    public var label: String { ReportFormat.table4Groups[group] }
    /// Group index 0…2 in table 四.
    public var group: Int { Self.allCases.firstIndex(of: self)! }

    public init?(text: String) {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let k = AppealKind(rawValue: t) { self = k; return }
        switch t {
        case "行政复议", "复议": self = .reconsideration
        case "未经复议直接起诉", "直接起诉", "行政诉讼": self = .litigationDirect
        case "复议后起诉": self = .litigationAfterReconsideration
        default: return nil
        }
    }
}

/// The result columns of table 四 (总计 is their sum).
public enum AppealResult: String, Codable, CaseIterable, Sendable {
    case upheld, corrected, other, pending

    /// Official column label: 结果维持 / 结果纠正 / 其他结果 / 尚未审结.
    public var label: String { ReportFormat.table4Columns[column] }
    public var column: Int { Self.allCases.firstIndex(of: self)! }

    public init?(text: String) {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let r = AppealResult(rawValue: t) { self = r; return }
        switch t {
        case "结果维持", "维持": self = .upheld
        case "结果纠正", "纠正", "撤销", "确认违法", "责令履行": self = .corrected
        case "其他结果", "其他", "驳回", "撤回", "终止": self = .other
        case "尚未审结", "未审结", "审理中": self = .pending
        default: return nil
        }
    }
}
