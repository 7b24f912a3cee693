import FluentKit
import Foundation
import NIOCore
import SQLKit

/// Group commit: the transactions that callers submit while another is being written are written together, in one
/// database transaction with a savepoint each, and each caller gets its own result (or its own error) once that
/// transaction has committed. One caller at a time sees no difference; many at once (the web platform's request
/// handlers, a batch) share the cost of BEGIN/COMMIT and, through `ModelSQL.pipeline`, of waiting for each write.
///
/// Guarantees, the same as one transaction per caller:
/// - a caller's result is returned only after its writes are committed (nothing acknowledged is lost);
/// - a body that throws leaves nothing behind (its savepoint is rolled back) and does not affect the others;
/// - when the shared transaction cannot commit — a database error in a pipelined write, a busy database — nothing of
///   it is stored and every body of the group runs again in its own transaction (`retryingTransaction`), so each
///   caller gets the result it would have had alone.
/// Bodies may therefore run more than once and must not call `transaction` themselves (a precondition says so).
/// Exception: when PostgreSQL's COMMIT of a group fails, the group may have been committed, so the callers get the error
/// and nothing runs again (as with one transaction per caller).
final class GroupCommit: @unchecked Sendable {
    fileprivate struct Job: Sendable {
        let body: @Sendable (any Database) async throws -> any Sendable
        let outcome: Outcome
    }

    /// One caller's result, awaited by the caller and set by whichever task writes the group.
    fileprivate final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var result: Result<any Sendable, any Error>?
        private var waiter: CheckedContinuation<any Sendable, any Error>?

        func finish(_ r: Result<any Sendable, any Error>) {
            lock.lock()
            result = r
            let w = waiter
            waiter = nil
            lock.unlock()
            w?.resume(with: r)
        }

        var isFinished: Bool { lock.withLock { result != nil } }

        func value() async throws -> any Sendable {
            if let r = lock.withLock({ result }) { return try r.get() }
            return try await withCheckedThrowingContinuation { c in
                let r: Result<any Sendable, any Error>? = lock.withLock {
                    if let result { return result }
                    waiter = c
                    return nil
                }
                if let r { c.resume(with: r) }
            }
        }
    }

    private let lock = NSLock()
    private var queued: [Job] = []
    private var writing = false
    /// The most transactions written together so far (tests check that groups form).
    var largestGroup: Int { lock.withLock { _largestGroup } }
    private var _largestGroup = 0

    /// Set while a body runs: a body that called `transaction` would wait for itself.
    @TaskLocal static var insideBody = false

    /// Queues `body`; the caller that finds no writer becomes it, writes groups until its own body is written, then
    /// hands what is left to a new task.
    func run<T: Sendable>(_ store: Store, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        precondition(!Self.insideBody, "Store.transaction called inside a transaction body: use the body's database instead")
        let job = Job(body: { db in try await Self.$insideBody.withValue(true) { try await body(db) } }, outcome: Outcome())
        let lead = lock.withLock {
            queued.append(job)
            defer { writing = true }
            return !writing
        }
        if lead {
            // Writing does not depend on this task's cancellation (the busy back-off is `Store.pause`), so the bodies
            // of other callers in the group are not cut short when this caller is cancelled.
            while !job.outcome.isFinished, let group = take() { await write(group, store) }
            let more = lock.withLock {
                if queued.isEmpty { writing = false }
                return !queued.isEmpty
            }
            if more { Task { while let group = self.take() { await self.write(group, store) } } }
        }
        return try await job.outcome.value() as! T
    }

    /// The queued jobs (emptying the queue), or nil — and the writer role released — when there are none.
    private func take() -> [Job]? {
        lock.withLock {
            guard !queued.isEmpty else { writing = false; return nil }
            _largestGroup = max(_largestGroup, queued.count)
            defer { queued = [] }
            return queued
        }
    }

    private func write(_ group: [Job], _ store: Store) async {
        if group.count == 1 {
            let job = group[0]
            do { job.outcome.finish(.success(try await store.retryingTransaction(job.body))) } catch { job.outcome.finish(.failure(error)) }
            return
        }
        let committing = Locked(false)
        do {
            let results = try await CalendarInTransaction.$current.withValue(CalendarInTransaction()) { try await store.db.transaction { tx in
                let pending = PendingWrites()
                return try await PendingWrites.$current.withValue(pending) {
                    var results: [Result<any Sendable, any Error>] = []
                    for job in group {
                        pending.submit([SQLRaw("SAVEPOINT gongkai_job")], on: tx)
                        do {
                            let value = try await job.body(tx)
                            pending.submit([SQLRaw("RELEASE SAVEPOINT gongkai_job")], on: tx)
                            results.append(.success(value))
                        } catch {
                            // Busy: the group cannot be written now; each body runs again alone, with the retries.
                            if Store.isBusy(error) { throw error }
                            pending.submit([SQLRaw("ROLLBACK TO SAVEPOINT gongkai_job"), SQLRaw("RELEASE SAVEPOINT gongkai_job")], on: tx)
                            results.append(.failure(error))
                        }
                    }
                    try await pending.wait()
                    committing.value = true
                    return results
                }
            } }
            for (job, result) in zip(group, results) { job.outcome.finish(result) }
        } catch {
            if committing.value, case .postgres = store.configuration {
                // The COMMIT itself failed (e.g. the connection dropped): the server may have committed, so writing
                // the bodies again could store them twice. Each caller gets the error, as it would alone.
                for job in group { job.outcome.finish(.failure(error)) }
                return
            }
            store.logger.notice("\(group.count) transactions could not be committed together (\(String(describing: type(of: error)))); writing them one by one")
            for job in group {
                do { job.outcome.finish(.success(try await store.retryingTransaction(job.body))) } catch { job.outcome.finish(.failure(error)) }
            }
        }
    }
}

/// Statements sent without waiting (`ModelSQL.pipeline`), awaited all together: at once for one transaction, before
/// COMMIT for a group.
final class PendingWrites: @unchecked Sendable {
    @TaskLocal static var current: PendingWrites?

    private var results: [EventLoopFuture<Void>] = []

    /// Sends the statements; used only by one task (the one writing), one call after another.
    func submit(_ statements: [any SQLExpression], on db: any Database) {
        let sql = db as! any SQLDatabase
        for s in statements { results.append(sql.execute(sql: s) { _ in }) }
    }

    /// Waits for every statement sent; throws the first error.
    func wait() async throws {
        var firstError: (any Error)?
        for r in results {
            do { try await r.get() } catch { if firstError == nil { firstError = error } }
        }
        results = []
        if let firstError { throw firstError }
    }
}

extension Store {
    /// Runs `body` in a transaction, grouped with the transactions other callers submit at the same moment (see
    /// `GroupCommit`): the result is returned once it is committed; an error thrown by `body` rolls back its writes only.
    /// `body` may run more than once (after a busy database or a failed group): create and change records inside it.
    /// - Throws: what `body` throws; `StoreError.conflict` when the database stays busy (see `retryingTransaction`).
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await groupCommit.run(self, body)
    }
}
