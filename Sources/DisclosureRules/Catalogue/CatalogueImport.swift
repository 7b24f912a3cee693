import Foundation

// Import of an existing catalogue exported from a web CMS (issue 12 point 5): CSV or XLSX, columns found by their
// header words, every bad row listed by row and column, nothing imported unless every row is good.

/// One problem of an imported spreadsheet: the spreadsheet row number (1 = the header), the column header and why.
public struct ImportProblem: Sendable, Hashable, CustomStringConvertible {
    public var row: Int
    public var column: String
    public var message: String
    public init(row: Int, column: String, message: String) { self.row = row; self.column = column; self.message = message }
    public var description: String { "第\(row)行“\(column)”列：\(message)" }
}

/// A spreadsheet refused as a whole: nothing was stored. `description` names the file and lists the problems.
public struct ImportError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    public var file: String
    /// What was being imported, e.g. 政府信息公开目录, 处理决定数量.
    public var what: String
    /// The problems listed (at most `ImportError.listed`).
    public var problems: [ImportProblem]
    /// How many problems there are in all.
    public var total: Int
    /// Problems listed at most (all are counted).
    public static let listed = 200

    public init(file: String, what: String, problems: [ImportProblem], total: Int? = nil) {
        self.file = file; self.what = what
        self.problems = Array(problems.prefix(Self.listed)); self.total = max(total ?? problems.count, problems.count)
    }

    public var description: String {
        "\(file)：\(what)有 \(total) 处错误，未导入任何内容：\n" + problems.map { "  " + $0.description }.joined(separator: "\n")
            + (total > problems.count ? "\n  ……另有 \(total - problems.count) 处错误未列出" : "")
    }
    public var errorDescription: String? { description }
}

/// The columns of a catalogue export, by header. Required: 名称 and 公开类别 (the item of 条例第二十条 — table 二 and
/// the public catalogue are organised by it). Header words are matched exactly after trimming (CMS exports use many
/// names; `aliases` lists those accepted).
public enum CatalogueColumn: String, CaseIterable, Sendable {
    case indexNumber = "索引号"
    case title = "名称"
    case summary = "内容概述"
    case documentNumber = "文号"
    case issuingAgency = "发布机构"
    case writtenOn = "成文日期"
    case formedOn = "形成日期"
    case publishedOn = "发布日期"
    case topic = "主题分类"
    case genre = "体裁分类"
    case category = "公开类别"
    case mode = "公开方式"
    case scope = "公开范围"
    case timeLimit = "公开时限"
    case validity = "有效性"
    case validityDate = "废止或失效日期"
    case validityDocument = "废止文件"
    case documentKind = "文件类型"
    case body = "正文"

    public static let required: [CatalogueColumn] = [.title, .category]

    /// Header words accepted for the column (the first is the canonical header).
    public var aliases: [String] {
        switch self {
        case .indexNumber: ["索引号", "索引", "索引编号"]
        case .title: ["名称", "标题", "信息名称", "文件名称", "文件标题", "信息标题"]
        case .summary: ["内容概述", "摘要", "内容摘要", "内容简介", "概述"]
        case .documentNumber: ["文号", "发文字号", "发文文号", "文件编号"]
        case .issuingAgency: ["发布机构", "发文机关", "发布单位", "发文单位", "发布机关", "信息来源"]
        case .writtenOn: ["成文日期", "发文日期", "印发日期", "生成日期"]
        case .formedOn: ["形成日期", "形成或变更日期", "变更日期"]
        case .publishedOn: ["发布日期", "公开日期", "发布时间", "公开时间"]
        case .topic: ["主题分类", "主题", "主题词分类"]
        case .genre: ["体裁分类", "体裁", "文种"]
        case .category: ["公开类别", "类别", "信息类别", "目录类别", "公开内容类别", "第二十条类别"]
        case .mode: ["公开方式", "公开属性"]
        case .scope: ["公开范围"]
        case .timeLimit: ["公开时限"]
        case .validity: ["有效性", "效力状态", "时效性", "有效状态"]
        case .validityDate: ["废止或失效日期", "废止日期", "失效日期"]
        case .validityDocument: ["废止文件", "废止依据", "废止或宣布失效的文件"]
        case .documentKind: ["文件类型", "文件类别", "规范性文件类型"]
        case .body: ["正文", "内容", "全文"]
        }
    }

