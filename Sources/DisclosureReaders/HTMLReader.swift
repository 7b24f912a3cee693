import Foundation
import DisclosureRules
import CLibXML2

/// Reads a published web page (HTML) into source lines, through libxml2's HTML parser.
///
/// - Paragraphs (text between block elements) become `free` lines.
/// - A `<table>` without nested tables is a data table (numbered 1, 2, 3… in document order); each grid row
///   becomes a `positional` line of the cells that start in it. Tables that hold other tables are layout:
///   their cells are read as ordinary blocks.
/// - `<title>` gives `containerTitle`; publication-date metadata, or failing that a gov.cn archive URL
///   (`…/t20220208_…`) in a comment or canonical link, gives `containerDate`.
public enum HTMLReader {
    /// Reads a page of at most `ReaderLimits.textBytes` and `ReaderLimits.markupTags` tags: UTF-8, UTF-16 or
    /// UTF-32 (by byte order mark), the charset it declares, or GB18030 when it declares none.
    /// - Throws: `ReaderError.tooLarge` or `.tooMany` over a limit, `.encoding` for a Big5 (traditional Chinese)
    ///   page or a byte order mark with undecodable text, `.unreadable` for an empty, binary or unparsable page.
    public static func read(data: Data, file: String) throws -> SourceDocument {
        ensureLibXML2()
        let input = try HTMLInput(data: data, file: file)
        let options = Int32(bitPattern: HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
        let parsed: htmlDocPtr? = input.bytes.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { c in
                htmlReadMemory(c.baseAddress, Int32(c.count), nil, input.encoding, options)
            }
        }
        guard let doc = parsed else {
            throw ReaderError.unreadable(file: file, reason: "HTML无法解析")
        }
        defer { xmlFreeDoc(doc) }
        guard xmlDocGetRootElement(doc) != nil else {
            throw ReaderError.unreadable(file: file, reason: "HTML中没有任何内容")
        }
        var walker = HTMLWalker()
        walker.walkDocument(doc.pointee.children)
        return SourceDocument(lines: walker.lines, containerTitle: walker.title,
                              containerDate: walker.metaDate ?? walker.urlDate)
    }
}

// MARK: - Input bytes and encoding

/// The bytes handed to libxml2 and the encoding they are in.
private struct HTMLInput {
    var bytes: [UInt8]
    var encoding: String

