import ArgumentParser
import Foundation

@main
struct Gongkai: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gongkai",
        abstract: "公开 Gongkai：政府信息公开工作——依申请公开办理、年度报告审核。",
        subcommands: [Audit.self, CompareCommand.self, RegionCommand.self, FetchCommand.self, AgencyCommand.self, ApplicationCommand.self, AppealCommand.self, ImportCommand.self,
                      CalendarCommand.self, ClockCommand.self, ReportCommand.self, CatalogueCommand.self, NotifyCommand.self, ServeCommand.self]
    )
}
