import Foundation
import DisclosureRules
import CLibXML2
import ZIPFoundation
import CZlib

/// Reads a Word document (DOCX) into source lines: the main document part is parsed with libxml2.
///
/// - Each `w:p` outside data tables is a `free` line; its source is the 1-based paragraph number.
/// - Each `w:tbl` without nested tables is a data table (numbered 1, 2, 3…); `w:gridSpan`, `w:vMerge`,
///   `w:gridBefore` (and legacy `w:hMerge`) place cells on the grid, and each row becomes a `positional`
///   line (same rules as HTML tables). Tables that hold other tables are layout: their paragraphs are free lines.
/// - `containerTitle` comes from `docProps/core.xml` (`dc:title`).
public enum DOCXReader {
    /// Largest XML part read into memory.
    static let maxPartSize = 256 << 20

    public static func read(url: URL, file: String) throws -> SourceDocument {
        ensureLibXML2()
        try checkSignature(url: url, file: file)
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw ReaderError.unreadable(file: file, reason: "DOCX文件已损坏（ZIP结构无法读取）")
        }
        let mainPath = mainDocumentPath(archive) ?? "word/document.xml"
        guard let xml = try extract(archive, mainPath, file: file)
                ?? (mainPath == "word/document.xml" ? nil : try extract(archive, "word/document.xml", file: file)) else {
            throw ReaderError.unreadable(file: file, reason: "DOCX中缺少正文（word/document.xml）")
        }
        let title = (try? extract(archive, "docProps/core.xml", file: file)).flatMap { $0 }.flatMap(coreTitle)

        guard let doc = parseXML(xml) else {
            throw ReaderError.unreadable(file: file, reason: "DOCX正文的XML无法解析")
        }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc), let body = WTags.firstChild(root, .body) else {
            throw ReaderError.unreadable(file: file, reason: "DOCX正文中没有w:body")
        }
        var walker = DOCXWalker()
        walker.walkBody(body)
        return SourceDocument(lines: walker.lines, containerTitle: title)
    }

    /// Rejects files that are plainly not DOCX before opening them as ZIP archives.
    private static func checkSignature(url: URL, file: String) throws {
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: url) } catch {
            throw ReaderError.unreadable(file: file, reason: "文件不存在或无法打开")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 8)) ?? Data()
        if head.isEmpty { throw ReaderError.unreadable(file: file, reason: "文件为空") }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw ReaderError.unreadable(file: file, reason: "这是旧版Word（.doc）文件，请另存为DOCX后再读取")
        }
        if head.starts(with: Array("%PDF-".utf8)) {
            throw ReaderError.unreadable(file: file, reason: "这是PDF文件，不是DOCX文件")
        }
        if !head.starts(with: [0x50, 0x4B]) {
            throw ReaderError.unreadable(file: file, reason: "不是DOCX文件（不是ZIP格式）")
        }
    }

    private struct TooLarge: Error {}

    /// An entry's bytes, or nil when the archive has no such file.
    private static func extract(_ archive: Archive, _ path: String, file: String) throws -> [UInt8]? {
        guard let entry = archive[path], entry.type == .file else { return nil }
        guard entry.uncompressedSize <= UInt64(maxPartSize) else {
            throw ReaderError.unreadable(file: file, reason: "DOCX中的\(path)过大")
        }
        var out = [UInt8]()
        out.reserveCapacity(Int(entry.uncompressedSize))
        do {
            _ = try archive.extract(entry, bufferSize: 64 << 10) { chunk in
                if out.count + chunk.count > maxPartSize { throw TooLarge() }
                out.append(contentsOf: chunk)
            }
        } catch is TooLarge {
            throw ReaderError.unreadable(file: file, reason: "DOCX中的\(path)过大")
        } catch {
            throw ReaderError.unreadable(file: file, reason: "DOCX中的\(path)无法解压（文件已损坏）")
        }
        return out
    }

    /// The main document part named by the package relationships (`_rels/.rels`), when any.
    private static func mainDocumentPath(_ archive: Archive) -> String? {
        guard let rels = (try? extract(archive, "_rels/.rels", file: "")) ?? nil, let doc = parseXML(rels) else { return nil }
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
