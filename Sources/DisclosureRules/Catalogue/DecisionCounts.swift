import Foundation

// Decision counts of table 二 (第二十条第（五）（六）（八）项) entered month by month or imported from a spreadsheet
// (issue 12 point 4). The 2021 format counts every decision of the year, published or not (国办公开办函〔2021〕30号,
// rule R5), so a licensing or penalty system's list of decisions can be imported as it is.

/// The kinds of decision counted in table 二.
public enum DecisionKind: String, CaseIterable, Codable, Sendable {
    /// 行政许可 (第二十条第（五）项).
    case licensing
    /// 其他对外管理服务事项 (第二十条第（五）项; 2019 format only).
    case otherService = "other-service"
    /// 行政处罚 (第二十条第（六）项).
    case penalty
    /// 行政强制 (第二十条第（六）项).
    case enforcement

    public var label: String {
        switch self {
        case .licensing: "行政许可"
        case .otherService: "其他对外管理服务事项"
        case .penalty: "行政处罚"
        case .enforcement: "行政强制"
        }
    }

    /// The kind a header or a cell names: 其他对外管理服务 before 许可 (the 2019 row 行政许可和其他对外管理服务事项 is
    /// not one kind), then 处罚, 强制. nil when it names none or more than one.
    public init?(naming text: String) {
        if text.contains("其他对外管理服务") { self = .otherService; return }
        let found = [("许可", DecisionKind.licensing), ("处罚", .penalty), ("强制", .enforcement)].filter { text.contains($0.0) }
        guard found.count == 1 else { return nil }
        self = found[0].1
    }
}

/// One month's decision counts and fee amount. A nil figure was not given for the month.
public struct MonthlyDecisionFigures: Codable, Hashable, Sendable {
    /// 1…12.
    public var month: Int
    public var licensing: Int?
    public var otherService: Int?
    public var penalty: Int?
    public var enforcement: Int?
    /// 行政事业性收费 collected in the month, in **万元**.
    public var feesWanYuan: Decimal?

    public init(month: Int, licensing: Int? = nil, otherService: Int? = nil, penalty: Int? = nil, enforcement: Int? = nil, feesWanYuan: Decimal? = nil) {
        self.month = month; self.licensing = licensing; self.otherService = otherService; self.penalty = penalty
        self.enforcement = enforcement; self.feesWanYuan = feesWanYuan
    }

    public subscript(kind: DecisionKind) -> Int? {
        get {
            switch kind {
            case .licensing: licensing
            case .otherService: otherService
            case .penalty: penalty
            case .enforcement: enforcement
            }
        }
        set {
            switch kind {
            case .licensing: licensing = newValue
            case .otherService: otherService = newValue
            case .penalty: penalty = newValue
            case .enforcement: enforcement = newValue
            }
        }
    }

    public var isEmpty: Bool { DecisionKind.allCases.allSatisfy { self[$0] == nil } && feesWanYuan == nil }

    /// Largest count or amount accepted for one month (a month of a big city's licensing office stays far below).
    public static let maximum = 10_000_000

    /// - Throws: `InputError` (field `month`, or the kind's label) for a month outside 1…12, a negative count, an
    ///   amount below zero or above `maximum` 万元.
    public func validated() throws -> MonthlyDecisionFigures {
        guard (1...12).contains(month) else { throw InputError(DecisionField.month, "应为 1–12，收到 \(month)") }
        for k in DecisionKind.allCases {
            if let v = self[k], v < 0 || v > Self.maximum { throw InputError(DecisionField.count(k), "应为 0–\(Self.maximum) 的整数，收到 \(v)") }
        }
        if let f = feesWanYuan, f < 0 || f > Decimal(Self.maximum) { throw InputError(DecisionField.fees, "应为 0–\(Self.maximum) 万元，收到 \(f)") }
        return self
    }
}

/// The fields of the decision counts, for errors that name them.
public enum DecisionField {
    public static let month = InputField("month", "月份")
    public static let fees = InputField("feesWanYuan", "行政事业性收费金额（万元）")
    public static func count(_ k: DecisionKind) -> InputField { InputField(k.rawValue, "\(k.label)处理决定数量") }
}

extension DecisionFigures {
    /// The year's figures with each decision count and the fee amount that the months give replaced by the sum of
    /// those months (a figure no month gives keeps the year's value). Table 二 is computed from the result.
    public func combined(with months: [MonthlyDecisionFigures]) -> DecisionFigures {
        var f = self
        func sum(_ k: DecisionKind) -> Int? {
            let given = months.compactMap { $0[k] }
            return given.isEmpty ? nil : given.reduce(0, +)
        }
        if let v = sum(.licensing) { f.licensingDecisions = v }
        if let v = sum(.otherService) { f.otherServiceDecisions = v }
        if let v = sum(.penalty) { f.penaltyDecisions = v }
        if let v = sum(.enforcement) { f.enforcementDecisions = v }
        let fees = months.compactMap(\.feesWanYuan)
        if !fees.isEmpty { f.feesWanYuan = fees.reduce(0, +) }
        return f
    }
}

