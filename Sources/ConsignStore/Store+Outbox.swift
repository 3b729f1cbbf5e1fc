import ConsignCore
import Foundation

/// Listens to the outbox as it is written (`Store.outboxObserver`): each appended event in id
/// order, and each rollback of a transaction or savepoint, which removed every event told with
/// an id above `lastEventId`. Called on the writing thread; must not throw.
public protocol OutboxObserver: AnyObject {
    /// Event `eventId` of shipment row `shipmentId` was appended with `payload` (valid during the
    /// call) in the open transaction.
    func appended(eventId: Int64, shipmentId: Int64, payload: UnsafeBufferPointer<UInt8>)
    /// A transaction or savepoint was rolled back; the outbox now ends at `lastEventId` (nil: unknown).
    func rolledBack(lastEventId: Int64?)
}

/// An event as stored in the outbox, with its row id (the export cursor).
public struct StoredEvent: Sendable, Hashable {
    /// Outbox row id, increasing.
    public var id: Int64
    /// The event.
    public var event: ShipmentEvent
    /// The event as one line of JSON (exactly what is appended to `out/events/`).
    public var json: String
}

/// A record that an input file's content was processed.
public struct ProcessedFile: Sendable, Hashable {
    /// SHA-256 of the content, hex.
    public var contentHash: String
    /// The file's name when processed.
    public var fileName: String
    /// When.
    public var processedAt: Date
    /// `done` or `error`; `partial` while a file committed in parts is not finished.
    public var outcome: String
    /// Name of the result file in `out/results/`.
    public var resultFile: String?
    /// Orders read.
    public var orders: Int
    /// Orders rejected.
    public var rejected: Int

    /// The outcome of a file committed in parts and not finished yet (a crash interrupted it).
    public static let partial = "partial"

    /// True while the file is committed in parts and not finished.
    public var isPartial: Bool { outcome == Self.partial }

    /// The record of a file committed in parts, not finished yet (its counts are set per part).
    public static func partial(contentHash: String, fileName: String, resultFile: String,
                               at time: Date) -> ProcessedFile {
        ProcessedFile(contentHash: contentHash, fileName: fileName, processedAt: time, outcome: partial,
                      resultFile: resultFile, orders: 0, rejected: 0)
    }

    /// Creates a record.
    public init(contentHash: String, fileName: String, processedAt: Date, outcome: String, resultFile: String?,
                orders: Int, rejected: Int) {
        self.contentHash = contentHash
        self.fileName = fileName
        self.processedAt = processedAt
        self.outcome = outcome
        self.resultFile = resultFile
        self.orders = orders
        self.rejected = rejected
    }
}

extension Store {
    /// Appends an event of shipment row `shipmentId` to the outbox (call inside the transaction
    /// that made the change; the row is queued, see `RowQueue`). `encoded`, when given, must be
    /// `EncodedEvent(event)`.
    public func append(_ event: ShipmentEvent, encoded: EncodedEvent? = nil,
                       shipmentId: Int64) throws(StoreError) {
        try append(event, encoded: encoded, shipmentId: shipmentId, implied: false)
    }

    /// `append(_:encoded:shipmentId:)` for an event of `record`, just inserted or saved. The
    /// creation event of a registration accepted at once says nothing its row does not: its
    /// outbox row then keeps neither payload nor GUID (migration 9).
    public func append(_ event: ShipmentEvent, encoded: EncodedEvent? = nil,
                       of record: borrowing ShipmentRecord) throws(StoreError) {
        try append(event, encoded: encoded, shipmentId: record.id, implied: Self.isImpliedCreation(event, of: record))
    }

    /// Appends `event`; an `implied` one keeps an empty payload and GUID, and the readers rebuild
    /// it (`implied(_:)`): a creation from its shipment row, a hand-over from its history row.
    func append(_ event: ShipmentEvent, encoded: EncodedEvent? = nil, shipmentId: Int64,
                implied: Bool) throws(StoreError) {
        let payload = (encoded ?? EncodedEvent(event)).bytes
        let id = try queue(event, payload: payload, shipmentId: shipmentId, implied: implied)
        guard let observer = outboxObserver else { return }
        payload.withUnsafeBufferPointer { observer.appended(eventId: id, shipmentId: shipmentId, payload: $0) }
    }

