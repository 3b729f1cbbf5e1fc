import ConsignCore
import Foundation

/// A count and a sum of amounts in one currency.
public struct CurrencyTotal: Hashable, Sendable {
    /// ISO 4217 code, upper case.
    public var currencyCode: String
    /// How many rows carried an amount in this currency.
    public var count: Int
    /// The sum of those amounts.
    public var sum: Money

    /// Creates a total.
    public init(currencyCode: String, count: Int, sum: Money) {
        self.currencyCode = currencyCode
        self.count = count
        self.sum = sum
    }
}

/// The totals printed under a handover protocol. Amounts are kept per currency, never added across.
public struct HandoverTotals: Hashable, Sendable {
    /// Distinct shipments (by `HandoverParcel.shipmentKey`).
    public var shipmentCount: Int
    /// Physical parcels, i.e. rows.
    public var parcelCount: Int
    /// Total weight in kg.
    public var totalWeight: Decimal
    /// Cash on delivery per currency, sorted by currency code.
    public var cod: [CurrencyTotal]
    /// Declared value per currency, sorted by currency code.
    public var declaredValue: [CurrencyTotal]

    /// Computes the totals of `parcels`.
    public init(parcels: [HandoverParcel]) {
        shipmentCount = Set(parcels.map(\.shipmentKey)).count
        parcelCount = parcels.count
        totalWeight = Decimal.exactSum(parcels.lazy.map(\.weight))
        cod = Self.perCurrency(parcels.compactMap(\.cod))
        declaredValue = Self.perCurrency(parcels.compactMap(\.declaredValue))
    }

    /// Shipments that carry cash on delivery, in any currency.
    public var codShipmentCount: Int { cod.reduce(0) { $0 + $1.count } }

    /// Groups amounts by currency and sums each group on its own.
    static func perCurrency(_ amounts: [Money]) -> [CurrencyTotal] {
        let groups = Dictionary(grouping: amounts, by: \.currencyCode)
        return groups.sorted { $0.key < $1.key }.map { code, group in
            let sum = Decimal.exactSum(group.lazy.map(\.value))
            return CurrencyTotal(currencyCode: code, count: group.count, sum: Money(sum, code))
        }
    }
}
