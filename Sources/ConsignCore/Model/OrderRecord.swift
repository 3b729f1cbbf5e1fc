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
public struct RawAddress: Hashable, Sendable {
    /// The stored fields, one heap object that copies share (`CopyOnWrite`).
    @usableFromInline
    struct Fields: Hashable, Sendable {
        @usableFromInline var name: String?
        @usableFromInline var company: String?
        @usableFromInline var street: String?
        @usableFromInline var houseNumber: String?
        @usableFromInline var city: String?
        @usableFromInline var zip: String?
        @usableFromInline var country: String?
        @usableFromInline var phone: String?
        @usableFromInline var email: String?
    }

    @usableFromInline var fields: CopyOnWrite<Fields>

    /// Full name.
    @inlinable public var name: String? {
        _read { yield fields.value.name }
        _modify { yield &fields.value.name }
    }
    /// Company.
    @inlinable public var company: String? {
        _read { yield fields.value.company }
        _modify { yield &fields.value.company }
    }
    /// Street, possibly with the house number.
    @inlinable public var street: String? {
        _read { yield fields.value.street }
        _modify { yield &fields.value.street }
    }
    /// House number when the format has a separate field.
    @inlinable public var houseNumber: String? {
        _read { yield fields.value.houseNumber }
        _modify { yield &fields.value.houseNumber }
    }
    /// City.
    @inlinable public var city: String? {
        _read { yield fields.value.city }
        _modify { yield &fields.value.city }
    }
    /// Postal code as written.
    @inlinable public var zip: String? {
        _read { yield fields.value.zip }
        _modify { yield &fields.value.zip }
    }
    /// Country as written: ISO code or a name such as "Česká republika".
    @inlinable public var country: String? {
        _read { yield fields.value.country }
        _modify { yield &fields.value.country }
    }
    /// Phone as written.
    @inlinable public var phone: String? {
        _read { yield fields.value.phone }
        _modify { yield &fields.value.phone }
    }
    /// E-mail.
    @inlinable public var email: String? {
        _read { yield fields.value.email }
        _modify { yield &fields.value.email }
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
public struct OrderRecord: Hashable, Sendable {
    /// The stored fields, one heap object that copies share (`CopyOnWrite`).
    @usableFromInline
    struct Fields: Hashable, Sendable {
        @usableFromInline var orderCode: String
        @usableFromInline var location: SourceLocation
        @usableFromInline var recipient: RawAddress
        @usableFromInline var shippingMethod: String?
        @usableFromInline var carrierCode: String?
        @usableFromInline var serviceCode: String?
        @usableFromInline var pickupPointId: String?
        @usableFromInline var isCashOnDelivery: Bool
        @usableFromInline var paymentName: String?
        @usableFromInline var codAmount: Decimal?
        @usableFromInline var orderTotal: Decimal?
        @usableFromInline var currency: String?
        @usableFromInline var codCurrency: String?
        @usableFromInline var declaredValue: Decimal?
        @usableFromInline var weight: Decimal?
        @usableFromInline var packageWeights: [Decimal?] = []
        @usableFromInline var width: Decimal?
        @usableFromInline var height: Decimal?
        @usableFromInline var depth: Decimal?
        @usableFromInline var packageCount: Int
        @usableFromInline var variableSymbol: String?
        @usableFromInline var note: String?
        @usableFromInline var issues: [FieldIssue]
    }

    @usableFromInline var fields: CopyOnWrite<Fields>

    /// The e-shop's order code (`2024000123`, `E-2024/15`).
    @inlinable public var orderCode: String {
        _read { yield fields.value.orderCode }
        _modify { yield &fields.value.orderCode }
    }
    /// Where the order is in its file.
    @inlinable public var location: SourceLocation {
        _read { yield fields.value.location }
        _modify { yield &fields.value.location }
    }
    /// The delivery address (the format's delivery/ship-to address when present).
    @inlinable public var recipient: RawAddress {
        _read { yield fields.value.recipient }
        _modify { yield &fields.value.recipient }
    }
    /// The ERP's shipping method name ("PPL", "Zásilkovna - výdejní místo").
    @inlinable public var shippingMethod: String? {
        _read { yield fields.value.shippingMethod }
        _modify { yield &fields.value.shippingMethod }
    }
    /// Explicit carrier code, in formats that carry one (Consign's own).
    @inlinable public var carrierCode: String? {
        _read { yield fields.value.carrierCode }
        _modify { yield &fields.value.carrierCode }
    }
    /// Explicit service code or service type, in formats that carry one.
    @inlinable public var serviceCode: String? {
        _read { yield fields.value.serviceCode }
        _modify { yield &fields.value.serviceCode }
    }
    /// Pickup point / branch id.
    @inlinable public var pickupPointId: String? {
        _read { yield fields.value.pickupPointId }
        _modify { yield &fields.value.pickupPointId }
    }
    /// True when the payment method means cash on delivery.
    @inlinable public var isCashOnDelivery: Bool {
        _read { yield fields.value.isCashOnDelivery }
        _modify { yield &fields.value.isCashOnDelivery }
    }
    /// The payment method's name as the file gives it (Shoptet, POHODA, Money S3), which the
    /// config's `paymentMethods` may declare COD or prepaid over the built-in rule.
    @inlinable public var paymentName: String? {
        _read { yield fields.value.paymentName }
        _modify { yield &fields.value.paymentName }
    }
    /// COD amount when the file states it; if nil and `isCashOnDelivery`, `orderTotal` is used.
    @inlinable public var codAmount: Decimal? {
        _read { yield fields.value.codAmount }
        _modify { yield &fields.value.codAmount }
    }
    /// The order's total to pay.
    @inlinable public var orderTotal: Decimal? {
        _read { yield fields.value.orderTotal }
        _modify { yield &fields.value.orderTotal }
    }
    /// Currency of the amounts (ISO 4217).
    @inlinable public var currency: String? {
        _read { yield fields.value.currency }
        _modify { yield &fields.value.currency }
    }
    /// Currency of the COD amount when the file gives one of its own (else `currency`); the
    /// declared value keeps `currency`.
    @inlinable public var codCurrency: String? {
        _read { yield fields.value.codCurrency }
        _modify { yield &fields.value.codCurrency }
    }
    /// Declared value of the goods, if given separately from the total.
    @inlinable public var declaredValue: Decimal? {
        _read { yield fields.value.declaredValue }
        _modify { yield &fields.value.declaredValue }
    }
    /// Total weight in kg.
    @inlinable public var weight: Decimal? {
        _read { yield fields.value.weight }
        _modify { yield &fields.value.weight }
    }
    /// Each package's own weight in kg (nil where a package gives none), when the format gives
    /// weights per package (XML); empty when only the total is known (CSV): it is then shared.
    @inlinable public var packageWeights: [Decimal?] {
        _read { yield fields.value.packageWeights }
        _modify { yield &fields.value.packageWeights }
    }
    /// Package width in cm.
    @inlinable public var width: Decimal? {
        _read { yield fields.value.width }
        _modify { yield &fields.value.width }
    }
    /// Package height in cm.
    @inlinable public var height: Decimal? {
        _read { yield fields.value.height }
        _modify { yield &fields.value.height }
    }
    /// Package depth in cm.
    @inlinable public var depth: Decimal? {
        _read { yield fields.value.depth }
        _modify { yield &fields.value.depth }
    }
    /// Number of parcels (at least 1).
    @inlinable public var packageCount: Int {
        _read { yield fields.value.packageCount }
        _modify { yield &fields.value.packageCount }
    }
    /// Variable symbol as given.
    @inlinable public var variableSymbol: String? {
        _read { yield fields.value.variableSymbol }
        _modify { yield &fields.value.variableSymbol }
    }
    /// Note for the carrier.
    @inlinable public var note: String? {
        _read { yield fields.value.note }
        _modify { yield &fields.value.note }
    }
    /// Problems found while reading this order.
    @inlinable public var issues: [FieldIssue] {
        _read { yield fields.value.issues }
        _modify { yield &fields.value.issues }
    }

    /// Takes a shipping item's name as the shipping method; a second, different one (`PPL` and
    /// `Zásilkovna` in one order) adds an issue: which carrier is meant cannot be told.
    public mutating func noteShippingItem(_ name: String) {
        guard let first = shippingMethod else {
            shippingMethod = name
            return
        }
        guard first != name, !issues.contains(where: { $0.field == "shippingMethod" }) else { return }
        issues.append(FieldIssue(
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