    /// True when `event` is exactly what `implied(_:)` rebuilds from the rows: the first
    /// event, requested to created, with the row's GUID, order code and creation note, and the
    /// tracking numbers its `parcels` text gives back (none empty, none with a separator byte).
    /// Its time is the event row's own, written to the second (`ShoptetDate`).
    static func isImpliedCreation(_ event: borrowing ShipmentEvent, of record: borrowing ShipmentRecord) -> Bool {
        guard event.event == .create, event.sequence == 1, event.fromStatus == .requested,
              event.status == .created, let note = event.note, note == creationNote(of: record.shipment),
              event.eventInstance == record.shipment.guid, event.orderCode == record.shipment.orderCode,
              Self.keepsSecond(event.eventCreated.timeIntervalSince1970)
        else { return false }
        // The packages' numbers, nil ones left out, one for one with the event's (no array made).
        var next = 0
        for case let number? in record.shipment.packages.lazy.map(\.trackingNumber) {
            guard next < event.trackingNumbers.count, event.trackingNumbers[next] == number, !number.isEmpty,
                  !number.utf8.contains(where: { $0 == 0x1E || $0 == 0x1F })
            else { return false }
            next += 1
        }
        return next == event.trackingNumbers.count
    }

    /// True when the event row's `created_at` read back as a date gives the same second: the
    /// conversion to and from Foundation's reference date may move the last bit of the value.
    static func keepsSecond(_ createdAt: Double) -> Bool {
        Date(timeIntervalSince1970: createdAt).timeIntervalSince1970.rounded(.down) == createdAt.rounded(.down)
    }

    /// Events with an id above `afterId`, oldest first, at most `limit`.
    public func events(after afterId: Int64, limit: Int) throws(StoreError) -> [StoredEvent] {
        var result: [StoredEvent] = []
        do {
            try forEachEventPayload(after: afterId, limit: limit) { id, bytes in
                let payload = String(decoding: bytes, as: UTF8.self)
                result.append(StoredEvent(id: id, event: try decodeEvent(payload), json: payload))
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.corruptValue, message: "unreadable event in outbox: \(error)")
        }
        return result
    }

