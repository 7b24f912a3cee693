import Foundation
import DisclosureRules
import CLibXML2
import ZIPFoundation
#if canImport(CZlib)
import CZlib  // zlib, as ZIPFoundation links it on Linux
#elseif canImport(zlib)
import zlib
#endif

/// Reads a Word document (DOCX) into source lines: the main document part is parsed with libxml2.
///
/// - Each `w:p` outside data tables is a `free` line; its source is the 1-based paragraph number.
/// - Each `w:tbl` without nested tables is a data table (numbered 1, 2, 3…); `w:gridSpan`, `w:vMerge`,
///   `w:gridBefore` (and legacy `w:hMerge`) place cells on the grid, and each row becomes a `positional`
///   line (same rules as HTML tables). Tables that hold other tables are layout: their paragraphs are free lines.
/// - `containerTitle` comes from `docProps/core.xml` (`dc:title`).
public enum DOCXReader {
    /// Reads a DOCX file of at most `ReaderLimits.packageBytes`, whose parts inflate to at most
    /// `ReaderLimits.packagePartBytes` each (`packageInflatedBytes` together) with at most `markupTags` tags.
    /// - Throws: `ReaderError.tooLarge` / `.tooMany` for a file or part over a limit, `.unreadable` for a damaged
    ///   or misnamed file (a .doc, a PDF, a ZIP without `word/document.xml`).
    public static func read(url: URL, file: String) throws -> SourceDocument {
        ensureLibXML2()
        let package = try ZIPPackage(url: url, file: file)
        let mainPath = mainDocumentPath(package) ?? "word/document.xml"
        let title = (try? package.extract("docProps/core.xml")).flatMap { $0 }.flatMap(coreTitle)
        let doc: xmlDocPtr
        do {  // the inflated XML is released once parsed
            guard let xml = try package.extract(mainPath)
                    ?? (mainPath == "word/document.xml" ? nil : try package.extract("word/document.xml")) else {
                throw ReaderError.unreadable(file: file, reason: "DOCX中缺少正文（word/document.xml）")
            }
            guard let parsed = parseXML(xml) else {
                throw ReaderError.unreadable(file: file, reason: "DOCX正文的XML无法解析")
            }
            doc = parsed
        }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc), let body = WTags.firstChild(root, .body) else {
            throw ReaderError.unreadable(file: file, reason: "DOCX正文中没有w:body")
        }
        var walker = DOCXWalker()
        walker.walkBody(body)
        return SourceDocument(lines: walker.lines, containerTitle: title)
    }

    /// The main document part named by the package relationships (`_rels/.rels`), when any.
    private static func mainDocumentPath(_ package: ZIPPackage) -> String? {
        guard let rels = (try? package.extract("_rels/.rels")) ?? nil, let doc = parseXML(rels) else { return nil }
        defer { xmlFreeDoc(doc) }
        var target: String?
        walkNodes(from: doc.pointee.children, enter: { n in
            guard target == nil, n.pointee.type == XML_ELEMENT_NODE else { return false }
            if nameEquals(n.pointee.name, "relationship"),
               let type = attributeValue(n, "type"), let t = attributeValue(n, "target"),
               String(cString: type).hasSuffix("/officeDocument") {
                var path = String(cString: t)
                while path.hasPrefix("/") { path.removeFirst() }
                if !path.isEmpty { target = path }
                return false
            }
            return true
        }, leave: { _ in })
        return target
    }

    /// `dc:title` of the core properties, collapsed; nil when absent or empty.
    private static func coreTitle(_ xml: [UInt8]) -> String? {
        guard let doc = parseXML(xml) else { return nil }
        defer { xmlFreeDoc(doc) }
        var title: String?
        walkNodes(from: doc.pointee.children, enter: { n in
            guard title == nil, n.pointee.type == XML_ELEMENT_NODE else { return false }
            if nameEquals(n.pointee.name, "title") {
                var acc = TextAccumulator()
                var c = n.pointee.children
                while let t = c {
                    if t.pointee.type == XML_TEXT_NODE || t.pointee.type == XML_CDATA_SECTION_NODE, let s = t.pointee.content {
                        acc.append(cString: s)
                    }
                    c = t.pointee.next
                }
                let s = acc.take()
                if !s.isEmpty { title = s }
                return false
            }
            return true
        }, leave: { _ in })
        return title
    }

    /// Parses an XML part. Parts with a document type declaration are refused: Office never writes one, and
    /// with `XML_PARSE_HUGE` entity expansion would not be bounded.
    static func parseXML(_ bytes: [UInt8]) -> xmlDocPtr? {
        guard !bytes.isEmpty, bytes.count < Int(Int32.max), !hasDoctype(bytes) else { return nil }
        let options = Int32(bitPattern: XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_HUGE.rawValue
            | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue)
        return bytes.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { c in
                xmlReadMemory(c.baseAddress, Int32(c.count), nil, nil, options)
            }
        }
    }

    /// Whether the prolog (before the root element) holds `<!DOCTYPE`.
    static func hasDoctype(_ b: [UInt8]) -> Bool {
        var i = 0
        let n = b.count
        while i < n {
            guard b[i] == 0x3C else { i += 1; continue }  // "<"
            guard i + 1 < n else { return false }
            switch b[i + 1] {
            case 0x3F:  // "<?": skip to "?>"
                i += 2
                while i + 1 < n && !(b[i] == 0x3F && b[i + 1] == 0x3E) { i += 1 }
                i += 2
            case 0x21:  // "<!": a comment or the doctype
                if i + 3 < n && b[i + 2] == 0x2D && b[i + 3] == 0x2D {
                    i += 4
                    while i + 2 < n && !(b[i] == 0x2D && b[i + 1] == 0x2D && b[i + 2] == 0x3E) { i += 1 }
                    i += 3
                } else {
                    return true  // "<!DOCTYPE" (nothing else may start with "<!" before the root element)
                }
            default:
                return false  // the root element
            }
        }
        return false
    }
}

