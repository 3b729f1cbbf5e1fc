import Foundation

/// The store: one SQLite file holding shipments, history, the event outbox, processed
/// files and close batches. Every change and its events are written in one transaction.
public final class Store {
    /// The connection; only this module runs SQL.
    let database: Database
    let decoder = JSONDecoder()

    /// Opens the store at `path`, creating and migrating it as needed.
    public init(path: String, busyTimeoutMilliseconds: Int32 = 5000) throws(StoreError) {
        database = try Database(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        try migrate()
        database.queuedRows = self
        try database.execute("""
            CREATE TEMP TABLE IF NOT EXISTS file_orders(
              source TEXT NOT NULL, code TEXT NOT NULL, PRIMARY KEY(source, code)) WITHOUT ROWID
            """)
        // The notes of a file with many rejected orders must go to the temp file, not stay in
        // memory: without a cache of its own the TEMP database held them all (1,000,000 orders
        // with 130,000 rejected: +7 MiB of peak memory).
        try database.execute("PRAGMA temp.cache_size=-1024")
    }

    /// The codes noted since `forgetFileOrders()`, as a Bloom filter: most orders were never
    /// noted, and the filter says so without a SQLite probe.
    var notedCodes = CodeFilter()
    /// Block-count changes of the open `transaction`, written just before it commits: one
    /// upsert per block touched instead of one per shipment. Nil outside `transaction`.
    var pendingBlockCounts: [BlockCountKey: Int]?
    /// The sender address last stored or found in `senders`, with its row id (see `Store.insert`).
    var lastSender: (address: [UInt8], id: Int64)?
    /// Inside `transaction`: the greatest stored order code (see `Store.hasShipment`), read on
    /// the first probe and raised by every insert. Forgotten when the transaction ends or commits
    /// a part, since another writer may then add shipments.
    var highestOrderCode = HighestOrderCode.unknown
    /// New shipment and event rows waiting for a multi-row insert (see `RowQueue`).
    var rowQueue = RowQueue()

    /// Told of every event appended and of every rollback, on the thread that writes (the spool
    /// stages its exports with it); nil when nobody listens.
    public var outboxObserver: (any OutboxObserver)?
    /// Values written to `meta` before every commit in which they changed (see `keep(metaKey:_:)`).
    var keptValues: [KeptValue] = []

    /// Runs `body` in one transaction (`BEGIN IMMEDIATE`); nothing of it is kept if it throws.
    /// A write of a few rows passes `waitsForLogCopy: false` (see `Database.transaction`).
    public func transaction<T>(waitsForLogCopy: Bool = true, _ body: () throws -> T) throws -> T {
        pendingBlockCounts = [:]
        highestOrderCode = .unread
        defer {
            pendingBlockCounts = nil
            highestOrderCode = .unknown
            rowQueue.forgetIds()
        }
        do {
            let result = try database.transaction(waitsForLogCopy: waitsForLogCopy) {
                let result = try body()
                try writeQueuedRows()
                try flushBlockCounts()
                try writeKeptValues()
                return result
            }
            settleKeptValues(committed: true)
            return result
        } catch {
            settleKeptValues(committed: false)
            tellRollback()
            throw error
        }
    }

    /// Inside `transaction`: commits everything written so far, as the end of `transaction`
    /// would, and goes on in a new transaction. A later rollback takes only what follows.
    public func commitSoFar() throws(StoreError) {
        try writeQueuedRows()
        try flushBlockCounts()
        try writeKeptValues()
        highestOrderCode = .unknown
        try database.commitAndBegin()
        highestOrderCode = .unread
        rowQueue.forgetIds()
        settleKeptValues(committed: true)
    }

    /// Keeps `value()` in `meta` under `key`: every transaction writes it just before its commit
    /// when it differs from what the store last held, so it is committed with the rows made with
    /// it (the sandbox's next parcel serial). `value` is called on the thread that writes; a
    /// second call for the same key replaces the first.
    public func keep(metaKey key: String, _ value: @escaping () -> String) throws(StoreError) {
        try keep(metaKey: key, from: { _ in () }, as: { _ in value() })
    }

    /// `keep(metaKey:_:)` for a value made from what the store holds under `key` (read once):
    /// `make` gets the stored text (nil: none) and returns the value, `text` gives its text at
    /// each commit. Returns the value made.
    public func keep<Value>(metaKey key: String, from make: (String?) -> Value,
                            as text: @escaping (Value) -> String) throws(StoreError) -> Value {
        let stored = try meta(key)
        let value = make(stored)
        keptValues.removeAll { $0.key == key }
        keptValues.append(KeptValue(key: key, value: { text(value) }, stored: stored))
        return value
    }

    private func writeKeptValues() throws(StoreError) {
        for index in keptValues.indices {
            let current = keptValues[index].value()
            guard current != keptValues[index].stored else { continue }
            try setMeta(keptValues[index].key, current)
            keptValues[index].pending = current
        }
    }

    /// After a commit the written values are what the store holds; after a rollback they are not.
    private func settleKeptValues(committed: Bool) {
        for index in keptValues.indices {
            if committed, let written = keptValues[index].pending { keptValues[index].stored = written }
            keptValues[index].pending = nil
        }
    }

    /// Runs `body` inside a savepoint of the current transaction: if it throws, only its
    /// changes are rolled back and the transaction goes on (one file of a batch failing).
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        try database.execute("SAVEPOINT one_file")
        let countsBefore = pendingBlockCounts
        do {
            let result = try body()
            try database.execute("RELEASE one_file")
            return result
        } catch {
            pendingBlockCounts = countsBefore
            dropQueuedRows()
            try? database.execute("ROLLBACK TO one_file")
            try? database.execute("RELEASE one_file")
            tellRollback()
            throw error
        }
    }

