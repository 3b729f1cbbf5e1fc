import ConsignCarriers
import ConsignCore
import ConsignEngine
import ConsignStore
import ConsignSupport
import Foundation
import Synchronization

/// A clock the test moves by hand.
final class ManualClock: Clock {
    private let instant: Mutex<Date>

    init(_ start: Date) { instant = Mutex(start) }

    func now() -> Date { instant.withLock { $0 } }

    func advance(by seconds: TimeInterval) { instant.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// An engine over a real SQLite file in a fresh temp folder, the bundled catalogue and the sandbox network.
struct EngineFixture {
    let folder: String
    let clock = ManualClock(Date(timeIntervalSince1970: 1_796_371_200))  // 2026-12-04T08:00:00Z
    let engine: ShipmentEngine

    init(gateway: any CarrierGateway = SandboxCarrierNetwork()) throws {
        folder = NSTemporaryDirectory() + "consign-engine-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let store = try Store(path: folder + "/consign.sqlite")
        engine = ShipmentEngine(
            store: store, catalogue: try CatalogueLoader.bundled(), gateway: gateway, clock: clock,
            settings: EngineSettings(
                sender: Address(
                    name: "Sender", company: "Shop", street: "Ulice 1", city: "Praha",
                    zip: "110 00", countryCode: "CZ", phone: "+420601000000"),
                shippingMethods: .defaults),
            logger: Logger(label: "test", minimumLevel: .error, sink: MemorySink()))
    }

    /// A valid Czech home-delivery order for PPL.
    static func order(
        _ code: String, method: String = "PPL", zip: String = "110 00", cod: String? = nil,
        pickupPoint: String? = nil, weight: String = "2.5"
    ) -> OrderRecord {
        var order = OrderRecord(orderCode: code, location: SourceLocation(line: 2))
        order.recipient = RawAddress(
            name: "Jana Nováková", street: "Dlouhá 12", city: "Praha 1", zip: zip,
            country: "Česká republika", phone: "601 123 456", email: "jana@example.cz")
        order.shippingMethod = method
        order.pickupPointId = pickupPoint
        order.weight = Decimal(string: weight)
        if let cod {
            order.isCashOnDelivery = true
            order.codAmount = Decimal(string: cod)
            order.currency = "CZK"
        }
        return order
    }

    /// Registers one order as if it came from its own file (`sourceFile` names one to test repeats in a file).
    func register(
        _ order: OrderRecord, sourceFile: String = "file-\(UUID().uuidString).csv"
    ) throws -> RegistrationResult {
        try engine.store.transaction { try engine.register(order, sourceFile: sourceFile) }
    }

    func events() throws -> [ShipmentEvent] {
        try engine.store.events(after: 0, limit: 1000).map(\.event)
    }
}
