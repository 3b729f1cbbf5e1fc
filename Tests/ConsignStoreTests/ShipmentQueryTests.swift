import ConsignCore
import Foundation
import Testing

@testable import ConsignStore

/// A store filled through `Store.insert`/`save`, with what each row should be kept aside so
/// that every page can be checked against a brute-force filter of the same rows.
final class QueryFixture {
    struct Expected {
        var id: Int64
        var status: ShipmentStatus
        var carrierCode: String
        var orderCode: String
    }

    static let carriers = ["ppl", "dpd", "gls", "packeta", "mpl"]
    static let statuses: [ShipmentStatus] = [.created, .created, .created, .canceled, .requestFailed]

    let folder: URL
    var store: Store
    var expected: [Expected] = []

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("query-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try Store(path: folder.appendingPathComponent("consign.sqlite").path)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Inserts `count` shipments with a carrier and status mix that is uneven on purpose (every
    /// 7th one is mpl, statuses come in runs), and order codes shared by up to three shipments.
    func insert(_ count: Int) throws {
        try store.transaction {
            for index in 0..<count {
                let carrier = index % 7 == 0 ? "mpl" : Self.carriers[(index / 3) % 4]
                let status = Self.statuses[(index / 50 + index % 3) % Self.statuses.count]
                let record = try store.insert(Self.record(orderCode: "O-\(index / 3)", carrier: carrier,
                                                          status: status))
                expected.append(Expected(id: record.id, status: status, carrierCode: carrier,
                                         orderCode: record.shipment.orderCode))
            }
        }
    }

    /// Moves shipment number `index` (in insert order) to `status` through `Store.save`.
    func move(_ index: Int, to status: ShipmentStatus) throws {
        var record = try #require(try store.shipment(guid: guid(index)))
        try record.shipment.move(to: status, at: Date(timeIntervalSince1970: 1_800_000_000))
        try store.transaction { try store.save(&record) }
        expected[index].status = status
    }

    func guid(_ index: Int) throws -> String {
        let statement = try store.database.statement("SELECT guid FROM shipments WHERE id = ?1")
        try statement.bind([expected[index].id])
        defer { statement.reset() }
        _ = try statement.step()
        return statement.text(0) ?? ""
    }

    /// Ids matching the query by brute force, in id order.
    func matches(_ query: ShipmentQuery) -> [Int64] {
        expected.filter { row in
            (query.status.map { row.status == $0 } ?? true)
                && (query.carrierCode.map { row.carrierCode == $0 } ?? true)
                && (query.orderCode.map { row.orderCode == $0 } ?? true)
        }.map(\.id).sorted()
    }

    /// Checks every page of `query`'s filters at `itemsPerPage`, and the page after the last.
    func checkAllPages(_ filter: ShipmentQuery, itemsPerPage: Int) throws {
        let all = matches(filter)
        let pages = max(1, (all.count + itemsPerPage - 1) / itemsPerPage)
        for page in 1...(pages + 1) {
            var query = filter
            query.page = page
            query.itemsPerPage = itemsPerPage
            let result = try store.shipments(matching: query)
            let expectedIds = Array(all.dropFirst((page - 1) * itemsPerPage).prefix(itemsPerPage))
            #expect(result.items.map(\.id) == expectedIds, "page \(page) of \(filter)")
            #expect(result.totalCount == all.count, "\(filter)")
            #expect(result.pageCount == pages)
        }
    }

    static func record(orderCode: String, carrier: String, status: ShipmentStatus) -> ShipmentRecord {
        let time = Date(timeIntervalSince1970: 1_790_000_000)
        let shipment = Shipment(
            guid: GUID.make(), orderCode: orderCode, sender: Address(name: "Shop", countryCode: "CZ"),
            recipient: Address(name: "Jana", city: "Praha", countryCode: "CZ"), status: status,
            carrierCode: carrier, serviceCode: "\(carrier)-home", packages: [Package(weight: 1)],
            createdAt: time, updatedAt: time)
        return ShipmentRecord(shipment: shipment, serviceType: .homeDelivery, sourceFile: "in.csv")
    }
}

@Suite("Shipment pages and counts on a store spanning several id blocks")
struct ShipmentQueryTests {
    /// More than two blocks of 4096 row ids, so pages start and end inside and across blocks.
    static let size = 9_000

    static let filters: [ShipmentQuery] = [
        ShipmentQuery(), ShipmentQuery(status: .created), ShipmentQuery(status: .canceled),
        ShipmentQuery(carrierCode: "mpl"), ShipmentQuery(carrierCode: "ppl"),
        ShipmentQuery(status: .requestFailed, carrierCode: "gls"), ShipmentQuery(status: .closed),
        ShipmentQuery(carrierCode: "nobody"), ShipmentQuery(orderCode: "O-1400"),
        ShipmentQuery(status: .created, orderCode: "O-7"), ShipmentQuery(orderCode: "O-2", carrierCode: "dpd"),
    ]

