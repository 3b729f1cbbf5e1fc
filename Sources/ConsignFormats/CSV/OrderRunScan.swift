import ConsignSupport
import Glibc

/// Proves in one pass over a CSV file's raw bytes that the rows of each order are together, so
/// that a Shoptet export (one row per item) can be committed in parts: a committed order could
/// not be taken back if a later row showed that it was split around other orders.
///
/// The proof is conservative. It holds when every row's code is plain ASCII (the reader then
/// tells orders apart by their bytes) and the codes of successive orders only rise, or only
/// fall, in the order of (length, bytes): numeric codes in either direction, as shops export
/// them. A code seen again after another would break that order, so no order can be split.
/// Anything else (a code with spaces, quotes or non-ASCII letters, codes out of order, a field
/// the reader would refuse) leaves the file unproven, and it stays one transaction as before.
///
/// It splits records exactly as `RecordScanner` does (fields quoted or plain, spaces before an
/// opening quote and after a closing one, CRLF, LF or a lone CR, records of empty fields
/// skipped), so both see the same codes in the same records. A record the reader would refuse
/// (text after a closing quote, an unclosed quote) ends the proof unproven as well.
public struct OrderRunScan {
    /// Where the rows start and how they are split, taken from the opened reader.
    public struct Layout: Sendable, Equatable {
        /// The field separator.
        public let separator: UInt8
        /// The 0-based column of the order code.
        public let codeColumn: Int
        /// File offset of the first row after the header.
        public let firstRowOffset: Int

        /// A layout for `codeColumn` in rows split by `separator`, from `firstRowOffset`.
        public init(separator: UInt8, codeColumn: Int, firstRowOffset: Int) {
            self.separator = separator
            self.codeColumn = codeColumn
            self.firstRowOffset = firstRowOffset
        }
    }

    /// What the pass found.
    public enum Verdict: Sendable, Equatable {
        /// Every order's rows are together; `orders` runs of codes were counted.
        case together(orders: Int)
        /// Not proven; the reason is for the debug log.
        case unproven(String)
    }

    /// Codes longer than this are not compared (order codes are a few dozen bytes at most).
    static let longestCode = 128
    /// Bytes read per `read(2)`.
    static let chunkSize = 1 << 20

    private let layout: Layout
    private var fields = FieldState()
    private var order = CodeOrder()
    private var failure: String?
    /// The current record and the one before it, for the rows that repeat that one's first
    /// fields (`RowTemplates`).
    private var rows = RowTemplates()

    /// A scan for files of `layout`.
    public init(layout: Layout) {
        self.layout = layout
    }

    /// Scans the file at `path` from the layout's first row; `isCancelled` is asked between
    /// chunks (the file was done or given up).
    public static func scan(path: String, layout: Layout, isCancelled: () -> Bool = { false }) -> Verdict {
        guard let descriptor = try? syscall("open", path: path, { open(path, O_RDONLY | O_CLOEXEC) }) else {
            return .unproven("cannot open the file")
        }
        defer { closeDescriptor(descriptor) }

        var scan = OrderRunScan(layout: layout)
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var offset = layout.firstRowOffset
        // A Ctrl-Z ending a chunk is held back: the tokenizer drops one at the very end of the file.
        var heldBack = false
        while !isCancelled() {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
            if count < 0 { return .unproven("cannot read the file") }
            if count == 0 { return scan.finish() }
            if heldBack && !scan.feed(endOfFileMark) { return scan.finish() }
            heldBack = chunk[count - 1] == endOfFileMark[0]
            let fed = count - (heldBack ? 1 : 0)
            let goesOn = chunk.withUnsafeBufferPointer { scan.feed(UnsafeBufferPointer(rebasing: $0[..<fed])) }
            if !goesOn { return scan.finish() }
            offset += count
        }
        return .unproven("cancelled")
    }

    /// DOS's end-of-file mark, Ctrl-Z.
    private static let endOfFileMark: [UInt8] = [0x1A]

    /// Feeds bytes from an array.
    mutating func feed(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { feed($0) }
    }

