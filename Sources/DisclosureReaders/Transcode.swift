import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Legacy Chinese encodings through glibc's iconv: Excel on Chinese Windows saves CSV, and many sites publish
/// text, in GBK / GB18030 (a superset of GBK and GB2312).
enum Transcode {
    /// Decodes GB18030 (and so GBK, GB2312) bytes; nil when they are not valid GB18030.
    static func gb18030(_ data: Data) -> String? {
        let cd = iconv_open("UTF-8", "GB18030")
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = [CChar](repeating: 0, count: data.count)
        data.withUnsafeBytes { raw in
            for (i, b) in raw.enumerated() { input[i] = CChar(bitPattern: b) }
        }
        var output = [CChar](repeating: 0, count: data.count * 2 + 16)
        var inLeft = input.count, outLeft = output.count
        let result = input.withUnsafeMutableBufferPointer { ib -> Int in
            output.withUnsafeMutableBufferPointer { ob -> Int in
                var ip: UnsafeMutablePointer<CChar>? = ib.baseAddress
                var op: UnsafeMutablePointer<CChar>? = ob.baseAddress
                return iconv(cd, &ip, &inLeft, &op, &outLeft)
            }
        }
        guard result != -1, inLeft == 0 else { return nil }
        let bytes = output.prefix(output.count - outLeft).map { UInt8(bitPattern: $0) }
        return String(validating: bytes, as: UTF8.self)
    }
}
