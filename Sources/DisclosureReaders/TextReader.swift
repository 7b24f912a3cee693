import Foundation
import DisclosureRules
import CSV

/// Reads plain text as extracted from a PDF or copied from a web page: tab-, pipe- or space-separated,
/// ragged rows, labels broken across lines or page breaks.
public enum TextReader {
    /// Decodes `data` (UTF-8, with or without BOM; UTF-16 with BOM) into lines.
    /// - Throws: `ReaderError.notAReport` for an empty file, `.unreadable` for binary data, `.encoding` for text
    ///   that is not UTF-8 (e.g. GBK), naming the file.
    public static func read(data: Data, file: String) throws -> SourceDocument {
        let (text, encoding) = try decodeDetectingEncoding(data, file: file)
        var doc = SourceDocument(lines: lines(of: text))
        doc.encoding = encoding
        return doc
    }

    /// Reads separated text such as a CSV file (`separator` ","): each record is a `positional` line whose fields
    /// are its cells (RFC 4180 quoting, as CSV.swift reads it; an empty field is a blank cell), a record of one
    /// field a `free` line. Line numbers are record numbers (1-based).
    /// - Throws: as `read(data:file:)`, and `ReaderError.unreadable` when the records cannot be split.
    public static func read(data: Data, file: String, separator: Unicode.Scalar) throws -> SourceDocument {
        let (text, encoding) = try decodeDetectingEncoding(data, file: file)
        let reader: CSVReader
        do { reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: false, delimiter: separator) } catch {
            throw ReaderError.unreadable(file: file, reason: "无法按分隔符“\(separator)”拆分：\(error)")
        }
        var lines: [SourceLine] = []
        while let record = reader.next() {
            let src = SourceRef(line: lines.count + 1)
            let kind: SourceLine.Kind = record.count > 1 ? .positional : .free
            lines.append(SourceLine(kind: kind, fields: (record.isEmpty ? [""] : record).map { SourceField($0, source: src) }, source: src))
        }
        if let e = reader.error { throw ReaderError.unreadable(file: file, reason: "第\(lines.count + 1)条记录无法解析：\(e)") }
        var doc = SourceDocument(lines: lines)
        doc.encoding = encoding
        return doc
    }

    /// Decodes UTF-8 (BOM or not), UTF-16 with BOM, or else GB18030/GBK (as Chinese Excel and many sites save
    /// text); returns the text and the encoding's name.
    /// - Throws: as `decode`, when the bytes are none of these.
    public static func decodeDetectingEncoding(_ data: Data, file: String) throws -> (String, String) {
        do {
            return (try decode(data, file: file), "UTF-8")
        } catch ReaderError.encoding(let f, let detail) {
            if let s = Transcode.gb18030(data) { return (s, "GB18030") }
            throw ReaderError.encoding(file: f, detail: detail)
        }
    }

    /// Decodes bytes as text, refusing binary data and non-UTF-8 encodings with a clear reason.
    public static func decode(_ data: Data, file: String) throws -> String {
        if data.isEmpty || data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw ReaderError.notAReport(file: file, reason: "文件为空")
        }
        let bytes = [UInt8](data.prefix(3))
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            if let s = String(data: data, encoding: .utf16) { return s }
            throw ReaderError.encoding(file: file, detail: "UTF-16 文本无法解码")
        }
        if data.prefix(8192).contains(0) {
            throw ReaderError.unreadable(file: file, reason: "二进制文件，不是文本、HTML、DOCX 或 PDF 报告")
        }
        var body = data
        if bytes.count == 3, bytes == [0xEF, 0xBB, 0xBF] { body = data.dropFirst(3) }
        guard let s = String(data: body, encoding: .utf8) else {
            throw ReaderError.encoding(file: file, detail: "既不是 UTF-8 也不是 GBK/GB18030 文本，无法识别编码")
        }
        return s
    }

    /// Splits text into source lines (1-based line numbers): lines with tabs or at least two pipes are
    /// positional (an empty field is a blank cell), others free.
    public static func lines(of text: String) -> [SourceLine] {
        var out: [SourceLine] = []
        var n = 0
        for raw in splitLines(text) {
            n += 1
            let src = SourceRef(line: n)
            let line = raw
            if line.contains("\t") {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { SourceField(String($0), source: src) }
                out.append(SourceLine(kind: .positional, fields: fields, source: src))
            } else if line.filter({ $0 == "|" || $0 == "｜" }).count >= 2 {
                var parts = line.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "|" || $0 == "｜" }).map(String.init)
                // "| a | b |" (bordered, as Markdown writes tables): the outer pipes are borders, not empty cells.
                // "a|b|" or "|a|b" without the other border: every field counts, empty ones are blank cells.
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                let bordered = (trimmed.hasPrefix("|") || trimmed.hasPrefix("｜")) && (trimmed.hasSuffix("|") || trimmed.hasSuffix("｜"))
                if bordered, parts.count >= 2 { parts.removeFirst(); parts.removeLast() }
                // A markdown rule line "|---|---|" carries nothing.
                if parts.allSatisfy({ $0.trimmingCharacters(in: CharacterSet(charactersIn: " -:")).isEmpty }) {
                    out.append(SourceLine(kind: .free, fields: [SourceField("", source: src)], source: src)); continue
                }
                out.append(SourceLine(kind: .positional, fields: parts.map { SourceField($0, source: src) }, source: src))
            } else {
                out.append(SourceLine(kind: .free, fields: [SourceField(line, source: src)], source: src))
            }
        }
        return out
    }

    /// Splits on LF, CRLF or CR; drops form feeds (pdftotext's page breaks). Works on UTF-8 bytes.
    static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current: [UInt8] = []
        var previousCR = false
        for b in text.utf8 {
            switch b {
            case 0x0A:
                if !previousCR { lines.append(String(decoding: current, as: UTF8.self)); current.removeAll(keepingCapacity: true) }
                previousCR = false
            case 0x0D:
                lines.append(String(decoding: current, as: UTF8.self)); current.removeAll(keepingCapacity: true)
                previousCR = true
            case 0x0C: previousCR = false
            default: current.append(b); previousCR = false
            }
        }
        if !current.isEmpty { lines.append(String(decoding: current, as: UTF8.self)) }
        return lines
    }
}

