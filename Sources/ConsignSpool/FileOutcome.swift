/// What processing one input file did.
public struct FileOutcome: Sendable, Hashable {
    /// How the file ended.
    public enum Disposition: String, Sendable {
        /// Read and archived to `done/` (some orders may have been rejected).
        case done
        /// Rejected as a whole and moved to `error/`.
        case rejected
        /// Already processed earlier (same content); archived without processing.
        case alreadyProcessed
        /// A temporary failure: left in `work/` for the next run.
        case deferred
    }

    /// The input file's name.
    public var fileName: String
    /// How it ended.
    public var disposition: Disposition
    /// Orders read.
    public var orders = 0
    /// Orders registered.
    public var registered = 0
    /// Orders that already had a shipment.
    public var duplicates = 0
    /// Orders rejected (validation or carrier).
    public var rejected = 0
    /// False when the file was finished from a crashed run's commit: the store keeps how many
    /// orders were read and rejected, not how many were registered or duplicates.
    public var knowsRegistrations = true
    /// Payment names of orders registered without COD that are neither COD nor a known
    /// prepaid name: if one means COD, the carrier collects nothing (at most 20 kept).
    public var unknownPaymentNames: Set<String> = []
    /// The result file written, if any.
    public var resultFile: String?
    /// Why the file was rejected or deferred.
    public var reason: String?

    /// Creates an outcome.
    public init(fileName: String, disposition: Disposition) {
        self.fileName = fileName
        self.disposition = disposition
    }
}
