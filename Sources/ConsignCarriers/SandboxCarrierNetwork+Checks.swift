import ConsignCore
import Foundation

extension SandboxCarrierNetwork {
    /// The carrier-side check the shipment fails first, as a rejection, or nil when it passes.
    static func carrierSideProblem(_ shipment: Shipment, carrier: Carrier,
                                   service: CarrierService) -> RegistrationReply? {
        if service.type.needsPickupPoint {
            let pointId = shipment.pickupPointId?.trimmedOfWhitespace ?? ""
            guard !pointId.isEmpty else {
                return .rejected(message: "pickup point id is required for \(service.code)", instance: "pickupPointId")
            }
            guard isPickupPointId(pointId, carrierCode: carrier.code) else {
                return .rejected(message: "pickup point id '\(pointId)' does not have the \(carrier.name) shape "
                                     + pickupPointShape(carrierCode: carrier.code),
                                 instance: "pickupPointId")
            }
        }
        if isNotServed(zip: shipment.recipient.zip) {
            return .rejected(message: "address not serviceable", instance: "recipient.zip")
        }
        if shipment.packages.isEmpty {
            return .rejected(message: "shipment has no packages", instance: "packages")
        }
        return nil
    }

    /// True when `id` has the shape of `carrierCode`'s pickup point ids.
    public static func isPickupPointId(_ id: String, carrierCode: String) -> Bool {
        let bytes = Array(id.utf8)
        let digits = { (slice: ArraySlice<UInt8>) in !slice.isEmpty && slice.allSatisfy { (48...57).contains($0) } }
        let alnum = bytes.allSatisfy { (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
        switch carrierCode.lowercased() {
        case "packeta": return bytes.count <= 10 && digits(bytes[...])
        case "ppl": return bytes.count <= 12 && (digits(bytes[...]) || (id.hasPrefix("KM") && digits(bytes[2...])))
        case "cpost": return (5...6).contains(bytes.count) && digits(bytes[...])
        case "dpd":
            let country = bytes.count > 2 && bytes[0..<2].allSatisfy { (65...90).contains($0) }
            return bytes.count <= 16 && (digits(bytes[...]) || (country && digits(bytes[2...])))
        default: return (1...20).contains(bytes.count) && alnum
        }
    }

    /// The pickup point id shape of `carrierCode`, for messages.
    public static func pickupPointShape(carrierCode: String) -> String {
        switch carrierCode.lowercased() {
        case "packeta": "(digits)"
        case "ppl": "(KM + digits, or digits)"
        case "cpost": "(5 or 6 digits)"
        case "dpd": "(country code + digits, e.g. CZ12345, or digits)"
        default: "(letters and digits)"
        }
    }

    /// True for the sandbox's "not served" postal codes: any code whose digits are all 9.
    static func isNotServed(zip: String?) -> Bool {
        guard let zip else { return false }
        // An ASCII zip (nearly all) is scanned as bytes: filtering Characters cost 3,000
        // instructions per order.
        if zip.utf8.allSatisfy({ $0 < 0x80 }) {
            var sawDigit = false
            for byte in zip.utf8 where (0x30...0x39).contains(byte) {
                guard byte == UInt8(ascii: "9") else { return false }
                sawDigit = true
            }
            return sawDigit
        }
        let digits = zip.filter(\.isNumber)
        return !digits.isEmpty && digits.allSatisfy { $0 == "9" }
    }
}
