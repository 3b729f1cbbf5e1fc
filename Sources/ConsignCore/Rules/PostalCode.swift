import ConsignSupport
import Foundation

/// Postal codes in each country's canonical written shape.
public enum PostalCode {
    /// How a country writes its postal codes: digit count and where the separator goes.
    struct Shape {
        let country: String
        /// Country letters written before the code (`CZ-110 00`, `D-26133`, the old European
        /// prefixes), accepted and dropped.
        let prefixes: [[UInt8]]
        let digits: Int
        let separator: UInt8?
        let separatorOffset: Int
        let pattern: String
        /// First digits no code of the country starts with (CZ codes run from 1 to 7, Slovak ones
        /// start with 0, 8 or 9, no German one with 00), so `000 00` is no Czech code: bit `d` of
        /// `refusedFirst` for a first digit `d`, bit `d` of `refusedSecond` for a second digit
        /// after a first `0` (DE).
        let refusedFirst: UInt16
        let refusedAfterZero: UInt16
        /// The rule for messages, e.g. `first digit 1 to 7`.
        let startRule: String?

        /// True when the first two digits of a code are ones the country does not start with.
        func refuses(_ first: UInt8, _ second: UInt8) -> Bool {
            let firstDigit = first &- UInt8(ascii: "0")
            let secondDigit = second &- UInt8(ascii: "0")
            return refusedFirst >> firstDigit & 1 == 1 || (firstDigit == 0 && refusedAfterZero >> secondDigit & 1 == 1)
        }
    }

    /// Bits of the digits in `digits` (`"089"`).
    private static func digitBits(_ digits: String) -> UInt16 {
        digits.utf8.reduce(0) { $0 | 1 << ($1 - UInt8(ascii: "0")) }
    }

    /// The countries with a known shape; looked up by index (a dictionary hashed the country on
    /// every order).
    static let shapes: [Shape] = [
        Shape(country: "CZ", prefixes: letters("CZ"), digits: 5, separator: UInt8(ascii: " "), separatorOffset: 3,
              pattern: "NNN NN", refusedFirst: digitBits("089"), refusedAfterZero: 0, startRule: "first digit 1 to 7"),
        Shape(country: "SK", prefixes: letters("SK"), digits: 5, separator: UInt8(ascii: " "), separatorOffset: 3,
              pattern: "NNN NN", refusedFirst: digitBits("1234567"),
              refusedAfterZero: 0, startRule: "first digit 0, 8 or 9"),
        Shape(country: "HU", prefixes: letters("HU", "H"), digits: 4, separator: nil, separatorOffset: 0,
              pattern: "NNNN", refusedFirst: digitBits("0"), refusedAfterZero: 0, startRule: "first digit 1 to 9"),
        Shape(country: "AT", prefixes: letters("AT", "A"), digits: 4, separator: nil, separatorOffset: 0,
              pattern: "NNNN", refusedFirst: digitBits("0"), refusedAfterZero: 0, startRule: "first digit 1 to 9"),
        Shape(country: "PL", prefixes: letters("PL"), digits: 5, separator: UInt8(ascii: "-"), separatorOffset: 2,
              pattern: "NN-NNN", refusedFirst: 0, refusedAfterZero: 0, startRule: nil),
        Shape(country: "DE", prefixes: letters("DE", "D"), digits: 5, separator: nil, separatorOffset: 0,
              pattern: "NNNNN", refusedFirst: 0, refusedAfterZero: digitBits("0"),
              startRule: "not starting with 00"),
        Shape(country: "RO", prefixes: letters("RO"), digits: 6, separator: nil, separatorOffset: 0,
              pattern: "NNNNNN", refusedFirst: 0, refusedAfterZero: 0, startRule: nil),
    ]

    private static func letters(_ prefixes: String...) -> [[UInt8]] {
        prefixes.map { Array($0.utf8) }
    }

