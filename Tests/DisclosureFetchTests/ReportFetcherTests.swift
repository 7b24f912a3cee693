import DisclosureFetch
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 and a port the system chooses, one thread per connection, every response
/// `Connection: close`. It serves the real sample reports and the hostile answers the fetcher must survive.
final class LocalServer: @unchecked Sendable {
    let fd: Int32
    let port: Int
    static let html = try! Data(contentsOf: samples.appendingPathComponent("pingtan-2021.html"))
    static let pdf = try! Data(contentsOf: samples.appendingPathComponent("pingtan-2021.pdf"))

    static let samples: URL = {
        var u = URL(fileURLWithPath: #filePath)
        while u.path != "/" {
            u.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: u.appendingPathComponent("Package.swift").path) { break }
        }
        return u.deletingLastPathComponent().appendingPathComponent("shared/samples/reports")
    }()

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        port = Int(UInt16(bigEndian: addr.sin_port))
        start()
    }

    private func start() {
        let listener = fd
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 { return }
                Thread.detachNewThread { self.serve(client) }
            }
        }
    }

    func stop() { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }

    var base: String { "http://127.0.0.1:\(port)" }

    @discardableResult
    func send(_ client: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let n = Glibc.send(client, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                if n <= 0 { return false }
                sent += n
            }
            return true
        }
    }

    func head(_ client: Int32, _ status: String, _ headers: [String]) {
        send(client, Data((["HTTP/1.1 \(status)"] + headers + ["Connection: close", "", ""]).joined(separator: "\r\n").utf8))
    }

    func serve(_ client: Int32) {
        defer { close(client) }
        var request = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.contains(Data("\r\n\r\n".utf8)) {
            let n = recv(client, &buffer, buffer.count, 0)
            if n <= 0 { return }
            request.append(contentsOf: buffer[0..<n])
        }
        let line = String(decoding: request, as: UTF8.self).split(separator: "\r\n").first ?? ""
        let target = line.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        let path = String(target.split(separator: "?").first ?? "")
        let query = target.contains("?") ? String(target[target.index(after: target.firstIndex(of: "?")!)...]) : ""
        switch path {
        case "/report.html":
            head(client, "200 OK", ["Content-Type: text/html; charset=utf-8", "Content-Length: \(Self.html.count)"])
            send(client, Self.html)
        case "/download":
            head(client, "200 OK", ["Content-Type: application/octet-stream", "Content-Length: \(Self.pdf.count)",
                                    "Content-Disposition: attachment; filename=\"x.bin\"; filename*=UTF-8''%E5%B9%B3%E6%BD%AD-2021.pdf"])
            send(client, Self.pdf)
        case "/blob":
            head(client, "200 OK", ["Content-Type: application/octet-stream", "Content-Length: 4"])
            send(client, Data("abcd".utf8))
        case "/redirect":
            let to = query.hasPrefix("to=") ? String(query.dropFirst(3)).removingPercentEncoding ?? "" : ""
            head(client, "302 Found", ["Location: \(to)", "Content-Length: 0"])
        case "/loop":
            head(client, "301 Moved Permanently", ["Location: /loop", "Content-Length: 0"])
        case "/huge":
            // No Content-Length: 64 MB in 1 MB chunks until the client hangs up.
            head(client, "200 OK", ["Content-Type: text/html"])
            let chunk = Data(repeating: 0x61, count: 1 << 20)
            for _ in 0..<64 where send(client, chunk) {}
        case "/huge-declared":
            head(client, "200 OK", ["Content-Type: application/pdf", "Content-Length: 209715200"])
            send(client, Data(repeating: 0x25, count: 1024))
        case "/slow":
            head(client, "200 OK", ["Content-Type: text/html"])
            for _ in 0..<40 {
                guard send(client, Data("<p>".utf8)) else { return }
                Thread.sleep(forTimeInterval: 0.5)
            }
        case "/image.png":
            head(client, "200 OK", ["Content-Type: image/png", "Content-Length: 8"])
            send(client, Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        default:
            head(client, "404 Not Found", ["Content-Type: text/plain", "Content-Length: 9"])
            send(client, Data("not found".utf8))
        }
    }
}

