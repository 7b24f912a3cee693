import Crypto
import DisclosureRules
import FluentKit
import Foundation
import SQLKit

/// One problem of a ledger row: the spreadsheet row number (1 = header), the column header and why.
public struct LedgerProblem: Sendable, Equatable, CustomStringConvertible {
    public var row: Int
    public var column: String
    public var message: String
    public var description: String { "第\(row)行“\(column)”列：\(message)" }
}

public struct LedgerError: Error, Sendable, CustomStringConvertible {
    public var file: String
    /// The problems listed (at most `Store.ledgerProblemsListed`).
    public var problems: [LedgerProblem]
    /// How many problems there are in all.
    public var total: Int
    public init(file: String, problems: [LedgerProblem], total: Int? = nil) {
        self.file = file; self.problems = problems; self.total = max(total ?? problems.count, problems.count)
    }
    public var description: String {
        "\(file)：台账有 \(total) 处错误，未导入任何记录：\n" + problems.map { "  " + $0.description }.join("\n")
            + (total > problems.count ? "\n  ……另有 \(total - problems.count) 处错误未列出" : "")
    }
}

extension Array where Element == String {
    fileprivate func join(_ s: String) -> String { joined(separator: s) }
}

/// The columns of an application ledger (依申请公开台账), by header. Required: 收到日期, 申请人类型, 申请人, 申请内容 —
/// the same fields a single application needs (条例第二十九条).
public enum LedgerColumn: String, CaseIterable, Sendable {
    case received = "收到日期"
    case kind = "申请人类型"
    case applicant = "申请人"
    case channel = "申请渠道"
    case text = "申请内容"
    case outcome = "办理结果"
    case decided = "答复日期"

    /// The columns every ledger must have.
    public static let required: [LedgerColumn] = [.received, .kind, .applicant, .text]

    /// Header words accepted for the column.
    var aliases: [String] {
        switch self {
        case .received: ["收到日期", "收到申请日期", "受理日期", "申请日期", "收文日期", "登记日期"]
        case .kind: ["申请人类型", "申请人类别", "申请人性质", "类型"]
        case .applicant: ["申请人", "申请人姓名", "申请人名称", "姓名"]
        case .channel: ["申请渠道", "渠道", "申请方式", "提交方式"]
        case .text: ["申请内容", "申请公开的信息", "所需信息", "内容"]
        case .outcome: ["办理结果", "答复结果", "处理结果", "答复类型"]
        case .decided: ["答复日期", "办结日期", "答复时间", "办理日期"]
        }
    }
}

/// A parsed ledger row.
struct LedgerRow: Sendable {
    var row: Int
    var received: CalendarDate
    var kind: ApplicantKind
    var applicant: String
    var channel: SubmissionChannel
    var text: String
    var outcome: Outcome?
    var decided: CalendarDate?
}

extension SubmissionChannel {
    /// Reads a channel from its code or the words ledgers use.
    public init?(ledgerText t: String) {
        let s = t.trimmedWhitespace
        if let c = SubmissionChannel(rawValue: s) { self = c; return }
        if s.isEmpty { return nil }
        if ["当面", "现场", "窗口"].contains(where: { s.contains($0) }) { self = .inPerson; return }
        if s.contains("传真") { self = .fax; return }
        if ["网", "互联网", "在线", "邮件", "电子"].contains(where: { s.contains($0) }) { self = .online; return }
        if s.contains("挂号") || s.contains("快递") || s.contains("EMS") || s.contains("签收") { self = .mailSigned; return }
        if s.contains("信") || s.contains("邮寄") { self = .mailOrdinary; return }
        return nil
    }
}

extension Store {
    public struct LedgerImportResult: Sendable {
        public var imported: Int
        public var decided: Int
        public var withoutDueDate: Int
    }

    /// Rows written per statement (three INSERTs — applicants, applications, events — sent together).
    static let ledgerBatch = 250
    /// Problems listed at most (all are counted).
    static let ledgerProblemsListed = 200

    /// Imports an application ledger given as rows in memory (header first). See `importLedger(file:agencyCode:…:open:)`.
    public func importLedger(rows: [[String]], file: String, agencyCode: String, actor: Actor, now: Date = Date()) async throws -> LedgerImportResult {
        try await importLedger(file: file, agencyCode: agencyCode, actor: actor, now: now) {
            var i = 0
            return {
                defer { i += 1 }
                return i < rows.count ? rows[i] : nil
            }
        }
    }

