import DisclosureRules
import Foundation
import Testing

/// Each rule: start from a consistent report, change one cell or date, get exactly that rule's finding there.
@Suite struct RuleTests {
    func findings(_ r: AnnualReport, previous: AnnualReport? = nil, rule: RuleID) -> [Finding] {
        ReportValidator.validate(r, previous: previous).filter { $0.rule == rule }
    }

    @Test func consistentReportsHaveNoFindings() {
        #expect(ReportValidator.validate(consistent2021(), previous: previous2021Format()).isEmpty)
        #expect(ReportValidator.validate(consistent2019()).isEmpty)
    }

    @Test func r1ColumnBalance() {
        var r = consistent2021()
        r.setTable3("carriedOver", 0, .number(2)) // 自然人: 64 + 0 ≠ 63 + 2
        let f = findings(r, rule: .R1)
        #expect(f.count == 1)
        #expect(f.first?.severity == .error)
        #expect(f.first?.column == "自然人")
        #expect(f.first?.message.contains("相差-1") == true)
    }

    @Test func i1RowTotal() {
        var r = consistent2021()
        r.setTable3("unable.1", 6, .number(24)) // 22 + 3 = 25
        let f = findings(r, rule: .I1)
        #expect(f.count == 1)
        #expect(f.first?.row == "1.本机关不掌握相关政府信息")
        #expect(f.first?.column == "总计")
    }

    @Test func i2ColumnTotal() {
        var r = consistent2021()
        r.setTable3("refused.7", 0, .number(7)) // 自然人 outcomes now sum to 64, total says 63
        let f = findings(r, rule: .I2)
        #expect(f.count == 1)
        #expect(f.first?.column == "自然人")
        #expect(f.first?.row == "（七）总计")
    }

    @Test func i2Counts2021OtherSubRows() {
        var r = consistent2021()
        r.setTable3("other.2", [1, 0, 0, 0, 0, 0, 1])
        #expect(findings(r, rule: .I2).map(\.column) == ["自然人", "总计"])
    }

    @Test func i3AppealGroupTotal() {
        var r = consistent2021()
        r.table4.cells[9] = .int(13) // 未经复议直接起诉 总计 12 → 13
        let f = findings(r, rule: .I3)
        #expect(f.count == 1)
        #expect(f.first?.row == "未经复议直接起诉")
        #expect(f.first?.column == "总计")
    }

    @Test func i4NonNegativeIntegers() {
        var r = consistent2021()
        r.setTable3("refused.1", 2, .number(-1))
        r.table4.cells[1] = Cell(.text("无"))
        let f = findings(r, rule: .I4)
        #expect(f.count == 2)
        #expect(f.contains { $0.table == "表三" && $0.row == "1.属于国家秘密" && $0.column == "科研机构" })
        #expect(f.contains { $0.table == "表四" && $0.row == "行政复议" && $0.column == "结果纠正" })
    }

    @Test func i5CarryOverMatchesLastYear() {
        var p = previous2021Format()
        p.setTable3("carriedOver", [0, 0, 0, 0, 0, 1, 1])
        p.setTable3("total", [63, 0, 0, 2, 0, 3, 68])
        let f = findings(consistent2021(), previous: p, rule: .I5)
        #expect(f.map(\.column) == ["其他", "总计"])
        #expect(f.allSatisfy { $0.row == "二、上年结转政府信息公开申请数量" && $0.severity == .error })
    }

    @Test func i6PreviousItemCount2019() {
        let p = consistent2019()
        var r = consistent2019()
        r.year = 2021; r.date = ReportDate(2022, 1, 10); r.yearMentions = []
        // 其他对外管理服务事项: last year 4 − 1 = 3; printing 4 breaks it.
        r.setTable2(block: "20.5", row: "其他对外管理服务事项", [.number(4), .number(0), .number(2)])
        r.setTable2(block: "20.5", row: "行政许可", [.number(2), .number(0), .number(1)])
        r.setTable2(block: "20.6", row: "行政处罚", [.number(8), .number(0), .number(0)])
        let f = findings(r, previous: p, rule: .I6)
        #expect(f.count == 1)
        #expect(f.first?.row == "其他对外管理服务事项")
        #expect(f.first?.column == "上一年项目数量")
    }

