import ConsignSupport

/// A sender or recipient as Shoptet's `shipmentSenderRecipientAddress`.
///
/// Every field is optional because ERP data is; validation decides what a carrier needs.
@dynamicMemberLookup
public struct Address: Codable, Hashable, Sendable {
    /// The stored fields, one heap object that copies share (`CopyOnWrite`); each is read and
    /// changed as a property of the value itself (`dynamicMember`).
    public struct Fields: Codable, Hashable, Sendable {
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
    }

    @usableFromInline var fields: CopyOnWrite<Fields>

    /// A field, read in place and changed in the value's own storage (copied first when shared).
    @inlinable public subscript<Field>(dynamicMember field: WritableKeyPath<Fields, Field>) -> Field {
        _read { yield fields.value[keyPath: field] }
        _modify { yield &fields.value[keyPath: field] }
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
