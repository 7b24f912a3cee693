import Foundation
import DisclosureRules

/// Text helpers for matching printed labels against the official ones.
enum Norm {
    /// Label core for comparison: compatibility mapping (full-width → ASCII), then only letters and
    /// digits kept (whitespace, brackets, 、，。“” and other punctuation removed).
    static func core(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            let v = u.value
            if v >= 0xFF01 && v <= 0xFF5E { // full-width ASCII variants
                let a = Unicode.Scalar(v - 0xFEE0)!
                if CharacterSet.alphanumerics.contains(a) { out.append(a) }
                continue
            }
            if isCJK(u) { out.append(u); continue }
            if v < 0x80 {
                if (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) { out.append(u) }
                continue
            }
            if CharacterSet.letters.contains(u) || CharacterSet.decimalDigits.contains(u) { out.append(u) }
        }
        return String(out)
    }

    static func isCJK(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || v == 0x3007
    }

    static func cjkCount(_ s: String) -> Int { s.unicodeScalars.reduce(0) { $0 + (isCJK($1) ? 1 : 0) } }

    /// Removes a leading list marker from a label core: 一、 （三） 1. etc. (already stripped of punctuation,
    /// so "三本年度办理结果" → "本年度办理结果" only when `numerals` says so).
    static func stripMarker(_ core: String) -> String {
        var s = Substring(core)
        // Chinese numeral markers (一…十 followed by the label) are only stripped when followed by more text.
        let numerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        var changed = true
        while changed {
            changed = false
            if let f = s.first, f.isASCII, f.isNumber {
                s = s.drop(while: { $0.isASCII && $0.isNumber }); changed = true
            } else if let f = s.first, numerals.contains(f), s.count > 3 {
                // only a marker when the next char is not part of a word like 一稳定 / 三安全: the callers compare
                // both the stripped and the unstripped core.
                s = s.dropFirst(); changed = true
            }
        }
        return String(s)
    }

    /// Collapses whitespace (incl. U+00A0, U+3000) runs to one space and trims.
    static func collapse(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        for ch in s {
            if ch.isWhitespace || ch == "\u{00A0}" || ch == "\u{3000}" {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" "); pendingSpace = false }
                out.append(ch)
            }
        }
        return out
    }
}

/// Parsing of printed numbers in table cells.
enum NumberToken {
    /// Parses "12", "-1", "−1", "1,234", "24252.311082", "２３", "251000元", "3.5万元" (units 元/万元 allowed).
    /// Returns nil for anything else ("1." and "2020年" are not numbers).
    static func parse(_ raw: String) -> Decimal? {
        var s = raw.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{00A0}\u{3000}")))
        if s.isEmpty { return nil }
        if s.hasSuffix("万元") { s.removeLast(2) } else if s.hasSuffix("元") { s.removeLast() }
        var ascii = ""
        ascii.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            let v = u.value
            if v >= 0xFF10 && v <= 0xFF19 { ascii.unicodeScalars.append(Unicode.Scalar(v - 0xFEE0)!) }
            else if v == 0x2212 || v == 0xFF0D || v == 0x2013 { ascii.append("-") } // − － –
            else if v == 0xFF0B { ascii.append("+") }
            else if v == 0xFF0E { ascii.append(".") }
            else if v == 0xFF0C { ascii.append(",") }
            else { ascii.unicodeScalars.append(u) }
        }
        var digits = 0, dots = 0, sawDigitAfterDot = false
        for (i, c) in ascii.enumerated() {
            switch c {
            case "0"..."9": digits += 1; if dots > 0 { sawDigitAfterDot = true }
            case "-", "+": if i != 0 { return nil }
            case ".": dots += 1; if dots > 1 || digits == 0 { return nil }
            case ",": if dots > 0 || digits == 0 { return nil }
            default: return nil
            }
        }
        guard digits > 0, dots == 0 || sawDigitAfterDot else { return nil }
        let cleaned = ascii.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "+", with: "")
        return Decimal(string: cleaned, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// Tokens that stand for an empty or unknown cell in free text (kept verbatim as unreadable cells).
    static let blankMarkers: Set<String> = ["—", "——", "-", "–", "/", "／", "无", "空", "－", "_", "×", "*", "不适用"]
}

/// A line split into its label and its values.
struct TokenizedLine {
    /// Label text (label fields joined, no separators).
    var label: String
    /// Values in order: `nil` text means a blank (positional lines only).
    var values: [SourceField]
    var kind: SourceLine.Kind
    var source: SourceRef

    var numericCount: Int { values.reduce(0) { $0 + (NumberToken.parse($1.text) != nil ? 1 : 0) } }
    var hasValues: Bool { numericCount > 0 }

    init(_ line: SourceLine) {
        kind = line.kind
        source = line.source
        switch line.kind {
        case .positional:
            let fields = line.fields
            let firstNumeric = fields.firstIndex { NumberToken.parse($0.text) != nil } ?? fields.count
            // The label ends at the last field before the first number that reads as words.
            var lastLabel = -1
            for i in 0..<firstNumeric {
                let t = fields[i].text
                if Norm.cjkCount(t) >= 2 || (Norm.cjkCount(t) >= 1 && !NumberToken.blankMarkers.contains(t.trimmingCharacters(in: .whitespaces))) {
                    lastLabel = i
                }
            }
            label = fields[0..<(lastLabel + 1)].map { $0.text.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\u{1F}")
            values = Array(fields[(lastLabel + 1)...])
        case .free:
            var labelParts: [String] = []
            var vals: [SourceField] = []
            let text = line.fields.map(\.text).joined(separator: " ")
            for tok in text.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" || $0 == "\u{3000}" || $0 == "\t" }) {
                let t = String(tok)
                if NumberToken.parse(t) != nil { vals.append(SourceField(t, source: line.source)); continue }
                if !vals.isEmpty && NumberToken.blankMarkers.contains(t) { vals.append(SourceField(t, source: line.source)); continue }
                labelParts.append(t)
            }
            label = labelParts.joined()
            values = vals
        }
    }

    /// The label fields (positional lines keep them apart; the last one is usually the row's own label).
    var labelParts: [String] { label.split(separator: "\u{1F}").map(String.init) }
    var fullLabel: String { label.replacingOccurrences(of: "\u{1F}", with: "") }

    /// Trims surplus empty fields (positional) at the ends until at most `expected` remain.
    func trimmedValues(expected: Int) -> [SourceField] {
        var v = values
        while v.count > expected, let last = v.last, last.text.trimmingCharacters(in: .whitespaces).isEmpty { v.removeLast() }
        while v.count > expected, let first = v.first, first.text.trimmingCharacters(in: .whitespaces).isEmpty { v.removeFirst() }
        return v
    }
}

extension CellValue {
    /// Reads a printed cell: a number, blank (empty or whitespace) or text kept verbatim.
    static func parse(_ text: String) -> CellValue {
        let t = Norm.collapse(text)
        if t.isEmpty { return .blank }
        if let d = NumberToken.parse(t) { return .number(d) }
        return .text(t)
    }
}