    @Test func h1CurrentDocumentsWarning() {
        var r = consistent2021()
        r.setTable2(block: "20.1", row: "行政规范性文件", [.number(69), .number(3), .number(666)]) // 599 + 69 − 3 = 665
        let f = findings(r, previous: previous2021Format(), rule: .H1)
        #expect(f.count == 1)
        #expect(f.first?.severity == .warning)
        #expect(f.first?.row == "行政规范性文件")
        #expect(f.first?.column == "现行有效件数")
    }

    @Test func s1MissingSectionAndRow() {
        var r = consistent2021()
        r.sections[4].present = false
        r.table3[r.table3Index("unable.2")!].present = false
        let f = findings(r, rule: .S1)
        #expect(f.count == 2)
        #expect(f.contains { $0.row == "五、存在的主要问题及改进情况" })
        #expect(f.contains { $0.table == "表三" && $0.row == "2.没有现成信息需要另行制作" })
    }

    @Test func s2BlankCellAndUncheckableRules() {
        var r = consistent2021()
        r.setTable3("new", 6, .blank)
        let f = findings(r, rule: .S2)
        #expect(f.count == 1)
        #expect(f.first?.row == "一、本年新收政府信息公开申请数量")
        #expect(f.first?.column == "总计")
        // The rules that need the cell are checked with blank read as 0, said so: here they fail (the cell held a
        // figure), so they are errors that name the assumption (issue 10, kind 6).
        let r1 = findings(r, rule: .R1)
        #expect(r1.count == 1 && r1[0].severity == .error && r1[0].column == "总计" && r1[0].message.hasPrefix("按空白单元格为0核对"))
        #expect(findings(r, rule: .I1).map(\.severity) == [.error])
    }

    @Test func blankZerosAreCheckedAsZerosWithOneNoteEach() {
        var r = consistent2021()
        // Every zero of table 三 left blank, as many agencies print it.
        var blanked = 0
        for i in r.table3.indices {
            for c in r.table3[i].cells.indices where r.table3[i].cells[c].value == .number(0) {
                r.table3[i].cells[c].value = .blank; blanked += 1
            }
        }
        #expect(blanked > 50)
        let all = ReportValidator.validate(r)
        #expect(all.filter { $0.rule == .S2 }.count == blanked, "one S2 per blank cell stays")
        for rule in [RuleID.R1, .I1, .I2] {
            let f = all.filter { $0.rule == rule }
            #expect(f.allSatisfy { $0.severity == .info } && f.count <= 1, "\(rule): \(f.map(\.message))")
            #expect(f.allSatisfy { $0.message.contains("按空白为0核对") && $0.message.contains("成立") })
        }
        // A rule still uncheckable with blank as 0 (a row missing altogether) is never said to hold.
        var missing = r
        missing.table3[missing.table3Index("unable.2")!].present = false
        missing.table3[missing.table3Index("total")!].cells[0].value = .number(99_999)
        let i2 = ReportValidator.validate(missing).filter { $0.rule == .I2 }
        #expect(!i2.contains { $0.message.contains("成立") } && i2.contains { $0.message.contains("无法核对") }, "\(i2.map(\.message))")
        // A figure that does not add up under the assumption is an error saying so.
        let i = r.table3Index("new")!
        r.table3[i].cells[6].value = .number(999_999)
        let wrong = ReportValidator.validate(r).filter { $0.rule == .I1 && $0.severity == .error }
        #expect(wrong.count == 1 && wrong[0].message.hasPrefix("按空白单元格为0核对"))
    }

    @Test func s3ValueCount() {
        var r = consistent2021()
        let i = r.table3Index("notProcessed.2")!
        r.table3[i].sourceValueCount = 8
        r.table3[i].extraValues = ["0"]
        let f = findings(r, rule: .S3)
        #expect(f.count == 1)
        #expect(f.first?.row == "2.重复申请")
    }

    @Test func s4ColumnLabel() {
        var r = consistent2021()
        r.table3SourceColumns = ["自然人", "商业企业", "科研机构", "社会组织", "法律服务机构", "其他", "总计"]
        let f = findings(r, rule: .S4)
        #expect(f.count == 1)
        #expect(f.first?.column == "社会组织")
        #expect(f.first?.message.contains("社会公益组织") == true)
    }

