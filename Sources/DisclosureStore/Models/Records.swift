import FluentKit
import Foundation

// Fluent records. Dates that the law counts in (receipt, due, decision) are stored as ISO "YYYY-MM-DD" strings:
// they compare and group the same way on SQLite and PostgreSQL. Instants (event times) are timestamps.

/// An agency (行政机关) with its parent (e.g. the city government of a department) and time zone.
public final class AgencyRecord: Model, @unchecked Sendable {
    public static let schema = "agencies"
    @ID(key: .id) public var id: UUID?
    /// Short code used on the command line, unique.
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String
    @OptionalField(key: "parent_id") public var parentID: UUID?
    /// IANA time zone of the agency (receipt dates, 条例第三十一条), default Asia/Shanghai.
    @Field(key: "time_zone") public var timeZone: String
    /// `AgencyKind` raw value: department or government (条例第四十九条 deadline).
    @Field(key: "kind") public var kind: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    /// The office that accepts applications (政府信息公开工作机构), for the 政府信息公开指南 (migration 005).
    @OptionalField(key: "office_name") public var officeName: String?
    @OptionalField(key: "office_address") public var officeAddress: String?
    @OptionalField(key: "office_phone") public var officePhone: String?
    @OptionalField(key: "office_hours") public var officeHours: String?
    @OptionalField(key: "office_email") public var officeEmail: String?
    /// The properties in declaration order, listed instead of found by reflection (FluentKit's default uses
    /// `Mirror` on every query, its largest cost); `ModelPropertiesTests` checks the list against reflection.
    public var properties: [any AnyProperty] {
        [$id, $code, $name, $parentID, $timeZone, $kind, $createdAt, $officeName, $officeAddress, $officePhone, $officeHours, $officeEmail]
    }
    public init() {}
}

/// An applicant. Personal identifiers live only here; output shows `maskedName` and never the others.
public final class ApplicantRecord: Model, @unchecked Sendable {
    public static let schema = "applicants"
    @ID(key: .id) public var id: UUID?
    /// `ApplicantKind` raw value (a column of report table 三).
    @Field(key: "kind") public var kind: String
    @Field(key: "name") public var name: String
    @OptionalField(key: "id_number") public var idNumber: String?
    @OptionalField(key: "phone") public var phone: String?
    @OptionalField(key: "address") public var address: String?
    @OptionalField(key: "email") public var email: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    /// `IdentityDocumentKind` raw value of `idNumber` (migration 004).
    @OptionalField(key: "id_type") public var idType: String?
    /// The properties in declaration order, listed instead of found by reflection (FluentKit's default uses
    /// `Mirror` on every query, its largest cost); `ModelPropertiesTests` checks the list against reflection.
    public var properties: [any AnyProperty] { [$id, $kind, $name, $idNumber, $phone, $address, $email, $createdAt, $idType] }
    public init() {}
}

