import ConsignCore
import ConsignSupport
import Foundation
import Glibc

extension Store {
    private static let columns = """
        id, guid, order_code, status, shipment_type, carrier_code, service_code, service_type, pickup_point_id,
        cod_value, cod_currency, value_amount, value_currency, variable_symbol,
        ifnull((SELECT address FROM senders WHERE senders.id = sender_id), sender), recipient, packages, note,
        created_at, updated_at, event_sequence, cancel_requested_at, status_before_cancel, close_batch_id,
        handed_over_at, tracked_until, source_file, creation_note
        """

    private static let addSenderSQL = SQL(
        "INSERT INTO senders(address) VALUES (?1) ON CONFLICT(address) DO NOTHING", keepsQueuedRows: true)
    private static let senderIdSQL = SQL("SELECT id FROM senders WHERE address = ?1", keepsQueuedRows: true)
    private static let historySQL = SQL("""
        INSERT INTO history(shipment_id, from_status, to_status, real_at, provider_at, note)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
        """)
    private static let activeSQL = SQL("""
        SELECT \(columns) FROM shipments WHERE id = (
          SELECT max(id) FROM shipments WHERE order_code = ?1
            AND status NOT IN ('request_failed', 'canceled', 'failed', 'deleted'))
        """)

    /// Inserts a new shipment with its history; returns the record with its row id. `encoded`,
    /// when given, must be `EncodedShipment(record.shipment)` (built ahead on another thread).
    public func insert(_ record: consuming ShipmentRecord,
                       encoded: EncodedShipment? = nil) throws(StoreError) -> ShipmentRecord {
        var stored = record
        try insert(&stored, encoded: encoded)
        return stored
    }

    /// `insert(_:encoded:)` on the caller's record, which gets its row id in place: a record is
    /// a few dozen strings, and every copy retains each of them. Inside a transaction the row is
    /// queued (see `RowQueue`) and written before any other statement runs.
    public func insert(_ record: inout ShipmentRecord, encoded: EncodedShipment? = nil) throws(StoreError) {
        let row = encoded ?? EncodedShipment(record.shipment, serviceType: record.serviceType)
        record.id = try queue(record, row: row)
        highestOrderCode.raise(to: record.shipment.orderCode)
        try countShipment(id: record.id, status: record.shipment.status, carrierCode: record.shipment.carrierCode)
        if row.hasCreationNote { record.storedHistoryCount = Self.impliedEntries }
        // History rows name the shipment: their statement writes the queued row first.
        try appendHistory(of: &record)
    }

    /// The row id of `address` in `senders`, added when new. The last one is remembered (a
    /// file's orders share it) until a rollback, which may have taken its row.
    func senderId(_ address: UnsafeBufferPointer<UInt8>) throws(StoreError) -> Int64 {
        if let last = lastSender, last.address.count == address.count, last.address.withUnsafeBufferPointer({
            address.isEmpty || memcmp($0.baseAddress!, address.baseAddress!, address.count) == 0
        }) {
            return last.id
        }
        let add = try database.statement(Self.addSenderSQL)
        defer { add.clearBindings() }
        try add.bind(borrowedText: address, at: 1)
        try add.run()
        let select = try database.statement(Self.senderIdSQL)
        defer { select.clearBindings() }
        try select.bind(borrowedText: address, at: 1)
        guard try select.step(), let id = select.int(0) else {
            throw StoreError(.corruptValue, message: "sender address not found after adding it")
        }
        select.reset()
        lastSender = (Array(address), Int64(id))
        return Int64(id)
    }

