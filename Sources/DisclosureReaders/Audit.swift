import Foundation
import DisclosureRules

/// The result of auditing one file: the report and its findings, or why it could not be read.
public struct AuditResult: Sendable {
    public var file: String
    public var report: AnnualReport?
    public var findings: [Finding]
    public var error: ReaderError?
    /// The file of the previous year's report it was checked against, when any.
    public var previousFile: String?

    public init(file: String, report: AnnualReport?, findings: [Finding], error: ReaderError? = nil, previousFile: String? = nil) {
        self.file = file; self.report = report; self.findings = findings; self.error = error; self.previousFile = previousFile
    }

    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    public var warningCount: Int { findings.filter { $0.severity == .warning }.count }
    public var infoCount: Int { findings.filter { $0.severity == .info }.count }
}

/// Audits published reports: reads each file, validates it, and checks it against the previous year's
/// report of the same agency (rules I5, I6, H1, T3).
public enum Auditor {
    /// File extensions audited when a directory is given.
    public static let reportExtensions: Set<String> = ["txt", "text", "html", "htm", "shtml", "xhtml", "docx", "pdf", "xlsx", "json"]

    /// Audits one file, optionally against a previous year's report.
    public static func audit(url: URL, previous: AnnualReport? = nil, previousFile: String? = nil,
                             options: ReadOptions = ReadOptions()) -> AuditResult {
        validated(read(url, options: options), url: url, previous: previous, previousFile: previousFile)
    }

    /// Reads one file, every failure as a `ReaderError`.
    static func read(_ url: URL, options: ReadOptions) -> Result<AnnualReport, ReaderError> {
        do { return .success(try ReportReader.read(url: url, options: options)) } catch let e as ReaderError { return .failure(e) } catch {
            return .failure(.unreadable(file: url.path, reason: "\(error)"))
        }
    }

