import DisclosureRules
import Foundation
import Testing

/// Issue 12 point 5 (a catalogue exported from a CMS) and point 4 (decision counts from a spreadsheet): columns found
/// by their header words, every bad row listed by row and column, nothing returned unless every row is good.
struct CatalogueImportTests {
    let today = CalendarDate(year: 2025, month: 3, day: 1)!

    func problems(_ body: () throws -> Any) -> [String] {
        do { _ = try body(); return [] } catch let e as ImportError { return e.problems.map { "\($0.row)|\($0.column)" } } catch { return ["\(error)"] }
    }

    @Test func aCMSExportWithItsOwnHeaderWords() throws {
        // Header words of a typical CMS export (标题, 发文字号, 信息类别 …), columns in its order, dates as it writes them.
        let rows = [
            ["索引号", "标题", "发文字号", "发文机关", "成文日期", "发布日期", "信息类别", "主题分类", "体裁", "文件类型", "有效性", "废止日期", "废止文件", "摘要"],
            ["000014349/2023-00007", "某市某事项管理办法", "某府规〔2023〕2号", "", "2023/3/6", "2023年3月10日", "（一）", "综合政务", "通知", "行政规范性文件", "有效", "", "", "规范某事项。"],
            ["", "2024年部门预算", "", "某市财政局", "", "45341", "财政预决算", "03", "", "", "", "", "", ""],
            ["000014349/2020-00003", "某市旧办法", "某府规〔2020〕1号", "", "2020-05-01", "2020-05-08", "1", "", "", "规范性文件", "废止", "2024-12-31", "某府规〔2024〕9号", ""],
            ["", "2025年第一季度招考公告草稿", "", "", "2025-02-20", "", "第二十条第（十四）项", "", "公告", "", "", "", "", ""],
            ["", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ]
        let out = try CatalogueImport.parse(rows: rows, file: "export.csv", agencyName: "某市人民政府", today: today)
        #expect(out.map(\.row) == [2, 3, 4, 5])  // the empty row 6 is skipped
        let a = out[0].item
        #expect(a.indexNumber == "000014349/2023-00007" && a.title == "某市某事项管理办法" && a.documentNumber == "某府规〔2023〕2号")
        #expect(a.issuingAgency == "某市人民政府")  // empty 发文机关: the agency
        #expect(a.writtenOn == CalendarDate(year: 2023, month: 3, day: 6) && a.publishedOn == CalendarDate(year: 2023, month: 3, day: 10))
        #expect(a.formedOn == CalendarDate(year: 2023, month: 3, day: 6))  // defaults to the 成文日期
        #expect(a.category == .regulationsAndDocuments && a.documentKind == .normativeDocument && a.genre == .circular && a.topic == .generalAffairs)
        #expect(a.state == .published && a.validity == .effective && a.summary == "规范某事项。" && a.mode == .proactive)
        let b = out[1].item
        // Excel's serial 45341 is 2024-02-19 (days since 1899-12-30); no 成文日期: the 发布日期 starts the period.
        #expect(b.indexNumber == nil && b.publishedOn == CalendarDate(year: 2024, month: 2, day: 19) && b.formedOn == b.publishedOn)
        #expect(b.category == .budgets && b.topic == .financeAndAudit && b.issuingAgency == "某市财政局" && b.genre == .other && b.documentKind == .other)
        let c = out[2].item
        #expect(c.validity == .repealed(on: CalendarDate(year: 2024, month: 12, day: 31)!, by: "某府规〔2024〕9号") && c.documentKind == .normativeDocument)
        #expect(c.topic == .other)  // empty 主题分类: 其他
        let d = out[3].item
        #expect(d.state == .draft && d.publishedOn == nil && d.category == .civilServiceRecruitment && d.genre == .announcement)
    }

    @Test func everyBadRowIsListedByRowAndColumnAndNothingComesBack() {
        let header = ["名称", "公开类别", "成文日期", "发布日期", "有效性", "废止或失效日期", "废止文件", "主题分类", "文件类型", "公开方式", "索引号"]
        let rows = [header,
                    ["好的一行", "7", "2024-01-05", "2024-01-08", "", "", "", "", "", "", "A-1"],
                    ["日期不对", "7", "2024-02-30", "", "", "", "", "", "", "", ""],
                    ["类别不对", "第二十一条", "2024-01-05", "", "", "", "", "", "", "", ""],
                    ["废止没写文件", "1", "2020-01-05", "2020-01-08", "废止", "2024-06-01", "", "", "规范性文件", "", ""],
                    ["", "1", "2024-01-05", "", "", "", "", "", "", "", ""],
                    ["主题不对", "2", "2024-01-05", "", "", "", "", "99", "", "", ""],
                    ["将来的日期", "2", "2025-03-02", "", "", "", "", "", "", "", ""],
                    ["不予公开没有理由", "2", "2024-01-05", "", "", "", "", "", "", "不予公开", ""],
                    ["规章不属第一项", "3", "2024-01-05", "", "", "", "", "", "规章", "", ""],
                    ["索引号重复", "7", "2024-01-05", "2024-01-08", "", "", "", "", "", "", "A-1"],
                    ["发布早于成文", "7", "2024-01-05", "2024-01-04", "", "", "", "", "", "", ""],
                    ["草稿不能废止", "7", "2024-01-05", "", "失效", "2024-06-01", "", "", "", "", ""]]
        #expect(problems { try CatalogueImport.parse(rows: rows, file: "bad.csv", agencyName: "某局", today: today) } == [
            "3|成文日期", "4|公开类别", "5|废止文件", "6|名称", "7|主题分类", "8|成文日期", "9|公开方式", "10|文件类型", "11|索引号", "12|发布日期", "13|有效性",
        ])
    }

    /// Every problem of a row at once, named by the file's own headers; the same item twice in one file; 有效 with a
    /// repeal date.
    @Test func everyProblemOfARowAtOnceByTheFilesHeaders() {
        let rows = [["标题", "信息类别", "发文字号", "成文日期", "发布日期", "有效性", "废止日期"],
                    ["", "第二十一条", "", "2024-03-05", "2024-03-01", "", ""],
                    ["同一份文件", "7", "某发〔2024〕1号", "2024-01-05", "2024-01-09", "", ""],
                    ["同一份文件", "7", "某发〔2024〕1号", "2024-01-05", "2024-01-09", "", ""],
                    ["有效却有废止日期", "7", "", "2024-01-05", "2024-01-09", "有效", "2024-06-01"]]
        #expect(problems { try CatalogueImport.parse(rows: rows, file: "cms.csv", agencyName: "某局", today: today) } == [
            "2|信息类别", "2|标题", "4|标题", "5|有效性",
        ])
        // Published before written is named too once the row's other problems are gone.
        #expect(problems { try CatalogueImport.parse(rows: [rows[0], ["某文件", "（七）", "", "2024-03-05", "2024-03-01", "", ""]], file: "cms.csv",
                                                    agencyName: "某局", today: today) } == ["2|发布日期"])
        // Categories as CMS exports name them.
        for (text, item) in [("规章", 1), ("行政规范性文件", 1), ("规范性文件", 1), ("财政预算决算", 7)] {
            #expect(DisclosureCategory(importText: text)?.rawValue == item, "\(text)")
        }
    }

    @Test func theHeaderNeedsItsRequiredColumnsOnce() {
        #expect(problems { try CatalogueImport.parse(rows: [["标题", "文号"], ["某文件", "1号"]], file: "x.csv", agencyName: "某局", today: today) } == ["1|公开类别"])
        #expect(problems { try CatalogueImport.parse(rows: [["名称", "标题", "类别"], ["a", "b", "1"]], file: "x.csv", agencyName: "某局", today: today) } == ["1|名称"])
        #expect(problems { try CatalogueImport.parse(rows: [["名称", "类别"]], file: "x.csv", agencyName: "某局", today: today) } == ["2|全部"])
        #expect(problems { try CatalogueImport.parse(rows: [], file: "x.csv", agencyName: "某局", today: today) } == ["1|表头"])
    }

    @Test func categoriesAsExportsWriteThem() {
        for (text, item) in [("7", 7), ("（七）", 7), ("(七)", 7), ("七", 7), ("第二十条第（七）项", 7), ("财政预算、决算信息", 7), ("政府采购", 9), ("15", 15)] {
            #expect(DisclosureCategory(importText: text)?.rawValue == item, "\(text)")
        }
        for text in ["0", "16", "第二十一条", "预算和决算和采购"] { #expect(DisclosureCategory(importText: text) == nil, "\(text)") }
        // Each short name names one item only.
        let names = DisclosureCategory.allCases.flatMap(\.shortNames)
        #expect(Set(names).count == names.count)
    }

    // MARK: Decision counts

    @Test func aMonthlyTableWithItsTotalRow() throws {
        let rows = [["月份", "行政许可（件）", "行政处罚", "行政强制", "收费金额（元）"],
                    ["2024年1月", "120", "3", "", "15000"],
                    ["2月", "１，０５０", "0", "1", "2500.5"],
                    ["十二月", "7", "2", "0", ""],
                    ["合计", "1177", "5", "1", "17500.5"]]
        let r = try DecisionImport.parse(rows: rows, file: "m.csv", year: 2024, today: today)
        #expect(r.form == .monthly && r.kinds == [.licensing, .penalty, .enforcement] && r.fees)
        #expect(r.months == [
            MonthlyDecisionFigures(month: 1, licensing: 120, penalty: 3, feesWanYuan: Decimal(string: "1.5")),
            MonthlyDecisionFigures(month: 2, licensing: 1050, penalty: 0, enforcement: 1, feesWanYuan: Decimal(string: "0.25005")),
            MonthlyDecisionFigures(month: 12, licensing: 7, penalty: 2, enforcement: 0),
        ])
        // The year's figures are the months summed; what no month gives keeps the year's value.
        let year = DecisionFigures(licensingDecisions: 1, otherServiceDecisions: 4, penaltyDecisions: 1).combined(with: r.months)
        #expect(year.licensingDecisions == 1177 && year.penaltyDecisions == 5 && year.enforcementDecisions == 1 && year.otherServiceDecisions == 4)
        #expect(year.feesWanYuan == Decimal(string: "1.75005"))

        var wrong = rows
        wrong[4] = ["合计", "1176", "5", "1", "17500.5"]
        wrong.append(["2月", "1", "1", "1", "1"])
        wrong.append(["2023年3月", "1", "1", "1", "1"])
        wrong.append(["4", "-2", "x", "1", "1"])
        #expect(problems { try DecisionImport.parse(rows: wrong, file: "m.csv", year: 2024, today: today) } == ["6|月份", "7|月份", "8|行政许可（件）", "8|行政处罚", "5|行政许可（件）"])
        #expect(problems { try DecisionImport.parse(rows: [["月份", "收费金额"], ["1", "3"]], file: "m.csv", year: 2024, today: today) } == ["1|收费金额"])
        // A thousands separator is read; a decimal comma is refused, never read as 15.
        #expect(problems { try DecisionImport.parse(rows: [["月份", "行政许可", "收费金额（万元）"], ["1", "1,050", "1,5"]], file: "m.csv", year: 2024, today: today) }
                == ["2|收费金额（万元）"])
        #expect(DecisionImport.halfWidth("12,345.6") == "12345.6" && DecisionImport.halfWidth("１，０５０") == "1050" && DecisionImport.halfWidth("1,5") == "1,5")
        #expect(problems { try DecisionImport.parse(rows: [["机关", "数量"], ["1", "3"]], file: "m.csv", year: 2024, today: today) } == ["1|表头"])
    }

    @Test func aListOfDecisions() throws {
        let rows = [["决定书文号", "决定日期", "决定类别", "当事人"],
                    ["某许〔2024〕1号", "2024-01-03", "行政许可", "甲公司"],
                    ["某许〔2024〕2号", "2024/1/20", "行政许可（变更）", "乙公司"],
                    ["某罚〔2024〕1号", "2024年3月5日", "行政处罚", "丙"],
                    ["某强〔2024〕1号", "2024-12-31", "行政强制措施", "丁"],
                    ["某许〔2023〕99号", "2023-12-29", "行政许可", "戊"]]
        let r = try DecisionImport.parse(rows: rows, file: "list.xlsx", year: 2024, today: today)
        #expect(r.form == .list && r.decisions == 4 && r.otherYears == 1 && r.kinds == [.licensing, .penalty, .enforcement])
        #expect(r.months.count == 12)
        #expect(r.months[0] == MonthlyDecisionFigures(month: 1, licensing: 2, penalty: 0, enforcement: 0))
        #expect(r.months[2] == MonthlyDecisionFigures(month: 3, licensing: 0, penalty: 1, enforcement: 0))
        #expect(r.months[11] == MonthlyDecisionFigures(month: 12, licensing: 0, penalty: 0, enforcement: 1))
        #expect(r.months[5] == MonthlyDecisionFigures(month: 6, licensing: 0, penalty: 0, enforcement: 0))

        var bad = rows
        bad.append(["某许〔2024〕1号", "2024-02-01", "行政许可", "己"])   // the same decision twice
        bad.append(["某许〔2024〕3号", "2025-04-01", "行政许可", "庚"])   // after today
        bad.append(["某许〔2024〕4号", "2024-02-01", "行政检查", "辛"])   // not a kind of table 二
        bad.append(["某许〔2024〕5号", "", "行政许可", "壬"])
        #expect(problems { try DecisionImport.parse(rows: bad, file: "list.xlsx", year: 2024, today: today) } == ["7|决定书文号", "8|决定日期", "9|决定类别", "10|决定日期"])
    }
}
