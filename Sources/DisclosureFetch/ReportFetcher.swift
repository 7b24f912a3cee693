import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// What a fetch brought back.
public struct FetchedReport: Sendable {
    /// The body, exactly as received (no decompression: the fetcher asks for none).
    public var bytes: Data
    /// The URL the body came from, after redirects.
    public var finalURL: String
    /// The media type of `Content-Type`, lower case, without parameters (`text/html`); empty when the server sent none.
    public var contentType: String
    /// A file name for the body: `Content-Disposition`'s `filename*` or `filename`, else the last segment of the final
    /// URL's path, reduced to one safe segment and ending in an extension the audit reads (`.html`, `.pdf`, `.docx`,
    /// `.xlsx`, `.txt`).
    public var fileName: String
    /// SHA-256 of `bytes`, 64 lower-case hexadecimal digits.
    public var sha256: String
    /// Each URL that answered with a redirect, in order (empty when none did).
    public var redirects: [String]
    /// The address the last request was sent to (checked by the guard).
    public var address: String
}

/// Why a fetch was refused or failed; `description` is a Chinese sentence naming the URL and the reason.
public struct FetchError: Error, Sendable, CustomStringConvertible, LocalizedError, Equatable {
    public enum Reason: Sendable, Equatable {
        /// Not a URL with a host.
        case invalidURL
        /// A scheme other than `http` and `https` (`file`, `ftp`, `gopher`, `data` …).
        case scheme(String)
        /// The URL carries a user name or password.
        case credentials
        /// The host name does not resolve.
        case unresolvable(host: String, detail: String)
        /// The host resolves to an address the guard refuses; `why` names its range.
        case refusedAddress(host: String, address: String, why: String)
        /// The body exceeds `limit` bytes (`Content-Length` or counted while reading).
        case tooLarge(limit: Int)
        /// The whole fetch (every redirect and the body) took longer than `seconds`.
        case timedOut(seconds: Double)
        /// More than `limit` redirects.
        case tooManyRedirects(limit: Int)
        /// A redirect without a usable `Location`.
        case badRedirect(status: Int)
        /// A media type that is not a report (or `application/octet-stream` without a known file extension).
        case contentType(String)
        /// The server answered with an HTTP status other than 2xx or a redirect.
        case status(Int)
        /// The connection failed (refused, reset, TLS, the connect time limit of `connectSeconds`).
        case connection(detail: String, connectSeconds: Double)
    }

    public var url: String
    public var reason: Reason

    public init(url: String, reason: Reason) { self.url = url; self.reason = reason }

    public var description: String {
        let why: String
        switch reason {
        case .invalidURL: why = "不是有效的网址（应为 http:// 或 https:// 开头并带主机名）"
        case .scheme(let s): why = "只允许 http 和 https 网址，不允许“\(s):”"
        case .credentials: why = "网址中不得带用户名或密码"
        case .unresolvable(let host, let detail): why = "主机名 \(host) 无法解析（\(detail)）"
        case .refusedAddress(let host, let address, let why2):
            why = "主机 \(host) 解析到 \(address)，属于\(why2)，为防止服务端请求伪造而拒绝访问（如确需访问，请在 GONGKAI_FETCH_ALLOW 中明确允许）"
        case .tooLarge(let limit): why = "内容超过大小上限 \(Self.size(limit))，已停止读取"
        case .timedOut(let s): why = "超过总时限 \(Self.seconds(s)) 秒仍未完成"
        case .tooManyRedirects(let limit): why = "重定向超过 \(limit) 次上限"
        case .badRedirect(let status): why = "HTTP \(status) 重定向没有有效的 Location"
        case .contentType(let t): why = "内容类型“\(t.isEmpty ? "（未声明）" : t)”不是报告（允许 HTML、PDF、DOCX、XLSX、纯文本，或扩展名可识别的 application/octet-stream）"
        case .status(let s): why = "服务器返回 HTTP \(s)"
        case .connection(let d, let c): why = "无法连接（\(d)；连接时限 \(Self.seconds(c)) 秒）"
        }
        return "无法获取 \(url)：\(why)"
    }

    public var errorDescription: String? { description }

    static func size(_ bytes: Int) -> String {
        bytes % (1024 * 1024) == 0 ? "\(bytes / (1024 * 1024)) MB" : "\(bytes) 字节"
    }
    static func seconds(_ s: Double) -> String { s == s.rounded() ? String(Int(s)) : String(s) }
}