    /// Imports an application ledger (依申请公开台账), all or nothing, streamed: rows are read one by one from the
    /// reader `open` returns (header first) and written in batches inside one transaction, so memory stays bounded
    /// whatever the number of rows; any bad row rolls the whole import back.
    ///
    /// Each row obeys the limits of a single application (`receive`): the four required columns (`LedgerColumn.required`)
    /// and no column twice in the header; the receipt and answer dates real, not before 2008-05-01 or after today, the
    /// answer not before the receipt; the name cleaned and at most `InputLimits.applicantName` characters, the request
    /// text at most `InputLimits.requestText`; a kind of table 三, a channel, an outcome of table 三.
    /// A row that is already recorded for the agency — same receipt date, applicant kind, name and request text
    /// (`contentKey`), by an earlier import or entered one by one — is refused, and so is a ledger identical to one
    /// imported before (the SHA-256 of its rows, whatever the file format), naming when and by whom.
    ///
    /// - Parameter open: returns a function giving the next row (nil at the end); called again when the transaction is
    ///   retried (a busy database), so the file is read again from its start.
    /// - Throws: `LedgerError` listing the problems by spreadsheet row and column (at most `ledgerProblemsListed`
    ///   listed, all counted), nothing stored; the reader's error (e.g. `ReaderError`); `StoreError.notFound` (agency).
    public func importLedger(file: String, agencyCode: String, actor: Actor, now: Date = Date(),
                             open: @escaping @Sendable () throws -> () throws -> [String]?) async throws -> LedgerImportResult {
        let agency = try await requireAgency(code: agencyCode)
        let today = try await agencyToday(id: agency.id!, now: now, on: db)
        let agencyID = agency.id!
        let fileName = (file as NSString).lastPathComponent
        // SQLite keeps a transaction's changed pages in memory until COMMIT (`cache_spill=OFF`, see `Store.prepare`);
        // a ledger of any size must not: its transaction spills them to the file.
        return try await retryingSpillingTransaction { tx in
            try await self.importLedgerRows(file: file, fileName: fileName, agencyID: agencyID, actor: actor, now: now,
                                            today: today, open: open, on: tx)
        }
    }

    /// The body of `importLedger`'s transaction.
    func importLedgerRows(file: String, fileName: String, agencyID: UUID, actor: Actor, now: Date, today: CalendarDate,
                          open: @Sendable () throws -> () throws -> [String]?, on tx: any Database) async throws -> LedgerImportResult {
        do {
            let next = try open()
            guard let header = try next() else {
                throw LedgerError(file: file, problems: [LedgerProblem(row: 1, column: "表头", message: "文件没有内容")])
            }
            let index = try Self.ledgerHeader(header, file: file)
            let calendar = try await self.workingCalendar(on: tx)
            let importID = UUID()
            let record = LedgerImportRecord()
            record.id = importID; record.agencyID = agencyID; record.fileName = fileName; record.digest = ""; record.rows = 0
            record.actor = actor.name; record.importedAt = now
            try await ModelSQL.create(record, on: tx)
            // Whether the agency has applications from elsewhere: only then can a row repeat one.
            let sql = tx as! any SQLDatabase
            let hasEarlier = try await sql.raw("SELECT 1 AS one FROM applications WHERE agency_id = \(bind: agencyID) LIMIT 1").first() != nil

            var digest = SHA256()
            Self.digest(header, into: &digest)
            var problems: [LedgerProblem] = [], problemCount = 0
            var batch: [LedgerRow] = []
            var imported = 0, decided = 0, missingDue = 0, rowNumber = 1
            func problem(_ p: LedgerProblem) {
                problemCount += 1
                if problems.count < Self.ledgerProblemsListed { problems.append(p) }
            }
            func flush() async throws {
                guard problemCount == 0, !batch.isEmpty else { batch.removeAll(keepingCapacity: true); return }
                let (statements, counts) = Self.ledgerStatements(batch, agencyID: agencyID, importID: importID, file: fileName,
                                                                 actor: actor, now: now, calendar: calendar)
                // One after another, not pipelined: with the cache spilling (`retryingSpillingTransaction`), a write
                // error can end SQLite's transaction, and no later statement may then run outside it.
                for statement in statements { try await sql.execute(sql: statement) { _ in } }
                imported += batch.count; decided += counts.decided; missingDue += counts.withoutDueDate
                batch.removeAll(keepingCapacity: true)
            }
            while let raw = try next() {
                rowNumber += 1
                if raw.allSatisfy({ $0.trimmedWhitespace.isEmpty }) { continue }
                Self.digest(raw, into: &digest)
                switch Self.parseLedgerRow(raw, row: rowNumber, index: index, today: today) {
                case .success(let row): batch.append(row)
                case .failure(let p): p.list.forEach(problem)
                }
                if batch.count == Self.ledgerBatch { try await flush() }
            }
            try await flush()
            let hex = Self.hex(digest.finalize())
            // The same ledger again: one clear message instead of a line per row.
            if let earlier = try await LedgerImportRecord.query(on: tx).filter(\.$agencyID == agencyID).filter(\.$digest == hex).first() {
                throw LedgerError(file: file, problems: [LedgerProblem(
                    row: 1, column: "全部",
                    message: "该台账已于 \(Self.isoMinute(earlier.importedAt)) 由\(earlier.actor)导入（\(earlier.fileName)，\(earlier.rows)行），不能重复导入")])
            }
            if problemCount == 0, hasEarlier {
                let (listed, total) = try await Self.ledgerCollisions(importID: importID, agencyID: agencyID, on: sql)
                listed.forEach(problem)
                problemCount = total
            }
            if problemCount > 0 { throw LedgerError(file: file, problems: problems, total: problemCount) }
            if imported == 0 { throw LedgerError(file: file, problems: [LedgerProblem(row: 2, column: "全部", message: "台账没有数据行")]) }
            try await sql.raw("UPDATE ledger_imports SET digest = \(bind: hex), rows = \(bind: imported) WHERE id = \(bind: importID)").run()
            return LedgerImportResult(imported: imported, decided: decided, withoutDueDate: missingDue)
        }
    }

