import ArgumentParser
import DisclosureRules
import DisclosureStore
import Foundation

/// Where the records are: `DATABASE_URL` (PostgreSQL) if set, else the SQLite file `--db` (default `GONGKAI_DB`
/// or ./gongkai.sqlite), created and migrated on first use.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite 数据库文件（默认 $GONGKAI_DB 或 ./gongkai.sqlite；设置 DATABASE_URL 时使用 PostgreSQL）。")
    var db: String?

    var configuration: StoreConfiguration {
        var env = ProcessInfo.processInfo.environment
        if let db { env["GONGKAI_DB"] = db }
        return StoreConfiguration.fromEnvironment(environment: env)
    }

    /// Whether a database was named: `--db`, `GONGKAI_DB` or `DATABASE_URL` (otherwise ./gongkai.sqlite is the default).
    var isConfigured: Bool {
        let env = ProcessInfo.processInfo.environment
        return db != nil || env["DATABASE_URL"]?.isEmpty == false || env["GONGKAI_DB"]?.isEmpty == false
    }

    /// Whether the records exist already: PostgreSQL (the server holds them), or an SQLite file that is there.
    var exists: Bool {
        if case .sqliteFile(let path) = configuration { return FileManager.default.fileExists(atPath: path) }
        return true
    }

    /// Opens the store, runs `body`, closes it; store and domain errors become a Chinese message and exit 1.
    /// - Parameter create: whether a missing SQLite file is created (commands that set up a database: adding an
    ///   agency, loading the calendar); every other command refuses a file that does not exist, naming it, instead of
    ///   creating an empty database.
    func run<T>(create: Bool = false, _ body: (Store) async throws -> T) async throws -> T {
        if !create, case .sqliteFile(let path) = configuration {
            if !FileManager.default.fileExists(atPath: path) {
                fail("数据库文件 \(path) 不存在。请用 --db 指定已有的数据库，或先用 gongkai agency add 建立（首次添加机关时创建）")
            }
            if ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue == 0 {
                fail("数据库文件 \(path) 是空文件，不是 Gongkai 的数据库。请用 --db 指定已有的数据库，或先用 gongkai agency add 建立")
            }
        }
        let store: Store
        do { store = try await Store.open(configuration) } catch {
            fail("无法打开数据库（\(configuration.safeDescription)）：\(Self.describe(error))")
        }
        do {
            let r = try await body(store)
            await store.close()
            return r
        } catch let e as ExitCode {
            await store.close(); throw e
        } catch let e as ValidationError {
            await store.close(); throw e
        } catch {
            await store.close()
            fail(Self.describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? InputError { return CLIFlags.describe(e) }
        let s = String(describing: error)
        // PostgresNIO hides details in `description`; the reflection names the server's message.
        return s.contains("PSQLError") ? String(reflecting: error) : s
    }
}

/// The command-line option of each `InputField`, so a refused value names the option the user typed.
enum CLIFlags {
    static let byKey: [String: String] = [
        "submittedAt": "--submitted", "confirmedAt": "--confirmed", "receivedDate": "--received", "applicantName": "--name",
        "idNumber": "--id-number", "phone": "--phone", "address": "--address", "email": "--email", "requestText": "--text",
        "actorName": "--by", "reason": "--reason", "pages": "--pages", "limitDays": "--days", "extensionDays": "--extend",
        "dayOffName": "NAME", "year": "--year", "appealID": "ID", "lateReason": "--late-reason", "filed": "--filed", "concluded": "--concluded/--date",
        "publishDate": "--date", "section": "--section", "table2": "--values",
    ]

    /// The error's message with the option it concerns, e.g. "提交时刻“…”无效：…（--submitted）".
    static func describe(_ e: InputError) -> String {
        guard let flag = byKey[e.field.key] else { return e.description }
        return "\(e.description)（\(flag)）"
    }
}

/// Who acts (`--by`, `--role`), with the role the action needs as default.
struct ActorOptions: ParsableArguments {
    @Option(name: .long, help: "经办人姓名（默认当前系统用户）。")
    var by: String?

    @Option(name: .long, help: "角色：registrar（登记）、handler（承办）、head（机构负责人）、admin。")
    var role: String?

    /// - Throws: `ValidationError` for an unknown role or an empty / invisible-character `--by`.
    func actor(default defaultRole: StaffRole) throws -> Actor {
        let r: StaffRole
        if let role {
            guard let parsed = StaffRole(rawValue: role) else { throw ValidationError("--role 只能是 registrar、handler、head 或 admin，收到“\(role)”") }
            r = parsed
        } else { r = defaultRole }
        do { return try Actor(validating: by ?? ProcessInfo.processInfo.environment["USER"] ?? "staff", role: r) } catch let e as InputError {
            throw ValidationError(CLIFlags.describe(e))
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

/// Parses a moment option (ISO 8601) strictly with the one parser of every front end (`Timestamp`), checking its
/// fields only; the instant is resolved later in the agency's time zone (`resolve`).
func parseMomentFields(_ s: String, _ option: String, field: InputField) throws -> Timestamp.Parsed {
    do { return try Timestamp.parseFields(s, field: field) } catch let e as InputError { throw ValidationError("\(option)：\(e.description)") }
}

/// Today in Asia/Shanghai (the default agency time zone), for "overdue" and the clock's as-of.
func today() throws -> CalendarDate { try CalendarDate.today(in: TimeZone(identifier: "Asia/Shanghai")!, now: Date()) }

func printJSON<T: Encodable>(_ value: T) {
    let e = JSONEncoder()
    e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    e.dateEncodingStrategy = .iso8601
    print(String(decoding: (try? e.encode(value)) ?? Data("{}".utf8), as: UTF8.self))
}
