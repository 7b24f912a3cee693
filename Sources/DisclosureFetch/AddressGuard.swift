import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An IP address as the resolver returned it: IPv4 (4 bytes) or IPv6 (16 bytes), network byte order.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// 4 bytes (IPv4) or 16 bytes (IPv6).
    public let bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses the strict textual forms only (dotted quad, RFC 4291 IPv6, optionally in brackets) with `inet_pton`:
    /// `2130706433` or `0x7f.1` are not addresses here — they are host names, and `getaddrinfo` decides what they are.
    public init?(_ text: String) {
        var t = text
        if t.hasPrefix("["), t.hasSuffix("]") { t = String(t.dropFirst().dropLast()) }
        if t.contains("%") { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, t, &v4) == 1 {
            self.bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, t, &v6) == 1 {
            self.bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return
        }
        return nil
    }

    public var isIPv4: Bool { bytes.count == 4 }

    /// The IPv4 address an IPv6 address carries: IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`
    /// (deprecated, RFC 4291 §2.5.5.1), NAT64 `64:ff9b::a.b.c.d` (RFC 6052) and 6to4 `2002:AABB:CCDD::/48` (RFC 3056).
    public var embeddedIPv4: IPAddress? {
        guard bytes.count == 16 else { return nil }
        let b = bytes
        if b[0..<10].allSatisfy({ $0 == 0 }), b[10] == 0xff, b[11] == 0xff { return IPAddress(bytes: Array(b[12..<16])) }
        if b[0..<12].allSatisfy({ $0 == 0 }), !(b[12..<15].allSatisfy { $0 == 0 }) { return IPAddress(bytes: Array(b[12..<16])) }
        if b[0] == 0x00, b[1] == 0x64, b[2] == 0xff, b[3] == 0x9b, b[4..<12].allSatisfy({ $0 == 0 }) { return IPAddress(bytes: Array(b[12..<16])) }
        if b[0] == 0x20, b[1] == 0x02 { return IPAddress(bytes: Array(b[2..<6])) }
        return nil
    }

    public var description: String {
        var out = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        var b = bytes
        let family = isIPv4 ? AF_INET : AF_INET6
        guard inet_ntop(family, &b, &out, socklen_t(out.count)) != nil else { return bytes.map(String.init).joined(separator: ".") }
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// True when the first `prefix` bits equal those of `network` (same family).
    public func isIn(_ network: IPAddress, prefix: Int) -> Bool {
        guard network.bytes.count == bytes.count else { return false }
        var left = prefix
        for i in 0..<bytes.count where left > 0 {
            let bits = min(8, left)
            let mask: UInt8 = bits == 8 ? 0xff : ~(0xff >> UInt8(bits))
            if bytes[i] & mask != network.bytes[i] & mask { return false }
            left -= bits
        }
        return true
    }
}

/// The guard against server-side request forgery: which addresses a fetch may never reach.
public enum AddressGuard {
    private static func net(_ s: String) -> IPAddress { IPAddress(s)! }

