import ConsignCore

/// What the engine needs from the configuration.
public struct EngineSettings: Sendable {
    /// The shipper printed on labels and protocols.
    public var sender: Address
    /// Currency assumed when an order names none.
    public var defaultCurrency: String
    /// ERP shipping-method names → carrier + service type.
    public var shippingMethods: ShippingMethodMapping

    /// Creates settings.
    public init(sender: Address, defaultCurrency: String = "CZK",
                shippingMethods: ShippingMethodMapping = ShippingMethodMapping()) {
        self.sender = sender
        self.defaultCurrency = defaultCurrency
        self.shippingMethods = shippingMethods
    }
}
