import ConsignCore
import Foundation

/// A shipment that may have carrier news, with only what a gateway needs to answer.
public struct AwaitingShipment: Sendable, Hashable {
    /// Row id (load the whole record with `Store.shipment(id:)` when there is news).
    public var id: Int64
    /// What the gateway is asked about.
    public var progress: ShipmentProgress
    /// Carrier news is known up to this time.
    public var trackedUntil: Date?
}

extension Store {
    /// Shipments waiting for carrier news (pending cancellations and everything handed over and
    /// not final) after row id `afterId`, at most `limit`, in id order. Only the columns a gateway
    /// needs are read: every run asks about every such shipment, and most have no news.
    public func shipmentsAwaitingCarrier(afterId: Int64, limit: Int) throws(StoreError) -> [AwaitingShipment] {
        let statement = try database.statement("""
            SELECT id, guid, carrier_code, service_type, status, cancel_requested_at, handed_over_at, tracked_until
            FROM shipments WHERE id > ?1 AND status IN
              ('cancel_requested', 'closed', 'in_transit', 'ready_for_pickup', 'carrier_issue', 'back_transit')
            ORDER BY id LIMIT ?2
            """)
        try statement.bind([afterId, limit])
        defer { statement.reset() }
        var result: [AwaitingShipment] = []
        result.reserveCapacity(limit)
        while try statement.step() {
            let id = Int64(statement.int(0) ?? 0)
            guard let type = statement.text(3).flatMap(ServiceType.init(rawValue:)),
                let status = statement.text(4).flatMap(ShipmentStatus.init(rawValue:))
            else { throw StoreError(.corruptValue, message: "unknown status or type in shipment row \(id)") }
            let progress = ShipmentProgress(
                guid: statement.text(1) ?? "", carrierCode: statement.text(2) ?? "", serviceType: type,
                status: status, cancelRequestedAt: statement.double(5).map(Date.init(timeIntervalSince1970:)),
                handedOverAt: statement.double(6).map(Date.init(timeIntervalSince1970:)))
            result.append(
                AwaitingShipment(
                    id: id, progress: progress,
                    trackedUntil: statement.double(7).map(Date.init(timeIntervalSince1970:))))
        }
        return result
    }
}
