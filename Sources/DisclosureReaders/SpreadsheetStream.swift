import CSV
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Spreadsheet {
    /// The rows of a spreadsheet one at a time, for ledgers too large to hold in memory. Cells come as written
    /// (not trimmed: the caller trims what it uses).
    ///
    /// - CSV is streamed: UTF-8 (with or without BOM) is parsed straight from the file by CSV.swift; GBK/GB18030 (as
    ///   Chinese Excel saves it) is first converted to a temporary UTF-8 file in chunks by iconv; UTF-16/UTF-32 with a
    ///   BOM are parsed by CSV.swift in their encoding. Memory stays bounded whatever the file's size.
    /// - XLSX is read whole (`rows(url:)`: the first worksheet), then handed out row by row; for very large ledgers
    ///   save the sheet as CSV.
    public final class RowReader {
        private var csv: CSVReader?
        private var stream: ChunkedFileStream?
        private var buffered: IndexingIterator<[[String]]>?
        private let file: String
        private var records = 0

        /// The encoding of a CSV file (nil for XLSX).
        public private(set) var encoding: String?

        init(csv: CSVReader, stream: ChunkedFileStream?, file: String, encoding: String) {
            self.csv = csv; self.stream = stream; self.file = file; self.encoding = encoding
        }

        init(rows: [[String]], file: String) {
            buffered = rows.makeIterator(); self.file = file
        }

        /// The next row (spreadsheet row 1 is the header), or nil at the end.
        /// - Throws: `ReaderError.unreadable` naming the file and the record that cannot be parsed.
        public func next() throws -> [String]? {
            if buffered != nil { return buffered!.next() }
            guard let csv else { return nil }
            if let stream, let bad = stream.strayQuoteRecord {
                throw ReaderError.unreadable(file: file, reason: "CSV 第\(bad)行有一格在引号闭合后还有文字（如 \"a\"b）；请检查该行的引号")
            }
            if let row = csv.next() {
                records += 1
                return row
            }
            if let e = csv.error {
                if let inner = stream?.streamError as? ReaderError { throw inner }
                throw ReaderError.unreadable(file: file, reason: "CSV 第\(records + 1)行无法解析（\(csvProblem(e))）")
            }
            // An odd number of quotes: a quoted cell never closed, which swallowed every later line into one cell.
            if let stream, let bad = stream.strayQuoteRecord {
                throw ReaderError.unreadable(file: file, reason: "CSV 第\(bad)行有一格在引号闭合后还有文字（如 \"a\"b）；请检查该行的引号")
            }
            if let stream, stream.endsInsideQuotes {
                throw ReaderError.unreadable(file: file, reason: "CSV 第\(records)行有一个引号没有闭合，其后的各行都被读进了这一格；请检查该行的引号")
            }
            return nil
        }
    }

    /// Opens a CSV or XLSX file for reading row by row (see `RowReader`).
    /// - Throws: `ReaderError` naming the file: missing, empty, an old .xls, an encoding that is neither UTF-8/16/32
    ///   nor GB18030, a damaged XLSX.
    public static func rowReader(url: URL) throws -> RowReader {
        let file = url.path
        // A directory, a device or a missing file is named as such (stat(2)).
        if try InputFile.size(of: url, file: file) == 0 { throw ReaderError.unreadable(file: file, reason: "文件为空") }
        let head = try InputFile.head(url, file: file, count: 8192)
        let ext = url.pathExtension.lowercased()
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || ext == "xlsx" {
            return RowReader(rows: try rows(url: url), file: file)
        }
        if ext == "xls" { throw ReaderError.unreadable(file: file, reason: "这是旧版Excel（.xls）文件，请另存为XLSX或CSV后再导入") }
        let bytes = [UInt8](head)
        func stream(_ transcode: Bool) throws -> ChunkedFileStream {
            guard let h = FileHandle(forReadingAtPath: file) else { throw ReaderError.unreadable(file: file, reason: "无法打开文件") }
            return try ChunkedFileStream(handle: h, file: file, gb18030: transcode)
        }
        func reader(_ s: ChunkedFileStream, _ make: (ChunkedFileStream) throws -> CSVReader) throws -> CSVReader {
            do { return try make(s) } catch {
                if let inner = s.streamError as? ReaderError { throw inner }
                throw ReaderError.unreadable(file: file, reason: "CSV 无法解析（\(csvProblem(error))）")
            }
        }
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            let s = try stream(false)
            let r = try reader(s) { try CSVReader(stream: $0, codecType: UTF32.self, endian: .unknown, trimFields: false) }
            return RowReader(csv: r, stream: nil, file: file, encoding: "UTF-32")
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let s = try stream(false)
            let r = try reader(s) { try CSVReader(stream: $0, codecType: UTF16.self, endian: .unknown, trimFields: false) }
            return RowReader(csv: r, stream: nil, file: file, encoding: "UTF-16")
        }
        if bytes.contains(0) {
            throw ReaderError.unreadable(file: file, reason: "不是文本：二进制文件，或没有字节顺序标记的 UTF-16/UTF-32；请另存为 UTF-8 的 CSV 或 XLSX")
        }
        let utf8 = try isUTF8(url: url, file: file)
        let s = try stream(!utf8)
        let r = try reader(s) { try CSVReader(stream: $0, codecType: UTF8.self, trimFields: false) }
        return RowReader(csv: r, stream: s, file: file, encoding: utf8 ? "UTF-8" : "GB18030")
    }

    /// Whether the whole file is valid UTF-8, read in 1 MiB chunks (a sequence split between chunks is carried over).
    static func isUTF8(url: URL, file: String) throws -> Bool {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw ReaderError.unreadable(file: file, reason: "无法打开文件") }
        defer { try? handle.close() }
        var carry: [UInt8] = []
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch { throw ReaderError.unreadable(file: file, reason: "读取失败：\(error)") }
            if chunk.isEmpty { return carry.isEmpty }
            var bytes = carry + chunk
            // Keep an incomplete sequence at the end for the next chunk: find the last lead byte (at most 3
            // continuation bytes back) and cut before it when its sequence needs more bytes than are here.
            var cut = bytes.count
            var i = bytes.count - 1, continuation = 0
            while i >= 0, continuation < 3, bytes[i] & 0xC0 == 0x80 { i -= 1; continuation += 1 }
            if i >= 0 {
                let b = bytes[i]
                let need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
                if need > continuation + 1 { cut = i }
            }
            carry = Array(bytes[cut...])
            bytes.removeSubrange(cut...)
            if String(validating: bytes, as: UTF8.self) == nil { return false }
        }
    }
}

