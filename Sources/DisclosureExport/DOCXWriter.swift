import DisclosureRules
import Foundation

/// The report as a Word document (WordprocessingML), see `ReportExporter.docx`.
enum DOCXWriter {
    /// A4 in twips, and the usual official margins: 2.54 cm top and bottom, 3.17 cm left and right.
    static let pageWidth = 11906, pageHeight = 16838
    static let marginTopBottom = 1440, marginLeftRight = 1797
    static var textWidth: Int { pageWidth - 2 * marginLeftRight }

    static let wNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let rNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func package(_ c: ExportContext) throws -> Data {
        try ZIPWriter.package([
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", packageRels),
            ("word/document.xml", document(c)),
            ("word/styles.xml", styles),
            ("word/fontTable.xml", fontTable),
            ("word/_rels/document.xml.rels", documentRels),
            ("docProps/core.xml", core(c)),
        ])
    }

    // MARK: Package parts

    static let contentTypes = ZIPWriter.xmlHeader + """
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
    <Default Extension="xml" ContentType="application/xml"/>\
    <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
    <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
    <Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>\
    <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
    </Types>
    """

    static let packageRels = ZIPWriter.xmlHeader + """
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
    </Relationships>
    """

    static let documentRels = ZIPWriter.xmlHeader + """
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>\
    </Relationships>
    """

    static func core(_ c: ExportContext) -> String { core(title: c.title, creator: c.report.agency) }

    /// `docProps/core.xml`: title, creator (the agency) when known, language zh-CN.
    static func core(title: String, creator: String?) -> String {
        var s = ZIPWriter.xmlHeader
        s += "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
        s += "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
        s += "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
        s += "<dc:title>\(xmlEscaped(title))</dc:title>"
        if let a = creator, !a.isEmpty { s += "<dc:creator>\(xmlEscaped(a))</dc:creator>" }
        s += "<dc:language>zh-CN</dc:language>"
        s += "</cp:coreProperties>"
        return s
    }

    /// Fonts with the names Word and WPS look for (eastAsia) and what to use where they are missing.
    static let fontTable = ZIPWriter.xmlHeader + """
    <w:fonts xmlns:w="\(wNS)">\
    <w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>\
    <w:font w:name="黑体"><w:altName w:val="SimHei"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>\
    <w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/><w:charset w:val="86"/><w:family w:val="script"/><w:pitch w:val="variable"/></w:font>\
    <w:font w:name="宋体"><w:altName w:val="SimSun"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>\
    <w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>\
    </w:fonts>
    """

    static func fonts(eastAsia: String, ascii: String) -> String {
        "<w:rFonts w:ascii=\"\(ascii)\" w:hAnsi=\"\(ascii)\" w:eastAsia=\"\(eastAsia)\" w:cs=\"\(ascii)\" w:hint=\"eastAsia\"/>"
    }

    /// Body 仿宋_GB2312 三号 (16 pt) at a fixed 28 pt line, headings 黑体 三号, title 方正小标宋简体 二号 (22 pt),
    /// tables 五号 (10.5 pt).
    static let styles = ZIPWriter.xmlHeader + """
    <w:styles xmlns:w="\(wNS)">\
    <w:docDefaults><w:rPrDefault><w:rPr>\(fonts(eastAsia: "仿宋_GB2312", ascii: "Times New Roman"))\
    <w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>\
    <w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:spacing w:line="560" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>\
    <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
    <w:style w:type="paragraph" w:styleId="BodyText"><w:name w:val="Body Text"/><w:basedOn w:val="Normal"/><w:qFormat/>\
    <w:pPr><w:ind w:firstLine="640"/></w:pPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:qFormat/>\
    <w:pPr><w:spacing w:before="0" w:after="400" w:line="700" w:lineRule="exact"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr>\
    <w:rPr>\(fonts(eastAsia: "方正小标宋简体", ascii: "Times New Roman"))<w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="BodyText"/><w:qFormat/>\
    <w:pPr><w:keepNext/><w:ind w:firstLine="640"/><w:outlineLvl w:val="1"/></w:pPr>\
    <w:rPr>\(fonts(eastAsia: "黑体", ascii: "Times New Roman"))<w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:qFormat/>\
    <w:pPr><w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="center"/></w:pPr>\
    <w:rPr><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Signature"><w:name w:val="Signature"/><w:basedOn w:val="Normal"/><w:qFormat/>\
    <w:pPr><w:jc w:val="right"/></w:pPr></w:style>\
    <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>\
    <w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>\
    <w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>\
    </w:styles>
    """

    // MARK: The document

    static func paragraph(_ text: String, style: String, jc: String? = nil, keepNext: Bool = false) -> String {
        var ppr = "<w:pStyle w:val=\"\(style)\"/>"
        if keepNext { ppr += "<w:keepNext/>" }
        if let jc { ppr += "<w:jc w:val=\"\(jc)\"/>" }
        let run = text.isEmpty ? "" : "<w:r><w:t xml:space=\"preserve\">\(xmlEscaped(text))</w:t></w:r>"
        return "<w:p><w:pPr>\(ppr)</w:pPr>\(run)</w:p>"
    }

