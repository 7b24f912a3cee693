import DisclosureRules
import DisclosureStore
import Foundation

/// One entry of the government information catalogue as the front ends show it (issue 12): the item with its 索引号,
/// its 保密审查 reviews oldest first, who created and published it, and — for proactive items — where it stands
/// against the 20 working days of 条例第二十六条 on the day asked.
public struct CatalogueEntry: Sendable, Hashable {
    public var indexNumber: String
    public var item: CatalogueItem
    public var reviews: [ConfidentialityReview]
    public var createdBy: String
    public var publishedBy: String?
    /// nil for 依申请公开 / 不予公开 items, or when the period reaches a year without a holiday notice.
    public var timeliness: PublicationTimeliness?
    /// Policy interpretations (政策解读, one-to-one): the 索引号 of the document this item interprets, and of this
    /// item's interpretation; nil when none. See `Service.linkInterpretation`.
    public var interpretsIndexNumber: String? = nil
    public var interpretationIndexNumber: String? = nil
    /// The attachments (附件), without their bytes, oldest first.
    public var attachments: [CatalogueAttachment] = []
}

extension Service {
    /// An agency's 索引号 settings: its 组织机构代码 (9 characters, GB 11714) or 统一社会信用代码 (18, GB 32100) and the
    /// pattern (`IndexNumberPattern`; default `{org}/{year}-{seq:5}`). Items already catalogued keep their 索引号.
    /// - Throws: `ServiceError` — `invalidInput` (field `organisationCode` or `indexPattern`), `notAllowed` (needs
    ///   `manageCatalogue`: the head or the administrator), `notFound`.
    public func setCatalogueSettings(agencyCode: String, organisationCode: String, pattern: String = IndexNumberPattern.defaultPattern,
                                     by member: StaffMember, now: Date = Date()) async throws {
        try authorizeCatalogueSettings(member, agencyCode: agencyCode)
        try await run { _ = try await store.setCatalogueSettings(agencyCode: agencyCode, organisationCode: organisationCode, pattern: pattern,
                                                                 actor: member.actor, now: now) }
    }

    /// Catalogues a new item as a draft and gives it its 索引号 (once; see `Store.createCatalogueDraft`).
    /// - Throws: `ServiceError` — `invalidInput` naming the field, `conflict` when the agency has no 索引号 settings,
    ///   `notAllowed` (needs `editCatalogue`: handler or head), `notFound`.
    public func addCatalogueItem(agencyCode: String, item: CatalogueItem, by member: StaffMember, now: Date = Date()) async throws -> CatalogueEntry {
        try authorize(member, .editCatalogue, agencyCode: agencyCode)
        return try await run { try await entry(try await store.createCatalogueDraft(agencyCode: agencyCode, item: item, actor: member.actor, now: now), now: now) }
    }

    /// Replaces a draft's content (an item under review goes back to draft); the 索引号 stays.
    /// - Throws: `ServiceError` — `refused` for a published item, `invalidInput`, `notAllowed`, `notFound`.
    public func editCatalogueItem(agencyCode: String, indexNumber: String, item: CatalogueItem, by member: StaffMember, now: Date = Date()) async throws -> CatalogueEntry {
        try authorize(member, .editCatalogue, agencyCode: agencyCode)
        return try await run {
            try await entry(try await store.updateCatalogueDraft(agencyCode: agencyCode, indexNumber: indexNumber, item: item, actor: member.actor, now: now), now: now)
        }
    }

    /// Records the 保密审查 of an item's current revision (条例第十七条) by the named `reviewer`: passed clears it for
    /// publication, failed sends it back to draft.
    /// - Throws: `ServiceError` — `invalidInput` (fields `reviewer`, `opinion`, `date`), `refused` for a published
    ///   item, `notAllowed` (needs `reviewCatalogue`: the head), `notFound`.
    /// - Parameter date: the day of the review; nil: the agency's today.
    public func reviewCatalogueItem(agencyCode: String, indexNumber: String, reviewer: String, result: ReviewResult, date: CalendarDate? = nil,
                                    opinion: String = "", by member: StaffMember, now: Date = Date()) async throws -> CatalogueEntry {
        try authorize(member, .reviewCatalogue, agencyCode: agencyCode)
        return try await run {
            let day = try await dayOrToday(date, agencyCode: agencyCode, now: now)
            return try await entry(try await store.recordCatalogueReview(agencyCode: agencyCode, indexNumber: indexNumber, reviewer: reviewer, result: result,
                                                                         date: day, opinion: opinion, actor: member.actor, now: now), now: now)
        }
    }

