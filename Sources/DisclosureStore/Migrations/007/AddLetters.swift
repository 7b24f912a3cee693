import FluentKit
import SQLKit

/// Version 007: the letters an application was answered in (答复书, 告知书, 意见书, 收费通知书), stored with it as
/// issued (the Word document), listed in its timeline and downloadable by the applicant with the query code.
struct AddLetters: AsyncMigration {
    var name: String { "007-AddLetters" }

    func prepare(on db: any Database) async throws {
        try await db.schema(LetterRecord.schema).id()
            .field("application_id", .uuid, .required, .references(ApplicationRecord.schema, "id"))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("issued", .string, .required)
            .field("docx", .data, .required)
            .field("actor", .string, .required)
            .field("created_at", .datetime)
            .create()
        let sql = db as! any SQLDatabase
        try await sql.raw("CREATE INDEX letters_application ON letters (application_id)").run()
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.raw("DROP INDEX letters_application").run()
        try await db.schema(LetterRecord.schema).delete()
    }
}
