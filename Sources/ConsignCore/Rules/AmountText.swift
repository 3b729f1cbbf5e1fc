import ConsignSupport

/// Amounts of money as people type them. `1.290` and `1,290` are 1290 with a thousands separator
/// in one convention and 1.29 with a decimal separator in the other, and both conventions are
/// accepted elsewhere in the same column (`1.290,50`, `1,290.50`): read either way, one reading
/// collects a thousand times too much or too little on delivery. Such an amount is refused.
public enum AmountText {
    /// True when `bytes`, white space around them aside, are an optional minus, one to three
    /// digits, one `.` or `,`, and exactly three digits.
    public static func isAmbiguous(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        if start < end, bytes[start] == UInt8(ascii: "-") { start += 1 }

        let length = end - start
        // A leading 0 starts no thousands group: 0.290 is a decimal.
        guard (5...7).contains(length), bytes[start] != UInt8(ascii: "0") else { return false }
        let separator = end - 4
        guard bytes[separator] == UInt8(ascii: ".") || bytes[separator] == UInt8(ascii: ",") else { return false }
        return (start..<end).allSatisfy { $0 == separator || (0x30...0x39).contains(bytes[$0]) }
    }

    /// `isAmbiguous` on a string's UTF-8.
    public static func isAmbiguous(_ text: String) -> Bool {
        text.withUTF8Bytes(isAmbiguous)
    }

    /// The most digits a number may have: beyond them Foundation's `Decimal` (38 digits) keeps
    /// other digits than those written, and the error report would show a different number.
    public static let maximumDigits = 38

    /// True when `text` holds more than `maximumDigits` digits.
    public static func exceedsPrecision(_ text: String) -> Bool {
        text.utf8.count > maximumDigits && text.utf8.count(where: { (0x30...0x39).contains($0) }) > maximumDigits
    }

    /// What the error report says about `text`, a number of too many digits.
    public static func precisionMessage(_ text: String) -> String {
        "'\(text.prefix(40))…' has more than \(maximumDigits) digits; no amount, weight or size is that long"
    }

    /// What the error report says about `text`, an ambiguous amount.
    public static func ambiguityMessage(_ text: String) -> String {
        let trimmed = text.trimmedOfWhitespace
        let grouped = trimmed.filter { $0 != "." && $0 != "," }
        return "'\(trimmed)' could mean \(grouped) or \(trimmed.dropLast(4)).\(trimmed.suffix(3)) (one separator, then "
            + "three digits); write the amount without a thousands separator and with at most two decimals"
    }
}
