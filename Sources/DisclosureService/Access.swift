import DisclosureRules
import DisclosureStore
import Foundation

/// Which agencies' records a staff member may read or change: every agency (the CLI, run by whoever holds the
/// database; a national oversight officer), or a list of agency codes (a clerk's or head's own agency; an oversight
/// officer's region: the agency named and the agencies under it).
public enum AccessScope: Sendable, Equatable, Codable {
    case all
    case agencies([String])

    public func includes(_ agencyCode: String) -> Bool {
        switch self {
        case .all: true
        case .agencies(let codes): codes.contains(agencyCode)
        }
    }
}

/// What a person can do in the platform, besides the application lifecycle (whose table, `ApplicationLifecycle`,
/// says which role takes which step).
public enum Permission: String, Sendable, CaseIterable {
    /// The queue, application pages, appeals, report counts of the agencies in scope.
    case readApplications
    /// Full identity numbers, phones and addresses of applicants (the handling staff's pages only).
    case readPersonalData
    /// Register applications, import ledgers, record appeals (and the lifecycle steps the table allows the role).
    case handleApplications
    /// Table 二 figures and report text.
    case editReports
    /// Publish a report (条例第四十九条: the agency's own act, by the head of the office).
    case publishReports
    /// Import the last report published before Gongkai as the previous year's (carry-over, cross-year rules).
    case importBaseline
    /// The region's rollup and every agency's report status.
    case readRollup
    /// Agencies and their 政府信息公开指南 settings.
    case manageAgencies
    /// Staff accounts.
    case manageUsers
    /// The working-day calendar (holiday notices, days off).
    case manageCalendar
    /// The catalogue (issue 12), read: the items of the agencies in scope, with their review and 第二十六条 status.
    case readCatalogue
    /// Catalogue items drafted, edited, published (after a passed 保密审查) and repealed; decision counts of table 二.
    case editCatalogue
    /// Record a 保密审查 (条例第十七条) of a catalogue item, naming the reviewer.
    case reviewCatalogue
    /// An agency's 索引号 settings (organisation code, pattern).
    case manageCatalogue
}

extension StaffRole {
    /// The role × permission matrix of the platform: clerks (registrar, handler) handle their agency's applications,
    /// the head also publishes and extends (条例第三十三条), the oversight office reads its region without personal
    /// data, the administrator keeps agencies, users and the calendar and sees no application.
    public func may(_ p: Permission) -> Bool {
        switch (self, p) {
        case (.registrar, .readApplications), (.registrar, .readPersonalData), (.registrar, .handleApplications): true
        case (.handler, .readApplications), (.handler, .readPersonalData), (.handler, .handleApplications), (.handler, .editReports): true
        case (.head, .readApplications), (.head, .readPersonalData), (.head, .handleApplications), (.head, .editReports),
             (.head, .publishReports), (.head, .importBaseline): true
        case (.oversight, .readApplications), (.oversight, .readRollup): true
        case (.admin, .manageAgencies), (.admin, .manageUsers), (.admin, .manageCalendar), (.admin, .importBaseline): true
        // The catalogue: clerks and the head read it; the handler and the head edit, publish and repeal (publication
        // still needs a passed 保密审查); only the head records a 保密审查 (the office's responsible person signs for
        // it — the reviewer named in the record may be another person, e.g. the 保密 officer); the head and the
        // administrator set the 索引号; the oversight office reads.
        case (.registrar, .readCatalogue), (.handler, .readCatalogue), (.head, .readCatalogue), (.oversight, .readCatalogue): true
        case (.handler, .editCatalogue), (.head, .editCatalogue): true
        case (.head, .reviewCatalogue): true
        case (.head, .manageCatalogue), (.admin, .manageCatalogue): true
        default: false
        }
    }
}

extension Permission {
    /// In words, for the refusal message.
    public var label: String {
        switch self {
        case .readApplications: "查看申请"
        case .readPersonalData: "查看申请人身份信息"
        case .handleApplications: "办理申请"
        case .editReports: "填写年度报告"
        case .publishReports: "发布年度报告"
        case .importBaseline: "导入上年基准报告"
        case .readRollup: "查看汇总"
        case .manageAgencies: "管理机关"
        case .manageUsers: "管理用户"
        case .manageCalendar: "管理工作日日历"
        case .readCatalogue: "查看政府信息公开目录"
        case .editCatalogue: "编辑、发布政府信息公开目录"
        case .reviewCatalogue: "记录保密审查结果"
        case .manageCatalogue: "设置索引号或导入整个目录"
        }
    }
}

extension Service {
    /// Refuses unless `member`'s role has `permission` and, when an agency is named, the agency is in its scope.
    /// - Throws: `ServiceError` (`notAllowed`; for an agency out of scope `notFound`, so that records of other agencies
    ///   are not even confirmed to exist).
    public func authorize(_ member: StaffMember, _ permission: Permission, agencyCode: String? = nil) throws {
        if member.isSystem { return }
        guard member.role.may(permission) else {
            throw ServiceError(.notAllowed, "角色“\(member.role.label)”无权\(permission.label)")
        }
        if let agencyCode, !member.scope.includes(agencyCode) {
            throw ServiceError(.notFound, "机关“\(agencyCode)”不存在或不在您的权限范围内")
        }
    }

    /// `authorize` for the agency of an application; returns that agency's code.
    /// - Throws: `ServiceError` (`notFound` for an unknown code or one out of scope: the same message either way).
    @discardableResult
    func authorize(_ member: StaffMember, _ permission: Permission, applicationCode code: String) async throws -> String {
        if member.isSystem { return "" }
        guard member.role.may(permission) else {
            throw ServiceError(.notAllowed, "角色“\(member.role.label)”无权\(permission.label)")
        }
        let normalized = code.trimmedWhitespace.uppercased()
        guard let app = try await store.application(code: normalized), case let agency = try await store.agencyCode(id: app.agencyID),
              member.scope.includes(agency) else {
            throw ServiceError(.notFound, "申请“\(code)”不存在或不在您的权限范围内（请核对查询码）")
        }
        return agency
    }

    /// The lifecycle steps `member` may take on an application in `state` (the transition table for the role), in
    /// the table's order, each once.
    public static func allowedActions(state: ApplicationState, role: StaffRole) -> [ApplicationAction] {
        var out: [ApplicationAction] = []
        for t in ApplicationLifecycle.transitions where t.from == state && t.roles.contains(role) && !out.contains(t.action) {
            out.append(t.action)
        }
        return out
    }
}
