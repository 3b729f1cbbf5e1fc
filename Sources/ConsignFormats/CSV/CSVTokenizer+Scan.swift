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

    /// Tokenizes the record at `cursor` into `spans`.
    func scanRecord() -> ScanOutcome {
        spans.removeAll()
        return buffer.withUnsafeBufferPointer { bytes in
            var scanner = RecordScanner(
                bytes: UnsafeBufferPointer(rebasing: bytes[..<end]), separator: separator,
                isEndOfFile: isEndOfFile, maxFieldBytes: options.maxFieldBytes)
            return scanner.scan(from: cursor, into: &spans)
        }
    }
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
