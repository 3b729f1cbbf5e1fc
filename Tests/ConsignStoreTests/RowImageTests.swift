import ConsignCore
import Foundation
import Testing

@testable import ConsignStore

/// A new shipment's row is bound from one buffer built ahead (`EncodedShipment`), and its
/// event's payload too (`EncodedEvent`): every column, NULL or not, must read back as the
/// record that was inserted, whether the row was built ahead or at the insert.
@Suite("Shipment rows and event payloads encoded ahead of the insert")
struct RowImageTests {
    func store() throws -> Store {
        try TemporaryStore.make("row")
    }

    /// Every optional column set, with non-ASCII text, an empty note and two parcels.
    func full() throws -> ShipmentRecord {
        let time = Date(timeIntervalSince1970: 1_790_000_000.25)
        var shipment = Shipment(
            guid: GUID.make(), orderCode: "Ž-001", sender: Address(name: "Obchod \"U Lípy\"", countryCode: "CZ"),
            recipient: Address(name: "Jiří Šťastný", street: "Dlouhá 12", city: "Praha", zip: "110 00",
                               countryCode: "CZ", phone: "+420601123456", email: "j@example.cz"),
            status: .requested, carrierCode: "zasilkovna", serviceCode: "zasilkovna-pickup",
            pickupPointId: "PP-42", cod: Money(Decimal(string: "1290.5")!, "czk"),
            value: Money(Decimal(string: "1500")!, "CZK"), variableSymbol: "2024000001",
            packages: [Package(weight: Decimal(string: "1.25")!, trackingNumber: "Z1", trackingUrl: "https://t/Z1"),
                       Package(weight: 2, trackingNumber: "Z2")],
            note: "", history: [HistoryEntry(fromStatus: nil, toStatus: .requested, realDatetime: time)],
            createdAt: time, updatedAt: time)
        try shipment.move(to: .created, at: time, note: "Accepted by Packeta")
        return ShipmentRecord(shipment: shipment, serviceType: .pickupPoint, sourceFile: "in.csv#1")
    }

    /// No optional column set, no history note (so no creation note), no source file.
    func bare() -> ShipmentRecord {
        let time = Date(timeIntervalSince1970: 1_790_000_100)
        let shipment = Shipment(
            guid: GUID.make(), orderCode: "B-1", sender: Address(), recipient: Address(countryCode: "SK"),
            status: .requested, carrierCode: "gls", serviceCode: "gls-home", packages: [],
            history: [HistoryEntry(fromStatus: nil, toStatus: .requested, realDatetime: time)],
            createdAt: time, updatedAt: time)
        return ShipmentRecord(shipment: shipment, serviceType: .homeDelivery, sourceFile: nil)
    }

    @Test("built ahead or at the insert, every column reads back as inserted, NULLs included", arguments: [true, false])
    func roundTrip(ahead: Bool) throws {
        let store = try store()
        for record in [try full(), bare()] {
            let encoded = ahead ? EncodedShipment(record.shipment, serviceType: record.serviceType) : nil
            let stored = try store.transaction { try store.insert(record, encoded: encoded) }
            let read = try #require(try store.shipment(guid: record.shipment.guid))
            #expect(read.shipment == record.shipment)
            #expect(read.serviceType == record.serviceType)
            #expect(read.sourceFile == record.sourceFile)
            #expect(read.id == stored.id)
        }
        let nulls = try store.database.statement("""
            SELECT count(*) FROM shipments WHERE order_code = 'B-1' AND pickup_point_id IS NULL AND cod_value IS NULL
              AND cod_currency IS NULL AND value_amount IS NULL AND variable_symbol IS NULL AND note IS NULL
              AND creation_note IS NULL AND source_file IS NULL
            """)
        #expect(try nulls.step())
        #expect(nulls.int(0) == 1)
        nulls.reset()
    }

    @Test("an event's payload encoded ahead is the one encoded at the insert")
    func eventPayload() throws {
        let store = try store()
        let record = try full()
        let stored = try store.transaction { try store.insert(record) }
        let event = ShipmentEvent(
            event: .create, eventInstance: record.shipment.guid, eventCreated: record.shipment.createdAt,
            sequence: 1, orderCode: "Ž-001", fromStatus: .requested, status: .created,
            trackingNumbers: ["Z1", "Z2"], note: "Accepted \"now\"\n")
        try store.transaction { try store.append(event, encoded: EncodedEvent(event), shipmentId: stored.id) }
        try store.transaction { try store.append(event, shipmentId: stored.id) }
        var lines: [String] = []
        try store.forEachEventPayload(after: 0) { _, payload in lines.append(String(decoding: payload, as: UTF8.self)) }
        #expect(lines.count == 2)
        #expect(lines.first == String(decoding: EncodedEvent(event).bytes, as: UTF8.self))
        #expect(lines.first == lines.last)
    }
}

/// The sender's address is stored once in `senders` (migration 8); rows name it by id.
@Suite("The sender address stored once and named by every row")
struct SenderTableTests {
    struct Failure: Error {}