/// What a decision spreadsheet gave.
public struct DecisionImportResult: Sendable, Hashable {
    public enum Form: String, Sendable { case monthly, list }
    /// `monthly`: one row per month with a column per kind; `list`: one row per decision (date and kind).
    public var form: Form
    /// The months the file gives (ascending), each with only the figures the file has columns for. For a list, all
    /// twelve months of each kind present (0 where there was no decision: every decision of the year is in the list).
    public var months: [MonthlyDecisionFigures]
    /// The kinds the file gives.
    public var kinds: [DecisionKind]
    /// Whether the file gives fee amounts.
    public var fees: Bool
    /// List form: decisions of the year counted; rows dated in another year, left out (counted, not silently).
    public var decisions: Int
    public var otherYears: Int
}

/// Reading a spreadsheet of decision counts. Pure.
public enum DecisionImport {
    static let what = "处理决定数量"
    static let monthHeaders = ["月份", "月", "月度", "统计月份"]
    static let dateHeaders = ["决定日期", "作出决定日期", "处理决定日期", "决定时间", "作出决定时间", "办结日期", "日期"]
    static let kindHeaders = ["决定类别", "决定类型", "事项类别", "事项类型", "类别", "类型", "种类"]
    static let numberHeaders = ["决定书文号", "文书号", "决定文号", "决定书编号", "文号", "编号"]

    /// Reads the decision counts of `year` from a spreadsheet (header first), in one of two forms:
    /// - **monthly**: a 月份 column (1–12, 1月, 2024-01, 2024年1月, 一月) and a column per kind whose header names it
    ///   (许可, 其他对外管理服务, 处罚, 强制 — `DecisionKind(naming:)`) and/or a 收费 column whose header states its
    ///   unit: 万元 as entered, 元 divided by 10 000 (exactly). A month given twice is refused; a row 合计 / 总计 is
    ///   checked against the sum of the months and not stored. A month with a year must be in `year`.
    /// - **list**: one row per decision with a date column (决定日期 …) and a kind column (决定类别 …) naming one kind;
    ///   an optional 决定书文号 column may not repeat. Rows dated in another year are left out and counted
    ///   (`otherYears`); a date after `today` is refused.
    /// Counts are whole numbers ≥ 0 (full-width digits and thousands separators accepted).
    /// - Throws: `ImportError` listing every problem by row and column; nothing is stored.
    public static func parse(rows: [[String]], file: String, year: Int, today: CalendarDate) throws -> DecisionImportResult {
        guard let header = rows.first?.map(Self.clean) else {
            throw ImportError(file: file, what: what, problems: [ImportProblem(row: 1, column: "表头", message: "文件没有内容")])
        }
        if let m = header.firstIndex(where: { monthHeaders.contains($0) }) {
            return try monthly(rows: rows, header: header, monthColumn: m, file: file, year: year)
        }
        if let d = header.firstIndex(where: { dateHeaders.contains($0) }), let k = header.firstIndex(where: { kindHeaders.contains($0) }) {
            return try list(rows: rows, header: header, dateColumn: d, kindColumn: k, file: file, year: year, today: today)
        }
        throw ImportError(file: file, what: what, problems: [ImportProblem(
            row: 1, column: "表头",
            message: "无法识别表格：按月填报的表应有“月份”列和“行政许可”“行政处罚”“行政强制”“收费金额（万元）”等列；逐件清单应有“决定日期”列和“决定类别”列")])
    }

    static func clean(_ s: String) -> String {
        s.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\u{FEFF}", with: "")
    }

    /// A figure as typed with a Chinese input method made plain: half-width digits and point, no thousands separators
    /// or spaces (１，０５０ → 1050).
    public static func halfWidth(_ s: String) -> String { number(s) }

    /// Half-width digits, no spaces; commas removed only where they separate thousands (1,050 and 12,345.6, not 1,5 —
    /// a decimal comma is refused rather than read as 15).
    static func number(_ s: String) -> String {
        let plain = String(s.trimmedWhitespace.unicodeScalars.compactMap { u -> Character? in
            if (0xFF10...0xFF19).contains(u.value) { return Character(UnicodeScalar(u.value - 0xFF10 + 0x30)!) }
            if u == "．" { return "." }
            if u == "，" { return "," }
            if u == " " || u == "\u{00A0}" { return nil }
            return Character(u)
        })
        guard plain.contains(",") else { return plain }
        return plain.wholeMatch(of: /-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?/) != nil ? plain.replacingOccurrences(of: ",", with: "") : plain
    }

