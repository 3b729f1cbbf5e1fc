import ConsignSupport

/// The record scanner: one pass over the buffered bytes, no allocation beyond the reused spans.
extension CSVTokenizer {
    /// Why a record could not be tokenized.
    enum ScanFailure {
        case unclosedQuote(lineBreaksBefore: Int)
        case textAfterQuote(lineBreaksBefore: Int)
        case fieldTooLong(lineBreaksBefore: Int)
    }

    /// What one scan attempt found.
    enum ScanOutcome {
        /// A complete record; `next` is where the following one starts.
        case record(next: Int, lineBreaks: Int, ending: LineEnding?)
        /// The record runs past the buffered bytes.
        case needMore
        case failure(ScanFailure)
    }

    /// Tokenizes the record at `cursor` into `spans`, taking the fields it shares with the record
    /// before it from that one (see `RecordTemplate`).
    func scanRecord() -> ScanOutcome {
        let template = self.template
        self.template = nil
        if template != nil { swap(&spans, &templateSpans) }
        spans.removeAll()
        return buffer.withUnsafeBufferPointer { whole in
            let bytes = UnsafeBufferPointer(rebasing: whole[..<end])
            var scanner = RecordScanner(bytes: bytes, separator: separator, isEndOfFile: isEndOfFile,
                                        maxFieldBytes: options.maxFieldBytes)
            var start = cursor
            if let template, reusesFields { start = reuse(template, in: bytes, scanner: &scanner) }
            return scanner.scan(from: start, into: &spans)
        }
    }

    /// Notes the record just scanned, from `start`, as the template of the next one.
    func keepTemplate(start: Int, lineBreaks: Int, ending: LineEnding?) {
        template = RecordTemplate(start: start, innerLineBreaks: lineBreaks - (ending == nil ? 0 : 1))
    }

    /// Copies into `spans` the leading fields of the record at `cursor` whose bytes, separators
    /// included, equal the template's (`templateSpans`), moved to this record, and sets the
    /// scanner's line count as it was after them; returns where the scan goes on.
    ///
    /// Exact: the scanner decides a field from its own bytes and the separator after it, and
    /// nothing before it but where it starts, so equal bytes from a record's start give equal
    /// fields. The record's last field is always scanned (it decides where the record ends).
    private func reuse(_ template: RecordTemplate, in bytes: UnsafeBufferPointer<UInt8>,
                       scanner: inout RecordScanner) -> Int {
        // The template ends where this record starts (a refill, which moves the bytes, drops it):
        // its length is also how far its fields move.
        let fields = templateSpans.buffer
        let offset = cursor - template.start
        guard fields.count > 1, let base = bytes.baseAddress else { return cursor }
        let common = ByteScan.equalPrefix(base + template.start, base + cursor,
                                          count: min(offset, bytes.count - cursor))
        guard let shared = sharedFields(fields, in: bytes, upTo: template.start + common) else { return cursor }

        spans.append(UnsafeBufferPointer(rebasing: fields[..<shared.count]), movedBy: offset)
        if template.innerLineBreaks > 0 {
            scanner.lineBreaks = LineBreaks.count(in: bytes, template.start..<shared.next, end: bytes.count)
        }
        return shared.next + offset
    }

    /// How many of the template's leading fields (not its last) end, with their separator, before
    /// `limit`, and where the field after them starts; nil for none.
    private func sharedFields(_ fields: UnsafeBufferPointer<CSVFieldSpan>, in bytes: UnsafeBufferPointer<UInt8>,
                              upTo limit: Int) -> (count: Int, next: Int)? {
        // Binary search over the fields that have a next one: where does the field after field `i` start?
        func nextStart(after index: Int) -> Int {
            var position = fields[index].range.upperBound
            guard bytes[position] != separator else { return position + 1 }
            // A quoted field: its closing quote, then spaces or tabs, then the separator.
            position += 1
            while bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
            return position + 1
        }
        // Most records that differ do so in their first field (an order code): one look.
        guard nextStart(after: 0) <= limit else { return nil }
        var low = 1
        var high = fields.count - 1
        while low < high {
            let middle = (low + high) / 2
            if nextStart(after: middle) <= limit { low = middle + 1 } else { high = middle }
        }
        return (low, nextStart(after: low - 1))
    }
}

