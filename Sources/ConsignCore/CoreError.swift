/// An error of the domain, shaped like a Shoptet API error: a kebab-case code, a message,
/// and the field or object it concerns (`instance`, e.g. `recipient.phone`).
public struct CoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The closed set of domain error codes, with Shoptet's spelling where Shoptet has one.
    public enum Code: String, Sendable, Codable, CaseIterable {
        case validationFailed = "shipment-validation-failed"
        case shipmentNotFound = "shipment-not-found"
        case shipmentAlreadyExists = "shipment-already-exists"
        case serviceNotSupported = "shipment-shipping-service-not-supported"
        case invalidShipping = "shipment-invalid-shipping"
        case orderWithoutShipping = "shipment-order-without-shipping"
        case orderNotFound = "order-not-found"
        case carrierNotFound = "shipment-carrier-not-found"
        case invalidCarrierType = "shipment-carrier-type-invalid-type"
        case closingFailed = "closing-shipments-failed"
        case cancelNotAllowed = "shipment-cancel-not-allowed"
        case carrierRejected = "shipment-carrier-rejected"
        case illegalTransition = "shipment-illegal-status-transition"
        case invalidRequestData = "invalid-request-data"
        case repeatedInFile = "order-repeated-in-file"
    }

    /// What went wrong, as a stable code.
    public let code: Code
    /// A sentence for people, naming the object.
    public let message: String
    /// The field or object concerned (`recipient.zip`, `payload`, an order code).
    public let instance: String

    /// Creates an error.
    public init(_ code: Code, _ message: String, instance: String = "payload") {
        self.code = code
        self.message = message
        self.instance = instance
    }

    public var description: String { "\(code.rawValue) (\(instance)): \(message)" }
}
