import ConsignCore
import Foundation

/// A contract-specific change to the catalogue, from the config file.
///
/// Without `serviceCode` or `serviceType` the limits apply to every service of the carrier.
/// Decimal limits may be written as JSON numbers or strings. `codMaximum` is merged per
/// currency; a maximum of 0 removes that currency.
public struct CarrierOverride: Codable, Hashable, Sendable {
    /// Carrier code (`ppl`) or numeric id (`110`).
    public var carrierCode: String
    /// Restricts the override to the service with this code.
    public var serviceCode: String?
    /// Restricts the override to services of this type.
    public var serviceType: ServiceType?
    /// New maximum weight in kg.
    public var maxWeight: Decimal?
    /// New maximum longest side in cm.
    public var maxLongestSide: Decimal?
    /// New maximum sum of sides in cm.
    public var maxSideSum: Decimal?
    /// New maximum girth (length + 2×width + 2×height) in cm.
    public var maxGirth: Decimal?
    /// COD maxima per currency, merged into the service's.
    public var codMaximum: [String: Decimal]?
    /// New list of destination countries.
    public var countries: [String]?
    /// New tracking URL template with `{trackingNumber}` (carrier-wide).
    public var trackingUrlTemplate: String?

    /// Creates an override; every change defaults to none.
    public init(carrierCode: String, serviceCode: String? = nil, serviceType: ServiceType? = nil,
                maxWeight: Decimal? = nil, maxLongestSide: Decimal? = nil, maxSideSum: Decimal? = nil,
                maxGirth: Decimal? = nil, codMaximum: [String: Decimal]? = nil, countries: [String]? = nil,
                trackingUrlTemplate: String? = nil) {
        self.carrierCode = carrierCode
        self.serviceCode = serviceCode
        self.serviceType = serviceType
        self.maxWeight = maxWeight
        self.maxLongestSide = maxLongestSide
        self.maxSideSum = maxSideSum
        self.maxGirth = maxGirth
        self.codMaximum = codMaximum
        self.countries = countries
        self.trackingUrlTemplate = trackingUrlTemplate
    }

    private enum CodingKeys: String, CodingKey {
        case carrierCode, serviceCode, serviceType, maxWeight, maxLongestSide, maxSideSum, maxGirth
        case codMaximum, countries, trackingUrlTemplate
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        carrierCode = try container.decode(String.self, forKey: .carrierCode)
        serviceCode = try container.decodeIfPresent(String.self, forKey: .serviceCode)
        serviceType = try container.decodeIfPresent(ServiceType.self, forKey: .serviceType)
        maxWeight = try container.decodeIfPresent(FlexibleDecimal.self, forKey: .maxWeight)?.value
        maxLongestSide = try container.decodeIfPresent(FlexibleDecimal.self, forKey: .maxLongestSide)?.value
        maxSideSum = try container.decodeIfPresent(FlexibleDecimal.self, forKey: .maxSideSum)?.value
        maxGirth = try container.decodeIfPresent(FlexibleDecimal.self, forKey: .maxGirth)?.value
        codMaximum = try container.decodeIfPresent([String: FlexibleDecimal].self, forKey: .codMaximum)?.decimals
        countries = try container.decodeIfPresent([String].self, forKey: .countries)
        trackingUrlTemplate = try container.decodeIfPresent(String.self, forKey: .trackingUrlTemplate)
    }

    /// True when this override concerns `service` of its carrier.
    func matches(_ service: CarrierService) -> Bool {
        if let serviceCode, service.code != serviceCode { return false }
        if let serviceType, service.type != serviceType { return false }
        return true
    }

    /// `service` with this override's limits applied.
    func applied(to service: CarrierService) -> CarrierService {
        var changed = service
        if let maxWeight { changed.maxWeight = maxWeight }
        if let maxLongestSide { changed.maxLongestSide = maxLongestSide }
        if let maxSideSum { changed.maxSideSum = maxSideSum }
        if let maxGirth { changed.maxGirth = maxGirth }
        if let countries { changed.countries = countries.map { $0.uppercased() } }
        for (currency, maximum) in codMaximum ?? [:] {
            changed.codMaximum[currency.uppercased()] = maximum > 0 ? maximum : nil
        }
        return changed
    }
}
