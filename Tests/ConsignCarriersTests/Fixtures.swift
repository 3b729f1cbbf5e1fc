import ConsignCarriers
import ConsignCore
import Foundation

/// Shipments and instants shared by the carrier tests.
enum Fixtures {
    /// 2026-12-04 08:00:00 UTC.
    static let morning = Date(timeIntervalSince1970: 1_796_371_200)

    /// A pickup point id of the right shape per carrier.
    static let pickupPointIds = [
        "cpost": "11000", "ppl": "KM12345678", "packeta": "4321", "dpd": "CZ12345", "gls": "CZ1234ABC",
        "mpl": "PP1234",
    ]

    /// The bundled catalogue; the tests that use it fail if it cannot be loaded.
    static func catalogue() throws -> CarrierCatalogue { try CatalogueLoader.bundled() }

    /// A shipment for `carrier`/`service` with `packageCount` parcels and an optional COD.
    static func shipment(guid: String = "3f2a9c1e-0b7d-4e21-9a55-6c8e2d1f4b30", carrier: Carrier,
                         service: CarrierService, packageCount: Int = 1, cod: Money? = nil,
                         zip: String = "110 00") -> Shipment {
        let country = service.countries.first ?? "CZ"
        let recipient = Address(name: "Jana Nováková", street: "Dlouhá 12", city: "Praha", zip: zip,
                                countryCode: country, phone: "+420601123456", email: "jana@example.cz")
        let packages = (0..<packageCount).map { _ in Package(width: 20, height: 10, depth: 30, weight: 1.5) }
        return Shipment(
            guid: guid, orderCode: "2026000123", sender: Address(name: "E-shop s.r.o."), recipient: recipient,
            status: .requested, carrierCode: carrier.code, serviceCode: service.code,
            pickupPointId: service.type.needsPickupPoint ? pickupPointIds[carrier.code] : nil, cod: cod,
            packages: packages, createdAt: morning, updatedAt: morning)
    }

    /// A lower-case GUID-shaped string numbered `index`, for scanning hash-dependent behaviour.
    static func guid(_ index: Int) -> String {
        let tail = String(index)
        return "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - tail.count) + tail
    }
}
