import ArgumentParser
import DisclosureService
import Foundation

/// The fetcher's limits as CLI options (shared by `gongkai fetch` and `gongkai audit URL`).
struct FetchOptions: ParsableArguments {
    @Option(name: .long, help: "网址获取：内容大小上限（MB，1–1024，默认 50）。")
    var maxMb: Int?

    @Option(name: .long, help: "网址获取：总时限（秒，1–3600，默认 30，含重定向和读取内容）。")
    var timeout: Int?

    @Option(name: .long, help: "网址获取：重定向次数上限（0–20，默认 5）。")
    var maxRedirects: Int?

    func validate() throws {
        if let maxMb, !(1...1024).contains(maxMb) { throw ValidationError("--max-mb 应为1至1024的整数（MB），收到 \(maxMb)") }
        if let timeout, !(1...3600).contains(timeout) { throw ValidationError("--timeout 应为1至3600的整数（秒），收到 \(timeout)") }
        if let maxRedirects, !(0...20).contains(maxRedirects) { throw ValidationError("--max-redirects 应为0至20的整数，收到 \(maxRedirects)") }
    }

    /// The defaults, `GONGKAI_FETCH_ALLOW`, and the options given.
    func configuration() throws -> FetchConfiguration {
        var c = try Service.fetchConfiguration()
        if let maxMb { c.maxBytes = maxMb * 1024 * 1024 }
        if let timeout { c.totalSeconds = Double(timeout) }
        if let maxRedirects { c.maxRedirects = maxRedirects }
        return c
    }
}

/// `gongkai fetch URL --out FILE`: fetches a published report by URL, with limits and the SSRF guard.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "按网址获取已发布的年度报告（网页或文件），有大小、时间、重定向和内容类型限制，并防止服务端请求伪造。",
        discussion: """
        只允许 http 和 https；主机名解析后的任一地址为回环、私有、链路本地（含 169.254.169.254 元数据地址）、未指定、组播、\
        广播或运营商级 NAT 地址时拒绝访问，每次重定向都重新检查；确需访问的地址在环境变量 GONGKAI_FETCH_ALLOW 中列出\
        （如 127.0.0.1:18080,10.0.0.0/8）。退出码：0 成功；1 拒绝或失败；64 参数错误。
        """
    )

    @Argument(help: "报告网址（http:// 或 https://）。")
    var url: String

    @Option(name: .long, help: "保存到的文件；为目录时使用建议的文件名。")
    var out: String

    @OptionGroup var limits: FetchOptions

    func validate() throws {
        if out.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--out 不能为空") }
    }

    func run() async throws {
        do {
            let report = try await Service.fetchReport(url, configuration: limits.configuration())
            var target = URL(fileURLWithPath: out)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: target.path, isDirectory: &isDir), isDir.boolValue {
                target = target.appendingPathComponent(report.fileName)
            }
            do { try report.bytes.write(to: target, options: .atomic) } catch {
                throw ServiceError(.refused, "无法写入 \(target.path)：\(error.localizedDescription)")
            }
            print("已获取 \(report.finalURL)")
            if !report.redirects.isEmpty { print("重定向 \(report.redirects.count) 次：\(report.redirects.joined(separator: " → "))") }
            print("内容类型 \(report.contentType.isEmpty ? "（未声明）" : report.contentType)，\(report.bytes.count) 字节，建议文件名 \(report.fileName)")
            print("SHA-256 \(report.sha256)")
            print("已保存到 \(target.path)")
        } catch {
            FileHandle.standardError.write(Data("错误：\(describe(error))\n".utf8))
            throw ExitCode(1)
        }
    }
}
