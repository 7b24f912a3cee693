import DisclosureRules
import FluentKit
import Foundation
import SQLKit

/// The closed set of event kinds of the append-only log (past tense).
public enum EventKind: String, Codable, CaseIterable, Sendable {
    case agencyAdded
    case applicationReceived
    case duplicateFlagged
    case correctionRequested, correctionReceived, correctionLapsed
    case consultationStarted, consultationReplied
    case extensionGranted
    case reasonablePeriodSet
    case feeNoticeSent, feePaid, feeLapsed
    case decided
    case appealRecorded, appealConcluded
    case calendarChanged
    case dueDateRecomputed
    case letterIssued
    case letterTemplateChanged
    case ledgerImported
    case baselineImported, reportPublished
    case agencyUpdated
    case userAdded, passwordChanged, userDisabled
    /// The catalogue (issue 12): 索引号 settings, an item drafted or edited, a 保密审查 recorded, an item published, a
    /// publication refused (no passed review — the attempt is kept), an item repealed or lapsed, decision counts set.
    case catalogueSettingsChanged, catalogueItemDrafted, catalogueItemEdited, catalogueReviewRecorded, catalogueItemPublished,
         cataloguePublishRefused, catalogueItemEnded, decisionFiguresSet
    /// A month's decision counts typed, decision counts imported from a spreadsheet, catalogue items imported (one
    /// event per item, and one for the file).
    case decisionMonthSet, decisionFiguresImported, catalogueItemImported, catalogueImported
    /// Catalogue attachments added or removed (each makes a new revision), a policy interpretation linked to its
    /// document or unlinked (migration 012).
    case catalogueAttachmentAdded, catalogueAttachmentRemoved, catalogueInterpretationLinked, catalogueInterpretationUnlinked
}

/// Who acted.
public struct Actor: Sendable, Equatable {
    public var name: String
    public var role: StaffRole
    public init(name: String, role: StaffRole) { self.name = name; self.role = role }

    /// An actor whose name a person typed: cleaned (`CleanText.line`), required, at most 100 characters — the event
    /// log must say who acted.
    /// - Throws: `InputError` (field `.actorName`) for an empty name or one with invisible characters.
    public init(validating name: String, role: StaffRole) throws {
        self.init(name: try CleanText.requiredLine(name, field: .actorName, maxLength: 100), role: role)
    }
    /// The system itself (imports, calendar recomputation).
    public static let system = Actor(name: "system", role: .admin)
}

/// Writes events. Events are only ever inserted: there is no update or delete path.
enum EventLog {
    static func encode<T: Encodable>(_ value: T?) -> String? {
        guard let value else { return nil }
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? e.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func append(_ kind: EventKind, on db: any Database, application: UUID? = nil, agency: UUID? = nil, actor: Actor,
                       at: Date, before: (any Encodable)? = nil, after: (any Encodable)? = nil, detail: String? = nil) async throws {
        try await (db as! any SQLDatabase).execute(sql: statement(kind, application: application, agency: agency, actor: actor, at: at,
                                                                  before: before, after: after, detail: detail)) { _ in }
    }

    /// The INSERT of one event, for `ModelSQL.pipeline`.
    static func statement(_ kind: EventKind, application: UUID? = nil, agency: UUID? = nil, actor: Actor, at: Date,
                          before: (any Encodable)? = nil, after: (any Encodable)? = nil, detail: String? = nil) -> any SQLExpression {
        let e = EventRecord()
        e.applicationID = application
        e.agencyID = agency
        e.kind = kind.rawValue
        e.actor = actor.name
        e.role = actor.role.rawValue
        e.at = at
        e.before = before.flatMap { encodeAny($0) }
        e.after = after.flatMap { encodeAny($0) }
        e.detail = detail
        return ModelSQL.insertStatement(e)
    }

    private static func encodeAny(_ v: any Encodable) -> String? {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? e.encode(v)).map { String(decoding: $0, as: UTF8.self) }
    }
}

extension Store {
    /// The events of an application, oldest first.
    public func events(application: UUID) async throws -> [EventRecord] {
        try await EventRecord.query(on: db).filter(\.$applicationID == application).sort(\.$id).all()
    }
}