/// Reads a PDF through `pdftotext -layout` (Debian's poppler-utils), then as text.
public enum PDFReader {
    /// - Throws: `ReaderError.missingTool` naming poppler-utils when pdftotext is not installed,
    ///   `.toolFailed` when it fails (e.g. a damaged PDF).
    public static func read(url: URL, file: String) throws -> SourceDocument {
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
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            let msg = String(decoding: errData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ReaderError.toolFailed(file: file, tool: "pdftotext", detail: msg.isEmpty ? "退出码 \(p.terminationStatus)" : msg)
        }
        let text = String(decoding: data, as: UTF8.self)
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ReaderError.notAReport(file: file, reason: "PDF 中没有可提取的文字（可能是扫描件）")
        }
        return SourceDocument(lines: TextReader.lines(of: text))
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
public enum ReportReader {
    public enum Kind: String, Sendable { case text, html, docx, pdf, json, xlsx }

    /// Which reader a file needs.
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
        let sniff = String(decoding: data.prefix(2048), as: UTF8.self)
        let markers = ["<html", "<HTML", "<!doctype html", "<!DOCTYPE html", "<!DOCTYPE HTML", "<body", "<BODY", "<table", "<TABLE"]
        if markers.contains(where: { sniff.has($0) }) { return .html }
        return .text
    }

    /// Reads `url` into lines.
    /// - Throws: `ReaderError` for unreadable input (missing file, empty, binary, encoding, missing tool).
    public static func document(url: URL, data preloaded: Data? = nil) throws -> SourceDocument {
        let file = url.path
        let data: Data
        if let preloaded { data = preloaded } else {
            do { data = try Data(contentsOf: url) } catch {
                throw ReaderError.unreadable(file: file, reason: FileManager.default.fileExists(atPath: file) ? "无法打开文件" : "文件不存在")
            }
        }
        if data.isEmpty { throw ReaderError.notAReport(file: file, reason: "文件为空") }
        switch kind(of: data, url: url) {
        case .docx: return try DOCXReader.read(url: url, file: file)
        case .xlsx: return try XLSXReportReader.read(url: url, file: file)
        case .pdf: return try PDFReader.read(url: url, file: file)
        case .html: return try HTMLReader.read(data: data, file: file)
        case .json: return try JSONReportReader.document(data: data, file: file)
        case .text:
            if url.pathExtension.lowercased() == "csv" { return try TextReader.read(data: data, file: file, separator: ",") }
            return try TextReader.read(data: data, file: file)
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
    /// - Throws: `ReaderError` (see `document(url:)`), or `.notAReport` when nothing of a report is found.
    public static func read(url: URL, options: ReadOptions = ReadOptions()) throws -> AnnualReport {
        // Loaded once here; a file that cannot be loaded gets `document(url:)`'s error.
        let data = try? Data(contentsOf: url)
        if let data, !data.isEmpty, kind(of: data, url: url) == .json {
            return try JSONReportReader.read(data: data, file: url.path, options: options)
        }
        return try ReportAssembler.assemble(try document(url: url, data: data), file: url.path, options: options)
    }
}
