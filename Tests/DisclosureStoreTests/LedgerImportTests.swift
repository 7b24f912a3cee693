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
}
