import DisclosureRules
import Foundation

/// Files of the oversight dashboard's tables: CSV (`TableCSV.file`: UTF-8 with BOM, CRLF) and a one-sheet XLSX
/// (the report export's SpreadsheetML writer), in the official layout for tables 三 and 四.
public enum DashboardFiles {
    /// A plain table as CSV: the records as given (the first usually the header).
    public static func csv(_ records: [[String]]) -> Data { TableCSV.file(records) }

    /// Table 三 of `report` as CSV in the template's layout (`ReportExporter`'s CSV of 表三: the official row labels,
    /// the group labels on rows of their own, the seven applicant columns).
    public static func table3CSV(_ report: AnnualReport) -> Data { TableCSV.file(TableCSV.table3(report)) }

    /// Table 四 of `report` as CSV in the template's layout (three header rows, the row of 15 counts).
    public static func table4CSV(_ report: AnnualReport) -> Data { TableCSV.file(TableCSV.table4(report)) }

    /// A plain table as a one-sheet workbook: the title across the sheet, then the header row and the rows (numbers
    /// as numbers, the first column as row labels).
    /// - Throws: when the package cannot be written (ZIP).
    public static func xlsx(title: String, sheetName: String, header: [String], rows: [[CellValue]]) throws -> Data {
        let widths = header.enumerated().map { i, h in i == 0 ? 30.0 : max(10, SVGCharts.ems(h) * 2.2 + 2) }
        var s = XLSXWriter.Sheet(widths: widths)
        s.line(title, .heading, across: false)
        let h = s.newRow(height: Double(header.map { XLSXWriter.Sheet.lineCount($0, width: 10) }.max() ?? 1) * 14.5 + 3)
        for (c, label) in header.enumerated() { s.put(h, c, .text(label), .header) }
        for row in rows {
            let r = s.newRow()
            for (c, v) in row.enumerated() { s.put(r, c, v, c == 0 ? .rowLabel : .value) }
        }
        return try XLSXWriter.package(sheets: [(sheetName, s)], title: title, creator: nil)
    }

    /// Table 三 of `report` as a one-sheet workbook in the template's layout (the report export's 表三 sheet without
    /// the narrative), under `title`.
    public static func table3XLSX(_ report: AnnualReport, title: String) throws -> Data {
        var s = XLSXWriter.Sheet(widths: [6, 10, 36] + Array(repeating: 9, count: 7))
        s.line(title, .heading, across: false)
        s.table(TemplateTable.table3(report))
        return try XLSXWriter.package(sheets: [("表三", s)], title: title, creator: report.agency)
    }

    /// Table 四 of `report` as a one-sheet workbook in the template's layout, under `title`.
    public static func table4XLSX(_ report: AnnualReport, title: String) throws -> Data {
        var s = XLSXWriter.Sheet(widths: Array(repeating: 7.5, count: 15))
        s.line(title, .heading, across: false)
        s.table(TemplateTable.table4(report))
        return try XLSXWriter.package(sheets: [("表四", s)], title: title, creator: report.agency)
    }
}

extension XLSXWriter {
    /// A workbook of the sheets given, with its core properties (title, creator).
    static func package(sheets: [(String, Sheet)], title: String, creator: String?) throws -> Data {
        var parts: [(path: String, text: String)] = [
            ("[Content_Types].xml", contentTypes(sheetCount: sheets.count)),
            ("_rels/.rels", packageRels),
            ("xl/workbook.xml", workbook(sheets.map(\.0))),
            ("xl/_rels/workbook.xml.rels", workbookRels(sheetCount: sheets.count)),
            ("xl/styles.xml", styles),
        ]
        for (i, s) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(i + 1).xml", s.1.xml)) }
        parts.append(("docProps/core.xml", DOCXWriter.core(title: title, creator: creator)))
        return try ZIPWriter.package(parts)
    }
}

