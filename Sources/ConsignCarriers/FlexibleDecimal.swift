import ConsignCore
import Foundation

/// A `Decimal` read from a JSON number (`31.5`) or a JSON string (`"31.5"`).
///
/// Foundation's `JSONDecoder` reads a number into `Decimal` exactly (from its text, not
/// through `Double`), but refuses a string; hand-written config files use both.
struct FlexibleDecimal: Codable, Hashable, Sendable {
    /// The value.
    let value: Decimal

    init(_ value: Decimal) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Decimal.self) {
            value = number
            return
        }
        let text = try container.decode(String.self)
        guard let parsed = Decimal.parse(price: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a decimal number: \(text)")
        }
        value = parsed
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

extension Dictionary where Key == String, Value == FlexibleDecimal {
    /// The plain decimals, currency codes upper-cased; of `czk` and `CZK` the lower maximum is kept.
    var decimals: [String: Decimal] {
        [String: Decimal](map { ($0.key.uppercased(), $0.value.value) }, uniquingKeysWith: { Swift.min($0, $1) })
    }
}
