/// Writing one CSV field safely: quoting and neutralising spreadsheet formulas.
public enum CSVField {
    /// Prefixes `'` when `value` starts with `=`, `+`, `-`, `@`, tab or CR, so Excel and
    /// LibreOffice show it as text instead of evaluating it (CSV formula injection).
    public static func neutralised(_ value: String) -> String {
        guard let byte = value.utf8.first, isFormulaLead(byte) else { return value }
        return "'" + value
    }

    /// True for the first byte of a field that a spreadsheet would read as a formula (every
    /// lead is ASCII, so the first UTF-8 byte decides).
    @inline(__always)
    public static func isFormulaLead(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: true
        default: false
        }
    }

    /// The field as it goes into a CSV line: neutralised, then quoted with doubled inner quotes
    /// when it holds the separator, a quote, CR or LF, or starts/ends with a space.
    /// A plain field (nearly every one) comes back as it is, checked byte by byte.
    public static func escape(_ value: String, separator: Character = ";") -> String {
        let safe = neutralised(value)
        guard needsQuotes(safe, separator: separator) else { return safe }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// True when `value` holds the separator, a quote, CR or LF, or starts or ends with a space;
    /// all of them are ASCII, so the UTF-8 bytes decide.
    private static func needsQuotes(_ value: String, separator: Character) -> Bool {
        guard let separatorByte = separator.asciiValue else {
            return value.contains { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
                || value.first == " " || value.last == " "
        }
        var text = value
        return text.withUTF8 { bytes in
            guard let first = bytes.first, let last = bytes.last else { return false }
            if first == UInt8(ascii: " ") || last == UInt8(ascii: " ") { return true }
            return bytes.contains { $0 == separatorByte || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        }
    }
}
