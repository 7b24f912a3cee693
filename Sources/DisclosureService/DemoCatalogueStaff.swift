import DisclosureRules
import Foundation

extension Service {
    /// The demo's catalogue for the back office (issue 12): 索引号 settings for 教育局 and 生态环境局, a published
    /// 行政规范性文件 with its published policy interpretation and a PDF attachment, a published budget, an item cleared by
    /// its 保密审查 awaiting publication, a draft overdue under 条例第二十六条, and an overdue draft of 生态环境局 (so the
    /// dashboard's column has figures). Dates count back from `today`; steps the rules refuse are reported in `skipped`.
    func seedDemoCatalogueStaff(today: CalendarDate, now: Date, skipped: inout [String]) async {
        let system = StaffMember.system
        let clerk = StaffMember(name: "演示承办人", role: .handler), head = StaffMember(name: "演示负责人", role: .head)
        func ago(_ days: Int) -> CalendarDate { today.adding(days: -days) }
        do {
            // Made-up codes with valid check characters (GB 11714, GB 32100).
            // The education bureau's settings come from the public catalogue's demo when it ran first (one code per agency).
            if try await store.catalogueSettings(agencyCode: "edu") == nil {
                try await setCatalogueSettings(agencyCode: "edu", organisationCode: "016405010", by: system, now: now)
            }
        } catch { skipped.append("目录设置（教育局）：\(error)") }
        do {
            try await setCatalogueSettings(agencyCode: "env", organisationCode: "116405000164050206", by: system, now: now)
        } catch { skipped.append("目录设置（生态环境局）：\(error)") }
        func item(_ title: String, _ summary: String, number: String = "", written: CalendarDate?, formed: CalendarDate? = nil, topic: SubjectTopic,
                  genre: DocumentGenre, category: DisclosureCategory, kind: DocumentKind = .other, body: String = "", agency: String = "示例市教育局") -> CatalogueItem {
            CatalogueItem(title: title, summary: summary, documentNumber: number, issuingAgency: agency, writtenOn: written, formedOn: formed, topic: topic,
                          genre: genre, category: category, documentKind: kind, body: body)
        }
        func publish(_ agency: String, _ index: String, reviewed: CalendarDate, published: CalendarDate) async throws {
            _ = try await reviewCatalogueItem(agencyCode: agency, indexNumber: index, reviewer: "演示负责人", result: .passed, date: reviewed,
                                              opinion: "经审查，不涉及国家秘密、商业秘密和个人隐私，可以公开。", by: head, now: now)
            _ = try await publishCatalogueItem(agencyCode: agency, indexNumber: index, date: published, by: clerk, now: now)
        }
        do {
            let rules = try await addCatalogueItem(agencyCode: "edu", item: item(
                "示例市义务教育学校招生入学工作实施办法", "规范全市义务教育阶段公办、民办学校招生入学的对象、程序和时间安排。", number: "示教规〔\(ago(60).year)〕2号",
                written: ago(60), topic: .scienceAndEducation, genre: .circular, category: .regulationsAndDocuments, kind: .normativeDocument,
                body: "第一条 为规范本市义务教育学校招生入学工作，保障适龄儿童少年依法接受义务教育，制定本办法。\n第二条 公办学校实行划片招生、免试就近入学。"),
                by: clerk, now: now)
            let pdf = Data("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".utf8)
            _ = try await addCatalogueAttachment(agencyCode: "edu", indexNumber: rules.indexNumber, fileName: "招生入学工作实施办法（全文）.pdf", data: pdf, by: clerk, now: now)
            try await publish("edu", rules.indexNumber, reviewed: ago(55), published: ago(54))
            let reading = try await addCatalogueItem(agencyCode: "edu", item: item(
                "《示例市义务教育学校招生入学工作实施办法》政策解读", "解读办法的起草背景、主要内容和划片招生的办理方式。", written: ago(58),
                topic: .scienceAndEducation, genre: .other, category: .regulationsAndDocuments), by: clerk, now: now)
            _ = try await linkInterpretation(agencyCode: "edu", indexNumber: reading.indexNumber, interprets: rules.indexNumber, by: clerk, now: now)
            try await publish("edu", reading.indexNumber, reviewed: ago(55), published: ago(54))
            let budget = try await addCatalogueItem(agencyCode: "edu", item: item(
                "示例市教育局\(today.year)年部门预算", "部门收支预算总表、财政拨款支出预算表及“三公”经费预算说明。", written: ago(40),
                topic: .financeAndAudit, genre: .report, category: .budgets), by: clerk, now: now)
            try await publish("edu", budget.indexNumber, reviewed: ago(35), published: ago(34))
            let fees = try await addCatalogueItem(agencyCode: "edu", item: item(
                "示例市普通高中学费和住宿费收费标准", "公办普通高中学费、住宿费的收费项目、标准和依据。", number: "示发改价〔\(ago(10).year)〕5号", written: ago(10),
                topic: .scienceAndEducation, genre: .circular, category: .fees), by: clerk, now: now)
            _ = try await reviewCatalogueItem(agencyCode: "edu", indexNumber: fees.indexNumber, reviewer: "演示负责人", result: .passed, date: ago(3),
                                              by: head, now: now)
            _ = try await addCatalogueItem(agencyCode: "edu", item: item(
                "示例市\(today.year)年中小学教师公开招聘公告", "招聘岗位、名额、报考条件和考试安排。", written: ago(45), topic: .labourPersonnelSupervision,
                genre: .announcement, category: .civilServiceRecruitment), by: clerk, now: now)
            _ = try await addCatalogueItem(agencyCode: "env", item: item(
                "示例市重点排污单位名录", "本年度水、大气、土壤环境重点排污单位名单。", written: ago(50), topic: .urbanRuralAndEnvironment, genre: .announcement,
                category: .supervision, agency: "示例市生态环境局"), by: clerk, now: now)
        } catch { skipped.append("目录演示数据：\(error)") }
    }
}
