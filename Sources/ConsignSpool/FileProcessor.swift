import ConsignCore
import ConsignEngine
import ConsignFormats
import ConsignStore
import ConsignSupport
import Foundation
import Glibc
import Synchronization

/// Processes one claimed file in `work/`: read, register every order in one transaction,
/// write the result file and the error report, then archive the original.
///
/// Order of steps, so that a crash anywhere loses and doubles nothing: result and report are
/// written to fixed hidden temp names and fsynced; the store commits the shipments and the
/// processed-file record; then the temps are renamed into place and the input is archived.
/// A file found in `work/` at start whose content the store already has is rolled forward.
///
/// A file alone in its transaction is committed after its first `commitEveryOrders` orders and
/// then every fifth of that (`Parts`), the first commit with a `partial` processed-file record.
/// A restart after a crash reads such a file again from its start and answers the orders the
/// earlier attempt registered with their shipments
/// (`ShipmentEngine.commit(_:sourceFile:earlierAttemptUpTo:)`), so the result file is whole and
/// nothing is registered twice. A format error after a part was committed no longer
/// rejects the whole file: the orders before it are answered, the error is reported.
struct FileProcessor {
    let layout: SpoolLayout
    let engine: ShipmentEngine
    let opener: OrderFileOpener
    let logger: Logger
    /// When set, files are part of a batch: the caller owns the transaction (each file gets a
    /// savepoint) and runs the collected publish and archive steps after its commit.
    var batch: PendingPublication?
    /// The pass's staged exports, told of each new shipment.
    var stage: ExportStage?
    /// The file was found in `work/` at the start of a pass (an interrupted or stopped run's),
    /// not claimed from `in/` in it: content already committed under its name is that run's.
    var isLeftover = false

    /// Processes `work/<name>`.
    func process(_ name: String) throws(SpoolError) -> FileOutcome {
        let path = "\(layout.work)/\(name)"
        let identity = FileIdentity(path: path)
        // A big file is hashed on another thread while it is opened (its format sniffed, a code page
        // file scanned whole) and its first orders are read.
        let hashing = FileHasher.Job(path: path, size: identity?.size ?? 0)
        let opened = startReading(path, name)
        defer { try? opened.get().pipeline.finish() }
        // Shoptet rows of one order may be split around others (refused in `ingest`): an order
        // already committed could not be taken back, so a Shoptet file is one transaction until a
        // pass over it has proven that no order is split. The pass starts with the hash: while the
        // hash alone kept a core busy and the reading thread had read as far ahead as it may, the
        // other core was idle (100,000 Shoptet orders: 40 ms).
        let runCheck = batch == nil ? (try? opened.get()).flatMap {
            OrderRunCheck.start(for: $0.reader, path: path, size: identity?.size)
        } : nil
        defer { runCheck?.cancel() }
        let hash: String
        do { hash = try hashing.wait() } catch {
            throw SpoolError.system(error, "cannot read claimed file '\(path)'")
        }
        FaultInjection.hit("hashed")
        let seen = try lookup(hash)
        if let seen, !seen.isPartial {
            if let batch, batch.hashes.contains(hash) { return duplicateInBatch(name, seen: seen, hash: hash) }
            return try rollForward(name, seen)
        }
        batch?.hashes.insert(hash)

        let started: (reader: any OrderReader, pipeline: OrderPipeline)
        let earlier = seen?.isPartial == true ? seen : nil
        // A format error in a file a late writer cut or changed is no verdict on the content hashed.
        func rejected(_ error: FormatError) throws(SpoolError) -> FileOutcome {
            try checkUnchanged(name, since: identity)
            return try reject(name, hash: hash, error: error, keeping: earlier)
        }
        switch opened {
        case .success(let opened): started = opened
        case .failure(let error): return try rejected(error)
        }
        do {
            return try ingest(name, hash: hash, reader: started.reader, pipeline: started.pipeline, earlier: earlier,
                              identity: identity, runCheck: runCheck)
        } catch let error as FormatError {
            return try rejected(error)
        } catch let error as SpoolError {
            throw error
        } catch {
            throw Self.wrap(error, name)
        }
    }