    /// Ranges a fetch may not reach, with the reason given in refusals (RFC 6890 special-purpose registries).
    static let ipv4: [(IPAddress, Int, String)] = [
        (net("0.0.0.0"), 8, "未指定地址（0.0.0.0/8，“本网络”）"),
        (net("127.0.0.0"), 8, "回环地址（127.0.0.0/8，本机）"),
        (net("10.0.0.0"), 8, "私有地址（10.0.0.0/8）"),
        (net("172.16.0.0"), 12, "私有地址（172.16.0.0/12）"),
        (net("192.168.0.0"), 16, "私有地址（192.168.0.0/16）"),
        (net("169.254.0.0"), 16, "链路本地地址（169.254.0.0/16，含云服务器元数据地址 169.254.169.254）"),
        (net("100.64.0.0"), 10, "运营商级 NAT 共享地址（100.64.0.0/10）"),
        (net("192.0.0.0"), 24, "IETF 协议保留地址（192.0.0.0/24）"),
        (net("198.18.0.0"), 15, "网络测试保留地址（198.18.0.0/15）"),
        (net("255.255.255.255"), 32, "广播地址（255.255.255.255）"),
        (net("224.0.0.0"), 4, "组播地址（224.0.0.0/4）"),
        (net("240.0.0.0"), 4, "保留地址（240.0.0.0/4）"),
    ]
    static let ipv6: [(IPAddress, Int, String)] = [
        (net("::"), 128, "未指定地址（::）"),
        (net("::1"), 128, "回环地址（::1，本机）"),
        (net("fc00::"), 7, "私有地址（唯一本地地址 fc00::/7）"),
        (net("fe80::"), 10, "链路本地地址（fe80::/10）"),
        (net("fec0::"), 10, "站点本地地址（fec0::/10，已废弃）"),
        (net("ff00::"), 8, "组播地址（ff00::/8）"),
    ]

    /// Why `address` may not be fetched, or nil when it is a public unicast address. An IPv6 address carrying an IPv4
    /// address (`::ffff:127.0.0.1`, `64:ff9b::a9fe:a9fe`, `2002:0a00:0001::`) is judged by the IPv4 address it carries.
    public static func refusal(_ address: IPAddress) -> String? {
        if address.isIPv4 {
            return ipv4.first { address.isIn($0.0, prefix: $0.1) }?.2
        }
        if let r = ipv6.first(where: { address.isIn($0.0, prefix: $0.1) }) { return r.2 }
        if let v4 = address.embeddedIPv4, let why = refusal(v4) { return "内嵌 IPv4 地址 \(v4) 的 IPv6 地址：\(why)" }
        return nil
    }

    /// Every address `host` resolves to, by the system resolver (`getaddrinfo`, which also turns `2130706433`,
    /// `0x7f.1` or `017700000001` into 127.0.0.1). Blocking; call it off the event loops.
    /// - Throws: `FetchError.Reason.unresolvable` (as a plain message; the caller adds the URL).
    static func resolve(_ host: String) throws -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, nil, &hints, &result)
        guard rc == 0, let first = result else {
            throw ResolveFailure(message: gai_strerror(rc).map { String(validatingCString: $0) ?? "" } ?? "getaddrinfo \(rc)")
        }
        defer { freeaddrinfo(first) }
        var out: [IPAddress] = []
        var p: UnsafeMutablePointer<addrinfo>? = first
        while let ai = p {
            if ai.pointee.ai_family == AF_INET, let sa = ai.pointee.ai_addr {
                let a = sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                if let ip = withUnsafeBytes(of: a, { IPAddress(bytes: Array($0)) }), !out.contains(ip) { out.append(ip) }
            } else if ai.pointee.ai_family == AF_INET6, let sa = ai.pointee.ai_addr {
                let a = sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                if let ip = withUnsafeBytes(of: a, { IPAddress(bytes: Array($0)) }), !out.contains(ip) { out.append(ip) }
            }
            p = ai.pointee.ai_next
        }
        if out.isEmpty { throw ResolveFailure(message: "没有 IPv4 或 IPv6 地址") }
        return out
    }

    struct ResolveFailure: Error { var message: String }
}

/// Addresses allowed explicitly although the guard would refuse them (`GONGKAI_FETCH_ALLOW`): a comma-separated list
/// of addresses or CIDR networks, each with an optional port — `127.0.0.1:18080`, `10.0.0.0/8`, `[::1]:8080`,
/// `fd00::/8`, `[fd00::]/8:443`. An IPv4-mapped IPv6 address is matched as the IPv4 address it carries.
public struct FetchAllowList: Sendable, Hashable, CustomStringConvertible {
    public struct Rule: Sendable, Hashable, CustomStringConvertible {
        public var network: IPAddress
        public var prefix: Int
        /// Nil: any port.
        public var port: Int?
        public var description: String {
            let full = network.isIPv4 ? 32 : 128
            let a = network.isIPv4 ? network.description : "[\(network)]"
            return a + (prefix == full ? "" : "/\(prefix)") + (port.map { ":\($0)" } ?? "")
        }
    }

