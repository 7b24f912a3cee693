import Foundation

/// Masking of personal data for any output: names keep their first character, identifiers are never printed.
public enum Privacy {
    /// "张三" → "张*", "李小明" → "李**", "阿依古丽·买买提" → "阿*******"; an organisation's name ("某某有限公司") is
    /// kept. A natural person's name is always masked, however long; without a kind, a name that reads as an
    /// organisation's is kept.
    public static func maskName(_ name: String, kind: ApplicantKind? = nil) -> String {
        let n = name.trimmingCharacters(in: .whitespaces)
        if let kind, kind != .naturalPerson { return n }
        if kind == nil, ["公司", "中心", "事务所", "协会", "研究", "大学", "学院", "委员会", "组织", "基金会"].contains(where: { n.contains($0) }) { return n }
        guard let first = n.first else { return "" }
        return String(first) + String(repeating: "*", count: max(1, n.count - 1))
    }

    /// An identifier in a message (a refusal may be shown, logged or read over a shoulder): the first 3 and the last 2
    /// characters kept, the rest `*` — "110101199001011234" → "110*************34". Short ones are all masked.
    public static func maskIdentifier(_ s: String) -> String {
        let c = Array(s)
        guard c.count > 6 else { return String(repeating: "*", count: c.count) }
        return String(c.prefix(3)) + String(repeating: "*", count: c.count - 5) + String(c.suffix(2))
    }
}