    /// The same content twice in one batch: the first copy is processed, this one is archived
    /// after the commit (rolling it forward now would publish the first copy's staged files early).
    private func duplicateInBatch(_ name: String, seen: ProcessedFile, hash: String) -> FileOutcome {
        var outcome = FileOutcome(fileName: name, disposition: .alreadyProcessed)
        outcome.resultFile = seen.resultFile
        outcome.reason = "same content as '\(seen.fileName)', processed before"
        // A copy of a file rejected as a whole goes where the first copy went.
        let folder = seen.outcome == "error" ? layout.error : layout.done
        batch?.steps.append { try archive(name, to: folder, hash: hash) }
        return outcome
    }

    /// The result file's name, unless another input already uses it (`x.csv` and `x.CSV`):
    /// then the content hash makes it unique, so no input's result replaces another's.
    private func resultName(for name: String, hash: String, family: FileFamily) throws -> String {
        let plain = OrderFileOpener.resultFileName(for: name, family: family)
        let inBatch = batch?.resultNames.contains(plain) == true
        let taken = try inBatch || engine.store.resultFileInUse(plain, byOtherThan: name, content: hash)
        let chosen = taken ? plain.replacingOccurrences(of: ".result.", with: ".\(hash.prefix(8)).result.") : plain
        batch?.resultNames.insert(chosen)
        return chosen
    }

    /// Reads and registers the file; `earlier` is the `partial` record of an interrupted attempt,
    /// `runCheck` the pass over a Shoptet export alone in its transaction (see `process`).
    private func ingest(_ name: String, hash: String, reader: any OrderReader, pipeline: OrderPipeline,
                        earlier: ProcessedFile?, identity: FileIdentity?, runCheck: OrderRunCheck?) throws
        -> FileOutcome {
        let resultName = try resultName(for: name, hash: hash, family: reader.dialect.format.family)
        let result = try AtomicFileWriter(directory: layout.results, name: resultName,
                                          temporaryName: OutputNames.stagedResult(resultName))
        var report = ErrorReport(fileName: name, folder: layout.error, discardingStaged: true)
        let writer = OrderFileOpener.resultWriter(for: reader.dialect)
        var outcome = FileOutcome(fileName: name, disposition: .done)
        outcome.resultFile = resultName

        // A resumed attempt goes on under the name the interrupted one used (the same content may
        // have come back under another name), so that its orders are found.
        let attemptName = earlier?.fileName ?? name
        let source = Self.source(attemptName, hash: hash)
        let format = reader.dialect.format
        let inParts = batch == nil && (format != .shoptetCSV || runCheck != nil)
        var parts = Parts(every: inParts ? max(1, opener.settings.commitEveryOrders) : Int.max,
                          partial: .partial(contentHash: hash, fileName: attemptName, resultFile: resultName,
                                            at: engine.clock.now()),
                          earlierOrders: earlier?.orders ?? 0)
        defer {
            if let verdict = runCheck?.outcome {
                logger.debug("order runs checked", ["spool.file": name, "spool.runs": "\(verdict)",
                                                    "spool.parts": parts.committed ? "yes" : "no"])
            }
        }
        var stop: FormatError?
        var lastAnswered: ResultRow?
        try inTransaction {
            let earlierAttempt = earlier != nil ? try engine.store.lastShipmentId() : nil
            try engine.store.forgetFileOrders()
            try writer.begin { try result.write($0) }
            do {
                while let prepared = try pipeline.next() {
                    FaultInjection.hit("read")
                    let row = try register(prepared, fileName: source, earlierAttempt: earlierAttempt,
                                           outcome: &outcome, report: &report)
                    if format == .shoptetCSV, let split = Self.splitShoptetOrder(row, file: name) { throw split }
                    FaultInjection.hit("register")
                    if let encoding = pipeline.encoding, let earlier = writer.refine(encoding: encoding) {
                        try Self.reencode(result, from: earlier, to: encoding)
                    }
                    try writer.write(row) { try result.write($0) }
                    lastAnswered = row
                    pipeline.discard(prepared)
                    if parts.isDue(orders: outcome.orders) && runCheck?.provesTogether != false {
                        // A part cannot be taken back: a file changed under us is not committed further.
                        try checkUnchanged(name, since: identity, committedOrders: parts.committedOrders)
                        try parts.commit(orders: outcome.orders, store: engine.store)
                    }
                }
            } catch let error as FormatError where parts.mustAnswer(orders: outcome.orders) {
                // Orders of committed parts cannot be taken back: they are answered, the rest is not read.
                stop = error
                try report.add(fileError: error)
                try report.addStop(lastAnswered: lastAnswered.map { ($0.orderCode, $0.location) })
            }
            try writer.finish { try result.write($0) }
            try checkUnchanged(name, since: identity, committedOrders: parts.committedOrders)
            try result.sync()
            try report.stage()
            try engine.store.record(ProcessedFile(
                contentHash: hash, fileName: name, processedAt: engine.clock.now(),
                outcome: stop == nil ? "done" : "error", resultFile: resultName, orders: outcome.orders,
                rejected: outcome.rejected))
            FaultInjection.hit("before-commit")
        }
        if let stop {
            outcome.disposition = .rejected
            outcome.reason = stop.code.rawValue + (stop.location.map { ", \($0)" } ?? "")
        }

        logTransliteration(writer.transliterated, name)
        var staged = report
        try afterCommit {
            FaultInjection.hit("after-commit")
            try result.publish(syncingDirectory: batch == nil)
            FaultInjection.hit("after-publish")
            try staged.publish()
            try archive(name, to: stop == nil ? layout.done : layout.error, hash: hash)
            FaultInjection.hit("after-archive")
        }
        return outcome
    }