/// The oversight dashboard's charts: inline SVG, no script, each with a `<title>` and a `<desc>` stating the figures
/// (the same figures are in the page's tables), drawn 420 units wide so that they stay legible on a phone.
public enum DashboardCharts {
    static let width = 420.0
    static let font = 13.0
    static let colors = (overdue: "#b4161b", soon: "#c98a00", open: "#0b5cad", onTime: "#1a7f37", late: "#b4161b", grey: "#8c959f", track: "#eef1f4")

    /// One agency's open applications on the dashboard's day.
    public struct Workload: Sendable {
        public var name: String
        public var open: Int, dueSoon: Int, overdue: Int
        public init(name: String, open: Int, dueSoon: Int, overdue: Int) { self.name = name; self.open = open; self.dueSoon = dueSoon; self.overdue = overdue }
    }

    /// One agency's answers of the year: on time out of those with a due date.
    public struct Timeliness: Sendable {
        public var name: String
        public var onTime: Int, counted: Int
        public init(name: String, onTime: Int, counted: Int) { self.name = name; self.onTime = onTime; self.counted = counted }
    }

    /// One agency's annual report against its deadline (条例第四十九条).
    public struct ReportTiming: Sendable {
        public var name: String
        public var deadline: CalendarDate
        public var published: CalendarDate?
        public init(name: String, deadline: CalendarDate, published: CalendarDate?) { self.name = name; self.deadline = deadline; self.published = published }
    }

    static func open(height: Double, title: String, desc: String, id: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(SVGCharts.fmt(width)) \(SVGCharts.fmt(height))\" "
            + "role=\"img\" aria-labelledby=\"\(id)-t \(id)-d\"><title id=\"\(id)-t\">\(xmlEscaped(title))</title>"
            + "<desc id=\"\(id)-d\">\(xmlEscaped(desc))</desc>"
            + "<rect x=\"0\" y=\"0\" width=\"\(SVGCharts.fmt(width))\" height=\"\(SVGCharts.fmt(height))\" fill=\"#fff\"></rect>"
            + SVGCharts.text(8, 20, title, size: 14, weight: "bold")
    }

