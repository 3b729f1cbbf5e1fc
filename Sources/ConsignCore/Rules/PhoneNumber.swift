import ConsignSupport
import Foundation

/// Phone numbers as ERPs write them, turned into E.164 (`+420601123456`).
public enum PhoneNumber {
    /// The numbering plan of one country: calling code, trunk prefix, national number lengths.
    struct Plan {
        let country: String
        let callingCode: [UInt8]
        let trunkPrefix: [UInt8]?
        let nationalLengths: ClosedRange<Int>
        /// Lengths by first digits, the first start that matches deciding (an empty start matches
        /// any): a Hungarian mobile `30 123 4567` has nine digits, a Budapest number `1 234 5678`
        /// and one with a two-digit area code `46 123 456` eight.
        let lengthsByStart: [(start: [UInt8], lengths: ClosedRange<Int>)]
        /// The plan's rule for messages, e.g. `+420 and 9 digits`.
        let rule: String

        init(_ country: String, callingCode: String, trunkPrefix: String?, nationalLengths: ClosedRange<Int>,
             lengthsByStart: [(String, ClosedRange<Int>)] = [], rule: String? = nil) {
            self.country = country
            self.callingCode = Array(callingCode.utf8)
            self.trunkPrefix = trunkPrefix.map { Array($0.utf8) }
            self.nationalLengths = nationalLengths
            self.lengthsByStart = lengthsByStart.map { (Array($0.0.utf8), $0.1) }
            let lengths = nationalLengths.count == 1 ? "\(nationalLengths.lowerBound)"
                : "\(nationalLengths.lowerBound)-\(nationalLengths.upperBound)"
            self.rule = rule ?? "+\(callingCode) and \(lengths) digits"
        }

        /// True when `national` (digits, trunk prefix dropped) has a length the plan allows.
        func allows<Digits: Collection<UInt8>>(_ national: Digits) -> Bool {
            guard nationalLengths.contains(national.count) else { return false }
            guard let rule = lengthsByStart.first(where: { national.starts(with: $0.start) }) else { return true }
            return rule.lengths.contains(national.count)
        }
    }

    /// Plans of the countries Consign ships to; DE and AT are checked only loosely. No calling
    /// code is a prefix of another, so their order does not matter.
    static let plans: [Plan] = [
        Plan("CZ", callingCode: "420", trunkPrefix: nil, nationalLengths: 9...9),
        Plan("SK", callingCode: "421", trunkPrefix: "0", nationalLengths: 9...9),
        Plan("HU", callingCode: "36", trunkPrefix: "06", nationalLengths: 8...9,
             lengthsByStart: [("20", 9...9), ("30", 9...9), ("31", 9...9), ("50", 9...9), ("70", 9...9),
                              ("21", 8...9), ("", 8...8)],
             rule: "+36 and 8 digits, 9 for mobiles (20, 30, 31, 50, 70)"),
        Plan("PL", callingCode: "48", trunkPrefix: nil, nationalLengths: 9...9),
        Plan("RO", callingCode: "40", trunkPrefix: "0", nationalLengths: 9...9),
        Plan("DE", callingCode: "49", trunkPrefix: "0", nationalLengths: 6...11),
        Plan("AT", callingCode: "43", trunkPrefix: "0", nationalLengths: 4...13),
    ]

    /// What a number of `countryCode` must be, for messages (`+420 and 9 digits`); nil for a
    /// country without a plan.
    public static func rule(countryCode: String) -> String? {
        plan(for: countryCode)?.rule
    }

    /// The plan of `countryCode` (any case).
    static func plan(for countryCode: String) -> Plan? {
        // By index: `first(where:)` copied each plan it passed (three retains).
        if let plan = plans.firstIndex(where: { $0.country == countryCode }) { return plans[plan] }
        let upper = countryCode.uppercased()
        return plans.firstIndex { $0.country == upper }.map { plans[$0] }
    }

    /// Normalises `raw` to E.164, reading a number without a country code as one of `countryCode`.
    ///
    /// Accepts `+420 601 123 456`, `00420601123456`, `601123456` (CZ), `0912 123 456` (SK),
    /// `06 20 123 4567` and `+36-20/123-4567` (HU), `+48 501-234-567` (PL). Spaces, dashes,
    /// slashes, dots and brackets are separators. Returns nil when a digit count does not fit
    /// the country's plan or anything but separators and digits is present. An ASCII number
    /// (nearly all) is read in place, its digits gathered on the stack: this runs for every order.
    public static func normalize(_ raw: String, countryCode: String) -> String? {
        let plain = raw.withUTF8Bytes { bytes -> String?? in
            guard !ByteScan.containsNonASCII(bytes) else { return .none }
            return .some(normalizeASCII(bytes, countryCode: countryCode))
        }
        if let plain { return plain }
        return normalizeGeneral(raw, countryCode: countryCode)
    }

