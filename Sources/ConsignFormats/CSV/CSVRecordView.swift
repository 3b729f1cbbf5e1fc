import ConsignSupport
import Glibc

/// A borrowed view of the tokenizer's current record: its bytes, field spans and encoding.
///
/// Valid only inside `CSVTokenizer.withCurrentRecord`; reading many columns through one view
/// avoids re-entering the tokenizer (and its exclusivity checks) for every field.
struct CSVRecordView {
    let bytes: UnsafeBufferPointer<UInt8>
    let spans: UnsafeBufferPointer<CSVFieldSpan>
    let encoding: TextEncoding
    /// The 1-based line where the record starts.
    let line: Int
    /// True when the file ends right after the record, without a line break.
    let isUnterminated: Bool

    var fieldCount: Int { spans.count }

    /// True when field `index` was written in double quotes.
    func isQuoted(_ index: Int) -> Bool {
        guard index >= 0, index < spans.count else { return false }
        let start = spans[index].range.lowerBound
        return start > 0 && bytes[start - 1] == UInt8(ascii: "\"")
    }

    /// True when field `index` is absent or holds only spaces.
    func isEmpty(at index: Int) -> Bool {
        guard index >= 0, index < spans.count else { return true }
        return spans[index].trimmedRange(in: bytes).isEmpty
    }

    /// True when field `index` holds 1 to `limit` bytes of printable ASCII without a space at
    /// either end: an order code the store takes as written, known without decoding it.
    func isPrintableASCIICode(_ index: Int, limit: Int) -> Bool {
        guard index >= 0, index < spans.count else { return false }
        let field = UnsafeBufferPointer(rebasing: bytes[spans[index].range])
        guard let first = field.first, let last = field.last, field.count <= limit, first != 0x20, last != 0x20 else {
            return false
        }
        return field.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// The decoded text of field `index`, spaces and tabs trimmed; "" when absent.
    func string(at index: Int) -> String {
        guard index >= 0, index < spans.count else { return "" }
        let span = spans[index]
        let range = span.trimmedRange(in: bytes)
        if range.isEmpty { return "" }
        if span.hasDoubledQuotes { return encoding.decode(span.unescaped(range, in: bytes)) }
        return encoding.decode(UnsafeBufferPointer(rebasing: bytes[range]))
    }

    /// Calls `body` with the trimmed raw bytes of field `index` (empty when absent).
    func withTrimmedBytes<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        guard index >= 0, index < spans.count else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return body(UnsafeBufferPointer(rebasing: bytes[spans[index].trimmedRange(in: bytes)]))
    }

    /// The raw bytes of field `index` (doubled quotes undone); [] when absent.
    func bytes(at index: Int) -> [UInt8] {
        guard index >= 0, index < spans.count else { return [] }
        let span = spans[index]
        return span.hasDoubledQuotes ? span.unescaped(span.range, in: bytes) : Array(bytes[span.range])
    }

    /// True when field `index` is ASCII without spaces or controls at either end (or absent).
    func isPlainASCII(_ index: Int) -> Bool {
        guard index >= 0, index < spans.count else { return true }
        let field = UnsafeBufferPointer(rebasing: bytes[spans[index].range])
        guard let first = field.first, let last = field.last else { return true }
        return first > 0x20 && last > 0x20 && !ByteScan.containsNonASCII(field)
    }

    /// True when field `index` holds exactly `other` (compared raw, without decoding).
    func field(_ index: Int, equals other: [UInt8]) -> Bool {
        guard index >= 0, index < spans.count else { return other.isEmpty }
        let span = spans[index]
        if span.hasDoubledQuotes { return span.unescaped(span.range, in: bytes) == other }
        guard span.range.count == other.count else { return false }
        if other.isEmpty { return true }
        let start = bytes.baseAddress! + span.range.lowerBound
        return other.withUnsafeBufferPointer { memcmp(start, $0.baseAddress!, $0.count) == 0 }
    }
}