    public var rules: [Rule]
    public init(rules: [Rule] = []) { self.rules = rules }
    public static let none = FetchAllowList()

    /// Parses the setting's text; an empty text allows nothing.
    /// - Throws: `FetchConfigurationError` naming the entry that is not an address, a network or a port.
    public init(parsing text: String) throws {
        var rules: [Rule] = []
        for raw in text.split(separator: ",") {
            let entry = raw.trimmingCharacters(in: .whitespaces)
            if entry.isEmpty { continue }
            guard let rule = Self.rule(entry) else {
                throw FetchConfigurationError(message: "GONGKAI_FETCH_ALLOW 中的“\(entry)”不是地址、CIDR 网段或“地址:端口”（例：127.0.0.1:18080、10.0.0.0/8、[::1]:8080）")
            }
            rules.append(rule)
        }
        self.rules = rules
    }

    /// Reads `GONGKAI_FETCH_ALLOW` (unset or empty: nothing allowed).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> FetchAllowList {
        try FetchAllowList(parsing: environment["GONGKAI_FETCH_ALLOW"] ?? "")
    }

    static func rule(_ entry: String) -> Rule? {
        var addressPart: String, rest: Substring
        if entry.hasPrefix("[") {
            guard let close = entry.firstIndex(of: "]") else { return nil }
            addressPart = String(entry[entry.index(after: entry.startIndex)..<close])
            rest = entry[entry.index(after: close)...]
        } else if entry.filter({ $0 == ":" }).count > 1 {
            addressPart = entry; rest = ""
            if let slash = entry.firstIndex(of: "/") { addressPart = String(entry[..<slash]); rest = entry[slash...] }
        } else {
            let end = entry.firstIndex(where: { $0 == "/" || $0 == ":" }) ?? entry.endIndex
            addressPart = String(entry[..<end]); rest = entry[end...]
        }
        guard let ip = IPAddress(addressPart) else { return nil }
        var prefix = ip.isIPv4 ? 32 : 128
        var port: Int?
        if rest.hasPrefix("/") {
            let digits = rest.dropFirst().prefix(while: \.isNumber)
            guard let p = Int(digits), p >= 0, p <= prefix, digits.count <= 3 else { return nil }
            prefix = p
            rest = rest.dropFirst(1 + digits.count)
        }
        if rest.hasPrefix(":") {
            let digits = rest.dropFirst()
            guard digits.count <= 5, digits.allSatisfy(\.isNumber), let p = Int(digits), (1...65535).contains(p) else { return nil }
            port = p
            rest = ""
        }
        guard rest.isEmpty else { return nil }
        return Rule(network: ip, prefix: prefix, port: port)
    }

    /// True when some rule covers `address` on `port`.
    public func allows(_ address: IPAddress, port: Int) -> Bool {
        let candidates = [address] + (address.bytes.count == 16 && address.bytes[0..<10].allSatisfy({ $0 == 0 }) && address.bytes[10] == 0xff
                                       && address.bytes[11] == 0xff ? [address.embeddedIPv4!] : [])
        return rules.contains { r in candidates.contains { $0.isIn(r.network, prefix: r.prefix) } && (r.port == nil || r.port == port) }
    }

    public var description: String { rules.map(\.description).joined(separator: ",") }
}

/// A setting of the fetcher that cannot be taken (`GONGKAI_FETCH_ALLOW`, a limit out of range).
public struct FetchConfigurationError: Error, Sendable, CustomStringConvertible, LocalizedError {
    public var message: String
    public var description: String { message }
    public var errorDescription: String? { message }
}