/// The record scanned last, kept for the next one: a Shoptet export repeats an order's columns
/// (28 of its 33) on the row of each item, and a row that starts with the same bytes as the one
/// before it takes those fields from it instead of being scanned again (`scanRecord`).
struct RecordTemplate {
    /// Buffer index of the record's first byte (it ends where the next record starts).
    let start: Int
    /// Line breaks inside its quoted fields.
    let innerLineBreaks: Int
}

/// A single pass over one record's bytes.
struct RecordScanner {
    /// The buffered bytes, so that a search stops where they do.
    let bytes: UnsafeBufferPointer<UInt8>
    let separator: UInt8
    let isEndOfFile: Bool
    let maxFieldBytes: Int
    var lineBreaks = 0
    /// Where the buffered bytes end.
    private var end: Int { bytes.count }

    private static let quote = UInt8(ascii: "\"")
    private static let carriageReturn: UInt8 = 0x0D
    private static let lineFeed: UInt8 = 0x0A

    /// Walks fields until a line ending outside quotes or the end of the bytes.
    mutating func scan(from start: Int, into spans: inout CSVSpanList) -> CSVTokenizer.ScanOutcome {
        var index = start
        while true {
            if let next = simpleField(at: index, into: &spans) {
                index = next
                continue
            }
            let quoteAt = openingQuote(at: index)
            let step = quoteAt.map { quotedField(at: $0, into: &spans) } ?? plainField(at: index, into: &spans)
            switch step {
            case .separator(let next):
                index = next
            case .lineEnd(let at):
                return recordEnd(at: at)
            case .outcome(let outcome):
                return outcome
            }
        }
    }

    /// What follows a field.
    private enum Step {
        case separator(next: Int)
        case lineEnd(at: Int)
        case outcome(CSVTokenizer.ScanOutcome)
    }

    /// The common field, taken in one step: `"text";` (no doubled quote, no line break, nothing
    /// between the closing quote and the separator) or `text;`, not the record's last. Where the
    /// next field starts; nil for any other field, which the general steps below then read.
    @inline(__always)
    private func simpleField(at start: Int, into spans: inout CSVSpanList) -> Int? {
        guard start < end else { return nil }
        let first = bytes[start]
        if first == Self.quote {
            let close = ByteScan.firstIndex(of: Self.quote, orBelow: Self.carriageReturn + 1, in: bytes,
                                            from: start + 1)
            guard close + 1 < end, bytes[close] == Self.quote, bytes[close + 1] == separator,
                  close - start - 1 <= maxFieldBytes else { return nil }
            spans.append(CSVFieldSpan(range: start + 1..<close, hasDoubledQuotes: false))
            return close + 2
        }
        guard first != 0x20 && first != 0x09 else { return nil }
        let stop = ByteScan.firstIndex(ofAny: separator, Self.carriageReturn, Self.lineFeed, in: bytes, from: start)
        guard stop < end, bytes[stop] == separator, stop - start <= maxFieldBytes else { return nil }
        spans.append(CSVFieldSpan(range: start..<stop, hasDoubledQuotes: false))
        return stop + 1
    }

    private mutating func plainField(at start: Int, into spans: inout CSVSpanList) -> Step {
        let index = ByteScan.firstIndex(ofAny: separator, Self.carriageReturn, Self.lineFeed, in: bytes, from: start)
        if index - start > maxFieldBytes { return .outcome(.failure(.fieldTooLong(lineBreaksBefore: lineBreaks))) }
        if index == end && !isEndOfFile { return .outcome(.needMore) }

        spans.append(CSVFieldSpan(range: start..<index, hasDoubledQuotes: false))
        if index == end { return .outcome(.record(next: end, lineBreaks: lineBreaks, ending: nil)) }
        return bytes[index] == separator ? .separator(next: index + 1) : .lineEnd(at: index)
    }

