/// What one pass of the spool did, and the exit status it calls for.
public struct RunReport: Sendable {
    /// Files taken and how each ended.
    public var files: [FileOutcome] = []
    /// Files seen but not yet complete (still being written).
    public var filesNotReady = 0
    /// Files left in `work/` or `in/` because of a temporary failure.
    public var temporaryFailures: [String] = []
    /// Carrier status changes applied.
    public var statusChanges = 0
    /// Cancellations confirmed or refused.
    public var cancellationsSettled = 0
    /// Close batches acknowledged in this pass.
    public var batchesAcknowledged = 0
    /// Handover protocols written in this pass.
    public var protocolsWritten = 0
    /// Events exported.
    public var eventsExported = 0
    /// Shipments listed in the tracking export.
    public var trackingExported = 0
    /// Reports still waiting in the mail queue after this pass because of temporary failures.
    public var mailWaiting = 0
    /// Reports that this pass left refused by the mail server or with an unknown outcome: no
    /// later run sends them again by itself (`consign mailq --retry ID` does).
    public var mailNeedingAttention = 0

    /// Creates an empty report.
    public init() {}

    /// Orders rejected in all files, plus files rejected as a whole.
    public var rejections: Int {
        files.reduce(0) { $0 + $1.rejected + ($1.disposition == .rejected ? 1 : 0) }
    }

    /// 75 when a temporary failure left work for later, 69 when a report could not be delivered
    /// and needs a person, 65 when some input was rejected, else 0.
    public var exitStatus: Int32 {
        if !temporaryFailures.isEmpty || mailWaiting > 0 { return 75 }
        if mailNeedingAttention > 0 { return 69 }
        return rejections > 0 ? 65 : 0
    }
}