/// Issue 13, point 2: fetching a report by URL with limits and the guard against server-side request forgery.
@Suite struct ReportFetcherTests {
    /// The SHA-256 of a file by coreutils' `sha256sum`, independent of the fetcher's hashing.
    static func sha256sum(_ url: URL) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["sha256sum", url.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }

    static func reason(_ url: String, _ configuration: ReportFetcher.Configuration = .init()) async -> FetchError.Reason? {
        do { _ = try await ReportFetcher(configuration).fetch(url); return nil } catch let e as FetchError { return e.reason } catch {
            Issue.record("\(url): not a FetchError: \(error)")
            return nil
        }
    }

    static func error(_ url: String, _ configuration: ReportFetcher.Configuration = .init()) async -> FetchError? {
        do { _ = try await ReportFetcher(configuration).fetch(url); return nil } catch { return error as? FetchError }
    }

    static func allowing(_ server: LocalServer, _ change: (inout ReportFetcher.Configuration) -> Void = { _ in }) throws -> ReportFetcher.Configuration {
        var c = ReportFetcher.Configuration(allow: try FetchAllowList(parsing: "127.0.0.1:\(server.port)"))
        change(&c)
        return c
    }

    /// The special-purpose ranges of RFC 6890 (and RFC 4193, 4291, 6598, 6052), each refused; addresses just outside
    /// them pass.
    @Test func addressCheck() throws {
        let refused: [(String, String)] = [
            ("10.1.2.3", "私有地址"), ("192.168.0.1", "私有地址"), ("172.16.5.4", "私有地址"), ("172.31.255.255", "私有地址"),
            ("127.0.0.1", "回环地址"), ("127.255.0.9", "回环地址"), ("::1", "回环地址"),
            ("::ffff:10.0.0.1", "私有地址"), ("::ffff:127.0.0.1", "回环地址"), ("::ffff:169.254.169.254", "链路本地地址"),
            ("64:ff9b::a9fe:a9fe", "链路本地地址"), ("2002:7f00:1::", "回环地址"),
            ("fe80::1", "链路本地地址"), ("fd12:3456::1", "私有地址"), ("fc00::1", "私有地址"),
            ("169.254.169.254", "链路本地地址"), ("100.64.0.1", "运营商级 NAT"), ("100.127.255.254", "运营商级 NAT"),
            ("0.0.0.0", "未指定地址"), ("::", "未指定地址"), ("224.0.0.1", "组播地址"), ("ff02::1", "组播地址"),
            ("255.255.255.255", "广播地址"),
        ]
        for (text, why) in refused {
            let ip = try #require(IPAddress(text), "\(text)")
            let refusal = AddressGuard.refusal(ip)
            #expect(refusal?.contains(why) == true, "\(text): \(refusal ?? "allowed")")
        }
        // Just outside: 172.32/12 follows 172.16/12, 100.128 follows 100.64/10, 169.253.255.255 precedes 169.254/16.
        for text in ["8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1", "100.63.255.255", "169.253.255.255", "11.0.0.1",
                     "192.169.0.1", "2001:4860:4860::8888", "2400:3200::1", "::ffff:8.8.8.8"] {
            #expect(AddressGuard.refusal(try #require(IPAddress(text))) == nil, "\(text)")
        }
        // Only strict forms are addresses; the numeric tricks are left to the resolver (see `numericTricks`).
        #expect(IPAddress("2130706433") == nil && IPAddress("0x7f.1") == nil && IPAddress("127.1") == nil)
        #expect(IPAddress("[::1]")?.description == "::1")
    }

