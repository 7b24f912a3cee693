import Foundation

/// The written documents an application is answered in (条例第三十条至第三十六条, 第四十二条).
public enum LetterKind: String, Codable, CaseIterable, Sendable {
    /// 政府信息公开申请答复书 (条例第三十六条; one for every 表三 outcome).
    case decision
    /// 补正告知书 (条例第三十条: within 7 working days, once, the items and a reasonable period).
    case correction
    /// 延期答复告知书 (条例第三十三条第二款: at most 20 working days, approved by the head of the office).
    case extensionNotice = "extension"
    /// 征求第三方意见书 (条例第三十二条: the third party answers within 15 working days).
    case consultation
    /// 收费通知书 (条例第四十二条; 国办函〔2020〕109号).
    case fee

    /// Every kind as "decision（政府信息公开申请答复书）", for messages that list the choices.
    public static var choices: String { allCases.map { "\($0.rawValue)（\($0.title)）" }.joined(separator: "、") }

    /// The document's title.
    public var title: String {
        switch self {
        case .decision: "政府信息公开申请答复书"
        case .correction: "政府信息公开申请补正告知书"
        case .extensionNotice: "政府信息公开申请延期答复告知书"
        case .consultation: "政府信息公开征求第三方意见书"
        case .fee: "政府信息公开信息处理费收费通知书"
        }
    }

    /// The article the document is issued under.
    public var legalBasis: String {
        switch self {
        case .decision: "《中华人民共和国政府信息公开条例》第三十六条"
        case .correction: "《中华人民共和国政府信息公开条例》第三十条"
        case .extensionNotice: "《中华人民共和国政府信息公开条例》第三十三条第二款"
        case .consultation: "《中华人民共和国政府信息公开条例》第三十二条"
        case .fee: "《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
        }
    }
}

extension Outcome {
    /// What a decision letter tells the applicant for this outcome (the sentence after "经审查，").
    public var decisionText: String {
        switch self {
        case .granted: "您申请公开的政府信息属于可以公开的政府信息，本机关决定予以公开"
        case .partlyGranted: "您申请公开的政府信息中含有不应当公开的内容，但能够作区分处理，本机关决定对可以公开的部分予以公开"
        case .refused1: "您申请公开的政府信息属于国家秘密，本机关决定不予公开"
        case .refused2: "您申请公开的政府信息属于法律、行政法规禁止公开的政府信息，本机关决定不予公开"
        case .refused3: "您申请公开的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，本机关决定不予公开"
        case .refused4: "您申请公开的政府信息公开后会损害第三方合法权益，本机关决定不予公开"
        case .refused5: "您申请公开的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息，本机关决定不予公开"
        case .refused6: "您申请公开的政府信息属于行政机关在履行行政管理职能过程中形成的过程性信息，本机关决定不予公开"
        case .refused7: "您申请公开的政府信息属于行政执法案卷信息，本机关决定不予公开"
        case .refused8: "您申请公开的政府信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定，请依照有关法律、行政法规的规定办理"
        case .unable1: "本机关不掌握您申请公开的政府信息，无法提供"
        case .unable2: "您申请公开的政府信息需要本机关对现有政府信息进行加工、分析，本机关无法提供"
        case .unable3: "您补正后的申请内容仍不明确，本机关无法提供"
        case .notProcessed1: "您的申请属于以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理"
        case .notProcessed2: "本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同的政府信息，本机关不予重复处理"
        case .notProcessed3: "您申请公开的是已出版的公开出版物，请通过公开出版物的获取渠道获取，本机关不予处理"
        case .notProcessed4: "您申请公开政府信息的数量、频次明显超过合理范围，所说明的理由不合理，本机关不予处理"
        case .notProcessed5: "您要求本机关确认或者重新出具已获取的政府信息，本机关不予处理"
        case .other1: "您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请"
        case .other2: "您逾期未按收费通知要求缴纳信息处理费，本机关不再处理该政府信息公开申请"
        case .other3: "本机关对您的申请作如下处理"
        }
    }