    /// The column of each field; problems for a missing required column or a column given twice.
    static func ledgerHeader(_ header: [String], file: String) throws -> [LedgerColumn: Int] {
        var index: [LedgerColumn: Int] = [:]
        var problems: [LedgerProblem] = []
        for (i, h) in header.enumerated() {
            let name = h.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\u{FEFF}", with: "")
            guard let col = LedgerColumn.allCases.first(where: { $0.aliases.contains(name) }) else { continue }
            if let first = index[col] {
                problems.append(LedgerProblem(row: 1, column: col.rawValue,
                                              message: "表头重复：第\(first + 1)列“\(header[first])”和第\(i + 1)列“\(name)”都是“\(col.rawValue)”，无法确定用哪一列"))
            } else {
                index[col] = i
            }
        }
        for required in LedgerColumn.required where index[required] == nil {
            problems.append(LedgerProblem(row: 1, column: required.rawValue, message: "缺少该列（表头应包含“\(required.rawValue)”；与单件登记相同，条例第二十九条）"))
        }
        if !problems.isEmpty { throw LedgerError(file: file, problems: problems) }
        return index
    }

    /// One data row checked with the limits of a single application, or its problems.
    static func parseLedgerRow(_ raw: [String], row rowNumber: Int, index: [LedgerColumn: Int], today: CalendarDate) -> Result<LedgerRow, LedgerProblems> {
        var problems: [LedgerProblem] = []
        func cell(_ c: LedgerColumn) -> String {
            guard let k = index[c], k < raw.count else { return "" }
            return raw[k].trimmedWhitespace
        }
        func problem(_ c: LedgerColumn, _ m: String) { problems.append(LedgerProblem(row: rowNumber, column: c.rawValue, message: m)) }
        func date(_ c: LedgerColumn) -> CalendarDate? {
            let text = cell(c)
            guard let d = ledgerDate(text) else {
                problem(c, text.isEmpty ? "为空" : "“\(text)”不是日期（如 2024-09-02）")
                return nil
            }
            do { try RecordDates.checkPast(d, field: InputField(c.rawValue, c.rawValue), today: today) } catch let e as InputError {
                problem(c, e.reason.trimmingCharacters(in: .whitespaces))
                return nil
            } catch { problem(c, "\(error)"); return nil }
            return d
        }
        func clean(_ c: LedgerColumn, _ field: InputField, max: Int, paragraph: Bool) -> String? {
            do {
                let v = paragraph ? try CleanText.paragraph(cell(c), field: field, maxLength: max)
                    : try CleanText.line(cell(c), field: field, maxLength: max)
                if v.isEmpty { problem(c, "为空（与单件登记相同，条例第二十九条）"); return nil }
                return v
            } catch let e as InputError { problem(c, e.reason); return nil } catch { problem(c, "\(error)"); return nil }
        }
        let received = date(.received)
        let kind = ApplicantKind(text: cell(.kind))
        if kind == nil { problem(.kind, cell(.kind).isEmpty ? "为空" : "“\(cell(.kind))”不是申请人类型（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他）") }
        let name = clean(.applicant, .applicantName, max: InputLimits.applicantName, paragraph: false)
        let text = clean(.text, .requestText, max: InputLimits.requestText, paragraph: true)
        var channel = SubmissionChannel.online
        if !cell(.channel).isEmpty {
            if let c = SubmissionChannel(ledgerText: cell(.channel)) { channel = c } else { problem(.channel, "“\(cell(.channel))”不是申请渠道（当面、信函、网络、传真）") }
        }
        var outcome: Outcome?
        if !cell(.outcome).isEmpty {
            outcome = Outcome(text: cell(.outcome))
            if outcome == nil { problem(.outcome, "“\(cell(.outcome))”不是年报表三的办理结果") }
        }
        var decided: CalendarDate?
        if !cell(.decided).isEmpty { decided = date(.decided) }
        if outcome != nil && cell(.decided).isEmpty { problem(.decided, "有办理结果但没有答复日期") }
        if !cell(.decided).isEmpty && cell(.outcome).isEmpty { problem(.outcome, "有答复日期但没有办理结果") }
        if let r = received, let d = decided, d < r { problem(.decided, "答复日期 \(d) 早于收到日期 \(r)") }
        guard problems.isEmpty, let received, let kind, let name, let text else { return .failure(LedgerProblems(list: problems)) }
        return .success(LedgerRow(row: rowNumber, received: received, kind: kind, applicant: name, channel: channel, text: text,
                                  outcome: outcome, decided: decided))
    }

