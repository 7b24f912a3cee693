@testable import DisclosureStore
import DisclosureRules
import FluentKit
import Foundation
import Testing

@Suite(.serialized) struct LedgerImportTests {
    static let header = ["收到日期", "申请渠道", "申请人类型", "申请人", "申请内容", "办理结果", "答复日期"]

    static func generated(_ n: Int) -> [[String]] {
        let kinds = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
        let channels = ["当面", "信函", "网络", "传真"]
        let outcomes = Outcome.allCases.filter { $0 != .other1 && $0 != .other2 }
        var rows = [header]
        for i in 0..<n {
            let received = CalendarDate(dayNumber: CalendarDate(iso: "2023-01-03")!.dayNumber + i % 700)
            let decided = i % 5 == 0 ? nil : received.adding(days: 10 + i % 9)
            rows.append([received.description, channels[i % 4], kinds[i % 6], "申请人\(i % 97)", "请公开第\(i)号文件",
                         decided == nil ? "" : outcomes[i % outcomes.count].label, decided?.description ?? ""])
        }
        return rows
    }

    @Test func thousandRowsImport() async throws {
        try await withStore { (store: Store) async throws in
            let agency = try await store.addAgency(code: "a", name: "某局")
            let rows = Self.generated(1000)
            let result = try await store.importLedger(rows: rows, file: "ledger.csv", agencyCode: "a", actor: registrar)
            #expect(result.imported == 1000)
            #expect(result.decided == 800)
            #expect(try await ApplicationRecord.query(on: store.db).count() == 1000)
            #expect(try await EventRecord.query(on: store.db).filter(\.$kind == "ledgerImported").count() == 1000)
            // The imported records count like any others.
            let c = try await ReportCounts.query(store, agencyID: agency.id!, year: 2023)
            let receivedIn2023 = rows.dropFirst().filter { $0[0].hasPrefix("2023") }.count
            #expect(c.table3["new"]![6] == receivedIn2023)
        }
    }

