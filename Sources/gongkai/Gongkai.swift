import ArgumentParser
import Foundation

@main
struct Gongkai: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gongkai",
        abstract: "公开 Gongkai：政府信息公开工作（年度报告审核等）。",
        subcommands: [Audit.self]
    )
}
