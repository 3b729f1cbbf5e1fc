import Foundation

/// International bank account numbers (ISO 13616): length per country and the mod-97 check.
public enum IBAN {
    /// IBAN lengths of the countries Consign pays out in.
    public static let lengths: [String: Int] = ["CZ": 24, "SK": 24, "HU": 28, "PL": 28, "AT": 20, "DE": 22, "RO": 24]

    /// Returns the IBAN upper-cased without spaces when it is valid, else throws naming the reason.
    ///
    /// Checks the characters, the length for known countries and that the mod-97 remainder is 1.
    public static func validate(_ text: String) throws(CoreError) -> String {
        let iban = text.filter { !$0.isWhitespace }.uppercased()
        guard iban.count >= 15, iban.count <= 34,
              iban.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
              iban.prefix(2).allSatisfy(\.isLetter), iban.dropFirst(2).prefix(2).allSatisfy(\.isNumber)
        else { throw problem("does not have the IBAN shape (country, 2 check digits, account)") }

        let country = String(iban.prefix(2))
        if let length = lengths[country], iban.count != length {
            throw problem("of \(country) must have \(length) characters, not \(iban.count)")
        }
        guard remainder(of: String(iban.dropFirst(4) + iban.prefix(4))) == 1 else {
            throw problem("fails the mod-97 check")
        }
        return iban
    }

    /// True when `text` is a valid IBAN.
    public static func isValid(_ text: String) -> Bool {
        (try? validate(text)) != nil
    }

    /// The remainder mod 97 of `text` with letters read as 10–35, computed piecewise.
    static func remainder(of text: String) -> Int {
        var remainder = 0
        for character in text {
            guard let value = character.isNumber ? character.wholeNumberValue : letterValue(character) else {
                continue
            }
            remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97
        }
        return remainder
    }

    private static func letterValue(_ character: Character) -> Int? {
        guard let ascii = character.asciiValue, (65...90).contains(ascii) else { return nil }
        return Int(ascii) - 55
    }

    private static func problem(_ reason: String) -> CoreError {
        CoreError(.validationFailed, "IBAN \(reason)", instance: "bankAccount")
    }
}
