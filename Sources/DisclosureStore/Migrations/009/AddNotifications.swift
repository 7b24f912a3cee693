import FluentKit
import SQLKit

/// Version 009: the notification outbox — every message to an applicant, an agency's office or an oversight office,
/// queued in the database before it is sent (never lost while the mail server is down), with its attempts; and the
/// event-log cursor up to which applicants have been told of their applications' changes.
struct AddNotifications: AsyncMigration {
    var name: String { "009-AddNotifications" }

    func prepare(on db: any Database) async throws {
        try await db.schema(NotificationRecord.schema).id()
            .field("kind", .string, .required)
            .field("dedupe_key", .string, .required)
            .field("agency_id", .uuid, .references(AgencyRecord.schema, "id"))
            .field("application_id", .uuid, .references(ApplicationRecord.schema, "id"))
            .field("recipient", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("scheduled_for", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("last_error", .string)
            .field("next_attempt_at", .int64, .required)
            .field("claimed_at", .int64)
            .field("created_at", .int64, .required)
            .field("sent_at", .int64)
            .unique(on: "dedupe_key")
            .create()
        let sql = db as! any SQLDatabase
        try await sql.raw("CREATE INDEX notifications_due ON notifications (status, next_attempt_at)").run()
        try await sql.raw("CREATE INDEX notifications_agency ON notifications (agency_id, created_at)").run()
        try await db.schema(NotificationCursorRecord.schema)
            .field("name", .string, .identifier(auto: false))
            .field("last_event_id", .int64, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.raw("DROP INDEX notifications_agency").run()
        try await sql.raw("DROP INDEX notifications_due").run()
        try await db.schema(NotificationCursorRecord.schema).delete()
        try await db.schema(NotificationRecord.schema).delete()
    }
}
