import DisclosureRules
import FluentKit
import Foundation
import SQLKit

extension Store {
    /// The working-day calendar in force: the bundled notices (2019–2026) merged with every notice imported into
    /// this database (a later import of the same notice year replaces it) and the ad-hoc days off. Cached; reloaded
    /// when `calendar_version` shows that a calendar change was committed since (by any process).
    public func workingCalendar() async throws -> WorkingDayCalendar {
        let version = try await Self.calendarVersion(on: db, lock: false)
        if let c = calendarCache.value, c.version == version { return c.calendar }
        let calendar = try await calendar(on: db)
        // Kept only when no change was committed while it was read.
        if try await Self.calendarVersion(on: db, lock: false) == version {
            calendarCache.value = VersionedCalendar(version: version, calendar: calendar)
        }
        return calendar
    }

    /// The calendar for a transaction body that computes due dates. It reads `calendar_version` in the transaction
    /// (on PostgreSQL `FOR SHARE`, so that a calendar change waits for this transaction or this one for it; on SQLite
    /// a change committed after the read makes this transaction's write fail as busy, and it runs again), once per
    /// transaction or group, and uses the cached calendar only when its version matches — otherwise the calendar
    /// stored on `tx`, including a change made earlier in the same transaction or group. So an application is never
    /// written with a due date from a calendar that another process has already replaced.
    func workingCalendar(on tx: any Database) async throws -> WorkingDayCalendar {
        let context = CalendarInTransaction.current
        if let known = context?.calendar { return known }
        let version = try await Self.calendarVersion(on: tx, lock: true)
        let calendar: WorkingDayCalendar
        if let c = calendarCache.value, c.version == version { calendar = c.calendar } else {
            calendar = try await self.calendar(on: tx)
            // The committed calendar of that version (unless this transaction changed it): worth keeping.
            if let context, !context.changed { calendarCache.value = VersionedCalendar(version: version, calendar: calendar) }
        }
        context?.calendar = calendar
        return calendar
    }

    /// The number of calendar changes committed (and made in this transaction).
    static func calendarVersion(on db: any Database, lock: Bool) async throws -> Int {
        let sql = db as! any SQLDatabase
        let forShare = lock && sql.dialect.name == "postgresql" ? " FOR SHARE" : ""
        guard let row = try await sql.raw("SELECT value FROM store_state WHERE key = 'calendar_version'\(unsafeRaw: forShare)").first() else {
            throw StoreError.configuration("数据库缺少 store_state 表的 calendar_version 行（迁移 003 未完成）")
        }
        return try row.decode(column: "value", as: Int.self)
    }

    /// A change of the calendar and the applications it moved.
    public struct CalendarChange: Sendable {
        public var years: [Int]
        /// (query code, old due date, new due date) of every open application whose due date changed.
        public var recomputed: [(String, String?, String?)]
    }

    /// Imports one or more notice years (the shape of cn-workday-calendar.json), validated before anything is stored,
    /// then recomputes the due date of every open application whose window the change touches.
    /// - Throws: `CalendarError` naming the bad date (nothing stored).
    public func importCalendar(json: Data, actor: Actor, now: Date = Date()) async throws -> CalendarChange {
        let (years, loaded) = try await checkedImport(json: json, now: now)
        return try await changeCalendar(actor: actor, now: now, years: years, detail: "导入\(years.map(String.init).joined(separator: "、"))年节假日安排") { tx in
            try await CalendarEntryRecord.query(on: tx).filter(\.$noticeYear ~~ years).filter(\.$kind != "day-off").delete()
            for e in Self.entries(importing: loaded, years: years) { try await e.create(on: tx) }
        }
    }

    /// What `importCalendar` would do, computed without storing anything: the open applications whose due date the
    /// notice moves, old and new (the same checks and the same recomputation as the import itself).
    /// - Throws: what `importCalendar` throws.
    public func previewImportCalendar(json: Data, now: Date = Date()) async throws -> CalendarPreview {
        let (years, loaded) = try await checkedImport(json: json, now: now)
        let stored = try await CalendarEntryRecord.query(on: db).sort(\.$noticeYear).all()
        let after = stored.filter { !(years.contains($0.noticeYear) && $0.kind != "day-off") } + Self.entries(importing: loaded, years: years)
        return try await preview(years: years, calendar: try Self.calendar(entries: after))
    }

