/// A growable byte buffer written through a pointer, for the texts built once per order (row
/// images, event payloads): an append is a capacity test and a copy, where `[UInt8]` paid a
/// uniqueness test per byte and a generic sequence copy per string (about 90 instructions for
/// a ten-byte key). Not copyable: one owner, freed with it.
public struct ByteBuffer: ~Copyable {
    @usableFromInline var start: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    @usableFromInline var used: Int
    /// Bytes written so far.
    public var count: Int { used }

    /// An empty buffer with room for `capacity` bytes before it grows.
    public init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        start = .allocate(capacity: self.capacity)
        used = 0
    }

    deinit { start.deallocate() }

    /// Appends one byte.
    @inlinable
    public mutating func append(_ byte: UInt8) {
        if used == capacity { grow(toHold: used + 1) }
        start[used] = byte
        used += 1
    }

    /// Appends `bytes`.
    @inlinable
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if used + bytes.count > capacity { grow(toHold: used + bytes.count) }
        Self.copy(source, bytes.count, to: start + used)
        used += bytes.count
    }

    /// Copies `count` bytes. Most appends are keys and short values, for which a call to
    /// `memmove` (its dispatch and `rep movsb` start-up) cost more than the copy: up to 16 bytes
    /// go as two overlapping 8-byte words or byte by byte.
    @inlinable
    static func copy(_ source: UnsafePointer<UInt8>, _ count: Int, to target: UnsafeMutablePointer<UInt8>) {
        guard count <= 16 else {
            target.update(from: source, count: count)
            return
        }
        guard count >= 8 else {
            for offset in 0..<count { target[offset] = source[offset] }
            return
        }
        let from = UnsafeRawPointer(source)
        let to = UnsafeMutableRawPointer(target)
        let head = from.loadUnaligned(as: UInt64.self)
        let tail = from.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        to.storeBytes(of: head, as: UInt64.self)
        to.storeBytes(of: tail, toByteOffset: count - 8, as: UInt64.self)
    }

    /// Appends `text`'s UTF-8 bytes.
    @inlinable
    public mutating func append(utf8 text: String) {
        text.withUTF8Bytes { append($0) }
    }

    /// Appends the bytes of a static text.
    @inlinable
    public mutating func append(static text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Calls `body` with the bytes written so far.
    public func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: start, count: used))
    }

    /// The bytes written so far, as an array.
    public var array: [UInt8] { withBytes { Array($0) } }

    /// Forgets the bytes written; the room stays.
    public mutating func removeAll() {
        used = 0
    }

    @usableFromInline
    mutating func grow(toHold needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: start, count: used)
        start.deallocate()
        start = moved
        capacity = larger
    }
}
