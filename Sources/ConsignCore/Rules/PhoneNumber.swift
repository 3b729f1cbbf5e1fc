import Foundation

/// Phone numbers as ERPs write them, turned into E.164 (`+420601123456`).
public enum PhoneNumber {
    /// The numbering plan of one country: calling code, trunk prefix, national number lengths.
    struct Plan {
        let callingCode: String
        let trunkPrefix: String?
        let nationalLengths: ClosedRange<Int>
    }

    /// Plans of the countries Consign ships to; DE and AT are checked only loosely.
    static let plans: [String: Plan] = [
        "CZ": Plan(callingCode: "420", trunkPrefix: nil, nationalLengths: 9...9),
        "SK": Plan(callingCode: "421", trunkPrefix: "0", nationalLengths: 9...9),
        "HU": Plan(callingCode: "36", trunkPrefix: "06", nationalLengths: 8...9),
        "PL": Plan(callingCode: "48", trunkPrefix: nil, nationalLengths: 9...9),
        "RO": Plan(callingCode: "40", trunkPrefix: "0", nationalLengths: 9...9),
        "DE": Plan(callingCode: "49", trunkPrefix: "0", nationalLengths: 6...11),
        "AT": Plan(callingCode: "43", trunkPrefix: "0", nationalLengths: 4...13),
    ]

    /// Normalises `raw` to E.164, reading a number without a country code as one of `countryCode`.
    ///
    /// Accepts `+420 601 123 456`, `00420601123456`, `601123456` (CZ), `0912 123 456` (SK),
    /// `06 20 123 4567` and `+36-20/123-4567` (HU), `+48 501-234-567` (PL). Spaces, dashes,
    /// slashes, dots and brackets are separators. Returns nil when a digit count does not fit
    /// the country's plan or anything but separators and digits is present.
    public static func normalize(_ raw: String, countryCode: String) -> String? {
        guard let (international, digits) = split(raw), !digits.isEmpty else { return nil }

        if international {
            return fromInternational(digits)
        }
        guard let plan = plans[countryCode.uppercased()] else { return nil }
        return fromNational(digits, plan: plan)
    }

    /// Why `raw` is not a phone number of `countryCode`, or nil when it is one.
    public static func problem(_ raw: String, countryCode: String) -> String? {
        guard normalize(raw, countryCode: countryCode) == nil else { return nil }
        if let plan = plans[countryCode.uppercased()] {
            return "phone is not a valid \(countryCode.uppercased()) number (+\(plan.callingCode) and "
                + "\(plan.nationalLengths.lowerBound)–\(plan.nationalLengths.upperBound) digits)"
        }
        return "phone needs an international prefix (+ or 00) for country \(countryCode.uppercased())"
    }

    /// Strips separators; tells whether the number starts with `+` or `00`.
    private static func split(_ raw: String) -> (international: Bool, digits: String)? {
        if raw.utf8.allSatisfy({ $0 < 0x80 }) { return splitASCII(raw.trimmedOfWhitespace) }
        var digits = ""
        var sawPlus = false
        for character in raw.trimmedOfWhitespace {
            if character.isASCII && character.isNumber {
                digits.append(character)
            } else if character == "+" && digits.isEmpty && !sawPlus {
                sawPlus = true
            } else if !" -/.()\u{00A0}\t".contains(character) {
                return nil
            }
        }
        if !sawPlus && digits.hasPrefix("00") {
            return (true, String(digits.dropFirst(2)))
        }
        return (sawPlus, digits)
    }

    /// The same on bytes, for an ASCII number (nearly all of them).
    private static func splitASCII(_ text: String) -> (international: Bool, digits: String)? {
        var digits: [UInt8] = []
        digits.reserveCapacity(text.utf8.count)
        var sawPlus = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits.append(byte)
            case UInt8(ascii: "+") where digits.isEmpty && !sawPlus: sawPlus = true
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "("),
                 UInt8(ascii: ")"), UInt8(ascii: "\t"): continue
            default: return nil
            }
        }
        if !sawPlus && digits.starts(with: [0x30, 0x30]) {
            return (true, String(decoding: digits.dropFirst(2), as: UTF8.self))
        }
        return (sawPlus, String(decoding: digits, as: UTF8.self))
    }

    /// Reads `digits` after `+`: a known calling code must be followed by a valid national number.
    private static func fromInternational(_ digits: String) -> String? {
        for plan in plans.values where digits.hasPrefix(plan.callingCode) {
            return fromNational(String(digits.dropFirst(plan.callingCode.count)), plan: plan, afterCode: true)
        }
        // A country we have no plan for: E.164 allows up to 15 digits.
        return (8...15).contains(digits.count) && digits.first != "0" ? "+" + digits : nil
    }

    /// Reads a national number: drops the trunk prefix (or a written-out calling code) and checks the length.
    private static func fromNational(_ digits: String, plan: Plan, afterCode: Bool = false) -> String? {
        var national = digits
        if let trunk = plan.trunkPrefix, national.hasPrefix(trunk),
           plan.nationalLengths.contains(national.count - trunk.count) {
            national.removeFirst(trunk.count)
        } else if !afterCode, national.hasPrefix(plan.callingCode),
                  plan.nationalLengths.contains(national.count - plan.callingCode.count) {
            national.removeFirst(plan.callingCode.count)
        }

        guard plan.nationalLengths.contains(national.count), national.first != "0" else { return nil }
        return "+" + plan.callingCode + national
    }
}
