import DisclosureRules
import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit

/// Where the records live: an SQLite file (the embedded default), in-memory SQLite (tests), or PostgreSQL.
public enum StoreConfiguration: Sendable, Equatable {
    case sqliteFile(String)
    case sqliteMemory
    case postgres(String)

    /// `DATABASE_URL` (postgres://…) selects PostgreSQL; otherwise `GONGKAI_DB` or `defaultPath` is the SQLite file.
    public static func fromEnvironment(defaultPath: String = "gongkai.sqlite",
                                       environment: [String: String] = ProcessInfo.processInfo.environment) -> StoreConfiguration {
        if let url = environment["DATABASE_URL"], !url.isEmpty { return .postgres(url) }
        return .sqliteFile(environment["GONGKAI_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultPath)
    }

    /// Description without credentials (for messages and logs).
    public var safeDescription: String {
        switch self {
        case .sqliteFile(let p): return "SQLite \(p)"
        case .sqliteMemory: return "SQLite (内存)"
        case .postgres(let u):
            guard var c = URLComponents(string: u) else { return "PostgreSQL" }
            c.password = nil; c.user = c.user.map { _ in "…" }
            return "PostgreSQL \(c.host ?? "")\(c.port.map { ":\($0)" } ?? "")\(c.path)"
        }
    }
}

public enum StoreError: Error, CustomStringConvertible, Equatable {
    case configuration(String)
    case notFound(String)
    case invalid(String)
    case conflict(String)

    public var description: String {
        switch self {
        case .configuration(let m), .notFound(let m), .invalid(let m), .conflict(let m): return m
        }
    }
}

/// An open database: the event loop group, thread pool and Fluent databases it needs, migrated to the latest
/// version. One per process (CLI command, server, test); `close()` when done.
public final class Store: @unchecked Sendable {
    public let configuration: StoreConfiguration
    let eventLoopGroup: MultiThreadedEventLoopGroup
    /// The one event loop the store's databases run on.
    let loop: any EventLoop
    let threadPool: NIOThreadPool
    let databases: Databases
    public let logger: Logger
    private var closed = false
    var ownsGroup = true
    /// The merged working-day calendar with the `calendar_version` it was read at (see `workingCalendar(on:)`).
    let calendarCache = Locked<VersionedCalendar?>(nil)
    /// Transactions submitted at the same moment, written together (see `GroupCommit`).
    let groupCommit = GroupCommit()
    /// Agencies by code (see `agencyRef`).
    let agencyCache = Locked<[String: AgencyRef]>([:])
    /// Agencies' time zones by id (see `agencyToday`).
    let agencyZones = Locked<[UUID: TimeZone]>([:])
    /// The list of agencies with the moment it was read (see `agencyDirectory`).
    let agencyDirectoryCache = Locked<(read: Date, entries: [AgencyEntry])?>(nil)

    /// The Fluent database handle.
    public var db: any Database { databases.database(logger: logger, on: loop)! }
    /// The same database as SQLKit, for the GROUP BY report queries.
    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// The migrations in version order.
    static let migrations: [any Migration] = [CreateCoreTables(), CreateReportTables(), CreateStoreState(), AddLedgerImports(), AddWebPlatform(), AddQueueOrderIndex(), AddLetters(), AddLetterTemplates(), AddNotifications(), AddCatalogue(), AddCatalogueSearch(), AddCatalogueAttachments(), AddDecisionMonths()]

    /// Opens (creating and migrating on first use) the database.
    /// - Throws: `StoreError.configuration` for a bad URL, or the driver's error when the database cannot be reached.
    public static func open(_ configuration: StoreConfiguration, logger: Logger = Logger(label: "gongkai.store")) async throws -> Store {
        let elg = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        return try await open(configuration, eventLoopGroup: elg, ownsGroup: true, logger: logger)
    }

    /// Opens the store on a given event loop group (e.g. NIO's singleton when it also runs Swift concurrency).
    public static func open(_ configuration: StoreConfiguration, eventLoopGroup elg: MultiThreadedEventLoopGroup, ownsGroup: Bool,
                            logger: Logger = Logger(label: "gongkai.store")) async throws -> Store {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        let dbs = Databases(threadPool: pool, on: elg)
        var quietLogger = logger
        // SQL statements carry applicants' personal data as bind values: never log them.
        quietLogger.logLevel = max(logger.logLevel, .notice)
        switch configuration {
        case .sqliteFile(let path):
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            dbs.use(.sqlite(.file(path), maxConnectionsPerEventLoop: 1, sqlLogLevel: .trace), as: .sqlite)
        case .sqliteMemory:
            dbs.use(.sqlite(.memory, maxConnectionsPerEventLoop: 1, sqlLogLevel: .trace), as: .sqlite)
        case .postgres(let url):
            do {
                let config = try SQLPostgresConfiguration(url: url)
                dbs.use(.postgres(configuration: config, maxConnectionsPerEventLoop: 2, sqlLogLevel: .trace), as: .psql)
            } catch {
                if ownsGroup { try? await elg.shutdownGracefully() }; try? await pool.shutdownGracefully()
                throw StoreError.configuration("DATABASE_URL 无法解析为 PostgreSQL 地址：\(error)")
            }
        }
        let store = Store(configuration: configuration, elg: elg, pool: pool, databases: dbs, logger: quietLogger)
        store.ownsGroup = ownsGroup
        do {
            try await store.prepare()
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    init(configuration: StoreConfiguration, elg: MultiThreadedEventLoopGroup, pool: NIOThreadPool, databases: Databases, logger: Logger) {
        self.configuration = configuration
        self.eventLoopGroup = elg
        self.loop = elg.any()
        self.threadPool = pool
        self.databases = databases
        self.logger = logger
    }

    /// Refuses (before touching it) an SQLite file another program made. SQLite: WAL journal with synchronous=NORMAL (a killed process loses no committed transaction; only a power
    /// failure could lose the last ones), no cache spill before COMMIT, foreign keys on, a busy timeout.
    /// Then the pending migrations.
    func prepare() async throws {
        // A file another program made is not turned into Gongkai's: tables there but no migration record.
        if case .sqliteFile(let path) = configuration {
            let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()
                .map { try $0.decode(column: "name", as: String.self) }
            if !tables.isEmpty && !tables.contains("_fluent_migrations") {
                throw StoreError.configuration("\(path) 是其他程序的 SQLite 数据库（有表 \(tables.prefix(3).joined(separator: "、"))…），不是 Gongkai 的数据库；未做任何改动")
            }
        }
        if case .postgres = configuration {} else {
            try await sql.raw("PRAGMA busy_timeout=5000").run()
            if case .sqliteFile = configuration {
                try await sql.raw("PRAGMA journal_mode=WAL").run()
            }
            try await sql.raw("PRAGMA synchronous=NORMAL").run()
            // Changed pages stay in memory until COMMIT: a disk-full or I/O error then fails the COMMIT, never a
            // statement in the middle of a transaction (where SQLite may end the whole transaction on its own and
            // statements already sent by `ModelSQL.pipeline` would run outside it).
            try await sql.raw("PRAGMA cache_spill=OFF").run()
            try await sql.raw("PRAGMA foreign_keys=ON").run()
        }
        let migrations = Migrations()
        for m in Self.migrations { migrations.add(m) }
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: loop)
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
    }

    /// Runs `body` in its own transaction. On SQLite, when another process holds the write lock (busy, or a WAL
    /// snapshot that became stale), the whole transaction is retried with a short backoff for up to about 10 seconds:
    /// two staff saving at the same moment both succeed. Other errors roll back and are thrown as they are.
    /// `body` may therefore run more than once: it must create and change its records inside, never capture them.
    /// - Throws: `StoreError.conflict` (in Chinese) when the database stays busy.
    func retryingTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await CalendarInTransaction.$current.withValue(CalendarInTransaction()) { try await db.transaction(body) }
            } catch {
                guard Self.isBusy(error) else { throw error }
                attempt += 1
                if attempt > 100 { throw StoreError.conflict("数据库正忙（其他人正在写入），请稍后重试") }
                await pause(milliseconds: Int64.random(in: 20...100))
            }
        }
    }