    @Test func allowListSetting() throws {
        let list = try FetchAllowList(parsing: " 127.0.0.1:18080, 10.0.0.0/8 ,[::1]:8080,fd00::/8,")
        #expect(list.rules.count == 4)
        #expect(list.description == "127.0.0.1:18080,10.0.0.0/8,[::1]:8080,[fd00::]/8")
        let ip = { (s: String) in IPAddress(s)! }
        #expect(list.allows(ip("127.0.0.1"), port: 18080))
        #expect(!list.allows(ip("127.0.0.1"), port: 18081))
        #expect(list.allows(ip("::ffff:127.0.0.1"), port: 18080))
        #expect(list.allows(ip("10.255.1.2"), port: 443) && !list.allows(ip("11.0.0.1"), port: 443))
        #expect(list.allows(ip("::1"), port: 8080) && !list.allows(ip("::1"), port: 80))
        #expect(list.allows(ip("fd12::1"), port: 1) && !list.allows(ip("fe80::1"), port: 1))
        #expect(try FetchAllowList.fromEnvironment(["GONGKAI_FETCH_ALLOW": "192.168.1.0/24"]).allows(ip("192.168.1.77"), port: 80))
        #expect(try FetchAllowList.fromEnvironment([:]).rules.isEmpty)
        for bad in ["localhost", "10.0.0.0/33", "127.0.0.1:0", "127.0.0.1:65536", "1.2.3", "::1:8080x", "[::1", "10.0.0.0/8/8"] {
            #expect(throws: FetchConfigurationError.self, "\(bad)") { try FetchAllowList(parsing: "127.0.0.1," + bad) }
            do { _ = try FetchAllowList(parsing: bad) } catch let error as FetchConfigurationError { #expect(error.message.contains("“\(bad)”") && error.message.contains("GONGKAI_FETCH_ALLOW")) }
        }
    }

    @Test func onlyHTTPAndHTTPS() async throws {
        #expect(await Self.reason("file:///etc/passwd") == .scheme("file"))
        #expect(await Self.reason("ftp://ftp.example.org/report.pdf") == .scheme("ftp"))
        #expect(await Self.reason("gopher://example.org:70/1") == .scheme("gopher"))
        #expect(await Self.reason("data:text/html,<h1>x</h1>") == .scheme("data"))
        #expect(await Self.reason("FILE:///etc/passwd") == .scheme("file"))
        #expect(await Self.reason("http://user:secret@example.org/report.html") == .credentials)
        #expect(await Self.reason("http://user@example.org/report.html") == .credentials)
        #expect(await Self.reason("/etc/passwd") == .invalidURL)
        #expect(await Self.reason("http:///nohost") == .invalidURL)
        let e = try #require(await Self.error("file:///etc/passwd"))
        #expect(e.description.contains("file:///etc/passwd") && e.description.contains("只允许 http 和 https"))
    }

    /// Without an allow-list: loopback, metadata, names and numeric forms resolving to them are refused before any
    /// connection, the refused address named.
    @Test func refusedTargets() async throws {
        for (url, address, why) in [("http://127.0.0.1/", "127.0.0.1", "回环地址"),
                                    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254", "链路本地地址"),
                                    ("https://169.254.169.254/", "169.254.169.254", "链路本地地址"),
                                    ("http://[::1]:8080/", "::1", "回环地址"),
                                    ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1", "回环地址"),
                                    ("http://10.1.2.3/report.html", "10.1.2.3", "私有地址"),
                                    ("http://0.0.0.0:80/", "0.0.0.0", "未指定地址")] {
            guard case .refusedAddress(_, let a, let w) = await Self.reason(url) else { Issue.record("\(url) not refused by address"); continue }
            #expect(a == address && w.contains(why), "\(url): \(a) \(w)")
        }
        // A name resolving to loopback (/etc/hosts: 127.0.0.1 and perhaps ::1).
        guard case .refusedAddress(let host, let a, _) = await Self.reason("http://localhost/report.html") else { Issue.record("localhost"); return }
        #expect(host == "localhost" && (a == "127.0.0.1" || a == "::1"))
        let e = try #require(await Self.error("http://169.254.169.254/latest/meta-data/"))
        #expect(e.description.contains("http://169.254.169.254/latest/meta-data/") && e.description.contains("169.254.169.254")
                && e.description.contains("服务端请求伪造") && e.description.contains("GONGKAI_FETCH_ALLOW"))
    }

    /// `http://2130706433/`, `http://0x7f.1/`, `http://017700000001/` and `http://127.1/` are 127.0.0.1 to the resolver,
    /// and refused as such.
    @Test func numericTricks() async throws {
        for url in ["http://2130706433/", "http://0x7f.1/", "http://017700000001/", "http://127.1/", "http://0x7f000001/"] {
            guard case .refusedAddress(_, let a, _) = await Self.reason(url) else { Issue.record("\(url) not refused by address"); continue }
            #expect(a == "127.0.0.1", "\(url)")
        }
    }

