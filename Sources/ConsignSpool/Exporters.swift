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
    private static let lineEnd: [UInt8] = [UInt8(ascii: "\n")]

    /// Exports events after the cursor; returns how many.
    func export() throws -> Int {
        let cursor = Int64(try store.meta("events.cursor") ?? "0") ?? 0
        var writer: AtomicFileWriter?
        var last = cursor
        var count = 0
        try store.forEachEventPayload(after: cursor) { id, payload in
            if writer == nil {
                writer = try AtomicFileWriter(directory: folder, name: String(format: "events-%012lld.ndjson", id))
            }
            try writer?.write(payload)
            try writer?.write(Self.lineEnd)
            last = id
            count += 1
        }
        guard let writer else { return 0 }
        try writer.commit()
        FaultInjection.hit("export")
        try store.transaction(waitsForLogCopy: false) { try store.setMeta("events.cursor", String(last)) }
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
        var line = TrackingLine()
        line.append(header: Self.header)
        try writer.write(line.bytes)
        var count = 0
        try store.trackingRows(afterEventId: cursor, throughEventId: last) { row in
            line.append(row)
            try writer.write(line.bytes)
            count += 1
        }
        try writer.commit()
        try store.transaction(waitsForLogCopy: false) { try store.setMeta("tracking.cursor", String(last)) }
        return count
    }
}

/// The bytes of one tracking-export line, rebuilt in place for each shipment.
private struct TrackingLine {
    private static let separator = UInt8(ascii: ";")
    private(set) var bytes: [UInt8] = []
    private var numbers: [UInt8] = []
    // Most shipments of one export changed in the same second: its text is made once.
    private var dateSecond = Int.min
    private var dateText: [UInt8] = []

    init() {
        bytes.reserveCapacity(256)
        numbers.reserveCapacity(64)
    }

    /// Replaces the line with the header.
    mutating func append(header: [String]) {
        bytes.removeAll(keepingCapacity: true)
        for (index, field) in header.enumerated() {
            if index > 0 { bytes.append(Self.separator) }
            bytes += CSVField.escape(field, separator: ";").utf8
        }
        bytes += [0x0D, 0x0A]
    }

    /// Replaces the line with one shipment's, escaped field by field from the row's bytes.
    mutating func append(_ row: borrowing TrackingRow) {
        bytes.removeAll(keepingCapacity: true)
        appendField(row.orderCode)
        appendField(row.guid)
        appendField(row.carrierCode)
        appendField(row.serviceCode)
        appendField(row.status)
        numbers.removeAll(keepingCapacity: true)
        row.appendTrackingNumbers(to: &numbers)
        numbers.withUnsafeBufferPointer { appendField($0) }
        appendField(row.trackingUrl)
        appendDate(row.changedAt)
        bytes += [0x0D, 0x0A]
    }

    private mutating func appendField(_ field: UnsafeBufferPointer<UInt8>) {
        CSVField.appendEscaped(field, separator: Self.separator, to: &bytes)
        bytes.append(Self.separator)
    }

    private mutating func appendDate(_ date: Date) {
        let second = Int(date.timeIntervalSince1970.rounded(.down))
        if second != dateSecond {
            dateSecond = second
            dateText = Array(ShoptetDate.format(date).utf8)
        }
        bytes += dateText
    }
}