    /// Where the code starts in `bytes`: after one of `shape`'s country prefixes (any case)
    /// followed by a hyphen, a space or a digit, else at 0.
    private static func start(of bytes: UnsafeBufferPointer<UInt8>, _ shape: Shape) -> Int {
        for prefix in shape.prefixes where bytes.count > prefix.count {
            let matches = zip(prefix, bytes).allSatisfy { $0 == $1 & 0xDF }
            let next = bytes[prefix.count]
            guard matches else { continue }
            if next == UInt8(ascii: "-") || next == UInt8(ascii: " ") { return prefix.count + 1 }
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next) { return prefix.count }
        }
        return 0
    }

    /// The shape of `countryCode` (any case), if known.
    static func shape(of countryCode: String) -> Shape? {
        if let index = shapes.firstIndex(where: { $0.country == countryCode }) { return shapes[index] }
        let upper = countryCode.uppercased()
        return shapes.firstIndex { $0.country == upper }.map { shapes[$0] }
    }

    /// Normalises `raw` to the canonical shape of `countryCode`: CZ/SK `110 00`, HU/AT `1037`,
    /// PL `00-940`, DE `26133`, RO `010011`. A code that starts with digits the country does not
    /// use (`000 00` in CZ, `110 00` in SK, `0123` in HU) is refused.
    ///
    /// Spaces, non-breaking spaces and dashes are ignored, and so is the country's prefix in
    /// front (`CZ-110 00`, `D-26133`, `H-1051`); the digit count must match exactly.
    /// Returns nil for anything else rather than guessing. For countries without a known shape
    /// the trimmed, upper-cased text is returned when it is 2–10 letters, digits, spaces or dashes.
    public static func normalize(_ raw: String, countryCode: String) -> String? {
        normalize(raw, countryCode: countryCode, checkingFirstDigits: true)
    }

    /// True when `raw` has the digits and separators of a code of `countryCode`, whatever its
    /// first digits: how far a code tells countries apart (`DeliveryCountry`). The first-digit
    /// rule refuses impossible codes; it does not make a code prove a country (a code no Czech
    /// one can be may still be a Polish or German one, or a typo of the customer's own).
    public static func hasShape(_ raw: String, countryCode: String) -> Bool {
        normalize(raw, countryCode: countryCode, checkingFirstDigits: false) != nil
    }

    /// The rule a code of `countryCode` with the right shape broke (`first digit 1 to 7`), or nil
    /// when it has none or `raw` is a code of the country or no code of its shape.
    public static func firstDigitProblem(_ raw: String, countryCode: String) -> String? {
        guard hasShape(raw, countryCode: countryCode), normalize(raw, countryCode: countryCode) == nil else {
            return nil
        }
        return shape(of: countryCode)?.startRule
    }

    private static func normalize(_ raw: String, countryCode: String, checkingFirstDigits: Bool) -> String? {
        let trimmed = raw.trimmedOfWhitespace
        guard let shape = shape(of: countryCode) else { return looseShape(trimmed) }

        // Bytes, not Characters: digits kept; space, hyphen and NBSP (C2 A0) skipped; anything
        // else refuses the code (a digit with a combining mark, too). The canonical text is
        // written as the digits are read.
        let width = shape.digits + (shape.separator == nil ? 0 : 1)
        let text = String(unsafeUninitializedCapacity: width) { text in
            trimmed.withUTF8Bytes { bytes in
                var written = 0
                var digits = 0
                var index = start(of: bytes, shape)
                while index < bytes.count {
                    switch bytes[index] {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"):
                        guard digits < shape.digits else { return 0 }
                        if let separator = shape.separator, digits == shape.separatorOffset {
                            text[written] = separator
                            written += 1
                        }
                        text[written] = bytes[index]
                        written += 1
                        digits += 1
                    case UInt8(ascii: " "), UInt8(ascii: "-"): break
                    case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA0: index += 1
                    default: return 0
                    }
                    index += 1
                }
                guard digits == shape.digits else { return 0 }
                // Every shape has at least two digits before its separator.
                return checkingFirstDigits && shape.refuses(text[0], text[1]) ? 0 : written
            }
        }
        return text.isEmpty ? nil : text
    }

    /// The expected shape for messages, e.g. `NNN NN` for CZ; `a postal code` when unknown.
    public static func expectedShape(countryCode: String) -> String {
        shape(of: countryCode)?.pattern ?? "a postal code"
    }

    /// Why `raw` is not a postal code of `countryCode`, or nil when it is one.
    public static func problem(_ raw: String, countryCode: String) -> String? {
        guard normalize(raw, countryCode: countryCode) == nil else { return nil }
        let country = countryCode.uppercased()
        if let rule = firstDigitProblem(raw, countryCode: countryCode) {
            return "postal code is no \(country) code (\(expectedShape(countryCode: countryCode)), \(rule))"
        }
        return "postal code does not have the \(country) shape \(expectedShape(countryCode: countryCode))"
    }

    /// Accepts a plausible postal code of a country without a known shape.
    private static func looseShape(_ text: String) -> String? {
        let allowed = text.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == " " || $0 == "-" }
        return allowed && (2...10).contains(text.count) ? text.uppercased() : nil
    }
}
