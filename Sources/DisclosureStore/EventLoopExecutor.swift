import NIOCore

/// Runs Swift concurrency jobs on the store's NIO event loop (a `TaskExecutor`, SE-0417).
///
/// The database drivers complete every statement on that event loop. Code that awaits them from Swift's global
/// executor pays two more thread hand-offs per statement (to the loop and back); with this executor preferred
/// (`Store.onLoop`), the awaiting code already runs on the loop and only the SQLite thread-pool hop remains.
final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    let loop: any EventLoop

    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