// MARK: - The ZIP container

/// A DOCX or XLSX file's ZIP container. ZIPFoundation opens it and finds the entries (path, sizes, method, CRC);
/// the entry data is inflated here with zlib in one bounded call, because ZIPFoundation 0.9.20's inflate loop
/// never ends when a corrupted deflate stream runs into the end of the file (it keeps reading empty chunks).
///
/// Sizes are bounded: the file (checked from its metadata before it is loaded), each part (its size in the ZIP
/// directory is checked before inflating, and inflating stops there), and all parts read together.
final class ZIPPackage {
    let file: String
    /// "DOCX" or "XLSX", for messages.
    let kind: String
    let bytes: Data
    let archive: Archive
    /// Largest part inflated, in bytes.
    let partLimit: Int
    /// Most bytes inflated from all parts together.
    let totalLimit: Int
    /// Most markup tags ("<") in one part.
    let tagLimit: Int
    /// Bytes inflated so far.
    private(set) var inflated = 0

    /// Opens a report's package with the limits of `ReaderLimits` (`packageBytes`, `packagePartBytes`,
    /// `packageInflatedBytes`, `markupTags`), or others (a ledger's).
    /// - Throws: `ReaderError.tooLarge` for a file over `fileLimit`, `.unreadable` for a missing, empty, damaged
    ///   or misnamed file.
    init(url: URL, file: String, kind: String = "DOCX", fileLimit: Int = ReaderLimits.packageBytes,
         partLimit: Int = ReaderLimits.packagePartBytes, totalLimit: Int = ReaderLimits.packageInflatedBytes,
         tagLimit: Int = ReaderLimits.markupTags) throws {
        self.file = file
        self.kind = kind
        self.partLimit = partLimit
        self.totalLimit = totalLimit
        self.tagLimit = tagLimit
        let data = try InputFile.load(url, file: file, limit: fileLimit, what: "\(kind) 文件")
        if data.isEmpty { throw ReaderError.unreadable(file: file, reason: "文件为空") }
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw ReaderError.unreadable(file: file, reason: kind == "DOCX" ? "这是旧版Word（.doc）文件，请另存为DOCX后再读取" : "这是旧版Excel（.xls）文件，请另存为XLSX或CSV后再导入")
        }
        if data.starts(with: Array("%PDF-".utf8)) {
            throw ReaderError.unreadable(file: file, reason: "这是PDF文件，不是\(kind)文件")
        }
        if !data.starts(with: [0x50, 0x4B]) {
            throw ReaderError.unreadable(file: file, reason: "不是\(kind)文件（不是ZIP格式）")
        }
        do {
            // File-backed: ZIPFoundation 0.9.20's memory-backed archive traps on seeks past the end.
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw ReaderError.unreadable(file: file, reason: "\(kind)文件已损坏（ZIP结构无法读取）")
        }
        bytes = data
    }

    private func corrupted(_ path: String) -> ReaderError {
        .unreadable(file: file, reason: "\(kind)中的\(path)已损坏，无法解压")
    }

    /// An entry's bytes, or nil when the archive has no such file.
    /// - Throws: `ReaderError.tooLarge` when the part would inflate beyond `partLimit`, or all parts read so far
    ///   beyond `totalLimit`; `.tooMany` when it has more than `tagLimit` tags; `.unreadable` when it is damaged.
    func extract(_ path: String) throws -> [UInt8]? {
        guard let entry = archive[path], entry.type == .file else { return nil }
        guard entry.uncompressedSize <= UInt64(partLimit) else {
            throw ReaderError.tooLarge(file: file, what: "\(kind) 中的“\(path)”解压后", size: Int(clamping: entry.uncompressedSize), limit: partLimit)
        }
        guard inflated + Int(entry.uncompressedSize) <= totalLimit else {
            throw ReaderError.tooLarge(file: file, what: "\(kind) 中各部分解压后合计", size: inflated + Int(entry.uncompressedSize), limit: totalLimit)
        }
        inflated += Int(entry.uncompressedSize)
        guard let start = dataOffset(of: path), entry.compressedSize <= UInt64(bytes.count - start) else {
            throw corrupted(path)
        }
        let compressedCount = Int(entry.compressedSize)
        let size = Int(entry.uncompressedSize)
        var out = [UInt8](repeating: 0, count: size + 1)  // one spare byte: a longer stream is an error
        let produced: Int? = bytes.withUnsafeBytes { raw in
            let input = raw.bindMemory(to: UInt8.self)
            return out.withUnsafeMutableBufferPointer { output in
                if !entry.isCompressed {
                    guard compressedCount == size else { return nil }
                    if size > 0 { output.baseAddress!.update(from: input.baseAddress! + start, count: size) }
                    return size
                }
                return ZIPPackage.inflateRaw(input.baseAddress! + start, compressedCount,
                                             into: output.baseAddress!, output.count)
            }
        }
        guard let produced, produced == size else { throw corrupted(path) }
        out.removeLast()
        let crc = out.withUnsafeBufferPointer { b in
            UInt32(truncatingIfNeeded: crc32(0, b.baseAddress, UInt32(b.count)))
        }
        guard crc == entry.checksum else { throw corrupted(path) }
        let tags = out.withUnsafeBytes(ReaderLimits.tagCount)
        guard tags <= tagLimit else {
            throw ReaderError.tooMany(file: file, what: "\(kind) 中的“\(path)”", count: tags, limit: tagLimit, unit: "个 XML 标记")
        }
        return out
    }

    /// Inflates a raw deflate stream in a single call; the number of bytes produced, or nil on error.
    private static func inflateRaw(_ input: UnsafePointer<UInt8>, _ inCount: Int,
                                   into output: UnsafeMutablePointer<UInt8>, _ outCount: Int) -> Int? {
        guard inCount < Int(UInt32.max), outCount < Int(UInt32.max) else { return nil }
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return nil
        }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: input)
        stream.avail_in = UInt32(inCount)
        stream.next_out = output
        stream.avail_out = UInt32(outCount)
        guard inflate(&stream, Z_FINISH) == Z_STREAM_END else { return nil }
        return outCount - Int(stream.avail_out)
    }

    // Little-endian reads, nil when out of bounds.
    private func u16(_ i: Int) -> Int? {
        guard i >= 0, i <= bytes.count - 2 else { return nil }
        return Int(bytes[i]) | Int(bytes[i + 1]) << 8
    }
    private func u32(_ i: Int) -> Int? {
        guard let lo = u16(i), let hi = u16(i + 2) else { return nil }
        return lo | hi << 16
    }
    private func u64(_ i: Int) -> UInt64? {
        guard let lo = u32(i), let hi = u32(i + 4) else { return nil }
        return UInt64(lo) | UInt64(hi) << 32
    }

    /// Where an entry's data starts: its central directory record gives the local header, whose name and
    /// extra field come before the data.
    private func dataOffset(of path: String) -> Int? {
        guard let (cdStart, cdEnd) = centralDirectory() else { return nil }
        let name = Array(path.utf8)
        var i = cdStart
        while i + 46 <= cdEnd, u32(i) == 0x0201_4B50 {
            guard let nameLength = u16(i + 28), let extraLength = u16(i + 30), let commentLength = u16(i + 32),
                  var local = u32(i + 42).map(UInt64.init) else { return nil }
            let nameStart = i + 46
            guard nameStart + nameLength + extraLength <= bytes.count else { return nil }
            if nameLength == name.count && bytes[nameStart..<(nameStart + nameLength)].elementsEqual(name) {
                if local == 0xFFFF_FFFF {
                    // ZIP64: the offset is in the extended information field, after the sizes that overflow.
                    guard let zip64 = zip64Offset(record: i, extraStart: nameStart + nameLength, extraLength: extraLength)
                    else { return nil }
                    local = zip64
                }
                guard local < UInt64(bytes.count) else { return nil }
                let l = Int(local)
                guard u32(l) == 0x0403_4B50, let ln = u16(l + 26), let le = u16(l + 28) else { return nil }
                let start = l + 30 + ln + le
                return start <= bytes.count ? start : nil
            }
            i = nameStart + nameLength + extraLength + commentLength
        }
        return nil
    }

    private func zip64Offset(record i: Int, extraStart: Int, extraLength: Int) -> UInt64? {
        var skip = 0
        if u32(i + 24) == 0xFFFF_FFFF { skip += 8 }  // uncompressed size
        if u32(i + 20) == 0xFFFF_FFFF { skip += 8 }  // compressed size
        var j = extraStart
        while j + 4 <= extraStart + extraLength {
            guard let id = u16(j), let len = u16(j + 2) else { return nil }
            if id == 0x0001 {
                guard skip + 8 <= len else { return nil }
                return u64(j + 4 + skip)
            }
            j += 4 + len
        }
        return nil
    }

    /// The central directory's byte range, from the end-of-central-directory record (or its ZIP64 form).
    private func centralDirectory() -> (Int, Int)? {
        guard bytes.count >= 22 else { return nil }
        var e = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        while e >= lowest && u32(e) != 0x0605_4B50 { e -= 1 }
        guard e >= lowest, var size = u32(e + 12).map(UInt64.init), var offset = u32(e + 16).map(UInt64.init) else {
            return nil
        }
        if offset == 0xFFFF_FFFF || size == 0xFFFF_FFFF {
            guard e >= 20, u32(e - 20) == 0x0706_4B50, let z = u64(e - 20 + 8), z < UInt64(bytes.count),
                  u32(Int(z)) == 0x0606_4B50, let zs = u64(Int(z) + 40), let zo = u64(Int(z) + 48) else { return nil }
            size = zs
            offset = zo
        }
        guard offset < UInt64(bytes.count), size <= UInt64(bytes.count) - offset else { return nil }
        return (Int(offset), Int(offset + size))
    }
}

