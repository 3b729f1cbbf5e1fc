import ConsignCore
import Foundation

/// Parses decimals straight from a field's bytes, with the rules of `Decimal.parse(localized:)`
/// (dot or comma decimal, space/tab/NBSP/narrow-NBSP grouping, `1.290,50`, `1,290.50`) but
/// without building strings: reading numbers is on the hot path of every order.
enum CSVNumber {
    /// What the separators in a field mean.
    private struct Shape {
        var decimal: UInt8
        var grouping: UInt8?
    }

    private static let dot = UInt8(ascii: ".")
    private static let comma = UInt8(ascii: ",")

    /// What a field holds.
    enum Parsed: Equatable {
        case number(Decimal)
        case notANumber
        /// More digits than 64 bits hold: let the core's string parser decide.
        case tooLong
    }

    /// The number in `bytes` (ASCII digits in any of Consign's encodings). Whole crowns written
    /// the Czech way, `1290,-` or `1290.-`, are 1290.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Parsed {
        if bytes.count >= 3, bytes[bytes.count - 1] == UInt8(ascii: "-"),
            bytes[bytes.count - 2] == UInt8(ascii: ",") || bytes[bytes.count - 2] == UInt8(ascii: "."),
            (0x30...0x39).contains(bytes[bytes.count - 3]) {
            return parse(UnsafeBufferPointer(rebasing: bytes[..<(bytes.count - 2)]))
        }
        guard let shape = shape(of: bytes) else { return .notANumber }
        var significand: UInt64 = 0
        var fractionDigits = 0
        var isNegative = false
        var seenDecimal = false
        var seenDigit = false
        var seenAnything = false
        var index = 0
        while index < bytes.count {
            let skip = spaceLength(bytes, at: index)
            if skip > 0 {
                index += skip
                continue
            }
            let byte = bytes[index]
            index += 1
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                guard significand < 1_000_000_000_000_000_000 / 10 else { return .tooLong }
                significand = significand * 10 + UInt64(byte - UInt8(ascii: "0"))
                if seenDecimal { fractionDigits += 1 }
                seenDigit = true
            } else if byte == UInt8(ascii: "-") && !seenAnything {
                isNegative = true
            } else if byte == shape.decimal && !seenDecimal {
                seenDecimal = true
            } else if byte != shape.grouping {
                return .notANumber
            }
            seenAnything = true
        }
        guard seenDigit else { return .notANumber }
        return .number(Decimal(sign: isNegative && significand != 0 ? .minus : .plus, exponent: -fractionDigits,
                               significand: Decimal(significand)))
    }

    /// Counts separators to decide which one is the decimal mark, as the core's parser does.
    private static func shape(of bytes: UnsafeBufferPointer<UInt8>) -> Shape? {
        var commas = 0
        var dots = 0
        var lastComma = -1
        var lastDot = -1
        for (index, byte) in bytes.enumerated() {
            if byte == comma {
                commas += 1
                lastComma = index
            } else if byte == dot {
                dots += 1
                lastDot = index
            }
        }
        if commas == 0 { return Shape(decimal: dot, grouping: nil) }
        if commas == 1 && dots == 0 { return Shape(decimal: comma, grouping: nil) }
        if commas == 1 && lastDot < lastComma { return Shape(decimal: comma, grouping: dot) }
        if dots == 1 && lastComma < lastDot { return Shape(decimal: dot, grouping: comma) }
        return nil
    }

    /// The length of a space at `index`: space, tab, NBSP (0xA0 single-byte, C2 A0 UTF-8) or
    /// narrow NBSP (E2 80 AF UTF-8); 0 for anything else.
    private static func spaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        switch bytes[index] {
        case 0x20, 0x09, 0xA0: return 1
        case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA0: return 2
        case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0xAF: return 3
        default: return 0
        }
    }
}
