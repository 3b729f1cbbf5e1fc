import ConsignCore
import Foundation
import Testing

@Suite("Shipping options: every service with eligibility and every reason")
struct EligibilityTests {
    static let service = CarrierService(
        code: "ppl-private", type: .homeDelivery, countries: ["CZ", "SK"], maxWeight: Decimal(string: "31.5")!,
        maxLongestSide: 120, maxGirth: 300, codMaximum: ["CZK": 100_000, "EUR": 4000])
    static let pickup = CarrierService(code: "ppl-shop", type: .pickupPoint, countries: ["CZ"], maxWeight: 20)
    static let catalogue = CarrierCatalogue(carriers: [
        Carrier(
            id: 1, code: "ppl", name: "PPL", trackingUrlTemplate: "https://t/{trackingNumber}",
            services: [service, pickup])
    ])

    func draft(
        country: String = "CZ", weight: String = "2", sides: (Decimal, Decimal, Decimal)? = nil,
        cod: Money? = nil, pickupPoint: String? = nil
    ) -> ShipmentDraft {
        ShipmentDraft(
            orderCode: "1", recipient: Address(countryCode: country), pickupPointId: pickupPoint, cod: cod,
            packages: [
                Package(
                    width: sides?.0, height: sides?.1, depth: sides?.2,
                    weight: Decimal(string: weight))
            ])
    }

    @Test("an order within every limit is eligible")
    func eligible() {
        #expect(Eligibility.reasons(draft(), Self.service).isEmpty)
    }

    @Test("weight over the limit names both figures")
    func overweight() throws {
        let reasons = Eligibility.reasons(draft(weight: "32.5"), Self.service)
        let reason = try #require(reasons.first)
        #expect(reason.code == .overweight)
        #expect(reason.message == "weight 32.5 kg over 31.5 kg")
        #expect(reason.instance == "packages[0].weight")
    }

    @Test("every reason is listed, not just the first")
    func everyReason() {
        let reasons = Eligibility.reasons(
            draft(country: "HU", weight: "40", sides: (130, 60, 50), cod: Money(200_000, "CZK")), Self.service)
        #expect(
            Set(reasons.map(\.code)) == [
                .countryNotServed, .overweight, .longestSideOverLimit, .girthOverLimit,
                .codCurrencyNotAccepted,
            ])
        #expect(Eligibility.reasons(draft(cod: Money(200_000, "CZK")), Self.service).map(\.code) == [.codOverMaximum])
    }

    @Test("a COD is collected in the destination's currency: CZK to Czechia, not EUR")
    func codInLocalCurrency() {
        let reasons = Eligibility.reasons(draft(cod: Money(45, "EUR")), Self.service)
        #expect(reasons.map(\.message) == ["COD in EUR is not collected in CZ, where carriers collect CZK"])
        #expect(reasons.map(\.instance) == ["cod.currencyCode"])
    }

    @Test("size reasons name the measure exactly, decimals included; a measure at the limit passes")
    func sizeMessages() throws {
        let sides = (Decimal(string: "120.5")!, Decimal(string: "60.25")!, Decimal(10))
        let reasons = Eligibility.reasons(draft(sides: sides), Self.service)
        #expect(reasons.map(\.message) == ["longest side 120.5 cm over 120 cm"])
        #expect(reasons.map(\.instance) == ["packages[0].dimensions"])
        let girth = Eligibility.reasons(draft(sides: (100, Decimal(string: "50.0005")!, 50)), Self.service)
        #expect(girth.map(\.message) == ["length + girth 300.001 cm over 300 cm"])
        #expect(Eligibility.reasons(draft(sides: (120, 45, 45)), Self.service).isEmpty)
        #expect(Eligibility.reasons(draft(weight: "31.5", sides: (100, 50, 50)), Self.service).isEmpty)
    }

    @Test("sides given in part are measured as they are: one 500 cm side is over the limit, two fitting ones pass")
    func partialSides() {
        func parcel(_ width: Decimal?, _ height: Decimal?, _ depth: Decimal?) -> ShipmentDraft {
            ShipmentDraft(orderCode: "1", recipient: Address(countryCode: "CZ"),
                          packages: [Package(width: width, height: height, depth: depth, weight: 2)])
        }
        #expect(Eligibility.reasons(parcel(500, nil, nil), Self.service).map(\.message)
            == ["longest side 500 cm over 120 cm", "length + girth 500 cm over 300 cm"])
        #expect(Eligibility.reasons(parcel(nil, 200, 10), Self.service).map(\.code).contains(.longestSideOverLimit))
        #expect(Eligibility.reasons(parcel(nil, 110, 100), Self.service).map(\.code) == [.girthOverLimit])
        #expect(Eligibility.reasons(parcel(100, nil, 50), Self.service).isEmpty)
    }

    @Test("COD in a currency the service does not take, and COD where none is supported")
    func codReasons() {
        #expect(
            Eligibility.reasons(draft(cod: Money(100, "HUF")), Self.service).map(\.code) == [.codCurrencyNotAccepted])
        #expect(
            Eligibility.reasons(draft(cod: Money(100, "CZK"), pickupPoint: "KM1"), Self.pickup).map(\.code)
                == [.codNotSupported])
    }

    @Test("a pickup-point service without a pickup point is not eligible")
    func pickupPointMissing() {
        #expect(Eligibility.reasons(draft(), Self.pickup).map(\.code) == [.pickupPointMissing])
    }

    @Test("options list every service of every carrier")
    func options() {
        let options = Eligibility.options(for: draft(), in: Self.catalogue)
        #expect(options.map(\.serviceCode) == ["ppl-private", "ppl-shop"])
        #expect(options.map(\.isEligible) == [true, false])
    }
}
