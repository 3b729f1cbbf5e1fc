import Foundation
import Synchronization

/// How important a log line is. Ordered: `debug` < `info` < `notice` < `warning` < `error`.
public enum LogLevel: Int, Comparable, Sendable, CaseIterable {
    case debug, info, notice, warning, error

    /// Parses a level name as given on the command line (`debug`, `info`, `warning`, …).
    public init?(name: String) {
        switch name.lowercased() {
        case "debug", "trace": self = .debug
        case "info": self = .info
        case "notice": self = .notice
        case "warning", "warn": self = .warning
        case "error": self = .error
        default: return nil
        }
    }

    /// The lower-case name printed in log lines.
    public var name: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        }
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Where log lines go. The executable decides; libraries only call `Logger`.
public protocol LogSink: Sendable {
    /// Writes one finished line (without trailing newline).
    func write(line: String)
}

/// Writes log lines to standard error.
public struct StandardErrorSink: LogSink {
    /// Creates a sink on file descriptor 2.
    public init() {}

    public func write(line: String) {
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { raw in
            _ = Glibc.write(2, raw.baseAddress, raw.count)
        }
    }
}

/// Collects lines in memory; for tests that assert on what was logged.
public final class MemorySink: LogSink {
    private let storage = Mutex<[String]>([])

    /// Creates an empty sink.
    public init() {}

    /// Every line written so far.
    public var lines: [String] { storage.withLock { $0 } }

    public func write(line: String) { storage.withLock { $0.append(line) } }
}

/// A logger of swift-log's shape: constant messages, data as dot-namespaced metadata.
///
/// Personal data (names, addresses, e-mails, phones) must only be logged at `debug`.
public struct Logger: Sendable {
    /// The component name shown in every line, e.g. `consign.spool`.
    public let label: String
    /// Lines below this level are dropped.
    public var minimumLevel: LogLevel
    private let sink: any LogSink

    /// Creates a logger writing lines at or above `minimumLevel` to `sink`.
    public init(label: String, minimumLevel: LogLevel = .info, sink: any LogSink = StandardErrorSink()) {
        self.label = label
        self.minimumLevel = minimumLevel
        self.sink = sink
    }

    /// The same sink and level under another label.
    public func child(_ label: String) -> Logger {
        Logger(label: label, minimumLevel: minimumLevel, sink: sink)
    }

    /// Logs `message` with `metadata` at `level` if the level is enabled.
    public func log(_ level: LogLevel, _ message: @autoclosure () -> String,
                    _ metadata: @autoclosure () -> [String: String] = [:]) {
        guard level >= minimumLevel else { return }
        var line = "\(level.name) \(label): \(OneLineText.escaped(message()))"
        for (key, value) in metadata().sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(Logger.quoted(value))"
        }
        sink.write(line: line)
    }

    /// Logs at debug level.
    public func debug(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> [String: String] = [:]) {
        log(.debug, message(), metadata())
    }

    /// Logs at info level.
    public func info(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> [String: String] = [:]) {
        log(.info, message(), metadata())
    }

    /// Logs at notice level.
    public func notice(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> [String: String] = [:]) {
        log(.notice, message(), metadata())
    }

    /// Logs at warning level; the message should say what the operator should do.
    public func warning(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> [String: String] = [:]) {
        log(.warning, message(), metadata())
    }

    /// Logs at error level.
    public func error(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> [String: String] = [:]) {
        log(.error, message(), metadata())
    }

    private static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" })
        let clean = OneLineText.escaped(value)
        guard needsQuotes else { return clean }
        return "\"" + clean.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
