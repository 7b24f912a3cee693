import DisclosureRules
import Foundation

/// The report as an Excel workbook (SpreadsheetML), see `ReportExporter.xlsx`.
///
/// Three sheets, 表二, 表三 and 表四, each opening with its section heading and text and holding the table with the
/// template's merged cells. The workbook reads in the order of the printed report: 表二's sheet starts with the
/// title and 一、总体情况, 表四's sheet ends with 五、六 and the signature — so that every part of the report is in
/// the file, and a reader that goes through the sheets in order meets the sections in order.
enum XLSXWriter {
    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// Cell styles (indices into `cellXfs` of `styles`).
    enum Style: Int {
        case plain = 0, title, heading, paragraph, header, rowLabel, value, blockHeader, signature
    }

    static func package(_ c: ExportContext) throws -> Data {
        let sheets = [("表二", sheet2(c)), ("表三", sheet3(c)), ("表四", sheet4(c))]
        var parts: [(path: String, text: String)] = [
            ("[Content_Types].xml", contentTypes(sheetCount: sheets.count)),
            ("_rels/.rels", packageRels),
            ("xl/workbook.xml", workbook(sheets.map(\.0))),
            ("xl/_rels/workbook.xml.rels", workbookRels(sheetCount: sheets.count)),
            ("xl/styles.xml", styles),
        ]
        for (i, s) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(i + 1).xml", s.1.xml)) }
        parts.append(("docProps/core.xml", DOCXWriter.core(c)))
        return try ZIPWriter.package(parts)
    }

    // MARK: Package parts

    static func contentTypes(sheetCount: Int) -> String {
        var s = ZIPWriter.xmlHeader + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        s += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        s += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        s += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        for i in 1...sheetCount {
            s += "<Override PartName=\"/xl/worksheets/sheet\(i).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        s += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        s += "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        return s + "</Types>"
    }

    static let packageRels = ZIPWriter.xmlHeader + """
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
    <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
    </Relationships>
    """

    static func workbook(_ names: [String]) -> String {
        var s = ZIPWriter.xmlHeader + "<workbook xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\"><bookViews><workbookView/></bookViews><sheets>"
        for (i, n) in names.enumerated() { s += "<sheet name=\"\(xmlEscaped(n))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>" }
        return s + "</sheets></workbook>"
    }

    static func workbookRels(sheetCount: Int) -> String {
        var s = ZIPWriter.xmlHeader + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for i in 1...sheetCount {
            s += "<Relationship Id=\"rId\(i)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(i).xml\"/>"
        }
        s += "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        return s + "</Relationships>"
    }

    /// Fonts: 仿宋_GB2312 11 pt (body and tables), 方正小标宋简体 18 pt (title), 黑体 12 pt (headings); thin borders
    /// around table cells; labels wrap.
    static let styles = ZIPWriter.xmlHeader + """
    <styleSheet xmlns="\(mainNS)">\
    <fonts count="3">\
    <font><sz val="11"/><name val="仿宋_GB2312"/><family val="3"/><charset val="134"/></font>\
    <font><sz val="18"/><name val="方正小标宋简体"/><family val="3"/><charset val="134"/></font>\
    <font><sz val="12"/><name val="黑体"/><family val="3"/><charset val="134"/></font>\
    </fonts>\
    <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
    <borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
    <border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>\
    <top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>\
    <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
    <cellXfs count="9">\
    <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
    <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
    <xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="center"/></xf>\
    <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="left" vertical="top" wrapText="1"/></xf>\
    <xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
    <xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="left" vertical="center" wrapText="1"/></xf>\
    <xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
    <xf numFmtId="0" fontId="2" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>\
    <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="right" vertical="center"/></xf>\
    </cellXfs>\
    <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
    </styleSheet>
    """

    // MARK: Sheets

    /// One worksheet being built: rows of cells (in column order), row heights and merged ranges.
    struct Sheet {
        let widths: [Double]
        private(set) var rows: [[Int: String]] = []
        private var heights: [Int: Double] = [:]
        private var merges: [String] = []
        var width: Int { widths.count }

        init(widths: [Double]) { self.widths = widths }

        static func column(_ c: Int) -> String {
            var n = c + 1, s = ""
            while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(UInt8(65 + r))) + s; n = (n - 1) / 26 }
            return s
        }
        static func ref(_ row: Int, _ col: Int) -> String { "\(column(col))\(row + 1)" }

        /// Starts a new row; returns its 0-based index.
        @discardableResult
        mutating func newRow(height: Double? = nil) -> Int {
            rows.append([:])
            if let height { heights[rows.count - 1] = height }
            return rows.count - 1
        }

        mutating func put(_ row: Int, _ col: Int, _ value: CellValue, _ style: Style) {
            let r = Sheet.ref(row, col)
            let xml: String
            switch value {
            case .number(let d): xml = "<c r=\"\(r)\" s=\"\(style.rawValue)\"><v>\(d.description)</v></c>"
            case .blank: xml = "<c r=\"\(r)\" s=\"\(style.rawValue)\"/>"
            case .text(let t): xml = "<c r=\"\(r)\" s=\"\(style.rawValue)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(xmlEscaped(t))</t></is></c>"
            case .unreadable: xml = "<c r=\"\(r)\" s=\"\(style.rawValue)\" t=\"inlineStr\"><is><t>（无法读取）</t></is></c>"
            }
            rows[row][col] = xml
        }

        mutating func merge(_ r0: Int, _ c0: Int, _ r1: Int, _ c1: Int) {
            merges.append("\(Sheet.ref(r0, c0)):\(Sheet.ref(r1, c1))")
        }

