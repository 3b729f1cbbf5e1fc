/// Writing one CSV field safely: quoting and neutralising spreadsheet formulas.
public enum CSVField {
    /// Characters that make a spreadsheet read a cell as a formula when they come first.
    public static let formulaLeads: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

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
    public static func escape(_ value: String, separator: Character = ";") -> String {
        let safe = neutralised(value)
        let needsQuotes = safe.contains { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || safe.first == " " || safe.last == " "
        guard needsQuotes else { return safe }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
