import Foundation
import DisclosureRules

/// Generated, internally consistent annual reports for benchmarks and tests: tab-separated text (the shape
/// of a PDF copy) and full HTML pages (styled markup, navigation, tables with rowspan/colspan).
public enum SyntheticReports {
    /// The numbers of a generated report's table 三 (7 columns per row, in `ReportFormat.table3Rows` order).
    public struct Figures: Sendable {
        public var table3: [[Int]]
        public var table4: [Int]
    }

    /// Deterministic consistent figures: rows add up (I1, I2), columns balance (R1), appeals add up (I3).
    public static func figures(format: ReportFormat, seed: Int, carriedIn: Int = 0, carriedOver: Int = 0) -> Figures {
        var rng = seed &* 2654435761 &+ 12345
        func next(_ n: Int) -> Int { rng = (rng &* 1103515245 &+ 12345) & 0x7fffffff; return n == 0 ? 0 : rng % n }
        let specs = format.table3Rows
        var rows = Array(repeating: Array(repeating: 0, count: 7), count: specs.count)
        func setTotals(_ r: inout [Int]) { r[6] = r[0..<6].reduce(0, +) }
        for (i, s) in specs.enumerated() where s.role == .outcome {
            for c in 0..<6 { rows[i][c] = next(4) == 0 ? next(6) : 0 }
            setTotals(&rows[i])
        }
        let total = specs.firstIndex { $0.role == .total }!
        for c in 0..<6 { rows[total][c] = specs.indices.filter { specs[$0].role == .outcome }.map { rows[$0][c] }.reduce(0, +) }
        setTotals(&rows[total])
        // 自然人 column carries the carry-over in and out.
        let new = specs.firstIndex { $0.id == "new" }!, inRow = specs.firstIndex { $0.id == "carriedIn" }!
        let outRow = specs.firstIndex { $0.id == "carriedOver" }!
        rows[inRow][0] = carriedIn
        rows[outRow][0] = carriedOver
        for c in 0..<6 { rows[new][c] = rows[total][c] + rows[outRow][c] - rows[inRow][c] }
        if rows[new][0] < 0 { // more carried in than handled: handle the surplus as granted
            let g = specs.firstIndex { $0.id == "granted" }!
            rows[g][0] -= rows[new][0]; rows[total][0] -= rows[new][0]; rows[new][0] = 0
            setTotals(&rows[g]); setTotals(&rows[total])
        }
        for i in [new, inRow, outRow] { setTotals(&rows[i]) }
        var t4: [Int] = []
        for _ in 0..<3 { let g = (0..<4).map { _ in next(3) }; t4 += g + [g.reduce(0, +)] }
        return Figures(table3: rows, table4: t4)
    }

    static func table2Rows(_ format: ReportFormat) -> [(item: String, header: [String], rows: [(String, [String])])] {
        format.table2Blocks.map { b in
            (b.item, ["信息内容"] + b.columns, b.rows.map { ($0, b.columns.enumerated().map { c, _ in
                // 本年增/减 0 (2019) and 制发 = 废止 (2021) keep the cross-year rules I6 and H1 satisfied.
                if c == 1 && format == .f2019 && b.id != "20.1" { return "0" }
                if c == 1 && format == .f2021 && b.id == "20.1" { return "3" }
                return "\(3 + c)"
            }) })
        }
    }

