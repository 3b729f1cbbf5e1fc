import ConsignCore
import Foundation
import Testing

@Suite("Shipment statuses and their transition table")
struct ShipmentStatusTests {
    @Test("Shoptet's fourteen statuses keep their wire names")
    func wireNames() {
        #expect(ShipmentStatus.allCases.map(\.rawValue) == [
            "requested", "request_failed", "created", "in_transit", "ready_for_pickup", "delivered", "failed",
            "carrier_issue", "back_transit", "returned", "canceled", "cancel_requested", "closed", "deleted",
        ])
    }

    @Test("allowed moves", arguments: [
        (ShipmentStatus.requested, ShipmentStatus.created), (.requested, .requestFailed), (.created, .closed),
        (.created, .cancelRequested), (.cancelRequested, .canceled), (.cancelRequested, .created),
        (.closed, .inTransit), (.inTransit, .delivered), (.inTransit, .readyForPickup), (.readyForPickup, .delivered),
        (.inTransit, .backTransit), (.backTransit, .returned),
    ])
    func allowed(from: ShipmentStatus, to: ShipmentStatus) {
        #expect(from.canMove(to: to))
    }

    @Test("refused moves", arguments: [
        (ShipmentStatus.delivered, ShipmentStatus.inTransit), (.canceled, .created), (.created, .delivered),
        (.requested, .closed), (.returned, .delivered), (.closed, .created), (.inTransit, .canceled),
    ])
    func refused(from: ShipmentStatus, to: ShipmentStatus) {
        #expect(!from.canMove(to: to))
    }

    @Test("an illegal transition is refused with an error and not applied")
    func illegalTransitionIsRefused() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var shipment = Shipment(guid: GUID.make(), orderCode: "1", sender: Address(), recipient: Address(),
                                status: .delivered, carrierCode: "ppl", serviceCode: "x", packages: [],
                                createdAt: now, updatedAt: now)
        #expect(throws: CoreError.self) { try shipment.move(to: .inTransit, at: now) }
        #expect(shipment.status == .delivered)
        #expect(shipment.history.isEmpty)
    }

    @Test("events follow the status: create on created, fail on failures and cancellation, update otherwise")
    func eventTypes() {
        #expect(ShipmentStatus.created.eventType == .create)
        #expect(ShipmentStatus.requestFailed.eventType == .fail)
        #expect(ShipmentStatus.canceled.eventType == .fail)
        #expect(ShipmentStatus.failed.eventType == .fail)
        #expect(ShipmentStatus.inTransit.eventType == .update)
        #expect(ShipmentStatus.cancelRequested.eventType == .update)
    }

    @Test("GUIDs are lower case and validated by shape")
    func guids() {
        let guid = GUID.make()
        #expect(GUID.isValid(guid))
        #expect(guid == guid.lowercased())
        #expect(!GUID.isValid(guid.uppercased()))
        #expect(!GUID.isValid("93bc0dbe-7481-11e8-8216-002590dad85"))
    }
}