    /// Saves the mutable parts of a stored shipment and appends its new history entries.
    public func save(_ record: inout ShipmentRecord) throws(StoreError) {
        let s = record.shipment
        let counted = try countedState(of: record.id)
        try database.statement("""
            UPDATE shipments SET status = ?2, packages = ?3, updated_at = ?4, event_sequence = ?5,
              cancel_requested_at = ?6, status_before_cancel = ?7, close_batch_id = ?8, handed_over_at = ?9,
              tracked_until = ?10, parcels = ?11 WHERE id = ?1
            """).bind([
                record.id, s.status.rawValue, JSONText.packages(s.packages), s.updatedAt.timeIntervalSince1970,
                record.eventSequence, record.cancelRequestedAt?.timeIntervalSince1970,
                record.statusBeforeCancel?.rawValue, record.closeBatchId,
                record.handedOverAt?.timeIntervalSince1970, record.trackedUntil?.timeIntervalSince1970,
                Self.parcelsText(s.packages),
            ]).run()
        if let counted { try recountShipment(id: record.id, from: counted, to: s.status) }
        try appendHistory(of: &record)
    }

    private func appendHistory(of record: inout ShipmentRecord) throws(StoreError) {
        let entries = record.shipment.history.dropFirst(record.storedHistoryCount)
        guard !entries.isEmpty else { return }
        let statement = try database.statement(Self.historySQL)
        for entry in entries {
            try statement.bind(int: record.id, at: 1)
            try statement.bind(text: entry.fromStatus?.rawValue, at: 2)
            try statement.bind(text: entry.toStatus.rawValue, at: 3)
            try statement.bind(double: entry.realDatetime.timeIntervalSince1970, at: 4)
            try statement.bind(double: entry.providerDatetime?.timeIntervalSince1970, at: 5)
            try statement.bind(text: entry.note, at: 6)
            try statement.run()
        }
        record.storedHistoryCount = record.shipment.history.count
    }

    /// The shipment with `guid`, with its full history; nil if unknown.
    public func shipment(guid: String) throws(StoreError) -> ShipmentRecord? {
        try shipment(where: "guid", is: guid)
    }

    /// The shipment with row id `id`, with its full history; nil if unknown.
    public func shipment(id: Int64) throws(StoreError) -> ShipmentRecord? {
        try shipment(where: "id", is: id)
    }

    /// The latest shipment of any status that `sourceFile` registered for `orderCode` with a row
    /// id up to `maxId`, with its full history: what an interrupted attempt at a file committed.
    public func shipment(orderCode: String, sourceFile: String,
                         upTo maxId: Int64) throws(StoreError) -> ShipmentRecord? {
        try shipment(matching: """
            id = (SELECT max(id) FROM shipments WHERE order_code = ?1 AND source_file = ?2 AND id <= ?3)
            """, [orderCode, sourceFile, maxId])
    }

    /// The highest shipment row id so far (0 for an empty store).
    public func lastShipmentId() throws(StoreError) -> Int64 {
        let statement = try database.statement("SELECT ifnull(max(id), 0) FROM shipments")
        defer { statement.reset() }
        _ = try statement.step()
        return Int64(statement.int(0) ?? 0)
    }

    private func shipment(where column: String, is value: any Sendable) throws(StoreError) -> ShipmentRecord? {
        try shipment(matching: "\(column) = ?1", [value])
    }

    private func shipment(matching condition: String, _ values: [any Sendable]) throws(StoreError) -> ShipmentRecord? {
        let statement = try database.statement("SELECT \(Store.columns) FROM shipments WHERE \(condition)")
        try statement.bind(values)
        guard try statement.step() else { return nil }
        var record = try row(statement)
        let creationNote = statement.text(27)
        statement.reset()
        record.shipment.history = Self.impliedHistory(creationNote, at: record.shipment.createdAt)
            + (try history(of: record.id))
        record.storedHistoryCount = record.shipment.history.count
        return record
    }

    /// History entries a registration accepted at once keeps in `creation_note` (migration 6).
    static let impliedEntries = 2