    /// Publishes an item on `date`. Refused — and the attempt written to the event log — unless its latest 保密审查
    /// passed, was of its current revision and is not later than `date`; a policy interpretation also unless its
    /// document is published on or before `date` (`linkInterpretation`).
    /// - Throws: `ServiceError` — `refused` (the reason in the message: not reviewed, review failed, changed since),
    ///   `invalidInput` (a date after today), `notAllowed` (needs `editCatalogue`), `notFound`.
    /// - Parameter date: the publication day; nil: the agency's today.
    public func publishCatalogueItem(agencyCode: String, indexNumber: String, date: CalendarDate? = nil, by member: StaffMember, now: Date = Date()) async throws -> CatalogueEntry {
        try authorize(member, .editCatalogue, agencyCode: agencyCode)
        return try await run {
            let day = try await dayOrToday(date, agencyCode: agencyCode, now: now)
            return try await entry(try await store.publishCatalogueItem(agencyCode: agencyCode, indexNumber: indexNumber, date: day, actor: member.actor, now: now), now: now)
        }
    }

    /// Repeals (废止, naming the repealing document) or declares lapsed (失效) a published item; it stays visible, marked.
    /// - Throws: `ServiceError` — `refused` unless published and in force, `invalidInput` (dates, the document),
    ///   `notAllowed` (needs `editCatalogue`), `notFound`.
    public func endCatalogueItem(agencyCode: String, indexNumber: String, validity: Validity, by member: StaffMember, now: Date = Date()) async throws -> CatalogueEntry {
        try authorize(member, .editCatalogue, agencyCode: agencyCode)
        return try await run {
            try await entry(try await store.endCatalogueItem(agencyCode: agencyCode, indexNumber: indexNumber, validity: validity, actor: member.actor, now: now), now: now)
        }
    }

    /// The agency's catalogue, by 索引号 year and number; `state` narrows it. Timeliness is judged on `asOf` (default:
    /// the agency's today).
    /// - Throws: `ServiceError` — `notAllowed` (needs `readCatalogue`), `notFound`.
    public func catalogue(agencyCode: String, state: CatalogueState? = nil, asOf: CalendarDate? = nil, by member: StaffMember,
                          now: Date = Date()) async throws -> [CatalogueEntry] {
        try authorize(member, .readCatalogue, agencyCode: agencyCode)
        return try await run {
            let zone = try await store.agencyTimeZone(code: agencyCode)
            let day = try asOf ?? CalendarDate.today(in: zone, now: now)
            let clock = PublicationClock(calendar: try await store.workingCalendar())
            return try await store.catalogueItems(agencyCode: agencyCode, state: state).map { Self.entry($0, clock: clock, asOf: day) }
        }
    }

    /// The decision counts and fee amounts of table 二 for a year (replacing earlier ones).
    /// - Throws: `ServiceError` — `invalidInput` (a negative count), `conflict` (the year's report is published),
    ///   `notAllowed` (needs `editCatalogue`), `notFound`.
    public func setDecisionFigures(agencyCode: String, year: Int, figures: DecisionFigures, by member: StaffMember, now: Date = Date()) async throws {
        try authorize(member, .editCatalogue, agencyCode: agencyCode)
        try await run { try await store.setDecisionFigures(agencyCode: agencyCode, year: year, figures: figures, actor: member.actor, now: now) }
    }

    /// One event of an item's history, for `catalogueItem`.
    public struct CatalogueEvent: Sendable, Hashable {
        /// Beijing time, "2026-03-02 09:15:04".
        public var at: String
        public var actor: String
        /// 编目, 导入, 修改, 保密审查, 发布, 发布被拒绝, 废止或失效, 添加附件, 删除附件, 关联政策解读, 取消关联政策解读.
        public var label: String
        /// The refusal's reason, the review's result, the publication date.
        public var detail: String
    }

