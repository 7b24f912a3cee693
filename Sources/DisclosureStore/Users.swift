import DisclosureRules
import FluentKit
import Foundation
import SQLKit

/// A staff account as the service sees it (no password hash outside the store and the service).
public struct StoredUser: Sendable, Equatable {
    public var id: UUID
    public var username: String
    public var displayName: String
    public var role: StaffRole
    /// The agency a clerk or head works for, or the region (parent agency) an oversight officer reads.
    public var agencyCode: String?
    public var passwordHash: String
    public var mustChangePassword: Bool
    public var disabled: Bool
}

extension Store {
    /// Adds a staff account.
    /// - Throws: `StoreError.conflict` for a taken username, `.notFound` for an unknown agency.
    public func addUser(username: String, displayName: String, role: StaffRole, agencyCode: String?, passwordHash: String,
                        mustChangePassword: Bool, actor: Actor, now: Date = Date()) async throws -> StoredUser {
        var found: UUID?
        if let agencyCode { found = try await requireAgency(code: agencyCode).id! }
        let agencyID = found
        return try await transaction { tx in
            if try await UserRecord.query(on: tx).filter(\.$username == username).first() != nil {
                throw StoreError.conflict("用户名“\(username)”已被使用")
            }
            let u = UserRecord()
            u.id = UUID(); u.username = username; u.displayName = displayName; u.role = role.rawValue; u.agencyID = agencyID
            u.passwordHash = passwordHash; u.mustChangePassword = mustChangePassword; u.disabled = false; u.createdAt = now
            try await ModelSQL.create(u, on: tx)
            try await EventLog.append(.userAdded, on: tx, agency: agencyID, actor: actor, at: now,
                                      after: ["username": username, "role": role.rawValue, "agency": agencyCode ?? ""])
            return StoredUser(id: u.id!, username: username, displayName: displayName, role: role, agencyCode: agencyCode,
                              passwordHash: passwordHash, mustChangePassword: mustChangePassword, disabled: false)
        }
    }

    /// The account with `username`, if any.
    public func user(username: String) async throws -> StoredUser? {
        guard Self.plausibleKey(username) else { return nil }
        guard let u = try await UserRecord.query(on: db).filter(\.$username == username).first() else { return nil }
        return try await stored(u)
    }

    /// The account with `id`, if any.
    public func user(id: UUID) async throws -> StoredUser? {
        guard let u = try await UserRecord.find(id, on: db) else { return nil }
        return try await stored(u)
    }

    /// Every account, by username.
    public func users() async throws -> [StoredUser] {
        var out: [StoredUser] = []
        for u in try await UserRecord.query(on: db).sort(\.$username).all() { out.append(try await stored(u)) }
        return out
    }

    /// How many accounts there are.
    public func userCount() async throws -> Int { try await UserRecord.query(on: db).count() }

    /// Replaces an account's password hash (and whether it must be changed at the next login).
    public func setPassword(userID: UUID, passwordHash: String, mustChange: Bool, actor: Actor, now: Date = Date()) async throws {
        try await transaction { tx in
            guard let u = try await UserRecord.find(userID, on: tx) else { throw StoreError.notFound("用户不存在") }
            u.passwordHash = passwordHash
            u.mustChangePassword = mustChange
            try await u.update(on: tx)
            try await EventLog.append(.passwordChanged, on: tx, agency: u.agencyID, actor: actor, at: now, detail: u.username)
        }
    }

    func stored(_ u: UserRecord) async throws -> StoredUser {
        var code: String?
        if let a = u.agencyID { code = try await AgencyRecord.find(a, on: db)?.code }
        return StoredUser(id: u.id!, username: u.username, displayName: u.displayName, role: StaffRole(rawValue: u.role) ?? .registrar,
                          agencyCode: code, passwordHash: u.passwordHash, mustChangePassword: u.mustChangePassword, disabled: u.disabled)
    }

    /// The code of the agency with `id` (agencies never change once added).
    public func agencyCode(id: UUID) async throws -> String {
        if let hit = agencyCache.value.first(where: { $0.value.id == id }) { return hit.key }
        guard let a = try await AgencyRecord.find(id, on: db) else { throw StoreError.notFound("机关不存在") }
        agencyCache.mutate { $0[a.code] = AgencyRef(id: a.id!, timeZone: a.timeZone) }
        return a.code
    }

    /// The codes of the agencies whose parent is `code` (a region), and itself.
    public func region(code: String) async throws -> [String] {
        let parent = try await requireAgency(code: code)
        let children = try await AgencyRecord.query(on: db).filter(\.$parentID == parent.id).all().map(\.code)
        return [parent.code] + children.sorted()
    }

    // MARK: Sessions

    /// A session's data, if it exists and has not expired.
    public func sessionData(id: String, now: Date = Date()) async throws -> String? {
        guard let s = try await SessionRecord.find(id, on: db), s.expiresAt > now else { return nil }
        return s.data
    }

    /// Creates or replaces a session.
    public func saveSession(id: String, data: String, expiresAt: Date) async throws {
        try await transaction { tx in
            try await SessionRecord.query(on: tx).filter(\.$id == id).delete()
            let s = SessionRecord()
            s.id = id; s.data = data; s.expiresAt = expiresAt
            try await ModelSQL.create(s, on: tx)
        }
    }

    /// Deletes a session (logout), and every expired one.
    public func deleteSession(id: String, now: Date = Date()) async throws {
        try await SessionRecord.query(on: db).filter(\.$id == id).delete()
        try await SessionRecord.query(on: db).filter(\.$expiresAt < now).delete()
    }
}

extension Store {
    /// Disables or re-enables an account (a disabled account cannot log in; its sessions are ended).
    public func setUserDisabled(userID: UUID, disabled: Bool, actor: Actor, now: Date = Date()) async throws {
        try await transaction { tx in
            guard let u = try await UserRecord.find(userID, on: tx) else { throw StoreError.notFound("用户不存在") }
            u.disabled = disabled
            try await u.update(on: tx)
            try await EventLog.append(.userDisabled, on: tx, agency: u.agencyID, actor: actor, at: now,
                                      detail: "\(u.username)\(disabled ? " 已停用" : " 已启用")")
        }
    }

    /// Ends every session whose data names `marker` (a user's id): after a password change or when disabled.
    public func deleteSessions(containing marker: String) async throws {
        try await SessionRecord.query(on: db).filter(\.$data, .contains(inverse: false, .anywhere), marker).delete()
    }
}