    /// The batch writes plain values: read back through the records, an imported row is a complete application.
    @Test func importedRowsReadBackThroughTheRecords() async throws {
        try await withStore { (store: Store) async throws in
            let agency = try await store.addAgency(code: "a", name: "某局")
            let now = try Timestamp.parse("2026-11-29T08:00:00Z", field: .submittedAt, timeZone: .gmt)
            _ = try await store.importLedger(rows: [Self.header, ["2024-09-27", "网络", "法律服务机构", "某律师事务所", "请公开某项目环评批复", "部分公开", "2024-10-18"],
                                                    ["2024-12-30", "传真", "自然人", "赵六", "请公开2025年预算", "", ""]],
                                             file: "读回.csv", agencyCode: "a", actor: registrar, now: now)
            let apps = try await ApplicationRecord.query(on: store.db).sort(\.$receivedDate).all()
            #expect(apps.count == 2)
            let (a, b) = (apps[0], apps[1])
            #expect(a.agencyID == agency.id && a.applicantKind == "legal-service-institution" && a.channel == "online")
            #expect(a.receivedDate == "2024-09-27" && a.clockStart == "2024-09-27" && a.dueDate == "2024-10-30") // C1
            #expect(a.state == "decided" && a.outcome == "partlyGranted" && a.decidedDate == "2024-10-18")
            #expect(a.limitDays == 20 && a.extensionDays == 0 && a.createdAt == now && a.queryCode.count == 10)
            #expect(a.contentKey == Store.contentKey(received: "2024-09-27", kind: "legal-service-institution", name: "某律师事务所",
                                                     normalizedText: RequestText.normalized("请公开某项目环评批复")))
            #expect(a.ledgerImportID != nil && a.ledgerImportID == b.ledgerImportID)
            #expect(b.state == "in-progress" && b.outcome == nil && b.decidedDate == nil && b.dueDate == "2025-01-27") // 1月26日 a make-up Sunday
            let person = try #require(try await ApplicantRecord.find(a.applicantID, on: store.db))
            #expect(person.name == "某律师事务所" && person.kind == "legal-service-institution" && person.idNumber == nil && person.createdAt == now)
            let event = try #require(try await store.events(application: a.id!).first)
            #expect(event.kind == "ledgerImported" && event.actor == registrar.name && event.role == "registrar" && event.at == now)
            #expect(event.detail == "读回.csv 第2行")
            #expect(event.after == EventLog.encode(ApplicationSnapshot(a)))
            let record = try #require(try await LedgerImportRecord.query(on: store.db).first())
            #expect(record.rows == 2 && record.fileName == "读回.csv" && record.digest.count == 64)
        }
    }

    @Test func badRowsRejectTheWholeLedger() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            var rows = Self.generated(50)
            rows[4][0] = "2023-13-40"          // row 5: not a date
            rows[17][2] = "个体工商户"           // row 18: not a kind of table 三
            rows[31][5] = "已答复"              // row 32: not an outcome
            do {
                _ = try await store.importLedger(rows: rows, file: "ledger.xlsx", agencyCode: "a", actor: registrar)
                Issue.record("a ledger with bad rows was imported")
            } catch let e as LedgerError {
                #expect(e.problems.map(\.row) == [5, 18, 32])
                #expect(e.problems.map(\.column) == ["收到日期", "申请人类型", "办理结果"])
                #expect(e.description.contains("第18行“申请人类型”列"))
            }
            #expect(try await ApplicationRecord.query(on: store.db).count() == 0)
            #expect(try await ApplicantRecord.query(on: store.db).count() == 0)
        }
    }

    @Test func missingRequiredColumn() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            await #expect(throws: LedgerError.self) {
                try await store.importLedger(rows: [["申请人", "申请内容"], ["张三", "x"]], file: "x.csv", agencyCode: "a", actor: registrar)
            }
        }
    }

    /// Kind 6: a ledger row obeys the limits of a single application (`receive`), and the header names each column once.
    @Test func ledgerRowsObeyTheLimitsOfSingleEntries() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            var rows = Self.generated(6)
            rows[1][4] = String(repeating: "文", count: InputLimits.requestText + 1)     // row 2: text too long
            rows[2][3] = String(repeating: "名", count: InputLimits.applicantName + 1)   // row 3: name too long
            rows[3][3] = "李\u{202E}四"                                                   // row 4: a direction control
            rows[4][0] = "2008-04-30"                                                    // row 5: before the Regulations
            rows[5][4] = ""                                                              // row 6: no request text
            do {
                _ = try await store.importLedger(rows: rows, file: "limits.csv", agencyCode: "a", actor: registrar)
                Issue.record("rows over the limits were imported")
            } catch let e as LedgerError {
                #expect(e.problems.map(\.row) == [2, 3, 4, 5, 6])
                #expect(e.problems.map(\.column) == ["申请内容", "申请人", "申请人", "收到日期", "申请内容"])
                #expect(e.problems[0].message.contains("10001字，最多10000字"))
            }
            #expect(try await ApplicationRecord.query(on: store.db).count() == 0)
            #expect(try await LedgerImportRecord.query(on: store.db).count() == 0)
            // The header: a column twice (two aliases of 申请人), the request text missing.
            for header in [["收到日期", "申请人类型", "申请人", "申请人姓名", "申请内容"], ["收到日期", "申请人类型", "申请人"]] {
                await #expect(throws: LedgerError.self) {
                    try await store.importLedger(rows: [header, ["2024-03-04", "自然人", "张三", "张三", "x"]], file: "h.csv", agencyCode: "a", actor: registrar)
                }
            }
        }
    }

    /// Kind 6: the same ledger twice, or rows already recorded one by one, are noticed and refused.
    @Test func aLedgerIsImportedOnce() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let rows = Self.generated(300)
            let first = try await store.importLedger(rows: rows, file: "2023台账.csv", agencyCode: "a", actor: registrar)
            #expect(first.imported == 300)
            do {
                _ = try await store.importLedger(rows: rows, file: "2023台账（副本）.xlsx", agencyCode: "a", actor: registrar)
                Issue.record("the same ledger was imported twice")
            } catch let e as LedgerError {
                #expect(e.problems.count == 1 && e.problems[0].message.contains("2023台账.csv") && e.problems[0].message.contains("不能重复导入"))
            }
            // The same rows with one more: the old rows are named.
            var more = rows
            more.append(["2024-03-04", "当面", "自然人", "新申请人", "请公开新文件", "", ""])
            do {
                _ = try await store.importLedger(rows: more, file: "2023台账（补充）.csv", agencyCode: "a", actor: registrar)
                Issue.record("overlapping rows were imported")
            } catch let e as LedgerError {
                #expect(e.total == 300)
                #expect(e.problems.count == Store.ledgerProblemsListed)
                #expect(e.problems.allSatisfy { $0.message.contains("2023台账.csv") })
                #expect(e.description.contains("另有 100 处错误未列出"))
            }
            #expect(try await ApplicationRecord.query(on: store.db).count() == 300)
            // A row repeating an application received one by one.
            let single = try await store.receive(agencyCode: "a", applicant: ApplicantInput(kind: .commercialEnterprise, name: "某某有限公司"),
                                                 channel: .online, text: "请公开2024年采购合同", receivedDate: date("2024-06-03"), actor: registrar)
            do {
                _ = try await store.importLedger(rows: [Self.header, ["2024-06-03", "网络", "商业企业", "某某有限公司", "请公开 2024年采购合同。", "", ""]],
                                                 file: "补录.csv", agencyCode: "a", actor: registrar)
                Issue.record("a row repeating a recorded application was imported")
            } catch let e as LedgerError {
                #expect(e.problems.map(\.row) == [2])
                #expect(e.problems.first?.message.contains(single.application.queryCode) == true)
            }
        }
    }
}

