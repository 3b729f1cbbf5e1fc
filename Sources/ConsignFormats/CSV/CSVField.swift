import ConsignSupport

/// Writing one CSV field safely: quoting, and neutralising spreadsheet formulas
/// (`SpreadsheetFormula`).
public enum CSVField {
    /// The field as it goes into a CSV line: neutralised, then quoted with doubled inner quotes
    /// when it holds the separator, a quote, CR or LF, or starts/ends with a space.
    /// A plain field (nearly every one) comes back as it is, checked byte by byte.
    /// The separator must be ASCII (every CSV dialect Consign writes uses one).
    public static func escape(_ value: String, separator: Character = ";") -> String {
        let separatorByte = separator.asciiValue ?? UInt8(ascii: ";")
        var text = value
        let isPlain = text.withUTF8 { utf8 in
            !SpreadsheetFormula.needsLeadingQuote(utf8) && !needsQuotes(utf8, separatorByte)
        }
        if isPlain { return value }
        var line = ByteBuffer(capacity: value.utf8.count + 4)
        text.withUTF8 { appendEscaped($0, separator: separatorByte, to: &line) }
        return line.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends the field's UTF-8 bytes to a CSV line as `escape(_:separator:)` writes them.
    public static func appendEscaped(_ field: UnsafeBufferPointer<UInt8>, separator: UInt8,
                                     to line: inout ByteBuffer) {
        let lead = SpreadsheetFormula.needsLeadingQuote(field)
        // Neutralising puts `'` first, so a leading space no longer calls for quotes.
        let quoted = lead ? field.last == UInt8(ascii: " ") || containsSpecial(field, separator)
            : needsQuotes(field, separator)
        if quoted { line.append(UInt8(ascii: "\"")) }
        if lead { line.append(UInt8(ascii: "'")) }
        guard quoted else {
            line.append(field)
            return
        }
        appendDoublingQuotes(field, to: &line)
        line.append(UInt8(ascii: "\""))
    }

    /// Copies `bytes` with every `"` doubled: runs without a quote (nearly every field) in one copy.
    public static func appendDoublingQuotes(_ bytes: UnsafeBufferPointer<UInt8>, to line: inout ByteBuffer) {
        var start = 0
        while true {
            let quote = ByteScan.firstIndex(of: UInt8(ascii: "\""), in: bytes, from: start)
            guard quote < bytes.count else { break }
            line.append(UnsafeBufferPointer(rebasing: bytes[start...quote]))
            line.append(UInt8(ascii: "\""))
            start = quote + 1
        }
        line.append(UnsafeBufferPointer(rebasing: bytes[start...]))
    }

    /// True when the bytes hold the separator, a quote, CR or LF, or start or end with a space.
    private static func needsQuotes(_ bytes: UnsafeBufferPointer<UInt8>, _ separator: UInt8) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        if first == UInt8(ascii: " ") || last == UInt8(ascii: " ") { return true }
        return containsSpecial(bytes, separator)
    }

    private static func containsSpecial(_ bytes: UnsafeBufferPointer<UInt8>, _ separator: UInt8) -> Bool {
        ByteScan.contains(bytes, anyOf: separator, UInt8(ascii: "\""), 0x0A, 0x0D)
    }
}