    init(data: Data, file: String) throws {
        guard data.count <= ReaderLimits.textBytes else {
            throw ReaderError.tooLarge(file: file, what: "HTML 网页", size: data.count, limit: ReaderLimits.textBytes)
        }
        let tags = data.withUnsafeBytes(ReaderLimits.tagCount)
        guard tags <= ReaderLimits.markupTags else {
            throw ReaderError.tooMany(file: file, what: "HTML 网页", count: tags, limit: ReaderLimits.markupTags, unit: "个标记")
        }
        var bytes = [UInt8](data)
        guard bytes.contains(where: { !($0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D)) }) else {
            throw ReaderError.unreadable(file: file, reason: "文件为空")
        }
        // Byte order marks.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
            self.bytes = HTMLInput.repairedUTF8(bytes)
            self.encoding = "UTF-8"
            return
        }
        if let bom = TextReader.ByteOrderMark(bytes.prefix(4)), bom == .utf32LE || bom == .utf32BE {
            // libxml2 has no UTF-32 decoder of its own: hand it UTF-8.
            guard let text = bom.decode(data) else {
                throw ReaderError.encoding(file: file, detail: "\(bom.rawValue) 文本无法解码")
            }
            self.bytes = Array(text.utf8)
            self.encoding = "UTF-8"
            return
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            self.encoding = bytes[0] == 0xFF ? "UTF-16LE" : "UTF-16BE"
            bytes.removeFirst(2)
            self.bytes = bytes
            return
        }
        // Files that are plainly something else.
        if bytes.starts(with: Array("%PDF-".utf8)) {
            throw ReaderError.unreadable(file: file, reason: "这是PDF文件，不是HTML网页")
        }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            throw ReaderError.unreadable(file: file, reason: "这是ZIP压缩文件（可能是DOCX），不是HTML网页")
        }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw ReaderError.unreadable(file: file, reason: "这是旧版Office文件，不是HTML网页")
        }
        if bytes.prefix(8192).contains(0) {
            throw ReaderError.unreadable(file: file, reason: "文件含有二进制内容，不是HTML网页")
        }
        let invalid = HTMLInput.invalidUTF8Count(bytes)
        if invalid == 0 {
            self.bytes = bytes
            self.encoding = "UTF-8"
            return
        }
        let declared = HTMLInput.declaredCharset(bytes)
        if let declared, ["big5", "big5-hkscs", "x-big5", "cp950", "windows-950", "csbig5"].contains(declared) {
            throw ReaderError.encoding(file: file, detail: TextReader.big5Detail)
        }
        if declared == nil, LegacyEncodingGuess.isBig5(data, gb: Transcode.gb18030(data)) {
            throw ReaderError.encoding(file: file, detail: TextReader.big5Detail)
        }
        switch declared {
        case "utf-8", "utf8":
            self.bytes = HTMLInput.repairedUTF8(bytes)
            self.encoding = "UTF-8"
        case nil, "gb2312", "gbk", "x-gbk", "gb18030", "cp936", "gb_2312-80", "csgb2312", "windows-936":
            // Chinese government pages that are not UTF-8 are GB-encoded; GB18030 covers GB2312 and GBK.
            self.bytes = bytes
            self.encoding = "GB18030"
        case let name?:
            if let handler = xmlFindCharEncodingHandler(name) {
                xmlCharEncCloseFunc(handler)
                self.bytes = bytes
                self.encoding = name
            } else {
                self.bytes = bytes
                self.encoding = "GB18030"
            }
        }
    }

    /// The charset named by `<meta charset=…>` or `content="…; charset=…"` in the first 4 KB, lower-cased.
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = Array(bytes.prefix(4096).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 })
        let key = Array("charset".utf8)
        var i = 0
        while i + key.count < head.count {
            if head[i] == 0x63, Array(head[i..<(i + key.count)]) == key {
                var j = i + key.count
                while j < head.count, head[j] == 0x20 { j += 1 }
                if j < head.count, head[j] == 0x3D {  // "="
                    j += 1
                    while j < head.count, head[j] == 0x20 || head[j] == 0x22 || head[j] == 0x27 { j += 1 }
                    var name = [UInt8]()
                    while j < head.count, name.count < 40 {
                        let c = head[j]
                        let ok = (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F
                        if !ok { break }
                        name.append(c); j += 1
                    }
                    if !name.isEmpty { return String(decoding: name, as: UTF8.self) }
                }
            }
            i += 1
        }
        return nil
    }

    /// Length of the valid UTF-8 sequence at `i`, or 0 when it is invalid.
    @inline(__always)
    static func utf8SequenceLength(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let n = b.count
        let c0 = b[i]
        if c0 < 0x80 { return 1 }
        @inline(__always) func cont(_ k: Int) -> Bool { k < n && (b[k] & 0xC0) == 0x80 }
        switch c0 {
        case 0xC2...0xDF: return cont(i + 1) ? 2 : 0
        case 0xE0...0xEF:
            guard cont(i + 1), cont(i + 2) else { return 0 }
            let c1 = b[i + 1]
            if c0 == 0xE0 && c1 < 0xA0 { return 0 }  // overlong
            if c0 == 0xED && c1 >= 0xA0 { return 0 }  // surrogates
            return 3
        case 0xF0...0xF4:
            guard cont(i + 1), cont(i + 2), cont(i + 3) else { return 0 }
            let c1 = b[i + 1]
            if c0 == 0xF0 && c1 < 0x90 { return 0 }
            if c0 == 0xF4 && c1 >= 0x90 { return 0 }
            return 4
        default: return 0
        }
    }

    static func invalidUTF8Count(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { b in
            var i = 0, invalid = 0
            while i < b.count {
                if b[i] < 0x80 { i += 1; continue }
                let l = utf8SequenceLength(b, i)
                if l == 0 { invalid += 1; i += 1 } else { i += l }
            }
            return invalid
        }
    }

    /// The bytes with each invalid UTF-8 byte replaced by U+FFFD.
    static func repairedUTF8(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { b in
            var out = [UInt8]()
            out.reserveCapacity(b.count + 16)
            var i = 0
            while i < b.count {
                if b[i] < 0x80 { out.append(b[i]); i += 1; continue }
                let l = utf8SequenceLength(b, i)
                if l == 0 {
                    out.append(contentsOf: [0xEF, 0xBF, 0xBD]); i += 1
                } else {
                    out.append(contentsOf: b[i..<(i + l)]); i += l
                }
            }
            return out
        }
    }
}

// MARK: - Element classes

private enum HTMLTag: UInt8 {
    case other, skip, head, title, meta, link, table, tr, cell, caption, br, block
}

private enum HTMLTags {
    static func pack(_ s: StaticString) -> UInt64 {
        s.withUTF8Buffer { b in
            var v: UInt64 = 0
            for (i, c) in b.enumerated() where i < 8 { v |= UInt64(c) << (8 * UInt64(i)) }
            return v
        }
    }

