import Foundation

/// Limits on what people type, the same for every way in (a form, a CLI option, a ledger row).
public enum InputLimits {
    /// Longest request text (characters): a description of the information sought (条例第二十九条), not the documents.
    public static let requestText = 10_000
    /// Longest applicant name (characters).
    public static let applicantName = 200
    /// Longest address or e-mail (characters).
    public static let contact = 300
    /// Longest staff name, reason or short note (characters).
    public static let shortText = 500
}

/// Cleaning of typed text: what is invisible or reorders text is never stored, so the same person typed twice is
/// the same applicant, and a masked name never starts with an invisible character.
public enum CleanText {
    /// Zero-width and invisible formatting characters that carry nothing: removed (with every default-ignorable code
    /// point).
    /// U+200B ZERO WIDTH SPACE, U+200C/U+200D ZERO WIDTH (NON-)JOINER, U+2060 WORD JOINER, U+FEFF BOM, U+00AD SOFT
    /// HYPHEN, U+180E MONGOLIAN VOWEL SEPARATOR.
    static let removed: Set<UInt32> = [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E]

    /// Bidirectional controls that can make text display differently from what is stored (U+200E/200F, U+202A–202E,
    /// U+2066–2069, U+061C): refused.
    static func isBidiControl(_ v: UInt32) -> Bool {
        v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x061C
    }

    /// One line of text (a name, an identifier, a reason): Unicode NFC; zero-width and other default-ignorable
    /// characters (variation selectors, U+034F, soft hyphen …) removed; every run of
    /// whitespace (incl. U+3000 全角空格) one space; leading and trailing whitespace removed.
    /// - Parameter maxLength: the longest accepted result, in characters.
    /// - Throws: `InputError` naming `field` for control characters (incl. line breaks), bidirectional controls,
    ///   other invisible format characters, or a result longer than `maxLength`. An empty result is returned as "".
    public static func line(_ s: String, field: InputField, maxLength: Int) throws -> String {
        try clean(s, field: field, maxLength: maxLength, multiline: false)
    }

    /// Multi-line text (a request text, a report section): as `line`, but line breaks are kept (CR LF and CR become
    /// LF), tabs kept, spaces inside a line kept as typed; leading and trailing blank space removed.
    /// - Throws: `InputError` as `line`.
    public static func paragraph(_ s: String, field: InputField, maxLength: Int) throws -> String {
        try clean(s, field: field, maxLength: maxLength, multiline: true)
    }

