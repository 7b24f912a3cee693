import DisclosureRules
import FluentKit
import Foundation

extension Store {
    /// Adds an agency.
    /// - Parameters:
    ///   - code: short unique code used on the command line (letters, digits, - and _).
    ///   - timeZone: IANA name; receipt dates are taken in it (条例第三十一条).
    ///   - kind: department (report due 1月31日) or government (3月31日), 条例第四十九条.
    /// - Throws: `StoreError.invalid` for a bad code or time zone, `.conflict` when the code exists, `.notFound` for an unknown parent.
    @discardableResult
    public func addAgency(code: String, name: String, parentCode: String? = nil, timeZone: String = "Asia/Shanghai",
                          kind: AgencyKind? = nil, actor: Actor = .system, now: Date = Date()) async throws -> AgencyRecord {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_"))
        guard !code.isEmpty, code.unicodeScalars.allSatisfy({ allowed.contains($0) && $0.isASCII }) else {
            throw StoreError.invalid("机关代码“\(code)”无效：只能使用英文字母、数字、- 和 _")
        }
        let name = try CleanText.requiredLine(name, field: InputField("agencyName", "机关名称"), maxLength: 200)
        // An IANA name (Asia/Shanghai) or UTC; abbreviations such as CST are ambiguous (US Central, China, Cuba).
        guard timeZone == "UTC" || (timeZone.contains("/") && TimeZone(identifier: timeZone) != nil) else {
            throw InputError(InputField("timeZone", "时区"), "“\(timeZone)”无效：应为 IANA 时区名称，如 Asia/Shanghai（CST 等缩写有歧义，不接受）")
        }
        if try await agency(code: code) != nil { throw StoreError.conflict("机关代码“\(code)”已存在") }
        var parentID: UUID?
        if let parentCode {
            guard let p = try await agency(code: parentCode) else { throw StoreError.notFound("上级机关“\(parentCode)”不存在") }
            parentID = p.id
        }
        let agencyKind = (kind ?? AgencyKind.guess(fromName: name)).rawValue
        let parent = parentID
        defer { agencyDirectoryCache.value = nil }
        return try await transaction { tx in
            let a = AgencyRecord()
            a.code = code; a.name = name; a.parentID = parent; a.timeZone = timeZone; a.kind = agencyKind
            try await a.create(on: tx)
            try await EventLog.append(.agencyAdded, on: tx, agency: a.id, actor: actor, at: now,
                                      after: ["code": code, "name": name, "timeZone": timeZone, "kind": agencyKind])
            return a
        }
    }

    public func agency(code: String) async throws -> AgencyRecord? {
        guard Self.plausibleKey(code) else { return nil }
        return try await AgencyRecord.query(on: db).filter(\.$code == code).first()
    }

    /// Whether a code someone typed can be looked up at all: 1…200 characters without control characters (PostgreSQL
    /// refuses a NUL in text; such a value names nothing, so the lookup answers "not found" instead of failing).
    static func plausibleKey(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 200 && !s.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// - Throws: `StoreError.notFound` naming the code.
    public func requireAgency(code: String) async throws -> AgencyRecord {
        guard let a = try await agency(code: code) else { throw StoreError.notFound("机关“\(code)”不存在") }
        return a
    }

    /// An agency's id and time zone by code, for receiving applications. Cached: agencies are never changed or removed
    /// once added, so a cached entry cannot go stale.
    /// - Throws: `StoreError.notFound` naming the code.
    func agencyRef(code: String) async throws -> AgencyRef {
        if let cached = agencyCache.value[code] { return cached }
        let a = try await requireAgency(code: code)
        let ref = AgencyRef(id: a.id!, timeZone: a.timeZone)
        agencyCache.mutate { $0[code] = ref }
        return ref
    }

    /// Today in the time zone of the agency with `id` (the latest date a record of it may carry). Zones are cached by
    /// id: agencies never change once added.
    /// - Throws: `StoreError.notFound` / `.configuration` for an unknown agency or zone.
    func agencyToday(id: UUID, now: Date, on db: any Database) async throws -> CalendarDate {
        if let zone = agencyZones.value[id] { return try CalendarDate.today(in: zone, now: now) }
        guard let a = try await AgencyRecord.find(id, on: db) else { throw StoreError.notFound("机关不存在") }
        guard let zone = TimeZone(identifier: a.timeZone) else { throw StoreError.configuration("机关“\(a.code)”的时区“\(a.timeZone)”无效") }
        agencyZones.mutate { $0[id] = zone }
        return try CalendarDate.today(in: zone, now: now)
    }

    /// Today in the time zone of the agency with `id`.
    /// - Throws: `StoreError.notFound` / `.configuration`.
    public func agencyToday(id: UUID, now: Date = Date()) async throws -> CalendarDate {
        try await agencyToday(id: id, now: now, on: db)
    }

    /// The agency's time zone (receipt dates, 条例第三十一条; times typed without a zone are read in it).
    /// - Throws: `StoreError.notFound` naming the code, `.configuration` for a stored zone the system does not know.
    public func agencyTimeZone(code: String) async throws -> TimeZone {
        let ref = try await agencyRef(code: code)
        guard let tz = TimeZone(identifier: ref.timeZone) else { throw StoreError.configuration("机关“\(code)”的时区“\(ref.timeZone)”无效") }
        return tz
    }

    public func agencies() async throws -> [AgencyRecord] {
        try await AgencyRecord.query(on: db).sort(\.$code).all()
    }

    /// How long the list of agencies read by `agencyDirectory` is used again (seconds): an agency added through
    /// another instance sharing the database appears within this time; one added through this instance at once.
    public static let agencyDirectoryTTL: TimeInterval = 1

    /// Every agency by code, as lists and the queue show them: read at most once every `agencyDirectoryTTL`
    /// (the pages read it on every request). Writes and checks read the records themselves.
    public func agencyDirectory() async throws -> [AgencyEntry] {
        let now = Date()
        if let c = agencyDirectoryCache.value, c.read <= now, now.timeIntervalSince(c.read) < Self.agencyDirectoryTTL { return c.entries }
        let entries = try await agencies().map {
            AgencyEntry(id: $0.id!, code: $0.code, name: $0.name, kind: $0.kind, timeZone: $0.timeZone, parentID: $0.parentID)
        }
        agencyDirectoryCache.value = (now, entries)
        return entries
    }
}

/// What receiving an application needs of its agency.
struct AgencyRef: Sendable {
    let id: UUID
    let timeZone: String
}

/// An agency as lists show it: a value, shared between requests (see `Store.agencyDirectory`).
public struct AgencyEntry: Sendable, Equatable {
    public var id: UUID
    public var code: String
    public var name: String
    /// `AgencyKind` raw value.
    public var kind: String
    /// IANA time zone name.
    public var timeZone: String
    public var parentID: UUID?
}
