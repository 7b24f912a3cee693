import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The largest inputs the readers accept: sizes in bytes (1 MB = 2^20 bytes here and in messages), and counts of
/// lines, cells and markup tags, since memory grows with those more than with bytes (a file of 20 MB of line
/// breaks is 20 million lines).
///
/// Every path that loads a report or ledger file checks the size from the file's metadata before reading a byte,
/// and reads at most the limit (a file that grows meanwhile, or a device that reports no size, is still cut off),
/// so a batch of huge or hostile files cannot exhaust memory. A file over a size limit is refused with
/// `ReaderError.tooLarge`, over a count limit with `.tooMany`; both name the file, what it has and the limit, and
/// `gongkai audit` exits 2 on them.
///
/// Each limit is far above any real report: a published text report is under 1 MB (the 中卫 sample: 10 KB, 130
/// lines), an HTML page 0.3–1 MB (平潭: 316 KB, 3,434 tags), a DOCX a few MB (平潭: 14 KB, its
/// `word/document.xml` 301 KB and 14,901 tags), a PDF up to tens of MB with images (平潭: 194 KB) while pdftotext
/// gets well under 1 MB of text out of it (平潭: 12 KB, 201 lines), and `gongkai audit --json` writes 45 KB per
/// report. At these limits an audit peaks at about 450 MB of memory at most (measured on a debug build: a workbook
/// of two maximal sheets; 230 MB for text, 290 MB for HTML, 240 MB for DOCX), against 1.27 GB for a 50 MB text
/// before the limits.
public enum ReaderLimits {
    /// Largest text, CSV or HTML report read: 20 MB, 20× the largest real one.
    public static let textBytes = 20 << 20

    /// Most lines a text report (also a CSV report's records, and the text pdftotext extracts) may have:
    /// 200,000 (a real one has a few hundred).
    public static let textLines = 200_000

    /// Most cells (tab-, pipe- or comma-separated fields; a line without separators is one) a text report may
    /// have in all: 2,000,000.
    public static let textFields = 2_000_000

    /// Most markup tags (counted as "<" characters, before parsing) an HTML page or one XML part of a DOCX or
    /// XLSX report may have: 1,000,000. Each becomes a parsed node that costs far more memory than its bytes.
    public static let markupTags = 1_000_000

    /// Largest JSON report (as `gongkai audit --json` writes it, one report or an array of them): 8 MB, some
    /// 180 reports' worth.
    public static let jsonBytes = 8 << 20

    /// Largest PDF file handed to pdftotext: 100 MB (scanned pages and images make PDFs large; their text is small).
    public static let pdfBytes = 100 << 20

    /// Most text pdftotext may produce for one PDF: 20 MB, as for a text report. A crafted PDF that expands
    /// beyond it is refused and pdftotext is stopped.
    public static let pdfTextBytes = 20 << 20

    /// Largest DOCX or XLSX report file: 100 MB (embedded images make them large; the XML parts are small).
    public static let packageBytes = 100 << 20

    /// Largest XML part inflated from a DOCX or XLSX report (e.g. `word/document.xml`, one worksheet): 32 MB,
    /// the size declared in the ZIP directory being checked before inflating.
    public static let packagePartBytes = 32 << 20

    /// Most XML inflated from one DOCX or XLSX report, all parts together (a workbook of many sheets): 64 MB.
    public static let packageInflatedBytes = 64 << 20

    /// Largest application ledger read whole (`Spreadsheet.rows`, and XLSX ledgers in `gongkai import ledger`): 200
    /// MB. Ledgers grow with the number of applications, so their limit is higher than a report's, and no count limit
    /// applies to them. A CSV ledger imported through `Spreadsheet.rowReader` is streamed and has no size limit.
    public static let ledgerBytes = 200 << 20

    /// Largest XML part inflated from an XLSX ledger (the worksheet, the shared strings): 256 MB.
    public static let ledgerPartBytes = 256 << 20

