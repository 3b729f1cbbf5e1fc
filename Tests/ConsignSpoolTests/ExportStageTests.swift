import ConsignCarriers
import ConsignCore
import ConsignStore
import ConsignSupport
import Foundation
import Synchronization
import Testing

@testable import ConsignEngine
@testable import ConsignSpool

/// The event and tracking exports written while a pass stores its files must be, byte for byte,
/// what the exporters' queries write from the store afterwards; where the stage cannot prove
/// that (a rollback, a gap, a later change), the queries must write them.
@Suite("Exports written while storing are exactly the exports read back from the store")
struct ExportStageTests {
    /// A clock the test moves by hand (sandbox carriers advance with it).
    final class HandClock: Clock {
        private let instant = Mutex(Date(timeIntervalSince1970: 1_796_371_200))  // 2026-12-04T08:00:00Z

        func now() -> Date { instant.withLock { $0 } }

        func advance(days: Double) { instant.withLock { $0 = $0.addingTimeInterval(days * 86_400) } }
    }

    /// A real spool folder with a real store, run in-process so that the exporters can be re-run.
    final class TestSpool {
        let layout: SpoolLayout
        let clock = HandClock()
        let sink = MemorySink()
        let runner: SpoolRunner
        var store: Store { runner.engine.store }

        init() throws {
            layout = SpoolLayout(root: NSTemporaryDirectory() + "consign-stage-" + UUID().uuidString)
            try layout.create()
            let logger = Logger(label: "test", minimumLevel: .debug, sink: sink)
            let engine = ShipmentEngine(
                store: try Store(path: layout.database), catalogue: try CatalogueLoader.bundled(),
                gateway: SandboxCarrierNetwork(), clock: clock,
                settings: EngineSettings(
                    sender: Address(name: "Sender", street: "Ulice 1", city: "Praha", zip: "110 00", countryCode: "CZ"),
                    shippingMethods: .defaults),
                logger: logger)
            runner = SpoolRunner(layout: layout, engine: engine, settings: SpoolSettings(quietPeriod: 0),
                                 wallClock: SystemClock(), logger: logger)
        }

        deinit { try? FileManager.default.removeItem(atPath: layout.root) }

