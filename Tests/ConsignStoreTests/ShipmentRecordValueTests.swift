import ConsignCore
import Foundation
import Testing

import ConsignStore

/// `ShipmentRecord` shares its shipment between copies until one of them changes it: each copy
/// must still behave as a value of its own.
@Suite("A shipment record copied and changed stays a value")
struct ShipmentRecordValueTests {
    func record() -> ShipmentRecord {
        let time = Date(timeIntervalSince1970: 1_790_000_000)
        let shipment = Shipment(
            guid: GUID.make(), orderCode: "V-1", sender: Address(name: "Obchod"),
            recipient: Address(name: "Jana", countryCode: "CZ"), status: .requested, carrierCode: "ppl",
            serviceCode: "ppl-home", packages: [Package(weight: 1)],
            history: [HistoryEntry(fromStatus: nil, toStatus: .requested, realDatetime: time)],
            createdAt: time, updatedAt: time)
        return ShipmentRecord(shipment: shipment, serviceType: .homeDelivery, sourceFile: "a.csv#1")
    }

    @Test("a change through one copy leaves the other as it was")
    func copiesAreIndependent() throws {
        let original = record()
        var changed = original
        changed.shipment.packages[0].trackingNumber = "T1"
        try changed.shipment.move(to: .created, at: Date(timeIntervalSince1970: 1_790_000_060))

        #expect(original.shipment.status == .requested)
        #expect(original.shipment.packages[0].trackingNumber == nil)
        #expect(original.shipment.history.count == 1)
        #expect(changed.shipment.status == .created)
        #expect(changed.shipment.packages[0].trackingNumber == "T1")
        #expect(changed != original)
    }

    @Test("equal records compare and hash alike, whether they share their shipment or not")
    func equalityFollowsTheShipment() {
        let first = record()
        let shared = first
        var rebuilt = ShipmentRecord(shipment: first.shipment, serviceType: .homeDelivery, sourceFile: "a.csv#1")
        #expect(shared == first)
        #expect(rebuilt == first)
        #expect(Set([first, shared, rebuilt]).count == 1)

        rebuilt.shipment.note = "changed"
        #expect(rebuilt != first)
        #expect(first.shipment.note == nil)
    }
}