    /// Opens the file and starts reading and preparing its orders on the pipeline's thread while
    /// the hash is made: nothing is stored before the hash says the content is new.
    private func startReading(_ path: String, _ name: String)
        -> Result<(reader: any OrderReader, pipeline: OrderPipeline), FormatError> {
        Result { () throws(FormatError) in
            let reader = try opener.open(path: path, fileName: name)
            let pipeline = OrderPipeline(reader: reader, preparer: engine.preparer)
            pipeline.start()
            return (reader, pipeline)
        }
    }

    /// The content hash must describe the bytes read: a file that a late writer changed after it
    /// was claimed (appended, cut, replaced) is not recorded under the hash of another content
    /// (a complete copy sent later would be skipped as processed). Its transaction is rolled back
    /// and the file stays in `work/` for the next run, which reads what it holds then.
    ///
    /// Parts committed before the change was seen stay: their orders were in the file when it was
    /// read. The next run reads the changed file as a new content and answers those orders as
    /// duplicates of their shipments (same GUIDs); an order the file no longer holds keeps its
    /// shipment, and the message says how many orders were committed.
    private func checkUnchanged(_ name: String, since identity: FileIdentity?,
                                committedOrders: Int = 0) throws(SpoolError) {
        guard let identity, let now = FileIdentity(path: "\(layout.work)/\(name)"), now != identity else { return }
        let committed = committedOrders == 0 ? "" : "; its first \(committedOrders) orders were answered and "
            + "committed before the change, and the shipments registered for them stay (a new read answers those "
            + "orders with them)"
        throw SpoolError(.filesystem, "'\(name)' changed while it was read (\(identity.size) → \(now.size) bytes)"
                         + "\(committed); it is read again on the next run. The program that writes it must finish "
                         + "before the quiet period ends, or write to a temporary name and rename it into in/",
                         isTemporary: true)
    }

    /// Shoptet rows of one order must be together: a repeat of an order after other orders (its
    /// row rejected as a repeat) is a split order, whose COD row would be lost.
    private static func splitShoptetOrder(_ row: ResultRow, file: String) -> FormatError? {
        guard row.errorCode == CoreError.Code.repeatedInFile.rawValue else { return nil }
        return FormatError(.malformed, file: file, location: row.location,
                           "rows of order \"\(row.orderCode)\" are not together (it appears again after other "
                           + "orders); export the orders sorted by code")
    }