    /// Every event after `afterId`, oldest first, as its outbox id and its payload's bytes (valid
    /// during the call only); nothing is decoded or copied into a String, and only an implied
    /// event (migration 9) is written out first.
    public func forEachEventPayload(after afterId: Int64,
                                    _ body: (Int64, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try forEachEventPayload(after: afterId, limit: -1, body)
    }

    /// `forEachEventPayload(after:_:)` for at most `limit` events (negative: all).
    private func forEachEventPayload(after afterId: Int64, limit: Int,
                                     _ body: (Int64, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let statement = try database.statement(Self.eventsSQL)
        try statement.bind([afterId, limit])
        var json = JSONText(capacity: 320)
        while try statement.step() {
            let id = Int64(statement.int(0) ?? 0)
            guard statement.bytes(1).isEmpty else {
                try body(id, statement.bytes(1))
                continue
            }
            json.write(event: try Self.implied(statement))
            try json.takeBytes().withUnsafeBufferPointer { try body(id, $0) }
        }
    }

    /// At most ?2 events (negative: all) after ?1 in id order: id, payload, and for an implied
    /// event (empty payload) its time, type and sequence, its shipment's GUID, order code,
    /// creation note and parcels, and for a hand-over the status it left and the note of its
    /// history entry (same time, closed).
    private static let eventsSQL = """
        SELECT e.id, e.payload, e.created_at, s.guid, s.order_code, s.creation_note, s.parcels, e.type, e.sequence,
          \(handOverEntry("from_status")), \(handOverEntry("note"))
        FROM events e LEFT JOIN shipments s ON e.payload = '' AND s.id = e.shipment_id
        WHERE e.id > ?1 ORDER BY e.id LIMIT ?2
        """

    /// `column` of the history entry an implied hand-over event of `eventsSQL` stands beside.
    private static func handOverEntry(_ column: String) -> String {
        """
        CASE WHEN e.payload = '' AND e.type = '\(handOverType)' THEN (
            SELECT h.\(column) FROM history h
            WHERE h.shipment_id = e.shipment_id AND h.to_status = 'closed' AND h.real_at = e.created_at
            ORDER BY h.rowid LIMIT 1) END
        """
    }

    /// The type of a hand-over's event (a move to `closed`).
    static let handOverType = ShipmentStatus.closed.eventType.rawValue

    /// The event an `eventsSQL` row with an empty payload stands for (migration 9): a creation
    /// accepted at once, or a hand-over (see `Store.handOver`).
    private static func implied(_ statement: Statement) throws(StoreError) -> ShipmentEvent {
        let id = statement.int(0) ?? 0
        guard let guid = statement.text(3), let created = statement.double(2) else {
            throw StoreError(.corruptValue, message: "event \(id) has no payload and its shipment is missing")
        }
        let time = Date(timeIntervalSince1970: created)
        let numbers = trackingNumbers(inParcels: statement.text(6))
        let orderCode = statement.text(4) ?? ""
        if statement.text(7) == handOverType {
            guard let from = statement.text(9).flatMap(ShipmentStatus.init(rawValue:)) else {
                throw StoreError(.corruptValue, message: "event \(id) has no payload and no hand-over entry")
            }
            return ShipmentEvent(
                event: ShipmentStatus.closed.eventType, eventInstance: guid, eventCreated: time,
                sequence: statement.int(8) ?? 0, orderCode: orderCode, fromStatus: from, status: .closed,
                trackingNumbers: numbers, note: statement.text(10))
        }
        guard let note = statement.text(5) else {
            throw StoreError(.corruptValue, message: "event \(id) has no payload and no shipment registered at once")
        }
        return ShipmentEvent(
            event: .create, eventInstance: guid, eventCreated: time, sequence: 1, orderCode: orderCode,
            fromStatus: .requested, status: .created, trackingNumbers: numbers, note: note)
    }

    /// The processed-file record for `contentHash`, if this content was seen.
    public func processedFile(hash contentHash: String) throws(StoreError) -> ProcessedFile? {
        let statement = try database.statement("""
            SELECT content_hash, file_name, processed_at, outcome, result_file, orders, rejected
            FROM processed_files WHERE content_hash = ?1
            """)
        try statement.bind([contentHash])
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return ProcessedFile(
            contentHash: statement.text(0) ?? "", fileName: statement.text(1) ?? "",
            processedAt: Date(timeIntervalSince1970: statement.double(2) ?? 0), outcome: statement.text(3) ?? "",
            resultFile: statement.text(4), orders: statement.int(5) ?? 0, rejected: statement.int(6) ?? 0)
    }

    /// The content hashes of input `fileName`'s `partial` records other than `contentHash`:
    /// earlier reads of a file that changed while it was read, whose committed parts stay registered.
    public func partialContents(fileName: String, otherThan contentHash: String) throws(StoreError) -> [String] {
        let statement = try database.statement("""
            SELECT content_hash FROM processed_files
            WHERE file_name = ?1 AND outcome = '\(ProcessedFile.partial)' AND content_hash != ?2
            """)
        try statement.bind([fileName, contentHash])
        defer { statement.reset() }
        var hashes: [String] = []
        while try statement.step() { hashes.append(statement.text(0) ?? "") }
        return hashes
    }

    /// How many shipments were registered from input `source` (see `ShipmentRecord.sourceFile`),
    /// and the order codes of the first `limit` of them. Reads the whole table (no index on the
    /// source): for the rare report of a changed file only.
    public func orderCodes(registeredFrom source: String, limit: Int) throws(StoreError)
        -> (count: Int, codes: [String]) {
        let statement = try database.statement("SELECT order_code FROM shipments WHERE source_file = ?1 ORDER BY id")
        try statement.bind([source])
        defer { statement.reset() }
        var count = 0
        var codes: [String] = []
        while try statement.step() {
            count += 1
            if codes.count < limit { codes.append(statement.text(0) ?? "") }
        }
        return (count, codes)
    }

    /// True when another input file's result already has this name (so a new one would replace it).
    /// The record of the same content (an interrupted attempt's, under another name) is not another's.
    public func resultFileInUse(_ resultFile: String, byOtherThan fileName: String,
                                content contentHash: String) throws(StoreError) -> Bool {
        let statement = try database.statement("""
            SELECT 1 FROM processed_files WHERE result_file = ?1 AND file_name != ?2 AND content_hash != ?3 LIMIT 1
            """)
        try statement.bind([resultFile, fileName, contentHash])
        defer { statement.reset() }
        return try statement.step()
    }

    /// Records that a file's content was processed (inside the file's transaction). Only a
    /// `partial` record of the same content (a file committed in parts) is replaced; any other
    /// is a constraint error.
    public func record(_ file: ProcessedFile) throws(StoreError) {
        let statement = try database.statement(Self.recordSQL)
        try statement.bind([
            file.contentHash, file.fileName, file.processedAt.timeIntervalSince1970, file.outcome, file.resultFile,
            file.orders, file.rejected,
        ]).run()
        guard database.changes == 1 else {
            throw StoreError(.constraint, message: "file content \(file.contentHash.prefix(12)) is recorded already",
                             sql: statement.sql)
        }
    }

    private static let recordSQL = """
        INSERT INTO processed_files(content_hash, file_name, processed_at, outcome, result_file, orders, rejected)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
        ON CONFLICT(content_hash) DO UPDATE SET file_name = ?2, processed_at = ?3, outcome = ?4, result_file = ?5,
          orders = ?6, rejected = ?7
        WHERE processed_files.outcome = '\(ProcessedFile.partial)'
        """

    private func decodeEvent(_ payload: String) throws(StoreError) -> ShipmentEvent {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any],
              let type = (object["event"] as? String).flatMap(ShipmentEventType.init(rawValue:)),
              let status = (object["status"] as? String).flatMap(ShipmentStatus.init(rawValue:)),
              let created = (object["eventCreated"] as? String).flatMap(ShoptetDate.parse)
        else { throw StoreError(.corruptValue, message: "unreadable event in outbox") }
        return ShipmentEvent(
            event: type, eventInstance: object["eventInstance"] as? String ?? "", eventCreated: created,
            sequence: object["sequence"] as? Int ?? 0, orderCode: object["orderCode"] as? String ?? "",
            fromStatus: (object["fromStatus"] as? String).flatMap(ShipmentStatus.init(rawValue:)), status: status,
            trackingNumbers: object["trackingNumbers"] as? [String] ?? [], note: object["note"] as? String)
    }
}

/// A shipment whose status changed, for the ERP's tracking export, read in place from the
/// store: each column is a view of the row's UTF-8 bytes (empty for NULL), valid only inside the
/// `trackingRows` body it is handed to, so nothing is copied into strings on the way to the file.
public struct TrackingRow: ~Copyable {
    fileprivate let statement: Statement

