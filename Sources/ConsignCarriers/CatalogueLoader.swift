import ConsignCore
import Foundation

/// Loads the carrier catalogue (the bundled `carriers.json` or a replacement) and applies overrides.
public enum CatalogueLoader {
    /// The catalogue bundled with Consign.
    public static func bundled() throws(CarrierError) -> CarrierCatalogue {
        guard let url = Bundle.module.url(forResource: "carriers", withExtension: "json") else {
            throw CarrierError(.resourceMissing, "carriers.json is not in the resource bundle", source: "carriers.json")
        }
        return try load(contentsOf: url)
    }

    /// A catalogue read from a JSON file of the bundled file's shape.
    public static func load(contentsOf url: URL) throws(CarrierError) -> CarrierCatalogue {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CarrierError(.unreadable, "cannot read catalogue: \(error.localizedDescription)", source: url.path)
        }
        return try decode(data, source: url.lastPathComponent)
    }

    /// A catalogue decoded from JSON text and checked: unique codes, placeholders, English names.
    public static func decode(_ data: Data, source: String) throws(CarrierError) -> CarrierCatalogue {
        let records: [CarrierRecord]
        do {
            records = try JSONDecoder().decode([CarrierRecord].self, from: data)
        } catch let error as DecodingError {
            throw CarrierError(.malformed, "not a carrier catalogue: \(describe(error))", source: source,
                               field: path(of: error))
        } catch {
            throw CarrierError(.malformed, "not a carrier catalogue: \(error)", source: source)
        }
        let catalogue = CarrierCatalogue(carriers: records.map(\.carrier))
        try check(catalogue, source: source)
        return catalogue
    }

    /// `catalogue` with `overrides` applied in order; overrides naming no known carrier change nothing
    /// (see `unmatched(_:in:)` to report them).
    public static func apply(_ overrides: [CarrierOverride], to catalogue: CarrierCatalogue) -> CarrierCatalogue {
        var carriers = catalogue.carriers
        for override in overrides {
            guard let index = index(of: override.carrierCode, in: carriers) else { continue }
            if let template = override.trackingUrlTemplate {
                carriers[index].trackingUrlTemplate = template
            }
            carriers[index].services = carriers[index].services.map { service in
                override.matches(service) ? override.applied(to: service) : service
            }
        }
        return CarrierCatalogue(carriers: carriers)
    }

    /// The overrides that name a carrier or service the catalogue does not have, for a config warning.
    public static func unmatched(_ overrides: [CarrierOverride], in catalogue: CarrierCatalogue) -> [CarrierOverride] {
        overrides.filter { override in
            guard let index = index(of: override.carrierCode, in: catalogue.carriers) else { return true }
            return !catalogue.carriers[index].services.contains(where: override.matches)
        }
    }

    private static func index(of codeOrId: String, in carriers: [Carrier]) -> Int? {
        let key = codeOrId.lowercased()
        return carriers.firstIndex { $0.code == key || String($0.id) == key }
    }

    /// Rules the JSON schema alone cannot express.
    private static func check(_ catalogue: CarrierCatalogue, source: String) throws(CarrierError) {
        var carrierCodes = Set<String>()
        var serviceCodes = Set<String>()
        for carrier in catalogue.carriers {
            guard carrierCodes.insert(carrier.code).inserted, carrierCodes.insert(String(carrier.id)).inserted else {
                throw CarrierError(.inconsistent, "carrier code or id is used twice", source: source,
                                   field: carrier.code)
            }
            guard carrier.trackingUrlTemplate.contains("{trackingNumber}") else {
                throw CarrierError(.inconsistent, "tracking URL template has no {trackingNumber}", source: source,
                                   field: "\(carrier.code).trackingUrlTemplate")
            }
            for service in carrier.services {
                guard serviceCodes.insert(service.code).inserted else {
                    throw CarrierError(.inconsistent, "service code is used twice", source: source, field: service.code)
                }
                guard service.maxWeight > 0, !service.countries.isEmpty else {
                    throw CarrierError(.inconsistent, "service needs a positive maxWeight and at least one country",
                                       source: source, field: service.code)
                }
            }
        }
    }

    private static func path(of error: DecodingError) -> String? {
        let context: DecodingError.Context? = switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): context
        case .keyNotFound(let key, let context):
            DecodingError.Context(codingPath: context.codingPath + [key], debugDescription: context.debugDescription)
        @unknown default: nil
        }
        guard let context else { return nil }
        return context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context),
             .keyNotFound(_, let context):
            context.debugDescription
        @unknown default:
            "\(error)"
        }
    }
}