/// Fetches a published report (a page or a file) by URL, with limits and a guard against server-side request
/// forgery (SSRF).
///
/// - Only `http` and `https`; no user name or password in the URL.
/// - Before each request (the first and each redirect target) the host is resolved with `getaddrinfo`, and the fetch
///   is refused if ANY address is loopback, private, link-local (169.254.169.254 included), unspecified, multicast,
///   broadcast, carrier-grade NAT or reserved, or an IPv6 address carrying such an IPv4 address (`AddressGuard`) —
///   unless `Configuration.allow` (`GONGKAI_FETCH_ALLOW`) allows that address and port. Numeric host names
///   (`2130706433`, `0x7f.1`, `017700000001`) are judged by the address the resolver makes of them.
/// - DNS rebinding: the connection goes to the checked address, not to a name resolved again. AsyncHTTPClient's
///   `dnsOverride` maps the host to that address for the connection only: the `Host` header stays the URL's host and,
///   for https, the TLS server name (SNI) and the certificate check stay those of the host name, so https is pinned
///   as well as http. Residual risk: none from rebinding between check and connect; a server allowed explicitly in
///   the allow-list is trusted as it is, and a proxy is never used (AsyncHTTPClient reads no proxy variables).
/// - Limits (`Configuration`): body size (`maxBytes`, counted while reading, refused before reading when
///   `Content-Length` says more), total time (`totalSeconds`, redirects and body included), connect time
///   (`connectSeconds`), redirects (`maxRedirects`, followed here so that each target passes the guard), media types.
public struct ReportFetcher: Sendable {
    public struct Configuration: Sendable {
        /// Largest body, in bytes. Default 50 MB.
        public var maxBytes: Int = 50 * 1024 * 1024
        /// Time for the whole fetch (resolution, redirects, body), in seconds. Default 30.
        public var totalSeconds: Double = 30
        /// Time to establish each connection, in seconds. Default 10.
        public var connectSeconds: Double = 10
        /// Redirects followed at most. Default 5.
        public var maxRedirects: Int = 5
        /// Media types taken as reports; `application/octet-stream` (or no type) is taken only when the file name
        /// ends in one of `knownExtensions`.
        public var contentTypes: Set<String> = ReportFetcher.reportContentTypes
        /// Addresses allowed although the guard would refuse them (`GONGKAI_FETCH_ALLOW`).
        public var allow: FetchAllowList = .none

        public init(maxBytes: Int = 50 * 1024 * 1024, totalSeconds: Double = 30, connectSeconds: Double = 10, maxRedirects: Int = 5,
                    contentTypes: Set<String> = ReportFetcher.reportContentTypes, allow: FetchAllowList = .none) {
            self.maxBytes = maxBytes; self.totalSeconds = totalSeconds; self.connectSeconds = connectSeconds
            self.maxRedirects = maxRedirects; self.contentTypes = contentTypes; self.allow = allow
        }

        /// The defaults with the allow-list of `GONGKAI_FETCH_ALLOW`.
        /// - Throws: `FetchConfigurationError` naming a malformed entry.
        public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Configuration {
            Configuration(allow: try FetchAllowList.fromEnvironment(environment))
        }

        /// Refuses limits out of range (sizes 1 B–1 GB, times 0.1–3600 s, redirects 0–20).
        public func validate() throws {
            if !(1...(1 << 30)).contains(maxBytes) { throw FetchConfigurationError(message: "大小上限应为 1 字节至 1024 MB，收到 \(maxBytes) 字节") }
            if !(0.1...3600).contains(totalSeconds) { throw FetchConfigurationError(message: "总时限应为 0.1 至 3600 秒，收到 \(totalSeconds)") }
            if !(0.1...3600).contains(connectSeconds) { throw FetchConfigurationError(message: "连接时限应为 0.1 至 3600 秒，收到 \(connectSeconds)") }
            if !(0...20).contains(maxRedirects) { throw FetchConfigurationError(message: "重定向次数上限应为 0 至 20，收到 \(maxRedirects)") }
        }
    }

    /// HTML, XHTML, PDF, DOCX, XLSX and plain text.
    public static let reportContentTypes: Set<String> = [
        "text/html", "application/xhtml+xml", "application/pdf", "text/plain",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ]
    /// File extensions the audit reads, which make an `application/octet-stream` body acceptable.
    public static let knownExtensions: Set<String> = ["html", "htm", "shtml", "xhtml", "pdf", "docx", "xlsx", "txt"]
    static let extensionOfType: [String: String] = [
        "text/html": "html", "application/xhtml+xml": "html", "application/pdf": "pdf", "text/plain": "txt",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    ]

