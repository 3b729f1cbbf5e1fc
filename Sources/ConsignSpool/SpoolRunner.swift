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
    /// Asked before each file (or batch of small files) is started: true stops the pass there, so
    /// that a stop signal waits for the current file only. Claimed files not started stay in
    /// `work/` and are the first taken at the next start.
    public var isStopRequested: () -> Bool = { false }

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
        var processor = FileProcessor(
            layout: layout, engine: engine, opener: OrderFileOpener(settings: settings), logger: logger)
        processor.stage = stage
        return processor
    }

    /// This pass's exports, staged while its files are stored (from after recovery to the export).
    var stage: ExportStage?

    /// Runs one pass and reports what it did.
    public func runOnce() -> RunReport {
        var report = RunReport()
        if !hasRecovered {
            recover(into: &report)
            hasRecovered = true
        } else {
            // In watch: files a temporary failure left in work/ are retried on every full pass.
            for name in Self.names(in: layout.work).filter({ !$0.hasPrefix(".") }).sorted() {
                guard !isStopRequested(), handle(name, into: &report, leftover: true) else { break }
            }
        }
        // After recovery: it removes temp files in the export folders, and the stage writes some.
        stageExports()
        if report.temporaryFailures.isEmpty { ingest(into: &report) }
        let publisher = advanceCarriers(into: &report)
        // Exports first: they need no protocol, and run while a protocol's PDF renders.
        export(into: &report)
        publishProtocols(publisher, into: &report)
        return report
    }

    /// Starts writing the exports while files are stored (`ExportStage`); `export` or
    /// `endStaging` ends it.
    func stageExports() {
        stage = ExportStage(layout: layout)
        engine.store.outboxObserver = stage
    }

    /// Stops staging and drops what was staged.
    func endStaging() {
        engine.store.outboxObserver = nil
        stage = nil
    }

    /// Ingests the ready files of `in/` (used by `run` and by `watch`).
    func ingest(into report: inout RunReport) {
        let scanner = InboxScanner(layout: layout, settings: settings)
        let scanned: InboxScanner.Scan
        do { scanned = try scanner.scan() } catch {
            logger.error("cannot scan the input folder; check its permissions", ["spool.error": error.message])
            report.temporaryFailures.append(layout.inbox)
            return
        }
        for renamed in scanned.renamed {
            if renamed.failed {
                logger.warning("input file name is not valid UTF-8 and the name it would be renamed to is taken; "
                               + "rename or remove the other file", ["spool.file": renamed.name])
            } else {
                logger.warning("input file name was not valid UTF-8 (a Windows code page?); renamed so that it can "
                               + "be read, and its result and reports take the new name; have the ERP write "
                               + "UTF-8 names or plain ASCII ones", ["spool.file": renamed.name])
            }
        }
        let now = wallClock.now().timeIntervalSince1970
        // Names answered from work/ in this pass, or still there: listed once, not a stat per file.
        let namesInWork = Set(report.files.map(\.fileName)).union(Self.names(in: layout.work))
        var claimed: [(name: String, size: Int64)] = []
        for entry in scanned.entries where !isStopRequested() {
            guard scanner.isReady(entry, now: now) else {
                report.filesNotReady += 1
                // At info (a cron run every few minutes would repeat a warning): the operator asking why.
                logger.info("file not taken yet: it is still being written, or within the quiet period, or "
                            + "waits for its marker; a later run takes it", ["spool.file": entry.name])
                continue
            }
            if namesInWork.contains(entry.name) {
                // A file of this name from work/ (an interrupted run's) was answered in this pass, or
                // is still there: its result and report would be replaced before the ERP could take
                // them, so this one waits for the next pass.
                report.filesNotReady += 1
                logger.info("file waits for the next pass: one of the same name was answered in this one",
                            ["spool.file": entry.name])
                continue
            }
            if let refusal = refusal(of: entry) {
                refuse(entry.name, reason: refusal, into: &report)
                continue
            }
            do {
                try claim(entry.name)
                claimed.append((entry.name, entry.size))
            } catch {
                logger.error("cannot claim input file; check permissions of in/ and work/",
                             ["spool.file": entry.name, "spool.error": error.description])
                report.temporaryFailures.append(entry.name)
                break
            }
        }
        // One fsync of work/ for all claims: a claim lost to a crash only puts the file back in in/.
        if !claimed.isEmpty { try? FileSystem.syncDirectory(layout.work) }
        process(claimed, into: &report)
    }

    /// Small files are processed several per transaction (one commit and one fsync per folder
    /// for the batch); a large file has its own.
    private func process(_ claimed: [(name: String, size: Int64)], into report: inout RunReport) {
        var index = 0
        while index < claimed.count {
            if index > 0 && isStopRequested() {
                logger.info("stopping: claimed files not started stay in work/ for the next start",
                            ["files": String(claimed.count - index)])
                return
            }
            var end = index + 1
            var bytes = claimed[index].size
            while end < claimed.count && end - index < Self.batchFiles && bytes + claimed[end].size <= Self.batchBytes {
                bytes += claimed[end].size
                end += 1
            }
            let names = claimed[index..<end].map(\.name)
            let completed = names.count == 1 ? handle(names[0], into: &report) : handleBatch(names, into: &report)
            guard completed else { return }
            index = end
        }
    }

    static let batchFiles = 256
    static let batchBytes: Int64 = 4 << 20

    /// Processes several claimed files in one transaction, each in a savepoint; false on a
    /// temporary failure (then every file of the batch stays in work/ for the next run).
    private func handleBatch(_ names: [String], into report: inout RunReport) -> Bool {
        let pending = PendingPublication()
        var batchProcessor = processor
        batchProcessor.batch = pending
        var outcomes: [FileOutcome] = []
        var refusals: [(String, String)] = []
        do {
            try engine.store.transaction {
                for name in names {
                    do {
                        outcomes.append(try batchProcessor.process(name))
                    } catch let error as SpoolError where !error.isTemporary {
                        refusals.append((name, error.message))
                    }
                }
            }
            try pending.run(results: layout.results, errors: layout.error)
        } catch {
            logger.warning("files left in work/ after a temporary failure; they are retried on the next run",
                           ["files": String(names.count), "spool.error": String(describing: error)])
            report.temporaryFailures.append(contentsOf: names)
            return false
        }
        for outcome in outcomes {
            report.files.append(outcome)
            log(outcome)
        }
        for (name, reason) in refusals {
            logger.error("file cannot be processed; moved to error/", ["spool.file": name, "spool.error": reason])
            refuseClaimed(name, reason: reason, into: &report)
        }
        return true
    }

    private func refusal(of entry: InboxEntry) -> String? {
        if case .other(let kind) = entry.kind {
            return "\(kind), not a regular file: refused and not read; put the file itself into in/ "
                + "(write it elsewhere, then rename it in)"
        }
        if entry.size > settings.maxFileBytes {
            return "file of \(entry.size) bytes is over the limit of \(settings.maxFileBytes) bytes "
                + "(spool.maxFileBytes)"
        }
        return nil
    }

    /// Processes `work/<name>` and logs one line for it; false on a temporary failure.
    @discardableResult
    func handle(_ name: String, into report: inout RunReport, leftover: Bool = false) -> Bool {
        var processor = self.processor
        processor.isLeftover = leftover
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
    }

    private func log(_ outcome: FileOutcome) {
        var metadata = [
            "spool.file": outcome.fileName, "spool.outcome": outcome.disposition.rawValue,
            "orders": String(outcome.orders), "rejected": String(outcome.rejected),
        ]
        if outcome.knowsRegistrations {
            metadata["registered"] = String(outcome.registered)
            metadata["duplicate"] = String(outcome.duplicates)
        }
        if let result = outcome.resultFile { metadata["result"] = result }
        if let reason = outcome.reason { metadata["reason"] = reason }
        switch outcome.disposition {
        case .rejected where outcome.resultFile != nil:
            logger.warning("file read only up to a format error after a committed part; the orders before it "
                           + "are in its result file, see its .errors.txt in error/ for the rest", metadata)
        case .rejected: logger.warning("file rejected; see its .errors.txt in error/", metadata)
        case .alreadyProcessed:
            logger.warning("file content already processed (the reason names the earlier file); archived "
                           + "without a new result file (change the content to send it again)", metadata)
        case .done where outcome.rejected > 0:
            logger.warning(
                "file processed with rejected orders; see error/\(OutputNames.report(outcome.fileName)) and its "
                    + "result file", metadata)
        default: logger.info("file processed", metadata)
        }
        if !outcome.unknownPaymentNames.isEmpty {
            let names = outcome.unknownPaymentNames.sorted().map { "'\(OneLineText.escaped($0))'" }
            logger.warning(
                "payment names neither known as cash on delivery nor as paid otherwise; their orders are registered "
                    + "without COD: if one means cash on delivery, declare it in paymentMethods in the config",
                ["spool.file": outcome.fileName, "payment.names": names.joined(separator: ", ")])
        }
    }
}
