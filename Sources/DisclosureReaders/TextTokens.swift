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

    /// Removes leading list markers from a label core (punctuation already gone): "1属于国家秘密" → "属于国家秘密",
    /// "三1属于国家秘密" → "属于国家秘密". A leading numeral is dropped only from cores longer than three characters,
    /// and callers compare both the stripped and the unstripped core, so words such as 三安全 still match.
    static func stripMarker(_ core: String) -> String {
        var s = Substring(core)
        let numerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        var changed = true
        while changed {
            changed = false
            if let f = s.first, f.isASCII, f.isNumber {
                s = s.drop(while: { $0.isASCII && $0.isNumber }); changed = true
            } else if let f = s.first, numerals.contains(f), s.count > 3 {
                s = s.dropFirst(); changed = true
            }
        }
        return String(s)
    }

    /// Collapses whitespace (incl. U+00A0, U+3000) runs to one space and trims.
    static func collapse(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for u in s.unicodeScalars {
            switch u.value {
            case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
                pendingSpace = !out.isEmpty
            default:
                if pendingSpace { out.append(" "); pendingSpace = false }
                out.append(u)
            }
        }
        return String(out)
    }
}

/// Parsing of printed numbers in table cells.
enum NumberToken {
    /// Parses "12", "-1", "−1", "1,234", "24252.311082", "２３", "251000元", "3.5万元", "0件", "3起" (units 元/万元 and
    /// the count units 件/起/条/项/宗 allowed, one of them, after the figure).
    /// Returns nil for anything else ("1." and "2020年" are not numbers). Runs on every field of every line,
    /// so it scans scalars once without Foundation.
    static func parse(_ raw: String) -> Decimal? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        var ended = false     // trailing whitespace or unit seen
        var wan = false       // 万 seen, 元 must follow
        for u in raw.unicodeScalars {
            let v = u.value
            switch v {
            case 0x20, 0x09, 0x0A, 0x0D, 0xA0, 0x3000:
                if !bytes.isEmpty { ended = true }
                continue
            case 0x5143: // 元
                if bytes.isEmpty || (ended && !wan) { return nil }
                ended = true; wan = false; continue
            case 0x4E07: // 万 (of 万元)
                if bytes.isEmpty || ended { return nil }
                ended = true; wan = true; continue
            case 0x4EF6, 0x8D77, 0x6761, 0x9879, 0x5B97: // 件 起 条 项 宗: a count with its unit ("0件", "3起")
                if bytes.isEmpty || ended { return nil }
                ended = true; continue
            default: break
            }
            if ended { return nil }
            switch v {
            case 0x30...0x39: bytes.append(UInt8(v))
            case 0xFF10...0xFF19: bytes.append(UInt8(v - 0xFF10 + 0x30))
            case 0x2D, 0x2212, 0xFF0D, 0x2013: bytes.append(0x2D)
            case 0x2B, 0xFF0B: bytes.append(0x2B)
            case 0x2E, 0xFF0E: bytes.append(0x2E)
            case 0x2C, 0xFF0C: bytes.append(0x2C)
            default: return nil
            }
        }
        if wan || bytes.isEmpty { return nil }
        var digits = 0, dots = 0, digitsAfterDot = 0, negative = false
        var intValue = 0, overflow = false
        var cleaned: [UInt8] = []
        cleaned.reserveCapacity(bytes.count)
        for (i, c) in bytes.enumerated() {
            switch c {
            case 0x30...0x39:
                digits += 1
                if dots > 0 { digitsAfterDot += 1 } else {
                    let (m, o1) = intValue.multipliedReportingOverflow(by: 10)
                    let (r, o2) = m.addingReportingOverflow(Int(c - 0x30))
                    intValue = r; overflow = overflow || o1 || o2
                }
                cleaned.append(c)
            case 0x2D: if i != 0 { return nil }; negative = true; cleaned.append(c)
            case 0x2B: if i != 0 { return nil }
            case 0x2E: dots += 1; if dots > 1 || digits == 0 { return nil }; cleaned.append(c)
            case 0x2C: if dots > 0 || digits == 0 { return nil }
            default: return nil
            }
        }
        guard digits > 0, dots == 0 || digitsAfterDot > 0 else { return nil }
        if dots == 0 && !overflow { return Decimal(negative ? -intValue : intValue) }
        return Decimal(string: String(decoding: cleaned, as: UTF8.self), locale: Locale(identifier: "en_US_POSIX"))
    }

    /// Tokens that stand for an empty or unknown cell in free text (kept verbatim as unreadable cells).
    static let blankMarkers: Set<String> = ["—", "——", "-", "–", "/", "／", "无", "空", "－", "_", "×", "*", "不适用"]

    /// Units that may follow a figure, spaced off it in PDF text.
    static let units: Set<String> = ["件", "起", "条", "项", "宗", "元", "万元"]

    /// A placeholder written for a cell: one of `blankMarkers`, or a run of dashes of any length ("--", "———").
    static func isPlaceholder(_ t: String) -> Bool {
        blankMarkers.contains(t) || CellValue.isDashRun(t)
    }
}