// MARK: - WordprocessingML element names

private enum WTag: UInt8 {
    case other, body, p, tbl, tr, tc, t, tab, ptab, br, cr, noBreakHyphen, softHyphen
    case del, delText, instrText, pPr, rPr, tcPr, trPr, tblPr, tblGrid, sectPr, gridSpan, vMerge, hMerge, gridBefore
    case fldData, moveFrom
}

private enum WTags {
    private static func key(_ p: UnsafePointer<UInt8>) -> (UInt64, Int) {
        var v: UInt64 = 0
        var i = 0
        while p[i] != 0 {
            if i < 8 { v |= UInt64(p[i]) << (8 * UInt64(i)) }
            i += 1
        }
        return (v, i)
    }

    private static func key(_ s: StaticString) -> UInt64 {
        s.withUTF8Buffer { b in
            var v: UInt64 = 0
            for (i, c) in b.enumerated() where i < 8 { v |= UInt64(c) << (8 * UInt64(i)) }
            return v ^ (UInt64(b.count) << 58)
        }
    }

    private struct Entry { var tag: WTag; var name: StaticString }

    private static let table: [UInt64: Entry] = {
        let names: [(StaticString, WTag)] = [
            ("body", .body), ("p", .p), ("tbl", .tbl), ("tr", .tr), ("tc", .tc), ("t", .t), ("tab", .tab),
            ("ptab", .ptab), ("br", .br), ("cr", .cr), ("noBreakHyphen", .noBreakHyphen), ("softHyphen", .softHyphen),
            ("del", .del), ("delText", .delText), ("instrText", .instrText), ("pPr", .pPr), ("rPr", .rPr),
            ("tcPr", .tcPr), ("trPr", .trPr), ("tblPr", .tblPr), ("tblGrid", .tblGrid), ("sectPr", .sectPr),
            ("gridSpan", .gridSpan), ("vMerge", .vMerge), ("hMerge", .hMerge), ("gridBefore", .gridBefore),
            ("fldData", .fldData), ("moveFrom", .moveFrom),
        ]
        var t: [UInt64: Entry] = [:]
        for (s, tag) in names { t[key(s)] = Entry(tag: tag, name: s) }
        return t
    }()

