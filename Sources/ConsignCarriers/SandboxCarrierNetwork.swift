import ConsignCore
import Foundation

/// The sandbox carrier network: a deterministic stand-in for real carrier APIs, used by default.
///
/// It does no I/O. Parcel numbers come from `serials`, one counter for every carrier that the
/// store keeps between runs; every other answer follows from its inputs and an FNV-1a hash of
/// the shipment GUID. It answers a cancellation 15 minutes after the request, a close 10 minutes
/// after the request, and reports tracking on a fixed schedule after the handover (see
/// docs/CARRIERS.md).
public struct SandboxCarrierNetwork: CarrierGateway {
    /// How long the sandbox carrier takes to answer a cancellation request.
    public static let cancellationDelay: TimeInterval = 15 * 60
    /// How long the sandbox carrier takes to acknowledge a close.
    public static let closeDelay: TimeInterval = 10 * 60
    /// The reason given when a cancellation comes too late.
    public static let handedOverReason = "already handed over to the carrier"

    /// Where parcel serials come from.
    public let serials: SandboxSerials

    /// Creates the sandbox network; numbers parcels from `serials` (a fresh counter by default).
    public init(serials: SandboxSerials = .fresh()) {
        self.serials = serials
    }

    /// Registration needs nothing from the store (the serial counter is safe on any thread), so it
    /// can be asked ahead.
    public var answersRegistrationsAhead: Bool { true }

    /// Sandbox labels are a pure function of the shipment, so they are rendered when asked
    /// for and never stored (2 KB less per parcel in every row and event of a registration).
    public var rendersLabelsOnDemand: Bool { true }

    /// The ZPL label of piece `piece` (1-based), dated at the registration (`createdAt`).
    public func label(for shipment: Shipment, carrier: Carrier, service: CarrierService, piece: Int) -> String? {
        guard shipment.packages.indices.contains(piece - 1),
            let number = shipment.packages[piece - 1].trackingNumber
        else { return nil }
        return SandboxLabel(
            shipment: shipment, carrier: carrier, service: service, trackingNumber: number,
            piece: piece, pieces: shipment.packages.count, printedAt: shipment.createdAt
        ).zpl
    }

    /// Registers `shipment`: carrier-side checks, then tracking numbers from the next serials
    /// and tracking URLs (labels come from `label(for:carrier:service:piece:)`). A refused
    /// shipment takes no serial.
    public func register(_ shipment: Shipment, carrier: Carrier, service: CarrierService,
                         at time: Date) -> RegistrationReply {
        if let rejection = Self.carrierSideProblem(shipment, carrier: carrier, service: service) {
            return rejection
        }

        let base = serials.take(shipment.packages.count)
        // Sized once: mapping the enumerated packages grew the new array package by package.
        var packages: [Package] = []
        packages.reserveCapacity(shipment.packages.count)
        for (index, package) in shipment.packages.enumerated() {
            var accepted = package
            let number = TrackingNumber.make(carrierCode: carrier.code, serviceType: service.type,
                                             serial: base + UInt64(index))
            accepted.trackingNumber = number
            accepted.trackingUrl = carrier.trackingUrl(for: number)
            packages.append(accepted)
        }
        return .accepted(packages: packages)
    }

    /// Confirms a cancellation 15 minutes after the request, or refuses it when the shipment
    /// was handed over by then; nil while the 15 minutes run.
    public func cancellationOutcome(for shipment: ShipmentProgress, now: Date) -> CancellationOutcome? {
        guard let requestedAt = shipment.cancelRequestedAt else { return nil }
        let answeredAt = requestedAt.addingTimeInterval(Self.cancellationDelay)
        guard now >= answeredAt else { return nil }

        if let handedOverAt = shipment.handedOverAt, handedOverAt <= answeredAt {
            return .refused(at: answeredAt, reason: Self.handedOverReason)
        }
        return .confirmed(at: answeredAt)
    }

    /// Acknowledges a close 10 minutes after the request with a protocol number such as
    /// `PPL-20261204-000123` (carrier, request date in UTC, batch id); nil before.
    public func closeOutcome(batchId: Int, carrierCode: String, requestedAt: Date, now: Date) -> CloseOutcome? {
        let answeredAt = requestedAt.addingTimeInterval(Self.closeDelay)
        guard now >= answeredAt else { return nil }
        return .acknowledged(at: answeredAt,
                             protocolNumber: Self.protocolNumber(batchId: batchId, carrierCode: carrierCode,
                                                                 requestedAt: requestedAt))
    }

    /// The protocol number of a close: `CARRIER-yyyyMMdd-NNNNNN`.
    public static func protocolNumber(batchId: Int, carrierCode: String, requestedAt: Date) -> String {
        let day = ShoptetDate.format(requestedAt).prefix(10).filter { $0 != "-" }
        let batch = String(batchId)
        let padded = String(repeating: "0", count: max(0, 6 - batch.count)) + batch
        return "\(carrierCode.uppercased())-\(day)-\(padded)"
    }
}
