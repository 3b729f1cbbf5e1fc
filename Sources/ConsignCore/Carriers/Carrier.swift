import ConsignSupport
import Foundation

/// The kinds of service a carrier offers (the `{type}` of Shoptet's carrier endpoints).
public enum ServiceType: String, Codable, CaseIterable, Sendable {
    case homeDelivery = "home_delivery"
    case pickupPoint = "pickup_point"
    case locker
    case postOffice = "post_office"
    case express
    case international

    /// True when the recipient collects the parcel somewhere and a pickup point id is needed.
    public var needsPickupPoint: Bool {
        switch self {
        case .pickupPoint, .locker, .postOffice: true
        default: false
        }
    }
}

/// Text in several languages, keyed by ISO 639-1 code; `en` is the fallback.
public typealias LocalizedText = [String: String]

extension Dictionary where Key == String, Value == String {
    /// The text in `language`, else English, else any.
    public func localized(_ language: String) -> String {
        self[language.lowercased()] ?? self["en"] ?? values.sorted().first ?? ""
    }
}

/// One service of a carrier with its limits, as the catalogue (and config overrides) define it.
public struct CarrierService: Codable, Hashable, Sendable {
    /// Unique service code, e.g. `ppl-parcel-cz-private`.
    public var code: String
    /// The service type.
    public var type: ServiceType
    /// Destination countries (ISO alpha-2).
    public var countries: [String]
    /// Maximum weight of one parcel in kg.
    public var maxWeight: Decimal
    /// Maximum longest side in cm, if limited.
    public var maxLongestSide: Decimal?
    /// Maximum sum of the three sides in cm, if limited.
    public var maxSideSum: Decimal?
    /// Maximum length + 2×width + 2×height in cm, if limited.
    public var maxGirth: Decimal?
    /// COD maximum per accepted currency; empty means no COD.
    public var codMaximum: [String: Decimal]
    /// Whether the carrier needs the recipient's phone.
    public var requiresPhone: Bool
    /// Whether the carrier needs the recipient's e-mail.
    public var requiresEmail: Bool
    /// Service name per language.
    public var names: LocalizedText
    /// Service description per language.
    public var descriptions: LocalizedText

    /// Creates a service.
    public init(code: String, type: ServiceType, countries: [String], maxWeight: Decimal,
                maxLongestSide: Decimal? = nil, maxSideSum: Decimal? = nil, maxGirth: Decimal? = nil,
                codMaximum: [String: Decimal] = [:], requiresPhone: Bool = true, requiresEmail: Bool = false,
                names: LocalizedText = [:], descriptions: LocalizedText = [:]) {
        self.code = code
        self.type = type
        self.countries = countries
        self.maxWeight = maxWeight
        self.maxLongestSide = maxLongestSide
        self.maxSideSum = maxSideSum
        self.maxGirth = maxGirth
        self.codMaximum = codMaximum
        self.requiresPhone = requiresPhone
        self.requiresEmail = requiresEmail
        self.names = names
        self.descriptions = descriptions
    }

    /// True when the service takes cash on delivery in any currency.
    public var supportsCashOnDelivery: Bool { !codMaximum.isEmpty }
}

/// A carrier of the bundled catalogue.
public struct Carrier: Codable, Hashable, Sendable {
    /// Numeric id as Shoptet uses in `/carriers/{id}` paths (e.g. 110).
    public var id: Int
    /// Short code used everywhere in Consign (`cpost`, `ppl`, `packeta`, `dpd`, `gls`, `mpl`).
    public var code: String
    /// Display name ("PPL").
    public var name: String
    /// Tracking page template with `{trackingNumber}`.
    public var trackingUrlTemplate: String
    /// Carrier description per language.
    public var descriptions: LocalizedText
    /// The services offered.
    public var services: [CarrierService]

    /// Creates a carrier.
    public init(id: Int, code: String, name: String, trackingUrlTemplate: String,
                descriptions: LocalizedText = [:], services: [CarrierService]) {
        self.id = id
        self.code = code
        self.name = name
        self.trackingUrlTemplate = trackingUrlTemplate
        self.descriptions = descriptions
        self.services = services
    }

