import Foundation

/// The Czech and Slovak variable symbol (variabilní symbol) that pairs a COD payout with its order.
public enum VariableSymbol {
    /// The longest variable symbol banks accept.
    public static let maxLength = 10

    /// Returns `raw` without surrounding white space when it is 1–10 digits, else nil.
    ///
    /// Leading zeros are kept as given. An order code with letters (`E-2024/15`) is never
    /// turned into a symbol by dropping the letters: that would pay out against the wrong order.
    public static func normalize(_ raw: String) -> String? {
        let trimmed = raw.trimmedOfWhitespace
        guard (1...maxLength).contains(trimmed.utf8.count),
              trimmed.utf8.allSatisfy({ (48...57).contains($0) })
        else { return nil }
        return trimmed
    }

    /// Why `raw` cannot be a variable symbol, or nil when it can.
    public static func problem(_ raw: String) -> String? {
        guard normalize(raw) == nil else { return nil }
        return "variable symbol must be 1 to \(maxLength) digits"
    }
}
