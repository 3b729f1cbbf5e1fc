import ConsignCore
import ConsignStore
import ConsignSupport

/// The event and tracking exports of one pass, written while the pass's files are stored
/// instead of read back from the store after them (reading back 100,000 new shipments, their
/// events and JSON packages cost a tenth of the run, all of it after the last order).
///
/// The store tells the stage of every event it appends and of every rollback
/// (`OutboxObserver`); the file processor tells it of every new shipment, right after the
/// shipment's one event. The exporters take a staged file only when it is provably what their
/// queries would write; otherwise it is dropped and they query as before:
/// - events: the staged ids run without a gap from the export cursor, no rollback took any of
///   them, and the store holds them all (later events are appended from the store);
/// - tracking: in addition, every event staged was a new shipment's, named by `created` right
///   after it, in increasing row order, and no event came after the last one staged (a change to
///   a staged shipment would make its line stale).
/// Writing never fails the pass: a write error drops the staged file.
final class ExportStage: OutboxObserver {
    /// A staged export ready to commit.
    struct Staged {
        /// The open temp file, to be committed under its final name.
        let writer: AtomicFileWriter
        /// The id of the last event it holds.
        let lastEventId: Int64
        /// Events (or tracking lines) it holds.
        let count: Int
    }

    private let layout: SpoolLayout
    private var events: AtomicFileWriter?
    private var tracking: AtomicFileWriter?
    private var line = TrackingLine()
    private var firstEventId: Int64 = 0
    private var lastEventId: Int64 = 0
    private var eventCount = 0
    private var trackingCount = 0
    /// The shipment of the last event until `created` names it.
    private var untrackedShipment: Int64?
    private var lastTrackedShipment: Int64 = 0
    private var isDropped = false
    /// Whether `takeEvents` / `takeTracking` handed out a staged file, and why not (the first
    /// reason a staged file was dropped), for the debug log.
    private(set) var gaveEvents = false
    private(set) var gaveTracking = false
    private(set) var dropReason: String?
    private var tracksEveryEvent = true

    /// A stage writing into `layout`'s export folders.
    init(layout: SpoolLayout) {
        self.layout = layout
    }

    func appended(eventId: Int64, shipmentId: Int64, payload: UnsafeBufferPointer<UInt8>) {
        guard !isDropped else { return }
        guard lastEventId == 0 || eventId == lastEventId + 1 else {
            return drop("event \(eventId) after \(lastEventId)")
        }
        if untrackedShipment != nil && tracksEveryEvent {
            stopTracking("event \(lastEventId) is not a new shipment's")
        }

        do {
            if events == nil {
                firstEventId = eventId
                events = try AtomicFileWriter(
                    directory: layout.events, name: EventExporter.fileName(firstEventId: eventId))
            }
            if let events { try EventExporter.appendLine(payload, to: events) }
        } catch {
            return drop("staged events not written: \(error)")
        }
        lastEventId = eventId
        eventCount += 1
        untrackedShipment = shipmentId
    }

    func rolledBack(lastEventId remaining: Int64?) {
        // A file of a batch rejected before it stored anything takes nothing staged with it.
        guard let remaining, remaining >= lastEventId else { return drop("a rollback took staged events") }
    }

    /// A new shipment was stored as row `id`, with the event told last.
    func created(_ shipment: Shipment, id: Int64) {
        guard !isDropped, tracksEveryEvent else { return }
        guard untrackedShipment == id, id > lastTrackedShipment else {
            return stopTracking("shipment \(id) is not the one of the last event")
        }
        untrackedShipment = nil
        lastTrackedShipment = id

        do {
            let writer = try tracking
                ?? TrackingExporter.openFile(in: layout.tracking, cursor: firstEventId - 1, line: &line)
            tracking = writer
            line.append(shipment)
            try line.withBytes { try writer.write($0) }
            trackingCount += 1
        } catch {
            stopTracking("staged tracking not written: \(error)")
        }
    }

    /// The staged events when they start right after `cursor` and the store holds all of them
    /// (its last event is `storedThrough`); nil (and the file dropped) otherwise.
    func takeEvents(after cursor: Int64, storedThrough: Int64) -> Staged? {
        defer { events = nil }
        guard !isDropped, let events, firstEventId == cursor + 1, lastEventId <= storedThrough else {
            if !isDropped && events != nil { note("staged events \(firstEventId)-\(lastEventId), cursor \(cursor)") }
            events?.abandon()
            return nil
        }
        gaveEvents = true
        return Staged(writer: events, lastEventId: lastEventId, count: eventCount)
    }

    /// The staged tracking lines when they are exactly the changes in (`cursor`, `storedThrough`].
    func takeTracking(after cursor: Int64, storedThrough: Int64) -> Staged? {
        defer { tracking = nil }
        guard !isDropped, tracksEveryEvent, untrackedShipment == nil, let tracking, firstEventId == cursor + 1,
              lastEventId == storedThrough
        else {
            if tracking != nil { note("staged tracking to event \(lastEventId), store to \(storedThrough)") }
            tracking?.abandon()
            return nil
        }
        gaveTracking = true
        return Staged(writer: tracking, lastEventId: lastEventId, count: trackingCount)
    }

    /// Drops both staged files: the exporters query the store.
    private func drop(_ reason: String) {
        note(reason)
        isDropped = true
        events?.abandon()
        events = nil
        stopTracking(reason)
    }

    private func stopTracking(_ reason: String) {
        note(reason)
        tracksEveryEvent = false
        tracking?.abandon()
        tracking = nil
    }

    private func note(_ reason: String) {
        if dropReason == nil { dropReason = reason }
    }
}
