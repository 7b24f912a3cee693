import DisclosureExport
import DisclosureRules
import DisclosureStore
import Foundation

// MARK: Calendar change preview

/// A calendar change not yet made and the open applications it would move (see `Service.previewDayOff`).
public struct CalendarPreviewInfo: Sendable, Codable, Equatable {
    /// The notice years the change concerns.
    public var years: [Int]
    public var moves: [Move]
    /// One open application whose due date would move.
    public struct Move: Sendable, Codable, Equatable {
        public var queryCode: String
        public var agencyCode: String
        public var agencyName: String
        /// Due dates (YYYY-MM-DD) before and after the change; nil: cannot be computed (no notice for the year).
        public var old: String?
        public var new: String?
        /// Working days (on the changed calendar) the due date moves: positive later, negative earlier; nil when either
        /// date is missing.
        public var workingDays: Int?
    }
}

extension Service {
    /// Which open applications adding the day off `date` would move, and to which due date — computed with the same
    /// checks and the same recomputation as `addDayOff`, without changing anything.
    /// - Throws: `ServiceError` — `notAllowed` without the right to manage the calendar; `invalidInput` for an empty
    ///   name; `refused` for a day that is already not a working day; `calendarNotLoaded` for a year without a notice.
    public func previewDayOff(_ date: CalendarDate, name: String, by member: StaffMember) async throws -> CalendarPreviewInfo {
        try authorize(member, .manageCalendar)
        return try await run { Self.info(try await store.previewDayOff(date, name: name)) }
    }

    /// Which open applications importing the holiday notice(s) `json` would move (see `importCalendar`), without storing
    /// anything.
    /// - Throws: `ServiceError` — `notAllowed`; `refused`/`invalidInput` naming the bad date or year (the same checks as
    ///   `importCalendar`).
    public func previewCalendarImport(json: Data, by member: StaffMember, now: Date = Date()) async throws -> CalendarPreviewInfo {
        try authorize(member, .manageCalendar)
        return try await run { Self.info(try await store.previewImportCalendar(json: json, now: now)) }
    }

    static func info(_ p: Store.CalendarPreview) -> CalendarPreviewInfo {
        CalendarPreviewInfo(years: p.years, moves: p.moves.map {
            .init(queryCode: $0.queryCode, agencyCode: $0.agencyCode, agencyName: $0.agencyName, old: $0.old, new: $0.new, workingDays: $0.workingDays)
        })
    }
}

// MARK: Agency tree

/// An agency in the hierarchy: `depth` 0 for a top agency (a region or a government), 1 for the agencies under it …
public struct AgencyTreeRow: Sendable, Codable, Equatable {
    public var info: AgencyInfo
    public var parentCode: String?
    public var depth: Int
}

extension Service {
    /// Every agency in tree order: each parent followed by its children (by code), depth-first.
    public func agencyTree() async throws -> [AgencyTreeRow] {
        try await run {
            let all = try await store.agencyDirectory()
            let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let children = Dictionary(grouping: all.filter { $0.parentID.flatMap { byID[$0] } != nil }, by: { $0.parentID! })
            var out: [AgencyTreeRow] = []
            var seen = Set<UUID>()
            func visit(_ a: AgencyEntry, _ depth: Int) {
                guard seen.insert(a.id).inserted else { return }
                out.append(AgencyTreeRow(info: AgencyInfo(code: a.code, name: a.name, kind: a.kind, timeZone: a.timeZone),
                                         parentCode: a.parentID.flatMap { byID[$0]?.code }, depth: depth))
                for c in (children[a.id] ?? []).sorted(by: { $0.code < $1.code }) { visit(c, depth + 1) }
            }
            for a in all.sorted(by: { $0.code < $1.code }) where a.parentID.flatMap({ byID[$0] }) == nil { visit(a, 0) }
            // A cycle (not possible through addAgency) would leave agencies unvisited: list them at the top.
            for a in all.sorted(by: { $0.code < $1.code }) where !seen.contains(a.id) { visit(a, 0) }
            return out
        }
    }
}

// MARK: Audit log

/// One administrative change as the audit log shows it. Carries no applicant's data: administrative events never
/// concern an application.
public struct AuditLogEntry: Sendable, Codable, Equatable {
    /// Beijing time, "2026-03-02 09:15:04".
    public var at: String
    public var actor: String
    public var roleLabel: String
    /// `EventKind` raw value and its Chinese name.
    public var kind: String
    public var kindLabel: String
    /// What was changed: "示例市教育局（edu）", "用户 clerk-a", "工作日日历".
    public var object: String
    public var detail: String
}

