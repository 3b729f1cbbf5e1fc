import ConsignCore
import Foundation

/// Close batches work on all of a carrier's open shipments at once: one statement per step
/// instead of one decoded record per shipment (a close of 100,000 shipments took minutes
/// record by record).
extension Store {
    /// Creates a batch in state `requested` and attaches every open shipment of the carrier
    /// (status `created`, no batch yet). Returns the batch and how many shipments it holds;
    /// call inside a transaction and roll back when that is zero.
    public func createCloseBatch(
        carrierCode: String,
        requestedAt: Date
    ) throws(StoreError) -> (batch: CloseBatchRecord, shipments: Int) {
        try database.statement(
            "INSERT INTO close_batches(carrier_code, requested_at, state) VALUES (?1, ?2, 'requested')"
        ).bind([carrierCode, requestedAt.timeIntervalSince1970]).run()
        let id = Int(database.lastInsertRowID)

        try database.statement("""
            UPDATE shipments SET close_batch_id = ?1
            WHERE carrier_code = ?2 AND status = 'created' AND close_batch_id IS NULL
            """).bind([id, carrierCode]).run()
        let attached = database.changes

        let batch = CloseBatchRecord(id: id, carrierCode: carrierCode, requestedAt: requestedAt, state: .requested)
        return (batch, attached)
    }

    /// The GUIDs of the batch's shipments in `status`, in id order (read before a hand-over moves them).
    public func shipmentGUIDs(inBatch batchId: Int, status: ShipmentStatus) throws(StoreError) -> [String] {
        let statement = try database.statement(
            "SELECT guid FROM shipments WHERE close_batch_id = ?1 AND status = ?2 ORDER BY id")
        try statement.bind([batchId, status.rawValue])
        defer { statement.reset() }
        var guids: [String] = []
        while try statement.step() { if let guid = statement.text(0) { guids.append(guid) } }
        return guids
    }

    /// Moves the batch's shipments whose status is a key of `notes` to `closed` at `time`:
    /// one history entry (with that status's note) and one `shipment:update` event each, and
    /// the hand-over and tracking times set. Call inside a transaction. Returns how many moved.
    public func handOver(batchId: Int, at time: Date, notes: [ShipmentStatus: String]) throws(StoreError) -> Int {
        let from = notes.keys.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")
        guard !from.isEmpty else { return 0 }
        let moved = try appendHandOverEvents(batchId: batchId, from: from, at: time, notes: notes)

        let noteCases = notes.keys.sorted { $0.rawValue < $1.rawValue }
        var values: [(any Sendable)?] = [batchId, time.timeIntervalSince1970]
        var cases = ""
        for status in noteCases {
            values += [status.rawValue, notes[status]]
            cases += " WHEN ?\(values.count - 1) THEN ?\(values.count)"
        }
        try database.statement("""
            INSERT INTO history(shipment_id, from_status, to_status, real_at, provider_at, note)
            SELECT id, status, 'closed', ?2, NULL, CASE status\(cases) END
            FROM shipments WHERE close_batch_id = ?1 AND status IN (\(from)) ORDER BY id
            """).bind(values).run()

        try moveBlockCounts(batchId: batchId, from: from)
        try database.statement("""
            UPDATE shipments SET status = 'closed', updated_at = ?2, event_sequence = event_sequence + 1,
              cancel_requested_at = NULL, handed_over_at = ?2, tracked_until = ?2
            WHERE close_batch_id = ?1 AND status IN (\(from))
            """).bind([batchId, time.timeIntervalSince1970]).run()
        return moved
    }

    /// Moves the hand-over's shipments from their statuses' block counts to `closed`'s (the
    /// counts `Store+Query` pages with), set-based like the hand-over itself.
    private func moveBlockCounts(batchId: Int, from: String) throws(StoreError) {
        for (status, sign) in [("status", "-"), ("'closed'", "")] {
            try database.statement("""
                INSERT INTO shipment_blocks(status, carrier_code, block, shipments)
                SELECT \(status), carrier_code, id >> \(Store.blockShift), \(sign)count(*) FROM shipments
                WHERE close_batch_id = ?1 AND status IN (\(from)) GROUP BY 1, 2, 3
                ON CONFLICT(status, carrier_code, block) DO UPDATE SET shipments = shipments + excluded.shipments
                """).bind([batchId]).run()
        }
    }

    /// The events of a hand-over, written while reading the few columns they need.
    private func appendHandOverEvents(
        batchId: Int, from: String, at time: Date,
        notes: [ShipmentStatus: String]
    ) throws(StoreError) -> Int {
        let rows = try database.statement("""
            SELECT guid, order_code, status, event_sequence, parcels, id
            FROM shipments WHERE close_batch_id = ?1 AND status IN (\(from)) ORDER BY id
            """).bind([batchId])
        defer { rows.reset() }
        let isImplied = Self.keepsSecond(time.timeIntervalSince1970)
        var moved = 0
        while try rows.step() {
            guard let status = rows.text(2).flatMap(ShipmentStatus.init(rawValue:)) else {
                throw StoreError(.corruptValue, message: "unknown status in close batch \(batchId)")
            }
            let numbers = Self.trackingNumbers(inParcels: rows.text(4))
            // Its history entry, written next with the same time, status and note, and the row's
            // parcels say it all: the outbox keeps no payload (see `Store.implied`).
            try append(
                ShipmentEvent(
                    event: ShipmentStatus.closed.eventType, eventInstance: rows.text(0) ?? "", eventCreated: time,
                    sequence: (rows.int(3) ?? 0) + 1, orderCode: rows.text(1) ?? "", fromStatus: status,
                    status: .closed, trackingNumbers: numbers, note: notes[status]),
                shipmentId: Int64(rows.int(5) ?? 0), implied: isImplied)
            moved += 1
        }
        return moved
    }
}

