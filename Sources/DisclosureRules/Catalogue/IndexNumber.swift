import Foundation

/// The code that heads an agency's 索引号: a 9-character 组织机构代码 (GB 11714: 8 characters and a check character,
/// e.g. `000014349`, written with or without the hyphen `00001434-9`) or an 18-character 统一社会信用代码 (GB 32100,
/// which replaced it; e.g. `11100000000013127D`). Upper-cased, the hyphen and spaces removed, check character verified.
public enum OrganisationCode {
    /// - Throws: `InputError` (field `organisationCode`) for another length, characters outside the code alphabet, or a
    ///   wrong check character (naming the one expected).
    public static func normalized(_ text: String) throws -> String {
        let field = CatalogueField.organisationCode
        let compact = text.precomposedStringWithCompatibilityMapping.uppercased().filter { $0 != "-" && !$0.isWhitespace }
        switch compact.count {
        case 9:
            let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            let chars = Array(compact)
            guard chars.prefix(8).allSatisfy({ alphabet.contains($0) }) else {
                throw InputError(field, "“\(text)”不是有效的组织机构代码：前8位只能是数字或大写字母")
            }
            // GB 11714-1997: weights 3 7 9 10 5 8 4 2; C9 = 11 − (Σ mod 11); 10 → X, 11 → 0.
            let weights = [3, 7, 9, 10, 5, 8, 4, 2]
            let sum = zip(chars.prefix(8).map { alphabet.firstIndex(of: $0)! }, weights).reduce(0) { $0 + $1.0 * $1.1 }
            let c = 11 - sum % 11
            let check: Character = c == 10 ? "X" : c == 11 ? "0" : Character(String(c))
            guard chars[8] == check else {
                throw InputError(field, "“\(text)”不是有效的组织机构代码：校验码应为 \(check)（GB 11714）")
            }
            return compact
        case 18:
            // GB 32100-2015: the code alphabet has no I, O, S, V, Z; the 18th character is the check character.
            let alphabet = Set("0123456789ABCDEFGHJKLMNPQRTUWXY")
            guard compact.allSatisfy({ alphabet.contains($0) }) else {
                throw InputError(field, "“\(text)”不是有效的统一社会信用代码：只能是数字和大写字母（不用 I、O、S、V、Z）")
            }
            let expected = Identifier.makeUnifiedSocialCreditCode(String(compact.prefix(17)))
            guard expected == compact else {
                throw InputError(field, "“\(text)”不是有效的统一社会信用代码：校验码应为 \(expected.last!)（GB 32100）")
            }
            return compact
        default:
            throw InputError(field, "“\(text)”应为9位组织机构代码或18位统一社会信用代码（收到\(compact.count)位）")
        }
    }
}

/// How an agency's 索引号 are formed: a pattern of literal text and tokens. Provinces differ (some use the region
/// code, the category, the topic); the default is the form the issue asks for from the national 2008 目录系统实施指引
/// — the agency's code, a slash, the year, a hyphen and a five-digit sequence within the year, e.g.
/// `000014349/2024-00001` (the central government's 索引号 have this shape). The guideline's own text was not read
/// here (**UNVERIFIED**: the default follows issue 12's wording and published 索引号).
///
/// Tokens:
/// - `{org}` — the agency's 组织机构代码 or 统一社会信用代码 (`OrganisationCode`);
/// - `{year}` — the four-digit year of the item's 成文日期 (else its 形成日期);
/// - `{seq}` or `{seq:N}` — the item's number within the agency and that year, 1, 2, 3 …, zero-padded to N digits
///   (1–9; `{seq}` is `{seq:5}`);
/// - `{category}` — the item of 条例第二十条, two digits (`01`–`15`);
/// - `{topic}` — the GB/T 21063.4 top-level topic code (`SubjectTopic.code`, two digits).
///
/// Literal text between tokens: ASCII letters, digits and `/ - _ .`. `{year}` and `{seq}` are required (each exactly
/// once): the sequence restarts every year, so the year keeps 索引号 unique.
public struct IndexNumberPattern: Hashable, Sendable, CustomStringConvertible {
    public static let defaultPattern = "{org}/{year}-{seq:5}"
    public static let `default` = try! IndexNumberPattern(defaultPattern)