    /// Rewrites the result rows written before the input's encoding was settled (they hold
    /// Consign's own non-ASCII text in the encoding assumed until then) in the settled one.
    private static func reencode(_ result: AtomicFileWriter, from earlier: TextEncoding,
                                 to encoding: TextEncoding) throws(SystemError) {
        var lost = Set<Character>()
        try result.rewriteWritten(boundaries: [0x0A, 0x0D]) { encoding.encode(earlier.decode($0), lossy: &lost) }
    }

    /// Own transaction for a single file; a savepoint inside the caller's transaction in a batch.
    private func inTransaction(_ body: () throws -> Void) throws {
        if batch != nil { try engine.store.savepoint(body) } else { try engine.store.transaction(body) }
    }

    /// Runs the publish/archive steps now, or after the batch commits.
    private func afterCommit(_ steps: @escaping () throws -> Void) throws {
        if let batch { batch.steps.append(steps) } else { try steps() }
    }

    /// Stores one order and counts its outcome; returns its result row. `earlierAttempt` is the
    /// last shipment row id before an attempt that resumes a file committed in parts.
    private func register(_ prepared: PreparedOrder, fileName: String, earlierAttempt: Int64?,
                          outcome: inout FileOutcome, report: inout ErrorReport) throws -> ResultRow {
        outcome.orders += 1
        let result = try engine.commit(prepared, sourceFile: fileName, earlierAttemptUpTo: earlierAttempt)
        switch result {
        case .registered(let record), .carrierRejected(let record, _):
            // A shipment of the interrupted attempt is not new in this pass.
            if record.id > earlierAttempt ?? 0 { stage?.created(record.shipment, id: record.id) }
            if record.shipment.cod == nil, let name = prepared.order.paymentName { notePayment(name, &outcome) }
        case .duplicate, .rejected: break
        }
        // The order is read in place (a copy of it was about 500 bytes and a retain per text).
        let row = ResultRows.make(prepared.order, result)
        switch row.outcome {
        case .registered: outcome.registered += 1
        case .duplicate: outcome.duplicates += 1
        case .rejected:
            outcome.rejected += 1
            try report.add(order: prepared.order, result: result)
        }
        return row
    }

    /// Keeps a payment name of an order registered without COD that is neither a known prepaid
    /// name nor declared in the config, for the file's warning.
    private func notePayment(_ name: String, _ outcome: inout FileOutcome) {
        guard outcome.unknownPaymentNames.count < 20, !outcome.unknownPaymentNames.contains(name),
              !CashOnDeliveryName.isKnownPrepaid(name),
              engine.settings.paymentMethods[OrderNormalizer.paymentMethodKey(name)] == nil
        else { return }
        outcome.unknownPaymentNames.insert(name)
    }

    /// Rejects the whole file: error report (no result file: no order of it was read), original
    /// to `error/`.
    ///
    /// `earlier`, the `partial` record of an interrupted attempt that committed some of the file's
    /// orders, is kept: the same file dropped again once it can be read (a changed config, say)
    /// resumes that attempt and answers them.
    private func reject(_ name: String, hash: String, error: FormatError,
                        keeping earlier: ProcessedFile? = nil) throws(SpoolError) -> FileOutcome {
        var outcome = FileOutcome(fileName: name, disposition: .rejected)
        // The message may quote the file's content (a first line of data read as a header names a
        // person): the warning carries the code and the place, the message goes to the report.
        outcome.reason = error.code.rawValue + (error.location.map { ", \($0)" } ?? "")
        logger.debug("file rejected as a whole", ["spool.file": name, "spool.error": error.description])
        do {
            var report = ErrorReport(fileName: name, folder: layout.error, discardingStaged: true)
            try report.add(fileError: error)
            if let earlier { try report.addInterrupted(committedOrders: earlier.orders) }
            if earlier == nil { try reportEarlierReads(of: name, otherThan: hash, in: &report) }
            try report.stage()
            if earlier == nil {
                try inTransaction {
                    try engine.store.record(ProcessedFile(
                        contentHash: hash, fileName: name, processedAt: engine.clock.now(), outcome: "error",
                        resultFile: nil, orders: 0, rejected: 0))
                }
            }
            try afterCommit {
                try report.publish()
                try archive(name, to: layout.error, hash: hash)
            }
        } catch {
            throw Self.wrap(error, name)
        }
        return outcome
    }

