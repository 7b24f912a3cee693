import Foundation

/// One e-mail: plain UTF-8 text, written as an RFC 5322 message (subject in RFC 2047 encoded words, body base64).
public struct MailMessage: Sendable, Equatable {
    public var from: String
    public var to: String
    public var subject: String
    public var body: String
    /// The outbox id: the message's `Message-ID` is `<id@gongkai>` and its `X-Gongkai-Notification` header, so a
    /// mailbox can tell a message delivered twice.
    public var id: UUID
    public var date: Date

    public init(from: String, to: String, subject: String, body: String, id: UUID, date: Date) {
        self.from = from; self.to = to; self.subject = subject; self.body = body; self.id = id; self.date = date
    }

    /// The message as sent (CRLF line ends).
    public func rfc5322() -> Data {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let b64 = Data(body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
            .base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let lines = [
            "From: \(from)", "To: \(to)", "Subject: \(Self.encodedWords(subject))", "Date: \(f.string(from: date))",
            "Message-ID: <\(id.uuidString.lowercased())@gongkai>", "X-Gongkai-Notification: \(id.uuidString.lowercased())",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64", "", b64, "",
        ]
        return Data(lines.joined(separator: "\r\n").utf8)
    }

    /// RFC 2047 "B" encoded words of at most 75 characters each (whole characters per word), folded; plain ASCII
    /// text without specials is kept as it is.
    static func encodedWords(_ s: String) -> String {
        if s.allSatisfy({ $0.isASCII && !$0.isNewline }) && !s.contains("=?") { return s }
        var words: [String] = []
        var chunk = Data()
        for ch in s where !ch.isNewline {
            let bytes = Data(String(ch).utf8)
            if chunk.count + bytes.count > 45 { words.append("=?UTF-8?B?\(chunk.base64EncodedString())?="); chunk = Data() }
            chunk.append(bytes)
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }
}

/// Sends one message or throws; a thrown `MailError.temporary` is retried later, `.permanent` too (up to the limit).
public protocol MailTransport: Sendable {
    func send(_ message: MailMessage) async throws
}

public enum MailError: Error, CustomStringConvertible, Sendable {
    /// The server could not be reached or answered "try later".
    case temporary(String)
    /// The server refused the message (bad address, …) or the program is missing.
    case permanent(String)

    public var description: String {
        switch self {
        case .temporary(let m): "暂时无法发送：\(m)"
        case .permanent(let m): "发送被拒绝：\(m)"
        }
    }
}

/// Sends through a sendmail-compatible program — Debian's `msmtp` by default — which speaks SMTP to the configured
/// server: `msmtp --host=H --port=P --from=F [--auth --user] [--tls] -- recipient`, the message on standard input.
/// Exit status 75 (EX_TEMPFAIL, the server unreachable) and 69 (EX_UNAVAILABLE) are temporary; others permanent.
public struct SendmailTransport: MailTransport {
    public var program: String
    public var arguments: [String]
    /// Seconds before the program is stopped.
    public var timeout: Int

    public init(program: String, arguments: [String], timeout: Int = 60) {
        self.program = program; self.arguments = arguments; self.timeout = timeout
    }

    /// The msmtp command line for an SMTP server.
    /// - Parameters: `tls` "off" (default), "starttls" or "on" (TLS from the first byte); `user` turns on
    ///   authentication with the password read from the environment variable `GONGKAI_SMTP_PASSWORD`.
    public static func msmtp(program: String = "msmtp", host: String, port: Int, from: String, tls: String = "off", user: String? = nil,
                             timeout: Int = 30) -> SendmailTransport {
        var args = ["--host=\(host)", "--port=\(port)", "--from=\(from)", "--timeout=\(timeout)"]
        switch tls {
        case "on": args += ["--tls=on", "--tls-starttls=off"]
        case "starttls": args += ["--tls=on", "--tls-starttls=on"]
        default: args += ["--tls=off"]
        }
        if let user { args += ["--auth=on", "--user=\(user)", "--passwordeval=printenv GONGKAI_SMTP_PASSWORD"] } else { args += ["--auth=off"] }
        return SendmailTransport(program: program, arguments: args, timeout: timeout + 10)
    }

    public func send(_ message: MailMessage) async throws {
        let process = Process()
        if program.contains("/") {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments + ["--", message.to]
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [program] + arguments + ["--", message.to]
        }
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let status: Int32 = try await withCheckedThrowingContinuation { (c: CheckedContinuation<Int32, any Error>) in
            process.terminationHandler = { c.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                c.resume(throwing: MailError.permanent("无法启动 \(program)：\(error.localizedDescription)"))
                return
            }
            let deadline = DispatchTime.now() + .seconds(timeout)
            DispatchQueue.global().asyncAfter(deadline: deadline) { if process.isRunning { process.terminate() } }
            input.fileHandleForWriting.write(message.rfc5322())
            try? input.fileHandleForWriting.close()
        }
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        switch status {
        case 0: return
        case 69, 75, 15: throw MailError.temporary("\(program) 退出码 \(status)\(said.isEmpty ? "" : "：\(said)")")
        case 127: throw MailError.permanent("找不到程序 \(program)（Debian：apt-get install msmtp）")
        default: throw MailError.permanent("\(program) 退出码 \(status)\(said.isEmpty ? "" : "：\(said)")")
        }
    }
}
