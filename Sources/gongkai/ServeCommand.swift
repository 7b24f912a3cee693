import ArgumentParser
import DisclosureRules
import DisclosureService
import DisclosureWeb
import Foundation

/// `gongkai serve`: the web platform — public portal, staff back office, JSON API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "启动政府信息公开平台（公众门户、工作人员后台、JSON 接口）。首次启动创建数据库和系统管理员账号并打印一次性密码。",
        discussion: """
            数据库：设置 DATABASE_URL 时使用 PostgreSQL，否则为 SQLite 文件（--db，默认 $GONGKAI_DB 或 ./gongkai.sqlite）。
            --demo 使用单独的演示数据库（./gongkai-demo.sqlite，每次启动重新生成），不读写正式数据库；每个页面标注“演示数据”。
            其他设置见 docs/configuration.md（GONGKAI_SECURE_COOKIES、GONGKAI_TRUST_PROXY、GONGKAI_SESSION_HOURS 等）。
            """)

    @Option(name: .long, help: "监听地址（默认 127.0.0.1；对外服务用 0.0.0.0）。") var hostname = "127.0.0.1"
    @Option(name: .long, help: "端口（默认 8080；0 表示任选空闲端口）。") var port = 8080
    @Flag(name: .long, help: "演示模式：单独的演示数据库，填充生成的演示数据。") var demo = false
    @Flag(name: .long, help: "只检查配置、数据库和页面模板，不启动服务（部署前检查用）。") var check = false
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port 应为 0 至 65535，收到 \(port)") }
        guard !hostname.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--hostname 不能为空（本机用 127.0.0.1，对外服务用 0.0.0.0）") }
        if demo && (store.db != nil || ProcessInfo.processInfo.environment["DATABASE_URL"]?.isEmpty == false) {
            throw ValidationError("--demo 使用单独的演示数据库 ./gongkai-demo.sqlite，不能同时指定 --db 或 DATABASE_URL")
        }
    }

    func run() async throws {
        var settings: WebSettings
        do { settings = try WebSettings.fromEnvironment() } catch { fail(describe(error)) }
        settings.demo = demo
        let location: DatabaseLocation
        if demo {
            let path = FileManager.default.currentDirectoryPath + "/gongkai-demo.sqlite"
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            location = .sqliteFile(path)
        } else {
            location = store.location
        }
        let service: Service
        do { service = try await Service.open(location, create: true) } catch { fail(describe(error)) }
        let hasher = WebServer.hasher(cost: settings.bcryptCost)
        if check {
            do { try await WebServer.check(service: service, settings: settings) } catch { await service.close(); fail(describe(error)) }
            await service.close()
            print("配置检查通过：数据库 \(location.safeDescription)，页面模板和语言文件齐全；监听 \(hostname):\(port)（未启动）")
            return
        }
        do {
            if demo {
                print("正在生成演示数据（\(location.safeDescription)）……")
                let s = try await service.seedDemo(hasher: hasher)
                print("演示数据：\(s.applications) 件申请（\(s.open) 件未办结）、\(s.appeals) 件复议诉讼、\(s.publishedReports) 份已发布的年度报告。")
                print("演示账号（密码均为 \(DemoData.password)）：" + s.accounts.map { "\($0.username)（\($0.role)\($0.agency.isEmpty ? "" : "，\($0.agency)")）" }.joined(separator: "、"))
                // The outbox shows what today's reminders and digests would be (the generated history is not news).
                try await service.skipApplicantHistory()
                let n = try await service.prepareNotifications(publicURL: settings.mail?.publicURL)
                print("通知：今天的提醒 \(n.reminders) 封、每日待办 \(n.digests) 封、每周逾期清单 \(n.weeklyLists) 封已排入发件箱（/staff/outbox）"
                      + (settings.mail == nil ? "；未配置邮件服务器，不发送" : ""))
                if !s.skipped.isEmpty {
                    print("注意：生成时有 \(s.skipped.count) 个步骤被规则拒绝：")
                    for line in s.skipped.prefix(10) { print("  " + line) }
                }
            } else if let admin = try await service.ensureAdministrator(hasher: hasher) {
                print("已创建系统管理员账号：用户名 \(admin.username)，一次性密码 \(admin.password)")
                print("（请立即登录 /staff/login 修改密码；此密码只显示这一次。）")
            }
            print("数据库：\(location.safeDescription)")
            try await WebServer.run(service: service, settings: settings, hostname: hostname, port: port) { address in
                print("政府信息公开平台已启动：\(address)  （工作人员登录：\(address)staff/login；按 Ctrl+C 停止）")
                fflush(nil)
            }
        } catch {
            await service.close()
            fail(describe(error))
        }
        await service.close()
    }
}
