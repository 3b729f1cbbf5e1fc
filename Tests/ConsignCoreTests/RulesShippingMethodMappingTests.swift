import ConsignCore
import Foundation
import Testing

@Suite("Shipping-method names map to carrier and service type")
struct RulesShippingMethodMappingTests {
    @Test("recognises common names", arguments: [
        ("PPL", "ppl", ServiceType.homeDelivery),
        ("ppl doručení na adresu", "ppl", .homeDelivery),
        ("PPL ParcelShop", "ppl", .pickupPoint),
        ("PPL Parcelshop", "ppl", .pickupPoint),
        ("PPL výdejní místo", "ppl", .pickupPoint),
        ("PPL Parcelbox", "ppl", .locker),
        ("Zásilkovna", "packeta", .pickupPoint),
        ("Zásilkovna - výdejní místo", "packeta", .pickupPoint),
        ("ZASILKOVNA", "packeta", .pickupPoint),
        ("Packeta", "packeta", .pickupPoint),
        ("Z-BOX", "packeta", .locker),
        ("Zásilkovna Z-BOX", "packeta", .locker),
        ("Zásilkovna na adresu", "packeta", .homeDelivery),
        ("Packeta Home", "packeta", .homeDelivery),
        ("Česká pošta", "cpost", .homeDelivery),
        ("Česká pošta - Balík Do ruky", "cpost", .homeDelivery),
        ("Balík Do ruky", "cpost", .homeDelivery),
        ("Balík Na poštu", "cpost", .postOffice),
        ("Česká pošta - Balík Na poštu", "cpost", .postOffice),
        ("Balíkovna", "cpost", .pickupPoint),
        ("Balíkovna BOX", "cpost", .locker),
        ("Balíkovna na adresu", "cpost", .homeDelivery),
        ("PPL Smart", "ppl", .pickupPoint),
        ("DPD", "dpd", .homeDelivery),
        ("DPD Private", "dpd", .homeDelivery),
        ("DPD Pickup", "dpd", .pickupPoint),
        ("DPD Express", "dpd", .express),
        ("GLS", "gls", .homeDelivery),
        ("GLS ParcelShop", "gls", .pickupPoint),
        ("MPL házhoz", "mpl", .homeDelivery),
        ("MPL PostaPont", "mpl", .pickupPoint),
        ("MPL csomagautomata", "mpl", .locker),
        ("Magyar Posta", "mpl", .homeDelivery),
        ("Česká pošta - Balík Do Balíkovny", "cpost", .pickupPoint),
        ("Balík Do balíkovny", "cpost", .pickupPoint),
        ("Zásilkovna - doručení kurýrem", "packeta", .homeDelivery),
        ("Packeta - doručenie domov", "packeta", .homeDelivery),
        ("Packeta - házhozszállítás", "packeta", .homeDelivery),
        ("GLS CsomagPont", "gls", .pickupPoint),
        ("MPL Posta Pont", "mpl", .pickupPoint),
    ])
    func recognises(name: String, carrier: String, type: ServiceType) {
        let resolved = ShippingMethodMapping.defaults.resolve(name)
        #expect(resolved?.carrierCode == carrier)
        #expect(resolved?.serviceType == type)
    }

    @Test("does not guess unknown names", arguments: ["Osobní odběr", "Doprava zdarma", "", "Kurýr"])
    func unknown(name: String) {
        #expect(ShippingMethodMapping.defaults.resolve(name) == nil)
    }

    @Test("configured entries win over the built-in rules")
    func entriesWin() {
        let mapping = ShippingMethodMapping(entries: [
            .init(name: "PPL", carrierCode: "dpd", serviceType: .express),
            .init(name: "Osobní odběr Brno", carrierCode: "packeta", serviceType: .pickupPoint),
        ])
        #expect(mapping.resolve("ppl")?.carrierCode == "dpd")
        #expect(mapping.resolve("OSOBNI ODBER BRNO")?.serviceType == .pickupPoint)
        #expect(mapping.resolve("GLS")?.carrierCode == "gls")
        let strict = ShippingMethodMapping(entries: mapping.entries, usesBuiltInRules: false)
        #expect(strict.resolve("GLS") == nil)
    }

    @Test("round-trips through JSON")
    func roundTrips() throws {
        let entry = ShippingMethodMapping.Entry(name: "Kurýr", carrierCode: "gls", serviceType: .homeDelivery)
        let mapping = ShippingMethodMapping(entries: [entry])
        let decoded = try JSONDecoder().decode(ShippingMethodMapping.self, from: JSONEncoder().encode(mapping))
        #expect(decoded == mapping)
        #expect(decoded.resolve("kuryr")?.carrierCode == "gls")
    }
}