/// An application (政府信息公开申请) and the state set by its events.
public final class ApplicationRecord: Model, @unchecked Sendable {
    public static let schema = "applications"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agency_id") public var agencyID: UUID
    @OptionalField(key: "applicant_id") public var applicantID: UUID?
    /// `ApplicantKind` raw value, copied so that report counts need no join.
    @Field(key: "applicant_kind") public var applicantKind: String
    /// Public tracking code (查询码) given to the applicant.
    @Field(key: "query_code") public var queryCode: String
    /// `SubmissionChannel` raw value.
    @Field(key: "channel") public var channel: String
    @OptionalField(key: "submitted_at") public var submittedAt: Date?
    /// 收到申请之日 (条例第三十一条), ISO date.
    @Field(key: "received_date") public var receivedDate: String
    /// Day the answer clock counts from: the receipt date, or the corrected application's (条例第三十条).
    @Field(key: "clock_start") public var clockStart: String
    /// Day the correction notice was given (条例第三十条).
    @OptionalField(key: "correction_requested_date") public var correctionRequestedDate: String?
    @OptionalField(key: "corrected_date") public var correctedDate: String?
    @Field(key: "request_text") public var requestText: String
    /// `RequestText.normalized` of the request, for duplicate detection.
    @Field(key: "normalized_text") public var normalizedText: String
    /// `ApplicationState` raw value.
    @Field(key: "state") public var state: String
    /// Statutory answer due date (ISO), recomputed by events and calendar changes.
    @OptionalField(key: "due_date") public var dueDate: String?
    /// Working days of the answer period (20, 条例第三十三条).
    @Field(key: "limit_days") public var limitDays: Int
    /// Working days of the one extension granted (0…20).
    @Field(key: "extension_days") public var extensionDays: Int
    /// A later date set under 条例第三十五条 (reasonable period), when any.
    @OptionalField(key: "reasonable_date") public var reasonableDate: String?
    @OptionalField(key: "duplicate_of") public var duplicateOf: UUID?
    @OptionalField(key: "decided_date") public var decidedDate: String?
    /// `Outcome` raw value (2021 taxonomy) once decided.
    @OptionalField(key: "outcome") public var outcome: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    /// `Store.contentKey` of the receipt date, applicant kind and name and request text: an application already
    /// recorded is recognised when a ledger brings it again (migration 004).
    @OptionalField(key: "content_key") public var contentKey: String?
    /// The ledger import the application came from, when any (migration 004).
    @OptionalField(key: "ledger_import_id") public var ledgerImportID: UUID?
    /// The day the extension was decided and told (条例第三十三条), when one was (migration 004).
    @OptionalField(key: "extension_date") public var extensionDate: String?
    /// The information's title and 文号 as the applicant gave them (条例第二十九条; migration 005).
    @OptionalField(key: "info_title") public var infoTitle: String?
    @OptionalField(key: "info_doc_number") public var infoDocNumber: String?
    /// The form (`ProvisionForm`) and way (`DeliveryMethod`) of provision asked for (migration 005).
    @OptionalField(key: "provision_form") public var provisionForm: String?
    @OptionalField(key: "delivery_method") public var deliveryMethod: String?

    /// The properties in declaration order, listed instead of found by reflection (FluentKit's default uses
    /// `Mirror` on every query, its largest cost); `ModelPropertiesTests` checks the list against reflection.
    public var properties: [any AnyProperty] { [$id, $agencyID, $applicantID, $applicantKind, $queryCode, $channel, $submittedAt, $receivedDate, $clockStart, $correctionRequestedDate, $correctedDate, $requestText, $normalizedText, $state, $dueDate, $limitDays, $extensionDays, $reasonableDate, $duplicateOf, $decidedDate, $outcome, $createdAt, $contentKey, $ledgerImportID, $extensionDate, $infoTitle, $infoDocNumber, $provisionForm, $deliveryMethod] }
    public init() {}
}

/// A consultation of a third party (条例第三十二条) or another agency (第三十四条): the clock pauses.
public final class ConsultationRecord: Model, @unchecked Sendable {
    public static let schema = "consultations"
    @ID(key: .id) public var id: UUID?
    @Field(key: "application_id") public var applicationID: UUID
    /// "third-party" or "other-agency".
    @Field(key: "kind") public var kind: String
    @Field(key: "sent_date") public var sentDate: String
    @OptionalField(key: "replied_date") public var repliedDate: String?
    /// The properties in declaration order, listed instead of found by reflection (FluentKit's default uses
    /// `Mirror` on every query, its largest cost); `ModelPropertiesTests` checks the list against reflection.
    public var properties: [any AnyProperty] { [$id, $applicationID, $kind, $sentDate, $repliedDate] }
    public init() {}
}

/// A fee notice (国办函〔2020〕109号): amount in 元, 20 working days to pay.
/// A letter issued for an application (答复书, 告知书…), as the Word document that was issued.
public final class LetterRecord: Model, @unchecked Sendable {
    public static let schema = "letters"
    @ID(key: .id) public var id: UUID?
    @Field(key: "application_id") public var applicationID: UUID
    /// `LetterKind` raw value.
    @Field(key: "kind") public var kind: String
    @Field(key: "title") public var title: String
    /// The letter's date (YYYY-MM-DD), from the record.
    @Field(key: "issued") public var issued: String
    @Field(key: "docx") public var docx: Data
    @Field(key: "actor") public var actor: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    public var properties: [any AnyProperty] { [$id, $applicationID, $kind, $title, $issued, $docx, $actor, $createdAt] }
    public init() {}
}

/// An agency's wording of a letter kind (`LetterTemplate.body`), replacing the standard one.
public final class LetterTemplateRecord: Model, @unchecked Sendable {
    public static let schema = "letter_templates"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agency_id") public var agencyID: UUID
    @Field(key: "kind") public var kind: String
    @Field(key: "body") public var body: String
    @Field(key: "actor") public var actor: String
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    public var properties: [any AnyProperty] { [$id, $agencyID, $kind, $body, $actor, $updatedAt] }
    public init() {}
}

