import DisclosureRules
import FluentKit
import Foundation
import SQLKit

/// A message to queue in the outbox.
public struct NotificationDraft: Sendable {
    public var kind: String
    /// Once-only key: a second draft with the same key is dropped (the unique index decides, also across instances).
    public var dedupeKey: String
    public var agencyID: UUID?
    public var applicationID: UUID?
    public var recipient: String
    public var subject: String
    public var body: String
    /// The day it is for, ISO `YYYY-MM-DD`.
    public var scheduledFor: String

    public init(kind: String, dedupeKey: String, agencyID: UUID?, applicationID: UUID?, recipient: String, subject: String, body: String,
                scheduledFor: String) {
        self.kind = kind; self.dedupeKey = dedupeKey; self.agencyID = agencyID; self.applicationID = applicationID
        self.recipient = recipient; self.subject = subject; self.body = body; self.scheduledFor = scheduledFor
    }
}

/// An application event an applicant may be told of, with what the message needs.
public struct ApplicantEventFacts: Sendable {
    public var eventID: Int
    public var kind: String
    public var at: Date
    public var detail: String?
    public var application: ApplicationRecord
    public var agencyName: String
    public var email: String
}

/// An application whose clock runs, for reminders and digests.
public struct RunningApplication: Sendable {
    public var application: ApplicationRecord
    /// The applicant's name as registered (messages mask it).
    public var applicantName: String
}

extension Store {
    /// The outbox's statuses.
    public enum NotificationStatus: String, Sendable, CaseIterable {
        case queued, sending, sent, failed
    }

    /// Queues a message unless one with its `dedupeKey` exists.
    /// - Returns: whether it was queued (false: already there).
    @discardableResult
    public func enqueueNotification(_ d: NotificationDraft, now: Date = Date()) async throws -> Bool {
        let t = Int64(now.timeIntervalSince1970)
        let rows = try await sql.insert(into: NotificationRecord.schema)
            .columns("id", "kind", "dedupe_key", "agency_id", "application_id", "recipient", "subject", "body", "scheduled_for", "status",
                     "attempts", "next_attempt_at", "created_at")
            .values(SQLBind(UUID()), SQLBind(d.kind), SQLBind(d.dedupeKey), SQLBind(d.agencyID), SQLBind(d.applicationID), SQLBind(d.recipient),
                    SQLBind(d.subject), SQLBind(d.body), SQLBind(d.scheduledFor), SQLBind(NotificationStatus.queued.rawValue), SQLBind(0),
                    SQLBind(t), SQLBind(t))
            .ignoringConflicts(with: ["dedupe_key"])
            .returning("id")
            .all()
        return !rows.isEmpty
    }

    /// The events after `afterEventID` (oldest first, at most `limit`) of the kinds given, for applications whose
    /// applicant left an e-mail address, recorded at or after `since`, and the last event id read (to move the
    /// cursor past events that need no message).
    public func applicantEvents(after afterEventID: Int, kinds: [String], since: Date, limit: Int = 500) async throws
        -> (events: [ApplicantEventFacts], lastRead: Int) {
        let events = try await EventRecord.query(on: db).filter(\.$id > afterEventID).sort(\.$id).limit(limit).all()
        guard let last = events.last?.id else { return ([], afterEventID) }
        var out: [ApplicantEventFacts] = []
        var agencyNames: [UUID: String] = [:]
        for e in events where kinds.contains(e.kind) && e.at >= since {
            guard let appID = e.applicationID, let app = try await ApplicationRecord.find(appID, on: db), let pid = app.applicantID,
                  let person = try await ApplicantRecord.find(pid, on: db), let email = person.email, !email.isEmpty else { continue }
            if agencyNames[app.agencyID] == nil { agencyNames[app.agencyID] = try await AgencyRecord.find(app.agencyID, on: db)?.name ?? "" }
            out.append(ApplicantEventFacts(eventID: e.id!, kind: e.kind, at: e.at, detail: e.detail, application: app,
                                           agencyName: agencyNames[app.agencyID] ?? "", email: email))
        }
        return (out, last)
    }

    /// The event id up to which applicants were told (0 when never run).
    public func notificationCursor(_ name: String) async throws -> Int {
        Int(try await NotificationCursorRecord.find(name, on: db)?.lastEventID ?? 0)
    }

    /// The id of the newest event (0 for an empty log).
    public func lastEventID() async throws -> Int {
        try await EventRecord.query(on: db).sort(\.$id, .descending).first()?.id ?? 0
    }

    /// Moves a cursor forward (never back: a slower instance's older value is ignored).
    public func advanceNotificationCursor(_ name: String, to id: Int) async throws {
        try await db.transaction { tx in
            if let c = try await NotificationCursorRecord.find(name, on: tx) {
                if c.lastEventID < Int64(id) { c.lastEventID = Int64(id); try await c.update(on: tx) }
            } else {
                let c = NotificationCursorRecord()
                c.id = name
                c.lastEventID = Int64(id)
                try await c.create(on: tx)
            }
        }
    }

