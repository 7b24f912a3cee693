import ArgumentParser
import DisclosureRules
import DisclosureService
import Foundation

/// `gongkai clock`: the answer deadline of one application (条例第三十条至第三十五条) with the reasoning, on the
/// working-day calendar in force: the database's (bundled notices plus imported ones and days off) when there is a
/// database, else the bundled one. Unknown years, bad dates and refused extensions end with a Chinese message on stderr.
struct ClockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clock",
        abstract: "计算依申请公开的答复期限（条例第三十条至第三十五条），并说明计算过程。",
        discussion: """
        工作日按国务院办公厅节假日安排计算（内置 2019—2026 年，含调休上班日）；有数据库时（--db、$GONGKAI_DB、DATABASE_URL 或当前目录的
        gongkai.sqlite）使用数据库中的日历，包括导入的通知和另行增加的休息日。期限涉及尚未载入通知的年份时拒绝计算，不按周一至周五推测。
        计算方法：起算日为第0日，其后第一个工作日为第1日，第N个工作日为期限届满日。
        退出码：0 计算完成；1 拒绝计算（年份未载入、延长被拒绝等）；64 参数错误。

        示例：
          gongkai clock --received 2024-09-27
          gongkai clock --received 2024-09-02 --consult 2024-09-09:2024-09-20 --as-of 2024-09-20
          gongkai clock --submitted 2024-09-26T23:30:00Z --channel online --extend 20 --json
        """
    )

    @Option(help: ArgumentHelp("收到申请之日（条例第三十一条）。", valueName: "YYYY-MM-DD"))
    var received: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("答复期限的工作日数（条例第三十三条：20；法律、法规另有规定时1–60）。", valueName: "N"))
    var days: String = "20"

    @Option(help: ArgumentHelp("收到补正申请之日：答复期限自该日重新计算（条例第三十条）。", valueName: "YYYY-MM-DD"))
    var corrected: String?

    @Option(help: ArgumentHelp(
        "征求意见：发出日:回复日，回复日留空表示尚未回复（期限暂停）；可重复。默认为征求第三方意见（条例第三十二条），末尾加 :other-agency 表示征求其他机关意见（条例第三十四条）。",
        valueName: "SENT:REPLIED"))
    var consult: [String] = []

    @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("延长答复期限的工作日数（条例第三十三条：最长20个工作日，只能延长一次）。", valueName: "N"))
    var extend: [String] = []

    @Option(help: ArgumentHelp("提交时间（ISO 8601，如 2024-09-26T23:30:00Z；不带时区时按 --time-zone），与 --channel 一起确定收到申请之日。",
                               valueName: "TIME"))
    var submitted: String?

    @Option(help: ArgumentHelp("与申请人确认的时刻（互联网、传真、平常信函：以确认之日为收到申请之日，条例第三十一条）。", valueName: "TIME"))
    var confirmed: String?

    @Option(help: ArgumentHelp("提交方式：in-person（当面提交）、mail-signed（邮寄签收）、mail-ordinary（平常信函）、online（互联网）、fax（传真）。",
                               valueName: "CHANNEL"))
    var channel: String?

    @Option(name: .customLong("time-zone"), help: ArgumentHelp("机关所在时区。", valueName: "ZONE"))
    var timeZone: String = "Asia/Shanghai"

    @Option(name: .customLong("as-of"), help: ArgumentHelp(
        "按哪一天计算已用、暂停、剩余的工作日（默认为期限届满日；有尚未回复的征求意见时默认为今天）。", valueName: "YYYY-MM-DD"))
    var asOf: String?

    @Flag(name: .long, help: "输出 JSON。")
    var json = false

    @OptionGroup var store: StoreOptions

    /// Everything parsed from the options.
    struct Parsed {
        var input: ClockInput
        var channel: SubmissionChannel?
        var submittedAt: Date?
        var zone: TimeZone
        var asOfDefaulted: Bool
        var confirmedAt: Date?
        /// Warnings about the input (Chinese), e.g. an online submission without a confirmation moment.
        var warnings: [String]
    }

    func validate() throws {
        _ = try parse(today: nil)
    }

    func run() async throws {
        let parsed: Parsed
        do { parsed = try parse(today: Date()) } catch let e as ValidationError {
            FileHandle.standardError.write(Data("错误：\(e.message)\n".utf8))
            throw ExitCode.validationFailure
        }
        // One calendar everywhere: the database's when there is one (an explicit --db must exist).
        let calendar: WorkingDayCalendar
        let calendarSource: String
        if store.isConfigured || store.exists {
            calendar = try await store.run { try await $0.workingCalendar() }
            calendarSource = "数据库（\(store.location.safeDescription)）中的日历：内置通知、导入的通知和另行增加的休息日"
        } else {
            calendar = .bundled
            calendarSource = "内置日历（国务院办公厅节假日安排 \(WorkingDayCalendar.bundled.coveredYears.first!)—\(WorkingDayCalendar.bundled.coveredYears.last!)年）"
        }
        let explanation: DueDateExplanation
        do {
            explanation = try StatutoryClock(calendar: calendar).explain(parsed.input)
        } catch let e as CalendarError {
            FileHandle.standardError.write(Data("错误：\(e.description)\n".utf8))
            throw ExitCode(1)
        } catch let e as ClockError {
            FileHandle.standardError.write(Data("错误：\(e.description)\n".utf8))
            throw ExitCode(1)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            var e = explanation
            e.warnings = parsed.warnings + e.warnings
            let output = ClockOutput(explanation: e, channel: parsed.channel,
                                     submittedAt: parsed.submittedAt.map { ISO8601DateFormatter().string(from: $0) },
                                     confirmedAt: parsed.confirmedAt.map { ISO8601DateFormatter().string(from: $0) },
                                     timeZone: parsed.zone.identifier, calendar: calendarSource)
            print(String(decoding: try encoder.encode(output), as: UTF8.self))
        } else {
            print(render(explanation, parsed, calendarSource: calendarSource))
        }
    }

    /// Parses and checks the options; `today` (only needed for an open consultation without --as-of) is `nil` in
    /// `validate()`.
    func parse(today: Date?) throws -> Parsed {
        guard let zone = TimeZone(identifier: timeZone) else {
            throw ValidationError("无法识别的时区“\(timeZone)”（例如 Asia/Shanghai）")
        }
        func date(_ text: String, _ option: String) throws -> CalendarDate {
            guard let d = CalendarDate(iso: text) else { throw ValidationError("\(option) 的日期“\(text)”无效，应为 YYYY-MM-DD 格式的真实日期") }
            do { try RecordDates.checkNotBeforeRegulations(d, field: InputField(option, option)) } catch let e as InputError {
                throw ValidationError(e.description)
            }
            return d
        }
        guard let limit = try? parseWhole(days, "--days"), (1...StatutoryClock.maximumAnswerDays).contains(limit) else {
            throw ValidationError("--days 应为1至\(StatutoryClock.maximumAnswerDays)的整数（工作日数；条例第三十三条为20），收到“\(days)”")
        }

        var receipt: CalendarDate
        var submittedAt: Date?
        var confirmedAt: Date?
        var submissionChannel: SubmissionChannel?
        var warnings: [String] = []
        func moment(_ text: String, _ option: String, _ field: InputField) throws -> Date {
            do {
                let d = try Timestamp.parse(text, field: field, timeZone: zone)
                try RecordDates.checkComputable(d, field: field)
                return d
            } catch let e as InputError { throw ValidationError("\(option)：\(e.description)") }
        }
        switch (received, submitted) {
        case (nil, nil):
            throw ValidationError("请指定 --received（收到申请之日）或 --submitted 与 --channel（提交时间和方式）")
        case (.some, .some):
            throw ValidationError("--received 与 --submitted 只能指定其一")
        case (let r?, nil):
            if channel != nil { throw ValidationError("--channel 须与 --submitted 一起使用") }
            if confirmed != nil { throw ValidationError("--confirmed 须与 --submitted、--channel 一起使用") }
            receipt = try date(r, "--received")
        case (nil, let s?):
            guard let c = channel else {
                throw ValidationError("使用 --submitted 时须指定 --channel：" + SubmissionChannel.allCases.map(\.rawValue).joined(separator: "、"))
            }
            guard let ch = SubmissionChannel(rawValue: c) else {
                throw ValidationError("--channel 只能是 " + SubmissionChannel.allCases.map { "\($0.rawValue)（\($0.chinese)）" }.joined(separator: "、") + "，收到“\(c)”")
            }
            let at = try moment(s, "--submitted", .submittedAt)
            submittedAt = at
            if let confirmed {
                guard ch.receiptNeedsConfirmation else { throw ValidationError("--confirmed 不适用于\(ch.chinese)：\(ch.receiptRule)") }
                confirmedAt = try moment(confirmed, "--confirmed", .confirmedAt)
            }
            submissionChannel = ch
            do { receipt = try ch.receiptDate(submittedAt: at, confirmedAt: confirmedAt, timeZone: zone) } catch let e as InputError {
                throw ValidationError(e.description)
            }
            if let w = ch.confirmationWarning(confirmedAt: confirmedAt) { warnings.append(w) }
        }

        var consultations: [Consultation] = []
        for text in consult {
            var parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            var kind = ConsultationKind.thirdParty
            if parts.count == 3 {
                guard let k = ConsultationKind(rawValue: parts[2]) else {
                    throw ValidationError("--consult 的意见类型只能是 third-party 或 other-agency，收到“\(parts[2])”")
                }
                kind = k
                parts.removeLast()
            }
            guard parts.count == 2 else {
                throw ValidationError("--consult 应为“发出日:回复日”，如 2024-09-09:2024-09-20；尚未回复时写 2024-09-09:，收到“\(text)”")
            }
            let sent = try date(parts[0], "--consult")
            let replied = parts[1].isEmpty ? nil : try date(parts[1], "--consult")
            consultations.append(Consultation(sent: sent, replied: replied, kind: kind))
        }
        var extensions: [Int] = []
        for e in extend {
            guard let n = try? parseWhole(e, "--extend") else { throw ValidationError("--extend 应为整数（工作日数），收到“\(e)”") }
            extensions.append(n)
        }
        var asOfDate = try asOf.map { try date($0, "--as-of") }
        var defaulted = false
        if asOfDate == nil, consultations.contains(where: { $0.replied == nil }), let today {
            asOfDate = try? CalendarDate.from(today, timeZone: zone)
            defaulted = true
        }
        let input = ClockInput(receiptDate: receipt, limitDays: limit, correctedReceiptDate: try corrected.map { try date($0, "--corrected") },
                               consultations: consultations, extensions: extensions, asOf: asOfDate)
        return Parsed(input: input, channel: submissionChannel, submittedAt: submittedAt, zone: zone, asOfDefaulted: defaulted,
                      confirmedAt: confirmedAt, warnings: warnings)
    }

    func render(_ e: DueDateExplanation, _ p: Parsed, calendarSource: String) -> String {
        ClockSummary.lines(e, submission: p.channel.map { ClockSummary.Submission(channel: $0, submittedAt: p.submittedAt!, confirmedAt: p.confirmedAt) },
                           timeZone: p.zone, asOfIsToday: p.asOfDefaulted, calendarSource: calendarSource, warnings: p.warnings).joined(separator: "\n")
    }
}

/// `gongkai clock --json`: the explanation's fields plus how the receipt date was determined.
struct ClockOutput: Encodable {
    var explanation: DueDateExplanation
    var channel: SubmissionChannel?
    var submittedAt: String?
    var confirmedAt: String?
    var timeZone: String
    /// Which working-day calendar was used (the database's or the bundled one).
    var calendar: String

    enum Keys: String, CodingKey { case channel, submittedAt, confirmedAt, timeZone, calendar }

    func encode(to encoder: any Encoder) throws {
        try explanation.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encodeIfPresent(channel, forKey: .channel)
        try c.encodeIfPresent(submittedAt, forKey: .submittedAt)
        try c.encodeIfPresent(confirmedAt, forKey: .confirmedAt)
        try c.encode(timeZone, forKey: .timeZone)
        try c.encode(calendar, forKey: .calendar)
    }
}
