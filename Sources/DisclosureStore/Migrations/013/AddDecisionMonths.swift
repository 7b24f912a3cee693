import FluentKit

/// Migration 013 (issue 12): decision counts of table 二 entered or imported month by month.
struct AddDecisionMonths: AsyncMigration {
    var name: String { "013-AddDecisionMonths" }

    func prepare(on db: any Database) async throws {
        try await db.schema(DecisionMonthRecord.schema).id()
            .field("agency_id", .uuid, .required, .references(AgencyRecord.schema, "id"))
            .field("year", .int, .required)
            .field("month", .int, .required)
            .field("figures_json", .string, .required)
            .field("entered_by", .string, .required)
            .field("entered_at", .datetime, .required)
            .field("source", .string, .required)
            .unique(on: "agency_id", "year", "month")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(DecisionMonthRecord.schema).delete()
    }
}
