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

/// What the applicant says about the information and how they want it (条例第二十九条第二款第（二）、（三）项), besides
/// the description itself (`requestText`): the title and 文号 when known, the form and the way of provision.
public struct RequestDetails: Sendable, Equatable, Codable {
    /// 政府信息的名称 (at most `InputLimits.shortText` characters after cleaning).
    public var title: String?
    /// 文号 (at most 100 characters).
    public var documentNumber: String?
    public var form: ProvisionForm?
    public var delivery: DeliveryMethod?
    public init(title: String? = nil, documentNumber: String? = nil, form: ProvisionForm? = nil, delivery: DeliveryMethod? = nil) {
        self.title = title; self.documentNumber = documentNumber; self.form = form; self.delivery = delivery
    }
}
