import ArgumentParser
import DisclosureRules
import DisclosureService
import Foundation

extension CatalogueCommand {
    /// `gongkai catalogue import FILE --agency X`: a catalogue exported from another system (issue 12 point 5).
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "导入其他系统导出的政府信息公开目录（CSV 或 XLSX，第一行为表头）。",
            discussion: """
            按表头识别各列：必须有“名称”（或 标题、信息名称）和“公开类别”（或 类别、信息类别：条例第二十条第几项，1–15、（一）或该项名称）；
            可有 索引号、内容概述、文号、发布机构、成文日期、形成日期、发布日期、主题分类、体裁分类、公开方式、公开范围、公开时限、
            有效性、废止或失效日期、废止文件、文件类型（规章、行政规范性文件、其他）、正文。
            有发布日期的条目按已发布导入（原系统已发布），没有的作为草稿，须在本系统经保密审查后发布。给出的索引号原样保留；
            没有索引号的按本机关的索引号格式编号。有任何一行出错则不导入任何条目，并按行号、列名列出错误；已在目录中的条目
            （名称、文号、成文日期相同）和已被使用的索引号也拒绝导入，所以同一文件不会导入两次。
            """)
        @Argument(help: "目录文件（.csv 或 .xlsx）。") var file: String
        @Option(name: .long, help: "机关代码。") var agency: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions

        func run() async throws {
            let actor = try who.actor(default: .head)
            let r = try await store.run { s in try await s.importCatalogue(file: URL(fileURLWithPath: file), agencyCode: agency, by: actor) }
            print("已导入 \(r.imported) 条目录信息：已发布 \(r.published) 条，草稿 \(r.drafts) 条（须经保密审查后发布）" + (r.numbered > 0 ? "；\(r.numbered) 条按索引号格式新编号" : ""))
        }
    }

    /// `gongkai catalogue decisions …`: the decision counts and fee amounts of table 二 (issue 12 point 4).
    struct Decisions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decisions", abstract: "年报表二的处理决定数量和收费金额：按月录入、从表格导入、查看。",
            discussion: "2021年格式统计全年作出的全部行政许可、行政处罚、行政强制决定（无论是否公开）和行政事业性收费金额（万元）；2019年格式另有上一年项目数量、本年增/减和政府集中采购。按月填报的数字在表二中按年合计，覆盖全年一次录入的同类数字。",
            subcommands: [Show.self, Month.self, SetYear.self, ImportFile.self])

        static func parseKindCount(_ s: String?, _ option: String) throws -> Int? {
            guard let s else { return nil }
            guard let v = Int(s), v >= 0 else { throw ValidationError("\(option) 应为不小于 0 的整数，收到“\(s)”") }
            return v
        }
        static func parseAmount(_ s: String?, _ option: String) throws -> Decimal? {
            guard let s else { return nil }
            guard let v = Decimal(string: s, locale: Locale(identifier: "en_US_POSIX")), v >= 0, s.allSatisfy({ $0.isNumber || $0 == "." }) else {
                throw ValidationError("\(option) 应为不小于 0 的金额（万元），收到“\(s)”")
            }
            return v
        }
        static func parseProject(_ s: String?, _ option: String) throws -> ProjectCounts? {
            guard let s else { return nil }
            let parts = s.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let prev = Int(parts[0]), prev >= 0, let change = Int(parts[1]) else {
                throw ValidationError("\(option) 应为“上一年项目数量:本年增减”，如 120:-18，收到“\(s)”")
            }
            return ProjectCounts(previousYear: prev, change: change)
        }
        static func text(_ v: Int?) -> String { v.map(String.init) ?? "—" }
        static func text(_ v: Decimal?) -> String { v.map { "\($0)" } ?? "—" }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "show", abstract: "显示一年的处理决定数量：各月、全年录入和表二所用的合计。")
            @Option(name: .long, help: "机关代码。") var agency: String
            @Option(name: .long, help: "年度。") var year: Int
            @OptionGroup var store: StoreOptions

            func run() async throws {
                let o = try await store.run { s in try await s.decisionFigures(agencyCode: agency, year: year, by: .system) }
                let kinds = o.format == .f2019 ? DecisionKind.allCases : DecisionKind.allCases.filter { $0 != .otherService }
                print("\(year)年（\(o.format == .f2019 ? "2019" : "2021")年格式）")
                print((["月份"] + kinds.map(\.label) + ["收费金额（万元）"]).joined(separator: "\t"))
                for m in o.months {
                    print((["\(m.month)月"] + kinds.map { text(m[$0]) } + [text(m.feesWanYuan)]).joined(separator: "\t"))
                }
                if o.months.isEmpty { print("（没有按月录入的数字）") }
                guard let e = o.effective else { print("表二：尚未录入（规则 S2 会指出空白）"); return }
                let values: [DecisionKind: Int?] = [.licensing: e.licensingDecisions, .otherService: e.otherServiceDecisions, .penalty: e.penaltyDecisions, .enforcement: e.enforcementDecisions]
                print((["表二"] + kinds.map { text(values[$0] ?? nil) } + [text(e.feesWanYuan)]).joined(separator: "\t"))
                if o.format == .f2019 {
                    for (label, p) in [("行政许可", e.licensingProjects), ("其他对外管理服务事项", e.otherServiceProjects), ("行政处罚", e.penaltyProjects),
                                       ("行政强制", e.enforcementProjects), ("行政事业性收费", e.feeProjects)] {
                        print("\(label)：上一年项目数量 \(text(p?.previousYear))，本年增/减 \(text(p?.change))")
                    }
                    print("政府集中采购：采购项目数量 \(text(e.procurementProjects))，采购总金额 \(text(e.procurementAmount))")
                }
            }
        }

        struct Month: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "month", abstract: "录入一个月的处理决定数量和收费金额（替换该月原有数字；不给的项为空）。")
            @Option(name: .long, help: "机关代码。") var agency: String
            @Option(name: .long, help: "年度。") var year: Int
            @Option(name: .long, help: "月份 1–12。") var month: Int
            @Option(name: .long, help: "行政许可决定数。") var licensing: String?
            @Option(name: .long, help: "其他对外管理服务事项决定数（2019年格式）。") var otherService: String?
            @Option(name: .long, help: "行政处罚决定数。") var penalty: String?
            @Option(name: .long, help: "行政强制决定数。") var enforcement: String?
            @Option(name: .long, help: "行政事业性收费金额（万元）。") var fees: String?
            @Flag(name: .long, help: "清除该月全部数字（不给任何数字时必须写明）。") var clear = false
            @OptionGroup var store: StoreOptions
            @OptionGroup var who: ActorOptions

            func run() async throws {
                guard (1...12).contains(month) else { throw ValidationError("--month 应为 1–12，收到 \(month)") }
                let given = [licensing, otherService, penalty, enforcement, fees].contains { $0 != nil }
                if !given && !clear { throw ValidationError("没有给出任何数字：请用 --licensing、--penalty、--enforcement、--fees 等填写，或用 --clear 清除该月") }
                if given && clear { throw ValidationError("--clear 不能与数字一起使用") }
                let f = MonthlyDecisionFigures(month: month, licensing: try parseKindCount(licensing, "--licensing"),
                                               otherService: try parseKindCount(otherService, "--other-service"),
                                               penalty: try parseKindCount(penalty, "--penalty"), enforcement: try parseKindCount(enforcement, "--enforcement"),
                                               feesWanYuan: try parseAmount(fees, "--fees"))
                let actor = try who.actor(default: .handler)
                try await store.run { s in try await s.setMonthlyDecisionFigures(agencyCode: agency, year: year, figures: f, by: actor) }
                print(f.isEmpty ? "已清除 \(year)年\(month)月的数字" : "已录入 \(year)年\(month)月的处理决定数量")
            }
        }

        struct SetYear: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "set", abstract: "录入全年数字（替换该年原有的全年数字；按月录入的数字仍优先合计）。",
                discussion: "2019年格式的项目数量写作 上一年项目数量:本年增减，如 --licensing-projects 120:-18。")
            @Option(name: .long, help: "机关代码。") var agency: String
            @Option(name: .long, help: "年度。") var year: Int
            @Option(name: .long, help: "行政许可决定数。") var licensing: String?
            @Option(name: .long, help: "其他对外管理服务事项决定数（2019年格式）。") var otherService: String?
            @Option(name: .long, help: "行政处罚决定数。") var penalty: String?
            @Option(name: .long, help: "行政强制决定数。") var enforcement: String?
            @Option(name: .long, help: "行政事业性收费金额（万元，2021年格式）。") var fees: String?
            @Option(name: .long, help: "2019年格式：行政许可 上一年项目数量:本年增减。") var licensingProjects: String?
            @Option(name: .long, help: "2019年格式：其他对外管理服务事项 上一年项目数量:本年增减。") var otherServiceProjects: String?
            @Option(name: .long, help: "2019年格式：行政处罚 上一年项目数量:本年增减。") var penaltyProjects: String?
            @Option(name: .long, help: "2019年格式：行政强制 上一年项目数量:本年增减。") var enforcementProjects: String?
            @Option(name: .long, help: "2019年格式：行政事业性收费 上一年项目数量:本年增减。") var feeProjects: String?
            @Option(name: .long, help: "2019年格式：政府集中采购项目数量。") var procurementProjects: String?
            @Option(name: .long, help: "2019年格式：政府集中采购总金额。") var procurementAmount: String?
            @OptionGroup var store: StoreOptions
            @OptionGroup var who: ActorOptions

            func run() async throws {
                let f = DecisionFigures(
                    licensingDecisions: try parseKindCount(licensing, "--licensing"), otherServiceDecisions: try parseKindCount(otherService, "--other-service"),
                    penaltyDecisions: try parseKindCount(penalty, "--penalty"), enforcementDecisions: try parseKindCount(enforcement, "--enforcement"),
                    feesWanYuan: try parseAmount(fees, "--fees"), licensingProjects: try parseProject(licensingProjects, "--licensing-projects"),
                    otherServiceProjects: try parseProject(otherServiceProjects, "--other-service-projects"),
                    penaltyProjects: try parseProject(penaltyProjects, "--penalty-projects"), enforcementProjects: try parseProject(enforcementProjects, "--enforcement-projects"),
                    feeProjects: try parseProject(feeProjects, "--fee-projects"), procurementProjects: try parseKindCount(procurementProjects, "--procurement-projects"),
                    procurementAmount: try parseAmount(procurementAmount, "--procurement-amount"))
                let actor = try who.actor(default: .handler)
                try await store.run { s in try await s.setDecisionFigures(agencyCode: agency, year: year, figures: f, by: actor) }
                print("已录入 \(year)年全年的表二数字")
            }
        }

        struct ImportFile: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "import", abstract: "从表格导入一年的处理决定数量（CSV 或 XLSX）。",
                discussion: """
                两种表格：按月填报表（“月份”列，以及“行政许可”“行政处罚”“行政强制”“其他对外管理服务事项”“收费金额（万元）”等列；
                合计行与各月之和核对），或业务系统导出的逐件决定清单（“决定日期”列和“决定类别”列，可有“决定书文号”列查重；
                其他年份的决定不计入并报告行数）。有任何错误则不导入，并按行号、列名列出。
                """)
            @Argument(help: "表格文件（.csv 或 .xlsx）。") var file: String
            @Option(name: .long, help: "机关代码。") var agency: String
            @Option(name: .long, help: "年度。") var year: Int
            @OptionGroup var store: StoreOptions
            @OptionGroup var who: ActorOptions

            func run() async throws {
                let actor = try who.actor(default: .handler)
                let r = try await store.run { s in try await s.importDecisionFigures(file: URL(fileURLWithPath: file), agencyCode: agency, year: year, by: actor) }
                switch r.form {
                case .monthly:
                    print("已导入按月填报表：\(r.months.count) 个月，" + (r.kinds.map(\.label) + (r.fees ? ["收费金额"] : [])).joined(separator: "、"))
                case .list:
                    print("已导入决定清单：\(year)年 \(r.decisions) 件（" + r.kinds.map { k in "\(k.label) \(r.months.compactMap { $0[k] }.reduce(0, +))" }.joined(separator: "，") + "）"
                          + (r.otherYears > 0 ? "；另有 \(r.otherYears) 行属于其他年份，未计入" : ""))
                }
            }
        }
    }
}