/// A line split into its label and its values.
struct TokenizedLine {
    /// Label text (label fields joined, no separators).
    var label: String
    /// Values in order: `nil` text means a blank (positional lines only).
    var values: [SourceField]
    var kind: SourceLine.Kind
    var source: SourceRef

    /// How many values read as numbers (computed once).
    private(set) var numericCount = 0
    var hasValues: Bool { numericCount > 0 }

    mutating func setValues(_ v: [SourceField]) {
        values = v
        numericCount = v.reduce(0) { $0 + (NumberToken.parse($1.text) != nil ? 1 : 0) }
    }

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
                let cjk = Norm.cjkCount(t)
                if cjk >= 2 || (cjk == 1 && !NumberToken.isPlaceholder(Norm.collapse(t))) {
                    lastLabel = i
                }
            }
            label = fields[0..<(lastLabel + 1)].map { Norm.collapse($0.text) }.filter { !$0.isEmpty }.joined(separator: "\u{1F}")
            values = Array(fields[(lastLabel + 1)...])
            numericCount = values.reduce(0) { $0 + (NumberToken.parse($1.text) != nil ? 1 : 0) }
        case .free:
            var labelParts: [String] = []
            var vals: [SourceField] = []
            let text = line.fields.map(\.text).joined(separator: " ")
            let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" || $0 == "\u{3000}" || $0 == "\t" }).map(String.init)
            // The run of numbers and placeholders that ends the line: a placeholder there is a cell (a row written
            // "— — —" or "无 无"); inside a label ("申请人 无 正当理由", a PDF line break) it stays a word.
            var trailing = tokens.count
            while trailing > 0, NumberToken.parse(tokens[trailing - 1]) != nil || NumberToken.isPlaceholder(tokens[trailing - 1]) {
                trailing -= 1
            }
            for (k, t) in tokens.enumerated() {
                if NumberToken.parse(t) != nil { vals.append(SourceField(t, source: line.source)); numericCount += 1; continue }
                // A unit spaced off its figure ("43 件", "3.5 万元") belongs to the figure.
                if k > 0, NumberToken.units.contains(t), NumberToken.parse(tokens[k - 1]) != nil { continue }
                if (!vals.isEmpty || (k >= trailing && !labelParts.isEmpty)) && NumberToken.isPlaceholder(t) {
                    vals.append(SourceField(t, source: line.source)); continue
                }
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
        while v.count > expected, let last = v.last, Norm.collapse(last.text).isEmpty { v.removeLast() }
        while v.count > expected, let first = v.first, Norm.collapse(first.text).isEmpty { v.removeFirst() }
        return v
    }
}

extension CellValue {
    /// The dashes that mean "left blank".
    static let dashes: Set<String> = ["—", "——", "-", "－", "–", "―"]

    /// Two or more dash characters and nothing else ("--", "———", "－－"): a cell left blank.
    static func isDashRun(_ t: String) -> Bool {
        t.count >= 2 && t.count <= 8 && t.allSatisfy { "-－–—―‒‐".contains($0) }
    }

    /// Reads a printed cell: a number, blank (empty or whitespace) or text kept verbatim.
    /// A dash (—, ——, -, －, –) is a cell left blank; other words (无, /) are kept as written.
    static func parse(_ text: String) -> CellValue {
        let t = Norm.collapse(text)
        if t.isEmpty || dashes.contains(t) || isDashRun(t) { return .blank }
        if let d = NumberToken.parse(t) { return .number(d) }
        return .text(t)
    }
}

#if canImport(Glibc)
import Glibc
#endif

extension String {
    /// Substring test on UTF-8 bytes (memchr + memcmp). Foundation's `contains` goes through CFString and UTF-16 and was
    /// most of the audit's time on long pages.
    @inline(__always)
    func has(_ needle: String) -> Bool {
        if needle.isEmpty { return true }
        var h = self, n = needle
        return h.withUTF8 { hb in
            n.withUTF8 { nb in
                guard hb.count >= nb.count, let hp = hb.baseAddress, let np = nb.baseAddress else { return false }
                let last = hb.count - nb.count
                var i = 0
                while i <= last {
                    guard let found = memchr(hp + i, Int32(np.pointee), last - i + 1) else { return false }
                    let j = UnsafeRawPointer(hp).distance(to: UnsafeRawPointer(found))
                    if memcmp(hp + j, np, nb.count) == 0 { return true }
                    i = j + 1
                }
                return false
            }
        }
    }
}
