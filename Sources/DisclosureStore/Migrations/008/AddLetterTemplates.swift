import FluentKit
import SQLKit

/// Version 008: an agency's own wording of each letter kind (its templates replace the standard ones).
struct AddLetterTemplates: AsyncMigration {
    var name: String { "008-AddLetterTemplates" }

    func prepare(on db: any Database) async throws {
        try await db.schema(LetterTemplateRecord.schema).id()
            .field("agency_id", .uuid, .required, .references(AgencyRecord.schema, "id"))
            .field("kind", .string, .required)
            .field("body", .string, .required)
            .field("actor", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "agency_id", "kind")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(LetterTemplateRecord.schema).delete()
    }
}
