import ConsignCore
import Foundation

/// The JSON shape of one carrier in `carriers.json`; limits may be numbers or strings.
struct CarrierRecord: Decodable {
    let id: Int
    let code: String
    let name: String
    let trackingUrlTemplate: String
    let descriptions: LocalizedText?
    let services: [ServiceRecord]

    /// The catalogue carrier.
    var carrier: Carrier {
        Carrier(id: id, code: code.lowercased(), name: name, trackingUrlTemplate: trackingUrlTemplate,
                descriptions: descriptions ?? [:], services: services.map(\.service))
    }
}

/// The JSON shape of one service in `carriers.json`.
struct ServiceRecord: Decodable {
    let code: String
    let type: ServiceType
    let countries: [String]
    let maxWeight: FlexibleDecimal
    let maxLongestSide: FlexibleDecimal?
    let maxSideSum: FlexibleDecimal?
    let maxGirth: FlexibleDecimal?
    let codMaximum: [String: FlexibleDecimal]?
    let requiresPhone: Bool?
    let requiresEmail: Bool?
    let names: LocalizedText?
    let descriptions: LocalizedText?

    /// The catalogue service; countries upper-cased, omitted flags at their defaults.
    var service: CarrierService {
        CarrierService(
            code: code, type: type, countries: countries.map { $0.uppercased() }, maxWeight: maxWeight.value,
            maxLongestSide: maxLongestSide?.value, maxSideSum: maxSideSum?.value, maxGirth: maxGirth?.value,
            codMaximum: codMaximum?.decimals ?? [:], requiresPhone: requiresPhone ?? true,
            requiresEmail: requiresEmail ?? false, names: names ?? [:], descriptions: descriptions ?? [:])
    }
}
