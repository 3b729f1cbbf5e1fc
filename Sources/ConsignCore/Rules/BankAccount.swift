import Foundation

/// A Czech or Slovak domestic bank account `prefix-number/bank` (COD payout account).
public struct BankAccount: Hashable, Sendable, CustomStringConvertible {
    /// Account prefix without leading zeros; empty when there is none.
    public let prefix: String
    /// Account number without leading zeros.
    public let number: String
    /// Four-digit bank code, e.g. `0800`.
    public let bankCode: String

    /// ČNB weights (decree 169/2011) for the zero-padded 10-digit number, right-aligned on the prefix.
    static let weights = [6, 3, 7, 9, 10, 5, 8, 4, 2, 1]

    /// Parses `19-2000145399/0800` or `2000145399/0800` and checks it with the ČNB mod-11 rule.
    ///
    /// Throws `CoreError` (`shipment-validation-failed`, instance `bankAccount`) naming the reason:
    /// bad shape, bank code 0000, a zero number, or a failed check of prefix or number.
    public static func parse(_ text: String) throws(CoreError) -> BankAccount {
        let cleaned = text.filter { !$0.isWhitespace }
        let halves = cleaned.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2 else { throw problem("has no '/bank' part") }
        let parts = halves[0].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw problem("has more than one '-'") }

        let prefix = parts.count == 2 ? String(parts[0]) : ""
        let number = String(parts[parts.count - 1])
        return try BankAccount(prefix: prefix, number: number, bankCode: String(halves[1]))
    }

    /// Creates a checked account from its three parts (leading zeros allowed).
    public init(prefix: String, number: String, bankCode: String) throws(CoreError) {
        guard Self.isDigits(prefix, 0...6) else { throw Self.problem("prefix must be at most 6 digits") }
        guard Self.isDigits(number, 2...10) else { throw Self.problem("number must be 2 to 10 digits") }
        guard Self.isDigits(bankCode, 4...4) else { throw Self.problem("bank code must be 4 digits") }
        guard bankCode != "0000" else { throw Self.problem("bank code 0000 does not exist") }
        guard number.contains(where: { $0 != "0" }) else { throw Self.problem("number is zero") }
        guard Self.passesCheck(prefix) else { throw Self.problem("prefix fails the mod-11 check") }
        guard Self.passesCheck(number) else { throw Self.problem("number fails the mod-11 check") }

        self.prefix = Self.strippingZeros(prefix)
        self.number = Self.strippingZeros(number)
        self.bankCode = bankCode
    }

    /// The domestic form without padding: `19-2000145399/0800`, `2000145399/0800`.
    public var description: String {
        prefix.isEmpty ? "\(number)/\(bankCode)" : "\(prefix)-\(number)/\(bankCode)"
    }

    /// The IBAN of this account in `countryCode` (CZ or SK), e.g. `CZ6508000000192000145399`.
    public func iban(countryCode: String = "CZ") -> String {
        let country = countryCode.uppercased()
        let bban = bankCode + Self.padded(prefix, 6) + Self.padded(number, 10)
        let check = 98 - IBAN.remainder(of: bban + country + "00")
        return country + (check < 10 ? "0\(check)" : "\(check)") + bban
    }

    /// The domestic account of a CZ or SK IBAN, after checking the IBAN and the account.
    public static func fromIBAN(_ text: String) throws(CoreError) -> BankAccount {
        let iban = try IBAN.validate(text)
        let country = String(iban.prefix(2))
        guard country == "CZ" || country == "SK" else {
            throw problem("IBAN of \(country) has no Czech or Slovak domestic form")
        }
        let bban = Array(iban.dropFirst(4))
        return try BankAccount(prefix: String(bban[4..<10]), number: String(bban[10..<20]),
                               bankCode: String(bban[0..<4]))
    }

    /// True when the weighted digit sum (weights right-aligned) is divisible by 11.
    static func passesCheck(_ digits: String) -> Bool {
        let values = digits.compactMap(\.wholeNumberValue)
        let aligned = weights.suffix(values.count)
        return zip(values, aligned).reduce(0) { $0 + $1.0 * $1.1 } % 11 == 0
    }

    private static func isDigits(_ text: String, _ lengths: ClosedRange<Int>) -> Bool {
        lengths.contains(text.count) && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func strippingZeros(_ text: String) -> String {
        String(text.drop { $0 == "0" })
    }

    private static func padded(_ text: String, _ length: Int) -> String {
        String(repeating: "0", count: length - text.count) + text
    }

    private static func problem(_ reason: String) -> CoreError {
        CoreError(.validationFailed, "bank account \(reason)", instance: "bankAccount")
    }
}
