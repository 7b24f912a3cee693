import DisclosureRules
import Foundation

/// Letters (答复书, 告知书, 意见书, 收费通知书) as Word documents, in the official document style of the report export:
/// title 方正小标宋简体 二号, body 仿宋_GB2312 三号 with a two-character first-line indent, the seal line and the date
/// right-aligned. The addressee line ("某*：") is not indented.
public enum LetterExporter {
    /// The letter as a DOCX package.
    /// - Throws: `ExportError` when the package cannot be assembled.
    public static func docx(_ letter: Letter) throws -> Data {
        try ZIPWriter.package([
            ("[Content_Types].xml", DOCXWriter.contentTypes),
            ("_rels/.rels", DOCXWriter.packageRels),
            ("word/document.xml", document(letter)),
            ("word/styles.xml", DOCXWriter.styles),
            ("word/fontTable.xml", DOCXWriter.fontTable),
            ("word/_rels/document.xml.rels", DOCXWriter.documentRels),
            ("docProps/core.xml", DOCXWriter.core(title: letter.title, creator: letter.agency)),
        ])
    }

    static func document(_ l: Letter) -> String {
        var body = DOCXWriter.paragraph(l.title, style: "Title")
        for (i, p) in l.paragraphs.enumerated() {
            // The first paragraph is the addressee ("某*："), flush left.
            body += DOCXWriter.paragraph(p, style: i == 0 && p.hasSuffix("：") ? "Normal" : "BodyText")
        }
        body += DOCXWriter.paragraph("", style: "Normal") + DOCXWriter.paragraph(l.seal, style: "Signature")
        body += DOCXWriter.paragraph(l.date, style: "Signature")
        body += "<w:sectPr><w:pgSz w:w=\"\(DOCXWriter.pageWidth)\" w:h=\"\(DOCXWriter.pageHeight)\"/>"
        body += "<w:pgMar w:top=\"\(DOCXWriter.marginTopBottom)\" w:right=\"\(DOCXWriter.marginLeftRight)\" w:bottom=\"\(DOCXWriter.marginTopBottom)\" "
        body += "w:left=\"\(DOCXWriter.marginLeftRight)\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr>"
        return ZIPWriter.xmlHeader + "<w:document xmlns:w=\"\(DOCXWriter.wNS)\" xmlns:r=\"\(DOCXWriter.rNS)\"><w:body>\(body)</w:body></w:document>"
    }

    /// The letter as PDF, converted from its DOCX by LibreOffice headless (`soffice`, Debian's libreoffice-writer).
    /// - Throws: `LetterConversionError.missingTool` when soffice is not installed, `.failed` with its message
    ///   when the conversion fails.
    public static func pdf(_ letter: Letter) throws -> Data {
        try pdf(docx: try docx(letter))
    }

    /// A stored letter's DOCX converted to PDF (see `pdf(_:)`).
    /// - Throws: `LetterConversionError`.
    public static func pdf(docx: Data) throws -> Data {
        guard let soffice = findExecutable("soffice") ?? findExecutable("libreoffice") else {
            throw LetterConversionError.missingTool("soffice（Debian 软件包 libreoffice-writer）")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-letter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("letter.docx")
        try docx.write(to: input)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: soffice)
        // A profile of its own: a second LibreOffice (or a user's) running at the same time does not block it.
        p.arguments = ["-env:UserInstallation=file://\(dir.path)/profile", "--headless", "--convert-to", "pdf", "--outdir", dir.path, input.path]
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let output = dir.appendingPathComponent("letter.pdf")
        guard p.terminationStatus == 0, let pdf = try? Data(contentsOf: output), !pdf.isEmpty else {
            throw LetterConversionError.failed(String(decoding: message.prefix(2000), as: UTF8.self))
        }
        return pdf
    }

    static func findExecutable(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }
}

/// Why a letter could not be converted to PDF.
public enum LetterConversionError: Error, CustomStringConvertible {
    case missingTool(String)
    case failed(String)
    public var description: String {
        switch self {
        case .missingTool(let t): "无法生成 PDF：没有安装 \(t)"
        case .failed(let m): "LibreOffice 转换 PDF 失败：\(m.isEmpty ? "没有输出文件" : m)"
        }
    }
}