    /// The provision the decision rests on (spec §3.6; 国办函〔2020〕109号 for a lapsed fee).
    public var legalBasis: String {
        let r = "《中华人民共和国政府信息公开条例》"
        switch self {
        case .granted: return r + "第三十六条第（二）项"
        case .partlyGranted: return r + "第三十七条"
        case .refused1, .refused2, .refused3: return r + "第十四条"
        case .refused4: return r + "第十五条、第三十二条"
        case .refused5: return r + "第十六条第一款"
        case .refused6, .refused7: return r + "第十六条第二款"
        case .refused8: return r + "第三十六条第（七）项"
        case .unable1: return r + "第三十六条第（四）项、第（五）项"
        case .unable2: return r + "第三十八条"
        case .unable3: return r + "第三十条"
        case .notProcessed1: return r + "第三十九条第一款"
        case .notProcessed2: return r + "第三十六条第（六）项"
        case .notProcessed3: return r + "第三十九条第二款"
        case .notProcessed4: return r + "第三十五条"
        case .notProcessed5: return r + "第三十六条"
        case .other1: return r + "第三十条"
        case .other2: return "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
        case .other3: return r
        }
    }
}

/// The facts a letter states. Every date and legal basis comes from the application's record (the clock, the
/// events, the decision), never typed a second time. The applicant's name is the masked one (`Privacy.maskName`):
/// a letter is stored, listed and downloaded, and carries no other personal data.
public struct LetterFacts: Sendable, Equatable {
    /// The answering agency (the seal line).
    public var agency: String
    /// The application's query code.
    public var queryCode: String
    /// The applicant's name, masked.
    public var applicant: String
    /// 收到申请之日 (条例第三十一条).
    public var received: CalendarDate
    /// What was asked for (the information's title, or the start of the description).
    public var request: String
    /// The letter's date.
    public var issued: CalendarDate
    /// The statutory due date (working days on the official calendar, 条例第三十三条).
    public var due: CalendarDate?
    /// The due date after the extension (条例第三十三条第二款).
    public var extendedDue: CalendarDate?
    /// The decision (答复书).
    public var outcome: Outcome?
    /// The reasons the agency gives (不予公开、无法提供、不予处理 grounds, or the content of 其他处理).
    public var reasons: String?
    /// 补正事项 and the period for them (补正告知书).
    public var correctionItems: String?
    public var correctionBy: CalendarDate?
    /// The third party consulted and the day its opinion is due (15 working days, 条例第三十二条).
    public var thirdParty: String?
    public var opinionBy: CalendarDate?
    /// The fee in 元 and the day it must be paid by (收费通知书).
    public var fee: Decimal?
    public var payBy: CalendarDate?

    public init(agency: String, queryCode: String, applicant: String, received: CalendarDate, request: String, issued: CalendarDate) {
        self.agency = agency; self.queryCode = queryCode; self.applicant = applicant
        self.received = received; self.request = request; self.issued = issued
    }
}

/// Why a letter cannot be produced.
public enum LetterError: Error, Equatable, CustomStringConvertible {
    /// The template names a placeholder that does not exist (name, 1-based line of the template).
    case unknownPlaceholder(String, line: Int)
    /// The template needs a fact the record does not have yet (e.g. a decision letter before the decision).
    case missingFact(kind: LetterKind, placeholder: String)
    /// A `{{` without its `}}` (1-based line).
    case unclosedPlaceholder(line: Int)

    public var description: String {
        switch self {
        case .unknownPlaceholder(let p, let line): "文书模板第\(line)行的占位符“{{\(p)}}”不存在；可用的占位符：\(LetterTemplate.placeholders.joined(separator: "、"))"
        case .missingFact(let k, let p): "\(k.title)需要“\(p)”，但申请记录中还没有（例如尚未作出答复决定）"
        case .unclosedPlaceholder(let line): "文书模板第\(line)行有“{{”而没有对应的“}}”"
        }
    }
}

