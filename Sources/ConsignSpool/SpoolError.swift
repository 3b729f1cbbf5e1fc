import ConsignEngine
import ConsignStore
import ConsignSupport

/// A spool failure naming the file or folder, with its cause.
public struct SpoolError: Error, Sendable, CustomStringConvertible {
    /// Classes of spool failures.
    public enum Kind: String, Sendable {
        /// Another consign holds the spool lock.
        case locked
        /// A folder or file could not be used (permissions, missing).
        case filesystem
        /// The store failed.
        case store
        /// Configuration is invalid.
        case configuration
    }

    /// The class.
    public let kind: Kind
    /// A sentence naming the path or object.
    public let message: String
    /// True when a later run may succeed (disk full, busy database, lock held).
    public let isTemporary: Bool

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, isTemporary: Bool) {
        self.kind = kind
        self.message = message
        self.isTemporary = isTemporary
    }

    /// Wraps a system call failure.
    static func system(_ error: SystemError, _ context: String) -> SpoolError {
        SpoolError(.filesystem, "\(context): \(error)", isTemporary: error.isTemporary)
    }

    /// Wraps a store failure.
    static func store(_ error: StoreError) -> SpoolError {
        SpoolError(.store, error.description, isTemporary: error.isTemporary)
    }

    /// Wraps an engine failure.
    static func engine(_ error: EngineError) -> SpoolError {
        SpoolError(.store, error.description, isTemporary: error.isTemporary)
    }

    public var description: String { message }
}
