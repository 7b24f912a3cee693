import DisclosureReaders
import DisclosureRules
import Foundation

/// The audit of one published report, ready to show: the human text and the JSON (`gongkai audit --json`'s shape),
/// with its counts, or why the file could not be read.
public struct AuditedReport: Sendable {
    public var file: String
    public var report: AnnualReport?
    public var findings: [Finding]
    /// Why the file could not be read (Chinese, naming the file), when it could not.
    public var unreadable: String?
    /// The human rendering: findings grouped by table with their source lines.
    public var text: String
    /// One JSON object (pretty-printed).
    public var json: String
    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    public var warningCount: Int { findings.filter { $0.severity == .warning }.count }
    public var infoCount: Int { findings.filter { $0.severity == .info }.count }
}

/// Auditing published reports needs no database: these are static.
extension Service {
    /// The report files of `paths`: files as given, directories expanded (recursively, report extensions, by path).
    /// - Throws: `ServiceError` (`unreadable`) for a path that does not exist.
    public static func reportFiles(_ paths: [String]) throws -> [URL] {
        do { return try Auditor.collect(paths) } catch { throw ServiceError(error) }
    }

    /// Checks that a previous year's report can be read (before a batch uses it).
    /// - Throws: `ServiceError` (`unreadable`).
    public static func checkReadable(_ url: URL, agencyKind: AgencyKind? = nil) throws {
        if let e = Auditor.audit(url: url, options: ReadOptions(agencyKind: agencyKind)).error { throw ServiceError(e) }
    }

    /// Audits a batch in agency and year order, each report checked against its predecessor (or against `previous`),
    /// calling `emit` with each result and `progress` with (done, total).
    public static func audit(_ urls: [URL], previous: URL? = nil, format: ReportFormat? = nil, agencyKind: AgencyKind? = nil,
                             progress: ((Int, Int) -> Void)? = nil, emit: (AuditedReport) -> Void) {
        Auditor.auditBatch(urls, previous: previous, options: ReadOptions(format: format, agencyKind: agencyKind),
                           progress: { done, total, _ in progress?(done, total) }) { r in
            emit(AuditedReport(file: r.file, report: r.report, findings: r.findings, unreadable: r.error?.description,
                               text: AuditText.render(r), json: (try? ReportJSON.encode(r)) ?? "{}"))
        }
    }
}