    /// Forgets what a rollback may have taken (the remembered sender row) and tells the outbox
    /// observer which event is the last one left.
    private func tellRollback() {
        lastSender = nil
        guard let observer = outboxObserver else { return }
        observer.rolledBack(lastEventId: try? lastEventId())
    }

    /// The schema version this store is at.
    public func schemaVersion() throws(StoreError) -> Int {
        let statement = try database.statement("PRAGMA user_version")
        _ = try statement.step()
        let version = statement.int(0) ?? 0
        statement.reset()
        return version
    }

    private func migrate() throws(StoreError) {
        guard try Self.checked(schemaVersion()) < Schema.migrations.count else { return }
        try database.execute("BEGIN IMMEDIATE")
        do {
            // Read again under the write lock: another process (a query started beside the first
            // `run` on a new spool) may have migrated the store while this one waited for it.
            let locked = try Self.checked(schemaVersion())
            for version in locked..<Schema.migrations.count {
                try database.execute(Schema.migrations[version])
            }
            if locked < Schema.migrations.count {
                try database.execute("PRAGMA user_version = \(Schema.migrations.count)")
            }
            try database.execute("COMMIT")
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
    }

    /// `version`, unless it is newer than this program knows.
    private static func checked(_ version: Int) throws(StoreError) -> Int {
        guard version <= Schema.migrations.count else {
            throw StoreError(.schema, message: "database schema \(version) is newer than this consign "
                             + "(knows \(Schema.migrations.count)); upgrade consign")
        }
        return version
    }

    /// A value from the `meta` table.
    public func meta(_ key: String) throws(StoreError) -> String? {
        let statement = try database.statement("SELECT value FROM meta WHERE key = ?1")
        try statement.bind([key])
        defer { statement.reset() }
        return try statement.step() ? statement.text(0) : nil
    }

    /// This store's own random name (16 hex digits, made once and kept in `meta`), for what must
    /// differ between installations, such as report Message-IDs. Call inside a transaction.
    public func instanceId() throws(StoreError) -> String {
        if let known = try meta("store.id") { return known }
        let word = String(UInt64.random(in: .min ... .max), radix: 16)
        let made = String(repeating: "0", count: 16 - word.count) + word
        try setMeta("store.id", made)
        return made
    }

    /// Sets a value in the `meta` table.
    public func setMeta(_ key: String, _ value: String) throws(StoreError) {
        try database.statement("INSERT INTO meta(key, value) VALUES (?1, ?2) "
                               + "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            .bind([key, value]).run()
    }

    func decode<T: Decodable>(_ type: T.Type, _ text: String?) throws(StoreError) -> T {
        do {
            return try decoder.decode(type, from: Data((text ?? "null").utf8))
        } catch {
            throw StoreError(.corruptValue, message: "cannot decode stored \(T.self): \(error)")
        }
    }
}

/// A value kept in `meta` by `Store.keep(metaKey:_:)`.
struct KeptValue {
    let key: String
    let value: () -> String
    /// What the store holds under `key` (nil: nothing).
    var stored: String?
    /// Written in the open transaction, not yet committed.
    var pending: String?
}
