import ArgumentParser
import DisclosureRules
import DisclosureService
import Foundation

/// `gongkai notify`: the notification queue (issue 11, notifications) — for a cron job or a one-off run; `gongkai
/// serve` runs the same every few minutes when mail is configured.
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify", abstract: "通知：排队并发送申请人通知、到期与逾期提醒、每日待办、每周逾期清单（邮件经 msmtp 发送）。",
        discussion: """
        邮件设置取自环境变量：GONGKAI_SMTP_HOST、GONGKAI_SMTP_PORT（默认 25）、GONGKAI_SMTP_TLS（off|starttls|on）、
        GONGKAI_SMTP_USER 与 GONGKAI_SMTP_PASSWORD、GONGKAI_MAIL_FROM、GONGKAI_SENDMAIL（默认 msmtp）、GONGKAI_PUBLIC_URL（邮件中的链接）。
        """,
        subcommands: [Run.self, Outbox.self, Retry.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run", abstract: "把到期的通知排入发件箱并发送（提醒只在工作日产生；每件申请每个答复期限只提醒一次）。")
        @Option(name: .long, help: "按哪一天产生提醒（YYYY-MM-DD，默认北京时间今天）。") var date: String?
        @Flag(name: .long, help: "只排队，不发送。") var queueOnly = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let day = try date.map { try parseDate($0, "--date") }
            let mail: MailSettings?
            do { mail = try MailSettings.fromEnvironment() } catch { fail(describe(error)) }
            if mail == nil && !queueOnly { fail("未配置邮件服务器：请设置 GONGKAI_SMTP_HOST 和 GONGKAI_MAIL_FROM，或加 --queue-only 只排队") }
            try await store.run { s in
                let r = try await s.prepareNotifications(on: day, publicURL: mail?.publicURL)
                print("\(r.day)\(r.workingDay ? "（工作日）" : "（非工作日：不产生提醒和每日待办）")")
                print("排队：申请人通知 \(r.applicantMessages) 封，到期/逾期提醒 \(r.reminders) 封，每日待办 \(r.digests) 封，每周逾期清单 \(r.weeklyLists) 封")
                if !r.agenciesWithoutEmail.isEmpty {
                    print("未设置受理机构电子邮箱，未能提醒：\(r.agenciesWithoutEmail.joined(separator: "、"))（系统管理 → 机关 → 受理机构电子邮箱）")
                }
                if !r.uncomputable.isEmpty {
                    print("工作日日历未覆盖其答复期限所在年度，无法判断是否到期：\(r.uncomputable.joined(separator: "、"))")
                }
                guard let mail, !queueOnly else { return }
                let d = try await s.deliverNotifications(using: mail.transport, from: mail.from)
                print("发送：成功 \(d.sent) 封，稍后重试 \(d.retrying) 封，失败 \(d.failed) 封（\(mail.summary)）")
                if let e = d.firstError { print("首个错误：\(e)") }
            }
        }
    }

    struct Outbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "outbox", abstract: "列出发件箱：已发送、待发送和发送失败的通知。")
        @Option(name: .long, help: "状态：queued（待发送）、sending、sent（已发送）、failed（发送失败）。") var status: String?
        @Option(name: .long, help: "页码（每页 50 条）。") var page = 1
        @Flag(name: .long, help: "输出 JSON。") var json = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let p = try await store.run { try await $0.outbox(status: status, page: page, by: .system) }
            if json {
                let e = JSONEncoder()
                e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try e.encode(p.items), as: UTF8.self))
                return
            }
            print("待发送 \(p.counts["queued"] ?? 0) · 发送中 \(p.counts["sending"] ?? 0) · 已发送 \(p.counts["sent"] ?? 0) · 发送失败 \(p.counts["failed"] ?? 0)")
            for i in p.items {
                print("\(i.created)\t\(i.statusLabel)\t\(i.kindLabel)\t\(i.recipient)\t\(i.subject)\(i.lastError.map { "\t（第 \(i.attempts) 次：\($0)）" } ?? "")\t\(i.id.prefix(8))")
            }
            if p.pageCount > 1 { print("第 \(p.page)/\(p.pageCount) 页，共 \(p.total) 条") }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "retry", abstract: "把发送失败的通知重新排队。")
        @Argument(help: "通知编号（gongkai notify outbox --json 的 id）。") var id: String
        @OptionGroup var store: StoreOptions
        func run() async throws {
            try await store.run { try await $0.retryNotification(id: id, by: .system) }
            print("已重新排队，下次发送时投递")
        }
    }
}
