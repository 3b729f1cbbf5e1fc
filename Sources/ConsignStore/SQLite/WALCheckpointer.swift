import CSQLite
import Foundation

/// Copies a connection's write-ahead log back into the database file on a thread of its own,
/// through a second connection, instead of inside the COMMIT that crossed the threshold.
///
/// SQLite's automatic checkpoint runs in the committing thread: after a big file's transaction
/// it wrote the whole file's pages a second time and fsynced them before `consign run` could go
/// on to the exports (a third of a second for 100,000 orders). Here the commit only signals;
/// the copy overlaps whatever the caller does next. A PASSIVE checkpoint never blocks the
/// writer, and a checkpoint interrupted by a crash is finished by SQLite at the next open.
/// `stop()` waits for the copy in progress, so the owning connection closes after it.
///
/// The log restarts from its beginning only when a write transaction begins after a copy has
/// finished; a writer that always began while the copy of the last file was still running (a
/// spool of several big files) made the log grow to the size of all of them. So a write
/// transaction after a long log first waits for the copy (`awaitCopyOfLongLog()`).
final class WALCheckpointer: @unchecked Sendable {
    // @unchecked: every stored property except the three settings is guarded by `condition`;
    // the second connection is opened, used and closed by the checkpointing thread alone.

    /// Bytes of log from which a checkpoint is asked for: SQLite's own default of 1,000 frames,
    /// at its default page size of 4 KiB.
    static let defaultThresholdBytes = 4_096_000

    private let path: String
    private let thresholdBytes: Int
    private let longLogBytes: Int
    private let condition = NSCondition()
    // In frames of the database's page size, once known (see `use(pageSize:)`).
    private var threshold = Int32.max
    private var longLog = Int32.max
    private var framesInLog: Int32 = 0
    private var requested = 0
    private var completed = 0
    private var isRunning = false
    private var isStopping = false

    /// A checkpointer for the database at `path`; no thread runs before the first request.
    /// A log of `longLogBytes` or more makes the next write transaction wait for its copy.
    init(path: String, thresholdBytes: Int = WALCheckpointer.defaultThresholdBytes, longLogBytes: Int) {
        self.path = path
        self.thresholdBytes = thresholdBytes
        self.longLogBytes = longLogBytes
    }

    /// Sets the database's page size (a log frame holds one page), before the first commit.
    func use(pageSize: Int) {
        let size = max(pageSize, 512)
        condition.lock()
        threshold = Int32(clamping: max(1, thresholdBytes / size))
        longLog = Int32(clamping: max(1, longLogBytes / size))
        condition.unlock()
    }

    /// Called after each commit with the frames now in the log (`sqlite3_wal_hook`).
    func committed(framesInLog frames: Int32) {
        condition.lock()
        defer { condition.unlock() }
        framesInLog = frames
        guard frames >= threshold, !isStopping else { return }
        requested += 1
        if !isRunning {
            isRunning = true
            let thread = Thread { [self] in run() }
            thread.name = "consign-checkpoint"
            thread.start()
        }
        condition.broadcast()
    }

    /// Called before a write transaction: after a long log, waits until its copy is done, so
    /// that the transaction starts the log again from its beginning instead of growing it.
    func awaitCopyOfLongLog() {
        condition.lock()
        defer { condition.unlock() }
        while framesInLog >= longLog && completed < requested && isRunning { condition.wait() }
    }

    /// Waits for the checkpoint in progress, then stops the thread.
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        isStopping = true
        condition.broadcast()
        while isRunning { condition.wait() }
    }

    private func run() {
        var connection: OpaquePointer?
        if sqlite3_open_v2(path, &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK {
            sqlite3_busy_timeout(connection, 1000)
            // A new connection knows the file is in WAL mode only once it has read it.
            _ = sqlite3_exec(connection, "PRAGMA journal_mode=WAL", nil, nil, nil)
        }
        checkpointUntilStopped(connection)
        // Closed before `stop()` returns, so that the owner's close is the last one (which
        // removes the log).
        sqlite3_close_v2(connection)

        condition.lock()
        isRunning = false
        condition.broadcast()
        condition.unlock()
    }

    private func checkpointUntilStopped(_ connection: OpaquePointer?) {
        condition.lock()
        defer { condition.unlock() }
        while !isStopping || completed < requested {
            if completed == requested {
                condition.wait()
                continue
            }
            let target = requested
            condition.unlock()
            // A failure (busy with another process's checkpoint) leaves the frames for the next one.
            _ = sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            condition.lock()
            completed = target
            condition.broadcast()
        }
    }
}