    /// A report as tab-separated text (title, the six sections, tables 二 三 四, signature and date).
    public static func text(agency: String, year: Int, seed: Int, carriedIn: Int = 0, carriedOver: Int = 0) -> String {
        let format = ReportFormat.applicable(toYear: year)
        let f = figures(format: format, seed: seed, carriedIn: carriedIn, carriedOver: carriedOver)
        var s = "\(agency)\n\n\(year)年政府信息公开工作年度报告\n\n"
        s += "本报告中所列数据的统计期限自\(year)年1月1日起至\(year)年12月31日止。\n\n一、总体情况\n\n"
        s += String(repeating: "\(year)年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，推进政务公开工作。", count: 6) + "\n\n"
        s += "二、主动公开政府信息情况\n\n"
        for b in table2Rows(format) {
            s += b.item + "\t\t\t\n" + b.header.joined(separator: "\t") + "\n"
            for (label, vals) in b.rows { s += label + "\t" + vals.joined(separator: "\t") + "\n" }
        }
        s += "\n三、收到和处理政府信息公开申请情况\n\n"
        s += ReportFormat.table3Note + "\t\t申请人情况\t\t\t\t\t\t总计\n\t\t自然人\t法人或其他组织\t\t\t\t\t\n"
        s += "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\n"
        for (spec, row) in zip(format.table3Rows, f.table3) {
            let label = spec.group.map { g in g.hasPrefix("三、") ? "\t" + spec.label : "\t" + g + "\t" + spec.label } ?? spec.label
            s += label + "\t" + row.map(String.init).joined(separator: "\t") + "\n"
        }
        s += "\n四、政府信息公开行政复议、行政诉讼情况\n\n行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t\n"
        s += (ReportFormat.table4Columns + ["未经复议直接起诉", "", "", "", "", "复议后起诉"]).joined(separator: "\t") + "\n"
        s += f.table4.map(String.init).joined(separator: "\t") + "\n\n"
        s += "五、存在的主要问题及改进情况\n\n\(year)年第\(seed % 97)项工作：信息公开培训不足，\(seed % 13)个栏目更新不及时。下一步将完善制度。\n\n"
        s += "六、其他需要报告的事项\n\n本年度未收取信息处理费。\n\n\(agency)\n\n\(year + 1)年1月\(10 + seed % 15)日\n"
        return s
    }