/// A letter template the agency can edit: plain paragraphs (one per line) with placeholders `{{申请人}}`.
public struct LetterTemplate: Sendable, Equatable, Codable {
    public var kind: LetterKind
    /// The body, one paragraph per line; the title and the seal line are added around it.
    public var body: String

    public init(kind: LetterKind, body: String) { self.kind = kind; self.body = body }

    /// Every placeholder a template may use.
    public static let placeholders = ["申请人", "查询码", "机关", "收到日期", "申请内容", "文书日期", "答复期限", "延长后期限",
                                      "答复决定", "理由", "法律依据", "文书依据", "救济途径", "补正事项", "补正期限", "第三方",
                                      "意见期限", "收费金额", "缴费期限"]

    /// The right to administrative reconsideration (60 days, 行政复议法第二十条) and to administrative litigation (6
    /// months, 行政诉讼法第四十六条) against the answer.
    public static let remedies = "如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议，或者自收到本答复之日起六个月内依法向人民法院提起行政诉讼。"

    /// The default template of each kind (the agency may replace it).
    public static func standard(_ kind: LetterKind) -> LetterTemplate {
        let body: String
        switch kind {
        case .decision:
            body = """
                {{申请人}}：
                本机关于{{收到日期}}收到您提出的政府信息公开申请（查询码{{查询码}}），申请获取“{{申请内容}}”。
                经审查，{{答复决定}}。{{理由}}
                根据{{法律依据}}的规定，特此答复。
                {{救济途径}}
                """
        case .correction:
            body = """
                {{申请人}}：
                本机关于{{收到日期}}收到您提出的政府信息公开申请（查询码{{查询码}}），申请获取“{{申请内容}}”。
                经审查，您的申请内容不明确，请您对以下事项作出补正：{{补正事项}}
                请于{{补正期限}}前提交补正后的申请。答复期限自本机关收到补正后的申请之日起计算；无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。
                根据{{文书依据}}的规定，特此告知。
                """
        case .extensionNotice:
            body = """
                {{申请人}}：
                本机关于{{收到日期}}收到您提出的政府信息公开申请（查询码{{查询码}}），申请获取“{{申请内容}}”，答复期限原为{{答复期限}}。
                因需要延长答复期限，经本机关政府信息公开工作机构负责人同意，答复期限延长至{{延长后期限}}。
                根据{{文书依据}}的规定，特此告知。
                """
        case .consultation:
            body = """
                {{第三方}}：
                本机关于{{收到日期}}收到政府信息公开申请（查询码{{查询码}}），申请获取“{{申请内容}}”。该信息公开可能损害你方合法权益，现书面征求你方意见。
                请于{{意见期限}}前提出是否同意公开的意见并说明理由；逾期未提出意见的，本机关将依照条例的规定决定是否公开。
                根据{{文书依据}}的规定，特此函询。
                """
        case .fee:
            body = """
                {{申请人}}：
                本机关于{{收到日期}}收到您提出的政府信息公开申请（查询码{{查询码}}），申请获取“{{申请内容}}”。因申请公开政府信息的数量、频次明显超过合理范围，本机关依法收取信息处理费{{收费金额}}元。
                请于{{缴费期限}}前缴纳；逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。答复期限自收到费用之日起重新计算。
                根据{{文书依据}}的规定，特此通知。
                """
        }
        return LetterTemplate(kind: kind, body: body)
    }

    /// A piece of a template line: literal text or a placeholder's name.
    enum Piece: Equatable { case text(Substring), placeholder(String) }

