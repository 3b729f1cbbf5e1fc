import Foundation

/// An order after normalisation: what is needed to choose a service and register a shipment.
public struct ShipmentDraft: Hashable, Sendable {
    /// The order code.
    public var orderCode: String
    /// Where it came from.
    public var location: SourceLocation
    /// The normalised recipient (E.164 phone, canonical zip, ISO country).
    public var recipient: Address
    /// Chosen carrier code, if the order names one (directly or through the shipping-method mapping).
    public var carrierCode: String?
    /// Chosen service code or type name.
    public var serviceCode: String?
    /// Pickup point id.
    public var pickupPointId: String?
    /// Cash on delivery.
    public var cod: Money?
    /// Declared value.
    public var value: Money?
    /// Parcels with dimensions and weight.
    public var packages: [Package]
    /// Variable symbol (digits only, at most 10).
    public var variableSymbol: String?
    /// Note for the carrier.
    public var note: String?

    /// Creates a draft.
    public init(orderCode: String, location: SourceLocation = SourceLocation(), recipient: Address,
                carrierCode: String? = nil, serviceCode: String? = nil, pickupPointId: String? = nil,
                cod: Money? = nil, value: Money? = nil, packages: [Package], variableSymbol: String? = nil,
                note: String? = nil) {
        self.orderCode = orderCode
        self.location = location
        self.recipient = recipient
        self.carrierCode = carrierCode
        self.serviceCode = serviceCode
        self.pickupPointId = pickupPointId
        self.cod = cod
        self.value = value
        self.packages = packages
        self.variableSymbol = variableSymbol
        self.note = note
    }
}