    static func clean(_ s: String, field: InputField, maxLength: Int, multiline: Bool) throws -> String {
        // NFC changes nothing in text of ASCII and CJK ideographs alone (the usual case): skip Foundation's pass then.
        let mayCombine = s.unicodeScalars.contains { $0.value >= 0x300 && !(0x3000...0x9FFF).contains($0.value) && !(0xFF00...0xFFEF).contains($0.value) }
        var text = mayCombine ? s.precomposedStringWithCanonicalMapping : s
        if text.unicodeScalars.contains("\r") { text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") }
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for u in text.unicodeScalars {
            let v = u.value
            // Printable ASCII and CJK ideographs, most of what is typed: never invisible, control or whitespace.
            if (0x21...0x7E).contains(v) || (0x4E00...0x9FFF).contains(v) {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(u)
                continue
            }
            if isBidiControl(v) {
                throw InputError(field, "含有改变文字显示方向的控制字符（U+\(String(v, radix: 16, uppercase: true))），请删除后重新输入")
            }
            // Zero-width and other default-ignorable characters (joiners, variation selectors, U+034F …) show nothing.
            if removed.contains(v) || (u.properties.isDefaultIgnorableCodePoint && v != 0x0A && v != 0x09) { continue }
            if multiline && (v == 0x0A || v == 0x09) { out.append(u); continue }
            if !multiline && (v == 0x0A || v == 0x0B || v == 0x0C || v == 0x85 || v == 0x2028 || v == 0x2029) {
                throw InputError(field, "不能换行，请写在一行内")
            }
            if v == 0x09 && !multiline { pendingSpace = true; continue }
            if u.properties.generalCategory == .control {
                throw InputError(field, "含有控制字符（U+\(String(format: "%04X", v))），请删除后重新输入")
            }
            if u.properties.generalCategory == .format || u.properties.generalCategory == .lineSeparator
                || u.properties.generalCategory == .paragraphSeparator {
                throw InputError(field, "含有不可见的格式字符（U+\(String(format: "%04X", v))），请删除后重新输入")
            }
            if u.properties.isWhitespace {
                if multiline { out.append(u) } else { pendingSpace = true }
                continue
            }
            if pendingSpace && !out.isEmpty { out.append(" ") }
            pendingSpace = false
            out.append(u)
        }
        let result = String(out).trimmedWhitespace
        if result.count > maxLength { throw InputError(field, "过长（\(result.count)字，最多\(maxLength)字）") }
        return result
    }

    /// A required one-line text: as `line`, and not empty.
    /// - Throws: `InputError` as `line`, or "不能为空".
    public static func requiredLine(_ s: String, field: InputField, maxLength: Int) throws -> String {
        let r = try line(s, field: field, maxLength: maxLength)
        guard !r.isEmpty else { throw InputError(field, "不能为空") }
        return r
    }
}

/// The kinds of identity document an applicant can present (条例第二十九条: 身份证明).
public enum IdentityDocumentKind: String, Codable, CaseIterable, Sendable {
    /// 居民身份证 (GB 11643: 18 characters, check character by ISO 7064 MOD 11-2). Also the residence permits of
    /// Hong Kong, Macao and Taiwan residents (港澳台居民居住证), which use the same number format.
    case residentIDCard = "resident-id"
    /// 外国人永久居留身份证: the 2023 edition has 18 characters with the GB 11643 check character; the older one
    /// 15 characters (3 letters, 12 digits).
    case foreignPermanentResidence = "foreign-permanent-residence"
    /// 港澳居民来往内地通行证: H or M and 8 or 10 digits.
    case hongKongMacaoPermit = "hk-macao-permit"
    /// 台湾居民来往大陆通行证: 8 or 10 digits.
    case taiwanPermit = "taiwan-permit"
    /// 护照: 5–20 letters and digits.
    case passport
    /// 统一社会信用代码 (GB 32100: 18 characters, check character mod 31) — a legal person's or organisation's.
    case unifiedSocialCreditCode = "uscc"
    /// 其他证件 (e.g. an old 组织机构代码): 4–30 letters, digits and hyphens.
    case other

    /// Chinese name.
    public var chinese: String {
        switch self {
        case .residentIDCard: "居民身份证"
        case .foreignPermanentResidence: "外国人永久居留身份证"
        case .hongKongMacaoPermit: "港澳居民来往内地通行证"
        case .taiwanPermit: "台湾居民来往大陆通行证"
        case .passport: "护照"
        case .unifiedSocialCreditCode: "统一社会信用代码"
        case .other: "其他证件"
        }
    }

    /// The document an applicant of `kind` presents unless told otherwise: a natural person's 居民身份证, an
    /// organisation's 统一社会信用代码.
    public static func `default`(for kind: ApplicantKind) -> IdentityDocumentKind {
        kind == .naturalPerson ? .residentIDCard : .unifiedSocialCreditCode
    }