/// One page of the audit log.
public struct AuditLogPage: Sendable, Codable, Equatable {
    public var entries: [AuditLogEntry]
    public var page: Int
    public var pageCount: Int
    public var total: Int
}

extension Service {
    /// The administrative event kinds (`EventKind.administrative`) with their Chinese names, in the log's order.
    public static let auditKinds: [(code: String, label: String)] = EventKind.administrative.map { ($0.rawValue, auditLabel($0)) }

    static func auditLabel(_ k: EventKind) -> String {
        switch k {
        case .agencyAdded: "添加机关"
        case .agencyUpdated: "修改机关信息"
        case .userAdded: "添加用户"
        case .passwordChanged: "设置或重置密码"
        case .userDisabled: "停用或启用账号"
        case .calendarChanged: "修改工作日日历"
        case .letterTemplateChanged: "修改文书模板"
        case .reportPublished: "发布年度报告"
        case .baselineImported: "导入上年基准报告"
        case .catalogueSettingsChanged: "设置索引号"
        case .catalogueImported: "导入政府信息公开目录"
        default: k.rawValue
        }
    }

    /// Events per page of `auditLog`.
    public static let auditPageSize = 50

    /// The audit log of administrative changes (agencies, accounts, passwords, the calendar, letter templates, report
    /// publication and baselines), newest first, for the administrator.
    /// - Parameters:
    ///   - kind: one `EventKind` raw value among `auditKinds`; nil: all of them.
    ///   - from, to: the first and last day included (Beijing time).
    ///   - page: 1-based; `auditPageSize` events a page.
    /// - Throws: `ServiceError` — `notAllowed` for anyone but the administrator; `invalidInput` (field `kind`, `to`) for
    ///   an unknown kind or a range that ends before it starts.
    public func auditLog(kind: String? = nil, from: CalendarDate? = nil, to: CalendarDate? = nil, page: Int = 1,
                         by member: StaffMember) async throws -> AuditLogPage {
        let (kinds, start, end) = try auditFilter(kind: kind, from: from, to: to, by: member)
        return try await run {
            let size = Self.auditPageSize
            let first = try await store.administrativeEvents(kinds: kinds, from: start, to: end, offset: 0, limit: 1)
            let pageCount = max(1, (first.total + size - 1) / size)
            let number = min(max(1, page), pageCount)
            let r = try await store.administrativeEvents(kinds: kinds, from: start, to: end, offset: (number - 1) * size, limit: size)
            let names = try await store.agencyNames()
            return AuditLogPage(entries: r.events.map { Self.auditEntry($0, names) }, page: number, pageCount: pageCount, total: r.total)
        }
    }

    /// The whole audit log for the same filter as CSV (UTF-8 with BOM): 时间（北京时间）, 操作人, 角色, 事项, 对象, 说明.
    /// - Throws: what `auditLog` throws.
    public func auditLogCSV(kind: String? = nil, from: CalendarDate? = nil, to: CalendarDate? = nil, by member: StaffMember) async throws -> Data {
        let (kinds, start, end) = try auditFilter(kind: kind, from: from, to: to, by: member)
        return try await run {
            let r = try await store.administrativeEvents(kinds: kinds, from: start, to: end, offset: 0, limit: 1_000_000)
            let names = try await store.agencyNames()
            let rows = r.events.map { Self.auditEntry($0, names) }.map { [$0.at, $0.actor, $0.roleLabel, $0.kindLabel, $0.object, $0.detail] }
            return DashboardFiles.csv([["时间（北京时间）", "操作人", "角色", "事项", "对象", "说明"]] + rows)
        }
    }

    func auditFilter(kind: String?, from: CalendarDate?, to: CalendarDate?, by member: StaffMember) throws -> ([EventKind]?, Date?, Date?) {
        try authorize(member, .manageUsers)
        var kinds: [EventKind]?
        if let kind, !kind.isEmpty {
            guard let k = EventKind(rawValue: kind), EventKind.administrative.contains(k) else {
                throw ServiceError(.invalidInput, "事项“\(kind)”不是管理操作的种类（可选：\(Self.auditKinds.map(\.label).joined(separator: "、"))）", field: "kind")
            }
            kinds = [k]
        }
        if let from, let to, to < from { throw ServiceError(.invalidInput, "结束日期 \(to) 早于开始日期 \(from)", field: "to") }
        return (kinds, from.map(Self.beijingMidnight), to.map { Self.beijingMidnight($0.adding(days: 1)) })
    }

