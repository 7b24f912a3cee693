import Foundation

/// P1 (error): the narrative sections must not carry an applicant's personal identifiers. An identity number or a
/// mobile number typed into a report blocks publishing like an arithmetic error (条例第十五条: information whose
/// disclosure would harm a third party's privacy is not disclosed; 个人信息保护法第十条).
///
/// What is found, in each section's text:
/// - an 18-character 公民身份号码 shape (17 digits and a digit or X, also written in groups 6-8-4 with spaces or
///   hyphens) whose birth date (characters 7–14) exists — whether or not its check character is right, since a
///   mistyped number is still personal data;
/// - a mainland mobile number, `1[3-9]` and 9 more digits, with or without +86, not part of a longer number and not
///   followed by a unit (元, 万, 亿, 件, 个, 人, 次, 页, 条, %), so an amount such as 15000000000元 is not taken for one.
/// Landline numbers (an office's published contact number) are not personal data and are not flagged.
enum PersonalDataRule {
    static func p1(_ r: AnnualReport, _: AnnualReport?) -> [Finding] {
        var out: [Finding] = []
        for s in r.sections where !s.text.isEmpty {
            // A table row carried into the text of a PDF copy ("132  1848 5680 …": figures of adjacent cells) is not
            // narrative: lines with five or more separate figures are left out.
            let narrative = s.text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
                line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" })
                    .filter { $0.allSatisfy { $0.isNumber || $0 == "." || $0 == "," } }.count < 5
            }.joined(separator: "\n")
            for hit in scan(narrative) {
                out.append(Finding(rule: .P1, severity: .error, table: "正文", row: s.heading,
                                   message: "正文含有疑似\(hit.kind)“\(hit.masked)”：年度报告不得公开个人信息，请删除后再发布", source: s.source))
            }
        }
        return out
    }

    struct Hit: Equatable { var kind: String; var masked: String }

    // Digits may be grouped with one space or hyphen between any two (138 1234 5678, 110105-19491231-002X,
    // 110105 1949 1231 002X); the text is NFKC-folded first, so full-width digits, spaces (U+3000) and hyphens count.
    static let idPattern = try! NSRegularExpression(pattern: "(?<![0-9])[1-9](?:[ -]?[0-9]){16}[ -]?[0-9Xx](?![0-9])")
    static let mobilePattern = try! NSRegularExpression(
        pattern: "(?<![0-9.])(?:\\+?86[ -]?)?(1[ -]?[3-9](?:[ -]?[0-9]){9})(?![0-9]|[.．][0-9])")
    /// How the 11 digits of a mobile number are grouped when written with spaces or hyphens.
    static let mobileGroupings: Set<[Int]> = [[11], [3, 4, 4], [3, 8], [7, 4]]
    static let units: Set<Character> = ["元", "万", "亿", "件", "个", "人", "次", "页", "条", "%", "％", "份", "项", "户", "米", "吨", "千"]

    /// Identity and mobile numbers in `text`, masked for the message (first 3 and last 2 characters kept).
    static func scan(_ text: String) -> [Hit] {
        let t = text.precomposedStringWithCompatibilityMapping
        // Both kinds need 11 or more digits close together (spaces, hyphens and + may stand between them): most texts
        // have none and skip the regular expressions.
        var run = 0, longest = 0
        for b in t.utf8 {
            if (0x30...0x39).contains(b) { run += 1; longest = max(longest, run) }
            else if b != 0x20 && b != 0x2D && b != 0x2B { run = 0 }
        }
        guard longest >= 11 else { return [] }
        let ns = t as NSString
        var hits: [Hit] = []
        var taken: [NSRange] = []
        for m in idPattern.matches(in: t, range: NSRange(location: 0, length: ns.length)) {
            let id = ns.substring(with: m.range).filter { $0 != " " && $0 != "-" }
            guard plausibleBirthDate(id) else { continue }
            hits.append(Hit(kind: "身份证号码", masked: mask(id.uppercased())))
            taken.append(m.range)
        }
        for m in mobilePattern.matches(in: t, range: NSRange(location: 0, length: ns.length)) {
            guard !taken.contains(where: { NSIntersectionRange($0, m.range).length > 0 }) else { continue }
            let end = m.range.location + m.range.length
            if end < ns.length, let next = ns.substring(with: NSRange(location: end, length: 1)).first, units.contains(next) { continue }
            // Grouped only as people write a mobile (138 1234 5678, 138 12345678, 1381234 5678): a text table row's
            // figures ("13612 252 0 45 1") are not one.
            let written = ns.substring(with: m.range(at: 1))
            let groups = written.split(whereSeparator: { $0 == " " || $0 == "-" }).map(\.count)
            guard Self.mobileGroupings.contains(groups) else { continue }
            let number = written.filter(\.isNumber)
            hits.append(Hit(kind: "手机号码", masked: mask(number)))
        }
        return hits
    }

    static func plausibleBirthDate(_ id: String) -> Bool {
        let d = Array(id)
        guard let y = Int(String(d[6..<10])), let m = Int(String(d[10..<12])), let day = Int(String(d[12..<14])) else { return false }
        return y >= 1880 && CalendarDate(year: y, month: m, day: day) != nil
    }

    static func mask(_ s: String) -> String { String(s.prefix(3)) + String(repeating: "*", count: max(0, s.count - 5)) + String(s.suffix(2)) }
}
