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

    /// Benchmark probe: mean milliseconds of `n` Fluent model queries (an agency by code).
    public func probeModelSelect(_ n: Int, code: String) async throws -> Double {
        let t0 = Date()
        for _ in 0..<n { _ = try await agency(code: code) }
        return Date().timeIntervalSince(t0) * 1000 / Double(n)
    }
}