    /// The note of the `created` entry when the history is exactly a registration accepted at
    /// once (requested, then created, both at `createdAt`, no provider time, a note); else nil.
    static func creationNote(of shipment: Shipment) -> String? {
        let history = shipment.history
        guard history.count == impliedEntries, let note = history[1].note, !note.isEmpty,
            history[0].fromStatus == nil, history[0].toStatus == .requested, history[0].note == nil,
            history[1].fromStatus == .requested, history[1].toStatus == .created,
            history.allSatisfy({ $0.realDatetime == shipment.createdAt && $0.providerDatetime == nil })
        else { return nil }
        return note
    }

    /// The entries `creationNote` stands for; none for a row without one.
    static func impliedHistory(_ creationNote: String?, at createdAt: Date) -> [HistoryEntry] {
        guard let creationNote else { return [] }
        return [
            HistoryEntry(fromStatus: nil, toStatus: .requested, realDatetime: createdAt),
            HistoryEntry(fromStatus: .requested, toStatus: .created, realDatetime: createdAt, note: creationNote),
        ]
    }

    /// The order's active shipment (not failed, canceled or deleted), if any.
    public func activeShipment(orderCode: String) throws(StoreError) -> ShipmentRecord? {
        // Nearly every order of a file is new: one probe of the order index answers it, without
        // the subquery, the row lookup and the status test of the full query.
        guard try hasShipment(orderCode: orderCode) else { return nil }
        // max(id) instead of ORDER BY id DESC LIMIT 1: no sorter is opened for every order of a file.
        let statement = try database.statement(Self.activeSQL)
        try statement.bind(text: orderCode, at: 1)
        defer { statement.reset() }
        return try statement.step() ? try row(statement) : nil
    }

    private static let anySQL = SQL("SELECT 1 FROM shipments WHERE order_code = ?1 LIMIT 1")
    private static let highestCodeSQL = SQL("SELECT max(order_code) FROM shipments")

    /// True when some shipment, of any status, was registered for `orderCode`.
    ///
    /// Inside a transaction, a code above every stored one (in SQLite's byte order) has none: ERP
    /// order codes mostly grow, so nearly every order of a new export is answered without a probe
    /// of the order index. The highest code is read once per transaction (no other writer can add
    /// a shipment while it holds the write lock) and raised by each insert.
    private func hasShipment(orderCode: String) throws(StoreError) -> Bool {
        if case .unread = highestOrderCode { highestOrderCode = .known(try readHighestOrderCode()) }
        if case .known(let highest) = highestOrderCode, HighestOrderCode.isAbove(orderCode, highest) {
            return false
        }
        let statement = try database.statement(Self.anySQL)
        try statement.bind(text: orderCode, at: 1)
        defer { statement.reset() }
        return try statement.step()
    }

    private func readHighestOrderCode() throws(StoreError) -> String {
        let statement = try database.statement(Self.highestCodeSQL)
        defer { statement.reset() }
        guard try statement.step(), let code = statement.text(0) else { return "" }
        return code
    }

    /// The order's latest shipment of any status, if any.
    public func latestShipment(orderCode: String) throws(StoreError) -> ShipmentRecord? {
        let statement = try database.statement(
            "SELECT \(Store.columns) FROM shipments WHERE order_code = ?1 ORDER BY id DESC LIMIT 1")
        try statement.bind([orderCode])
        defer { statement.reset() }
        return try statement.step() ? try row(statement) : nil
    }

    /// One page of shipments matching `query`, oldest first, without history.
    public func shipments(matching query: ShipmentQuery) throws(StoreError) -> Page<ShipmentRecord> {
        // One read snapshot for the counts and the rows, even with a run committing meanwhile.
        try database.execute("SAVEPOINT shipment_page")
        defer { try? database.execute("RELEASE shipment_page") }
        let plan = try pagePlan(for: query)
        var items: [ShipmentRecord] = []
        if plan.hasItems {
            let limit = plan.values.count + 1
            let list = try database.statement("""
                SELECT \(Store.columns) FROM shipments WHERE id IN (
                  SELECT id FROM shipments WHERE \(plan.conditions) ORDER BY id LIMIT ?\(limit) OFFSET ?\(limit + 1))
                ORDER BY id
                """).bind(plan.values + [query.itemsPerPage, plan.offset])
            defer { list.reset() }
            while try list.step() { items.append(try row(list)) }
        }
        return Page(items: items, totalCount: plan.totalCount, page: query.page, itemsPerPage: query.itemsPerPage)
    }