/// A file read in 1 MiB chunks as an `InputStream` for CSV.swift, optionally converted from GB18030 to UTF-8 on the
/// way (iconv, a sequence split between chunks carried over). Unlike Foundation's file stream on Linux it reports the
/// end of the file as no bytes available, and a conversion failure as its `streamError`.
final class ChunkedFileStream: InputStream {
    private let handle: FileHandle
    private let file: String
    private var buffer: [UInt8] = []
    private var position = 0
    private var pending: [UInt8] = []
    private var finished = false
    private var status: Stream.Status = .notOpen
    private var failure: (any Error)?
    private var converter: iconv_t?

    /// - Throws: `ReaderError.encoding` when iconv has no GB18030.
    init(handle: FileHandle, file: String, gb18030: Bool) throws {
        self.handle = handle
        self.file = file
        if gb18030 {
            let cd = iconv_open("UTF-8", "GB18030")
            guard cd != iconv_t(bitPattern: -1) else { throw ReaderError.encoding(file: file, detail: "本机 iconv 不支持 GB18030") }
            converter = cd
        }
        super.init(data: Data())
    }

    deinit {
        if let converter { iconv_close(converter) }
        try? handle.close()
    }

    override func open() { status = .open }
    override func close() { status = .closed }
    override var streamStatus: Stream.Status { failure != nil ? .error : status }
    override var streamError: (any Error)? { failure }
    override var hasBytesAvailable: Bool {
        fill()
        return position < buffer.count
    }

