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
    private var lineBuffer: [UInt8] = []
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
    public func begin(emit: (borrowing [UInt8]) throws -> Void) throws {
        if dialect.hasByteOrderMark && dialect.encoding == .utf8 { try emit([0xEF, 0xBB, 0xBF]) }
        try emit(line(Self.columnNames))
    }

    /// Writes one row (into a line buffer kept across rows: no array of fields, no new line).
    public func write(_ row: ResultRow, emit: (borrowing [UInt8]) throws -> Void) throws {
        var bytes: [UInt8] = []
        swap(&bytes, &lineBuffer)
        defer { swap(&bytes, &lineBuffer) }
        bytes.removeAll(keepingCapacity: true)
        let separator = dialect.separator ?? UInt8(ascii: ";")
        let isUTF8 = dialect.encoding == .utf8
        // Field by field, not through an array of the fields (one allocation and a retain each).
        func append(_ field: String?) {
            bytes.append(separator)
            appendQuoted(field ?? "", isUTF8: isUTF8, to: &bytes)
        }
        appendQuoted(row.orderCode, isUTF8: isUTF8, to: &bytes)
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
        dialect.lineEnding.append(to: &bytes)
        if encodingMayChange && !wroteNonASCII {
            wroteNonASCII = bytes.withUnsafeBufferPointer(ByteScan.containsNonASCII)
        }
        try emit(bytes)
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
    public func finish(emit: (borrowing [UInt8]) throws -> Void) throws {}

    /// Builds the line's bytes directly: ASCII fields (nearly all of them) are copied, quoted
    /// and doubled byte by byte; only a field with other characters goes through the encoder.
    private func line(_ fields: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        let separator = dialect.separator ?? UInt8(ascii: ";")
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(separator) }
            appendQuoted(field, to: &bytes)
        }
        dialect.lineEnding.append(to: &bytes)
        return bytes
    }

    /// The field neutralised against formulas, quoted, inner quotes doubled, in the file's encoding.
    private func appendQuoted(_ value: String, to bytes: inout [UInt8]) {
        appendQuoted(value, isUTF8: dialect.encoding == .utf8, to: &bytes)
    }

    /// `appendQuoted` with the encoding test done once per line, and the string's UTF-8 read in
    /// place, once: its first byte (a formula lead is ASCII in every encoding written), whether it
    /// needs the encoder, and the copy.
    private func appendQuoted(_ value: String, isUTF8: Bool, to bytes: inout [UInt8]) {
        let copied = value.withUTF8Bytes { utf8 in
            guard isUTF8 || !ByteScan.containsNonASCII(utf8) else { return false }
            Self.appendQuoted(utf8, leadingQuote: utf8.first.map(CSVField.isFormulaLead) ?? false, to: &bytes)
            return true
        }
        guard !copied else { return }
        let lead = value.utf8.first.map(CSVField.isFormulaLead) ?? false
        dialect.encoding.encode(value, lossy: &transliterated).withUnsafeBufferPointer {
            Self.appendQuoted($0, leadingQuote: lead, to: &bytes)
        }
    }

    /// `"`, `'` when `leadingQuote`, the bytes with quotes doubled, `"`.
    private static func appendQuoted(_ field: UnsafeBufferPointer<UInt8>, leadingQuote: Bool, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        if leadingQuote { bytes.append(UInt8(ascii: "'")) }
        CSVField.appendDoublingQuotes(field, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }
}
