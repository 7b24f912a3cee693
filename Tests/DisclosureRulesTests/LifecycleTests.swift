import DisclosureRules
import Testing

/// Every (state, action, role) triple: allowed ones go to the expected state, all others throw.
@Suite struct LifecycleTests {
    typealias S = ApplicationState
    /// The expected table, written out independently of `ApplicationLifecycle.transitions`.
    static let allowed: [(S, ApplicationAction, Set<StaffRole>, S)] = [
        (.inProgress, .correctionRequested, [.handler, .head], .awaitingCorrection),     // 条例第三十条
        (.awaitingCorrection, .correctionReceived, [.registrar, .handler, .head], .inProgress),
        (.awaitingCorrection, .correctionLapsed, [.handler, .head], .decided),           // 表三（六）1
        (.inProgress, .consultationStarted, [.handler, .head], .underConsultation),      // 条例第三十二、三十四条
        (.underConsultation, .consultationReplied, [.registrar, .handler, .head], .inProgress),
        (.inProgress, .extensionGranted, [.head], .inProgress),                          // 条例第三十三条：机构负责人同意
        (.underConsultation, .extensionGranted, [.head], .underConsultation),
        (.inProgress, .feeNoticeSent, [.handler, .head], .awaitingPayment),              // 国办函〔2020〕109号
        (.awaitingPayment, .feePaid, [.registrar, .handler, .head], .inProgress),
        (.awaitingPayment, .feeLapsed, [.handler, .head], .decided),                     // 表三（六）2
        (.inProgress, .decided, [.handler, .head], .decided),                            // 条例第三十六条
        (.underConsultation, .decided, [.handler, .head], .decided),
    ]

    @Test func everyTriple() {
        var checked = 0
        for state in S.allCases {
            for action in ApplicationAction.allCases {
                for role in StaffRole.allCases {
                    checked += 1
                    let row = Self.allowed.first { $0.0 == state && $0.1 == action }
                    if let row, row.2.contains(role) {
                        #expect((try? ApplicationLifecycle.next(from: state, action: action, role: role)) == row.3, "\(state) \(action) \(role)")
                    } else if row != nil {
                        #expect(throws: LifecycleError.roleNotAllowed(action: action, role: role)) {
                            try ApplicationLifecycle.next(from: state, action: action, role: role)
                        }
                    } else {
                        #expect(throws: LifecycleError.notAllowedInState(action: action, state: state)) {
                            try ApplicationLifecycle.next(from: state, action: action, role: role)
                        }
                    }
                }
            }
        }
        #expect(checked == S.allCases.count * ApplicationAction.allCases.count * StaffRole.allCases.count)
    }

    @Test func decidedIsFinal() {
        for action in ApplicationAction.allCases {
            #expect(throws: LifecycleError.self) { try ApplicationLifecycle.next(from: .decided, action: action, role: .head) }
        }
    }

    @Test func outcomesMapToReportRows() {
        // 2021 rows one to one; the 2019 format folds （六）1–3 into its single （六）其他处理 row.
        #expect(Outcome.allCases.count == 21) // （一）（二）, （三）1–8, （四）1–3, （五）1–5, （六）1–3
        #expect(Set(Outcome.allCases.map { $0.rowID(in: .f2021) }) == Set(ReportFormat.f2021.table3Rows.filter { $0.role == .outcome }.map(\.id)))
        #expect(Set(Outcome.allCases.map { $0.rowID(in: .f2019) }) == Set(ReportFormat.f2019.table3Rows.filter { $0.role == .outcome }.map(\.id)))
        #expect(Outcome(text: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == .partlyGranted)
        #expect(Outcome(text: "8.属于行政查询事项") == .refused8)
        #expect(Outcome(text: "3.其他") == .other3)
        #expect(Outcome(text: "2.重复申请") == .notProcessed2)
        #expect(Outcome(text: "已答复") == nil)
    }

    @Test func applicantKindsAreTheReportColumns() {
        #expect(ApplicantKind.allCases.map(\.label) == Array(ReportFormat.table3Columns.prefix(6)))
        #expect(ApplicantKind(text: "社会组织") == .socialWelfareOrganization)
    }

    @Test func duplicateTextNormalisation() {
        #expect(RequestText.normalized("请公开　２０２４年 预算。") == RequestText.normalized("请公开2024年预算"))
    }
}