    /// Shipments included in a close batch.
    public func shipments(inBatch batchId: Int) throws(StoreError) -> [ShipmentRecord] {
        let statement = try database.statement(
            "SELECT \(Store.columns) FROM shipments WHERE close_batch_id = ?1 ORDER BY id")
        try statement.bind([batchId])
        var result: [ShipmentRecord] = []
        while try statement.step() { result.append(try row(statement)) }
        return result
    }

    private func history(of id: Int64) throws(StoreError) -> [HistoryEntry] {
        let statement = try database.statement("""
            SELECT from_status, to_status, real_at, provider_at, note FROM history WHERE shipment_id = ?1 ORDER BY rowid
            """)
        try statement.bind([id])
        var entries: [HistoryEntry] = []
        while try statement.step() {
            guard let to = statement.text(1).flatMap(ShipmentStatus.init(rawValue:)) else {
                throw StoreError(.corruptValue, message: "unknown status in history of shipment \(id)")
            }
            entries.append(HistoryEntry(
                fromStatus: statement.text(0).flatMap(ShipmentStatus.init(rawValue:)), toStatus: to,
                realDatetime: Date(timeIntervalSince1970: statement.double(2) ?? 0),
                providerDatetime: statement.double(3).map(Date.init(timeIntervalSince1970:)), note: statement.text(4)))
        }
        return entries
    }

    private func row(_ s: Statement) throws(StoreError) -> ShipmentRecord {
        guard let status = s.text(3).flatMap(ShipmentStatus.init(rawValue:)),
              let type = s.text(4).flatMap(ShipmentType.init(rawValue:)),
              let serviceType = s.text(7).flatMap(ServiceType.init(rawValue:))
        else { throw StoreError(.corruptValue, message: "unknown status or type in shipment row \(s.int(0) ?? 0)") }
        let shipment = Shipment(
            guid: s.text(1) ?? "", orderCode: s.text(2) ?? "", sender: try address(s.text(14)),
            recipient: try address(s.text(15)), status: status, shipmentType: type,
            carrierCode: s.text(5) ?? "", serviceCode: s.text(6) ?? "", pickupPointId: s.text(8),
            cod: money(s.text(9), s.text(10)), value: money(s.text(11), s.text(12)), variableSymbol: s.text(13),
            packages: try packages(s.text(16)), note: s.text(17),
            createdAt: Date(timeIntervalSince1970: s.double(18) ?? 0),
            updatedAt: Date(timeIntervalSince1970: s.double(19) ?? 0))
        var record = ShipmentRecord(shipment: shipment, serviceType: serviceType, sourceFile: s.text(26))
        record.id = Int64(s.int(0) ?? 0)
        record.eventSequence = s.int(20) ?? 0
        record.cancelRequestedAt = s.double(21).map(Date.init(timeIntervalSince1970:))
        record.statusBeforeCancel = s.text(22).flatMap(ShipmentStatus.init(rawValue:))
        record.closeBatchId = s.int(23)
        record.handedOverAt = s.double(24).map(Date.init(timeIntervalSince1970:))
        record.trackedUntil = s.double(25).map(Date.init(timeIntervalSince1970:))
        record.storedHistoryCount = 0
        return record
    }