    static func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ fill: String) -> String {
        "<rect x=\"\(SVGCharts.fmt(x))\" y=\"\(SVGCharts.fmt(y))\" width=\"\(SVGCharts.fmt(max(w, 0)))\" height=\"\(SVGCharts.fmt(h))\" fill=\"\(fill)\"></rect>"
    }

    static func legend(_ items: [(String, String)], y: Double) -> String {
        var x = 8.0, out = ""
        for (label, color) in items {
            out += rect(x, y - 10, 11, 11, color) + SVGCharts.text(x + 15, y, label, size: 12)
            x += 15 + SVGCharts.ems(label) * 12 + 14
        }
        return out
    }

    /// Stacked bars per agency: overdue, due soon, and the other open applications, with the total at the bar's end.
    public static func openApplications(_ rows: [Workload], asOf: String, id: String) -> String {
        let title = "各机关在办申请（截至\(asOf)）"
        let desc = rows.map { "\($0.name)：在办\($0.open)件，其中即将到期\($0.dueSoon)件、已逾期\($0.overdue)件" }.joined(separator: "；")
        let left = 8.0, valueRoom = 44.0, barMax = width - left * 2 - valueRoom
        let maxValue = Double(max(rows.map(\.open).max() ?? 0, 1))
        var body = legend([("已逾期", colors.overdue), ("即将到期", colors.soon), ("其他在办", colors.open)], y: 44)
        var y = 56.0
        for r in rows {
            for line in SVGCharts.wrap(r.name, maxEm: (width - left * 2) / font) { y += font + 3; body += SVGCharts.text(left, y, line) }
            y += 5
            body += rect(left, y, barMax, 14, colors.track)
            var x = left
            for (n, color) in [(r.overdue, colors.overdue), (r.dueSoon, colors.soon), (r.open - r.overdue - r.dueSoon, colors.open)] where n > 0 {
                let w = Double(n) / maxValue * barMax
                body += rect(x, y, w, 14, color)
                x += w
            }
            body += SVGCharts.text(left + barMax + 6, y + 12, "\(r.open)")
            y += 14 + 8
        }
        if rows.isEmpty { y += 20; body += SVGCharts.text(left, y, "（本地区没有机关）", fill: "#555") }
        return open(height: y + 8, title: title, desc: desc, id: id) + body + "</svg>"
    }

    /// The share answered on time per agency (0–100 %), with the count; "—" where nothing was answered with a due date.
    public static func onTimeShare(_ rows: [Timeliness], year: Int, id: String) -> String {
        let title = "\(year)年按期答复率"
        let desc = rows.map { r in r.counted == 0 ? "\(r.name)：无可计算的答复" : "\(r.name)：\(percent(r.onTime, r.counted))（\(r.onTime)/\(r.counted)件）" }
            .joined(separator: "；")
        let left = 8.0, valueRoom = 108.0, barMax = width - left * 2 - valueRoom
        var body = legend([("按期", colors.onTime), ("逾期", colors.late)], y: 44)
        var y = 56.0
        for r in rows {
            for line in SVGCharts.wrap(r.name, maxEm: (width - left * 2) / font) { y += font + 3; body += SVGCharts.text(left, y, line) }
            y += 5
            body += rect(left, y, barMax, 14, colors.track)
            if r.counted > 0 {
                let w = Double(r.onTime) / Double(r.counted) * barMax
                body += rect(left, y, w, 14, colors.onTime) + rect(left + w, y, barMax - w, 14, colors.late)
            }
            body += SVGCharts.text(left + barMax + 6, y + 12, r.counted == 0 ? "—" : "\(percent(r.onTime, r.counted)) \(r.onTime)/\(r.counted)", size: 12)
            y += 14 + 8
        }
        if rows.isEmpty { y += 20; body += SVGCharts.text(left, y, "（本地区没有机关）", fill: "#555") }
        return open(height: y + 8, title: title, desc: desc, id: id) + body + "</svg>"
    }

    /// The share in percent with one decimal ("92.3%"); "—" when `of` is 0.
    public static func percent(_ part: Int, _ of: Int) -> String {
        of == 0 ? "—" : String(format: "%.1f%%", Double(part) * 100 / Double(of))
    }

    /// Each agency's report on a time line of the following year: the deadline as a mark (1月31日 / 3月31日), the
    /// publication as a dot (green on time, red late), or — not yet published — a bar from 1月1日 to `today`, red past
    /// the deadline.
    public static func reportTimeline(_ rows: [ReportTiming], year: Int, today: CalendarDate, id: String) -> String {
        let title = "\(year)年度报告发布情况（条例第四十九条）"
        let start = CalendarDate(year: year + 1, month: 1, day: 1)!
        var lastDay = CalendarDate(year: year + 1, month: 4, day: 30)!
        for d in rows.compactMap(\.published) + [today] where d > lastDay { lastDay = d }
        // Up to the end of that month, at most to the end of the following year.
        let endOfYear = CalendarDate(year: year + 1, month: 12, day: 31)!
        if lastDay > endOfYear { lastDay = endOfYear }
        var end = CalendarDate(year: lastDay.year, month: lastDay.month, day: 1)!.adding(days: 31)
        end = CalendarDate(year: end.year, month: end.month, day: 1)!.adding(days: -1)
        let span = Double(end.dayNumber - start.dayNumber + 1)
        let left = 8.0, right = 8.0, plot = width - left - right
        func x(_ d: CalendarDate) -> Double { left + Double(min(max(d.dayNumber, start.dayNumber), end.dayNumber + 1) - start.dayNumber) / span * plot }
        var desc: [String] = []
        var body = legend([("按期发布", colors.onTime), ("逾期", colors.late), ("未发布", colors.grey)], y: 44)
        body += "<line x1=\"\(SVGCharts.fmt(width - 70))\" y1=\"33\" x2=\"\(SVGCharts.fmt(width - 70))\" y2=\"46\" stroke=\"#1f2328\" stroke-width=\"2\" stroke-dasharray=\"3 2\"></line>"
            + SVGCharts.text(width - 64, 44, "发布期限", size: 12)
        // Month ticks.
        var y = 52.0
        var m = start
        var ticks = ""
        while m <= end {
            ticks += "<line x1=\"\(SVGCharts.fmt(x(m)))\" y1=\"\(SVGCharts.fmt(y + 4))\" x2=\"\(SVGCharts.fmt(x(m)))\" y2=\"HEIGHT\" stroke=\"#e3e6ea\" stroke-width=\"1\"></line>"
            ticks += SVGCharts.text(x(m) + 2, y + 14, "\(m.month)月", size: 11, fill: "#555")
            m = CalendarDate(year: m.year, month: m.month, day: 1)!.adding(days: 31)
            m = CalendarDate(year: m.year, month: m.month, day: 1)!
        }
        y += 18
        for r in rows {
            // The name on the left, the status in words at the right of its (last) line, the time line under it.
            let deadline = "\(r.deadline.month)月\(r.deadline.day)日"
            let status: String, color: String
            if let p = r.published {
                let late = p > r.deadline
                status = "\(p.month)月\(p.day)日发布\(late ? "（逾期）" : "")"
                color = late ? colors.late : colors.onTime
                desc.append("\(r.name)：\(p)发布，期限\(deadline)，\(late ? "逾期" : "按期")")
            } else if today < start {
                status = "年度未结束"
                color = "#555"
                desc.append("\(r.name)：年度未结束，期限\(deadline)")
            } else {
                status = today > r.deadline ? "逾期未发布" : "未发布"
                color = today > r.deadline ? colors.late : "#555"
                desc.append("\(r.name)：截至\(today)未发布，期限\(deadline)\(today > r.deadline ? "，已逾期" : "")")
            }
            let statusEm = SVGCharts.ems(status) * 12 / font
            let lines = SVGCharts.wrap(r.name, maxEm: plot / font - statusEm - 1)
            for line in lines { y += font + 3; body += SVGCharts.text(left, y, line) }
            body += SVGCharts.text(width - right, y, status, anchor: "end", size: 12, weight: "bold", fill: color)
            y += 5
            body += rect(left, y + 5, plot, 4, colors.track)
            let dx = x(r.deadline.adding(days: 1))
            if let p = r.published {
                body += "<circle cx=\"\(SVGCharts.fmt(x(p.adding(days: 1)) - 1))\" cy=\"\(SVGCharts.fmt(y + 7))\" r=\"6\" fill=\"\(color)\"></circle>"
            } else if today >= start {
                let tx = x(today.adding(days: 1))
                body += rect(left, y + 2, min(tx, dx) - left, 10, colors.grey)
                if today > r.deadline { body += rect(dx, y + 2, tx - dx, 10, colors.late) }
            }
            body += "<line x1=\"\(SVGCharts.fmt(dx))\" y1=\"\(SVGCharts.fmt(y - 2))\" x2=\"\(SVGCharts.fmt(dx))\" y2=\"\(SVGCharts.fmt(y + 16))\" stroke=\"#1f2328\" stroke-width=\"2\" stroke-dasharray=\"3 2\"></line>"
            y += 16 + 6
        }
        if rows.isEmpty { y += 20; body += SVGCharts.text(left, y, "（本地区没有机关）", fill: "#555") }
        let height = y + 8
        return open(height: height, title: title, desc: desc.joined(separator: "；"), id: id)
            + ticks.replacingOccurrences(of: "HEIGHT", with: SVGCharts.fmt(height - 4)) + body + "</svg>"
    }
}
