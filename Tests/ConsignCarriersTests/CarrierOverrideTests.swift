import ConsignCarriers
import ConsignCore
import Foundation
import Testing

@Suite("Contract overrides change the catalogue")
struct CarrierOverrideTests {
    @Test("an override without a service changes every service of the carrier")
    func carrierWide() throws {
        let catalogue = try Fixtures.catalogue()
        let override = CarrierOverride(carrierCode: "PPL", maxWeight: 25, countries: ["cz", "sk"])
        let changed = CatalogueLoader.apply([override], to: catalogue)
        let ppl = try #require(changed.carrier("ppl"))
        #expect(ppl.services.allSatisfy { $0.maxWeight == 25 && $0.countries == ["CZ", "SK"] })
        #expect(changed.carrier("dpd") == catalogue.carrier("dpd"))
    }

    @Test("an override by service code or type changes only those services")
    func byServiceCodeOrType() throws {
        let catalogue = try Fixtures.catalogue()
        let changed = CatalogueLoader.apply([
            CarrierOverride(carrierCode: "packeta", serviceCode: "packeta-zbox", maxLongestSide: 45),
            CarrierOverride(carrierCode: "110", serviceType: .pickupPoint, maxSideSum: 150, maxGirth: 250),
        ], to: catalogue)
        let packeta = try #require(changed.carrier("packeta"))
        #expect(packeta.service(ofType: .locker)?.maxLongestSide == 45)
        #expect(packeta.service(ofType: .pickupPoint)?.maxLongestSide == 120)
        let ppl = try #require(changed.carrier("ppl"))
        #expect(ppl.service(ofType: .pickupPoint)?.maxSideSum == 150)
        #expect(ppl.service(ofType: .pickupPoint)?.maxGirth == 250)
        #expect(ppl.service(ofType: .homeDelivery)?.maxGirth == 300)
    }

    @Test("COD maxima merge per currency and 0 removes a currency")
    func mergesCod() throws {
        let changed = CatalogueLoader.apply(
            [CarrierOverride(carrierCode: "gls", serviceType: .homeDelivery, codMaximum: ["eur": 2655.51, "RON": 0])],
            to: try Fixtures.catalogue())
        let service = try #require(changed.carrier("gls")?.service(ofType: .homeDelivery))
        #expect(service.codMaximum == ["CZK": 60000, "EUR": Decimal(string: "2655.51")!, "HUF": 499995])
    }

    @Test("a tracking URL template replaces the carrier's")
    func replacesTemplate() throws {
        let changed = CatalogueLoader.apply(
            [CarrierOverride(carrierCode: "dpd", trackingUrlTemplate: "https://dpd.example/{trackingNumber}")],
            to: try Fixtures.catalogue())
        #expect(changed.carrier("dpd")?.trackingUrl(for: "123") == "https://dpd.example/123")
    }

    @Test("every placeholder of a template is replaced, wherever it stands; text around is kept",
          arguments: [
            ("https://t.example/{trackingNumber}", "https://t.example/AB12"),
            ("{trackingNumber}", "AB12"),
            ("{trackingNumber}/x?n={trackingNumber}&č=1", "AB12/x?n=AB12&č=1"),
            ("https://t.example/{tracking}{trackingNumber", "https://t.example/{tracking}{trackingNumber"),
            ("", ""),
          ])
    func placeholders(template: String, expected: String) throws {
        let changed = CatalogueLoader.apply(
            [CarrierOverride(carrierCode: "dpd", trackingUrlTemplate: template)], to: try Fixtures.catalogue())
        #expect(changed.carrier("dpd")?.trackingUrl(for: "AB12") == expected)
    }

    @Test("overrides naming nothing known change nothing and are reported")
    func reportsUnmatched() throws {
        let catalogue = try Fixtures.catalogue()
        let overrides = [
            CarrierOverride(carrierCode: "fedex", maxWeight: 1),
            CarrierOverride(carrierCode: "gls", serviceType: .locker, maxWeight: 1),
            CarrierOverride(carrierCode: "gls", maxWeight: 30),
        ]
        let changed = CatalogueLoader.apply(Array(overrides.prefix(2)), to: catalogue)
        #expect(changed.carriers == catalogue.carriers)
        #expect(CatalogueLoader.unmatched(overrides, in: catalogue) == Array(overrides.prefix(2)))
    }

    @Test("keeps the lower maximum when a currency is written twice")
    func duplicateCurrency() throws {
        let json = #"{"carrierCode": "ppl", "codMaximum": {"czk": 5000, "CZK": "4000"}}"#
        let override = try JSONDecoder().decode(CarrierOverride.self, from: Data(json.utf8))
        #expect(override.codMaximum == ["CZK": 4000])
    }

    @Test("decodes from config JSON with numbers or strings")
    func decodesFromJSON() throws {
        let json = #"""
            {"carrierCode": "ppl", "serviceType": "home_delivery", "maxWeight": "31.5", "maxGirth": 280,
             "codMaximum": {"czk": "5000"}}
            """#
        let override = try JSONDecoder().decode(CarrierOverride.self, from: Data(json.utf8))
        let expected = CarrierOverride(carrierCode: "ppl", serviceType: .homeDelivery,
                                       maxWeight: Decimal(string: "31.5"), maxGirth: 280, codMaximum: ["CZK": 5000])
        #expect(override == expected)
        let again = try JSONDecoder().decode(CarrierOverride.self, from: JSONEncoder().encode(override))
        #expect(again == override)
    }
}
