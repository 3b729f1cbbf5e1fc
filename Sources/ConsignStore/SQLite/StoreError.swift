/// A failure of the store, with SQLite's result code, its message and the SQL (never the bound values).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// Broad classes of store failures.
    public enum Kind: String, Sendable {
        /// The database is locked or busy beyond the busy timeout: try again later.
        case busy
        /// The disk or file system failed (full, I/O error, read-only): temporary.
        case storage
        /// The schema is newer than this program or otherwise unusable.
        case schema
        /// A constraint failed (e.g. a GUID already stored).
        case constraint
        /// Anything else SQLite reported.
        case sqlite
        /// A stored value could not be decoded.
        case corruptValue
    }

    /// The class of failure.
    public let kind: Kind
    /// SQLite's extended result code, when SQLite reported it.
    public let resultCode: Int32?
    /// SQLite's message or ours.
    public let message: String
    /// The statement that failed, if any.
    public let sql: String?

    /// Creates an error.
    public init(_ kind: Kind, resultCode: Int32? = nil, message: String, sql: String? = nil) {
        self.kind = kind
        self.resultCode = resultCode
        self.message = message
        self.sql = sql
    }

    /// True when a later attempt may succeed (busy, locked, disk full, I/O).
    public var isTemporary: Bool { kind == .busy || kind == .storage }

    public var description: String {
        var text = "store: \(message)"
        if let resultCode { text += " (SQLite code \(resultCode))" }
        if let sql { text += " in: \(sql.prefix(120))" }
        return text
    }
}
