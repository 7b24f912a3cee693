import DisclosureReaders
import DisclosureRules
import Foundation
import Testing

/// Issue 10, kind 7: a batch is read on every core, and its results are exactly those of reading it one file after
/// another — in the batch's order (agency, then year), each report checked against its agency's previous year.
@Suite struct ParallelBatchTests {
    @Test func aParallelBatchGivesTheSequentialResultsInOrder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // 12 agencies × 3 years, file names in no useful order, more files than one window.
        var n = 0
        for a in 0..<12 {
            for y in [2022, 2023, 2024] {
                n += 1
                let name = String(format: "%03d.txt", (n * 37) % 101)
                try SyntheticReports.text(agency: "某县第\(a)局", year: y, seed: n).write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }
        let urls = try Auditor.collect([dir.path])
        var results: [AuditResult] = []
        Auditor.auditBatch(urls) { results.append($0) }
        #expect(results.count == 36)
        let order = results.map { "\($0.report?.agency ?? "")|\($0.report?.year ?? 0)" }
        #expect(order == order.sorted(), "results in agency, year order")
        // The same, file by file, each against the previous year's report of its agency.
        var previous: [String: (AnnualReport, String)] = [:]
        for r in results {
            let agency = try #require(r.report?.agency), year = try #require(r.report?.year)
            let prev = previous[agency]
            let sequential = Auditor.audit(url: URL(fileURLWithPath: r.file), previous: prev?.0, previousFile: prev?.1)
            #expect(sequential.findings == r.findings && sequential.previousFile == r.previousFile, "\(agency) \(year)")
            #expect((year == 2022) == (r.previousFile == nil))
            previous[agency] = (try #require(r.report), r.file)
        }
    }
}