public final class FeeNoticeRecord: Model, @unchecked Sendable {
    public static let schema = "fee_notices"
    @ID(key: .id) public var id: UUID?
    @Field(key: "application_id") public var applicationID: UUID
    /// "per-application" (按件) or "per-volume" (按量).
    @Field(key: "method") public var method: String
    /// Amount in 元.
    @Field(key: "amount_yuan") public var amountYuan: Int
    @Field(key: "notice_date") public var noticeDate: String
    @Field(key: "pay_by") public var payBy: String
    @OptionalField(key: "paid_date") public var paidDate: String?
    /// The properties in declaration order, listed instead of found by reflection (FluentKit's default uses
    /// `Mirror` on every query, its largest cost); `ModelPropertiesTests` checks the list against reflection.
    public var properties: [any AnyProperty] { [$id, $applicationID, $method, $amountYuan, $noticeDate, $payBy, $paidDate] }
    public init() {}
}

/// An administrative reconsideration or litigation about an answer (report table 四).
public final class AppealRecord: Model, @unchecked Sendable {
    public static let schema = "appeals"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agency_id") public var agencyID: UUID
    @OptionalField(key: "application_id") public var applicationID: UUID?
    /// `AppealKind` raw value.
    @Field(key: "kind") public var kind: String
    @Field(key: "filed_date") public var filedDate: String
    /// `AppealResult` raw value (pending until concluded).
    @Field(key: "result") public var result: String
    @OptionalField(key: "concluded_date") public var concludedDate: String?
    /// The agency is a co-defendant as the reconsideration organ: not counted (spec R3).
    @Field(key: "as_co_defendant") public var asCoDefendant: Bool
    /// The properties in declaration order, listed instead of found by reflection (FluentKit's default uses
    /// `Mirror` on every query, its largest cost); `ModelPropertiesTests` checks the list against reflection.
    public var properties: [any AnyProperty] { [$id, $agencyID, $applicationID, $kind, $filedDate, $result, $concludedDate, $asCoDefendant] }
    public init() {}
}

/// One entry of the append-only event log: who, when, what, before/after (JSON).
public final class EventRecord: Model, @unchecked Sendable {
    public static let schema = "events"
    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @OptionalField(key: "application_id") public var applicationID: UUID?
    @OptionalField(key: "agency_id") public var agencyID: UUID?
    /// `EventKind` raw value (past tense).
    @Field(key: "kind") public var kind: String
    @Field(key: "actor") public var actor: String
    @Field(key: "role") public var role: String
    @Field(key: "at") public var at: Date
    @OptionalField(key: "before") public var before: String?
    @OptionalField(key: "after") public var after: String?
    @OptionalField(key: "detail") public var detail: String?
    /// The properties in declaration order, listed instead of found by reflection (FluentKit's default uses
    /// `Mirror` on every query, its largest cost); `ModelPropertiesTests` checks the list against reflection.
    public var properties: [any AnyProperty] { [$id, $applicationID, $agencyID, $kind, $actor, $role, $at, $before, $after, $detail] }
    public init() {}
}

/// A holiday notice loaded into the calendar (beyond the bundled 2019–2026), or an ad-hoc day off.
public final class CalendarEntryRecord: Model, @unchecked Sendable {
    public static let schema = "calendar_entries"
    @ID(key: .id) public var id: UUID?
    /// Notice year the entry belongs to.
    @Field(key: "notice_year") public var noticeYear: Int
    @Field(key: "date") public var date: String
    /// "holiday", "workday" (调休上班) or "day-off" (ad hoc).
    @Field(key: "kind") public var kind: String
    @Field(key: "name") public var name: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    /// The properties in declaration order, listed instead of found by reflection (FluentKit's default uses
    /// `Mirror` on every query, its largest cost); `ModelPropertiesTests` checks the list against reflection.
    public var properties: [any AnyProperty] { [$id, $noticeYear, $date, $kind, $name, $createdAt] }
    public init() {}
}

