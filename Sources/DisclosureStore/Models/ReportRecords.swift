import FluentKit
import Foundation

/// Table 二 figures an officer enters for an agency and year (until the proactive-disclosure catalogue exists),
/// with who entered them. One record per row of a table 二 block.
public final class ProactiveFigureRecord: Model, @unchecked Sendable {
    public static let schema = "proactive_figures"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agency_id") public var agencyID: UUID
    @Field(key: "year") public var year: Int
    /// Block id of `ReportFormat.table2Blocks` ("20.1", "20.5", …).
    @Field(key: "block") public var block: String
    /// Row label (信息内容), e.g. "行政许可".
    @Field(key: "row") public var row: String
    /// The row's values as printed, JSON array of strings (numbers; 万元 for 第二十条第（八）项 in 2021).
    @Field(key: "values_json") public var valuesJSON: String
    @Field(key: "entered_by") public var enteredBy: String
    @Field(key: "entered_at") public var enteredAt: Date
    /// The properties in declaration order, listed instead of found by reflection (FluentKit's default uses
    /// `Mirror` on every query, its largest cost); `ModelPropertiesTests` checks the list against reflection.
    public var properties: [any AnyProperty] { [$id, $agencyID, $year, $block, $row, $valuesJSON, $enteredBy, $enteredAt] }
    public init() {}
}

/// Narrative text of a section (一 … 六) written by an officer for an agency and year.
public final class ReportTextRecord: Model, @unchecked Sendable {
    public static let schema = "report_texts"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agency_id") public var agencyID: UUID
    @Field(key: "year") public var year: Int
    @Field(key: "section") public var section: Int
    @Field(key: "text") public var text: String
    @Field(key: "edited_by") public var editedBy: String
    @Field(key: "edited_at") public var editedAt: Date
    /// The properties in declaration order, listed instead of found by reflection (FluentKit's default uses
    /// `Mirror` on every query, its largest cost); `ModelPropertiesTests` checks the list against reflection.
    public var properties: [any AnyProperty] { [$id, $agencyID, $year, $section, $text, $editedBy, $editedAt] }
    public init() {}
}

/// A published annual report, frozen as the JSON of `gongkai audit --json`; or a baseline (the last report published
/// before the agency moved in, imported from its file).
public final class AnnualReportRecord: Model, @unchecked Sendable {
    public static let schema = "annual_reports"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agency_id") public var agencyID: UUID
    @Field(key: "year") public var year: Int
    @Field(key: "format") public var format: String
    /// "published" or "baseline".
    @Field(key: "status") public var status: String
    @OptionalField(key: "published_date") public var publishedDate: String?
    @Field(key: "published_by") public var publishedBy: String
    @Field(key: "snapshot") public var snapshot: String
    /// Warnings the officer acknowledged when publishing (one per line).
    @OptionalField(key: "acknowledged") public var acknowledged: String?
    @OptionalField(key: "source_file") public var sourceFile: String?
    @Field(key: "created_at") public var createdAt: Date
    /// The properties in declaration order, listed instead of found by reflection (FluentKit's default uses
    /// `Mirror` on every query, its largest cost); `ModelPropertiesTests` checks the list against reflection.
    public var properties: [any AnyProperty] { [$id, $agencyID, $year, $format, $status, $publishedDate, $publishedBy, $snapshot, $acknowledged, $sourceFile, $createdAt] }
    public init() {}
}