    private static func isWordNamespace(_ n: xmlNodePtr) -> Bool {
        guard let ns = n.pointee.ns, let href = ns.pointee.href else { return false }
        return nameEquals(href, "http://schemas.openxmlformats.org/wordprocessingml/2006/main")
            || nameEquals(href, "http://purl.oclc.org/ooxml/wordprocessingml/main")
    }

    /// The WordprocessingML class of an element (`.other` for elements of other namespaces).
    static func classify(_ n: xmlNodePtr) -> WTag {
        guard let name = n.pointee.name, isWordNamespace(n) else { return .other }
        let (v, length) = key(name)
        guard let e = table[v ^ (UInt64(length) << 58)] else { return .other }
        if length > 8 {
            // Only the first 8 bytes were compared: check the whole name.
            let same = e.name.withUTF8Buffer { b in b.count == length && memcmp(b.baseAddress!, name, length) == 0 }
            return same ? e.tag : .other
        }
        return e.tag
    }

    /// Elements skipped wherever they are: alternative content already present (`mc:Fallback`).
    static func isFallback(_ n: xmlNodePtr) -> Bool {
        n.pointee.ns != nil && nameEquals(n.pointee.name, "fallback")
    }

    static func firstChild(_ n: xmlNodePtr, _ tag: WTag) -> xmlNodePtr? {
        var c = n.pointee.children
        while let x = c {
            if x.pointee.type == XML_ELEMENT_NODE && classify(x) == tag { return x }
            c = x.pointee.next
        }
        return nil
    }