    /// The first service of the given type.
    public func service(ofType type: ServiceType) -> CarrierService? {
        // By index, as below: `first(where:)` copied every service it looked at (a retain per text).
        services.firstIndex { $0.type == type }.map { services[$0] }
    }

    /// The service with the given code or, failing that, of the given type name.
    /// Letter case aside (`HOME_DELIVERY`, `PPL-Private`), as carrier codes are.
    public func service(named codeOrType: String) -> CarrierService? {
        if let exact = services.firstIndex(where: { $0.code == codeOrType }) { return services[exact] }
        let lower = codeOrType.lowercased()
        if lower != codeOrType, let found = services.firstIndex(where: { $0.code == lower }) { return services[found] }
        // Not `flatMap(service(ofType:))`: the partial application copied the whole carrier.
        guard let type = ServiceType(rawValue: lower) else { return nil }
        return service(ofType: type)
    }

    /// The public tracking URL of one parcel.
    public func trackingUrl(for trackingNumber: String) -> String {
        // Placeholders found with memchr and memcmp, the runs copied straight into the new
        // string: Foundation's replacingOccurrences cost 5 % of a whole run, and a byte loop into
        // an array then copied into a string 2,000 instructions a parcel.
        return trackingUrlTemplate.withUTF8Bytes { template in
            trackingNumber.withUTF8Bytes { number in Self.substitute(number, into: template) }
        }
    }

    private static let placeholder = Array("{trackingNumber}".utf8)

    private static func substitute(_ number: UnsafeBufferPointer<UInt8>,
                                   into template: UnsafeBufferPointer<UInt8>) -> String {
        var matches = 0
        forEachPlaceholder(in: template) { _ in matches += 1 }
        let length = template.count + matches * number.count - matches * placeholder.count

        return String(unsafeUninitializedCapacity: length) { output in
            var written = 0
            func copy(_ bytes: UnsafeBufferPointer<UInt8>) {
                guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
                (output.baseAddress! + written).update(from: source, count: bytes.count)
                written += bytes.count
            }
            var runStart = 0
            forEachPlaceholder(in: template) { index in
                copy(UnsafeBufferPointer(rebasing: template[runStart..<index]))
                copy(number)
                runStart = index + placeholder.count
            }
            copy(UnsafeBufferPointer(rebasing: template[runStart...]))
            return written
        }
    }

    /// Calls `body` with the offset of each `{trackingNumber}` in `template`, in order.
    private static func forEachPlaceholder(in template: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) {
        guard let base = template.baseAddress else { return }
        var index = 0
        while index < template.count,
            let found = memchr(base + index, Int32(UInt8(ascii: "{")), template.count - index) {
            let offset = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            if offset + placeholder.count <= template.count,
                memcmp(base + offset, placeholder, placeholder.count) == 0 {
                body(offset)
                index = offset + placeholder.count
            } else {
                index = offset + 1
            }
        }
    }
}

/// Every carrier Consign knows, after config overrides.
public struct CarrierCatalogue: Sendable {
    /// Carriers in catalogue order.
    public let carriers: [Carrier]

    /// Creates a catalogue.
    public init(carriers: [Carrier]) { self.carriers = carriers }

    /// The carrier with `code` (case-insensitive) or numeric id.
    public func carrier(_ codeOrId: String) -> Carrier? {
        // Every order asks with the code as stored: found without lower-casing or id texts.
        // By index: `first(where:)` copied every carrier it passed, services and all.
        if let exact = carriers.firstIndex(where: { $0.code == codeOrId }) { return carriers[exact] }
        let key = codeOrId.lowercased()
        return carriers.firstIndex { $0.code == key || String($0.id) == key }.map { carriers[$0] }
    }

    /// Carriers offering at least one service of `type`, or all when `type` is nil.
    public func carriers(offering type: ServiceType?) -> [Carrier] {
        guard let type else { return carriers }
        return carriers.filter { $0.service(ofType: type) != nil }
    }
}
