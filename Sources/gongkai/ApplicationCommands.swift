import ArgumentParser
import DisclosureRules
import DisclosureService
import Foundation

/// The letter kind named by `--kind`.
/// - Throws: `ValidationError` listing the kinds.
func letterKind(_ text: String) throws -> LetterKind {
    guard let k = LetterKind(rawValue: text) else { throw ValidationError("--kind “\(text)”不是文书种类；可用：\(LetterKind.choices)") }
    return k
}

struct ApplicationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "application", abstract: "依申请公开：登记、补正、征求意见、延期、收费、答复、文书、查询。",
        subcommands: [Receive.self, Correct.self, Consult.self, Extend.self, Fee.self, Decide.self, Letter.self, Show.self, List.self])

    /// Prints one application's summary line after an action.
    static func report(_ s: ApplicationSummary, _ verb: String) {
        print("\(verb)：\(s.queryCode) \(s.state)" + (s.dueDate.map { "，答复期限 \($0)" } ?? (s.state == "征求意见中" ? "，期限暂停（征求意见）" : ""))
              + (s.outcome.map { "，办理结果：\($0)" } ?? ""))
    }

    struct Receive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "receive", abstract: "登记一件政府信息公开申请（条例第二十九、三十一条）。")
        @Option(name: .long, help: "机关代码。") var agency: String
        @Option(name: .long, help: "申请人类型：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他。") var kind: String
        @Option(name: .long, help: "申请人姓名或名称。") var name: String
        @Option(name: .long, help: "身份证件号码（只存入数据库，任何输出都不显示；居民身份证、统一社会信用代码核对校验码）。") var idNumber: String?
        @Option(name: .long, help: "证件类型：resident-id（居民身份证，自然人默认）、uscc（统一社会信用代码，法人或其他组织默认）、passport、hk-macao-permit、taiwan-permit、foreign-permanent-residence、other。") var idType: String?
        @Option(name: .long, help: "联系电话（同上；手机11位，固定电话带区号）。") var phone: String?
        @Option(name: .long, help: "联系地址（同上）。") var address: String?
        @Option(name: .long, help: "电子邮箱（同上）。") var email: String?
        @Option(name: .long, help: "渠道：in-person、mail-signed、mail-ordinary、online、fax。") var channel: String
        @Option(name: .long, help: "申请内容（所需政府信息的名称、文号或特征性描述，最多10000字）。") var text: String
        @Option(name: .long, help: "提交时刻（ISO 8601，如 2024-09-26T23:30:00Z；不带时区时按机关时区）；按机关时区确定收到日期。") var submitted: String?
        @Option(name: .long, help: "与申请人确认的时刻（平常信函、互联网、传真，条例第三十一条；须与 --submitted 一起）。") var confirmed: String?
        @Option(name: .long, help: "直接指定收到申请之日 YYYY-MM-DD（与 --submitted、--confirmed 只能给出其一）。") var received: String?
        @Flag(name: .long, help: "输出 JSON。") var json = false
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions

        func validate() throws {
            if received != nil && (submitted != nil || confirmed != nil) {
                throw ValidationError("--received 与 --submitted、--confirmed 只能给出其一：收到申请之日由提交方式和时刻确定（条例第三十一条），或直接给出")
            }
            if confirmed != nil && submitted == nil { throw ValidationError("--confirmed 须与 --submitted 一起使用") }
            if let submitted { try checkMoment(submitted, "--submitted", field: .submittedAt) }
            if let confirmed { try checkMoment(confirmed, "--confirmed", field: .confirmedAt) }
            if let received { _ = try parseDate(received, "--received") }
            if let idType, IdentityDocumentKind(text: idType) == nil {
                throw ValidationError("--id-type 只能是 " + IdentityDocumentKind.allCases.map { "\($0.rawValue)（\($0.chinese)）" }.joined(separator: "、"))
            }
        }

        func run() async throws {
            guard let k = ApplicantKind(text: kind) else { throw ValidationError("--kind “\(kind)”不是申请人类型（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他）") }
            guard let ch = SubmissionChannel(rawValue: channel) ?? SubmissionChannel(ledgerText: channel) else {
                throw ValidationError("--channel 只能是 in-person、mail-signed、mail-ordinary、online、fax，收到“\(channel)”")
            }
            let receivedDate = try received.map { try parseDate($0, "--received") }
            let actor = try who.actor(default: .registrar)
            let applicant = ApplicantDetails(kind: k, name: name, idType: idType.flatMap(IdentityDocumentKind.init(text:)), idNumber: idNumber,
                                             phone: phone, address: address, email: email)
            try await store.run { s in
                let receipt: ReceiptInput = receivedDate.map { .date($0) } ?? .moments(submitted: submitted, confirmed: confirmed)
                let r = try await s.receive(agencyCode: agency, applicant: applicant, channel: ch, text: text, receipt: receipt, by: actor)
                if json { printJSON(r.application); return }
                print("已登记，查询码 \(r.application.queryCode)；收到申请之日 \(r.application.receivedDate)"
                      + (r.application.dueDate.map { "；答复期限 \($0)（20个工作日，条例第三十三条）" } ?? ""))
                if let d = r.duplicateOf { print("注意：与 \(d) 的申请内容相同，已标记为疑似重复申请") }
                if let p = r.dueDateProblem { print("注意：暂无法计算答复期限：\(p)") }
                for w in r.warnings { print("注意：\(w)") }
            }
        }
    }

    struct Correct: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "correct", abstract: "补正（条例第三十条）：告知补正、收到补正或逾期未补正。")
        @Argument(help: "查询码。") var code: String
        @Option(name: .long, help: "告知补正的日期。") var requested: String?
        @Option(name: .long, help: "告知补正晚于收到申请后7个工作日（条例第三十条）时，说明理由（记入办理记录）。") var lateReason: String?
        @Option(name: .long, help: "收到补正申请的日期（答复期限自此重新计算）。") var received: String?
        @Option(name: .long, help: "逾期未补正、不再处理的日期（计入表三（六）1）。") var lapsed: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions

        func run() async throws {
            let given = [requested, received, lapsed].compactMap { $0 }
            guard given.count == 1 else { throw ValidationError("请给出 --requested、--received、--lapsed 中的一个") }
            if lateReason != nil && requested == nil { throw ValidationError("--late-reason 只用于 --requested（逾期告知补正的理由）") }
            try await store.run { s in
                let app: ApplicationSummary
                if let requested {
                    app = try await s.requestCorrection(code: code, on: try parseDate(requested, "--requested"), lateReason: lateReason,
                                                        by: try who.actor(default: .handler))
                }
                else if let received { app = try await s.correctionReceived(code: code, on: try parseDate(received, "--received"), by: try who.actor(default: .registrar)) }
                else { app = try await s.correctionLapsed(code: code, on: try parseDate(lapsed!, "--lapsed"), by: try who.actor(default: .handler)) }
                ApplicationCommand.report(app, "已记录")
            }
        }
    }

    struct Consult: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "consult", abstract: "征求第三方或其他机关意见（条例第三十二、三十四条），期间不计入答复期限。")
        @Argument(help: "查询码。") var code: String
        @Option(name: .long, help: "发出征求意见书的日期。") var sent: String?
        @Option(name: .long, help: "收到回复的日期。") var replied: String?
        @Option(name: .long, help: "third-party（第三方）或 other-agency（其他机关）。") var kind = "third-party"
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions

        func run() async throws {
            guard (sent == nil) != (replied == nil) else { throw ValidationError("请给出 --sent 或 --replied 中的一个") }
            guard let k = ConsultationKind(rawValue: kind) else { throw ValidationError("--kind 只能是 third-party 或 other-agency") }
            try await store.run { s in
                let app: ApplicationSummary
                if let sent { app = try await s.startConsultation(code: code, kind: k, sent: try parseDate(sent, "--sent"), by: try who.actor(default: .handler)) }
                else { app = try await s.consultationReplied(code: code, replied: try parseDate(replied!, "--replied"), by: try who.actor(default: .registrar)) }
                ApplicationCommand.report(app, "已记录")
            }
        }
    }

    struct Extend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "extend", abstract: "延长答复期限（条例第三十三条：经机构负责人同意，最长20个工作日，仅一次，须以 --role head 执行）；或按条例第三十五条确定合理期限（承办人或负责人，仅一次）。")
        @Argument(help: "查询码。") var code: String
        @Option(name: .long, parsing: .unconditional, help: "延长的工作日数（1–20）。") var days: String?
        @Option(name: .long, help: "或：按条例第三十五条确定的延迟答复合理期限（日期）。") var reasonableUntil: String?
        @Option(name: .long, help: "决定延长并告知申请人的日期（默认今天；须在答复期限届满前）。") var date: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions

        func validate() throws {
            guard (days != nil) != (reasonableUntil != nil) else { throw ValidationError("请给出 --days 或 --reasonable-until 中的一个") }
            if let days { _ = try parseWhole(days, "--days") }
            if date != nil && days == nil { throw ValidationError("--date 只用于 --days（延长答复期限的决定日期）") }
            if let date { _ = try parseDate(date, "--date") }
            if let reasonableUntil { _ = try parseDate(reasonableUntil, "--reasonable-until") }
        }

        func run() async throws {
            try await store.run { s in
                if let days {
                    let app = try await s.extend(code: code, days: try parseWhole(days, "--days"), on: try date.map { try parseDate($0, "--date") },
                                                 by: try who.actor(default: .handler))
                    ApplicationCommand.report(app, "已延期")
                }
                if let r = reasonableUntil {
                    let a = try await s.setReasonablePeriod(code: code, until: try parseDate(r, "--reasonable-until"), by: try who.actor(default: .handler))
                    ApplicationCommand.report(a, "已确定合理期限")
                }
            }
        }
    }

    struct Fee: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "fee", abstract: "信息处理费（国办函〔2020〕109号）：发出收费通知、缴费或逾期未缴费。")
        @Argument(help: "查询码。") var code: String
        @Option(name: .long, help: "申请人收到收费通知的日期。") var notice: String?
        @Option(name: .long, parsing: .unconditional, help: "按量计收的页数（不给则按件计收，按申请人当月的申请件数）。") var pages: String?
        @Option(name: .long, help: "缴费日期。") var paid: String?
        @Option(name: .long, help: "逾期未缴费、视为放弃的日期（计入表三（六）2）。") var lapsed: String?
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions

        func run() async throws {
            guard [notice, paid, lapsed].compactMap({ $0 }).count == 1 else { throw ValidationError("请给出 --notice、--paid、--lapsed 中的一个") }
            if let pages { _ = try parseWhole(pages, "--pages") }
            try await store.run { s in
                if let notice {
                    let n = try await s.sendFeeNotice(code: code, pages: try pages.map { try parseWhole($0, "--pages") },
                                                      noticeReceived: try parseDate(notice, "--notice"), by: try who.actor(default: .handler))
                    print("收费通知：\(n.amountYuan) 元（\(n.method == "per-volume" ? "按量" : "按件")计收），缴费期限 \(n.payBy)")
                    ApplicationCommand.report(n.application, "已记录")
                } else if let paid {
                    ApplicationCommand.report(try await s.feePaid(code: code, on: try parseDate(paid, "--paid"), by: try who.actor(default: .registrar)), "已缴费")
                } else {
                    ApplicationCommand.report(try await s.feeLapsed(code: code, on: try parseDate(lapsed!, "--lapsed"), by: try who.actor(default: .handler)), "已记录")
                }
            }
        }
    }

    struct Decide: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "decide", abstract: "作出答复（条例第三十六条），按年报表三的办理结果记录。")
        @Argument(help: "查询码。") var code: String
        @Option(name: .long, help: "办理结果：granted、partlyGranted、refused.1…8、unable.1…3、notProcessed.1…5、other.3，或表三的行名。") var outcome: String
        @Option(name: .long, help: "答复日期 YYYY-MM-DD。") var date: String
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions

        func run() async throws {
            guard let o = Outcome(text: outcome) else {
                throw ValidationError("--outcome “\(outcome)”不是表三的办理结果；可用：" + Outcome.allCases.map(\.rawValue).joined(separator: " "))
            }
            let d = try parseDate(date, "--date")
            try await store.run { s in
                ApplicationCommand.report(try await s.decide(code: code, outcome: o, on: d, by: try who.actor(default: .handler)), "已答复")
            }
        }
    }

    struct Letter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "letter",
            abstract: "生成一件申请的文书（Word 或 PDF）：答复书、补正告知书、延期答复告知书、征求第三方意见书、收费通知书。",
            discussion: "日期、答复决定和法律依据都取自申请记录，不必再次输入；申请人姓名按隐私规则遮盖。PDF 由 LibreOffice 转换（Debian 软件包 libreoffice-writer）。")
        @Argument(help: "查询码。") var code: String
        @Option(name: .long, help: "文书种类：decision（答复书）、correction（补正告知书）、extension（延期答复告知书）、consultation（征求第三方意见书）、fee（收费通知书）。") var kind: String
        @Option(name: .long, help: "输出文件，扩展名 .docx 或 .pdf 决定格式。") var out: String
        @Option(name: .long, help: "答复的理由（“其他处理”必填）。") var reasons: String?
        @Option(name: .long, help: "补正告知书：需要补正的事项。") var correctionItems: String?
        @Option(name: .long, help: "补正告知书：补正期限 YYYY-MM-DD。") var correctionBy: String?
        @Option(name: .long, help: "征求第三方意见书：第三方的名称。") var thirdParty: String?
        @Flag(name: .long, help: "只生成文件预览，不作为已发出的文书存入申请记录。") var preview = false
        @OptionGroup var store: StoreOptions
        @OptionGroup var who: ActorOptions

        func run() async throws {
            let k = try letterKind(kind)
            let ext = URL(fileURLWithPath: out).pathExtension.lowercased()
            guard ext == "docx" || ext == "pdf" else { throw ValidationError("--out 的扩展名须为 .docx 或 .pdf，收到“\(out)”") }
            let by = try correctionBy.map { try parseDate($0, "--correction-by") }
            let input = LetterInput(reasons: reasons, correctionItems: correctionItems, correctionBy: by, thirdParty: thirdParty)
            try await store.run { s in
                let actor = try who.actor(default: .handler)
                let data: Data
                let title: String, date: String
                if preview {
                    let file = try await s.letter(code: code, kind: k, input: input, format: ext, by: actor)
                    (data, title, date) = (file.data, file.letter.title, file.letter.date)
                } else {
                    // Issued: stored with the application (its Word document) and written to its record.
                    let (issued, file) = try await s.issueLetter(code: code, kind: k, input: input, by: actor)
                    data = ext == "pdf" ? try await s.letterFile(queryCode: code, id: issued.id, format: "pdf").data : file.data
                    (title, date) = (file.letter.title, file.letter.date)
                }
                do { try data.write(to: URL(fileURLWithPath: out)) } catch {
                    throw ValidationError("无法写入 \(out)：\(error.localizedDescription)")
                }
                print((preview ? "已生成预览" : "已发出并存入申请记录") + "：\(title)，\(out)（\(date)）")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "查看一件申请、它的答复期限说明和全部记录。")
        @Argument(help: "查询码。") var code: String
        @Option(name: .long, help: "计算日期（默认今天）。") var asOf: String?
        @Flag(name: .long, help: "输出 JSON。") var json = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let day = try asOf.map { try parseDate($0, "--as-of") }
            try await store.run { s in
                let detail = try await s.application(code: code, asOf: day)
                if json { printJSON(detail); return }
                let summary = detail.application
                print("查询码 \(summary.queryCode)  \(summary.agency)")
                print("申请人 \(summary.applicant)（\(summary.applicantKind)）  渠道 \(summary.channel)  收到 \(summary.receivedDate)")
                print("状态 \(summary.state)" + (summary.dueDate.map { "  答复期限 \($0)" } ?? "") + (summary.overdue ? "  【已逾期】" : "")
                      + (summary.outcome.map { "  办理结果 \($0)（\(summary.decidedDate ?? "")）" } ?? ""))
                if let dup = summary.duplicateOf { print("疑似重复：与 \(dup) 内容相同") }
                if let c = detail.clock { for step in c.steps { print("  · \(step)") } }
                if let p = detail.clockProblem { print("  · \(p)") }
                print("记录：")
                let f = ISO8601DateFormatter()
                for e in detail.events { print("  \(f.string(from: e.at))  \(e.kind)  \(e.actor)（\(e.role)）" + (e.detail.map { "  \($0)" } ?? "")) }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "列出申请；--overdue 只列逾期未答复的。")
        @Option(name: .long, help: "机关代码（默认全部）。") var agency: String?
        @Flag(name: .long, help: "只列已超过答复期限仍未办结的申请。") var overdue = false
        @Option(name: .long, help: "判断逾期的日期（默认今天）。") var asOf: String?
        @Flag(name: .long, help: "输出 JSON。") var json = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let day = try asOf.map { try parseDate($0, "--as-of") }
            try await store.run { s in
                let out = try await s.applications(agencyCode: agency, overdueOnly: overdue, asOf: day)
                if json { printJSON(out); return }
                if out.isEmpty { print(overdue ? "没有逾期未答复的申请（截至 \(day?.description ?? "今天")）" : "没有申请"); return }
                print("查询码\t收到日期\t答复期限\t状态\t申请人类型\t机关")
                for s in out {
                    print("\(s.queryCode)\t\(s.receivedDate)\t\(s.dueDate ?? "—")\t\(s.state)\(s.overdue ? "（逾期）" : "")\t\(s.applicantKind)\t\(s.agency)")
                }
                print("共 \(out.count) 件")
            }
        }
    }
}
