/// Byte searches of the hot text loops (JSON quoting, control-character checks), eight bytes a
/// step: each word is tested for any byte of interest at once, giving a mask with the high bit
/// of each flagged byte. The lowest flagged byte is always a byte of interest (a borrow runs only
/// upward, from a byte that matched), so its place is the answer; the bytes after it may be
/// flagged wrongly and are never used. Little-endian words, so the lowest byte comes first.
public enum ByteScan {
    // Computed, not stored: a stored static read from another module's inlined code is a call.
    @inlinable static var ones: UInt64 { 0x0101_0101_0101_0101 }
    @inlinable static var highs: UInt64 { 0x8080_8080_8080_8080 }

    /// The index of the first byte at or after `start` that a JSON string must escape (below
    /// 0x20, `"` or `\`); `bytes.count` when there is none.
    public static func firstJSONEscape(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        firstIndex(in: bytes, from: start) { below($0, 0x20) | equal($0, 0x22) | equal($0, 0x5C) } byte: {
            $0 < 0x20 || $0 == 0x22 || $0 == 0x5C
        }
    }

    /// The index of the first byte at or after `start` that XML text may need to escape or drop
    /// (below 0x20, `&`, `<`, `>`, `"`, or 0xEF, which leads U+FFFE and U+FFFF); `bytes.count`
    /// when there is none.
    public static func firstXMLEscape(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        firstIndex(in: bytes, from: start) {
            below($0, 0x20) | equal($0, 0x26) | equal($0, 0x3C) | equal($0, 0x3E) | equal($0, 0x22) | equal($0, 0xEF)
        } byte: {
            $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0xEF
        }
    }

    /// True when `bytes` hold a C0 control, DEL, or a lead byte that starts a C1 control or a
    /// no-break space (0xC2) or a byte-order mark (0xEF): what may need replacing in a name.
    public static func mayHoldControls(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        holds(bytes) { below($0, 0x20) | equal($0, 0x7F) | equal($0, 0xC2) | equal($0, 0xEF) } byte: {
            $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xEF
        }
    }

    /// True when `bytes` hold any of the four byte values (a CSV field's separator, quote, CR, LF).
    public static func contains(_ bytes: UnsafeBufferPointer<UInt8>, anyOf first: UInt8, _ second: UInt8,
                                _ third: UInt8, _ fourth: UInt8) -> Bool {
        holds(bytes) { equal($0, first) | equal($0, second) | equal($0, third) | equal($0, fourth) } byte: {
            $0 == first || $0 == second || $0 == third || $0 == fourth
        }
    }

    /// True when any byte of `bytes` is a C1 control position, 0x80–0x9F (high bit set, the next
    /// two clear: text in Windows-1250, controls in ISO-8859-2).
    public static func containsC1(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // Bit 7 of each byte, cleared where bit 6 or bit 5 of the same byte is set.
        holds(bytes) { $0 & ~($0 << 1) & ~($0 << 2) & highs } byte: { (0x80...0x9F).contains($0) }
    }

    /// The index of the first byte at or after `start` in 0x80–0x9F (where Windows-1250 leaves
    /// its undefined bytes); `bytes.count` when there is none.
    public static func firstC1(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        firstIndex(in: bytes, from: start) { $0 & ~($0 << 1) & ~($0 << 2) & highs } byte: {
            (0x80...0x9F).contains($0)
        }
    }

    /// The index of the first byte at or after `start` in 0x80–0xBF (high bit set, the next one
    /// clear): where code pages keep their symbols, C1 positions and undefined bytes, below most
    /// accented letters; `bytes.count` when there is none.
    public static func firstHighSymbol(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        firstIndex(in: bytes, from: start) { $0 & ~($0 << 1) & highs } byte: { (0x80...0xBF).contains($0) }
    }

    /// The index of the first byte at or after `start` that is 0x80 or above; `bytes.count` when
    /// there is none.
    /// Inlinable: accented text has a high byte every few letters, and the call cost more than the search.
    @inlinable
    public static func firstNonASCII(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        firstIndex(in: bytes, from: start) { $0 & highs } byte: { $0 >= 0x80 }
    }

    /// The index of the first byte at or after `start` that is 0x80 or above or one of two values
    /// (the line breaks of a line being judged); `bytes.count` when there is none.
    public static func firstNonASCII(orEither first: UInt8, _ second: UInt8, in bytes: UnsafeBufferPointer<UInt8>,
                                     from start: Int) -> Int {
        firstIndex(in: bytes, from: start) { $0 & highs | equal($0, first) | equal($0, second) } byte: {
            $0 >= 0x80 || $0 == first || $0 == second
        }
    }

    /// The index of the first byte at or after `start` that is `target`; `bytes.count` when there
    /// is none (`memchr` for the short spans between a CSV file's quotes, without its call).
    /// Inlinable: it is called once per field, and the call cost a quarter of the search.
    @inlinable
    public static func firstIndex(of target: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        firstIndex(in: bytes, from: start) { equal($0, target) } byte: { $0 == target }
    }

