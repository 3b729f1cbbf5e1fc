import Foundation
import Testing

/// Runs a system command and returns its exit status.
@discardableResult
func shell(_ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}

/// A small tmpfs the test mounts over a spool folder (the tests run as root, as CI does).
struct SmallFileSystem {
    let path: String

    init?(at path: String, size: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard try shell(["mount", "-t", "tmpfs", "-o", "size=\(size)", "tmpfs", path]) == 0 else { return nil }
        self.path = path
    }

    func resize(_ size: String) throws { try shell(["mount", "-o", "remount,size=\(size)", path]) }

    func unmount() { _ = try? shell(["umount", "-l", path]) }
}

@Suite("Faults: disk full, other file systems, permissions, locks, floods", .serialized)
struct FaultTests {
    static func orders(_ prefix: String, _ count: Int) -> [UInt8] {
        SampleOrders.csv((1...count).map { SampleOrders.valid("\(prefix)-\($0)") })
    }

    func hidden(_ consign: ConsignProcess, _ folder: String) -> [String] {
        consign.list(folder).filter { $0.hasPrefix(".") }
    }

    @Test("disk full while writing the result: exit 75, input kept, nothing half-written; completes when space returns")
    func diskFullResult() throws {
        let consign = try ConsignProcess()
        try FileManager.default.createDirectory(atPath: consign.spool + "/out", withIntermediateDirectories: true)
        let mounted = try SmallFileSystem(at: consign.spool + "/out/results", size: "64k")
        defer { mounted?.unmount() }
        var environment: [String: String] = [:]
        if mounted == nil { environment["CONSIGN_FAULT"] = "enospc:4096" }  // no mount allowed: injected layer
        try consign.drop("big.csv", Self.orders("DF", 600))

        var faulty = consign
        faulty.environment = environment
        let full = try faulty.run(["run"])
        #expect(full.status == 75, "\(full.stderr)")
        #expect(full.stderr.contains("No space left") || full.stderr.isEmpty == false)
        #expect(consign.list("work") + consign.list("in") == ["big.csv"])
        #expect(consign.list("out/results").filter { !$0.hasPrefix(".") }.isEmpty)
        #expect(try consign.run(["shipments", "--json"]).stdout.contains("\"totalCount\" : 0"))

        try mounted?.resize("64m")
        let retry = try consign.run(["run"])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(consign.list("done") == ["big.csv"])
        #expect(hidden(consign, "out/results").isEmpty)
        #expect(try consign.read("out/results/big.result.csv").split(separator: "\r\n").count == 601)
    }

    @Test("disk full under the database: exit 75, nothing registered; completes when space returns")
    func diskFullDatabase() throws {
        let consign = try ConsignProcess()
        try #expect(consign.run(["status"]).status == 0)
        let state = consign.spool + "/state"
        let saved = consign.root + "/state-copy"
        try FileManager.default.moveItem(atPath: state, toPath: saved)
        guard let mounted = try SmallFileSystem(at: state, size: "1m") else {
            Issue.record("tmpfs mount not permitted: this test needs root, as CI has")
            return
        }
        defer { mounted.unmount() }
        for name in try FileManager.default.contentsOfDirectory(atPath: saved) {
            try FileManager.default.copyItem(atPath: saved + "/" + name, toPath: state + "/" + name)
        }
        try consign.drop("many.csv", Self.orders("DB", 2000))
        let full = try consign.run(["run"])
        #expect(full.status == 75, "\(full.stderr)")
        #expect(consign.list("work") + consign.list("in") == ["many.csv"])
        #expect(consign.list("out/results").filter { !$0.hasPrefix(".") }.isEmpty)

        try mounted.resize("64m")
        let retry = try consign.run(["run"])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(consign.list("done") == ["many.csv"])
        let list = try consign.run(["shipments", "--json"]).json()
        #expect(((list["data"] as? [String: Any])?["paginator"] as? [String: Any])?["totalCount"] as? Int == 2000)
    }

