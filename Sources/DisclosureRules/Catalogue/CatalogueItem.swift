import Foundation

// The government information catalogue (政府信息公开目录, 条例第十二条第三款: "政府信息公开目录包括政府信息的索引、名称、
// 内容概述、生成日期等内容") and the metadata of proactive disclosure (条例第十九–二十六条). Issue 12.

/// The items of 条例第二十条 ("行政机关应当依照本条例第十九条的规定，主动公开本行政机关的下列政府信息"), numbered as
/// the article: the raw value is the item number 1…15.
public enum DisclosureCategory: Int, Codable, CaseIterable, Sendable {
    case regulationsAndDocuments = 1, organisation, plans, statistics, licensing, penaltiesAndEnforcement, budgets, fees,
         procurement, majorProjects, socialPolicies, emergencies, supervision, civilServiceRecruitment, otherRequired

    /// "第二十条第（一）项" … "第二十条第（十五）项", as table 二 of the annual report names its blocks.
    public var item: String { "第二十条第（\(Self.numerals[rawValue - 1])）项" }

    /// The item's wording in 条例第二十条 (2019修订).
    public var label: String {
        switch self {
        case .regulationsAndDocuments: "行政法规、规章和规范性文件"
        case .organisation: "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"
        case .plans: "国民经济和社会发展规划、专项规划、区域规划及相关政策"
        case .statistics: "国民经济和社会发展统计信息"
        case .licensing: "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"
        case .penaltiesAndEnforcement: "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定"
        case .budgets: "财政预算、决算信息"
        case .fees: "行政事业性收费项目及其依据、标准"
        case .procurement: "政府集中采购项目的目录、标准及实施情况"
        case .majorProjects: "重大建设项目的批准和实施情况"
        case .socialPolicies: "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"
        case .emergencies: "突发公共事件的应急预案、预警信息及应对情况"
        case .supervision: "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"
        case .civilServiceRecruitment: "公务员招考的职位、名额、报考条件等事项以及录用结果"
        case .otherRequired: "法律、法规、规章和国家有关规定应当主动公开的其他政府信息"
        }
    }

    static let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"]
}

/// Top-level subject classes (主题分类) of GB/T 21063.4-2007《政务信息资源目录体系 第4部分：政务信息资源分类》 — the
/// 21 classes as the central government's catalogue (www.gov.cn 政府信息公开) lists them. Only the top level is kept
/// here; the `code` is the class's two-digit position in that list. **UNVERIFIED** against the standard's own text
/// (not read here): the names and order are those commonly published; the standard's sub-classes are not modelled.
public enum SubjectTopic: String, Codable, CaseIterable, Sendable {
    case generalAffairs = "01", economyAndStateAssets = "02", financeAndAudit = "03", landAndEnergy = "04",
         agricultureForestryWater = "05", industryAndTransport = "06", commerceCustomsTourism = "07",
         marketAndSafetyRegulation = "08", urbanRuralAndEnvironment = "09", scienceAndEducation = "10",
         culturePressBroadcasting = "11", healthAndSport = "12", populationWomenChildren = "13",
         labourPersonnelSupervision = "14", policeSecurityJustice = "15", civilAffairsPovertyRelief = "16",
         ethnicAndReligiousAffairs = "17", foreignAffairs = "18", hongKongMacaoTaiwanOverseas = "19", nationalDefence = "20",
         other = "21"

    /// The two-digit code (the position in the list above).
    public var code: String { rawValue }

    public var label: String {
        switch self {
        case .generalAffairs: "综合政务"
        case .economyAndStateAssets: "国民经济管理、国有资产监管"
        case .financeAndAudit: "财政、金融、审计"
        case .landAndEnergy: "国土资源、能源"
        case .agricultureForestryWater: "农业、林业、水利"
        case .industryAndTransport: "工业、交通"
        case .commerceCustomsTourism: "商贸、海关、旅游"
        case .marketAndSafetyRegulation: "市场监管、安全生产监管"
        case .urbanRuralAndEnvironment: "城乡建设、环境保护"
        case .scienceAndEducation: "科技、教育"
        case .culturePressBroadcasting: "文化、广电、新闻出版"
        case .healthAndSport: "卫生、体育"
        case .populationWomenChildren: "人口与计划生育、妇女儿童工作"
        case .labourPersonnelSupervision: "劳动、人事、监察"
        case .policeSecurityJustice: "公安、安全、司法"
        case .civilAffairsPovertyRelief: "民政、扶贫、救灾"
        case .ethnicAndReligiousAffairs: "民族、宗教"
        case .foreignAffairs: "对外事务"
        case .hongKongMacaoTaiwanOverseas: "港澳台侨工作"
        case .nationalDefence: "国防"
        case .other: "其他"
        }
    }