    /// A file that changed while it was read after a part was committed keeps that part's orders
    /// registered; when its new content is rejected as a whole, the report names them (no result
    /// file answers them).
    private func reportEarlierReads(of name: String, otherThan hash: String, in report: inout ErrorReport) throws {
        for earlierHash in try engine.store.partialContents(fileName: name, otherThan: hash) {
            let (count, codes) = try engine.store.orderCodes(registeredFrom: Self.source(name, hash: earlierHash),
                                                             limit: 10)
            if count > 0 { try report.addChangedBefore(count: count, codes: codes) }
        }
    }

    /// The source a file's shipments are stored with: the name of the attempt that registered
    /// them and its content, so that a resumed attempt finds its own.
    private static func source(_ name: String, hash: String) -> String {
        "\(name)#\(hash.prefix(16))"
    }

    /// The content was processed before: publish what a crash may have left staged, then archive.
    /// Staged files are this file's only when the committed attempt was this file's: a copy under
    /// another name may have been committed while this one's attempt was cut short (its staged
    /// report is then a fragment, and is dropped).
    private func rollForward(_ name: String, _ seen: ProcessedFile) throws(SpoolError) -> FileOutcome {
        let isCommittedFile = seen.fileName == name
        if !isCommittedFile { ErrorReport.discardStaged(fileName: name, in: layout.error) }
        // A run stopped after its commit, even after publishing its result (before the archive), is
        // finished, not taken for the same file sent again. A copy sent again and stopped at its
        // claim finds no result of its own when the ERP has taken the first copy's.
        let isStaged = ErrorReport.isStaged(fileName: name, in: layout.error) || hasResult(seen, staged: true)
        let wasCrashLeftover = isCommittedFile && (isStaged || (isLeftover && hasResult(seen, staged: false)))
        let outcome = Self.rolledForward(name, seen, finishingCrashedRun: wasCrashLeftover)
        let rejectedBefore = !wasCrashLeftover && seen.outcome == "error"
        do {
            if let resultName = seen.resultFile {
                let pending = "\(layout.results)/" + OutputNames.stagedResult(resultName)
                if FileSystem.exists(pending) { try FileSystem.move(pending, to: "\(layout.results)/\(resultName)") }
            }
            var report = ErrorReport(fileName: name, folder: layout.error)
            // Under the first copy's own name its report is already there, and says why.
            if rejectedBefore && !isCommittedFile {
                try report.addRejectedBefore(firstName: seen.fileName)
                try report.stage()
            }
            try report.publish()
            try archive(name, to: seen.outcome == "error" ? layout.error : layout.done, hash: seen.contentHash)
        } catch {
            throw Self.wrap(error, name)
        }
        return outcome
    }

    /// True when the result file of `seen` is in `out/results/`, staged (`staged`) or published;
    /// a content rejected as a whole has none, and counts as published.
    private func hasResult(_ seen: ProcessedFile, staged: Bool) -> Bool {
        guard let name = seen.resultFile else { return !staged }
        return FileSystem.exists("\(layout.results)/" + (staged ? OutputNames.stagedResult(name) : name))
    }

