import DisclosureExport
import DisclosureRules
import DisclosureStore
import Foundation

/// The office that accepts applications (政府信息公开工作机构), as an agency sets it for its guide.
public typealias AgencyOffice = Store.AgencyOffice

/// An agency's 政府信息公开指南 (条例第十二条 proactive disclosure of the guide; 条例第二十七条 to 第四十二条 on
/// applications): who accepts applications and where, the channels and how each fixes the receipt date, the time
/// limits, and the fees — generated from the agency's settings and the rules, so it never disagrees with the clock.
public struct AgencyGuide: Sendable, Codable {
    public var agency: AgencyInfo
    public var office: AgencyOffice
    /// Each channel with how its receipt date is fixed (条例第三十一条).
    public var channels: [Channel]
    /// The time limits, one a line, each citing its article.
    public var timeLimits: [String]
    /// The fees (条例第四十二条 and 国办函〔2020〕109号), one a line.
    public var fees: [String]
    /// What an application contains (条例第二十九条), one a line.
    public var applicationContents: [String]
    /// The years of the agency's published annual reports, newest first.
    public var reportYears: [Int]

    public struct Channel: Sendable, Codable {
        public var code: String
        public var name: String
        public var receiptRule: String
    }
}

/// What the application form of the public portal sends, as typed (条例第二十九条). Every value is checked on the
/// server, and every field's problem is reported at once (`ServiceError.fieldErrors`, by the keys below).
public struct PublicApplicationForm: Sendable, Equatable, Codable {
    public var agencyCode = ""
    /// `ApplicantKind` raw value (the report's applicant columns).
    public var applicantKind = ""
    /// A person's name, or the organisation's name.
    public var applicantName = ""
    /// `IdentityDocumentKind` raw value; empty: the kind's default (居民身份证 / 统一社会信用代码).
    public var idType = ""
    /// The identity document's number, or the organisation's 统一社会信用代码.
    public var idNumber = ""
    public var phone = ""
    public var address = ""
    public var email = ""
    /// 所需政府信息的名称.
    public var infoTitle = ""
    /// 文号.
    public var documentNumber = ""
    /// 特征性描述.
    public var requestText = ""
    /// `ProvisionForm` raw value.
    public var provisionForm = ""
    /// `DeliveryMethod` raw value.
    public var deliveryMethod = ""
    public init() {}
}

/// An application submitted on the portal: what the applicant needs to follow it.
public struct PublicReceipt: Sendable, Codable {
    public var queryCode: String
    public var agency: String
    public var receivedDate: String
    /// The due date (条例第三十三条), when the calendar covers it.
    public var dueDate: String?
}

/// What anyone holding a query code sees of an application: dates, state and outcome — no name, no identifier.
public struct PublicStatus: Sendable, Codable {
    public var queryCode: String
    public var agency: String
    public var agencyCode: String
    public var channel: String
    public var receivedDate: String
    /// `ApplicationState` raw value and label.
    public var state: String
    public var stateLabel: String
    /// The answer's due date (ISO); none while the clock stands still waiting for the corrected application.
    public var dueDate: String?
    /// Why there is no due date now, or what it depends on (Chinese), when that needs saying.
    public var dueNote: String?
    public var extensionDays: Int
    public var decidedDate: String?
    public var outcome: String?
    /// The steps so far, oldest first.
    public var steps: [Step]

    public struct Step: Sendable, Codable {
        public var date: String
        public var label: String
    }
}

extension ServiceError {
    /// An application form refused field by field.
    static func form(_ errors: [String: String]) -> ServiceError {
        var e = ServiceError(.invalidInput, "申请表有 \(errors.count) 处需要修改", field: errors.keys.sorted().first,
                             details: errors.keys.sorted().map { "\($0)：\(errors[$0]!)" })
        e.fieldErrors = errors
        return e
    }
}

