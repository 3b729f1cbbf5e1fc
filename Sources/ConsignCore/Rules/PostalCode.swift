import ConsignSupport
import Foundation

/// Postal codes in each country's canonical written shape.
public enum PostalCode {
    /// How a country writes its postal codes: digit count and where the separator goes.
    struct Shape {
        let digits: Int
        let separator: String
        let separatorOffset: Int?
        let pattern: String
    }

    static let shapes: [String: Shape] = [
        "CZ": Shape(digits: 5, separator: " ", separatorOffset: 3, pattern: "NNN NN"),
        "SK": Shape(digits: 5, separator: " ", separatorOffset: 3, pattern: "NNN NN"),
        "HU": Shape(digits: 4, separator: "", separatorOffset: nil, pattern: "NNNN"),
        "AT": Shape(digits: 4, separator: "", separatorOffset: nil, pattern: "NNNN"),
        "PL": Shape(digits: 5, separator: "-", separatorOffset: 2, pattern: "NN-NNN"),
        "DE": Shape(digits: 5, separator: "", separatorOffset: nil, pattern: "NNNNN"),
        "RO": Shape(digits: 6, separator: "", separatorOffset: nil, pattern: "NNNNNN"),
    ]

    /// Normalises `raw` to the canonical shape of `countryCode`: CZ/SK `110 00`, HU/AT `1037`,
    /// PL `00-940`, DE `26133`, RO `010011`.
    ///
    /// Spaces, non-breaking spaces and dashes are ignored; the digit count must match exactly.
    /// Returns nil for anything else rather than guessing. For countries without a known shape
    /// the trimmed, upper-cased text is returned when it is 2–10 letters, digits, spaces or dashes.
    public static func normalize(_ raw: String, countryCode: String) -> String? {
        let trimmed = raw.trimmedOfWhitespace
        guard let shape = shapes[countryCode.uppercased()] else { return looseShape(trimmed) }

        // Bytes, not Characters: digits kept; space, hyphen and NBSP (C2 A0) skipped; anything
        // else refuses the code (a digit with a combining mark, too).
        var digits: [UInt8] = []
        digits.reserveCapacity(8)
        let valid: Bool = trimmed.withUTF8Bytes { bytes in
            var index = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digits.append(bytes[index])
                case UInt8(ascii: " "), UInt8(ascii: "-"): break
                case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA0: index += 1
                default: return false
                }
                index += 1
            }
            return true
        }
        guard valid, digits.count == shape.digits else { return nil }

        guard let offset = shape.separatorOffset else { return String(decoding: digits, as: UTF8.self) }
        return String(decoding: digits[..<offset], as: UTF8.self) + shape.separator
            + String(decoding: digits[offset...], as: UTF8.self)
    }

    /// The expected shape for messages, e.g. `NNN NN` for CZ; `a postal code` when unknown.
    public static func expectedShape(countryCode: String) -> String {
        shapes[countryCode.uppercased()]?.pattern ?? "a postal code"
    }

    /// Why `raw` is not a postal code of `countryCode`, or nil when it is one.
    public static func problem(_ raw: String, countryCode: String) -> String? {
        guard normalize(raw, countryCode: countryCode) == nil else { return nil }
        return "postal code does not have the \(countryCode.uppercased()) shape "
            + expectedShape(countryCode: countryCode)
    }

    /// Accepts a plausible postal code of a country without a known shape.
    private static func looseShape(_ text: String) -> String? {
        let allowed = text.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == " " || $0 == "-" }
        return allowed && (2...10).contains(text.count) ? text.uppercased() : nil
    }
}
