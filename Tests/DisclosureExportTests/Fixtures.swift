import DisclosureReaders
import DisclosureRules
import Foundation

/// Reports built from scratch for the export tests: every table 三 cell a distinct number, rows and columns
/// consistent (R1, I1, I2), table 四 consistent (I3), six section texts, a date within the deadline.
enum Fixtures {
    static func report(_ format: ReportFormat) -> AnnualReport {
        let year = format == .f2021 ? 2021 : 2020
        var r = AnnualReport(format: format, year: year, agency: format == .f2021 ? "某市生态环境局" : "某县发展和改革委员会")
        // Table 三: outcome row k, column c = 7k + c + 1 (all distinct); 总计 = the row's sum.
        let specs = format.table3Rows
        var totals = Array(repeating: 0, count: 6)
        var k = 0
        for spec in specs where spec.role == .outcome {
            let v = (0..<6).map { 7 * k + $0 + 1 }
            for c in 0..<6 { totals[c] += v[c] }
            r.setTable3(spec.id, v + [v.reduce(0, +)])
            k += 1
        }
        let carriedIn = [3, 0, 2, 1, 0, 4]
        let carriedOver = [5, 1, 0, 2, 6, 0]
        let new = (0..<6).map { totals[$0] + carriedOver[$0] - carriedIn[$0] }
        r.setTable3("total", totals + [totals.reduce(0, +)])
        r.setTable3("carriedIn", carriedIn + [carriedIn.reduce(0, +)])
        r.setTable3("carriedOver", carriedOver + [carriedOver.reduce(0, +)])
        r.setTable3("new", new + [new.reduce(0, +)])
        // Table 四: three groups, each 维持 + 纠正 + 其他 + 尚未审结 = 总计.
        for g in 0..<3 {
            let v = [g + 1, g + 2, g, 1]
            for (i, x) in (v + [v.reduce(0, +)]).enumerated() { r.table4.cells[g * 5 + i] = .int(x) }
        }
        // Table 二.
        switch format {
        case .f2021:
            r.setTable2(block: "20.1", row: "规章", [.number(1), .number(0), .number(12)])
            r.setTable2(block: "20.1", row: "行政规范性文件", [.number(69), .number(3), .number(665)])
            r.setTable2(block: "20.5", row: "行政许可", [.number(2293)])
            r.setTable2(block: "20.6", row: "行政处罚", [.number(1282)])
            r.setTable2(block: "20.6", row: "行政强制", [.number(42)])
            r.setTable2(block: "20.8", row: "行政事业性收费", [.number(Decimal(string: "24252.311082")!)])
        case .f2019:
            r.setTable2(block: "20.1", row: "规章", [.number(0), .number(0), .number(4)])
            r.setTable2(block: "20.1", row: "规范性文件", [.number(7), .number(7), .number(88)])
            r.setTable2(block: "20.5", row: "行政许可", [.number(312), .number(-18), .number(1406)])
            r.setTable2(block: "20.5", row: "其他对外管理服务事项", [.number(45), .number(3), .number(97)])
            r.setTable2(block: "20.6", row: "行政处罚", [.number(60), .number(-2), .number(231)])
            r.setTable2(block: "20.6", row: "行政强制", [.number(9), .number(1), .number(14)])
            r.setTable2(block: "20.8", row: "行政事业性收费", [.number(11), .number(-1)])
            r.setTable2(block: "20.9", row: "政府集中采购", [.number(38), .number(Decimal(string: "75394432.52")!)])
        }
        let texts = [
            "\(year)年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。\n全年主动公开政府信息1520条，办理依申请公开事项按期答复率100%。",
            "本机关通过门户网站、政务新媒体等渠道主动公开政府信息。",
            "本年度收到的政府信息公开申请均在法定期限内答复。",
            "因政府信息公开工作被申请行政复议、提起行政诉讼的案件均已依法办理。",
            "存在的主要问题：政策解读形式不够丰富，回应关切不够及时。\n改进情况：丰富解读形式，建立舆情回应机制。",
            "本年度未收取信息处理费。本机关无其他需要报告的事项。",
        ]
        for i in 0..<6 { r.sections[i].text = texts[i] }
        r.date = format == .f2021 ? ReportDate(2022, 1, 20) : ReportDate(2021, 1, 26)
        return r
    }

    /// `report(format)` with table 三's 2.没有现成信息需要另行制作 / 科研机构 blank and table 二's last value of the first
    /// row an unreadable text (with characters that need escaping in every format).
    static func withBlankAndText(_ format: ReportFormat) -> AnnualReport {
        var r = report(format)
        r.setTable3("unable.2", 2, .blank)
        r.setTable2(block: "20.1", row: "规章", [.number(1), .number(0), .text("暂无<统计>&\"数据\",待补")])
        return r
    }

    /// Every cell of tables 二, 三 and 四 by a readable key.
    static func cells(_ r: AnnualReport, tables: Set<String> = ["表二", "表三", "表四"]) -> [String: CellValue] {
        var out: [String: CellValue] = [:]
        if tables.contains("表二") {
            for b in r.table2 {
                for row in b.rows {
                    for (c, cell) in row.cells.enumerated() { out["表二 \(b.spec.item) \(row.label) \(b.spec.columns[c])"] = cell.value }
                }
            }
        }
        if tables.contains("表三") {
            for row in r.table3 {
                for (c, cell) in row.cells.enumerated() { out["表三 \(row.label) \(ReportFormat.table3Columns[c])"] = cell.value }
            }
        }
        if tables.contains("表四") {
            for (c, cell) in r.table4.cells.enumerated() {
                out["表四 \(ReportFormat.table4Groups[c / 5]) \(ReportFormat.table4Columns[c % 5])"] = cell.value
            }
        }
        return out
    }

    /// Differences between two cell maps, one line each ("key: expected → got").
    static func differences(_ a: [String: CellValue], _ b: [String: CellValue]) -> [String] {
        Set(a.keys).union(b.keys).sorted().compactMap { k in
            a[k] == b[k] ? nil : "\(k): \(a[k].map { "\($0)" } ?? "无") → \(b[k].map { "\($0)" } ?? "无")"
        }
    }

    /// A finding without its source position (positions differ between formats by nature).
    static func key(_ f: Finding) -> String {
        "\(f.rule.rawValue)|\(f.severity.rawValue)|\(f.table)|\(f.row ?? "")|\(f.column ?? "")|\(f.message)"
    }

    /// A fresh temporary directory.
    static func tempDir() throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    /// An executable on PATH.
    static func tool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
            return "\(dir)/\(name)"
        }
        return nil
    }

    /// Runs a program; returns its exit status and standard output.
    @discardableResult
    static func run(_ tool: String, _ args: [String], environment: [String: String]? = nil) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        if let environment { p.environment = environment }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