    @Test("done/ on another file system: the archive is copied, fsynced and renamed, never partial")
    func otherFileSystem() throws {
        let consign = try ConsignProcess()
        guard let mounted = try SmallFileSystem(at: consign.spool + "/done", size: "16m") else {
            Issue.record("tmpfs mount not permitted: this test needs root, as CI has")
            return
        }
        defer { mounted.unmount() }
        let bytes = Self.orders("X", 50)
        try consign.drop("cross.csv", bytes)
        #expect(try consign.run(["run"]).status == 0)
        #expect(consign.list("done") == ["cross.csv"])
        #expect(consign.list("work").isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: consign.spool + "/done/cross.csv")) == Data(bytes))
    }

    @Test("an unreadable input goes to error/ naming its path; an unwritable output folder keeps files for later")
    func permissions() throws {
        let consign = try ConsignProcess()
        #expect(try consign.run(["status"]).status == 0)
        try consign.drop("good.csv", Self.orders("G", 2))
        try consign.drop("locked.csv", Self.orders("L", 2))
        try shell(["chown", "-R", "nobody:nogroup", consign.root])
        try shell(["chmod", "000", consign.spool + "/in/locked.csv"])
        let run = try consign.runAsNobody(["run"])
        #expect(run.status == 65, "\(run.stderr)")
        #expect(consign.list("done") == ["good.csv"])
        #expect(consign.list("error").contains("locked.csv"))
        #expect(try consign.read("error/locked.csv.errors.txt").contains("work/locked.csv"))

        try consign.drop("later.csv", Self.orders("LT", 2))
        try shell(["chown", "nobody:nogroup", consign.spool + "/in/later.csv"])
        try shell(["chmod", "555", consign.spool + "/out/results"])
        let blocked = try consign.runAsNobody(["run"])
        #expect(blocked.status == 75, "\(blocked.stderr)")
        #expect(blocked.stderr.contains("out/results"))
        #expect(consign.list("work") == ["later.csv"])
        try shell(["chmod", "755", consign.spool + "/out/results"])
        #expect(try consign.runAsNobody(["run"]).status == 0)
        #expect(consign.list("done").contains("later.csv"))
    }

