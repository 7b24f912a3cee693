import Foundation

/// The applicant's kind, exactly the six columns of report table 三 (申请人情况).
public enum ApplicantKind: String, Codable, CaseIterable, Sendable {
    case naturalPerson = "natural-person"
    case commercialEnterprise = "commercial-enterprise"
    case researchInstitution = "research-institution"
    case socialWelfareOrganization = "social-welfare-organization"
    case legalServiceInstitution = "legal-service-institution"
    case other

    /// Official column label of table 三.
    public var label: String {
        switch self {
        case .naturalPerson: "自然人"
        case .commercialEnterprise: "商业企业"
        case .researchInstitution: "科研机构"
        case .socialWelfareOrganization: "社会公益组织"
        case .legalServiceInstitution: "法律服务机构"
        case .other: "其他"
        }
    }

    /// Column index 0…5 in table 三 (总计 is 6).
    public var column: Int { Self.allCases.firstIndex(of: self)! }

    /// Reads a kind from its code or its Chinese label (社会组织 accepted for 社会公益组织, 法人/其他组织 for 其他).
    public init?(text: String) {
        let t = text.trimmedWhitespace
        if let k = ApplicantKind(rawValue: t) { self = k; return }
        switch t {
        case "自然人", "个人", "公民": self = .naturalPerson
        case "商业企业", "企业", "公司": self = .commercialEnterprise
        case "科研机构": self = .researchInstitution
        case "社会公益组织", "社会组织", "公益组织": self = .socialWelfareOrganization
        case "法律服务机构", "律师事务所": self = .legalServiceInstitution
        case "其他", "其他组织", "法人或其他组织": self = .other
        default: return nil
        }
    }
}

/// How an application ended, in the 2021 outcome taxonomy: one value per row of 表三（一）–（六）.
///
/// The raw value is the row id of `ReportFormat.table3Rows` (e.g. "refused.3"). 条例第三十六条 maps as in
/// spec §3.6: 第一项 (already proactively disclosed) → （一）予以公开; 第四项 (does not exist) and 第五项 (not this
/// agency's) → （四）1; 第六项 (repeat) → （五）2; 第七项 (工商、不动产登记资料) → （三）8. An application answered by
/// 区分处理 (条例第三十七条) is counted once, under （二）部分公开 (rule R2).
public enum Outcome: String, Codable, CaseIterable, Sendable {
    case granted
    case partlyGranted
    case refused1 = "refused.1", refused2 = "refused.2", refused3 = "refused.3", refused4 = "refused.4"
    case refused5 = "refused.5", refused6 = "refused.6", refused7 = "refused.7", refused8 = "refused.8"
    case unable1 = "unable.1", unable2 = "unable.2", unable3 = "unable.3"
    case notProcessed1 = "notProcessed.1", notProcessed2 = "notProcessed.2", notProcessed3 = "notProcessed.3"
    case notProcessed4 = "notProcessed.4", notProcessed5 = "notProcessed.5"
    /// 申请人无正当理由逾期不补正 (条例第三十条).
    case other1 = "other.1"
    /// 申请人逾期未按收费通知要求缴纳费用 (国办函〔2020〕109号).
    case other2 = "other.2"
    /// 其他.
    case other3 = "other.3"

    /// The official row label (2021 format).
    public var label: String { ReportFormat.f2021.table3Rows.first { $0.id == rawValue }!.label }

    /// The row id this outcome is counted in for a report of `format`: the 2019 format has one （六）其他处理 row.
    public func rowID(in format: ReportFormat) -> String {
        if format == .f2019, rawValue.hasPrefix("other.") { return "other" }
        return rawValue
    }

    /// Reads an outcome from its id, its official label (with or without numbering), or a common short form.
    public init?(text: String) {
        let t = text.trimmedWhitespace
        if let o = Outcome(rawValue: t) { self = o; return }
        let core = Outcome.core(t)
        guard !core.isEmpty, let o = Outcome.byCore[core] else { return nil }
        self = o
    }