    static func document(_ c: ExportContext) -> String {
        let r = c.report
        // The title: the agency, a line break, "<year>年政府信息公开工作年度报告".
        let titleRuns = c.titleLines.map { "<w:r><w:t xml:space=\"preserve\">\(xmlEscaped($0))</w:t></w:r>" }.joined(separator: "<w:r><w:br/></w:r>")
        var body = "<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>\(titleRuns)</w:p>"
        for k in 1...6 {
            body += paragraph(ReportFormat.sectionHeadings[k - 1], style: "Heading1")
            for p in paragraphs(r.section(k)?.text ?? "") { body += paragraph(p, style: "BodyText") }
            switch k {
            case 2: body += table(TemplateTable.table2(r), headerRows: 0) + paragraph("", style: "Normal")
            case 3: body += table(TemplateTable.table3(r), headerRows: 3) + paragraph("", style: "Normal")
            case 4: body += table(TemplateTable.table4(r), headerRows: 3) + paragraph("", style: "Normal")
            default: break
            }
        }
        if let a = r.agency, !a.isEmpty { body += paragraph("", style: "Normal") + paragraph(a, style: "Signature") }
        if let d = r.date { body += paragraph(d.chinese, style: "Signature") }
        body += "<w:sectPr><w:pgSz w:w=\"\(pageWidth)\" w:h=\"\(pageHeight)\"/>"
        body += "<w:pgMar w:top=\"\(marginTopBottom)\" w:right=\"\(marginLeftRight)\" w:bottom=\"\(marginTopBottom)\" "
        body += "w:left=\"\(marginLeftRight)\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr>"
        return ZIPWriter.xmlHeader + "<w:document xmlns:w=\"\(wNS)\" xmlns:r=\"\(rNS)\"><w:body>\(body)</w:body></w:document>"
    }

    /// Column widths in twips summing to the text width.
    static func gridWidths(_ t: TemplateTable) -> [Int] {
        var w = t.widths.map { Int(($0 * Double(textWidth)).rounded(.down)) }
        if let last = w.indices.last { w[last] += textWidth - w.reduce(0, +) }
        return w
    }

    /// A template table: merged cells as `w:gridSpan` (across) and `w:vMerge` restart/continue (down); header
    /// rows repeat on each page; rows do not split across pages.
    static func table(_ t: TemplateTable, headerRows: Int) -> String {
        let widths = gridWidths(t)
        let border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\""
        var s = "<w:tbl><w:tblPr><w:tblW w:w=\"\(textWidth)\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>"
        s += "<w:tblBorders><w:top \(border)/><w:left \(border)/><w:bottom \(border)/><w:right \(border)/>"
        s += "<w:insideH \(border)/><w:insideV \(border)/></w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
        s += "<w:tblCellMar><w:left w:w=\"40\" w:type=\"dxa\"/><w:right w:w=\"40\" w:type=\"dxa\"/></w:tblCellMar>"
        s += "<w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"0\"/></w:tblPr>"
        s += "<w:tblGrid>" + widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        for row in 0..<t.rowCount {
            s += "<w:tr><w:trPr><w:cantSplit/>" + (row < headerRows ? "<w:tblHeader/>" : "") + "</w:trPr>"
            let starting = t.cells(inRow: row)
            var col = 0
            while col < t.columns {
                if let cell = starting.first(where: { $0.col == col }) {
                    s += tc(cell, widths: widths, continuing: false)
                    col += cell.colSpan
                } else if let above = t.coveringFromAbove(row: row, col: col) {
                    s += tc(above, widths: widths, continuing: true)
                    col += above.colSpan
                } else {
                    // Not reached with the template tables (every grid position is covered); keeps the row full.
                    s += "<w:tc><w:tcPr><w:tcW w:w=\"\(widths[col])\" w:type=\"dxa\"/></w:tcPr><w:p/></w:tc>"
                    col += 1
                }
            }
            s += "</w:tr>"
        }
        s += "</w:tbl>"
        return s
    }

    static func tc(_ cell: TemplateTable.Cell, widths: [Int], continuing: Bool) -> String {
        let w = widths[cell.col..<min(cell.col + cell.colSpan, widths.count)].reduce(0, +)
        var pr = "<w:tcW w:w=\"\(w)\" w:type=\"dxa\"/>"
        if cell.colSpan > 1 { pr += "<w:gridSpan w:val=\"\(cell.colSpan)\"/>" }
        if cell.rowSpan > 1 { pr += continuing ? "<w:vMerge/>" : "<w:vMerge w:val=\"restart\"/>" }
        pr += "<w:vAlign w:val=\"center\"/>"
        if continuing { return "<w:tc><w:tcPr>\(pr)</w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p></w:tc>" }
        let text: String
        var jc = "center"
        var fonts = ""
        switch cell.content {
        case .label(let l):
            text = l
            if cell.role == .rowLabel { jc = "left" }
            if cell.role == .blockHeader { fonts = "<w:rPr>\(DOCXWriter.fonts(eastAsia: "黑体", ascii: "Times New Roman"))</w:rPr>" }
        case .value(let v): text = printed(v)
        }
        let run = text.isEmpty ? "" : "<w:r>\(fonts)<w:t xml:space=\"preserve\">\(xmlEscaped(text))</w:t></w:r>"
        return "<w:tc><w:tcPr>\(pr)</w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/><w:jc w:val=\"\(jc)\"/></w:pPr>\(run)</w:p></w:tc>"
    }
}
