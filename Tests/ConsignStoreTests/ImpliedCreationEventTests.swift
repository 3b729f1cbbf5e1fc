import ConsignCore
import Foundation
import Testing

@testable import ConsignStore

/// Migration 9: the creation event of a registration accepted at once is rebuilt from its row,
/// a hand-over's from its row and history entry (empty payload and GUID in `events`); every
/// other event keeps its payload. Readers must get the very bytes the event was appended with.
@Suite("Creation and hand-over events implied by their rows")
struct ImpliedCreationEventTests {
    /// A registration accepted at once with `numbers` as its packages' tracking numbers, and
    /// the creation event the engine raises for it.
    static func registered(_ code: String, numbers: [String?], note: String = "Přijato \"PPL\"\n\\ ok")
        throws -> (ShipmentRecord, ShipmentEvent) {
        var record = QueryFixture.record(orderCode: code, carrier: "ppl", status: .requested)
        record.shipment.packages = numbers.map { Package(weight: 1.5, trackingNumber: $0) }
        // A clock's time, whose trip through seconds since 1970 changes its last bit (not its second).
        let time = Date(timeIntervalSinceReferenceDate: 818_234_734.123)
        #expect(Date(timeIntervalSince1970: time.timeIntervalSince1970) != time)
        record.shipment.createdAt = time
        record.shipment.updatedAt = time
        record.shipment.history = [HistoryEntry(fromStatus: nil, toStatus: .requested, realDatetime: time)]
        try record.shipment.move(to: .created, at: time, note: note)
        record.eventSequence = 1
        let event = ShipmentEvent(
            event: .create, eventInstance: record.shipment.guid, eventCreated: time, sequence: 1, orderCode: code,
            fromStatus: .requested, status: .created, trackingNumbers: numbers.compactMap { $0 }, note: note)
        return (record, event)
    }

    /// Inserts `record`, appends `event` for it, and returns the stored row's GUID and payload.
    static func store(_ record: ShipmentRecord, _ event: ShipmentEvent, in store: Store) throws -> (String, String) {
        try store.transaction {
            var inserted = record
            try store.insert(&inserted)
            try store.append(event, of: inserted)
        }
        let statement = try store.database.statement(
            "SELECT shipment_guid, payload FROM events ORDER BY id DESC LIMIT 1")
        defer { statement.reset() }
        _ = try statement.step()
        return (statement.text(0) ?? "-", statement.text(1) ?? "-")
    }

    /// The payloads of every event, as the export reads them and as `events(after:)` gives them.
    static func readBack(_ store: Store) throws -> (exported: [[UInt8]], listed: [StoredEvent]) {
        var exported: [[UInt8]] = []
        try store.forEachEventPayload(after: 0) { _, payload in exported.append(Array(payload)) }
        return (exported, try store.events(after: 0, limit: 100))
    }

    @Test("accepted at once: no payload or GUID stored; both readers give back the appended bytes")
    func implied() throws {
        let store = try TemporaryStore.make("creation")
        let cases = [["40992543661", "40992543662"], [], ["CZ123", nil]]
        var expected: [[UInt8]] = []
        var events: [ShipmentEvent] = []
        for (index, numbers) in cases.enumerated() {
            let (record, event) = try Self.registered("C\(index)", numbers: numbers)
            #expect(try Self.store(record, event, in: store) == ("", ""), "numbers \(numbers)")
            expected.append(EncodedEvent(event).bytes)
            var toTheSecond = event
            let second = event.eventCreated.timeIntervalSince1970.rounded(.down)
            toTheSecond.eventCreated = Date(timeIntervalSince1970: second)
            events.append(toTheSecond)
        }

        let (exported, listed) = try Self.readBack(store)
        #expect(exported == expected)
        #expect(listed.map { Array($0.json.utf8) } == expected)
        #expect(listed.map(\.event) == events)
    }

