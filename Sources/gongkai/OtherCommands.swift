import ArgumentParser
import DisclosureRules
import DisclosureService
import Foundation

struct AppealCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "appeal", abstract: "行政复议、行政诉讼记录（年报表四）。",
                                                    subcommands: [Add.self, Conclude.self, List.self])

    struct Conclude: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "conclude", abstract: "记录一件尚未审结案件的结果。")
        @Argument(help: "案件编号（gongkai appeal list 显示的前几位）。") var id: String
        @Option(name: .long, help: "机关代码。") var agency: String
        @Option(name: .long, help: "结果：upheld（维持）、corrected（纠正）、other（其他）。") var result: String
        @Option(name: .long, help: "审结日期。") var date: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions
        func run() async throws {
            guard let r = AppealResult(text: result), r != .pending else { throw ValidationError("--result 只能是 upheld、corrected 或 other") }
            let d = try parseDate(date, "--date")
            let actor = try who.actor(default: .handler)
            try await store.run { s in _ = try await s.concludeAppeal(agencyCode: agency, id: id, result: r, on: d, by: actor) }
            print("已记录审结结果：\(r.label)（\(d)）")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出机关的行政复议、行政诉讼案件。")
        @Option(name: .long, help: "机关代码。") var agency: String
        @OptionGroup var store: StoreOptions
        func run() async throws {
            let all = try await store.run { try await $0.appeals(agencyCode: agency) }
            if all.isEmpty { print("没有案件"); return }
            print("编号\t类别\t立案日期\t结果\t审结日期")
            for a in all {
                print("\(a.shortID)\t\(a.kind.label)\(a.asCoDefendant ? "（共同被告，不计入）" : "")\t\(a.filedDate)\t\(a.result.label)\t\(a.concludedDate ?? "—")")
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "记录一件行政复议或行政诉讼。")
        @Option(name: .long, help: "机关代码。") var agency: String
        @Option(name: .long, help: "所涉申请的查询码。") var application: String?
        @Option(name: .long, help: "reconsideration（行政复议）、litigation-direct（未经复议直接起诉）、litigation-after-reconsideration（复议后起诉）。") var kind: String
        @Option(name: .long, help: "立案（申请、起诉）日期。") var filed: String
        @Option(name: .long, help: "结果：upheld（维持）、corrected（纠正）、other（其他）、pending（尚未审结，默认）。") var result = "pending"
        @Option(name: .long, help: "审结日期。") var concluded: String?
        @Flag(name: .long, help: "本机关仅作为复议机关共同被告（不计入本机关表四）。") var coDefendant = false
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions

        func run() async throws {
            guard let k = AppealKind(text: kind) else { throw ValidationError("--kind 只能是 reconsideration、litigation-direct 或 litigation-after-reconsideration") }
            guard let r = AppealResult(text: result) else { throw ValidationError("--result 只能是 upheld、corrected、other 或 pending") }
            let f = try parseDate(filed, "--filed"), c = try concluded.map { try parseDate($0, "--concluded") }
            let actor = try who.actor(default: .handler)
            try await store.run { s in
                _ = try await s.addAppeal(agencyCode: agency, applicationCode: application, kind: k, filed: f, result: r, concluded: c,
                                          asCoDefendant: coDefendant, by: actor)
            }
            print("已记录\(k.label)（\(r.label)）" + (coDefendant ? "，作为复议机关共同被告，不计入本机关表四" : ""))
        }
    }
}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "导入已有数据。", subcommands: [Ledger.self])

    struct Ledger: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ledger", abstract: "导入依申请公开台账（CSV 或 XLSX，第一行为表头）。",
            discussion: """
            表头须有“收到日期”“申请人类型”“申请人”“申请内容”，可有“申请渠道”“办理结果”“答复日期”；同一列不能出现两次。
            每行与单件登记的要求相同（姓名最多200字、申请内容最多10000字、日期不早于2008年5月1日且不晚于今天）。
            有任何一行出错则不导入任何记录，并按行号、列名列出错误；与已有申请（收到日期、申请人、申请内容都相同）重复的行、
            已经导入过的同一台账也拒绝导入。CSV 逐行读取，行数不限；很大的 XLSX 请另存为 CSV。
            """)
        @Argument(help: "台账文件（.csv 或 .xlsx）。") var file: String
        @Option(name: .long, help: "机关代码。") var agency: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions

        func run() async throws {
            let actor = try who.actor(default: .registrar)
            let r = try await store.run { s in try await s.importLedger(file: URL(fileURLWithPath: file), agencyCode: agency, by: actor) }
            print("已导入 \(r.imported) 件申请（其中已办结 \(r.decided) 件）" + (r.withoutDueDate > 0 ? "；\(r.withoutDueDate) 件因节假日安排未载入暂无答复期限" : ""))
        }
    }
}

struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "calendar", abstract: "工作日日历：导入国务院节假日安排、增加休息日。",
                                                    subcommands: [Import.self, DayOff.self, Show.self])

    static func printChange(_ c: CalendarChangeInfo) {
        print("日历已更新（\(c.years.map(String.init).joined(separator: "、"))年）；重新计算了 \(c.recomputed.count) 件未办结申请的答复期限")
        for m in c.recomputed { print("  \(m.queryCode)：\(m.old ?? "无法计算") → \(m.new ?? "无法计算")") }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "导入节假日安排（cn-workday-calendar.json 的格式）。")
        @Argument(help: "JSON 文件。") var file: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions
        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("无法读取文件 \(file)") }
            let actor = try who.actor(default: .admin)
            let change = try await store.run(create: true) { try await $0.importCalendar(json: data, by: actor) }
            CalendarCommand.printChange(change)
        }
    }

    struct DayOff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "day-off", abstract: "增加一个临时休息日。")
        @Argument(help: "日期 YYYY-MM-DD。") var date: String
        @Argument(help: "名称或原因。") var name: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions
        func run() async throws {
            let d = try parseDate(date, "DATE")
            let actor = try who.actor(default: .admin)
            let change = try await store.run { try await $0.addDayOff(d, name: name, by: actor) }
            CalendarCommand.printChange(change)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "列出已载入的年份，或某年的节假日与调休上班日。")
        @Argument(help: "年份（可选）。") var yearText: String?
        @OptionGroup var store: StoreOptions
        func run() async throws {
            let year = try yearText.map { try parseWhole($0, "YEAR") }
            let cal = try await store.run { try await $0.workingCalendar() }
            guard let year else {
                print("已载入节假日安排的年份：\(cal.coveredYears.map(String.init).joined(separator: "、"))")
                let off = cal.daysOff.sorted { $0.key < $1.key }
                if !off.isEmpty { print("另行增加的休息日：" + off.map { "\($0.key) \($0.value)" }.joined(separator: "、")) }
                return
            }
            guard let n = cal.notices[year] else { fail("\(year)年的节假日安排尚未载入") }
            var lines: [(CalendarDate, String)] = n.holidays.map { ($0.date, "\($0.date)\t放假\t\($0.name)") }
            lines += n.workdays.map { ($0.date, "\($0.date)\t调休上班\t\($0.name)") }
            lines += cal.daysOff.filter { $0.key.year == year }.map { ($0.key, "\($0.key)\t休息日（另行增加）\t\($0.value)") }
            for (_, line) in lines.sorted(by: { $0.0 < $1.0 }) { print(line) }
        }
    }
}

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "年度报告。", subcommands: [Counts.self, Generate.self, Validate.self, Publish.self, Rollup.self, ImportBaseline.self, Figures.self, Text.self])

    struct Counts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "counts", abstract: "按记录统计某机关某年度的表三、表四（与年报生成同一查询）。")
        @Option(name: .long, help: "机关代码。") var agency: String
        @Option(name: .customLong("year"), parsing: .unconditional, help: "年度。") var yearText: String
        @Option(name: .long, help: "格式 2019 或 2021（默认按年度）。") var format: String?
        var year: Int { (try? parseWhole(yearText, "--year")) ?? 0 }
        @Flag(name: .long, help: "输出 JSON。") var json = false
        @OptionGroup var store: StoreOptions

        func validate() throws { try checkReportYear(try parseWhole(yearText, "--year")) }

        struct Output: Encodable { var agency: String; var year: Int; var format: String; var table3: [Row]; var table4: [Int]; var findings: [String]
            struct Row: Encodable { var id: String; var label: String; var cells: [Int] } }

        func run() async throws {
            var f: ReportFormat?
            if let format { guard let v = ReportFormat(rawValue: format) else { throw ValidationError("--format 只能是 2019 或 2021") }; f = v }
            let counts = try await store.run { try await $0.reportCounts(agencyCode: agency, year: year, format: f) }
            if json {
                printJSON(Output(agency: counts.agency, year: year, format: counts.format.rawValue,
                                 table3: counts.table3.map { Output.Row(id: $0.id, label: $0.label, cells: $0.cells) },
                                 table4: counts.table4, findings: counts.findings.map { "\($0.rule.rawValue) \($0.message)" }))
                return
            }
            print("\(counts.agency) \(year)年度（\(counts.format.rawValue)年格式）")
            print("表三\t" + ReportFormat.table3Columns.joined(separator: "\t"))
            for row in counts.table3 { print(row.label + "\t" + row.cells.map(String.init).joined(separator: "\t")) }
            print("表四")
            for g in 0..<3 { print(ReportFormat.table4Groups[g] + "\t" + counts.table4[(g * 5)..<(g * 5 + 5)].map(String.init).joined(separator: "\t")) }
            print(counts.findings.isEmpty ? "勾稽关系（R1、I1–I3）全部成立" : counts.findings.map { "\($0.rule.rawValue) \($0.message)" }.joined(separator: "\n"))
        }
    }
}
