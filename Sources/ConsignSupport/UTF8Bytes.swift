extension String {
    /// Calls `body` with the string's UTF-8 bytes without copying or retaining a native string
    /// (`withUTF8` needs a mutable copy, which costs a retain and a release per call on the hot
    /// paths that write JSON and result rows).
    @inlinable
    public func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}

extension Array where Element == UInt8 {
    /// Appends `text`'s UTF-8 bytes in one copy (`append(contentsOf: text.utf8)` goes through the
    /// view's iterator).
    @inlinable
    public mutating func append(utf8 text: String) {
        text.withUTF8Bytes { append(contentsOf: $0) }
    }

    /// Appends the bytes of a static text in one copy.
    @inlinable
    public mutating func append(static text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
