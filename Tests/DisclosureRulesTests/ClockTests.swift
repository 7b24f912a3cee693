import DisclosureRules
import Foundation
import Testing

@Suite struct ClockTests {
    let clock = StatutoryClock(calendar: .bundled)

    // MARK: cases/deadlines.md

    @Test func c1AnswerDueDate() throws {
        let due = try clock.answerDueDate(received: day("2024-09-27"))
        #expect(due == day("2024-10-30"))
        #expect(due != day("2024-10-25") && due != day("2024-11-01"))
        let e = try clock.explain(ClockInput(receiptDate: day("2024-09-27")))
        #expect(e.dueDate == day("2024-10-30"))
        #expect(e.statutoryDueDate == day("2024-10-30"))
        #expect(e.clockStart == day("2024-09-27"))
        #expect(e.limitDays == 20 && e.extensionDays == 0)
        #expect(e.asOf == day("2024-10-30"))
        #expect(e.daysUsed == 20 && e.daysPaused == 0 && e.daysRemaining == 0)
        #expect(!e.overdue && !e.clockPaused && e.pauses.isEmpty && e.warnings.isEmpty)
        #expect(e.steps.contains { $0.contains("条例第三十三条") && $0.contains("2024年10月30日") })
        #expect(e.steps.contains { $0.contains("条例第三十一条") })
        #expect(e.steps.contains { $0.contains("国庆节") && $0.contains("10月12日") }) // holiday and make-up Saturday named
    }

    @Test func c8ExplainRefusesInto2027() {
        #expect(throws: CalendarError.yearNotCovered(2027)) { try clock.explain(ClockInput(receiptDate: day("2026-12-10"))) }
        #expect(throws: CalendarError.yearNotCovered(2027)) { try clock.answerDueDate(received: day("2026-12-10")) }
    }

    @Test func c9CorrectionNoticeDeadline() throws {
        #expect(try clock.correctionNoticeDeadline(received: day("2024-09-02")) == day("2024-09-11"))
        #expect(try clock.explain(ClockInput(receiptDate: day("2024-09-02"))).correctionNoticeDeadline == day("2024-09-11"))
    }