    @Test("an event the row cannot say is stored whole, and read back the same",
          arguments: ["empty number", "separator in a number", "other note", "second event", "refused"])
    func storedWhole(_ kind: String) throws {
        let store = try TemporaryStore.make("creation")
        var (record, event) = try Self.registered("W1", numbers: ["40992543661"])
        switch kind {
        case "empty number":
            (record, event) = try Self.registered("W1", numbers: ["40992543661", ""])
        case "separator in a number":
            (record, event) = try Self.registered("W1", numbers: ["409\u{1F}92"])
        case "other note": event.note = "Accepted by PPL"
        case "second event": event.sequence = 2
        default:
            (record, event) = try Self.registered("W1", numbers: [], note: "no such zip")
            record.shipment.status = .requestFailed
            record.shipment.history[1].toStatus = .requestFailed
            event.event = .fail
            event.status = .requestFailed
        }

        let (guid, payload) = try Self.store(record, event, in: store)
        #expect(guid == record.shipment.guid)
        #expect(Array(payload.utf8) == EncodedEvent(event).bytes)
        let (exported, listed) = try Self.readBack(store)
        #expect(exported == [EncodedEvent(event).bytes])
        #expect(listed.map(\.json) == [payload])
    }

    @Test("a hand-over's events keep no payload; read back as appended, from created and from cancel requested")
    func handOver() throws {
        let store = try TemporaryStore.make("creation")
        let observer = PayloadRecorder()
        store.outboxObserver = observer
        var guids: [String] = []
        for index in 0..<3 {
            let (record, event) = try Self.registered("H\(index)", numbers: ["4099254366\(index)", "CZ\(index)"])
            _ = try Self.store(record, event, in: store)
            guids.append(record.shipment.guid)
        }
        let batch = try store.transaction { try store.createCloseBatch(carrierCode: "ppl", requestedAt: Date()) }
        #expect(batch.shipments == 3)
        var asked = try #require(try store.shipment(guid: guids[1]))
        let later = asked.shipment.createdAt.addingTimeInterval(30)
        try asked.shipment.move(to: .cancelRequested, at: later, note: "asked")
        asked.eventSequence += 1
        try store.transaction {
            try store.save(&asked)
            try store.append(ShipmentEvent(
                event: .update, eventInstance: asked.shipment.guid, eventCreated: later, sequence: 2,
                orderCode: "H1", fromStatus: .created, status: .cancelRequested, trackingNumbers: [], note: "asked"),
                of: asked)
        }

        let time = Date(timeIntervalSinceReferenceDate: 818_235_000.123)
        let notes: [ShipmentStatus: String] = [.created: "Předáno \"P-1\"", .cancelRequested: "P-1; refused"]
        #expect(try store.transaction { try store.handOver(batchId: batch.batch.id, at: time, notes: notes) } == 3)

        let statement = try store.database.statement("SELECT count(*) FROM events WHERE payload = '' AND sequence > 1")
        _ = try statement.step()
        #expect(statement.int(0) == 3)
        statement.reset()
        let (exported, listed) = try Self.readBack(store)
        #expect(exported == observer.payloads)
        #expect(listed.map { Array($0.json.utf8) } == observer.payloads)
        #expect(listed.suffix(3).map(\.event.fromStatus) == [.created, .cancelRequested, .created])
    }

    @Test("an implied event whose shipment row is gone is a clear corruption error, not an empty line")
    func missingShipment() throws {
        let store = try TemporaryStore.make("creation")
        let (record, event) = try Self.registered("M1", numbers: ["1"])
        _ = try Self.store(record, event, in: store)
        try store.database.execute("UPDATE events SET shipment_id = 999")

        #expect(throws: StoreError.self) { try store.forEachEventPayload(after: 0) { _, _ in } }
        #expect(throws: StoreError.self) { try store.events(after: 0, limit: 10) }
    }
}

/// Every payload appended to the outbox, in order, as the export stage sees them.
final class PayloadRecorder: OutboxObserver {
    var payloads: [[UInt8]] = []

    func appended(eventId: Int64, shipmentId: Int64, payload: UnsafeBufferPointer<UInt8>) {
        payloads.append(Array(payload))
    }

    func rolledBack(lastEventId: Int64?) {}
}
