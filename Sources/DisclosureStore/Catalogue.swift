import DisclosureRules
import FluentKit
import Foundation

/// A catalogue item as stored: the item (with its 索引号), its reviews oldest first, and who created and published it.
public struct StoredCatalogueItem: Sendable, Hashable {
    public var id: UUID
    public var agencyCode: String
    public var item: CatalogueItem
    public var reviews: [ConfidentialityReview]
    public var createdBy: String
    public var publishedBy: String?
    /// Policy interpretations (migration 012): the 索引号 of the document this item interprets, and of the
    /// interpretation of this item (a document), nil when none.
    public var interpretsIndexNumber: String? = nil
    public var interpretationIndexNumber: String? = nil
    /// The attachments, without their bytes, oldest first.
    public var attachments: [CatalogueAttachment] = []
}

/// An agency's 索引号 settings.
public struct CatalogueSettings: Sendable, Hashable {
    public var organisationCode: String
    public var pattern: IndexNumberPattern
}

extension Store {
    // MARK: Settings

    /// Sets an agency's 组织机构代码 / 统一社会信用代码 and its 索引号 pattern (default `IndexNumberPattern.defaultPattern`).
    /// Items created before keep their 索引号.
    /// - Throws: `InputError` (fields `organisationCode`, `indexPattern`), `StoreError.notFound` (agency).
    @discardableResult
    public func setCatalogueSettings(agencyCode: String, organisationCode: String, pattern: String = IndexNumberPattern.defaultPattern,
                                     actor: Actor, now: Date = Date()) async throws -> CatalogueSettings {
        let code = try OrganisationCode.normalized(organisationCode)
        let p = try IndexNumberPattern(pattern)
        let agency = try await requireAgency(code: agencyCode)
        let agencyID = agency.id!
        try await transaction { tx in
            let before = try await CatalogueSettingsRecord.query(on: tx).filter(\.$agencyID == agencyID).first()
            let r = before ?? CatalogueSettingsRecord()
            let old = before.map { ["organisationCode": $0.organisationCode, "pattern": $0.indexPattern] }
            r.agencyID = agencyID; r.organisationCode = code; r.indexPattern = p.description; r.updatedBy = actor.name; r.updatedAt = now
            try await r.save(on: tx)
            try await EventLog.append(.catalogueSettingsChanged, on: tx, agency: agencyID, actor: actor, at: now, before: old,
                                      after: ["organisationCode": code, "pattern": p.description])
        }
        return CatalogueSettings(organisationCode: code, pattern: p)
    }

    /// An agency's 索引号 settings, nil when never set.
    /// - Throws: `StoreError.notFound` (agency).
    public func catalogueSettings(agencyCode: String) async throws -> CatalogueSettings? {
        let agency = try await requireAgency(code: agencyCode)
        guard let r = try await CatalogueSettingsRecord.query(on: db).filter(\.$agencyID == agency.id!).first() else { return nil }
        return CatalogueSettings(organisationCode: r.organisationCode, pattern: try IndexNumberPattern(r.indexPattern))
    }

    // MARK: Drafts

