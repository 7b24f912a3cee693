import DisclosureReaders
import NIOCore
import NIOPosix
import DisclosureRules
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `swift run -c release gongkai-bench [audit|store|clock|report|ledger|all] [options]` (default: all)
///
/// audit: `[--text N] [--html N] [--dir DIR]`
/// Generates a corpus of consistent reports (N text reports of several agencies and years, and N full HTML
/// pages of ~350 KB), audits it through the same batch path as `gongkai audit DIR` (two passes, year order,
/// previous report held), on one thread, and prints reports/s and peak memory. Peak memory is read after each
/// half of the corpus: flat memory means the second figure does not grow with the number of files.

func peakRSSMiB() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_maxrss) / 1024 // ru_maxrss is KiB on Linux
}

/// Swift concurrency runs on NIO's event loops, so a database call does not hop between executors.
/// `GONGKAI_BENCH_EXECUTOR=default` keeps Swift's own global executor (to compare).
let executorInstalled = ProcessInfo.processInfo.environment["GONGKAI_BENCH_EXECUTOR"] == "default"
    ? false : NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

var textCount = 1000, htmlCount = 200, storeCount = 5000
/// Clients recording at once; by default one, then sixteen (both figures are printed).
var storeClients: [Int] = [1, 16]
var dir: URL?
var dbPath: String?
var ack = false
var mode = "all"
var args = CommandLine.arguments.dropFirst()
var reportTotal = 1_000_000, reportAgencies = 3000, ledgerRows = 100_000
if let first = args.first, ["audit", "store", "clock", "report", "ledger", "populate", "all"].contains(first) { mode = first; args = args.dropFirst() }
/// The whole number 1…`maximum` after `option`, or exit 2 naming the option and the range.
@MainActor func count(_ option: String, maximum: Int) -> Int {
    guard let text = args.popFirst(), let n = Int(text), (1...maximum).contains(n) else {
        FileHandle.standardError.write(Data("错误：\(option) 需要1至\(maximum)的整数\n".utf8)); exit(2)
    }
    return n
}
while let a = args.first {
    args = args.dropFirst()
    switch a {
    case "--text": textCount = count(a, maximum: 1_000_000)
    case "--html": htmlCount = count(a, maximum: 100_000)
    case "--dir": dir = args.popFirst().map { URL(fileURLWithPath: $0) }
    case "--count": storeCount = count(a, maximum: 10_000_000)
    case "--db": dbPath = args.popFirst()
    case "--ack": ack = true
    case "--clients": storeClients = [count(a, maximum: 1024)]
    case "--applications": reportTotal = count(a, maximum: 100_000_000)
    case "--agencies": reportAgencies = count(a, maximum: 1_000_000)
    case "--rows": ledgerRows = count(a, maximum: 100_000_000)
    default:
        FileHandle.standardError.write(Data("用法：gongkai-bench [audit|store|clock|report|ledger|populate|all] [--text N] [--html N] [--dir DIR] [--count N] [--clients N] [--db FILE] [--ack] [--applications N] [--agencies N] [--rows N]\n".utf8)); exit(2)
    }
}

if mode == "populate" {
    try await ReportBenchmark.populate(total: reportTotal, agencies: reportAgencies, dbPath: dbPath)
    exit(0)
}
if mode == "ledger" {
    try await LedgerBenchmark.run(rows: ledgerRows, dbPath: dbPath)
    exit(0)
}

if mode == "store" || mode == "all" {
    for clients in ack ? [storeClients[0]] : storeClients {
        try await StoreBenchmark.run(count: storeCount, clients: clients, dbPath: dbPath, ack: ack)
    }
    if mode == "store" { exit(0) }
}
if mode == "report" {
    try await ReportBenchmark.run(total: reportTotal, agencies: reportAgencies, dbPath: dbPath)
    exit(0)
}
if mode == "clock" || mode == "all" {
    print(ClockBenchmark.run())
    if mode == "clock" { exit(0) }
}

let root = dir ?? FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-bench-\(getpid())")
let textDir = root.appendingPathComponent("text"), htmlDir = root.appendingPathComponent("html")
try FileManager.default.createDirectory(at: textDir, withIntermediateDirectories: true)
try FileManager.default.createDirectory(at: htmlDir, withIntermediateDirectories: true)

// N/5 agencies × 5 years (2019–2023) of text reports, so the batch pairs each with its predecessor.
let genStart = Date()
var textFiles: [URL] = []
for i in 0..<textCount {
    let agency = "第\(i / 5 + 1)号市某某局", year = 2019 + i % 5
    let u = textDir.appendingPathComponent(String(format: "r%05d-%d.txt", i, year))
    try SyntheticReports.text(agency: agency, year: year, seed: i).write(to: u, atomically: false, encoding: .utf8)
    textFiles.append(u)
}
var htmlFiles: [URL] = []
var htmlBytes = 0
for i in 0..<htmlCount {
    let page = SyntheticReports.html(agency: "第\(i + 1)号县人民政府", year: 2021 + i % 3, seed: i)
    htmlBytes += page.utf8.count
    let u = htmlDir.appendingPathComponent(String(format: "p%05d.html", i))
    try page.write(to: u, atomically: false, encoding: .utf8)
    htmlFiles.append(u)
}
print(String(format: "corpus: %d text reports, %d HTML pages (mean %.0f KB) generated in %.1f s under %@",
             textCount, htmlCount, Double(htmlBytes) / Double(max(htmlCount, 1)) / 1000, Date().timeIntervalSince(genStart), root.path))

func run(_ name: String, _ files: [URL]) {
    let half = files.count / 2
    var checked = 0, errors = 0, unreadable = 0, paired = 0
    var rssHalf = 0.0
    let start = Date()
    Auditor.auditBatch(files, progress: { done, _, _ in if done == half { rssHalf = peakRSSMiB() } }) { r in
        checked += 1; errors += r.errorCount
        if r.error != nil { unreadable += 1 }
        if r.previousFile != nil { paired += 1 }
    }
    let t = Date().timeIntervalSince(start)
    print(String(format: "%@: %d reports in %.2f s = %.0f reports/s; peak RSS %.1f MiB after %d files, %.1f MiB after %d; %d checked against the previous year; %d error findings, %d unreadable",
                 name, checked, t, Double(checked) / t, rssHalf, half, peakRSSMiB(), files.count, paired, errors, unreadable))
}

run("text", textFiles)
run("html", htmlFiles)
if dir == nil { try? FileManager.default.removeItem(at: root) }
