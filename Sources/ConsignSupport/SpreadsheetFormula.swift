/// The rule that keeps a CSV field from being run as a spreadsheet formula, for every CSV file
/// Consign writes (results, the tracking export, the handover protocol).
///
/// Excel and LibreOffice read a cell that starts with `=`, `+`, `-`, `@`, a tab or a CR as a
/// formula; such a field gets a leading `'`, which they show as text. A field whose `'`s at the
/// start are followed by one of those gets one too, so that reading a file back is one rule with
/// no exception: strip one leading `'` where the `'`s at the start are followed by one of the six
/// (`'=1` is written `''=1` and reads back as `'=1`).
public enum SpreadsheetFormula {
    /// True for a byte that starts a formula (every one is ASCII, so a UTF-8 byte decides).
    @inline(__always)
    public static func isLead(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: true
        default: false
        }
    }

    /// True when a field of these bytes gets a leading `'`: its first byte that is not a `'`
    /// starts a formula.
    public static func needsLeadingQuote(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count && bytes[index] == UInt8(ascii: "'") { index += 1 }
        return index < bytes.count && isLead(bytes[index])
    }

    /// `value` with a leading `'` when it needs one (`needsLeadingQuote`).
    public static func neutralised(_ value: String) -> String {
        guard value.withUTF8Bytes(needsLeadingQuote) else { return value }
        return "'" + value
    }
}
