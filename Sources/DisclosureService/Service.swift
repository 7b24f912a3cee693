import DisclosureRules
import DisclosureStore
import Foundation

/// Where the records live, as the front ends name it: an SQLite file (the embedded default), in-memory SQLite
/// (tests), or PostgreSQL (`DATABASE_URL`).
public enum DatabaseLocation: Sendable, Equatable {
    case sqliteFile(String)
    case sqliteMemory
    case postgres(String)

    /// `DATABASE_URL` (postgres://…) selects PostgreSQL; otherwise `file` (an option), `GONGKAI_DB` or
    /// ./gongkai.sqlite is the SQLite file.
    public static func fromEnvironment(file: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) -> DatabaseLocation {
        var env = environment
        if let file { env["GONGKAI_DB"] = file }
        switch StoreConfiguration.fromEnvironment(environment: env) {
        case .sqliteFile(let p): return .sqliteFile(p)
        case .sqliteMemory: return .sqliteMemory
        case .postgres(let u): return .postgres(u)
        }
    }

    var storeConfiguration: StoreConfiguration {
        switch self {
        case .sqliteFile(let p): .sqliteFile(p)
        case .sqliteMemory: .sqliteMemory
        case .postgres(let u): .postgres(u)
        }
    }

    /// Description without credentials (for messages and logs).
    public var safeDescription: String { storeConfiguration.safeDescription }

    /// Whether the records exist already: PostgreSQL (the server holds them), or an SQLite file that is there and not
    /// empty. Nil with the reason (Chinese) when they do not.
    public var missingReason: String? {
        guard case .sqliteFile(let path) = self else { return nil }
        guard FileManager.default.fileExists(atPath: path) else { return "数据库文件 \(path) 不存在" }
        if ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue == 0 {
            return "数据库文件 \(path) 是空文件，不是 Gongkai 的数据库"
        }
        return nil
    }
}

/// Who acts: a staff member's name and role, written to the event log with every action.
public struct StaffMember: Sendable, Equatable {
    public var name: String
    public var role: StaffRole
    /// The agencies whose records the member reads and changes (`.all` for the CLI, which holds the database).
    public var scope: AccessScope = .all
    /// The account, for a member who logged in to the web platform.
    public var userID: UUID?
    /// The account's agency (a clerk's or head's own, an oversight officer's region), for a member who logged in.
    public var agencyCode: String?

    /// A name a person typed: cleaned (`CleanText.line`), required, at most 100 characters.
    /// - Throws: `ServiceError` (code `invalidInput`, field `actorName`).
    public init(validating name: String, role: StaffRole) throws {
        do { self.init(name: try CleanText.requiredLine(name, field: .actorName, maxLength: 100), role: role) } catch {
            throw ServiceError(error)
        }
    }

    /// A member whose name is known good (the system itself, a stored user).
    public init(name: String, role: StaffRole) { self.name = name; self.role = role }

    /// The system itself (imports, recomputation).
    public static let system = StaffMember(name: "system", role: .admin)

    /// The system itself: every permission (imports, recomputation, the CLI's reads).
    var isSystem: Bool { self == .system }

    var actor: Actor { Actor(name: name, role: role) }
}

/// The use cases of open government information work: one function per thing a person can do — receive an
/// application, decide it, generate a report, audit a file … — each taking typed input, the acting staff member and
/// `now`, returning plain values (codes with labels, never a database record), and throwing one `ServiceError`
/// with a code and a Chinese message. Every front end (the CLI, the web platform) calls these, so the law is written
/// once, in DisclosureRules, and the records once, in DisclosureStore.
public final class Service: Sendable {
    let store: Store
    public let location: DatabaseLocation

    init(store: Store, location: DatabaseLocation) { self.store = store; self.location = location }

    /// The service over a store a tool holds already (the benchmarks); front ends use `open`.
    public convenience init(store: Store) { self.init(store: store, location: .sqliteMemory) }

    /// Opens (creating and migrating on first use) the database.
    /// - Parameter create: whether a missing SQLite file may be created; when false a missing or empty file is
    ///   refused (code `notFound`) instead of becoming an empty database.
    /// - Throws: `ServiceError` (`notFound`, `configuration`).
    public static func open(_ location: DatabaseLocation, create: Bool = true) async throws -> Service {
        if !create, let reason = location.missingReason {
            throw ServiceError(.notFound, "\(reason)。请指定已有的数据库，或先添加机关（首次添加机关时创建）")
        }
        do { return Service(store: try await Store.open(location.storeConfiguration), location: location) } catch {
            throw ServiceError(.configuration, "无法打开数据库（\(location.safeDescription)）：\(ServiceError.describe(error))")
        }
    }

    public func close() async { await store.close() }

    /// Runs `body`, turning every error into a `ServiceError`.
    func run<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch { throw ServiceError(error) }
    }
}