    func record(_ code: String, sender: String, status: ShipmentStatus = .requested) -> ShipmentRecord {
        let time = Date(timeIntervalSince1970: 1_790_000_000)
        let shipment = Shipment(
            guid: GUID.make(), orderCode: code, sender: Address(name: sender, countryCode: "CZ"),
            recipient: Address(countryCode: "CZ"), status: status, carrierCode: "ppl", serviceCode: "ppl-home",
            packages: [], history: [HistoryEntry(fromStatus: nil, toStatus: .requested, realDatetime: time)],
            createdAt: time, updatedAt: time)
        return ShipmentRecord(shipment: shipment, serviceType: .homeDelivery, sourceFile: nil)
    }

    func count(_ store: Store, _ sql: String) throws -> Int {
        let statement = try store.database.statement(sql)
        defer { statement.reset() }
        _ = try statement.step()
        return statement.int(0) ?? -1
    }

    @Test("each address once; every row reads back its own sender; the row keeps no copy")
    func storedOnce() throws {
        let store = try TemporaryStore.make("senders")
        let records = [record("A1", sender: "Shop A"), record("B1", sender: "Shop B"), record("A2", sender: "Shop A")]
        for item in records {
            _ = try store.transaction { try store.insert(item, encoded: EncodedShipment(item.shipment,
                                                                                     serviceType: .homeDelivery)) }
        }
        for item in records {
            #expect(try store.shipment(guid: item.shipment.guid)?.shipment.sender == item.shipment.sender)
        }
        #expect(try count(store, "SELECT count(*) FROM senders") == 2)
        #expect(try count(store, "SELECT count(*) FROM shipments WHERE sender = '' AND sender_id IS NOT NULL") == 3)
    }

    @Test("a rollback that took a new sender's row: the next row adds it again", arguments: [false, true])
    func afterRollback(inSavepoint: Bool) throws {
        let store = try TemporaryStore.make("senders")
        let lost = record("L1", sender: "New shop")
        if inSavepoint {
            try store.transaction {
                _ = try? store.savepoint { _ = try store.insert(lost); throw Failure() }
            }
        } else {
            _ = try? store.transaction { _ = try store.insert(lost); throw Failure() }
        }
        #expect(try count(store, "SELECT count(*) FROM senders") == 0)
        let kept = record("K1", sender: "New shop")
        _ = try store.transaction { try store.insert(kept) }
        #expect(try store.shipment(guid: kept.shipment.guid)?.shipment.sender == kept.shipment.sender)
    }

    @Test("rows written before migration 8 keep their own sender; later ones use the table")
    func olderRows() throws {
        let folder = try TemporaryStore.folder("senders")
        var store = try Store(path: folder + "/consign.sqlite")
        let old = record("O1", sender: "Old shop")
        _ = try store.transaction { try store.insert(old) }
        try store.database.execute(TemporaryStore.undoSenders + "PRAGMA user_version = 7;")
        store = try Store(path: folder + "/consign.sqlite")
        let new = record("N1", sender: "Old shop")
        _ = try store.transaction { try store.insert(new) }
        #expect(try store.shipment(guid: old.shipment.guid)?.shipment.sender == old.shipment.sender)
        #expect(try store.shipment(guid: new.shipment.guid)?.shipment.sender == new.shipment.sender)
        #expect(try count(store, "SELECT count(*) FROM shipments WHERE sender_id IS NULL AND sender != ''") == 1)
    }
}

extension SenderTableTests {
    @Test("a close batch's senders, the most common first, rows from before migration 8 included")
    func sendersOfBatch() throws {
        let folder = try TemporaryStore.folder("senders")
        var store = try Store(path: folder + "/consign.sqlite")
        _ = try store.transaction { try store.insert(record("O1", sender: "Shop B", status: .created)) }
        try store.database.execute(TemporaryStore.undoSenders + "PRAGMA user_version = 7;")
        store = try Store(path: folder + "/consign.sqlite")
        for (code, sender) in [("N1", "Shop A"), ("N2", "Shop B"), ("N3", "Shop A"), ("N4", "Shop A")] {
            _ = try store.transaction { try store.insert(record(code, sender: sender, status: .created)) }
        }
        let batch = try store.transaction { try store.createCloseBatch(carrierCode: "ppl", requestedAt: Date()) }
        let senders = try store.senders(inBatch: batch.batch.id)
        #expect(senders.map(\.address.name) == ["Shop A", "Shop B"])
        #expect(senders.map(\.shipments) == [3, 2])
    }
}

extension SenderTableTests {
    @Test("senders of a batch with as many shipments each: the one registered first comes first")
    func tieGoesToFirst() throws {
        let store = try TemporaryStore.make("senders")
        for (code, sender) in [("T1", "Shop Z"), ("T2", "Shop A"), ("T3", "Shop A"), ("T4", "Shop Z")] {
            _ = try store.transaction { try store.insert(record(code, sender: sender, status: .created)) }
        }
        let batch = try store.transaction { try store.createCloseBatch(carrierCode: "ppl", requestedAt: Date()) }
        #expect(try store.senders(inBatch: batch.batch.id).map(\.address.name) == ["Shop Z", "Shop A"])
    }
}