    /// `w:val` of an element.
    static func val(_ n: xmlNodePtr) -> UnsafePointer<UInt8>? { attributeValue(n, "val") }
}

// MARK: - The walk

private struct DOCXWalker {
    var lines: [SourceLine] = []
    private var paragraphCount = 0
    private var tableCount = 0
    private var text = TextAccumulator()

    init() { lines.reserveCapacity(256) }

    mutating func walkBody(_ body: xmlNodePtr) {
        walkNodes(from: body.pointee.children, enter: { n in
            guard n.pointee.type == XML_ELEMENT_NODE else { return false }
            switch WTags.classify(n) {
            case .p:
                paragraphCount += 1
                readRuns(n.pointee.children, inCell: false)
                let s = text.take()
                if !s.isEmpty {
                    let ref = SourceRef(line: paragraphCount)
                    lines.append(SourceLine(kind: .free, fields: [SourceField(s, source: ref)], source: ref))
                }
                return false
            case .tbl:
                if DOCXWalker.containsTable(n) { return true }  // layout: its paragraphs are free lines
                readTable(n)
                return false
            case .sectPr, .tblPr, .tblGrid, .trPr, .tcPr, .pPr, .rPr, .del, .moveFrom: return false
            case .other: return !WTags.isFallback(n)
            default: return true
            }
        }, leave: { _ in })
    }