    /// Reads a kind from its code or its Chinese name.
    public init?(text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let k = IdentityDocumentKind(rawValue: t) { self = k; return }
        guard let k = Self.allCases.first(where: { $0.chinese == t }) else {
            switch t {
            case "身份证", "居住证": self = .residentIDCard
            case "社会信用代码", "信用代码": self = .unifiedSocialCreditCode
            case "港澳通行证", "回乡证": self = .hongKongMacaoPermit
            case "台胞证": self = .taiwanPermit
            default: return nil
            }
            return
        }
        self = k
    }
}

/// Validation and normalisation of identifiers (身份证件号码, 统一社会信用代码, 联系电话). The normal form is what is
/// stored and compared: the same document typed with spaces, full-width digits or a lower-case x is the same.
public enum Identifier {
    /// The normal form of an identity document number: NFKC (full-width → half-width), spaces, hyphens and invisible
    /// characters removed, letters upper-cased, then checked for `kind`.
    /// - Throws: `InputError` (field `.idNumber`) naming what is wrong: length, characters, the check character
    ///   (GB 11643 / GB 32100), an impossible birth date.
    public static func document(_ text: String, kind: IdentityDocumentKind, today: CalendarDate? = nil) throws -> String {
        let compact = try compactForm(text, field: .idNumber)
        guard !compact.isEmpty else { throw InputError(.idNumber, "不能为空") }
        func shape(_ ok: Bool, _ what: String) throws {
            if !ok { throw InputError(.idNumber, "“\(Privacy.maskIdentifier(compact))”不是有效的\(kind.chinese)号码：\(what)") }
        }
        switch kind {
        case .residentIDCard:
            if compact.count == 15, compact.allSatisfy(\.isASCIIDigit) {
                throw InputError(.idNumber, "15位居民身份证号码已于2013年停止使用，请提供18位号码")
            }
            try checkGB11643(compact, kind: kind, today: today)
        case .foreignPermanentResidence:
            if compact.count == 18 {
                try shape(compact.first == "9", "18位号码以9开头")
                try checkGB11643(compact, kind: kind, today: today)
            } else {
                try shape(compact.count == 15 && compact.prefix(3).allSatisfy(\.isASCIILetter) && compact.dropFirst(3).allSatisfy(\.isASCIIDigit),
                          "应为18位（2023年版）或15位（3个字母加12位数字）")
            }
        case .hongKongMacaoPermit:
            try shape((compact.first == "H" || compact.first == "M") && [9, 11].contains(compact.count) && compact.dropFirst().allSatisfy(\.isASCIIDigit),
                      "应为 H 或 M 加8位或10位数字")
        case .taiwanPermit:
            try shape([8, 10].contains(compact.count) && compact.allSatisfy(\.isASCIIDigit), "应为8位或10位数字")
        case .passport:
            try shape((5...20).contains(compact.count) && compact.allSatisfy { $0.isASCIIDigit || $0.isASCIILetter }, "应为5至20位字母或数字")
        case .unifiedSocialCreditCode:
            try checkGB32100(compact)
        case .other:
            try shape((4...30).contains(compact.count) && compact.allSatisfy { $0.isASCIIDigit || $0.isASCIILetter || $0 == "-" },
                      "应为4至30位字母、数字或连字符")
        }
        return compact
    }

    /// GB 11643-1999 公民身份号码: 6-digit address code (first digit 1–9), birth date YYYYMMDD, 3-digit sequence, check
    /// character by ISO 7064 MOD 11-2 (weights 2^(17−i) mod 11, character "10X98765432"[sum mod 11]).
    static func checkGB11643(_ s: String, kind: IdentityDocumentKind, today: CalendarDate?) throws {
        let c = Array(s)
        let shown = Privacy.maskIdentifier(s)
        let name = kind.chinese
        guard c.count == 18 else { throw InputError(.idNumber, "“\(shown)”不是有效的\(name)号码：应为18位（现为\(c.count)位）") }
        guard c[0..<17].allSatisfy(\.isASCIIDigit), c[17].isASCIIDigit || c[17] == "X" else {
            throw InputError(.idNumber, "“\(shown)”不是有效的\(name)号码：前17位应为数字，最后一位为数字或X")
        }
        guard c[0] != "0" else { throw InputError(.idNumber, "“\(shown)”不是有效的\(name)号码：地址码不能以0开头") }
        let digits = c[0..<17].map { Int(String($0))! }
        let year = digits[6] * 1000 + digits[7] * 100 + digits[8] * 10 + digits[9]
        let month = digits[10] * 10 + digits[11], day = digits[12] * 10 + digits[13]
        guard let birth = CalendarDate(year: year, month: month, day: day), year >= 1880 else {
            throw InputError(.idNumber, "“\(shown)”不是有效的\(name)号码：出生日期不存在")
        }
        if let today, birth > today {
            throw InputError(.idNumber, "“\(shown)”不是有效的\(name)号码：出生日期晚于今天")
        }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        let expected = Array("10X98765432")[sum % 11]
        guard c[17] == expected else {
            throw InputError(.idNumber, "“\(shown)”的校验码不对，请核对号码")
        }
    }

