import ArgumentParser
import DisclosureRules
import DisclosureService
import Foundation

/// `gongkai catalogue …`: the government information catalogue (政府信息公开目录, issue 12) — 索引号 settings, items
/// catalogued as drafts, the 保密审查 before publication (条例第十七条), publication, repeal, the list with the
/// 20-working-day period of 条例第二十六条.
struct CatalogueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue", abstract: "政府信息公开目录：编目、保密审查、发布、废止。",
        discussion: "流程：settings 设置索引号 → add 编目（草稿，生成索引号）→ review 记录保密审查 → publish 发布（须有通过的保密审查）→ repeal 废止或失效。",
        subcommands: [Settings.self, Add.self, Review.self, Publish.self, Repeal.self, List.self, Show.self, Import.self, Decisions.self, Link.self, Attach.self])

    /// A date option that may be older than the Regulations (a 规章 of the 1990s is still catalogued).
    static func parseDocumentDate(_ s: String, _ option: String) throws -> CalendarDate {
        guard let d = CalendarDate(iso: s), d >= CatalogueItem.earliestDate else {
            throw ValidationError("\(option) 需要日期 YYYY-MM-DD（\(CatalogueItem.earliestDate)以后的真实日期），收到“\(s)”")
        }
        return d
    }

    struct Settings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "settings", abstract: "设置机关的索引号：组织机构代码或统一社会信用代码，以及索引号格式。",
            discussion: "格式占位符：{org} 机关代码，{year} 成文年份，{seq} 或 {seq:N} 年内序号（N位，默认5位），{category} 第二十条第几项（两位），{topic} 主题分类代码（两位）。默认 \(IndexNumberPattern.defaultPattern)，如 000014349/2024-00001。已编目的信息保留原索引号。")
        @Option(name: .long, help: "机关代码。") var agency: String
        @Option(name: .long, help: "9位组织机构代码或18位统一社会信用代码。") var orgCode: String
        @Option(name: .long, help: "索引号格式（默认 \(IndexNumberPattern.defaultPattern)）。") var pattern = IndexNumberPattern.defaultPattern
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions

        func run() async throws {
            let actor = try who.actor(default: .head)
            try await store.run { s in try await s.setCatalogueSettings(agencyCode: agency, organisationCode: orgCode, pattern: pattern, by: actor) }
            print("已设置 \(agency) 的索引号：格式 \(pattern)")
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "编目一条政府信息（草稿），生成索引号。")
        @Option(name: .long, help: "机关代码。") var agency: String
        @Option(name: .long, help: "名称。") var title: String
        @Option(name: .long, help: "内容概述。") var summary = ""
        @Option(name: .long, help: "文号，如 某府规〔2024〕1号。") var docNumber = ""
        @Option(name: .long, help: "发布机构（默认机关名称）。") var issuer: String?
        @Option(name: .long, help: "成文日期 YYYY-MM-DD（规章、行政规范性文件必填）。") var written: String?
        @Option(name: .long, help: "形成或变更日期 YYYY-MM-DD（条例第二十六条的起算日，默认成文日期）。") var formed: String?
        @Option(name: .long, help: "条例第二十条第几项（1–15）。") var category: String
        @Option(name: .long, help: "主题分类：代码（01–21）或名称，如 综合政务（默认 01）。") var topic = "01"
        @Option(name: .long, help: "体裁分类，如 通知、决定、公告、其他（默认 其他）。") var genre = "其他"
        @Option(name: .long, help: "文件类型：rule（规章）、normative-document（行政规范性文件）、other（默认）。") var kind = "other"
        @Option(name: .long, help: "公开方式：proactive（主动公开，默认）、on-request（依申请公开）、withheld:理由代码（不予公开）。") var mode = "proactive"
        @Option(name: .long, help: "公开范围（默认 面向全社会）。") var scope = CatalogueItem.defaultScope
        @Option(name: .long, help: "公开时限（默认 长期公开）。") var timeLimit = CatalogueItem.defaultTimeLimit
        @Option(name: .long, help: "正文（文字）。") var body = ""
        @Option(name: .long, help: "政策解读：所解读的政策文件的索引号（同一机关；一份文件只对应一份解读）。") var interprets: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions

        func run() async throws {
            guard let n = Int(category), let cat = DisclosureCategory(rawValue: n) else {
                throw ValidationError("--category 应为条例第二十条的项数 1–15，收到“\(category)”")
            }
            guard let t = SubjectTopic(codeOrLabel: topic) else {
                throw ValidationError("--topic 应为主题分类代码或名称：" + SubjectTopic.allCases.map { "\($0.code) \($0.label)" }.joined(separator: "；"))
            }
            guard let g = DocumentGenre(rawValue: genre) ?? (genre == "令" || genre == "命令" ? .order : nil) else {
                throw ValidationError("--genre 应为：" + DocumentGenre.allCases.map(\.label).joined(separator: "、"))
            }
            guard let k = DocumentKind(rawValue: kind) else { throw ValidationError("--kind 只能是 rule、normative-document 或 other，收到“\(kind)”") }
            guard let m = DisclosureMode(code: mode) else {
                throw ValidationError("--mode 只能是 proactive、on-request 或 withheld:理由（" + WithholdingGround.allCases.map(\.rawValue).joined(separator: "、") + "），收到“\(mode)”")
            }
            let w = try written.map { try CatalogueCommand.parseDocumentDate($0, "--written") }
            let f = try formed.map { try CatalogueCommand.parseDocumentDate($0, "--formed") }
            guard w != nil || f != nil else { throw ValidationError("--written 与 --formed 至少给出其一（第二十六条的期限自信息形成之日起算）") }
            let actor = try who.actor(default: .handler)
            let e = try await store.run { s in
                let name = try await s.agencies().first { $0.code == agency }?.name
                let item = CatalogueItem(title: title, summary: summary, documentNumber: docNumber, issuingAgency: issuer ?? name ?? "",
                                         writtenOn: w, formedOn: f, topic: t, genre: g, category: cat, mode: m, scope: scope, timeLimit: timeLimit,
                                         documentKind: k, body: body)
                let added = try await s.addCatalogueItem(agencyCode: agency, item: item, by: actor)
                guard let interprets else { return added }
                return try await s.linkInterpretation(agencyCode: agency, indexNumber: added.indexNumber, interprets: interprets, by: actor)
            }
            print("已编目：索引号 \(e.indexNumber)（\(e.item.state.label)）\(e.item.title)")
            if let d = e.interpretsIndexNumber { print("政策解读：所解读的文件 \(d)") }
            if let t = e.timeliness { print("条例第二十六条：\(t.label)") }
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "review", abstract: "记录保密审查结果（条例第十七条）：gongkai catalogue review 索引号 --agency X --reviewer 姓名 --result passed|failed")
        @Argument(help: "索引号。") var index: String
        @Option(name: .long, help: "机关代码。") var agency: String
        @Option(name: .long, help: "审查人姓名。") var reviewer: String
        @Option(name: .long, help: "审查结果：passed（通过）或 failed（不通过）。") var result: String
        @Option(name: .long, help: "审查日期 YYYY-MM-DD（默认今天）。") var date: String?
        @Option(name: .long, help: "审查意见。") var opinion = ""
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions

        func run() async throws {
            guard let r = ReviewResult(rawValue: result) else { throw ValidationError("--result 只能是 passed 或 failed，收到“\(result)”") }
            let d = try date.map { try parseDate($0, "--date") }
            let actor = try who.actor(default: .head)
            let e = try await store.run { s in
                try await s.reviewCatalogueItem(agencyCode: agency, indexNumber: index, reviewer: reviewer, result: r,
                                                date: d, opinion: opinion, by: actor)
            }
            print("已记录保密审查：\(e.indexNumber) \(r.label)（审查人 \(e.reviews.last?.reviewer ?? reviewer)），当前状态：\(e.item.state.label)")
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "publish", abstract: "发布（须有对当前版本通过的保密审查；被拒绝的尝试记入事件日志）。")
        @Argument(help: "索引号。") var index: String
        @Option(name: .long, help: "机关代码。") var agency: String
        @Option(name: .long, help: "发布日期 YYYY-MM-DD（默认今天）。") var date: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions

        func run() async throws {
            let d = try date.map { try parseDate($0, "--date") }
            let actor = try who.actor(default: .handler)
            let e = try await store.run { s in
                try await s.publishCatalogueItem(agencyCode: agency, indexNumber: index, date: d, by: actor)
            }
            print("已发布：\(e.indexNumber) \(e.item.title)（发布日期 \(e.item.publishedOn?.description ?? "")）")
            if let t = e.timeliness { print("条例第二十六条：\(t.label)") }
        }
    }

    struct Repeal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "repeal", abstract: "废止（--document 废止文件）或宣布失效（--lapsed）已发布的信息；信息仍保留在目录中并标明。")
        @Argument(help: "索引号。") var index: String
        @Option(name: .long, help: "机关代码。") var agency: String
        @Option(name: .long, help: "废止或失效日期 YYYY-MM-DD。") var date: String
        @Option(name: .long, help: "废止它的文件（名称或文号），废止时必填。") var document: String?
        @Flag(name: .long, help: "失效（有效期届满或清理宣布失效），而不是废止。") var lapsed = false
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions

        func run() async throws {
            let d = try CatalogueCommand.parseDocumentDate(date, "--date")
            if !lapsed && (document ?? "").trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("废止须用 --document 写明废止它的文件（失效用 --lapsed）") }
            let validity: Validity = lapsed ? .lapsed(on: d, by: document) : .repealed(on: d, by: document ?? "")
            let actor = try who.actor(default: .handler)
            let e = try await store.run { s in try await s.endCatalogueItem(agencyCode: agency, indexNumber: index, validity: validity, by: actor) }
            print("已标明\(e.item.validity.label)：\(e.indexNumber) \(e.item.title)（\(d)）")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出目录：索引号、状态、有效性、名称、第二十六条期限。")
        @Option(name: .long, help: "机关代码。") var agency: String
        @Option(name: .long, help: "只列出某状态：draft、under-review、published。") var state: String?
        @Option(name: .long, help: "按此日期判断是否逾期 YYYY-MM-DD（默认今天）。") var asOf: String?
        @Flag(name: .long, help: "只列出逾期未公开的主动公开信息（条例第二十六条）。") var overdue = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            var st: CatalogueState?
            if let state { guard let v = CatalogueState(rawValue: state) else { throw ValidationError("--state 只能是 draft、under-review 或 published") }; st = v }
            let day = try asOf.map { try parseDate($0, "--as-of") }
            var all = try await store.run { s in try await s.catalogue(agencyCode: agency, state: st, asOf: day, by: .system) }
            if overdue { all = all.filter { if case .overdue = $0.timeliness { true } else { false } } }
            if all.isEmpty { print(overdue ? "（没有逾期未公开的信息）" : "（目录中尚无信息，用 gongkai catalogue add 编目）"); return }
            print("索引号\t状态\t有效性\t名称\t第二十六条")
            for e in all {
                print("\(e.indexNumber)\t\(e.item.state.label)\t\(e.item.validity.label)\t\(e.item.title)\t\(e.timeliness?.label ?? "—")")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "显示一条信息的目录项、保密审查和经过（含被拒绝的发布尝试）。")
        @Argument(help: "索引号。") var index: String
        @Option(name: .long, help: "机关代码。") var agency: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let (e, events) = try await store.run { s in try await s.catalogueItem(agencyCode: agency, indexNumber: index, by: .system) }
            let i = e.item
            let rows: [(String, String)] = [
                ("索引号", e.indexNumber), ("名称", i.title), ("内容概述", i.summary), ("文号", i.documentNumber), ("发布机构", i.issuingAgency),
                ("成文日期", i.writtenOn?.description ?? ""), ("形成或变更日期", i.formedOn.description), ("发布日期", i.publishedOn?.description ?? ""),
                ("主题分类", "\(i.topic.code) \(i.topic.label)"), ("体裁分类", i.genre.label), ("类别", "\(i.category.item) \(i.category.label)"),
                ("公开方式", i.mode.label), ("公开范围", i.scope), ("公开时限", i.timeLimit), ("文件类型", i.documentKind.label),
                ("有效性", i.validity.label + (i.validity.endDate.map { "（\($0)）" } ?? "")), ("状态", "\(i.state.label)（第\(i.revision)版）"),
                ("第二十六条", e.timeliness?.label ?? "—"),
                ("政策解读", e.interpretsIndexNumber.map { "解读 \($0)" } ?? e.interpretationIndexNumber.map { "其解读为 \($0)" } ?? "—"),
                ("附件", e.attachments.isEmpty ? "—" : e.attachments.map { "\($0.fileName)（\($0.sizeText)）" }.joined(separator: "、")),
            ]
            for (k, v) in rows { print("\(k)：\(v)") }
            print("经过：")
            for ev in events { print("  \(ev.at) \(ev.actor) \(ev.label)：\(ev.detail)") }
        }
    }
}
