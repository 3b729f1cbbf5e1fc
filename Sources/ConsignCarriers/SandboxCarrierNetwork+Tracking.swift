import ConsignCore
import Foundation

extension SandboxCarrierNetwork {
    /// Hours after the handover at which the sandbox reports each step.
    public enum ScheduleHours {
        /// Left the depot: `in_transit`.
        public static let inTransit: TimeInterval = 2
        /// Delivered (home, express, international) or ready for pickup (pickup services).
        public static let firstArrival: TimeInterval = 20
        /// Collected at the pickup point: `delivered`.
        public static let collected: TimeInterval = 44
        /// On the return path: `back_transit`.
        public static let backTransit: TimeInterval = 30
        /// On the return path: `returned`.
        public static let returned: TimeInterval = 60
    }

    /// Status changes since `since` up to and including `now`, oldest first, that follow from
    /// the shipment's current status; empty before the handover.
    public func trackingUpdates(for shipment: ShipmentProgress, since: Date, now: Date) -> [CarrierStatusUpdate] {
        let steps = Self.schedule(for: shipment)
        let start = steps.firstIndex { $0.status == shipment.status }.map { $0 + 1 } ?? 0
        var current = shipment.status
        var updates: [CarrierStatusUpdate] = []
        for step in steps[start...] {
            guard step.providerDatetime <= now, current.canMove(to: step.status) else { break }
            current = step.status
            if step.providerDatetime > since { updates.append(step) }
        }
        return updates
    }

    /// The whole tracking schedule of a shipment after its handover; empty if not handed over.
    public static func schedule(for shipment: ShipmentProgress) -> [CarrierStatusUpdate] {
        guard let handedOverAt = shipment.handedOverAt else { return [] }
        func at(_ hours: TimeInterval, _ status: ShipmentStatus, _ note: String) -> CarrierStatusUpdate {
            CarrierStatusUpdate(status: status, providerDatetime: handedOverAt.addingTimeInterval(hours * 3600),
                                note: note)
        }

        var steps = [at(ScheduleHours.inTransit, .inTransit, "Shipment left the depot")]
        let collects = shipment.serviceType.needsPickupPoint
        if collects {
            steps.append(at(ScheduleHours.firstArrival, .readyForPickup, "Shipment is ready for pickup"))
        }
        if takesReturnPath(guid: shipment.guid) {
            steps.append(at(ScheduleHours.backTransit, .backTransit, "Shipment is on its way back to the sender"))
            steps.append(at(ScheduleHours.returned, .returned, "Shipment returned to the sender"))
        } else if collects {
            steps.append(at(ScheduleHours.collected, .delivered, "Shipment collected by the recipient"))
        } else {
            steps.append(at(ScheduleHours.firstArrival, .delivered, "Shipment delivered"))
        }
        return steps
    }

    /// True for the about 1 in 20 shipments (by GUID hash) that the sandbox sends back to the sender.
    public static func takesReturnPath(guid: String) -> Bool {
        (StableHash.fnv1a(guid) >> 40) % 20 == 0
    }
}
