/// The current record's field spans, in storage kept from record to record.
///
/// A Shoptet row has thirty-odd fields; appending them to an array checked its uniqueness and
/// capacity each time. The list owns its storage alone (it cannot be copied) and frees it.
struct CSVSpanList: ~Copyable {
    private var storage: UnsafeMutablePointer<CSVFieldSpan>
    private var capacity: Int
    /// Spans in the list.
    private(set) var count = 0

    /// An empty list with room for `capacity` spans before it grows.
    init(capacity: Int = 64) {
        self.capacity = max(1, capacity)
        storage = .allocate(capacity: self.capacity)
    }

    deinit {
        storage.deallocate()
    }

    /// The spans, valid until the list changes.
    var buffer: UnsafeBufferPointer<CSVFieldSpan> {
        UnsafeBufferPointer(start: storage, count: count)
    }

    /// Empties the list, keeping its storage.
    mutating func removeAll() {
        count = 0
    }

    /// Adds `span` at the end.
    @inline(__always)
    mutating func append(_ span: CSVFieldSpan) {
        if count == capacity { grow() }
        (storage + count).initialize(to: span)
        count += 1
    }

    /// Adds `spans` at the end, their ranges moved by `offset` (fields taken from another record).
    mutating func append(_ spans: UnsafeBufferPointer<CSVFieldSpan>, movedBy offset: Int) {
        while count + spans.count > capacity { grow() }
        let target = storage + count
        for index in spans.indices {
            let span = spans[index]
            (target + index).initialize(to: CSVFieldSpan(
                range: Range(uncheckedBounds: (span.range.lowerBound + offset, span.range.upperBound + offset)),
                hasDoubledQuotes: span.hasDoubledQuotes))
        }
        count += spans.count
    }

    private mutating func grow() {
        let larger = UnsafeMutablePointer<CSVFieldSpan>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: storage, count: count)
        storage.deallocate()
        storage = larger
        capacity *= 2
    }
}