    /// Creates a draft and gives it its 索引号 — once: the pattern of the agency's settings with the next number of the
    /// item's year (the year of its 成文日期, else its 形成日期) in the agency. The item is validated
    /// (`CatalogueItem.validated`); its state, revision, 发布日期 and validity are set here (draft, 1, none, 有效).
    /// - Throws: `StoreError.conflict` when the agency has no 索引号 settings (`setCatalogueSettings`), `InputError` for
    ///   a field (naming it) or a date after the agency's today, `StoreError.notFound` (agency).
    public func createCatalogueDraft(agencyCode: String, item: CatalogueItem, actor: Actor, now: Date = Date()) async throws -> StoredCatalogueItem {
        let agency = try await requireAgency(code: agencyCode)
        let agencyID = agency.id!
        var draft = item
        draft.state = .draft; draft.revision = 1; draft.publishedOn = nil; draft.validity = .effective; draft.indexNumber = nil
        draft = try draft.validated()
        try await checkNotFuture(draft, agencyID: agencyID, now: now)
        let checked = draft
        let year = IndexNumberPattern.year(of: checked)
        let id = try await transaction { tx -> UUID in
            guard let s = try await CatalogueSettingsRecord.query(on: tx).filter(\.$agencyID == agencyID).first() else {
                throw StoreError.conflict("\(agency.name)尚未设置索引号（组织机构代码或统一社会信用代码），请先设置后再编目")
            }
            let pattern = try IndexNumberPattern(s.indexPattern)
            let last = try await CatalogueItemRecord.query(on: tx).filter(\.$agencyID == agencyID).filter(\.$indexYear == year)
                .sort(\.$indexSequence, .descending).first()
            let sequence = (last?.indexSequence ?? 0) + 1
            let index = try pattern.render(organisationCode: s.organisationCode, year: year, sequence: sequence, category: checked.category, topic: checked.topic)
            if try await CatalogueItemRecord.query(on: tx).filter(\.$agencyID == agencyID).filter(\.$indexNumber == index).first() != nil {
                throw StoreError.conflict("索引号 \(index) 已被使用（索引号格式改变后与旧编号重复），请调整索引号格式")
            }
            let r = CatalogueItemRecord()
            r.agencyID = agencyID; r.indexNumber = index; r.indexYear = year; r.indexSequence = sequence
            r.createdBy = actor.name; r.createdAt = now
            Self.fill(r, from: checked, now: now)
            try await r.create(on: tx)
            try await EventLog.append(.catalogueItemDrafted, on: tx, agency: agencyID, actor: actor, at: now,
                                      after: ["item": r.id!.uuidString, "indexNumber": index, "title": checked.title])
            return r.id!
        }
        return try await storedCatalogueItem(id: id, agencyCode: agencyCode)
    }

    /// Replaces the content of a draft or an item under review (which goes back to draft: its review was of the
    /// earlier text); the 索引号 stays, the revision goes up by one.
    /// - Throws: `CatalogueError.wrongState` for a published item, `InputError` for a field, `StoreError.notFound`
    ///   for an unknown agency or 索引号.
    public func updateCatalogueDraft(agencyCode: String, indexNumber: String, item: CatalogueItem, actor: Actor, now: Date = Date()) async throws -> StoredCatalogueItem {
        let agency = try await requireAgency(code: agencyCode)
        let agencyID = agency.id!
        var changed = item
        changed.publishedOn = nil; changed.validity = .effective
        changed = try changed.validated()
        try await checkNotFuture(changed, agencyID: agencyID, now: now)
        let checked = changed
        let id = try await transaction { tx -> UUID in
            let r = try await Self.requireItem(agencyID: agencyID, indexNumber: indexNumber, on: tx)
            let current = Self.item(r)
            try CatalogueWorkflow.checkEditable(current)
            let before = ["state": r.state, "revision": String(r.revision), "title": r.title]
            Self.fill(r, from: checked, now: now)
            r.state = CatalogueState.draft.rawValue
            r.revision = current.revision + 1
            try await r.update(on: tx)
            try await EventLog.append(.catalogueItemEdited, on: tx, agency: agencyID, actor: actor, at: now, before: before,
                                      after: ["item": r.id!.uuidString, "indexNumber": r.indexNumber, "state": r.state, "revision": String(r.revision), "title": r.title])
            return r.id!
        }
        return try await storedCatalogueItem(id: id, agencyCode: agencyCode)
    }

    // MARK: Review, publication, repeal