    /// The INSERTs of one batch: an applicant per row (a ledger gives a name only, and a name alone never links two
    /// applications to one person), the applications with their due dates and content keys, an event per application.
    /// Built with plain bound values rather than through the Fluent records (whose per-field reflection and generic
    /// lookups cost more than the rest of a row); the values and their types are those the records write
    /// (`LedgerImportTests` reads the rows back through the records).
    static func ledgerStatements(_ rows: [LedgerRow], agencyID: UUID, importID: UUID, file: String, actor: Actor, now: Date,
                                 calendar: WorkingDayCalendar) -> ([any SQLExpression], (decided: Int, withoutDueDate: Int)) {
        var applicants: [[any SQLExpression]] = [], apps: [[any SQLExpression]] = [], events: [[any SQLExpression]] = []
        applicants.reserveCapacity(rows.count); apps.reserveCapacity(rows.count); events.reserveCapacity(rows.count)
        var decided = 0, missingDue = 0
        func bind(_ s: String?) -> any SQLExpression { s.map { SQLBind($0) } ?? SQLLiteral.null }
        for r in rows {
            let person = UUID(), app = UUID()
            applicants.append([SQLBind(person), SQLBind(r.kind.rawValue), SQLBind(r.applicant), SQLBind(now)])
            let received = r.received.description
            let normalized = RequestText.normalized(r.text)
            var due: String?
            if let d = try? calendar.addingWorkingDays(StatutoryClock.answerDays, to: r.received) { due = d.description } else { missingDue += 1 }
            let closed = r.outcome != nil && r.decided != nil
            if closed { decided += 1 }
            let state = closed ? ApplicationState.decided.rawValue : ApplicationState.inProgress.rawValue
            let decidedDate = closed ? r.decided?.description : nil, outcome = closed ? r.outcome?.rawValue : nil
            apps.append([SQLBind(app), SQLBind(agencyID), SQLBind(person), SQLBind(r.kind.rawValue), SQLBind(QueryCode.make()),
                         SQLBind(r.channel.rawValue), SQLBind(received), SQLBind(received), SQLBind(r.text), SQLBind(normalized),
                         SQLBind(state), bind(due), SQLBind(StatutoryClock.answerDays), SQLBind(0), bind(decidedDate), bind(outcome),
                         SQLBind(now), SQLBind(contentKey(received: received, kind: r.kind.rawValue, name: r.applicant, normalizedText: normalized)),
                         SQLBind(importID)])
            var snapshot = ApplicationSnapshot(state: state, receivedDate: received, clockStart: received, dueDate: due, extensionDays: 0)
            snapshot.decidedDate = decidedDate; snapshot.outcome = outcome
            events.append([SQLBind(app), SQLBind(agencyID), SQLBind(EventKind.ledgerImported.rawValue), SQLBind(actor.name),
                           SQLBind(actor.role.rawValue), SQLBind(now), SQLBind(snapshot.json), SQLBind("\(file) 第\(r.row)行")])
        }
        func insert(_ table: String, _ columns: String, _ values: [[any SQLExpression]]) -> any SQLExpression {
            SQLList([SQLRaw("INSERT INTO \(table) (\(columns)) VALUES "),
                     SQLList(values.map { SQLList([SQLRaw("("), SQLList($0, separator: SQLRaw(", ")), SQLRaw(")")], separator: SQLRaw("")) },
                             separator: SQLRaw(", "))], separator: SQLRaw(""))
        }
        return ([insert("applicants", "id, kind, name, created_at", applicants),
                 insert("applications", "id, agency_id, applicant_id, applicant_kind, query_code, channel, received_date, clock_start, "
                        + "request_text, normalized_text, state, due_date, limit_days, extension_days, decided_date, outcome, created_at, "
                        + "content_key, ledger_import_id", apps),
                 insert("events", "application_id, agency_id, kind, actor, role, at, after, detail", events)],
                (decided, missingDue))
    }

