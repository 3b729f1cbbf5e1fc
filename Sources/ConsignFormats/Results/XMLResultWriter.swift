import ConsignCore

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
    /// Characters the encoding could not hold and that were transliterated.
    public private(set) var transliterated: Set<Character> = []

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
    public func begin(emit: (borrowing [UInt8]) throws -> Void) throws {
        let bom: [UInt8] = byteOrderMark ? [0xEF, 0xBB, 0xBF] : []
        let declaration = "<?xml version=\"1.0\" encoding=\"\(encoding.rawValue)\"?>" + lineEnding.rawValue
        let root = "<consign-results version=\"1\" format=\"\(format.rawValue)\">" + lineEnding.rawValue
        try emit(bom + Array(declaration.utf8) + Array(root.utf8))
    }

    /// Writes one `<result>` element with its tracking numbers and error.
    public func write(_ row: ResultRow, emit: (borrowing [UInt8]) throws -> Void) throws {
        var text = "  <result" + attributes(of: row)
        let children = childElements(of: row)
        text += children.isEmpty ? "/>" + lineEnding.rawValue
            : ">" + lineEnding.rawValue + children + "  </result>" + lineEnding.rawValue
        try emit(encoding.encode(text, lossy: &transliterated))
    }

    /// Closes the root element.
    public func finish(emit: (borrowing [UInt8]) throws -> Void) throws {
        try emit(Array(("</consign-results>" + lineEnding.rawValue).utf8))
    }

    private func attributes(of row: ResultRow) -> String {
        let pairs: [(String, String?)] = [
            ("orderCode", row.orderCode), ("outcome", row.outcome.rawValue), ("guid", row.guid),
            ("carrier", row.carrierCode), ("service", row.serviceCode), ("status", row.status),
            ("line", row.location.line.map(String.init)), ("element", row.location.element),
        ]
        return pairs.compactMap { name, value in
            value.map { " \(name)=\"\(XMLEscaping.escape($0, inAttribute: true))\"" }
        }.joined()
    }

    private func childElements(of row: ResultRow) -> String {
        var text = ""
        for (index, number) in row.trackingNumbers.enumerated() {
            let url = index == 0 ? row.trackingUrl.map { " url=\"\(XMLEscaping.escape($0, inAttribute: true))\"" } : nil
            text += "    <trackingNumber\(url ?? "")>\(XMLEscaping.escape(number, inAttribute: false))</trackingNumber>"
                + lineEnding.rawValue
        }
        if row.errorCode != nil || row.message != nil {
            let code = row.errorCode.map { " code=\"\(XMLEscaping.escape($0, inAttribute: true))\"" } ?? ""
            let field = row.field.map { " field=\"\(XMLEscaping.escape($0, inAttribute: true))\"" } ?? ""
            text += "    <error\(code)\(field)>\(XMLEscaping.escape(row.message ?? "", inAttribute: false))</error>"
                + lineEnding.rawValue
        }
        return text
    }
}