    /// Records a 保密审查 (条例第十七条) of the item's current revision by a named reviewer: passed → the item is cleared
    /// for publication (`underReview`); failed → back to draft.
    /// - Parameters:
    ///   - reviewer: the reviewer's name as it will stand in the record (required, one line, ≤ 100 characters).
    ///   - date: the day of the review (not after the agency's today, not before the item's 形成日期).
    /// - Throws: `InputError` (fields `reviewer`, `opinion`, `date`), `CatalogueError.wrongState` for a published item,
    ///   `StoreError.notFound`.
    public func recordCatalogueReview(agencyCode: String, indexNumber: String, reviewer: String, result: ReviewResult, date: CalendarDate,
                                      opinion: String = "", actor: Actor, now: Date = Date()) async throws -> StoredCatalogueItem {
        let name = try CleanText.requiredLine(reviewer, field: CatalogueField.reviewer, maxLength: 100)
        let note = try CleanText.paragraph(opinion, field: CatalogueField.opinion, maxLength: 2_000)
        let agency = try await requireAgency(code: agencyCode)
        let agencyID = agency.id!
        let today = try await agencyToday(id: agencyID, now: now, on: db)
        if date > today { throw InputError(.date, " \(date) 晚于今天（\(today)）") }
        let id = try await transaction { tx -> UUID in
            let r = try await Self.requireItem(agencyID: agencyID, indexNumber: indexNumber, on: tx)
            let current = Self.item(r)
            if date < current.formedOn { throw InputError(.date, " \(date) 早于信息形成日期 \(current.formedOn)") }
            let next = try CatalogueWorkflow.stateAfterReview(current, result: result)
            let review = CatalogueReviewRecord()
            review.itemID = r.id!; review.reviewer = name; review.result = result.rawValue; review.reviewDate = date.description
            review.opinion = note; review.revision = r.revision; review.recordedBy = actor.name; review.recordedAt = now
            try await review.create(on: tx)
            let before = r.state
            r.state = next.rawValue; r.updatedAt = now
            try await r.update(on: tx)
            try await EventLog.append(.catalogueReviewRecorded, on: tx, agency: agencyID, actor: actor, at: now, before: ["state": before],
                                      after: ["item": r.id!.uuidString, "indexNumber": r.indexNumber, "reviewer": name, "result": result.rawValue,
                                              "date": date.description, "revision": String(r.revision), "state": next.rawValue])
            return r.id!
        }
        return try await storedCatalogueItem(id: id, agencyCode: agencyCode)
    }

    /// Publishes an item on `date`: refused unless its latest 保密审查 passed, was of its current revision and is not
    /// later than `date` (`CatalogueWorkflow.clearance`), and — for a policy interpretation — unless its document is
    /// published, on or before `date` (`checkInterpretedDocumentPublished`). A refused attempt is written to the event log
    /// (`cataloguePublishRefused`, with the reason) in its own transaction before the refusal is thrown.
    /// - Throws: `CatalogueError` (the refusal), `InputError` for a date after the agency's today or before the
    ///   成文日期, `StoreError.notFound`.
    public func publishCatalogueItem(agencyCode: String, indexNumber: String, date: CalendarDate, actor: Actor, now: Date = Date()) async throws -> StoredCatalogueItem {
        let agency = try await requireAgency(code: agencyCode)
        let agencyID = agency.id!
        let today = try await agencyToday(id: agencyID, now: now, on: db)
        if date > today { throw InputError(CatalogueField.publishedOn, " \(date) 晚于今天（\(today)）") }
        let outcome = try await transaction { tx -> Result<UUID, CatalogueError> in
            let r = try await Self.requireItem(agencyID: agencyID, indexNumber: indexNumber, on: tx)
            var current = Self.item(r)
            let reviews = try await CatalogueReviewRecord.query(on: tx).filter(\.$itemID == r.id!).all().sorted { $0.recordedAt < $1.recordedAt }.map(Self.review)
            do {
                let cleared = try CatalogueWorkflow.clearance(for: current, reviews: reviews, publishing: date)
                try await Self.checkInterpretedDocumentPublished(itemID: r.id!, title: current.title, date: date, on: tx)
                current.publishedOn = date
                _ = try current.validated()
                r.publishedOn = date.description; r.state = CatalogueState.published.rawValue; r.publishedBy = actor.name; r.updatedAt = now
                try await r.update(on: tx)
                try await EventLog.append(.catalogueItemPublished, on: tx, agency: agencyID, actor: actor, at: now,
                                          after: ["item": r.id!.uuidString, "indexNumber": r.indexNumber, "date": date.description,
                                                  "reviewer": cleared.reviewer, "reviewDate": cleared.date.description])
                return .success(r.id!)
            } catch let e as CatalogueError {
                try await EventLog.append(.cataloguePublishRefused, on: tx, agency: agencyID, actor: actor, at: now,
                                          after: ["item": r.id!.uuidString, "indexNumber": r.indexNumber, "date": date.description, "state": r.state],
                                          detail: e.description)
                return .failure(e)
            }
        }
        switch outcome {
        case .success(let id): return try await storedCatalogueItem(id: id, agencyCode: agencyCode)
        case .failure(let e): throw e
        }
    }