    @Test("every page of every filter holds exactly the brute-force ids in order, with the right totals")
    func pagesMatchBruteForce() throws {
        let fixture = try QueryFixture()
        try fixture.insert(Self.size)

        for filter in Self.filters {
            try fixture.checkAllPages(filter, itemsPerPage: 1000)
            try fixture.checkAllPages(filter, itemsPerPage: 997)
        }
        try fixture.checkAllPages(ShipmentQuery(carrierCode: "mpl"), itemsPerPage: 100)
        try fixture.checkAllPages(ShipmentQuery(status: .canceled, carrierCode: "dpd"), itemsPerPage: 7)
        // Ids 4096-8191 are all there: page 6 (from match 5000) starts at id 5001 and skips nothing.
        let dense = try fixture.store.pagePlan(for: ShipmentQuery(page: 6, itemsPerPage: 1000))
        #expect(dense.offset == 0)
        #expect(dense.values.first as? Int == 5001)
    }

    @Test("pages far past the end are empty and keep the totals", arguments: [2, 50, Int(Int32.max)])
    func pastTheEnd(page: Int) throws {
        let fixture = try QueryFixture()
        try fixture.insert(30)
        let result = try fixture.store.shipments(matching: ShipmentQuery(status: .created, page: page,
                                                                          itemsPerPage: 1000))
        #expect(result.items.isEmpty)
        #expect(result.totalCount == fixture.matches(ShipmentQuery(status: .created)).count)
        #expect(result.totalCount > 0)
    }

    @Test("status changes through save (cancel, close, advance) move the counts and the pages with them")
    func statusChanges() throws {
        let fixture = try QueryFixture()
        try fixture.insert(Self.size)
        let created = fixture.expected.indices.filter { fixture.expected[$0].status == .created }
        for index in created.prefix(300) { try fixture.move(index, to: .cancelRequested) }
        for index in created.dropFirst(300).prefix(700) { try fixture.move(index, to: .closed) }
        for index in created.dropFirst(300).prefix(200) { try fixture.move(index, to: .inTransit) }
        for index in created.prefix(100) { try fixture.move(index, to: .canceled) }

        var expectedCounts: [ShipmentStatus: Int] = [:]
        for row in fixture.expected { expectedCounts[row.status, default: 0] += 1 }
        #expect(try fixture.store.statusCounts() == expectedCounts)
        for filter in Self.filters + [ShipmentQuery(status: .inTransit, carrierCode: "mpl"),
                                      ShipmentQuery(status: .cancelRequested)] {
            try fixture.checkAllPages(filter, itemsPerPage: 500)
        }
    }

    @Test("a rolled-back savepoint leaves neither a row nor a count behind, and ids stay dense")
    func rolledBackSavepoint() throws {
        struct Refused: Error {}
        let fixture = try QueryFixture()
        try fixture.insert(10)
        try fixture.store.transaction {
            _ = try? fixture.store.savepoint {
                _ = try fixture.store.insert(QueryFixture.record(orderCode: "X", carrier: "ppl", status: .created))
                throw Refused()
            }
        }
        try fixture.insert(10)

        #expect(fixture.expected.map(\.id) == Array(1...20))
        #expect(try fixture.store.statusCounts().values.reduce(0, +) == 20)
        try fixture.checkAllPages(ShipmentQuery(carrierCode: "ppl"), itemsPerPage: 3)
        try fixture.checkAllPages(ShipmentQuery(), itemsPerPage: 6)
    }

    @Test("migration 4 counts the shipments a store already had, gaps in the ids included")
    func backfill() throws {
        let fixture = try QueryFixture()
        try fixture.insert(Self.size)
        // Before migration 4 nothing kept counts, so any row history is possible: make gaps.
        try fixture.store.database.execute(TemporaryStore.undoSenders + """
            DROP TABLE shipment_blocks; ALTER TABLE shipments DROP COLUMN parcels;
            ALTER TABLE shipments DROP COLUMN creation_note; ALTER TABLE events DROP COLUMN shipment_id;
            PRAGMA user_version = 3;
            DELETE FROM shipments WHERE id % 5 = 0 OR id BETWEEN 4000 AND 4200;
            UPDATE shipments SET carrier_code = 'gls' WHERE id % 11 = 0;
            """)
        fixture.expected.removeAll { $0.id % 5 == 0 || (4000...4200).contains($0.id) }
        for index in fixture.expected.indices where fixture.expected[index].id % 11 == 0 {
            fixture.expected[index].carrierCode = "gls"
        }
        fixture.store = try Store(path: fixture.folder.appendingPathComponent("consign.sqlite").path)

        #expect(try fixture.store.schemaVersion() == Schema.migrations.count)
        var expectedCounts: [ShipmentStatus: Int] = [:]
        for row in fixture.expected { expectedCounts[row.status, default: 0] += 1 }
        #expect(try fixture.store.statusCounts() == expectedCounts)
        for filter in Self.filters { try fixture.checkAllPages(filter, itemsPerPage: 1000) }
        try fixture.checkAllPages(ShipmentQuery(carrierCode: "gls"), itemsPerPage: 333)
    }

    @Test("a carrier page reads its id range through the carrier index, not the whole table")
    func carrierPagePlan() throws {
        let fixture = try QueryFixture()
        try fixture.insert(100)
        let plan = try fixture.store.pagePlan(for: ShipmentQuery(carrierCode: "ppl"))
        let explain = try fixture.store.database.statement(
            "EXPLAIN QUERY PLAN SELECT id FROM shipments WHERE \(plan.conditions) ORDER BY id")
        try explain.bind(plan.values)
        var details: [String] = []
        while try explain.step() { details.append(explain.text(3) ?? "") }
        #expect(details.contains { $0.contains("shipments_carrier") && $0.contains("id>") }, "\(details)")
    }
}
