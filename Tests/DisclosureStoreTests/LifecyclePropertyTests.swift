@testable import DisclosureStore
import DisclosureRules
import FluentKit
import Foundation
import PropertyBased
import Testing

/// Issue 8: random sequences of actions — valid and invalid, in any order, by any role — on one application. After
/// each one: a refused action changed nothing; an accepted one leaves the record's dates in order, every dated step
/// recorded on or after the one before, and the stored due date equal to the statutory clock's for the stored facts.
@Suite(.serialized) struct LifecyclePropertyTests {
    /// One action: which (0…10), a day offset from the receipt date, a role, a number (pages, days, outcome).
    struct Step: Sendable, CustomStringConvertible {
        var action: Int, day: Int, role: Int, number: Int
        var description: String { "\(Self.names[action])(+\(day)d, \(StaffRole.allCases[role].rawValue), \(number))" }
        static let names = ["requestCorrection", "correctionReceived", "correctionLapsed", "startConsultation", "consultationReplied",
                            "extend", "setReasonablePeriod", "sendFeeNotice", "feePaid", "feeLapsed", "decide"]
    }

    static let steps = zip(Gen.int(in: 0...10), Gen.int(in: 0...160), Gen.int(in: 0...2), Gen.int(in: 0...300))
        .map { Step(action: $0, day: $1, role: $2, number: $3) }

    static let receipt = CalendarDate(iso: "2024-03-04")!

    /// What an application is made of in the database, to compare before and after a refused action.
    static func state(_ store: Store, _ id: UUID) async throws -> String {
        guard let a = try await ApplicationRecord.find(id, on: store.db) else { return "missing" }
        let c = try await ConsultationRecord.query(on: store.db).filter(\.$applicationID == id).sort(\.$sentDate).all()
        let f = try await FeeNoticeRecord.query(on: store.db).filter(\.$applicationID == id).all()
        let e = try await EventRecord.query(on: store.db).filter(\.$applicationID == id).count()
        return [a.state, a.receivedDate, a.clockStart, a.correctionRequestedDate ?? "-", a.correctedDate ?? "-", a.dueDate ?? "-",
                "\(a.extensionDays)", a.reasonableDate ?? "-", a.decidedDate ?? "-", a.outcome ?? "-",
                c.map { "\($0.sentDate)/\($0.repliedDate ?? "-")" }.joined(separator: ","),
                f.map { "\($0.noticeDate)/\($0.payBy)/\($0.paidDate ?? "-")/\($0.amountYuan)" }.joined(separator: ","), "\(e)"]
            .joined(separator: "|")
    }