    /// Repeals (废止, naming the repealing document) or declares lapsed (失效) a published item on a date; the item stays
    /// in the catalogue, marked so.
    /// - Throws: `CatalogueError.wrongState` unless published and in force, `InputError` for a date before its
    ///   成文日期 or publication or after the agency's today, a repeal without its document; `StoreError.notFound`.
    public func endCatalogueItem(agencyCode: String, indexNumber: String, validity: Validity, actor: Actor, now: Date = Date()) async throws -> StoredCatalogueItem {
        let agency = try await requireAgency(code: agencyCode)
        let agencyID = agency.id!
        let today = try await agencyToday(id: agencyID, now: now, on: db)
        if let end = validity.endDate, end > today { throw InputError(CatalogueField.validity, "的截止日期 \(end) 晚于今天（\(today)）") }
        let id = try await transaction { tx -> UUID in
            let r = try await Self.requireItem(agencyID: agencyID, indexNumber: indexNumber, on: tx)
            let ended = try CatalogueWorkflow.ending(Self.item(r), with: validity)
            Self.setValidity(r, ended)
            r.updatedAt = now
            try await r.update(on: tx)
            try await EventLog.append(.catalogueItemEnded, on: tx, agency: agencyID, actor: actor, at: now, before: ["validity": "effective"],
                                      after: ["item": r.id!.uuidString, "indexNumber": r.indexNumber, "validity": r.validity,
                                              "date": r.validityDate ?? "", "document": r.validityDocument ?? ""])
            return r.id!
        }
        return try await storedCatalogueItem(id: id, agencyCode: agencyCode)
    }

    // MARK: Reading

    /// The agency's catalogue items, by 索引号 year and number, with their reviews; `state` narrows it.
    /// - Throws: `StoreError.notFound` (agency).
    public func catalogueItems(agencyCode: String, state: CatalogueState? = nil) async throws -> [StoredCatalogueItem] {
        let agency = try await requireAgency(code: agencyCode)
        var q = CatalogueItemRecord.query(on: db).filter(\.$agencyID == agency.id!)
        if let state { q = q.filter(\.$state == state.rawValue) }
        let records = try await q.sort(\.$indexYear).sort(\.$indexSequence).all()
        let ids = records.compactMap(\.id)
        let reviews = ids.isEmpty ? [] : try await CatalogueReviewRecord.query(on: db).filter(\.$itemID ~~ ids).all()
        let byItem = Dictionary(grouping: reviews.sorted { $0.recordedAt < $1.recordedAt }, by: \.itemID)
        return try await withLinksAndAttachments(records.map { r in
            StoredCatalogueItem(id: r.id!, agencyCode: agencyCode, item: Self.item(r), reviews: (byItem[r.id!] ?? []).map(Self.review),
                                createdBy: r.createdBy, publishedBy: r.publishedBy)
        }, agencyID: agency.id!)
    }

    /// One item by 索引号.
    /// - Throws: `StoreError.notFound` (agency, 索引号).
    public func catalogueItem(agencyCode: String, indexNumber: String) async throws -> StoredCatalogueItem {
        let agency = try await requireAgency(code: agencyCode)
        let r = try await Self.requireItem(agencyID: agency.id!, indexNumber: indexNumber, on: db)
        return try await storedCatalogueItem(id: r.id!, agencyCode: agencyCode)
    }

    /// The catalogue events of an agency (drafted, edited, reviewed, published, refused, ended), oldest first.
    public func catalogueEvents(agencyCode: String) async throws -> [EventRecord] {
        let agency = try await requireAgency(code: agencyCode)
        let kinds: [EventKind] = [.catalogueSettingsChanged, .catalogueItemDrafted, .catalogueItemEdited, .catalogueReviewRecorded,
                                  .catalogueItemPublished, .cataloguePublishRefused, .catalogueItemEnded, .decisionFiguresSet,
                                  .decisionMonthSet, .decisionFiguresImported, .catalogueItemImported, .catalogueImported,
                                  .catalogueAttachmentAdded, .catalogueAttachmentRemoved, .catalogueInterpretationLinked, .catalogueInterpretationUnlinked]
        return try await EventRecord.query(on: db).filter(\.$agencyID == agency.id!).filter(\.$kind ~~ kinds.map(\.rawValue)).sort(\.$id).all()
    }

    // MARK: Decision figures

