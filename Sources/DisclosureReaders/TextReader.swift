import Foundation
import DisclosureRules
import CSV

/// Reads plain text as extracted from a PDF or copied from a web page: tab-, pipe- or space-separated,
/// ragged rows, labels broken across lines or page breaks.
public enum TextReader {
    /// Decodes `data` into lines (the encodings of `decodeDetectingEncoding`).
    /// - Throws: `ReaderError.notAReport` for an empty file, `.unreadable` for binary data, `.encoding` for text
    ///   in no encoding recognised (or in Big5), naming the file; `.tooMany` for more lines or cells than
    ///   `ReaderLimits.textLines` / `.textFields`.
    public static func read(data: Data, file: String) throws -> SourceDocument {
        let (text, encoding) = try decodeDetectingEncoding(data, file: file)
        var doc = SourceDocument(lines: try lines(of: text, file: file, what: "文本报告"))
        doc.encoding = encoding
        return doc
    }

    /// Reads separated text such as a CSV file (`separator` ","): each record is a `positional` line whose fields
    /// are its cells (RFC 4180 quoting, as CSV.swift reads it; an empty field is a blank cell), a record of one
    /// field a `free` line. Line numbers are record numbers (1-based).
    /// - Throws: as `read(data:file:)` (records count as lines for `ReaderLimits.textLines`), and
    ///   `ReaderError.unreadable` when the records cannot be split.
    public static func read(data: Data, file: String, separator: Unicode.Scalar) throws -> SourceDocument {
        let (text, encoding) = try decodeDetectingEncoding(data, file: file)
        let reader: CSVReader
        do { reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: false, delimiter: separator) } catch {
            throw ReaderError.unreadable(file: file, reason: "无法按分隔符“\(separator)”拆分：\(error)")
        }
        var lines: [SourceLine] = []
        var fields = 0
        while let record = reader.next() {
            guard lines.count < ReaderLimits.textLines else {
                throw ReaderError.tooMany(file: file, what: "CSV 报告", count: nil, limit: ReaderLimits.textLines, unit: "行")
            }
            fields += max(1, record.count)
            guard fields <= ReaderLimits.textFields else {
                throw ReaderError.tooMany(file: file, what: "CSV 报告", count: nil, limit: ReaderLimits.textFields, unit: "个单元格")
            }
            let src = SourceRef(line: lines.count + 1)
            let kind: SourceLine.Kind = record.count > 1 ? .positional : .free
            lines.append(SourceLine(kind: kind, fields: (record.isEmpty ? [""] : record).map { SourceField($0, source: src) }, source: src))
        }
        if let e = reader.error { throw ReaderError.unreadable(file: file, reason: "第\(lines.count + 1)条记录无法解析：\(e)") }
        var doc = SourceDocument(lines: lines)
        doc.encoding = encoding
        return doc
    }

    /// Decodes UTF-8 (BOM or not), UTF-16 or UTF-32 with BOM, or else GB18030/GBK (as Chinese Excel and many
    /// sites save text); returns the text and the encoding's name ("UTF-8", "UTF-16LE", "UTF-32BE", "GB18030"…).
    /// - Throws: as `decode`, and `ReaderError.encoding` naming Big5 for traditional Chinese saved in Big5 (which
    ///   GB18030 would turn into garbage without an error), or when the bytes are none of these.
    public static func decodeDetectingEncoding(_ data: Data, file: String) throws -> (String, String) {
        do {
            return try decodeUnicode(data, file: file)
        } catch ReaderError.encoding(let f, let detail) {
            let gb = Transcode.gb18030(data)
            if LegacyEncodingGuess.isBig5(data, gb: gb) { throw ReaderError.encoding(file: f, detail: big5Detail) }
            if let gb { return (gb, "GB18030") }
            throw ReaderError.encoding(file: f, detail: detail)
        }
    }

    /// What the encoding error says of a Big5 file.
    static let big5Detail = "Big5（繁体中文）编码，本工具按简体中文年报审核，请转换为简体中文的 UTF-8 或 GB18030 文本后再审核"

    /// Decodes bytes as text, refusing binary data and non-Unicode encodings with a clear reason.
    /// - Throws: `ReaderError.notAReport` for an empty file, `.unreadable` for binary data, `.encoding` for text
    ///   that is not UTF-8 (or UTF-16/UTF-32 with BOM), naming the file.
    public static func decode(_ data: Data, file: String) throws -> String {
        try decodeUnicode(data, file: file).0
    }

    /// Unicode encodings recognised by their byte order mark.
    enum ByteOrderMark: String {
        case utf32LE = "UTF-32LE", utf32BE = "UTF-32BE", utf16LE = "UTF-16LE", utf16BE = "UTF-16BE", utf8 = "UTF-8"

        /// The mark `head` starts with (UTF-32 before UTF-16: FF FE 00 00 is UTF-32LE).
        init?(_ head: some Collection<UInt8>) {
            let b = Array(head.prefix(4))
            if b.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { self = .utf32LE }
            else if b.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { self = .utf32BE }
            else if b.starts(with: [0xFF, 0xFE]) { self = .utf16LE }
            else if b.starts(with: [0xFE, 0xFF]) { self = .utf16BE }
            else if b.starts(with: [0xEF, 0xBB, 0xBF]) { self = .utf8 }
            else { return nil }
        }

        /// Length of the mark in bytes.
        var length: Int {
            switch self { case .utf32LE, .utf32BE: return 4; case .utf16LE, .utf16BE: return 2; case .utf8: return 3 }
        }

        /// Decodes `data` (starting with this mark); nil when the bytes are not valid in the encoding (a UTF-16
        /// lone surrogate, a UTF-32 value that is no Unicode scalar, a length that is not a whole number of units).
        func decode(_ data: Data) -> String? {
            let body = data.dropFirst(length)
            switch self {
            case .utf8: return String(data: body, encoding: .utf8)
            case .utf16LE, .utf16BE:
                guard body.count % 2 == 0 else { return nil }
                let big = self == .utf16BE
                return body.withUnsafeBytes { raw in
                    let units = stride(from: 0, to: raw.count, by: 2).lazy.map { i -> UInt16 in
                        big ? UInt16(raw[i]) << 8 | UInt16(raw[i + 1]) : UInt16(raw[i + 1]) << 8 | UInt16(raw[i])
                    }
                    return String(validating: units, as: UTF16.self)
                }
            case .utf32LE, .utf32BE:
                guard body.count % 4 == 0 else { return nil }
                let big = self == .utf32BE
                return body.withUnsafeBytes { raw in
                    let units = stride(from: 0, to: raw.count, by: 4).lazy.map { i -> UInt32 in
                        let b = (UInt32(raw[i]), UInt32(raw[i + 1]), UInt32(raw[i + 2]), UInt32(raw[i + 3]))
                        return big ? b.0 << 24 | b.1 << 16 | b.2 << 8 | b.3 : b.3 << 24 | b.2 << 16 | b.1 << 8 | b.0
                    }
                    return String(validating: units, as: UTF32.self)
                }
            }
        }
    }

    /// UTF-8 (BOM or not), or UTF-16 / UTF-32 by their byte order mark; the text and the encoding's name.
    static func decodeUnicode(_ data: Data, file: String) throws -> (String, String) {
        if data.isEmpty || data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw ReaderError.notAReport(file: file, reason: "文件为空")
        }
        if let bom = ByteOrderMark(data.prefix(4)), bom != .utf8 {
            guard let s = bom.decode(data) else { throw ReaderError.encoding(file: file, detail: "\(bom.rawValue) 文本无法解码") }
            if s.unicodeScalars.allSatisfy({ $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }) {
                throw ReaderError.notAReport(file: file, reason: "文件为空")
            }
            return (s, bom.rawValue)
        }
        if data.prefix(8192).contains(0) {
            throw ReaderError.unreadable(file: file, reason: "二进制文件，不是文本、HTML、DOCX 或 PDF 报告")
        }
        let body = ByteOrderMark(data.prefix(3)) == .utf8 ? data.dropFirst(3) : data[...]
        guard let s = String(data: body, encoding: .utf8) else {
            throw ReaderError.encoding(file: file, detail: "既不是 UTF-8 也不是 GBK/GB18030 文本，无法识别编码")
        }
        return (s, "UTF-8")
    }

    /// Splits text into source lines (1-based line numbers): lines with tabs or at least two pipes are
    /// positional (an empty field is a blank cell), others free. No limit applies: the readers use
    /// `lines(of:file:what:)`.
    public static func lines(of text: String) -> [SourceLine] {
        var out: [SourceLine] = []
        var n = 0
        forEachLine(text) { raw in
            n += 1
            out.append(line(raw, number: n))
        }
        return out
    }

    /// Source lines of a report's text (see `lines(of:)`), within `ReaderLimits.textLines` and `.textFields`;
    /// `what` names the text in the error (e.g. "文本报告").
    /// - Throws: `ReaderError.tooMany` naming the file, the count and the limit.
    static func lines(of text: String, file: String, what: String) throws -> [SourceLine] {
        // Counted first: refused before any line is built, and the array is allocated once.
        var count = 0, previousCR = false, pending = false
        for b in text.utf8 {
            switch b {
            case 0x0A: if !previousCR { count += 1 }; previousCR = false; pending = false
            case 0x0D: count += 1; previousCR = true; pending = false
            case 0x0C: previousCR = false
            default: previousCR = false; pending = true
            }
        }
        if pending { count += 1 }
        guard count <= ReaderLimits.textLines else {
            throw ReaderError.tooMany(file: file, what: what, count: count, limit: ReaderLimits.textLines, unit: "行")
        }
        var out: [SourceLine] = []
        out.reserveCapacity(count)
        var n = 0, fields = 0
        try forEachLine(text) { raw in
            n += 1
            // The cells a line splits into, counted before they are made.
            var tabs = 0, pipes = 0
            var previous: (UInt8, UInt8) = (0, 0)
            for b in raw.utf8 {
                // "｜" (U+FF5C) is EF BD 9C in UTF-8.
                if b == 0x09 { tabs += 1 } else if b == 0x7C || (b == 0x9C && previous == (0xEF, 0xBD)) { pipes += 1 }
                previous = (previous.1, b)
            }
            fields += tabs > 0 ? tabs + 1 : pipes >= 2 ? pipes + 1 : 1
            guard fields <= ReaderLimits.textFields else {
                throw ReaderError.tooMany(file: file, what: what, count: nil, limit: ReaderLimits.textFields, unit: "个单元格")
            }
            out.append(line(raw, number: n))
        }
        return out
    }

    /// One source line of text (see `lines(of:)`), numbered `number`.
    static func line(_ line: String, number n: Int) -> SourceLine {
        let src = SourceRef(line: n)
        if line.contains("\t") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { SourceField(String($0), source: src) }
            return SourceLine(kind: .positional, fields: fields, source: src)
        }
        if line.filter({ $0 == "|" || $0 == "｜" }).count >= 2 {
            var parts = line.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "|" || $0 == "｜" }).map(String.init)
            // "| a | b |" (bordered, as Markdown writes tables): the outer pipes are borders, not empty cells.
            // "a|b|" or "|a|b" without the other border: every field counts, empty ones are blank cells.
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let bordered = (trimmed.hasPrefix("|") || trimmed.hasPrefix("｜")) && (trimmed.hasSuffix("|") || trimmed.hasSuffix("｜"))
            if bordered, parts.count >= 2 { parts.removeFirst(); parts.removeLast() }
            // A markdown rule line "|---|---|" carries nothing.
            if parts.allSatisfy({ $0.trimmingCharacters(in: CharacterSet(charactersIn: " -:")).isEmpty }) {
                return SourceLine(kind: .free, fields: [SourceField("", source: src)], source: src)
            }
            return SourceLine(kind: .positional, fields: parts.map { SourceField($0, source: src) }, source: src)
        }
        return SourceLine(kind: .free, fields: [SourceField(line, source: src)], source: src)
    }

    /// Splits on LF, CRLF or CR; drops form feeds (pdftotext's page breaks). Works on UTF-8 bytes.
    static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        forEachLine(text) { lines.append($0) }
        return lines
    }

    /// Calls `body` with each line of `text` in order (see `splitLines`), without holding them all.
    static func forEachLine(_ text: String, _ body: (String) throws -> Void) rethrows {
        var text = text
        // Lines are cut out of the contiguous UTF-8 bytes (a form feed, pdftotext's page break, is dropped).
        try text.withUTF8 { bytes in
            var start = 0, i = 0
            var previousCR = false
            var formFeed = false
            func emit(_ end: Int) throws {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if formFeed {
                    try body(String(decoding: slice.filter { $0 != 0x0C }, as: UTF8.self))
                } else {
                    try body(String(decoding: slice, as: UTF8.self))
                }
                formFeed = false
            }
            while i < bytes.count {
                switch bytes[i] {
                case 0x0A:
                    if previousCR { start = i + 1 } else { try emit(i); start = i + 1 }
                    previousCR = false
                case 0x0D:
                    try emit(i); start = i + 1
                    previousCR = true
                case 0x0C:
                    formFeed = true; previousCR = false
                default:
                    previousCR = false
                }
                i += 1
            }
            if start < bytes.count {
                let rest = UnsafeBufferPointer(rebasing: bytes[start...])
                if rest.contains(where: { $0 != 0x0C }) { try emit(bytes.count) }
            }
        }
    }
}

