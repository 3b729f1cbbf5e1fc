@testable import ConsignStore
import Testing

@Suite("A store's connection is set up as Database documents it")
struct ConnectionSettingsTests {
    /// The first column of `PRAGMA name` as text.
    static func pragma(_ name: String, _ store: Store) throws -> String? {
        let statement = try store.database.statement("PRAGMA \(name)")
        defer { statement.reset() }
        return try statement.step() ? statement.text(0) : nil
    }

    @Test("WAL, synchronous FULL, 16 KiB pages, foreign keys on, freed space not zeroed")
    func settings() throws {
        let path = try TemporaryStore.folder("settings") + "/consign.sqlite"
        let store = try Store(path: path)
        #expect(try Self.pragma("journal_mode", store) == "wal")
        #expect(try Self.pragma("synchronous", store) == "2")
        #expect(try Self.pragma("page_size", store) == "16384")
        #expect(try Self.pragma("foreign_keys", store) == "1")
        #expect(try Self.pragma("secure_delete", store) == "0")
    }
}
