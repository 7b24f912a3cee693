import DisclosureRules
import FluentKit
import Foundation

/// What the record says that letters state (条例第三十条至第三十六条): the application, the agency, the applicant's
/// name, the clock's dates and the steps taken.
public struct LetterRecordFacts: Sendable {
    public var application: ApplicationRecord
    public var agency: String
    /// The applicant's name as registered (the letter masks it).
    public var applicant: String
    public var applicantKind: ApplicantKind?
    /// The due date before the extension, from the extension's event (条例第三十三条第二款).
    public var dueBeforeExtension: CalendarDate?
    /// The last consultation letter sent (条例第三十二条), its kind and date.
    public var consultationSent: CalendarDate?
    /// The last fee notice (国办函〔2020〕109号): 元, the day it was received, the day to pay by.
    public var fee: (amountYuan: Int, noticeDate: CalendarDate, payBy: CalendarDate)?
    public var calendar: WorkingDayCalendar
}

extension Store {
    /// The facts of one application that its letters state.
    /// - Throws: `StoreError.notFound` for an unknown code.
    public func letterFacts(code: String) async throws -> LetterRecordFacts {
        let app = try await requireApplication(code: code)
        let (agency, applicant, _) = try await summaryFacts(app)
        var before: CalendarDate?
        for e in try await events(application: app.id!) where e.kind == "extensionGranted" {
            if let b = e.before, let data = b.data(using: .utf8),
               let snapshot = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let due = snapshot["dueDate"] as? String {
                before = CalendarDate(iso: due)
            }
        }
        let consultation = try await ConsultationRecord.query(on: db).filter(\.$applicationID == app.id!).sort(\.$sentDate, .descending).first()
        let notice = try await FeeNoticeRecord.query(on: db).filter(\.$applicationID == app.id!).sort(\.$noticeDate, .descending).first()
        var fee: (Int, CalendarDate, CalendarDate)?
        if let n = notice, let d = CalendarDate(iso: n.noticeDate), let p = CalendarDate(iso: n.payBy) { fee = (n.amountYuan, d, p) }
        return LetterRecordFacts(application: app, agency: agency, applicant: applicant, applicantKind: ApplicantKind(rawValue: app.applicantKind),
                                 dueBeforeExtension: before, consultationSent: consultation.flatMap { CalendarDate(iso: $0.sentDate) },
                                 fee: fee, calendar: try await workingCalendar())
    }
}

extension Store {
    /// Stores a letter issued for an application and writes `letterIssued` to its event log (one transaction).
    /// - Throws: `StoreError.notFound` for an unknown code.
    @discardableResult
    public func saveLetter(code: String, kind: String, title: String, issued: CalendarDate, docx: Data, actor: Actor,
                           now: Date = Date()) async throws -> LetterRecord {
        let app = try await requireApplication(code: code)
        let record = LetterRecord()
        record.id = UUID()
        record.applicationID = app.id!
        record.kind = kind
        record.title = title
        record.issued = issued.description
        record.docx = docx
        record.actor = actor.name
        try await db.transaction { tx in
            try await record.create(on: tx)
            try await EventLog.append(.letterIssued, on: tx, application: app.id, agency: app.agencyID, actor: actor, at: now,
                                      detail: "\(title)（\(issued)）")
        }
        return record
    }

    /// The letters of an application, in the order they were issued (their documents not loaded).
    public func letters(code: String) async throws -> [LetterRecord] {
        let app = try await requireApplication(code: code)
        return try await LetterRecord.query(on: db).filter(\.$applicationID == app.id!)
            .field(\.$id).field(\.$applicationID).field(\.$kind).field(\.$title).field(\.$issued).field(\.$actor).field(\.$createdAt)
            .sort(\.$createdAt).sort(\.$issued).all()
    }

    /// One letter of an application with its document; nil when the application has no such letter.
    public func letter(code: String, id: UUID) async throws -> LetterRecord? {
        let app = try await requireApplication(code: code)
        return try await LetterRecord.query(on: db).filter(\.$id == id).filter(\.$applicationID == app.id!).first()
    }
}

extension Store {
    /// An agency's own wording of a letter kind, when it has one.
    public func letterTemplate(agencyID: UUID, kind: String) async throws -> String? {
        try await LetterTemplateRecord.query(on: db).filter(\.$agencyID == agencyID).filter(\.$kind == kind).first()?.body
    }

    /// Sets (or, with `body` nil, removes) an agency's wording of a letter kind, written to the event log
    /// (`letterTemplateChanged`, the old and new wording) in one transaction.
    /// - Throws: `StoreError.notFound` for an unknown agency.
    public func setLetterTemplate(agencyCode: String, kind: String, body: String?, actor: Actor, now: Date = Date()) async throws {
        let agency = try await requireAgency(code: agencyCode)
        try await db.transaction { tx in
            let existing = try await LetterTemplateRecord.query(on: tx).filter(\.$agencyID == agency.id!).filter(\.$kind == kind).first()
            let before = existing?.body
            if let body {
                let r = existing ?? LetterTemplateRecord()
                if existing == nil { r.id = UUID(); r.agencyID = agency.id!; r.kind = kind }
                r.body = body
                r.actor = actor.name
                try await r.save(on: tx)
            } else if let existing {
                try await existing.delete(on: tx)
            }
            try await EventLog.append(.letterTemplateChanged, on: tx, agency: agency.id, actor: actor, at: now, before: before, after: body,
                                      detail: kind)
        }
    }
}