/// Reads a PDF through `pdftotext -layout` (Debian's poppler-utils), then as text.
public enum PDFReader {
    /// Reads a PDF of at most `ReaderLimits.pdfBytes`; pdftotext's output is read as it comes and may not
    /// exceed `ReaderLimits.pdfTextBytes` (pdftotext is stopped when it does).
    /// - Throws: `ReaderError.tooLarge` for a file or an extracted text over its limit, `.missingTool` naming
    ///   poppler-utils when pdftotext is not installed, `.toolFailed` when it fails (e.g. a damaged PDF),
    ///   `.notAReport` when the PDF has no text.
    public static func read(url: URL, file: String) throws -> SourceDocument {
        try InputFile.check(url, file: file, limit: ReaderLimits.pdfBytes, what: "PDF 文件")
        guard let tool = findExecutable("pdftotext") else {
            throw ReaderError.missingTool(file: file, tool: "pdftotext", package: "poppler-utils")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = ["-layout", "-enc", "UTF-8", url.path, "-"]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        do { try p.run() } catch { throw ReaderError.toolFailed(file: file, tool: "pdftotext", detail: "\(error)") }
        // Messages are read alongside (a full stderr pipe would block pdftotext), keeping the first 16 KB.
        let messages = BoundedBuffer(limit: 16 << 10)
        let errReader = err.fileHandleForReading
        let drained = DispatchGroup()
        drained.enter()
        DispatchQueue.global().async {
            while let chunk = try? errReader.read(upToCount: 1 << 16), !chunk.isEmpty { messages.append(chunk) }
            drained.leave()
        }
        let outReader = out.fileHandleForReading
        var data = Data()
        var overflow = false
        while let chunk = try? outReader.read(upToCount: 1 << 16), !chunk.isEmpty {
            data.append(chunk)
            if data.count > ReaderLimits.pdfTextBytes {
                overflow = true
                p.terminate()
                break
            }
        }
        try? outReader.close()
        p.waitUntilExit()
        drained.wait()
        if overflow {
            throw ReaderError.tooLarge(file: file, what: "pdftotext 从 PDF 提取出的文字", size: nil, limit: ReaderLimits.pdfTextBytes)
        }
        guard p.terminationStatus == 0 else {
            let msg = String(decoding: messages.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ReaderError.toolFailed(file: file, tool: "pdftotext", detail: msg.isEmpty ? "退出码 \(p.terminationStatus)" : msg)
        }
        let text = String(decoding: data, as: UTF8.self)
        data = Data()
        if text.unicodeScalars.allSatisfy({ CharacterSet.whitespacesAndNewlines.contains($0) }) {
            throw ReaderError.notAReport(file: file, reason: "PDF 中没有可提取的文字（可能是扫描件）")
        }
        var doc = SourceDocument(lines: try TextReader.lines(of: text, file: file, what: "pdftotext 从 PDF 提取出的文字"))
        doc.containerTitle = documentTitle(url: url)
        return doc
    }

    /// The PDF's own title (its document information, as `pdfinfo` prints it), which office suites fill from the
    /// first heading — the report's title when the page's text lost it. Nil when pdfinfo is missing or fails.
    static func documentTitle(url: URL) -> String? {
        guard let tool = findExecutable("pdfinfo") else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = ["-enc", "UTF-8", url.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let data = (try? out.fileHandleForReading.read(upToCount: 64 << 10)) ?? nil
        try? out.fileHandleForReading.close()
        p.waitUntilExit()
        guard p.terminationStatus == 0, let data else { return nil }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("Title:") {
            let t = line.dropFirst("Title:".count).trimmingCharacters(in: .whitespaces)
            return t.isEmpty ? nil : t
        }
        return nil
    }

    /// Bytes collected from another thread, at most `limit` of them (the rest is dropped).
    private final class BoundedBuffer: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes = Data()
        private let limit: Int
        init(limit: Int) { self.limit = limit }
        func append(_ chunk: Data) {
            lock.lock(); defer { lock.unlock() }
            if bytes.count < limit { bytes.append(chunk.prefix(limit - bytes.count)) }
        }
        var data: Data { lock.lock(); defer { lock.unlock() }; return bytes }
    }

    /// Looks an executable up on PATH.
    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Reads any supported report file: the kind is taken from its first bytes (ZIP → DOCX or XLSX, %PDF → PDF,
/// `{` → JSON, markup → HTML), else it is read as text (a .csv file as comma-separated records).
///
/// Sizes are checked from the file's metadata before it is loaded (see `ReaderLimits`): text, HTML and CSV up to
/// `ReaderLimits.textBytes`, JSON up to `jsonBytes`, PDF up to `pdfBytes`, DOCX and XLSX up to `packageBytes`.
public enum ReportReader {
    public enum Kind: String, Sendable { case text, html, docx, pdf, json, xlsx }

    /// Which reader a file needs, from its first bytes (the first 64 KB are enough; for a ZIP without a .docx or
    /// .xlsx extension, the bytes must include its central directory, at the end).
    public static func kind(of data: Data, url: URL) -> Kind {
        let head = [UInt8](data.prefix(4))
        let ext = url.pathExtension.lowercased()
        if head == [0x50, 0x4B, 0x03, 0x04] {
            if ext == "xlsx" || ext == "xlsm" { return .xlsx }
            if ext == "docx" { return .docx }
            // A workbook names its main part in the ZIP directory.
            return data.range(of: Data("xl/workbook.xml".utf8)) != nil ? .xlsx : .docx
        }
        if head == [0x25, 0x50, 0x44, 0x46] { return .pdf }
        if ext == "json" || looksLikeJSON(data) { return .json }
        if ext == "html" || ext == "htm" || ext == "xhtml" || ext == "shtml" { return .html }
        let sniff = sniffText(data.prefix(8192))
        let markers = ["<html", "<HTML", "<!doctype html", "<!DOCTYPE html", "<!DOCTYPE HTML", "<body", "<BODY", "<table", "<TABLE"]
        if markers.contains(where: { sniff.has($0) }) { return .html }
        return .text
    }

    /// The start of a file as text for sniffing: decoded by its byte order mark (UTF-16, UTF-32), else as UTF-8
    /// (invalid bytes replaced). At most 2,048 characters.
    static func sniffText(_ head: Data) -> String {
        if let bom = TextReader.ByteOrderMark(head.prefix(4)), bom != .utf8 {
            let unit = bom.length  // 2 or 4: whole code units only
            let cut = head.count - (head.count - bom.length) % unit
            // A UTF-16 surrogate pair cut in two at the end would fail the whole decoding: drop its first half.
            for end in [cut, cut - unit] where end > bom.length {
                if let s = bom.decode(head.prefix(end)) { return String(s.prefix(2048)) }
            }
            return ""
        }
        return String(decoding: head.prefix(2048), as: UTF8.self)
    }

    /// What a reader needs to know of a file before loading it: its size and first bytes.
    struct Probe {
        var size: Int
        var kind: Kind

        /// Size from the metadata; kind from the first 64 KB (and, for a ZIP named neither .docx nor .xlsx, the
        /// last 1 MB, where its directory is).
        /// - Throws: `ReaderError.unreadable` for a missing or unreadable file, `.notAReport` for an empty one.
        init(url: URL, file: String) throws {
            size = try InputFile.size(of: url, file: file)
            if size == 0 { throw ReaderError.notAReport(file: file, reason: "文件为空") }
            var head = try InputFile.head(url, file: file, count: 64 << 10)
            if head.isEmpty { throw ReaderError.notAReport(file: file, reason: "文件为空") }
            let ext = url.pathExtension.lowercased()
            if head.starts(with: [0x50, 0x4B, 0x03, 0x04]), !["docx", "xlsx", "xlsm"].contains(ext), size > head.count {
                head += try InputFile.tail(url, file: file, size: size, count: 1 << 20)
            }
            kind = ReportReader.kind(of: head, url: url)
        }
    }

    /// What a loaded kind is called in a size error.
    static func describe(_ kind: Kind) -> String {
        switch kind {
        case .text: return "文本报告"
        case .html: return "HTML 网页"
        case .json: return "JSON 报告"
        case .pdf: return "PDF 文件"
        case .docx: return "DOCX 文件"
        case .xlsx: return "XLSX 文件"
        }
    }

    /// Reads `url` into lines.
    /// - Parameter preloaded: the file's bytes when the caller already has them (no size check is made on them).
    /// - Throws: `ReaderError` for unreadable input (missing file, empty, binary, encoding, missing tool), and
    ///   `.tooLarge` / `.tooMany` for a file over a limit in `ReaderLimits`.
    public static func document(url: URL, data preloaded: Data? = nil) throws -> SourceDocument {
        let file = url.path
        if let preloaded {
            if preloaded.isEmpty { throw ReaderError.notAReport(file: file, reason: "文件为空") }
            return try document(url: url, kind: kind(of: preloaded, url: url), data: preloaded)
        }
        let probe = try Probe(url: url, file: file)
        return try document(url: url, kind: probe.kind, data: nil)
    }

    /// Reads a file of a known kind; `data` is its bytes when already loaded (text kinds are loaded here, within
    /// `ReaderLimits.textBytes`, or `jsonBytes` for JSON, when it is nil).
    static func document(url: URL, kind: Kind, data: Data?) throws -> SourceDocument {
        let file = url.path
        func bytes() throws -> Data {
            if let data { return data }
            let limit = kind == .json ? ReaderLimits.jsonBytes : ReaderLimits.textBytes
            return try InputFile.load(url, file: file, limit: limit, what: describe(kind))
        }
        switch kind {
        case .docx: return try DOCXReader.read(url: url, file: file)
        case .xlsx: return try XLSXReportReader.read(url: url, file: file)
        case .pdf: return try PDFReader.read(url: url, file: file)
        case .html: return try HTMLReader.read(data: try bytes(), file: file)
        case .json: return try JSONReportReader.document(data: try bytes(), file: file)
        case .text:
            if url.pathExtension.lowercased() == "csv" { return try TextReader.read(data: try bytes(), file: file, separator: ",") }
            return try TextReader.read(data: try bytes(), file: file)
        }
    }

    /// Whether the data starts (after a BOM and whitespace) with `{`, or with `[` followed by `{` or `]`.
    static func looksLikeJSON(_ data: Data) -> Bool {
        var bytes = data.prefix(4096).drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3).drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } }
        guard let first = bytes.first else { return false }
        if first == UInt8(ascii: "{") { return true }
        guard first == UInt8(ascii: "[") else { return false }
        let next = bytes.dropFirst().first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        return next == UInt8(ascii: "{") || next == UInt8(ascii: "]")
    }

    /// Reads and assembles a report (a JSON report is decoded as it is, see `JSONReportReader`).
    /// - Throws: `ReaderError` (see `document(url:)`; `.tooLarge` / `.tooMany` for a file over a limit in
    ///   `ReaderLimits`), or `.notAReport` when nothing of a report is found.
    public static func read(url: URL, options: ReadOptions = ReadOptions()) throws -> AnnualReport {
        let file = url.path
        let probe = try Probe(url: url, file: file)
        if probe.kind == .json {
            let data = try InputFile.load(url, file: file, limit: ReaderLimits.jsonBytes, what: describe(.json))
            return try JSONReportReader.read(data: data, file: file, options: options)
        }
        return try ReportAssembler.assemble(try document(url: url, kind: probe.kind, data: nil), file: file, options: options)
    }
}
