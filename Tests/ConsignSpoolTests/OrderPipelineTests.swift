import ConsignCarriers
import ConsignCore
import ConsignFormats
import ConsignStore
import ConsignSupport
import Foundation
import Synchronization
import Testing

@testable import ConsignEngine
@testable import ConsignSpool

/// The pipeline that prepares a file's orders on a second thread must hand them over exactly as
/// a plain loop over the reader would: all of them, in order, a read error at its place, and no
/// use of the reader once the caller has finished with it.
@Suite("Orders prepared on a second thread come out as a sequential read gives them")
struct OrderPipelineTests {
    /// An in-memory reader of generated orders. A test double of the file readers on purpose:
    /// the pipeline's job is threads and order, and the real readers have their own tests.
    final class GeneratedReader: OrderReader, @unchecked Sendable {
        let dialect = FileDialect(format: .consignCSV, encoding: .utf8, encodingEvidence: .validUTF8)
        let total: Int
        let failAt: Int?
        let calls = Atomic<Int>(0)

        init(total: Int, failAt: Int? = nil) {
            self.total = total
            self.failAt = failAt
        }

        func next() throws(FormatError) -> OrderRecord? {
            let index = calls.add(1, ordering: .sequentiallyConsistent).oldValue
            if index == failAt {
                throw FormatError(.malformed, file: "generated.csv", location: SourceLocation(line: index + 2),
                                  "broken row")
            }
            guard index < total else { return nil }
            var order = OrderRecord(orderCode: "G\(index)", location: SourceLocation(line: index + 2))
            order.shippingMethod = index % 2 == 0 ? "PPL" : "no such carrier"
            order.recipient = RawAddress(name: "N", street: "S 1", city: "Praha", zip: "110 00",
                                         country: "CZ", phone: "601123456")
            order.weight = 1
            return order
        }
    }

    static func preparer() throws -> OrderPreparer {
        let folder = NSTemporaryDirectory() + "consign-pipeline-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let engine = ShipmentEngine(
            store: try Store(path: folder + "/consign.sqlite"), catalogue: try CatalogueLoader.bundled(),
            gateway: SandboxCarrierNetwork(), clock: SystemClock(),
            settings: EngineSettings(
                sender: Address(name: "Sender", street: "Ulice 1", city: "Praha", zip: "110 00", countryCode: "CZ"),
                shippingMethods: .defaults),
            logger: Logger(label: "test", minimumLevel: .error, sink: MemorySink()))
        return engine.preparer
    }

    func drain(_ pipeline: OrderPipeline) throws -> [String] {
        var codes: [String] = []
        while let prepared = try pipeline.next() { codes.append(prepared.order.orderCode) }
        return codes
    }

    @Test("every order, in file order, across many hand-offs", arguments: [0, 1, 63, 64, 65, 5_000])
    func allInOrder(total: Int) throws {
        let pipeline = OrderPipeline(reader: GeneratedReader(total: total), preparer: try Self.preparer())
        pipeline.start()
        defer { pipeline.finish() }
        #expect(try drain(pipeline) == (0..<total).map { "G\($0)" })
        #expect(try pipeline.next() == nil)
    }

    @Test("a read error comes after the orders before it, not before and not lost", arguments: [0, 5, 700])
    func errorAtItsPlace(failAt: Int) throws {
        let pipeline = OrderPipeline(reader: GeneratedReader(total: 1_000, failAt: failAt),
                                     preparer: try Self.preparer())
        pipeline.start()
        defer { pipeline.finish() }
        var codes: [String] = []
        let error = #expect(throws: FormatError.self) {
            while let prepared = try pipeline.next() { codes.append(prepared.order.orderCode) }
        }
        #expect(codes == (0..<failAt).map { "G\($0)" })
        #expect(error?.location?.line == failAt + 2)
    }

    @Test("valid orders are registered ahead with the sandbox, invalid ones carry their problems")
    func preparedAhead() throws {
        let pipeline = OrderPipeline(reader: GeneratedReader(total: 4), preparer: try Self.preparer())
        pipeline.start()
        defer { pipeline.finish() }
        var prepared: [PreparedOrder] = []
        while let next = try pipeline.next() { prepared.append(next) }
        #expect(prepared.map { $0.submission != nil } == [true, false, true, false])
        #expect(prepared.map(\.problems.isEmpty) == [true, false, true, false])
    }

    @Test("a slow caller leaves the preparing to the reading thread: the same orders in order, the error last")
    func slowCaller() throws {
        let pipeline = OrderPipeline(reader: GeneratedReader(total: 2_000, failAt: 1_990),
                                     preparer: try Self.preparer())
        pipeline.start()
        defer { pipeline.finish() }
        var prepared: [PreparedOrder] = []
        let error = #expect(throws: FormatError.self) {
            while let next = try pipeline.next() {
                prepared.append(next)
                if prepared.count % 50 == 0 { Thread.sleep(forTimeInterval: 0.002) }
            }
        }
        #expect(prepared.map(\.order.orderCode) == (0..<1_990).map { "G\($0)" })
        #expect(prepared.map { $0.submission != nil } == (0..<1_990).map { $0 % 2 == 0 })
        #expect(error?.location?.line == 1_992)
    }

    @Test("a caller that stops early stops the reading thread; the reader is not used afterwards")
    func stopEarly() throws {
        let reader = GeneratedReader(total: 1_000_000)
        let pipeline = OrderPipeline(reader: reader, preparer: try Self.preparer())
        pipeline.start()
        #expect(try pipeline.next()?.order.orderCode == "G0")
        pipeline.finish()
        let calls = reader.calls.load(ordering: .sequentiallyConsistent)
        // Read ahead is bounded: at most the chunks waiting plus the one being filled.
        #expect(calls <= OrderPipeline.chunkSize * (OrderPipeline.chunksAhead + 2))
        Thread.sleep(forTimeInterval: 0.05)
        #expect(reader.calls.load(ordering: .sequentiallyConsistent) == calls)
    }
}
