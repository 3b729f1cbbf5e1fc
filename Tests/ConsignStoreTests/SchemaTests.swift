import ConsignCore
import Foundation
import Synchronization
import Testing

@testable import ConsignStore

@Suite("Schema migrations")
struct SchemaTests {
    @Test("a new store is at the latest version and finds a batch's shipments through the partial index")
    func partialBatchIndex() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store(path: folder.appendingPathComponent("consign.sqlite").path)

        #expect(try store.schemaVersion() == Schema.migrations.count)
        let plan = try store.database.statement(
            "EXPLAIN QUERY PLAN SELECT id FROM shipments WHERE close_batch_id = ?1 ORDER BY id")
        try plan.bind([7])
        var details: [String] = []
        while try plan.step() { details.append(plan.text(3) ?? "") }
        #expect(details.contains { $0.contains("shipments_batch") }, "\(details)")
    }

    @Test("a store migrated by another connection while this one waited for the lock is not migrated again")
    func migratedWhileWaiting() throws {
        let path = try TemporaryStore.folder("schema") + "/consign.sqlite"
        // Another program holds the write lock on the new, still empty store and migrates it.
        let other = try Database(path: path)
        try other.execute("BEGIN IMMEDIATE")
        let opened = Mutex<Result<Int, StoreError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            // Reads version 0, then waits for the lock in its own BEGIN IMMEDIATE.
            let result = Result { () throws(StoreError) in
                try Store(path: path, busyTimeoutMilliseconds: 20_000).schemaVersion()
            }
            opened.withLock { $0 = result }
            done.signal()
        }
        Thread.sleep(forTimeInterval: 0.5)
        for migration in Schema.migrations { try other.execute(migration) }
        try other.execute("PRAGMA user_version = \(Schema.migrations.count)")
        try other.execute("COMMIT")
        done.wait()
        let version = try #require(opened.withLock { $0 }).get()
        #expect(version == Schema.migrations.count)
    }
}