    /// Rows of import `importID` that repeat an application the agency already had (same `contentKey`): the first
    /// `ledgerProblemsListed` by row, and how many rows repeat one in all.
    static func ledgerCollisions(importID: UUID, agencyID: UUID, on sql: any SQLDatabase) async throws -> ([LedgerProblem], Int) {
        let join: SQLQueryString = """
            FROM applications a JOIN applications b ON b.agency_id = a.agency_id AND b.content_key = a.content_key \
            AND (b.ledger_import_id IS NULL OR b.ledger_import_id <> a.ledger_import_id) \
            WHERE a.agency_id = \(bind: agencyID) AND a.ledger_import_id = \(bind: importID)
            """
        let total = try await sql.raw("SELECT COUNT(DISTINCT a.id) AS n \(join)").first()?.decode(column: "n", as: Int.self) ?? 0
        guard total > 0 else { return ([], 0) }
        let rows = try await sql.raw("""
            SELECT e.detail AS detail, b.query_code AS code, b.received_date AS received, i.file_name AS file, i.imported_at AS at \
            FROM applications a JOIN applications b ON b.agency_id = a.agency_id AND b.content_key = a.content_key \
            AND (b.ledger_import_id IS NULL OR b.ledger_import_id <> a.ledger_import_id) \
            JOIN events e ON e.application_id = a.id AND e.kind = 'ledgerImported' \
            LEFT JOIN ledger_imports i ON i.id = b.ledger_import_id \
            WHERE a.agency_id = \(bind: agencyID) AND a.ledger_import_id = \(bind: importID) LIMIT \(unsafeRaw: String(ledgerProblemsListed))
            """).all()
        let listed: [LedgerProblem] = try rows.map { r in
            let detail = try r.decode(column: "detail", as: String?.self) ?? ""
            let row = Int(detail.split(separator: "第").last?.split(separator: "行").first ?? "") ?? 0
            let code = try r.decode(column: "code", as: String.self)
            let received = try r.decode(column: "received", as: String.self)
            let origin: String
            if let f = try r.decode(column: "file", as: String?.self), let at = try r.decode(column: "at", as: Date?.self) {
                origin = "于 \(isoMinute(at)) 从 \(f) 导入"
            } else {
                origin = "已逐件登记"
            }
            return LedgerProblem(row: row, column: "全部",
                                 message: "与已有申请 \(code)（收到 \(received)，\(origin)）的收到日期、申请人和申请内容相同，可能重复导入")
        }
        return (listed.sorted { $0.row < $1.row }, total)
    }

    /// Feeds one row to the digest: cells joined by U+001F, rows ended by U+001E (so CSV and XLSX of the same rows agree).
    static func digest(_ row: [String], into hash: inout SHA256) {
        var cells = row.map(\.trimmedWhitespace)
        while cells.last?.isEmpty == true { cells.removeLast() }
        hash.update(data: Data((cells.joined(separator: "\u{1F}") + "\u{1E}").utf8))
    }

    static func isoMinute(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: d)
    }
}

/// The problems of one ledger row (an `Error` so that it can be a `Result`'s failure).
struct LedgerProblems: Error { var list: [LedgerProblem] }
