extension Store {
    private static let noteAnsweredSQL = SQL(
        "INSERT OR IGNORE INTO temp.file_orders(source, code) VALUES (?1, ?2)", keepsQueuedRows: true)
    private static let findAnsweredSQL = SQL(
        "SELECT 1 FROM temp.file_orders WHERE source = ?1 AND code = ?2", keepsQueuedRows: true)

    /// Notes that order `code` of input `source` was answered without a new shipment from this
    /// input (rejected, refused by the carrier, or a duplicate of an earlier file's), so that a
    /// repeat of it later in the same input is recognised. Kept in a TEMP table of this
    /// connection: memory stays flat for any number of orders.
    public func noteAnswered(code: String, source: String) throws(StoreError) {
        let insert = try database.statement(Self.noteAnsweredSQL)
        try insert.bind(text: source, at: 1)
        try insert.bind(text: code, at: 2)
        try insert.run()
        notedCodes.insert(code)
    }

    /// True when order `code` was answered earlier in input `source` (see `noteAnswered`).
    public func wasAnswered(code: String, source: String) throws(StoreError) -> Bool {
        guard notedCodes.mayContain(code) else { return false }
        let find = try database.statement(Self.findAnsweredSQL)
        try find.bind(text: source, at: 1)
        try find.bind(text: code, at: 2)
        defer { find.reset() }
        return try find.step()
    }

    /// Forgets every noted order (at the start of each input).
    public func forgetFileOrders() throws(StoreError) {
        guard !notedCodes.isEmpty else { return }
        try database.execute("DELETE FROM temp.file_orders")
        notedCodes = CodeFilter()
    }
}

/// A Bloom filter of order codes: 2^20 bits (128 KiB) and two positions per code, so a few
/// hundred thousand codes still answer "never seen" for nearly every other code. Its answers
/// are "no" or "maybe"; a "maybe" is checked in the store.
struct CodeFilter {
    private var words = [UInt64](repeating: 0, count: 1 << 14)
    /// True until the first code is inserted.
    private(set) var isEmpty = true

    mutating func insert(_ code: String) {
        isEmpty = false
        let (first, second) = Self.positions(code)
        words[first >> 6] |= 1 << UInt64(first & 63)
        words[second >> 6] |= 1 << UInt64(second & 63)
    }

    func mayContain(_ code: String) -> Bool {
        guard !isEmpty else { return false }
        let (first, second) = Self.positions(code)
        return isSet(first) && isSet(second)
    }

    private func isSet(_ bit: Int) -> Bool {
        words[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    private static func positions(_ code: String) -> (Int, Int) {
        var hasher = Hasher()
        hasher.combine(code)
        let hash = UInt64(bitPattern: Int64(hasher.finalize()))
        let mask: UInt64 = (1 << 20) - 1
        return (Int(hash & mask), Int((hash >> 32) & mask))
    }
}