    /// With the test server's address and port allowed, the sample page comes back byte for byte; with the allow-list
    /// empty it is refused again.
    @Test func fetchesFromTheAllowedServer() async throws {
        let server = try LocalServer()
        defer { server.stop() }
        let sample = LocalServer.samples.appendingPathComponent("pingtan-2021.html")
        let report = try await ReportFetcher(Self.allowing(server)).fetch("\(server.base)/report.html")
        #expect(report.bytes == (try Data(contentsOf: sample)))
        #expect(report.bytes.count == 323_581)
        #expect(report.sha256 == (try Self.sha256sum(sample)))
        #expect(report.contentType == "text/html")
        #expect(report.fileName == "report.html")
        #expect(report.finalURL == "\(server.base)/report.html")
        #expect(report.redirects.isEmpty && report.address == "127.0.0.1")
        // The same through the environment's setting.
        let env = try ReportFetcher.Configuration.fromEnvironment(["GONGKAI_FETCH_ALLOW": "10.0.0.0/8, 127.0.0.1:\(server.port)"])
        #expect(try await ReportFetcher(env).fetch("\(server.base)/report.html").sha256 == (try Self.sha256sum(sample)))
        // Empty allow-list, or another port allowed: refused.
        for c in [ReportFetcher.Configuration(), try ReportFetcher.Configuration.fromEnvironment(["GONGKAI_FETCH_ALLOW": ""]),
                  ReportFetcher.Configuration(allow: try FetchAllowList(parsing: "127.0.0.1:\(server.port == 1 ? 2 : server.port - 1)"))] {
            guard case .refusedAddress(_, "127.0.0.1", _) = await Self.reason("\(server.base)/report.html", c) else { Issue.record("not refused"); continue }
        }
        // A file served as application/octet-stream: named by Content-Disposition's filename*, taken for its .pdf.
        let pdf = try await ReportFetcher(Self.allowing(server)).fetch("\(server.base)/download?id=7")
        #expect(pdf.bytes == (try Data(contentsOf: LocalServer.samples.appendingPathComponent("pingtan-2021.pdf"))))
        #expect(pdf.fileName == "平潭-2021.pdf" && pdf.contentType == "application/octet-stream")
        #expect(pdf.sha256 == (try Self.sha256sum(LocalServer.samples.appendingPathComponent("pingtan-2021.pdf"))))
    }

    /// A redirect from the allowed server to each refused target is refused at the target (named), and a redirect to
    /// the allowed page is followed.
    @Test func redirectsAreCheckedAgain() async throws {
        let server = try LocalServer()
        defer { server.stop() }
        let config = try Self.allowing(server)
        func via(_ target: String) -> String {
            "\(server.base)/redirect?to=" + target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        }
        for (target, expected) in [("http://127.0.0.1/", "127.0.0.1"), ("http://127.0.0.1:\(server.port + 1)/", "127.0.0.1"),
                                   ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
                                   ("http://[::ffff:169.254.169.254]/latest/meta-data/", "::ffff:169.254.169.254"),
                                   ("http://10.1.2.3/", "10.1.2.3"), ("http://2130706433/", "127.0.0.1")] {
            let e = try #require(await Self.error(via(target), config), "\(target)")
            guard case .refusedAddress(_, let a, _) = e.reason else { Issue.record("\(target): \(e)"); continue }
            #expect(a == expected && e.url == target, "\(target): \(e)")
        }
        // localhost on another port than the one allowed (whatever /etc/hosts makes of it: 127.0.0.1, ::1).
        guard case .refusedAddress(let host, _, _) = await Self.reason(via("http://localhost/report.html"), config) else {
            Issue.record("redirect to localhost"); return
        }
        #expect(host == "localhost")
        #expect(await Self.reason(via("file:///etc/passwd"), config) == .scheme("file"))
        #expect(await Self.reason(via("ftp://10.0.0.1/r.pdf"), config) == .scheme("ftp"))
        // Followed when the target is allowed too; relative Location resolved against the page.
        let ok = try await ReportFetcher(config).fetch(via("\(server.base)/report.html"))
        #expect(ok.bytes == LocalServer.html && ok.redirects.count == 1 && ok.finalURL == "\(server.base)/report.html")
        let relative = try await ReportFetcher(config).fetch(via("/report.html"))
        #expect(relative.bytes == LocalServer.html)
    }

