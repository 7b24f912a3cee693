import Foundation
import DisclosureRules

/// One field of a source line: a table cell or a separated piece of a text line, with its origin.
public struct SourceField: Sendable, Hashable {
    public var text: String
    public var source: SourceRef
    public init(_ text: String, source: SourceRef) { self.text = text; self.source = source }
}

/// A line of a published report as the readers see it, before it is mapped onto the report model.
///
/// - A paragraph or a text line without separators is one `free` line: values are the whitespace-separated
///   numbers in it, and a blank cell cannot be seen.
/// - A tab- or pipe-separated text line, or a row of a real table (HTML, DOCX), is `positional`: each field
///   is one cell, and an empty field is a blank cell.
public struct SourceLine: Sendable {
    public enum Kind: Sendable { case free, positional }
    public var kind: Kind
    public var fields: [SourceField]
    public var source: SourceRef

    public init(kind: Kind, fields: [SourceField], source: SourceRef) {
        self.kind = kind; self.fields = fields; self.source = source
    }

    /// The whole line as text (fields joined by a space).
    public var text: String { fields.map(\.text).joined(separator: kind == .positional ? "\t" : " ") }
}

/// What a reader extracts from a file before the report is assembled.
public struct SourceDocument: Sendable {
    /// Lines in document order.
    public var lines: [SourceLine]
    /// A title given by the container (HTML `<title>`, DOCX core properties), when any.
    public var containerTitle: String?
    /// A publication date given by the container (HTML metadata, an archive URL), when any.
    public var containerDate: ReportDate?
    /// The text encoding when it was not UTF-8 (e.g. "GB18030"), for the audit output.
    public var encoding: String?

    public init(lines: [SourceLine], containerTitle: String? = nil, containerDate: ReportDate? = nil) {
        self.lines = lines; self.containerTitle = containerTitle; self.containerDate = containerDate
    }
}

/// Why a file could not be read as a report. `gongkai audit` exits 2 on these.
public enum ReaderError: Error, CustomStringConvertible, Equatable {
    case unreadable(file: String, reason: String)
    case encoding(file: String, detail: String)
    case notAReport(file: String, reason: String)
    case missingTool(file: String, tool: String, package: String)
    case toolFailed(file: String, tool: String, detail: String)
    /// The file, or what it expands to (`what`, e.g. "文本报告", "PDF 提取出的文字"), is larger than its limit in
    /// `ReaderLimits`; `size` and `limit` in bytes, `size` nil when it is only known to exceed the limit.
    case tooLarge(file: String, what: String, size: Int?, limit: Int)
    /// The file holds more lines, cells or markup tags (`unit`, e.g. "行") than its limit in `ReaderLimits`;
    /// `count` nil when it is only known to exceed the limit.
    case tooMany(file: String, what: String, count: Int?, limit: Int, unit: String)

    public var description: String {
        switch self {
        case .unreadable(let f, let r): return "\(f)：无法读取（\(r)）"
        case .encoding(let f, let d): return "\(f)：编码错误（\(d)）"
        case .notAReport(let f, let r): return "\(f)：不是政府信息公开工作年度报告（\(r)）"
        case .missingTool(let f, let t, let p):
            return "\(f)：读取PDF需要 \(t)，本机未安装。请安装 Debian 软件包 \(p)（apt-get install \(p)）"
        case .toolFailed(let f, let t, let d): return "\(f)：\(t) 执行失败（\(d)）"
        case .tooLarge(let f, let w, let size?, let limit):
            return "\(f)：文件过大，未读取（\(w)为 \(ReaderLimits.megabytes(size))，即 \(size) 字节，超过上限 \(ReaderLimits.megabytes(limit))）"
        case .tooLarge(let f, let w, nil, let limit):
            return "\(f)：文件过大，未读取（\(w)超过上限 \(ReaderLimits.megabytes(limit))）"
        case .tooMany(let f, let w, let count?, let limit, let unit):
            return "\(f)：内容过多，未读取（\(w)有 \(ReaderLimits.grouped(count)) \(unit)，超过上限 \(ReaderLimits.grouped(limit)) \(unit)）"
        case .tooMany(let f, let w, nil, let limit, let unit):
            return "\(f)：内容过多，未读取（\(w)超过上限 \(ReaderLimits.grouped(limit)) \(unit)）"
        }
    }
}
