import ConsignCore

/// A streaming, byte-level CSV tokenizer.
///
/// Reads the file in 64 KiB chunks into one reused buffer and splits records on raw bytes
/// (`;`/`,`, `"`, CR, LF), so it never holds the whole file and never decodes what nobody asks
/// for. The current record's fields are byte ranges in that buffer; a reader decodes a column
/// to `String` with `string(at:)`. A record stays valid until the next call to `nextRecord()`.
public final class CSVTokenizer {
    /// Bytes read per `read(2)`.
    public static let chunkSize = 64 * 1024

    /// The file's name, for errors.
    public let fileName: String
    /// The field separator, detected from the header line (`;` or `,`).
    public let separator: UInt8
    /// The encoding fields are decoded with (may switch once from an all-ASCII guess; see docs).
    public internal(set) var encoding: TextEncoding
    /// How the encoding was decided.
    public internal(set) var encodingEvidence: EncodingEvidence
    /// True when the file starts with a UTF-8 byte order mark.
    public let hasByteOrderMark: Bool
    /// The line ending of the first record; nil until one was seen.
    public private(set) var lineEnding: LineEnding?
    /// The 1-based line where the current record starts.
    public private(set) var recordLine = 0
    /// The file offset where the current record starts.
    public private(set) var recordOffset = 0
    /// True when the file ends right after the current record, without a line break.
    public private(set) var recordIsUnterminated = false

    let options: ReaderOptions
    let source: FileByteSource
    var buffer: [UInt8]
    /// Valid bytes in `buffer`.
    var end = 0
    /// Start of the next record in `buffer`.
    var cursor = 0
    /// File offset of `buffer[0]`.
    var baseOffset = 0
    var isEndOfFile = false
    /// The line where the next record starts.
    var nextLine = 1
    /// File offset up to which the bytes were checked as UTF-8.
    var checkedOffset = 0
    /// A problem found in a chunk read ahead: thrown when reading reaches it (see `ByteProblem`).
    var problem: ByteProblem?
    /// The current record's fields.
    var spans = CSVSpanList()
    /// The record before the current one, whose fields the next record may share, and its fields
    /// (`scanRecord`); nil before the first record and once its bytes may have moved.
    var template: RecordTemplate?
    var templateSpans = CSVSpanList()
    /// Whether a record takes the fields it shares with the one before from it (tests compare).
    var reusesFields = true

    /// Opens `path`, reads the first chunk and detects encoding, BOM and separator.
    ///
    /// Throws `.empty` for a file with no text, `.malformed` for binary content and
    /// `.encodingMismatch` when a pinned encoding contradicts the bytes.
    public init(path: String, fileName: String, options: ReaderOptions = ReaderOptions()) throws(FormatError) {
        self.fileName = fileName
        self.options = options
        source = try FileByteSource(path: path, fileName: fileName)
        var buffer = [UInt8](repeating: 0, count: 2 * Self.chunkSize)
        (end, isEndOfFile) = try Self.readFirstChunk(from: source, into: &buffer)
        self.buffer = buffer

        let sniffed = try Self.sniff(buffer[0..<end], fileName: fileName, options: options)
        encoding = sniffed.detected.encoding
        encodingEvidence = sniffed.detected.evidence
        hasByteOrderMark = sniffed.detected.bomLength > 0
        separator = sniffed.separator
        cursor = sniffed.detected.bomLength
        checkedOffset = cursor
        if !isEndOfFile { settleLetterGuess(sample: 0..<end, restFrom: end) }
        // The first chunk decided the encoding: a problem in it refuses the file before any record.
        if let problem = inspect(0..<end) { throw problem.error }
    }

    /// Number of fields in the current record.
    public var fieldCount: Int { spans.count }

    /// Advances to the next non-blank record; false at the end of the file.
    public func nextRecord() throws(FormatError) -> Bool {
        while true {
            if cursor >= end && isEndOfFile { return false }
            switch scanRecord() {
            case .record(let next, let lineBreaks, let ending):
                if let problem, next > problem.index { throw problem.error }
                keepTemplate(start: cursor, lineBreaks: lineBreaks, ending: ending)
                recordLine = nextLine
                recordOffset = baseOffset + cursor
                recordIsUnterminated = ending == nil
                nextLine += lineBreaks
                cursor = next
                if lineEnding == nil, let ending { lineEnding = ending }
                if spans.buffer.allSatisfy({ $0.isEmpty }) { continue }
                return true
            case .needMore:
                if let problem { throw problem.error }
                try checkRecordLength()
                try refill()
            case .failure(let failure):
                throw earlier(problem?.error, error(for: failure))
            }
        }
    }

    /// The error of the two on the earlier line (a byte problem ahead may be why a scan failed).
    private func earlier(_ problem: FormatError?, _ failure: FormatError) -> FormatError {
        guard let problem else { return failure }
        return (problem.location?.line ?? .max) <= (failure.location?.line ?? .max) ? problem : failure
    }

    /// Calls `body` with a view of the current record (readers decode many columns through it).
    func withCurrentRecord<Result>(_ body: (CSVRecordView) -> Result) -> Result {
        let encoding = self.encoding
        let line = recordLine
        let isUnterminated = recordIsUnterminated
        let spans = self.spans.buffer
        return buffer.withUnsafeBufferPointer { bytes in
            body(CSVRecordView(bytes: bytes, spans: spans, encoding: encoding, line: line,
                               isUnterminated: isUnterminated))
        }
    }

    /// The decoded text of field `index`, ASCII spaces and tabs trimmed; "" when absent.
    public func string(at index: Int) -> String {
        withCurrentRecord { $0.string(at: index) }
    }

    /// True when field `index` is absent or holds only spaces.
    public func isEmpty(at index: Int) -> Bool {
        withCurrentRecord { $0.isEmpty(at: index) }
    }

    /// The raw bytes of field `index` (quotes removed, doubled quotes undone); [] when absent.
    public func bytes(at index: Int) -> [UInt8] {
        withCurrentRecord { $0.bytes(at: index) }
    }

    /// True when field `index` holds exactly `bytes` (compared raw, without decoding).
    public func field(_ index: Int, equals bytes: [UInt8]) -> Bool {
        withCurrentRecord { $0.field(index, equals: bytes) }
    }

    /// The byte ranges of the current record's fields in the tokenizer's buffer (quotes excluded).
    public var fieldRanges: [Range<Int>] { spans.buffer.map(\.range) }
}
