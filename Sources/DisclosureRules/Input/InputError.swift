import Foundation

/// A field of input that a person types (a CLI option, a form field, a ledger column), named in a way every front
/// end can map to its own wording: `key` is stable (e.g. `submittedAt`), `label` is the Chinese name used in messages.
public struct InputField: Hashable, Sendable, CustomStringConvertible {
    /// Stable identifier, e.g. `submittedAt`; a front end maps it to its option (`--submitted`) or form field.
    public let key: String
    /// Chinese name, e.g. `提交时刻`.
    public let label: String
    public init(_ key: String, _ label: String) { self.key = key; self.label = label }
    public var description: String { label }

    public static let submittedAt = InputField("submittedAt", "提交时刻")
    public static let confirmedAt = InputField("confirmedAt", "确认时刻")
    public static let receivedDate = InputField("receivedDate", "收到申请之日")
    public static let applicantName = InputField("applicantName", "申请人姓名或名称")
    public static let idNumber = InputField("idNumber", "身份证件号码")
    public static let phone = InputField("phone", "联系电话")
    public static let address = InputField("address", "联系地址")
    public static let email = InputField("email", "电子邮箱")
    public static let requestText = InputField("requestText", "申请内容")
    public static let actorName = InputField("actorName", "经办人")
    public static let reason = InputField("reason", "理由")
    public static let lateReason = InputField("lateReason", "逾期理由")
    /// A whole-sentence refusal about the order of a record's steps (no field label before it).
    public static let recordOrder = InputField("recordOrder", "")
    public static let pages = InputField("pages", "页数")
    public static let applicationNumber = InputField("applicationNumber", "本月申请件数")
    public static let limitDays = InputField("limitDays", "答复期限工作日数")
    public static let extensionDays = InputField("extensionDays", "延长工作日数")
    public static let dayOffName = InputField("dayOffName", "休息日名称")
    public static let date = InputField("date", "日期")
    public static let year = InputField("year", "年度")
    public static let count = InputField("count", "数量")
    public static let text = InputField("text", "文字")
    public static let appealID = InputField("appealID", "案件编号")
    public static let infoTitle = InputField("infoTitle", "所需信息的名称")
    public static let documentNumber = InputField("documentNumber", "文号")
    public static let username = InputField("username", "用户名")
    public static let password = InputField("password", "密码")
    public static let displayName = InputField("displayName", "姓名")
    public static let search = InputField("search", "搜索")
}

/// Input refused before anything is computed or stored: an impossible timestamp, a date outside the period the law
/// covers, an identifier with a wrong check digit, a text with invisible characters, a count beyond a plausible bound.
/// `description` is a Chinese message naming the field; it never names a CLI option (front ends add that).
public struct InputError: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
    public var field: InputField
    /// Why, in Chinese, without the field's name (`description` adds it).
    public var reason: String

    public init(_ field: InputField, _ reason: String) { self.field = field; self.reason = reason }

    public var description: String { "\(field.label)\(reason)" }
    public var errorDescription: String? { description }
}
