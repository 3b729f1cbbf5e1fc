import ConsignCore
import ConsignStore

/// A failed engine operation: either a domain refusal (Shoptet-style code, message, instance)
/// or a store failure (which may be temporary).
public enum EngineError: Error, Sendable, CustomStringConvertible {
    /// The request was refused by a domain rule.
    case domain(CoreError)
    /// The store failed.
    case store(StoreError)

    /// True when trying again later may succeed.
    public var isTemporary: Bool {
        if case .store(let error) = self { return error.isTemporary }
        return false
    }

    public var description: String {
        switch self {
        case .domain(let error): error.message
        case .store(let error): error.description
        }
    }

    /// Wraps any error thrown inside a store transaction.
    static func wrap(_ error: any Error) -> EngineError {
        switch error {
        case let engine as EngineError: engine
        case let core as CoreError: .domain(core)
        case let store as StoreError: .store(store)
        default: .store(StoreError(.sqlite, message: String(describing: error)))
        }
    }
}