    /// The template's lines (1-based numbers), each cut into literal text and placeholders.
    /// - Throws: `LetterError.unclosedPlaceholder` naming the line.
    func lines() throws -> [(number: Int, pieces: [Piece])] {
        try body.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { (n, line) in
            var pieces: [Piece] = []
            var rest = Substring(line)
            while let open = rest.range(of: "{{") {
                guard let close = rest[open.upperBound...].range(of: "}}") else { throw LetterError.unclosedPlaceholder(line: n + 1) }
                pieces.append(.text(rest[..<open.lowerBound]))
                pieces.append(.placeholder(String(rest[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespaces)))
                rest = rest[close.upperBound...]
            }
            pieces.append(.text(rest))
            return (n + 1, pieces)
        }
    }

    /// Checks that every placeholder exists and every `{{` is closed.
    /// - Throws: `LetterError.unknownPlaceholder` / `.unclosedPlaceholder` naming the line.
    public func validate() throws {
        for (n, pieces) in try lines() {
            for case .placeholder(let name) in pieces where !Self.placeholders.contains(name) {
                throw LetterError.unknownPlaceholder(name, line: n)
            }
        }
    }

    /// The letter's paragraphs: the body with every placeholder filled from `facts` (dates as "2025年3月4日", the
    /// fee in 元 with two decimals). Empty paragraphs are dropped.
    /// - Throws: `LetterError` for an unknown or unclosed placeholder, or a fact the record does not have yet.
    public func render(_ facts: LetterFacts) throws -> [String] {
        try validate()
        func date(_ d: CalendarDate?) -> String? { d.map { "\($0.year)年\($0.month)月\($0.day)日" } }
        func value(_ key: String) throws -> String {
            let v: String?
            switch key {
            case "申请人": v = facts.applicant
            case "查询码": v = facts.queryCode
            case "机关": v = facts.agency
            case "收到日期": v = date(facts.received)
            case "申请内容": v = facts.request
            case "文书日期": v = date(facts.issued)
            case "答复期限": v = date(facts.due)
            case "延长后期限": v = date(facts.extendedDue)
            case "答复决定": v = facts.outcome?.decisionText
            // 其他处理 says nothing without its reasons; the other decisions may add some.
            case "理由": v = facts.outcome == .other3 ? facts.reasons : (facts.reasons ?? "")
            case "法律依据": v = facts.outcome?.legalBasis
            case "文书依据": v = kind.legalBasis
            case "救济途径": v = LetterTemplate.remedies
            case "补正事项": v = facts.correctionItems
            case "补正期限": v = date(facts.correctionBy)
            case "第三方": v = facts.thirdParty
            case "意见期限": v = date(facts.opinionBy)
            case "收费金额": v = facts.fee.map { Self.yuan($0) }
            case "缴费期限": v = date(facts.payBy)
            default: v = nil
            }
            guard let v else { throw LetterError.missingFact(kind: kind, placeholder: key) }
            return v
        }
        var out: [String] = []
        for (_, pieces) in try lines() {
            var text = ""
            for piece in pieces {
                switch piece {
                case .text(let t): text += t
                case .placeholder(let name): text += try value(name)
                }
            }
            let t = text.trimmingCharacters(in: .whitespaces)
            if !t.isEmpty { out.append(t) }
        }
        return out
    }

    /// An amount in 元 with two decimals ("100.00").
    static func yuan(_ d: Decimal) -> String {
        var v = d, r = Decimal()
        NSDecimalRound(&r, &v, 2, .plain)
        let s = NSDecimalNumber(decimal: r).stringValue
        if let dot = s.firstIndex(of: ".") {
            let decimals = s[s.index(after: dot)...].count
            return s + String(repeating: "0", count: max(0, 2 - decimals))
        }
        return s + ".00"
    }
}

/// A letter ready to print: title, paragraphs, the seal line and the date.
public struct Letter: Sendable, Equatable {
    public var kind: LetterKind
    public var title: String
    public var paragraphs: [String]
    /// The answering agency.
    public var agency: String
    /// The agency's name printed above the date, where the seal goes.
    public var seal: String { agency + "（盖章）" }
    /// The letter's date (from the record) and as printed ("2024年10月28日").
    public var issued: CalendarDate
    public var date: String { "\(issued.year)年\(issued.month)月\(issued.day)日" }

    /// Renders `template` with `facts`.
    /// - Throws: `LetterError` (see `LetterTemplate.render`).
    public init(template: LetterTemplate, facts: LetterFacts) throws {
        kind = template.kind
        title = template.kind.title
        paragraphs = try template.render(facts)
        agency = facts.agency
        issued = facts.issued
    }
}