    @Test("a database held by another writer: retried for the busy timeout, then a clear temporary failure")
    func databaseLocked() throws {
        let consign = try ConsignProcess()
        #expect(try consign.run(["status"]).status == 0)
        try consign.drop("wait.csv", Self.orders("W", 3))
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import sqlite3, sys, time
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute('BEGIN IMMEDIATE')
            print('locked', flush=True)
            time.sleep(9)
            """, consign.spool + "/state/consign.sqlite"]
        let ready = Pipe()
        holder.standardOutput = ready
        try holder.run()
        defer { holder.terminate() }
        _ = ready.fileHandleForReading.availableData
        let started = Date()
        let busy = try consign.run(["run"])
        #expect(busy.status == 75, "\(busy.stderr)")
        #expect(Date().timeIntervalSince(started) >= 4)
        #expect(busy.stderr.contains("locked") || busy.stderr.contains("busy"))
        holder.terminate()
        holder.waitUntilExit()
        #expect(try consign.run(["run"]).status == 0)
        #expect(consign.list("done") == ["wait.csv"])
    }

    @Test("two spools sharing one database: a run waits for the other spool's watch to stop (exit 75, no serial twice)",
          arguments: [false, true])
    func sharedDatabaseLocked(firstUsesDefault: Bool) throws {
        let first = try ConsignProcess()
        let second = try ConsignProcess()
        // Either both name a database outside their spools, or the second names the first's default one.
        let database = firstUsesDefault ? first.spool + "/state/consign.sqlite" : first.root + "/shared.sqlite"
        let config = first.root + "/shared.json"
        try Data(#"{"database": "\#(database)"}"#.utf8).write(to: URL(fileURLWithPath: config))
        try second.drop("b.csv", Self.orders("B", 2))
        let watch = try first.startWatch(config: firstUsesDefault ? nil : config)
        defer { if watch.isRunning { watch.terminate() } }
        var waited = 0
        while !FileManager.default.fileExists(atPath: database + ".lock") && waited < 50 {
            usleep(100_000)
            waited += 1
        }
        usleep(300_000)

        let blocked = try second.run(["--config", config, "run"])
        #expect(blocked.status == 75, "\(blocked.stderr)")
        #expect(blocked.stderr.contains("the database"), "\(blocked.stderr)")
        #expect(second.list("in") == ["b.csv"])

        watch.terminate()
        watch.waitUntilExit()
        #expect(try second.run(["--config", config, "run"]).status == 0)
        #expect(second.list("done") == ["b.csv"])
    }

    @Test("the database lock is where the kernel finds the database (a symlink, then ..); `state/consign` runs")
    func databaseLockPath() throws {
        let first = try ConsignProcess()
        let second = try ConsignProcess()
        #expect(try first.run(["status"]).status == 0)
        try FileManager.default.createDirectory(atPath: first.spool + "/state/sub", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: second.root + "/M", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: second.root + "/M/link",
                                                   withDestinationPath: first.spool + "/state/sub")
        let config = second.root + "/via-link.json"
        try Data(#"{"database": "M/link/../consign.sqlite"}"#.utf8).write(to: URL(fileURLWithPath: config))
        try second.drop("b.csv", Self.orders("L", 1))

        let holder = try Self.holdLock(first.spool + "/state/consign.sqlite.lock")
        defer { holder.terminate() }
        let blocked = try second.run(["--config", config, "run"])
        #expect(blocked.status == 75, "\(blocked.stderr)")
        holder.terminate()
        holder.waitUntilExit()
        try expectDanglingLinkLocked(second)

        let own = second.root + "/own.json"
        try Data(#"{"database": "\#(second.spool)/state/consign"}"#.utf8).write(to: URL(fileURLWithPath: own))
        let run = try second.run(["--config", own, "run"])
        #expect(run.status == 0, "\(run.stderr)")
    }

    /// A database named through a symbolic link to a file not created yet is locked where SQLite
    /// will create it.
    private func expectDanglingLinkLocked(_ consign: ConsignProcess) throws {
        let folder = consign.root + "/dangling"
        try FileManager.default.createDirectory(atPath: folder + "/real", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/links", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/links/db.sqlite",
                                                   withDestinationPath: "../real/new.sqlite")
        let config = folder + "/link.json"
        try Data(#"{"database": "\#(folder)/links/db.sqlite"}"#.utf8).write(to: URL(fileURLWithPath: config))
        let holder = try Self.holdLock(folder + "/real/new.sqlite.lock")
        defer { holder.terminate() }
        let blocked = try consign.run(["--config", config, "run"])
        #expect(blocked.status == 75, "\(blocked.stderr)")
    }

    /// Another process holding `flock` on `path` for three seconds; returns once it holds it.
    private static func holdLock(_ path: String) throws -> Process {
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import fcntl, sys, time
            lock = open(sys.argv[1], 'a')
            fcntl.flock(lock, fcntl.LOCK_EX)
            print('held', flush=True)
            time.sleep(3)
            """, path]
        let ready = Pipe()
        holder.standardOutput = ready
        try holder.run()
        _ = ready.fileHandleForReading.availableData
        return holder
    }

    @Test("run while watch works on the spool says so and exits 75; watch takes thousands of files dropped at once")
    func watchFlood() throws {
        let consign = try ConsignProcess()
        let watch = try consign.startWatch()
        defer { if watch.isRunning { watch.terminate() } }
        usleep(500_000)
        let second = try consign.run(["run"])
        #expect(second.status == 75)
        #expect(second.stderr.contains("another consign"))

        let staging = consign.root + "/staging"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let count = 2000
        for index in 0..<count {
            let path = "\(staging)/f\(index).csv"
            try Data(SampleOrders.csv([SampleOrders.valid("FL-\(index)")])).write(to: URL(fileURLWithPath: path))
        }
        for index in 0..<count {
            _ = rename("\(staging)/f\(index).csv", "\(consign.spool)/in/f\(index).csv")
        }
        let deadline = Date().addingTimeInterval(240)
        while consign.list("done").count < count && Date() < deadline { usleep(500_000) }
        #expect(consign.list("done").count == count)
        watch.terminate()
        watch.waitUntilExit()
        #expect(watch.terminationStatus == 0)
        #expect(consign.list("in").isEmpty && consign.list("work").isEmpty)
    }
}