    /// Feeds the next bytes of the file; false once the proof has failed.
    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Records of earlier bytes are no templates: their bytes are gone.
        rows.forgetRecords()
        var index = 0
        while index < bytes.count, failure == nil {
            index = step(bytes, from: index)
        }
        return failure == nil
    }

    /// Ends the file: the last record, then the verdict.
    public mutating func finish() -> Verdict {
        if failure == nil {
            switch fields.state {
            case .quoted: failure = "a quoted field is not closed"
            case .recordStart, .afterCarriageReturn: break
            case .afterQuote: endRecord()
            case .fieldStart, .leadingBlanks, .plain, .quoteInQuoted:
                endField()
                endRecord()
            }
        }
        if let failure { return .unproven(failure) }
        return .together(orders: order.runs)
    }
}

// MARK: - Splitting records

extension OrderRunScan {
    /// Where the pass is inside a record.
    enum State {
        /// Before the first field of a record.
        case recordStart
        /// After a separator.
        case fieldStart
        /// Spaces or tabs at a field's start: a quote may still open it.
        case leadingBlanks
        /// In an unquoted field.
        case plain
        /// Inside quotes.
        case quoted
        /// A quote inside quotes: doubled, or the closing one.
        case quoteInQuoted
        /// Spaces or tabs after a closing quote.
        case afterQuote
        /// A CR ended the record; an LF right after it belongs to it.
        case afterCarriageReturn
    }

    /// The current record's fields, as far as the proof needs them.
    struct FieldState {
        var state = State.recordStart
        /// 0-based index of the current field.
        var column = 0
        /// Bytes of the current field's content so far (a plain field counts its leading blanks).
        var length = 0
        /// True once a field of the record has content.
        var recordHasContent = false
        /// The code field's content (up to `longestCode` bytes), and whether it can be compared.
        var code: [UInt8] = []
        var codeIsPlain = true
    }

    private static let quote = UInt8(ascii: "\"")
    private static let carriageReturn: UInt8 = 0x0D
    private static let lineFeed: UInt8 = 0x0A

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// Consumes one or more bytes from `index`; returns where to go on.
    private mutating func step(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        let byte = bytes[index]
        switch fields.state {
        case .afterCarriageReturn:
            fields.state = .recordStart
            return byte == Self.lineFeed ? index + 1 : index
        case .recordStart:
            if let resumed = recordStart(bytes, at: index) { return resumed }
            return fieldStart(byte, at: index)
        case .fieldStart, .leadingBlanks:
            return fieldStart(byte, at: index)
        case .plain:
            return plain(bytes, from: index)
        case .quoted:
            return quoted(bytes, from: index)
        case .quoteInQuoted:
            if byte == Self.quote {
                content(byte)
                fields.state = .quoted
                return index + 1
            }
            endField()
            fields.state = .afterQuote
            return index
        case .afterQuote:
            return afterQuote(byte, at: index)
        }
    }

    private mutating func fieldStart(_ byte: UInt8, at index: Int) -> Int {
        if Self.isBlank(byte) {
            // Blanks before an opening quote are dropped; before anything else they are content.
            content(byte)
            fields.state = .leadingBlanks
            return index + 1
        }
        if byte == Self.quote {
            fields.length = 0
            if fields.column == layout.codeColumn {
                fields.code.removeAll(keepingCapacity: true)
                fields.codeIsPlain = true
            }
            fields.state = .quoted
            return index + 1
        }
        fields.state = .plain
        return index
    }

    /// An unquoted field runs to a separator or a line break; quotes in it are text.
    private mutating func plain(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let separator = layout.separator
        var index = start
        let isCode = fields.column == layout.codeColumn
        while index < bytes.count {
            let byte = bytes[index]
            if byte == separator || byte == Self.carriageReturn || byte == Self.lineFeed { break }
            if isCode { content(byte) } else { fields.length += 1 }
            index += 1
        }
        guard index < bytes.count else { return index }
        endField()
        return lineOrSeparator(bytes[index], at: index)
    }

    private mutating func quoted(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while true {
            if fields.column == layout.codeColumn {
                let quote = ByteScan.firstIndex(of: Self.quote, in: bytes, from: index)
                codeContent(UnsafeBufferPointer(rebasing: bytes[index..<quote]))
                index = quote
            } else {
                index = otherFields(bytes, from: index)
            }
            guard index < bytes.count else { return index }

            // The common cases stay in this loop: `…";"…` (the next field opens) and `…"LF"…` (the
            // next record does).
            guard index + 2 < bytes.count, bytes[index + 2] == Self.quote,
                  bytes[index + 1] == layout.separator || bytes[index + 1] == Self.lineFeed else {
                fields.state = .quoteInQuoted
                return index + 1
            }
            endField()
            if bytes[index + 1] == Self.lineFeed {
                // The next record starts at its opening quote, as a record (it may repeat this one).
                endRecord()
                fields.state = .recordStart
                return index + 2
            }
            fields.column += 1
            fields.length = 0
            rows.noteField(startingAt: index + 2, hasContent: fields.recordHasContent)
            index += 3
        }
    }