    enum Part: Hashable, Sendable { case literal(String), org, year, seq(Int), category, topic }
    let parts: [Part]
    public let description: String

    /// The digits of the sequence (the largest number is 10^N − 1 a year).
    public var sequenceDigits: Int { parts.compactMap { if case .seq(let n) = $0 { n } else { nil } }.first ?? 5 }

    /// - Throws: `InputError` (field `indexPattern`) for an unknown token, an unclosed brace, a character outside the
    ///   literal alphabet, a pattern without `{year}` or `{seq}` (or with either twice), longer than 100 characters.
    public init(_ text: String) throws {
        let field = CatalogueField.indexPattern
        guard !text.isEmpty, text.count <= 100 else { throw InputError(field, "应为1至100个字符") }
        var parts: [Part] = []
        var literal = ""
        var i = text.startIndex
        while i < text.endIndex {
            let ch = text[i]
            if ch == "{" {
                guard let close = text[i...].firstIndex(of: "}") else { throw InputError(field, "“\(text)”中的“{”没有对应的“}”") }
                let token = String(text[text.index(after: i)..<close])
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                switch token {
                case "org": parts.append(.org)
                case "year": parts.append(.year)
                case "seq": parts.append(.seq(5))
                case "category": parts.append(.category)
                case "topic": parts.append(.topic)
                default:
                    if token.hasPrefix("seq:"), let n = Int(token.dropFirst(4)), (1...9).contains(n) { parts.append(.seq(n)) }
                    else { throw InputError(field, "“\(text)”中的“{\(token)}”不是可用的占位符（可用：{org}、{year}、{seq}、{seq:N}（N为1–9）、{category}、{topic}）") }
                }
                i = text.index(after: close)
                continue
            }
            guard ch.isASCII, ch.isLetter || ch.isNumber || "/-_.".contains(ch) else {
                throw InputError(field, "“\(text)”中的“\(ch)”不可用：占位符之外只能用英文字母、数字和 / - _ .")
            }
            literal.append(ch)
            i = text.index(after: i)
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        let years = parts.filter { $0 == .year }.count
        let seqs = parts.filter { if case .seq = $0 { true } else { false } }.count
        guard years == 1, seqs == 1 else { throw InputError(field, "“\(text)”须各含一次 {year} 和 {seq}（序号按年编排，年份保证索引号不重复）") }
        self.parts = parts
        self.description = text
    }

    /// The 索引号 of an item.
    /// - Parameters:
    ///   - organisationCode: already normalized (`OrganisationCode.normalized`).
    ///   - sequence: 1-based, within the agency and `year`.
    /// - Throws: `InputError` (field `indexPattern`) when `sequence` does not fit the pattern's digits, or is below 1.
    public func render(organisationCode: String, year: Int, sequence: Int, category: DisclosureCategory, topic: SubjectTopic) throws -> String {
        let digits = sequenceDigits
        guard sequence >= 1, String(sequence).count <= digits else {
            throw InputError(CatalogueField.indexPattern, "“\(description)”的序号只有\(digits)位，\(year)年的第\(sequence)条信息无法编号")
        }
        return parts.map { part -> String in
            switch part {
            case .literal(let s): s
            case .org: organisationCode
            case .year: String(format: "%04d", year)
            case .seq(let n): String(repeating: "0", count: max(0, n - String(sequence).count)) + String(sequence)
            case .category: String(format: "%02d", category.rawValue)
            case .topic: topic.code
            }
        }.joined()
    }

    /// The year whose sequence numbers an item: its 成文日期's year, else its 形成日期's.
    public static func year(of item: CatalogueItem) -> Int { (item.writtenOn ?? item.formedOn).year }
}
