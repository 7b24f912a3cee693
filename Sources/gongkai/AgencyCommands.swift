import ArgumentParser
import DisclosureRules
import DisclosureService
import Foundation

struct AgencyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "agency", abstract: "管理行政机关。",
                                                    subcommands: [Add.self, List.self, LetterTemplateCommand.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "添加机关：gongkai agency add CODE 名称")
        @Argument(help: "机关代码（英文字母、数字、- _），命令中用它指代机关。") var code: String
        @Argument(help: "机关全称。") var name: String
        @Option(name: .long, help: "上级机关代码。") var parent: String?
        @Option(name: .long, help: "时区（默认 Asia/Shanghai）。") var timeZone = "Asia/Shanghai"
        @Option(name: .long, help: "department（部门）或 government（本级政府）；默认按名称判断。") var kind: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions

        func validate() throws {
            // An IANA name (Asia/Shanghai); abbreviations such as CST are ambiguous (US Central, China, Cuba).
            guard timeZone == "UTC" || (timeZone.contains("/") && TimeZone(identifier: timeZone) != nil) else {
                throw ValidationError("--time-zone 应为 IANA 时区名称，如 Asia/Shanghai（CST 等缩写有歧义，不接受），收到“\(timeZone)”")
            }
        }

        func run() async throws {
            var k: AgencyKind?
            if let kind { guard let v = AgencyKind(rawValue: kind) else { throw ValidationError("--kind 只能是 department 或 government") }; k = v }
            let actor = try who.actor(default: .admin)
            let a = try await store.run(create: true) { s in
                try await s.addAgency(code: code, name: name, parentCode: parent, timeZone: timeZone, kind: k, by: actor)
            }
            print("已添加机关 \(a.code)：\(a.name)（\(a.kind == "government" ? "本级政府" : "部门")，时区 \(a.timeZone)）")
        }
    }

    struct LetterTemplateCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "letter-template",
            abstract: "查看或修改机关的文书模板（答复书、告知书等）。",
            discussion: "模板每行一段，占位符写作 {{申请人}}，可用：" + LetterTemplate.placeholders.joined(separator: "、") + "。不给 --file 或 --reset 时显示当前模板。")
        @Argument(help: "机关代码。") var code: String
        @Option(name: .long, help: "文书种类：decision、correction、extension、consultation、fee。") var kind: String
        @Option(name: .long, help: "新模板的文本文件（UTF-8）。") var file: String?
        @Flag(name: .long, help: "恢复为标准模板。") var reset = false
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions

        func run() async throws {
            let k = try letterKind(kind)
            if file != nil && reset { throw ValidationError("--file 与 --reset 只能给出其一") }
            var body: String?
            if let file {
                let data: Data
                do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch { throw ValidationError("无法读取 \(file)：\(error.localizedDescription)") }
                guard data.count <= 200_000, let text = String(data: data, encoding: .utf8) else {
                    throw ValidationError("\(file) 不是 200 KB 以内的 UTF-8 文本")
                }
                body = text
            }
            let actor = try who.actor(default: .head)
            try await store.run { s in
                if file != nil || reset {
                    try await s.setLetterTemplate(agencyCode: code, kind: k, body: body, by: actor)
                    print(reset ? "已恢复\(k.title)的标准模板" : "已更新\(k.title)的模板")
                } else {
                    let (t, custom) = try await s.letterTemplate(agencyCode: code, kind: k, by: actor)
                    print("# \(k.title)（\(custom ? "本机关模板" : "标准模板")）")
                    print(t.body)
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出机关。")
        @OptionGroup var store: StoreOptions
        func run() async throws {
            let all = try await store.run { try await $0.agencies() }
            if all.isEmpty { print("（尚无机关，用 gongkai agency add 添加）") }
            for a in all { print("\(a.code)\t\(a.name)\t\(a.kind)\t\(a.timeZone)") }
        }
    }
}
