import DisclosureRules
import DisclosureStore
import Foundation

// Policy interpretations (政策解读), attachments (附件) and the 第二十六条 overdue publications of the dashboard —
// issue 12, points 1, 2 and 3.

/// A proactive item not published within the 20 working days of 条例第二十六条, for the dashboard's drill-down.
public struct OverduePublication: Sendable, Codable, Hashable {
    public var agencyCode: String
    public var agencyName: String
    public var indexNumber: String
    public var title: String
    /// 形成或变更日期 and the last day to publish (ISO).
    public var formedOn: String
    public var due: String
    /// Working days after the due date through the dashboard's today (0 when only rest days have passed since).
    public var daysOverdue: Int
}

extension Service {
    /// Links a catalogue item as the policy interpretation (政策解读) of the policy document `interprets` (a 索引号 of
    /// the same agency), or removes the link (nil or empty). One-to-one: a document has at most one interpretation and
    /// an interpretation explains one document (unique constraints of migration 012, checked first with a clear
    /// message).
    ///
    /// "Published with it" (issue 12 point 3) is the rule **an interpretation is never published before its document**:
    /// `publishCatalogueItem` refuses an interpretation whose document is unpublished or was published later than the
    /// date asked (`CatalogueError.interpretationBeforeDocument`, logged as `cataloguePublishRefused` like the other
    /// refusals). Each of the two is reviewed and published on its own (each needs its own 保密审查, 条例第十七条), so
    /// no publication happens that nobody asked for; the same day is allowed.
    /// - Throws: `ServiceError` — `invalidInput` (field `interprets`: unknown 索引号, itself, a document already
    ///   interpreted, an interpretation of an interpretation), `refused` for a published interpretation, `notAllowed`
    ///   (needs `editCatalogue`), `notFound`.
    public func linkInterpretation(agencyCode: String, indexNumber: String, interprets: String?, by member: StaffMember, now: Date = Date()) async throws -> CatalogueEntry {
        try authorize(member, .editCatalogue, agencyCode: agencyCode)
        return try await run {
            try await store.linkInterpretation(agencyCode: agencyCode, indexNumber: indexNumber, documentIndexNumber: interprets, actor: member.actor, now: now)
            return try await entry(try await store.catalogueItem(agencyCode: agencyCode, indexNumber: indexNumber), now: now)
        }
    }

    /// Attaches a file (PDF, DOCX, XLSX, PNG, JPEG; at most 20 MB; the name sanitised — `AttachmentFile`) to an
    /// unpublished item. The item gets a new revision and goes back to draft: its 保密审查 must be done again.
    /// - Throws: `ServiceError` — `invalidInput` (field `file`), `refused` for a published item, `notAllowed` (needs
    ///   `editCatalogue`), `notFound`.
    public func addCatalogueAttachment(agencyCode: String, indexNumber: String, fileName: String, data: Data, by member: StaffMember,
                                       now: Date = Date()) async throws -> CatalogueAttachment {
        try authorize(member, .editCatalogue, agencyCode: agencyCode)
        return try await run {
            try await store.addCatalogueAttachment(agencyCode: agencyCode, indexNumber: indexNumber, fileName: fileName, data: data,
                                                   actor: member.actor, now: now)
        }
    }

    /// Removes an attachment of an unpublished item (a new revision, back to draft).
    /// - Throws: `ServiceError` — `refused` for a published item, `notAllowed`, `notFound`.
    public func removeCatalogueAttachment(agencyCode: String, indexNumber: String, attachmentID: UUID, by member: StaffMember, now: Date = Date()) async throws {
        try authorize(member, .editCatalogue, agencyCode: agencyCode)
        try await run {
            try await store.removeCatalogueAttachment(agencyCode: agencyCode, indexNumber: indexNumber, attachmentID: attachmentID, actor: member.actor, now: now)
        }
    }

