import DisclosureExport
import DisclosureReaders
import DisclosureRules
import Foundation
import Testing

/// The DOCX export opened by a real word processor: LibreOffice converts it to PDF, and every official label is
/// found in the PDF's text, cell by cell. Skipped, with the reason, where LibreOffice, pdftotext or a Chinese font
/// is not installed (Debian: libreoffice-writer, poppler-utils, fonts-noto-cjk).
@Suite("DOCX rendered by LibreOffice")
struct LibreOfficeTests {
    static let soffice = Fixtures.tool("soffice") ?? Fixtures.tool("libreoffice")
    static let pdftotext = Fixtures.tool("pdftotext")
    static let chineseFont: Bool = {
        guard let fc = Fixtures.tool("fc-list"), let (status, out) = try? Fixtures.run(fc, [":lang=zh"]) else { return false }
        return status == 0 && !out.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }()
    static let available = soffice != nil && pdftotext != nil && chineseFont

    /// A word of `pdftotext -bbox-layout` with its box (points, origin top left).
    struct Word { var page: Int; var x0, y0, x1, y1: Double; var text: String }

    static func words(bboxHTML: String) -> [Word] {
        let pattern = #"<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>"#
        let regex = try! NSRegularExpression(pattern: pattern)
        var out: [Word] = []
        for (page, chunk) in bboxHTML.components(separatedBy: "<page ").enumerated() {
            let ns = chunk as NSString
            for m in regex.matches(in: chunk, range: NSRange(location: 0, length: ns.length)) {
                func d(_ i: Int) -> Double { Double(ns.substring(with: m.range(at: i))) ?? 0 }
                let text = ns.substring(with: m.range(at: 5)).replacingOccurrences(of: "&lt;", with: "<")
                    .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
                    .replacingOccurrences(of: "&amp;", with: "&")
                out.append(Word(page: page, x0: d(1), y0: d(2), x1: d(3), y1: d(4), text: text))
            }
        }
        return out
    }

    /// Whether `label` is printed in one place: on one line, or wrapped inside its cell (each next line starts
    /// under the previous one, left-aligned or centred, right below it).
    static func printed(_ label: String, in words: [Word]) -> Bool {
        let target = label.filter { !$0.isWhitespace }
        for start in words where !start.text.isEmpty && target.hasPrefix(start.text) {
            var got = start.text
            var cur = start, lineStart = start
            while got.count < target.count {
                let rest = target.dropFirst(got.count)
                if let next = words.first(where: { $0.page == cur.page && abs($0.y0 - cur.y0) < 1 && $0.x0 >= cur.x1 - 0.5
                        && $0.x0 - cur.x1 < 15 && !$0.text.isEmpty && rest.hasPrefix($0.text) }) {
                    got += next.text; cur = next; continue
                }
                let height = cur.y1 - cur.y0
                let below = words.filter { w in
                    w.page == cur.page && w.y0 > cur.y0 + 1 && w.y0 - cur.y1 < height * 1.2 && !w.text.isEmpty && rest.hasPrefix(w.text)
                        && (abs(w.x0 - lineStart.x0) < 2 || abs((w.x0 + w.x1) / 2 - (lineStart.x0 + lineStart.x1) / 2) < 2)
                }
                guard let next = below.min(by: { $0.y0 < $1.y0 }) else { break }
                got += next.text; cur = next; lineStart = next
            }
            if got == target { return true }
        }
        return false
    }