    /// Outcomes by the words of their label (`core`), and the short forms ledgers use.
    static let byCore: [String: Outcome] = {
        var map: [String: Outcome] = ["予以公开": .granted, "公开": .granted, "部分公开": .partlyGranted, "区分处理": .partlyGranted,
                                      "国家秘密": .refused1, "不掌握": .unable1, "信息不存在": .unable1, "非本机关负责": .unable1,
                                      "重复申请": .notProcessed2, "逾期不补正": .other1, "逾期未缴费": .other2, "其他处理": .other3]
        // The official labels win over the short forms (first label first, as the cases are ordered).
        for o in Outcome.allCases.reversed() { map[core(o.label)] = o }
        return map
    }()

    /// Label words only: numbering and punctuation removed.
    static func core(_ s: String) -> String {
        var out = ""
        for ch in s where ch.unicodeScalars.allSatisfy({ ($0.value >= 0x4E00 && $0.value <= 0x9FFF) }) { out.append(ch) }
        let numerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七"]
        if out.count > 3, let f = out.first, numerals.contains(f), s.contains("（") || s.contains("(") { out.removeFirst() }
        return out
    }
}

/// Who acts on an application; the transition table says which role may do what.
public enum StaffRole: String, Codable, CaseIterable, Sendable {
    /// 登记人员: registers applications, corrections, replies and payments.
    case registrar
    /// 承办人员: handles the application, consults, notifies, decides.
    case handler
    /// 政府信息公开工作机构负责人: approves an extension (条例第三十三条) and may do what a handler does.
    case head
    /// 系统管理员: calendar, agencies, users; no case decisions.
    case admin
    /// 政府信息公开工作主管部门的工作人员: reads every agency of a region (queues, overdue lists, reports); no case actions.
    case oversight
}

/// The state of an application. "Overdue" is not a state: it is derived from the due date when read.
public enum ApplicationState: String, Codable, CaseIterable, Sendable {
    /// 办理中 (the clock runs).
    case inProgress = "in-progress"
    /// 待补正 (条例第三十条; the clock restarts when the corrected application arrives).
    case awaitingCorrection = "awaiting-correction"
    /// 征求意见中 (条例第三十二、三十四条; the clock pauses).
    case underConsultation = "under-consultation"
    /// 待缴费 (国办函〔2020〕109号).
    case awaitingPayment = "awaiting-payment"
    /// 已办结 (a decision with an outcome).
    case decided

    public var label: String {
        switch self {
        case .inProgress: "办理中"
        case .awaitingCorrection: "待补正"
        case .underConsultation: "征求意见中"
        case .awaitingPayment: "待缴费"
        case .decided: "已办结"
        }
    }

    public var isOpen: Bool { self != .decided }
}

/// What can happen to an application: the closed set of actions (and of the events they record).
public enum ApplicationAction: String, Codable, CaseIterable, Sendable {
    case correctionRequested, correctionReceived, correctionLapsed
    case consultationStarted, consultationReplied
    case extensionGranted
    case feeNoticeSent, feePaid, feeLapsed
    case decided
}

/// The allowed (from, to, role) triples of the application lifecycle.
public enum ApplicationLifecycle {
    public struct Transition: Hashable, Sendable {
        public let action: ApplicationAction
        public let from: ApplicationState
        public let to: ApplicationState
        public let roles: Set<StaffRole>
    }

    static let handling: Set<StaffRole> = [.handler, .head]
    static let registering: Set<StaffRole> = [.registrar, .handler, .head]

    /// The transition table. Extension keeps the state (条例第三十三条: approved by the head of the office).
    public static let transitions: [Transition] = [
        .init(action: .correctionRequested, from: .inProgress, to: .awaitingCorrection, roles: handling),
        .init(action: .correctionReceived, from: .awaitingCorrection, to: .inProgress, roles: registering),
        .init(action: .correctionLapsed, from: .awaitingCorrection, to: .decided, roles: handling),
        .init(action: .consultationStarted, from: .inProgress, to: .underConsultation, roles: handling),
        .init(action: .consultationReplied, from: .underConsultation, to: .inProgress, roles: registering),
        .init(action: .extensionGranted, from: .inProgress, to: .inProgress, roles: [.head]),
        .init(action: .extensionGranted, from: .underConsultation, to: .underConsultation, roles: [.head]),
        .init(action: .feeNoticeSent, from: .inProgress, to: .awaitingPayment, roles: handling),
        .init(action: .feePaid, from: .awaitingPayment, to: .inProgress, roles: registering),
        .init(action: .feeLapsed, from: .awaitingPayment, to: .decided, roles: handling),
        .init(action: .decided, from: .inProgress, to: .decided, roles: handling),
        .init(action: .decided, from: .underConsultation, to: .decided, roles: handling),
    ]

