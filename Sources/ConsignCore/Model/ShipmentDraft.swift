import ConsignSupport
import Foundation

/// An order after normalisation: what is needed to choose a service and register a shipment.
@dynamicMemberLookup
public struct ShipmentDraft: Hashable, Sendable {
    /// The stored fields, one heap object that copies share (`CopyOnWrite`); each is read and
    /// changed as a property of the value itself (`dynamicMember`).
    public struct Fields: Hashable, Sendable {
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
    }

    @usableFromInline var fields: CopyOnWrite<Fields>

    /// A field, read in place and changed in the value's own storage (copied first when shared).
    @inlinable public subscript<Field>(dynamicMember field: WritableKeyPath<Fields, Field>) -> Field {
        _read { yield fields.value[keyPath: field] }
        _modify { yield &fields.value[keyPath: field] }
    }

    /// Creates a draft.
    public init(orderCode: String, location: SourceLocation = SourceLocation(), recipient: Address,
                carrierCode: String? = nil, serviceCode: String? = nil, pickupPointId: String? = nil,
                cod: Money? = nil, value: Money? = nil, packages: [Package], variableSymbol: String? = nil,
                note: String? = nil) {
        fields = CopyOnWrite(Fields(orderCode: orderCode, location: location, recipient: recipient,
            carrierCode: carrierCode, serviceCode: serviceCode, pickupPointId: pickupPointId, cod: cod, value: value,
            packages: packages, variableSymbol: variableSymbol, note: note))
    }
}

extension ShipmentDraft: CustomReflectable {
    /// The fields, as the stored properties they were.
    public var customMirror: Mirror { fields.mirror(of: self) }
}
