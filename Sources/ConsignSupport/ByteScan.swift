/// Byte searches of the hot text loops (JSON quoting, control-character checks), eight bytes a
/// step: each word is tested for any byte of interest at once, and only a word that has one is
/// looked at byte by byte. The word tests are exact (no byte is missed, none is invented).
public enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The index of the first byte at or after `start` that a JSON string must escape (below
    /// 0x20, `"` or `\`); `bytes.count` when there is none.
    public static func firstJSONEscape(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return bytes.count }
        var index = max(0, start)
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(base).loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if below(word, 0x20) | equal(word, 0x22) | equal(word, 0x5C) != 0 { break }
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C { return index }
            index += 1
        }
        return bytes.count
    }

    /// True when `bytes` hold a C0 control, DEL, or a lead byte that starts a C1 control or a
    /// no-break space (0xC2) or a byte-order mark (0xEF): what may need replacing in a name.
    public static func mayHoldControls(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var index = 0
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(base).loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if below(word, 0x20) | equal(word, 0x7F) | equal(word, 0xC2) | equal(word, 0xEF) != 0 { return true }
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xEF { return true }
            index += 1
        }
        return false
    }

    /// True when `bytes` hold any of the four byte values (a CSV field's separator, quote, CR, LF).
    public static func contains(_ bytes: UnsafeBufferPointer<UInt8>, anyOf first: UInt8, _ second: UInt8,
                                _ third: UInt8, _ fourth: UInt8) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var index = 0
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(base).loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if equal(word, first) | equal(word, second) | equal(word, third) | equal(word, fourth) != 0 { return true }
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == first || byte == second || byte == third || byte == fourth { return true }
            index += 1
        }
        return false
    }

    /// True when any byte of `bytes` is a C1 control position, 0x80–0x9F (high bit set, the next
    /// two clear: text in Windows-1250, controls in ISO-8859-2).
    public static func containsC1(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var index = 0
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(base).loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // Bit 7 of each byte, cleared where bit 6 or bit 5 of the same byte is set.
            if word & ~(word << 1) & ~(word << 2) & highs != 0 { return true }
            index += 8
        }
        while index < bytes.count {
            if (0x80...0x9F).contains(bytes[index]) { return true }
            index += 1
        }
        return false
    }

    /// True when any byte of `bytes` is 0x80 or above.
    public static func containsNonASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var index = 0
        while index + 8 <= bytes.count {
            if UnsafeRawPointer(base).loadUnaligned(fromByteOffset: index, as: UInt64.self) & highs != 0 { return true }
            index += 8
        }
        while index < bytes.count {
            if bytes[index] >= 0x80 { return true }
            index += 1
        }
        return false
    }

    /// Non-zero when a byte of `word` is below `limit` (at most 0x80).
    @inline(__always)
    private static func below(_ word: UInt64, _ limit: UInt8) -> UInt64 {
        (word &- ones &* UInt64(limit)) & ~word & highs
    }

    /// Non-zero when a byte of `word` is `byte`.
    @inline(__always)
    private static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        return (difference &- ones) & ~difference & highs
    }
}