    /// Runs over quoted fields that are not the code (`…";"…`, most of a Shoptet row) with the
    /// column and length in locals, not written back to the state at every field; returns at
    /// the closing quote of a field this loop does not finish (the record's last, a doubled
    /// quote, anything else), or at the end of the bytes, with the state up to date.
    private mutating func otherFields(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let separator = layout.separator
        let codeColumn = layout.codeColumn
        var column = fields.column
        var length = fields.length
        var hasContent = fields.recordHasContent
        var index = start
        while true {
            let quote = ByteScan.firstIndex(of: Self.quote, in: bytes, from: index)
            length += quote - index
            guard quote + 2 < bytes.count, bytes[quote + 1] == separator, bytes[quote + 2] == Self.quote,
                  column + 1 != codeColumn else {
                index = quote
                break
            }
            hasContent = hasContent || length > 0
            column += 1
            length = 0
            rows.noteField(startingAt: quote + 2, hasContent: hasContent)
            index = quote + 3
        }
        fields.column = column
        fields.length = length
        fields.recordHasContent = hasContent
        return index
    }

    private mutating func afterQuote(_ byte: UInt8, at index: Int) -> Int {
        if Self.isBlank(byte) { return index + 1 }
        if byte == layout.separator || byte == Self.carriageReturn || byte == Self.lineFeed {
            return lineOrSeparator(byte, at: index)
        }
        failure = "text after a closing quote"
        return index + 1
    }

    /// After a field: the next field, or the record's end.
    private mutating func lineOrSeparator(_ byte: UInt8, at index: Int) -> Int {
        if byte == layout.separator {
            fields.column += 1
            fields.length = 0
            fields.state = .fieldStart
            rows.noteField(startingAt: index + 1, hasContent: fields.recordHasContent)
            return index + 1
        }
        endRecord()
        fields.state = byte == Self.carriageReturn ? .afterCarriageReturn : .recordStart
        return index + 1
    }

    /// One byte of the current field's content.
    private mutating func content(_ byte: UInt8) {
        fields.length += 1
        guard fields.column == layout.codeColumn else { return }
        if fields.code.count < Self.longestCode { fields.code.append(byte) } else { fields.codeIsPlain = false }
        // Plain: ASCII, no quotes (doubled quotes would need unescaping to compare).
        if byte >= 0x80 || byte == Self.quote { fields.codeIsPlain = false }
    }

    /// A run of the code field's content without quotes, as `content` takes it byte by byte.
    private mutating func codeContent(_ run: UnsafeBufferPointer<UInt8>) {
        fields.length += run.count
        let room = Self.longestCode - fields.code.count
        fields.code.append(contentsOf: UnsafeBufferPointer(rebasing: run.prefix(room)))
        if run.count > room || ByteScan.containsNonASCII(run) { fields.codeIsPlain = false }
    }

    private mutating func endField() {
        if fields.length > 0 { fields.recordHasContent = true }
    }

    /// A record ended: records of empty fields are skipped, as the tokenizer skips them.
    private mutating func endRecord() {
        if fields.recordHasContent { check() }
        fields.column = 0
        fields.length = 0
        fields.recordHasContent = false
        rows.keepCode(&fields.code, isPlain: fields.codeIsPlain)
        fields.code.removeAll(keepingCapacity: true)
        fields.codeIsPlain = true
    }

    /// A record starts at `index`: when its bytes repeat the record before it up to one of that
    /// record's field starts, the pass takes its state there from that record and goes on from
    /// there; nil otherwise. Exact: the state at a field's start depends only on the bytes
    /// before it in the record.
    private mutating func recordStart(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        guard let shared = rows.start(at: index, in: bytes) else { return nil }
        fields.state = .fieldStart
        fields.column = shared.column
        fields.length = 0
        fields.recordHasContent = shared.hasContent
        if layout.codeColumn < shared.column { rows.restoreCode(into: &fields.code, isPlain: &fields.codeIsPlain) }
        return index + shared.offset
    }

