import ConsignSupport

/// The folders under a spool root, created when missing.
public struct SpoolLayout: Sendable {
    /// The spool root.
    public let root: String

    /// Creates the layout for `root` (no I/O).
    public init(root: String) {
        var trimmed = root
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed
    }

    /// Where the ERP drops files.
    public var inbox: String { "\(root)/in" }
    /// Claimed files being processed.
    public var work: String { "\(root)/work" }
    /// Archived originals.
    public var done: String { "\(root)/done" }
    /// Rejected originals and `.errors.txt` reports.
    public var error: String { "\(root)/error" }
    /// Result files, one per input.
    public var results: String { "\(root)/out/results" }
    /// Status changes for the ERP.
    public var tracking: String { "\(root)/out/tracking" }
    /// Lifecycle events as NDJSON.
    public var events: String { "\(root)/out/events" }
    /// Handover protocols (CSV + PDF).
    public var handover: String { "\(root)/out/handover" }
    /// E-mails written by the file transport.
    public var mail: String { "\(root)/out/mail" }
    /// Database and lock.
    public var state: String { "\(root)/state" }
    /// Default database path.
    public var database: String { "\(state)/consign.sqlite" }
    /// The instance lock.
    public var lockFile: String { "\(state)/consign.lock" }

    /// Every folder of the layout.
    public var allFolders: [String] { [inbox, work, done, error, results, tracking, events, handover, mail, state] }

    /// Creates every missing folder.
    public func create() throws(SpoolError) {
        for folder in allFolders {
            do {
                try FileSystem.makeDirectory(folder)
            } catch {
                throw SpoolError.system(error, "cannot create spool folder '\(folder)'")
            }
        }
    }
}