    @Test func randomActionSequencesKeepTheRecordConsistent() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "p", name: "性质测试局")
            let calendar = try await store.workingCalendar()
            let clock = StatutoryClock(calendar: calendar)
            let today = try CalendarDate.latestToday(now: Date())
            var serial = 0
            await propertyCheck(count: 60, input: Self.steps.array(of: 1...12)) { steps in
                serial += 1
                let app = try await store.receive(agencyCode: "p", applicant: ApplicantInput(kind: .naturalPerson, name: "申请人\(serial)"),
                                                  channel: .inPerson, text: "性质测试申请\(serial)", receivedDate: Self.receipt, actor: registrar).application
                let id = app.id!, code = app.queryCode
                var recorded: [CalendarDate] = [Self.receipt]
                for step in steps {
                    let day = Self.receipt.adding(days: step.day)
                    let actor = Actor(name: "测试", role: StaffRole.allCases[step.role])
                    let before = try await Self.state(store, id)
                    let outcomes = Outcome.allCases.filter { $0 != .other1 && $0 != .other2 }
                    var dated = true
                    do {
                        switch step.action {
                        case 0: try await store.requestCorrection(code: code, on: day, lateReason: step.number % 2 == 0 ? "测试" : nil, actor: actor)
                        case 1: try await store.correctionReceived(code: code, on: day, actor: actor)
                        case 2: try await store.correctionLapsed(code: code, on: day, actor: actor)
                        case 3: try await store.startConsultation(code: code, kind: step.number % 2 == 0 ? .thirdParty : .otherAgency, sent: day, actor: actor)
                        case 4: try await store.consultationReplied(code: code, replied: day, actor: actor)
                        case 5: try await store.extend(code: code, days: step.number % 25, on: day, actor: actor)
                        case 6: dated = false; try await store.setReasonablePeriod(code: code, until: day.adding(days: 60), actor: actor)
                        case 7: try await store.sendFeeNotice(code: code, basis: nil, pages: step.number, noticeReceived: day, actor: actor)
                        case 8: try await store.feePaid(code: code, on: day, actor: actor)
                        case 9: try await store.feeLapsed(code: code, on: day, actor: actor)
                        default: try await store.decide(code: code, outcome: outcomes[step.number % outcomes.count], on: day, actor: actor)
                        }
                    } catch {
                        // Refused: nothing changed.
                        #expect(try await Self.state(store, id) == before, "\(step) was refused (\(error)) but changed the record")
                        continue
                    }
                    if dated {
                        #expect(day >= recorded.last!, "\(step) accepted on \(day) after a step recorded on \(recorded.last!)")
                        recorded.append(day)
                    }
                    try await Self.checkConsistent(store, id, clock: clock, today: today, after: step)
                }
            }
        }
    }

    /// The record's own order and its due date, checked from the stored facts.
    static func checkConsistent(_ store: Store, _ id: UUID, clock: StatutoryClock, today: CalendarDate, after step: Step) async throws {
        let a = try #require(try await ApplicationRecord.find(id, on: store.db))
        let consultations = try await ConsultationRecord.query(on: store.db).filter(\.$applicationID == id).sort(\.$sentDate).all()
        let fees = try await FeeNoticeRecord.query(on: store.db).filter(\.$applicationID == id).all()
        func d(_ s: String?) -> CalendarDate? { s.flatMap(CalendarDate.init(iso:)) }
        let received = try #require(d(a.receivedDate))
        var dates: [CalendarDate] = [received]
        if let r = d(a.correctionRequestedDate) { #expect(r >= received, "\(step)"); dates.append(r) }
        if a.extensionDays > 0 {
            let granted = try #require(d(a.extensionDate), "\(step): an extension without its date")
            #expect(granted >= received, "\(step)")
            dates.append(granted)
        }
        if let c = d(a.correctedDate) {
            #expect(c >= (d(a.correctionRequestedDate) ?? .distantPast), "\(step): corrected before the request")
            #expect(a.clockStart == a.correctedDate, "\(step): the clock restarts on the corrected application (条例第三十条)")
            dates.append(c)
        }
        for c in consultations {
            let sent = try #require(d(c.sentDate))
            #expect(sent >= received, "\(step)")
            dates.append(sent)
            if let r = d(c.repliedDate) { #expect(r >= sent, "\(step): reply before the letter"); dates.append(r) }
        }
        #expect(fees.count <= 1, "\(step): charged twice")
        for f in fees {
            let notice = try #require(d(f.noticeDate))
            #expect(notice >= received, "\(step)")
            dates.append(notice)
            if let p = d(f.paidDate) {
                #expect(p >= notice && f.paidDate! <= f.payBy, "\(step): paid \(p) outside \(notice)…\(f.payBy)")
                dates.append(p)
            }
        }
        #expect(dates.allSatisfy { $0 <= today })
        if let decided = d(a.decidedDate) {
            #expect(a.state == ApplicationState.decided.rawValue && a.outcome != nil)
            #expect(dates.allSatisfy { $0 <= decided }, "\(step): closed on \(decided) before a recorded step \(dates.max()!)")
        }
        // The due date of an open application is the statutory clock's (条例第三十、三十二至三十五条) for the stored
        // facts; an unanswered consultation counts to the consulted party's reply deadline (15 working days).
        guard a.state != ApplicationState.decided.rawValue else { return }
        let input = ClockInput(
            receiptDate: received, limitDays: 20, correctedReceiptDate: d(a.correctedDate),
            consultations: try consultations.map {
                let sent = d($0.sentDate)!
                return Consultation(sent: sent, replied: try d($0.repliedDate) ?? clock.consultationReplyDeadline(letterReceived: sent),
                                    kind: ConsultationKind(rawValue: $0.kind)!)
            },
            extensionDays: a.extensionDays, reasonablePeriodUntil: d(a.reasonableDate))
        #expect(a.dueDate == (try clock.explain(input)).dueDate.description, "\(step): stored due date \(a.dueDate ?? "-")")
    }
}

extension CalendarDate {
    static let distantPast = CalendarDate(year: 1, month: 1, day: 1)!
}
