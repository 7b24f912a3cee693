@testable import DisclosureStore
import DisclosureRules
import Foundation
import Testing

/// Dates and values an action must refuse, and what staff are shown (found by a QA pass).
@Suite(.serialized) struct ActionDateTests {
    @Test func aDecisionCannotPrecedeWhatIsRecorded() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let consulted = try await store.receiveSimple("a", on: "2024-09-02").queryCode
            try await store.startConsultation(code: consulted, kind: .thirdParty, sent: date("2024-09-09"), actor: handler)
            try await store.consultationReplied(code: consulted, replied: date("2024-09-20"), actor: registrar)
            let early = await #expect(throws: InputError.self) {
                try await store.decide(code: consulted, outcome: .granted, on: date("2024-09-15"), actor: handler)
            }
            #expect(early?.description.contains("答复日期 2024-09-15 早于该申请已记录的“收到意见”日期 2024-09-20") == true)
            #expect(try await store.decide(code: consulted, outcome: .granted, on: date("2024-09-20"), actor: handler).decidedDate == "2024-09-20")

            let corrected = try await store.receiveSimple("a", on: "2024-09-02", text: "另一项申请").queryCode
            try await store.requestCorrection(code: corrected, on: date("2024-09-04"), actor: handler)
            try await store.correctionReceived(code: corrected, on: date("2024-09-10"), actor: registrar)
            let beforeCorrection = await #expect(throws: InputError.self) {
                try await store.decide(code: corrected, outcome: .granted, on: date("2024-09-08"), actor: handler)
            }
            #expect(beforeCorrection?.description.contains("答复日期 2024-09-08 早于该申请已记录的“收到补正”日期 2024-09-10") == true)
            let app = try await store.requireApplication(code: corrected)
            #expect(app.state == ApplicationState.inProgress.rawValue && app.decidedDate == nil)
        }
    }

    @Test func anOpenConsultationIsExplainedAsOpen() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let code = try await store.receiveSimple("a", on: "2024-09-02").queryCode
            try await store.startConsultation(code: code, kind: .thirdParty, sent: date("2024-09-09"), actor: handler)
            let app = try await store.requireApplication(code: code)
            // Stored: the latest it can be — the reply deadline 9/30 (15 working days after 9/9), so 15 excluded days.
            #expect(app.dueDate == "2024-10-25")
            // Explained as of 9/20, as `gongkai clock --consult 2024-09-09: --as-of 2024-09-20` (C11's open case).
            let e = try await store.explain(app, asOf: date("2024-09-20"))
            #expect(e.pauses.first?.open == true && e.clockPaused && e.dueDate == date("2024-10-16"))
            #expect(e.steps.contains { $0.contains("尚未收到回复") } && !e.steps.contains { $0.contains("）收到回复：") })
        }
    }

    @Test func theReasonablePeriodIsSetOnceOnAWorkingDayWhileTheClockRuns() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            let code = try await store.receiveSimple("a", on: "2024-09-02").queryCode // due 2024-09-30
            await #expect(throws: StoreError.invalid("合理期限 2024-11-10 不是工作日：2024-11-10 是星期日")) {
                try await store.setReasonablePeriod(code: code, until: date("2024-11-10"), actor: handler)
            }
            #expect(try await store.setReasonablePeriod(code: code, until: date("2024-11-11"), actor: handler).dueDate == "2024-11-11")
            await #expect(throws: StoreError.invalid("申请 \(code) 已确定合理期限 2024-11-11（条例第三十五条），不能再次确定")) {
                try await store.setReasonablePeriod(code: code, until: date("2024-12-02"), actor: handler)
            }
            let waiting = try await store.receiveSimple("a", on: "2024-09-02", text: "内容不明确的申请").queryCode
            try await store.requestCorrection(code: waiting, on: date("2024-09-04"), actor: handler)
            await #expect(throws: StoreError.self) {
                try await store.setReasonablePeriod(code: waiting, until: date("2024-11-11"), actor: handler)
            }
        }
    }

    @Test func overlongInputIsRefusedAndNamesAreMasked() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            await #expect(throws: InputError.self) {
                try await store.receive(agencyCode: "a", applicant: ApplicantInput(kind: .naturalPerson, name: "张三"), channel: .online,
                                        text: String(repeating: "字", count: InputLimits.requestText + 1), receivedDate: date("2024-09-02"), actor: registrar)
            }
            await #expect(throws: InputError.self) {
                try await store.receive(agencyCode: "a", applicant: ApplicantInput(kind: .naturalPerson, name: String(repeating: "名", count: 201)),
                                        channel: .online, text: "申请", receivedDate: date("2024-09-02"), actor: registrar)
            }
            #expect(try await store.applications(asOf: date("2024-12-31")).isEmpty)
        }
        // A natural person's name is masked however long; an organisation's is kept.
        #expect(Privacy.maskName("阿依古丽·买买提", kind: .naturalPerson) == "阿*******")
        #expect(Privacy.maskName("John Smith", kind: .naturalPerson) == "J*********")
        #expect(Privacy.maskName("北京某某律师事务所", kind: .legalServiceInstitution) == "北京某某律师事务所")
        #expect(Privacy.maskName("李小明") == "李**")
    }
}
