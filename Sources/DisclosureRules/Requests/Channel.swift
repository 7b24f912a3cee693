import Foundation

/// How an application for government information was submitted, which decides its date of receipt
/// (收到申请之日) under 条例第三十一条.
public enum SubmissionChannel: String, Codable, CaseIterable, Sendable {
    /// 当面提交 — 第三十一条（一）: the day of submission.
    case inPerson = "in-person"
    /// 邮寄（签收）— 第三十一条（二）: the day the agency signs for the mail.
    case mailSigned = "mail-signed"
    /// 平常信函 (ordinary letter, no signature) — 第三十一条（二）: the day the agency confirms with the applicant, which
    /// it must do on the day the letter arrives.
    case mailOrdinary = "mail-ordinary"
    /// 互联网 (online) — 第三十一条（三）: the day both sides confirm.
    case online
    /// 传真 (fax to the disclosure office) — 第三十一条（三）: the day both sides confirm.
    case fax

    /// Chinese name: 当面提交, 邮寄（签收）, 平常信函, 互联网, 传真.
    public var chinese: String {
        switch self {
        case .inPerson: "当面提交"
        case .mailSigned: "邮寄（签收）"
        case .mailOrdinary: "平常信函"
        case .online: "互联网"
        case .fax: "传真"
        }
    }

    /// The receipt rule of 条例第三十一条 for this channel, in Chinese, citing the item.
    public var receiptRule: String {
        switch self {
        case .inPerson: "条例第三十一条第（一）项：当面提交的，以提交之日为收到申请之日"
        case .mailSigned: "条例第三十一条第（二）项：邮寄提交的，以行政机关签收之日为收到申请之日"
        case .mailOrdinary: "条例第三十一条第（二）项：以平常信函等无需签收的方式邮寄的，以与申请人确认之日为收到申请之日（应于收到当日确认）"
        case .online: "条例第三十一条第（三）项：通过互联网渠道提交的，以双方确认之日为收到申请之日"
        case .fax: "条例第三十一条第（三）项：通过传真提交的，以双方确认之日为收到申请之日"
        }
    }

    /// Whether the receipt date is a confirmation date (平常信函, 互联网, 传真) rather than the submission or signing day.
    public var receiptNeedsConfirmation: Bool {
        switch self {
        case .inPerson, .mailSigned: false
        case .mailOrdinary, .online, .fax: true
        }
    }

    /// The date of receipt (收到申请之日) under 条例第三十一条, as a civil date in the agency's time zone
    /// (Asia/Shanghai for a mainland agency: 2024-09-26T23:30:00Z is 2024-09-27 there).
    ///
    /// - Parameters:
    ///   - submittedAt: the moment of submission; for signed-for mail, the moment the agency signed for it.
    ///   - confirmedAt: for 平常信函 / 互联网 / 传真, the moment of confirmation with the applicant; when `nil` the
    ///     submission moment is used (confirmed the same day; see `confirmationWarning`). Ignored for 当面提交 and
    ///     邮寄（签收）.
    ///   - timeZone: the agency's time zone.
    /// - Throws: `InputError` when the confirmation precedes the submission, or a moment has no date in years
    ///   1…9999 (range-check moments with `RecordDates` first).
    public func receiptDate(submittedAt: Date, confirmedAt: Date? = nil,
                            timeZone: TimeZone = TimeZone(identifier: "Asia/Shanghai")!) throws -> CalendarDate {
        switch self {
        case .inPerson, .mailSigned:
            return try CalendarDate.from(submittedAt, timeZone: timeZone)
        case .mailOrdinary, .online, .fax:
            if let c = confirmedAt, c < submittedAt {
                throw InputError(.confirmedAt, "早于提交时刻（条例第三十一条：确认之日为收到申请之日，确认只能在提交之后）")
            }
            return try CalendarDate.from(confirmedAt ?? submittedAt, timeZone: timeZone)
        }
    }

    /// A warning (Chinese) when the receipt date of an online or fax submission is taken without a recorded
    /// confirmation: under 条例第三十一条第（三）项 the receipt date is the day both sides confirm, so the
    /// submission day stands in for it only as an assumption. `nil` for the other channels or with a confirmation.
    public func confirmationWarning(confirmedAt: Date?) -> String? {
        guard confirmedAt == nil, self == .online || self == .fax else { return nil }
        return "\(chinese)提交的申请以双方确认之日为收到申请之日（条例第三十一条第（三）项），未记录确认时刻，已按提交当日确认计算；如确认在后，请记录确认时刻"
    }
}