        /// Drops a finished file into `in/`.
        func drop(_ name: String, _ content: Data) throws {
            let path = "\(layout.inbox)/\(name)"
            try content.write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3_600)],
                                                  ofItemAtPath: path)
        }

        /// Runs one pass, then re-exports what it exported with the queries alone (from the
        /// cursors before the pass, into other folders) and expects the same files, byte for byte.
        /// Returns the pass's debug line about how the exports were written.
        func passMatchingQueries() throws -> String {
            let cursorsBefore = try cursors()
            let before = try exportFiles()
            _ = runner.runOnce()
            let written = try exportFiles().subtracting(before)
            let cursorsAfter = try cursors()
            #expect(try hiddenFiles().isEmpty, "no staged temp file is left behind")

            let check = layout.root + "/query-check"
            for folder in ["events", "tracking"] {
                try FileManager.default.createDirectory(atPath: "\(check)/\(folder)", withIntermediateDirectories: true)
            }
            try store.transaction {
                try store.setMeta("events.cursor", cursorsBefore.events)
                try store.setMeta("tracking.cursor", cursorsBefore.tracking)
            }
            _ = try EventExporter(store: store, folder: check + "/events", stage: nil).export()
            _ = try TrackingExporter(store: store, folder: check + "/tracking", stage: nil).export()
            #expect(try cursors() == cursorsAfter)

            let queried = try Set(["events", "tracking"].flatMap { folder in
                try FileManager.default.contentsOfDirectory(atPath: "\(check)/\(folder)").map { "\(folder)/\($0)" }
            })
            #expect(written == queried)
            for file in written.sorted() {
                let staged = try Data(contentsOf: URL(fileURLWithPath: "\(layout.root)/out/\(file)"))
                let fromStore = try Data(contentsOf: URL(fileURLWithPath: "\(check)/\(file)"))
                #expect(staged == fromStore, "\(file) differs from the queries' export")
            }
            try FileManager.default.removeItem(atPath: check)
            return sink.lines.last { $0.contains("exports written") } ?? ""
        }

        /// Expects the last pass to have written the events and the tracking export `events` and
        /// `tracking` ("while storing" or "from the store"); a failure shows the whole log.
        func expectExports(_ line: String, events: String, tracking: String,
                           sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            #expect(line.contains("events=\"\(events)\"") && line.contains("tracking=\"\(tracking)\""),
                    "\(sink.lines.joined(separator: "\n"))", sourceLocation: sourceLocation)
        }

        private func cursors() throws -> (events: String, tracking: String) {
            (try store.meta("events.cursor") ?? "0", try store.meta("tracking.cursor") ?? "0")
        }

        private func exportFiles() throws -> Set<String> {
            try Set(["events", "tracking"].flatMap { folder in
                try FileManager.default.contentsOfDirectory(atPath: "\(layout.root)/out/\(folder)")
                    .filter { !$0.hasPrefix(".") }.map { "\(folder)/\($0)" }
            })
        }

        private func hiddenFiles() throws -> [String] {
            try [layout.events, layout.tracking].flatMap { folder in
                try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") }
            }
        }
    }

    /// `samples/` at the package root.
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples").path

    static let header = "orderCode;shippingMethod;carrier;service;pickupPointId;name;company;street;houseNumber;"
        + "city;zip;country;phone;email;weight;packages;cod;codCurrency;value;currency;variableSymbol;note\n"

    /// A Consign CSV line for a valid Czech PPL home delivery, with fields overridable.
    static func order(_ code: String, method: String = "PPL", point: String = "", packages: String = "1",
                      cod: String = "") -> String {
        "\(code);\(method);;;\(point);Jana Nová;;Dlouhá;1;Praha;110 00;CZ;601123456;j@example.cz;1,5;"
            + "\(packages);\(cod);\(cod.isEmpty ? "" : "CZK");;;;\n"
    }

    /// Orders of every outcome: registered (several parcels, COD, quotes and separators in the
    /// code), refused by the carrier (stored as `request_failed`), invalid, repeated in the file.
    static var mixedFile: Data {
        Data((header + order("S-1") + order("\"S;2\"\"q\"", packages: "3") + order("S-3", cod: "1290,50")
              + order("S-4", method: "Zásilkovna - výdejní místo", point: "ABC")
              + order("S-5", method: "no such carrier") + order("S-1") + order("S-6")).utf8)
    }

    @Test("a pass of new shipments: both exports staged, and equal to the queries' files")
    func stagedEqualsQueried() throws {
        let spool = try TestSpool()
        try spool.drop("mixed.csv", Self.mixedFile)
        for name in ["consign-orders-cp1250.csv", "pohoda-datapack-cp1250.xml", "shoptet-orders-utf8-bom.csv"] {
            try spool.drop(name, try Data(contentsOf: URL(fileURLWithPath: "\(Self.samples)/\(name)")))
        }
        let line = try spool.passMatchingQueries()
        spool.expectExports(line, events: "while storing", tracking: "while storing")

        // The next pass starts where this one ended: staged again.
        try spool.drop("next.csv", Data((Self.header + Self.order("N-1") + Self.order("N-2")).utf8))
        let next = try spool.passMatchingQueries()
        spool.expectExports(next, events: "while storing", tracking: "while storing")
    }

    @Test("a file of a batch rolled back after storing orders: the queries write both exports")
    func rollbackAfterEvents() throws {
        let spool = try TestSpool()
        try spool.drop("a.csv", Data((Self.header + Self.order("A-1")).utf8))
        // A quote left open at the end: the file is rejected after its first orders were stored.
        try spool.drop("b-broken.csv", Data((Self.header + Self.order("B-1") + Self.order("B-2")
                                             + "B-3;\"PPL;;\n").utf8))
        let line = try spool.passMatchingQueries()
        spool.expectExports(line, events: "from the store", tracking: "from the store")
        #expect(try spool.store.activeShipment(orderCode: "B-1") == nil)
        #expect(try spool.store.activeShipment(orderCode: "A-1") != nil)
    }

    @Test("a file rejected as a whole before storing anything leaves the stage in use")
    func rollbackWithoutEvents() throws {
        let spool = try TestSpool()
        try spool.drop("a.csv", Data((Self.header + Self.order("A-1")).utf8))
        try spool.drop("b-not-orders.csv", Data("this;is\nnot;an order export\n".utf8))
        try spool.drop("c.csv", Data((Self.header + Self.order("C-1")).utf8))
        let line = try spool.passMatchingQueries()
        spool.expectExports(line, events: "while storing", tracking: "while storing")
    }

    @Test("events not exported before the pass: the queries write both exports from the cursor")
    func cursorBehind() throws {
        let spool = try TestSpool()
        try spool.drop("a.csv", Data((Self.header + Self.order("A-1") + Self.order("A-2")).utf8))
        _ = try spool.passMatchingQueries()
        try spool.store.transaction {
            try spool.store.setMeta("events.cursor", "1")
            try spool.store.setMeta("tracking.cursor", "1")
        }
        try spool.drop("b.csv", Data((Self.header + Self.order("B-1")).utf8))
        let line = try spool.passMatchingQueries()
        spool.expectExports(line, events: "from the store", tracking: "from the store")
    }

    @Test("a carrier moves a shipment in the same pass: events staged then read on, tracking from the store")
    func laterChanges() throws {
        let spool = try TestSpool()
        try spool.drop("a.csv", Data((Self.header + Self.order("A-1") + Self.order("A-2")).utf8))
        _ = try spool.passMatchingQueries()
        let guid = try #require(try spool.store.activeShipment(orderCode: "A-1")).shipment.guid
        _ = try spool.runner.engine.requestCancellation(guid: guid)
        _ = try spool.passMatchingQueries()
        spool.clock.advance(days: 1)  // the sandbox confirms the cancellation in this pass, after B-1 is stored
        try spool.drop("b.csv", Data((Self.header + Self.order("B-1")).utf8))
        let line = try spool.passMatchingQueries()
        spool.expectExports(line, events: "while storing", tracking: "from the store")
        let tracking = try FileManager.default.contentsOfDirectory(atPath: spool.layout.tracking).sorted()
        let last = try String(contentsOfFile: "\(spool.layout.tracking)/\(tracking.last ?? "")", encoding: .utf8)
        #expect(last.contains("A-1;") && last.contains(";canceled;") && last.contains("B-1;"))
    }
}