    /// The entries an import stores for `years` (holidays and make-up working days of each notice).
    static func entries(importing loaded: WorkingDayCalendar, years: [Int]) -> [CalendarEntryRecord] {
        var out: [CalendarEntryRecord] = []
        for y in years {
            guard let n = loaded.notices[y] else { continue }
            out += n.holidays.map { entry(y, $0, "holiday") } + n.workdays.map { entry(y, $0, "workday") }
        }
        return out
    }

    /// The checks of an import (see `importCalendar`); returns the years and the loaded notices.
    func checkedImport(json: Data, now: Date) async throws -> ([Int], WorkingDayCalendar) {
        let loaded = try WorkingDayCalendar.load(json: json)
        let years = loaded.coveredYears
        guard !years.isEmpty else { throw StoreError.invalid("文件中没有任何年度的节假日安排") }
        // A notice is published in the autumn before its year: never one for a year after next.
        let nextYear = try CalendarDate.latestToday(now: now).year + 1
        if let late = years.first(where: { $0 > nextYear }) {
            throw InputError(InputField("noticeYear", "节假日安排的年份"), " \(late) 不可能已经发布（最晚为\(nextYear)年）")
        }
        // A bundled year (the official notice built in) may be amended only with more days off (as the 2020 notice
        // extending 春节 did): every bundled day kept with its name, no make-up working day added.
        for y in years {
            guard let bundled = WorkingDayCalendar.bundled.notices[y], let new = loaded.notices[y] else { continue }
            let newHolidays = Dictionary(new.holidays.map { ($0.date, $0.name) }, uniquingKeysWith: { a, _ in a })
            let newWorkdays = Dictionary(new.workdays.map { ($0.date, $0.name) }, uniquingKeysWith: { a, _ in a })
            let lost = bundled.holidays.filter { newHolidays[$0.date] != $0.name } + bundled.workdays.filter { newWorkdays[$0.date] != $0.name }
            if !lost.isEmpty {
                throw StoreError.invalid("\(y)年的节假日安排已内置（国务院办公厅通知），导入的文件缺少或改动了其中的 \(lost.count) 天，如 "
                                         + lost.prefix(3).map { "\($0.date) \($0.name)" }.joined(separator: "、") + "；更正只能增加放假日，不能删去或改名")
            }
            let bundledWork = Set(bundled.workdays.map(\.date))
            if let added = new.workdays.first(where: { !bundledWork.contains($0.date) }) {
                throw StoreError.invalid("\(y)年的节假日安排已内置（国务院办公厅通知），导入的文件增加了调休上班日 \(added.date)（\(added.name)）；更正只能增加放假日")
            }
        }
        // The imported years must merge with the calendar in force (conflicts are refused before anything is stored).
        var merged = try await workingCalendar()
        for y in years { if let n = loaded.notices[y] { merged = try merged.merging(n) } }
        return (years, loaded)
    }

    /// Adds an ad-hoc day off (e.g. a local closure decided after the notice) and recomputes open applications.
    /// - Parameter name: the closure's name or reason, required (shown wherever the day is explained).
    /// - Throws: `InputError` for an empty name or a date before 2008-05-01; `CalendarError.yearNotCovered` for a year
    ///   without a notice; `StoreError.invalid` naming why a day that is already not a working day is not (e.g.
    ///   "2024-10-01 是国庆节放假日").
    public func addDayOff(_ date: CalendarDate, name rawName: String, actor: Actor, now: Date = Date()) async throws -> CalendarChange {
        let name = try await checkedDayOff(date, name: rawName)
        return try await changeCalendar(actor: actor, now: now, years: [date.year], detail: "增加休息日 \(date) \(name)") { tx in
            try await Self.entry(date.year, NamedDay(date: date, name: name), "day-off").create(on: tx)
        }
    }

