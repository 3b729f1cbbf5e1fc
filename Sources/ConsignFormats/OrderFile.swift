import ConsignCore
import ConsignSupport

/// Every input format Consign reads.
public enum OrderFormat: String, Sendable, CaseIterable, Codable {
    case consignCSV = "consign-csv"
    case shoptetCSV = "shoptet-csv"
    case consignXML = "consign-xml"
    case shoptetXML = "shoptet-xml"
    case pohodaDataPack = "pohoda-datapack"
    case pohodaResponsePack = "pohoda-responsepack"
    case moneyS3 = "money-s3"

    /// The family decides the result file's shape: CSV in → CSV out, XML in → XML out.
    public var family: FileFamily {
        switch self {
        case .consignCSV, .shoptetCSV: .csv
        default: .xml
        }
    }

    /// A human name for messages ("Shoptet order export (CSV)").
    public var displayName: String {
        switch self {
        case .consignCSV: "Consign CSV"
        case .shoptetCSV: "Shoptet order export (CSV)"
        case .consignXML: "Consign XML"
        case .shoptetXML: "Shoptet order export (XML)"
        case .pohodaDataPack: "POHODA dataPack with received orders"
        case .pohodaResponsePack: "POHODA responsePack with listOrder"
        case .moneyS3: "Money S3 MoneyData with received orders"
        }
    }
}

/// Text-based family of a file.
public enum FileFamily: String, Sendable {
    case csv, xml
}

/// Line endings of a text file, kept for the result file.
public enum LineEnding: String, Sendable {
    case crlf = "\r\n"
    case lf = "\n"
    case cr = "\r"

    /// Appends this line ending to `bytes` without building an array for it (once per row).
    public func append(to bytes: inout [UInt8]) {
        bytes.append(static: text)
    }

    /// Appends this line ending to `buffer` (once per row).
    public func append(to buffer: inout ByteBuffer) {
        buffer.append(static: text)
    }

    private var text: StaticString {
        switch self {
        case .crlf: "\r\n"
        case .lf: "\n"
        case .cr: "\r"
        }
    }
}

/// Everything about an input file's shape that its result file must repeat.
public struct FileDialect: Sendable, Hashable {
    /// The detected format.
    public var format: OrderFormat
    /// The text encoding (decoded and, for results, written).
    public var encoding: TextEncoding
    /// How the encoding was decided.
    public var encodingEvidence: EncodingEvidence
    /// Field separator for CSV (`;` or `,`), nil for XML.
    public var separator: UInt8?
    /// Line ending seen in the file.
    public var lineEnding: LineEnding
    /// Whether the input started with a UTF-8 BOM (results then get one too).
    public var hasByteOrderMark: Bool

    /// Creates a dialect.
    public init(format: OrderFormat, encoding: TextEncoding, encodingEvidence: EncodingEvidence,
                separator: UInt8? = nil, lineEnding: LineEnding = .lf, hasByteOrderMark: Bool = false) {
        self.format = format
        self.encoding = encoding
        self.encodingEvidence = encodingEvidence
        self.separator = separator
        self.lineEnding = lineEnding
        self.hasByteOrderMark = hasByteOrderMark
    }
}

/// Options for opening input files.
public struct ReaderOptions: Sendable {
    /// Encoding pinned by the config for this file, if any.
    public var pinnedEncoding: TextEncoding?
    /// Encoding assumed for CSV when the bytes do not decide (Windows-1250 by default).
    public var fallbackEncoding: TextEncoding
    /// Longest field or element text accepted, in bytes.
    public var maxFieldBytes: Int
    /// Deepest XML nesting accepted.
    public var maxDepth: Int

    /// Creates options with Consign's defaults.
    public init(pinnedEncoding: TextEncoding? = nil, fallbackEncoding: TextEncoding = .windows1250,
                maxFieldBytes: Int = 1 << 20, maxDepth: Int = 64) {
        self.pinnedEncoding = pinnedEncoding
        self.fallbackEncoding = fallbackEncoding
        self.maxFieldBytes = maxFieldBytes
        self.maxDepth = maxDepth
    }
}

/// A file-level failure: the file cannot be read as a whole and goes to `error/`.
public struct FormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The closed set of file-level failures.
    public enum Code: String, Sendable {
        case unknownFormat = "unknown-format"
        case encodingMismatch = "encoding-mismatch"
        case malformed = "malformed"
        case forbiddenConstruct = "forbidden-construct"
        case limitExceeded = "limit-exceeded"
        case missingColumn = "missing-column"
        case empty = "empty-file"
        case unreadable = "unreadable"
    }

    /// What failed.
    public var code: Code
    /// The file's name (not its full path).
    public var file: String
    /// Where in the file, when known.
    public var location: SourceLocation?
    /// A sentence naming the problem.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, file: String, location: SourceLocation? = nil, _ message: String) {
        self.code = code
        self.file = file
        self.location = location
        self.message = message
    }

    public var description: String {
        let place = location.map { ", \($0)" } ?? ""
        return "\(file)\(place): \(message)"
    }
}

