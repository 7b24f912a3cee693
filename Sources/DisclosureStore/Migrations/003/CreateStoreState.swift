import FluentKit
import SQLKit

/// Version 003: a one-row-per-key table of counters shared by every process using the database. `calendar_version`
/// goes up with every calendar change, so a process that cached the calendar notices another process's change inside
/// its own transaction (`Store.workingCalendar(on:)`).
struct CreateStoreState: AsyncMigration {
    var name: String { "003-CreateStoreState" }

    func prepare(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.raw("CREATE TABLE store_state (key VARCHAR(64) PRIMARY KEY, value BIGINT NOT NULL)").run()
        try await sql.raw("INSERT INTO store_state (key, value) VALUES ('calendar_version', 0)").run()
    }

    func revert(on db: any Database) async throws {
        try await (db as! any SQLDatabase).raw("DROP TABLE store_state").run()
    }
}