    @Test func d1DateBeforeYearEndOrAfterDeadline() {
        var r = consistent2021()
        r.date = ReportDate(2021, 1, 26)
        #expect(findings(r, rule: .D1).map(\.severity) == [.error])
        r.date = ReportDate(2022, 1, 31)
        #expect(findings(r, rule: .D1).isEmpty) // a department's deadline day, 条例第四十九条
        r.date = ReportDate(2022, 2, 8)
        #expect(findings(r, rule: .D1).count == 1)
        r.agencyKind = .government // a government's own report: 3月31日
        #expect(findings(r, rule: .D1).isEmpty)
        r.date = ReportDate(2022, 4, 1)
        #expect(findings(r, rule: .D1).count == 1)
        r.date = nil
        #expect(findings(r, rule: .D1).map(\.severity) == [.info])
    }

    @Test func d2YearsDisagree() {
        var r = consistent2021()
        r.yearMentions[1].year = 2020
        let f = findings(r, rule: .D2)
        #expect(f.count == 1)
        #expect(f.first?.message.contains("统计期限2020年") == true)
    }

    @Test func t1OverviewTooLong() {
        var r = consistent2021()
        r.sections[0].text = String(repeating: "政务公开工作稳步推进。", count: 100) // 1,100 characters
        #expect(findings(r, rule: .T1).count == 1)
        r.format = .f2019
        #expect(findings(r, rule: .T1).isEmpty)
    }

    @Test func t2FeesNotReported() {
        var r = consistent2021()
        r.sections[5].text = "无其他需要报告的事项。"
        #expect(findings(r, rule: .T2).count == 1)
    }

    @Test func t3RepeatedProblems() {
        var p = previous2021Format()
        p.sections[4].text = consistent2021().sections[4].text
        let f = findings(consistent2021(), previous: p, rule: .T3)
        #expect(f.count == 1)
        #expect(f.first?.severity == .warning)
    }

    @Test func o1HighOtherShare2019() {
        var r = consistent2019()
        r.setTable3("granted", [7, 0, 0, 0, 0, 0, 7])
        r.setTable3("other", [3, 0, 0, 0, 0, 0, 3])
        let f = findings(r, rule: .O1)
        #expect(f.count == 1)
        #expect(f.first?.severity == .info)
        #expect(f.first?.message.contains("30%") == true)
    }

    @Test func similarityBounds() {
        #expect(TextSimilarity.dice("政府信息公开", "政府信息公开") == 1)
        #expect(TextSimilarity.dice("政府信息公开", "天气晴朗") == 0)
    }
}

/// Values no report can hold are findings, never a crash (a sum of Int.max-sized cells used to trap).
@Suite struct RobustnessTests {
    @Test func hugeCellsAreI4NotACrash() {
        var r = consistent2021()
        r.setTable3("refused.7", 0, .number(Decimal(Int.max)))
        r.setTable3("refused.7", 6, .number(Decimal(string: "99999999999999999999999")!))
        let f = ReportValidator.validate(r)
        #expect(f.filter { $0.rule == .I4 }.count == 2)
        #expect(!f.contains { $0.rule == .I1 && $0.severity == .error })
    }

    @Test func formatMustMatchTheYear() {
        var r = consistent2019()
        r.year = 2022
        r.date = ReportDate(2023, 1, 10)
        r.yearMentions = [YearMention(place: .title, year: 2022)]
        let f = ReportValidator.validate(r).filter { $0.rule == .S1 }
        #expect(f.count == 1)
        #expect(f.first?.severity == .error)
        #expect(f.first?.message.contains("国办公开办函〔2021〕30号") == true)
    }

    @Test func invalidDateIsD1() {
        var r = consistent2021()
        r.date = nil
        r.invalidDateText = "2022年2月30日"
        let f = ReportValidator.validate(r).filter { $0.rule == .D1 }
        #expect(f.map(\.severity) == [.error])
        #expect(f.first?.message.contains("不是有效日期") == true)
    }
}