    static let beijing = TimeZone(identifier: "Asia/Shanghai")!

    /// 00:00 Beijing time of a day.
    static func beijingMidnight(_ d: CalendarDate) -> Date {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = beijing
        return c.date(from: DateComponents(year: d.year, month: d.month, day: d.day))!
    }

    static func auditEntry(_ e: EventRecord, _ names: [UUID: (code: String, name: String)]) -> AuditLogEntry {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = beijing
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let kind = EventKind(rawValue: e.kind)
        let agency = e.agencyID.flatMap { names[$0] }.map { "\($0.name)（\($0.code)）" }
        func json(_ s: String?) -> [String: String] {
            guard let s, let d = s.data(using: .utf8), let v = try? JSONDecoder().decode([String: String].self, from: d) else { return [:] }
            return v
        }
        var object = agency ?? "—"
        var detail = e.detail ?? ""
        switch kind {
        case .agencyAdded:
            let a = json(e.after)
            let kindLabel = a["kind"].map { $0 == AgencyKind.government.rawValue ? "人民政府" : "部门" }
            detail = ["代码 \(a["code"] ?? "")", "名称 \(a["name"] ?? "")", kindLabel.map { "类型 \($0)" }].compactMap { $0 }.joined(separator: "，")
        case .userAdded:
            let a = json(e.after)
            object = "用户 \(a["username"] ?? "")"
            let role = a["role"].flatMap(StaffRole.init(rawValue:))?.label ?? a["role"] ?? ""
            detail = "角色 \(role)" + ((a["agency"] ?? "").isEmpty ? "" : "，机关或地区 \(a["agency"]!)")
        case .passwordChanged:
            object = "用户 \(e.detail ?? "")"
            detail = e.actor == e.detail ? "本人修改密码" : "管理员重置密码（一次性密码，首次登录须修改）"
        case .userDisabled:
            let parts = (e.detail ?? "").split(separator: " ", maxSplits: 1).map(String.init)
            object = "用户 \(parts.first ?? "")"
            detail = parts.count > 1 ? parts[1] : ""
        case .calendarChanged:
            object = "工作日日历"
        case .letterTemplateChanged:
            let title = e.detail.flatMap(LetterKind.init(rawValue:))?.title ?? (e.detail ?? "")
            object = (agency ?? "—") + " · " + title
            // The wording itself is not repeated here (it is on the letter templates page); its length is.
            if let body = e.after.flatMap({ try? JSONDecoder().decode(String.self, from: Data($0.utf8)) }) {
                detail = "改为本机关措辞（\(body.count) 字）"
            } else {
                detail = "恢复标准措辞"
            }
        case .catalogueSettingsChanged:
            let a = json(e.after)
            detail = "机关代码 \(a["organisationCode"] ?? "")，索引号格式 \(a["pattern"] ?? "")"
        case .catalogueImported:
            let a = json(e.after)
            detail = "\(a["file"] ?? "")：导入 \(a["imported"] ?? "") 条（已发布 \(a["published"] ?? "")，草稿 \(a["drafts"] ?? "")）"
        case .reportPublished:
            let lines = (e.detail ?? "").split(separator: "\n").map(String.init)
            detail = lines.first.map { $0.replacingOccurrences(of: "；已确认警告：", with: "") } ?? ""
            if lines.count > 1 { detail += "（已确认 \(lines.count - 1) 条警告）" }
        default:
            break
        }
        return AuditLogEntry(at: f.string(from: e.at), actor: e.actor, roleLabel: StaffRole(rawValue: e.role)?.label ?? e.role,
                             kind: e.kind, kindLabel: kind.map(auditLabel) ?? e.kind, object: object, detail: detail)
    }
}

// MARK: Letter templates

/// One letter kind's wording for an agency, as the templates page shows it.
public struct LetterTemplateInfo: Sendable, Codable, Equatable {
    /// `LetterKind` raw value and the document's title.
    public var kind: String
    public var title: String
    /// The article the document is issued under.
    public var legalBasis: String
    /// The wording in force: the agency's own, or the standard one.
    public var body: String
    public var standardBody: String
    /// Whether the agency has its own wording.
    public var custom: Bool
}

