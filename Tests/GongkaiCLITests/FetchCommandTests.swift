import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `gongkai fetch URL --out FILE` and `gongkai audit URL` (issue 13, point 2) against a local HTTP server (Python's
/// `http.server` on 127.0.0.1, a port the system chooses, serving the sample reports): refused without
/// `GONGKAI_FETCH_ALLOW`, fetched byte for byte and audited like the local file once the address is allowed.
@Suite(.serialized) struct FetchCommandTests {
    final class Server {
        let process = Process()
        let port: Int
        init() throws {
            // A free port: bound by the system, released, then given to the server.
            port = try Self.freePort()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", CLI.samples.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            for _ in 0..<100 where !Self.accepts(port) { Thread.sleep(forTimeInterval: 0.1) }
        }

        static func address(_ port: Int) -> sockaddr_in {
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            return addr
        }

        static func freePort() throws -> Int {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var addr = address(0)
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            let ok = withUnsafeMutablePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
            }
            guard ok else { throw POSIXError(.EADDRNOTAVAIL) }
            return Int(UInt16(bigEndian: addr.sin_port))
        }

        static func accepts(_ port: Int) -> Bool {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var addr = address(port)
            return withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
        }

        // SIGKILL: the test process may block SIGTERM, and a child inherits the mask.
        func stop() { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
    }

    func run(_ args: [String], allow: String?) throws -> CLI.Result {
        let bin = try #require(CLI.binary, "gongkai binary not found next to the test bundle")
        let p = Process()
        p.executableURL = bin
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["GONGKAI_FETCH_ALLOW"] = allow
        p.environment = env
        p.currentDirectoryURL = CLI.workDir
        let o = Pipe(), e = Pipe()
        p.standardOutput = o; p.standardError = e
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let out = o.fileHandleForReading.readDataToEndOfFile(), err = e.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLI.Result(status: p.terminationStatus, out: String(decoding: out, as: UTF8.self), err: String(decoding: err, as: UTF8.self))
    }

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

    @Test func fetchAndAuditByURL() throws {
        let server = try Server()
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)/pingtan-2021.html"
        let sample = CLI.samples.appendingPathComponent("pingtan-2021.html")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-fetch-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)

        // No allow-list: the loopback address is refused, by name, and nothing is written.
        let refused = try run(["fetch", url, "--out", dir.path], allow: nil)
        #expect(refused.status == 1 && refused.err.contains("127.0.0.1") && refused.err.contains("回环地址")
                && refused.err.contains("GONGKAI_FETCH_ALLOW"), "\(refused.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        let audit0 = try run(["audit", url], allow: "")
        #expect(audit0.status == 2 && audit0.err.contains("回环地址"), "\(audit0.err)")

        // Allowed: saved under the suggested name, byte for byte, with the SHA-256 sha256sum computes.
        let allow = "127.0.0.1:\(server.port)"
        let fetched = try run(["fetch", url, "--out", dir.path], allow: allow)
        #expect(fetched.status == 0, "\(fetched.err)")
        let saved = dir.appendingPathComponent("pingtan-2021.html")
        #expect(try Data(contentsOf: saved) == (try Data(contentsOf: sample)))
        #expect(fetched.out.contains("SHA-256 \(try Self.sha256sum(sample))") && fetched.out.contains("text/html"), "\(fetched.out)")

        // `gongkai audit URL` reads the page as `gongkai audit FILE` reads the file: the same summary.
        let byURL = try run(["audit", url, "--no-progress"], allow: allow)
        let byFile = try CLI.run(["audit", sample.path, "--no-progress"])
        let summary = { (s: String) in s.split(separator: "\n").last { $0.hasPrefix("共审核") }.map(String.init) }
        #expect(summary(byURL.out) != nil && summary(byURL.out) == summary(byFile.out), "\(byURL.out)\n\(byURL.err)")
        #expect(byURL.status == byFile.status && byURL.err.contains("已获取 \(url)"))

        // Limits and schemes refused by name.
        #expect(try run(["fetch", "file:///etc/passwd", "--out", dir.path], allow: allow).err.contains("只允许 http 和 https"))
        let small = try run(["fetch", url, "--out", dir.appendingPathComponent("x.html").path, "--max-mb", "1"], allow: allow)
        #expect(small.status == 0)  // 323,581 bytes fit in 1 MB
        let badAllow = try run(["fetch", url, "--out", dir.path], allow: "localhost")
        #expect(badAllow.status == 1 && badAllow.err.contains("“localhost”"), "\(badAllow.err)")
        let badLimit = try run(["fetch", url, "--out", dir.path, "--max-mb", "0"], allow: allow)
        #expect(badLimit.status == 64 && badLimit.err.contains("--max-mb"), "\(badLimit.err)")
    }
}