    /// `retryingTransaction` for one large write (a ledger import): on SQLite the transaction may spill changed pages
    /// to the file before COMMIT, so memory stays bounded however much it writes. SQLite applies `cache_spill` only to
    /// transactions begun after it is set, so this holds the store's one connection, turns spilling on, runs
    /// BEGIN … COMMIT (ROLLBACK on error) and turns it off again before the connection is released — no other
    /// transaction ever runs with spilling on (see `prepare` for why they must not). The body must run its statements
    /// one after another (not `ModelSQL.pipeline`): a write error while spilling can end SQLite's transaction, and no
    /// later statement may then run outside it. On PostgreSQL it is `retryingTransaction`.
    func retryingSpillingTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard sql.dialect.name == "sqlite" else { return try await retryingTransaction(body) }
        var attempt = 0
        while true {
            do {
                return try await CalendarInTransaction.$current.withValue(CalendarInTransaction()) {
                    try await db.withConnection { conn in
                        let c = conn as! any SQLDatabase
                        // Spill when 16 MiB of pages are held (not at the default 2 MiB: the random keys of the indexes
                        // would make a small cache read the same pages again and again).
                        try await c.raw("PRAGMA cache_size=-16384").run()
                        try await c.raw("PRAGMA cache_spill=ON").run()
                        // A statement's own rollback journal (a few hundred rows' pages) in memory, not a temporary file.
                        try await c.raw("PRAGMA temp_store=MEMORY").run()
                        do {
                            try await c.raw("BEGIN TRANSACTION").run()
                            do {
                                let result = try await body(conn)
                                try await c.raw("COMMIT TRANSACTION").run()
                                try await c.raw("PRAGMA cache_spill=OFF").run()
                                try await c.raw("PRAGMA cache_size=-2000").run()
                                try await c.raw("PRAGMA temp_store=DEFAULT").run()
                                return result
                            } catch {
                                try? await c.raw("ROLLBACK TRANSACTION").run()
                                throw error
                            }
                        } catch {
                            try? await c.raw("PRAGMA cache_spill=OFF").run()
                            try? await c.raw("PRAGMA cache_size=-2000").run()
                            try? await c.raw("PRAGMA temp_store=DEFAULT").run()
                            throw error
                        }
                    }
                }
            } catch {
                guard Self.isBusy(error) else { throw error }
                attempt += 1
                if attempt > 100 { throw StoreError.conflict("数据库正忙（其他人正在写入），请稍后重试") }
                await pause(milliseconds: Int64.random(in: 20...100))
            }
        }
    }

    /// Waits on the store's event loop. Unlike `Task.sleep` it is not cut short when the calling task is cancelled:
    /// a group's writer (`GroupCommit`) works for other callers too.
    func pause(milliseconds: Int64) async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            _ = loop.scheduleTask(in: .milliseconds(milliseconds)) { c.resume() }
        }
    }

    /// SQLite's busy/locked results (another connection holds the lock, or the WAL snapshot is stale), by error code —
    /// never by message text, which can contain what a user typed.
    static func isBusy(_ error: any Error) -> Bool {
        guard let e = error as? SQLiteError else { return false }
        switch e.reason {
        case .busy, .locked, .busyInRecovery, .busyInSnapshot, .busyTimeout: return true
        default: return false
        }
    }

    /// Re-applies the migrations after `revertAll` (benchmarks and tests on a shared PostgreSQL database).
    public func prepareForBenchmark() async throws { try await prepare() }

    /// Reverts every migration (tests of the reverts; never used on real data).
    public func revertAll() async throws {
        let migrations = Migrations()
        for m in Self.migrations { migrations.add(m) }
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: loop)
        try await migrator.revertAllBatches().get()
        agencyCache.value = [:]
        agencyZones.value = [:]
        agencyDirectoryCache.value = nil
        calendarCache.value = nil
    }

    public func close() async {
        guard !closed else { return }
        closed = true
        await databases.shutdownAsync()
        try? await threadPool.shutdownGracefully()
        if ownsGroup { try? await eventLoopGroup.shutdownGracefully() }
    }
}
