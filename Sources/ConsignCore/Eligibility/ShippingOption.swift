import Foundation

/// Why a carrier service cannot take an order.
public struct IneligibilityReason: Hashable, Sendable, Codable {
    /// The closed set of reasons.
    public enum Code: String, Sendable, Codable {
        case countryNotServed = "country-not-served"
        case overweight = "weight-over-limit"
        case longestSideOverLimit = "longest-side-over-limit"
        case sideSumOverLimit = "side-sum-over-limit"
        case girthOverLimit = "girth-over-limit"
        case codNotSupported = "cod-not-supported"
        case codOverMaximum = "cod-over-maximum"
        case codCurrencyNotAccepted = "cod-currency-not-accepted"
        case pickupPointMissing = "pickup-point-missing"
    }

    /// The reason code.
    public var code: Code
    /// A sentence with the figures ("weight 32.5 kg over 31.5 kg").
    public var message: String
    /// The order field concerned (`recipient.countryCode`, `packages[0].weight`, `cod`).
    public var instance: String

    /// Creates a reason.
    public init(_ code: Code, _ message: String, instance: String) {
        self.code = code
        self.message = message
        self.instance = instance
    }
}

/// One carrier + service for an order, eligible or not with every reason why not.
public struct ShippingOption: Hashable, Sendable {
    /// The carrier.
    public var carrierCode: String
    /// The carrier's display name.
    public var carrierName: String
    /// The service code.
    public var serviceCode: String
    /// The service type.
    public var serviceType: ServiceType
    /// True when no reason stands against it.
    public var isEligible: Bool { reasons.isEmpty }
    /// Every reason the service cannot take the order.
    public var reasons: [IneligibilityReason]

    /// Creates an option.
    public init(
        carrierCode: String, carrierName: String, serviceCode: String, serviceType: ServiceType,
        reasons: [IneligibilityReason]
    ) {
        self.carrierCode = carrierCode
        self.carrierName = carrierName
        self.serviceCode = serviceCode
        self.serviceType = serviceType
        self.reasons = reasons
    }
}

/// Decides which carrier services can take an order: country, weight, size, COD, pickup point.
public enum Eligibility {
    /// Every service of every carrier in `catalogue`, each with its reasons.
    public static func options(for draft: ShipmentDraft, in catalogue: CarrierCatalogue) -> [ShippingOption] {
        catalogue.carriers.flatMap { carrier in
            carrier.services.map { service in
                ShippingOption(
                    carrierCode: carrier.code, carrierName: carrier.name, serviceCode: service.code,
                    serviceType: service.type, reasons: reasons(draft, service))
            }
        }
    }

    /// The reasons `service` cannot take `draft`; empty when it can.
    public static func reasons(_ draft: ShipmentDraft, _ service: CarrierService) -> [IneligibilityReason] {
        var found: [IneligibilityReason] = []
        if let country = draft.recipient.countryCode, !service.countries.contains(country) {
            found.append(
                IneligibilityReason(
                    .countryNotServed,
                    "country \(country) not served (serves \(service.countries.joined(separator: ", ")))",
                    instance: "recipient.countryCode"))
        }
        let packages = draft.packages
        for index in packages.indices {
            addSizeReasons(packages[index], index: index, service: service, to: &found)
        }
        if let cod = codReason(draft.cod, service: service, country: draft.recipient.countryCode) {
            found.append(cod)
        }
        if service.type.needsPickupPoint && (draft.pickupPointId ?? "").isEmpty {
            found.append(
                IneligibilityReason(
                    .pickupPointMissing, "pickup point missing for \(service.type.rawValue)",
                    instance: "pickupPointId"))
        }
        return found
    }

