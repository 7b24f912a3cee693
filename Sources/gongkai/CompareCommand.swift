import ArgumentParser
import DisclosureService
import Foundation

/// `gongkai compare PREVIOUS CURRENT`: two years of one agency's published report side by side (issue 13).
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare", abstract: "对比同一机关两个年度的年度报告：表格逐格对照及变化、正文各部分相似度和增删的句子、跨年度核对。",
        discussion: "两份报告可为 gongkai audit 能读的任何格式（文本、HTML、DOCX、PDF、XLSX、JSON）。退出码：0 完成；1 输入不对（如“上一年度”的报告不早于本年度）；2 有文件无法读取。")
    @Argument(help: "上一年度的报告文件。") var previous: String
    @Argument(help: "本年度的报告文件。") var current: String
    @Flag(name: .long, help: "输出 JSON（全部单元格）。") var json = false
    @Flag(name: .long, help: "列出全部单元格，而不只是变化的。") var all = false
    @Option(name: .long, help: "另存为可打印的 HTML 页面。") var html: String?
    @Option(name: .long, help: "另存为 XLSX（全部单元格）。") var xlsx: String?

    func run() throws {
        let r: ComparedReports
        do {
            r = try Service.compareReports(previous: URL(fileURLWithPath: previous), current: URL(fileURLWithPath: current))
        } catch let e as ServiceError {
            FileHandle.standardError.write(Data("错误：\(e.message)\n".utf8))
            throw ExitCode(e.code == .unreadable ? 2 : 1)
        }
        print(json ? try Service.comparisonJSON(r) : Service.comparisonText(r, allCells: all))
        for (path, isXLSX) in [(html, false), (xlsx, true)] {
            guard let path else { continue }
            do { try Service.comparisonFile(r, xlsx: isXLSX, allCells: all).write(to: URL(fileURLWithPath: path)) } catch {
                throw ValidationError("无法写入 \(path)：\(error.localizedDescription)")
            }
            FileHandle.standardError.write(Data("已保存 \(path)\n".utf8))
        }
    }
}
