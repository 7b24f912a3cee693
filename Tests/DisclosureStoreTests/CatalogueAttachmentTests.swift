@testable import DisclosureStore
import DisclosureRules
import FluentKit
import Foundation
import Testing

/// Issue 12 points 1 and 3 in storage (migration 012): attachments checked, named safely, stored byte for byte, each
/// one a new revision that needs review again; policy interpretations one-to-one (the service's check and the
/// database's unique constraints) and never published before their document. SQLite and, with DATABASE_URL, PostgreSQL.
@Suite(.serialized) struct CatalogueAttachmentStoreTests {
    /// 2025-03-01 12:00 Beijing time.
    let now = Date(timeIntervalSince1970: 1_740_801_600)
    /// A minimal PDF's first bytes and a PNG signature (what the kinds are recognised by).
    let pdf = Data("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".utf8)
    let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])

    func document(_ title: String, written: String) -> CatalogueItem {
        CatalogueItem(title: title, summary: "规范某事项的办理。", documentNumber: "某府规〔2024〕1号", issuingAgency: "某市人民政府",
                      writtenOn: date(written), topic: .generalAffairs, genre: .circular, category: .regulationsAndDocuments, documentKind: .normativeDocument)
    }

    func interpretation(_ title: String, written: String) -> CatalogueItem {
        CatalogueItem(title: title, summary: "解读。", issuingAgency: "某市人民政府", writtenOn: date(written), topic: .generalAffairs, genre: .other,
                      category: .regulationsAndDocuments)
    }

    func count(_ store: Store, _ kind: EventKind) async throws -> Int {
        try await EventRecord.query(on: store.db).filter(\.$kind == kind.rawValue).count()
    }

    func setUp(_ store: Store) async throws {
        try await store.addAgency(code: "gov", name: "某市人民政府", now: now)
        try await store.addAgency(code: "other", name: "另一机关", now: now)
        try await store.setCatalogueSettings(agencyCode: "gov", organisationCode: "000014349", actor: head, now: now)
        try await store.setCatalogueSettings(agencyCode: "other", organisationCode: "00001434-9", pattern: "X-{year}-{seq:3}", actor: head, now: now)
    }

    @Test func fileNamesAreSanitisedAndKindsCheckedByContent() throws {
        // The last path component only, forbidden characters removed, whitespace collapsed, the extension lower-cased.
        #expect(AttachmentFile.sanitizedName("C:\\Users\\张三\\关于 某事项  的通知.PDF", kind: .pdf) == "关于 某事项 的通知.pdf")
        #expect(AttachmentFile.sanitizedName("../../etc/passwd.pdf", kind: .pdf) == "passwd.pdf")
        #expect(AttachmentFile.sanitizedName("a<b>c:d|e?\"f\u{0}g;.docx", kind: .docx) == "abcdefg.docx")
        #expect(AttachmentFile.sanitizedName("...pdf", kind: .pdf) == "附件.pdf")
        #expect(AttachmentFile.sanitizedName("..hidden.png", kind: .png) == "hidden.png")
        let long = String(repeating: "长", count: 300) + ".xlsx"
        let cut = AttachmentFile.sanitizedName(long, kind: .xlsx)
        #expect(cut.count == AttachmentFile.maximumNameLength && cut.hasSuffix(".xlsx"))
        // The kind by extension and by content: a renamed file, an unknown type, an empty file, a file over 20 MB.
        #expect(try AttachmentFile.check(name: "表.png", data: png).kind == .png)
        #expect(throws: InputError.self) { try AttachmentFile.check(name: "表.pdf", data: png) }
        #expect(throws: InputError.self) { try AttachmentFile.check(name: "程序.exe", data: pdf) }
        #expect(throws: InputError.self) { try AttachmentFile.check(name: "空.pdf", data: Data()) }
        let big = pdf + Data(count: 20 * 1024 * 1024 - pdf.count + 1)
        let e = #expect(throws: InputError.self) { try AttachmentFile.check(name: "大.pdf", data: big) }
        #expect(e?.field.key == "file" && e?.reason.contains("20 MB") == true)
        #expect(try AttachmentFile.check(name: "正好.pdf", data: big.dropLast()).kind == .pdf)
    }

    @Test func anAttachmentIsANewRevisionThatNeedsReviewAgain() async throws {
        try await withStore { store in
            try await setUp(store)
            let item = try await store.createCatalogueDraft(agencyCode: "gov", item: document("关于某事项的通知", written: "2024-09-27"), actor: handler, now: now)
            let index = try #require(item.item.indexNumber)
            _ = try await store.recordCatalogueReview(agencyCode: "gov", indexNumber: index, reviewer: "审查员丁", result: .passed, date: date("2024-10-08"),
                                                      actor: head, now: now)
            let a = try await store.addCatalogueAttachment(agencyCode: "gov", indexNumber: index, fileName: "/tmp/x/通知 正文.pdf", data: pdf, actor: handler, now: now)
            #expect(a.fileName == "通知 正文.pdf" && a.contentType == "application/pdf" && a.size == pdf.count && a.revision == 2)
            let after = try await store.catalogueItem(agencyCode: "gov", indexNumber: index)
            // Back to draft at revision 2: the review of revision 1 no longer clears it.
            #expect(after.item.state == .draft && after.item.revision == 2 && after.attachments.map(\.fileName) == ["通知 正文.pdf"])
            await #expect(throws: CatalogueError.self) {
                try await store.publishCatalogueItem(agencyCode: "gov", indexNumber: index, date: date("2024-10-09"), actor: handler, now: now)
            }
            // The bytes come back unchanged; removing another item's attachment is not found.
            let file = try await store.catalogueAttachmentFile(id: a.id)
            #expect(file.data == pdf && file.indexNumber == index && file.agencyCode == "gov" && file.state == .draft)
            let other = try await store.createCatalogueDraft(agencyCode: "gov", item: document("另一文件", written: "2024-09-28"), actor: handler, now: now)
            await #expect(throws: StoreError.self) {
                try await store.removeCatalogueAttachment(agencyCode: "gov", indexNumber: other.item.indexNumber!, attachmentID: a.id, actor: handler, now: now)
            }
            // A refused file changes nothing.
            await #expect(throws: InputError.self) {
                try await store.addCatalogueAttachment(agencyCode: "gov", indexNumber: index, fileName: "图.jpg", data: pdf, actor: handler, now: now)
            }
            #expect(try await store.catalogueItem(agencyCode: "gov", indexNumber: index).item.revision == 2)
            // Reviewed again (revision 2) it is published; then no file is added or removed.
            _ = try await store.recordCatalogueReview(agencyCode: "gov", indexNumber: index, reviewer: "审查员丁", result: .passed, date: date("2024-10-09"),
                                                      actor: head, now: now)
            let published = try await store.publishCatalogueItem(agencyCode: "gov", indexNumber: index, date: date("2024-10-10"), actor: handler, now: now)
            #expect(published.item.state == .published && published.attachments.count == 1)
            await #expect(throws: CatalogueError.self) {
                try await store.addCatalogueAttachment(agencyCode: "gov", indexNumber: index, fileName: "图.png", data: png, actor: handler, now: now)
            }
            await #expect(throws: CatalogueError.self) {
                try await store.removeCatalogueAttachment(agencyCode: "gov", indexNumber: index, attachmentID: a.id, actor: handler, now: now)
            }
            #expect(try await count(store, .catalogueAttachmentAdded) == 1)
            // Removing from a draft: a new revision too.
            let b = try await store.addCatalogueAttachment(agencyCode: "gov", indexNumber: other.item.indexNumber!, fileName: "图.png", data: png, actor: handler, now: now)
            try await store.removeCatalogueAttachment(agencyCode: "gov", indexNumber: other.item.indexNumber!, attachmentID: b.id, actor: handler, now: now)
            let o = try await store.catalogueItem(agencyCode: "gov", indexNumber: other.item.indexNumber!)
            #expect(o.attachments.isEmpty && o.item.revision == 3)
            #expect(try await count(store, .catalogueAttachmentRemoved) == 1)
        }
    }

    @Test func interpretationsAreOneToOneAndNeverPublishedBeforeTheirDocument() async throws {
        try await withStore { store in
            try await setUp(store)
            let doc = try await store.createCatalogueDraft(agencyCode: "gov", item: document("某市促进就业若干措施", written: "2024-09-02"), actor: handler, now: now)
            let interp = try await store.createCatalogueDraft(agencyCode: "gov", item: interpretation("《某市促进就业若干措施》政策解读", written: "2024-09-03"),
                                                              actor: handler, now: now)
            let second = try await store.createCatalogueDraft(agencyCode: "gov", item: interpretation("另一份解读", written: "2024-09-04"), actor: handler, now: now)
            let foreign = try await store.createCatalogueDraft(agencyCode: "other", item: document("外机关文件", written: "2024-09-02"), actor: handler, now: now)
            let (d, i, s) = (doc.item.indexNumber!, interp.item.indexNumber!, second.item.indexNumber!)

            try await store.linkInterpretation(agencyCode: "gov", indexNumber: i, documentIndexNumber: d, actor: handler, now: now)
            let both = try await store.catalogueItems(agencyCode: "gov")
            #expect(both.first { $0.item.indexNumber == d }?.interpretationIndexNumber == i)
            #expect(both.first { $0.item.indexNumber == i }?.interpretsIndexNumber == d)
            #expect(try await store.catalogueItem(agencyCode: "gov", indexNumber: i).interpretsIndexNumber == d)

            // A second interpretation of the same document, the item itself, an interpretation interpreted, another
            // agency's document: each refused naming the field.
            for (item, target) in [(s, d), (d, d), (s, i), (s, foreign.item.indexNumber!)] {
                let e = await #expect(throws: InputError.self) {
                    try await store.linkInterpretation(agencyCode: "gov", indexNumber: item, documentIndexNumber: target, actor: handler, now: now)
                }
                #expect(e?.field.key == "interprets", "\(item) → \(target)")
            }
            // The database refuses a second interpretation of the document too (migration 012's unique constraint).
            let duplicate = CatalogueInterpretationRecord()
            duplicate.agencyID = try #require(try await store.requireAgency(code: "gov").id)
            duplicate.interpretationID = second.id; duplicate.documentID = doc.id; duplicate.linkedBy = "x"; duplicate.linkedAt = now
            await #expect(throws: (any Error).self) { try await duplicate.create(on: store.db) }

            // Both reviewed; the interpretation first: refused (the document is unpublished), and the refusal logged.
            for x in [d, i] {
                _ = try await store.recordCatalogueReview(agencyCode: "gov", indexNumber: x, reviewer: "审查员丁", result: .passed, date: date("2024-09-10"),
                                                          actor: head, now: now)
            }
            let refusedBefore = try await count(store, .cataloguePublishRefused)
            await #expect(throws: CatalogueError.interpretationBeforeDocument("《某市促进就业若干措施》政策解读", document: d, documentPublished: nil)) {
                try await store.publishCatalogueItem(agencyCode: "gov", indexNumber: i, date: date("2024-09-11"), actor: handler, now: now)
            }
            #expect(try await count(store, .cataloguePublishRefused) == refusedBefore + 1)
            // The document published on 9-12: the interpretation on 9-11 is still refused, on 9-12 it is published.
            _ = try await store.publishCatalogueItem(agencyCode: "gov", indexNumber: d, date: date("2024-09-12"), actor: handler, now: now)
            await #expect(throws: CatalogueError.interpretationBeforeDocument("《某市促进就业若干措施》政策解读", document: d, documentPublished: date("2024-09-12"))) {
                try await store.publishCatalogueItem(agencyCode: "gov", indexNumber: i, date: date("2024-09-11"), actor: handler, now: now)
            }
            let published = try await store.publishCatalogueItem(agencyCode: "gov", indexNumber: i, date: date("2024-09-12"), actor: handler, now: now)
            #expect(published.item.state == .published && published.interpretsIndexNumber == d)
            // A published interpretation keeps its document.
            await #expect(throws: CatalogueError.self) {
                try await store.linkInterpretation(agencyCode: "gov", indexNumber: i, documentIndexNumber: nil, actor: handler, now: now)
            }
            // Another interpretation of the document is still refused, naming the one it has.
            let e = await #expect(throws: InputError.self) {
                try await store.linkInterpretation(agencyCode: "gov", indexNumber: s, documentIndexNumber: d, actor: handler, now: now)
            }
            #expect(e?.reason.contains(i) == true)
            #expect(try await count(store, .catalogueInterpretationLinked) == 1)
        }
    }

    @Test func unpublishedProactiveItemsAreTheOnesTheClockRunsFor() async throws {
        try await withStore { store in
            try await setUp(store)
            let a = try await store.createCatalogueDraft(agencyCode: "gov", item: document("主动公开草稿", written: "2024-09-27"), actor: handler, now: now)
            var onRequest = document("依申请公开", written: "2024-09-27")
            onRequest.mode = .onRequest
            _ = try await store.createCatalogueDraft(agencyCode: "gov", item: onRequest, actor: handler, now: now)
            let b = try await store.createCatalogueDraft(agencyCode: "gov", item: document("已发布", written: "2024-09-27"), actor: handler, now: now)
            _ = try await store.recordCatalogueReview(agencyCode: "gov", indexNumber: b.item.indexNumber!, reviewer: "丁", result: .passed, date: date("2024-10-08"),
                                                      actor: head, now: now)
            _ = try await store.publishCatalogueItem(agencyCode: "gov", indexNumber: b.item.indexNumber!, date: date("2024-10-08"), actor: handler, now: now)
            let gov = try #require(try await store.requireAgency(code: "gov").id)
            #expect(try await store.unpublishedProactiveItems(agencyIDs: [gov]).map(\.indexNumber) == [a.item.indexNumber!])
        }
    }
}
