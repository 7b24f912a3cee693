@testable import DisclosureStore
import DisclosureRules
import FluentKit
import Foundation
import Testing

@Suite(.serialized) struct MigrationTests {
    @Test func revertAndReapply() async throws {
        try await withStore { (store: Store) async throws in
            try await store.addAgency(code: "a", name: "某局")
            try await store.revertAll()
            try await store.prepare()
            #expect(try await AgencyRecord.query(on: store.db).count() == 0)
            try await store.addAgency(code: "a", name: "某局")
            #expect(try await store.agencies().map(\.code) == ["a"])
        }
    }

    @Test func configurationFromEnvironment() {
        #expect(StoreConfiguration.fromEnvironment(environment: [:]) == .sqliteFile("gongkai.sqlite"))
        #expect(StoreConfiguration.fromEnvironment(environment: ["GONGKAI_DB": "/tmp/x.sqlite"]) == .sqliteFile("/tmp/x.sqlite"))
        let pg = StoreConfiguration.fromEnvironment(environment: ["DATABASE_URL": "postgres://u:secret@127.0.0.1:5432/db"])
        #expect(pg == .postgres("postgres://u:secret@127.0.0.1:5432/db"))
        #expect(!pg.safeDescription.contains("secret"))
    }
}