        /// A line of text on its own row: across the sheet's width (merged, wrapped, the row made tall enough)
        /// or, for headings, in the first cell.
        mutating func line(_ text: String, _ style: Style, across: Bool) {
            guard across, width > 1 else {
                let r = newRow()
                put(r, 0, .text(text), style)
                return
            }
            // Column width is in characters of the default font; a CJK character takes about two.
            let lines = Sheet.lineCount(text, width: widths.reduce(0, +))
            let r = newRow(height: style == .title ? Double(lines) * 26 + 8 : Double(lines) * 15.5 + 3)
            put(r, 0, .text(text), style)
            for c in 1..<width { put(r, c, .blank, style) }
            merge(r, 0, r, width - 1)
        }

        /// Lines a text takes in a cell `width` characters wide (a CJK character takes about two).
        static func lineCount(_ text: String, width: Double) -> Int {
            max(1, Int((SVGCharts.ems(text) * 2.1 / max(width - 1, 1)).rounded(.up)))
        }

        /// Places a template table from the next row on: every grid position gets a cell (covered positions an
        /// empty one with the merged cell's borders), merged cells a `<mergeCell>`; each row is made tall enough
        /// for its wrapped labels (spreadsheet programs do not grow rows on opening a file).
        mutating func table(_ t: TemplateTable) {
            let first = rows.count
            for row in 0..<t.rowCount {
                var lines = 1
                for cell in t.cells(inRow: row) where cell.rowSpan == 1 {
                    let text: String
                    switch cell.content { case .label(let l): text = l; case .value(let v): text = printed(v) }
                    lines = max(lines, Sheet.lineCount(text, width: widths[cell.col..<min(cell.col + cell.colSpan, width)].reduce(0, +)))
                }
                newRow(height: Double(lines) * 14.5 + 3)
            }
            for cell in t.cells {
                let style: Style
                switch cell.role {
                case .blockHeader: style = .blockHeader
                case .header: style = .header
                case .rowLabel: style = .rowLabel
                case .value: style = .value
                }
                let value: CellValue
                switch cell.content { case .label(let l): value = .text(l); case .value(let v): value = v }
                let r = first + cell.row
                put(r, cell.col, value, style)
                for rr in r..<(r + cell.rowSpan) {
                    for cc in cell.col..<(cell.col + cell.colSpan) where !(rr == r && cc == cell.col) { put(rr, cc, .blank, style) }
                }
                if cell.rowSpan > 1 || cell.colSpan > 1 { merge(r, cell.col, r + cell.rowSpan - 1, cell.col + cell.colSpan - 1) }
            }
        }

        var xml: String {
            var s = ZIPWriter.xmlHeader + "<worksheet xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\">"
            s += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"
            s += "<dimension ref=\"A1:\(Sheet.ref(max(rows.count - 1, 0), width - 1))\"/>"
            s += "<sheetViews><sheetView workbookViewId=\"0\"/></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/><cols>"
            for (i, w) in widths.enumerated() { s += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(w)\" customWidth=\"1\"/>" }
            s += "</cols><sheetData>"
            for (i, row) in rows.enumerated() {
                var attrs = "r=\"\(i + 1)\""
                if let h = heights[i] { attrs += " ht=\"\(SVGCharts.fmt(h))\" customHeight=\"1\"" }
                s += "<row \(attrs)>" + row.keys.sorted().map { row[$0]! }.joined() + "</row>"
            }
            s += "</sheetData>"
            if !merges.isEmpty {
                s += "<mergeCells count=\"\(merges.count)\">" + merges.map { "<mergeCell ref=\"\($0)\"/>" }.joined() + "</mergeCells>"
            }
            // Margins in inches: 3.17 cm left and right, 2.54 cm top and bottom; A4 (paperSize 9), one page wide.
            s += "<pageMargins left=\"1.25\" right=\"1.25\" top=\"1\" bottom=\"1\" header=\"0.5\" footer=\"0.5\"/>"
            s += "<pageSetup paperSize=\"9\" orientation=\"portrait\" fitToWidth=\"1\" fitToHeight=\"0\"/>"
            return s + "</worksheet>"
        }
    }

    static func section(_ sheet: inout Sheet, _ c: ExportContext, _ k: Int) {
        sheet.line(ReportFormat.sectionHeadings[k - 1], .heading, across: false)
        for p in paragraphs(c.report.section(k)?.text ?? "") { sheet.line(p, .paragraph, across: true) }
    }

    static func sheet2(_ c: ExportContext) -> Sheet {
        var s = Sheet(widths: [26, 17, 17, 17])
        s.line(c.title, .title, across: true)
        section(&s, c, 1)
        section(&s, c, 2)
        s.table(TemplateTable.table2(c.report))
        return s
    }

    static func sheet3(_ c: ExportContext) -> Sheet {
        var s = Sheet(widths: [6, 10, 36] + Array(repeating: 9, count: 7))
        section(&s, c, 3)
        s.table(TemplateTable.table3(c.report))
        return s
    }

    static func sheet4(_ c: ExportContext) -> Sheet {
        var s = Sheet(widths: Array(repeating: 7.5, count: 15))
        section(&s, c, 4)
        s.table(TemplateTable.table4(c.report))
        s.newRow()
        section(&s, c, 5)
        section(&s, c, 6)
        if c.report.agency != nil || c.report.date != nil { s.newRow() }
        // The signature at the right margin (right-aligned in the last column, overflowing to the left).
        if let a = c.report.agency, !a.isEmpty { let r = s.newRow(); s.put(r, s.width - 1, .text(a), .signature) }
        if let d = c.report.date { let r = s.newRow(); s.put(r, s.width - 1, .text(d.chinese), .signature) }
        return s
    }
}
