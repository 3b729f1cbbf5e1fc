/// Where one field of the current record lies in the tokenizer's buffer.
struct CSVFieldSpan {
    /// The field's bytes, without surrounding quotes.
    var range: Range<Int>
    /// True when the field was quoted and holds `""` pairs that stand for one `"`.
    var hasDoubledQuotes: Bool

    var isEmpty: Bool { range.isEmpty }

    /// The range without leading and trailing ASCII spaces and tabs.
    func trimmedRange(in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        return lower..<upper
    }

    /// The bytes of `range` with each `""` pair turned into one `"`.
    func unescaped(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            output.append(byte)
            index += byte == UInt8(ascii: "\"") ? 2 : 1
        }
        return output
    }
}
