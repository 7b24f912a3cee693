@testable import DisclosureStore
import FluentKit
import Testing

/// Every record lists its properties by hand (faster than FluentKit's reflection); a property added to a record but
/// not to its list would silently never be stored. This compares each list with what reflection finds.
@Suite struct ModelPropertiesTests {
    static let models: [any Model.Type] = [
        AgencyRecord.self, ApplicantRecord.self, ApplicationRecord.self, ConsultationRecord.self, FeeNoticeRecord.self,
        AppealRecord.self, EventRecord.self, CalendarEntryRecord.self, ProactiveFigureRecord.self, ReportTextRecord.self,
        AnnualReportRecord.self, LedgerImportRecord.self, UserRecord.self, SessionRecord.self, LetterRecord.self, LetterTemplateRecord.self, NotificationRecord.self, NotificationCursorRecord.self,
        CatalogueSettingsRecord.self, CatalogueItemRecord.self, CatalogueReviewRecord.self, DecisionFiguresRecord.self, DecisionMonthRecord.self,
    ]

    static func keys(_ properties: [any AnyProperty]) -> [[String]] {
        properties.map { (($0 as? any AnyDatabaseProperty)?.keys ?? []).map(\.description) }
    }

    @Test("The listed properties are the reflected ones, in order", arguments: models.map { ModelType(type: $0) })
    func listedPropertiesMatchReflection(_ model: ModelType) {
        let instance = model.type.init()
        let reflected = Mirror(reflecting: instance).children.compactMap { $0.value as? any AnyProperty }
        #expect(!reflected.isEmpty)
        #expect(Self.keys(instance.properties) == Self.keys(reflected), "\(model.type)")
        // The same wrapper objects, not copies: a value set through the model must be what is stored.
        #expect(zip(instance.properties, reflected).allSatisfy { ($0 as AnyObject) === ($1 as AnyObject) }, "\(model.type)")
    }

    struct ModelType: CustomTestStringConvertible, Sendable {
        let type: any Model.Type
        var testDescription: String { "\(type)" }
    }
}

/// The event snapshot written by hand for ledger imports is byte for byte what `JSONEncoder` writes elsewhere.
@Suite struct SnapshotJSONTests {
    @Test func handWrittenJSONEqualsTheEncoder() {
        let a = ApplicationRecord()
        a.state = "in-progress"; a.receivedDate = "2024-09-02"; a.clockStart = "2024-09-02"; a.extensionDays = 0
        #expect(ApplicationSnapshot(a).json == EventLog.encode(ApplicationSnapshot(a)))
        a.dueDate = "2024-09-30"; a.decidedDate = "2024-09-20"; a.outcome = "refused.3"; a.reasonableDate = "2024-12-02"
        a.extensionDays = 20; a.state = "decided"
        #expect(ApplicationSnapshot(a).json == EventLog.encode(ApplicationSnapshot(a)))
        a.outcome = "a\"b\\c/d\n"
        #expect(ApplicationSnapshot(a).json == EventLog.encode(ApplicationSnapshot(a)))
    }
}
