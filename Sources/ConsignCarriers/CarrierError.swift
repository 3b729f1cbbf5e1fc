import Foundation

/// An error of the carriers module: the catalogue or a carrier override could not be used.
public struct CarrierError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The closed set of failures.
    public enum Code: String, Sendable, Hashable {
        /// The bundled catalogue is missing from the resource bundle.
        case resourceMissing = "catalogue-resource-missing"
        /// The catalogue file could not be read.
        case unreadable = "catalogue-unreadable"
        /// The catalogue is not valid JSON of the expected shape.
        case malformed = "catalogue-malformed"
        /// The catalogue decoded but breaks a rule (duplicate code, template without placeholder…).
        case inconsistent = "catalogue-inconsistent"
    }

    /// What went wrong.
    public let code: Code
    /// A sentence naming the object.
    public let message: String
    /// The catalogue file or resource concerned.
    public let source: String
    /// The JSON path or carrier/service code concerned, when known.
    public let field: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, source: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.source = source
        self.field = field
    }

    public var description: String {
        let location = field.map { "\(source) at \($0)" } ?? source
        return "\(code.rawValue) (\(location)): \(message)"
    }
}