    @Test("LibreOffice opens the DOCX: A4 PDF, every official label printed, tables read back",
          .enabled(if: available, "LibreOffice (Debian: libreoffice-writer), pdftotext (poppler-utils) or a Chinese font (fonts-noto-cjk) is not installed: the DOCX is not rendered"),
          .timeLimit(.minutes(2)),
          arguments: [ReportFormat.f2019, .f2021])
    func render(format: ReportFormat) throws {
        let dir = try Fixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = Fixtures.report(format)
        let docx = dir.appendingPathComponent("report.docx")
        try ReportExporter.write(ExportContext(report: report), to: docx)
        let (status, _) = try Fixtures.run(LibreOfficeTests.soffice!, [
            "-env:UserInstallation=file://\(dir.path)/profile", "--headless", "--convert-to", "pdf", "--outdir", dir.path, docx.path,
        ])
        let pdf = dir.appendingPathComponent("report.pdf")
        #expect(status == 0)
        try #require(FileManager.default.fileExists(atPath: pdf.path), "LibreOffice did not convert the DOCX")

        if let pdfinfo = Fixtures.tool("pdfinfo") {
            let (_, info) = try Fixtures.run(pdfinfo, [pdf.path])
            #expect(info.contains("(A4)"), "page size: \(info)")
        }
        let (_, layout) = try Fixtures.run(LibreOfficeTests.pdftotext!, ["-layout", pdf.path, "-"])
        for h in ReportFormat.sectionHeadings { #expect(layout.contains(h), "heading \(h) not in the PDF text") }
        // (LibreOffice sets a space between Latin digits and Chinese: "2021 年".)
        #expect(layout.filter { !$0.isWhitespace }.contains("\(report.year!)年政府信息公开工作年度报告"))

        let bbox = dir.appendingPathComponent("words.html")
        try Fixtures.run(LibreOfficeTests.pdftotext!, ["-bbox-layout", pdf.path, bbox.path])
        let words = LibreOfficeTests.words(bboxHTML: try String(contentsOf: bbox, encoding: .utf8))
        let missing = officialLabels(format).filter { !LibreOfficeTests.printed($0, in: words) }
        #expect(missing.isEmpty, "labels not found in the PDF: \(missing)")

        // The PDF, as an agency would publish it, audits to the same cells (gongkai audit reads PDFs via pdftotext).
        let back = try ReportReader.read(url: pdf)
        let diff = Fixtures.differences(Fixtures.cells(report), Fixtures.cells(back))
        #expect(diff.isEmpty, "cells read from the PDF differ:\n\(diff.joined(separator: "\n"))")
        #expect(back.year == report.year && back.agency == report.agency && back.date == report.date)
    }
}

/// Letters opened by LibreOffice: each kind's DOCX converts to PDF, and the PDF's text has the applicant's masked
/// name, the decision and the time limits for reconsideration and litigation. Skipped where LibreOffice, pdftotext
/// or a Chinese font is missing (as the report's test).
@Suite("Letters rendered by LibreOffice")
struct LetterPDFTests {
    @Test(arguments: LetterKind.allCases)
    func eachKindConvertsToPDF(_ kind: LetterKind) throws {
        guard LibreOfficeTests.available, let pdftotext = LibreOfficeTests.pdftotext else { return }
        let cal = WorkingDayCalendar.bundled
        var f = LetterFacts(agency: "某市某局", queryCode: "GK7Q2M", applicant: Privacy.maskName("张三丰", kind: .naturalPerson),
                            received: CalendarDate(iso: "2024-09-27")!, request: "2023年度某项目审批文件", issued: CalendarDate(iso: "2024-10-28")!)
        f.due = try cal.addingWorkingDays(20, to: f.received)
        f.extendedDue = try cal.addingWorkingDays(20, to: f.due!)
        f.outcome = .refused4
        f.reasons = "该信息涉及第三方的商业秘密，第三方不同意公开且理由合理。"
        f.correctionItems = "请写明所需信息的名称。"; f.correctionBy = CalendarDate(iso: "2024-11-15")!
        f.thirdParty = "某某有限公司"; f.opinionBy = try cal.addingWorkingDays(15, to: f.issued)
        f.fee = 100; f.payBy = try cal.addingWorkingDays(20, to: f.issued)
        let letter = try Letter(template: .standard(kind), facts: f)
        let pdf = try LetterExporter.pdf(letter)
        #expect(pdf.starts(with: Array("%PDF".utf8)))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("letter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try pdf.write(to: dir.appendingPathComponent("l.pdf"))
        let (status, text) = try Fixtures.run(pdftotext, ["-enc", "UTF-8", dir.appendingPathComponent("l.pdf").path, "-"])
        #expect(status == 0)
        let flat = text.filter { !$0.isWhitespace }
        #expect(flat.contains(kind.title) && flat.contains("某市某局（盖章）") && flat.contains("2024年10月28日"))
        #expect(!flat.contains("张三丰"))
        if kind == .consultation { #expect(flat.contains("某某有限公司")) } else { #expect(flat.contains("张**")) }
        if kind == .decision {
            #expect(flat.contains(Outcome.refused4.decisionText.filter { !$0.isWhitespace }))
            #expect(flat.contains("六十日内依法申请行政复议") && flat.contains("六个月内依法向人民法院提起行政诉讼"))
        }
        if kind == .extensionNotice { #expect(flat.contains("2024年11月27日")) }
    }
}
