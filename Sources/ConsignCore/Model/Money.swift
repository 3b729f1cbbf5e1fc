import Foundation

/// An amount of money in one currency, always rounded to two decimals. Never `Double`.
public struct Money: Codable, Hashable, Sendable {
    /// The amount, rounded half-up to two decimals.
    public let value: Decimal
    /// ISO 4217 code in upper case, e.g. `CZK`.
    public let currencyCode: String

    /// Creates an amount, rounding `value` to two decimals and upper-casing the currency.
    public init(_ value: Decimal, _ currencyCode: String) {
        self.value = value.roundedToCents
        self.currencyCode = currencyCode.uppercased()
    }

    /// Shoptet's price string: dot, exactly two decimals (`"1290.00"`).
    public var formattedValue: String { value.priceString }

    private enum CodingKeys: String, CodingKey { case value, currencyCode }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .value)
        guard let amount = Decimal.parse(price: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: .value, in: container, debugDescription: "not a price: \(text)")
        }
        self.init(amount, try container.decode(String.self, forKey: .currencyCode))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(formattedValue, forKey: .value)
        try container.encode(currencyCode, forKey: .currencyCode)
    }
}

extension Decimal {
    /// This value rounded half-up to two decimals.
    public var roundedToCents: Decimal { rounded(scale: 2) }

    /// This value rounded half-up to `scale` decimals.
    public func rounded(scale: Int) -> Decimal {
        var input = self
        var output = Decimal()
        NSDecimalRound(&output, &input, scale, .plain)
        return output
    }

    /// Formats with a dot and exactly two decimals, e.g. `1290.00`, `-5.50`.
    public var priceString: String { fixed(decimals: 2) }

    /// Formats with a dot and exactly `decimals` decimals (weights use 3).
    public func fixed(decimals: Int) -> String {
        let rounded = self.rounded(scale: decimals)
        // Significands over 64 bits (never an amount or a weight) take the general path below.
        if let fast = rounded.digitText(decimals: decimals) { return fast }
        let negative = rounded < 0
        let magnitude = negative ? -rounded : rounded
        var scaled = magnitude
        for _ in 0..<decimals { scaled *= 10 }
        let digits = NSDecimalNumber(decimal: scaled.rounded(scale: 0)).stringValue
        let padded = String(repeating: "0", count: max(0, decimals + 1 - digits.count)) + digits
        let split = padded.index(padded.endIndex, offsetBy: -decimals)
        let whole = padded[..<split]
        let fraction = padded[split...]
        let body = decimals == 0 ? String(whole) : "\(whole).\(fraction)"
        return negative ? "-" + body : body
    }

    /// The value as plain text (`1.25`, `-3`, `0.005`): what `description` says, without its
    /// cost (about 4 µs a call, several calls per order). Falls back to `description` for
    /// significands over 64 bits.
    public var plainText: String {
        guard let (magnitude, exponent, negative) = smallParts else { return description }
        if exponent >= 0 {
            guard let digits = Self.scaled(magnitude, by: exponent) else { return description }
            return Self.text(digits, decimals: 0, negative: negative && digits != 0)
        }
        return Self.text(magnitude, decimals: -exponent, negative: negative && magnitude != 0)
    }

    /// `self / divisor` rounded half-up to `scale` decimals. Integer arithmetic when the value
    /// fits in 64 bits at that scale; Foundation's division (about 60,000 instructions a call,
    /// once per order with several parcels) only otherwise.
    public func divided(by divisor: Int, roundedTo scale: Int) -> Decimal {
        guard divisor > 0, scale >= 0, let units = units(scale: scale) else {
            return (self / Decimal(divisor)).rounded(scale: scale)
        }
        let count = units.magnitude
        let share = count / UInt64(divisor) + (count % UInt64(divisor) * 2 >= UInt64(divisor) ? 1 : 0)
        return Decimal(units: units < 0 ? -Int64(share) : Int64(share), scale: scale)
    }

    /// The sum of `values`: in integer thousandths while every value is exact there (weights
    /// and amounts always are), so a 100,000-parcel protocol does not pay Foundation's Decimal
    /// addition per parcel; the rest, if any, added as Decimals. Inlinable: unspecialised, the
    /// loop over another module's lazy sequence looked its generic metadata up for every value.
    @inlinable
    public static func exactSum(_ values: some Sequence<Decimal>) -> Decimal {
        var thousandths: Int64 = 0
        var rest = Decimal(0)
        for value in values {
            if let exact = value.thousandths {
                let (sum, overflow) = thousandths.addingReportingOverflow(exact)
                if !overflow {
                    thousandths = sum
                    continue
                }
            }
            rest += value
        }
        let exact = Decimal(units: thousandths, scale: 3)
        return rest == 0 ? exact : exact + rest
    }