    /// Order code.
    public var orderCode: UnsafeBufferPointer<UInt8> { statement.bytes(0) }
    /// Shipment GUID.
    public var guid: UnsafeBufferPointer<UInt8> { statement.bytes(1) }
    /// Carrier code.
    public var carrierCode: UnsafeBufferPointer<UInt8> { statement.bytes(2) }
    /// Service code.
    public var serviceCode: UnsafeBufferPointer<UInt8> { statement.bytes(3) }
    /// Current status (its Shoptet name).
    public var status: UnsafeBufferPointer<UInt8> { statement.bytes(4) }
    /// Tracking URL of the first parcel.
    public var trackingUrl: UnsafeBufferPointer<UInt8> { statement.bytes(6) }
    /// When the latest change happened.
    public var changedAt: Date { Date(timeIntervalSince1970: statement.double(7) ?? 0) }

    /// Appends the tracking numbers, one per parcel, separated by spaces.
    public func appendTrackingNumbers(to bytes: inout [UInt8]) {
        Store.appendTrackingNumbers(inParcels: statement.bytes(5), to: &bytes)
    }
}

extension Store {
    /// The highest event id in the outbox (0 when empty).
    public func lastEventId() throws(StoreError) -> Int64 {
        let statement = try database.statement("SELECT coalesce(max(id), 0) FROM events")
        defer { statement.reset() }
        _ = try statement.step()
        return Int64(statement.int(0) ?? 0)
    }

    /// Every shipment with an event in `(afterEventId, throughEventId]`, in shipment order, with its current state.
    public func trackingRows(afterEventId: Int64, throughEventId: Int64,
                             _ body: (borrowing TrackingRow) throws -> Void) throws {
        // Tracking numbers come from the plain `parcels` column and the URL from one JSON path,
        // so no row's packages are decoded in Swift or walked with json_each. The shipments are
        // found by row id (migration 7), in order; `updated_at` is their latest change.
        let statement = try database.statement("""
            SELECT order_code, guid, carrier_code, service_code, status, parcels,
              json_extract(packages, '$[0].trackingUrl'), updated_at
            FROM shipments WHERE id IN (SELECT shipment_id FROM events WHERE id > ?1 AND id <= ?2) ORDER BY id
            """)
        try statement.bind([afterEventId, throughEventId])
        let row = TrackingRow(statement: statement)
        while try statement.step() { try body(row) }
    }
}

/// An event's outbox payload, built without the store (on a file's reading thread, ahead of
/// the insert, like `EncodedShipment`).
public struct EncodedEvent: Sendable {
    /// The payload's UTF-8 JSON.
    let bytes: [UInt8]

    /// Encodes `event` as the outbox keeps it.
    public init(_ event: borrowing ShipmentEvent) {
        var json = JSONText(capacity: 320)
        json.write(event: event)
        bytes = json.takeBytes()
    }
}
