import ConsignCore

/// Where one page of a shipment query lies: the total, and a bounded run of rows in id order
/// from which the page is read after skipping `offset` of them.
struct ShipmentPagePlan {
    /// Shipments matching the query in total.
    var totalCount: Int
    /// SQL conditions on `shipments` selecting the rows the page is read from; `?1…` are `values`.
    var conditions: String
    /// Values bound to the conditions.
    var values: [(any Sendable)?]
    /// Matching rows to skip, in id order, before the page starts.
    var offset: Int
    /// False when the page lies past the last match (nothing to read).
    var hasItems: Bool
}

extension Store {
    /// Row ids are counted in blocks of `1 << blockShift` (`id >> 12` in migration 4's backfill).
    static let blockShift = 12

    /// Plans the page of `query`: from the block counts when filtering by status and/or carrier
    /// (or not at all), by counting the few rows of one order when filtering by order code.
    func pagePlan(for query: ShipmentQuery) throws(StoreError) -> ShipmentPagePlan {
        let first = (query.page - 1) * query.itemsPerPage
        guard query.orderCode == nil else { return try orderPlan(for: query, first: first) }

        let blocks = try blockCounts(status: query.status, carrierCode: query.carrierCode)
        let total = blocks.reduce(0) { $0 + $1.count }
        guard first < total else {
            return ShipmentPagePlan(totalCount: total, conditions: "", values: [], offset: 0, hasItems: false)
        }
        let last = min(first + query.itemsPerPage, total) - 1
        let isUnfiltered = query.status == nil && query.carrierCode == nil
        let (lowestId, skip, endBlock) = locate(first: first, last: last, in: blocks, isUnfiltered: isUnfiltered)

        var (conditions, values) = filterConditions(status: query.status, carrierCode: query.carrierCode)
        if query.status == nil, query.carrierCode != nil {
            // Lets SQLite walk shipments_carrier(carrier_code, status, id) by id range, status by
            // status (row decoding refuses any other status, so the list is complete).
            let statuses = ShipmentStatus.allCases.map(\.rawValue)
            let marks = statuses.indices.map { "?\(values.count + $0 + 1)" }.joined(separator: ", ")
            conditions.append("status IN (\(marks))")
            values.append(contentsOf: statuses.map { $0 as (any Sendable)? })
        }
        values.append(lowestId)
        conditions.append("id >= ?\(values.count)")
        values.append((endBlock + 1) << Store.blockShift)
        conditions.append("id < ?\(values.count)")
        return ShipmentPagePlan(totalCount: total, conditions: conditions.joined(separator: " AND "),
                                values: values, offset: skip, hasItems: true)
    }

    /// Matching shipments per block of row ids, ascending by block, read from `shipment_blocks`
    /// (a few thousand rows for a million shipments) instead of counting the shipments themselves.
    func blockCounts(status: ShipmentStatus?, carrierCode: String?) throws(StoreError)
        -> [(block: Int, count: Int)]
    {
        let (conditions, values) = filterConditions(status: status, carrierCode: carrierCode)
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let statement = try database.statement(
            "SELECT block, shipments FROM shipment_blocks \(whereClause)").bind(values)
        defer { statement.reset() }

        var perBlock: [Int: Int] = [:]
        while try statement.step() {
            guard let block = statement.int(0), let shipments = statement.int(1), shipments > 0 else { continue }
            perBlock[block, default: 0] += shipments
        }
        return perBlock.sorted { $0.key < $1.key }.map { (block: $0.key, count: $0.value) }
    }

    /// Counts a new shipment in its block. Every insert into `shipments` must call it in the
    /// same transaction.
    func countShipment(id: Int64, status: ShipmentStatus, carrierCode: String) throws(StoreError) {
        try addToBlock(id: id, status: status.rawValue, carrierCode: carrierCode, change: 1)
    }

    /// The stored status and carrier of shipment `id`, read before a save changes them; nil if
    /// there is no such row.
    func countedState(of id: Int64) throws(StoreError) -> (status: String, carrierCode: String)? {
        let statement = try database.statement("SELECT status, carrier_code FROM shipments WHERE id = ?1")
        try statement.bind(int: id, at: 1)
        defer { statement.reset() }
        guard try statement.step(), let status = statement.text(0), let carrier = statement.text(1) else { return nil }
        return (status, carrier)
    }

    /// Moves shipment `id` from the count of its stored status to that of `new` (a save changes
    /// the status, never the carrier). Every change of a stored status must call it in the same
    /// transaction.
    func recountShipment(id: Int64, from stored: (status: String, carrierCode: String), to new: ShipmentStatus)
        throws(StoreError)
    {
        guard stored.status != new.rawValue else { return }
        try addToBlock(id: id, status: stored.status, carrierCode: stored.carrierCode, change: -1)
        try addToBlock(id: id, status: new.rawValue, carrierCode: stored.carrierCode, change: 1)
    }