    /// `a + b`, in integer thousandths when both are exact there; Foundation's addition otherwise.
    public static func exactSum(_ a: Decimal, _ b: Decimal) -> Decimal {
        if let x = a.thousandths, let y = b.thousandths, case let (sum, false) = x.addingReportingOverflow(y) {
            return Decimal(units: sum, scale: 3)
        }
        return a + b
    }

    /// `a × b`, exactly in 64-bit integers when both significands fit and so does their product
    /// (Foundation's multiplication costs several thousand instructions; a POHODA order pays
    /// two per item); Foundation's multiplication otherwise.
    public static func exactProduct(_ a: Decimal, _ b: Decimal) -> Decimal {
        guard let (x, xExponent, xNegative) = a.smallParts, let (y, yExponent, yNegative) = b.smallParts,
              case let (product, false) = x.multipliedReportingOverflow(by: y), product <= UInt64(Int64.max),
              let exponent = Int8(exactly: xExponent + yExponent)
        else { return a * b }
        // Foundation drops the significand's trailing zeros here, as its own arithmetic does.
        let magnitude = Decimal(sign: .plus, exponent: Int(exponent), significand: Decimal(product))
        return xNegative != yNegative && product != 0 ? -magnitude : magnitude
    }

    /// The value in thousandths when that is an exact 64-bit integer (every real weight and
    /// dimension), for limit checks in integers: Foundation's Decimal addition and comparison
    /// cost thousands of instructions each, several per parcel and service.
    public var thousandths: Int64? { units(scale: 3) }

    /// `a < b`, in integer thousandths when both are exact there (Foundation's comparison costs
    /// about a thousand instructions; a package's sides and COD limits are compared per order).
    public static func isLess(_ a: Decimal, _ b: Decimal) -> Bool {
        if let x = a.thousandths, let y = b.thousandths { return x < y }
        return a < b
    }

    /// The value of `units` × 10^-`scale` (`Decimal(units: 1250, scale: 3)` is 1.25).
    public init(units: Int64, scale: Int) {
        self.init(sign: units < 0 ? .minus : .plus, exponent: -scale, significand: Decimal(units.magnitude))
    }

    /// The value × 10^`scale` when that is an exact 64-bit integer, else nil.
    private func units(scale: Int) -> Int64? {
        guard let (magnitude, exponent, negative) = smallParts, exponent >= -scale,
            let units = Self.scaled(magnitude, by: exponent + scale), units <= UInt64(Int64.max)
        else { return nil }
        return negative ? -Int64(units) : Int64(units)
    }

    /// `fixed(decimals:)` for an already rounded value whose significand fits in 64 bits.
    private func digitText(decimals: Int) -> String? {
        guard decimals >= 0, let (magnitude, exponent, negative) = smallParts, exponent >= -decimals,
            let digits = Self.scaled(magnitude, by: exponent + decimals)
        else { return nil }
        return Self.text(digits, decimals: decimals, negative: negative && digits != 0)
    }

    /// Significand (as an integer), exponent and sign; nil when the significand needs over 64 bits.
    private var smallParts: (UInt64, Int, Bool)? {
        if Self.isStorageReadable { return storedParts }
        guard isFinite else { return nil }
        let significand = self.magnitude.significand
        let magnitude = NSDecimalNumber(decimal: significand).uint64Value
        guard Decimal(magnitude) == significand else { return nil }
        return (magnitude, exponent, self < 0)
    }

    /// `smallParts` read from the value's storage: exponent byte, then length (high nibble) and
    /// sign (bit 3) byte, then 16-bit significand words, low first. Foundation's own route
    /// (`significand` through NSDecimalNumber, then a comparison with zero) cost about 2,000
    /// instructions, several times per order; this is used only when `isStorageReadable`.
    private var storedParts: (UInt64, Int, Bool)? {
        withUnsafeBytes(of: self) { raw -> (UInt64, Int, Bool)? in
            let length = Int(raw[1] >> 4)
            let negative = raw[1] & 0x08 != 0
            guard length <= 4, length > 0 || !negative else { return nil }  // length 0 and negative: NaN
            var magnitude: UInt64 = 0
            for word in stride(from: length - 1, through: 0, by: -1) {
                magnitude = magnitude << 16 | UInt64(raw[4 + 2 * word]) | UInt64(raw[5 + 2 * word]) << 8
            }
            // Zero has no sign and, as `exponent` reports it, no exponent.
            guard magnitude != 0 else { return (0, 0, false) }
            return (magnitude, Int(Int8(bitPattern: raw[0])), negative)
        }
    }