    /// A full published page (~`targetBytes`): site chrome, a styled article like those agencies publish, and the
    /// three tables with the national template's rowspan/colspan.
    public static func html(agency: String, year: Int, seed: Int, targetBytes: Int = 350_000) -> String {
        let format = ReportFormat.applicable(toYear: year)
        let f = figures(format: format, seed: seed)
        let style = "margin: 0pt; text-indent: 31.4pt; padding: 0pt; background-image: initial; background-position: initial; background-size: initial; background-repeat: initial;"
        func para(_ t: String) -> String {
            "<p class=\"MsoNormal\" style=\"\(style)\"><span style=\"font-family: 仿宋_GB2312; font-size: 16pt;\"><font face=\"仿宋_GB2312\" style=\"color: rgb(76, 76, 76);\">\(t)</font></span></p>\n"
        }
        func td(_ t: String, _ attrs: String = "") -> String {
            "<td \(attrs) style=\"border: 1px solid rgb(0,0,0); padding: 0.75pt;\"><p class=\"MsoNormal\" align=\"center\" style=\"text-align:center;\"><span style=\"font-family: 仿宋_GB2312; font-size: 12pt;\">\(t)</span></p></td>"
        }
        var body = ""
        body += para("根据《中华人民共和国政府信息公开条例》，编制本报告。本报告中所列数据的统计期限自\(year)年1月1日起至\(year)年12月31日止。")
        body += para("一、总体情况")
        for _ in 0..<8 { body += para("\(year)年，本机关坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开。") }
        body += para("二、主动公开政府信息情况")
        body += "<table border=\"1\" cellspacing=\"0\">"
        for b in table2Rows(format) {
            body += "<tr>" + td(b.item, "colspan=\"4\"") + "</tr><tr>" + b.header.map { td($0) }.joined() + "</tr>"
            for (label, vals) in b.rows { body += "<tr>" + td(label) + vals.map { td($0) }.joined() + "</tr>" }
        }
        body += "</table>\n" + para("三、收到和处理政府信息公开申请情况")
        body += "<table border=\"1\" cellspacing=\"0\"><tr>" + td(ReportFormat.table3Note, "colspan=\"3\" rowspan=\"3\"") + td("申请人情况", "colspan=\"8\"") + "</tr>"
        body += "<tr>" + td("自然人", "colspan=\"2\"") + td("法人或其他组织", "colspan=\"5\"") + td("总计", "rowspan=\"2\"") + "</tr>"
        body += "<tr>" + td("&nbsp;") + td("商业企业", "colspan=\"2\"") + ["科研机构", "社会公益组织", "法律服务机构", "其他"].map { td($0) }.joined() + "</tr>"
        let specs = format.table3Rows
        var openedGroups = Set<String>()
        for (spec, row) in zip(specs, f.table3) {
            var cells = ""
            if let g = spec.group {
                if g.hasPrefix("三、") {
                    if !openedGroups.contains(g) {
                        openedGroups.insert(g)
                        cells += td(g, "rowspan=\"\(specs.filter { $0.role == .outcome || $0.role == .total }.count)\"")
                    }
                    cells += td(spec.label, "colspan=\"2\"")
                } else {
                    if !openedGroups.contains(g) {
                        openedGroups.insert(g)
                        cells += td(g, "rowspan=\"\(specs.filter { $0.group == g }.count)\"")
                    }
                    cells += td(spec.label)
                }
            } else {
                cells += td(spec.label, "colspan=\"3\"")
            }
            cells += td("\(row[0])") + td("\(row[1])", "colspan=\"2\"") + row[2...].map { td("\($0)") }.joined()
            body += "<tr>" + cells + "</tr>"
        }
        // The 2019/2021 templates put （一）（二）（七） directly under 三、本年度办理结果 and the rest under their group.
        body += "</table>\n" + para("四、政府信息公开行政复议、行政诉讼情况")
        body += "<table border=\"1\" cellspacing=\"0\"><tr>" + td("行政复议", "colspan=\"5\"") + td("行政诉讼", "colspan=\"10\"") + "</tr><tr>"
        body += ReportFormat.table4Columns.map { td($0, "rowspan=\"2\"") }.joined() + td("未经复议直接起诉", "colspan=\"5\"") + td("复议后起诉", "colspan=\"5\"") + "</tr>"
        body += "<tr>" + (ReportFormat.table4Columns + ReportFormat.table4Columns).map { td($0) }.joined() + "</tr>"
        body += "<tr>" + f.table4.map { td("\($0)") }.joined() + "</tr></table>\n"
        body += para("五、存在的主要问题及改进情况") + para("\(year)年第\(seed % 97)项工作：栏目更新不及时。下一步将完善制度。")
        body += para("六、其他需要报告的事项") + para("本年度未收取信息处理费。")
        body += para(agency) + para("\(year + 1)年1月\(10 + seed % 15)日")

        var page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>\(agency)\(year)年政府信息公开工作年度报告</title>\n"
        page += "<style>body{font-family:SimSun} .nav a{color:#333} .article_content p{line-height:2}</style>\n"
        page += "<script>var _hmt = _hmt || []; function menu(i){ return i * 2; }</script></head><body>\n"
        var chrome = "<div class=\"nav\"><ul>"
        var k = 0
        let article = "<div class=\"article_title\">\(agency)\(year)年政府信息公开工作年度报告</div>\n<div class=\"article_content\">\n" + body + "</div>\n"
        let footer = "<div class=\"footer\">主办单位：\(agency)　网站标识码：3501000000　ICP备案号：闽ICP备00000000号</div></body></html>\n"
        while page.utf8.count + chrome.utf8.count + article.utf8.count + footer.utf8.count < targetBytes {
            chrome += "<li class=\"menu-item\" style=\"float:left;padding:0 12px;\"><a href=\"/zwgk/zfxxgk/col\(k).htm\" target=\"_blank\" title=\"政务公开栏目\(k)\">政务公开栏目\(k)</a></li>\n"
            k += 1
        }
        chrome += "</ul></div>\n"
        return page + chrome + article + footer
    }
}