    /// `normalize` by characters, for any text (the ASCII path must agree with it).
    static func normalizeGeneral(_ raw: String, countryCode: String) -> String? {
        var digits: [UInt8] = []
        var sawPlus = false
        for character in raw.trimmedOfWhitespace {
            if character.isASCII && character.isNumber {
                digits.append(character.asciiValue!)
            } else if character == "+" && digits.isEmpty && !sawPlus {
                sawPlus = true
            } else if !" -/.()\u{00A0}\t".contains(character) {
                return nil
            }
        }
        return digits.withUnsafeBufferPointer { read($0, plus: sawPlus, countryCode: countryCode) }
    }

    /// `normalize` for ASCII bytes: white space trimmed at both ends as `trimmedOfWhitespace`
    /// does (tab to carriage return, space), then digits kept and separators skipped.
    private static func normalizeASCII(_ bytes: UnsafeBufferPointer<UInt8>, countryCode: String) -> String? {
        var start = 0
        var end = bytes.count
        while start < end, isASCIISpace(bytes[start]) { start += 1 }
        while end > start, isASCIISpace(bytes[end - 1]) { end -= 1 }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, end - start)) { digits in
            var count = 0
            var sawPlus = false
            for byte in bytes[start..<end] {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    digits[count] = byte
                    count += 1
                case UInt8(ascii: "+") where count == 0 && !sawPlus: sawPlus = true
                case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "("),
                     UInt8(ascii: ")"), UInt8(ascii: "\t"): continue
                default: return nil
                }
            }
            return read(UnsafeBufferPointer(rebasing: digits[..<count]), plus: sawPlus, countryCode: countryCode)
        }
    }

    private static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// Reads the digits of a number (`plus`: written after `+`); `00` first is an international prefix.
    private static func read(_ digits: UnsafeBufferPointer<UInt8>, plus: Bool, countryCode: String) -> String? {
        guard !digits.isEmpty else { return nil }
        if plus { return fromInternational(digits[...]) }
        if digits.count >= 2, digits[0] == UInt8(ascii: "0"), digits[1] == UInt8(ascii: "0") {
            let rest = digits.dropFirst(2)
            return rest.isEmpty ? nil : fromInternational(rest)
        }
        guard let plan = plan(for: countryCode) else { return nil }
        return fromNational(digits[...], plan: plan)
    }

    /// Why `raw` is not a phone number of `countryCode`, or nil when it is one.
    public static func problem(_ raw: String, countryCode: String) -> String? {
        guard normalize(raw, countryCode: countryCode) == nil else { return nil }
        if let plan = plan(for: countryCode) { return "phone is not a valid \(plan.country) number (\(plan.rule))" }
        return "phone needs an international prefix (+ or 00) for country \(countryCode.uppercased())"
    }

    /// Reads `digits` after `+`: a known calling code must be followed by a valid national number.
    private static func fromInternational(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
        if let index = plans.firstIndex(where: { digits.starts(with: $0.callingCode) }) {
            let plan = plans[index]
            return fromNational(digits.dropFirst(plan.callingCode.count), plan: plan, afterCode: true)
        }
        // A country we have no plan for: E.164 allows up to 15 digits.
        guard (8...15).contains(digits.count), digits.first != UInt8(ascii: "0") else { return nil }
        return "+" + String(decoding: digits, as: UTF8.self)
    }

    /// Reads a national number: drops the trunk prefix (or a written-out calling code) and checks the length.
    private static func fromNational(_ digits: Slice<UnsafeBufferPointer<UInt8>>, plan: Plan,
                                     afterCode: Bool = false) -> String? {
        var national = digits
        if let trunk = plan.trunkPrefix, national.starts(with: trunk), plan.allows(national.dropFirst(trunk.count)) {
            national = national.dropFirst(trunk.count)
        } else if !afterCode, national.starts(with: plan.callingCode),
                  plan.allows(national.dropFirst(plan.callingCode.count)) {
            national = national.dropFirst(plan.callingCode.count)
        }

        guard plan.allows(national), national.first != UInt8(ascii: "0") else { return nil }
        return String(unsafeUninitializedCapacity: 1 + plan.callingCode.count + national.count) { buffer in
            buffer[0] = UInt8(ascii: "+")
            var index = 1
            for byte in plan.callingCode {
                buffer[index] = byte
                index += 1
            }
            for byte in national {
                buffer[index] = byte
                index += 1
            }
            return index
        }
    }
}
