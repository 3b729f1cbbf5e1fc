import Foundation

/// The carrier's answer to a registration.
public enum RegistrationReply: Hashable, Sendable {
    /// Accepted: the packages come back with tracking numbers, tracking URLs and ZPL labels.
    case accepted(packages: [Package])
    /// Refused by a carrier-side check; `instance` names the field.
    case rejected(message: String, instance: String)
}

/// What the engine tells a gateway about a shipment when asking for news.
public struct ShipmentProgress: Hashable, Sendable {
    /// The shipment GUID.
    public var guid: String
    /// Carrier code.
    public var carrierCode: String
    /// Service type of the shipment's service.
    public var serviceType: ServiceType
    /// Current status.
    public var status: ShipmentStatus
    /// When cancellation was requested, while it is pending.
    public var cancelRequestedAt: Date?
    /// When the carrier acknowledged the close that included the shipment.
    public var handedOverAt: Date?

    /// Creates a progress snapshot.
    public init(guid: String, carrierCode: String, serviceType: ServiceType, status: ShipmentStatus,
                cancelRequestedAt: Date? = nil, handedOverAt: Date? = nil) {
        self.guid = guid
        self.carrierCode = carrierCode
        self.serviceType = serviceType
        self.status = status
        self.cancelRequestedAt = cancelRequestedAt
        self.handedOverAt = handedOverAt
    }
}

/// A status change reported by the carrier.
public struct CarrierStatusUpdate: Hashable, Sendable {
    /// The new status.
    public var status: ShipmentStatus
    /// When the carrier says it happened.
    public var providerDatetime: Date
    /// The carrier's note ("Shipment is in depot Praha").
    public var note: String?

    /// Creates an update.
    public init(status: ShipmentStatus, providerDatetime: Date, note: String? = nil) {
        self.status = status
        self.providerDatetime = providerDatetime
        self.note = note
    }
}

/// The carrier's answer to a cancellation request, once it has one.
public enum CancellationOutcome: Hashable, Sendable {
    /// Confirmed at the given time: the shipment becomes `canceled`.
    case confirmed(at: Date)
    /// Refused at the given time (e.g. already handed over), with the carrier's reason.
    case refused(at: Date, reason: String)
}

/// The carrier's answer to a close (handover) request, once it has one.
public enum CloseOutcome: Hashable, Sendable {
    /// Acknowledged with the carrier's protocol number.
    case acknowledged(at: Date, protocolNumber: String)
    /// Refused with a reason.
    case failed(at: Date, reason: String)
}

/// A carrier network: registrations now, cancellations, closes and tracking later.
///
/// The embedded default is the sandbox network (`SandboxCarrierNetwork` in ConsignCarriers);
/// a real adapter implements the same calls against the carrier's API.
public protocol CarrierGateway: Sendable {
    /// Registers a shipment with the carrier at `time`.
    func register(_ shipment: Shipment, carrier: Carrier, service: CarrierService, at time: Date) -> RegistrationReply

    /// True when `register` calls no carrier and an answer may be dropped unused (the sandbox: a
    /// pure function of its input, but for parcel serials, which may then be skipped): then the
    /// registrations of a file may be asked for ahead, on the thread that reads it, and the answer
    /// for an order that turns out to be a duplicate is dropped. A real carrier's API is not such
    /// a function: it is asked only once the order is known to need a shipment.
    var answersRegistrationsAhead: Bool { get }

    /// True when this carrier's labels can be rendered again at any time from the shipment
    /// (`label(for:carrier:service:piece:)`); then `register` returns none and none is stored.
    var rendersLabelsOnDemand: Bool { get }

    /// The label of piece `piece` (1-based) of a registered shipment, rendered now; nil when
    /// the carrier cannot reproduce labels or the piece has no tracking number.
    func label(for shipment: Shipment, carrier: Carrier, service: CarrierService, piece: Int) -> String?

    /// The outcome of a pending cancellation as of `now`, or nil while the carrier has not answered.
    func cancellationOutcome(for shipment: ShipmentProgress, now: Date) -> CancellationOutcome?

    /// The outcome of a close of `carrierCode` requested at `requestedAt` with batch id `batchId`,
    /// or nil while the carrier has not answered.
    func closeOutcome(batchId: Int, carrierCode: String, requestedAt: Date, now: Date) -> CloseOutcome?

    /// Status changes after `since` up to and including `now`, oldest first.
    func trackingUpdates(for shipment: ShipmentProgress, since: Date, now: Date) -> [CarrierStatusUpdate]
}
