import ConsignCore
import ConsignStore
import ConsignSupport
import Foundation

/// The seed API's nine operations as library calls, over the store and a carrier gateway.
///
/// Every status change goes through `transition`, which records history, raises the
/// lifecycle event with the next per-shipment sequence number and saves both in the
/// caller's transaction. Not thread-safe (it owns a store connection).
public final class ShipmentEngine {
    /// The store.
    public let store: Store
    /// Carriers after config overrides.
    public let catalogue: CarrierCatalogue
    /// The carrier network (the sandbox by default).
    public let gateway: any CarrierGateway
    /// Business time: the sandbox clock.
    public let clock: any Clock
    /// Shipper and mapping settings.
    public let settings: EngineSettings
    /// The store-free half of `register`, safe to run on another thread; built once (it encodes
    /// the sender for every order's row).
    public let preparer: OrderPreparer
    let logger: Logger

    /// Creates an engine.
    public init(
        store: Store, catalogue: CarrierCatalogue, gateway: any CarrierGateway, clock: any Clock,
        settings: EngineSettings, logger: Logger
    ) {
        self.store = store
        self.catalogue = catalogue
        self.gateway = gateway
        self.clock = clock
        self.settings = settings
        self.logger = logger
        preparer = OrderPreparer(catalogue: catalogue, gateway: gateway, clock: clock, settings: settings)
    }

    /// Lists shipments with paging and filters (status, order code, carrier), labels included.
    public func shipments(_ query: ShipmentQuery) throws(EngineError) -> Page<ShipmentRecord> {
        var page: Page<ShipmentRecord>
        do { page = try store.shipments(matching: query) } catch { throw .store(error) }
        page.items = page.items.map(withLabels)
        return page
    }

    /// One shipment by GUID with packages (labels included), addresses, tracking and history.
    public func shipment(guid: String) throws(EngineError) -> ShipmentRecord {
        withLabels(try stored(guid: guid))
    }

    /// The record with the labels the gateway renders on demand filled in; a label stored with
    /// the package (a carrier that cannot reproduce them, or an older store) is kept.
    public func withLabels(_ record: ShipmentRecord) -> ShipmentRecord {
        guard gateway.rendersLabelsOnDemand, record.shipment.packages.contains(where: { $0.labelZpl == nil }),
            let carrier = catalogue.carrier(record.shipment.carrierCode),
            let service = carrier.service(named: record.shipment.serviceCode)
        else { return record }
        var filled = record
        for index in filled.shipment.packages.indices where filled.shipment.packages[index].labelZpl == nil {
            filled.shipment.packages[index].labelZpl = gateway.label(
                for: record.shipment, carrier: carrier, service: service, piece: index + 1)
        }
        return filled
    }

    /// One shipment by GUID as stored (no labels rendered): what the engine changes and saves.
    func stored(guid: String) throws(EngineError) -> ShipmentRecord {
        let record: ShipmentRecord?
        do { record = try store.shipment(guid: guid.lowercased()) } catch { throw .store(error) }
        guard let record else {
            throw .domain(CoreError(.shipmentNotFound, "Shipment with guid \"\(guid)\" not found.", instance: "guid"))
        }
        return record
    }

    /// Carriers, optionally only those offering `type`.
    public func carriers(type: ServiceType?) -> [Carrier] {
        catalogue.carriers(offering: type)
    }

    /// One carrier + service type, with texts in `language` (falling back to English).
    public func carrier(code: String, type: String, language: String) throws(EngineError) -> CarrierServiceDetail {
        guard let carrier = catalogue.carrier(code) else {
            throw .domain(CoreError(.carrierNotFound, "Carrier ID \"\(code)\" not found.", instance: "code"))
        }
        guard let serviceType = ServiceType(rawValue: type) else {
            let known = ServiceType.allCases.map(\.rawValue).joined(separator: ", ")
            throw .domain(
                CoreError(
                    .invalidCarrierType, "Invalid service type \"\(type)\"; use one of: \(known).",
                    instance: "type"))
        }
        guard let service = carrier.service(ofType: serviceType) else {
            throw .domain(
                CoreError(
                    .invalidCarrierType,
                    "Carrier \(carrier.code) has no \(serviceType.rawValue) service.", instance: "type"))
        }
        return CarrierServiceDetail(carrier: carrier, service: service, language: language)
    }

