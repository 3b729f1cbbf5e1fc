import ConsignEngine
import ConsignStore
import ConsignSupport
import Foundation
import Glibc

/// One pass over the spool: recover leftovers, ingest ready files, advance carriers, export.
///
/// The caller holds the `SpoolLock` for the whole pass.
public final class SpoolRunner {
    /// The folders.
    public let layout: SpoolLayout
    /// The engine (store, catalogue, gateway, sandbox clock).
    public let engine: ShipmentEngine
    /// Spool settings.
    public let settings: SpoolSettings
    /// Wall clock for file ages (the quiet period is real time, not sandbox time).
    let wallClock: any Clock
    let logger: Logger
    private var hasRecovered = false

    /// Creates a runner.
    public init(
        layout: SpoolLayout, engine: ShipmentEngine, settings: SpoolSettings, wallClock: any Clock,
        logger: Logger
    ) {
        self.layout = layout
        self.engine = engine
        self.settings = settings
        self.wallClock = wallClock
        self.logger = logger
    }

    private var processor: FileProcessor {
        FileProcessor(layout: layout, engine: engine, opener: OrderFileOpener(settings: settings), logger: logger)
    }

    /// Runs one pass and reports what it did.
    public func runOnce() -> RunReport {
        var report = RunReport()
        if !hasRecovered {
            recover(into: &report)
            hasRecovered = true
        }
        if report.temporaryFailures.isEmpty { ingest(into: &report) }
        advanceCarriers(into: &report)
        export(into: &report)
        return report
    }

    /// Ingests the ready files of `in/` (used by `run` and by `watch`).
    func ingest(into report: inout RunReport) {
        let entries: [InboxEntry]
        do { entries = try InboxScanner(layout: layout, settings: settings).scan() } catch {
            logger.error("cannot scan the input folder; check its permissions", ["spool.error": error.message])
            report.temporaryFailures.append(layout.inbox)
            return
        }
        let now = wallClock.now().timeIntervalSince1970
        let scanner = InboxScanner(layout: layout, settings: settings)
        for entry in entries {
            guard scanner.isReady(entry, now: now) else {
                report.filesNotReady += 1
                continue
            }
            guard take(entry, into: &report) else { return }
        }
    }

    /// Claims and processes one entry; false when a temporary failure should stop the pass.
    private func take(_ entry: InboxEntry, into report: inout RunReport) -> Bool {
        if let refusal = refusal(of: entry) {
            refuse(entry.name, reason: refusal, into: &report)
            return true
        }
        do {
            try claim(entry.name)
        } catch {
            logger.error(
                "cannot claim input file; check permissions of in/ and work/",
                ["spool.file": entry.name, "spool.error": error.description])
            report.temporaryFailures.append(entry.name)
            return false
        }
        return handle(entry.name, into: &report)
    }

    private func refusal(of entry: InboxEntry) -> String? {
        if case .other(let kind) = entry.kind { return "\(kind), not a regular file: refused and not read" }
        if entry.size > settings.maxFileBytes {
            return "file of \(entry.size) bytes is over the limit of \(settings.maxFileBytes) bytes "
                + "(spool.maxFileBytes)"
        }
        return nil
    }

    /// Processes `work/<name>` and logs one line for it; false on a temporary failure.
    @discardableResult
    func handle(_ name: String, into report: inout RunReport) -> Bool {
        do {
            let outcome = try processor.process(name)
            report.files.append(outcome)
            log(outcome)
            return true
        } catch  where error.isTemporary {
            logger.warning(
                "file left in work/ after a temporary failure; it is retried on the next run",
                ["spool.file": name, "spool.error": error.message])
            report.temporaryFailures.append(name)
            return false
        } catch {
            logger.error(
                "file cannot be processed; moved to error/", ["spool.file": name, "spool.error": error.message])
            refuseClaimed(name, reason: error.message, into: &report)
            return true
        }
    }

    private func claim(_ name: String) throws(SystemError) {
        let source = "\(layout.inbox)/\(name)"
        let target = "\(layout.work)/\(name)"
        guard !FileSystem.exists(target) else {
            throw SystemError(call: "rename", path: target, errno: EEXIST)
        }
        try syscall("rename", path: source) { rename(source, target) }
        FaultInjection.hit("claim")
        for suffix in SpoolSettings.markerSuffixes { _ = unlink(source + suffix) }
        try FileSystem.syncDirectory(layout.work)
    }

    private func log(_ outcome: FileOutcome) {
        var metadata = [
            "spool.file": outcome.fileName, "spool.outcome": outcome.disposition.rawValue,
            "orders": String(outcome.orders), "registered": String(outcome.registered),
            "duplicate": String(outcome.duplicates), "rejected": String(outcome.rejected),
        ]
        if let result = outcome.resultFile { metadata["result"] = result }
        if let reason = outcome.reason { metadata["reason"] = reason }
        switch outcome.disposition {
        case .rejected: logger.warning("file rejected; see its .errors.txt in error/", metadata)
        case .alreadyProcessed: logger.notice("file content already processed; archived without processing", metadata)
        case .done where outcome.rejected > 0:
            logger.warning(
                "file processed with rejected orders; see error/\(outcome.fileName).errors.txt and its "
                    + "result file", metadata)
        default: logger.info("file processed", metadata)
        }
    }
}
