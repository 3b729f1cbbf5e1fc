import ConsignCore
import ConsignEngine
import ConsignSpool
import ConsignStore
import ConsignSupport
import Foundation

/// The commands. Query commands print a table, or Shoptet's JSON envelope with `--json`.
struct Commands {
    let environment: Environment
    var arguments: Arguments

    init(environment: Environment, arguments: Arguments) {
        self.environment = environment
        self.arguments = arguments
    }

    /// How many operands each command takes (`carrier CODE TYPE` two); a word more is a usage
    /// error, not silently ignored (`consign run now` did a whole run).
    static let operandCounts: [String: Int] = [
        "run": 0, "watch": 0, "status": 0, "mailq": 0, "carriers": 0, "shipments": 0,
        "shipment": 1, "options": 1, "cancel": 1, "close": 1, "carrier": 2,
    ]

    mutating func run(_ command: String) throws -> Int32 {
        if let count = Self.operandCounts[command], arguments.positional.count > count + 1 {
            let extra = arguments.positional[count + 1]
            throw UsageError(message: "'\(command)' takes \(count == 0 ? "no" : String(count)) operand"
                             + (count == 1 ? "" : "s") + "; what is '\(extra)'?")
        }
        switch command {
        case "run":
            try AddressSpace.ensure()
            return try runOnce()
        case "watch":
            try AddressSpace.ensure()
            return try watch()
        case "status": return try status()
        case "mailq":
            environment.storeUse = .existing
            return try mailq()
        case "carriers", "carrier":
            environment.storeUse = .catalogueOnly
            return try query(command)
        case "shipments", "shipment", "options", "cancel", "close":
            environment.storeUse = .existing
            return try query(command)
        default: throw UsageError(message: "unknown command '\(command)'")
        }
    }

    mutating func operand(_ index: Int, _ name: String) throws(UsageError) -> String {
        let operands = Array(arguments.positional.dropFirst())
        guard index < operands.count else { throw UsageError(message: "missing \(name)") }
        return operands[index]
    }

    private mutating func runOnce() throws -> Int32 {
        try arguments.rejectUnknown()
        let locks = try takeLocks()
        defer { withExtendedLifetime(locks) {} }
        let report = try makeRunner().runOnce()
        environment.logger.info("run finished", [
            "files": String(report.files.count), "rejections": String(report.rejections),
            "exit": String(report.exitStatus),
        ])
        return report.exitStatus
    }

    private mutating func watch() throws -> Int32 {
        try arguments.rejectUnknown()
        let locks = try takeLocks()
        defer { withExtendedLifetime(locks) {} }
        return SpoolWatcher(runner: try makeRunner(), logger: environment.logger).run()
    }

    /// The spool's lock and the database's (`<database>.lock`, also for the default database in
    /// `state/`): two spools that share one database must not write it at once (each would hand
    /// out the same parcel serials, and export the other's events). Not the database file itself:
    /// closing any descriptor of it would drop SQLite's own POSIX locks in this process.
    func takeLocks() throws -> [SpoolLock] {
        let layout = try prepared()
        let spoolLock = try SpoolLock(path: layout.lockFile)
        let database = Self.resolved(environment.config.database ?? layout.database)
        let databaseLock = database + ".lock"
        // A database named `state/consign` would lock the spool's own lock twice.
        guard databaseLock != Self.resolved(layout.lockFile) else { return [spoolLock] }
        return [spoolLock, try SpoolLock(path: databaseLock, subject: "the database '\(database)'")]
    }

    /// `path` as the kernel finds it (`realpath`: symbolic links followed before `..`), so every
    /// spool naming one database takes the same lock; for a file not there yet, its folder's.
    static func resolved(_ path: String) -> String {
        func real(_ path: String) -> String? {
            guard let pointer = realpath(path, nil) else { return nil }
            defer { free(pointer) }
            return String(cString: pointer)
        }
        // A symbolic link to a database not created yet: its target, as SQLite will create it.
        var path = path
        for _ in 0..<16 {
            if let file = real(path) { return file }
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { break }
            path = target.hasPrefix("/") ? target
                : URL(fileURLWithPath: path).deletingLastPathComponent().path + "/" + target
        }
        let url = URL(fileURLWithPath: path)
        if let folder = real(url.deletingLastPathComponent().path) { return folder + "/" + url.lastPathComponent }
        return url.standardizedFileURL.path
    }

    func prepared() throws -> SpoolLayout {
        guard FileManager.default.fileExists(atPath: environment.layout.root) else {
            throw SpoolError(.filesystem, "spool folder '\(environment.layout.root)' does not exist; create it or "
                             + "check --spool / spool.root", isTemporary: false)
        }
        try environment.layout.create()
        return environment.layout
    }

    func makeRunner() throws -> SpoolRunner {
        let config = environment.config
        if environment.configPath == nil {
            environment.logger.notice("no config file: using the embedded DEMO shipper and COD payout accounts")
        } else {
            if config.shipper == nil {
                environment.logger.warning("the config has no shipper; the DEMO shipper is printed on labels and "
                                           + "protocols. Add shipper to the config")
            }
            if (config.codPayoutAccounts ?? []).isEmpty {
                environment.logger.warning("the config has no codPayoutAccounts; DEMO accounts are printed on "
                                           + "protocols. Add codPayoutAccounts to the config")
            }
        }
        return SpoolRunner(layout: environment.layout, engine: try environment.engine(),
                           settings: try environment.spoolSettings(), wallClock: SystemClock(),
                           logger: environment.logger)
    }

    private mutating func status() throws -> Int32 {
        let json = arguments.flag("json")
        try arguments.rejectUnknown()
        let layout = try prepared()
        let waiting = Self.count(layout.inbox) + Self.count(layout.work)
        let errors = Self.count(layout.error) { !$0.hasSuffix(".errors.txt") }
        let reports = Self.count(layout.error) { $0.hasSuffix(".errors.txt") }
        let store = try environment.store.get()
        let counts = try store.statusCounts()
        let undelivered = try store.reportsNeedingAttention().map(\.id)
        let pendingCloses = try store.pendingCloseBatches().map { "\($0.carrierCode) #\($0.id)" }
        let queuedReports = try store.waitingReports().count
        if json {
            let byStatus = Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) })
            print(JSONOutput.envelope(data: ["filesWaiting": waiting, "filesInError": errors,
                                             "errorReports": reports, "shipmentsByStatus": byStatus,
                                             "reportsNeedingAttention": undelivered,
                                             "closeBatchesWaiting": pendingCloses, "reportsQueued": queuedReports]))
            return 0
        }
        if !pendingCloses.isEmpty {
            print("close batches waiting for the carrier: \(pendingCloses.joined(separator: ", "))")
        }
        if queuedReports > 0 { print("close-batch reports queued (sent by the next run): \(queuedReports)") }
        print("files waiting: \(waiting)\nfiles in error: \(errors)\nerror reports (error/*.errors.txt): \(reports)")
        if !undelivered.isEmpty {
            print("close-batch reports not delivered: \(undelivered.map(String.init).joined(separator: ", ")) "
                  + "(see `consign mailq`; send again with `consign mailq --retry ID`)")
        }
        var table = Table("status", "shipments")
        for status in ShipmentStatus.allCases where counts[status, default: 0] > 0 {
            table.add(status.rawValue, String(counts[status]!))
        }
        print(table.rows.isEmpty ? "no shipments yet" : table.text)
        return 0
    }

    private static func count(_ folder: String, where keep: (String) -> Bool = { _ in true }) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { !$0.hasPrefix(".") && keep($0) }.count
    }
}
