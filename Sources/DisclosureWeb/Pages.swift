import DisclosureRules
import DisclosureService
import Foundation
import Vapor

/// What every page's layout needs.
struct PageInfo: Encodable {
    var title: String
    /// The page's language (`<html lang>`): zh-CN or en.
    var lang: String
    var english: Bool
    var demo: Bool
    var csrf: String
    var user: UserBadge?
    /// The nav entries the user may open.
    var nav: Nav

    struct UserBadge: Encodable {
        var displayName: String
        var roleLabel: String
        var agencyCode: String?
    }

    struct Nav: Encodable {
        var queue = false
        var receive = false
        var appeals = false
        var ledger = false
        var reports = false
        var rollup = false
        var admin = false
        var outbox = false
        /// The catalogue's back office (`readCatalogue`), or its 索引号 settings for the administrator.
        var catalogue = false
        var catalogueSettings = false
    }

    init(_ req: Request, title: String) {
        self.title = title
        lang = req.lang.rawValue
        english = req.lang == .en
        demo = req.platform.settings.demo
        csrf = req.csrfToken
        if let s = req.staff {
            user = UserBadge(displayName: s.user.displayName, roleLabel: req.tv("role", s.user.roleLabel), agencyCode: s.user.agencyCode)
            let r = s.member.role
            nav = Nav(queue: r.may(.readApplications), receive: r.may(.handleApplications), appeals: r.may(.readApplications),
                      ledger: r.may(.handleApplications), reports: r.may(.readApplications), rollup: r.may(.readRollup),
                      admin: r.may(.manageUsers), outbox: r == .admin || r == .head,
                      catalogue: r.may(.readCatalogue), catalogueSettings: !r.may(.readCatalogue) && r.may(.manageCatalogue))
        } else {
            nav = Nav()
        }
    }
}

struct ErrorPage: Encodable {
    var page: PageInfo
    var status: Int
    var message: String
    var details: [String]
}

/// A code and its label, for the options of a select.
struct Option: Encodable, Equatable {
    var code: String
    var label: String
}

enum Options {
    static let applicantKinds = ApplicantKind.allCases.map { Option(code: $0.rawValue, label: $0.label) }
    static let idTypes = IdentityDocumentKind.allCases.map { Option(code: $0.rawValue, label: $0.chinese) }
    static let provisionForms = ProvisionForm.allCases.map { Option(code: $0.rawValue, label: $0.chinese) }
    static let deliveryMethods = DeliveryMethod.allCases.map { Option(code: $0.rawValue, label: $0.chinese) }
    static let channels = SubmissionChannel.allCases.map { Option(code: $0.rawValue, label: $0.chinese) }
    static let states = ApplicationState.allCases.map { Option(code: $0.rawValue, label: $0.label) }
    static let consultationKinds = ConsultationKind.allCases.map { Option(code: $0.rawValue, label: $0.chinese) }
    static let roles = StaffRole.allCases.map { Option(code: $0.rawValue, label: $0.label) }
    static let appealKinds = AppealKind.allCases.map { Option(code: $0.rawValue, label: $0.label) }
    static let appealResults = AppealResult.allCases.map { Option(code: $0.rawValue, label: $0.label) }

    /// The outcomes of table 三 (2021 format) in template order, each with its group: 予以公开, 部分公开, 不予公开：…,
    /// 无法提供：…, 不予处理：…, 其他处理：….
    static let outcomes: [Option] = Outcome.allCases.map { o in
        let group: String
        switch o.rawValue.split(separator: ".").first.map(String.init) ?? "" {
        case "refused": group = "不予公开："
        case "unable": group = "无法提供："
        case "notProcessed": group = "不予处理："
        case "other": group = "其他处理："
        default: group = ""
        }
        return Option(code: o.rawValue, label: group + o.label)
    }
}

extension Request {
    /// A local path to go back to after login (never another site).
    func safeNext(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\"), !raw.contains(":") else { return "/staff" }
        return raw
    }
}

/// Table 三's column heads in the template's three levels: 申请人情况 over 自然人, 法人或其他组织 (five kinds) and 总计.
struct Table3Columns: Encodable {
    var person: String
    var organisations: [String]
    var total: String
    init(_ columns: [String]) {
        person = columns.first ?? ""
        organisations = Array(columns.dropFirst().dropLast())
        total = columns.count > 1 ? columns.last! : ""
    }
}