/// The stage's own rules, told events directly: what the store would tell it, including what
/// only another process could cause (events appended behind its back), which no pass here can.
@Suite("The export stage hands out a staged file only when it is provably complete")
struct ExportStageRuleTests {
    let layout = SpoolLayout(root: NSTemporaryDirectory() + "consign-stage-rules-" + UUID().uuidString)

    init() throws { try layout.create() }

    /// A stage told of events `ids` of shipments `ids` (same numbers), each a new shipment.
    func stage(events ids: ClosedRange<Int64>, created: Bool = true) -> ExportStage {
        let stage = ExportStage(layout: layout)
        for id in ids {
            let payload = Array("{\"n\":\(id)}".utf8)
            payload.withUnsafeBufferPointer { stage.appended(eventId: id, shipmentId: id, payload: $0) }
            if created { stage.created(Self.shipment("C\(id)"), id: id) }
        }
        return stage
    }

    static func shipment(_ code: String) -> Shipment {
        Shipment(guid: "g-" + code, orderCode: code, sender: Address(), recipient: Address(), status: .created,
                 carrierCode: "ppl", serviceCode: "home", packages: [], createdAt: Date(timeIntervalSince1970: 0),
                 updatedAt: Date(timeIntervalSince1970: 0))
    }

    @Test("contiguous new shipments from the cursor: both files, with every event and line")
    func complete() throws {
        let stage = stage(events: 5...7)
        let events = try #require(stage.takeEvents(after: 4, storedThrough: 7))
        let tracking = try #require(stage.takeTracking(after: 4, storedThrough: 7))
        #expect(events.count == 3 && events.lastEventId == 7 && tracking.count == 3)
        try events.writer.commit()
        try tracking.writer.commit()
        let lines = try String(contentsOfFile: layout.events + "/events-000000000005.ndjson", encoding: .utf8)
        #expect(lines == "{\"n\":5}\n{\"n\":6}\n{\"n\":7}\n")
        let csv = try String(contentsOfFile: layout.tracking + "/tracking-000000000005.csv", encoding: .utf8)
        #expect(csv.components(separatedBy: "\r\n").dropFirst().first?.hasPrefix("C5;g-C5;ppl;home;created;;;") == true)
    }