    /// What `addDayOff` would do, computed without storing anything: the open applications whose due date the day off
    /// moves, old and new (the same checks and the same recomputation as `addDayOff`).
    /// - Throws: what `addDayOff` throws.
    public func previewDayOff(_ date: CalendarDate, name rawName: String) async throws -> CalendarPreview {
        let name = try await checkedDayOff(date, name: rawName)
        let stored = try await CalendarEntryRecord.query(on: db).sort(\.$noticeYear).all()
        return try await preview(years: [date.year], calendar: try Self.calendar(entries: stored + [Self.entry(date.year, NamedDay(date: date, name: name), "day-off")]))
    }

    /// The checks of a day off (see `addDayOff`); returns the cleaned name.
    func checkedDayOff(_ date: CalendarDate, name rawName: String) async throws -> String {
        let name = try CleanText.requiredLine(rawName, field: .dayOffName, maxLength: 100)
        try RecordDates.checkNotBeforeRegulations(date, field: .date)
        let kind = try await workingCalendar().dayKind(date) // refuses a year with no notice
        guard kind.isWorkingDay else { throw StoreError.invalid("\(kind.chineseReason(date))，本来就不是工作日，无需增加休息日") }
        return name
    }

    /// A calendar change not yet made: the open applications it would move.
    public struct CalendarPreview: Sendable {
        public var years: [Int]
        public var moves: [Move]
        /// One open application whose due date the change moves.
        public struct Move: Sendable, Equatable {
            public var queryCode: String
            public var agencyCode: String
            public var agencyName: String
            /// YYYY-MM-DD; nil: could not be computed (before: no notice for the year yet; after: still none).
            public var old: String?
            public var new: String?
            /// Working days (on the changed calendar) from the old due date to the new one: positive when the due date
            /// moves later, negative when earlier; nil when either date is missing.
            public var workingDays: Int?
        }
    }

