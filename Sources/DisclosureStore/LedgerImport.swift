import DisclosureReaders
import DisclosureRules
import FluentKit
import Foundation

/// One problem of a ledger row: the spreadsheet row number (1 = header), the column header and why.
public struct LedgerProblem: Sendable, Equatable, CustomStringConvertible {
    public var row: Int
    public var column: String
    public var message: String
    public var description: String { "第\(row)行“\(column)”列：\(message)" }
}

public struct LedgerError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var problems: [LedgerProblem]
    public var description: String {
        "\(file)：台账有 \(problems.count) 处错误，未导入任何记录：\n" + problems.map { "  " + $0.description }.join("\n")
    }
}

extension Array where Element == String {
    fileprivate func join(_ s: String) -> String { joined(separator: s) }
}

/// The columns of an application ledger (依申请公开台账), by header. Only 收到日期 and 申请人类型 are required.
public enum LedgerColumn: String, CaseIterable, Sendable {
    case received = "收到日期"
    case kind = "申请人类型"
    case applicant = "申请人"
    case channel = "申请渠道"
    case text = "申请内容"
    case outcome = "办理结果"
    case decided = "答复日期"

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
        let s = t.trimmingCharacters(in: .whitespaces)
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

/// Dates as ledgers write them: 2024-09-02, 2024/9/2, 2024.9.2, 2024年9月2日, or an Excel date serial.
public func ledgerDate(_ text: String) -> CalendarDate? {
    let t = text.trimmingCharacters(in: .whitespaces)
    if let d = CalendarDate(iso: t) { return d }
    let parts = t.replacingOccurrences(of: "年", with: "-").replacingOccurrences(of: "月", with: "-").replacingOccurrences(of: "日", with: "")
        .replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: ".", with: "-")
        .split(separator: " ").first.map(String.init) ?? ""
    let nums = parts.split(separator: "-").compactMap { Int($0) }
    if nums.count == 3, nums[0] > 1900, let d = CalendarDate(year: nums[0], month: nums[1], day: nums[2]) { return d }
    if t.allSatisfy({ $0.isNumber || $0 == "." }), let d = Spreadsheet.excelSerialDate(t), d.year >= 2000 { return d }
    return nil
}

extension Store {
    public struct LedgerImportResult: Sendable {
        public var imported: Int
        public var decided: Int
        public var withoutDueDate: Int
    }

    /// Imports an application ledger (CSV or XLSX, first row headers): every row is checked first; if any row is
    /// bad, nothing is stored and `LedgerError` lists every problem by row number and column.
    public func importLedger(url: URL, agencyCode: String, actor: Actor, now: Date = Date()) async throws -> LedgerImportResult {
        let rows = try Spreadsheet.rows(url: url)
        return try await importLedger(rows: rows, file: url.path, agencyCode: agencyCode, actor: actor, now: now)
    }

