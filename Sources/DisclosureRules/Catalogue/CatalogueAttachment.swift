import Foundation

// Attachments (附件) of catalogue items and policy interpretations (政策解读) — issue 12, points 1 and 3.

/// A file attached to a catalogue item (the document's PDF, a table as XLSX, a scanned page), as the front ends show
/// it: without its bytes.
public struct CatalogueAttachment: Codable, Hashable, Sendable {
    public var id: UUID
    /// The file name as shown and offered for download (`AttachmentFile.sanitizedName`).
    public var fileName: String
    /// The MIME type, from the checked kind (`AttachmentFile.Kind.contentType`).
    public var contentType: String
    /// Bytes.
    public var size: Int
    /// The item's revision the attachment was added in (adding it made that revision).
    public var revision: Int
    public var addedBy: String
    public var addedAt: Date

    public init(id: UUID, fileName: String, contentType: String, size: Int, revision: Int, addedBy: String, addedAt: Date) {
        self.id = id; self.fileName = fileName; self.contentType = contentType; self.size = size; self.revision = revision
        self.addedBy = addedBy; self.addedAt = addedAt
    }

    /// The size for people: "830 字节", "12.5 KB", "3.2 MB" (1 KB = 1024 bytes).
    public var sizeText: String {
        if size < 1024 { return "\(size) B" }
        if size < 1024 * 1024 { return String(format: "%.1f KB", Double(size) / 1024) }
        return String(format: "%.1f MB", Double(size) / 1024 / 1024)
    }
}

/// The files accepted as attachments and how their names are cleaned.
public enum AttachmentFile {
    /// The accepted kinds: PDF, Word (DOCX), Excel (XLSX) and images (PNG, JPEG) — the formats government portals publish
    /// documents in. Each is recognised by its extension **and** its first bytes (a renamed file is refused).
    public enum Kind: String, CaseIterable, Sendable {
        case pdf, docx, xlsx, png, jpeg

        public var contentType: String {
            switch self {
            case .pdf: "application/pdf"
            case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            case .png: "image/png"
            case .jpeg: "image/jpeg"
            }
        }

        /// The kind of a file name's extension (case-insensitive; `jpg` and `jpeg` are JPEG).
        public init?(extension ext: String) {
            switch ext.lowercased() {
            case "pdf": self = .pdf
            case "docx": self = .docx
            case "xlsx": self = .xlsx
            case "png": self = .png
            case "jpg", "jpeg": self = .jpeg
            default: return nil
            }
        }

        /// Whether `data` starts as a file of this kind does: `%PDF-`; a ZIP archive (`PK\u{3}\u{4}`) for DOCX and
        /// XLSX; the PNG signature; JPEG's `FF D8 FF`.
        public func matches(_ data: Data) -> Bool {
            let head = [UInt8](data.prefix(8))
            func starts(_ sig: [UInt8]) -> Bool { head.count >= sig.count && Array(head.prefix(sig.count)) == sig }
            switch self {
            case .pdf: return starts(Array("%PDF-".utf8))
            case .docx, .xlsx: return starts([0x50, 0x4B, 0x03, 0x04])
            case .png: return starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            case .jpeg: return starts([0xFF, 0xD8, 0xFF])
            }
        }
    }

    /// The largest attachment: 20 MB (20 × 1024 × 1024 bytes).
    public static let maximumBytes = 20 * 1024 * 1024
    /// The most attachments an item may have.
    public static let maximumPerItem = 20
    /// The longest file name kept (characters, the extension included).
    public static let maximumNameLength = 120
    public static let field = InputField("file", "附件")

    /// A file name made safe to store and to offer for download: the last path component only (a browser may send
    /// `C:\Users\…\通知.pdf`), Unicode NFC, control characters and `\ / : * ? " < > | ;` removed, whitespace runs
    /// made one space, leading dots and spaces removed (no hidden file), the base shortened so that the whole is at
    /// most `maximumNameLength` characters; the extension lower-cased. A name left empty becomes "附件.<ext>".
    public static func sanitizedName(_ raw: String, kind: Kind) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let nfc = last.precomposedStringWithCanonicalMapping
        let banned = Set("/\\:*?\"<>|;")
        var cleaned = ""
        var lastWasSpace = false
        for ch in nfc {
            if ch.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) || banned.contains(ch) { continue }
            if ch.isWhitespace {
                if !lastWasSpace && !cleaned.isEmpty { cleaned.append(" ") }
                lastWasSpace = true
            } else { cleaned.append(ch); lastWasSpace = false }
        }
        var base = cleaned
        var ext = ""
        if let dot = cleaned.lastIndex(of: "."), Kind(extension: String(cleaned[cleaned.index(after: dot)...])) != nil {
            base = String(cleaned[..<dot]); ext = String(cleaned[cleaned.index(after: dot)...]).lowercased()
        }
        if ext.isEmpty { ext = kind == .jpeg ? "jpg" : kind.rawValue }
        base = String(base.drop { $0 == "." || $0 == " " })
        while base.last == " " || base.last == "." { base.removeLast() }
        if base.isEmpty { base = "附件" }
        let room = maximumNameLength - ext.count - 1
        if base.count > room { base = String(base.prefix(room)) }
        return base + "." + ext
    }

    /// Checks an uploaded file: not empty, at most `maximumBytes`, an accepted extension, and content of that kind.
    /// - Returns: the kind and the sanitised name.
    /// - Throws: `InputError` (field `file`, 附件) saying which rule failed (and the accepted kinds, the limit in MB).
    public static func check(name: String, data: Data) throws -> (kind: Kind, fileName: String) {
        guard !data.isEmpty else { throw InputError(field, "为空文件（0字节），请选择要上传的文件") }
        guard data.count <= maximumBytes else {
            throw InputError(field, "“\(name)”超过 \(maximumBytes / 1024 / 1024) MB（\(String(format: "%.1f", Double(data.count) / 1024 / 1024)) MB），请压缩或拆分后上传")
        }
        let ext = (name as NSString).pathExtension
        guard let kind = Kind(extension: ext) else {
            throw InputError(field, "“\(name)”的类型不受支持：只能上传 PDF、DOCX、XLSX、PNG 或 JPG 文件")
        }
        guard kind.matches(data) else {
            throw InputError(field, "“\(name)”的内容不是 \(ext.uppercased()) 文件（文件可能已损坏或扩展名被改动）")
        }
        return (kind, sanitizedName(name, kind: kind))
    }
}
