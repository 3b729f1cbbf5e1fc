import ConsignSupport
import Foundation

/// Where an order came from inside its file, for error messages.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// 1-based line of the order's first row (text formats) or of its element (XML).
    public var line: Int?
    /// The element path for XML, e.g. `ORDERS/ORDER[3]`.
    public var element: String?

    /// Creates a location.
    public init(line: Int? = nil, element: String? = nil) {
        self.line = line
        self.element = element
    }

    public var description: String {
        switch (line, element) {
        case let (line?, element?): "line \(line), element \(element)"
        case let (line?, nil): "line \(line)"
        case let (nil, element?): "element \(element)"
        case (nil, nil): "unknown position"
        }
    }
}

/// A problem a reader found in one field of one order (e.g. a price that is not a number).
public struct FieldIssue: Hashable, Sendable {
    /// The order field, in Consign's names (`cod`, `recipient.zip`, `weight`).
    public var field: String
    /// What is wrong, naming the value where it is not personal.
    public var message: String

    /// Creates an issue.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// Address fields as they arrived, before normalisation.
@dynamicMemberLookup
public struct RawAddress: Hashable, Sendable {
    /// The stored fields, one heap object that copies share (`CopyOnWrite`); each is read and
    /// changed as a property of the value itself (`dynamicMember`).
    public struct Fields: Hashable, Sendable {
        /// Full name.
        public var name: String?
        /// Company.
        public var company: String?
        /// Street, possibly with the house number.
        public var street: String?
        /// House number when the format has a separate field.
        public var houseNumber: String?
        /// City.
        public var city: String?
        /// Postal code as written.
        public var zip: String?
        /// Country as written: ISO code or a name such as "Česká republika".
        public var country: String?
        /// Phone as written.
        public var phone: String?
        /// E-mail.
        public var email: String?
    }

    @usableFromInline var fields: CopyOnWrite<Fields>

    /// A field, read in place and changed in the value's own storage (copied first when shared).
    @inlinable public subscript<Field>(dynamicMember field: WritableKeyPath<Fields, Field>) -> Field {
        _read { yield fields.value[keyPath: field] }
        _modify { yield &fields.value[keyPath: field] }
    }

    /// Creates a raw address; all fields default to nil.
    public init(name: String? = nil, company: String? = nil, street: String? = nil, houseNumber: String? = nil,
                city: String? = nil, zip: String? = nil, country: String? = nil, phone: String? = nil,
                email: String? = nil) {
        fields = CopyOnWrite(Fields(name: name, company: company, street: street, houseNumber: houseNumber,
            city: city, zip: zip, country: country, phone: phone, email: email))
    }
}

extension RawAddress: CustomReflectable {
    /// The fields, as the stored properties they were.
    public var customMirror: Mirror { fields.mirror(of: self) }
}

/// One order as a reader produced it from an ERP file: raw strings, parsed numbers, and the
/// problems found while reading. Normalisation and validation happen later, in the core.
@dynamicMemberLookup
public struct OrderRecord: Hashable, Sendable {
    /// The stored fields, one heap object that copies share (`CopyOnWrite`); each is read and
    /// changed as a property of the value itself (`dynamicMember`).
    public struct Fields: Hashable, Sendable {
        /// The e-shop's order code (`2024000123`, `E-2024/15`).
        public var orderCode: String
        /// Where the order is in its file.
        public var location: SourceLocation
        /// The delivery address (the format's delivery/ship-to address when present).
        public var recipient: RawAddress
        /// The ERP's shipping method name ("PPL", "Zásilkovna - výdejní místo").
        public var shippingMethod: String?
        /// Explicit carrier code, in formats that carry one (Consign's own).
        public var carrierCode: String?
        /// Explicit service code or service type, in formats that carry one.
        public var serviceCode: String?
        /// Pickup point / branch id.
        public var pickupPointId: String?
        /// True when the payment method means cash on delivery.
        public var isCashOnDelivery: Bool
        /// The payment method's name as the file gives it (Shoptet, POHODA, Money S3), which the
        /// config's `paymentMethods` may declare COD or prepaid over the built-in rule.
        public var paymentName: String?
        /// COD amount when the file states it; if nil and `isCashOnDelivery`, `orderTotal` is used.
        public var codAmount: Decimal?
        /// The order's total to pay.
        public var orderTotal: Decimal?
        /// Currency of the amounts (ISO 4217).
        public var currency: String?
        /// Currency of the COD amount when the file gives one of its own (else `currency`); the
        /// declared value keeps `currency`.
        public var codCurrency: String?
        /// Declared value of the goods, if given separately from the total.
        public var declaredValue: Decimal?
        /// Total weight in kg.
        public var weight: Decimal?
        /// Each package's own weight in kg (nil where a package gives none), when the format gives
        /// weights per package (XML); empty when only the total is known (CSV): it is then shared.
        public var packageWeights: [Decimal?] = []
        /// Package width in cm.
        public var width: Decimal?
        /// Package height in cm.
        public var height: Decimal?
        /// Package depth in cm.
        public var depth: Decimal?
        /// Number of parcels (at least 1).
        public var packageCount: Int
        /// Variable symbol as given.
        public var variableSymbol: String?
        /// Note for the carrier.
        public var note: String?
        /// Problems found while reading this order.
        public var issues: [FieldIssue]
    }

    @usableFromInline var fields: CopyOnWrite<Fields>

    /// A field, read in place and changed in the value's own storage (copied first when shared).
    @inlinable public subscript<Field>(dynamicMember field: WritableKeyPath<Fields, Field>) -> Field {
        _read { yield fields.value[keyPath: field] }
        _modify { yield &fields.value[keyPath: field] }
    }

    /// Takes a shipping item's name as the shipping method; a second, different one (`PPL` and
    /// `Zásilkovna` in one order) adds an issue: which carrier is meant cannot be told.
    public mutating func noteShippingItem(_ name: String) {
        guard let first = self.shippingMethod else {
            self.shippingMethod = name
            return
        }
        guard first != name, !self.issues.contains(where: { $0.field == "shippingMethod" }) else { return }
        self.issues.append(FieldIssue(
            field: "shippingMethod",
            message: "the order has two shipping items, '\(first)' and '\(name)'; give it one"))
    }

    /// Creates a record with an order code and location; everything else starts empty.
    public init(orderCode: String, location: SourceLocation) {
        fields = CopyOnWrite(Fields(orderCode: orderCode, location: location, recipient: RawAddress(),
            isCashOnDelivery: false, packageCount: 1, issues: []))
    }
}

extension OrderRecord: CustomReflectable {
    /// The fields, as the stored properties they were.
    public var customMirror: Mirror { fields.mirror(of: self) }
}