    /// The column a field of `CatalogueItem` is read from (to name it in a problem).
    static func of(_ field: InputField) -> CatalogueColumn {
        switch field.key {
        case CatalogueField.title.key: .title
        case CatalogueField.summary.key: .summary
        case CatalogueField.documentNumber.key: .documentNumber
        case CatalogueField.issuingAgency.key: .issuingAgency
        case CatalogueField.writtenOn.key: .writtenOn
        case CatalogueField.formedOn.key: .formedOn
        case CatalogueField.publishedOn.key: .publishedOn
        case CatalogueField.scope.key: .scope
        case CatalogueField.timeLimit.key: .timeLimit
        case CatalogueField.body.key: .body
        case CatalogueField.validity.key: .validityDate
        case CatalogueField.repealedBy.key: .validityDocument
        case CatalogueField.documentKind.key: .documentKind
        default: .title
        }
    }
}

/// One good row of a catalogue export: the item (validated; published when it has a 发布日期, else a draft) and its
/// 索引号 when the export gives one (kept as it is: a published 索引号 never changes).
public struct CatalogueImportRow: Sendable, Hashable {
    /// The spreadsheet row (1 = header).
    public var row: Int
    public var item: CatalogueItem
}

extension DisclosureCategory {
    /// Reads the item of 条例第二十条 as catalogue exports write it: its number ("7", "（七）", "(七)", "七",
    /// "第二十条第（七）项"), its wording in the article, or one of the short names in `shortNames`.
    public init?(importText text: String) {
        let s = text.trimmedWhitespace.replacingOccurrences(of: "(", with: "（").replacingOccurrences(of: ")", with: "）")
        if let n = Int(s), let c = DisclosureCategory(rawValue: n) { self = c; return }
        for c in Self.allCases {
            let numeral = Self.numerals[c.rawValue - 1]
            if [numeral, "（\(numeral)）", "第（\(numeral)）项", c.item, c.label].contains(s) || c.shortNames.contains(s) { self = c; return }
        }
        return nil
    }

    /// Short names catalogue systems use for the items (each names one item only).
    public var shortNames: [String] {
        switch self {
        case .regulationsAndDocuments: ["行政法规、规章和规范性文件", "法规文件", "规章和规范性文件", "政策文件", "规章", "规范性文件", "行政规范性文件", "法规规章", "政策法规"]
        case .organisation: ["机构职能", "机构设置", "机构概况"]
        case .plans: ["规划计划", "发展规划", "规划"]
        case .statistics: ["统计信息", "统计数据"]
        case .licensing: ["行政许可", "行政许可和其他对外管理服务事项"]
        case .penaltiesAndEnforcement: ["行政处罚和行政强制", "行政处罚、行政强制", "行政执法"]
        case .budgets: ["财政预决算", "财政预算、决算", "预决算", "财政信息", "财政预算决算", "预算决算", "部门预决算"]
        case .fees: ["行政事业性收费", "收费项目"]
        case .procurement: ["政府采购", "政府集中采购"]
        case .majorProjects: ["重大建设项目"]
        case .socialPolicies: ["民生政策", "扶贫、教育、医疗、社会保障、促进就业"]
        case .emergencies: ["应急管理", "突发公共事件"]
        case .supervision: ["监督检查", "监督检查情况"]
        case .civilServiceRecruitment: ["公务员招考", "人事信息", "招考录用"]
        case .otherRequired: ["其他"]
        }
    }
}

/// Reading a catalogue export. Pure: the rows in, checked rows or every problem out.
public enum CatalogueImport {
    /// Rows (data rows, the header excluded) accepted in one file.
    public static let maximumRows = 50_000

    /// The column of each field.
    /// - Throws: `ImportError` for a required column missing or a column given twice (two headers meaning the same field).
    public static func header(_ header: [String], file: String) throws -> [CatalogueColumn: Int] {
        var index: [CatalogueColumn: Int] = [:]
        var problems: [ImportProblem] = []
        for (i, h) in header.enumerated() {
            let name = h.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\u{FEFF}", with: "")
            guard let col = CatalogueColumn.allCases.first(where: { $0.aliases.contains(name) }) else { continue }
            if let first = index[col] {
                problems.append(ImportProblem(row: 1, column: col.rawValue,
                                              message: "表头重复：第\(first + 1)列“\(header[first])”和第\(i + 1)列“\(name)”都是“\(col.rawValue)”，无法确定用哪一列"))
            } else {
                index[col] = i
            }
        }
        for r in CatalogueColumn.required where index[r] == nil {
            problems.append(ImportProblem(row: 1, column: r.rawValue, message: "缺少该列（表头应包含“\(r.aliases.joined(separator: "”或“"))”）"))
        }
        if !problems.isEmpty { throw ImportError(file: file, what: "政府信息公开目录", problems: problems) }
        return index
    }