    /// True when this Foundation lays a Decimal out as `storedParts` reads it: checked once
    /// against values whose parts are known (else the slow route is used everywhere).
    static let isStorageReadable: Bool = {
        guard MemoryLayout<Decimal>.size == 20 else { return false }
        let samples: [(String, UInt64, Int, Bool)] = [
            ("-1234.5", 12345, -1, true), ("65536", 65536, 0, false), ("0", 0, 0, false),
            ("123456789012.345", 123_456_789_012_345, -3, false), ("18446744073709551615", UInt64.max, 0, false),
            ("-0.001", 1, -3, true),
        ]
        let known = samples.allSatisfy { text, magnitude, exponent, negative in
            guard let parts = Decimal(string: text, locale: nil)?.storedParts else { return false }
            return parts == (magnitude, exponent, negative)
        }
        return known && Decimal(string: "18446744073709551616", locale: nil)?.storedParts == nil
            && Decimal.nan.storedParts == nil
    }()

    private static func scaled(_ value: UInt64, by power: Int) -> UInt64? {
        var result = value
        for _ in 0..<max(0, power) {
            let (product, overflow) = result.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            result = product
        }
        return result
    }

    /// `digits` with a dot before its last `decimals` digits (zero-padded), and a minus sign.
    private static func text(_ digits: UInt64, decimals: Int, negative: Bool) -> String {
        var count = 1
        var rest = digits / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        let shown = max(count, decimals + 1)  // a digit before the dot, always
        let length = shown + (decimals > 0 ? 1 : 0) + (negative ? 1 : 0)

        return String(unsafeUninitializedCapacity: length) { buffer in
            var index = length - 1
            var value = digits
            for position in 0..<shown {
                if decimals > 0, position == decimals {
                    buffer[index] = UInt8(ascii: ".")
                    index -= 1
                }
                buffer[index] = UInt8(48 + value % 10)
                value /= 10
                index -= 1
            }
            if negative { buffer[0] = UInt8(ascii: "-") }
            return length
        }
    }

    /// Parses a plain decimal with a dot (`1290.5`, `-3`); nil for anything else.
    ///
    /// Parsed by hand from the digits (no Locale, no Scanner): this runs for every number of
    /// every order, and Foundation's locale-aware parsing costs tens of microseconds a call.
    public static func parse(price text: String) -> Decimal? {
        var mantissa: UInt64 = 0
        var exponent = 0
        var digits = 0
        var seenDot = false
        var negative = false
        var significant = 0
        var bytes = text.utf8[...]
        while bytes.first == UInt8(ascii: " ") { bytes = bytes.dropFirst() }
        while bytes.last == UInt8(ascii: " ") { bytes = bytes.dropLast() }
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                if mantissa == 0 && byte == UInt8(ascii: "0") {
                    if seenDot { exponent -= 1 }
                    continue
                }
                significant += 1
                guard significant <= 19 else { return Decimal(string: text, locale: nil) }
                mantissa = mantissa * 10 + UInt64(byte - UInt8(ascii: "0"))
                if seenDot { exponent -= 1 }
            case UInt8(ascii: "."):
                if seenDot { return nil }
                seenDot = true
            case UInt8(ascii: "-") where index == 0:
                negative = true
            default:
                return nil
            }
        }
        guard digits > 0 else { return nil }
        return Decimal(sign: negative && mantissa != 0 ? .minus : .plus, exponent: exponent,
                       significand: Decimal(mantissa))
    }

    /// Parses a decimal as ERPs write it: dot or comma decimal, spaces, NBSP or narrow NBSP
    /// as thousands separators (`1 290,50`, `1290.50`, `1.290,50`); nil if not a number.
    public static func parse(localized text: String) -> Decimal? {
        var cleaned = ""
        for scalar in text.unicodeScalars where ![" ", "\u{00A0}", "\u{202F}", "\t"].contains(scalar) {
            cleaned.unicodeScalars.append(scalar)
        }
        let commas = cleaned.filter { $0 == "," }.count
        let dots = cleaned.filter { $0 == "." }.count
        if commas == 1 && dots == 0 {
            cleaned = cleaned.replacingOccurrences(of: ",", with: ".")
        } else if commas == 1 && dots >= 1, let comma = cleaned.lastIndex(of: ","),
                  let dot = cleaned.lastIndex(of: "."), dot < comma {
            cleaned = cleaned.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
        } else if commas >= 1 && dots == 1, let comma = cleaned.lastIndex(of: ","),
                  let dot = cleaned.lastIndex(of: "."), comma < dot {
            cleaned = cleaned.replacingOccurrences(of: ",", with: "")
        } else if commas > 0 {
            return nil
        }
        return parse(price: cleaned)
    }
}
