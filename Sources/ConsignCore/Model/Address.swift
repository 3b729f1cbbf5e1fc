/// A sender or recipient as Shoptet's `shipmentSenderRecipientAddress`.
///
/// Every field is optional because ERP data is; validation decides what a carrier needs.
public struct Address: Codable, Hashable, Sendable {
    /// Contact person's full name.
    public var name: String?
    /// Company name printed on the label; nil for private persons.
    public var company: String?
    /// Street and house number in one string.
    public var street: String?
    /// City or town.
    public var city: String?
    /// Postal code in the country's canonical shape (`110 00`, `1037`, `00-940`).
    public var zip: String?
    /// ISO 3166-1 alpha-2 country code, upper case.
    public var countryCode: String?
    /// Phone in E.164 (`+420601123456`).
    public var phone: String?
    /// E-mail address.
    public var email: String?

    /// Creates an address; every field defaults to nil.
    public init(name: String? = nil, company: String? = nil, street: String? = nil, city: String? = nil,
                zip: String? = nil, countryCode: String? = nil, phone: String? = nil, email: String? = nil) {
        self.name = name
        self.company = company
        self.street = street
        self.city = city
        self.zip = zip
        self.countryCode = countryCode
        self.phone = phone
        self.email = email
    }
}
