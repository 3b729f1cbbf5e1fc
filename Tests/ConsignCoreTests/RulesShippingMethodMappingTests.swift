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
        ("PPL - doručení do ruky", "ppl", .homeDelivery),
        ("DPD - Balík do ruky", "dpd", .homeDelivery),
        ("Kurýr DPD - doručení do ruky", "dpd", .homeDelivery),
        ("GLS - doručení do ruky", "gls", .homeDelivery),
        ("PPL ParcelShop a ParcelBox", "ppl", .pickupPoint),
        ("PPL výdejní místo / box", "ppl", .pickupPoint),
        ("Zásilkovna (výdejní místo nebo Z-BOX)", "packeta", .pickupPoint),
        ("GLS Parcel Locker", "gls", .pickupPoint),
        ("GLS Csomagautomata", "gls", .pickupPoint),
        ("GLS ShopDelivery", "gls", .pickupPoint),
        ("GLS Box", "gls", .pickupPoint),
        ("DPD Pick-up", "dpd", .pickupPoint),
        ("MPL Csomagautomatába", "mpl", .locker),
        ("MPL PostaPontra", "mpl", .pickupPoint),
        ("Zásielkovňa", "packeta", .pickupPoint),
        ("Zásielkovňa - výdajné miesto", "packeta", .pickupPoint),
        ("Zásielkovňa - doručenie domov", "packeta", .homeDelivery),
        ("Csomagküldő", "packeta", .pickupPoint),
        ("BalíkoBOX", "cpost", .locker),
        ("PostaPont", "mpl", .pickupPoint),
        ("Postán maradó csomag", "mpl", .postOffice),
    ])
    func recognises(name: String, carrier: String, type: ServiceType) {
        let resolved = ShippingMethodMapping.defaults.resolve(name)
        #expect(resolved?.carrierCode == carrier)
        #expect(resolved?.serviceType == type)
    }

    @Test("does not guess unknown names", arguments: [
        "Osobní odběr", "Doprava zdarma", "", "Kurýr", "Slovenská pošta - na poštu",
    ])
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
