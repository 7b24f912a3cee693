import ArgumentParser
import DisclosureRules
import DisclosureService
import Foundation

/// Where the records are: `DATABASE_URL` (PostgreSQL) if set, else the SQLite file `--db` (default `GONGKAI_DB`
/// or ./gongkai.sqlite).
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite 数据库文件（默认 $GONGKAI_DB 或 ./gongkai.sqlite；设置 DATABASE_URL 时使用 PostgreSQL）。")
    var db: String?

    var location: DatabaseLocation { DatabaseLocation.fromEnvironment(file: db) }

    /// Whether a database was named: `--db`, `GONGKAI_DB` or `DATABASE_URL` (otherwise ./gongkai.sqlite is the default).
    var isConfigured: Bool {
        let env = ProcessInfo.processInfo.environment
        return db != nil || env["DATABASE_URL"]?.isEmpty == false || env["GONGKAI_DB"]?.isEmpty == false
    }

    /// Whether the records exist already (PostgreSQL, or an SQLite file that is there and not empty).
    var exists: Bool { location.missingReason == nil }

    /// Opens the service, runs `body`, closes it; service errors become a Chinese message and exit 1.
    /// - Parameter create: whether a missing SQLite file is created (commands that set up a database: adding an
    ///   agency, loading holiday notices); every other command refuses a missing or empty file, naming it, instead of
    ///   creating an empty database.
    func run<T>(create: Bool = false, _ body: (Service) async throws -> T) async throws -> T {
        let service: Service
        do { service = try await Service.open(location, create: create) } catch { fail(describe(error)) }
        do {
            let r = try await body(service)
            await service.close()
            return r
        } catch let e as ExitCode {
            await service.close(); throw e
        } catch let e as ValidationError {
            await service.close(); throw e
        } catch {
            await service.close()
            fail(describe(error))
        }
    }
}

/// The command-line option of each input field, so a refused value names the option the user typed.
enum CLIFlags {
    static let byKey: [String: String] = [
        "submittedAt": "--submitted", "confirmedAt": "--confirmed", "receivedDate": "--received", "applicantName": "--name",
        "idNumber": "--id-number", "phone": "--phone", "address": "--address", "email": "--email", "requestText": "--text",
        "actorName": "--by", "reason": "--reason", "lateReason": "--late-reason", "pages": "--pages", "limitDays": "--days",
        "extensionDays": "--extend", "dayOffName": "NAME", "year": "--year", "appealID": "ID", "filed": "--filed",
        "concluded": "--concluded/--date", "publishDate": "--date", "section": "--section", "table2": "--values",
        "title": "--title", "summary": "--summary", "documentNumber": "--doc-number", "issuingAgency": "--issuer", "writtenOn": "--written",
        "formedOn": "--formed", "publishedOn": "--date", "scope": "--scope", "timeLimit": "--time-limit", "body": "--body", "validity": "--date",
        "repealedBy": "--document", "documentKind": "--kind", "reviewer": "--reviewer", "opinion": "--opinion", "organisationCode": "--org-code",
        "indexPattern": "--pattern",
    ]
}

/// A service error as the CLI shows it: the message, the option it concerns, and what acknowledging warnings takes.
func describe(_ error: any Error) -> String {
    guard let e = error as? ServiceError else { return "\(error)" }
    var text = e.message
    if let key = e.field, let flag = CLIFlags.byKey[key] { text += "（\(flag)）" }
    if e.code == .publishBlocked, e.details.contains(where: { $0.hasPrefix("警告") }) { text += "（确认警告：--acknowledge-warnings）" }
    if !e.details.isEmpty { text += "\n" + e.details.map { "  " + $0 }.joined(separator: "\n") }
    return text
}

/// Who acts (`--by`, `--role`), with the role the action needs as default.
struct ActorOptions: ParsableArguments {
    @Option(name: .long, help: "经办人姓名（默认当前系统用户）。")
    var by: String?

    @Option(name: .long, help: "角色：registrar（登记）、handler（承办）、head（机构负责人）、admin。")
    var role: String?

    /// - Throws: `ValidationError` for an unknown role or an empty / invisible-character `--by`.
    func actor(default defaultRole: StaffRole) throws -> StaffMember {
        let r: StaffRole
        if let role {
            guard let parsed = StaffRole(rawValue: role) else { throw ValidationError("--role 只能是 registrar、handler、head 或 admin，收到“\(role)”") }
            r = parsed
        } else { r = defaultRole }
        do { return try StaffMember(validating: by ?? ProcessInfo.processInfo.environment["USER"] ?? "staff", role: r) } catch {
            throw ValidationError(describe(error))
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("错误：\(message)\n".utf8))
    Foundation.exit(1)
}

/// Parses an ISO date option, naming the option on error; dates before the Regulations (2008-05-01) are refused.
func parseDate(_ s: String, _ option: String) throws -> CalendarDate {
    guard let d = CalendarDate(iso: s) else { throw ValidationError("\(option) 需要日期 YYYY-MM-DD（真实存在的日期），收到“\(s)”") }
    do { try RecordDates.checkNotBeforeRegulations(d, field: InputField(option, option)) } catch let e as InputError {
        throw ValidationError(e.description)
    }
    return d
}

/// Parses a whole-number option (full-width digits accepted), naming the option on error in Chinese; ranges are
/// checked where the number is used.
func parseWhole(_ text: String, _ option: String) throws -> Int {
    let t = text.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces)
    guard !t.isEmpty, t.enumerated().allSatisfy({ $0.element.isASCII && ($0.element.isNumber || ($0.offset == 0 && $0.element == "-")) }),
          let n = Int(t) else {
        throw ValidationError("\(option) 应为整数，收到“\(text)”")
    }
    return n
}

/// Checks a moment option (ISO 8601) strictly with the one parser of every front end (`Timestamp`), its fields only;
/// the service reads it in the agency's time zone.
func checkMoment(_ s: String, _ option: String, field: InputField) throws {
    do { _ = try Timestamp.parseFields(s, field: field) } catch let e as InputError { throw ValidationError("\(option)：\(e.description)") }
}

func printJSON<T: Encodable>(_ value: T) {
    let e = JSONEncoder()
    e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    e.dateEncodingStrategy = .iso8601
    print(String(decoding: (try? e.encode(value)) ?? Data("{}".utf8), as: UTF8.self))
}