    @Test func limits() async throws {
        let server = try LocalServer()
        defer { server.stop() }
        let mb = 1024 * 1024
        // Streamed body without a length: reading stops past 1 MB.
        let huge = try #require(try await Self.error("\(server.base)/huge", Self.allowing(server) { $0.maxBytes = mb }))
        #expect(huge.reason == .tooLarge(limit: mb) && huge.description.contains("1 MB"))
        // Declared length over the limit (default 50 MB): refused before reading.
        #expect(try await Self.reason("\(server.base)/huge-declared", Self.allowing(server)) == .tooLarge(limit: 50 * mb))
        // Slow body: the total time ends it.
        let start = Date()
        let slow = try #require(try await Self.error("\(server.base)/slow", Self.allowing(server) { $0.totalSeconds = 1.5 }))
        #expect(slow.reason == .timedOut(seconds: 1.5) && slow.description.contains("1.5 秒"))
        #expect(Date().timeIntervalSince(start) < 6)
        // Media types: an image, and octet-stream without a known extension, are refused.
        #expect(try await Self.reason("\(server.base)/image.png", Self.allowing(server)) == .contentType("image/png"))
        #expect(try await Self.reason("\(server.base)/blob", Self.allowing(server)) == .contentType("application/octet-stream"))
        #expect(try await Self.reason("\(server.base)/missing", Self.allowing(server)) == .status(404))
        // Redirect loop: 3 redirects allowed, the 4th refused; 0 allowed refuses the first.
        #expect(try await Self.reason("\(server.base)/loop", Self.allowing(server) { $0.maxRedirects = 3 }) == .tooManyRedirects(limit: 3))
        #expect(try await Self.reason("\(server.base)/redirect?to=%2Freport.html", Self.allowing(server) { $0.maxRedirects = 0 }) == .tooManyRedirects(limit: 0))
        // Connect refused on an allowed but closed port.
        let closed = ReportFetcher.Configuration(allow: try FetchAllowList(parsing: "127.0.0.1"))
        let refusedAt = Date()
        guard case .connection(_, 10) = await Self.reason("http://127.0.0.1:1/", closed) else { Issue.record("port 1 not a connection failure"); return }
        #expect(Date().timeIntervalSince(refusedAt) < 5)
        // Limits out of range are refused by name.
        #expect(throws: FetchConfigurationError.self) { try ReportFetcher.Configuration(maxBytes: 0).validate() }
        #expect(throws: FetchConfigurationError.self) { try ReportFetcher.Configuration(maxRedirects: 21).validate() }
    }

    @Test func fileNames() throws {
        let page = URL(string: "https://www.example.gov.cn/zwgk/ndbg/2021/art_12.html")!
        #expect(ReportFetcher.fileName(disposition: nil, url: page, contentType: "text/html") == "art_12.html")
        #expect(ReportFetcher.fileName(disposition: nil, url: URL(string: "https://x.cn/show.jsp?id=3")!, contentType: "text/html") == "show.jsp.html")
        #expect(ReportFetcher.fileName(disposition: nil, url: URL(string: "https://x.cn/")!, contentType: "application/pdf") == "report.pdf")
        #expect(ReportFetcher.fileName(disposition: "attachment; filename=\"../../etc/passwd\"", url: page, contentType: "text/plain") == "passwd.txt")
        #expect(ReportFetcher.fileName(disposition: "inline; filename=.hidden.docx", url: page, contentType: "application/octet-stream") == "hidden.docx")
        #expect(ReportFetcher.fileName(disposition: nil, url: URL(string: "https://x.cn/%E5%B9%B4%E6%8A%A5.pdf")!, contentType: "application/pdf") == "年报.pdf")
    }
}
