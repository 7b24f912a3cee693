import Foundation
import Testing

/// `gongkai clock` as staff use it, checked against ../shared/cases/deadlines.md and the regulation.
@Suite struct ClockCommandTests {
    func json(_ args: [String]) throws -> [String: Any] {
        let r = try CLI.run(["clock"] + args + ["--json"])
        #expect(r.status == 0, "\(r.err)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
    }

    @Test func dueDatesOfTheCases() throws {
        // C2: received Mon 2024-09-02 → due 2024-09-30.
        let c2 = try json(["--received", "2024-09-02"])
        #expect(c2["receiptDate"] as? String == "2024-09-02" && c2["dueDate"] as? String == "2024-09-30")
        #expect((c2["steps"] as? [String])?.isEmpty == false)
        // An online submission at 23:30 UTC on 9/26 is received on 9/27 in Asia/Shanghai (条例第三十一条); C1 → 2024-10-30.
        let tz = try json(["--submitted", "2024-09-26T23:30:00Z", "--channel", "online"])
        #expect(tz["receiptDate"] as? String == "2024-09-27" && tz["dueDate"] as? String == "2024-10-30")
        // C11: consultation 9/9–9/20 excluded (8 working days) → 2024-10-16.
        let c11 = try json(["--received", "2024-09-02", "--consult", "2024-09-09:2024-09-20"])
        #expect(c11["dueDate"] as? String == "2024-10-16" && c11["daysPaused"] as? Int == 8)
        // C12: extended by 20 → 2024-11-27.
        let c12 = try json(["--received", "2024-09-27", "--extend", "20"])
        #expect(c12["dueDate"] as? String == "2024-11-27")
    }

    @Test func aLateReplyPausesOnlyUntilTheReplyDeadline() throws {
        // Letter sent Thu 2025-09-25, reply only on 10/31: the third party had until 10/22 (15 working days across the
        // National Day holiday and the 9/28, 10/11 make-up workdays), so 15 days are excluded, not 23 → 2025-11-14.
        let e = try json(["--received", "2025-09-22", "--consult", "2025-09-25:2025-10-31"])
        #expect(e["dueDate"] as? String == "2025-11-14")
        #expect(e["daysPaused"] as? Int == 15)
        #expect((e["warnings"] as? [String])?.contains { $0.contains("2025年10月22日") && $0.contains("条例第三十二条") } == true)
    }

    @Test func refusalsNameTheRule() throws {
        let long = try CLI.run(["clock", "--received", "2024-09-02", "--extend", "21"])
        #expect(long.status != 0 && long.err.contains("20个工作日") && long.err.contains("条例第三十三条"))
        let unknown = try CLI.run(["clock", "--received", "2027-03-01"])
        #expect(unknown.status != 0 && unknown.err.contains("2027年"))
    }
}