    /// Applications whose clock runs (办理中, 征求意见中), with their applicant's name, for reminders and digests.
    public func runningApplications() async throws -> [RunningApplication] {
        let apps = try await ApplicationRecord.query(on: db)
            .filter(\.$state ~~ [ApplicationState.inProgress.rawValue, ApplicationState.underConsultation.rawValue])
            .sort(\.$queryCode).all()
        var names: [UUID: String] = [:]
        let ids = apps.compactMap(\.applicantID)
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            for p in try await ApplicantRecord.query(on: db).filter(\.$id ~~ chunk).all() { names[p.id!] = p.name }
        }
        return apps.map { RunningApplication(application: $0, applicantName: $0.applicantID.flatMap { names[$0] } ?? "") }
    }

    /// Takes up to `limit` queued messages whose time has come, marking them "sending" (an atomic claim: two
    /// instances never take the same message). Messages left "sending" for `staleAfter` seconds — an instance that
    /// stopped mid-send — are queued again first (so a message can, after such a crash only, be sent twice; never lost).
    public func claimNotifications(now: Date, limit: Int = 50, staleAfter: Int64 = 600) async throws -> [NotificationRecord] {
        let t = Int64(now.timeIntervalSince1970)
        try await sql.update(NotificationRecord.schema)
            .set("status", to: SQLBind(NotificationStatus.queued.rawValue))
            .where("status", .equal, SQLBind(NotificationStatus.sending.rawValue))
            .where("claimed_at", .lessThan, SQLBind(t - staleAfter))
            .run()
        let ids = try await sql.select().column("id").from(NotificationRecord.schema)
            .where("status", .equal, SQLBind(NotificationStatus.queued.rawValue))
            .where("next_attempt_at", .lessThanOrEqual, SQLBind(t))
            .orderBy("created_at").orderBy("id").limit(limit)
            .all().map { try $0.decode(column: "id", as: UUID.self) }
        guard !ids.isEmpty else { return [] }
        let claimed = try await sql.update(NotificationRecord.schema)
            .set("status", to: SQLBind(NotificationStatus.sending.rawValue))
            .set("claimed_at", to: SQLBind(t))
            .where("status", .equal, SQLBind(NotificationStatus.queued.rawValue))
            .where("id", .in, SQLBind.group(ids))
            .returning("id")
            .all().map { try $0.decode(column: "id", as: UUID.self) }
        guard !claimed.isEmpty else { return [] }
        return try await NotificationRecord.query(on: db).filter(\.$id ~~ claimed).sort(\.$createdAt).all()
    }

    /// Records a delivery.
    public func markNotificationSent(_ id: UUID, now: Date) async throws {
        try await sql.update(NotificationRecord.schema)
            .set("status", to: SQLBind(NotificationStatus.sent.rawValue))
            .set("sent_at", to: SQLBind(Int64(now.timeIntervalSince1970)))
            .set(SQLIdentifier("attempts"), to: SQLRaw("attempts + 1"))
            .set("last_error", to: SQLLiteral.null)
            .where("id", .equal, SQLBind(id)).run()
    }

    /// Records a failed attempt: queued again for `retryAt`, or "failed" for good when `retryAt` is nil.
    public func markNotificationFailed(_ id: UUID, error: String, retryAt: Date?) async throws {
        try await sql.update(NotificationRecord.schema)
            .set("status", to: SQLBind((retryAt == nil ? NotificationStatus.failed : .queued).rawValue))
            .set("next_attempt_at", to: SQLBind(Int64((retryAt ?? Date()).timeIntervalSince1970)))
            .set(SQLIdentifier("attempts"), to: SQLRaw("attempts + 1"))
            .set("last_error", to: SQLBind(String(error.prefix(500))))
            .where("id", .equal, SQLBind(id)).run()
    }

    /// One message of the outbox.
    public func notification(id: UUID) async throws -> NotificationRecord? {
        try await NotificationRecord.find(id, on: db)
    }

    /// Queues a failed message again, to be sent at the next delivery.
    /// - Throws: `StoreError.notFound` for an unknown id; `StoreError.invalid` for a message that is not "failed".
    public func retryNotification(_ id: UUID, now: Date) async throws {
        guard let n = try await NotificationRecord.find(id, on: db) else { throw StoreError.notFound("通知 \(id) 不存在") }
        guard n.status == NotificationStatus.failed.rawValue else { throw StoreError.invalid("只有发送失败的通知可以重发（该通知状态：\(n.status)）") }
        n.status = NotificationStatus.queued.rawValue
        n.nextAttemptAt = Int64(now.timeIntervalSince1970)
        try await n.update(on: db)
    }

    /// The outbox, newest first: the agencies given (nil: all), a status (nil: all), a page of at most `limit`.
    public func outbox(agencyIDs: [UUID]?, status: String?, limit: Int, offset: Int = 0) async throws -> (rows: [NotificationRecord], total: Int) {
        func base() -> QueryBuilder<NotificationRecord> {
            var q = NotificationRecord.query(on: db)
            if let agencyIDs { q = q.filter(\.$agencyID ~~ agencyIDs) }
            if let status { q = q.filter(\.$status == status) }
            return q
        }
        let total = try await base().count()
        let rows = try await base().sort(\.$createdAt, .descending).sort(\.$id).range(offset..<(offset + limit)).all()
        return (rows, total)
    }

    /// Counts of the outbox by status (the agencies given, nil: all).
    public func outboxCounts(agencyIDs: [UUID]?) async throws -> [String: Int] {
        var out: [String: Int] = [:]
        for s in NotificationStatus.allCases {
            var q = NotificationRecord.query(on: db).filter(\.$status == s.rawValue)
            if let agencyIDs { q = q.filter(\.$agencyID ~~ agencyIDs) }
            out[s.rawValue] = try await q.count()
        }
        return out
    }
}