    /// Appends why `package` is too heavy or too big for `service` to `found` (appended in place:
    /// an array of its own, nearly always empty, was an allocation per package and order).
    private static func addSizeReasons(_ package: borrowing Package, index: Int, service: CarrierService,
                                       to found: inout [IneligibilityReason]) {
        if let weight = package.weight, isOver(weight, service.maxWeight) {
            found.append(
                IneligibilityReason(
                    .overweight, "weight \(weight.trimmed) kg over \(service.maxWeight.trimmed) kg",
                    instance: "packages[\(index)].weight"))
        }
        guard let sides = package.sortedSides else { return }
        for (code, name, limitOf, factors) in sizeMeasures {
            guard let limit = limitOf(service) else { continue }
            let measure = combined(sides, factors)
            guard isOver(measure, limit) else { continue }
            found.append(
                IneligibilityReason(
                    code, "\(name) \(measure.trimmed) cm over \(limit.trimmed) cm",
                    instance: "packages[\(index)].dimensions"))
        }
    }

    /// The size limits a service may set: what is measured, its name in the message, the limit,
    /// and the weights of the longest, middle and shortest side in the measure.
    private typealias SizeMeasure = (IneligibilityReason.Code, String, @Sendable (CarrierService) -> Decimal?, [Int])
    private static let sizeMeasures: [SizeMeasure] = [
        (.longestSideOverLimit, "longest side", { $0.maxLongestSide }, [1, 0, 0]),
        (.sideSumOverLimit, "sum of sides", { $0.maxSideSum }, [1, 1, 1]),
        (.girthOverLimit, "length + girth", { $0.maxGirth }, [1, 2, 2]),
    ]

    /// `value > limit`, in integer thousandths when both are exact there.
    private static func isOver(_ value: Decimal, _ limit: Decimal) -> Bool {
        if let value = value.thousandths, let limit = limit.thousandths { return value > limit }
        return value > limit
    }

    /// The sides weighted by `factors` and added up (longest side, sum, length + girth), in
    /// integer thousandths when every side is exact there.
    private static func combined(_ sides: [Decimal], _ factors: [Int]) -> Decimal {
        var total: Int64 = 0
        for (side, factor) in zip(sides, factors) {
            guard let exact = side.thousandths,
                case (let product, false) = exact.multipliedReportingOverflow(by: Int64(factor)),
                case (let sum, false) = total.addingReportingOverflow(product)
            else { return zip(sides, factors).reduce(0) { $0 + $1.0 * Decimal($1.1) } }
            total = sum
        }
        return Decimal(units: total, scale: 3)
    }

    /// Why `service` cannot collect `cod` in `country`, if it cannot.
    private static func codReason(_ cod: Money?, service: CarrierService, country: String?) -> IneligibilityReason? {
        guard let cod, Decimal.isLess(0, cod.value) else { return nil }
        guard service.supportsCashOnDelivery else {
            return IneligibilityReason(.codNotSupported, "cash on delivery not supported", instance: "cod")
        }
        // Carriers collect the destination's currency: CZK in Czechia, EUR in Slovakia, HUF in Hungary.
        if let country, let local = CountryCurrency.local(country), local != cod.currencyCode {
            return IneligibilityReason(
                .codCurrencyNotAccepted,
                "COD in \(cod.currencyCode) is not collected in \(country), where carriers collect \(local)",
                instance: "cod.currencyCode")
        }
        guard let maximum = service.codMaximum[cod.currencyCode] else {
            let accepted = service.codMaximum.keys.sorted().joined(separator: ", ")
            return IneligibilityReason(
                .codCurrencyNotAccepted, "COD currency \(cod.currencyCode) not accepted (accepts \(accepted))",
                instance: "cod.currencyCode")
        }
        guard !Decimal.isLess(maximum, cod.value) else {
            return IneligibilityReason(
                .codOverMaximum,
                "COD \(cod.formattedValue) \(cod.currencyCode) over the maximum "
                    + "\(maximum.priceString) \(cod.currencyCode)",
                instance: "cod")
        }
        return nil
    }
}

extension Decimal {
    /// Plain text without trailing zeros (`31.5`, `40`), for messages. A Decimal keeps no trailing
    /// zeros in its significand, so this is `plainText`: NSDecimalNumber's `stringValue` cost
    /// several microseconds, once or twice for every order over a carrier's limits.
    public var trimmed: String { plainText }
}
