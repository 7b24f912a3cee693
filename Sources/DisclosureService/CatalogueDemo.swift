import DisclosureRules
import DisclosureStore
import Foundation

extension Service {
    /// The demo's catalogue (issue 12): 示例市教育局 with a few realistic items of last year — four published, one
    /// 行政规范性文件 published years ago and repealed last year, one cleared by its 保密审查 and awaiting publication
    /// (never shown publicly). Dates are relative to `today`, so the demo is always consistent.
    /// - Returns: what could not be created, one line each (nothing fails silently; the demo goes on without it).
    func seedDemoCatalogue(today: CalendarDate, now: Date) async -> [String] {
        let agency = "edu", name = "示例市教育局"
        let clerk = Actor(name: "演示承办人", role: .handler), head = Actor(name: "演示负责人", role: .head)
        let y = today.year - 1
        func day(_ year: Int, _ month: Int, _ d: Int) -> CalendarDate { CalendarDate(year: year, month: month, day: d)! }
        struct Entry {
            var item: CatalogueItem
            var published: CalendarDate?
            var repealed: (CalendarDate, String)? = nil
        }
        let entries: [Entry] = [
            Entry(item: CatalogueItem(
                title: "示例市教育局关于印发《示例市义务教育阶段学校招生入学工作实施办法》的通知", summary: "规定义务教育阶段公办、民办学校招生入学的对象、划片原则、报名程序和监督方式。",
                documentNumber: "示教规〔\(y)〕1号", issuingAgency: name, writtenOn: day(y, 3, 10), topic: .scienceAndEducation, genre: .circular,
                category: .regulationsAndDocuments, documentKind: .normativeDocument,
                body: "各县（区）教育局，市直各学校：\n现将《示例市义务教育阶段学校招生入学工作实施办法》印发给你们，请认真贯彻执行。\n本办法自\(y)年4月1日起施行，有效期五年。（演示数据）"),
                published: day(y, 3, 20)),
            Entry(item: CatalogueItem(
                title: "示例市教育局\(y)年部门预算公开说明", summary: "\(y)年部门收支预算总表、财政拨款支出预算表及“三公”经费预算情况说明。",
                issuingAgency: name, writtenOn: day(y, 2, 5), topic: .financeAndAudit, genre: .other, category: .budgets,
                body: "一、部门基本情况\n示例市教育局负责全市各级各类教育的统筹规划和协调管理。\n二、收支预算情况说明\n\(y)年收支总预算为本部门预算公开的主要内容，详见附表。（演示数据）"),
                published: day(y, 2, 10)),
            Entry(item: CatalogueItem(
                title: "示例市教育局关于\(y)年秋季学期公办普通高中收费标准的公告", summary: "公布公办普通高中学费、住宿费的收费项目、依据和标准。",
                documentNumber: "示教公告〔\(y)〕3号", issuingAgency: name, writtenOn: day(y, 8, 1), topic: .scienceAndEducation, genre: .announcement,
                category: .fees, body: "根据有关规定，现将\(y)年秋季学期公办普通高中收费标准公告如下：学费每生每学期按核定标准收取，住宿费按住宿条件分档收取。（演示数据）"),
                published: day(y, 8, 15)),
            Entry(item: CatalogueItem(
                title: "示例市教育局关于\(y)年中小学校舍安全检查情况的通报", summary: "通报全市中小学校舍安全专项检查发现的问题和整改要求。",
                documentNumber: "示教通〔\(y)〕12号", issuingAgency: name, writtenOn: day(y, 10, 20), topic: .scienceAndEducation, genre: .bulletin,
                category: .supervision, body: "\(y)年9月至10月，市教育局会同有关部门对全市中小学校舍开展了安全专项检查。\n检查发现的问题已逐校反馈，请各校于规定期限内完成整改。（演示数据）"),
                published: day(y, 10, 28)),
            Entry(item: CatalogueItem(
                title: "示例市教育局关于规范中小学课后服务收费的通知", summary: "规定课后服务的收费项目、标准和收费方式。",
                documentNumber: "示教规〔\(y - 3)〕2号", issuingAgency: name, writtenOn: day(y - 3, 6, 1), topic: .scienceAndEducation, genre: .circular,
                category: .regulationsAndDocuments, documentKind: .normativeDocument,
                body: "各县（区）教育局，市直各学校：\n为规范中小学课后服务收费行为，现就有关事项通知如下。（演示数据）"),
                published: day(y - 3, 6, 10),
                repealed: (day(y, 9, 1), "《示例市教育局关于公布规范性文件清理结果的通知》（示教规〔\(y)〕3号）")),
            Entry(item: CatalogueItem(
                title: "示例市教育局关于做好\(today.year)年高中阶段学校考试招生工作的通知", summary: "部署本年度高中阶段学校考试招生工作（保密审查已通过，待发布）。",
                documentNumber: "示教发〔\(today.year)〕5号", issuingAgency: name, writtenOn: today, topic: .scienceAndEducation, genre: .circular,
                category: .regulationsAndDocuments, body: "各县（区）教育局：\n现就做好本年度高中阶段学校考试招生工作通知如下。（演示数据）"),
                published: nil),
        ]
        var skipped: [String] = []
        do {
            _ = try await store.setCatalogueSettings(agencyCode: agency, organisationCode: "640500011", actor: head, now: now)
        } catch { return ["\(name) 目录设置：\(error)"] }
        for e in entries {
            do {
                let draft = try await store.createCatalogueDraft(agencyCode: agency, item: e.item, actor: clerk, now: now)
                let index = draft.item.indexNumber!
                let reviewed = e.published ?? today
                try await store.recordCatalogueReview(agencyCode: agency, indexNumber: index, reviewer: "演示负责人", result: .passed, date: reviewed,
                                                      opinion: "不涉及国家秘密、工作秘密和个人隐私，同意公开。", actor: head, now: now)
                guard let published = e.published else { continue }
                try await store.publishCatalogueItem(agencyCode: agency, indexNumber: index, date: published, actor: clerk, now: now)
                if let (d, by) = e.repealed {
                    try await store.endCatalogueItem(agencyCode: agency, indexNumber: index, validity: .repealed(on: d, by: by), actor: clerk, now: now)
                }
            } catch { skipped.append("\(name) 目录“\(e.item.title)”：\(error)") }
        }
        return skipped
    }
}
