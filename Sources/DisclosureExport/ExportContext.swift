import DisclosureRules
import Foundation

/// Everything an export needs: the report (already computed, e.g. by `gongkai report counts` or read from a
/// published file), its findings, and the figures of the years on record for the trend chart.
public struct ExportContext: Sendable {
    /// The report to publish, in its national format (2019 or 2021 template).
    public var report: AnnualReport
    /// The rule findings of `report` (`ReportValidator.validate`); only the JSON export carries them.
    public var findings: [Finding]
    /// Totals of the years on record, oldest first, for the HTML trend chart (received / decided / carried over).
    /// When empty, the chart shows the report's own year (from table 三) alone.
    public var history: [YearTotals]

    /// - Parameters:
    ///   - findings: the report's findings; nil (the default) validates the report without a previous year.
    ///   - history: the years on record for the trend chart (any order; they are sorted by year).
    public init(report: AnnualReport, findings: [Finding]? = nil, history: [YearTotals] = []) {
        self.report = report
        self.findings = findings ?? ReportValidator.validate(report)
        self.history = history.sorted { $0.year < $1.year }
    }

    /// The official title: "<agency><year>年政府信息公开工作年度报告" (the report's own title when it has no
    /// agency or year).
    public var title: String {
        if let agency = report.agency, !agency.isEmpty, let year = report.year {
            return "\(agency)\(year)年政府信息公开工作年度报告"
        }
        if let t = report.title, !t.isEmpty { return t }
        if let year = report.year { return "\(year)年政府信息公开工作年度报告" }
        return "政府信息公开工作年度报告"
    }

    /// The title in two lines when it names the agency: the agency, then "<year>年政府信息公开工作年度报告" (as
    /// reports are commonly set, and so that a PDF made from the export keeps the year's line whole).
    var titleLines: [String] {
        if let agency = report.agency, !agency.isEmpty, let year = report.year {
            return [agency, "\(year)年政府信息公开工作年度报告"]
        }
        return [title]
    }

    /// `history` with the report's own year added from table 三 when it is missing (the trend chart's series).
    var trend: [YearTotals] {
        var years = history
        if let own = YearTotals(report: report), !years.contains(where: { $0.year == own.year }) {
            years.append(own)
            years.sort { $0.year < $1.year }
        }
        return years
    }
}

/// One year's application totals (table 三's 总计 column), for the trend chart.
public struct YearTotals: Sendable, Hashable {
    /// The report year.
    public var year: Int
    /// Applications received in the year (一、本年新收政府信息公开申请数量, 总计).
    public var received: Int
    /// Applications decided in the year (三、本年度办理结果（七）总计, 总计).
    public var decided: Int
    /// Applications carried over to the next year (四、结转下年度继续办理, 总计).
    public var carriedOver: Int

    public init(year: Int, received: Int, decided: Int, carriedOver: Int) {
        self.year = year; self.received = received; self.decided = decided; self.carriedOver = carriedOver
    }

    /// The totals of a report's table 三 (总计 column); nil when the report has no year or one of the three
    /// cells is not a whole number.
    public init?(report: AnnualReport) {
        guard let year = report.year,
              let received = report.table3Row("new")?.cells[6].value.integer,
              let decided = report.table3Row("total")?.cells[6].value.integer,
              let carriedOver = report.table3Row("carriedOver")?.cells[6].value.integer else { return nil }
        self.init(year: year, received: received, decided: decided, carriedOver: carriedOver)
    }
}

/// Why an export could not be written.
public enum ExportError: Error, CustomStringConvertible, Equatable {
    /// `ReportExporter.write` was given a file name whose extension is not .html, .docx, .xlsx, .csv or .json.
    case unsupportedExtension(String)
    /// A ZIP package (DOCX, XLSX) could not be built.
    case package(String)

    public var description: String {
        switch self {
        case .unsupportedExtension(let e):
            return "不支持导出为“.\(e)”格式：请使用 .html、.docx、.xlsx、.csv 或 .json"
        case .package(let d): return "无法生成文件包：\(d)"
        }
    }
}