    /// Appends the text of runs under the given nodes: `w:t`, tabs and breaks; deleted text and field codes
    /// are left out. Inside a cell, paragraphs and breaks join as pieces (no space next to CJK).
    private mutating func readRuns(_ first: xmlNodePtr?, inCell: Bool) {
        walkNodes(from: first, enter: { n in
            guard n.pointee.type == XML_ELEMENT_NODE else { return false }
            switch WTags.classify(n) {
            case .t:
                var c = n.pointee.children
                while let x = c {
                    if x.pointee.type == XML_TEXT_NODE || x.pointee.type == XML_CDATA_SECTION_NODE, let s = x.pointee.content {
                        text.append(cString: s)
                    }
                    c = x.pointee.next
                }
                return false
            case .tab, .ptab: text.space(); return false
            case .br, .cr:
                if inCell { text.softBreak() } else { text.space() }
                return false
            case .noBreakHyphen: text.append("-"); return false
            case .p, .tr, .tc, .tbl: text.softBreak(); return true
            case .del, .delText, .instrText, .pPr, .rPr, .tcPr, .trPr, .tblPr, .tblGrid, .sectPr, .fldData, .moveFrom,
                 .softHyphen:
                return false
            case .other: return !WTags.isFallback(n)
            default: return true
            }
        }, leave: { n in
            switch WTags.classify(n) {
            case .p, .tr, .tc, .tbl: text.softBreak()
            default: break
            }
        })
    }

    private static func containsTable(_ tbl: xmlNodePtr) -> Bool {
        var found = false
        walkNodes(from: tbl.pointee.children, enter: { n in
            guard !found, n.pointee.type == XML_ELEMENT_NODE else { return false }
            if WTags.classify(n) == .tbl { found = true; return false }
            return true
        }, leave: { _ in })
        return found
    }

    private mutating func readTable(_ tbl: xmlNodePtr) {
        var builder = TableGridBuilder()
        walkNodes(from: tbl.pointee.children, enter: { n in
            guard n.pointee.type == XML_ELEMENT_NODE else { return false }
            switch WTags.classify(n) {
            case .tr:
                builder.startRow(line: nil)
                if let trPr = WTags.firstChild(n, .trPr), let gb = WTags.firstChild(trPr, .gridBefore),
                   let before = leadingInteger(WTags.val(gb)) {
                    builder.skipColumns(before)
                }
                return true
            case .tc:
                var colSpan = 1
                var verticalContinue = false
                var horizontalContinue = false
                if let tcPr = WTags.firstChild(n, .tcPr) {
                    if let gs = WTags.firstChild(tcPr, .gridSpan) { colSpan = leadingInteger(WTags.val(gs)) ?? 1 }
                    if let vm = WTags.firstChild(tcPr, .vMerge) {
                        // No w:val, or "continue": continues the cell above; "restart" starts a merge.
                        verticalContinue = WTags.val(vm).map { !nameEquals($0, "restart") } ?? true
                    }
                    if let hm = WTags.firstChild(tcPr, .hMerge) {
                        horizontalContinue = WTags.val(hm).map { !nameEquals($0, "restart") } ?? true
                    }
                }
                if verticalContinue {
                    builder.continueCellAbove(colSpan: colSpan)
                } else if horizontalContinue {
                    builder.continueCellLeft(colSpan: colSpan)
                } else {
                    readRuns(n.pointee.children, inCell: true)
                    builder.addCell(text: text.take(), colSpan: colSpan, rowSpan: 1)
                }
                return false
            case .tblPr, .tblGrid, .trPr, .tcPr, .sectPr, .del, .moveFrom: return false
            case .other: return !WTags.isFallback(n)
            default: return true
            }
        }, leave: { _ in })
        let number = tableCount + 1
        let rows = builder.finish().lines(table: number)
        if !rows.isEmpty {
            tableCount = number
            lines.append(contentsOf: rows)
        }
    }
}
