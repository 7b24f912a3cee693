import FluentKit
import SQLKit

/// Version 011: the full-text index of the public catalogue search (issue 12 point 6) over 名称, 内容概述, 文号 and
/// 正文 of the catalogue items.
///
/// - SQLite: an FTS5 table with the `trigram` tokenizer (SQLite ≥ 3.34; any substring of three characters or more
///   is found, Chinese included, with no word segmentation), kept in step with `catalogue_items` by triggers. It holds
///   every item, drafts included: the search joins it to `catalogue_items` and keeps published items only.
/// - PostgreSQL: `pg_trgm` with a GIN `gin_trgm_ops` index on the four texts joined by spaces, which serves
///   `ILIKE '%…%'`. pg_trgm takes only the characters the database's LC_CTYPE calls alphanumeric: under the C
///   locale (what `initdb --no-locale` gives) Chinese characters are skipped, the index then narrows nothing for a
///   Chinese word and PostgreSQL scans — the results are the same, only slower.
///
/// Where the facility is missing (an SQLite without FTS5 or trigram, a PostgreSQL without the contrib package) the
/// migration notes it in the log and creates nothing; the search then scans (`Store.catalogueSearchFacility`).
struct AddCatalogueSearch: AsyncMigration {
    var name: String { "011-AddCatalogueSearch" }

    /// The texts searched, as PostgreSQL's index expression (the query uses the very same expression).
    static let postgresDocument = "(title || ' ' || summary || ' ' || document_number || ' ' || body)"

    func prepare(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        if sql.dialect.name == "postgresql" {
            let available = try await sql.raw("SELECT 1 AS ok FROM pg_available_extensions WHERE name = 'pg_trgm'").first() != nil
            guard available else {
                db.logger.warning("pg_trgm 扩展不可用（未安装 postgresql-contrib）：目录检索将逐条扫描")
                return
            }
            try await sql.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm").run()
            try await sql.raw("CREATE INDEX catalogue_items_search ON catalogue_items USING gin (\(unsafeRaw: Self.postgresDocument) gin_trgm_ops)").run()
            return
        }
        // SQLite: probe the tokenizer first (an SQLite built without it refuses the CREATE).
        do {
            try await sql.raw("CREATE VIRTUAL TABLE catalogue_search USING fts5(item_id UNINDEXED, title, summary, document_number, body, tokenize = 'trigram')").run()
        } catch {
            db.logger.warning("SQLite 不支持 FTS5 trigram 分词（\(String(describing: error))）：目录检索将逐条扫描")
            return
        }
        try await sql.raw("""
            CREATE TRIGGER catalogue_search_insert AFTER INSERT ON catalogue_items BEGIN
              INSERT INTO catalogue_search (item_id, title, summary, document_number, body) VALUES (new.id, new.title, new.summary, new.document_number, new.body);
            END
            """).run()
        try await sql.raw("""
            CREATE TRIGGER catalogue_search_update AFTER UPDATE OF title, summary, document_number, body ON catalogue_items BEGIN
              DELETE FROM catalogue_search WHERE item_id = old.id;
              INSERT INTO catalogue_search (item_id, title, summary, document_number, body) VALUES (new.id, new.title, new.summary, new.document_number, new.body);
            END
            """).run()
        try await sql.raw("""
            CREATE TRIGGER catalogue_search_delete AFTER DELETE ON catalogue_items BEGIN
              DELETE FROM catalogue_search WHERE item_id = old.id;
            END
            """).run()
        try await sql.raw("INSERT INTO catalogue_search (item_id, title, summary, document_number, body) SELECT id, title, summary, document_number, body FROM catalogue_items").run()
    }

    func revert(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        if sql.dialect.name == "postgresql" {
            try await sql.raw("DROP INDEX IF EXISTS catalogue_items_search").run()
            return
        }
        for t in ["catalogue_search_insert", "catalogue_search_update", "catalogue_search_delete"] {
            try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: t)").run()
        }
        try await sql.raw("DROP TABLE IF EXISTS catalogue_search").run()
    }
}