    /// The state after `action`, or an error naming why it is not allowed.
    /// - Throws: `LifecycleError.notAllowedInState` or `.roleNotAllowed`.
    public static func next(from state: ApplicationState, action: ApplicationAction, role: StaffRole) throws -> ApplicationState {
        let candidates = transitions.filter { $0.action == action && $0.from == state }
        guard let t = candidates.first else { throw LifecycleError.notAllowedInState(action: action, state: state) }
        guard t.roles.contains(role) else { throw LifecycleError.roleNotAllowed(action: action, role: role) }
        return t.to
    }
}

public enum LifecycleError: Error, Equatable, CustomStringConvertible {
    case notAllowedInState(action: ApplicationAction, state: ApplicationState)
    case roleNotAllowed(action: ApplicationAction, role: StaffRole)

    public var description: String {
        switch self {
        case .notAllowedInState(let a, let s): return "申请处于“\(s.label)”状态，不能执行“\(a.label)”"
        case .roleNotAllowed(let a, let r): return "角色“\(r.label)”无权执行“\(a.label)”"
        }
    }
}

extension ApplicationAction {
    public var label: String {
        switch self {
        case .correctionRequested: "告知补正"
        case .correctionReceived: "收到补正"
        case .correctionLapsed: "逾期未补正"
        case .consultationStarted: "征求意见"
        case .consultationReplied: "收到意见"
        case .extensionGranted: "延长答复期限"
        case .feeNoticeSent: "发出收费通知"
        case .feePaid: "缴费"
        case .feeLapsed: "逾期未缴费"
        case .decided: "作出答复"
        }
    }
}

extension StaffRole {
    public var label: String {
        switch self {
        case .registrar: "登记人员"
        case .handler: "承办人员"
        case .head: "机构负责人"
        case .admin: "系统管理员"
        case .oversight: "主管部门"
        }
    }
}

/// Text normalisation for duplicate detection: NFKC (full-width → half-width), all whitespace (incl. U+3000)
/// and punctuation removed, Latin letters lower-cased.
public enum RequestText {
    public static func normalized(_ s: String) -> String {
        // Fast path for the usual text — ASCII, CJK ideographs and the common CJK punctuation 、。〃〄〈〉《》「」『』【】 —
        // where NFKC changes nothing: the same result without Foundation's passes.
        func cjkPunctuation(_ v: UInt32) -> Bool { (0x3001...0x3004).contains(v) || (0x3008...0x3011).contains(v) }
        if s.unicodeScalars.allSatisfy({ $0.isASCII || (0x4E00...0x9FFF).contains($0.value) || cjkPunctuation($0.value) }) {
            var out = String.UnicodeScalarView()
            for u in s.unicodeScalars {
                if u.isASCII {
                    let v = u.value
                    if (0x30...0x39).contains(v) || (0x61...0x7A).contains(v) { out.append(u) }
                    else if (0x41...0x5A).contains(v) { out.append(Unicode.Scalar(v + 0x20)!) }
                    // Control characters other than whitespace are neither punctuation nor symbols: kept.
                    else if v < 0x09 || (0x0E...0x1F).contains(v) || v == 0x7F { out.append(u) }
                } else if (0x4E00...0x9FFF).contains(u.value) {
                    out.append(u)
                }
            }
            return String(out)
        }
        return normalizedByFoundation(s)
    }

    /// The definition: NFKC, lower case, whitespace, punctuation and symbols removed (`normalized` takes a shortcut
    /// for text where it gives the same).
    static func normalizedByFoundation(_ s: String) -> String {
        let nfkc = s.precomposedStringWithCompatibilityMapping.lowercased()
        return String(String.UnicodeScalarView(nfkc.unicodeScalars.filter {
            !CharacterSet.whitespacesAndNewlines.contains($0) && !CharacterSet.punctuationCharacters.contains($0)
                && !CharacterSet.symbols.contains($0)
        }))
    }
}
