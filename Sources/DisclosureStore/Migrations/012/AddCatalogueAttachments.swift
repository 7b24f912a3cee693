import FluentKit
import Foundation
import SQLKit

/// Version 012: attachments (附件) of catalogue items, stored in the database like the letters' DOCX (migration 007),
/// and the one-to-one link of a policy interpretation (政策解读) to the policy document it explains — a unique
/// constraint on each side: an interpretation explains one document, a document has at most one interpretation.
struct AddCatalogueAttachments: AsyncMigration {
    var name: String { "012-AddCatalogueAttachments" }

    func prepare(on db: any Database) async throws {
        try await db.schema(CatalogueAttachmentRecord.schema).id()
            .field("item_id", .uuid, .required, .references(CatalogueItemRecord.schema, "id"))
            .field("file_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("data", .data, .required)
            .field("revision", .int, .required)
            .field("added_by", .string, .required)
            .field("added_at", .datetime, .required)
            .create()
        try await db.schema(CatalogueInterpretationRecord.schema).id()
            .field("agency_id", .uuid, .required, .references(AgencyRecord.schema, "id"))
            .field("interpretation_id", .uuid, .required, .references(CatalogueItemRecord.schema, "id"))
            .field("document_id", .uuid, .required, .references(CatalogueItemRecord.schema, "id"))
            .field("linked_by", .string, .required)
            .field("linked_at", .datetime, .required)
            .unique(on: "interpretation_id")
            .unique(on: "document_id")
            .create()
        let sql = db as! any SQLDatabase
        try await sql.raw("CREATE INDEX catalogue_attachments_item ON catalogue_attachments (item_id)").run()
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.raw("DROP INDEX catalogue_attachments_item").run()
        try await db.schema(CatalogueInterpretationRecord.schema).delete()
        try await db.schema(CatalogueAttachmentRecord.schema).delete()
    }
}

/// A file attached to a catalogue item (migration 012); the bytes in `data`.
public final class CatalogueAttachmentRecord: Model, @unchecked Sendable {
    public static let schema = "catalogue_attachments"
    @ID(key: .id) public var id: UUID?
    @Field(key: "item_id") public var itemID: UUID
    @Field(key: "file_name") public var fileName: String
    @Field(key: "content_type") public var contentType: String
    @Field(key: "size") public var size: Int
    @Field(key: "data") public var data: Data
    /// The item's revision made by adding the file.
    @Field(key: "revision") public var revision: Int
    @Field(key: "added_by") public var addedBy: String
    @Field(key: "added_at") public var addedAt: Date
    public var properties: [any AnyProperty] { [$id, $itemID, $fileName, $contentType, $size, $data, $revision, $addedBy, $addedAt] }
    public init() {}
}

/// A policy interpretation (政策解读) and the document it explains (migration 012), both items of one agency.
public final class CatalogueInterpretationRecord: Model, @unchecked Sendable {
    public static let schema = "catalogue_interpretations"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agency_id") public var agencyID: UUID
    @Field(key: "interpretation_id") public var interpretationID: UUID
    @Field(key: "document_id") public var documentID: UUID
    @Field(key: "linked_by") public var linkedBy: String
    @Field(key: "linked_at") public var linkedAt: Date
    public var properties: [any AnyProperty] { [$id, $agencyID, $interpretationID, $documentID, $linkedBy, $linkedAt] }
    public init() {}
}