    /// GB 32100-2015 统一社会信用代码: 18 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, S, V, Z), the
    /// last a check character: 31 − (Σ value×weight mod 31), weights 3^i mod 31 (1, 3, 9, 27, 19, 26, 16, 17, 20, 29,
    /// 25, 13, 8, 24, 10, 30, 28), 31 written as 0.
    static func checkGB32100(_ s: String) throws {
        // The form's identity field, named for what it holds here.
        let field = InputField(InputField.idNumber.key, "统一社会信用代码")
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let c = Array(s)
        let shown = Privacy.maskIdentifier(s)
        guard c.count == 18 else { throw InputError(field, "“\(shown)”不是有效的统一社会信用代码：应为18位（现为\(c.count)位）") }
        var values: [Int] = []
        for ch in c {
            guard let v = alphabet.firstIndex(of: ch) else {
                throw InputError(field, "“\(shown)”不是有效的统一社会信用代码：含有不使用的字符“\(ch)”（不用 I、O、S、V、Z）")
            }
            values.append(v)
        }
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let sum = zip(values.prefix(17), weights).reduce(0) { $0 + $1.0 * $1.1 }
        let check = (31 - sum % 31) % 31
        guard values[17] == check else {
            throw InputError(field, "“\(shown)”的校验码（第18位）不对，请核对代码")
        }
    }

    /// The normal form of a phone number:
    /// - a mainland mobile number, `1[3-9]` and 9 more digits, with or without +86 / 0086 → `13812345678`;
    /// - a mainland landline with its area code (010, 02X: 3 digits; others 4) and a 7- or 8-digit number, with an
    ///   optional extension (转, ext, x, #, or a hyphen after the full number) → `0951-1234567` / `010-12345678-123`;
    /// - any other country's number written with + or 00 and its country code, 7–15 digits → `+85212345678`.
    /// Spaces, hyphens, dots, parentheses and full-width digits are accepted in the input.
    /// - Throws: `InputError` (field `.phone`) for anything else.
    public static func phone(_ text: String) throws -> String {
        let nf = try CleanText.line(text, field: .phone, maxLength: 40).precomposedStringWithCompatibilityMapping
        guard !nf.isEmpty else { throw InputError(.phone, "不能为空") }
        let bad = InputError(.phone, "“\(Privacy.maskIdentifier(text))”不是有效的电话号码（手机11位；固定电话带区号，如 0951-1234567；境外号码以 + 和国家代码开头）")
        // Extension: after 转 / ext / x / #.
        var main = nf, ext = ""
        for marker in ["转", "ext.", "ext", "EXT", "x", "X", "#", "分机"] {
            if let r = main.range(of: marker) {
                ext = String(main[r.upperBound...]).filter { !" -.".contains($0) }
                main = String(main[..<r.lowerBound])
                guard !ext.isEmpty, ext.count <= 6, ext.allSatisfy(\.isASCIIDigit) else { throw bad }
                break
            }
        }
        let plus = main.trimmingCharacters(in: .whitespaces).hasPrefix("+")
        guard main.allSatisfy({ $0.isASCIIDigit || " -.()+".contains($0) }), main.filter({ $0 == "+" }).count <= (plus ? 1 : 0) else { throw bad }
        // A hyphen-separated extension after a complete landline: 0951-1234567-123.
        let groups = main.split(whereSeparator: { $0 == "-" }).map { $0.filter(\.isASCIIDigit) }
        var digits = main.filter(\.isASCIIDigit)
        var international = plus
        if digits.hasPrefix("00") { digits.removeFirst(2); international = true }
        if international {
            if digits.hasPrefix("86") { digits.removeFirst(2) } else {
                guard ext.isEmpty, (7...15).contains(digits.count), !digits.hasPrefix("0") else { throw bad }
                return "+" + digits
            }
        }
        if digits.count == 11, digits.hasPrefix("1"), let second = digits.dropFirst().first, ("3"..."9").contains(second) {
            guard ext.isEmpty else { throw bad }
            return digits
        }
        if !international && ext.isEmpty && groups.count == 3 && groups[0].hasPrefix("0") && (1...6).contains(groups[2].count) {
            ext = groups[2]
            digits = groups[0] + groups[1]
        }
        if international && !digits.hasPrefix("0") { digits = "0" + digits }
        guard digits.hasPrefix("0"), let second = digits.dropFirst().first, second != "0" else { throw bad }
        let areaLength = second == "1" || second == "2" ? 3 : 4
        let area = digits.prefix(areaLength), number = digits.dropFirst(areaLength)
        guard (7...8).contains(number.count), number.first != "0" else { throw bad }
        return "\(area)-\(number)" + (ext.isEmpty ? "" : "-\(ext)")
    }

