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
    /// Total weight in kg of the parcels whose weight is known.
    public var totalWeight: Decimal
    /// Parcels without a weight, left out of `totalWeight`.
    public var parcelsWithoutWeight: Int
    /// Cash on delivery per currency, sorted by currency code.
    public var cod: [CurrencyTotal]
    /// Declared value per currency, sorted by currency code.
    public var declaredValue: [CurrencyTotal]

    /// Computes the totals of `parcels`.
    public init(parcels: [HandoverParcel]) {
        shipmentCount = Set(parcels.map(\.shipmentKey)).count
        parcelCount = parcels.count
        totalWeight = Decimal.exactSum(parcels.lazy.compactMap(\.weight))
        parcelsWithoutWeight = parcels.count { $0.weight == nil }
        cod = Self.perCurrency(parcels.compactMap(\.cod))
        declaredValue = Self.perCurrency(parcels.compactMap(\.declaredValue))
    }

    /// The total weight as printed: `12.500 kg`, with the parcels it leaves out named
    /// (`12.500 kg + 8 parcels without weight / 8 kusů bez váhy`), never a silent understatement.
    public var weightText: String {
        let known = "\(totalWeight.fixed(decimals: 3)) kg"
        guard parcelsWithoutWeight > 0 else { return known }
        return known + " + \(parcelsWithoutWeight) bez váhy / without weight"
    }

    /// Shipments that carry cash on delivery, in any currency.
    public var codShipmentCount: Int { cod.reduce(0) { $0 + $1.count } }

    /// Groups amounts by currency and sums each group on its own. A batch has a currency or
    /// two, so the groups are a short list searched in order, not a dictionary of arrays.
    static func perCurrency(_ amounts: [Money]) -> [CurrencyTotal] {
        var groups: [(code: String, values: [Decimal])] = []
        for amount in amounts {
            if let index = groups.firstIndex(where: { $0.code == amount.currencyCode }) {
                groups[index].values.append(amount.value)
            } else {
                groups.append((amount.currencyCode, [amount.value]))
            }
        }
        return groups.sorted { $0.code < $1.code }.map { code, values in
            CurrencyTotal(currencyCode: code, count: values.count, sum: Money(Decimal.exactSum(values), code))
        }
    }
}
