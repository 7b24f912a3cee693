import FluentKit
import SQLKit

/// Version 001: agencies, applicants, applications, consultations, fee notices, appeals, events, calendar entries.
/// Never edited once landed; later changes go in new version folders.
struct CreateCoreTables: AsyncMigration {
    var name: String { "001-CreateCoreTables" }

    func prepare(on db: any Database) async throws {
        try await db.schema(AgencyRecord.schema).id()
            .field("code", .string, .required).unique(on: "code")
            .field("name", .string, .required)
            .field("parent_id", .uuid)
            .field("time_zone", .string, .required)
            .field("kind", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await db.schema(ApplicantRecord.schema).id()
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("id_number", .string)
            .field("phone", .string)
            .field("address", .string)
            .field("email", .string)
            .field("created_at", .datetime)
            .create()
        try await db.schema(ApplicationRecord.schema).id()
            .field("agency_id", .uuid, .required, .references(AgencyRecord.schema, "id"))
            .field("applicant_id", .uuid, .references(ApplicantRecord.schema, "id"))
            .field("applicant_kind", .string, .required)
            .field("query_code", .string, .required).unique(on: "query_code")
            .field("channel", .string, .required)
            .field("submitted_at", .datetime)
            .field("received_date", .string, .required)
            .field("clock_start", .string, .required)
            .field("correction_requested_date", .string)
            .field("corrected_date", .string)
            .field("request_text", .string, .required)
            .field("normalized_text", .string, .required)
            .field("state", .string, .required)
            .field("due_date", .string)
            .field("limit_days", .int, .required)
            .field("extension_days", .int, .required)
            .field("reasonable_date", .string)
            .field("duplicate_of", .uuid)
            .field("decided_date", .string)
            .field("outcome", .string)
            .field("created_at", .datetime)
            .create()
        try await db.schema(ConsultationRecord.schema).id()
            .field("application_id", .uuid, .required, .references(ApplicationRecord.schema, "id"))
            .field("kind", .string, .required)
            .field("sent_date", .string, .required)
            .field("replied_date", .string)
            .create()
        try await db.schema(FeeNoticeRecord.schema).id()
            .field("application_id", .uuid, .required, .references(ApplicationRecord.schema, "id"))
            .field("method", .string, .required)
            .field("amount_yuan", .int, .required)
            .field("notice_date", .string, .required)
            .field("pay_by", .string, .required)
            .field("paid_date", .string)
            .create()
        try await db.schema(AppealRecord.schema).id()
            .field("agency_id", .uuid, .required, .references(AgencyRecord.schema, "id"))
            .field("application_id", .uuid, .references(ApplicationRecord.schema, "id"))
            .field("kind", .string, .required)
            .field("filed_date", .string, .required)
            .field("result", .string, .required)
            .field("concluded_date", .string)
            .field("as_co_defendant", .bool, .required)
            .create()
        try await db.schema(EventRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("application_id", .uuid)
            .field("agency_id", .uuid)
            .field("kind", .string, .required)
            .field("actor", .string, .required)
            .field("role", .string, .required)
            .field("at", .datetime, .required)
            .field("before", .string)
            .field("after", .string)
            .field("detail", .string)
            .create()
        try await db.schema(CalendarEntryRecord.schema).id()
            .field("notice_year", .int, .required)
            .field("date", .string, .required)
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("created_at", .datetime)
            .create()
        // Report counts group applications by agency and date (issue 4: GROUP BY in the database).
        if let sql = db as? any SQLDatabase {
            // Covering indexes: the report's GROUP BY queries read only the index, per agency or over all agencies.
            for (name, columns) in [("applications_agency_received", "agency_id, received_date, decided_date, applicant_kind"),
                                    ("applications_agency_decided", "agency_id, decided_date, outcome, applicant_kind"),
                                    ("applications_received_cover", "received_date, decided_date, applicant_kind, agency_id"),
                                    ("applications_decided_cover", "decided_date, outcome, applicant_kind, agency_id"),
                                    ("applications_state", "state"),
                                    ("applications_applicant", "applicant_id, normalized_text"),
                                    ("applicants_identity", "kind, name"),
                                    ("appeals_agency_filed", "agency_id, filed_date"),
                                    ("events_application", "application_id")] {
                let table = name.components(separatedBy: "_").first!
                try await sql.raw("CREATE INDEX \(unsafeRaw: name) ON \(unsafeRaw: table) (\(unsafeRaw: columns))").run()
            }
        }
    }

    func revert(on db: any Database) async throws {
        for schema in [CalendarEntryRecord.schema, EventRecord.schema, AppealRecord.schema, FeeNoticeRecord.schema,
                       ConsultationRecord.schema, ApplicationRecord.schema, ApplicantRecord.schema, AgencyRecord.schema] {
            try await db.schema(schema).delete()
        }
    }
}
