/// A fast UTF-8 check over raw bytes, used to re-check every chunk of a file read as UTF-8.
enum UTF8Validator {
    /// What a check found.
    enum Outcome: Equatable {
        /// All bytes valid; `sawMultibyte` when any non-ASCII sequence occurred; `incompleteTail`
        /// is the index of a sequence cut by the end of the bytes (to re-check with the next chunk).
        case valid(sawMultibyte: Bool, incompleteTail: Int?)
        /// The byte at `index` breaks UTF-8; `sawMultibyte` tells whether valid non-ASCII came before.
        case invalid(index: Int, sawMultibyte: Bool)
    }

    /// Checks `bytes[range]`; ASCII runs are skipped eight bytes at a time.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Outcome {
        var index = range.lowerBound
        var sawMultibyte = false
        let end = range.upperBound
        while index < end {
            index = skipASCII(bytes, from: index, to: end)
            if index >= end { break }

            let length = sequenceLength(lead: bytes[index])
            if length == 0 { return .invalid(index: index, sawMultibyte: sawMultibyte) }
            if index + length > end {
                let prefixValid = (index + 1..<end).allSatisfy { bytes[$0] & 0xC0 == 0x80 }
                return prefixValid
                    ? .valid(sawMultibyte: sawMultibyte, incompleteTail: index)
                    : .invalid(index: index, sawMultibyte: sawMultibyte)
            }
            for next in 1..<length where bytes[index + next] & 0xC0 != 0x80 {
                return .invalid(index: index, sawMultibyte: sawMultibyte)
            }
            sawMultibyte = true
            index += length
        }
        return .valid(sawMultibyte: sawMultibyte, incompleteTail: nil)
    }

    private static func skipASCII(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        while index + 8 <= end {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { break }
            index += 8
        }
        while index < end, bytes[index] < 0x80 { index += 1 }
        return index
    }

    private static func sequenceLength(lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: 0
        }
    }
}
