import FluentKit
import Foundation

/// One month's decision counts and fee amount of table 二 for an agency (`MonthlyDecisionFigures` as JSON; migration
/// 013). The year's table 二 sums the months (`DecisionFigures.combined(with:)`).
public final class DecisionMonthRecord: Model, @unchecked Sendable {
    public static let schema = "decision_months"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agency_id") public var agencyID: UUID
    @Field(key: "year") public var year: Int
    /// 1…12.
    @Field(key: "month") public var month: Int
    @Field(key: "figures_json") public var figuresJSON: String
    @Field(key: "entered_by") public var enteredBy: String
    @Field(key: "entered_at") public var enteredAt: Date
    /// "form" (typed), or the imported file's name.
    @Field(key: "source") public var source: String
    public var properties: [any AnyProperty] { [$id, $agencyID, $year, $month, $figuresJSON, $enteredBy, $enteredAt, $source] }
    public init() {}
}
