import ConsignSupport

/// A sender or recipient as Shoptet's `shipmentSenderRecipientAddress`.
///
/// Every field is optional because ERP data is; validation decides what a carrier needs.
public struct Address: Codable, Hashable, Sendable {
    /// The stored fields, one heap object that copies share (`CopyOnWrite`).
    @usableFromInline
    struct Fields: Codable, Hashable, Sendable {
        @usableFromInline var name: String?
        @usableFromInline var company: String?
        @usableFromInline var street: String?
        @usableFromInline var city: String?
        @usableFromInline var zip: String?
        @usableFromInline var countryCode: String?
        @usableFromInline var phone: String?
        @usableFromInline var email: String?
    }

    @usableFromInline var fields: CopyOnWrite<Fields>

    /// Contact person's full name.
    @inlinable public var name: String? {
        _read { yield fields.value.name }
        _modify { yield &fields.value.name }
    }
    /// Company name printed on the label; nil for private persons.
    @inlinable public var company: String? {
        _read { yield fields.value.company }
        _modify { yield &fields.value.company }
    }
    /// Street and house number in one string.
    @inlinable public var street: String? {
        _read { yield fields.value.street }
        _modify { yield &fields.value.street }
    }
    /// City or town.
    @inlinable public var city: String? {
        _read { yield fields.value.city }
        _modify { yield &fields.value.city }
    }
    /// Postal code in the country's canonical shape (`110 00`, `1037`, `00-940`).
    @inlinable public var zip: String? {
        _read { yield fields.value.zip }
        _modify { yield &fields.value.zip }
    }
    /// ISO 3166-1 alpha-2 country code, upper case.
    @inlinable public var countryCode: String? {
        _read { yield fields.value.countryCode }
        _modify { yield &fields.value.countryCode }
    }
    /// Phone in E.164 (`+420601123456`).
    @inlinable public var phone: String? {
        _read { yield fields.value.phone }
        _modify { yield &fields.value.phone }
    }
    /// E-mail address.
    @inlinable public var email: String? {
        _read { yield fields.value.email }
        _modify { yield &fields.value.email }
    }

    /// Creates an address; every field defaults to nil.
    public init(name: String? = nil, company: String? = nil, street: String? = nil, city: String? = nil,
                zip: String? = nil, countryCode: String? = nil, phone: String? = nil, email: String? = nil) {
        fields = CopyOnWrite(Fields(name: name, company: company, street: street, city: city, zip: zip,
            countryCode: countryCode, phone: phone, email: email))
    }

    /// Decodes the keys the fields had as stored properties.
    public init(from decoder: any Decoder) throws {
        fields = CopyOnWrite(try Fields(from: decoder))
    }

    /// Encodes the keys the fields had as stored properties.
    public func encode(to encoder: any Encoder) throws {
        try fields.value.encode(to: encoder)
    }
}

extension Address: CustomReflectable {
    /// The fields, as the stored properties they were.
    public var customMirror: Mirror { fields.mirror(of: self) }
}