    /// Reads every row of a catalogue export (header first).
    ///
    /// Each row becomes a `CatalogueItem` obeying the same rules as one catalogued by hand (`CatalogueItem.validated`):
    /// - 名称 and 公开类别 (`DisclosureCategory(importText:)`) required; 发布机构 defaults to `agencyName`;
    /// - at least one of 成文日期, 形成日期, 发布日期 (the 形成日期 defaults to the 成文日期, else the 发布日期 — the
    ///   day the 20 working days of 条例第二十六条 start); no date after `today`;
    /// - 主题分类 by code or name (empty: 21 其他); 体裁分类 as `DocumentGenre` (empty: 其他); 文件类型 规章 / 行政规范性文件
    ///   (or 规范性文件) / 其他 (empty: 其他); 公开方式 主动公开 (default) / 依申请公开 / 不予公开 with its ground named
    ///   (条例第十四–十六条);
    /// - a row with a 发布日期 is imported as **published** (the CMS published it; its 保密审查 happened there) — so it
    ///   must be 主动公开; one without, as a draft that goes through review here;
    /// - 有效性 有效 (default) / 废止 (needs 废止或失效日期 and 废止文件) / 失效 (needs the date) — only for published rows;
    /// - a 索引号 given is kept as it is (one line, at most 100 characters) and may not repeat in the file.
    /// - Throws: `ImportError` listing every problem by row and column (nothing is imported); an empty file or one
    ///   without data rows is a problem too.
    public static func parse(rows: [[String]], file: String, agencyName: String, today: CalendarDate) throws -> [CatalogueImportRow] {
        guard let first = rows.first else {
            throw ImportError(file: file, what: "政府信息公开目录", problems: [ImportProblem(row: 1, column: "表头", message: "文件没有内容")])
        }
        let index = try header(first, file: file)
        var problems: [ImportProblem] = [], total = 0
        var out: [CatalogueImportRow] = []
        var seenIndex: [String: Int] = [:], seenItem: [String: Int] = [:]
        let headers = Dictionary(uniqueKeysWithValues: index.map { ($0.key, first[$0.value].trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\u{FEFF}", with: "")) })
        let dataRows = rows.count - 1
        if dataRows > maximumRows {
            throw ImportError(file: file, what: "政府信息公开目录",
                              problems: [ImportProblem(row: maximumRows + 2, column: "全部", message: "一次最多导入 \(maximumRows) 行，文件有 \(dataRows) 行，请分批导入")])
        }
        for (offset, raw) in rows.dropFirst().enumerated() {
            let rowNumber = offset + 2
            if raw.allSatisfy({ $0.trimmedWhitespace.isEmpty }) { continue }
            switch parseRow(raw, row: rowNumber, index: index, headers: headers, agencyName: agencyName, today: today) {
            case .success(let r):
                let key = "\(r.item.title)\u{1}\(r.item.documentNumber)\u{1}\((r.item.writtenOn ?? r.item.publishedOn)?.description ?? "")"
                if let earlier = seenItem[key] {
                    problems.append(ImportProblem(row: rowNumber, column: headers[.title] ?? CatalogueColumn.title.rawValue,
                                                  message: "与第\(earlier)行是同一条信息（名称、文号、日期相同）"))
                    total += 1
                    continue
                }
                seenItem[key] = rowNumber
                if let n = r.item.indexNumber {
                    if let earlier = seenIndex[n] {
                        problems.append(ImportProblem(row: rowNumber, column: headers[.indexNumber] ?? CatalogueColumn.indexNumber.rawValue, message: "索引号“\(n)”与第\(earlier)行重复"))
                        total += 1
                        continue
                    }
                    seenIndex[n] = rowNumber
                }
                out.append(r)
            case .failure(let list):
                total += list.problems.count
                problems.append(contentsOf: list.problems.prefix(max(0, ImportError.listed - problems.count)))
            }
        }
        if total > 0 { throw ImportError(file: file, what: "政府信息公开目录", problems: problems, total: total) }
        if out.isEmpty { throw ImportError(file: file, what: "政府信息公开目录", problems: [ImportProblem(row: 2, column: "全部", message: "文件没有数据行")]) }
        return out
    }

    struct Problems: Error { var problems: [ImportProblem] }

    static func parseRow(_ raw: [String], row: Int, index: [CatalogueColumn: Int], headers: [CatalogueColumn: String] = [:], agencyName: String,
                         today: CalendarDate) -> Result<CatalogueImportRow, Problems> {
        var problems: [ImportProblem] = []
        func cell(_ c: CatalogueColumn) -> String {
            guard let k = index[c], k < raw.count else { return "" }
            return raw[k].trimmedWhitespace
        }
        // A problem names the column as the file's header writes it (标题, 信息类别 …), or the field when the file has no such column.
        // One problem per column of a row (the first found).
        func problem(_ c: CatalogueColumn, _ m: String) {
            let column = headers[c] ?? c.rawValue
            if !problems.contains(where: { $0.column == column }) { problems.append(ImportProblem(row: row, column: column, message: m)) }
        }
        func date(_ c: CatalogueColumn) -> CalendarDate? {
            let text = cell(c)
            guard !text.isEmpty else { return nil }
            guard let d = ledgerDate(text) else { problem(c, "“\(text)”不是日期（应为 2024-09-02、2024/9/2 或 2024年9月2日）"); return nil }
            if d < CatalogueItem.earliestDate { problem(c, "\(d) 早于 \(CatalogueItem.earliestDate)，不可能"); return nil }
            if d > today { problem(c, "\(d) 晚于今天（\(today)）"); return nil }
            return d
        }
        let written = date(.writtenOn), formed = date(.formedOn), published = date(.publishedOn)
        let datesGiven = [CatalogueColumn.writtenOn, .formedOn, .publishedOn].contains { !cell($0).isEmpty }
        if !datesGiven { problem(.writtenOn, "成文日期、形成日期、发布日期至少填写一项（条例第二十六条的期限自信息形成之日起算）") }

        let categoryText = cell(.category)
        let category = DisclosureCategory(importText: categoryText)
        if category == nil {
            problem(.category, categoryText.isEmpty ? "不能为空：应为条例第二十条的第几项（1–15、（一）或该项名称）"
                                                    : "“\(categoryText)”不是条例第二十条的一项（应为 1–15、（一）、第二十条第（一）项或该项名称）")
        }
        let topicText = cell(.topic)
        let topic = topicText.isEmpty ? SubjectTopic.other : SubjectTopic(codeOrLabel: topicText)
        if topic == nil { problem(.topic, "“\(topicText)”不是主题分类的代码（01–21）或名称") }
        let genreText = cell(.genre)
        let genre: DocumentGenre? = genreText.isEmpty ? .other
            : DocumentGenre(rawValue: genreText) ?? (["令", "命令"].contains(genreText) ? .order : nil)
        if genre == nil { problem(.genre, "“\(genreText)”不是体裁分类（" + DocumentGenre.allCases.map(\.label).joined(separator: "、") + "）") }
        let kindText = cell(.documentKind)
        let kind: DocumentKind? = switch kindText {
        case "", "其他", "其他文件": .other
        case "规章", "部门规章", "地方政府规章": .rule
        case "行政规范性文件", "规范性文件": .normativeDocument
        default: nil
        }
        if kind == nil { problem(.documentKind, "“\(kindText)”应为规章、行政规范性文件或其他") }
        let mode = Self.mode(cell(.mode))
        if case .failure(let m) = mode { problem(.mode, m.message) }

        let validityText = cell(.validity), end = date(.validityDate), document = cell(.validityDocument)
        var validity: Validity? = .effective
        switch validityText {
        case "", "有效", "现行有效", "继续有效":
            validity = .effective
            if !cell(.validityDate).isEmpty || !document.isEmpty {
                problem(.validity, "为“\(validityText.isEmpty ? "有效" : validityText)”，却填写了废止或失效的日期或文件（废止的请写“废止”，失效的请写“失效”）")
            }
        case "废止", "已废止":
            if end == nil && cell(.validityDate).isEmpty { problem(.validityDate, "不能为空：废止的信息须写明废止日期") }
            if document.isEmpty { problem(.validityDocument, "不能为空：废止的信息须写明废止它的文件") }
            validity = end.map { .repealed(on: $0, by: document) }
        case "失效", "已失效":
            if end == nil && cell(.validityDate).isEmpty { problem(.validityDate, "不能为空：失效的信息须写明失效日期") }
            validity = end.map { .lapsed(on: $0, by: document.isEmpty ? nil : document) }
        default:
            problem(.validity, "“\(validityText)”应为有效、废止或失效")
            validity = nil
        }
        if validity?.endDate != nil, published == nil, cell(.publishedOn).isEmpty {
            problem(.validity, "“\(validityText)”的信息须有发布日期（只有已发布的信息才能废止或失效）")
        }
        let indexText = cell(.indexNumber)
        if indexText.count > 100 { problem(.indexNumber, "超过 100 个字符") }
        if indexText.contains(where: { $0.isNewline }) { problem(.indexNumber, "不能换行") }
        if case .success(.withheld) = mode, published != nil { problem(.publishedOn, "不予公开的信息不能有发布日期") }
        if case .success(.onRequest) = mode, published != nil { problem(.publishedOn, "依申请公开的信息不能有发布日期（有发布日期的按主动公开导入）") }

        // A row with a bad value is still checked as a whole (名称, the order of the dates …), with neutral stand-ins for
        // the values refused above, so that every problem of the row is listed at once.
        var stand: Bool = false
        let m: DisclosureMode
        if case .success(let v) = mode { m = v } else { m = .proactive; stand = true }
        let categoryValue = category ?? ((kind ?? .other) == .other ? .otherRequired : .regulationsAndDocuments)
        let topicValue = topic ?? .other, genreValue = genre ?? .other, kindValue = kind ?? .other
        let validityValue = validity ?? .effective
        stand = stand || !problems.isEmpty
        let issuing = cell(.issuingAgency).isEmpty ? agencyName : cell(.issuingAgency)
        var item = CatalogueItem(indexNumber: indexText.isEmpty ? nil : indexText, title: cell(.title), summary: cell(.summary),
                                 documentNumber: cell(.documentNumber), issuingAgency: issuing, writtenOn: written,
                                 formedOn: formed ?? written ?? published, publishedOn: published, topic: topicValue, genre: genreValue, category: categoryValue,
                                 mode: m, scope: cell(.scope).isEmpty ? CatalogueItem.defaultScope : cell(.scope),
                                 timeLimit: cell(.timeLimit).isEmpty ? CatalogueItem.defaultTimeLimit : cell(.timeLimit),
                                 validity: validityValue, documentKind: kindValue, body: cell(.body), state: published == nil ? .draft : .published)
        do {
            item = try item.validated()
            if let p = published, p < item.formedOn {
                problem(.publishedOn, " \(p) 早于形成日期 \(item.formedOn)")
            }
            if let end = validityValue.endDate, let p = published, end < p { problem(.validityDate, "\(end) 早于发布日期 \(p)") }
        } catch let e as InputError {
            // With stand-ins, a problem that only the stand-ins cause is not reported.
            if !(stand && e.field.key == CatalogueField.documentKind.key) {
                problem(CatalogueColumn.of(e.field), e.reason.hasPrefix(" ") ? String(e.reason.dropFirst()) : e.reason)
            }
        } catch {
            problem(.title, "\(error)")
        }
        return problems.isEmpty && !stand ? .success(CatalogueImportRow(row: row, item: item)) : .failure(Problems(problems: problems))
    }

    struct ModeProblem: Error { var message: String }

    /// 公开方式 as exports write it; 不予公开 must name its ground (条例第十四–十六条) by the words of the article.
    static func mode(_ text: String) -> Result<DisclosureMode, ModeProblem> {
        switch text {
        case "", "主动公开", "主动": return .success(.proactive)
        case "依申请公开", "依申请": return .success(.onRequest)
        default: break
        }
        if let m = DisclosureMode(code: text) { return .success(m) }
        guard text.hasPrefix("不予公开") || text.hasPrefix("不公开") else {
            return .failure(ModeProblem(message: "“\(text)”应为主动公开、依申请公开或不予公开（写明理由）"))
        }
        let grounds: [(String, WithholdingGround)] = [("国家秘密", .stateSecret), ("禁止公开", .prohibitedByLaw), ("危及", .securityAndStability),
                                                      ("社会稳定", .securityAndStability), ("商业秘密", .thirdPartyRights), ("个人隐私", .thirdPartyRights),
                                                      ("第三方", .thirdPartyRights), ("内部事务", .internalAffairs), ("过程性", .processInformation),
                                                      ("执法案卷", .enforcementFile)]
        let found = Set(grounds.filter { text.contains($0.0) }.map(\.1))
        guard found.count == 1, let g = found.first else {
            return .failure(ModeProblem(message: "“\(text)”须写明一项不予公开的理由：国家秘密、法律行政法规禁止公开、危及安全稳定、商业秘密或个人隐私、内部事务、过程性信息、行政执法案卷"))
        }
        return .success(.withheld(g))
    }
}
