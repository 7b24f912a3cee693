import FluentKit
import Foundation
import SQLKit

extension Store {
    /// Benchmark probe: mean milliseconds of `n` raw `SELECT 1` statements through SQLKit.
    public func probeRawSelect(_ n: Int) async throws -> Double {
        let t0 = Date()
        for _ in 0..<n { _ = try await sql.raw("SELECT 1").all() }
        return Date().timeIntervalSince(t0) * 1000 / Double(n)
    }
}
