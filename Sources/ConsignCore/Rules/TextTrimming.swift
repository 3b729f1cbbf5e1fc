import ConsignSupport
import Foundation
import Synchronization

extension String {
    /// The text without leading and trailing white space and newlines: the result of
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`, but with no Foundation call when
    /// both ends are already printable ASCII (nearly every field of every order).
    public var trimmedOfWhitespace: String {
        hasSolidEnds ? self : trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The text without leading and trailing spaces and tabs (`.whitespaces`; newlines stay), as
    /// cheap as `trimmedOfWhitespace` when nothing is to be trimmed.
    public var trimmedOfSpaces: String {
        hasSolidEnds ? self : trimmingCharacters(in: .whitespaces)
    }

    /// True when neither end can be white space or a newline: printable ASCII (read in place;
    /// `utf8.last` walks index(before:) with its checks), or scalars surely not spaces.
    private var hasSolidEnds: Bool {
        let printableEnds = utf8.withContiguousStorageIfAvailable { bytes in
            guard let first = bytes.first, let last = bytes.last else { return true }
            return (0x21...0x7E).contains(first) && (0x21...0x7E).contains(last)
        }
        if printableEnds == true { return true }
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return true }
        return Self.isSurelyNotSpace(first) && Self.isSurelyNotSpace(last)
    }

    /// False for every scalar in `.whitespacesAndNewlines` (controls 0x09–0x0D, U+0085 and the
    /// Unicode separators Zs, Zl, Zp); also false for other controls, to stay on the safe side.
    private static func isSurelyNotSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0...0x20, 0x7F...0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: false
        default: true
        }
    }
}

/// A small thread-safe memo for pure functions of short texts (shipping-method names,
/// country names): a file repeats the same few values on every order.
///
/// Its own table, keyed by the text's bytes under a hash seeded per process: a `[String: …]`
/// lookup cost about 1,100 instructions, most of them hashing and comparing a text with letters
/// outside ASCII (`Dobírka`, `Česká republika`) in its normalised form. Texts that differ only
/// in normalisation are two keys here, computed once each. The seed keeps a file from choosing
/// texts that all land in one slot. Bounded: when the table holds `limit` entries it starts
/// over, so memory stays flat.
final class TextMemo<Value: Sendable>: Sendable {
    private let storage: Mutex<Table>

    init(limit: Int = 1024) {
        storage = Mutex(Table(limit: max(1, limit)))
    }

    /// The remembered value for `key`, or `compute(key)` remembered from now on.
    func value(for key: String, _ compute: (String) -> Value) -> Value {
        let hash = key.withUTF8Bytes(Self.hash)
        if let known = storage.withLock({ $0.value(for: key, hash: hash) }) { return known }
        let value = compute(key)
        storage.withLock { $0.remember(value, for: key, hash: hash) }
        return value
    }

    private static var seed: UInt64 { TextMemoSeed.value }

    /// A 64-bit hash of `bytes`, eight bytes a step, never 0 (0 marks a free slot).
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let raw = UnsafeRawBufferPointer(bytes)
        var hash = seed ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = mix(hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        for index in offset..<bytes.count { tail |= UInt64(bytes[index]) << (8 * UInt64(index - offset)) }
        return mix(hash ^ tail) | 1
    }

    /// SplitMix64's finaliser: every input bit moves about half the output bits.
    private static func mix(_ value: UInt64) -> UInt64 {
        var mixed = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// Open addressing with linear probing, at most half full.
    private struct Table {
        let limit: Int
        /// Each slot's key hash; 0 for a free slot.
        var hashes: [UInt64]
        var keys: [String]
        var values: [Value?]
        var count = 0

        init(limit: Int) {
            self.limit = limit
            var size = 2
            while size < 2 * limit { size *= 2 }
            hashes = Array(repeating: 0, count: size)
            keys = Array(repeating: "", count: size)
            values = Array(repeating: nil, count: size)
        }

        func value(for key: String, hash: UInt64) -> Value? {
            let slot = self.slot(of: key, hash: hash)
            return hashes[slot] == 0 ? nil : values[slot]
        }

        mutating func remember(_ value: Value, for key: String, hash: UInt64) {
            if count >= limit {
                for index in hashes.indices where hashes[index] != 0 {
                    hashes[index] = 0
                    keys[index] = ""
                    values[index] = nil
                }
                count = 0
            }
            let slot = self.slot(of: key, hash: hash)
            if hashes[slot] == 0 { count += 1 }
            hashes[slot] = hash
            keys[slot] = key
            values[slot] = value
        }

        /// The slot holding `key`, or the free slot where it would go.
        private func slot(of key: String, hash: UInt64) -> Int {
            let mask = hashes.count - 1
            var index = Int(truncatingIfNeeded: hash) & mask
            while hashes[index] != 0 {
                if hashes[index] == hash && Self.sameBytes(keys[index], key) { return index }
                index = (index + 1) & mask
            }
            return index
        }

        private static func sameBytes(_ first: String, _ second: String) -> Bool {
            first.withUTF8Bytes { left in second.withUTF8Bytes { right in ByteScan.equal(left, right) } }
        }
    }
}

/// The process's seed for `TextMemo` hashes (a generic class cannot hold a stored static).
private enum TextMemoSeed {
    static let value = UInt64.random(in: .min ... .max)
}
