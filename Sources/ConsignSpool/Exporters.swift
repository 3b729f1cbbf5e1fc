import ConsignCore
import ConsignFormats
import ConsignStore
import ConsignSupport
import Foundation

/// Appends new outbox events to `out/events/` as NDJSON, one file per run
/// (`events-<first id>.ndjson`), then moves the cursor. A crash between the two rewrites the
/// same file name with the same or more events; receivers dedupe by (eventInstance, sequence).
struct EventExporter {
    let store: Store
    let folder: String

    /// Exports events after the cursor; returns how many.
    func export() throws -> Int {
        let cursor = Int64(try store.meta("events.cursor") ?? "0") ?? 0
        var batch = try store.eventLines(after: cursor, limit: 5000)
        guard let first = batch.first else { return 0 }
        let writer = try AtomicFileWriter(directory: folder, name: String(format: "events-%012lld.ndjson", first.id))
        var last = cursor
        var count = 0
        while !batch.isEmpty {
            for event in batch { try writer.write(event.json + "\n") }
            count += batch.count
            last = batch.last!.id
            batch = try store.eventLines(after: last, limit: 5000)
        }
        try writer.commit()
        FaultInjection.hit("export")
        try store.transaction { try store.setMeta("events.cursor", String(last)) }
        return count
    }
}

/// Writes `out/tracking/tracking-<first event id>.csv` with every shipment whose status
/// changed since the last export: how the ERP learns of delivered and returned parcels.
struct TrackingExporter {
    let store: Store
    let folder: String

    static let header = ["orderCode", "guid", "carrier", "service", "status", "trackingNumbers", "trackingUrl",
                         "changedAt"]

    /// Exports changes after the cursor; returns how many shipments were listed.
    func export() throws -> Int {
        let cursor = Int64(try store.meta("tracking.cursor") ?? "0") ?? 0
        let last = try store.lastEventId()
        guard last > cursor else { return 0 }
        let writer = try AtomicFileWriter(directory: folder, name: String(format: "tracking-%012lld.csv", cursor + 1))
        try writer.write(Self.line(Self.header))
        var count = 0
        try store.trackingChanges(afterEventId: cursor, throughEventId: last) { change in
            try writer.write(Self.line([
                change.orderCode, change.guid, change.carrierCode, change.serviceCode, change.status.rawValue,
                change.trackingNumbers.joined(separator: " "), change.trackingUrl ?? "",
                ShoptetDate.format(change.changedAt),
            ]))
            count += 1
        }
        try writer.commit()
        try store.transaction { try store.setMeta("tracking.cursor", String(last)) }
        return count
    }

    /// One CSV line; `CSVField.escape` hands plain fields (nearly all of them) back unchanged.
    private static func line(_ fields: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(192)
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ";")) }
            bytes.append(contentsOf: CSVField.escape(field, separator: ";").utf8)
        }
        bytes.append(contentsOf: [0x0D, 0x0A])
        return bytes
    }
}
