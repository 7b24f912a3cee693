import FluentKit
import Foundation
import SQLKit

/// Version 004: what makes a second import of the same ledger (or an overlap with applications already recorded)
/// visible, and the kind of identity document an applicant presented.
/// - `ledger_imports`: one row per imported ledger (file name, SHA-256 of its normalised rows, row count, who, when).
/// - `applications.content_key` (indexed with the agency): a digest of the receipt date, applicant kind, applicant
///   name and request text (`Store.contentKey`); `applications.ledger_import_id`: the import a row came from.
///   Existing applications get their key here. `applications.extension_date`: the day an extension (条例第三十三条)
///   was decided and told, so its place among the application's steps is known.
/// - `applicants.id_type`: `IdentityDocumentKind` raw value of `id_number`.
struct AddLedgerImports: AsyncMigration {
    var name: String { "004-AddLedgerImports" }

    func prepare(on db: any Database) async throws {
        try await db.schema(LedgerImportRecord.schema).id()
            .field("agency_id", .uuid, .required, .references(AgencyRecord.schema, "id"))
            .field("file_name", .string, .required)
            .field("digest", .string, .required)
            .field("rows", .int, .required)
            .field("actor", .string, .required)
            .field("imported_at", .datetime, .required)
            .create()
        // One column per ALTER TABLE (SQLite allows no more).
        try await db.schema(ApplicationRecord.schema).field("content_key", .string).update()
        try await db.schema(ApplicationRecord.schema).field("ledger_import_id", .uuid).update()
        try await db.schema(ApplicationRecord.schema).field("extension_date", .string).update()
        try await db.schema(ApplicantRecord.schema).field("id_type", .string).update()
        let sql = db as! any SQLDatabase
        try await sql.raw("CREATE INDEX applications_agency_content_key ON applications (agency_id, content_key)").run()
        try await sql.raw("CREATE INDEX ledger_imports_agency_digest ON ledger_imports (agency_id, digest)").run()
        // Keys of the applications already recorded, in batches.
        while true {
            let rows = try await sql.raw("""
                SELECT a.id, a.received_date, a.applicant_kind, a.normalized_text, p.name FROM applications a \
                LEFT JOIN applicants p ON p.id = a.applicant_id WHERE a.content_key IS NULL ORDER BY a.id LIMIT 500
                """).all()
            if rows.isEmpty { break }
            for r in rows {
                let id = try r.decode(column: "id", as: UUID.self)
                let key = Store.contentKey(received: try r.decode(column: "received_date", as: String.self),
                                           kind: try r.decode(column: "applicant_kind", as: String.self),
                                           name: try r.decode(column: "name", as: String?.self) ?? "",
                                           normalizedText: try r.decode(column: "normalized_text", as: String.self))
                try await sql.raw("UPDATE applications SET content_key = \(bind: key) WHERE id = \(bind: id)").run()
            }
        }
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.raw("DROP INDEX ledger_imports_agency_digest").run()
        try await sql.raw("DROP INDEX applications_agency_content_key").run()
        try await db.schema(ApplicantRecord.schema).deleteField("id_type").update()
        try await db.schema(ApplicationRecord.schema).deleteField("extension_date").update()
        try await db.schema(ApplicationRecord.schema).deleteField("ledger_import_id").update()
        try await db.schema(ApplicationRecord.schema).deleteField("content_key").update()
        try await db.schema(LedgerImportRecord.schema).delete()
    }
}