/// The query code as typed: spaces and dashes dropped, upper case; 10 characters of the code alphabet.
public enum QueryCodeInput {
    public static let alphabet = Set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    /// - Throws: `ServiceError` (`invalidInput`, field `queryCode`).
    public static func normalize(_ s: String) throws -> String {
        let c = String(s.uppercased().filter { !$0.isWhitespace && $0 != "-" })
        guard c.count == 10, c.allSatisfy(alphabet.contains) else {
            throw ServiceError(.invalidInput, "查询码应为 10 位字母和数字（不含 0、1、I、L、O），请核对", field: "queryCode")
        }
        return c
    }
}

extension Service {
    // MARK: Directory and guide

    /// The agency's guide (public).
    /// - Throws: `ServiceError` (`notFound`).
    public func guide(agencyCode: String) async throws -> AgencyGuide {
        try await run {
            let a = try await store.requireAgency(code: agencyCode)
            let office = try await store.agencyOffice(code: agencyCode)
            let years = try await store.publishedYears(agencyCode: agencyCode).map(\.year)
            let fees = FeeSchedule.standard
            var feeLines = ["依申请提供政府信息，不收取费用；申请人申请公开政府信息的数量、频次明显超过合理范围的，可以收取信息处理费（条例第四十二条）。"]
            let free = fees.applicationTiers.first { $0.yuanPerApplication == 0 }?.through ?? 0
            let freePages = fees.pageTiers.first { $0.yuanPerPage == 0 }?.through ?? 0
            feeLines.append("按件计收：同一申请人一个自然月内申请 \(free) 件以下不收费；" + fees.applicationTiers.filter { $0.yuanPerApplication > 0 }.map {
                "第 \($0.from)—\($0.through.map(String.init) ?? "") 件每件 \($0.yuanPerApplication) 元"
            }.joined(separator: "；") + (fees.applicationEscalation.map { "；此后每增加 \($0.bandSize) 件，每件增加 \($0.increasePerBand) 元" } ?? "") + "。")
            feeLines.append("按量计收：同一申请 \(freePages) 页以下不收费；" + fees.pageTiers.filter { $0.yuanPerPage > 0 }.map {
                "\($0.from)\($0.through.map { "—\($0)" } ?? " 页以上")\($0.through == nil ? "" : " 页")每页 \($0.yuanPerPage) 元"
            }.joined(separator: "；") + "。")
            feeLines.append("收费依据：\(fees.source)。收费前书面通知申请人，申请人逾期未缴纳的视为放弃申请。")
            let answer = StatutoryClock.answerDays, ext = StatutoryClock.maximumExtensionDays
            return AgencyGuide(
                agency: AgencyInfo(code: a.code, name: a.name, kind: a.kind, timeZone: a.timeZone), office: office,
                channels: SubmissionChannel.allCases.map { .init(code: $0.rawValue, name: $0.chinese, receiptRule: $0.receiptRule) },
                timeLimits: [
                    "能够当场答复的当场答复；不能当场答复的，自收到申请之日起 \(answer) 个工作日内答复（条例第三十三条）。",
                    "需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长期限最长不超过 \(ext) 个工作日（条例第三十三条）。",
                    "申请内容不明确的，自收到申请之日起 7 个工作日内一次性告知补正；答复期限自收到补正的申请之日起计算；无正当理由逾期不补正的，视为放弃申请（条例第三十条）。",
                    "征求第三方或者其他机关意见所需时间不计算在答复期限内（条例第三十二条、第三十四条）。",
                    "工作日按国务院办公厅公布的节假日安排计算（含调休上班日）。",
                ],
                fees: feeLines,
                applicationContents: [
                    "申请人的姓名或者名称、身份证明、联系方式（条例第二十九条第二款第（一）项）；",
                    "申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述（第（二）项）；",
                    "申请公开的政府信息的形式要求，包括获取信息的方式、途径（第（三）项）。",
                ],
                reportYears: years)
        }
    }

    /// Sets the office shown in an agency's guide (administrators, or the agency's head).
    /// - Throws: `ServiceError` (`notAllowed`, `invalidInput` naming the field, `notFound`).
    public func setAgencyOffice(agencyCode: String, office: AgencyOffice, by member: StaffMember, now: Date = Date()) async throws {
        if !(member.role == .head && member.scope.includes(agencyCode)) { try authorize(member, .manageAgencies) }
        try await run { try await store.setAgencyOffice(code: agencyCode, office: office, actor: member.actor, now: now) }
    }

