@testable import DisclosureService
@testable import DisclosureStore
import DisclosureRules
import Foundation

/// A fresh database per test: in-memory SQLite, or PostgreSQL when DATABASE_URL is set (CI runs both; the
/// PostgreSQL run is serialized with --no-parallel because the tests share that database).
func withStore<T>(_ body: (Store) async throws -> T) async throws -> T {
    let configuration: StoreConfiguration
    if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty { configuration = .postgres(url) }
    else { configuration = .sqliteMemory }
    let store = try await Store.open(configuration)
    if case .postgres = configuration {
        try await store.revertAll()
        try await store.prepare()
    }
    do {
        let r = try await body(store)
        await store.close()
        return r
    } catch {
        await store.close()
        throw error
    }
}

let registrar = Actor(name: "登记员甲", role: .registrar)
let handler = Actor(name: "承办人乙", role: .handler)
let head = Actor(name: "负责人丙", role: .head)

func date(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

/// A 公民身份号码 with a valid GB 11643 check character (made up: 1990-01-01, Beijing Dongcheng).
let testIDNumber = "110101199001011237"
/// A 统一社会信用代码 with a valid GB 32100 check character (made up).
let testUSCC = "91110108MA01ABCD1E"

extension Store {
    /// Receives a plain application on a given receipt date.
    func receiveSimple(_ agency: String, on received: String, kind: ApplicantKind = .naturalPerson, name: String = "张三",
                       text: String = "请公开本机关2024年部门预算") async throws -> ApplicationRecord {
        try await receive(agencyCode: agency, applicant: ApplicantInput(kind: kind, name: name, idNumber: kind == .naturalPerson ? testIDNumber : testUSCC,
                                                                      phone: "13800000000"),
                          channel: .inPerson, text: text, receivedDate: date(received), actor: registrar).application
    }
}

extension Store {
    /// The service layer over this store (as the front ends reach it).
    var service: Service { Service(store: self, location: .sqliteMemory) }
}

extension Actor {
    /// The same person as the service names them.
    var member: StaffMember { StaffMember(name: name, role: role) }
}
