import FluentKit
import Foundation

extension EventKind {
    /// The kinds of the administrative audit log: changes to agencies, staff accounts, the calendar, letter templates,
    /// reports, an agency's 索引号 settings and whole catalogues imported — never an application's own steps (those belong to the application's record).
    public static let administrative: [EventKind] = [
        .agencyAdded, .agencyUpdated, .userAdded, .passwordChanged, .userDisabled, .calendarChanged, .letterTemplateChanged,
        .reportPublished, .baselineImported, .catalogueSettingsChanged, .catalogueImported,
    ]
}

extension Store {
    /// One page of administrative events (`EventKind.administrative`, or the `kinds` given among them), newest first,
    /// with the number of all that match. Events that name an application are never included.
    /// - Parameters:
    ///   - from: the first moment included; `to`: the first moment excluded.
    ///   - offset, limit: the page (events, not pages).
    public func administrativeEvents(kinds: [EventKind]? = nil, from: Date? = nil, to: Date? = nil, offset: Int = 0,
                                     limit: Int = 50) async throws -> (events: [EventRecord], total: Int) {
        let allowed = (kinds ?? EventKind.administrative).filter { EventKind.administrative.contains($0) }.map(\.rawValue)
        func query() -> QueryBuilder<EventRecord> {
            var q = EventRecord.query(on: db).filter(\.$kind ~~ allowed).filter(\.$applicationID == nil)
            if let from { q = q.filter(\.$at >= from) }
            if let to { q = q.filter(\.$at < to) }
            return q
        }
        let total = try await query().count()
        let events = try await query().sort(\.$at, .descending).sort(\.$id, .descending).offset(max(0, offset)).limit(max(1, limit)).all()
        return (events, total)
    }

    /// Every agency's code and name by id (for the audit log's object column), read now (an agency just added included).
    public func agencyNames() async throws -> [UUID: (code: String, name: String)] {
        Dictionary(try await agencies().map { ($0.id!, (code: $0.code, name: $0.name)) }, uniquingKeysWith: { a, _ in a })
    }
}
