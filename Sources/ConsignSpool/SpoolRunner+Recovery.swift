import ConsignSupport
import Foundation
import Glibc

extension SpoolRunner {
    /// Resumes files left in `work/` by a crash and removes orphaned temp files.
    func recover(into report: inout RunReport) {
        let leftovers = Self.names(in: layout.work).filter { !$0.hasPrefix(".") }
        if !leftovers.isEmpty {
            logger.notice("resuming files left in work/ by an earlier run (stopped or interrupted)",
                          ["count": String(leftovers.count)])
        }
        for name in leftovers.sorted() {
            guard handle(name, into: &report, leftover: true) else { return }
        }
        var removed = 0
        for folder in [
            layout.results, layout.tracking, layout.events, layout.handover, layout.mail, layout.error,
            layout.done,
        ] {
            for name in Self.names(in: folder)
            where name.hasPrefix(".")
                && (name.hasSuffix(".tmp") || name.hasSuffix(".pending") || name.hasSuffix(".rewrite"))
            {
                if unlink("\(folder)/\(name)") == 0 { removed += 1 }
            }
        }
        if removed > 0 {
            logger.notice("removed temp files left by an interrupted run", ["count": String(removed)])
        }
        settleInterruptedMail()
    }

    private func settleInterruptedMail() {
        let requeue = settings.mail.smtp == nil
        guard let count = try? engine.store.settleInterruptedSends(requeue: requeue), count > 0 else { return }
        if requeue {
            logger.notice("report files interrupted by a crash are written again", ["count": String(count)])
        } else {
            logger.warning(
                "reports were being sent when consign stopped; they may have arrived. Check the inbox, "
                    + "then `consign mailq --retry ID` for any that did not", ["count": String(count)])
        }
    }

    /// Moves an entry of `in/` to `error/` with a report, without reading it.
    func refuse(_ name: String, reason: String, into report: inout RunReport) {
        move(from: "\(layout.inbox)/\(name)", name: name, reason: reason, into: &report)
    }

    /// Moves a claimed file of `work/` to `error/` with a report.
    func refuseClaimed(_ name: String, reason: String, into report: inout RunReport) {
        move(from: "\(layout.work)/\(name)", name: name, reason: reason, into: &report)
    }

    private func move(from source: String, name: String, reason: String, into report: inout RunReport) {
        var target = "\(layout.error)/\(name)"
        if FileSystem.exists(target) {
            let stamp = Int(wallClock.now().timeIntervalSince1970)
            target = "\(layout.error)/" + OutputNames.besideOlder(name, suffix: String(stamp))
        }
        do {
            let text = "\(name): \(reason)\n"
            let writer = try AtomicFileWriter(directory: layout.error, name: OutputNames.report(name))
            try writer.write(text)
            try writer.commit()
            try syscall("rename", path: source) { rename(source, target) }
            try FileSystem.syncDirectory(layout.error)
            var outcome = FileOutcome(fileName: name, disposition: .rejected)
            outcome.reason = reason
            report.files.append(outcome)
            logger.warning("file refused; moved to error/", ["spool.file": name, "reason": reason])
        } catch {
            logger.error(
                "cannot move refused file to error/; check permissions",
                ["spool.file": name, "spool.error": error.description])
            report.temporaryFailures.append(name)
        }
    }

    /// Entry names of a folder (empty when it cannot be read).
    static func names(in folder: String) -> [String] {
        (try? FileSystem.entryNames(in: folder)) ?? []
    }
}
