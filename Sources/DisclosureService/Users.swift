import DisclosureRules
import DisclosureStore
import Foundation

/// Hashes and checks passwords. The web platform gives Vapor's Bcrypt; the service never keeps a password.
public protocol PasswordHashing: Sendable {
    /// - Throws: when the password cannot be hashed.
    func hash(_ password: String) throws -> String
    /// Whether `password` matches `hash`.
    func verify(_ password: String, hash: String) throws -> Bool
}

/// A staff account as pages and the API show it (no hash).
public struct UserInfo: Sendable, Codable, Equatable {
    public var id: UUID
    public var username: String
    public var displayName: String
    /// `StaffRole` raw value and its label.
    public var role: StaffRole
    public var roleLabel: String
    /// The agency a clerk or head works for, or the region an oversight officer reads (nil: every agency).
    public var agencyCode: String?
    public var mustChangePassword: Bool
    public var disabled: Bool
}

/// Passwords: at least 10 characters, at most 72 bytes in UTF-8 (what Bcrypt reads).
public enum PasswordPolicy {
    public static let minimumLength = 10
    public static let maximumBytes = 72
    public static let minimumDistinct = 4

    /// At least `minimumLength` characters of which at least `minimumDistinct` different ones that are not spaces
    /// (a row of spaces or of one key is refused), at most `maximumBytes` UTF-8 bytes (Bcrypt reads no more).
    /// - Throws: `ServiceError` (`invalidInput`, field `password`).
    public static func check(_ p: String) throws {
        if p.count < minimumLength { throw ServiceError(.invalidInput, "密码至少 \(minimumLength) 个字符", field: InputField.password.key) }
        let distinct = Set(p.unicodeScalars.filter { !$0.properties.isWhitespace && !$0.properties.isDefaultIgnorableCodePoint })
        if distinct.count < minimumDistinct {
            throw ServiceError(.invalidInput, "密码至少要有 \(minimumDistinct) 个不同的非空白字符", field: InputField.password.key)
        }
        if p.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw ServiceError(.invalidInput, "密码不能含控制字符", field: InputField.password.key)
        }
        if p.utf8.count > maximumBytes { throw ServiceError(.invalidInput, "密码最多 \(maximumBytes) 字节（约 24 个汉字或 72 个英文字符）", field: InputField.password.key) }
    }

    /// A password for one use (first login, a reset): 16 characters from an alphabet without look-alikes, from the
    /// system's generator.
    public static func oneTime() -> String {
        let alphabet = Array("23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ")
        var g = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int(g.next(upperBound: UInt64(alphabet.count)))] })
    }
}

extension Service {
    static func info(_ u: StoredUser) -> UserInfo {
        UserInfo(id: u.id, username: u.username, displayName: u.displayName, role: u.role, roleLabel: u.role.label, agencyCode: u.agencyCode,
                 mustChangePassword: u.mustChangePassword, disabled: u.disabled)
    }

    /// Checks a username: 3 to 32 of a–z, 0–9, `.`, `_`, `-`, starting with a letter.
    static func checkUsername(_ raw: String) throws -> String {
        let u = raw.trimmedWhitespace.lowercased()
        let ok = (3...32).contains(u.count) && u.first!.isASCII && u.first!.isLetter
            && u.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-" }
        guard ok else {
            throw ServiceError(.invalidInput, "用户名须为 3 至 32 个小写字母、数字或 . _ -，以字母开头", field: InputField.username.key)
        }
        return u
    }

    /// On the first start (no account yet): creates the administrator `admin` with a one-time password, which must be
    /// changed at the first login. Nil when accounts exist.
    public func ensureAdministrator(hasher: any PasswordHashing, now: Date = Date()) async throws -> (username: String, password: String)? {
        try await run {
            guard try await store.userCount() == 0 else { return nil }
            let password = PasswordPolicy.oneTime()
            _ = try await store.addUser(username: "admin", displayName: "系统管理员", role: .admin, agencyCode: nil,
                                        passwordHash: try hasher.hash(password), mustChangePassword: true,
                                        actor: StaffMember.system.actor, now: now)
            return ("admin", password)
        }
    }

    /// Adds a staff account with a one-time password (returned once, to be handed over; changed at the first login).
    /// Clerks (registrar, handler) and heads need their agency; an oversight officer's agency is the region it reads
    /// (none: every agency); an administrator has none.
    /// - Throws: `ServiceError` (`notAllowed` unless an administrator, `invalidInput` naming the field, `conflict` for a
    ///   taken username, `notFound` for the agency).
    public func addUser(username: String, displayName: String, role: StaffRole, agencyCode: String?, hasher: any PasswordHashing,
                        by member: StaffMember, now: Date = Date()) async throws -> (user: UserInfo, password: String) {
        try authorize(member, .manageUsers)
        return try await run {
            let name = try Self.checkUsername(username)
            let display = try CleanText.requiredLine(displayName, field: .displayName, maxLength: 100)
            let agency = agencyCode.flatMap { $0.trimmedWhitespace.isEmpty ? nil : $0.trimmedWhitespace }
            switch role {
            case .registrar, .handler, .head:
                guard agency != nil else { throw ServiceError(.invalidInput, "\(role.label)须指定所属机关", field: "agencyCode") }
            case .admin:
                guard agency == nil else { throw ServiceError(.invalidInput, "系统管理员不属于某一机关", field: "agencyCode") }
            case .oversight: break
            }
            let password = PasswordPolicy.oneTime()
            let u = try await store.addUser(username: name, displayName: display, role: role, agencyCode: agency,
                                            passwordHash: try hasher.hash(password), mustChangePassword: true, actor: member.actor, now: now)
            return (Self.info(u), password)
        }
    }