    /// The moves of the open applications on `calendar` (the changed calendar), by agency code and query code.
    func preview(years: [Int], calendar: WorkingDayCalendar) async throws -> CalendarPreview {
        let agencies = Dictionary(try await agencyDirectory().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var moves: [CalendarPreview.Move] = []
        for (app, old, new) in try await Self.recomputedDueDates(on: db, calendar: calendar) {
            var days: Int?
            if let o = old.flatMap(CalendarDate.init(iso:)), let n = new.flatMap(CalendarDate.init(iso:)) {
                days = o <= n ? try? calendar.workingDays(after: o, through: n) : (try? calendar.workingDays(after: n, through: o)).map { -$0 }
            }
            let agency = agencies[app.agencyID]
            moves.append(.init(queryCode: app.queryCode, agencyCode: agency?.code ?? "", agencyName: agency?.name ?? "", old: old, new: new,
                               workingDays: days))
        }
        moves.sort { ($0.agencyCode, $0.queryCode) < ($1.agencyCode, $1.queryCode) }
        return CalendarPreview(years: years, moves: moves)
    }

    static func entry(_ year: Int, _ d: NamedDay, _ kind: String) -> CalendarEntryRecord {
        let e = CalendarEntryRecord()
        e.noticeYear = year; e.date = d.date.description; e.kind = kind; e.name = d.name
        return e
    }

    /// Applies a calendar change and recomputes, in one transaction, every open application's due date; writes an
    /// event with the old and new date for each one that moved. Closed applications keep theirs.
    func changeCalendar(actor: Actor, now: Date, years: [Int], detail: String,
                        _ write: @escaping @Sendable (any Database) async throws -> Void) async throws -> CalendarChange {
        let result: CalendarChange = try await transaction { tx in
            // First: other transactions that compute due dates now wait for this one (or it for them), see
            // `workingCalendar(on:)`.
            try await (tx as! any SQLDatabase).raw("UPDATE store_state SET value = value + 1 WHERE key = 'calendar_version'").run()
            CalendarInTransaction.current?.calendar = nil
            CalendarInTransaction.current?.changed = true
            try await write(tx)
            try await EventLog.append(.calendarChanged, on: tx, actor: actor, at: now, detail: detail)
            let calendar = try await self.calendar(on: tx)
            var moved: [(String, String?, String?)] = []
            for (app, old, new) in try await Self.recomputedDueDates(on: tx, calendar: calendar) {
                let before = ApplicationSnapshot(app)
                app.dueDate = new
                try await app.update(on: tx)
                try await EventLog.append(.dueDateRecomputed, on: tx, application: app.id, agency: app.agencyID, actor: actor, at: now,
                                          before: before, after: ApplicationSnapshot(app), detail: "\(detail)：答复期限 \(old ?? "无法计算") → \(new ?? "无法计算")")
                moved.append((app.queryCode, old, new))
            }
            return CalendarChange(years: years, recomputed: moved)
        }
        return result
    }

    /// The calendar as stored on `db` (inside a transaction, before the cache is refreshed).
    func calendar(on db: any Database) async throws -> WorkingDayCalendar {
        try Self.calendar(entries: try await CalendarEntryRecord.query(on: db).sort(\.$noticeYear).all())
    }

    /// The open applications (every state but decided) whose due date on `calendar` differs from the stored one, with
    /// the stored and the recomputed date (nil: cannot be computed, e.g. a year without a notice). Reads only: the
    /// calendar change writes them, the preview shows them.
    static func recomputedDueDates(on db: any Database, calendar: WorkingDayCalendar) async throws -> [(ApplicationRecord, String?, String?)] {
        var out: [(ApplicationRecord, String?, String?)] = []
        let open = try await ApplicationRecord.query(on: db).filter(\.$state != ApplicationState.decided.rawValue).all()
        for app in open {
            let consultations = try await ConsultationRecord.query(on: db).filter(\.$applicationID == app.id!).all().map(StoredConsultation.init)
            let new = try? Self.dueDate(app, consultations: consultations, calendar: calendar)
            guard new != app.dueDate else { continue }
            out.append((app, app.dueDate, new))
        }
        return out
    }

    /// The calendar the entries give: the bundled notices, each stored notice year merged in (by year), then the days off.
    static func calendar(entries: [CalendarEntryRecord]) throws -> WorkingDayCalendar {
        let entries = entries.sorted { $0.noticeYear < $1.noticeYear }
        var calendar = WorkingDayCalendar.bundled
        let byYear = Dictionary(grouping: entries.filter { $0.kind != "day-off" }, by: \.noticeYear)
        for (year, list) in byYear.sorted(by: { $0.key < $1.key }) {
            let holidays = list.filter { $0.kind == "holiday" }.compactMap { e in CalendarDate(iso: e.date).map { NamedDay(date: $0, name: e.name) } }
            let workdays = list.filter { $0.kind == "workday" }.compactMap { e in CalendarDate(iso: e.date).map { NamedDay(date: $0, name: e.name) } }
            calendar = try calendar.merging(noticeYear: year, holidays: holidays, workdays: workdays)
        }
        for e in entries where e.kind == "day-off" {
            if let d = CalendarDate(iso: e.date) { calendar = calendar.addingDayOff(d, name: e.name) }
        }
        return calendar
    }
}

/// A value shared by the store's tasks behind a lock.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var _value: T
    init(_ value: T) { _value = value }
    var value: T {
        get { lock.lock(); defer { lock.unlock() }; return _value }
        set { lock.lock(); _value = newValue; lock.unlock() }
    }
    func mutate(_ body: (inout T) -> Void) { lock.lock(); body(&_value); lock.unlock() }
}

/// A calendar and the `calendar_version` it was read at.
struct VersionedCalendar: Sendable {
    let version: Int
    let calendar: WorkingDayCalendar
}

/// The calendar checked in the current transaction (or group): set by `Store.workingCalendar(on:)`, cleared by a
/// calendar change.
final class CalendarInTransaction: @unchecked Sendable {
    @TaskLocal static var current: CalendarInTransaction?
    var calendar: WorkingDayCalendar?
    /// A calendar change was made in this transaction (what it reads is not committed yet).
    var changed = false
}
