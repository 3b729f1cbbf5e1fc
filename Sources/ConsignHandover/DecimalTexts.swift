import ConsignCore
import Foundation

/// Fixed-point texts of decimals (`1290.50`, `1.500`), each distinct value and precision formatted once.
///
/// Formatting a `Decimal` is slow next to everything else a protocol row needs, and a batch repeats
/// few distinct weights and amounts. Lives for one protocol; not thread-safe.
final class DecimalTexts {
    private struct Key: Hashable {
        var value: Decimal
        var decimals: Int
    }

    private var texts: [Key: String] = [:]

    /// `value.fixed(decimals:)`, from the cache when this value was formatted before.
    func fixed(_ value: Decimal, decimals: Int) -> String {
        let key = Key(value: value, decimals: decimals)
        if let text = texts[key] { return text }
        let text = value.fixed(decimals: decimals)
        texts[key] = text
        return text
    }
}
