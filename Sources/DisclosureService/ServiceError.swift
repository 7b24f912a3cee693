import DisclosureReaders
import DisclosureRules
import DisclosureStore
import Foundation

/// The one error of the service layer: a code a program can act on, a Chinese message for a person (it names no
/// CLI option or form field — front ends add those from `field`), and the details when there are several (the rows
/// of a ledger, the findings that block a report).
public struct ServiceError: Error, Sendable, CustomStringConvertible, LocalizedError {
    public enum Code: String, Sendable, Codable {
        /// A value a person typed cannot be taken (bad date, check character, too long …); `field` names it.
        case invalidInput = "invalid-input"
        /// An agency, application or appeal that does not exist.
        case notFound = "not-found"
        /// The records forbid it now (published and frozen, already there, changed meanwhile).
        case conflict
        /// The lifecycle or the role does not allow it (条例; the transition table).
        case notAllowed = "not-allowed"
        /// Refused by a rule of the Regulations (an extension over 20 working days, a notice without days …).
        case refused
        /// A working-day count reaches a year without a loaded holiday notice.
        case calendarNotLoaded = "calendar-not-loaded"
        /// A file cannot be read (not a report, an encoding, a size limit, a missing tool).
        case unreadable
        /// A ledger has bad rows; `details` lists them.
        case ledgerRejected = "ledger-rejected"
        /// Another imported spreadsheet (a catalogue, decision counts) has bad rows; `details` lists them.
        case importRejected = "import-rejected"
        /// A report cannot be published: errors, or warnings not acknowledged; `details` lists them.
        case publishBlocked = "publish-blocked"
        /// The database cannot be opened or is not what it should be.
        case configuration
    }

    public var code: Code
    public var message: String
    /// The `InputField.key` of the value refused, when one is (e.g. `submittedAt`).
    public var field: String?
    /// Items when there are several (ledger problems, blocking findings), one line each.
    public var details: [String]
    /// For a form refused field by field: each field's key (`PublicApplicationForm`'s property names) and its problem.
    public var fieldErrors: [String: String] = [:]

    public init(_ code: Code, _ message: String, field: String? = nil, details: [String] = []) {
        self.code = code; self.message = message; self.field = field; self.details = details
    }

    public var description: String { details.isEmpty ? message : message + "\n" + details.map { "  " + $0 }.joined(separator: "\n") }
    public var errorDescription: String? { description }

    /// Any error of the layers below, classified.
    init(_ error: any Error) {
        switch error {
        case let e as ServiceError: self = e
        case let e as InputError: self.init(.invalidInput, e.description, field: e.field.key.isEmpty ? nil : e.field.key)
        case let e as StoreError:
            switch e {
            case .notFound(let m): self.init(.notFound, m)
            case .invalid(let m): self.init(.refused, m)
            case .conflict(let m): self.init(.conflict, m)
            case .configuration(let m): self.init(.configuration, m)
            }
        case let e as LifecycleError: self.init(.notAllowed, e.description)
        case let e as CalendarError:
            if case .yearNotCovered = e { self.init(.calendarNotLoaded, e.description) } else { self.init(.refused, e.description) }
        case let e as ClockError: self.init(.refused, e.description)
        case let e as CatalogueError: self.init(.refused, e.description)
        case let e as LedgerError:
            self.init(.ledgerRejected, "\(e.file)：台账有 \(e.total) 处错误，未导入任何记录：",
                      details: e.problems.map(\.description) + (e.total > e.problems.count ? ["……另有 \(e.total - e.problems.count) 处错误未列出"] : []))
        case let e as ImportError:
            self.init(.importRejected, "\(e.file)：\(e.what)有 \(e.total) 处错误，未导入任何内容：",
                      details: e.problems.map(\.description) + (e.total > e.problems.count ? ["……另有 \(e.total - e.problems.count) 处错误未列出"] : []))
        case let e as ReaderError: self.init(.unreadable, e.description)
        default: self.init(.configuration, Self.describe(error))
        }
    }

    /// A driver's error in words (PostgresNIO hides the server's message in its reflection).
    static func describe(_ error: any Error) -> String {
        let s = String(describing: error)
        return s.contains("PSQLError") ? String(reflecting: error) : s
    }
}