    /// By code ("03") or by label ("财政、金融、审计").
    public init?(codeOrLabel s: String) {
        if let t = SubjectTopic(rawValue: s) { self = t; return }
        guard let t = Self.allCases.first(where: { $0.label == s }) else { return nil }
        self = t
    }
}

/// 体裁分类: the kinds of official documents of 《党政机关公文处理工作条例》(2012) 第八条 (决议、决定、命令（令）、公报、
/// 公告、通告、意见、通知、通报、报告、请示、批复、议案、函、纪要), and 其他 for information that is not an official
/// document (a table of fees, a statistical release, a page of contact details).
public enum DocumentGenre: String, Codable, CaseIterable, Sendable {
    case resolution = "决议", decision = "决定", order = "命令（令）", communique = "公报", announcement = "公告",
         notice = "通告", opinion = "意见", circular = "通知", bulletin = "通报", report = "报告", request = "请示",
         reply = "批复", motion = "议案", letter = "函", minutes = "纪要", other = "其他"

    public var label: String { rawValue }
}

/// Whether a document is a 规章 or a 行政规范性文件 (the two rows of table 二 第二十条第（一）项; "规范性文件" in the 2019
/// format), or another kind of information.
public enum DocumentKind: String, Codable, CaseIterable, Sendable {
    /// 规章 (部门规章、地方政府规章).
    case rule
    /// 行政规范性文件.
    case normativeDocument = "normative-document"
    /// Any other information (not counted in table 二 第二十条第（一）项).
    case other

    public var label: String {
        switch self {
        case .rule: "规章"
        case .normativeDocument: "行政规范性文件"
        case .other: "其他"
        }
    }
}

/// Why information is not disclosed (条例第十四、十五、十六条), for a catalogue entry whose 公开方式 is 不予公开.
public enum WithholdingGround: String, Codable, CaseIterable, Sendable {
    case stateSecret = "state-secret"
    case prohibitedByLaw = "prohibited-by-law"
    case securityAndStability = "security-and-stability"
    case thirdPartyRights = "third-party-rights"
    case internalAffairs = "internal-affairs"
    case processInformation = "process-information"
    case enforcementFile = "enforcement-file"

    public var label: String {
        switch self {
        case .stateSecret: "属于国家秘密（条例第十四条）"
        case .prohibitedByLaw: "法律、行政法规禁止公开（条例第十四条）"
        case .securityAndStability: "公开后可能危及国家安全、公共安全、经济安全、社会稳定（条例第十四条）"
        case .thirdPartyRights: "涉及商业秘密、个人隐私等第三方合法权益（条例第十五条）"
        case .internalAffairs: "内部事务信息（条例第十六条第一款）"
        case .processInformation: "过程性信息（条例第十六条第二款）"
        case .enforcementFile: "行政执法案卷信息（条例第十六条第二款）"
        }
    }
}

/// 公开方式 (条例第十三条第二款: 主动公开 and 依申请公开; 第十四–十六条: 不予公开 with its ground).
public enum DisclosureMode: Codable, Hashable, Sendable {
    case proactive
    case onRequest
    case withheld(WithholdingGround)

    public var label: String {
        switch self {
        case .proactive: "主动公开"
        case .onRequest: "依申请公开"
        case .withheld(let g): "不予公开（\(g.label)）"
        }
    }

    /// The stored form: "proactive", "on-request", "withheld:<ground>".
    public var code: String {
        switch self {
        case .proactive: "proactive"
        case .onRequest: "on-request"
        case .withheld(let g): "withheld:\(g.rawValue)"
        }
    }