    public var configuration: Configuration
    public init(_ configuration: Configuration = Configuration()) { self.configuration = configuration }

    /// Fetches `url` (following at most `maxRedirects` redirects, each checked again).
    /// - Throws: `FetchError` (every refusal and failure, naming the URL concerned), `FetchConfigurationError` for
    ///   limits out of range.
    public func fetch(_ url: String) async throws -> FetchedReport {
        try configuration.validate()
        let total = configuration.totalSeconds
        return try await withThrowingTaskGroup(of: FetchedReport.self) { group in
            group.addTask { try await self.follow(url) }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(total * 1_000_000_000))
                throw FetchError(url: url, reason: .timedOut(seconds: total))
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// Checks a URL's form: http(s), a host, no credentials. Returns the parsed URL.
    /// - Throws: `FetchError` (`invalidURL`, `scheme`, `credentials`).
    public static func checkForm(_ text: String) throws -> URL {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased() else { throw FetchError(url: text, reason: .invalidURL) }
        guard scheme == "http" || scheme == "https" else { throw FetchError(url: text, reason: .scheme(scheme)) }
        if url.user != nil || url.password != nil { throw FetchError(url: text, reason: .credentials) }
        guard let host = url.host, !host.isEmpty else { throw FetchError(url: text, reason: .invalidURL) }
        return url
    }

    /// Resolves the host of `url` and checks every address. Returns the address to connect to (the first).
    /// - Throws: `FetchError` (`unresolvable`, `refusedAddress`).
    public func checkAddress(_ url: URL) async throws -> IPAddress {
        let host = Self.bareHost(url)
        let port = url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
        let addresses: [IPAddress]
        if let literal = IPAddress(host) { addresses = [literal] } else { addresses = try await Self.resolve(host, url: url.absoluteString) }
        for a in addresses where !configuration.allow.allows(a, port: port) {
            if let why = AddressGuard.refusal(a) {
                throw FetchError(url: url.absoluteString, reason: .refusedAddress(host: host, address: a.description, why: why))
            }
        }
        return addresses[0]
    }

    static func bareHost(_ url: URL) -> String {
        var host = url.host ?? ""
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host
    }

    /// `getaddrinfo` on a thread of its own; a cancelled fetch (time limit) does not wait for it.
    static func resolve(_ host: String, url: String) async throws -> [IPAddress] {
        final class Once: @unchecked Sendable {
            let lock = NSLock()
            var continuation: CheckedContinuation<[IPAddress], any Error>?
            func resume(_ r: Result<[IPAddress], any Error>) {
                lock.lock(); let c = continuation; continuation = nil; lock.unlock()
                c?.resume(with: r)
            }
        }
        let once = Once()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<[IPAddress], any Error>) in
                once.lock.lock(); once.continuation = c; once.lock.unlock()
                if Task.isCancelled { once.resume(.failure(CancellationError())); return }
                Thread.detachNewThread {
                    do { once.resume(.success(try AddressGuard.resolve(host))) } catch {
                        once.resume(.failure(FetchError(url: url, reason: .unresolvable(host: host, detail: (error as? AddressGuard.ResolveFailure)?.message ?? "\(error)"))))
                    }
                }
            }
        } onCancel: { once.resume(.failure(CancellationError())) }
    }

    enum Hop { case redirect(URL), done(FetchedReport) }

    func follow(_ start: String) async throws -> FetchedReport {
        var url = try Self.checkForm(start)
        var redirects: [String] = []
        while true {
            let address = try await checkAddress(url)
            switch try await request(url, address: address, redirects: redirects) {
            case .done(let r): return r
            case .redirect(let next):
                redirects.append(url.absoluteString)
                if redirects.count > configuration.maxRedirects {
                    throw FetchError(url: start, reason: .tooManyRedirects(limit: configuration.maxRedirects))
                }
                url = try Self.checkForm(next.absoluteString)
            }
        }
    }

    /// One request to `address` (the checked one) for `url`, redirects not followed by the client.
    func request(_ url: URL, address: IPAddress, redirects: [String]) async throws -> Hop {
        let host = Self.bareHost(url)
        var config = HTTPClient.Configuration(redirectConfiguration: .disallow,
                                              timeout: .init(connect: .milliseconds(Int64(configuration.connectSeconds * 1000)),
                                                             read: .milliseconds(Int64(configuration.totalSeconds * 1000))),
                                              proxy: nil, decompression: .disabled)
        // One attempt per request: a refused connection is reported at once, not retried until the connect limit.
        config.connectionPool.retryConnectionEstablishment = false
        if IPAddress(host) == nil {
            // AsyncHTTPClient looks the override up by the URL's host as Foundation parses it.
            config.dnsOverride[host] = address.description
            if let raw = url.host { config.dnsOverride[raw] = address.description }
        }
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: config)
        do {
            let hop = try await exchange(client, url, address: address, redirects: redirects)
            try? await client.shutdown()
            return hop
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    func exchange(_ client: HTTPClient, _ url: URL, address: IPAddress, redirects: [String]) async throws -> Hop {
        let text = url.absoluteString
        var request = HTTPClientRequest(url: text)
        request.method = .GET
        request.headers.add(name: "User-Agent", value: "Gongkai-ReportFetcher/1.0")
        request.headers.add(name: "Accept", value: "text/html, application/pdf, application/vnd.openxmlformats-officedocument.wordprocessingml.document, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, text/plain;q=0.8, */*;q=0.5")
        request.headers.add(name: "Accept-Encoding", value: "identity")
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .milliseconds(Int64(configuration.totalSeconds * 1000)))
        } catch let e as FetchError { throw e } catch is CancellationError { throw CancellationError() } catch {
            throw FetchError(url: text, reason: .connection(detail: String(describing: error), connectSeconds: configuration.connectSeconds))
        }
        let status = Int(response.status.code)
        if [301, 302, 303, 307, 308].contains(status) {
            guard let location = response.headers.first(name: "Location"), let next = URL(string: location, relativeTo: url)?.absoluteURL else {
                throw FetchError(url: text, reason: .badRedirect(status: status))
            }
            return .redirect(next)
        }
        guard (200..<300).contains(status) else { throw FetchError(url: text, reason: .status(status)) }
        let type = (response.headers.first(name: "Content-Type") ?? "").split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let name = Self.fileName(disposition: response.headers.first(name: "Content-Disposition"), url: url, contentType: type)
        let ext = (name as NSString).pathExtension.lowercased()
        let accepted = configuration.contentTypes.contains(type)
            || ((type.isEmpty || type == "application/octet-stream") && Self.knownExtensions.contains(ext))
        guard accepted else { throw FetchError(url: text, reason: .contentType(type)) }
        let limit = configuration.maxBytes
        if let declared = response.headers.first(name: "Content-Length").flatMap(Int.init), declared > limit {
            throw FetchError(url: text, reason: .tooLarge(limit: limit))
        }
        var data = Data()
        for try await chunk in response.body {
            if data.count + chunk.readableBytes > limit { throw FetchError(url: text, reason: .tooLarge(limit: limit)) }
            data.append(contentsOf: chunk.readableBytesView)
        }
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        return .done(FetchedReport(bytes: data, finalURL: text, contentType: type, fileName: name, sha256: digest,
                                   redirects: redirects, address: address.description))
    }

    /// A safe file name: `Content-Disposition` (`filename*=UTF-8''…` first, then `filename=`), else the URL path's last
    /// segment, else `report`; one path segment, no control characters, no leading dot, at most 120 characters; an
    /// extension the audit reads is appended from the media type when the name has none.
    public static func fileName(disposition: String?, url: URL, contentType: String) -> String {
        var name: String?
        if let d = disposition {
            let params = d.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            if let star = params.first(where: { $0.lowercased().hasPrefix("filename*=") }) {
                let value = star.dropFirst("filename*=".count)
                if let quote = value.range(of: "''") { name = String(value[quote.upperBound...]).removingPercentEncoding }
            }
            if name == nil, let plain = params.first(where: { $0.lowercased().hasPrefix("filename=") }) {
                var v = String(plain.dropFirst("filename=".count))
                if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = String(v.dropFirst().dropLast()) }
                name = v
            }
        }
        if name == nil || name!.isEmpty { name = url.lastPathComponent.removingPercentEncoding ?? url.lastPathComponent }
        var clean = (name ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        clean = String(clean.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) && $0 != ":" })
        while clean.hasPrefix(".") { clean.removeFirst() }
        clean = clean.trimmingCharacters(in: .whitespaces)
        if clean.isEmpty { clean = "report" }
        if clean.count > 120 { clean = String(clean.suffix(120)) }
        let ext = (clean as NSString).pathExtension.lowercased()
        if !knownExtensions.contains(ext), let add = extensionOfType[contentType] { clean += "." + add }
        return clean
    }
}
