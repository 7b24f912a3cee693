import Foundation

/// The form in which the applicant asks to be given the information (条例第二十九条第二款第（三）项 申请公开的政府信息
/// 的形式要求; 条例第四十条: the agency decides by the applicant's request and how it keeps the information).
public enum ProvisionForm: String, Codable, CaseIterable, Sendable {
    case paper, electronic, other
    /// 纸质 / 电子 / 其他.
    public var chinese: String { switch self { case .paper: "纸质"; case .electronic: "电子"; case .other: "其他" } }
}

/// How the applicant asks to obtain the information (条例第二十九条第二款第（三）项 获取信息的方式).
public enum DeliveryMethod: String, Codable, CaseIterable, Sendable {
    case collect, post, email, online, other
    /// 当面领取 / 邮寄 / 电子邮件 / 网上获取 / 其他.
    public var chinese: String {
        switch self {
        case .collect: "当面领取"
        case .post: "邮寄"
        case .email: "电子邮件"
        case .online: "网上获取"
        case .other: "其他"
        }
    }
}
