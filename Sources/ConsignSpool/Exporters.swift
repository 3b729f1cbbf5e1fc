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
        var line: [UInt8] = []
        line.reserveCapacity(256)
        Self.append(Self.header, to: &line)
        try writer.write(line)
        var count = 0
        try store.trackingRows(afterEventId: cursor, throughEventId: last) { row in
            line.removeAll(keepingCapacity: true)
            Self.append(row, to: &line)
            try writer.write(line)
            count += 1
        }
        try writer.commit()
        try store.transaction { try store.setMeta("tracking.cursor", String(last)) }
        return count
    }

    /// One shipment's line, escaped field by field from the row's bytes.
    private static func append(_ row: borrowing TrackingRow, to line: inout [UInt8]) {
        for field in [row.orderCode, row.guid, row.carrierCode, row.serviceCode, row.status] {
            CSVField.appendEscaped(field, separator: separator, to: &line)
            line.append(separator)
        }
        var numbers: [UInt8] = []
        row.appendTrackingNumbers(to: &numbers)
        numbers.withUnsafeBufferPointer { CSVField.appendEscaped($0, separator: separator, to: &line) }
        line.append(separator)
        CSVField.appendEscaped(row.trackingUrl, separator: separator, to: &line)
        line.append(separator)
        line += ShoptetDate.format(row.changedAt).utf8
        line += [0x0D, 0x0A]
    }

    private static func append(_ fields: [String], to line: inout [UInt8]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { line.append(separator) }
            line += CSVField.escape(field, separator: ";").utf8
        }
        line += [0x0D, 0x0A]
    }

    private static let separator = UInt8(ascii: ";")
}
