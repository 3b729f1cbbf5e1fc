import ConsignCore
import Foundation

/// A stored shipment with the bookkeeping the engine needs besides Shoptet's fields.
///
/// A copy of a record is cheap: the shipment keeps its fields in one shared box (`Shipment`'s
/// `CopyOnWrite`), so a record that goes from the reading thread to the result row through
/// several copies retains one object per copy, not every string of the shipment.
public struct ShipmentRecord: Sendable, Hashable {
    /// Row id.
    public var id: Int64
    /// The shipment as the API shows it (history included when loaded by GUID).
    public var shipment: Shipment
    /// Service type of its service.
    public var serviceType: ServiceType
    /// Sequence number of the last event raised for this shipment.
    public var eventSequence: Int
    /// When cancellation was requested, while pending.
    public var cancelRequestedAt: Date?
    /// Status to return to if the carrier refuses the cancellation.
    public var statusBeforeCancel: ShipmentStatus?
    /// Close batch that handed it over.
    public var closeBatchId: Int?
    /// When the carrier acknowledged that close.
    public var handedOverAt: Date?
    /// Carrier updates have been applied up to this instant.
    public var trackedUntil: Date?
    /// The input file it came from.
    public var sourceFile: String?
    /// How many history entries are already stored (newer ones are appended on save).
    public var storedHistoryCount: Int

    /// Creates a record for a new shipment (id 0 until inserted).
    public init(shipment: Shipment, serviceType: ServiceType, sourceFile: String?) {
        self.id = 0
        self.shipment = shipment
        self.serviceType = serviceType
        self.eventSequence = 0
        self.sourceFile = sourceFile
        self.storedHistoryCount = 0
    }

    /// The snapshot a carrier gateway needs.
    public var progress: ShipmentProgress {
        ShipmentProgress(guid: shipment.guid, carrierCode: shipment.carrierCode, serviceType: serviceType,
                         status: shipment.status, cancelRequestedAt: cancelRequestedAt, handedOverAt: handedOverAt)
    }
}

/// Filters and paging of the shipment list (Shoptet's `status`, `orderCode`, plus carrier).
public struct ShipmentQuery: Sendable, Hashable {
    /// Only this status.
    public var status: ShipmentStatus?
    /// Only this order code.
    public var orderCode: String?
    /// Only this carrier.
    public var carrierCode: String?
    /// 1-based page.
    public var page: Int
    /// Items per page (1…1000).
    public var itemsPerPage: Int

    /// Creates a query; page 1 and 20 items per page by default.
    public init(status: ShipmentStatus? = nil, orderCode: String? = nil, carrierCode: String? = nil,
                page: Int = 1, itemsPerPage: Int = 20) {
        self.status = status
        self.orderCode = orderCode
        self.carrierCode = carrierCode
        self.page = max(1, page)
        self.itemsPerPage = min(max(1, itemsPerPage), 1000)
    }
}

/// One page of results with Shoptet's paginator figures.
public struct Page<Item: Sendable>: Sendable {
    /// The items on this page.
    public var items: [Item]
    /// Items matching in total.
    public var totalCount: Int
    /// This page (1-based).
    public var page: Int
    /// Items per page requested.
    public var itemsPerPage: Int

    /// Creates a page.
    public init(items: [Item], totalCount: Int, page: Int, itemsPerPage: Int) {
        self.items = items
        self.totalCount = totalCount
        self.page = page
        self.itemsPerPage = itemsPerPage
    }

    /// Number of pages (at least 1).
    public var pageCount: Int { max(1, (totalCount + itemsPerPage - 1) / itemsPerPage) }
}