    private mutating func check() {
        let code = fields.code
        // A row too short to reach the code column has an empty code too.
        guard let first = code.first, let last = code.last else {
            failure = "a row without a code"
            return
        }
        // The reader's own test for codes it compares as bytes (`CSVRecordView.isPlainASCII`).
        guard fields.codeIsPlain, first > 0x20, last > 0x20 else {
            failure = "a code that is not plain ASCII"
            return
        }
        if !order.admit(code) { failure = "codes out of order" }
    }
}

// MARK: - Rows that repeat the row before

/// Where the fields of the current record and of the one before it start, when both lie in the
/// bytes being fed: a Shoptet export repeats an order's columns (28 of 33) on each item's row, and
/// the pass skips what a row repeats instead of walking it field by field again.
struct RowTemplates {
    /// A field's start, from its record's first byte, and whether a field before it had content.
    struct FieldStart {
        let offset: Int
        let hasContent: Bool
    }

    /// Where the current record starts in the bytes fed; nil when it started in earlier ones.
    private var current: Int?
    private var currentFields: [FieldStart] = []
    /// The field starts of the record before it.
    private var templateFields: [FieldStart] = []
    /// The code of the record ended last, as the pass read it.
    private var code: [UInt8] = []
    private var codeIsPlain = true

    /// New bytes: the records before them are gone.
    mutating func forgetRecords() {
        current = nil
    }

    /// A field of the current record starts at `index`.
    @inline(__always)
    mutating func noteField(startingAt index: Int, hasContent: Bool) {
        guard let current else { return }
        currentFields.append(FieldStart(offset: index - current, hasContent: hasContent))
    }

    /// Keeps the code of the record that ended (swapped in, not copied).
    mutating func keepCode(_ ended: inout [UInt8], isPlain: Bool) {
        swap(&code, &ended)
        codeIsPlain = isPlain
    }

    /// The kept code, for a record that repeats it.
    func restoreCode(into target: inout [UInt8], isPlain: inout Bool) {
        target.removeAll(keepingCapacity: true)
        target.append(contentsOf: code)
        isPlain = codeIsPlain
    }

    /// A record starts at `index`: the record before becomes the template; returns the last of
    /// its field starts up to which this record's bytes are the same (the column there, its
    /// offset and whether the fields before it had content), nil for none.
    mutating func start(at index: Int, in bytes: UnsafeBufferPointer<UInt8>)
        -> (column: Int, offset: Int, hasContent: Bool)? {
        // The record before ends here; it is a template only if it started in these bytes too.
        let templateStart = current
        swap(&templateFields, &currentFields)
        currentFields.removeAll(keepingCapacity: true)
        current = index
        guard let templateStart, let base = bytes.baseAddress, !templateFields.isEmpty else { return nil }

        let common = ByteScan.equalPrefix(base + templateStart, base + index,
                                          count: min(index - templateStart, bytes.count - index))
        var shared = templateFields.count
        while shared > 0 && templateFields[shared - 1].offset > common { shared -= 1 }
        guard shared > 0 else { return nil }
        currentFields.append(contentsOf: templateFields[..<shared])
        let last = templateFields[shared - 1]
        return (shared, last.offset, last.hasContent)
    }
}

// MARK: - Order of codes

/// Successive codes must rise or fall in (length, bytes) order; equal codes continue a run.
struct CodeOrder {
    private var last: [UInt8] = []
    /// +1 rising, -1 falling, 0 not known yet.
    private var direction = 0
    /// Runs of equal codes seen (orders).
    private(set) var runs = 0

    /// Takes the next row's code; false when it breaks the order.
    mutating func admit(_ code: [UInt8]) -> Bool {
        if runs > 0 && code == last { return true }
        if runs > 0 {
            let sign = Self.compare(code, last)
            if direction == 0 { direction = sign }
            if sign != direction { return false }
        }
        // Copied into its own buffer: sharing `code`'s, the pass's next change to its code was
        // a new allocation for every order.
        last.removeAll(keepingCapacity: true)
        last.append(contentsOf: code)
        runs += 1
        return true
    }

    /// -1, 0 or +1 as `a` is before, equal to or after `b` in (length, bytes) order.
    static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return 0
    }
}
