import Foundation

/// State of a close batch: requested, then acknowledged or failed.
public enum CloseBatchState: String, Sendable, Codable {
    case requested, acknowledged, failed
}

/// A carrier close (handover) request as stored.
public struct CloseBatchRecord: Sendable, Hashable {
    /// Batch id.
    public var id: Int
    /// Carrier code.
    public var carrierCode: String
    /// When requested.
    public var requestedAt: Date
    /// When the carrier acknowledged it.
    public var acknowledgedAt: Date?
    /// Current state.
    public var state: CloseBatchState
    /// The carrier's protocol number once acknowledged.
    public var protocolNumber: String?
    /// Why it failed.
    public var failure: String?
    /// When the handover protocol files were written (nil until then).
    public var filesWrittenAt: Date?
    /// Names of the protocol files in `out/handover/`, space-separated.
    public var protocolFiles: String?
}

extension Store {
    /// Batches in state `requested`, oldest first.
    public func pendingCloseBatches() throws(StoreError) -> [CloseBatchRecord] {
        try closeBatches(where: "state = 'requested'")
    }


    /// One batch by id.
    public func closeBatch(id: Int) throws(StoreError) -> CloseBatchRecord? {
        try closeBatches(where: "id = \(id)").first
    }

    /// Saves a batch's state, acknowledgement time, protocol number, failure and protocol files.
    public func save(_ batch: CloseBatchRecord) throws(StoreError) {
        try database.statement("""
            UPDATE close_batches SET state = ?2, acknowledged_at = ?3, protocol_number = ?4, failure = ?5,
              files_written_at = ?6, protocol_files = ?7 WHERE id = ?1
            """).bind([
                batch.id, batch.state.rawValue, batch.acknowledgedAt?.timeIntervalSince1970, batch.protocolNumber,
                batch.failure, batch.filesWrittenAt?.timeIntervalSince1970, batch.protocolFiles,
            ]).run()
    }

    /// Acknowledged batches whose protocol files are not written yet (also after a crash).
    public func batchesAwaitingProtocol() throws(StoreError) -> [CloseBatchRecord] {
        try closeBatches(where: "state = 'acknowledged' AND files_written_at IS NULL")
    }

    private func closeBatches(where condition: String, order: String = "ASC") throws(StoreError) -> [CloseBatchRecord] {
        let statement = try database.statement("""
            SELECT id, carrier_code, requested_at, acknowledged_at, state, protocol_number, failure,
              files_written_at, protocol_files
            FROM close_batches WHERE \(condition) ORDER BY id \(order)
            """)
        var result: [CloseBatchRecord] = []
        while try statement.step() {
            result.append(CloseBatchRecord(
                id: statement.int(0) ?? 0, carrierCode: statement.text(1) ?? "",
                requestedAt: Date(timeIntervalSince1970: statement.double(2) ?? 0),
                acknowledgedAt: statement.double(3).map(Date.init(timeIntervalSince1970:)),
                state: statement.text(4).flatMap(CloseBatchState.init(rawValue:)) ?? .failed,
                protocolNumber: statement.text(5), failure: statement.text(6),
                filesWrittenAt: statement.double(7).map(Date.init(timeIntervalSince1970:)),
                protocolFiles: statement.text(8)))
        }
        return result
    }
}
