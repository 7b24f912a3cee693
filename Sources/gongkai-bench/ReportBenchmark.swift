import DisclosureRules
import DisclosureService
import DisclosureStore
import Foundation
import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// Issue 4's benchmark: a generated database of `total` applications across `agencies` agencies over 2019–2023
/// (SQLite file, or PostgreSQL when DATABASE_URL is set); times one agency's report (tables from GROUP BY queries,
/// generation and validation) and the rollup over all agencies, and prints peak memory.
enum ReportBenchmark {
    /// `populate`: a database for the web benchmark (scripts/bench-web.sh) — `total` applications across `agencies`
    /// agencies received last year and this year (5% still open), migrated, nothing else; prints an open application's
    /// query code of the first agency.
    static func populate(total: Int, agencies: Int, dbPath: String?) async throws {
        let configuration: StoreConfiguration
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty { configuration = .postgres(url) }
        else { configuration = .sqliteFile(dbPath ?? "gongkai-bench-web.sqlite") }
        let store = try await Store.open(configuration, eventLoopGroup: MultiThreadedEventLoopGroup.singleton, ownsGroup: false)
        if case .postgres = configuration { try await store.revertAll(); try await store.prepareForBenchmark() }
        let t0 = Date()
        let year = try CalendarDate.today(in: TimeZone(identifier: "Asia/Shanghai")!, now: Date()).year
        _ = try await store.loadSyntheticPopulation(agencies: agencies, total: total, years: (year - 1)...year)
        let open = try await store.applications(agencyCode: "syn00000").first { $0.state == "in-progress" }
        print(String(format: "populate: %d applications across %d agencies (%d–%d) in %.1f s", total, agencies, year - 1, year, Date().timeIntervalSince(t0)))
        print("open-query-code \(open?.queryCode ?? "")")
        await store.close()
    }

    static func run(total: Int, agencies: Int, dbPath: String?) async throws {
        let configuration: StoreConfiguration
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty { configuration = .postgres(url) }
        else { configuration = .sqliteFile(dbPath ?? FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-report-bench.sqlite").path) }
        let store = try await Store.open(configuration, eventLoopGroup: MultiThreadedEventLoopGroup.singleton, ownsGroup: false)
        if try await store.applicationCount() < total {
            if case .postgres = configuration { try await store.revertAll(); try await store.prepareForBenchmark() }
            let t0 = Date()
            _ = try await store.loadSyntheticPopulation(agencies: agencies, total: total, years: 2019...2023)
            print(String(format: "report: loaded %d applications across %d agencies (2019–2023) in %.1f s", total, agencies, Date().timeIntervalSince(t0)))
        }
        // One agency's report: counts by GROUP BY, generation, validation; 30 different agencies, the median.
        var times: [Double] = []
        let service = Service(store: store)
        for a in stride(from: 0, to: agencies, by: max(1, agencies / 30)).prefix(30) {
            let t0 = Date()
            let g = try await service.generateReport(agencyCode: String(format: "syn%05d", a), year: 2023)
            times.append(Date().timeIntervalSince(t0) * 1000)
            precondition(g.report.table3Row("new") != nil)
        }
        times.sort()
        let t1 = Date()
        let rollup = try await store.rollup(year: 2023, today: CalendarDate(iso: "2024-02-01")!)
        let rollupTime = Date().timeIntervalSince(t1)
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        print(String(format: "report (%@): one agency's report median %.1f ms (max %.1f ms over %d agencies); rollup of %d agencies %.2f s (%d applications received in 2023); peak RSS %.0f MiB",
                     configuration.safeDescription, times[times.count / 2], times.last!, times.count, rollup.agencies.count, rollupTime,
                     rollup.counts.table3["new"]![6], Double(u.ru_maxrss) / 1024))
        await store.close()
    }
}
