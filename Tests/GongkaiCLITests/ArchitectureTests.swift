import Foundation
import Testing

/// The arrows of shared/design/architecture.md, kept honest: each target imports only what its layer may. SwiftPM's
/// `--explicit-target-dependency-import-check=error` (in `.ci/run`) catches an import of a target not declared at
/// all; this catches one reached through another target (the CLI importing the store through the service).
@Suite struct ArchitectureTests {
    static let allowed: [String: Set<String>] = [
        "DisclosureRules": ["Foundation", "FoundationEssentials"],
        "DisclosureReaders": ["Foundation", "DisclosureRules", "CLibXML2", "CSV", "ZIPFoundation", "Glibc", "zlib", "CZlib"],
        "DisclosureStore": ["Foundation", "DisclosureRules", "FluentKit", "FluentSQLiteDriver", "FluentPostgresDriver", "SQLKit", "Logging",
                            "NIOCore", "NIOPosix", "Crypto"],
        "DisclosureExport": ["Foundation", "DisclosureRules", "DisclosureReaders", "ZIPFoundation"],
        // The only client-side network code: AsyncHTTPClient and the NIO types it speaks, hashing for the SHA-256.
        "DisclosureFetch": ["Foundation", "AsyncHTTPClient", "NIOCore", "NIOHTTP1", "Crypto", "Glibc"],
        "DisclosureService": ["Foundation", "DisclosureRules", "DisclosureReaders", "DisclosureStore", "DisclosureExport", "DisclosureFetch"],
        // Front ends: the service and the rules' value types (the web target adds its framework: Vapor, Leaf, the
        // OpenAPI runtime, metrics — never the store, the readers or the exporters).
        "DisclosureWeb": ["Foundation", "DisclosureRules", "DisclosureService", "Vapor", "Leaf", "LeafKit", "OpenAPIRuntime", "OpenAPIVapor",
                          "HTTPTypes", "Metrics", "Prometheus"],
        "gongkai": ["Foundation", "ArgumentParser", "DisclosureRules", "DisclosureService", "DisclosureWeb", "Glibc"],
    ]

    static var sources: URL {
        var u = URL(fileURLWithPath: #filePath)
        while u.path != "/" {
            u.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: u.appendingPathComponent("Package.swift").path) { break }
        }
        return u.appendingPathComponent("Sources")
    }

    @Test func everyTargetImportsOnlyWhatItsLayerMay() throws {
        var violations: [String] = []
        var seen = Set<String>()
        let targets = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path)
        for target in targets {
            guard let allowed = Self.allowed[target] else { continue }
            seen.insert(target)
            let dir = Self.sources.appendingPathComponent(target)
            guard let files = FileManager.default.enumerator(atPath: dir.path) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let code = line.components(separatedBy: "//")[0]
                    var words = code.split(separator: " ").map(String.init).filter { !$0.hasPrefix("@") }
                    guard words.first == "import", words.count >= 2 else { continue }
                    words.removeFirst()
                    if ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias"].contains(words[0]), words.count >= 2 { words.removeFirst() }
                    let module = words[0].split(separator: ".").first.map(String.init)!
                    if !allowed.contains(module) { violations.append("\(target)/\(file): import \(module)") }
                }
            }
        }
        #expect(seen == Set(Self.allowed.keys), "targets checked: \(seen.sorted())")
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }

    /// The check can fail: a front end reaching the store is named.
    @Test func aWrongArrowIsFound() {
        #expect(!(Self.allowed["gongkai"]!.contains("DisclosureStore")))
        #expect(!(Self.allowed["DisclosureWeb"]!.contains("DisclosureStore")) && !(Self.allowed["DisclosureWeb"]!.contains("FluentKit")))
        #expect(!(Self.allowed["DisclosureStore"]!.contains("DisclosureReaders")))
        #expect(Self.allowed["DisclosureRules"] == ["Foundation", "FoundationEssentials"])
    }
}