    /// The index of the first byte at or after `start` that is one of three values (a plain CSV
    /// field's end: the separator, CR or LF); `bytes.count` when there is none.
    @inlinable
    public static func firstIndex(ofAny first: UInt8, _ second: UInt8, _ third: UInt8,
                                  in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        firstIndex(in: bytes, from: start) { equal($0, first) | equal($0, second) | equal($0, third) } byte: {
            $0 == first || $0 == second || $0 == third
        }
    }

    /// The index of the first byte at or after `start` that is `target` or below `limit` (at most
    /// 0x80); `bytes.count` when there is none. A quoted CSV field's end, noting its line breaks.
    @inlinable
    public static func firstIndex(of target: UInt8, orBelow limit: UInt8, in bytes: UnsafeBufferPointer<UInt8>,
                                  from start: Int) -> Int {
        firstIndex(in: bytes, from: start) { equal($0, target) | below($0, limit) } byte: {
            $0 == target || $0 < limit
        }
    }

    /// True when every byte of `bytes` is printable ASCII (0x20–0x7E) other than a backslash:
    /// text a one-line log or report field takes as it is.
    public static func isPlainPrintableASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !holds(bytes) { below($0, 0x20) | equal($0, 0x5C) | equal($0, 0x7F) | $0 & highs } byte: {
            $0 < 0x20 || $0 == 0x5C || $0 >= 0x7F
        }
    }

    /// True when any byte of `bytes` is 0x80 or above.
    public static func containsNonASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        holds(bytes) { $0 & highs } byte: { $0 >= 0x80 }
    }

    /// True when a byte of `bytes` matches (see `firstIndex`).
    @inline(__always)
    private static func holds(_ bytes: UnsafeBufferPointer<UInt8>, word: (UInt64) -> UInt64,
                              byte: (UInt8) -> Bool) -> Bool {
        firstIndex(in: bytes, from: 0, word: word, byte: byte) < bytes.count
    }

    /// The index of the first byte at or after `start` for which `byte` holds, `bytes.count` when
    /// none. Whole words are tested with `word`, the mask of their flagged bytes (see the type's
    /// comment). The last few bytes, less than a word, are tested as the buffer's last word when
    /// a word before them was tested: its first bytes matched nothing then, so they flag nothing
    /// and start no borrow, and its lowest flag is the first match among the new ones. Otherwise
    /// (fewer than eight bytes from `start`) they are tested one by one with `byte`. Most texts
    /// searched are a field or a name of a few dozen bytes, whose tail took up to seven steps.
    @inlinable @inline(__always)
    static func firstIndex(in bytes: UnsafeBufferPointer<UInt8>, from start: Int,
                           word: (UInt64) -> UInt64, byte: (UInt8) -> Bool) -> Int {
        guard let base = bytes.baseAddress else { return bytes.count }
        let first = max(0, start)
        var index = first
        let raw = UnsafeRawPointer(base)
        while index + 8 <= bytes.count {
            let flagged = word(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
            if flagged != 0 { return index + flagged.trailingZeroBitCount >> 3 }
            index += 8
        }
        if index > first && index < bytes.count {
            let last = bytes.count - 8
            let flagged = word(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: last, as: UInt64.self)))
            return flagged == 0 ? bytes.count : last + flagged.trailingZeroBitCount >> 3
        }
        while index < bytes.count {
            if byte(bytes[index]) { return index }
            index += 1
        }
        return bytes.count
    }

    /// True when `first` and `second` hold the same bytes.
    public static func equal(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> Bool {
        guard first.count == second.count else { return false }
        guard let left = first.baseAddress, let right = second.baseAddress else { return true }
        return equalPrefix(left, right, count: first.count) == first.count
    }

    /// How many bytes from `first` and `second` on are equal before the first pair that differs,
    /// at most `count`; 32 bytes a step, then eight.
    public static func equalPrefix(_ first: UnsafePointer<UInt8>, _ second: UnsafePointer<UInt8>, count: Int) -> Int {
        let (left, right) = (UnsafeRawPointer(first), UnsafeRawPointer(second))
        func differs(_ offset: Int) -> UInt64 {
            left.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                ^ right.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        }
        var index = 0
        while index + 32 <= count,
              differs(index) | differs(index + 8) | differs(index + 16) | differs(index + 24) == 0 {
            index += 32
        }
        while index + 8 <= count {
            let difference = differs(index)
            if difference != 0 { return index + UInt64(littleEndian: difference).trailingZeroBitCount >> 3 }
            index += 8
        }
        while index < count && first[index] == second[index] { index += 1 }
        return index
    }

    /// Non-zero when a byte of `word` is below `limit` (at most 0x80).
    @inlinable @inline(__always)
    static func below(_ word: UInt64, _ limit: UInt8) -> UInt64 {
        (word &- ones &* UInt64(limit)) & ~word & highs
    }

    /// Non-zero when a byte of `word` is `byte`.
    @inlinable @inline(__always)
    static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        return (difference &- ones) & ~difference & highs
    }
}
