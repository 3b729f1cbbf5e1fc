import ConsignCore
import ConsignSupport

/// Writes Consign's result XML (`<consign-results version="1">`, one `<result>` per order) in the
/// input's encoding: UTF-8, Windows-1250 or ISO-8859-2 (CP852 input gets UTF-8 results, since
/// XML tools rarely read CP852). See docs/formats/XML.md.
public final class XMLResultWriter: ResultWriter {
    /// The input format, repeated in the root's `format` attribute.
    public let format: OrderFormat
    /// The encoding the bytes are written in and declared as.
    public let encoding: TextEncoding
    /// The line ending between elements.
    public let lineEnding: LineEnding
    /// Whether a UTF-8 BOM starts the file (only when the input had one).
    public let byteOrderMark: Bool
    /// Always empty: a character the encoding cannot hold is written as a character
    /// reference (`&#xF8;`), which every XML reader turns back into the character.
    public let transliterated: Set<Character> = []
    /// The element being written, kept between rows so that its buffer is allocated once.
    private var line: [UInt8] = []

    /// Creates a writer for results of a `format` file, written in `encoding` where XML allows it.
    public init(format: OrderFormat, encoding: TextEncoding, lineEnding: LineEnding = .lf,
                byteOrderMark: Bool = false) {
        self.format = format
        self.encoding = encoding == .cp852 ? .utf8 : encoding
        self.lineEnding = lineEnding
        self.byteOrderMark = byteOrderMark && self.encoding == .utf8
    }

    /// Creates a writer that repeats the input file's format, encoding, line ending and BOM.
    public convenience init(dialect: FileDialect) {
        self.init(format: dialect.format, encoding: dialect.encoding, lineEnding: dialect.lineEnding,
                  byteOrderMark: dialect.hasByteOrderMark)
    }

    /// Writes the XML declaration and opens the root element.
    public func begin(emit: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let bom: [UInt8] = byteOrderMark ? [0xEF, 0xBB, 0xBF] : []
        let declaration = "<?xml version=\"1.0\" encoding=\"\(encoding.rawValue)\"?>" + lineEnding.rawValue
        let root = "<consign-results version=\"1\" format=\"\(format.rawValue)\">" + lineEnding.rawValue
        try (bom + Array(declaration.utf8) + Array(root.utf8)).withUnsafeBufferPointer(emit)
    }

    /// Writes one `<result>` element with its tracking numbers and error.
    public func write(_ row: ResultRow, emit: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var bytes: [UInt8] = []
        swap(&bytes, &line)
        defer { swap(&bytes, &line) }
        bytes.removeAll(keepingCapacity: true)
        bytes.reserveCapacity(512)
        bytes.append(static: "  <result")
        appendAttributes(of: row, to: &bytes)
        let hasError = row.errorCode != nil || row.message != nil
        if row.trackingNumbers.isEmpty && !hasError {
            bytes.append(static: "/>")
            lineEnding.append(to: &bytes)
        } else {
            bytes.append(static: ">")
            lineEnding.append(to: &bytes)
            appendChildren(of: row, hasError: hasError, to: &bytes)
            bytes.append(static: "  </result>")
            lineEnding.append(to: &bytes)
        }
        try bytes.withUnsafeBufferPointer(emit)
    }

    /// Closes the root element.
    public func finish(emit: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try Array(("</consign-results>" + lineEnding.rawValue).utf8).withUnsafeBufferPointer(emit)
    }

    private func appendAttributes(of row: ResultRow, to bytes: inout [UInt8]) {
        appendAttribute("orderCode", row.orderCode, to: &bytes)
        appendAttribute("outcome", row.outcome.rawValue, to: &bytes)
        appendAttribute("guid", row.guid, to: &bytes)
        appendAttribute("carrier", row.carrierCode, to: &bytes)
        appendAttribute("service", row.serviceCode, to: &bytes)
        appendAttribute("status", row.status, to: &bytes)
        appendAttribute("line", row.location.line.map(String.init), to: &bytes)
        appendAttribute("element", row.location.element, to: &bytes)
    }

    private func appendChildren(of row: ResultRow, hasError: Bool, to bytes: inout [UInt8]) {
        for (index, number) in row.trackingNumbers.enumerated() {
            bytes.append(static: "    <trackingNumber")
            if index == 0 { appendAttribute("url", row.trackingUrl, to: &bytes) }
            bytes.append(static: ">")
            appendText(number, inAttribute: false, to: &bytes)
            bytes.append(static: "</trackingNumber>")
            lineEnding.append(to: &bytes)
        }
        if hasError {
            bytes.append(static: "    <error")
            appendAttribute("code", row.errorCode, to: &bytes)
            appendAttribute("field", row.field, to: &bytes)
            bytes.append(static: ">")
            appendText(row.message ?? "", inAttribute: false, to: &bytes)
            bytes.append(static: "</error>")
            lineEnding.append(to: &bytes)
        }
    }

    /// ` name="value"`, or nothing for a missing value.
    private func appendAttribute(_ name: StaticString, _ value: String?, to bytes: inout [UInt8]) {
        guard let value else { return }
        bytes.append(UInt8(ascii: " "))
        bytes.append(static: name)
        bytes.append(static: "=\"")
        appendText(value, inAttribute: true, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// The text escaped and in the file's encoding: UTF-8 and ASCII text (nearly all of it) is
    /// escaped byte by byte; other text goes scalar by scalar through the code page, and a
    /// scalar it cannot hold becomes a character reference.
    private func appendText(_ value: String, inAttribute: Bool, to bytes: inout [UInt8]) {
        let copied = value.withUTF8Bytes { utf8 in
            guard encoding == .utf8 || !ByteScan.containsNonASCII(utf8) else { return false }
            XMLEscaping.appendEscaped(utf8, inAttribute: inAttribute, to: &bytes)
            return true
        }
        guard !copied, let page = encoding.codePage else { return }
        for scalar in XMLEscaping.escape(value, inAttribute: inAttribute).unicodeScalars {
            if let byte = page.byte(for: scalar) {
                bytes.append(byte)
            } else {
                bytes += "&#x\(String(scalar.value, radix: 16, uppercase: true));".utf8
            }
        }
    }
}
