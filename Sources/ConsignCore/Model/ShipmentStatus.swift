/// Shoptet's fourteen shipment statuses, with their exact wire names.
public enum ShipmentStatus: String, Codable, CaseIterable, Sendable {
    case requested
    case requestFailed = "request_failed"
    case created
    case inTransit = "in_transit"
    case readyForPickup = "ready_for_pickup"
    case delivered
    case failed
    case carrierIssue = "carrier_issue"
    case backTransit = "back_transit"
    case returned
    case canceled
    case cancelRequested = "cancel_requested"
    case closed
    case deleted

    /// The statuses each status may move to. Anything not listed is refused.
    private static let transitions: [ShipmentStatus: Set<ShipmentStatus>] = [
        .requested: [.created, .requestFailed, .deleted],
        .requestFailed: [.requested, .deleted],
        .created: [.cancelRequested, .closed, .failed, .carrierIssue, .deleted],
        // A refused cancellation returns to where the shipment was: created or closed.
        .cancelRequested: [.canceled, .created, .closed],
        .closed: [.inTransit, .carrierIssue, .failed, .cancelRequested],
        .inTransit: [.readyForPickup, .delivered, .failed, .carrierIssue, .backTransit],
        .readyForPickup: [.delivered, .backTransit, .carrierIssue, .failed],
        .carrierIssue: [.inTransit, .readyForPickup, .delivered, .backTransit, .failed],
        .backTransit: [.returned, .carrierIssue, .failed],
        .canceled: [.deleted],
        .failed: [.deleted],
        .delivered: [],
        .returned: [],
        .deleted: [],
    ]

    /// True when the transition table allows moving from this status to `next`.
    public func canMove(to next: ShipmentStatus) -> Bool {
        Self.transitions[self, default: []].contains(next)
    }

    /// True for statuses that never change again except to `deleted`.
    public var isTerminal: Bool {
        switch self {
        case .delivered, .returned, .canceled, .failed, .deleted: true
        default: false
        }
    }

    /// True while the shipment counts as the order's live shipment (a second one would be a duplicate).
    public var isActive: Bool {
        switch self {
        case .requestFailed, .canceled, .failed, .deleted: false
        default: true
        }
    }

    /// True for statuses a carrier close hands over: created and not yet closed.
    public var isOpenForClose: Bool { self == .created }

    /// The lifecycle event a move into this status raises.
    public var eventType: ShipmentEventType {
        switch self {
        case .created: .create
        case .requestFailed, .canceled, .failed: .fail
        default: .update
        }
    }
}
