import ConsignCore
import Foundation
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
}