    /// The sender addresses of close batch `batchId`'s shipments, the most common first (on a
    /// tie, the one registered first), with how many shipments each (the hand-over protocol names
    /// one sender). Grouped by the stored columns first: 100,000 rows cost no JSON each.
    public func senders(inBatch batchId: Int) throws(StoreError) -> [(address: Address, shipments: Int)] {
        let statement = try database.statement("""
            SELECT ifnull((SELECT address FROM senders WHERE senders.id = sender_id), sender), total, first
            FROM (SELECT sender_id, sender, count(*) AS total, min(id) AS first FROM shipments
                  WHERE close_batch_id = ?1 GROUP BY sender_id, sender)
            """)
        try statement.bind([batchId])
        var groups: [String: (shipments: Int, first: Int)] = [:]
        while try statement.step() {
            let text = statement.text(0) ?? ""
            let known = groups[text] ?? (0, Int.max)
            groups[text] = (known.shipments + (statement.int(1) ?? 0), min(known.first, statement.int(2) ?? Int.max))
        }
        let ordered = groups.sorted { ($0.value.shipments, -$0.value.first) > ($1.value.shipments, -$1.value.first) }
        var result: [(address: Address, shipments: Int)] = []
        for (text, group) in ordered { result.append((try address(text), group.shipments)) }
        return result
    }

    private func address(_ text: String?) throws(StoreError) -> Address {
        if let text, let fast = JSONFlatReader.address(text) { return fast }
        return try decode(Address.self, text)
    }

    private func packages(_ text: String?) throws(StoreError) -> [Package] {
        if let text, let fast = JSONFlatReader.packages(text) { return fast }
        return try decode([Package].self, text)
    }

    func money(_ value: String?, _ currency: String?) -> Money? {
        guard let value, let currency, let amount = Decimal.parse(price: value) else { return nil }
        return Money(amount, currency)
    }
}

/// A new shipment's row as `Store.insert` binds it, built from the shipment alone (no store),
/// so that a file's reading thread can build it while the store inserts earlier orders: every
/// text column one after another in one buffer, which SQLite reads in place at the insert
/// (no copy, no String and no Decimal formatting per column on the store's thread).
public struct EncodedShipment: Sendable {
    /// The text columns, in the order of `Store.shipmentColumns` after the id (guid … note), then
    /// parcels and the creation note.
    static let textColumnCount = Ends.count
    /// The end of each text column in `bytes`.
    typealias Ends = InlineArray<19, Int32>
    /// The columns' UTF-8 bytes, back to back.
    let bytes: [UInt8]
    /// Where each text column ends in `bytes` (a NULL column is empty); inline, not an array (an
    /// allocation an order).
    let ends: Ends
    /// Bit `n` set: text column `n` is SQL NULL.
    let nulls: UInt32

    /// Whether the history is the implied one of the creation note (no history rows).
    var hasCreationNote: Bool { nulls & (1 << (Self.textColumnCount - 1)) == 0 }

    /// Encodes `shipment`'s row; `senderJSON`, when given, must be
    /// `EncodedShipment.addressJSON(shipment.sender)` (the same for every order).
    public init(_ shipment: borrowing Shipment, serviceType: ServiceType, senderJSON: String? = nil) {
        var row = RowBuilder()
        // One call per column: an array of the thirteen texts cost an allocation and a retain each.
        row.column(shipment.guid)
        row.column(shipment.orderCode)
        row.column(shipment.status.rawValue)
        row.column(shipment.shipmentType.rawValue)
        row.column(shipment.carrierCode)
        row.column(shipment.serviceCode)
        row.column(serviceType.rawValue)
        row.column(shipment.pickupPointId)
        row.column(shipment.cod?.formattedValue)
        row.column(shipment.cod?.currencyCode)
        row.column(shipment.value?.formattedValue)
        row.column(shipment.value?.currencyCode)
        row.column(shipment.variableSymbol)
        if let senderJSON { row.column(senderJSON) } else { row.json { $0.write(address: shipment.sender) } }
        row.json { $0.write(address: shipment.recipient) }
        row.json { $0.write(packages: shipment.packages) }
        row.column(shipment.note)
        row.json { $0.append(parcelsOf: shipment.packages) }
        row.column(Store.creationNote(of: shipment))
        bytes = row.json.takeBytes()
        ends = row.ends
        nulls = row.nulls
    }

