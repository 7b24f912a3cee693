import FluentKit
import SQLKit

/// Version 005: what the web platform needs.
/// - `users`: staff accounts (username, role, the agency they work for or the region an oversight officer reads, a
///   password hash — never the password), `sessions`: login sessions kept in the database so that several app
///   instances can share them.
/// - `agencies`: the office that accepts applications (name, address, phone, hours, e-mail) for the 政府信息公开指南.
/// - `applications`: the information's title and 文号 and the form and way of provision the applicant asked for
///   (条例第二十九条), and an index for the staff queue (agency, state, due date).
struct AddWebPlatform: AsyncMigration {
    var name: String { "005-AddWebPlatform" }

    func prepare(on db: any Database) async throws {
        try await db.schema(UserRecord.schema).id()
            .field("username", .string, .required).unique(on: "username")
            .field("display_name", .string, .required)
            .field("role", .string, .required)
            .field("agency_id", .uuid, .references(AgencyRecord.schema, "id"))
            .field("password_hash", .string, .required)
            .field("must_change_password", .bool, .required)
            .field("disabled", .bool, .required)
            .field("created_at", .datetime)
            .create()
        try await db.schema(SessionRecord.schema)
            .field("id", .string, .identifier(auto: false))
            .field("data", .string, .required)
            .field("expires_at", .datetime, .required)
            .create()
        // One column per ALTER TABLE (SQLite allows no more).
        for column in ["office_name", "office_address", "office_phone", "office_hours", "office_email"] {
            try await db.schema(AgencyRecord.schema).field(.string(column), .string).update()
        }
        for column in ["info_title", "info_doc_number", "provision_form", "delivery_method"] {
            try await db.schema(ApplicationRecord.schema).field(.string(column), .string).update()
        }
        let sql = db as! any SQLDatabase
        try await sql.raw("CREATE INDEX applications_queue ON applications (agency_id, state, due_date)").run()
        try await sql.raw("CREATE INDEX sessions_expires ON sessions (expires_at)").run()
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.raw("DROP INDEX sessions_expires").run()
        try await sql.raw("DROP INDEX applications_queue").run()
        for column in ["delivery_method", "provision_form", "info_doc_number", "info_title"] {
            try await db.schema(ApplicationRecord.schema).deleteField(.string(column)).update()
        }
        for column in ["office_email", "office_hours", "office_phone", "office_address", "office_name"] {
            try await db.schema(AgencyRecord.schema).deleteField(.string(column)).update()
        }
        try await db.schema(SessionRecord.schema).delete()
        try await db.schema(UserRecord.schema).delete()
    }
}
