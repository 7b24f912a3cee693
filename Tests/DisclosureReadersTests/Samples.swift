import DisclosureReaders
import DisclosureRules
import Foundation

/// The real published reports in ../shared/samples/reports (read, never copied into the repo).
enum Samples {
    static let root: URL = {
        var u = URL(fileURLWithPath: #filePath)
        while u.path != "/" {
            u.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: u.appendingPathComponent("Package.swift").path) { break }
        }
        return u.deletingLastPathComponent().appendingPathComponent("shared/samples/reports")
    }()
    static func url(_ name: String) -> URL { root.appendingPathComponent(name) }
    static func read(_ name: String, options: ReadOptions = ReadOptions()) throws -> AnnualReport {
        try ReportReader.read(url: url(name), options: options)
    }
    static func values(_ row: TableRow?) -> [Int?] { row?.cells.map { $0.value.integer } ?? [] }
}

/// Expected table 三/四 cells of 平潭 2021 (shared/cases/audit.md): rows not listed are all 0.
enum Pingtan2021 {
    static let table3: [String: [Int]] = [
        "new": [64, 0, 0, 2, 0, 4, 70],
        "carriedIn": [0, 0, 0, 0, 0, 0, 0],
        "granted": [27, 0, 0, 2, 0, 1, 30],
        "partlyGranted": [5, 0, 0, 0, 0, 0, 5],
        "refused.5": [1, 0, 0, 0, 0, 0, 1],
        "refused.7": [6, 0, 0, 0, 0, 0, 6],
        "refused.8": [1, 0, 0, 0, 0, 0, 1],
        "unable.1": [22, 0, 0, 0, 0, 3, 25],
        "other.3": [1, 0, 0, 0, 0, 0, 1],
        "total": [63, 0, 0, 2, 0, 4, 69],
        "carriedOver": [1, 0, 0, 0, 0, 0, 1],
    ]
    static let table4 = [1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0]

    static func expected(_ id: String) -> [Int?] { (table3[id] ?? [0, 0, 0, 0, 0, 0, 0]).map { Optional($0) } }
}
