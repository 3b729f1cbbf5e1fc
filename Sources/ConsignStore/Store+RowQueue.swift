import ConsignCore
import Foundation

/// New shipment and event rows waiting to be written, sixteen to an INSERT.
///
/// Every execution of a one-row INSERT opens a cursor on the table and on each of its indexes
/// and seeks each from the root; a statement of sixteen rows opens them once, and every row
/// after the first finds its place next to the row before. That is a third of what SQLite spends
/// on a new shipment. Queued rows get their ids at once (the table's highest id plus one, what
/// SQLite would give them), and every other statement of the connection writes the queue first
/// (see `Database.queuedRows`): no read, update, savepoint or commit can miss a queued row.
struct RowQueue {
    /// Rows per multi-row INSERT; a shorter rest is written one row at a time.
    static let rowsPerStatement = 16

    var shipments: [QueuedShipment] = []
    var events: [QueuedEvent] = []
    /// The ids the next queued rows get; nil: read from the table first (at the start of each
    /// transaction or part, and after a rollback).
    var nextShipmentId: Int64?
    var nextEventId: Int64?

    var isEmpty: Bool { shipments.isEmpty && events.isEmpty }

    /// Forgets the next ids: another writer may add rows once the write lock is given up, and a
    /// rollback takes back the ids it used.
    mutating func forgetIds() {
        nextShipmentId = nil
        nextEventId = nil
    }
}

/// A new `shipments` row: its text columns and the values bound beside them.
struct QueuedShipment {
    let id: Int64
    let row: EncodedShipment
    let createdAt: Double
    let updatedAt: Double
    let eventSequence: Int64
    let sourceFile: String?
    let senderId: Int64
}

/// A new `events` row.
struct QueuedEvent {
    let id: Int64
    let shipmentGuid: String
    let sequence: Int64
    let type: String
    let createdAt: Double
    let payload: [UInt8]
    let shipmentId: Int64
}

extension Store: QueuedRows {
    static let shipmentColumns = """
        id, guid, order_code, status, shipment_type, carrier_code, service_code, service_type, pickup_point_id,
        cod_value, cod_currency, value_amount, value_currency, variable_symbol, sender, recipient, packages, note,
        created_at, updated_at, event_sequence, source_file, parcels, creation_note, sender_id
        """
    static let shipmentParameters = Int32(shipmentColumns.split(separator: ",").count)

    private static let oneShipmentSQL = insertSQL(into: "shipments", shipmentColumns, shipmentParameters, rows: 1)
    private static let shipmentsSQL = insertSQL(
        into: "shipments", shipmentColumns, shipmentParameters, rows: RowQueue.rowsPerStatement)
    private static let eventColumns = "id, shipment_guid, sequence, type, created_at, payload, shipment_id"
    private static let eventParameters = Int32(eventColumns.split(separator: ",").count)
    private static let oneEventSQL = insertSQL(into: "events", eventColumns, eventParameters, rows: 1)
    private static let eventsSQL = insertSQL(
        into: "events", eventColumns, eventParameters, rows: RowQueue.rowsPerStatement)

    /// `INSERT OR FAIL INTO table(columns) VALUES (?1, …), (…)` for `rows` rows of `count`
    /// parameters.
    ///
    /// OR FAIL, not the default ABORT: to undo only a failed statement of several rows, SQLite
    /// would keep a statement journal, a copy of every page the statement changes (a temporary
    /// file, ten times the run's other writes). A failed statement's first rows may then stay,
    /// but the rows stay queued, every later write of them fails on their ids, and the
    /// transaction is rolled back instead of committed; an I/O error rolls it back at once, as
    /// for a one-row INSERT.
    private static func insertSQL(into table: String, _ columns: String, _ count: Int32, rows: Int) -> SQL {
        let tuples = (0..<rows).map { row in
            "(" + (1...Int(count)).map { "?\(row * Int(count) + $0)" }.joined(separator: ", ") + ")"
        }
        let text = "INSERT OR FAIL INTO \(table)(\(columns)) VALUES " + tuples.joined(separator: ", ")
        return SQL(text, keepsQueuedRows: true)
    }

    /// True while rows wait in the queue.
    var hasQueuedRows: Bool { !rowQueue.isEmpty }

    /// Writes every queued row: shipments first, then events. On an error the rows not written
    /// stay queued, so that the commit writing them again fails too and nothing is committed
    /// without them.
    func writeQueuedRows() throws(StoreError) {
        try writeQueuedShipments()
        try writeQueuedEvents()
    }

    private func writeQueuedShipments() throws(StoreError) {
        var written = 0
        defer { rowQueue.shipments.removeFirst(written) }
        try write(rowQueue.shipments, counting: &written, one: Self.oneShipmentSQL, many: Self.shipmentsSQL) {
            (rows, statement) throws(StoreError) in try bind(rows, to: statement, offset: 0)
        }
    }

    private func writeQueuedEvents() throws(StoreError) {
        var written = 0
        defer { rowQueue.events.removeFirst(written) }
        try write(rowQueue.events, counting: &written, one: Self.oneEventSQL, many: Self.eventsSQL) {
            (rows, statement) throws(StoreError) in try bind(rows, to: statement, offset: 0)
        }
    }