    /// What a file whose content the store has comes to. Finishing a crashed run, it reports
    /// that run's figures, so rejections still warn and exit 65. Otherwise it is "already
    /// processed", unless that content was rejected: then it is rejected again, so that a cron
    /// job hears of a daily empty export every day, not once.
    private static func rolledForward(_ name: String, _ seen: ProcessedFile,
                                      finishingCrashedRun: Bool) -> FileOutcome {
        let wasRejected = seen.outcome == "error"
        var outcome = FileOutcome(fileName: name, disposition: wasRejected ? .rejected
                                    : finishingCrashedRun ? .done : .alreadyProcessed)
        // Content rejected before is not read again: this copy has no result file of its own.
        outcome.resultFile = wasRejected && !finishingCrashedRun ? nil : seen.resultFile
        if finishingCrashedRun {
            outcome.orders = seen.orders
            outcome.rejected = seen.rejected
            outcome.knowsRegistrations = false
        } else {
            outcome.reason = "same content as '\(seen.fileName)', \(wasRejected ? "rejected" : "processed") before"
        }
        return outcome
    }

    private func lookup(_ hash: String) throws(SpoolError) -> ProcessedFile? {
        do { return try engine.store.processedFile(hash: hash) } catch { throw .store(error) }
    }

    /// Moves `work/<name>` to `folder`, never over an existing file.
    private func archive(_ name: String, to folder: String, hash: String) throws(SystemError) {
        var target = "\(folder)/\(name)"
        if FileSystem.exists(target) {
            target = "\(folder)/" + OutputNames.besideOlder(name, suffix: String(hash.prefix(12)))
        }
        try FileSystem.move("\(layout.work)/\(name)", to: target)
        if let batch {
            batch.folders.formUnion([folder, layout.work])
            return
        }
        try FileSystem.syncDirectory(folder)
        try FileSystem.syncDirectory(layout.work)
    }

    private func logTransliteration(_ characters: Set<Character>, _ name: String) {
        guard !characters.isEmpty else { return }
        logger.warning("result file needed transliteration: the input's encoding cannot hold some characters",
                       ["spool.file": name, "characters": String(characters.sorted())])
    }

    static func wrap(_ error: any Error, _ name: String) -> SpoolError {
        switch error {
        case let spool as SpoolError: spool
        case let system as SystemError where isOutputPermission(system):
            // The input is fine; an output folder refuses us. Keep the file for when it is fixed.
            SpoolError(.filesystem, "cannot write output while processing '\(name)': \(system); "
                       + "fix the folder's permissions, the file is retried on the next run", isTemporary: true)
        case let system as SystemError: .system(system, "while processing '\(name)'")
        case let store as StoreError: .store(store)
        case let engine as EngineError: .engine(engine)
        default: SpoolError(.filesystem, "while processing '\(name)': \(error)", isTemporary: true)
        }
    }
}

extension FileProcessor {
    /// Permission or read-only failures on anything but the input itself.
    static func isOutputPermission(_ error: SystemError) -> Bool {
        guard [EACCES, EPERM, EROFS].contains(error.errno) else { return false }
        return !(error.path?.contains("/work/") ?? false) || error.call != "open"
    }
}

/// When a file alone in its transaction commits: every `every` orders, each time with the
/// file's `partial` record holding how many of its orders are committed, so that a restart
/// after a crash resumes it.
private struct Parts {
    /// Orders of the first part (`spool.commitEveryOrders`).
    let every: Int
    var partial: ProcessedFile
    /// Orders an interrupted earlier attempt committed (from its `partial` record).
    let earlierOrders: Int
    /// True once a part is committed.
    private(set) var committed = false

    /// Orders of each later part: a fifth of the first. A file up to the first part's size stays
    /// one transaction (rejected whole on a format error). Past it, each commit leaves only a
    /// short log to copy into the database: the copy overlaps the next part, and the copy left
    /// when the file ends is short, where a whole first-sized part took about 0.1 s to copy.
    var laterEvery: Int { max(1, every / 5) }

    /// Orders committed in parts so far.
    var committedOrders: Int { committed ? partial.orders : 0 }

    /// True when a part ends after `orders` orders.
    func isDue(orders: Int) -> Bool {
        orders >= every && (orders - every) % laterEvery == 0
    }

