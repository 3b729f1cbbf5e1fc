import Foundation
import Testing

@testable import ConsignStore

@Suite("Values kept in meta with every commit")
struct KeptValueTests {
    struct Planned: Error {}

    /// A counter the store keeps; a class so the closure sees the test's changes.
    final class Counter: @unchecked Sendable {
        var value = 0
    }

    @Test("written with a commit when changed, not kept after a rollback, written again by the next commit")
    func followsCommits() throws {
        let path = try TemporaryStore.folder("kept") + "/consign.sqlite"
        let store = try Store(path: path)
        let counter = Counter()
        try store.keep(metaKey: "test.counter") { String(counter.value) }

        counter.value = 5
        try store.transaction { try store.setMeta("other", "a") }
        #expect(try store.meta("test.counter") == "5")

        counter.value = 9
        #expect(throws: Planned.self) { try store.transaction { throw Planned() } }
        #expect(try store.meta("test.counter") == "5")

        try store.transaction {}
        #expect(try Store(path: path).meta("test.counter") == "9")
    }

    @Test("an unchanged value is not written again, and a second keep for a key replaces the first")
    func writesOnlyChanges() throws {
        let store = try TemporaryStore.make("kept")
        try store.transaction { try store.setMeta("test.counter", "3") }
        try store.keep(metaKey: "test.counter") { "3" }
        try store.keep(metaKey: "test.counter") { "4" }
        let before = try Self.changes(store)
        try store.transaction {}
        #expect(try store.meta("test.counter") == "4")
        #expect(try Self.changes(store) == before + 1)

        try store.transaction {}
        #expect(try Self.changes(store) == before + 1)
    }

    /// SQLite's count of rows changed through this connection.
    static func changes(_ store: Store) throws -> Int {
        let statement = try store.database.statement("SELECT total_changes()")
        defer { statement.reset() }
        _ = try statement.step()
        return statement.int(0) ?? -1
    }
}