    /// An attachment's file for staff who may read the agency's catalogue (any state).
    /// - Throws: `ServiceError` — `notAllowed` (needs `readCatalogue`), `notFound` (unknown, or of an agency out of
    ///   scope: the same message).
    public func catalogueAttachmentFile(id: UUID, by member: StaffMember) async throws -> (attachment: CatalogueAttachment, data: Data) {
        let f = try await run { try await store.catalogueAttachmentFile(id: id) }
        do { try authorize(member, .readCatalogue, agencyCode: f.agencyCode) } catch let e as ServiceError where e.code == .notFound {
            throw ServiceError(.notFound, "附件不存在")
        }
        return (f.attachment, f.data)
    }

    /// An attachment's file for anyone — only of a published item (条例第十九条: what is published is public); the
    /// files of drafts and items under review are not found (the same answer as an unknown id).
    /// - Throws: `ServiceError.notFound`.
    public func publishedCatalogueAttachment(id: UUID) async throws -> (attachment: CatalogueAttachment, data: Data, agencyCode: String, indexNumber: String) {
        let f = try await run { try await store.catalogueAttachmentFile(id: id) }
        guard f.state == .published else { throw ServiceError(.notFound, "附件不存在或所属信息尚未公开") }
        return (f.attachment, f.data, f.agencyCode, f.indexNumber)
    }

    /// Fills the dashboard's 第二十六条 figures: for each agency the proactive items not published and past their due
    /// date on `today` — 20 **working days** after the day the information was formed or changed
    /// (`PublicationClock`; the due day itself is not overdue) — and the list of them, oldest due first. Items whose
    /// period reaches a year without a holiday notice are not counted (their due date is unknown).
    func addCatalogueOverdue(_ info: inout DashboardInfo, agencies: [AgencyRecord], today: CalendarDate, calendar: WorkingDayCalendar) async throws {
        let clock = PublicationClock(calendar: calendar)
        let byID = Dictionary(agencies.compactMap { a in a.id.map { ($0, a) } }, uniquingKeysWith: { a, _ in a })
        var list: [OverduePublication] = []
        for u in try await store.unpublishedProactiveItems(agencyIDs: Array(byID.keys)) {
            guard let a = byID[u.agencyID], case .overdue(let due)? = try? clock.timeliness(of: u.item, asOf: today) else { continue }
            let late = (try? calendar.workingDays(after: due, through: today)) ?? 0
            list.append(OverduePublication(agencyCode: a.code, agencyName: a.name, indexNumber: u.indexNumber, title: u.item.title,
                                           formedOn: u.item.formedOn.description, due: due.description, daysOverdue: late))
        }
        list.sort { ($0.due, $0.agencyCode, $0.indexNumber) < ($1.due, $1.agencyCode, $1.indexNumber) }
        for i in info.agencies.indices { info.agencies[i].catalogueOverdue = list.filter { $0.agencyCode == info.agencies[i].code }.count }
        info.total.catalogueOverdue = list.count
        info.overduePublications = list
    }

    /// `manageCatalogue` for an agency: the head for their own agency; the administrator for every agency (its scope
    /// holds no agency's records, but the agencies' set-up is its to manage — as for the letter templates).
    /// - Throws: `ServiceError` (`notAllowed`; `notFound` for an agency out of a head's scope).
    func authorizeCatalogueSettings(_ member: StaffMember, agencyCode: String) throws {
        if member.role.may(.manageAgencies) { try authorize(member, .manageCatalogue) } else { try authorize(member, .manageCatalogue, agencyCode: agencyCode) }
    }

    /// An agency's 索引号 settings (organisation code and pattern), nil when never set — for the settings page (the
    /// head or the administrator, `manageCatalogue`) and the catalogue pages (`readCatalogue`).
    /// - Throws: `ServiceError` — `notAllowed`, `notFound`.
    public func catalogueSettings(agencyCode: String, by member: StaffMember) async throws -> (organisationCode: String, pattern: String)? {
        if member.role.may(.manageCatalogue) { try authorizeCatalogueSettings(member, agencyCode: agencyCode) } else {
            try authorize(member, .readCatalogue, agencyCode: agencyCode)
        }
        return try await run { try await store.catalogueSettings(agencyCode: agencyCode).map { ($0.organisationCode, $0.pattern.description) } }
    }
}
