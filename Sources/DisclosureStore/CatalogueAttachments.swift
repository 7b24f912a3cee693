import DisclosureRules
import FluentKit
import Foundation

// Attachments (附件) and policy interpretations (政策解读) of the catalogue (issue 12, points 1 and 3; migration 012).

/// An attachment's bytes with what the download needs to decide who may have them.
public struct StoredAttachmentFile: Sendable {
    public var attachment: CatalogueAttachment
    public var data: Data
    public var agencyCode: String
    public var indexNumber: String
    public var state: CatalogueState
}

/// A proactive item not yet published, for the 第二十六条 overdue count of the dashboard.
public struct UnpublishedProactiveItem: Sendable, Hashable {
    public var agencyID: UUID
    public var indexNumber: String
    public var item: CatalogueItem
}

extension Store {
    // MARK: Attachments

    /// Attaches a file to a draft (or an item under review, which goes back to draft): the file is checked
    /// (`AttachmentFile.check`: kind by extension and content, at most 20 MB, name sanitised) and stored in the
    /// database; the item's revision goes up by one, so a 保密审查 of the earlier revision no longer clears it.
    /// - Throws: `InputError` (field `file`) for a refused file or more than `AttachmentFile.maximumPerItem` files,
    ///   `CatalogueError.wrongState` for a published item, `StoreError.notFound`.
    public func addCatalogueAttachment(agencyCode: String, indexNumber: String, fileName: String, data: Data, actor: Actor,
                                       now: Date = Date()) async throws -> CatalogueAttachment {
        let (kind, name) = try AttachmentFile.check(name: fileName, data: data)
        let agency = try await requireAgency(code: agencyCode)
        let agencyID = agency.id!
        return try await transaction { tx -> CatalogueAttachment in
            let r = try await Self.requireItem(agencyID: agencyID, indexNumber: indexNumber, on: tx)
            try CatalogueWorkflow.checkEditable(Self.item(r))
            let count = try await CatalogueAttachmentRecord.query(on: tx).filter(\.$itemID == r.id!).count()
            if count >= AttachmentFile.maximumPerItem {
                throw InputError(AttachmentFile.field, "已有 \(count) 个，每条信息最多 \(AttachmentFile.maximumPerItem) 个附件")
            }
            let before = ["state": r.state, "revision": String(r.revision)]
            r.revision += 1; r.state = CatalogueState.draft.rawValue; r.updatedAt = now
            try await r.update(on: tx)
            let a = CatalogueAttachmentRecord()
            a.itemID = r.id!; a.fileName = name; a.contentType = kind.contentType; a.size = data.count; a.data = data
            a.revision = r.revision; a.addedBy = actor.name; a.addedAt = now
            try await a.create(on: tx)
            try await EventLog.append(.catalogueAttachmentAdded, on: tx, agency: agencyID, actor: actor, at: now, before: before,
                                      after: ["item": r.id!.uuidString, "indexNumber": r.indexNumber, "attachment": a.id!.uuidString,
                                              "fileName": name, "size": String(data.count), "revision": String(r.revision), "state": r.state])
            return Self.attachment(a)
        }
    }

    /// Removes an attachment from a draft (or an item under review, which goes back to draft); a new revision.
    /// - Throws: `CatalogueError.wrongState` for a published item (its files stay as published),
    ///   `StoreError.notFound` (agency, 索引号, or an attachment not of this item).
    public func removeCatalogueAttachment(agencyCode: String, indexNumber: String, attachmentID: UUID, actor: Actor, now: Date = Date()) async throws {
        let agency = try await requireAgency(code: agencyCode)
        let agencyID = agency.id!
        try await transaction { tx in
            let r = try await Self.requireItem(agencyID: agencyID, indexNumber: indexNumber, on: tx)
            try CatalogueWorkflow.checkEditable(Self.item(r))
            guard let a = try await CatalogueAttachmentRecord.query(on: tx).filter(\.$id == attachmentID).filter(\.$itemID == r.id!)
                .field(\.$id).field(\.$itemID).field(\.$fileName).first() else {
                throw StoreError.notFound("该条目没有这个附件")
            }
            let before = ["state": r.state, "revision": String(r.revision)]
            r.revision += 1; r.state = CatalogueState.draft.rawValue; r.updatedAt = now
            try await r.update(on: tx)
            try await CatalogueAttachmentRecord.query(on: tx).filter(\.$id == attachmentID).delete()
            try await EventLog.append(.catalogueAttachmentRemoved, on: tx, agency: agencyID, actor: actor, at: now, before: before,
                                      after: ["item": r.id!.uuidString, "indexNumber": r.indexNumber, "attachment": attachmentID.uuidString,
                                              "fileName": a.fileName, "revision": String(r.revision), "state": r.state])
        }
    }

