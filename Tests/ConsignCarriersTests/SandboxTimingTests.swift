import ConsignCarriers
import ConsignCore
import Foundation
import Testing

@Suite("The sandbox carrier network answers on its schedule")
struct SandboxTimingTests {
    let network = SandboxCarrierNetwork()
    let start = Fixtures.morning
    let minute: TimeInterval = 60
    let hour: TimeInterval = 3600

    func progress(guid: String = Fixtures.guid(1), type: ServiceType = .homeDelivery, status: ShipmentStatus,
                  cancelRequestedAt: Date? = nil, handedOverAt: Date? = nil) -> ShipmentProgress {
        ShipmentProgress(guid: guid, carrierCode: "ppl", serviceType: type, status: status,
                         cancelRequestedAt: cancelRequestedAt, handedOverAt: handedOverAt)
    }

    // MARK: Cancellation

    @Test("keeps a cancellation pending for 15 minutes, then confirms it")
    func confirmsCancellation() {
        let shipment = progress(status: .cancelRequested, cancelRequestedAt: start)
        #expect(network.cancellationOutcome(for: shipment, now: start) == nil)
        #expect(network.cancellationOutcome(for: shipment, now: start + 15 * minute - 1) == nil)
        #expect(network.cancellationOutcome(for: shipment, now: start + 15 * minute)
                == .confirmed(at: start + 15 * minute))
        #expect(network.cancellationOutcome(for: shipment, now: start + 5 * hour)
                == .confirmed(at: start + 15 * minute))
    }

    @Test("refuses a cancellation when the handover came first or within the 15 minutes",
          arguments: [-3600.0, 0.0, 900.0] as [TimeInterval])
    func refusesAfterHandover(handoverOffset: TimeInterval) {
        let shipment = progress(status: .cancelRequested, cancelRequestedAt: start,
                                handedOverAt: start + handoverOffset)
        #expect(network.cancellationOutcome(for: shipment, now: start + 15 * minute)
                == .refused(at: start + 15 * minute, reason: "already handed over to the carrier"))
    }

    @Test("confirms a cancellation when the handover came after the answer")
    func confirmsBeforeLateHandover() {
        let shipment = progress(status: .cancelRequested, cancelRequestedAt: start,
                                handedOverAt: start + 15 * minute + 1)
        #expect(network.cancellationOutcome(for: shipment, now: start + hour) == .confirmed(at: start + 15 * minute))
    }

    @Test("has no outcome without a cancellation request")
    func noRequestNoOutcome() {
        #expect(network.cancellationOutcome(for: progress(status: .created), now: start + hour) == nil)
    }

    // MARK: Close

    @Test("acknowledges a close 10 minutes after the request with a protocol number")
    func acknowledgesClose() {
        let requested = start + 3 * hour + 25 * minute
        #expect(network.closeOutcome(batchId: 123, carrierCode: "ppl", requestedAt: requested,
                                     now: requested + 10 * minute - 1) == nil)
        #expect(network.closeOutcome(batchId: 123, carrierCode: "ppl", requestedAt: requested,
                                     now: requested + 2 * hour)
                == .acknowledged(at: requested + 10 * minute, protocolNumber: "PPL-20261204-000123"))
    }

    @Test("uses the request's UTC date and the batch id in the protocol number", arguments: [
        (1, "cpost", 15.99, "CPOST-20261204-000001"),
        (1_234_567, "packeta", 16.0, "PACKETA-20261205-1234567"),
    ])
    func protocolNumbers(batch: Int, carrier: String, hoursAfter: Double, expected: String) {
        #expect(SandboxCarrierNetwork.protocolNumber(batchId: batch, carrierCode: carrier,
                                                     requestedAt: start + hoursAfter * hour) == expected)
    }

    // MARK: Tracking

    /// The first GUIDs (by index) that do and do not take the return path.
    static let returning = (0..<1000).map(Fixtures.guid).first(where: SandboxCarrierNetwork.takesReturnPath)!
    static let delivering = (0..<1000).map(Fixtures.guid).first { !SandboxCarrierNetwork.takesReturnPath(guid: $0) }!

    @Test("sends about 1 in 20 shipments back")
    func returnShare() {
        let returning = (0..<2000).map(Fixtures.guid).filter(SandboxCarrierNetwork.takesReturnPath).count
        #expect((50...150).contains(returning))
    }

    @Test("reports nothing before the handover")
    func nothingBeforeHandover() {
        #expect(network.trackingUpdates(for: progress(status: .created), since: start, now: start + 100 * hour) == [])
    }

    @Test("delivers home delivery 20 hours after the handover")
    func homeDeliverySchedule() {
        let shipment = progress(guid: Self.delivering, status: .closed, handedOverAt: start)
        let updates = network.trackingUpdates(for: shipment, since: start, now: start + 100 * hour)
        #expect(updates.map(\.status) == [.inTransit, .delivered])
        #expect(updates.map(\.providerDatetime) == [start + 2 * hour, start + 20 * hour])
        #expect(updates.first?.note == "Shipment left the depot")
    }

    @Test("makes pickup, locker and post office parcels ready for pickup, then delivered",
          arguments: [ServiceType.pickupPoint, .locker, .postOffice])
    func pickupSchedule(type: ServiceType) {
        let shipment = progress(guid: Self.delivering, type: type, status: .closed, handedOverAt: start)
        let updates = network.trackingUpdates(for: shipment, since: start, now: start + 100 * hour)
        #expect(updates.map(\.status) == [.inTransit, .readyForPickup, .delivered])
        #expect(updates.map(\.providerDatetime) == [start + 2 * hour, start + 20 * hour, start + 44 * hour])
    }

    @Test("sends returning shipments back after 30 hours and home after 60")
    func returnSchedule() {
        let shipment = progress(guid: Self.returning, status: .closed, handedOverAt: start)
        let updates = network.trackingUpdates(for: shipment, since: start, now: start + 100 * hour)
        #expect(updates.map(\.status) == [.inTransit, .backTransit, .returned])
        #expect(updates.map(\.providerDatetime) == [start + 2 * hour, start + 30 * hour, start + 60 * hour])
    }

    @Test("reports only the window (since, now]")
    func reportsWindow() {
        let shipment = progress(guid: Self.delivering, type: .pickupPoint, status: .closed, handedOverAt: start)
        #expect(network.trackingUpdates(for: shipment, since: start, now: start + 2 * hour - 1) == [])
        let first = network.trackingUpdates(for: shipment, since: start, now: start + 2 * hour)
        #expect(first.map(\.status) == [.inTransit])
        let moved = progress(guid: Self.delivering, type: .pickupPoint, status: .inTransit, handedOverAt: start)
        #expect(network.trackingUpdates(for: moved, since: start + 2 * hour, now: start + 20 * hour).map(\.status)
                == [.readyForPickup])
    }

    @Test("never reports a step the shipment has passed", arguments: [
        (ShipmentStatus.readyForPickup, [ShipmentStatus.delivered]),
        (.delivered, []),
        (.inTransit, [.readyForPickup, .delivered]),
        (.canceled, []),
        (.created, []),
    ])
    func neverRegresses(status: ShipmentStatus, expected: [ShipmentStatus]) {
        let shipment = progress(guid: Self.delivering, type: .locker, status: status, handedOverAt: start)
        #expect(network.trackingUpdates(for: shipment, since: start, now: start + 100 * hour).map(\.status) == expected)
    }

    @Test("repeats the same schedule for the same shipment")
    func deterministicSchedule() {
        let shipment = progress(guid: Self.returning, type: .pickupPoint, status: .closed, handedOverAt: start)
        #expect(SandboxCarrierNetwork.schedule(for: shipment) == SandboxCarrierNetwork().trackingUpdates(
            for: shipment, since: .distantPast, now: .distantFuture))
        #expect(SandboxCarrierNetwork.schedule(for: shipment).map(\.status)
                == [.inTransit, .readyForPickup, .backTransit, .returned])
    }
}
