import ConsignSupport
import Foundation

/// An order after normalisation: what is needed to choose a service and register a shipment.
public struct ShipmentDraft: Hashable, Sendable {
    /// The stored fields, one heap object that copies share (`CopyOnWrite`).
    @usableFromInline
    struct Fields: Hashable, Sendable {
        @usableFromInline var orderCode: String
        @usableFromInline var location: SourceLocation
        @usableFromInline var recipient: Address
        @usableFromInline var carrierCode: String?
        @usableFromInline var serviceCode: String?
        @usableFromInline var pickupPointId: String?
        @usableFromInline var cod: Money?
        @usableFromInline var value: Money?
        @usableFromInline var packages: [Package]
        @usableFromInline var variableSymbol: String?
        @usableFromInline var note: String?
    }

    @usableFromInline var fields: CopyOnWrite<Fields>

    /// The order code.
    @inlinable public var orderCode: String {
        _read { yield fields.value.orderCode }
        _modify { yield &fields.value.orderCode }
    }
    /// Where it came from.
    @inlinable public var location: SourceLocation {
        _read { yield fields.value.location }
        _modify { yield &fields.value.location }
    }
    /// The normalised recipient (E.164 phone, canonical zip, ISO country).
    @inlinable public var recipient: Address {
        _read { yield fields.value.recipient }
        _modify { yield &fields.value.recipient }
    }
    /// Chosen carrier code, if the order names one (directly or through the shipping-method mapping).
    @inlinable public var carrierCode: String? {
        _read { yield fields.value.carrierCode }
        _modify { yield &fields.value.carrierCode }
    }
    /// Chosen service code or type name.
    @inlinable public var serviceCode: String? {
        _read { yield fields.value.serviceCode }
        _modify { yield &fields.value.serviceCode }
    }
    /// Pickup point id.
    @inlinable public var pickupPointId: String? {
        _read { yield fields.value.pickupPointId }
        _modify { yield &fields.value.pickupPointId }
    }
    /// Cash on delivery.
    @inlinable public var cod: Money? {
        _read { yield fields.value.cod }
        _modify { yield &fields.value.cod }
    }
    /// Declared value.
    @inlinable public var value: Money? {
        _read { yield fields.value.value }
        _modify { yield &fields.value.value }
    }
    /// Parcels with dimensions and weight.
    @inlinable public var packages: [Package] {
        _read { yield fields.value.packages }
        _modify { yield &fields.value.packages }
    }
    /// Variable symbol (digits only, at most 10).
    @inlinable public var variableSymbol: String? {
        _read { yield fields.value.variableSymbol }
        _modify { yield &fields.value.variableSymbol }
    }
    /// Note for the carrier.
    @inlinable public var note: String? {
        _read { yield fields.value.note }
        _modify { yield &fields.value.note }
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