    /// An attachment with its bytes, its item's agency, 索引号 and state (the caller decides who may download it).
    /// - Throws: `StoreError.notFound`.
    public func catalogueAttachmentFile(id: UUID) async throws -> StoredAttachmentFile {
        guard let a = try await CatalogueAttachmentRecord.find(id, on: db), let r = try await CatalogueItemRecord.find(a.itemID, on: db),
              let agency = try await AgencyRecord.find(r.agencyID, on: db) else {
            throw StoreError.notFound("附件不存在")
        }
        return StoredAttachmentFile(attachment: Self.attachment(a), data: a.data, agencyCode: agency.code, indexNumber: r.indexNumber,
                                    state: CatalogueState(rawValue: r.state) ?? .draft)
    }

    static func attachment(_ a: CatalogueAttachmentRecord) -> CatalogueAttachment {
        CatalogueAttachment(id: a.id!, fileName: a.fileName, contentType: a.contentType, size: a.size, revision: a.revision,
                            addedBy: a.addedBy, addedAt: a.addedAt)
    }

    // MARK: Policy interpretations

    /// Makes the item `indexNumber` the policy interpretation (政策解读) of the document `documentIndexNumber` of the
    /// same agency — one-to-one: an interpretation explains one document (linking again replaces its document) and a
    /// document has at most one interpretation (also a unique constraint of migration 012). `documentIndexNumber` nil
    /// removes the link. Only while the interpretation is unpublished (a published one keeps what it was published with).
    /// - Throws: `InputError` (field `interprets`) for the item itself, a document that is itself an interpretation,
    ///   an interpretation that has its own interpretation, a document that already has another interpretation;
    ///   `CatalogueError.wrongState` for a published interpretation; `StoreError.notFound` (agency, 索引号 of either).
    public func linkInterpretation(agencyCode: String, indexNumber: String, documentIndexNumber: String?, actor: Actor, now: Date = Date()) async throws {
        let field = InputField("interprets", "所解读的文件")
        let agency = try await requireAgency(code: agencyCode)
        let agencyID = agency.id!
        try await transaction { tx in
            let r = try await Self.requireItem(agencyID: agencyID, indexNumber: indexNumber, on: tx)
            let current = Self.item(r)
            guard current.state != .published else {
                throw CatalogueError.wrongState(current.title, current.state, action: "改变所解读的文件（已发布的政策解读与其文件一同保留）")
            }
            let existing = try await CatalogueInterpretationRecord.query(on: tx).filter(\.$interpretationID == r.id!).first()
            guard let documentIndexNumber, !documentIndexNumber.trimmingCharacters(in: .whitespaces).isEmpty else {
                guard let existing else { return }
                try await existing.delete(on: tx)
                try await EventLog.append(.catalogueInterpretationUnlinked, on: tx, agency: agencyID, actor: actor, at: now,
                                          before: ["document": existing.documentID.uuidString],
                                          after: ["item": r.id!.uuidString, "indexNumber": r.indexNumber])
                return
            }
            let d: CatalogueItemRecord
            do { d = try await Self.requireItem(agencyID: agencyID, indexNumber: documentIndexNumber, on: tx) } catch is StoreError {
                throw InputError(field, "：本机关没有索引号为“\(documentIndexNumber)”的信息")
            }
            if d.id == r.id { throw InputError(field, "不能是这条信息本身") }
            if try await CatalogueInterpretationRecord.query(on: tx).filter(\.$interpretationID == d.id!).first() != nil {
                throw InputError(field, "“\(d.title)”（\(d.indexNumber)）本身是政策解读，不能再被解读")
            }
            if try await CatalogueInterpretationRecord.query(on: tx).filter(\.$documentID == r.id!).first() != nil {
                throw InputError(field, "：这条信息本身已有政策解读，不能再作为其他文件的解读")
            }
            if let other = try await CatalogueInterpretationRecord.query(on: tx).filter(\.$documentID == d.id!).first(), other.interpretationID != r.id {
                let name = try await CatalogueItemRecord.find(other.interpretationID, on: tx)?.indexNumber ?? ""
                throw InputError(field, "“\(d.title)”（\(d.indexNumber)）已有政策解读（索引号 \(name)）：一份文件只对应一份解读")
            }
            let link = existing ?? CatalogueInterpretationRecord()
            let before = existing.map { ["document": $0.documentID.uuidString] }
            link.agencyID = agencyID; link.interpretationID = r.id!; link.documentID = d.id!; link.linkedBy = actor.name; link.linkedAt = now
            try await link.save(on: tx)
            try await EventLog.append(.catalogueInterpretationLinked, on: tx, agency: agencyID, actor: actor, at: now, before: before,
                                      after: ["item": r.id!.uuidString, "indexNumber": r.indexNumber, "document": d.indexNumber])
        }
    }

