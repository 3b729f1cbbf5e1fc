import Foundation
import Testing

@testable import ConsignStore

/// Checkpoints run on a thread of their own after a commit leaves a big log; the data reach the
/// database file while the connection stays open, and closing leaves no log behind.
@Suite("Write-ahead log copied back on a background thread")
struct WALCheckpointerTests {
    func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? -1
    }

    /// A fresh folder under the system's temporary directory.
    func makeFolder() throws -> String {
        try TemporaryStore.folder("wal")
    }

    /// A database at `path` with the `rows` table the tests fill.
    func rowsDatabase(_ path: String, newPageSize: Int = 16_384, longLogBytes: Int = 64 << 20) throws -> Database {
        let database = try Database(path: path, newPageSize: newPageSize, longLogBytes: longLogBytes)
        try database.execute("CREATE TABLE IF NOT EXISTS rows(id INTEGER PRIMARY KEY, text TEXT)")
        return database
    }

    /// The number of rows in `table`.
    func count(_ table: String, in database: Database) throws -> Int? {
        let statement = try database.statement("SELECT count(*) FROM \(table)")
        defer { statement.reset() }
        _ = try statement.step()
        return statement.int(0)
    }

    /// About 8 MB of rows in one transaction: twice the threshold of 4 MB.
    func insertEightMegabytes(_ database: Database) throws {
        try database.transaction {
            try database.execute("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000)
                INSERT INTO rows(text) SELECT printf('%.1000c', 'x') FROM n
                """)
        }
    }

    @Test("a commit past the threshold is copied into the database file without closing")
    func copiesInBackground() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/test.sqlite"
        var database: Database? = try rowsDatabase(path)
        let before = fileSize(path)
        try insertEightMegabytes(try #require(database))
        let deadline = Date().addingTimeInterval(10)
        while fileSize(path) < 8_000_000 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(before < 1_000_000)
        #expect(fileSize(path) >= 8_000_000)

        database = nil
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(try count("rows", in: try Database(path: path)) == 8000)
    }

    @Test("big transactions in a row restart the log instead of growing it to their sum")
    func logRestartsBetweenBigTransactions() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/test.sqlite"
        // A "long" log from 6 MB, so that each 8 MB transaction below is one.
        let database = try rowsDatabase(path, longLogBytes: 6_000_000)
        for _ in 0..<4 { try insertEightMegabytes(database) }
        // Each transaction writes about 9 MB of log; grown, the log would hold all four (36 MB).
        #expect(fileSize(path + "-wal") < 20_000_000, "log of \(fileSize(path + "-wal")) bytes")
    }

    @Test("a small write that does not wait for the copy still lets the next big one restart the log")
    func smallWritesBetweenBigTransactions() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/test.sqlite"
        let database = try rowsDatabase(path, longLogBytes: 6_000_000)
        try database.execute("CREATE TABLE cursor(value INTEGER)")
        for round in 0..<4 {
            try insertEightMegabytes(database)
            // An export's cursor, written while the copy of the big transaction runs.
            try database.transaction(waitsForLogCopy: false) {
                try database.execute("INSERT INTO cursor VALUES (\(round))")
            }
        }
        #expect(fileSize(path + "-wal") < 20_000_000, "log of \(fileSize(path + "-wal")) bytes")
        #expect(try count("cursor", in: database) == 4)
    }

    @Test("a new database gets 16 KiB pages; an existing one keeps its own page size")
    func pageSizeOfNewDatabasesOnly() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fresh = try rowsDatabase(folder + "/new.sqlite")
        #expect(try fresh.pageSize() == 16_384)

        _ = try rowsDatabase(folder + "/old.sqlite", newPageSize: 4_096)
        let reopened = try Database(path: folder + "/old.sqlite")
        #expect(try reopened.pageSize() == 4_096)
        try insertEightMegabytes(reopened)
        #expect(try count("rows", in: reopened) == 8000)
    }
}
