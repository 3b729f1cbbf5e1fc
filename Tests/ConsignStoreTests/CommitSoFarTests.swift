import Foundation
import Testing

@testable import ConsignStore

@Suite("A transaction committed in parts")
struct CommitSoFarTests {
    struct Planned: Error {}

    static func file(_ outcome: String, orders: Int = 0) -> ProcessedFile {
        ProcessedFile(contentHash: "abc", fileName: "big.csv", processedAt: Date(timeIntervalSince1970: 0),
                      outcome: outcome, resultFile: "big.result.csv", orders: orders, rejected: 0)
    }

    @Test("what was written before commitSoFar survives a later rollback; kept values go with each part")
    func partsSurviveRollback() throws {
        let path = try TemporaryStore.folder("parts") + "/consign.sqlite"
        let store = try Store(path: path)
        var serial = 1
        try store.keep(metaKey: "test.serial") { String(serial) }
        #expect(throws: Planned.self) {
            try store.transaction {
                try store.record(Self.file(ProcessedFile.partial))
                serial = 2
                try store.commitSoFar()
                try store.setMeta("second", "part")
                serial = 3
                throw Planned()
            }
        }
        let reopened = try Store(path: path)
        #expect(try reopened.processedFile(hash: "abc")?.isPartial == true)
        #expect(try reopened.meta("test.serial") == "2")
        #expect(try reopened.meta("second") == nil)
    }

    /// The connection's `synchronous` level: 2 FULL, 1 NORMAL.
    static func synchronous(_ store: Store) throws -> Int? {
        let statement = try store.database.statement("PRAGMA synchronous")
        defer { statement.reset() }
        return try statement.step() ? statement.int(0) : nil
    }

    @Test("parts after the first commit without syncing the log; the transaction ends synced, also on an error",
          arguments: [false, true])
    func laterPartsUnsynced(failing: Bool) throws {
        let path = try TemporaryStore.folder("parts") + "/consign.sqlite"
        let store = try Store(path: path)
        var levels: [Int?] = []
        try? store.transaction {
            levels.append(try Self.synchronous(store))
            try store.record(Self.file(ProcessedFile.partial))
            try store.commitSoFar()
            levels.append(try Self.synchronous(store))
            try store.commitSoFar()
            try store.setMeta("last", "part")
            if failing { throw Planned() }
        }
        levels.append(try Self.synchronous(store))
        #expect(levels == [2, 1, 2])
        // The next transaction is an ordinary one again.
        try store.transaction { try store.setMeta("after", "yes") }
        #expect(try Self.synchronous(store) == 2)
        let reopened = try Store(path: path)
        #expect(try reopened.meta("last") == (failing ? nil : "part"))
        #expect(try reopened.processedFile(hash: "abc")?.isPartial == true)
    }

    @Test("the final record replaces a partial one only; a second final record is refused")
    func recordReplacesPartialOnly() throws {
        let store = try TemporaryStore.make("parts")
        try store.transaction { try store.record(Self.file(ProcessedFile.partial)) }
        try store.transaction { try store.record(Self.file("done", orders: 7)) }
        let done = try #require(try store.processedFile(hash: "abc"))
        #expect(done.outcome == "done" && done.orders == 7)
        #expect(throws: StoreError.self) { try store.transaction { try store.record(Self.file("error")) } }
        #expect(try store.processedFile(hash: "abc")?.outcome == "done")
    }
}