    static let table: [UInt64: HTMLTag] = {
        var t: [UInt64: HTMLTag] = [:]
        for s: StaticString in ["script", "style", "template", "noscript", "iframe", "object", "select", "svg", "math"] {
            t[pack(s)] = .skip
        }
        t[pack("head")] = .head
        t[pack("title")] = .title
        t[pack("meta")] = .meta
        t[pack("link")] = .link
        t[pack("table")] = .table
        t[pack("tr")] = .tr
        t[pack("td")] = .cell
        t[pack("th")] = .cell
        t[pack("caption")] = .caption
        t[pack("br")] = .br
        t[pack("hr")] = .br
        for s: StaticString in [
            "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "center", "dd", "dt",
            "dl", "ul", "ol", "form", "pre", "address", "header", "footer", "nav", "aside", "main", "figure",
            "fieldset", "legend", "details", "summary", "thead", "tbody", "tfoot", "html", "body", "menu",
            "dir", "option", "textarea",
        ] {
            t[pack(s)] = .block
        }
        return t
    }()

    /// The class of an element, by its (lower-case) name.
    @inline(__always)
    static func classify(_ name: UnsafePointer<UInt8>?) -> HTMLTag {
        guard let name else { return .other }
        var v: UInt64 = 0
        var i = 0
        while i < 8 {
            var c = name[i]
            if c == 0 { break }
            if c >= 0x41 && c <= 0x5A { c |= 0x20 }
            v |= UInt64(c) << (8 * UInt64(i))
            i += 1
        }
        if i == 8 && name[8] != 0 {
            return nameEquals(name, "blockquote") || nameEquals(name, "figcaption") ? .block : .other
        }
        return table[v] ?? .other
    }
}

// MARK: - The walk

private struct HTMLWalker {
    var lines: [SourceLine] = []
    var title: String?
    var metaDate: ReportDate?
    var urlDate: ReportDate?
    private var paragraph = TextAccumulator()
    private var paragraphLine: Int?
    private var cellText = TextAccumulator()
    private var tableCount = 0

    init() { lines.reserveCapacity(256) }

    mutating func walkDocument(_ first: xmlNodePtr?) {
        walkNodes(from: first, enter: { n in
            switch n.pointee.type {
            case XML_ELEMENT_NODE:
                switch HTMLTags.classify(n.pointee.name) {
                case .skip: return false
                case .head: readHead(n); return false
                case .title: return false  // a title outside <head> (e.g. in SVG) is not the page's
                case .meta: readMeta(n); return false
                case .link: readLink(n); return false
                case .br: endParagraph(); return false
                case .table:
                    endParagraph()
                    if HTMLWalker.containsTable(n) { return true }  // layout table
                    readDataTable(n)
                    return false
                case .tr, .cell, .caption, .block: endParagraph(); return true
                case .other: return true
                }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let c = n.pointee.content {
                    paragraph.append(cString: c)
                    if paragraphLine == nil && !paragraph.isEmpty { paragraphLine = sourceLine(n) }
                }
                return false
            case XML_COMMENT_NODE:
                if urlDate == nil, let c = n.pointee.content { urlDate = archiveURLDate(c) }
                return false
            default:
                return false
            }
        }, leave: { n in
            if n.pointee.type == XML_ELEMENT_NODE {
                switch HTMLTags.classify(n.pointee.name) {
                case .table, .tr, .cell, .caption, .block: endParagraph()
                default: break
                }
            }
        })
        endParagraph()
    }

    private mutating func endParagraph() {
        guard !paragraph.isEmpty else { return }
        let ref = SourceRef(line: paragraphLine)
        lines.append(SourceLine(kind: .free, fields: [SourceField(paragraph.take(), source: ref)], source: ref))
        paragraphLine = nil
    }

    // MARK: head

    private mutating func readHead(_ head: xmlNodePtr) {
        walkNodes(from: head.pointee.children, enter: { n in
            guard n.pointee.type == XML_ELEMENT_NODE else {
                if n.pointee.type == XML_COMMENT_NODE, urlDate == nil, let c = n.pointee.content {
                    urlDate = archiveURLDate(c)
                }
                return false
            }
            switch HTMLTags.classify(n.pointee.name) {
            case .title:
                if title == nil {
                    let t = collapsedText(HTMLWalker.plainText(n))
                    if !t.isEmpty { title = t }
                }
                return false
            case .meta: readMeta(n); return false
            case .link: readLink(n); return false
            case .skip: return false
            default: return true
            }
        }, leave: { _ in })
    }

