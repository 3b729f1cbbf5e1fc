import ConsignCore
import Foundation
import Testing

@testable import ConsignStore

/// The `parcels` column (migration 5) says what the packages JSON says, whoever wrote it.
@Suite("Tracking numbers and weights kept as plain text beside the packages")
struct ParcelsColumnTests {
    static let packages: [[Package]] = [
        [Package(weight: Decimal(string: "1.25"), trackingNumber: "41957034354")],
        [
            Package(weight: 2, trackingNumber: "A1"), Package(weight: Decimal(string: "0.125")),
            Package(trackingNumber: "A3"),
        ],
        [],
        [Package(weight: Decimal(string: "31.5"), trackingNumber: "CZ123456789CZ", labelZpl: "^XA\n^XZ")],
    ]

    func store(in folder: URL) throws -> Store {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try Store(path: folder.appendingPathComponent("consign.sqlite").path)
    }

    func insertAll(_ store: Store) throws -> [Int64] {
        try store.transaction {
            try Self.packages.enumerated().map { index, packages in
                var record = QueryFixture.record(orderCode: "P\(index)", carrier: "ppl", status: .created)
                record.shipment.packages = packages
                return try store.insert(record).id
            }
        }
    }

    func parcels(_ store: Store, _ id: Int64) throws -> [Package] {
        let statement = try store.database.statement("SELECT parcels FROM shipments WHERE id = ?1")
        try statement.bind([id])
        defer { statement.reset() }
        _ = try statement.step()
        return Store.parcels(statement.text(0))
    }

    func check(_ store: Store, _ ids: [Int64]) throws {
        for (id, packages) in zip(ids, Self.packages) {
            let read = try parcels(store, id)
            #expect(read.map(\.trackingNumber) == packages.map(\.trackingNumber))
            #expect(read.map(\.weight) == packages.map(\.weight))
            let numbers = try parcelsText(store, id)
            #expect(Store.trackingNumbers(inParcels: numbers) == packages.compactMap(\.trackingNumber))
        }
    }

    func parcelsText(_ store: Store, _ id: Int64) throws -> String? {
        let statement = try store.database.statement("SELECT parcels FROM shipments WHERE id = ?1")
        try statement.bind([id])
        defer { statement.reset() }
        _ = try statement.step()
        return statement.text(0)
    }

    @Test("tracking numbers with non-ASCII text and empty parts are split on the separator bytes only")
    func splitting() {
        let text = "Č1\u{1E}1.5\u{1F}\u{1E}2\u{1F}X\u{1F}Ž\u{1E}"
        #expect(Store.trackingNumbers(inParcels: text) == ["Č1", "X", "Ž"])
        #expect(Store.parcels(text).map(\.weight) == [Decimal(string: "1.5"), 2, nil, nil])
        #expect(Store.parcels(nil).isEmpty && Store.trackingNumbers(inParcels: "").isEmpty)
        var joined: [UInt8] = []
        Array(text.utf8).withUnsafeBufferPointer { Store.appendTrackingNumbers(inParcels: $0, to: &joined) }
        #expect(String(decoding: joined, as: UTF8.self) == "Č1 X Ž")
        var none: [UInt8] = []
        Store.appendTrackingNumbers(inParcels: UnsafeBufferPointer(start: nil, count: 0), to: &none)
        #expect(none.isEmpty)
    }

    @Test("written by insert and save, and rebuilt by the migration from the packages JSON")
    func insertSaveAndBackfill() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parcels-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var store = try store(in: folder)
        let ids = try insertAll(store)
        try check(store, ids)

        var record = try #require(try store.shipment(id: ids[2]))
        record.shipment.packages = [Package(weight: 4, trackingNumber: "LATE1")]
        try store.transaction { try store.save(&record) }
        #expect(try parcels(store, ids[2]).map(\.trackingNumber) == ["LATE1"])
        record.shipment.packages = []
        try store.transaction { try store.save(&record) }

        try store.database.execute(TemporaryStore.undoSenders + """
            ALTER TABLE shipments DROP COLUMN parcels; ALTER TABLE shipments DROP COLUMN creation_note;
            ALTER TABLE events DROP COLUMN shipment_id; PRAGMA user_version = 4;
            """)
        store = try self.store(in: folder)
        #expect(try store.schemaVersion() == Schema.migrations.count)
        try check(store, ids)
    }
}