    /// The quoting of the CSV handed out so far, followed byte by byte (a quote is one byte in UTF-8, never part of
    /// another character): a quoted cell must end with its quote followed by a comma or a line end — `"a"b` is refused,
    /// not read as `a"` — and must be closed by the end of the file.
    enum Quoting { case fieldStart, unquoted, quoted, quoteInQuoted }
    private(set) var quoting: Quoting = .fieldStart
    /// Records ended so far (a line end outside quotes); record 1 is the header.
    private(set) var recordsEnded = 0
    /// The record (1-based) where a quoted cell went on after its closing quote, if any.
    private(set) var strayQuoteRecord: Int?

    /// Whether the text ended inside a quoted cell.
    var endsInsideQuotes: Bool { quoting == .quoted }

    private func follow(_ b: UInt8) {
        switch quoting {
        case .fieldStart:
            if b == 0x22 { quoting = .quoted } else if b == 0x0A { recordsEnded += 1 } else if b != 0x2C && b != 0x0D { quoting = .unquoted }
        case .unquoted:
            if b == 0x2C { quoting = .fieldStart } else if b == 0x0A { recordsEnded += 1; quoting = .fieldStart }
        case .quoted:
            if b == 0x22 { quoting = .quoteInQuoted }
        case .quoteInQuoted:
            switch b {
            case 0x22: quoting = .quoted                       // "" inside a quoted cell
            case 0x2C: quoting = .fieldStart
            case 0x0A: recordsEnded += 1; quoting = .fieldStart
            case 0x0D: break
            default:
                if strayQuoteRecord == nil { strayQuoteRecord = recordsEnded + 1 }
                quoting = .unquoted
            }
        }
    }

    override func read(_ out: UnsafeMutablePointer<UInt8>, maxLength len: Int) -> Int {
        fill()
        if failure != nil { return -1 }
        let n = min(len, buffer.count - position)
        guard n > 0 else { return 0 }
        buffer.withUnsafeBufferPointer { b in
            out.update(from: b.baseAddress! + position, count: n)
            for i in position..<(position + n) { follow(b[i]) }
        }
        position += n
        return n
    }

    override func getBuffer(_ buffer: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, length len: UnsafeMutablePointer<Int>) -> Bool { false }

    /// Reads (and converts) the next chunk once the buffer is used up.
    private func fill() {
        guard position >= buffer.count, !finished, failure == nil else { return }
        buffer.removeAll(keepingCapacity: true)
        position = 0
        while buffer.isEmpty && !finished {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
                failure = ReaderError.unreadable(file: file, reason: "读取失败：\(error)")
                return
            }
            if chunk.isEmpty { finished = true }
            guard let converter else { buffer = [UInt8](chunk); continue }
            var input = pending + [UInt8](chunk)
            if input.isEmpty { break }
            var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
            var inLeft = input.count, outLeft = output.count
            let (result, code): (Int, Int32) = input.withUnsafeMutableBufferPointer { ib in
                output.withUnsafeMutableBufferPointer { ob in
                    var ip: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(ib.baseAddress!).assumingMemoryBound(to: CChar.self)
                    var op: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(ob.baseAddress!).assumingMemoryBound(to: CChar.self)
                    let r = iconv(converter, &ip, &inLeft, &op, &outLeft)
                    return (r, errno)
                }
            }
            // EINVAL: an incomplete sequence at the end of the chunk, carried over; at the end of the file it is an error.
            if (result == -1 && code != EINVAL) || (finished && inLeft > 0) {
                failure = ReaderError.encoding(file: file, detail: "既不是 UTF-8 也不是 GBK/GB18030 文本，无法识别编码")
                return
            }
            buffer = Array(output[0..<(output.count - outLeft)])
            pending = Array(input.suffix(inLeft))
        }
    }
}

/// A CSV library error in words (Chinese): its cases name no encoding or line a person could act on.
func csvProblem(_ error: any Error) -> String {
    guard let e = error as? CSVError else { return String(describing: error) }
    switch e {
    case .unicodeDecoding, .stringEncodingMismatch, .stringEndianMismatch:
        return "文字编码无法识别：请另存为 UTF-8 或 GBK 编码的 CSV"
    case .cannotOpenFile, .cannotReadFile, .streamErrorHasOccurred: return "文件无法读取"
    case .cannotReadHeaderRow: return "无法读取表头行"
    case .cannotWriteStream: return "无法写出"
    }
}
