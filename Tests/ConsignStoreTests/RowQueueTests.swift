import ConsignCore
import Foundation
import Testing

@testable import ConsignStore

/// New shipment and event rows wait in the store's row queue and are written sixteen to an
/// INSERT. No read, rollback or commit may see the difference.
@Suite("Rows queued for multi-row inserts")
struct RowQueueTests {
    struct Planned: Error {}

    static func event(for record: ShipmentRecord) -> ShipmentEvent {
        ShipmentEvent(
            event: .create, eventInstance: record.shipment.guid, eventCreated: record.shipment.createdAt,
            sequence: 1, orderCode: record.shipment.orderCode, fromStatus: .requested, status: .created,
            trackingNumbers: [], note: "queued")
    }

    /// Inserts a shipment for `code` with its event; returns the shipment's id.
    @discardableResult
    static func register(_ code: String, in store: Store) throws -> Int64 {
        let record = try store.insert(QueryFixture.record(orderCode: code, carrier: "ppl", status: .created))
        try store.append(event(for: record), shipmentId: record.id)
        return record.id
    }

    static func count(_ table: String, in store: Store) throws -> Int {
        let statement = try store.database.statement("SELECT count(*) FROM \(table)")
        defer { statement.reset() }
        _ = try statement.step()
        return statement.int(0) ?? -1
    }

    @Test("ids run on from the table's highest, full and partial batches alike; events name their shipments",
          arguments: [1, 15, 16, 17, 40])
    func idsAsSQLiteGivesThem(count: Int) throws {
        let store = try TemporaryStore.make("queue")
        _ = try store.transaction { try Self.register("first", in: store) }
        let ids = try store.transaction { try (0..<count).map { try Self.register("Q\($0)", in: store) } }
        #expect(ids == Array(2...Int64(count + 1)))

        let statement = try store.database.statement("""
            SELECT count(*) FROM events e JOIN shipments s ON s.id = e.shipment_id AND s.guid = e.shipment_guid
            """)
        _ = try statement.step()
        #expect(statement.int(0) == count + 1)
        statement.reset()
        #expect(try store.lastEventId() == Int64(count + 1))
    }

    @Test("a queued row is read back, updated and counted in its own transaction")
    func visibleInItsTransaction() throws {
        let store = try TemporaryStore.make("queue")
        try store.transaction {
            try Self.register("B", in: store)
            let id = try Self.register("A", in: store)
            var record = try #require(try store.shipment(id: id))
            #expect(try Self.register("C", in: store) == id + 1)
            // "C" is now the highest code, not above it: the order index is probed and sees the row.
            #expect(try store.activeShipment(orderCode: "C")?.id == id + 1)
            try record.shipment.move(to: .cancelRequested, at: record.shipment.createdAt, note: "asked")
            try store.save(&record)
            #expect(try Self.count("shipments", in: store) == 3)
            #expect(try store.events(after: 0, limit: 10).count == 3)
        }
        #expect(try store.shipment(guid: try #require(try store.latestShipment(orderCode: "A")).shipment.guid)?
            .shipment.status == .cancelRequested)
    }

    @Test("a savepoint rolled back takes only its own queued rows; the next rows take its ids")
    func savepointRollback() throws {
        let store = try TemporaryStore.make("queue")
        try store.transaction {
            try Self.register("S1", in: store)
            #expect(throws: Planned.self) {
                try store.savepoint {
                    for index in 0..<20 { try Self.register("R\(index)", in: store) }
                    throw Planned()
                }
            }
            #expect(try Self.register("S2", in: store) == 2)
        }
        #expect(try Self.count("shipments", in: store) == 2)
        #expect(try Self.count("events", in: store) == 2)
        #expect(try store.activeShipment(orderCode: "R3") == nil)
    }

    @Test("a rolled-back transaction leaves nothing of its queued rows")
    func transactionRollback() throws {
        let store = try TemporaryStore.make("queue")
        #expect(throws: Planned.self) {
            try store.transaction {
                for index in 0..<20 { try Self.register("T\(index)", in: store) }
                throw Planned()
            }
        }
        #expect(try Self.count("shipments", in: store) == 0)
        #expect(store.rowQueue.isEmpty)
        #expect(try store.transaction { try Self.register("T0", in: store) } == 1)
    }

    @Test("a queued row that cannot be written fails the commit, and nothing of the transaction is kept")
    func failedWriteFailsCommit() throws {
        let store = try TemporaryStore.make("queue")
        let twin = QueryFixture.record(orderCode: "D1", carrier: "ppl", status: .created)
        #expect(throws: StoreError.self) {
            try store.transaction {
                _ = try store.insert(twin)
                var again = twin
                again.shipment.orderCode = "D2"
                _ = try store.insert(again)  // the same GUID: refused when the queue is written
            }
        }
        #expect(try Self.count("shipments", in: store) == 0)
    }

    /// Twenty shipments, the eleventh with the GUID of the fourth: the first statement of
    /// sixteen rows fails after ten of them.
    static func registerWithTwin(in store: Store, prefix: String) throws {
        var records = (0..<20).map {
            QueryFixture.record(orderCode: "\(prefix)\($0)", carrier: "ppl", status: .created)
        }
        records[10].shipment.guid = records[3].shipment.guid
        for record in records { _ = try store.insert(record) }
    }

    @Test("a statement of sixteen rows failing halfway: the transaction keeps none of them")
    func failedBatchRollsBackTransaction() throws {
        let store = try TemporaryStore.make("queue")
        #expect(throws: StoreError.self) { try store.transaction { try Self.registerWithTwin(in: store, prefix: "F") } }
        #expect(try Self.count("shipments", in: store) == 0)
        #expect(try store.transaction { try Self.register("F0", in: store) } == 1)
    }

    @Test("a statement of sixteen rows failing halfway in a savepoint: only the savepoint's rows go")
    func failedBatchInSavepoint() throws {
        let store = try TemporaryStore.make("queue")
        try store.transaction {
            try Self.register("K0", in: store)
            #expect(throws: StoreError.self) {
                try store.savepoint { try Self.registerWithTwin(in: store, prefix: "G") }
            }
            try Self.register("K1", in: store)
        }
        #expect(try Self.count("shipments", in: store) == 2)
        #expect(try store.activeShipment(orderCode: "G0") == nil)
        #expect(try store.latestShipment(orderCode: "K1")?.id == 2)
    }

    @Test("outside a transaction a row is written at once; another connection sees it")
    func writtenAtOnceOutsideTransactions() throws {
        let path = try TemporaryStore.folder("queue") + "/consign.sqlite"
        let store = try Store(path: path)
        try Self.register("O1", in: store)
        #expect(store.rowQueue.isEmpty)
        let other = try Store(path: path)
        #expect(try other.activeShipment(orderCode: "O1") != nil)
        #expect(try Self.count("events", in: other) == 1)
    }

    @Test("each committed part writes the queue and reads the next ids again")
    func partsWriteTheQueue() throws {
        let path = try TemporaryStore.folder("queue") + "/consign.sqlite"
        let store = try Store(path: path)
        let other = try Store(path: path)
        try store.transaction {
            for index in 0..<5 { try Self.register("P\(index)", in: store) }
            try store.commitSoFar()
            #expect(store.rowQueue.isEmpty && store.rowQueue.nextShipmentId == nil)
            // The part is committed: another connection reads it while the transaction goes on.
            #expect(try Self.count("shipments", in: other) == 5)
            try Self.register("P5", in: store)
        }
        #expect(try Self.count("shipments", in: other) == 6)
    }
}
