import DisclosureRules
import DisclosureStore
import Foundation

/// The demo of `gongkai serve --demo`: a city (示例市), its government office and three departments, applications from
/// the first day of last year to today in every state and outcome of table 三 (some overdue, some awaiting a
/// correction, a consultation or a payment), appeals, and last year's reports published. Every name, number and
/// text is generated (identity numbers and credit codes carry valid check characters, so the forms accept them); the
/// pages say 演示数据. The same seed gives the same records.
public struct DemoData {
    /// The password of every demo account (they need not change it: this is the demo database).
    public static let password = "gongkai-demo"

    /// The accounts made: username, role label, agency.
    public struct Account: Sendable { public var username: String; public var role: String; public var agency: String }

    public struct Summary: Sendable {
        public var accounts: [Account]
        public var applications: Int
        public var open: Int
        public var appeals: Int
        public var publishedReports: Int
        /// Steps the generator tried that the rules refused (none expected; each is a message).
        public var skipped: [String]
    }
}

/// SplitMix64: a small seeded generator, so the demo is the same on every start.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Service {
    /// Fills an empty database with the demo (see `DemoData`), as of `now`.
    /// - Throws: `ServiceError` (`conflict` when the database already has agencies).
    public func seedDemo(hasher: any PasswordHashing, now: Date = Date(), perWorkingDay: Double = 0.3) async throws -> DemoData.Summary {
        if try await !agencies().isEmpty { throw ServiceError(.conflict, "演示数据只能写入空数据库") }
        var rng = SeededGenerator(state: 20_190_515)
        let system = StaffMember.system
        let clerk = Actor(name: "演示承办人", role: .handler), registrar = Actor(name: "演示登记员", role: .registrar)
        let head = Actor(name: "演示负责人", role: .head)

        // Agencies and their offices.
        _ = try await addAgency(code: "city", name: "示例市人民政府", kind: .government)
        let departments: [(code: String, name: String, topics: [String])] = [
            ("city-office", "示例市人民政府办公室", ["市政府常务会议纪要", "政府工作报告起草说明", "重点民生实事项目清单", "市政府规章清理结果"]),
            ("edu", "示例市教育局", ["义务教育学校招生划片方案", "民办学校收费备案材料", "教师招聘考试成绩及录取名单", "校舍安全检查报告"]),
            ("nr", "示例市自然资源局", ["国有土地使用权出让合同", "城中村改造项目规划许可", "不动产登记办理流程", "征收土地补偿安置方案"]),
            ("env", "示例市生态环境局", ["重点排污单位监测数据", "建设项目环境影响评价批复", "环境信访投诉处理结果", "大气污染防治专项资金使用情况"]),
        ]
        for (i, d) in departments.enumerated() {
            _ = try await addAgency(code: d.code, name: d.name, parentCode: "city", kind: .department)
            try await store.setAgencyOffice(code: d.code, office: .init(
                name: "\(d.name)政府信息公开工作机构", address: "示例市人民大道 \(100 + i * 20) 号 \(i + 1) 楼政务服务窗口",
                phone: "0951-\(6_100_000 + i * 1111)", hours: "工作日 9:00—12:00，13:30—17:00", email: "gongkai\(i + 1)@example.gov.cn"),
                actor: system.actor, now: now)
        }

        // Accounts.
        let hash = try hasher.hash(DemoData.password)
        let accounts: [(String, String, StaffRole, String?)] = [
            ("admin", "演示管理员", .admin, nil), ("clerk", "演示承办人", .handler, "edu"), ("registrar", "演示登记员", .registrar, "edu"),
            ("head", "演示负责人", .head, "edu"), ("oversight", "演示主管部门", .oversight, "city"),
        ]
        for (u, name, role, agency) in accounts {
            _ = try await store.addUser(username: u, displayName: name, role: role, agencyCode: agency, passwordHash: hash, mustChangePassword: false,
                                        actor: system.actor, now: now)
        }

        let calendar = try await store.workingCalendar()
        let today = try CalendarDate.today(in: TimeZone(identifier: "Asia/Shanghai")!, now: now)
        guard let first = CalendarDate(year: today.year - 1, month: 1, day: 1) else { throw ServiceError(.configuration, "日期无效") }
        var skipped: [String] = []
        var made = 0, appealsMade = 0
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾")
        let given = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "军", "强", "丽", "涛", "明", "超", "秀英", "建华", "晓东", "海燕"]
        let orgs: [(ApplicantKind, String)] = [
            (.commercialEnterprise, "示例市宏达建设有限公司"), (.commercialEnterprise, "示例市绿源环保科技有限公司"),
            (.researchInstitution, "示例大学公共管理研究中心"), (.socialWelfareOrganization, "示例市自然之友环保志愿者协会"),
            (.legalServiceInstitution, "示例市明正律师事务所"), (.other, "示例市东城区幸福里社区居民委员会"),
        ]
        let channels: [(SubmissionChannel, Double)] = [(.online, 0.5), (.inPerson, 0.2), (.mailSigned, 0.15), (.mailOrdinary, 0.08), (.fax, 0.07)]
        let decisions = Outcome.allCases.filter { $0 != .other1 && $0 != .other2 }  // those two come from the lapse steps

        func pick<T>(_ options: [(T, Double)]) -> T {
            var x = Double.random(in: 0..<1, using: &rng)
            for (o, w) in options { if x < w { return o }; x -= w }
            return options.last!.0
        }
        func later(_ d: CalendarDate, _ range: ClosedRange<Int>) -> CalendarDate? {
            try? calendar.addingWorkingDays(Int.random(in: range, using: &rng), to: d)
        }

        // When a step is recorded: its own day, in office hours (so the event log reads as a year of work), never later
        // than now.
        let zone = TimeZone(identifier: "Asia/Shanghai")!
        func moment(_ d: CalendarDate) -> Date {
            var c = DateComponents()
            c.year = d.year; c.month = d.month; c.day = d.day; c.hour = 9 + d.dayNumber % 8; c.minute = (d.dayNumber * 7) % 60
            var cal = Calendar(identifier: .gregorian)
            cal.timeZone = zone
            return min(cal.date(from: c) ?? now, now)
        }

        var day = first
        while day <= today {
            defer { day = day.adding(days: 1) }
            guard (try? calendar.isWorkingDay(day)) == true else { continue }
            for dept in departments {
                guard Double.random(in: 0..<1, using: &rng) < perWorkingDay else { continue }
                // The applicant.
                let roll = Double.random(in: 0..<1, using: &rng)
                let input: ApplicantInput
                if roll < 0.78 {
                    let name = String(surnames.randomElement(using: &rng)!) + given.randomElement(using: &rng)!
                    let birth = CalendarDate(year: Int.random(in: 1955...2003, using: &rng), month: Int.random(in: 1...12, using: &rng),
                                             day: Int.random(in: 1...28, using: &rng))!
                    input = ApplicantInput(kind: .naturalPerson, name: name, idNumber: Identifier.makeResidentID(region: "640502", birth: birth,
                                                                                                                sequence: Int.random(in: 0...999, using: &rng)),
                                           phone: "13\(Int.random(in: 100_000_000...999_999_999, using: &rng))",
                                           address: "示例市\(["东城区", "西城区", "新区"].randomElement(using: &rng)!)幸福路 \(Int.random(in: 1...300, using: &rng)) 号")
                } else {
                    let (kind, name) = orgs.randomElement(using: &rng)!
                    let body = "91640500" + String((0..<9).map { _ in Array("0123456789ABCDEFGH")[Int.random(in: 0..<18, using: &rng)] })
                    input = ApplicantInput(kind: kind, name: name, idNumber: Identifier.makeUnifiedSocialCreditCode(body),
                                           phone: "0951-\(Int.random(in: 5_000_000...6_999_999, using: &rng))", email: "contact@example.com")
                }
                let topic = dept.topics.randomElement(using: &rng)!
                let year = Int.random(in: (today.year - 3)...today.year, using: &rng)
                let text = "申请公开\(dept.name)\(year)年\(topic)（全文）。"
                let details = RequestDetails(title: "\(year)年\(topic)", documentNumber: Bool.random(using: &rng) ? "示\(dept.code.prefix(2).uppercased())发〔\(year)〕\(Int.random(in: 1...80, using: &rng))号" : nil,
                                             form: pick([(ProvisionForm.electronic, 0.6), (.paper, 0.4)]),
                                             delivery: pick([(DeliveryMethod.email, 0.4), (.post, 0.3), (.online, 0.2), (.collect, 0.1)]))
                let app: ApplicationRecord
                do {
                    app = try await store.receive(agencyCode: dept.code, applicant: input, channel: pick(channels), text: text, receivedDate: day,
                                                  details: details, actor: registrar, now: moment(day)).application
                } catch { skipped.append("收件 \(day)：\(error)"); continue }
                made += 1
                let code = app.queryCode
                let outcome = Double.random(in: 0..<1, using: &rng) < 0.45 ? (Bool.random(using: &rng) ? Outcome.granted : .partlyGranted)
                    : decisions.randomElement(using: &rng)!
                // The path through the lifecycle; a step after today is not taken (the application stays open there).
                func step(_ d: CalendarDate?, _ body: (CalendarDate) async throws -> Void) async -> CalendarDate? {
                    guard let d, d <= today else { return nil }
                    do { try await body(d); return d } catch { skipped.append("\(code) \(d)：\(error)"); return nil }
                }
                var decided: CalendarDate?
                let path = Double.random(in: 0..<1, using: &rng)
                let age = (try? calendar.workingDays(after: day, through: today)) ?? 0
                if path < 0.58 {
                    decided = await step(later(day, 2...18)) { try await self.store.decide(code: code, outcome: outcome, on: $0, actor: clerk, now: moment($0)) }
                } else if path < 0.70 {
                    if let asked = await step(later(day, 1...6), { try await self.store.requestCorrection(code: code, on: $0, actor: clerk, now: moment($0)) }) {
                        if Double.random(in: 0..<1, using: &rng) < 0.8 {
                            if let fixed = await step(later(asked, 2...10), { try await self.store.correctionReceived(code: code, on: $0, actor: registrar, now: moment($0)) }) {
                                decided = await step(later(fixed, 3...15)) { try await self.store.decide(code: code, outcome: outcome, on: $0, actor: clerk, now: moment($0)) }
                            }
                        } else {
                            decided = await step(later(asked, 16...22)) { try await self.store.correctionLapsed(code: code, on: $0, actor: clerk, now: moment($0)) }
                        }
                    }
                } else if path < 0.80 {
                    let kind: ConsultationKind = Bool.random(using: &rng) ? .thirdParty : .otherAgency
                    if let sent = await step(later(day, 3...8), { try await self.store.startConsultation(code: code, kind: kind, sent: $0, actor: clerk, now: moment($0)) }) {
                        if let replied = await step(later(sent, 4...14), { try await self.store.consultationReplied(code: code, replied: $0, actor: registrar, now: moment($0)) }) {
                            decided = await step(later(replied, 2...8)) { try await self.store.decide(code: code, outcome: outcome, on: $0, actor: clerk, now: moment($0)) }
                        }
                    }
                } else if path < 0.88 {
                    let days = Int.random(in: 10...20, using: &rng)
                    if await step(later(day, 14...18), { try await self.store.extend(code: code, days: days, on: $0, actor: head, now: moment($0)) }) != nil {
                        decided = await step(later(day, 22...(19 + days))) { try await self.store.decide(code: code, outcome: outcome, on: $0, actor: clerk, now: moment($0)) }
                    }
                } else if path < 0.93 {
                    let pages = Int.random(in: 40...400, using: &rng)
                    if let notice = await step(later(day, 4...10), {
                        _ = try await self.store.sendFeeNotice(code: code, basis: nil, pages: pages, noticeReceived: $0, actor: clerk, now: moment($0))
                    }) {
                        if Double.random(in: 0..<1, using: &rng) < 0.7 {
                            if let paid = await step(later(notice, 2...12), { try await self.store.feePaid(code: code, on: $0, actor: registrar, now: moment($0)) }) {
                                decided = await step(later(paid, 2...8)) { try await self.store.decide(code: code, outcome: outcome, on: $0, actor: clerk, now: moment($0)) }
                            }
                        } else {
                            decided = await step(later(notice, 21...24)) { try await self.store.feeLapsed(code: code, on: $0, actor: clerk, now: moment($0)) }
                        }
                    }
                } else if age > 45 {
                    // Older stalled ones are answered late; recent ones stay open past their due date (the overdue list).
                    decided = await step(later(day, 24...35)) { try await self.store.decide(code: code, outcome: outcome, on: $0, actor: clerk, now: moment($0)) }
                }
                // An appeal against some answers.
                if let decided, [.partlyGranted, .refused3, .refused5, .unable1, .notProcessed2].contains(outcome),
                   Double.random(in: 0..<1, using: &rng) < 0.35, let filed = later(decided, 10...40), filed <= today {
                    let kind = pick([(AppealKind.reconsideration, 0.7), (.litigationDirect, 0.2), (.litigationAfterReconsideration, 0.1)])
                    var result = pick([(AppealResult.upheld, 0.55), (.corrected, 0.15), (.other, 0.1), (.pending, 0.2)])
                    var concluded = result == .pending ? nil : later(filed, 20...60)
                    if concluded == nil || concluded! > today { concluded = nil; result = .pending }
                    do {
                        _ = try await store.addAppeal(agencyCode: dept.code, applicationCode: code, kind: kind, filed: filed, result: result,
                                                      concluded: concluded, actor: clerk, now: now)
                        appealsMade += 1
                    } catch { skipped.append("复议诉讼 \(code)：\(error)") }
                }
            }
        }

        // Every open state, in every department, whatever the draws gave: a correction awaited, a consultation
        // pending, a fee unpaid, an extension granted, and one application overdue.
        let recent = { (n: Int) -> CalendarDate in
            var d = today, k = 0
            while k < n { d = d.adding(days: -1); if (try? calendar.isWorkingDay(d)) == true { k += 1 } }
            return d
        }
        for dept in departments {
            let person = ApplicantInput(kind: .naturalPerson, name: "演示申请人", idNumber: Identifier.makeResidentID(
                region: "640502", birth: CalendarDate(year: 1990, month: 5, day: 1)!, sequence: dept.code.count), phone: "13800000000")
            func fresh(_ age: Int, _ what: String) async -> String? {
                do {
                    made += 1
                    return try await store.receive(agencyCode: dept.code, applicant: person, channel: .online, text: "申请公开\(dept.name)\(what)。",
                                                   receivedDate: recent(age), details: RequestDetails(title: what), actor: registrar, now: moment(recent(age))).application.queryCode
                } catch { made -= 1; skipped.append("收件：\(error)"); return nil }
            }
            do {
                if let c = await fresh(6, "政府信息公开工作年度报告编制说明") {
                    _ = try await store.requestCorrection(code: c, on: recent(3), actor: clerk, now: moment(recent(3)))
                }
                if let c = await fresh(7, "专项资金分配结果") {
                    _ = try await store.startConsultation(code: c, kind: .thirdParty, sent: recent(4), actor: clerk, now: moment(recent(4)))
                }
                if let c = await fresh(8, "历年统计年鉴全部附表（约 300 页）") {
                    _ = try await store.sendFeeNotice(code: c, basis: nil, pages: 300, noticeReceived: recent(2), actor: clerk, now: moment(recent(2)))
                }
                if let c = await fresh(18, "重大项目论证材料") {
                    _ = try await store.extend(code: c, days: 15, on: recent(1), actor: head, now: moment(recent(1)))
                }
                _ = await fresh(26, "会议纪要")
            } catch { skipped.append("\(dept.name) 示例状态：\(error)") }
        }

        // Last year's reports, published on 20 January (条例第四十九条: by 31 January).
        var published = 0
        if let date = CalendarDate(year: today.year, month: 1, day: 20), date <= today {
            let format = ReportFormat.applicable(toYear: today.year - 1)
            for d in departments {
                // Table 二 (条例第二十条): plausible figures for every row.
                for block in format.table2Blocks {
                    for row in block.rows {
                        let values = block.columns.map { c -> String in
                            c.contains("万元") || c.contains("金额") ? "\(Int.random(in: 1...500, using: &rng)).\(Int.random(in: 1...9, using: &rng))"
                                : "\(Int.random(in: c.contains("现行有效") ? 5...60 : 0...12, using: &rng))"
                        }
                        try await setProactiveFigures(agencyCode: d.code, year: today.year - 1, block: block.id, row: row, values: values, by: system, now: now)
                    }
                }
                try await setReportText(agencyCode: d.code, year: today.year - 1, section: 1,
                                        text: "\(today.year - 1)年，\(d.name)认真贯彻落实《中华人民共和国政府信息公开条例》，依法做好主动公开和依申请公开工作。（演示数据）",
                                        by: system, now: now)
                do {
                    try await publishReport(agencyCode: d.code, year: today.year - 1, on: date, acknowledgeWarnings: true, by: system, now: now)
                    published += 1
                } catch { skipped.append("\(d.name) \(today.year - 1)年度报告：\(error)") }
            }
        }
        try await seedDemoDecisionCounts(today: today, now: now)
        skipped += await seedDemoCatalogue(today: today, now: now)
        await seedDemoCatalogueStaff(today: today, now: now, skipped: &skipped)
        let open = try await store.applications().filter { ApplicationState(rawValue: $0.state)?.isOpen == true }.count
        return DemoData.Summary(accounts: accounts.map { .init(username: $0.0, role: $0.2.label, agency: $0.3 ?? "") }, applications: made, open: open,
                                appeals: appealsMade, publishedReports: published, skipped: skipped)
    }
}