    /// Stores the decision counts and fee amounts of table 二 for an agency and year (replacing earlier ones).
    /// - Throws: `InputError` for a negative count or amount (本年增/减 may be negative) or a year out of range,
    ///   `StoreError.conflict` when the year's report is published, `StoreError.notFound`.
    public func setDecisionFigures(agencyCode: String, year: Int, figures: DecisionFigures, actor: Actor, now: Date = Date()) async throws {
        let agency = try await requireAgency(code: agencyCode)
        try Self.checkReportYear(year, now: now, today: try await agencyToday(id: agency.id!, now: now, on: db))
        let counts: [(String, Int?)] = [("行政许可处理决定数量", figures.licensingDecisions), ("其他对外管理服务事项处理决定数量", figures.otherServiceDecisions),
                                        ("行政处罚处理决定数量", figures.penaltyDecisions), ("行政强制处理决定数量", figures.enforcementDecisions),
                                        ("政府集中采购项目数量", figures.procurementProjects)]
            + [figures.licensingProjects, figures.otherServiceProjects, figures.penaltyProjects, figures.enforcementProjects, figures.feeProjects]
                .map { ("上一年项目数量", $0?.previousYear) }
        for (label, v) in counts {
            if let v, v < 0 || Decimal(v) > Self.maximumTable2Figure { throw InputError(InputField("table2", label), "“\(v)”应为不超过 \(Self.maximumTable2Figure) 的非负整数") }
        }
        for (label, p) in [("行政许可", figures.licensingProjects), ("其他对外管理服务事项", figures.otherServiceProjects), ("行政处罚", figures.penaltyProjects),
                           ("行政强制", figures.enforcementProjects), ("行政事业性收费", figures.feeProjects)] {
            if let p, p.previousYear + p.change < 0 {
                throw InputError(InputField("table2", "\(label)本年增/减"), "为 \(p.change)，上一年项目数量只有 \(p.previousYear)，减少后项目数量不能为负")
            }
        }
        for (label, v) in [("本年收费金额（万元）", figures.feesWanYuan), ("采购总金额", figures.procurementAmount)] {
            if let v, v < 0 || v > Self.maximumTable2Figure { throw InputError(InputField("table2", label), "“\(v)”应为不超过 \(Self.maximumTable2Figure) 的非负数") }
        }
        let agencyID = agency.id!
        let json = EventLog.encode(figures) ?? "{}"
        try await transaction { tx in
            try await self.requireNotPublished(agency: agency, year: year, on: tx, change: "修改表二的处理决定数量")
            let before = try await DecisionFiguresRecord.query(on: tx).filter(\.$agencyID == agencyID).filter(\.$year == year).first()
            let r = before ?? DecisionFiguresRecord()
            let old = before.flatMap { try? JSONDecoder().decode(DecisionFigures.self, from: Data($0.figuresJSON.utf8)) }
            r.agencyID = agencyID; r.year = year; r.figuresJSON = json; r.enteredBy = actor.name; r.enteredAt = now
            try await r.save(on: tx)
            try await EventLog.append(.decisionFiguresSet, on: tx, agency: agencyID, actor: actor, at: now, before: old, after: figures,
                                      detail: "\(year)")
        }
    }

    /// The decision figures of an agency and year, nil when never entered.
    public func decisionFigures(agencyCode: String, year: Int) async throws -> DecisionFigures? {
        let agency = try await requireAgency(code: agencyCode)
        return try await decisionFigures(agencyID: agency.id!, year: year)
    }

    func decisionFigures(agencyID: UUID, year: Int) async throws -> DecisionFigures? {
        guard let r = try await DecisionFiguresRecord.query(on: db).filter(\.$agencyID == agencyID).filter(\.$year == year).first() else { return nil }
        return try JSONDecoder().decode(DecisionFigures.self, from: Data(r.figuresJSON.utf8))
    }

    /// Every catalogue item of an agency as plain values (for table 二).
    func catalogueItemValues(agencyID: UUID) async throws -> [CatalogueItem] {
        try await CatalogueItemRecord.query(on: db).filter(\.$agencyID == agencyID).all().map(Self.item)
    }

    // MARK: Conversions

    func storedCatalogueItem(id: UUID, agencyCode: String) async throws -> StoredCatalogueItem {
        guard let r = try await CatalogueItemRecord.find(id, on: db) else { throw StoreError.notFound("目录条目不存在") }
        let reviews = try await CatalogueReviewRecord.query(on: db).filter(\.$itemID == id).all().sorted { $0.recordedAt < $1.recordedAt }
        return try await withLinksAndAttachments([StoredCatalogueItem(id: id, agencyCode: agencyCode, item: Self.item(r), reviews: reviews.map(Self.review),
                                                                      createdBy: r.createdBy, publishedBy: r.publishedBy)], agencyID: r.agencyID)[0]
    }