/// One imported ledger (依申请公开台账): which file, the SHA-256 of its normalised rows, how many rows, who and when.
public final class LedgerImportRecord: Model, @unchecked Sendable {
    public static let schema = "ledger_imports"
    @ID(key: .id) public var id: UUID?
    @Field(key: "agency_id") public var agencyID: UUID
    @Field(key: "file_name") public var fileName: String
    /// Hex SHA-256 of the rows as read (header included), independent of CSV or XLSX.
    @Field(key: "digest") public var digest: String
    @Field(key: "rows") public var rows: Int
    @Field(key: "actor") public var actor: String
    @Field(key: "imported_at") public var importedAt: Date
    /// The properties in declaration order, listed instead of found by reflection (FluentKit's default uses
    /// `Mirror` on every query, its largest cost); `ModelPropertiesTests` checks the list against reflection.
    public var properties: [any AnyProperty] { [$id, $agencyID, $fileName, $digest, $rows, $actor, $importedAt] }
    public init() {}
}

/// A staff account of the web platform (migration 005). The password is kept only as a hash.
public final class UserRecord: Model, @unchecked Sendable {
    public static let schema = "users"
    @ID(key: .id) public var id: UUID?
    @Field(key: "username") public var username: String
    @Field(key: "display_name") public var displayName: String
    /// `StaffRole` raw value.
    @Field(key: "role") public var role: String
    /// The agency a clerk or head works for, or the region (parent agency) an oversight officer reads.
    @OptionalField(key: "agency_id") public var agencyID: UUID?
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "must_change_password") public var mustChangePassword: Bool
    @Field(key: "disabled") public var disabled: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    /// The properties in declaration order, listed instead of found by reflection (FluentKit's default uses
    /// `Mirror` on every query, its largest cost); `ModelPropertiesTests` checks the list against reflection.
    public var properties: [any AnyProperty] { [$id, $username, $displayName, $role, $agencyID, $passwordHash, $mustChangePassword, $disabled, $createdAt] }
    public init() {}
}

/// A login session of the web platform, kept in the database so that several app instances share it (migration 005).
public final class SessionRecord: Model, @unchecked Sendable {
    public static let schema = "sessions"
    @ID(custom: "id", generatedBy: .user) public var id: String?
    /// The session's data as JSON.
    @Field(key: "data") public var data: String
    @Field(key: "expires_at") public var expiresAt: Date
    /// The properties in declaration order, listed instead of found by reflection (FluentKit's default uses
    /// `Mirror` on every query, its largest cost); `ModelPropertiesTests` checks the list against reflection.
    public var properties: [any AnyProperty] { [$id, $data, $expiresAt] }
    public init() {}
}

/// A message of the notification outbox (migration 009). Times are whole seconds since 1970 (UTC).
public final class NotificationRecord: Model, @unchecked Sendable {
    public static let schema = "notifications"
    @ID(key: .id) public var id: UUID?
    /// `NotificationKind` raw value.
    @Field(key: "kind") public var kind: String
    /// What makes the message once-only (e.g. "due-soon:<application>:<due date>"); unique.
    @Field(key: "dedupe_key") public var dedupeKey: String
    @OptionalField(key: "agency_id") public var agencyID: UUID?
    @OptionalField(key: "application_id") public var applicationID: UUID?
    @Field(key: "recipient") public var recipient: String
    @Field(key: "subject") public var subject: String
    @Field(key: "body") public var body: String
    /// The day the message is for (ISO `YYYY-MM-DD`): the reminder's working day, the digest's day.
    @Field(key: "scheduled_for") public var scheduledFor: String
    /// "queued", "sending", "sent" or "failed".
    @Field(key: "status") public var status: String
    @Field(key: "attempts") public var attempts: Int
    @OptionalField(key: "last_error") public var lastError: String?
    @Field(key: "next_attempt_at") public var nextAttemptAt: Int64
    @OptionalField(key: "claimed_at") public var claimedAt: Int64?
    @Field(key: "created_at") public var createdAt: Int64
    @OptionalField(key: "sent_at") public var sentAt: Int64?
    public var properties: [any AnyProperty] {
        [$id, $kind, $dedupeKey, $agencyID, $applicationID, $recipient, $subject, $body, $scheduledFor, $status, $attempts, $lastError,
         $nextAttemptAt, $claimedAt, $createdAt, $sentAt]
    }
    public init() {}
}

/// How far through the event log applicants have been told of their applications' changes (migration 009).
public final class NotificationCursorRecord: Model, @unchecked Sendable {
    public static let schema = "notification_cursors"
    @ID(custom: "name", generatedBy: .user) public var id: String?
    @Field(key: "last_event_id") public var lastEventID: Int64
    public var properties: [any AnyProperty] { [$id, $lastEventID] }
    public init() {}
}
