import ArgumentParser
import DisclosureRules
import DisclosureService
import Foundation

// `gongkai catalogue link` and `gongkai catalogue attach`: policy interpretations (政策解读) and attachments (附件) of
// the catalogue (issue 12, points 1 and 3).
extension CatalogueCommand {
    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "link", abstract: "把一条信息关联为某政策文件的政策解读（一对一）：gongkai catalogue link 解读索引号 --agency X --interprets 文件索引号",
            discussion: "一份文件只对应一份解读；解读不能早于所解读的文件发布（发布被拒绝并记入经过）。--none 取消关联。已发布的解读不能改变关联。")
        @Argument(help: "政策解读的索引号。") var index: String
        @Option(name: .long, help: "机关代码。") var agency: String
        @Option(name: .long, help: "所解读的政策文件的索引号（同一机关）。") var interprets: String?
        @Flag(name: .long, help: "取消关联。") var none = false
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions

        func run() async throws {
            guard none != (interprets != nil) else { throw ValidationError("请给出 --interprets 文件索引号，或用 --none 取消关联（二者取其一）") }
            let actor = try who.actor(default: .handler)
            let e = try await store.run { s in try await s.linkInterpretation(agencyCode: agency, indexNumber: index, interprets: interprets, by: actor) }
            if let d = e.interpretsIndexNumber { print("已关联：\(e.indexNumber) 是 \(d) 的政策解读") } else { print("已取消关联：\(e.indexNumber) 不再是政策解读") }
        }
    }

    struct Attach: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "attach", abstract: "为未发布的信息添加附件（PDF、DOCX、XLSX、PNG、JPG，不超过 20 MB）；条目成为新版本，须重新保密审查。")
        @Argument(help: "索引号。") var index: String
        @Option(name: .long, help: "机关代码。") var agency: String
        @Option(name: .long, help: "附件文件路径。") var file: String
        @Option(name: .long, help: "附件显示的文件名（默认取文件路径的文件名）。") var name: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions

        func run() async throws {
            let url = URL(fileURLWithPath: file)
            guard let data = FileManager.default.contents(atPath: url.path) else { throw ValidationError("--file 无法读取：\(file)") }
            let actor = try who.actor(default: .handler)
            let a = try await store.run { s in
                try await s.addCatalogueAttachment(agencyCode: agency, indexNumber: index, fileName: name ?? url.lastPathComponent, data: data, by: actor)
            }
            print("已添加附件：\(a.fileName)（\(a.sizeText)），\(index) 现为第\(a.revision)版，须重新进行保密审查")
        }
    }
}