    static func requireItem(agencyID: UUID, indexNumber: String, on db: any Database) async throws -> CatalogueItemRecord {
        // As typed, or upper-cased (the organisation code's letters are upper case; a pattern's own letters may not be).
        let key = indexNumber.trimmingCharacters(in: .whitespaces)
        guard plausibleKey(key), let r = try await CatalogueItemRecord.query(on: db).filter(\.$agencyID == agencyID)
            .filter(\.$indexNumber ~~ Array(Set([key, key.uppercased()]))).first() else {
            throw StoreError.notFound("索引号“\(indexNumber)”的目录条目不存在")
        }
        return r
    }

    /// Refuses dates after the agency's today: the information cannot have been formed or written in the future.
    func checkNotFuture(_ item: CatalogueItem, agencyID: UUID, now: Date) async throws {
        let today = try await agencyToday(id: agencyID, now: now, on: db)
        for (d, f) in [(item.writtenOn, CatalogueField.writtenOn), (Optional(item.formedOn), CatalogueField.formedOn)] {
            if let d, d > today { throw InputError(f, " \(d) 晚于今天（\(today)）") }
        }
    }

    static func fill(_ r: CatalogueItemRecord, from i: CatalogueItem, now: Date) {
        r.title = i.title; r.summary = i.summary; r.documentNumber = i.documentNumber; r.issuingAgency = i.issuingAgency
        r.writtenOn = i.writtenOn?.description; r.formedOn = i.formedOn.description; r.publishedOn = i.publishedOn?.description
        r.topic = i.topic.rawValue; r.genre = i.genre.rawValue; r.category = i.category.rawValue; r.mode = i.mode.code
        r.scope = i.scope; r.timeLimit = i.timeLimit; r.documentKind = i.documentKind.rawValue; r.body = i.body
        r.state = i.state.rawValue; r.revision = i.revision; r.updatedAt = now
        setValidity(r, i.validity)
    }

    static func setValidity(_ r: CatalogueItemRecord, _ v: Validity) {
        switch v {
        case .effective: r.validity = "effective"; r.validityDate = nil; r.validityDocument = nil
        case .repealed(let d, let by): r.validity = "repealed"; r.validityDate = d.description; r.validityDocument = by
        case .lapsed(let d, let by): r.validity = "lapsed"; r.validityDate = d.description; r.validityDocument = by
        }
    }

    /// The record as the rules' value. Stored values were written from checked values, so they parse.
    static func item(_ r: CatalogueItemRecord) -> CatalogueItem {
        let validity: Validity
        switch (r.validity, r.validityDate.flatMap(CalendarDate.init(iso:))) {
        case ("repealed", let d?): validity = .repealed(on: d, by: r.validityDocument ?? "")
        case ("lapsed", let d?): validity = .lapsed(on: d, by: r.validityDocument)
        default: validity = .effective
        }
        return CatalogueItem(indexNumber: r.indexNumber, title: r.title, summary: r.summary, documentNumber: r.documentNumber,
                             issuingAgency: r.issuingAgency, writtenOn: r.writtenOn.flatMap(CalendarDate.init(iso:)),
                             formedOn: CalendarDate(iso: r.formedOn), publishedOn: r.publishedOn.flatMap(CalendarDate.init(iso:)),
                             topic: SubjectTopic(rawValue: r.topic) ?? .other, genre: DocumentGenre(rawValue: r.genre) ?? .other,
                             category: DisclosureCategory(rawValue: r.category) ?? .otherRequired, mode: DisclosureMode(code: r.mode) ?? .proactive,
                             scope: r.scope, timeLimit: r.timeLimit, validity: validity, documentKind: DocumentKind(rawValue: r.documentKind) ?? .other,
                             body: r.body, state: CatalogueState(rawValue: r.state) ?? .draft, revision: r.revision)
    }

    static func review(_ r: CatalogueReviewRecord) -> ConfidentialityReview {
        ConfidentialityReview(reviewer: r.reviewer, result: ReviewResult(rawValue: r.result) ?? .failed,
                              date: CalendarDate(iso: r.reviewDate) ?? RecordDates.earliest, opinion: r.opinion, revision: r.revision)
    }
}