    @Test("a rollback that took staged events drops both, even if as many events are stored again")
    func rollbackTookEvents() throws {
        let stage = stage(events: 1...3)
        stage.rolledBack(lastEventId: 1)
        #expect(stage.takeEvents(after: 0, storedThrough: 3) == nil)
        #expect(stage.takeTracking(after: 0, storedThrough: 3) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: layout.events).isEmpty, "temp file removed")
    }

    @Test("a rollback that took nothing staged, or whose outcome is unknown")
    func rollbackTookNothing() {
        let kept = stage(events: 1...3)
        kept.rolledBack(lastEventId: 3)
        #expect(kept.takeEvents(after: 0, storedThrough: 3) != nil)
        #expect(kept.takeTracking(after: 0, storedThrough: 3) != nil)
        let unknown = stage(events: 1...3)
        unknown.rolledBack(lastEventId: nil)
        #expect(unknown.takeEvents(after: 0, storedThrough: 3) == nil)
    }

    @Test("an event stored behind the stage's back: events still staged, tracking from the store")
    func laterForeignEvent() {
        let stage = stage(events: 1...3)
        #expect(stage.takeEvents(after: 0, storedThrough: 4)?.lastEventId == 3)
        #expect(stage.takeTracking(after: 0, storedThrough: 4) == nil)
    }

    @Test("a gap in the ids, a cursor elsewhere, an event of no new shipment, shipments out of order")
    func refusals() {
        let gap = stage(events: 1...2)
        let payload: [UInt8] = [0x7B, 0x7D]
        payload.withUnsafeBufferPointer { gap.appended(eventId: 4, shipmentId: 4, payload: $0) }
        #expect(gap.takeEvents(after: 0, storedThrough: 4) == nil)

        #expect(stage(events: 3...4).takeEvents(after: 1, storedThrough: 4) == nil)

        let change = stage(events: 1...2, created: false)
        #expect(change.takeTracking(after: 0, storedThrough: 2) == nil)
        #expect(change.takeEvents(after: 0, storedThrough: 2) != nil)

        // A change to shipment 1 between two new shipments: its line would be stale.
        let between = stage(events: 1...1)
        payload.withUnsafeBufferPointer { between.appended(eventId: 2, shipmentId: 1, payload: $0) }
        payload.withUnsafeBufferPointer { between.appended(eventId: 3, shipmentId: 3, payload: $0) }
        between.created(Self.shipment("C3"), id: 3)
        #expect(between.takeTracking(after: 0, storedThrough: 3) == nil)
        #expect(between.takeEvents(after: 0, storedThrough: 3)?.count == 3)

        let other = ExportStage(layout: layout)
        payload.withUnsafeBufferPointer { other.appended(eventId: 1, shipmentId: 9, payload: $0) }
        other.created(Self.shipment("X"), id: 8)
        #expect(other.takeTracking(after: 0, storedThrough: 1) == nil)
    }
}