/// A streaming reader of orders: one order in memory at a time.
public protocol OrderReader: AnyObject {
    /// The input's shape, known once the reader is open.
    var dialect: FileDialect { get }

    /// The next order, nil at the end of the file; throws on a file-level failure.
    func next() throws(FormatError) -> OrderRecord?
}

/// The outcome of one order, as the result file reports it.
public enum ResultOutcome: String, Sendable, Codable {
    case registered
    case duplicate
    case rejected
}

/// One row (CSV) or element (XML) of a result file.
@dynamicMemberLookup
public struct ResultRow: Sendable, Hashable {
    /// The stored fields, one heap object that copies share (`CopyOnWrite`); each is read and
    /// changed as a property of the value itself (`dynamicMember`).
    public struct Fields: Sendable, Hashable {
        /// The order code.
        public var orderCode: String
        /// Where the order was in the input.
        public var location: SourceLocation
        /// What happened.
        public var outcome: ResultOutcome
        /// The shipment GUID (registered, duplicate, or rejected by the carrier).
        public var guid: String?
        /// Carrier code.
        public var carrierCode: String?
        /// Service code.
        public var serviceCode: String?
        /// Shipment status.
        public var status: String?
        /// One tracking number per parcel.
        public var trackingNumbers: [String]
        /// Tracking URL of the first parcel.
        public var trackingUrl: String?
        /// Error code for rejected orders (`shipment-validation-failed`).
        public var errorCode: String?
        /// The field the error concerns (`recipient.phone`).
        public var field: String?
        /// The error message; several problems are joined with "; ".
        public var message: String?
    }

    @usableFromInline var fields: CopyOnWrite<Fields>

    /// A field, read in place and changed in the value's own storage (copied first when shared).
    @inlinable public subscript<Field>(dynamicMember field: WritableKeyPath<Fields, Field>) -> Field {
        _read { yield fields.value[keyPath: field] }
        _modify { yield &fields.value[keyPath: field] }
    }

    /// Calls `body` with the stored fields, borrowed in place: a writer reading a dozen texts
    /// through `dynamicMember` took a retain and a release of each.
    @inlinable public func withFields<Result>(_ body: (borrowing Fields) throws -> Result) rethrows -> Result {
        try body(fields.value)
    }

    /// Creates a row.
    public init(orderCode: String, location: SourceLocation, outcome: ResultOutcome, guid: String? = nil,
                carrierCode: String? = nil, serviceCode: String? = nil, status: String? = nil,
                trackingNumbers: [String] = [], trackingUrl: String? = nil, errorCode: String? = nil,
                field: String? = nil, message: String? = nil) {
        fields = CopyOnWrite(Fields(orderCode: orderCode, location: location, outcome: outcome, guid: guid,
            carrierCode: carrierCode, serviceCode: serviceCode, status: status, trackingNumbers: trackingNumbers,
            trackingUrl: trackingUrl, errorCode: errorCode, field: field, message: message))
    }
}

extension ResultRow: CustomReflectable {
    /// The fields, as the stored properties they were.
    public var customMirror: Mirror { fields.mirror(of: self) }
}

/// Writes result rows as bytes through `emit` (the spool streams them into an atomic temp file).
/// The bytes are valid during the call only.
public protocol ResultWriter: AnyObject {
    /// Writes the file's header (column row, XML prolog).
    func begin(emit: (UnsafeBufferPointer<UInt8>) throws -> Void) throws
    /// Writes one row.
    func write(_ row: ResultRow, emit: (UnsafeBufferPointer<UInt8>) throws -> Void) throws
    /// Writes the file's trailer.
    func finish(emit: (UnsafeBufferPointer<UInt8>) throws -> Void) throws
    /// Characters the target encoding could not hold and that were transliterated.
    var transliterated: Set<Character> { get }
    /// The reader settled the input's encoding only now (a CSV whose first 64 KiB are ASCII,
    /// see docs/formats/CSV.md): later rows are written in `encoding`. Returns the encoding the
    /// rows before were written in when they hold non-ASCII bytes (Consign's own messages name
    /// carriers such as "Česká pošta") and it differs: the caller re-encodes what was written.
    func refine(encoding: TextEncoding) -> TextEncoding?
}

extension ResultWriter {
    /// XML declares its encoding up front; its results keep it.
    public func refine(encoding: TextEncoding) -> TextEncoding? { nil }
}
