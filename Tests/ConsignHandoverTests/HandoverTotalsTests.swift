import ConsignCore
import Foundation
import Testing

@testable import ConsignHandover

@Suite("Handover totals")
struct HandoverTotalsTests {
    @Test("sums cash on delivery per currency and never adds CZK to EUR")
    func sumsCodPerCurrency() {
        let parcels = [
            Fixtures.parcel("A1", order: "1", cod: Money(1290.5, "CZK")),
            Fixtures.parcel("B1", order: "2", country: "SK", cod: Money(49.9, "EUR")),
            Fixtures.parcel("C1", order: "3", cod: Money(100, "czk")),
            Fixtures.parcel("D1", order: "4", country: "SK", cod: Money(10.1, "EUR")),
            Fixtures.parcel("E1", order: "5"),
        ]

        let totals = HandoverTotals(parcels: parcels)

        #expect(totals.cod == [
            CurrencyTotal(currencyCode: "CZK", count: 2, sum: Money(Decimal(string: "1390.5")!, "CZK")),
            CurrencyTotal(currencyCode: "EUR", count: 2, sum: Money(60, "EUR")),
        ])
        #expect(totals.codShipmentCount == 4)
    }

    @Test("counts shipments once however many pieces they have")
    func countsShipmentsAndPieces() {
        let parcels = [
            Fixtures.parcel("A1", order: "1", weight: 1.25, cod: Money(500, "CZK"), piece: 1, of: 3),
            Fixtures.parcel("A2", order: "1", weight: 2.5, piece: 2, of: 3),
            Fixtures.parcel("A3", order: "1", weight: 0.125, piece: 3, of: 3),
            Fixtures.parcel("B1", order: "2", weight: 4),
        ]

        let totals = HandoverTotals(parcels: parcels)

        #expect(totals.shipmentCount == 2)
        #expect(totals.parcelCount == 4)
        #expect(totals.totalWeight == Decimal(string: "7.875")!)
        #expect(totals.cod == [CurrencyTotal(currencyCode: "CZK", count: 1, sum: Money(500, "CZK"))])
    }

    @Test("groups pieces by shipment GUID when one order has two shipments")
    func groupsByShipmentGuid() {
        var first = Fixtures.parcel("A1", order: "1")
        first.shipmentGuid = "1a3f0c9e-0000-4000-8000-000000000001"
        var second = Fixtures.parcel("A2", order: "1")
        second.shipmentGuid = "1a3f0c9e-0000-4000-8000-000000000002"

        #expect(HandoverTotals(parcels: [first, second]).shipmentCount == 2)
    }

    @Test("keeps declared value per currency, sorted by currency code")
    func declaredValuePerCurrency() {
        let parcels = [
            Fixtures.parcel("A1", order: "1", declaredValue: Money(20, "PLN")),
            Fixtures.parcel("B1", order: "2", declaredValue: Money(3000, "HUF")),
            Fixtures.parcel("C1", order: "3", declaredValue: Money(15, "PLN")),
        ]

        let totals = HandoverTotals(parcels: parcels)

        #expect(totals.declaredValue.map(\.currencyCode) == ["HUF", "PLN"])
        #expect(totals.declaredValue.map(\.sum) == [Money(3000, "HUF"), Money(35, "PLN")])
        #expect(totals.cod.isEmpty)
    }

    @Test("parcels without a weight are counted apart, not added as 0 kg; the CSV leaves their cell empty")
    func parcelsWithoutWeight() throws {
        let batch = Fixtures.batch([
            Fixtures.parcel("T1", order: "1", weight: 2), Fixtures.parcel("T2", order: "2", weight: nil),
            Fixtures.parcel("T3", order: "3", weight: nil),
        ])
        #expect(batch.totals.totalWeight == 2)
        #expect(batch.totals.parcelsWithoutWeight == 2)
        #expect(batch.totals.weightText == "2.000 kg + 2 bez váhy / without weight")
        let csv = String(decoding: HandoverCSVWriter().write(batch), as: UTF8.self)
        #expect(csv.contains(";1 of 1;;"), "\(csv)")
    }

    @Test("an empty batch has zero totals")
    func emptyBatch() {
        let totals = Fixtures.batch([]).totals

        #expect(totals.shipmentCount == 0)
        #expect(totals.parcelCount == 0)
        #expect(totals.totalWeight == 0)
        #expect(totals.cod.isEmpty && totals.declaredValue.isEmpty)
    }
}