    /// One item by 索引号 with its history from the event log (drafted or imported, edited, reviewed, published, refused attempts
    /// to publish with their reason, repealed), oldest first.
    /// - Throws: `ServiceError` — `notAllowed` (needs `readCatalogue`), `notFound`.
    public func catalogueItem(agencyCode: String, indexNumber: String, by member: StaffMember, now: Date = Date()) async throws -> (CatalogueEntry, [CatalogueEvent]) {
        try authorize(member, .readCatalogue, agencyCode: agencyCode)
        return try await run {
            let stored = try await store.catalogueItem(agencyCode: agencyCode, indexNumber: indexNumber)
            let key = "\"item\":\"\(stored.id.uuidString)\""
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = Self.beijing; f.dateFormat = "yyyy-MM-dd HH:mm:ss"
            let events = try await store.catalogueEvents(agencyCode: agencyCode).filter { $0.after?.contains(key) == true }.map { e -> CatalogueEvent in
                let after = e.after.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
                let (label, detail): (String, String) = switch EventKind(rawValue: e.kind) {
                case .catalogueItemDrafted: ("编目", "索引号 \(after["indexNumber"] ?? "")")
                case .catalogueItemEdited: ("修改", "第\(after["revision"] ?? "")版")
                case .catalogueReviewRecorded:
                    ("保密审查", "\(after["reviewer"] ?? "")，\(after["date"] ?? "")，\(ReviewResult(rawValue: after["result"] ?? "")?.label ?? "")")
                case .catalogueItemPublished: ("发布", "发布日期 \(after["date"] ?? "")")
                case .cataloguePublishRefused: ("发布被拒绝", e.detail ?? "")
                case .catalogueItemEnded: ("废止或失效", "\(after["date"] ?? "") \(after["document"] ?? "")")
                case .catalogueItemImported:
                    ("导入", "自 \(after["file"] ?? "") 第\(after["row"] ?? "")行导入，\(CatalogueState(rawValue: after["state"] ?? "")?.label ?? "")")
                case .catalogueAttachmentAdded: ("添加附件", "\(after["fileName"] ?? "")，第\(after["revision"] ?? "")版")
                case .catalogueAttachmentRemoved: ("删除附件", "\(after["fileName"] ?? "")，第\(after["revision"] ?? "")版")
                case .catalogueInterpretationLinked: ("关联政策解读", "所解读的文件 \(after["document"] ?? "")")
                case .catalogueInterpretationUnlinked: ("取消关联政策解读", "")
                default: (e.kind, e.detail ?? "")
                }
                return CatalogueEvent(at: f.string(from: e.at), actor: e.actor, label: label, detail: detail)
            }
            return (try await entry(stored, now: now), events)
        }
    }

    func dayOrToday(_ date: CalendarDate?, agencyCode: String, now: Date) async throws -> CalendarDate {
        if let date { return date }
        return try CalendarDate.today(in: try await store.agencyTimeZone(code: agencyCode), now: now)
    }

    func entry(_ s: StoredCatalogueItem, now: Date) async throws -> CatalogueEntry {
        let day = try CalendarDate.today(in: try await store.agencyTimeZone(code: s.agencyCode), now: now)
        return Self.entry(s, clock: PublicationClock(calendar: try await store.workingCalendar()), asOf: day)
    }

    static func entry(_ s: StoredCatalogueItem, clock: PublicationClock, asOf: CalendarDate) -> CatalogueEntry {
        CatalogueEntry(indexNumber: s.item.indexNumber ?? "", item: s.item, reviews: s.reviews, createdBy: s.createdBy, publishedBy: s.publishedBy,
                       timeliness: try? clock.timeliness(of: s.item, asOf: asOf), interpretsIndexNumber: s.interpretsIndexNumber,
                       interpretationIndexNumber: s.interpretationIndexNumber, attachments: s.attachments)
    }
}
