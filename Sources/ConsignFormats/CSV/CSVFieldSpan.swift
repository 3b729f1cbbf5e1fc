/// Where one field of the current record lies in the tokenizer's buffer.
struct CSVFieldSpan {
    /// The field's bytes, without surrounding quotes.
    var range: Range<Int>
    /// True when the field was quoted and holds `""` pairs that stand for one `"`.
    var hasDoubledQuotes: Bool

    var isEmpty: Bool { range.isEmpty }

    /// The span without leading and trailing ASCII spaces and tabs.
    func trimmed(in buffer: [UInt8]) -> CSVFieldSpan {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, buffer[lower] == 0x20 || buffer[lower] == 0x09 { lower += 1 }
        while upper > lower, buffer[upper - 1] == 0x20 || buffer[upper - 1] == 0x09 { upper -= 1 }
        return CSVFieldSpan(range: lower..<upper, hasDoubledQuotes: hasDoubledQuotes)
    }

    /// The bytes with each `""` pair turned into one `"`.
    func unescaped(in buffer: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = buffer[index]
            output.append(byte)
            index += byte == UInt8(ascii: "\"") ? 2 : 1
        }
        return output
    }
}