    /// "1,234,567".
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// The number of "<" bytes in `bytes`: an upper bound of the tags a parser will make nodes of.
    static func tagCount(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard var p = bytes.baseAddress else { return 0 }
        var left = bytes.count, n = 0
        while left > 0, let hit = memchr(p, 0x3C, left) {
            n += 1
            let next = UnsafeRawPointer(hit) + 1
            left -= next - p
            p = next
        }
        return n
    }

    /// "52.0 MB" (one decimal, 1 MB = 2^20 bytes); whole numbers without the decimal ("20 MB").
    static func megabytes(_ bytes: Int) -> String {
        let mb = Double(bytes) / Double(1 << 20)
        if bytes % (1 << 20) == 0 { return "\(bytes >> 20) MB" }
        return String(format: "%.1f MB", mb)
    }
}

/// Size checks and bounded loading of input files.
enum InputFile {
    /// The size in bytes of a regular file, from its metadata (the file is not opened).
    /// - Throws: `ReaderError.unreadable` when the file does not exist, cannot be examined, or is not a regular
    ///   file (a directory, a device, a pipe).
    static func size(of url: URL, file: String) throws -> Int {
        // stat(2) directly: FileManager's attributes also look up the owner's and group's names, a cost per file
        // that a batch of a thousand reports notices.
        var st = stat()
        guard stat(url.path, &st) == 0 else {
            throw ReaderError.unreadable(file: file, reason: errno == ENOENT || errno == ENOTDIR ? "文件不存在" : "无法打开文件")
        }
        let type = st.st_mode & S_IFMT
        if type != S_IFREG { throw ReaderError.unreadable(file: file, reason: type == S_IFDIR ? "这是目录，不是文件" : "不是普通文件") }
        return Int(st.st_size)
    }

    /// Throws unless the file is at most `limit` bytes; returns its size.
    /// - Throws: `ReaderError.tooLarge` naming `what` (e.g. "文本报告"), the size and the limit; as `size(of:file:)`.
    @discardableResult
    static func check(_ url: URL, file: String, limit: Int, what: String) throws -> Int {
        let size = try size(of: url, file: file)
        guard size <= limit else { throw ReaderError.tooLarge(file: file, what: what, size: size, limit: limit) }
        return size
    }

    /// The whole file, when it is at most `limit` bytes. At most `limit` bytes are read even if the file grows
    /// after its size was checked.
    /// - Throws: `ReaderError.tooLarge` (see `check`), `.unreadable` when it cannot be opened or read.
    static func load(_ url: URL, file: String, limit: Int, what: String) throws -> Data {
        try check(url, file: file, limit: limit, what: what)
        let data = try read(url, file: file, upTo: limit + 1)
        guard data.count <= limit else { throw ReaderError.tooLarge(file: file, what: what, size: nil, limit: limit) }
        return data
    }

    /// The first `count` bytes of the file (fewer when it is shorter).
    /// - Throws: `ReaderError.unreadable` when it cannot be opened or read.
    static func head(_ url: URL, file: String, count: Int) throws -> Data {
        try read(url, file: file, upTo: count)
    }

    /// The last `count` bytes of a file of `size` bytes (all of it when it is shorter).
    /// - Throws: `ReaderError.unreadable` when it cannot be opened or read.
    static func tail(_ url: URL, file: String, size: Int, count: Int) throws -> Data {
        try read(url, file: file, from: max(0, size - count), upTo: count)
    }

    private static func read(_ url: URL, file: String, from offset: Int = 0, upTo count: Int) throws -> Data {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw ReaderError.unreadable(file: file, reason: FileManager.default.fileExists(atPath: url.path) ? "无法打开文件" : "文件不存在")
        }
        defer { try? handle.close() }
        do {
            if offset > 0 { try handle.seek(toOffset: UInt64(offset)) }
            return try handle.read(upToCount: count) ?? Data()
        } catch {
            throw ReaderError.unreadable(file: file, reason: "读取失败：\(error.localizedDescription)")
        }
    }
}