extension Service {
    /// Refuses unless `member` is the head of `agencyCode`'s office (its own agency) or an administrator.
    func authorizeLetterTemplates(_ member: StaffMember, agencyCode: String) throws {
        guard member.isSystem || member.role.may(.publishReports) || member.role.may(.manageAgencies) else {
            throw ServiceError(.notAllowed, "角色“\(member.role.label)”无权修改文书模板（由机构负责人或系统管理员修改）")
        }
        // The administrator keeps every agency (its scope holds no agency's applications, but agencies are its to manage).
        if member.role.may(.manageAgencies) { try authorize(member, .manageAgencies) } else { try authorize(member, .publishReports, agencyCode: agencyCode) }
    }

    /// Every letter kind's wording for an agency (its own or the standard one), for the head of its office or an
    /// administrator.
    /// - Throws: `ServiceError` (`notAllowed`; `notFound` for an unknown agency or one out of scope).
    public func letterTemplates(agencyCode: String, by member: StaffMember) async throws -> [LetterTemplateInfo] {
        try authorizeLetterTemplates(member, agencyCode: agencyCode)
        return try await run {
            let agency = try await store.requireAgency(code: agencyCode)
            var out: [LetterTemplateInfo] = []
            for kind in LetterKind.allCases {
                let own = try await store.letterTemplate(agencyID: agency.id!, kind: kind.rawValue)
                let standard = LetterTemplate.standard(kind).body
                out.append(LetterTemplateInfo(kind: kind.rawValue, title: kind.title, legalBasis: kind.legalBasis, body: own ?? standard,
                                              standardBody: standard, custom: own != nil))
            }
            return out
        }
    }
}

// MARK: Letter preview

/// A letter as it will be printed, before it is issued (nothing stored).
public struct LetterPreview: Sendable, Codable, Equatable {
    public var kind: String
    public var title: String
    /// The addressee line ("张*：", or the third party's name), then the body paragraphs.
    public var addressee: String?
    public var paragraphs: [String]
    /// "示例市教育局（盖章）" and the letter's date as printed ("2024年10月28日").
    public var seal: String
    public var date: String
    /// The facts taken from the record, as label and value (收到申请日期, 答复期限, 答复决定, 法律依据 …).
    public var facts: [Fact]
    /// Whether the agency's own wording was used (else the standard one).
    public var customTemplate: Bool
    public struct Fact: Sendable, Codable, Equatable { public var label: String; public var value: String }
}

extension Service {
    /// The letter of `kind` for an application as it would be issued now (`issueLetter`), rendered but not stored:
    /// the agency's wording (or the standard one) filled from the record.
    /// - Throws: `ServiceError` (see `letterFacts`; `invalidInput` for the agency's template when it no longer fits).
    public func letterPreview(code: String, kind: LetterKind, input: LetterInput = LetterInput(), by member: StaffMember) async throws -> LetterPreview {
        let (facts, own) = try await letterContext(code: code, kind: kind, input: input, by: member)
        let letter: Letter
        do { letter = try Letter(template: own ?? .standard(kind), facts: facts) } catch let e as LetterError {
            throw ServiceError(.invalidInput, e.description, field: "template")
        }
        var paragraphs = letter.paragraphs
        // The addressee line as the Word document prints it (flush left, see LetterExporter).
        let addressee = paragraphs.first.flatMap { $0.hasSuffix("：") ? $0 : nil }
        if addressee != nil { paragraphs.removeFirst() }
        var list: [LetterPreview.Fact] = [.init(label: "查询码", value: facts.queryCode), .init(label: "申请人", value: facts.applicant),
                                          .init(label: "收到申请日期", value: facts.received.chinese)]
        if let d = facts.due { list.append(.init(label: kind == .extensionNotice ? "原答复期限" : "答复期限", value: d.chinese)) }
        if let d = facts.extendedDue { list.append(.init(label: "延长后期限", value: d.chinese)) }
        if let o = facts.outcome {
            list.append(.init(label: "答复决定", value: o.label))
            list.append(.init(label: "法律依据", value: o.legalBasis))
        }
        if let d = facts.correctionBy { list.append(.init(label: "补正期限", value: d.chinese)) }
        if let d = facts.opinionBy { list.append(.init(label: "第三方意见期限", value: d.chinese)) }
        if let d = facts.payBy { list.append(.init(label: "缴费期限", value: d.chinese)) }
        list.append(.init(label: "文书依据", value: kind.legalBasis))
        list.append(.init(label: "文书日期", value: letter.date))
        return LetterPreview(kind: kind.rawValue, title: letter.title, addressee: addressee, paragraphs: paragraphs, seal: letter.seal,
                             date: letter.date, facts: list, customTemplate: own != nil)
    }
}
