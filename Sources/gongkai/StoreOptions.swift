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

    /// Opens the store, runs `body`, closes it; store and domain errors become a Chinese message and exit 1.
    func run<T>(_ body: (Store) async throws -> T) async throws -> T {
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
        let s = String(describing: error)
        // PostgresNIO hides details in `description`; the reflection names the server's message.
        return s.contains("PSQLError") ? String(reflecting: error) : s
    }
}

/// Who acts (`--by`, `--role`), with the role the action needs as default.
struct ActorOptions: ParsableArguments {
    @Option(name: .long, help: "经办人姓名（默认当前系统用户）。")
    var by: String?

    @Option(name: .long, help: "角色：registrar（登记）、handler（承办）、head（机构负责人）、admin。")
    var role: String?

    func actor(default defaultRole: StaffRole) throws -> Actor {
        let r: StaffRole
        if let role {
            guard let parsed = StaffRole(rawValue: role) else { throw ValidationError("--role 只能是 registrar、handler、head 或 admin，收到“\(role)”") }
            r = parsed
        } else { r = defaultRole }
        return Actor(name: by ?? ProcessInfo.processInfo.environment["USER"] ?? "staff", role: r)
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("错误：\(message)\n".utf8))
    Foundation.exit(1)
}

/// Parses an ISO date option, naming the option on error.
func parseDate(_ s: String, _ option: String) throws -> CalendarDate {
    guard let d = CalendarDate(iso: s) else { throw ValidationError("\(option) 需要日期 YYYY-MM-DD，收到“\(s)”") }
    return d
}

/// Today in Asia/Shanghai (the default agency time zone), for "overdue" and the clock's as-of.
func today() -> CalendarDate { CalendarDate.from(Date(), timeZone: TimeZone(identifier: "Asia/Shanghai")!) }

func printJSON<T: Encodable>(_ value: T) {
    let e = JSONEncoder()
    e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    e.dateEncodingStrategy = .iso8601
    print(String(decoding: (try? e.encode(value)) ?? Data("{}".utf8), as: UTF8.self))
}
