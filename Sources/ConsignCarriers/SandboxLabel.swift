import ConsignCore
import ConsignSupport
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
    ///
    /// Built as bytes in one buffer: this runs for every parcel registered.
    var zpl: String {
        var out = ZPLBuffer()
        out.raw("^XA\n^CI28\n^PW812\n^LL1218")
        out.text(carrier.name, x: 40, y: 30, size: 60)
        out.text(service.names.localized("en"), x: 40, y: 100, size: 30)
        out.text("SANDBOX", x: 600, y: 30, size: 30)
        for (index, row) in recipientRows().enumerated() { out.text(row, x: 40, y: 180 + 60 * index, size: 40) }
        out.text("Order \(shipment.orderCode)", x: 40, y: 520, size: 30)
        // COD belongs to the shipment: on its first piece only, or a courier might collect it twice.
        if let cod = shipment.cod, piece == 1 {
            out.text("COD \(cod.formattedValue) \(cod.currencyCode)", x: 40, y: 570, size: 40)
        }
        if let pointId = shipment.pickupPointId, service.type.needsPickupPoint {
            out.text("Pickup point \(pointId)", x: 40, y: 630, size: 30)
        }
        out.text("\(piece)/\(pieces)", x: 600, y: 520, size: 50)
        out.text(String(ShoptetDate.format(printedAt).prefix(10)), x: 600, y: 100, size: 25)
        out.raw("\n^FO60,720^BY3^BCN,200,Y,N,N^FD")
        out.clean(trackingNumber)
        out.raw("^FS\n^XZ")
        return String(decoding: out.bytes, as: UTF8.self)
    }

    private func recipientRows() -> [String] {
        let recipient = shipment.recipient
        let place = [recipient.zip, recipient.city].compactMap { $0 }.joined(separator: " ")
        return [recipient.company, recipient.name, recipient.street, place, recipient.countryCode]
            .compactMap { $0 }.filter { !$0.isEmpty }
    }
}

/// The bytes of a ZPL label being built.
private struct ZPLBuffer {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(768) }

    mutating func raw(_ text: StaticString) {
        bytes.append(static: text)
    }

    /// A text field on its own line: `^FOx,y^A0N,size,size^FD…^FS`.
    mutating func text(_ value: String, x: Int, y: Int, size: Int) {
        raw("\n^FO")
        number(x)
        raw(",")
        number(y)
        raw("^A0N,")
        number(size)
        raw(",")
        number(size)
        raw("^FD")
        clean(value)
        raw("^FS")
    }

    /// Field data without ZPL's command characters `^` and `~`, and on one line (CR, LF or
    /// CRLF become one space).
    mutating func clean(_ value: String) {
        var previous: UInt8 = 0
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\n") where previous == UInt8(ascii: "\r"): break
            case UInt8(ascii: "^"), UInt8(ascii: "~"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                bytes.append(UInt8(ascii: " "))
            default: bytes.append(byte)
            }
            previous = byte
        }
    }

    mutating func number(_ value: Int) {
        bytes.append(utf8: String(value))
    }
}