    // MARK: Applying online

    /// The zone used where no agency names one (Asia/Shanghai, the zone of the national calendar).
    static let defaultZone = TimeZone(identifier: "Asia/Shanghai")!

    /// Checks a portal form field by field and registers the application, received through 互联网 and confirmed by
    /// the portal at once (条例第三十一条第（三）项: the query code shown is the confirmation), with the request
    /// details (title, 文号, form and way of provision).
    /// - Returns: the query code and dates the applicant needs.
    /// - Throws: `ServiceError` (`invalidInput` with `fieldErrors` for every field refused, an unknown or missing
    ///   agency among them, all at once).
    public func submitApplication(_ form: PublicApplicationForm, now: Date = Date()) async throws -> PublicReceipt {
        var errors: [String: String] = [:]
        func check<T>(_ key: String, _ body: () throws -> T) -> T? {
            do { return try body() } catch let e as InputError { errors[key] = e.description; return nil } catch {
                errors[key] = "\(error)"; return nil
            }
        }
        func blank(_ s: String) -> Bool { s.trimmedWhitespace.isEmpty }
        let agencies = try await run { try await store.agencies() }
        let agency = agencies.first(where: { $0.code == form.agencyCode })
        // Without an agency the other fields are still checked (every problem at once), on the region's usual zone.
        if agency == nil {
            errors["agencyCode"] = blank(form.agencyCode) ? "请选择受理机关" : "受理机关“\(form.agencyCode.prefix(40))”不存在，请从列表中选择"
        }
        let today = try agency.map { try CalendarDate.today(in: TimeZone(identifier: $0.timeZone) ?? Self.defaultZone, now: now) }
            ?? CalendarDate.today(in: Self.defaultZone, now: now)
        let kind = ApplicantKind(rawValue: form.applicantKind)
        if kind == nil { errors["applicantKind"] = "请选择申请人类型" }
        let name = check("applicantName") { try CleanText.requiredLine(form.applicantName, field: .applicantName, maxLength: InputLimits.applicantName) }
        var idType: IdentityDocumentKind?
        if blank(form.idType) { idType = kind.map(IdentityDocumentKind.default(for:)) } else {
            idType = IdentityDocumentKind(rawValue: form.idType)
            if idType == nil { errors["idType"] = "请选择证件类型" }
        }
        var idNumber: String?
        if blank(form.idNumber) {
            errors["idNumber"] = kind == .naturalPerson || kind == nil ? "请填写身份证件号码（条例第二十九条：身份证明）"
                : "请填写统一社会信用代码或其他身份证明号码（条例第二十九条）"
        } else if let t = idType {
            idNumber = check("idNumber") { try Identifier.document(form.idNumber, kind: t, today: today) }
        }
        let phone = blank(form.phone) ? nil : check("phone") { try Identifier.phone(form.phone) }
        let email = blank(form.email) ? nil : check("email") { try Identifier.email(form.email) }
        let address = blank(form.address) ? nil : check("address") { try CleanText.line(form.address, field: .address, maxLength: InputLimits.contact) }
        if blank(form.phone) && blank(form.email) && blank(form.address) {
            errors["phone"] = "请至少填写一种联系方式：电话、电子邮箱或通信地址（条例第二十九条）"
        }
        let title = check("infoTitle") { try CleanText.line(form.infoTitle, field: .infoTitle, maxLength: InputLimits.shortText) }
        let docNumber = check("documentNumber") { try CleanText.line(form.documentNumber, field: .documentNumber, maxLength: 100) }
        let text = check("requestText") { try CleanText.paragraph(form.requestText, field: .requestText, maxLength: InputLimits.requestText) }
        if (title ?? "").isEmpty && (docNumber ?? "").isEmpty && (text ?? "").isEmpty && errors["requestText"] == nil {
            errors["requestText"] = "请填写所需政府信息的名称、文号或者便于查询的特征性描述（条例第二十九条）"
        }
        let provision = ProvisionForm(rawValue: form.provisionForm)
        if provision == nil { errors["provisionForm"] = "请选择信息的提供形式" }
        let delivery = DeliveryMethod(rawValue: form.deliveryMethod)
        if delivery == nil { errors["deliveryMethod"] = "请选择获取信息的方式" }
        if delivery == .post && blank(form.address) && errors["address"] == nil { errors["address"] = "选择邮寄的，请填写通信地址" }
        if delivery == .email && blank(form.email) && errors["email"] == nil { errors["email"] = "选择电子邮件的，请填写电子邮箱" }
        guard errors.isEmpty, let agency, let kind, let name else { throw ServiceError.form(errors) }

        // The request as the record keeps it: the description, else the title and 文号.
        let described = (text ?? "").isEmpty ? [title, docNumber.map { "文号：\($0)" }].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: "；") : text!
        let applicant = ApplicantDetails(kind: kind, name: name, idType: idType, idNumber: idNumber, phone: phone, address: address, email: email)
        let portal = StaffMember(name: "网上申请", role: .registrar)
        let outcome = try await run {
            let input = ApplicantInput(kind: applicant.kind, name: applicant.name, idType: applicant.idType, idNumber: applicant.idNumber,
                                       phone: applicant.phone, address: applicant.address, email: applicant.email)
            return try await store.receive(agencyCode: agency.code, applicant: input, channel: .online, text: described, submittedAt: now,
                                           confirmedAt: now, details: RequestDetails(title: title, documentNumber: docNumber, form: provision, delivery: delivery),
                                           actor: portal.actor, now: now)
        }
        return PublicReceipt(queryCode: outcome.application.queryCode, agency: agency.name, receivedDate: outcome.application.receivedDate,
                             dueDate: outcome.application.dueDate)
    }

    /// What the holder of a query code sees (public): dates, state, outcome and the steps — no personal data, no
    /// staff names, no notes.
    /// - Throws: `ServiceError` (`invalidInput` for a code that cannot be one, `notFound`).
    public func publicStatus(queryCode: String) async throws -> PublicStatus {
        let code = try QueryCodeInput.normalize(queryCode)
        return try await run {
            guard let app = try await store.application(code: code) else {
                throw ServiceError(.notFound, "没有查询码为 \(code) 的申请，请核对查询码")
            }
            // From the list pages read (an agency added a moment ago through another instance: from its record).
            var agency = try await store.agencyDirectory().first(where: { $0.id == app.agencyID }).map { (name: $0.name, code: $0.code) }
            if agency == nil { agency = try await store.agency(id: app.agencyID).map { (name: $0.name, code: $0.code) } }
            guard let agency else { throw ServiceError(.notFound, "机关不存在") }
            var steps: [PublicStatus.Step] = [.init(date: app.receivedDate, label: "收到申请")]
            if let d = app.correctionRequestedDate { steps.append(.init(date: d, label: "告知补正申请（条例第三十条）")) }
            if let d = app.correctedDate { steps.append(.init(date: d, label: "收到补正后的申请，答复期限重新计算")) }
            for c in try await store.consultations(of: app) {
                steps.append(.init(date: c.sentDate, label: "征求意见（所需时间不计入答复期限）"))
                if let r = c.repliedDate { steps.append(.init(date: r, label: "征求意见结束")) }
            }
            if let d = app.extensionDate, app.extensionDays > 0 { steps.append(.init(date: d, label: "延长答复期限 \(app.extensionDays) 个工作日（条例第三十三条）")) }
            if let d = app.decidedDate {
                steps.append(.init(date: d, label: "作出答复" + (app.outcome.flatMap { Outcome(rawValue: $0)?.label }.map { "：\($0)" } ?? "")))
            }
            steps.sort { $0.date < $1.date }
            let state = ApplicationState(rawValue: app.state)
            // 条例第三十条: after a correction notice the period starts again from the corrected application.
            let waiting = state == .awaitingCorrection
            let due = waiting ? nil : app.reasonableDate ?? app.dueDate
            var note: String?
            if waiting {
                note = "等待补正：答复期限自本机关收到补正后的申请之日起重新计算 \(app.limitDays) 个工作日（条例第三十条）"
            } else if state?.isOpen == true && due == nil {
                note = "答复期限将在工作日安排公布后确定"
            }
            return PublicStatus(queryCode: app.queryCode, agency: agency.name, agencyCode: agency.code,
                                channel: SubmissionChannel(rawValue: app.channel)?.chinese ?? app.channel, receivedDate: app.receivedDate,
                                state: app.state, stateLabel: state?.label ?? app.state, dueDate: due, dueNote: note,
                                extensionDays: app.extensionDays, decidedDate: app.decidedDate,
                                outcome: app.outcome.flatMap { Outcome(rawValue: $0)?.label }, steps: steps)
        }
    }

    // MARK: Published reports

    /// The years an agency has published reports for, with their dates, newest first (public).
    public func publishedReports(agencyCode: String) async throws -> [(year: Int, date: String?)] {
        try await run { try await store.publishedYears(agencyCode: agencyCode) }
    }

    /// A report file as served: the bytes, the content type and a file name.
    public struct ReportFile: Sendable {
        public var data: Data
        public var contentType: String
        public var fileName: String
    }

    /// The export formats a report is served in: html, docx, xlsx, json, and pdf (the DOCX through LibreOffice).
    public static let reportFileFormats = ["html", "docx", "xlsx", "json", "pdf"]

    /// A published report in one of `reportFileFormats` (public), or — for staff who may read the agency — the draft
    /// from the records when `draftFor` is given.
    /// - Throws: `ServiceError` (`notFound` for an agency or a year not published, `invalidInput` for a format or
    ///   for a draft of a year before 2019 or not yet begun).
    public func reportFile(agencyCode: String, year: Int, format: String, draftFor member: StaffMember? = nil,
                           now: Date = Date()) async throws -> ReportFile {
        guard Self.reportFileFormats.contains(format) else {
            throw ServiceError(.invalidInput, "格式只能是 \(Self.reportFileFormats.joined(separator: "、"))", field: "format")
        }
        if let member {
            try authorize(member, .readApplications, agencyCode: agencyCode)
            try Self.checkReportYear(year, now: now)  // a draft only of a year the records can count
        }
        return try await run {
            let g = try await generateReport(agencyCode: agencyCode, year: year)
            if member == nil && g.status != "published" {
                throw ServiceError(.notFound, "\(year)年度报告尚未发布")
            }
            let context = ExportContext(report: g.report, findings: g.findings, history: try await history(agencyCode: agencyCode, year: year))
            let name = "\(g.report.agency ?? agencyCode)\(year)年政府信息公开工作年度报告\(g.status == "published" ? "" : "（草稿）")"
            switch format {
            case "html": return ReportFile(data: Data(ReportExporter.html(context).utf8), contentType: "text/html; charset=utf-8", fileName: name + ".html")
            case "docx": return ReportFile(data: try ReportExporter.docx(context),
                                           contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", fileName: name + ".docx")
            case "xlsx": return ReportFile(data: try ReportExporter.xlsx(context),
                                           contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fileName: name + ".xlsx")
            case "pdf":
                do { return ReportFile(data: try ReportExporter.pdf(context), contentType: "application/pdf", fileName: name + ".pdf") }
                catch let e as LetterConversionError { throw ServiceError(.unreadable, e.description) }
            default: return ReportFile(data: try ReportExporter.json(context), contentType: "application/json; charset=utf-8", fileName: name + ".json")
            }
        }
    }

    /// The agency's received / decided / carried-over totals of the last five years (the export's trend chart).
    func history(agencyCode: String, year: Int) async throws -> [YearTotals] {
        let agency = try await store.requireAgency(code: agencyCode)
        var out: [YearTotals] = []
        guard year >= 2019 else { return [] }  // the trend starts with the 2019 Regulations
        for y in max(2019, year - 4)...year {
            let c = try await ReportCounts.query(store, agencyID: agency.id!, year: y)
            let received = c.table3["new"]![6]
            if received == 0 && c.table3["total"]![6] == 0 && c.table3["carriedOver"]![6] == 0 && y != year { continue }
            out.append(YearTotals(year: y, received: received, decided: c.table3["total"]![6], carriedOver: c.table3["carriedOver"]![6]))
        }
        return out
    }
}
