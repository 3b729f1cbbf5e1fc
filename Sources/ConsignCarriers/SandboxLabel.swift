import ConsignCore
import Foundation

/// The ZPL label the sandbox prints for one parcel (4×6 in at 203 dpi).
///
/// Labels go on boxes, so they carry the recipient's name and address.
struct SandboxLabel {
    let shipment: Shipment
    let carrier: Carrier
    let service: CarrierService
    let trackingNumber: String
    let piece: Int
    let pieces: Int
    let printedAt: Date

    /// The label as ZPL, `^XA` … `^XZ`, UTF-8 text (`^CI28`).
    var zpl: String {
        var lines = ["^XA", "^CI28", "^PW812", "^LL1218"]
        lines.append(text(carrier.name, x: 40, y: 30, size: 60))
        lines.append(text(service.names.localized("en"), x: 40, y: 100, size: 30))
        lines.append(text("SANDBOX", x: 600, y: 30, size: 30))
        lines += recipientLines()
        lines.append(text("Order \(shipment.orderCode)", x: 40, y: 520, size: 30))
        if let cod = shipment.cod {
            lines.append(text("COD \(cod.formattedValue) \(cod.currencyCode)", x: 40, y: 570, size: 40))
        }
        if let pointId = shipment.pickupPointId, service.type.needsPickupPoint {
            lines.append(text("Pickup point \(pointId)", x: 40, y: 630, size: 30))
        }
        lines.append(text("\(piece)/\(pieces)", x: 600, y: 520, size: 50))
        lines.append(text(String(ShoptetDate.format(printedAt).prefix(10)), x: 600, y: 100, size: 25))
        lines.append("^FO60,720^BY3^BCN,200,Y,N,N^FD\(clean(trackingNumber))^FS")
        lines.append("^XZ")
        return lines.joined(separator: "\n")
    }

    private func recipientLines() -> [String] {
        let recipient = shipment.recipient
        let place = [recipient.zip, recipient.city].compactMap { $0 }.joined(separator: " ")
        let rows = [recipient.company, recipient.name, recipient.street, place, recipient.countryCode]
            .compactMap { $0 }.filter { !$0.isEmpty }
        return rows.enumerated().map { index, row in text(row, x: 40, y: 180 + 60 * index, size: 40) }
    }

    private func text(_ value: String, x: Int, y: Int, size: Int) -> String {
        "^FO\(x),\(y)^A0N,\(size),\(size)^FD\(clean(value))^FS"
    }

    /// Field data without ZPL's command characters `^` and `~`, and on one line.
    private func clean(_ value: String) -> String {
        String(value.map { "^~\r\n".contains($0) ? " " : $0 })
    }
}