    /// Commits the orders so far as a part (see `isDue`).
    mutating func commit(orders: Int, store: Store) throws(StoreError) {
        partial.orders = max(orders, earlierOrders)
        try store.record(partial)
        try store.commitSoFar()
        committed = true
        FaultInjection.hit("part-committed")
    }

    /// True when a format error after `orders` orders must end the file with the orders so far
    /// answered: some are committed, and every order an earlier attempt committed is among them.
    /// Otherwise the error rejects the file (keeping an earlier attempt's record, if any).
    func mustAnswer(orders: Int) -> Bool {
        (committed || earlierOrders > 0) && orders >= earlierOrders
    }
}

/// Publish and archive steps of a batch, run after its transaction commits, and the folders
/// to fsync once at the end (instead of once per file).
final class PendingPublication {
    var steps: [() throws -> Void] = []
    var folders: Set<String> = []
    /// Contents processed in this batch (not yet committed).
    var hashes: Set<String> = []
    /// Result names staged in this batch.
    var resultNames: Set<String> = []

    /// Runs the steps in order, then fsyncs every touched folder once.
    func run(results: String, errors: String) throws {
        for step in steps { try step() }
        for folder in folders.union([results, errors]).sorted() { try FileSystem.syncDirectory(folder) }
    }
}

/// What tells one state of a file from another without reading it: device, inode, size,
/// modification and change times (nanoseconds).
struct FileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let modified: timespec
    /// The inode's change time: a writer can set the modification time back, not this.
    let changed: timespec

    /// The identity of the file at `path` now; nil when it cannot be read.
    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        modified = status.st_mtim
        changed = status.st_ctim
    }

    static func == (lhs: FileIdentity, rhs: FileIdentity) -> Bool {
        lhs.device == rhs.device && lhs.inode == rhs.inode && lhs.size == rhs.size
            && same(lhs.modified, rhs.modified) && same(lhs.changed, rhs.changed)
    }

    private static func same(_ lhs: timespec, _ rhs: timespec) -> Bool {
        lhs.tv_sec == rhs.tv_sec && lhs.tv_nsec == rhs.tv_nsec
    }
}

/// Streams a file through SHA-256.
enum FileHasher {
    /// Files from this size on are hashed on a thread of their own (`Job`); below it a thread
    /// costs more than the hash.
    static let backgroundFrom = 4 << 20

    /// The hash of one file, made on a thread of its own when the file is big, else in `wait()`.
    final class Job: Sendable {
        private let path: String
        private let outcome = Mutex<Result<String, SystemError>?>(nil)
        private let done = DispatchSemaphore(value: 0)
        private let inBackground: Bool

        /// Starts hashing the file at `path` of `size` bytes (as the caller found it).
        init(path: String, size: Int64) {
            self.path = path
            inBackground = size >= FileHasher.backgroundFrom
            guard inBackground else { return }
            let thread = Thread { [self] in
                outcome.withLock { $0 = Result { () throws(SystemError) in try FileHasher.sha256(path: path) } }
                done.signal()
            }
            thread.name = "consign-hash"
            thread.start()
        }

        /// The file's SHA-256 in hex; blocks until the thread made it.
        func wait() throws(SystemError) -> String {
            guard inBackground else { return try FileHasher.sha256(path: path) }
            done.wait()
            done.signal()
            return try outcome.withLock { $0! }.get()
        }
    }

    static func sha256(path: String) throws(SystemError) -> String {
        let fd = try syscall("open", path: path) { open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) }
        defer { closeDescriptor(fd) }
        let digest = SHA256()
        // Sized to the file (at most 1 MiB) and not zero-filled: most spool files are small.
        var status = stat()
        let size = fstat(fd, &status) == 0 ? Int(status.st_size) : 1 << 20
        let capacity = min(max(size + 1, 4096), 1 << 20)
        var buffer = [UInt8](unsafeUninitializedCapacity: capacity) { _, count in count = capacity }
        while true {
            let count = try syscall("read", path: path) {
                buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            }
            if count == 0 { break }
            buffer.withUnsafeBytes { digest.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
        return digest.finalize()
    }
}