    @Test func c10ClockRestartsFromTheCorrectedApplication() throws {
        let e = try clock.explain(ClockInput(receiptDate: day("2024-09-02"), correctedReceiptDate: day("2024-09-23")))
        #expect(e.receiptDate == day("2024-09-02"))
        #expect(e.clockStart == day("2024-09-23"))
        #expect(e.dueDate == day("2024-10-24"))
        #expect(e.steps.contains { $0.contains("条例第三十条") && $0.contains("2024年9月23日") })
        #expect(throws: ClockError.self) {
            try clock.explain(ClockInput(receiptDate: day("2024-09-02"), correctedReceiptDate: day("2024-09-01")))
        }
    }

    @Test func c11ThirdPartyConsultationIsExcluded() throws {
        let input = ClockInput(receiptDate: day("2024-09-02"),
                               consultations: [Consultation(sent: day("2024-09-09"), replied: day("2024-09-20"), kind: .thirdParty)],
                               asOf: day("2024-09-20"))
        let e = try clock.explain(input)
        #expect(e.daysUsed == 5)
        #expect(e.daysPaused == 8)
        #expect(e.dueDate == day("2024-10-16"))
        #expect(e.dueDate != day("2024-09-30"))
        #expect(e.daysRemaining == 15)
        #expect(!e.clockPaused)
        #expect(e.pauses == [ClockPause(from: day("2024-09-10"), through: day("2024-09-20"), workingDays: 8,
                                        reason: "征求第三方意见（条例第三十二条、条例第三十三条第二款）", open: false)])
        #expect(e.steps.contains { $0.contains("条例第三十三条第二款") && $0.contains("8个工作日") })
        #expect(e.steps.last == "截至2024年9月20日（星期五）：已用5个工作日，暂停8个工作日，剩余15个工作日。")
        // Without an as-of date the counts are at the due date.
        var atDue = input
        atDue.asOf = nil
        let f = try clock.explain(atDue)
        #expect(f.dueDate == day("2024-10-16"))
        #expect(f.daysUsed == 20 && f.daysPaused == 8 && f.daysRemaining == 0)
    }

    @Test func c11WithTheReplyStillOutstanding() throws {
        let open = ClockInput(receiptDate: day("2024-09-02"),
                              consultations: [Consultation(sent: day("2024-09-09"), replied: nil, kind: .thirdParty)],
                              asOf: day("2024-09-20"))
        let e = try clock.explain(open)
        #expect(e.clockPaused)
        #expect(e.daysUsed == 5 && e.daysPaused == 8 && e.daysRemaining == 15)
        #expect(e.dueDate == day("2024-10-16")) // if the reply arrives on the as-of date
        #expect(e.pauses.first?.open == true)
        // A day later the due date moves one working day.
        var later = open
        later.asOf = day("2024-09-23")
        #expect(try clock.explain(later).dueDate == day("2024-10-17"))
        // Before the letter is sent, nothing is paused yet.
        var before = open
        before.asOf = day("2024-09-06")
        let b = try clock.explain(before)
        #expect(b.daysUsed == 4 && b.daysPaused == 0 && b.daysRemaining == 16 && b.dueDate == day("2024-09-30"))
        // Without an as-of date the pause has no end.
        var noAsOf = open
        noAsOf.asOf = nil
        #expect(throws: ClockError.asOfRequired(sent: day("2024-09-09"))) { try clock.explain(noAsOf) }
    }

    @Test func overlappingConsultationsAreExcludedOnce() throws {
        let e = try clock.explain(ClockInput(receiptDate: day("2024-09-02"), consultations: [
            Consultation(sent: day("2024-09-09"), replied: day("2024-09-20"), kind: .thirdParty),
            Consultation(sent: day("2024-09-12"), replied: day("2024-09-24"), kind: .otherAgency),
        ]))
        // 9/10–9/20 (8) and then 9/21–9/24 (9/23, 9/24: 2) — 10 working days in all.
        #expect(e.pauses.map(\.workingDays) == [8, 2])
        #expect(e.pauses[1].from == day("2024-09-21"))
        #expect(e.pauses[1].reason.contains("条例第三十四条"))
        #expect(e.daysPaused == 10)
        #expect(e.dueDate == day("2024-10-18"))
    }

    @Test func consultationSentAfterTheDeadlineIsNotExcluded() throws {
        let e = try clock.explain(ClockInput(receiptDate: day("2024-09-27"),
                                             consultations: [Consultation(sent: day("2024-11-05"), replied: day("2024-11-12"))]))
        #expect(e.dueDate == day("2024-10-30"))
        #expect(e.pauses.isEmpty)
        #expect(e.warnings.contains { $0.contains("已经届满") })
    }

    @Test func lateThirdPartyReplyIsFlagged() throws {
        let e = try clock.explain(ClockInput(receiptDate: day("2025-09-22"), consultations: [
            Consultation(sent: day("2025-09-25"), replied: day("2025-10-31"), kind: .thirdParty, letterReceived: day("2025-09-26")),
        ]))
        #expect(e.warnings.contains { $0.contains("2025年10月23日") && $0.contains("条例第三十二条") })
        // The pause ends at the third party's deadline (9/26 + 15 working days = 10/23, across the National Day
        // holiday and the 10/11 make-up workday), not at the late reply: 3 days used, 17 left after 10/23.
        #expect(e.pauses.map(\.through) == [day("2025-10-23")])
        #expect(e.pauses.first?.endedAtReplyDeadline == true)
        #expect(e.dueDate == day("2025-11-17"))
    }

    @Test func aLetterBeforeTheApplicationIsRefused() throws {
        #expect(throws: ClockError.invalidInput("征求意见书的发出日期（2024-08-20）早于收到申请之日（2024-09-02）")) {
            try clock.explain(ClockInput(receiptDate: day("2024-09-02"),
                                         consultations: [Consultation(sent: day("2024-08-20"), replied: day("2024-09-05"))]))
        }
    }

    @Test func unansweredConsultationStopsPausingAtTheReplyDeadline() throws {
        // C11's letter (sent 2024-09-09) never answered: without a known receipt day the sending day stands for it,
        // so the pause is 9/10–9/30 (15 working days, with the 9/14 and 9/29 make-up workdays) and the clock runs again.
        let e = try clock.explain(ClockInput(receiptDate: day("2024-09-02"),
                                             consultations: [Consultation(sent: day("2024-09-09"), replied: nil, kind: .otherAgency)],
                                             asOf: day("2024-10-30")))
        #expect(e.pauses == [ClockPause(from: day("2024-09-10"), through: day("2024-09-30"), workingDays: 15,
                                        reason: "征求其他行政机关意见（条例第三十四条、条例第三十三条第二款）", open: false,
                                        endedAtReplyDeadline: true)])
        #expect(!e.clockPaused)
        #expect(e.dueDate == day("2024-10-25") && e.overdue)
        #expect(e.warnings.contains { $0.contains("以发函之日") && $0.contains("视为同意公开") })
    }

    @Test func c12ExtensionOfTwentyAndNoMore() throws {
        let base = ClockInput(receiptDate: day("2024-09-27"))
        let extended = try clock.extend(base, by: 20)
        let e = try clock.explain(extended)
        #expect(e.dueDate == day("2024-11-27"))
        #expect(e.extensionDays == 20)
        #expect(e.steps.contains { $0.contains("延长20个工作日") && $0.contains("条例第三十三条") })
        #expect(try clock.explain(ClockInput(receiptDate: day("2024-09-27"), extensionDays: 20)).dueDate == day("2024-11-27"))
        // Any further extension is refused, even a short one.
        #expect(throws: ClockError.extensionRefused(requested: 1, alreadyGranted: 20)) { try clock.extend(extended, by: 1) }
        #expect(throws: ClockError.extensionRefused(requested: 5, alreadyGranted: 20)) {
            try clock.explain(ClockInput(receiptDate: day("2024-09-27"), extensions: [20, 5]))
        }
        // A second extension is refused even when the total stays within 20.
        let ten = try clock.extend(base, by: 10)
        #expect(throws: ClockError.extensionRefused(requested: 10, alreadyGranted: 10)) { try clock.extend(ten, by: 10) }
        // More than 20 at once is refused.
        #expect(throws: ClockError.extensionRefused(requested: 21, alreadyGranted: nil)) { try clock.extend(base, by: 21) }
        #expect(throws: ClockError.extensionRefused(requested: 21, alreadyGranted: nil)) {
            try clock.explain(ClockInput(receiptDate: day("2024-09-27"), extensionDays: 21))
        }
        #expect(throws: ClockError.self) { try clock.extend(base, by: 0) }
        do { _ = try clock.extend(extended, by: 1) } catch {
            #expect("\(error)".contains("条例第三十三条"))
            #expect("\(error)".contains("拒绝"))
        }
    }

    @Test func c13ConsultationReplyDeadlines() throws {
        #expect(try clock.consultationReplyDeadline(letterReceived: day("2025-09-26"), kind: .thirdParty) == day("2025-10-23"))
        #expect(try clock.consultationReplyDeadline(letterReceived: day("2025-09-26"), kind: .otherAgency) == day("2025-10-23"))
    }

    @Test func asOfCountsAndOverdue() throws {
        // C1 as of 2024-10-10: (9/27, 10/10] has 9/29, 9/30, 10/8, 10/9, 10/10 = 5 working days.
        let e = try clock.explain(ClockInput(receiptDate: day("2024-09-27"), asOf: day("2024-10-10")))
        #expect(e.daysUsed == 5 && e.daysRemaining == 15 && !e.overdue)
        // Two working days after the due date.
        let late = try clock.explain(ClockInput(receiptDate: day("2024-09-27"), asOf: day("2024-11-01")))
        #expect(late.overdue && late.daysUsed == 22 && late.daysRemaining == -2)
        #expect(late.steps.last?.contains("已超过2个工作日") == true)
        // Before receipt nothing is used.
        let early = try clock.explain(ClockInput(receiptDate: day("2024-09-27"), asOf: day("2024-09-20")))
        #expect(early.daysUsed == 0 && early.daysRemaining == 20)
    }

    @Test func article35ReasonablePeriod() throws {
        let e = try clock.explain(ClockInput(receiptDate: day("2024-09-27"), reasonablePeriodUntil: day("2025-01-15"),
                                             asOf: day("2025-01-06")))
        #expect(e.statutoryDueDate == day("2024-10-30"))
        #expect(e.dueDate == day("2025-01-15"))
        #expect(e.reasonablePeriodUntil == day("2025-01-15"))
        #expect(!e.overdue)
        #expect(e.daysRemaining == 7) // 1/7–1/10, 1/13–1/15
        #expect(e.steps.contains { $0.contains("条例第三十五条") && $0.contains("上限") })
        #expect(throws: ClockError.reasonablePeriodNotLater(requested: day("2024-10-30"), statutoryDueDate: day("2024-10-30"))) {
            try clock.explain(ClockInput(receiptDate: day("2024-09-27"), reasonablePeriodUntil: day("2024-10-30")))
        }
    }

    @Test func lateDecemberWithoutTheNextNoticeIsWarned() throws {
        let e = try clock.explain(ClockInput(receiptDate: day("2026-11-27")))
        #expect(e.dueDate == day("2026-12-25"))
        #expect(e.warnings.contains { $0.contains("2027年的节假日安排尚未载入") })
        #expect(try clock.explain(ClockInput(receiptDate: day("2025-11-27"))).warnings.isEmpty)
    }

    @Test func explanationEncodesDatesAsISOStrings() throws {
        let e = try clock.explain(ClockInput(receiptDate: day("2024-09-02"),
                                             consultations: [Consultation(sent: day("2024-09-09"), replied: day("2024-09-20"))],
                                             asOf: day("2024-09-20")))
        let object = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(e)) as? [String: Any])
        #expect(object["receiptDate"] as? String == "2024-09-02")
        #expect(object["dueDate"] as? String == "2024-10-16")
        #expect(object["daysUsed"] as? Int == 5)
        #expect(object["daysPaused"] as? Int == 8)
        #expect((object["pauses"] as? [[String: Any]])?.first?["from"] as? String == "2024-09-10")
        #expect(try JSONDecoder().decode(DueDateExplanation.self, from: JSONEncoder().encode(e)) == e)
    }

    // MARK: Fees: payment period

    @Test func feePaymentDeadlineAndAbandonment() throws {
        // Notice received Fri 2024-09-27 (day 0): the 20th working day after is 2024-10-30.
        #expect(try clock.feePaymentDeadline(noticeReceived: day("2024-09-27")) == day("2024-10-30"))
        #expect(try clock.feePaymentOutcome(noticeReceived: day("2024-09-27"), paidOn: day("2024-10-30"), asOf: day("2024-11-05"))
                == .paid(on: day("2024-10-30"), deadline: day("2024-10-30")))
        #expect(try clock.feePaymentOutcome(noticeReceived: day("2024-09-27"), paidOn: nil, asOf: day("2024-10-30"))
                == .awaitingPayment(deadline: day("2024-10-30")))
        #expect(try clock.feePaymentOutcome(noticeReceived: day("2024-09-27"), paidOn: nil, asOf: day("2024-10-31"))
                == .deemedAbandoned(deadline: day("2024-10-30")))
        #expect(try clock.feePaymentOutcome(noticeReceived: day("2024-09-27"), paidOn: day("2024-10-31"), asOf: day("2024-11-05"))
                == .deemedAbandoned(deadline: day("2024-10-30")))
        // The row it is counted in exists in the 2021 format: （六）2.
        let row = try #require(ReportFormat.f2021.table3Rows.first { $0.id == FeePaymentOutcome.annualReportRowID })
        #expect(row.label.hasPrefix("2.申请人逾期未按收费通知要求缴纳费用"))
    }
}

