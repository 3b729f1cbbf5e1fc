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

        try database.statement("""
            UPDATE shipments SET status = 'closed', updated_at = ?2, event_sequence = event_sequence + 1,
              cancel_requested_at = NULL, handed_over_at = ?2, tracked_until = ?2
            WHERE close_batch_id = ?1 AND status IN (\(from))
            """).bind([batchId, time.timeIntervalSince1970]).run()
        return moved
    }

    /// The events of a hand-over, written while reading the few columns they need.
    private func appendHandOverEvents(
        batchId: Int, from: String, at time: Date,
        notes: [ShipmentStatus: String]
    ) throws(StoreError) -> Int {
        // Tracking numbers in package order, joined by the unit separator (never in a number).
        let rows = try database.statement("""
            SELECT guid, order_code, status, event_sequence,
              (SELECT group_concat(json_extract(p.value, '$.trackingNumber'), char(31)) FROM json_each(packages) p)
            FROM shipments WHERE close_batch_id = ?1 AND status IN (\(from)) ORDER BY id
            """).bind([batchId])
        defer { rows.reset() }
        var moved = 0
        while try rows.step() {
            guard let status = rows.text(2).flatMap(ShipmentStatus.init(rawValue:)) else {
                throw StoreError(.corruptValue, message: "unknown status in close batch \(batchId)")
            }
            let numbers = rows.text(4).map { $0.split(separator: "\u{1F}").map(String.init) } ?? []
            try append(
                ShipmentEvent(
                    event: ShipmentStatus.closed.eventType, eventInstance: rows.text(0) ?? "", eventCreated: time,
                    sequence: (rows.int(3) ?? 0) + 1, orderCode: rows.text(1) ?? "", fromStatus: status,
                    status: .closed, trackingNumbers: numbers, note: notes[status]))
            moved += 1
        }
        return moved
    }
}
