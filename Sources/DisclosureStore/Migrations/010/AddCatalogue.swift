import FluentKit
import SQLKit

/// Version 010: the government information catalogue (issue 12) — each agency's 索引号 settings, the catalogue items
/// with their 保密审查 reviews, and the decision counts of table 二.
struct AddCatalogue: AsyncMigration {
    var name: String { "010-AddCatalogue" }

    func prepare(on db: any Database) async throws {
        try await db.schema(CatalogueSettingsRecord.schema).id()
            .field("agency_id", .uuid, .required, .references(AgencyRecord.schema, "id"))
            .field("organisation_code", .string, .required)
            .field("index_pattern", .string, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "agency_id")
            .create()
        try await db.schema(CatalogueItemRecord.schema).id()
            .field("agency_id", .uuid, .required, .references(AgencyRecord.schema, "id"))
            .field("index_number", .string, .required)
            .field("index_year", .int, .required)
            .field("index_sequence", .int, .required)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("document_number", .string, .required)
            .field("issuing_agency", .string, .required)
            .field("written_on", .string)
            .field("formed_on", .string, .required)
            .field("published_on", .string)
            .field("topic", .string, .required)
            .field("genre", .string, .required)
            .field("category", .int, .required)
            .field("mode", .string, .required)
            .field("scope", .string, .required)
            .field("time_limit", .string, .required)
            .field("validity", .string, .required)
            .field("validity_date", .string)
            .field("validity_document", .string)
            .field("document_kind", .string, .required)
            .field("body", .string, .required)
            .field("state", .string, .required)
            .field("revision", .int, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("published_by", .string)
            .unique(on: "agency_id", "index_number")
            .unique(on: "agency_id", "index_year", "index_sequence")
            .create()
        try await db.schema(CatalogueReviewRecord.schema).id()
            .field("item_id", .uuid, .required, .references(CatalogueItemRecord.schema, "id"))
            .field("reviewer", .string, .required)
            .field("result", .string, .required)
            .field("review_date", .string, .required)
            .field("opinion", .string, .required)
            .field("revision", .int, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        try await db.schema(DecisionFiguresRecord.schema).id()
            .field("agency_id", .uuid, .required, .references(AgencyRecord.schema, "id"))
            .field("year", .int, .required)
            .field("figures_json", .string, .required)
            .field("entered_by", .string, .required)
            .field("entered_at", .datetime, .required)
            .unique(on: "agency_id", "year")
            .create()
        let sql = db as! any SQLDatabase
        try await sql.raw("CREATE INDEX catalogue_items_agency_state ON catalogue_items (agency_id, state)").run()
        try await sql.raw("CREATE INDEX catalogue_reviews_item ON catalogue_reviews (item_id)").run()
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.raw("DROP INDEX catalogue_reviews_item").run()
        try await sql.raw("DROP INDEX catalogue_items_agency_state").run()
        try await db.schema(DecisionFiguresRecord.schema).delete()
        try await db.schema(CatalogueReviewRecord.schema).delete()
        try await db.schema(CatalogueItemRecord.schema).delete()
        try await db.schema(CatalogueSettingsRecord.schema).delete()
    }
}
