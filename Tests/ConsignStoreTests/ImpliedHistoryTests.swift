import ConsignCore
import Foundation
import Testing

@testable import ConsignStore

/// Migration 6: a registration accepted at once keeps its first two history entries in the
/// row (`creation_note`); every other history stays in the `history` table. Readers must not
/// see the difference.
@Suite("History of a registration accepted at once, implied by its row")
struct ImpliedHistoryTests {
    func store() throws -> Store {
        try TemporaryStore.make("history")
    }

    func historyRows(_ store: Store) throws -> Int {
        let statement = try store.database.statement("SELECT count(*) FROM history")
        defer { statement.reset() }
        _ = try statement.step()
        return statement.int(0) ?? -1
    }

    /// A record as the engine registers it: requested, then moved to `status` at the same instant.
    func registered(_ status: ShipmentStatus, note: String?) throws -> ShipmentRecord {
        var record = QueryFixture.record(orderCode: "H1", carrier: "ppl", status: .requested)
        let time = record.shipment.createdAt
        record.shipment.history = [HistoryEntry(fromStatus: nil, toStatus: .requested, realDatetime: time)]
        try record.shipment.move(to: status, at: time, note: note)
        return record
    }

    @Test("accepted at once: no history rows, the same two entries read back, later changes appended")
    func accepted() throws {
        let store = try store()
        var stored = try store.transaction { try store.insert(try registered(.created, note: "Accepted by PPL")) }
        #expect(try historyRows(store) == 0)
        let read = try #require(try store.shipment(guid: stored.shipment.guid))
        #expect(read.shipment.history == stored.shipment.history)
        #expect(read.storedHistoryCount == 2)

        let later = stored.shipment.createdAt.addingTimeInterval(60)
        try stored.shipment.move(to: .cancelRequested, at: later, note: "asked")
        try store.transaction { try store.save(&stored) }
        #expect(try historyRows(store) == 1)
        let again = try #require(try store.shipment(guid: stored.shipment.guid))
        #expect(again.shipment.history.map(\.toStatus) == [.requested, .created, .cancelRequested])
        #expect(again.shipment.history == stored.shipment.history)
    }

    @Test("refused by the carrier, or any other history, is kept whole in the history table")
    func explicitHistories() throws {
        let store = try store()
        let refused = try store.transaction { try store.insert(try registered(.requestFailed, note: "no such zip")) }
        #expect(try historyRows(store) == 2)
        #expect(try store.shipment(guid: refused.shipment.guid)?.shipment.history == refused.shipment.history)

        var noted = try registered(.created, note: "Accepted by PPL")
        noted.shipment.history[1].providerDatetime = noted.shipment.createdAt
        let withProviderTime = try store.transaction { try store.insert(noted) }
        #expect(try historyRows(store) == 4)
        #expect(try store.shipment(guid: withProviderTime.shipment.guid)?.shipment.history == noted.shipment.history)
    }
}

/// Migration 7: events name their shipment's row id; the tracking export reads by it.
@Suite("Events carry their shipment's row id; the tracking export follows it")
struct EventShipmentIdTests {
    func store(_ folder: String) throws -> Store {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return try Store(path: folder + "/consign.sqlite")
    }

    func event(for record: ShipmentRecord, sequence: Int, status: ShipmentStatus) -> ShipmentEvent {
        ShipmentEvent(
            event: status.eventType, eventInstance: record.shipment.guid, eventCreated: record.shipment.updatedAt,
            sequence: sequence, orderCode: record.shipment.orderCode, fromStatus: nil, status: status,
            trackingNumbers: [], note: nil)
    }

    @Test("each shipment once, in row order, for events in the range; the migration backfills old events")
    func trackingByRowId() throws {
        let folder = NSTemporaryDirectory() + "consign-events-" + UUID().uuidString
        var store = try store(folder)
        let ids = try store.transaction {
            try (0..<5).map { index in
                let fresh = QueryFixture.record(orderCode: "E\(index)", carrier: "ppl", status: .created)
                let record = try store.insert(fresh)
                try store.append(event(for: record, sequence: 1, status: .created), shipmentId: record.id)
                return record.id
            }
        }
        // A second event for the first shipment, after the others.
        let first = try #require(try store.shipment(id: ids[0]))
        try store.transaction { try store.append(event(for: first, sequence: 2, status: .created), shipmentId: ids[0]) }

        func listed() throws -> [String] {
            var codes: [String] = []
            try store.trackingRows(afterEventId: 2, throughEventId: 6) {
                codes.append(String(decoding: $0.orderCode, as: UTF8.self))
            }
            return codes
        }
        #expect(try listed() == ["E0", "E2", "E3", "E4"])

        try store.database.execute(
            TemporaryStore.undoSenders + "ALTER TABLE events DROP COLUMN shipment_id; PRAGMA user_version = 6;")
        store = try self.store(folder)
        #expect(try listed() == ["E0", "E2", "E3", "E4"])
    }
}

@Suite("The filter in front of the file's noted orders")
struct CodeFilterTests {
    @Test("every noted code may be there; few others are reported as maybe")
    func noFalseNegatives() {
        var filter = CodeFilter()
        let noted = (0..<100_000).map { "N\($0)" }
        for code in noted { filter.insert(code) }
        #expect(noted.allSatisfy(filter.mayContain))
        let others = (0..<10_000).map { "O\($0)" }.filter(filter.mayContain).count
        #expect(others < 1_000, "\(others) of 10,000 unseen codes reported as maybe")
    }
}
