@testable import DisclosureStore
import DisclosureRules
import FluentKit
import Foundation
import SQLKit
import Testing

/// The staff queue's reading of the database: in its order, a page read from the index of migration 006 (not every
/// application of the agency sorted), the count bounded.
@Suite(.serialized) struct QueueTests {
    @Test func thePageComesInQueueOrderAndTheCountStopsAtItsLimit() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let agency = try await store.requireAgency(code: "a")
            var codes: [String] = []
            for d in ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"] {
                codes.append(try await store.receiveSimple("a", on: d, name: "申请人\(d.suffix(2))", text: "请公开\(d)的会议纪要").queryCode)
            }
            // The second one decided: it goes after every open one.
            try await store.decide(code: codes[1], outcome: .granted, on: date("2026-03-20"), actor: handler)
            var q = QueueQuery(agencyIDs: [agency.id!], today: "2026-03-23")
            let all = try await store.queue(q)
            #expect(all.rows.map(\.queryCode) == [codes[0], codes[2], codes[3], codes[4], codes[1]])
            #expect(all.total == 5 && !all.more)
            q.countLimit = 3
            let capped = try await store.queue(q)
            #expect(capped.total == 3 && capped.more && capped.rows.count == 5)
            q.countLimit = 5
            #expect(try await store.queue(q).more == false)
        }
    }

    /// The database can give the first page in the queue's order from `applications_queue_order` without a sort: the
    /// expressions of `Store.queueOrder(prefix:)` and of the index are the same (a change to one alone fails here).
    @Test func theOrderIsTheIndexs() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let agency = try await store.requireAgency(code: "a")
            let select = "SELECT a.query_code FROM applications a WHERE a.agency_id = $AG AND a.state IN ('in-progress') "
                + "ORDER BY \(Store.queueOrder(prefix: "a.")) LIMIT 20"
            if store.sql.dialect.name == "sqlite" {
                let id = agency.id!.uuidString
                let rows = try await store.sql.raw("EXPLAIN QUERY PLAN \(unsafeRaw: select.replacingOccurrences(of: "$AG", with: "'\(id)'"))").all()
                let plan = try rows.map { try $0.decode(column: "detail", as: String.self) }.joined(separator: "\n")
                #expect(plan.contains("applications_queue_order") && !plan.contains("TEMP B-TREE"), "\(plan)")
            } else {
                // PostgreSQL on a small table prefers a scan and a sort; forbidden both, it must still find the index's order.
                try await store.db.transaction { tx in
                    let sql = tx as! any SQLDatabase
                    try await sql.raw("SET LOCAL enable_seqscan = off").run()
                    try await sql.raw("SET LOCAL enable_sort = off").run()
                    let rows = try await sql.raw("EXPLAIN \(unsafeRaw: select.replacingOccurrences(of: "$AG", with: "'\(agency.id!.uuidString)'::uuid"))").all()
                    let plan = try rows.map { try $0.decode(column: "QUERY PLAN", as: String.self) }.joined(separator: "\n")
                    #expect(plan.contains("applications_queue_order") && !plan.contains("Sort"), "\(plan)")
                }
            }
        }
    }
}