    /// From `code`, or from the Chinese 主动公开 / 依申请公开 / 不予公开:<ground>.
    public init?(code: String) {
        switch code {
        case "proactive", "主动公开": self = .proactive
        case "on-request", "依申请公开": self = .onRequest
        default:
            for prefix in ["withheld:", "不予公开:"] where code.hasPrefix(prefix) {
                guard let g = WithholdingGround(rawValue: String(code.dropFirst(prefix.count))) else { return nil }
                self = .withheld(g); return
            }
            return nil
        }
    }
}

/// 有效性: in force, repealed (废止, by a document, on a date) or lapsed (失效: expired, or declared invalid by a
/// clean-up, on a date; the document that declared it, when there is one).
public enum Validity: Codable, Hashable, Sendable {
    case effective
    case repealed(on: CalendarDate, by: String)
    case lapsed(on: CalendarDate, by: String?)

    public var label: String {
        switch self {
        case .effective: "有效"
        case .repealed: "废止"
        case .lapsed: "失效"
        }
    }

    /// The day it stopped being in force, if it did.
    public var endDate: CalendarDate? {
        switch self {
        case .effective: nil
        case .repealed(let d, _), .lapsed(let d, _): d
        }
    }

    /// Whether it is in force on `day` (a document repealed on day D is no longer in force on D).
    public func isInForce(on day: CalendarDate) -> Bool { endDate.map { day < $0 } ?? true }
}

/// The workflow of a catalogue item: 草稿 → 保密审查 → 已发布 (条例第十七条: "对拟公开的政府信息进行审查").
///
/// A draft becomes `underReview` when a reviewer records a **passed** 保密审查; a failed review sends it back to
/// `draft`. Editing an item under review sends it back to `draft` too (the review was of the earlier text). Only an
/// item `underReview` whose latest review passed — for the current revision — can be published.
public enum CatalogueState: String, Codable, CaseIterable, Sendable {
    case draft
    case underReview = "under-review"
    case published

    public var label: String {
        switch self {
        case .draft: "草稿"
        case .underReview: "保密审查通过，待发布"
        case .published: "已发布"
        }
    }
}

/// The result of a 保密审查.
public enum ReviewResult: String, Codable, CaseIterable, Sendable {
    case passed, failed
    public var label: String { self == .passed ? "审查通过，可以公开" : "审查未通过，不得公开" }
}

/// One 保密审查 (条例第十七条) of an item: who, when, the result and the revision of the item reviewed.
public struct ConfidentialityReview: Codable, Hashable, Sendable {
    /// The reviewer's name (required: the review must be attributable).
    public var reviewer: String
    public var result: ReviewResult
    public var date: CalendarDate
    /// 审查意见, may be empty.
    public var opinion: String
    /// The item's revision the review was of (`CatalogueItem.revision`).
    public var revision: Int

    public init(reviewer: String, result: ReviewResult, date: CalendarDate, opinion: String = "", revision: Int) {
        self.reviewer = reviewer; self.result = result; self.date = date; self.opinion = opinion; self.revision = revision
    }
}

/// One entry of the catalogue (政府信息公开目录) with the metadata of 条例第十二条 and of the 2008 目录系统 practice.
public struct CatalogueItem: Codable, Hashable, Sendable {
    /// 索引号, assigned once when the item is first stored (`IndexNumberPattern`); nil before.
    public var indexNumber: String?
    /// 名称.
    public var title: String
    /// 内容概述.
    public var summary: String
    /// 文号 (e.g. 国办发〔2024〕1号); empty when the information has none.
    public var documentNumber: String
    /// 发布机构 (the issuing agency's name).
    public var issuingAgency: String
    /// 成文日期 (the signing date of a document); required for 规章 and 行政规范性文件.
    public var writtenOn: CalendarDate?
    /// 形成或变更日期: the day the information was formed or last changed — the start of the 20-working-day period of
    /// 条例第二十六条. Defaults to the 成文日期.
    public var formedOn: CalendarDate
    /// 发布日期: set when published.
    public var publishedOn: CalendarDate?
    /// 主题分类 (GB/T 21063.4 top level).
    public var topic: SubjectTopic
    /// 体裁分类.
    public var genre: DocumentGenre
    /// The item of 条例第二十条.
    public var category: DisclosureCategory
    /// 公开方式.
    public var mode: DisclosureMode
    /// 公开范围, e.g. 面向全社会.
    public var scope: String
    /// 公开时限, e.g. 长期公开.
    public var timeLimit: String
    public var validity: Validity
    /// 规章 / 行政规范性文件 / 其他 (table 二 第二十条第（一）项).
    public var documentKind: DocumentKind
    /// 正文, may be empty (attachments are not modelled yet).
    public var body: String
    public var state: CatalogueState
    /// Starts at 1; every edit adds 1 (a review is of one revision).
    public var revision: Int

