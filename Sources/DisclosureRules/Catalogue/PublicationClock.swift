import Foundation

/// Where an item stands against the publication period of 条例第二十六条.
public enum PublicationTimeliness: Hashable, Sendable {
    /// Not published, the period still runs (the last day is `due`).
    case pending(due: CalendarDate)
    /// Not published and `due` has passed.
    case overdue(due: CalendarDate)
    /// Published on or before `due`.
    case onTime(due: CalendarDate)
    /// Published after `due`.
    case late(due: CalendarDate)

    public var due: CalendarDate {
        switch self { case .pending(let d), .overdue(let d), .onTime(let d), .late(let d): d }
    }

    public var label: String {
        switch self {
        case .pending(let d): "应于\(d.chinese)前公开"
        case .overdue(let d): "已逾期（应于\(d.chinese)前公开）"
        case .onTime: "按时公开"
        case .late(let d): "逾期公开（应于\(d.chinese)前公开）"
        }
    }
}

/// 条例第二十六条: "属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。法律、法规对
/// 政府信息公开的期限另有规定的，从其规定。" Counted on the same `WorkingDayCalendar` as the request clock (the
/// day the information was formed or changed is day 0, the 20th working day after it is the last day), so an item
/// formed on 2024-09-27 must be published by 2024-10-30 and is overdue from 2024-10-31.
public struct PublicationClock: Sendable {
    /// 条例第二十六条: 20 working days.
    public static let publicationDays = 20
    public let calendar: WorkingDayCalendar

    public init(calendar: WorkingDayCalendar) { self.calendar = calendar }

    /// The last day to publish information formed or changed on `formed`: `days` (20, or what a law or regulation
    /// sets) working days after it.
    /// - Throws: `CalendarError.yearNotCovered` when the count reaches a year without a holiday notice,
    ///   `.negativeWorkingDays` for a negative `days`.
    public func dueDate(formed: CalendarDate, days: Int = publicationDays) throws -> CalendarDate {
        try calendar.addingWorkingDays(days, to: formed)
    }

    /// Where an item formed on `formed` stands on `asOf`: published (on time or late) when `published` is given,
    /// else pending until its due date and overdue from the next day.
    /// - Throws: what `dueDate` throws.
    public func timeliness(formed: CalendarDate, published: CalendarDate?, asOf: CalendarDate, days: Int = publicationDays) throws -> PublicationTimeliness {
        let due = try dueDate(formed: formed, days: days)
        if let published { return published <= due ? .onTime(due: due) : .late(due: due) }
        return asOf > due ? .overdue(due: due) : .pending(due: due)
    }

    /// The timeliness of a catalogue item (only proactive items have the period: 依申请公开 and 不予公开 items have none,
    /// and are nil).
    /// - Throws: what `dueDate` throws.
    public func timeliness(of item: CatalogueItem, asOf: CalendarDate) throws -> PublicationTimeliness? {
        guard item.mode == .proactive else { return nil }
        return try timeliness(formed: item.formedOn, published: item.state == .published ? item.publishedOn : nil, asOf: asOf)
    }
}