    /// Expands directories (recursively, report extensions only, sorted by path) and keeps files as given.
    /// - Throws: `ReaderError.unreadable` for a path that does not exist.
    public static func collect(_ paths: [String]) throws -> [URL] {
        var out: [URL] = []
        let fm = FileManager.default
        for p in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir) else { throw ReaderError.unreadable(file: p, reason: "文件或目录不存在") }
            if isDir.boolValue {
                let base = URL(fileURLWithPath: p)
                guard let e = fm.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) else { continue }
                var found: [URL] = []
                for case let u as URL in e where reportExtensions.contains(u.pathExtension.lowercased()) {
                    if (try? u.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { found.append(u) }
                }
                out += found.sorted { $0.path < $1.path }
            } else {
                out.append(URL(fileURLWithPath: p))
            }
        }
        return out
    }

    /// What a first, light pass learns of a file to order a batch.
    struct Key { var url: URL; var agency: String?; var year: Int? }

    /// The agency and year of an HTML page from its `<title>` alone, without parsing the page (pass 1 of a batch):
    /// only the first 64 KB are read. Nil when the file is not HTML (or over `ReaderLimits.textBytes`) or its title
    /// does not name both; the caller then reads the whole file.
    static func sniffHTML(_ url: URL) -> Key? {
        guard let probe = try? ReportReader.Probe(url: url, file: url.path), probe.kind == .html,
              probe.size <= ReaderLimits.textBytes,
              let data = try? InputFile.head(url, file: url.path, count: 16_384) else { return nil }
        let head = String(decoding: data, as: UTF8.self)
        guard let open = head.range(of: "<title", options: .caseInsensitive),
              let gt = head[open.upperBound...].firstIndex(of: ">"),
              let close = head[gt...].range(of: "</title>", options: .caseInsensitive) else { return nil }
        let raw = String(head[head.index(after: gt)..<close.lowerBound])
            .replacingOccurrences(of: "&nbsp;", with: " ").replacingOccurrences(of: "&amp;", with: "&")
        let m = Metadata.extract(lines: [], cores: [], containerTitle: Norm.collapse(raw), containerDate: nil)
        guard let agency = m.agency, let year = m.year else { return nil }
        return Key(url: url, agency: agency, year: year)
    }

    /// The agency and year of a plain-text report from its head (title, statistics period) and tail (signature):
    /// the first 80 and last 20 lines, without reading the tables (pass 1 of a batch). Nil when the file is not
    /// text, is over `ReaderLimits.textBytes`, cannot be decoded, or does not name both.
    static func sniffText(_ url: URL) -> Key? {
        guard let probe = try? ReportReader.Probe(url: url, file: url.path), probe.kind == .text,
              let data = try? InputFile.load(url, file: url.path, limit: ReaderLimits.textBytes, what: "文本报告"),
              let (text, _) = try? TextReader.decodeDetectingEncoding(data, file: url.path) else { return nil }
        var lines: [SourceLine] = []
        var tail: [(String, Int)] = []
        var n = 0
        TextReader.forEachLine(text) { raw in
            n += 1
            if n <= 80 { lines.append(TextReader.line(raw, number: n)); return }
            tail.append((raw, n))
            if tail.count > 20 { tail.removeFirst() }
        }
        lines += tail.map { TextReader.line($0.0, number: $0.1) }
        let m = Metadata.extract(lines: lines, cores: lines.map { Norm.core($0.text) }, containerTitle: nil, containerDate: nil)
        guard let agency = m.agency, let year = m.year else { return nil }
        return Key(url: url, agency: agency, year: year)
    }

    /// Audits a batch in year order, each report checked against its predecessor (year − 1) from the same agency.
    ///
    /// Two passes keep memory flat in the number of files: the first reads only each file's agency and year,
    /// the second reads and validates in order, holding only the previous report of the current agency.
    /// - Parameters:
    ///   - previous: a report every file is checked against instead (`--previous`).
    ///   - progress: called after each file of the second pass with (done, total).
    ///   - emit: receives each result in output order.
    public static func auditBatch(_ urls: [URL], previous: URL? = nil, options: ReadOptions = ReadOptions(),
                                  progress: ((Int, Int, URL) -> Void)? = nil, emit: (AuditResult) -> Void) {
        var fixedPrevious: AnnualReport?
        if let previous { fixedPrevious = try? ReportReader.read(url: previous, options: ReadOptions(agencyKind: options.agencyKind)) }
        if urls.count == 1 || previous != nil {
            for (i, u) in urls.enumerated() {
                emit(audit(url: u, previous: fixedPrevious, previousFile: previous?.path, options: options))
                progress?(i + 1, urls.count, u)
            }
            return
        }
        // Pass 1: agency and year only (every core).
        var keys: [Key] = parallelMap(urls) { u in
            if let k = sniffHTML(u) ?? sniffText(u) { return k }
            if let doc = try? ReportReader.document(url: u) {
                let lines = doc.lines
                let m = Metadata.extract(lines: lines, cores: lines.map { Norm.core($0.text) }, containerTitle: doc.containerTitle, containerDate: doc.containerDate)
                return Key(url: u, agency: m.agency, year: m.year)
            }
            return Key(url: u, agency: nil, year: nil)
        }
        keys.sort { a, b in
            let aa = a.agency ?? "\u{10FFFF}" + a.url.path, ba = b.agency ?? "\u{10FFFF}" + b.url.path
            if aa != ba { return aa < ba }
            if a.year != b.year { return (a.year ?? Int.max) < (b.year ?? Int.max) }
            return a.url.path < b.url.path
        }
        // Pass 2: in order, holding the previous report of the same agency. The files of a window are read on every
        // core at once (reading is most of the time), then validated and emitted one by one in the batch's order;
        // memory holds one window of reports.
        var held: (agency: String, year: Int, report: AnnualReport, file: String)?
        var done = 0
        for start in stride(from: 0, to: keys.count, by: batchWindow) {
            let window = Array(keys[start..<min(start + batchWindow, keys.count)])
            let reads = parallelMap(window) { read($0.url, options: options) }
            for (k, read) in zip(window, reads) {
                var prev: AnnualReport?
                var prevFile: String?
                if let h = held, let a = k.agency, let y = k.year, h.agency == a, h.year == y - 1 { prev = h.report; prevFile = h.file }
                let result = validated(read, url: k.url, previous: prev, previousFile: prevFile)
                if let r = result.report, let a = r.agency, let y = r.year { held = (a, y, r, k.url.path) }
                emit(result)
                done += 1
                progress?(done, keys.count, k.url)
            }
        }
    }

    /// How many files of a batch are read at once: four per core (memory: one report each).
    static var batchWindow: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) * 4 }

    /// `transform` applied to every element on every core; the results in the elements' order.
    static func parallelMap<T: Sendable, R>(_ items: [T], _ transform: (T) -> R) -> [R] {
        let slots = ParallelSlots<R>(items.count)
        withoutActuallyEscaping(transform) { transform in
            // Called from several threads: the readers it runs share no mutable state.
            nonisolated(unsafe) let work = transform
            DispatchQueue.concurrentPerform(iterations: items.count) { i in
                let r = work(items[i])
                slots.set(i, r)
            }
        }
        return slots.values.map { $0! }
    }

    /// A read report validated (against `previous` when given; a previous report of another year than the one before
    /// is said to leave the cross-year rules unchecked).
    static func validated(_ read: Result<AnnualReport, ReaderError>, url: URL, previous: AnnualReport?, previousFile: String?) -> AuditResult {
        switch read {
        case .failure(let e): return AuditResult(file: url.path, report: nil, findings: [], error: e)
        case .success(let report):
            if let previous, let y = report.year, let py = previous.year, py != y - 1 {
                var findings = ReportValidator.validate(report)
                findings.append(Finding(rule: .I5, severity: .info, table: "表三", row: "二、上年结转政府信息公开申请数量",
                                        message: "无法核对：指定的上一年度报告是\(py)年度，不是\(y - 1)年度，跨年度规则（I5、I6、H1、T3）未检查"))
                return AuditResult(file: url.path, report: report, findings: findings, previousFile: nil)
            }
            return AuditResult(file: url.path, report: report, findings: ReportValidator.validate(report, previous: previous),
                               previousFile: previous == nil ? nil : previousFile)
        }
    }
}

/// The results of `Auditor.parallelMap`, one slot per item, written under a lock.
final class ParallelSlots<R>: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [R?]
    init(_ n: Int) { values = Array(repeating: nil, count: n) }
    func set(_ i: Int, _ v: R) { lock.lock(); values[i] = v; lock.unlock() }
}