    /// Identifier text with NFKC applied, invisible characters refused or removed, spaces and hyphens removed, letters
    /// upper-cased.
    static func compactForm(_ text: String, field: InputField) throws -> String {
        let line = try CleanText.line(text, field: field, maxLength: 60).precomposedStringWithCompatibilityMapping
        return String(line.filter { !$0.isWhitespace && $0 != "-" }).uppercased()
    }

    /// The normal form of an e-mail address: trimmed, one `@` with text on both sides and a dot in the domain.
    /// - Throws: `InputError` (field `.email`).
    public static func email(_ text: String) throws -> String {
        let e = try CleanText.line(text, field: .email, maxLength: InputLimits.contact).precomposedStringWithCompatibilityMapping
        let parts = e.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !e.contains(" ") else {
            throw InputError(.email, "“\(Privacy.maskIdentifier(text))”不是有效的电子邮箱地址")
        }
        return String(parts[0]) + "@" + parts[1].lowercased()
    }
}

extension String {
    /// The string without leading and trailing whitespace and line breaks (Unicode White_Space, U+3000 included, and
    /// U+200B) —
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` without Foundation's bridging, for per-row work.
    public var trimmedWhitespace: String {
        let scalars = unicodeScalars
        // As Foundation's set: Unicode White_Space and U+200B ZERO WIDTH SPACE.
        func blank(_ u: Unicode.Scalar) -> Bool { u.properties.isWhitespace || u.value == 0x200B }
        guard let first = scalars.firstIndex(where: { !blank($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !blank($0) })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILetter: Bool { isASCII && isLetter }
}

extension Identifier {
    /// A 居民身份证 number with its GB 11643 check character, for generated (demo and test) records: `region` is the
    /// 6-digit address code, `sequence` 0…999.
    public static func makeResidentID(region: String, birth: CalendarDate, sequence: Int) -> String {
        let body = region + String(format: "%04d%02d%02d%03d", birth.year, birth.month, birth.day, sequence % 1000)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.compactMap { $0.wholeNumberValue }, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    /// A 统一社会信用代码 with its GB 32100 check character, for generated records: `body` is 17 characters of the
    /// code alphabet.
    public static func makeUnifiedSocialCreditCode(_ body: String) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        let sum = zip(body.map { alphabet.firstIndex(of: $0) ?? 0 }, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return body + String(alphabet[(31 - sum % 31) % 31])
    }
}
