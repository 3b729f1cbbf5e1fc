import CSQLite
import Foundation
import Glibc

/// One SQLite connection. Owns the `sqlite3*` handle and closes it in `deinit`.
///
/// Not thread-safe: one connection per thread of work (the type is not `Sendable`).
public final class Database {
    private var handle: OpaquePointer?
    private var cache: [String: Statement] = [:]
    private var cacheByIdentity: [ObjectIdentifier: Statement] = [:]
    private let checkpointer: WALCheckpointer
    /// False while commits leave the log unsynced (the parts of a transaction; see `commitAndBegin`).
    private var commitsSyncLog = true
    /// The database file path.
    public let path: String

    /// Opens (creating if needed) the database at `path` in WAL mode with `synchronous=FULL`.
    ///
    /// FULL makes every commit durable: the WAL is fsynced at each commit, so a committed
    /// file's shipments survive power loss (NORMAL could lose the last commits).
    ///
    /// A new database gets pages of `newPageSize` bytes (an existing one keeps its own): 16 KiB
    /// instead of SQLite's 4 KiB make a big file's transaction write a quarter as many WAL
    /// frames and B-tree pages (100,000 orders: -6 % on CSV, -8 % on POHODA XML).
    ///
    /// After a commit that leaves `longLogBytes` or more in the WAL (64 MiB by default), the
    /// next write transaction waits until the background copy is done.
    public init(path: String, busyTimeoutMilliseconds: Int32 = 5000, newPageSize: Int = 16_384,
                longLogBytes: Int = 64 << 20) throws(StoreError) {
        _ = Self.processSettings
        self.path = path
        checkpointer = WALCheckpointer(path: path, longLogBytes: longLogBytes)
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &db, flags, nil)
        handle = db
        guard code == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            throw StoreError(Database.kind(of: code), resultCode: code, message: "cannot open '\(path)': \(message)")
        }
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        // Only a database without tables takes a page size, and only before WAL mode.
        try execute("PRAGMA page_size=\(newPageSize)")
        try execute("PRAGMA journal_mode=WAL")
        checkpointer.use(pageSize: try pageSize())
        try execute("PRAGMA synchronous=FULL")
        try execute("PRAGMA foreign_keys=ON")
        // Debian's SQLite overwrites freed space with zeros (SECURE_DELETE), which, as rows are
        // appended and pages split, zeroed about 12 KiB six times a shipment (1 % of a run's
        // instructions). Nothing personal is deleted from this store: a shipment's row keeps its
        // addresses for as long as the store keeps the shipment.
        try execute("PRAGMA secure_delete=OFF")
        // A bigger page cache (4 MiB instead of 2) keeps a big file's index pages in memory
        // through its transaction; durability is unchanged (WAL, synchronous=FULL).
        try execute("PRAGMA cache_size=-4096")
        // A log that restarts after a big file is cut back to 64 MiB (an idle `watch` would
        // otherwise keep the biggest file's log on disk).
        try execute("PRAGMA journal_size_limit=67108864")
        // Checkpoints run on a thread of their own (see WALCheckpointer), not inside COMMIT.
        let context = Unmanaged.passUnretained(checkpointer).toOpaque()
        sqlite3_wal_hook(db, { context, _, _, frames in
            Unmanaged<WALCheckpointer>.fromOpaque(context!).takeUnretainedValue().committed(framesInLog: frames)
            return SQLITE_OK
        }, context)
    }

    /// The database's page size in bytes.
    func pageSize() throws(StoreError) -> Int {
        let statement = try prepare("PRAGMA page_size")
        guard try statement.step(), let size = statement.int(0) else {
            throw StoreError(.sqlite, message: "PRAGMA page_size returned nothing", sql: statement.sql)
        }
        return size
    }

    /// Process-wide SQLite settings, applied once before the first connection: no memory
    /// statistics (nothing reads them, and they lock a global mutex on every allocation).
    private static let processSettings: Void = {
        _ = consign_sqlite_disable_memstatus()
    }()

    deinit {
        // The hook points at the checkpointer: removed first, then its last copy awaited; the
        // close itself checkpoints what is left when this is the last connection.
        sqlite3_wal_hook(handle, nil, nil)
        checkpointer.stop()
        cache.removeAll()
        cacheByIdentity.removeAll()
        sqlite3_close_v2(handle)
    }

    /// The owner of rows queued for a multi-row insert (the store, see `RowQueue`): every
    /// statement has them written first, except those whose `SQL` keeps them queued.
    weak var queuedRows: (any QueuedRows)?

    /// Writes the queued rows, if any, before another statement runs.
    private func writeQueuedRows() throws(StoreError) {
        guard let owner = queuedRows, owner.hasQueuedRows else { return }
        try owner.writeQueuedRows()
    }

    /// Runs one or more statements without results.
    public func execute(_ sql: String) throws(StoreError) {
        try writeQueuedRows()
        var error: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &error)
        if code != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? lastMessage
            sqlite3_free(error)
            throw StoreError(Database.kind(of: code), resultCode: code, message: message, sql: sql)
        }
    }

    /// A prepared statement for `sql`, reused across calls (reset and cleared before return).
    public func statement(_ sql: String) throws(StoreError) -> Statement {
        try writeQueuedRows()
        if let cached = cache[sql] {
            cached.reset()
            return cached
        }
        let statement = try prepare(sql)
        cache[sql] = statement
        return statement
    }

    /// A prepared statement for `sql`, found again by the object's identity: for the statements
    /// run once or more per order, whose text (hundreds of bytes) would be hashed on every use.
    public func statement(_ sql: SQL) throws(StoreError) -> Statement {
        if !sql.keepsQueuedRows { try writeQueuedRows() }
        let key = ObjectIdentifier(sql)
        if let cached = cacheByIdentity[key] {
            cached.reset()
            return cached
        }
        let statement = try prepare(sql.text)
        cacheByIdentity[key] = statement
        return statement
    }

    private func prepare(_ sql: String) throws(StoreError) -> Statement {
        var raw: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard code == SQLITE_OK, let raw else {
            throw StoreError(Database.kind(of: code), resultCode: code, message: lastMessage, sql: sql)
        }
        return Statement(raw, sql: sql, database: self)
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`; rolls back if it throws.
    ///
    /// After a long log, the transaction first waits for its copy (see `WALCheckpointer`), unless
    /// `waitsForLogCopy` is false: a write of a few rows (an export's cursor) adds a few frames,
    /// and the next big transaction waits for a copy that includes them.
    public func transaction<T>(waitsForLogCopy: Bool = true, _ body: () throws -> T) throws -> T {
        if waitsForLogCopy { checkpointer.awaitCopyOfLongLog() }
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            if !commitsSyncLog { try syncLogAgain() }
            return result
        } catch {
            queuedRows?.dropQueuedRows()
            try? execute("ROLLBACK")
            if !commitsSyncLog { try? syncLogAgain() }
            throw error
        }
    }

    /// Inside `transaction`: commits what the transaction wrote so far and begins the next one
    /// in its place (a big file committed in parts). After a long log it first waits for the
    /// log's copy, so the log starts again from its beginning instead of growing by every part.
    ///
    /// The parts after the first are committed with `synchronous=NORMAL`: the store thread does
    /// not wait for the disk (about 15 ms a part, with the reading thread stalled behind it).
    /// A part need not be durable before the next is read: the checkpointer syncs the log before
    /// it copies a part (right after its commit, on its own thread), and `transaction` syncs it
    /// after its last commit, before it returns, so what the caller publishes after that is
    /// backed by a durable store, as with `synchronous=FULL`. A power loss can take only parts
    /// not yet synced, and their `partial` record with them: the file is then read again from
    /// the last part that was. (SQLite allows the setting to change only between transactions.)
    func commitAndBegin() throws(StoreError) {
        try execute("COMMIT")
        checkpointer.awaitCopyOfLongLog()
        if commitsSyncLog {
            try execute("PRAGMA synchronous=NORMAL")
            commitsSyncLog = false
        }
        try execute("BEGIN IMMEDIATE")
    }

    /// Syncs the write-ahead log (what a commit under `synchronous=FULL` does; `fdatasync` on
    /// any descriptor of the file flushes all its data), then sets `synchronous=FULL` again.
    private func syncLogAgain() throws(StoreError) {
        let log = path + "-wal"
        let descriptor = open(log, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StoreError(.storage, message: "cannot open the log '\(log)' to sync it: "
                                + String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        guard fdatasync(descriptor) == 0 else {
            throw StoreError(.storage, message: "cannot sync the log '\(log)': \(String(cString: strerror(errno)))")
        }
        try execute("PRAGMA synchronous=FULL")
        commitsSyncLog = true
    }

    /// The rowid of the last insert on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last statement.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }

    static func kind(of code: Int32) -> StoreError.Kind {
        switch code & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED: .busy
        case SQLITE_FULL, SQLITE_IOERR, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_NOMEM: .storage
        case SQLITE_CONSTRAINT: .constraint
        case SQLITE_CORRUPT, SQLITE_NOTADB: .schema
        default: .sqlite
        }
    }
}

/// SQL text kept in a `static let`, so that its connection's prepared statement is found by
/// identity (see `Database.statement(_:)`).
public final class SQL: Sendable {
    /// The statement's text.
    public let text: String
    /// True for a statement that neither reads nor depends on the rows waiting in the store's
    /// row queue (the queue's own inserts, the file-order notes, the senders), so running it
    /// does not write the queue first.
    let keepsQueuedRows: Bool

    /// Wraps `text`.
    public init(_ text: String) {
        self.text = text
        keepsQueuedRows = false
    }

    init(_ text: String, keepsQueuedRows: Bool) {
        self.text = text
        self.keepsQueuedRows = keepsQueuedRows
    }
}

/// What `Database` asks of the owner of rows queued for a multi-row insert (see `RowQueue`).
protocol QueuedRows: AnyObject {
    /// True while rows wait.
    var hasQueuedRows: Bool { get }
    /// Writes them (before another statement runs).
    func writeQueuedRows() throws(StoreError)
    /// Forgets them (before a rollback).
    func dropQueuedRows()
}
