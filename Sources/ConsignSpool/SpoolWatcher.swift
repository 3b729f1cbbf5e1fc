import ConsignSupport
import Foundation
import Glibc

/// Write end of the self-pipe that SIGINT/SIGTERM handlers write to (set once in `setUp`).
nonisolated(unsafe) private var stopSignalPipe: Int32 = -1

/// `watch`: keeps ingesting. inotify on `in/` wakes it early; a periodic rescan is the
/// guarantee (after an inotify overflow or a watch limit nothing is lost). SIGINT and SIGTERM
/// are taken through a self-pipe: the current file is finished, then `run()` returns.
public final class SpoolWatcher {
    private let runner: SpoolRunner
    private let logger: Logger
    private var inotify: Int32 = -1
    private var signals: Int32 = -1

    /// Creates a watcher around a runner (the caller holds the spool lock).
    public init(runner: SpoolRunner, logger: Logger) {
        self.runner = runner
        self.logger = logger
    }

    deinit {
        if inotify >= 0 { closeDescriptor(inotify) }
        if signals >= 0 { closeDescriptor(signals) }
    }

    /// Runs until SIGINT or SIGTERM; returns the exit status (0 after a signal).
    public func run() -> Int32 {
        setUp()
        runner.isStopRequested = { [signals] in Self.hasStopSignal(signals) }
        logger.info("watching the spool", ["spool.root": runner.layout.root])
        var lastFull = Date.distantPast
        while true {
            let now = runner.wallClock.now()
            var report = RunReport()
            if now.timeIntervalSince(lastFull) >= runner.settings.rescanInterval {
                report = runner.runOnce()
                lastFull = now
            } else {
                runner.stageExports()
                runner.ingest(into: &report)
                if report.files.isEmpty { runner.endStaging() } else { runner.export(into: &report) }
            }
            let wait = report.filesNotReady > 0 || !report.temporaryFailures.isEmpty
                ? min(runner.settings.quietPeriod / 2 + 0.05, runner.settings.rescanInterval)
                : runner.settings.rescanInterval
            if waitForWork(seconds: wait) { break }
        }
        logger.info("stopping on signal after the current file", ["spool.root": runner.layout.root])
        return 0
    }

    private func setUp() {
        var pipeEnds: [Int32] = [-1, -1]
        if pipe(&pipeEnds) == 0 {
            for end in pipeEnds { _ = fcntl(end, F_SETFL, O_NONBLOCK); _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            signals = pipeEnds[0]
            stopSignalPipe = pipeEnds[1]
            signal(SIGINT) { _ in SpoolWatcher.noteStopSignal() }
            signal(SIGTERM) { _ in SpoolWatcher.noteStopSignal() }
            // A parent may have started us with these signals blocked (the mask is inherited).
            var mask = sigset_t()
            sigemptyset(&mask)
            sigaddset(&mask, SIGINT)
            sigaddset(&mask, SIGTERM)
            pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        }
        inotify = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        let events = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_ATTRIB | IN_MODIFY)
        if inotify < 0 || inotify_add_watch(inotify, runner.layout.inbox, events) < 0 {
            logger.warning("inotify is not available; falling back to rescanning every few seconds",
                           ["spool.error": String(cString: strerror(errno))])
            if inotify >= 0 { closeDescriptor(inotify) }
            inotify = -1
        }
    }

    /// Waits for inotify, a signal or the timeout; true when a stop signal arrived.
    private func waitForWork(seconds: Double) -> Bool {
        var fds = [pollfd(fd: signals, events: Int16(POLLIN), revents: 0)]
        if inotify >= 0 { fds.append(pollfd(fd: inotify, events: Int16(POLLIN), revents: 0)) }
        let timeout = inotify >= 0 ? seconds : min(seconds, 2)
        let ready = poll(&fds, nfds_t(fds.count), Int32(max(10, timeout * 1000)))
        guard ready > 0 else { return false }
        if fds[0].revents != 0 { return true }
        drainInotify()
        // Let a burst of events settle before the next scan.
        usleep(20_000)
        return false
    }

    /// True when a stop signal is waiting in the self-pipe (it is left there for `waitForWork`).
    private static func hasStopSignal(_ descriptor: Int32) -> Bool {
        guard descriptor >= 0 else { return false }
        var fds = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
        return poll(&fds, 1, 0) > 0 && fds[0].revents != 0
    }

    /// Async-signal-safe: one byte into the self-pipe.
    private static func noteStopSignal() {
        var byte: UInt8 = 1
        _ = write(stopSignalPipe, &byte, 1)
    }

    private func drainInotify() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while buffer.withUnsafeMutableBytes({ read(inotify, $0.baseAddress, $0.count) }) > 0 {}
    }
}