    /// The rule "published with it" of policy interpretations: an interpretation is published only when its document is
    /// published, on or after the document's 发布日期.
    /// - Throws: `CatalogueError.interpretationBeforeDocument`.
    static func checkInterpretedDocumentPublished(itemID: UUID, title: String, date: CalendarDate, on db: any Database) async throws {
        guard let link = try await CatalogueInterpretationRecord.query(on: db).filter(\.$interpretationID == itemID).first(),
              let d = try await CatalogueItemRecord.find(link.documentID, on: db) else { return }
        let published = d.state == CatalogueState.published.rawValue ? d.publishedOn.flatMap(CalendarDate.init(iso:)) : nil
        guard let p = published else { throw CatalogueError.interpretationBeforeDocument(title, document: d.indexNumber, documentPublished: nil) }
        if date < p { throw CatalogueError.interpretationBeforeDocument(title, document: d.indexNumber, documentPublished: p) }
    }

    /// The items with their interpretation links (both ways, by 索引号) and attachments (without bytes) filled in.
    func withLinksAndAttachments(_ items: [StoredCatalogueItem], agencyID: UUID) async throws -> [StoredCatalogueItem] {
        guard !items.isEmpty else { return items }
        let links = try await CatalogueInterpretationRecord.query(on: db).filter(\.$agencyID == agencyID).all()
        var indexByID: [UUID: String] = Dictionary(items.map { ($0.id, $0.item.indexNumber ?? "") }, uniquingKeysWith: { a, _ in a })
        let missing = Set(links.flatMap { [$0.interpretationID, $0.documentID] }).subtracting(indexByID.keys)
        if !missing.isEmpty {
            for r in try await CatalogueItemRecord.query(on: db).filter(\.$id ~~ Array(missing)).all() {
                indexByID[r.id!] = r.indexNumber
            }
        }
        let ids = items.map(\.id)
        // Without the bytes.
        let q = CatalogueAttachmentRecord.query(on: db).filter(\.$itemID ~~ ids)
        q.field(\CatalogueAttachmentRecord.$id).field(\CatalogueAttachmentRecord.$itemID).field(\CatalogueAttachmentRecord.$fileName)
        q.field(\CatalogueAttachmentRecord.$contentType).field(\CatalogueAttachmentRecord.$size).field(\CatalogueAttachmentRecord.$revision)
        q.field(\CatalogueAttachmentRecord.$addedBy).field(\CatalogueAttachmentRecord.$addedAt)
        let files = try await q.all()
        let filesByItem = Dictionary(grouping: files.sorted { $0.addedAt < $1.addedAt }, by: \.itemID)
        return items.map { s in
            var s = s
            s.interpretsIndexNumber = links.first { $0.interpretationID == s.id }.flatMap { indexByID[$0.documentID] }
            s.interpretationIndexNumber = links.first { $0.documentID == s.id }.flatMap { indexByID[$0.interpretationID] }
            s.attachments = (filesByItem[s.id] ?? []).map(Self.attachment)
            return s
        }
    }

    // MARK: Dashboard

    /// The proactive (主动公开) items of the agencies not yet published — those the 20 working days of 条例第二十六条
    /// run for — by agency and 索引号.
    public func unpublishedProactiveItems(agencyIDs: [UUID]) async throws -> [UnpublishedProactiveItem] {
        guard !agencyIDs.isEmpty else { return [] }
        return try await CatalogueItemRecord.query(on: db).filter(\.$agencyID ~~ agencyIDs)
            .filter(\.$state != CatalogueState.published.rawValue).filter(\.$mode == DisclosureMode.proactive.code)
            .sort(\.$indexYear).sort(\.$indexSequence).all()
            .map { UnpublishedProactiveItem(agencyID: $0.agencyID, indexNumber: $0.indexNumber, item: Self.item($0)) }
    }
}
