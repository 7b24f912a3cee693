import ArgumentParser
import DisclosureRules
import DisclosureService
import Foundation

/// `gongkai region FILES|DIRS`: the reports of a region for a year side by side (issue 13 point 4).
struct RegionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "region", abstract: "地区对比：一个地区各机关同一年度年报的主要数据、合计和偏离中位数的机关。",
        discussion: "每份报告一行：本年新收申请、办理结果总计、予以公开和部分公开及其比例、结转下年度、行政复议、行政诉讼、结果纠正及其比例、审核发现的错误和警告。公开比例或纠正比例与本地区中位数相差超过 25 个百分点（且件数不少于 10）的机关标出。无法读取的文件列出，不计入。")
    @Argument(help: "报告文件或目录。") var paths: [String]
    @Option(name: .long, help: "年度（默认：读到的最近年度）。") var year: Int?
    @Option(name: .long, help: "按此列排序：received、decided、granted-share、corrected-share、errors（从大到小）。") var sort: String?
    @Option(name: .long, help: "另存为 CSV 文件。") var csv: String?
    @Option(name: .long, help: "另存为 XLSX 文件。") var xlsx: String?

    func run() throws {
        let keys: [String: (AgencyKeyFigures) -> Double] = [
            "received": { Double($0.received ?? -1) }, "decided": { Double($0.decided ?? -1) }, "granted-share": { $0.grantedShare ?? -1 },
            "corrected-share": { $0.correctedShare ?? -1 }, "errors": { Double($0.errors) },
        ]
        if let sort, keys[sort] == nil { throw ValidationError("--sort 只能是 " + keys.keys.sorted().joined(separator: "、") + "，收到“\(sort)”") }
        var (table, unreadable): (RegionTable, [String])
        do { (table, unreadable) = try Service.regionTable(paths: paths, year: year) } catch let e as ServiceError {
            FileHandle.standardError.write(Data("错误：\(e.message)\n".utf8))
            throw ExitCode(2)
        }
        if let sort, let key = keys[sort] { table.rows.sort { key($0) > key($1) } }
        if table.rows.isEmpty {
            FileHandle.standardError.write(Data("错误：没有\(year.map { "\($0)年度的" } ?? "")可读的报告\n".utf8))
            throw ExitCode(2)
        }
        for line in table.records { print(line.joined(separator: "\t")) }
        for u in unreadable { FileHandle.standardError.write(Data("无法读取，未计入：\(u)\n".utf8)) }
        for (path, isXLSX) in [(csv, false), (xlsx, true)] {
            guard let path else { continue }
            do { try Service.regionTableFile(table, xlsx: isXLSX).write(to: URL(fileURLWithPath: path)) } catch {
                throw ValidationError("无法写入 \(path)：\(error.localizedDescription)")
            }
            FileHandle.standardError.write(Data("已保存 \(path)\n".utf8))
        }
    }
}
