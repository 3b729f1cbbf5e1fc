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

        var digits = ""
        for character in trimmed {
            if character.isASCII && character.isNumber {
                digits.append(character)
            } else if !" -\u{00A0}".contains(character) {
                return nil
            }
        }
        guard digits.count == shape.digits else { return nil }

        guard let offset = shape.separatorOffset else { return digits }
        let split = digits.index(digits.startIndex, offsetBy: offset)
        return digits[..<split] + shape.separator + digits[split...]
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
