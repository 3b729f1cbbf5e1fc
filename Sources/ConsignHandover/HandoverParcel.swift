import ConsignCore
import Foundation

/// One physical parcel (piece) of a shipment, as one row of a handover protocol.
///
/// Cash on delivery and declared value belong to the shipment, not to a piece: put them on the
/// first piece of a multi-piece shipment only. Totals add up exactly what the rows carry.
public struct HandoverParcel: Hashable, Sendable {
    /// The carrier's parcel number.
    public var trackingNumber: String
    /// The shipment this piece belongs to (its GUID); nil to group pieces by `orderCode`.
    public var shipmentGuid: String?
    /// The e-shop's order code.
    public var orderCode: String
    /// Variable symbol for the COD payout, up to 10 digits.
    public var variableSymbol: String?
    /// Recipient's name or company as printed on the label.
    public var recipientName: String
    /// Recipient's postal code.
    public var zip: String
    /// Recipient's city.
    public var city: String
    /// Recipient's ISO 3166-1 alpha-2 country code.
    public var countryCode: String
    /// Catalogue service code, e.g. `ppl-home-delivery`.
    public var serviceCode: String
    /// Service name for people; the PDF prints it instead of the code when present.
    public var serviceName: String?
    /// This piece's position in its shipment, from 1.
    public var pieceIndex: Int
    /// How many pieces the shipment has.
    public var pieceCount: Int
    /// Weight of this piece in kg; nil when the order gave none (POHODA and Money S3 give none).
    public var weight: Decimal?
    /// Cash on delivery of the whole shipment; on the first piece only.
    public var cod: Money?
    /// Declared value of the whole shipment; on the first piece only.
    public var declaredValue: Money?

    /// Creates a parcel row; a single-piece shipment by default.
    public init(
        trackingNumber: String, shipmentGuid: String? = nil, orderCode: String, variableSymbol: String? = nil,
        recipientName: String, zip: String, city: String, countryCode: String,
        serviceCode: String, serviceName: String? = nil, pieceIndex: Int = 1, pieceCount: Int = 1,
        weight: Decimal?, cod: Money? = nil, declaredValue: Money? = nil
    ) {
        self.trackingNumber = trackingNumber
        self.shipmentGuid = shipmentGuid
        self.orderCode = orderCode
        self.variableSymbol = variableSymbol
        self.recipientName = recipientName
        self.zip = zip
        self.city = city
        self.countryCode = countryCode
        self.serviceCode = serviceCode
        self.serviceName = serviceName
        self.pieceIndex = pieceIndex
        self.pieceCount = pieceCount
        self.weight = weight
        self.cod = cod
        self.declaredValue = declaredValue
    }

    /// The key that groups pieces into shipments: the shipment GUID, else the order code.
    public var shipmentKey: String { shipmentGuid ?? orderCode }

    /// The piece position as printed: `"2 of 3"`.
    public var piecesText: String { "\(pieceIndex) of \(pieceCount)" }
}