    private static let dateMetaNames: Set<String> = [
        "pubdate", "articlepubdate", "article:published_time", "publishdate", "publish_date", "publishtime",
        "firstpublishedtime", "dcterms.issued", "dc.date.issued", "og:published_time", "datepublished",
    ]

    private mutating func readMeta(_ n: xmlNodePtr) {
        guard let key = attributeValue(n, "name") ?? attributeValue(n, "property") ?? attributeValue(n, "itemprop"),
              let content = attributeValue(n, "content") else { return }
        let name = String(cString: key).lowercased().trimmingCharacters(in: .whitespaces)
        if metaDate == nil, HTMLWalker.dateMetaNames.contains(name) {
            metaDate = parseLooseDate(String(cString: content))
        } else if urlDate == nil, name == "og:url" || name == "url" {
            urlDate = archiveURLDate(content)
        }
    }

    private mutating func readLink(_ n: xmlNodePtr) {
        guard urlDate == nil, let rel = attributeValue(n, "rel"), let href = attributeValue(n, "href"),
              String(cString: rel).lowercased().contains("canonical") else { return }
        urlDate = archiveURLDate(href)
    }

    /// All descendant text, unprocessed (for short elements such as `<title>`).
    private static func plainText(_ e: xmlNodePtr) -> String {
        var acc = TextAccumulator()
        walkNodes(from: e.pointee.children, enter: { n in
            if n.pointee.type == XML_TEXT_NODE || n.pointee.type == XML_CDATA_SECTION_NODE {
                if let c = n.pointee.content { acc.append(cString: c) }
                return false
            }
            return n.pointee.type == XML_ELEMENT_NODE
        }, leave: { _ in })
        return acc.take()
    }

    // MARK: tables

    /// Whether a table holds another table (then it is a layout table).
    private static func containsTable(_ table: xmlNodePtr) -> Bool {
        var found = false
        walkNodes(from: table.pointee.children, enter: { n in
            guard !found, n.pointee.type == XML_ELEMENT_NODE else { return false }
            if HTMLTags.classify(n.pointee.name) == .table { found = true; return false }
            return true
        }, leave: { _ in })
        return found
    }

    private mutating func readDataTable(_ table: xmlNodePtr) {
        var builder = TableGridBuilder()
        var captions: [SourceLine] = []
        walkNodes(from: table.pointee.children, enter: { n in
            guard n.pointee.type == XML_ELEMENT_NODE else { return false }
            switch HTMLTags.classify(n.pointee.name) {
            case .tr:
                builder.startRow(line: sourceLine(n))
                return true
            case .cell:
                if !builder.hasRow { builder.startRow(line: sourceLine(n)) }
                let text = readCellText(n)
                let colSpan = leadingInteger(attributeValue(n, "colspan")) ?? 1
                var rowSpan = leadingInteger(attributeValue(n, "rowspan")) ?? 1
                if rowSpan == 0 { rowSpan = TableGrid.maxRowSpan }  // HTML: to the end of the table section
                builder.addCell(text: text, colSpan: colSpan, rowSpan: rowSpan)
                return false
            case .caption:
                let text = readCellText(n)
                if !text.isEmpty {
                    let ref = SourceRef(line: sourceLine(n))
                    captions.append(SourceLine(kind: .free, fields: [SourceField(text, source: ref)], source: ref))
                }
                return false
            case .skip, .head, .title, .meta, .link:
                return false
            case .table, .br, .block, .other:
                return true
            }
        }, leave: { _ in })
        lines.append(contentsOf: captions)
        let number = tableCount + 1
        let rows = builder.finish().lines(table: number)
        if !rows.isEmpty {
            tableCount = number
            lines.append(contentsOf: rows)
        }
    }

    /// A cell's text: whitespace collapsed; pieces split by `<br>` or blocks joined (no space next to CJK).
    private mutating func readCellText(_ cell: xmlNodePtr) -> String {
        walkNodes(from: cell.pointee.children, enter: { n in
            switch n.pointee.type {
            case XML_ELEMENT_NODE:
                switch HTMLTags.classify(n.pointee.name) {
                case .skip, .head, .title, .meta, .link: return false
                case .br: cellText.softBreak(); return false
                case .block, .tr, .cell, .caption, .table: cellText.softBreak(); return true
                case .other: return true
                }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let c = n.pointee.content { cellText.append(cString: c) }
                return false
            default:
                return false
            }
        }, leave: { n in
            switch HTMLTags.classify(n.pointee.name) {
            case .block, .tr, .cell, .caption, .table: cellText.softBreak()
            default: break
            }
        })
        return cellText.take()
    }
}