    static let chineseMonths = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]

    /// The month of a 月份 cell; `.failure` with the reason. nil for a total row.
    static func month(_ text: String, year: Int) -> Result<Int?, ImportProblemText> {
        let t = number(text)
        if ["合计", "总计", "全年", "全年合计", "小计", "合计："].contains(t) { return .success(nil) }
        var body = t
        if body.hasSuffix("月") { body.removeLast() }
        if let i = chineseMonths.firstIndex(of: body) { return .success(i + 1) }
        let parts = body.replacingOccurrences(of: "年", with: "-").replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: ".", with: "-")
            .split(separator: "-").map(String.init)
        if parts.count == 1, let m = Int(parts[0]), (1...12).contains(m) { return .success(m) }
        if parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) {
            return y == year ? .success(m) : .failure(ImportProblemText("“\(text)”不是\(year)年的月份"))
        }
        return .failure(ImportProblemText("“\(text)”不是月份（应为 1–12、1月、\(year)-01 或 \(year)年1月）"))
    }

    struct ImportProblemText: Error { var text: String; init(_ t: String) { text = t } }

    enum Column { case kind(DecisionKind), fees(divideBy: Decimal) }

    static func monthly(rows: [[String]], header: [String], monthColumn: Int, file: String, year: Int) throws -> DecisionImportResult {
        var problems: [ImportProblem] = []
        var columns: [(Int, Column)] = []
        for (i, h) in header.enumerated() where i != monthColumn && !h.isEmpty {
            if h.contains("收费") || h.contains("金额") {
                if h.contains("万元") { columns.append((i, .fees(divideBy: 1))) }
                else if h.contains("元") { columns.append((i, .fees(divideBy: 10_000))) }
                else { problems.append(ImportProblem(row: 1, column: h, message: "请在表头写明金额单位：万元或元（年报表二的收费金额以万元计）")) }
            } else if let k = DecisionKind(naming: h) {
                columns.append((i, .kind(k)))
            }
        }
        let kinds = columns.compactMap { if case .kind(let k) = $0.1 { k } else { nil } }
        for k in Set(kinds) where kinds.filter({ $0 == k }).count > 1 {
            problems.append(ImportProblem(row: 1, column: k.label, message: "表头有多列都是“\(k.label)”，无法确定用哪一列"))
        }
        if columns.filter({ if case .fees = $0.1 { true } else { false } }).count > 1 {
            problems.append(ImportProblem(row: 1, column: "收费金额", message: "表头有多列收费金额，无法确定用哪一列"))
        }
        if columns.isEmpty && problems.isEmpty {
            problems.append(ImportProblem(row: 1, column: "表头", message: "没有可导入的列：应有“行政许可”“其他对外管理服务事项”“行政处罚”“行政强制”或“收费金额（万元）”列"))
        }
        if !problems.isEmpty { throw ImportError(file: file, what: what, problems: problems) }

        var months: [Int: MonthlyDecisionFigures] = [:], monthRow: [Int: Int] = [:]
        var totals: [(row: Int, values: MonthlyDecisionFigures)] = []
        for (offset, raw) in rows.dropFirst().enumerated() {
            let row = offset + 2
            if raw.allSatisfy({ $0.trimmedWhitespace.isEmpty }) { continue }
            let monthText = monthColumn < raw.count ? raw[monthColumn] : ""
            var figures = MonthlyDecisionFigures(month: 0)
            var bad = false
            for (i, col) in columns {
                let text = i < raw.count ? number(raw[i]) : ""
                if text.isEmpty || text == "-" || text == "—" { continue }
                switch col {
                case .kind(let k):
                    guard let v = Int(text), v >= 0, v <= MonthlyDecisionFigures.maximum else {
                        problems.append(ImportProblem(row: row, column: header[i], message: "“\(raw[i].trimmedWhitespace)”应为不小于 0 的整数")); bad = true; continue
                    }
                    figures[k] = v
                case .fees(let divisor):
                    guard let v = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), v >= 0, v <= Decimal(MonthlyDecisionFigures.maximum) * divisor,
                          text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else {
                        problems.append(ImportProblem(row: row, column: header[i], message: "“\(raw[i].trimmedWhitespace)”应为不小于 0 的金额")); bad = true; continue
                    }
                    figures.feesWanYuan = v / divisor
                }
            }
            switch month(monthText, year: year) {
            case .failure(let p): problems.append(ImportProblem(row: row, column: header[monthColumn], message: p.text))
            case .success(nil): if !bad { totals.append((row, figures)) }
            case .success(let m?):
                if let earlier = monthRow[m] {
                    problems.append(ImportProblem(row: row, column: header[monthColumn], message: "\(m)月与第\(earlier)行重复"))
                } else if !bad {
                    figures.month = m; months[m] = figures; monthRow[m] = row
                }
            }
        }
        let list = months.values.sorted { $0.month < $1.month }
        for (row, t) in totals {
            for (i, col) in columns {
                switch col {
                case .kind(let k):
                    if let v = t[k] {
                        let sum = list.compactMap { $0[k] }.reduce(0, +)
                        if v != sum { problems.append(ImportProblem(row: row, column: header[i], message: "合计为 \(v)，各月之和为 \(sum)")) }
                    }
                case .fees:
                    if let v = t.feesWanYuan {
                        let sum = list.compactMap(\.feesWanYuan).reduce(0, +)
                        if v != sum { problems.append(ImportProblem(row: row, column: header[i], message: "合计为 \(v) 万元，各月之和为 \(sum) 万元")) }
                    }
                }
            }
        }
        if problems.isEmpty && list.isEmpty { problems.append(ImportProblem(row: 2, column: "全部", message: "文件没有月份数据行")) }
        if !problems.isEmpty { throw ImportError(file: file, what: what, problems: problems) }
        let hasFees = columns.contains { if case .fees = $0.1 { true } else { false } }
        return DecisionImportResult(form: .monthly, months: list, kinds: DecisionKind.allCases.filter(kinds.contains), fees: hasFees, decisions: 0, otherYears: 0)
    }

    static func list(rows: [[String]], header: [String], dateColumn: Int, kindColumn: Int, file: String, year: Int, today: CalendarDate) throws -> DecisionImportResult {
        var problems: [ImportProblem] = [], total = 0
        func problem(_ p: ImportProblem) { total += 1; if problems.count < ImportError.listed { problems.append(p) } }
        let numberColumn = header.firstIndex { numberHeaders.contains($0) }
        var counts: [DecisionKind: [Int]] = [:]
        var seen: [String: Int] = [:]
        var decisions = 0, otherYears = 0
        for (offset, raw) in rows.dropFirst().enumerated() {
            let row = offset + 2
            if raw.allSatisfy({ $0.trimmedWhitespace.isEmpty }) { continue }
            func cell(_ i: Int) -> String { i < raw.count ? raw[i].trimmedWhitespace : "" }
            let dateText = cell(dateColumn), kindText = cell(kindColumn)
            let date = ledgerDate(dateText)
            if date == nil { problem(ImportProblem(row: row, column: header[dateColumn], message: dateText.isEmpty ? "不能为空" : "“\(dateText)”不是日期")) }
            if let d = date, d > today { problem(ImportProblem(row: row, column: header[dateColumn], message: "\(d) 晚于今天（\(today)）")) }
            let kind = DecisionKind(naming: kindText)
            if kind == nil {
                problem(ImportProblem(row: row, column: header[kindColumn],
                                      message: kindText.isEmpty ? "不能为空" : "“\(kindText)”应为行政许可、其他对外管理服务事项、行政处罚或行政强制之一"))
            }
            if let n = numberColumn, !cell(n).isEmpty {
                if let earlier = seen[cell(n)] {
                    problem(ImportProblem(row: row, column: header[n], message: "“\(cell(n))”与第\(earlier)行重复（同一决定不能计两次）"))
                } else { seen[cell(n)] = row }
            }
            guard let d = date, d <= today, let kind else { continue }
            guard d.year == year else { otherYears += 1; continue }
            counts[kind, default: Array(repeating: 0, count: 12)][d.month - 1] += 1
            decisions += 1
        }
        if total == 0 && decisions == 0 {
            problem(ImportProblem(row: 2, column: header[dateColumn], message: otherYears > 0 ? "没有\(year)年的决定（\(otherYears)行属于其他年份）" : "文件没有数据行"))
        }
        if total > 0 { throw ImportError(file: file, what: what, problems: problems, total: total) }
        let kinds = DecisionKind.allCases.filter { counts[$0] != nil }
        let months = (1...12).map { m in
            var f = MonthlyDecisionFigures(month: m)
            for k in kinds { f[k] = counts[k]![m - 1] }
            return f
        }
        return DecisionImportResult(form: .list, months: months, kinds: kinds, fees: false, decisions: decisions, otherYears: otherYears)
    }
}
