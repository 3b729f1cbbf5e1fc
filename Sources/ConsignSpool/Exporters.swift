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
    /// The events of this pass written while they were stored, used when they start at the cursor.
    var stage: ExportStage?
    private static let lineEnd: [UInt8] = [UInt8(ascii: "\n")]

    /// The export's file name when its first event is `id`.
    static func fileName(firstEventId id: Int64) -> String {
        String(format: "events-%012lld.ndjson", id)
    }

    /// Appends one event's payload to an export file as an NDJSON line.
    static func appendLine(_ payload: UnsafeBufferPointer<UInt8>, to writer: AtomicFileWriter) throws(SystemError) {
        try writer.write(payload)
        try writer.write(lineEnd)
    }

    /// Exports events after the cursor; returns how many.
    func export() throws -> Int {
        let cursor = Int64(try store.meta("events.cursor") ?? "0") ?? 0
        let staged = stage?.takeEvents(after: cursor, storedThrough: try store.lastEventId())
        var writer = staged?.writer
        var last = staged?.lastEventId ?? cursor
        var count = staged?.count ?? 0
        try store.forEachEventPayload(after: last) { id, payload in
            let file = try writer ?? AtomicFileWriter(directory: folder, name: Self.fileName(firstEventId: id))
            writer = file
            try Self.appendLine(payload, to: file)
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

    /// The tracking lines of this pass written while its shipments were stored, used when they are
    /// exactly the changes after the cursor.
    var stage: ExportStage?

    /// A new export file for the changes after `cursor`, with its header line (built in `line`).
    static func openFile(in folder: String, cursor: Int64, line: inout TrackingLine) throws -> AtomicFileWriter {
        let writer = try AtomicFileWriter(directory: folder, name: String(format: "tracking-%012lld.csv", cursor + 1))
        line.append(header: header)
        try line.withBytes { try writer.write($0) }
        return writer
    }

    /// Exports changes after the cursor; returns how many shipments were listed.
    func export() throws -> Int {
        let cursor = Int64(try store.meta("tracking.cursor") ?? "0") ?? 0
        let last = try store.lastEventId()
        guard last > cursor else { return 0 }
        let staged = stage?.takeTracking(after: cursor, storedThrough: last)
        let (writer, count) = try staged.map { ($0.writer, $0.count) } ?? queried(after: cursor, through: last)
        try writer.commit()
        try store.transaction(waitsForLogCopy: false) { try store.setMeta("tracking.cursor", String(last)) }
        return count
    }

    /// The export of the shipments with events in (`cursor`, `last`], read from the store.
    private func queried(after cursor: Int64, through last: Int64) throws -> (AtomicFileWriter, Int) {
        var line = TrackingLine()
        let writer = try Self.openFile(in: folder, cursor: cursor, line: &line)
        var count = 0
        try store.trackingRows(afterEventId: cursor, throughEventId: last) { row in
            line.append(row)
            try line.withBytes { try writer.write($0) }
            count += 1
        }
        return (writer, count)
    }
}

/// The bytes of one tracking-export line, rebuilt in place for each shipment (in a ByteBuffer:
/// a [UInt8] tested its uniqueness and capacity at every appended byte and run).
struct TrackingLine: ~Copyable {
    private static let separator = UInt8(ascii: ";")
    private var bytes = ByteBuffer(capacity: 256)
    private var numbers: [UInt8] = []
    // Most shipments of one export changed in the same second: its text is made once.
    private var dateSecond = Int.min
    private var dateText: [UInt8] = []

    init() {
        numbers.reserveCapacity(64)
    }

    /// Calls `body` with the line's bytes.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try bytes.withBytes(body)
    }

    /// Replaces the line with the header.
    mutating func append(header: [String]) {
        bytes.removeAll()
        for (index, field) in header.enumerated() {
            if index > 0 { bytes.append(Self.separator) }
            bytes.append(utf8: CSVField.escape(field, separator: ";"))
        }
        LineEnding.crlf.append(to: &bytes)
    }

    /// Replaces the line with one shipment's, escaped field by field from the row's bytes.
    mutating func append(_ row: borrowing TrackingRow) {
        bytes.removeAll()
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
        LineEnding.crlf.append(to: &bytes)
    }

    /// Replaces the line with a new shipment's, byte for byte as `append(_: TrackingRow)` gives
    /// it once the shipment is stored.
    mutating func append(_ shipment: Shipment) {
        bytes.removeAll()
        appendField(shipment.orderCode)
        appendField(shipment.guid)
        appendField(shipment.carrierCode)
        appendField(shipment.serviceCode)
        appendField(shipment.status.rawValue)
        numbers.removeAll(keepingCapacity: true)
        for package in shipment.packages {
            guard let number = package.trackingNumber, !number.isEmpty else { continue }
            if !numbers.isEmpty { numbers.append(UInt8(ascii: " ")) }
            numbers += number.utf8
        }
        numbers.withUnsafeBufferPointer { appendField($0) }
        appendField(shipment.packages.first?.trackingUrl ?? "")
        appendDate(shipment.updatedAt)
        LineEnding.crlf.append(to: &bytes)
    }

    private mutating func appendField(_ text: String) {
        // A native string's bytes are read in place; only a bridged one is copied.
        text.withUTF8Bytes { appendField($0) }
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
        dateText.withUnsafeBufferPointer { bytes.append($0) }
    }
}
