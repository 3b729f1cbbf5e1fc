import ConsignCore
import Foundation
import Testing

@testable import ConsignHandover

@Suite("Handover rows from shipments")
struct HandoverParcelTests {
    private func shipment(packages: [Package]) -> Shipment {
        Shipment(
            guid: "0d6f3c1e-8a51-4b7e-9a57-3f0c2d1e4b21", orderCode: "2026000123",
            sender: Address(company: "Žluťoučký kůň s.r.o."),
            recipient: Address(name: "Ľudmila Nováková", company: "Kvetinárstvo Ruža", city: "Košice",
                               zip: "040 01", countryCode: "SK"),
            status: .created, carrierCode: "ppl", serviceCode: "ppl-home-delivery",
            cod: Money(Decimal(string: "89.9")!, "EUR"), value: Money(120, "EUR"), variableSymbol: "2026000123",
            packages: packages, createdAt: Fixtures.acknowledgedAt, updatedAt: Fixtures.acknowledgedAt)
    }

    @Test("makes one row per package with n of m, and money on the first piece only")
    func rowsPerPackage() {
        let packages = [
            Package(weight: Decimal(string: "2.5")!, trackingNumber: "40990000001"),
            Package(weight: 1, trackingNumber: "40990000002"),
            Package(trackingNumber: "40990000003"),
        ]

        let rows = HandoverParcel.rows(of: shipment(packages: packages), serviceName: "PPL Parcel SK")

        #expect(rows.map(\.trackingNumber) == ["40990000001", "40990000002", "40990000003"])
        #expect(rows.map(\.piecesText) == ["1 of 3", "2 of 3", "3 of 3"])
        #expect(rows.map(\.cod) == [Money(Decimal(string: "89.9")!, "EUR"), nil, nil])
        #expect(rows.map(\.declaredValue) == [Money(120, "EUR"), nil, nil])
        #expect(rows.map(\.weight) == [Decimal(string: "2.5")!, 1, nil])
        #expect(rows.allSatisfy { $0.recipientName == "Kvetinárstvo Ruža, Ľudmila Nováková" })
        #expect(rows.allSatisfy { $0.shipmentKey == "0d6f3c1e-8a51-4b7e-9a57-3f0c2d1e4b21" })
    }

    @Test("a shipment of three packages counts as one shipment with one COD in the totals")
    func totalsOfMultiPieceShipment() {
        let packages = (1...3).map { Package(weight: 1, trackingNumber: "T\($0)") }

        let totals = HandoverTotals(parcels: HandoverParcel.rows(of: shipment(packages: packages)))

        #expect(totals.shipmentCount == 1)
        #expect(totals.parcelCount == 3)
        let cod = Money(Decimal(string: "89.9")!, "EUR")
        #expect(totals.cod == [CurrencyTotal(currencyCode: "EUR", count: 1, sum: cod)])
    }
}