    /// An address as the store keeps it.
    public static func addressJSON(_ address: Address) -> String {
        JSONText.address(address)
    }

    /// The text column of the sender's address.
    static let senderColumn = 13

    /// The bytes of text column `offset` (empty for NULL), valid during `body`.
    func withColumn<T>(_ offset: Int, _ body: (UnsafeBufferPointer<UInt8>) throws(StoreError) -> T)
        throws(StoreError) -> T {
        let start = offset == 0 ? 0 : Int(ends[offset - 1])
        let end = Int(ends[offset])
        return try bytes.withUnsafeBufferPointer { (buffer) throws(StoreError) in
            try body(UnsafeBufferPointer(rebasing: buffer[start..<end]))
        }
    }

    /// Binds the text columns to `statement` from parameter `first` on (the row's id, bound by
    /// the caller, at `first`) and runs `body`, which binds the rest and steps it, while SQLite
    /// may read them; the caller clears the bindings before the bytes go. The sender's address
    /// is bound empty: `Store.insert` keeps it once in `senders` and binds its id.
    func withTextBound(to statement: Statement, from first: Int32, _ body: () throws(StoreError) -> Void)
        throws(StoreError) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(StoreError) in
            var start = 0
            for offset in ends.indices {
                let end = Int(ends[offset])
                let index = first + Self.parameter(ofColumn: offset)
                if nulls & (1 << offset) != 0 {
                    try statement.bind(text: nil, at: index)
                } else if offset == Self.senderColumn {
                    try statement.bind(borrowedText: UnsafeBufferPointer(start: nil, count: 0), at: index)
                } else {
                    try statement.bind(borrowedText: UnsafeBufferPointer(rebasing: buffer[start..<end]), at: index)
                }
                start = end
            }
            try body()
        }
    }

    /// The parameter of text column `offset`, counted from the row's id in `Store.shipmentColumns`
    /// (parcels and the creation note come after the times, the event sequence and the source file).
    private static func parameter(ofColumn offset: Int) -> Int32 {
        Int32(offset < 17 ? offset + 1 : offset + 5)
    }

    /// Appends columns to one buffer and notes where each ends.
    private struct RowBuilder: ~Copyable {
        var json = JSONText(capacity: 2048)
        var ends = Ends(repeating: 0)
        var columns = 0
        var nulls: UInt32 = 0

        mutating func column(_ text: String?) {
            if let text { json.append(raw: text) } else { nulls |= 1 << columns }
            endColumn()
        }

        /// A column written by `write` (a JSON value, or raw text).
        mutating func json(_ write: (inout JSONText) -> Void) {
            write(&json)
            json.endValue()
            endColumn()
        }

        private mutating func endColumn() {
            ends[columns] = Int32(json.count)
            columns += 1
        }
    }
}

/// What a transaction knows of the greatest order code stored (see `Store.hasShipment`).
enum HighestOrderCode {
    /// Outside a transaction: nothing may be assumed.
    case unknown
    /// Inside a transaction, not read yet.
    case unread
    /// The greatest code (empty: no shipment stored). Kept as the string it came in: raised by
    /// nearly every insert, a copy of its bytes was an allocation an order.
    case known(String)

    /// True when `code` sorts after `highest` as SQLite's BINARY collation sorts text: bytes
    /// compared as unsigned, a prefix before the longer text.
    static func isAbove(_ code: String, _ highest: String) -> Bool {
        code.withUTF8Bytes { bytes in
            highest.withUTF8Bytes { highest in
                let common = min(bytes.count, highest.count)
                let order = common == 0 ? 0 : memcmp(bytes.baseAddress!, highest.baseAddress!, common)
                return order > 0 || (order == 0 && bytes.count > highest.count)
            }
        }
    }

    /// Takes in a code just inserted.
    mutating func raise(to code: String) {
        guard case .known(let highest) = self, Self.isAbove(code, highest) else { return }
        self = .known(code)
    }
}