    /// Shipping options for an order already known to the store (from its latest shipment's data).
    public func shippingOptions(orderCode: String) throws(EngineError) -> [ShippingOption] {
        let latest: ShipmentRecord?
        do { latest = try store.latestShipment(orderCode: orderCode) } catch { throw .store(error) }
        guard let shipment = latest?.shipment else {
            throw .domain(CoreError(.orderNotFound, "Order \"\(orderCode)\" not found.", instance: orderCode))
        }
        let draft = ShipmentDraft(
            orderCode: orderCode, recipient: shipment.recipient,
            pickupPointId: shipment.pickupPointId, cod: shipment.cod, value: shipment.value,
            packages: shipment.packages)
        return Eligibility.options(for: draft, in: catalogue)
    }

    /// Moves a shipment to `next`, records history, raises the event and saves, all in the
    /// caller's transaction. Refuses a move the transition table forbids.
    func transition(
        _ record: inout ShipmentRecord, to next: ShipmentStatus, at time: Date,
        providerTime: Date? = nil, note: String? = nil
    ) throws {
        let event = try Self.advance(&record, to: next, at: time, providerTime: providerTime, note: note)
        try persist(&record, event: event)
    }

    /// The store-free part of `transition`: the move, its history entry and its event.
    static func advance(
        _ record: inout ShipmentRecord, to next: ShipmentStatus, at time: Date,
        providerTime: Date? = nil, note: String? = nil
    ) throws -> ShipmentEvent {
        var sequence = record.eventSequence
        let event = try advance(&record.shipment, sequence: &sequence, to: next, at: time, providerTime: providerTime,
                                note: note)
        record.eventSequence = sequence
        return event
    }

    /// `advance(_:to:at:providerTime:note:)` for a shipment not in a record yet, its events
    /// numbered after `sequence`: a new shipment is moved before it is boxed in its record,
    /// where every change went through the box.
    static func advance(
        _ shipment: inout Shipment, sequence: inout Int, to next: ShipmentStatus, at time: Date,
        providerTime: Date? = nil, note: String? = nil
    ) throws -> ShipmentEvent {
        let from = shipment.status
        try shipment.move(to: next, at: time, providerTime: providerTime, note: note)
        sequence += 1
        return ShipmentEvent(
            event: next.eventType, eventInstance: shipment.guid, eventCreated: time, sequence: sequence,
            orderCode: shipment.orderCode, fromStatus: from, status: next,
            trackingNumbers: shipment.packages.compactMap(\.trackingNumber), note: note)
    }

    /// Inserts (new) or saves the record and appends its event; `encoded` and `encodedEvent` are
    /// the row's text and the event's payload built ahead for a new record (see `Submission`).
    func persist(_ record: inout ShipmentRecord, event: ShipmentEvent, encoded: EncodedShipment? = nil,
                 encodedEvent: EncodedEvent? = nil) throws {
        if record.id == 0 {
            try store.insert(&record, encoded: encoded)
        } else {
            try store.save(&record)
        }
        try store.append(event, encoded: encodedEvent, of: record)
    }
}

/// A carrier with one of its services and texts in a chosen language.
public struct CarrierServiceDetail: Sendable {
    /// The carrier.
    public var carrier: Carrier
    /// The service.
    public var service: CarrierService
    /// The language asked for.
    public var language: String

    /// Service name in the language (English fallback).
    public var name: String { service.names.localized(language) }
    /// Service description in the language (English fallback).
    public var description: String { service.descriptions.localized(language) }
    /// Carrier description in the language (English fallback).
    public var carrierDescription: String { carrier.descriptions.localized(language) }
}
