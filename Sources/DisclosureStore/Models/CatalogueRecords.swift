import FluentKit
import Foundation

/// An agency's 索引号 settings (migration 010): its 组织机构代码 or 统一社会信用代码 and the pattern of its 索引号
/// (`IndexNumberPattern`). One per agency; a changed pattern applies to items created afterwards only (an item's
/// 索引号 is never changed once given).
public final class CatalogueSettingsRecord: Model, @unchecked Sendable {
    public static let schema = "catalogue_settings"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agency_id") public var agencyID: UUID
    @Field(key: "organisation_code") public var organisationCode: String
    @Field(key: "index_pattern") public var indexPattern: String
    @Field(key: "updated_by") public var updatedBy: String
    @Field(key: "updated_at") public var updatedAt: Date
    public var properties: [any AnyProperty] { [$id, $agencyID, $organisationCode, $indexPattern, $updatedBy, $updatedAt] }
    public init() {}
}

/// One entry of an agency's 政府信息公开目录 (migration 010). Dates are ISO `YYYY-MM-DD` text like the application
/// records'; enumerations are the raw values of the DisclosureRules types.
public final class CatalogueItemRecord: Model, @unchecked Sendable {
    public static let schema = "catalogue_items"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agency_id") public var agencyID: UUID
    /// 索引号: unique in the agency, given once when the item is created, never changed.
    @Field(key: "index_number") public var indexNumber: String
    /// The year and number within it that the 索引号 was made from (unique in the agency).
    @Field(key: "index_year") public var indexYear: Int
    @Field(key: "index_sequence") public var indexSequence: Int
    @Field(key: "title") public var title: String
    @Field(key: "summary") public var summary: String
    @Field(key: "document_number") public var documentNumber: String
    @Field(key: "issuing_agency") public var issuingAgency: String
    @OptionalField(key: "written_on") public var writtenOn: String?
    @Field(key: "formed_on") public var formedOn: String
    @OptionalField(key: "published_on") public var publishedOn: String?
    /// `SubjectTopic` raw value (two-digit code).
    @Field(key: "topic") public var topic: String
    /// `DocumentGenre` raw value.
    @Field(key: "genre") public var genre: String
    /// 条例第二十条 item number 1…15.
    @Field(key: "category") public var category: Int
    /// `DisclosureMode.code`: "proactive", "on-request", "withheld:<ground>".
    @Field(key: "mode") public var mode: String
    @Field(key: "scope") public var scope: String
    @Field(key: "time_limit") public var timeLimit: String
    /// "effective", "repealed" or "lapsed".
    @Field(key: "validity") public var validity: String
    @OptionalField(key: "validity_date") public var validityDate: String?
    @OptionalField(key: "validity_document") public var validityDocument: String?
    /// `DocumentKind` raw value.
    @Field(key: "document_kind") public var documentKind: String
    @Field(key: "body") public var body: String
    /// `CatalogueState` raw value.
    @Field(key: "state") public var state: String
    @Field(key: "revision") public var revision: Int
    @Field(key: "created_by") public var createdBy: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date
    @OptionalField(key: "published_by") public var publishedBy: String?
    public var properties: [any AnyProperty] {
        [$id, $agencyID, $indexNumber, $indexYear, $indexSequence, $title, $summary, $documentNumber, $issuingAgency, $writtenOn, $formedOn,
         $publishedOn, $topic, $genre, $category, $mode, $scope, $timeLimit, $validity, $validityDate, $validityDocument, $documentKind, $body,
         $state, $revision, $createdBy, $createdAt, $updatedAt, $publishedBy]
    }
    public init() {}
}

/// A 保密审查 of a catalogue item (条例第十七条), by a named reviewer, of one revision of the item (migration 010).
public final class CatalogueReviewRecord: Model, @unchecked Sendable {
    public static let schema = "catalogue_reviews"
    @ID(key: .id) public var id: UUID?
    @Field(key: "item_id") public var itemID: UUID
    @Field(key: "reviewer") public var reviewer: String
    /// `ReviewResult` raw value.
    @Field(key: "result") public var result: String
    @Field(key: "review_date") public var reviewDate: String
    @Field(key: "opinion") public var opinion: String
    @Field(key: "revision") public var revision: Int
    @Field(key: "recorded_by") public var recordedBy: String
    @Field(key: "recorded_at") public var recordedAt: Date
    public var properties: [any AnyProperty] { [$id, $itemID, $reviewer, $result, $reviewDate, $opinion, $revision, $recordedBy, $recordedAt] }
    public init() {}
}

/// The decision counts and fee amounts of table 二 for an agency and year (`DecisionFigures` as JSON; migration 010).
public final class DecisionFiguresRecord: Model, @unchecked Sendable {
    public static let schema = "decision_figures"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agency_id") public var agencyID: UUID
    @Field(key: "year") public var year: Int
    @Field(key: "figures_json") public var figuresJSON: String
    @Field(key: "entered_by") public var enteredBy: String
    @Field(key: "entered_at") public var enteredAt: Date
    public var properties: [any AnyProperty] { [$id, $agencyID, $year, $figuresJSON, $enteredBy, $enteredAt] }
    public init() {}
}
