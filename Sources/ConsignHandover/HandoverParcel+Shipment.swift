import ConsignCore
import Foundation

extension HandoverParcel {
    /// The rows of one registered shipment: one per package, COD and declared value on the first.
    ///
    /// The recipient prints as `company, name`; a package without a tracking number or weight
    /// prints an empty number and 0 kg, because a handover protocol lists what was handed over.
    public static func rows(of shipment: Shipment, serviceName: String? = nil) -> [HandoverParcel] {
        let recipient = shipment.recipient
        let recipientName = ProtocolText.joined([recipient.company, recipient.name])
        let pieceCount = shipment.packages.count
        return shipment.packages.enumerated().map { offset, package in
            HandoverParcel(
                trackingNumber: package.trackingNumber ?? "", shipmentGuid: shipment.guid,
                orderCode: shipment.orderCode, variableSymbol: shipment.variableSymbol,
                recipientName: recipientName,
                zip: recipient.zip ?? "", city: recipient.city ?? "", countryCode: recipient.countryCode ?? "",
                serviceCode: shipment.serviceCode, serviceName: serviceName,
                pieceIndex: offset + 1, pieceCount: pieceCount, weight: package.weight,
                cod: offset == 0 ? shipment.cod : nil, declaredValue: offset == 0 ? shipment.value : nil)
        }
    }
}
