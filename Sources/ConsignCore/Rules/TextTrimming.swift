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
/// Bounded: when it holds `limit` entries it starts over, so memory stays flat.
final class TextMemo<Value: Sendable>: Sendable {
    private let storage = Mutex<[String: Value]>([:])
    private let limit: Int

    init(limit: Int = 1024) {
        self.limit = limit
    }

    /// The remembered value for `key`, or `compute(key)` remembered from now on.
    func value(for key: String, _ compute: (String) -> Value) -> Value {
        if let known = storage.withLock({ $0[key] }) { return known }
        let value = compute(key)
        storage.withLock { table in
            if table.count >= limit { table.removeAll(keepingCapacity: true) }
            table[key] = value
        }
        return value
    }
}
