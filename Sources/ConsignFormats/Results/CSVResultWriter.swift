import ConsignSupport

/// Writes a CSV result file in the input's dialect: separator, encoding, line ending, BOM.
///
/// Columns: orderCode, outcome, guid, carrier, service, status, trackingNumbers (space-separated),
/// trackingUrl, errorCode, field, message. Every field is quoted and neutralised against
/// spreadsheet formulas (see `CSVField`). Characters the encoding cannot hold are transliterated
/// and collected in `transliterated`.
public final class CSVResultWriter: ResultWriter {
    /// The column names of the header row.
    public static let columnNames = [
        "orderCode", "outcome", "guid", "carrier", "service", "status", "trackingNumbers", "trackingUrl",
        "errorCode", "field", "message",
    ]

    /// The dialect the file is written in.
    public private(set) var dialect: FileDialect
    /// Characters the target encoding could not hold and that were transliterated.
    public private(set) var transliterated: Set<Character> = []
    /// The row being written, kept from row to row.
    private var line = ByteBuffer(capacity: 512)
    /// Whether `refine` may still change the encoding: the input's is undecided and has not
    /// changed yet. Only then are lines checked for non-ASCII bytes (`wroteNonASCII`).
    private var encodingMayChange: Bool
    private var wroteNonASCII = false
    /// Creates a writer for an input of `dialect` (a missing separator means `;`).
    public init(dialect: FileDialect) {
        self.dialect = dialect
        encodingMayChange = dialect.encodingEvidence == .defaultEncoding
    }

    /// Writes the BOM (when the input had one and the output is UTF-8) and the header row.
    public func begin(emit: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        if dialect.hasByteOrderMark && dialect.encoding == .utf8 {
            try [0xEF, 0xBB, 0xBF].withUnsafeBufferPointer(emit)
        }
        line.removeAll()
        let separator = dialect.separator ?? UInt8(ascii: ";")
        let isUTF8 = dialect.encoding == .utf8
        for (index, name) in Self.columnNames.enumerated() {
            if index > 0 { line.append(separator) }
            appendQuoted(name, isUTF8: isUTF8)
        }
        dialect.lineEnding.append(to: &line)
        try line.withBytes(emit)
    }

    /// Writes one row (into a line buffer kept across rows, written through a pointer: no array
    /// of fields, and no uniqueness test per byte as in `[UInt8]`).
    public func write(_ row: ResultRow, emit: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        line.removeAll()
        row.withFields(appendFields)
        dialect.lineEnding.append(to: &line)
        if encodingMayChange && !wroteNonASCII {
            wroteNonASCII = line.withBytes(ByteScan.containsNonASCII)
        }
        try line.withBytes(emit)
    }

    /// The row's fields, separated (field by field, not through an array of them: one allocation
    /// and a retain each).
    private func appendFields(_ row: borrowing ResultRow.Fields) {
        let separator = dialect.separator ?? UInt8(ascii: ";")
        let isUTF8 = dialect.encoding == .utf8
        func append(_ field: String?) {
            line.append(separator)
            appendQuoted(field ?? "", isUTF8: isUTF8)
        }
        appendQuoted(row.orderCode, isUTF8: isUTF8)
        append(row.outcome.rawValue)
        append(row.guid)
        append(row.carrierCode)
        append(row.serviceCode)
        append(row.status)
        append(row.trackingNumbers.count == 1 ? row.trackingNumbers[0] : row.trackingNumbers.joined(separator: " "))
        append(row.trackingUrl)
        append(row.errorCode)
        append(row.field)
        append(row.message)
    }

    /// Writes later rows in `encoding` (see `ResultWriter.refine(encoding:)`).
    public func refine(encoding: TextEncoding) -> TextEncoding? {
        guard encoding != dialect.encoding else { return nil }
        let previous = dialect.encoding
        dialect.encoding = encoding
        encodingMayChange = false
        return wroteNonASCII ? previous : nil
    }

    /// CSV has no trailer.
    public func finish(emit: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {}

    /// The field neutralised against formulas, quoted, inner quotes doubled, in the file's
    /// encoding; the encoding test done once per line, and the string's UTF-8 read in place,
    /// once: its first byte (a formula lead is ASCII in every encoding written), whether it needs
    /// the encoder, and the copy. ASCII fields (nearly all of them) are copied as they are.
    private func appendQuoted(_ value: String, isUTF8: Bool) {
        let copied = value.withUTF8Bytes { utf8 in
            guard isUTF8 || !ByteScan.containsNonASCII(utf8) else { return false }
            appendQuoted(utf8, leadingQuote: SpreadsheetFormula.needsLeadingQuote(utf8))
            return true
        }
        guard !copied else { return }
        let lead = value.withUTF8Bytes(SpreadsheetFormula.needsLeadingQuote)
        dialect.encoding.encode(value, lossy: &transliterated).withUnsafeBufferPointer {
            appendQuoted($0, leadingQuote: lead)
        }
    }

    /// `"`, `'` when `leadingQuote`, the bytes with quotes doubled, `"`.
    private func appendQuoted(_ field: UnsafeBufferPointer<UInt8>, leadingQuote: Bool) {
        line.append(UInt8(ascii: "\""))
        if leadingQuote { line.append(UInt8(ascii: "'")) }
        CSVField.appendDoublingQuotes(field, to: &line)
        line.append(UInt8(ascii: "\""))
    }
}
