import ConsignCarriers
import ConsignCore
import ConsignEngine
import ConsignStore
import Foundation
import Synchronization
import Testing

/// A carrier network whose API is not a pure function, as a real one: the sandbox's answers,
/// with every registration counted. A test double, because no real carrier is reachable here.
final class CountingCarrierNetwork: CarrierGateway {
    let sandbox = SandboxCarrierNetwork()
    let registrations = Atomic<Int>(0)

    var answersRegistrationsAhead: Bool { false }
    var rendersLabelsOnDemand: Bool { true }

    func register(_ shipment: Shipment, carrier: Carrier, service: CarrierService, at time: Date) -> RegistrationReply {
        registrations.add(1, ordering: .sequentiallyConsistent)
        return sandbox.register(shipment, carrier: carrier, service: service, at: time)
    }

    func label(for shipment: Shipment, carrier: Carrier, service: CarrierService, piece: Int) -> String? {
        sandbox.label(for: shipment, carrier: carrier, service: service, piece: piece)
    }

    func cancellationOutcome(for shipment: ShipmentProgress, now: Date) -> CancellationOutcome? {
        sandbox.cancellationOutcome(for: shipment, now: now)
    }

    func closeOutcome(batchId: Int, carrierCode: String, requestedAt: Date, now: Date) -> CloseOutcome? {
        sandbox.closeOutcome(batchId: batchId, carrierCode: carrierCode, requestedAt: requestedAt, now: now)
    }

    func trackingUpdates(for shipment: ShipmentProgress, since: Date, now: Date) -> [CarrierStatusUpdate] {
        sandbox.trackingUpdates(for: shipment, since: since, now: now)
    }
}

@Suite("Registrations asked ahead only of a carrier network that calls no carrier")
struct AheadTests {
    @Test("the sandbox answers while the order is prepared; the stored shipment is what it answered")
    func sandboxAhead() throws {
        let fixture = try EngineFixture()
        let prepared = fixture.engine.preparer.prepare(EngineFixture.order("2024000501"))
        let result = try fixture.engine.store.transaction {
            try fixture.engine.commit(prepared, sourceFile: "a.csv")
        }
        guard case .registered(let record) = result else { Issue.record("not registered: \(result)"); return }
        let stored = try fixture.engine.shipment(guid: record.shipment.guid).shipment
        #expect(stored.status == .created)
        #expect(stored.packages.map(\.trackingNumber) == record.shipment.packages.map(\.trackingNumber))
        #expect(stored.history.map(\.toStatus) == [.requested, .created])
        #expect(try fixture.events().map(\.event) == [.create])
    }

    @Test("a carrier that is not a pure function is asked once per new shipment, never for a duplicate")
    func realCarrierNotAskedForDuplicates() throws {
        let network = CountingCarrierNetwork()
        let fixture = try EngineFixture(gateway: network)
        let order = EngineFixture.order("2024000502")
        let first = fixture.engine.preparer.prepare(order)
        let again = fixture.engine.preparer.prepare(order)
        #expect(network.registrations.load(ordering: .sequentiallyConsistent) == 0)

        let results = try fixture.engine.store.transaction {
            [
                try fixture.engine.commit(first, sourceFile: "a.csv"),
                try fixture.engine.commit(again, sourceFile: "b.csv"),
            ]
        }
        guard case .registered = results[0], case .duplicate = results[1] else {
            Issue.record("expected registered then duplicate: \(results)")
            return
        }
        #expect(network.registrations.load(ordering: .sequentiallyConsistent) == 1)
    }
}