    /// Every account (administrators only).
    public func users(by member: StaffMember) async throws -> [UserInfo] {
        try authorize(member, .manageUsers)
        return try await run { try await store.users().map(Self.info) }
    }

    /// The account whose password matches, or nil (also for a disabled or unknown account; an unknown username still
    /// costs one hash check, so that timing does not tell which usernames exist).
    public func authenticate(username: String, password: String, hasher: any PasswordHashing) async throws -> UserInfo? {
        try await run {
            // A name that cannot be a username (control characters, a NUL PostgreSQL refuses …) is looked up nowhere.
            let name = try? Self.checkUsername(username)
            guard let name, password.utf8.count <= PasswordPolicy.maximumBytes, let u = try await store.user(username: name) else {
                _ = try? hasher.hash(password)
                return nil
            }
            guard try hasher.verify(password, hash: u.passwordHash), !u.disabled else { return nil }
            return Self.info(u)
        }
    }

    /// Changes one's own password (the current one checked).
    /// - Throws: `ServiceError` (`invalidInput` for a wrong current password or a new one the policy refuses).
    public func changePassword(userID: UUID, current: String, new: String, hasher: any PasswordHashing, now: Date = Date()) async throws {
        try await run {
            guard let u = try await store.user(id: userID), !u.disabled else { throw ServiceError(.notFound, "用户不存在") }
            guard try hasher.verify(current, hash: u.passwordHash) else {
                throw ServiceError(.invalidInput, "当前密码不正确", field: "currentPassword")
            }
            try PasswordPolicy.check(new)
            if new == current { throw ServiceError(.invalidInput, "新密码不能与当前密码相同", field: InputField.password.key) }
            try await store.setPassword(userID: userID, passwordHash: try hasher.hash(new), mustChange: false,
                                        actor: Actor(name: u.displayName, role: u.role), now: now)
        }
    }

    /// Sets a new one-time password for an account (administrators), ending its sessions.
    public func resetPassword(username: String, hasher: any PasswordHashing, by member: StaffMember, now: Date = Date()) async throws -> String {
        try authorize(member, .manageUsers)
        return try await run {
            guard let u = try await store.user(username: try Self.checkUsername(username)) else { throw ServiceError(.notFound, "用户“\(username)”不存在") }
            let password = PasswordPolicy.oneTime()
            try await store.setPassword(userID: u.id, passwordHash: try hasher.hash(password), mustChange: true, actor: member.actor, now: now)
            try await store.deleteSessions(containing: u.id.uuidString)
            return password
        }
    }

    /// Disables or re-enables an account (administrators; not one's own), ending its sessions.
    public func setUserDisabled(username: String, disabled: Bool, by member: StaffMember, now: Date = Date()) async throws {
        try authorize(member, .manageUsers)
        try await run {
            guard let u = try await store.user(username: try Self.checkUsername(username)) else { throw ServiceError(.notFound, "用户“\(username)”不存在") }
            if u.id == member.userID { throw ServiceError(.refused, "不能停用自己的账号") }
            try await store.setUserDisabled(userID: u.id, disabled: disabled, actor: member.actor, now: now)
            try await store.deleteSessions(containing: u.id.uuidString)
        }
    }

    /// The staff member an account acts as — its name and role, and its scope: a clerk's or head's own agency, an
    /// oversight officer's region (the agency and the agencies under it; every agency without one). Nil for an unknown
    /// or disabled account.
    public func member(userID: UUID) async throws -> (member: StaffMember, user: UserInfo)? {
        try await run {
            guard let u = try await store.user(id: userID), !u.disabled else { return nil }
            var m = StaffMember(name: u.displayName, role: u.role)
            m.userID = u.id
            m.agencyCode = u.agencyCode
            switch u.role {
            case .registrar, .handler, .head: m.scope = .agencies(u.agencyCode.map { [$0] } ?? [])
            case .oversight:
                if let region = u.agencyCode { m.scope = .agencies(try await store.region(code: region)) } else { m.scope = .all }
            case .admin: m.scope = .agencies([])
            }
            return (m, Self.info(u))
        }
    }

    // MARK: Sessions (kept in the database: several app instances share them)

    /// A session's data, if it exists and has not expired.
    public func sessionData(id: String, now: Date = Date()) async throws -> String? {
        try await run { try await store.sessionData(id: id, now: now) }
    }

    public func saveSession(id: String, data: String, expiresAt: Date) async throws {
        try await run { try await store.saveSession(id: id, data: data, expiresAt: expiresAt) }
    }

    /// Ends a session (and removes expired ones).
    public func deleteSession(id: String, now: Date = Date()) async throws {
        try await run { try await store.deleteSession(id: id, now: now) }
    }
}
