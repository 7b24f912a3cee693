import DisclosureRules
import Foundation

/// Inline SVG charts for the HTML export: no script, no external asset, text in the page's fonts.
///
/// Every chart carries its caption as SVG text and a `<title>` for screen readers; `gongkai audit`'s HTML reader
/// skips `<svg>`, so the charts add nothing to the report's text when the page is read back.
enum SVGCharts {
    static let width = 640.0
    static let fontSize = 13.0
    static let palette = ["#1f4e79", "#7aa6d6", "#a5a5a5"]

    /// 三、本年度办理结果 by outcome row (table 三's outcome rows, 总计 column), one horizontal bar each.
    static func outcomes(_ report: AnnualReport, id: String) -> String {
        let specs = report.format.table3Rows
        var items: [(label: String, value: CellValue)] = []
        for (spec, row) in zip(specs, report.table3) where spec.role == .outcome {
            let label = spec.group.map { $0 == "三、本年度办理结果" ? spec.label : "\($0) \(spec.label)" } ?? spec.label
            items.append((label, row.cells[6].value))
        }
        return horizontalBars(title: "图1 \(report.year.map { "\($0)年" } ?? "")政府信息公开申请办理结果（总计，件）", items: items, id: id)
    }

    /// Applications by applicant kind: 一、本年新收 and 二、上年结转 of table 三, stacked, for the six applicant columns.
    static func applicants(_ report: AnnualReport, id: String) -> String {
        let new = report.table3Row("new")?.cells.map(\.value) ?? []
        let carried = report.table3Row("carriedIn")?.cells.map(\.value) ?? []
        let kinds = Array(ReportFormat.table3Columns.prefix(6))
        let series: [(String, [CellValue])] = [
            ("本年新收", (0..<6).map { $0 < new.count ? new[$0] : .blank }),
            ("上年结转", (0..<6).map { $0 < carried.count ? carried[$0] : .blank }),
        ]
        return columns(title: "图2 \(report.year.map { "\($0)年" } ?? "")政府信息公开申请人情况（本年新收＋上年结转，件）",
                       categories: kinds, series: series, stacked: true, id: id)
    }

    /// The trend over the years on record: received, decided and carried over (table 三, 总计 column).
    static func trend(_ years: [YearTotals], id: String) -> String {
        let cats = years.map { "\($0.year)年" }
        let series: [(String, [CellValue])] = [
            ("本年新收", years.map { .number(Decimal($0.received)) }),
            ("办理结果（总计）", years.map { .number(Decimal($0.decided)) }),
            ("结转下年度继续办理", years.map { .number(Decimal($0.carriedOver)) }),
        ]
        return columns(title: "图3 历年政府信息公开申请情况（件）", categories: cats, series: series, stacked: false, id: id)
    }

    // MARK: Drawing

