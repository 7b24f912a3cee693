import ArgumentParser
import DisclosureRules
import DisclosureService
import Foundation

/// Options naming one agency's report.
/// Annual reports exist in the national formats from the 2019 report on, and only for years that have begun.
func checkReportYear(_ year: Int) throws {
    do { try Service.checkReportYear(year) } catch let e as ServiceError { throw ValidationError("--year：\(e.message)") }
}

struct ReportTarget: ParsableArguments {
    @Option(name: .long, help: "机关代码。") var agency: String
    @Option(name: .customLong("year"), parsing: .unconditional, help: "报告年度。") var yearText: String
    @Option(name: .long, help: "格式 2019 或 2021（默认：2019–2020年用2019年格式，2021年起用2021年格式）。") var format: String?

    /// The report year (checked by `validate`).
    var year: Int { (try? parseWhole(yearText, "--year")) ?? 0 }

    func validate() throws {
        try checkReportYear(try parseWhole(yearText, "--year"))
        _ = try reportFormat()
    }

    func reportFormat() throws -> ReportFormat? {
        guard let format else { return nil }
        guard let f = ReportFormat(rawValue: format) else { throw ValidationError("--format 只能是 2019 或 2021，收到“\(format)”") }
        return f
    }
}

extension ReportCommand {
    static func printFindings(_ findings: [Finding]) {
        if findings.isEmpty { print("审核：没有发现问题"); return }
        for f in findings {
            let place = [f.table, f.row.map { "“\($0)”" }, f.column.map { "“\($0)”列" }].compactMap { $0 }.joined()
            print("  \(f.severity.chinese) \(f.rule.rawValue) \(place)：\(f.message)")
        }
        let e = findings.filter { $0.severity == .error }.count, w = findings.filter { $0.severity == .warning }.count
        print("错误 \(e)，警告 \(w)，提示 \(findings.count - e - w)")
    }

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate", abstract: "由记录生成年度报告并导出（.html .docx .xlsx .csv .json）。",
            discussion: "已发布的年度返回冻结的报告，并列出记录此后的变化。")
        @OptionGroup var target: ReportTarget
        @Option(name: .long, help: "输出文件，按扩展名选择格式；.csv 每张表一个文件。") var out: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let f = try target.reportFormat()
            let written: [URL] = try await store.run { s in
                let (g, urls) = try await s.exportReport(agencyCode: target.agency, year: target.year, format: f, to: URL(fileURLWithPath: out))
                print("\(g.report.agency ?? "") \(target.year)年度报告（\(g.report.format.rawValue)年格式，\(g.status == "published" ? "已发布" : "草稿")）"
                      + (g.status == "published" && f != nil && f != g.report.format ? "；已发布的报告保持发布时的格式，未按 --format 改变" : ""))
                if !g.changesSincePublished.isEmpty {
                    print("注意：报告发布后记录有变化（已发布的报告不变）：")
                    for c in g.changesSincePublished { print("  \(c)") }
                }
                ReportCommand.printFindings(g.findings)
                return urls
            }
            for u in written { print("已写出 \(u.path)") }
        }
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "validate", abstract: "按审核规则检查由记录生成的年度报告（与上一年度对照）。")
        @OptionGroup var target: ReportTarget
        @OptionGroup var store: StoreOptions
        func run() async throws {
            let f = try target.reportFormat()
            let g = try await store.run { try await $0.generateReport(agencyCode: target.agency, year: target.year, format: f) }
            print("\(g.report.agency ?? "") \(target.year)年度报告（\(g.status == "published" ? "已发布" : "草稿")）" + (g.previous == nil ? "，无上年报告可对照" : "，已对照上年报告"))
            ReportCommand.printFindings(g.findings)
            if g.findings.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish", abstract: "发布年度报告：有错误不能发布，有警告需确认；发布后冻结。")
        @OptionGroup var target: ReportTarget
        @Option(name: .long, help: "发布日期 YYYY-MM-DD（部门1月31日前、本级政府3月31日前，条例第四十九条）。") var date: String
        @Flag(name: .long, help: "确认全部警告（记录在案）。") var acknowledgeWarnings = false
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions
        func run() async throws {
            let f = try target.reportFormat()
            let d = try parseDate(date, "--date")
            let actor = try who.actor(default: .head)
            let g = try await store.run { s in
                try await s.publishReport(agencyCode: target.agency, year: target.year, on: d, format: f, acknowledgeWarnings: acknowledgeWarnings, by: actor)
            }
            print("已发布 \(g.report.agency ?? "") \(target.year)年度报告（\(d)），报告已冻结")
            ReportCommand.printFindings(g.findings)
        }
    }

    struct Rollup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rollup", abstract: "汇总多个机关的表三、表四及各机关报告状态（主管部门用）。")
        @Option(name: .long, help: "上级机关代码（汇总其下属机关；默认全部机关）。") var parent: String?
        @Option(name: .customLong("year"), parsing: .unconditional, help: "年度。") var yearText: String
        @Option(name: .long, help: "判断是否逾期的日期（默认今天）。") var asOf: String?
        var year: Int { (try? parseWhole(yearText, "--year")) ?? 0 }
        @Flag(name: .long, help: "输出 JSON。") var json = false
        @OptionGroup var store: StoreOptions

        func validate() throws { try checkReportYear(try parseWhole(yearText, "--year")) }

        struct Output: Encodable {
            var year: Int; var format: String; var table3: [[Int]]; var table4: [Int]; var agencies: [RollupInfo.Entry]
        }

        func run() async throws {
            let day = try asOf.map { try parseDate($0, "--as-of") }
            let r = try await store.run { try await $0.rollup(parentCode: parent, year: year, asOf: day) }
            if json {
                printJSON(Output(year: year, format: r.format.rawValue, table3: r.table3.map(\.cells), table4: r.table4, agencies: r.agencies))
                return
            }
            print("\(year)年度汇总（\(r.agencies.count) 个机关，\(r.format.rawValue)年格式）")
            print("表三\t" + ReportFormat.table3Columns.joined(separator: "\t"))
            for row in r.table3 { print(row.label + "\t" + row.cells.map(String.init).joined(separator: "\t")) }
            print("表四")
            for g in 0..<3 { print(ReportFormat.table4Groups[g] + "\t" + r.table4[(g * 5)..<(g * 5 + 5)].map(String.init).joined(separator: "\t")) }
            print("机关\t名称\t报告状态\t发布日期\t新收\t办结")
            for a in r.agencies {
                let status = (a.status == "published" ? "已发布" : "未发布") + (a.late ? "（逾期）" : "")
                print("\(a.code)\t\(a.name)\t\(status)\t\(a.publishedDate ?? "—")\t\(a.received)\t\(a.decided)")
            }
        }
    }

    struct ImportBaseline: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-baseline", abstract: "导入本机关上一次发布的年度报告（任何 gongkai audit 能读的文件）作为上年基准。")
        @Argument(help: "报告文件。") var file: String
        @Option(name: .long, help: "机关代码。") var agency: String
        @Option(name: .customLong("year"), parsing: .unconditional, help: "报告年度（文件未载明时）。") var yearText: String?
        @Option(name: .long, help: "报告所载机关与本机关名称不同（如机构改革前的名称）时，说明为何是本机关的报告（记入记录）。") var reason: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions
        func run() async throws {
            let actor = try who.actor(default: .admin)
            let year = try yearText.map { try parseWhole($0, "--year") }
            let r = try await store.run { try await $0.importBaseline(file: URL(fileURLWithPath: file), agencyCode: agency, year: year, reason: reason, by: actor) }
            let carried = r.table3Row("carriedOver")!.cells.map { $0.value.integer.map(String.init) ?? "空白" }.joined(separator: " ")
            print("已导入 \(r.year.map(String.init) ?? "") 年度报告（\(r.format.rawValue)年格式）作为基准；结转下年度：\(carried)")
        }
    }

    struct Figures: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "figures", abstract: "录入表二（主动公开）的一行数据，如：--block 20.5 --row 行政许可 --values 2293")
        @OptionGroup var target: ReportTarget
        @Option(name: .long, help: "条例第二十条的项：20.1、20.5、20.6、20.8（2019年格式另有 20.9）。") var block: String
        @Option(name: .long, help: "行名（信息内容），如 规章、行政许可。") var row: String
        @Option(name: .long, parsing: .unconditional, help: "各列数值，逗号分隔（第二十条第（八）项2021年格式单位为万元；2019年格式“本年增/减”可为负数）。") var values: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions
        func run() async throws {
            if target.format != nil { throw ValidationError("表二按年度适用的格式录入（2019–2020年2019年格式，2021年起2021年格式），不能指定 --format") }
            let actor = try who.actor(default: .handler)
            let list = values.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            try await store.run { try await $0.setProactiveFigures(agencyCode: target.agency, year: target.year, block: block, row: row, values: list, by: actor) }
            print("已录入表二 \(block) “\(row)”：\(list.joined(separator: " "))")
        }
    }

    struct Text: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "text", abstract: "填写报告某一部分的文字（1–6），从文件读取。")
        @OptionGroup var target: ReportTarget
        @Option(name: .customLong("section"), parsing: .unconditional, help: "部分：1 总体情况 … 6 其他需要报告的事项。") var sectionText: String

        func validate() throws {
            guard (1...6).contains(try parseWhole(sectionText, "--section")) else { throw ValidationError("--section 只能是 1–6，收到“\(sectionText)”") }
            if target.format != nil { throw ValidationError("正文按年度适用的格式录入，不能指定 --format") }
        }
        @Option(name: .long, help: "UTF-8 文本文件。") var file: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions
        func run() async throws {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else { throw ValidationError("文件 \(file) 不存在") }
            guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: file) else { throw ValidationError("\(file) 不是可读的文件") }
            guard let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("\(file) 不是 UTF-8 文本（GBK 等编码请另存为 UTF-8）")
            }
            let actor = try who.actor(default: .handler)
            let section = try parseWhole(sectionText, "--section")
            try await store.run { try await $0.setReportText(agencyCode: target.agency, year: target.year, section: section, text: text, by: actor) }
            print("已保存第\(section)部分（\(text.count)字）")
        }
    }
}