extension Store {
    /// The shipments of a close batch in id order with only what a handover protocol prints:
    /// GUID, order code, variable symbol, service, the recipient's company, name, zip, city and
    /// country, each package's tracking number and weight, COD and declared value. SQLite reads
    /// the stored JSON; the records are not decoded whole (seconds for a 100,000-shipment batch).
    public func handoverShipments(inBatch batchId: Int) throws(StoreError) -> [Shipment] {
        let statement = try database.statement("""
            SELECT guid, order_code, variable_symbol, carrier_code, service_code, cod_value, cod_currency,
              value_amount, value_currency, json_extract(recipient, '$.company'), json_extract(recipient, '$.name'),
              json_extract(recipient, '$.zip'), json_extract(recipient, '$.city'),
              json_extract(recipient, '$.countryCode'), parcels, status, created_at, updated_at
            FROM shipments WHERE close_batch_id = ?1 ORDER BY id
            """).bind([batchId])
        defer { statement.reset() }
        var result: [Shipment] = []
        while try statement.step() {
            guard let status = statement.text(15).flatMap(ShipmentStatus.init(rawValue:)) else {
                throw StoreError(.corruptValue, message: "unknown status in close batch \(batchId)")
            }
            let recipient = Address(
                name: statement.text(10), company: statement.text(9), city: statement.text(12),
                zip: statement.text(11), countryCode: statement.text(13))
            result.append(
                Shipment(
                    guid: statement.text(0) ?? "", orderCode: statement.text(1) ?? "", sender: Address(),
                    recipient: recipient, status: status, carrierCode: statement.text(3) ?? "",
                    serviceCode: statement.text(4) ?? "", cod: money(statement.text(5), statement.text(6)),
                    value: money(statement.text(7), statement.text(8)),
                    variableSymbol: statement.text(2), packages: Self.parcels(statement.text(14)),
                    createdAt: Date(timeIntervalSince1970: statement.double(16) ?? 0),
                    updatedAt: Date(timeIntervalSince1970: statement.double(17) ?? 0)))
        }
        return result
    }

    /// The `parcels` column: per package its tracking number, RS (0x1E) and its weight as plain
    /// text, packages joined by US (0x1F); either part may be empty. No package, no text.
    static func parcelsText(_ packages: [Package]) -> String {
        var text = JSONText(capacity: packages.count * 24)
        text.append(parcelsOf: packages)
        return text.string
    }

    /// Packages with tracking number and weight from the `parcels` column.
    static func parcels(_ text: String?) -> [Package] {
        parcelFields(text).map { number, weight in
            Package(weight: weight.isEmpty ? nil : Decimal.parse(price: weight),
                    trackingNumber: number.isEmpty ? nil : number)
        }
    }

    /// The non-empty tracking numbers of the `parcels` column (no weight parsed).
    static func trackingNumbers(inParcels text: String?) -> [String] {
        parcelFields(text).compactMap { number, _ in number.isEmpty ? nil : number }
    }

    /// Appends the tracking numbers of a `parcels` text, separated by spaces, without making strings.
    static func appendTrackingNumbers(inParcels text: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        var isFirst = true
        forEachParcel(in: text) { number, _ in
            guard !number.isEmpty else { return }
            if !isFirst { bytes.append(UInt8(ascii: " ")) }
            bytes.append(contentsOf: number)
            isFirst = false
        }
    }

    /// (tracking number, weight text) per package, split on the separator bytes (both ASCII,
    /// so every piece is valid UTF-8); a package without RS has no weight.
    private static func parcelFields(_ text: String?) -> [(String, String)] {
        guard var text, !text.isEmpty else { return [] }
        var fields: [(String, String)] = []
        text.withUTF8 { bytes in
            forEachParcel(in: bytes) { number, weight in
                fields.append((String(decoding: number, as: UTF8.self), String(decoding: weight, as: UTF8.self)))
            }
        }
        return fields
    }

    /// Calls `body` with each package's tracking-number and weight bytes of a `parcels` text:
    /// packages joined by US (0x1F), number and weight by RS (0x1E). No text, no package.
    private static func forEachParcel(
        in text: UnsafeBufferPointer<UInt8>,
        _ body: (Slice<UnsafeBufferPointer<UInt8>>, Slice<UnsafeBufferPointer<UInt8>>) -> Void
    ) {
        guard !text.isEmpty else { return }
        var start = 0
        while start <= text.count {
            let end = text[start...].firstIndex(of: 0x1F) ?? text.count
            let mark = text[start..<end].firstIndex(of: 0x1E)
            body(text[start..<(mark ?? end)], text[(mark.map { $0 + 1 } ?? end)..<end])
            start = end + 1
        }
    }
}
