import FluentKit
import SQLKit

/// Version 002: table 二 figures, narrative texts, published / baseline annual reports (issue 4).
struct CreateReportTables: AsyncMigration {
    var name: String { "002-CreateReportTables" }

    func prepare(on db: any Database) async throws {
        try await db.schema(ProactiveFigureRecord.schema).id()
            .field("agency_id", .uuid, .required, .references(AgencyRecord.schema, "id"))
            .field("year", .int, .required)
            .field("block", .string, .required)
            .field("row", .string, .required)
            .field("values_json", .string, .required)
            .field("entered_by", .string, .required)
            .field("entered_at", .datetime, .required)
            .unique(on: "agency_id", "year", "block", "row")
            .create()
        try await db.schema(ReportTextRecord.schema).id()
            .field("agency_id", .uuid, .required, .references(AgencyRecord.schema, "id"))
            .field("year", .int, .required)
            .field("section", .int, .required)
            .field("text", .string, .required)
            .field("edited_by", .string, .required)
            .field("edited_at", .datetime, .required)
            .unique(on: "agency_id", "year", "section")
            .create()
        try await db.schema(AnnualReportRecord.schema).id()
            .field("agency_id", .uuid, .required, .references(AgencyRecord.schema, "id"))
            .field("year", .int, .required)
            .field("format", .string, .required)
            .field("status", .string, .required)
            .field("published_date", .string)
            .field("published_by", .string, .required)
            .field("snapshot", .string, .required)
            .field("acknowledged", .string)
            .field("source_file", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "agency_id", "year")
            .create()
    }

    func revert(on db: any Database) async throws {
        for s in [AnnualReportRecord.schema, ReportTextRecord.schema, ProactiveFigureRecord.schema] { try await db.schema(s).delete() }
    }
}