    public init(indexNumber: String? = nil, title: String, summary: String, documentNumber: String = "", issuingAgency: String,
                writtenOn: CalendarDate?, formedOn: CalendarDate? = nil, publishedOn: CalendarDate? = nil,
                topic: SubjectTopic = .generalAffairs, genre: DocumentGenre = .other, category: DisclosureCategory,
                mode: DisclosureMode = .proactive, scope: String = CatalogueItem.defaultScope,
                timeLimit: String = CatalogueItem.defaultTimeLimit, validity: Validity = .effective,
                documentKind: DocumentKind = .other, body: String = "", state: CatalogueState = .draft, revision: Int = 1) {
        self.indexNumber = indexNumber; self.title = title; self.summary = summary; self.documentNumber = documentNumber
        self.issuingAgency = issuingAgency; self.writtenOn = writtenOn
        self.formedOn = formedOn ?? writtenOn ?? RecordDates.earliest
        self.publishedOn = publishedOn; self.topic = topic; self.genre = genre; self.category = category; self.mode = mode
        self.scope = scope; self.timeLimit = timeLimit; self.validity = validity; self.documentKind = documentKind
        self.body = body; self.state = state; self.revision = revision
    }

    public static let defaultScope = "面向全社会"
    public static let defaultTimeLimit = "长期公开"

    /// Limits (characters).
    public static let maximumTitle = 300, maximumSummary = 2_000, maximumDocumentNumber = 100, maximumAgency = 200,
                      maximumShort = 50, maximumBody = 200_000
    /// The earliest 成文日期 accepted: documents still in force may be old (a 规章 of the 1990s is catalogued today).
    public static let earliestDate = CalendarDate(year: 1949, month: 10, day: 1)!

    /// The item cleaned and checked: texts as `CleanText` makes them (title, agency required; one line each except
    /// summary and body), dates plausible and in order (成文日期 ≤ 形成或变更日期 ≤ 发布日期; an end of validity not
    /// before the 成文日期), and the rules that tie fields together:
    /// - 规章 and 行政规范性文件 belong to 条例第二十条第（一）项 and need a 成文日期 (table 二 counts them by it);
    /// - a repealed item names the repealing document.
    /// - Throws: `InputError` naming the field.
    public func validated() throws -> CatalogueItem {
        var c = self
        c.title = try CleanText.requiredLine(title, field: CatalogueField.title, maxLength: Self.maximumTitle)
        c.summary = try CleanText.paragraph(summary, field: CatalogueField.summary, maxLength: Self.maximumSummary)
        c.documentNumber = try CleanText.line(documentNumber, field: CatalogueField.documentNumber, maxLength: Self.maximumDocumentNumber)
        c.issuingAgency = try CleanText.requiredLine(issuingAgency, field: CatalogueField.issuingAgency, maxLength: Self.maximumAgency)
        c.scope = try CleanText.requiredLine(scope, field: CatalogueField.scope, maxLength: Self.maximumShort)
        c.timeLimit = try CleanText.requiredLine(timeLimit, field: CatalogueField.timeLimit, maxLength: Self.maximumShort)
        c.body = try CleanText.paragraph(body, field: CatalogueField.body, maxLength: Self.maximumBody)
        for (d, f) in [(writtenOn, CatalogueField.writtenOn), (formedOn, CatalogueField.formedOn), (publishedOn, CatalogueField.publishedOn),
                       (validity.endDate, CatalogueField.validity)] {
            if let d, d < Self.earliestDate { throw InputError(f, " \(d) 早于 \(Self.earliestDate)，不可能") }
        }
        if let w = writtenOn, formedOn < w { throw InputError(CatalogueField.formedOn, " \(formedOn) 早于成文日期 \(w)") }
        if let p = publishedOn {
            if let w = writtenOn, p < w { throw InputError(CatalogueField.publishedOn, " \(p) 早于成文日期 \(w)") }
        }
        if let end = validity.endDate, let w = writtenOn, end < w {
            throw InputError(CatalogueField.validity, "的截止日期 \(end) 早于成文日期 \(w)")
        }
        if documentKind != .other {
            guard category == .regulationsAndDocuments else {
                throw InputError(CatalogueField.documentKind, "为“\(documentKind.label)”的信息属于\(DisclosureCategory.regulationsAndDocuments.item)（行政法规、规章和规范性文件），不能归入\(category.item)")
            }
            guard writtenOn != nil else { throw InputError(CatalogueField.writtenOn, "不能为空：\(documentKind.label)须有成文日期（年报表二按成文日期统计本年制发件数）") }
        }
        switch validity {
        case .repealed(let d, let by):
            let doc = try CleanText.requiredLine(by, field: CatalogueField.repealedBy, maxLength: Self.maximumTitle)
            c.validity = .repealed(on: d, by: doc)
        case .lapsed(let d, let by):
            let doc = try by.map { try CleanText.line($0, field: CatalogueField.repealedBy, maxLength: Self.maximumTitle) }
            c.validity = .lapsed(on: d, by: doc?.isEmpty == true ? nil : doc)
        case .effective: break
        }
        return c
    }
}