    private mutating func quotedField(at start: Int, into spans: inout CSVSpanList) -> Step {
        let breaksBefore = lineBreaks
        let contentStart = start + 1
        var index = contentStart
        var hasDoubledQuotes = false
        // One comparison per byte for the quote and one for control bytes (CR, LF) in the field.
        while true {
            guard let quote = nextQuote(from: index) else {
                if end - contentStart > maxFieldBytes {
                    return .outcome(.failure(.fieldTooLong(lineBreaksBefore: breaksBefore)))
                }
                return .outcome(isEndOfFile ? .failure(.unclosedQuote(lineBreaksBefore: breaksBefore)) : .needMore)
            }
            if quote - contentStart > maxFieldBytes {
                return .outcome(.failure(.fieldTooLong(lineBreaksBefore: breaksBefore)))
            }
            if quote + 1 == end && !isEndOfFile { return .outcome(.needMore) }
            if quote + 1 < end && bytes[quote + 1] == Self.quote {
                hasDoubledQuotes = true
                index = quote + 2
                continue
            }
            index = quote
            break
        }

        spans.append(CSVFieldSpan(range: contentStart..<index, hasDoubledQuotes: hasDoubledQuotes))
        // Spaces between the closing quote and the separator are tolerated (`"a" ;"b"`).
        var after = index + 1
        while after < end && (bytes[after] == 0x20 || bytes[after] == 0x09) { after += 1 }
        if after == end {
            return .outcome(isEndOfFile ? .record(next: end, lineBreaks: lineBreaks, ending: nil) : .needMore)
        }
        let next = bytes[after]
        if next == separator { return .separator(next: after + 1) }
        if next == Self.carriageReturn || next == Self.lineFeed { return .lineEnd(at: after) }
        return .outcome(.failure(.textAfterQuote(lineBreaksBefore: lineBreaks)))
    }

    /// Where a quoted field's opening quote is: at `start`, or after spaces and tabs as in
    /// hand-edited `"a", "b"`; nil for a plain field. At the buffer's end, the spaces so far are
    /// read as a plain field and the scan asks for more bytes anyway.
    private func openingQuote(at start: Int) -> Int? {
        var index = start
        while index < end && (bytes[index] == 0x20 || bytes[index] == 0x09) { index += 1 }
        return index < end && bytes[index] == Self.quote ? index : nil
    }

    /// The index of the next `"` at or after `start`, counting line breaks on the way
    /// (LF, and CR not followed by LF); nil when the buffered bytes hold none. Eight bytes a step
    /// up to the next quote or control byte (`ByteScan`).
    private mutating func nextQuote(from start: Int) -> Int? {
        var index = start
        while true {
            index = ByteScan.firstIndex(of: Self.quote, orBelow: Self.carriageReturn + 1, in: bytes, from: index)
            guard index < end else { return nil }
            let byte = bytes[index]
            if byte == Self.quote { return index }
            if byte == Self.lineFeed {
                lineBreaks += 1
            } else if byte == Self.carriageReturn && (index + 1 >= end || bytes[index + 1] != Self.lineFeed) {
                lineBreaks += 1
            }
            index += 1
        }
    }

    /// Consumes the line ending at `index` (CRLF, LF or a lone CR).
    private func recordEnd(at index: Int) -> CSVTokenizer.ScanOutcome {
        if bytes[index] == Self.lineFeed {
            return .record(next: index + 1, lineBreaks: lineBreaks + 1, ending: .lf)
        }
        if index + 1 < end {
            let isCRLF = bytes[index + 1] == Self.lineFeed
            return .record(next: index + (isCRLF ? 2 : 1), lineBreaks: lineBreaks + 1, ending: isCRLF ? .crlf : .cr)
        }
        if !isEndOfFile { return .needMore }
        return .record(next: index + 1, lineBreaks: lineBreaks + 1, ending: .cr)
    }
}
