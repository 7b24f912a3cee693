@testable import DisclosureWeb
import Foundation
import Testing
import VaporTesting

/// Table 三 on the pages as the national template prints it (国办公开办函〔2021〕30号): the merged labels
/// 三、本年度办理结果 and （三）…（六） on lines of their own before their rows, and the column heads 申请人情况 /
/// 法人或其他组织 — so "1.本机关不掌握相关政府信息" is not read as a row of （二）部分公开.
@Suite("Table 三 layout") struct CountsLayoutTests {
    /// Each text appears, in this order.
    func inOrder(_ html: String, _ texts: [String]) -> Bool {
        var from = html.startIndex
        for t in texts {
            guard let r = html.range(of: t, range: from..<html.endIndex) else { Issue.record("not found in order: \(t)"); return false }
            from = r.upperBound
        }
        return true
    }

    static let order = ["申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "一、本年新收政府信息公开申请数量", "三、本年度办理结果", "（一）予以公开",
                        "（二）部分公开", "（三）不予公开", "1.属于国家秘密", "（四）无法提供", "1.本机关不掌握相关政府信息", "（五）不予处理",
                        "1.信访举报投诉类申请", "（六）其他处理", "1.申请人无正当理由逾期不补正", "（七）总计", "四、结转下年度继续办理"]

    @Test func reportEditorAndDashboard() async throws {
        try await withPlatform { app, _ in
            let head = Browser(app)
            try await head.login("head-a")
            let editor = try await head.get("/staff/reports?agency=\(Fixture.agencyA)&year=2025")
            #expect(editor.status == .ok)
            #expect(inOrder(editor.body.string, Self.order))
            #expect(editor.body.string.components(separatedBy: "<tr class=\"group\">").count - 1 == 5)

            let oversight = Browser(app)
            try await oversight.login("oversight")
            let dashboard = try await oversight.get("/staff/dashboard?region=\(Fixture.region)&year=2025")
            #expect(dashboard.status == .ok)
            #expect(inOrder(dashboard.body.string, Self.order))
        }
    }
}
