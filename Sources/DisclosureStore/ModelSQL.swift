import FluentKit
import Foundation
import SQLKit

/// Inserts and updates Fluent models with statements built directly, for the hot paths (receiving and
/// deciding applications, the event log). The columns come from the model's own properties and every value is bound
/// through the driver's encoder, exactly as FluentKit does, so rows written here and by FluentKit are identical
/// (SQLite and PostgreSQL); what is skipped is FluentKit's query building and identifier escaping, most of the CPU time
/// of a small statement. Table and column names are this module's schema constants, never user input.
enum ModelSQL {
    /// Collects a model's column/value pairs (all set fields, or only the changed ones).
    private final class Input: DatabaseInput {
        var columns: [String] = []
        var values: [any SQLExpression] = []
        let wantsUnmodifiedKeys: Bool
        init(all: Bool) { wantsUnmodifiedKeys = all }

        func set(_ value: DatabaseQuery.Value, at key: FieldKey) {
            let expression: any SQLExpression
            switch value {
            case .bind(let v): expression = SQLBind(v)
            case .null: expression = SQLLiteral.null
            case .default: return // left to the column's default (NULL), as FluentKit's INSERT does
            case .enumCase(let s): expression = SQLLiteral.string(s)
            case .array, .dictionary, .custom:
                preconditionFailure("ModelSQL: column \(key) has a value kind the records do not use")
            }
            columns.append(ModelSQL.quoted(key.description))
            values.append(expression)
        }
    }

    static func quoted(_ name: String) -> String { "\"\(name)\"" }

    private static func list(_ items: [any SQLExpression]) -> any SQLExpression { SQLList(items, separator: SQLRaw(", ")) }

    /// INSERT of every set field. The caller sets the id (client-generated UUID) and timestamps first; an
    /// auto-increment id (the event log) is left to the database.
    static func create<M: Model>(_ model: M, on db: any Database) async throws {
        try await (db as! any SQLDatabase).execute(sql: insertStatement(model)) { _ in }
    }

    /// The INSERT statement of `create`. (The model is not marked as existing: FluentKit's accessor for that uses
    /// reflection; set `$id.exists` on a concrete record when it will be saved again through FluentKit.)
    static func insertStatement<M: Model>(_ model: M) -> any SQLExpression {
        let input = Input(all: true)
        model.input(to: input)
        return SQLList([
            SQLRaw("INSERT INTO \(quoted(M.schema)) (\(input.columns.joined(separator: ", "))) VALUES ("),
            list(input.values), SQLRaw(")"),
        ], separator: SQLRaw(""))
    }

    /// One INSERT of several rows (a batch of a ledger import). Models that set the same columns as the first — records
    /// built the same way do — share it; any other gets its own INSERT after it.
    static func insertStatements<M: Model>(_ models: [M]) -> [any SQLExpression] {
        var columns: [String]?
        var rows: [any SQLExpression] = []
        var others: [any SQLExpression] = []
        for model in models {
            let input = Input(all: true)
            model.input(to: input)
            if columns == nil { columns = input.columns }
            if input.columns == columns {
                rows.append(SQLList([SQLRaw("("), list(input.values), SQLRaw(")")], separator: SQLRaw("")))
            } else {
                others.append(insertStatement(model))
            }
        }
        guard let columns, !rows.isEmpty else { return [] }
        let shared = SQLList([
            SQLRaw("INSERT INTO \(quoted(M.schema)) (\(columns.joined(separator: ", "))) VALUES "), list(rows),
        ], separator: SQLRaw(""))
        return [shared] + others
    }

    /// UPDATE of the changed fields of an existing model, by id; nil when nothing changed.
    /// - Throws: `FluentError.idRequired` for a model without id.
    static func updateStatement<M: Model>(_ model: M) throws -> (any SQLExpression)? where M.IDValue: Sendable {
        let input = Input(all: false)
        model.input(to: input)
        guard !input.columns.isEmpty else { return nil }
        guard let id = model.id else { throw FluentError.idRequired }
        let assignments = zip(input.columns, input.values).map { column, value in
            SQLList([SQLRaw("\(column) = "), value], separator: SQLRaw("")) as any SQLExpression
        }
        return SQLList([
            SQLRaw("UPDATE \(quoted(M.schema)) SET "), list(assignments),
            SQLRaw(" WHERE \(quoted(model._$id.key.description)) = "), SQLBind(id),
        ], separator: SQLRaw(""))
    }

    /// Sends `statements` to the transaction's connection one after another without waiting for each result, then
    /// waits for all of them: one round trip to the database thread instead of one per statement. The connection runs
    /// them in order. Use only for statements that need no earlier one's result and only inside a transaction: when
    /// one fails, the later ones still run, the first error is thrown and the transaction rolls everything back.
    /// A failing statement leaves the transaction open (SQLite undoes that statement; PostgreSQL refuses the rest);
    /// SQLite ends a whole transaction by itself only on disk-full, I/O or out-of-memory errors while writing pages,
    /// which with `cache_spill=OFF` happens at COMMIT, after every statement.
    /// Inside a group of transactions (`GroupCommit`) the statements are only sent here; the group waits for them all
    /// before it commits.
    static func pipeline(_ statements: [any SQLExpression], on db: any Database) async throws {
        if let pending = PendingWrites.current {
            pending.submit(statements, on: db)
            return
        }
        let pending = PendingWrites()
        pending.submit(statements, on: db)
        try await pending.wait()
    }
}