    /// Width of text in em (CJK and full-width characters 1, others about 0.55).
    static func ems(_ s: String) -> Double {
        s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 1.0 : 0.55) }
    }

    /// Breaks a label into lines of at most `maxEm` em.
    static func wrap(_ s: String, maxEm: Double) -> [String] {
        var lines: [String] = []
        var cur = ""
        var w = 0.0
        for ch in s {
            let cw = ems(String(ch))
            if w + cw > maxEm && !cur.isEmpty { lines.append(cur); cur = ""; w = 0 }
            cur.append(ch); w += cw
        }
        if !cur.isEmpty { lines.append(cur) }
        return lines
    }

    static func fmt(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// A round top for the axis at or above `x`: four times a whole step of 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ,
    /// so the quarter ticks are whole numbers.
    static func niceCeiling(_ x: Double) -> Double {
        let quarter = max(x / 4, 1)
        let p = pow(10, log10(quarter).rounded(.down))
        for m in [1.0, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] {
            let step = m * p
            if step >= quarter - 1e-9 && step == step.rounded() { return 4 * step }
        }
        return 40 * p
    }

    static func number(_ v: CellValue) -> Double? {
        guard case .number(let d) = v else { return nil }
        return NSDecimalNumber(decimal: d).doubleValue
    }

    static func text(_ x: Double, _ y: Double, _ s: String, anchor: String = "start", size: Double = fontSize,
                     weight: String? = nil, fill: String = "#000") -> String {
        var a = "x=\"\(fmt(x))\" y=\"\(fmt(y))\" font-size=\"\(fmt(size))\" fill=\"\(fill)\""
        if anchor != "start" { a += " text-anchor=\"\(anchor)\"" }
        if let weight { a += " font-weight=\"\(weight)\"" }
        return "<text \(a)>\(xmlEscaped(s))</text>"
    }

    static func open(height: Double, title: String, id: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" width=\"100%\" "
            + "role=\"img\" aria-labelledby=\"\(id)\"><title id=\"\(id)\">\(xmlEscaped(title))</title>"
            + "<rect x=\"0\" y=\"0\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" fill=\"#fff\"></rect>"
            + text(width / 2, 22, title, anchor: "middle", size: 15, weight: "bold")
    }

    /// One bar per item: the label on its own line(s), the bar under it, the value at the bar's end.
    static func horizontalBars(title: String, items: [(label: String, value: CellValue)], id: String) -> String {
        let left = 12.0, valueRoom = 56.0
        let barMax = width - left * 2 - valueRoom
        let maxValue = max(items.compactMap { number($0.value) }.max() ?? 0, 1)
        var body = ""
        var y = 44.0
        for item in items {
            for line in wrap(item.label, maxEm: (width - left * 2) / fontSize) {
                y += fontSize + 3
                body += text(left, y, line)
            }
            y += 5
            let v = number(item.value)
            let w = max(v.map { $0 / maxValue * barMax } ?? 0, 0)
            body += "<rect x=\"\(fmt(left))\" y=\"\(fmt(y))\" width=\"\(fmt(barMax))\" height=\"12\" fill=\"#f0f0f0\"></rect>"
            if w > 0 {
                body += "<rect x=\"\(fmt(left))\" y=\"\(fmt(y))\" width=\"\(fmt(w))\" height=\"12\" fill=\"\(palette[0])\"></rect>"
            }
            let shown = v == nil ? (item.value.isBlank ? "—" : printed(item.value)) : printed(item.value)
            body += text(left + barMax + 6, y + 11, shown)
            y += 12 + 8
        }
        let height = y + 10
        return open(height: height, title: title, id: id) + body + "</svg>"
    }

    /// Columns per category: stacked series, or side by side; a legend on top and the values on the bars.
    static func columns(title: String, categories: [String], series: [(String, [CellValue])], stacked: Bool, id: String) -> String {
        let top = 70.0, plotHeight = 220.0, left = 40.0, right = 16.0, labelRoom = 40.0
        let plotWidth = width - left - right
        let n = max(categories.count, 1)
        let slot = plotWidth / Double(n)
        var maxValue = 1.0
        for i in 0..<categories.count {
            let vals = series.map { s in i < s.1.count ? number(s.1[i]) ?? 0 : 0 }
            maxValue = max(maxValue, stacked ? vals.reduce(0, +) : (vals.max() ?? 0))
        }
        maxValue = niceCeiling(maxValue)
        let scale = plotHeight / maxValue
        let baseY = top + plotHeight
        var body = ""
        // Legend.
        var lx = left
        for (k, s) in series.enumerated() {
            body += "<rect x=\"\(fmt(lx))\" y=\"38\" width=\"12\" height=\"12\" fill=\"\(palette[k % palette.count])\"></rect>"
            body += text(lx + 16, 49, s.0)
            lx += 16 + ems(s.0) * fontSize + 24
        }
        // Axis and gridlines at quarters.
        for q in 0...4 {
            let v = maxValue * Double(q) / 4
            let y = baseY - v * scale
            body += "<line x1=\"\(fmt(left))\" y1=\"\(fmt(y))\" x2=\"\(fmt(width - right))\" y2=\"\(fmt(y))\" stroke=\"\(q == 0 ? "#000" : "#ddd")\" stroke-width=\"1\"></line>"
            body += text(left - 4, y + 4, fmt(v.rounded()), anchor: "end", size: 11, fill: "#555")
        }
        for (i, cat) in categories.enumerated() {
            let x0 = left + slot * Double(i)
            let barWidth = stacked ? min(slot * 0.5, 60) : min(slot * 0.8 / Double(series.count), 40)
            let groupWidth = stacked ? barWidth : barWidth * Double(series.count)
            var x = x0 + (slot - groupWidth) / 2
            var stackTop = baseY
            var total = 0.0
            var allNumbers = true
            for (k, s) in series.enumerated() {
                let cell = i < s.1.count ? s.1[i] : .blank
                let v = number(cell)
                if v == nil { allNumbers = false }
                let h = max((v ?? 0) * scale, 0)
                let y = stacked ? stackTop - h : baseY - h
                if h > 0 {
                    body += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(barWidth))\" height=\"\(fmt(h))\" fill=\"\(palette[k % palette.count])\"></rect>"
                }
                if stacked {
                    stackTop = y
                    total += v ?? 0
                } else {
                    body += text(x + barWidth / 2, y - 4, v == nil ? "—" : printed(cell), anchor: "middle", size: 11)
                    x += barWidth
                }
            }
            if stacked {
                body += text(x0 + slot / 2, stackTop - 4, allNumbers ? fmt(total) : "—", anchor: "middle", size: 11)
            }
            for (j, line) in wrap(cat, maxEm: slot / fontSize - 0.2).enumerated() {
                body += text(x0 + slot / 2, baseY + 18 + Double(j) * (fontSize + 2), line, anchor: "middle")
            }
        }
        let height = baseY + labelRoom
        return open(height: height, title: title, id: id) + body + "</svg>"
    }
}