/// The fields of a catalogue item, for errors that name them (`InputError.field`).
public enum CatalogueField {
    public static let title = InputField("title", "名称")
    public static let summary = InputField("summary", "内容概述")
    public static let documentNumber = InputField("documentNumber", "文号")
    public static let issuingAgency = InputField("issuingAgency", "发布机构")
    public static let writtenOn = InputField("writtenOn", "成文日期")
    public static let formedOn = InputField("formedOn", "形成或变更日期")
    public static let publishedOn = InputField("publishedOn", "发布日期")
    public static let scope = InputField("scope", "公开范围")
    public static let timeLimit = InputField("timeLimit", "公开时限")
    public static let body = InputField("body", "正文")
    public static let validity = InputField("validity", "有效性")
    public static let repealedBy = InputField("repealedBy", "废止或宣布失效的文件")
    public static let documentKind = InputField("documentKind", "文件类型")
    public static let reviewer = InputField("reviewer", "审查人")
    public static let opinion = InputField("opinion", "审查意见")
    public static let organisationCode = InputField("organisationCode", "机关代码")
    public static let indexPattern = InputField("indexPattern", "索引号格式")
}

/// Why a step of the catalogue workflow is refused. `description` is a Chinese message naming the item.
public enum CatalogueError: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
    /// Publishing without any 保密审查 (条例第十七条).
    case notReviewed(String)
    /// The latest review did not pass.
    case reviewFailed(String, reviewer: String, date: CalendarDate)
    /// The item was changed after its latest review.
    case reviewOutdated(String, reviewedRevision: Int, revision: Int)
    /// Withheld information (不予公开) is never published.
    case withheld(String, WithholdingGround)
    /// A step that the item's state does not allow (e.g. editing a published item, reviewing it again).
    case wrongState(String, CatalogueState, action: String)
    /// A publication date before the review that cleared it.
    case publishedBeforeReview(String, published: CalendarDate, reviewed: CalendarDate)
    /// A policy interpretation (政策解读) published before the document it interprets (the document's 索引号 and its
    /// 发布日期, nil while unpublished): an interpretation is published with or after its document, never before.
    case interpretationBeforeDocument(String, document: String, documentPublished: CalendarDate?)

    public var description: String {
        switch self {
        case .notReviewed(let t):
            return "“\(t)”尚未经过保密审查，不能发布（条例第十七条：拟公开的政府信息应当先经审查）"
        case .reviewFailed(let t, let r, let d):
            return "“\(t)”最近一次保密审查（\(r)，\(d)）未通过，不能发布"
        case .reviewOutdated(let t, let reviewed, let now):
            return "“\(t)”在保密审查后又经修改（审查的是第\(reviewed)版，现为第\(now)版），须重新审查后才能发布"
        case .withheld(let t, let g):
            return "“\(t)”的公开方式为不予公开（\(g.label)），不能发布"
        case .wrongState(let t, let s, let action):
            return "“\(t)”当前状态为“\(s.label)”，不能\(action)"
        case .publishedBeforeReview(let t, let p, let r):
            return "“\(t)”的发布日期 \(p) 早于通过保密审查之日 \(r)"
        case .interpretationBeforeDocument(let t, let doc, let p?):
            return "“\(t)”是索引号 \(doc) 文件的政策解读，不能早于该文件的发布日期 \(p) 发布"
        case .interpretationBeforeDocument(let t, let doc, nil):
            return "“\(t)”是索引号 \(doc) 文件的政策解读，该文件尚未发布：政策解读须在所解读的文件发布后（或同日）发布"
        }
    }

    public var errorDescription: String? { description }
}