@Suite struct ChannelTests {
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    let moment = Date(timeIntervalSince1970: 1_727_393_400) // 2024-09-26T23:30:00Z = 2024-09-27 07:30 in Shanghai

    @Test func receiptDateInTheAgencysTimeZone() throws {
        for channel in SubmissionChannel.allCases {
            #expect(try channel.receiptDate(submittedAt: moment, confirmedAt: nil, timeZone: shanghai) == day("2024-09-27"), "\(channel)")
        }
        #expect(try SubmissionChannel.online.receiptDate(submittedAt: moment, timeZone: TimeZone(identifier: "UTC")!) == day("2024-09-26"))
        #expect(try SubmissionChannel.online.receiptDate(submittedAt: moment) == day("2024-09-27")) // Asia/Shanghai by default
    }

    @Test func confirmationDateForLettersOnlineAndFax() throws {
        let confirmed = moment.addingTimeInterval(3 * 86400) // 2024-09-30 in Shanghai
        #expect(try SubmissionChannel.online.receiptDate(submittedAt: moment, confirmedAt: confirmed, timeZone: shanghai) == day("2024-09-30"))
        #expect(try SubmissionChannel.fax.receiptDate(submittedAt: moment, confirmedAt: confirmed, timeZone: shanghai) == day("2024-09-30"))
        #expect(try SubmissionChannel.mailOrdinary.receiptDate(submittedAt: moment, confirmedAt: confirmed, timeZone: shanghai) == day("2024-09-30"))
        // In person and signed-for mail: the submission / signing day, a confirmation does not move it.
        #expect(try SubmissionChannel.inPerson.receiptDate(submittedAt: moment, confirmedAt: confirmed, timeZone: shanghai) == day("2024-09-27"))
        #expect(try SubmissionChannel.mailSigned.receiptDate(submittedAt: moment, confirmedAt: confirmed, timeZone: shanghai) == day("2024-09-27"))
    }

    @Test func namesAndRules() {
        #expect(SubmissionChannel.allCases.map(\.chinese) == ["当面提交", "邮寄（签收）", "平常信函", "互联网", "传真"])
        #expect(SubmissionChannel.allCases.map(\.rawValue) == ["in-person", "mail-signed", "mail-ordinary", "online", "fax"])
        #expect(SubmissionChannel.allCases.allSatisfy { $0.receiptRule.hasPrefix("条例第三十一条") })
    }

    /// The time-zone case end to end: submitted online 2024-09-26T23:30:00Z is received 2024-09-27 (Friday) in
    /// Shanghai, so the answer is due 2024-10-30 (C1), not 2024-10-29 (received Thursday 2024-09-26).
    @Test func timeZoneCaseThroughTheClock() throws {
        let received = try SubmissionChannel.online.receiptDate(submittedAt: moment, timeZone: shanghai)
        let due = try StatutoryClock(calendar: .bundled).answerDueDate(received: received)
        #expect(due == day("2024-10-30"))
        #expect(try StatutoryClock(calendar: .bundled).answerDueDate(received: day("2024-09-26")) == day("2024-10-29"))
    }
}