    private static let blockCountSQL = SQL("""
        INSERT INTO shipment_blocks(status, carrier_code, block, shipments) VALUES (?1, ?2, ?3, ?4)
        ON CONFLICT(status, carrier_code, block) DO UPDATE SET shipments = shipments + excluded.shipments
        """)

    private func addToBlock(id: Int64, status: String, carrierCode: String, change: Int) throws(StoreError) {
        let key = BlockCountKey(status: status, carrierCode: carrierCode, block: Int(id >> Store.blockShift))
        if pendingBlockCounts != nil {
            pendingBlockCounts?[key, default: 0] += change
        } else {
            try upsertBlockCount(key, change: change)
        }
    }

    /// Writes the open transaction's block-count changes (called by `transaction` before COMMIT).
    func flushBlockCounts() throws(StoreError) {
        guard let pending = pendingBlockCounts else { return }
        pendingBlockCounts = [:]
        for (key, change) in pending where change != 0 { try upsertBlockCount(key, change: change) }
    }

    private func upsertBlockCount(_ key: BlockCountKey, change: Int) throws(StoreError) {
        let upsert = try database.statement(Self.blockCountSQL)
        try upsert.bind(text: key.status, at: 1)
        try upsert.bind(text: key.carrierCode, at: 2)
        try upsert.bind(int: Int64(key.block), at: 3)
        try upsert.bind(int: Int64(change), at: 4)
        try upsert.run()
    }

    /// Number of shipments per status, from the block counts.
    public func statusCounts() throws(StoreError) -> [ShipmentStatus: Int] {
        let statement = try database.statement("""
            SELECT status, sum(shipments) FROM shipment_blocks GROUP BY status HAVING sum(shipments) > 0
            """)
        defer { statement.reset() }
        var counts: [ShipmentStatus: Int] = [:]
        while try statement.step() {
            if let status = statement.text(0).flatMap(ShipmentStatus.init(rawValue:)) {
                counts[status] = statement.int(1) ?? 0
            }
        }
        return counts
    }

    /// Where the page starts, as the lowest id to read from and how many matches to skip from
    /// there, and the block holding match number `last` (both 0-based). Unfiltered, a block
    /// counting all 4096 of its ids holds every one of them, so match k there is id start + k
    /// and nothing needs skipping (stepping over wide table rows is what costs).
    private func locate(first: Int, last: Int, in blocks: [(block: Int, count: Int)], isUnfiltered: Bool)
        -> (lowestId: Int, skip: Int, endBlock: Int)
    {
        var before = 0
        var start: (lowestId: Int, skip: Int)?
        for (block, count) in blocks {
            if start == nil, first < before + count {
                let skip = first - before
                let isFull = isUnfiltered && count == 1 << Store.blockShift
                start = isFull ? ((block << Store.blockShift) + skip, 0) : (block << Store.blockShift, skip)
            }
            if last < before + count, let start { return (start.lowestId, start.skip, block) }
            before += count
        }
        // Unreachable while first <= last < total; the whole range then is the safe answer.
        return ((blocks.first?.block ?? 0) << Store.blockShift, first, blocks.last?.block ?? 0)
    }

    /// One order has few shipments: count them and skip through them with its index.
    private func orderPlan(for query: ShipmentQuery, first: Int) throws(StoreError) -> ShipmentPagePlan {
        var (conditions, values) = filterConditions(status: query.status, carrierCode: query.carrierCode)
        values.append(query.orderCode)
        conditions.append("order_code = ?\(values.count)")
        let whereClause = conditions.joined(separator: " AND ")

        let count = try database.statement("SELECT count(*) FROM shipments WHERE \(whereClause)").bind(values)
        defer { count.reset() }
        _ = try count.step()
        let total = count.int(0) ?? 0
        return ShipmentPagePlan(totalCount: total, conditions: whereClause, values: values, offset: first,
                                hasItems: first < total)
    }

    /// `status = ?1` and/or `carrier_code = ?n` with their values.
    private func filterConditions(status: ShipmentStatus?, carrierCode: String?)
        -> (conditions: [String], values: [(any Sendable)?])
    {
        var conditions: [String] = []
        var values: [(any Sendable)?] = []
        if let status {
            values.append(status.rawValue)
            conditions.append("status = ?\(values.count)")
        }
        if let carrierCode {
            values.append(carrierCode)
            conditions.append("carrier_code = ?\(values.count)")
        }
        return (conditions, values)
    }
}

/// One row of `shipment_blocks`: a status, a carrier and a block of 4096 row ids.
struct BlockCountKey: Hashable {
    let status: String
    let carrierCode: String
    let block: Int
}
