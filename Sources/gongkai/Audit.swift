import ArgumentParser
import DisclosureRules
import DisclosureService
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `gongkai audit FILE|DIR|URL …`: reads published annual reports and lists what does not add up; an http(s) URL is
/// first fetched (`gongkai fetch`'s limits and guard) into a temporary folder, removed afterwards.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "审核已发布的政府信息公开工作年度报告（文本、HTML、DOCX、PDF）。",
        discussion: """
        退出码：0 无错误；1 发现错误；2 有文件无法读取（不是报告、编码错误、超过大小上限、缺少工具）。
        大小上限：文本、CSV、HTML 20 MB，JSON 8 MB，PDF 100 MB，DOCX/XLSX 100 MB；文本至多 200,000 行。
        也可给出 http:// 或 https:// 网址：先按 gongkai fetch 的限制和防护获取（GONGKAI_FETCH_ALLOW 见文档），再审核。
        目录按机关、年度顺序审核，每份报告与同一机关上一年度的报告对照（规则 I5、I6、H1、T3）。
        """
    )

    @Argument(help: "报告文件、目录（目录下的 .txt .html .docx .pdf 文件）或网址（http://、https://）。")
    var paths: [String]

    @Flag(name: .long, help: "输出 JSON（每份报告一个对象；多份时为数组）。")
    var json = false

    @Option(name: .long, help: "上一年度报告文件，用于跨年度规则（I5、I6、H1、T3）。")
    var previous: String?

    @Option(name: .long, help: "指定年报格式 2019 或 2021（默认根据表格行列识别）。")
    var format: String?

    @Option(name: .long, help: "机关类型：department（部门，1月31日前发布）或 government（本级政府，3月31日前）。默认按名称判断。")
    var agencyKind: String?

    @Flag(name: .long, help: "不显示进度条。")
    var noProgress = false

    @OptionGroup var limits: FetchOptions

    func validate() throws {
        if let format, ReportFormat(rawValue: format) == nil { throw ValidationError("--format 只能是 2019 或 2021，收到“\(format)”") }
        if let agencyKind, AgencyKind(rawValue: agencyKind) == nil {
            throw ValidationError("--agency-kind 只能是 department 或 government，收到“\(agencyKind)”")
        }
    }

    /// Fetches each http(s) URL among `paths` (and `--previous`) into `folder`; other paths are returned as they are.
    func materialize(_ path: String, into folder: URL) async throws -> String {
        let lower = path.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return path }
        let report = try await Service.fetchReport(path, configuration: limits.configuration())
        let dir = folder.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent(report.fileName)
        try report.bytes.write(to: file)
        FileHandle.standardError.write(Data("已获取 \(report.finalURL)（\(report.bytes.count) 字节，SHA-256 \(report.sha256)）→ \(report.fileName)\n".utf8))
        return file.path
    }

    func run() async throws {
        let kind = agencyKind.flatMap(AgencyKind.init(rawValue:))
        let fetched = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-fetch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: fetched) }
        var paths: [String] = []
        var previous = self.previous
        do {
            for p in self.paths { paths.append(try await materialize(p, into: fetched)) }
            if let p = previous { previous = try await materialize(p, into: fetched) }
        } catch {
            FileHandle.standardError.write(Data("错误：\(describe(error))\n".utf8))
            throw ExitCode(2)
        }
        let urls: [URL]
        do { urls = try Service.reportFiles(paths) } catch {
            FileHandle.standardError.write(Data("错误：\(describe(error))\n".utf8))
            throw ExitCode(2)
        }
        if urls.isEmpty {
            FileHandle.standardError.write(Data("错误：没有找到报告文件（支持 .txt .html .htm .docx .pdf）\n".utf8))
            throw ExitCode(2)
        }
        var previousURL: URL?
        if let previous {
            previousURL = URL(fileURLWithPath: previous)
            do { try Service.checkReadable(previousURL!, agencyKind: kind) } catch {
                FileHandle.standardError.write(Data("错误：上一年度报告无法读取：\(describe(error))\n".utf8))
                throw ExitCode(2)
            }
        }
        let showProgress = !noProgress && urls.count > 1 && isatty(STDERR_FILENO) == 1
        let multiple = urls.count > 1
        var errors = 0, warnings = 0, infos = 0, unreadable = 0, reports = 0
        var first = true
        if json && multiple { print("[") }
        Service.audit(urls, previous: previousURL, format: format.flatMap(ReportFormat.init(rawValue:)), agencyKind: kind, progress: { done, total in
            guard showProgress else { return }
            let width = 30
            let filled = total == 0 ? width : done * width / total
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            FileHandle.standardError.write(Data("\r\(bar) \(done)/\(total)".utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        }) { result in
            reports += 1
            if result.unreadable != nil { unreadable += 1 }
            errors += result.errorCount; warnings += result.warningCount; infos += result.infoCount
            if json {
                if multiple { print((first ? "" : ",\n") + result.json, terminator: "") } else { print(result.json) }
                first = false
            } else {
                if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                print(result.text)
            }
            if let e = result.unreadable, json { FileHandle.standardError.write(Data("错误：\(e)\n".utf8)) }
        }
        if json && multiple { print("\n]") }
        let summary = "共审核 \(reports) 份：错误 \(errors)，警告 \(warnings)，提示 \(infos)" + (unreadable > 0 ? "；\(unreadable) 份无法读取" : "")
        if json { FileHandle.standardError.write(Data((summary + "\n").utf8)) } else { print(summary) }
        if unreadable > 0 { throw ExitCode(2) }
        if errors > 0 { throw ExitCode(1) }
    }
}