    public func importLedger(rows: [[String]], file: String, agencyCode: String, actor: Actor, now: Date = Date()) async throws -> LedgerImportResult {
        let agency = try await requireAgency(code: agencyCode)
        guard let header = rows.first else { throw LedgerError(file: file, problems: [LedgerProblem(row: 1, column: "表头", message: "文件没有内容")]) }
        var index: [LedgerColumn: Int] = [:]
        for (i, h) in header.enumerated() {
            let name = h.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\u{FEFF}", with: "")
            if let col = LedgerColumn.allCases.first(where: { $0.aliases.contains(name) }), index[col] == nil { index[col] = i }
        }
        var problems: [LedgerProblem] = []
        for required in [LedgerColumn.received, .kind] where index[required] == nil {
            problems.append(LedgerProblem(row: 1, column: required.rawValue, message: "缺少该列（表头应包含“\(required.rawValue)”）"))
        }
        if !problems.isEmpty { throw LedgerError(file: file, problems: problems) }

        var parsed: [LedgerRow] = []
        for (i, raw) in rows.enumerated().dropFirst() {
            let rowNumber = i + 1
            if raw.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            func cell(_ c: LedgerColumn) -> String {
                guard let k = index[c], k < raw.count else { return "" }
                return raw[k].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            var bad = false
            func problem(_ c: LedgerColumn, _ m: String) { problems.append(LedgerProblem(row: rowNumber, column: c.rawValue, message: m)); bad = true }
            let received = ledgerDate(cell(.received))
            if received == nil { problem(.received, cell(.received).isEmpty ? "为空" : "“\(cell(.received))”不是日期（如 2024-09-02）") }
            let kind = ApplicantKind(text: cell(.kind))
            if kind == nil { problem(.kind, cell(.kind).isEmpty ? "为空" : "“\(cell(.kind))”不是申请人类型（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他）") }
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
            if !cell(.decided).isEmpty {
                decided = ledgerDate(cell(.decided))
                if decided == nil { problem(.decided, "“\(cell(.decided))”不是日期") }
            }
            if outcome != nil && decided == nil && cell(.decided).isEmpty { problem(.decided, "有办理结果但没有答复日期") }
            if decided != nil && outcome == nil && cell(.outcome).isEmpty { problem(.outcome, "有答复日期但没有办理结果") }
            if let r = received, let d = decided, d < r { problem(.decided, "答复日期 \(d) 早于收到日期 \(r)") }
            let today = CalendarDate.from(now, timeZone: TimeZone(secondsFromGMT: 14 * 3600)!)
            if let r = received, r > today { problem(.received, "收到日期 \(r) 晚于今天") }
            if let d = decided, d > today { problem(.decided, "答复日期 \(d) 晚于今天") }
            if index[.text] != nil && cell(.text).isEmpty { problem(.text, "为空（条例第二十九条：申请应写明所需政府信息）") }
            if bad { continue }
            parsed.append(LedgerRow(row: rowNumber, received: received!, kind: kind!, applicant: cell(.applicant).isEmpty ? "（台账未记载）" : cell(.applicant),
                                    channel: channel, text: cell(.text).isEmpty ? "（台账未记载申请内容）" : cell(.text),
                                    outcome: outcome, decided: decided))
        }
        if !problems.isEmpty { throw LedgerError(file: file, problems: problems) }
        if parsed.isEmpty { throw LedgerError(file: file, problems: [LedgerProblem(row: 2, column: "全部", message: "台账没有数据行")]) }

        let agencyID = agency.id!
        let fileName = (file as NSString).lastPathComponent
        let toStore = parsed
        return try await transaction { tx in
            let calendar = try await self.workingCalendar(on: tx)
            var applicants: [String: UUID] = [:]
            var apps: [ApplicationRecord] = []
            var missingDue = 0
            for r in toStore {
                let key = "\(r.kind.rawValue)|\(r.applicant)"
                let person: UUID
                if let p = applicants[key] { person = p } else {
                    person = try await Self.findOrCreateApplicant(ApplicantInput(kind: r.kind, name: r.applicant), on: tx)
                    applicants[key] = person
                }
                let app = ApplicationRecord()
                app.id = UUID()
                app.agencyID = agencyID
                app.applicantID = person
                app.applicantKind = r.kind.rawValue
                app.queryCode = QueryCode.make()
                app.channel = r.channel.rawValue
                app.receivedDate = r.received.description
                app.clockStart = r.received.description
                app.requestText = r.text
                app.normalizedText = RequestText.normalized(r.text)
                app.limitDays = 20
                app.extensionDays = 0
                app.dueDate = try? Self.dueDate(app, consultations: [], calendar: calendar)
                if app.dueDate == nil { missingDue += 1 }
                if let o = r.outcome, let d = r.decided {
                    app.state = ApplicationState.decided.rawValue
                    app.outcome = o.rawValue
                    app.decidedDate = d.description
                } else {
                    app.state = ApplicationState.inProgress.rawValue
                }
                apps.append(app)
            }
            for chunk in stride(from: 0, to: apps.count, by: 200).map({ Array(apps[$0..<min($0 + 200, apps.count)]) }) {
                try await chunk.create(on: tx)
            }
            var events: [EventRecord] = []
            for (app, r) in zip(apps, toStore) {
                let e = EventRecord()
                e.applicationID = app.id
                e.agencyID = agencyID
                e.kind = EventKind.ledgerImported.rawValue
                e.actor = actor.name
                e.role = actor.role.rawValue
                e.at = now
                e.after = EventLog.encode(ApplicationSnapshot(app))
                e.detail = "\(fileName) 第\(r.row)行"
                events.append(e)
            }
            for chunk in stride(from: 0, to: events.count, by: 200).map({ Array(events[$0..<min($0 + 200, events.count)]) }) {
                try await chunk.create(on: tx)
            }
            return LedgerImportResult(imported: apps.count, decided: apps.filter { $0.outcome != nil }.count, withoutDueDate: missingDue)
        }
    }
}
