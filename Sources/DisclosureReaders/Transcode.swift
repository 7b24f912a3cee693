import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Legacy Chinese encodings through glibc's iconv: Excel on Chinese Windows saves CSV, and many sites publish
/// text, in GBK / GB18030 (a superset of GBK and GB2312); Taiwan and Hong Kong sites save traditional Chinese in
/// Big5.
enum Transcode {
    /// Decodes GB18030 (and so GBK, GB2312) bytes; nil when they are not valid GB18030.
    static func gb18030(_ data: Data) -> String? { decode(data, from: "GB18030") }

    /// Decodes Big5 bytes (the Hong Kong superset BIG5-HKSCS, else plain BIG5); nil when they are not valid Big5.
    static func big5(_ data: Data) -> String? { decode(data, from: "BIG5-HKSCS") ?? decode(data, from: "BIG5") }

    /// Decodes `data` from the iconv encoding `name` to a string; nil when iconv does not know the encoding or the
    /// bytes are not valid in it.
    static func decode(_ data: Data, from name: String) -> String? {
        let cd = iconv_open("UTF-8", name)
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        // Two UTF-8 bytes per input byte covers every Chinese double-byte code (3 bytes out, or 4 for a
        // supplementary-plane or two-character Big5-HKSCS code); the buffer grows if ever it does not.
        var output = [UInt8](repeating: 0, count: data.count * 2 + 16)
        var produced = 0
        let ok: Bool = data.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            var ip: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: CChar.self))
            var inLeft = raw.count
            while inLeft > 0 {
                let (result, err, outUsed) = output.withUnsafeMutableBufferPointer { ob -> (Int, Int32, Int) in
                    let start = UnsafeMutableRawPointer(ob.baseAddress! + produced).assumingMemoryBound(to: CChar.self)
                    var op: UnsafeMutablePointer<CChar>? = start
                    var outLeft = ob.count - produced
                    let r = iconv(cd, &ip, &inLeft, &op, &outLeft)
                    return (r, r == -1 ? errno : 0, (ob.count - produced) - outLeft)
                }
                produced += outUsed
                if result != -1 { break }
                guard err == E2BIG else { return false }
                output += [UInt8](repeating: 0, count: max(output.count / 2, 64))
            }
            return inLeft == 0
        }
        guard ok else { return nil }
        output.removeSubrange(produced...)
        return String(validating: output, as: UTF8.self)
    }
}

/// Tells GB18030 from Big5: both are double-byte, and GB18030 decodes nearly any Big5 text without an error —
/// into kana, Greek, Cyrillic and private-use characters instead of Chinese.
enum LegacyEncodingGuess {
    /// Words every simplified report has, as a right GB18030 decoding shows them.
    static let simplifiedWords = ["信息公开", "年度报告", "政府", "申请", "公开"]
    /// The same words in traditional characters, as a right Big5 decoding shows them.
    static let traditionalWords = ["資訊公開", "信息公開", "年度報告", "政府", "申請", "公開"]

    /// Whether `data` (not UTF-8) is Big5 rather than GB18030: its Big5 decoding reads as Chinese (report words,
    /// or hardly any characters Chinese text does not use) while its GB18030 decoding, `gb` (nil when the bytes
    /// are not GB18030), does not.
    static func isBig5(_ data: Data, gb: String?) -> Bool {
        guard let big5 = Transcode.big5(data) else { return false }
        let big5Odd = oddShare(big5)
        guard let gb else { return big5Odd < 0.05 && Norm.cjkCount(big5) > 0 }
        let gbWords = simplifiedWords.contains { gb.contains($0) }
        let big5Words = traditionalWords.contains { big5.contains($0) }
        if gbWords != big5Words { return big5Words }
        let gbOdd = oddShare(gb)
        return gbOdd >= 0.05 && big5Odd < gbOdd / 3
    }

    /// The share (0…1) of the non-ASCII characters that Chinese text does not use: kana, bopomofo, Greek,
    /// Cyrillic, Latin letters with tone marks, Hangul, private use, vertical and small punctuation forms. Near 0
    /// for a right decoding of Chinese, high for a wrong one.
    static func oddShare(_ s: String) -> Double {
        var nonASCII = 0, odd = 0
        for u in s.unicodeScalars where u.value >= 0x80 {
            nonASCII += 1
            switch u.value {
            case 0x0100...0x024F, 0x0370...0x03FF, 0x0400...0x04FF, 0x1100...0x11FF, 0x3040...0x30FF,
                 0x3100...0x312F, 0x31A0...0x31BF, 0xAC00...0xD7AF, 0xE000...0xF8FF, 0xFE30...0xFE6F, 0xF0000...:
                odd += 1
            default: break
            }
        }
        return nonASCII == 0 ? 0 : Double(odd) / Double(nonASCII)
    }
}
