import ConsignCore

/// What the engine needs from the configuration.
public struct EngineSettings: Sendable {
    /// The shipper printed on labels and protocols.
    public var sender: Address
    /// Currency assumed when an order names none.
    public var defaultCurrency: String
    /// ERP shipping-method names → carrier + service type.
    public var shippingMethods: ShippingMethodMapping
    /// Who receives close-batch reports (the config's `mail.to`), unless a close names others.
    public var reportRecipients: [String]
    /// Domain part of report Message-IDs.
    public var messageIdDomain: String
    /// Currencies with a COD payout account; COD in any other currency is refused (nil: any).
    public var codPayoutCurrencies: Set<String>?
    /// Payment names declared cash on delivery (true) or prepaid (false) by the config, keyed
    /// by `OrderNormalizer.paymentMethodKey`.
    public var paymentMethods: [String: Bool] = [:]

    /// Creates settings.
    public init(sender: Address, defaultCurrency: String = "CZK",
                shippingMethods: ShippingMethodMapping = ShippingMethodMapping(), reportRecipients: [String] = [],
                messageIdDomain: String = "consign.invalid", codPayoutCurrencies: Set<String>? = nil) {
        self.sender = sender
        self.defaultCurrency = defaultCurrency
        self.shippingMethods = shippingMethods
        self.reportRecipients = reportRecipients
        self.messageIdDomain = messageIdDomain
        self.codPayoutCurrencies = codPayoutCurrencies
    }
}
