import ConsignFormats
import Glibc

/// An encoding pinned by the config for files whose name matches a glob (`pohoda-*.xml`).
public struct EncodingPin: Sendable, Codable, Hashable {
    /// Shell glob on the file name.
    public var pattern: String
    /// The encoding to use.
    public var encoding: TextEncoding

    /// Creates a pin.
    public init(pattern: String, encoding: TextEncoding) {
        self.pattern = pattern
        self.encoding = encoding
    }

    /// True when `fileName` matches the pattern.
    public func matches(_ fileName: String) -> Bool { fnmatch(pattern, fileName, 0) == 0 }
}

/// How the spool takes and treats files.
public struct SpoolSettings: Sendable {
    /// Seconds a file's size and mtime must stay unchanged before it is taken (default 2).
    public var quietPeriod: Double
    /// When true, only files with a done-marker (`name.ext.done` or `name.ext.ok`) are taken.
    public var requireMarker: Bool
    /// Files larger than this are refused with a clear message.
    public var maxFileBytes: Int64
    /// Reader limits and defaults.
    public var readerOptions: ReaderOptions
    /// Encodings pinned per file pattern.
    public var encodingPins: [EncodingPin]
    /// Seconds between rescans in `watch` (inotify is an optimisation; the rescan is the guarantee).
    public var rescanInterval: Double
    /// A file alone in its transaction of more orders than this is committed in parts: the first
    /// after this many orders, the later ones every fifth of it. A huge file then neither grows
    /// the write-ahead log to its own size nor waits for a long copy at the end.
    public var commitEveryOrders = SpoolSettings.defaultCommitEveryOrders
    /// COD payout account per currency, printed on handover protocols.
    public var payoutAccounts: [String: String] = [:]
    /// True when the payout account is the embedded demo one (printed as DEMO).
    public var payoutIsDemo = true
    /// How close-batch reports are sent.
    public var mail = ReportMailSettings(from: ConsignConfig.demoReportSender, smtp: nil)

    /// Creates settings with Consign's defaults.
    public init(quietPeriod: Double = 2, requireMarker: Bool = false, maxFileBytes: Int64 = 4 << 30,
                readerOptions: ReaderOptions = ReaderOptions(), encodingPins: [EncodingPin] = [],
                rescanInterval: Double = 30) {
        self.quietPeriod = quietPeriod
        self.requireMarker = requireMarker
        self.maxFileBytes = maxFileBytes
        self.readerOptions = readerOptions
        self.encodingPins = encodingPins
        self.rescanInterval = rescanInterval
    }

    /// Orders of a big file's first part unless the config says otherwise.
    public static let defaultCommitEveryOrders = 25_000

    /// The suffixes of done-marker files.
    public static let markerSuffixes = [".done", ".ok"]
}