/// The rules of the catalogue workflow (draft → 保密审查 → published), as pure functions.
public enum CatalogueWorkflow {
    /// The review that clears `item` for publication on `date`: the item's latest review, which must have passed,
    /// be of the item's current revision and not be later than `date`.
    /// - Throws: `CatalogueError` — `.wrongState` unless the item is `underReview` (a published item is not published
    ///   again; a draft has no passed review), `.withheld` for 不予公开 items, `.notReviewed`, `.reviewFailed`,
    ///   `.reviewOutdated`, `.publishedBeforeReview`.
    @discardableResult
    public static func clearance(for item: CatalogueItem, reviews: [ConfidentialityReview], publishing date: CalendarDate) throws -> ConfidentialityReview {
        if case .withheld(let g) = item.mode { throw CatalogueError.withheld(item.title, g) }
        if item.state == .published { throw CatalogueError.wrongState(item.title, item.state, action: "再次发布") }
        // The latest review decides: by date, and for the same date the one recorded last (the array's order).
        guard let latest = reviews.enumerated().max(by: { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) })?.element else {
            throw CatalogueError.notReviewed(item.title)
        }
        guard latest.result == .passed else { throw CatalogueError.reviewFailed(item.title, reviewer: latest.reviewer, date: latest.date) }
        guard latest.revision == item.revision else {
            throw CatalogueError.reviewOutdated(item.title, reviewedRevision: latest.revision, revision: item.revision)
        }
        guard item.state == .underReview else { throw CatalogueError.wrongState(item.title, item.state, action: "发布") }
        guard date >= latest.date else { throw CatalogueError.publishedBeforeReview(item.title, published: date, reviewed: latest.date) }
        return latest
    }

    /// The state after a review is recorded: passed → `underReview` (cleared, awaiting publication); failed → `draft`.
    /// - Throws: `CatalogueError.wrongState` for a published item (it was reviewed before publication).
    public static func stateAfterReview(_ item: CatalogueItem, result: ReviewResult) throws -> CatalogueState {
        guard item.state != .published else { throw CatalogueError.wrongState(item.title, item.state, action: "再次进行保密审查") }
        return result == .passed ? .underReview : .draft
    }

    /// Whether an item may still be edited: drafts and items under review (which then go back to draft); a published
    /// item keeps its content and its 索引号 — only its validity changes (repeal, lapse).
    /// - Throws: `CatalogueError.wrongState` for a published item.
    public static func checkEditable(_ item: CatalogueItem) throws {
        guard item.state != .published else { throw CatalogueError.wrongState(item.title, item.state, action: "修改（已发布的信息只能废止或宣布失效）") }
    }

    /// The validity after repealing or declaring lapsed a published item.
    /// - Throws: `CatalogueError.wrongState` unless published and in force; `InputError` for a date before the
    ///   成文日期 or the publication, or a repeal without the repealing document.
    public static func ending(_ item: CatalogueItem, with validity: Validity) throws -> Validity {
        guard item.state == .published else { throw CatalogueError.wrongState(item.title, item.state, action: "废止（只有已发布的信息可以废止或宣布失效）") }
        guard item.validity == .effective else { throw CatalogueError.wrongState(item.title, item.state, action: "再次废止（已\(item.validity.label)）") }
        guard let end = validity.endDate else { throw InputError(CatalogueField.validity, "应为废止或失效") }
        var changed = item
        changed.validity = validity
        let checked = try changed.validated().validity
        if let p = item.publishedOn, end < p { throw InputError(CatalogueField.validity, "的截止日期 \(end) 早于发布日期 \(p)") }
        return checked
    }
}