    /// Writes `rows` from `written` on, sixteen at a time with `many` and the rest one at a time
    /// with `one`; `written` counts the rows written, also when an error stops it.
    private func write<Row>(_ rows: [Row], counting written: inout Int, one: SQL, many: SQL,
                            bind: (ArraySlice<Row>, Statement) throws(StoreError) -> Void) throws(StoreError) {
        while written < rows.count {
            let count = rows.count - written >= RowQueue.rowsPerStatement ? RowQueue.rowsPerStatement : 1
            let statement = try database.statement(count == 1 ? one : many)
            defer { statement.clearBindings() }
            try bind(rows[written..<written + count], statement)
            written += count
        }
    }

    /// Forgets the queued rows (their transaction or savepoint is being rolled back) and the
    /// next ids with them.
    func dropQueuedRows() {
        rowQueue.shipments.removeAll(keepingCapacity: true)
        rowQueue.events.removeAll(keepingCapacity: true)
        rowQueue.forgetIds()
    }

    /// Inside `transaction` a kind of row is written when sixteen wait; outside, each row is
    /// written as soon as it is queued (nothing would write it later).
    private var isInTransaction: Bool { pendingBlockCounts != nil }

    /// Queues a new shipment row; returns its id.
    func queue(_ record: borrowing ShipmentRecord, row: EncodedShipment) throws(StoreError) -> Int64 {
        let senderId = try row.withColumn(EncodedShipment.senderColumn) { (address) throws(StoreError) in
            try self.senderId(address)
        }
        let id = try nextId(rowQueue.nextShipmentId, of: "shipments")
        rowQueue.nextShipmentId = id + 1
        rowQueue.shipments.append(QueuedShipment(
            id: id, row: row, createdAt: record.shipment.createdAt.timeIntervalSince1970,
            updatedAt: record.shipment.updatedAt.timeIntervalSince1970, eventSequence: Int64(record.eventSequence),
            sourceFile: record.sourceFile, senderId: senderId))
        if !isInTransaction || rowQueue.shipments.count == RowQueue.rowsPerStatement { try writeQueuedShipments() }
        return id
    }

    /// Queues a new event row; returns its id. An `implied` event keeps an empty GUID and payload
    /// (see `Store.implied`).
    func queue(_ event: borrowing ShipmentEvent, payload: [UInt8], shipmentId: Int64,
               implied: Bool) throws(StoreError) -> Int64 {
        let id = try nextId(rowQueue.nextEventId, of: "events")
        rowQueue.nextEventId = id + 1
        rowQueue.events.append(QueuedEvent(
            id: id, shipmentGuid: implied ? "" : event.eventInstance, sequence: Int64(event.sequence),
            type: event.event.rawValue, createdAt: event.eventCreated.timeIntervalSince1970,
            payload: implied ? [] : payload, shipmentId: shipmentId))
        if !isInTransaction || rowQueue.events.count == RowQueue.rowsPerStatement { try writeQueuedEvents() }
        return id
    }

    /// `known`, else the id SQLite would give the next row of `table` (its highest id plus one).
    private func nextId(_ known: Int64?, of table: String) throws(StoreError) -> Int64 {
        if let known { return known }
        let statement = try database.statement("SELECT ifnull(max(id), 0) + 1 FROM \(table)")
        defer { statement.reset() }
        guard try statement.step(), let id = statement.int(0) else {
            throw StoreError(.corruptValue, message: "no next id for \(table)")
        }
        return Int64(id)
    }

    /// Binds `rows` from parameter `offset + 1` on, each row's texts borrowed from its own
    /// storage while the rows after it are bound, then runs the statement.
    private func bind(_ rows: ArraySlice<QueuedShipment>, to statement: Statement, offset: Int32)
        throws(StoreError) {
        guard let first = rows.first else {
            try statement.run()
            return
        }
        try first.row.withTextBound(to: statement, from: offset + 1) { () throws(StoreError) in
            try statement.bind(int: first.id, at: offset + 1)
            try statement.bind(double: first.createdAt, at: offset + 19)
            try statement.bind(double: first.updatedAt, at: offset + 20)
            try statement.bind(int: first.eventSequence, at: offset + 21)
            try statement.bind(text: first.sourceFile, at: offset + 22)
            try statement.bind(int: first.senderId, at: offset + 25)
            try bind(rows.dropFirst(), to: statement, offset: offset + Self.shipmentParameters)
        }
    }

    private func bind(_ rows: ArraySlice<QueuedEvent>, to statement: Statement, offset: Int32) throws(StoreError) {
        guard let first = rows.first else {
            try statement.run()
            return
        }
        try first.payload.withUnsafeBufferPointer { (payload) throws(StoreError) in
            try statement.bind(int: first.id, at: offset + 1)
            try statement.bind(text: first.shipmentGuid, at: offset + 2)
            try statement.bind(int: first.sequence, at: offset + 3)
            try statement.bind(text: first.type, at: offset + 4)
            try statement.bind(double: first.createdAt, at: offset + 5)
            try statement.bind(borrowedText: payload, at: offset + 6)
            try statement.bind(int: first.shipmentId, at: offset + 7)
            try bind(rows.dropFirst(), to: statement, offset: offset + Self.eventParameters)
        }
    }
}
