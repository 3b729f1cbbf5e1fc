import ConsignCore
import Foundation

/// Parcel numbers in each carrier's format: made from a serial, and checked.
///
/// Formats (see docs/CARRIERS.md): Czech Post domestic `DR0404870003M` (shape only) and
/// international UPU S10 `RR950819194CZ`; PPL 11 digits; Packeta `Z` + 10 digits; DPD 14 digits
/// + ISO 7064 Mod 37,36 character; GLS 11 digits + mod-10 check; MPL opaque `MPL` + 10 digits.
public enum TrackingNumber {
    /// Czech Post product prefixes accepted on domestic parcel numbers.
    static let cpostDomesticPrefixes: Set<String> = [
        "DR", "DV", "DE", "DT", "DS", "NP", "NV", "NA", "NB", "BA", "BB", "BN", "BE", "EE", "BP",
    ]

    /// The depot the sandbox puts on DPD parcel numbers.
    static let dpdDepot = "1380"

    /// A parcel number of `carrierCode`'s format for a service of `serviceType`, from `serial`.
    ///
    /// The digits are `serial` modulo the format's capacity, zero-padded, so consecutive
    /// serials give distinct numbers. An unknown carrier gets `SBX` + 10 digits.
    public static func make(carrierCode: String, serviceType: ServiceType, serial: UInt64) -> String {
        switch carrierCode.lowercased() {
        case "cpost": makeCzechPost(serviceType: serviceType, serial: serial)
        case "ppl": "4" + digits(serial, 10)
        case "packeta": "Z" + digits(serial, 10)
        case "dpd": makeDPD(serial: serial)
        case "gls": makeGLS(serial: serial)
        case "mpl": "MPL" + digits(serial, 10)
        default: "SBX" + digits(serial, 10)
        }
    }

    /// True when `text` has `carrierCode`'s format and, where the format has one, a correct check.
    public static func isValid(_ text: String, carrierCode: String) -> Bool {
        let bytes = Array(text.utf8)
        switch carrierCode.lowercased() {
        case "cpost": return isCzechPostDomestic(bytes) || isS10(text, country: "CZ")
        case "ppl": return bytes.count == 11 && bytes.allSatisfy(isDigit)
        case "packeta":
            return bytes.count == 11 && bytes[0] == UInt8(ascii: "Z") && bytes.dropFirst().allSatisfy(isDigit)
        case "dpd": return isDPD(text)
        case "gls": return isGLS(text)
        case "mpl": return (13...20).contains(bytes.count) && bytes.allSatisfy { isDigit($0) || isUpper($0) }
        default: return false
        }
    }

    // MARK: Czech Post

    private static let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")

    private static func makeCzechPost(serviceType: ServiceType, serial: UInt64) -> String {
        let prefix: String
        switch serviceType {
        case .international:
            // 8 digits hold 10⁸ serials; the second letter counts the hundred millions, so the
            // format holds 2.6 × 10⁹ (and numbers from before the counter, all `CS`, are met
            // only after 1.8 × 10⁹ serials).
            let body = digits(serial, 8)
            let series = letters[Int(serial / 100_000_000 % 26)]
            return "C" + String(series) + body + String(s10CheckDigit(body) ?? 0) + "CZ"
        case .postOffice: prefix = "NP"
        case .pickupPoint, .locker: prefix = "NB"
        case .express: prefix = "BE"
        case .homeDelivery: prefix = "DR"
        }
        return prefix + digits(serial, 10) + String(letters[Int(serial / 7 % 26)])
    }

    private static func isCzechPostDomestic(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == 13, isUpper(bytes[12]), bytes[2..<12].allSatisfy(isDigit),
              let prefix = String(bytes: bytes[0..<2], encoding: .ascii)
        else { return false }
        return cpostDomesticPrefixes.contains(prefix)
    }

    /// True for a UPU S10 item id `AA12345678 9 CC` with the correct check digit and `country` suffix.
    public static func isS10(_ text: String, country: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 13, bytes[0..<2].allSatisfy(isUpper), bytes[2..<11].allSatisfy(isDigit),
              String(bytes: bytes[11..<13], encoding: .ascii) == country,
              let check = s10CheckDigit(String(decoding: bytes[2..<10], as: UTF8.self))
        else { return false }
        return Int(bytes[10] - 48) == check
    }

    // MARK: DPD

    private static func makeDPD(serial: UInt64) -> String {
        let body = dpdDepot + digits(serial, 10)
        return body + String(mod37_36CheckCharacter(body) ?? "0")
    }

    private static func isDPD(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 14 || bytes.count == 15, bytes[0..<14].allSatisfy(isDigit) else { return false }
        guard bytes.count == 15 else { return true }
        return mod37_36CheckCharacter(String(text.prefix(14))) == Character(UnicodeScalar(bytes[14]))
    }

    // MARK: GLS

    private static func makeGLS(serial: UInt64) -> String {
        let body = digits(serial, 11)
        return body + String(glsCheckDigit(body) ?? 0)
    }

    private static func isGLS(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 12, bytes.allSatisfy(isDigit), let check = glsCheckDigit(String(text.prefix(11))) else {
            return false
        }
        return Int(bytes[11] - 48) == check
    }

    // MARK: Helpers

    /// The last `count` decimal digits of `value`, zero-padded.
    static func digits(_ value: UInt64, _ count: Int) -> String {
        String(unsafeUninitializedCapacity: count) { buffer in
            var rest = value
            for index in stride(from: count - 1, through: 0, by: -1) {
                buffer[index] = UInt8(48 + rest % 10)
                rest /= 10
            }
            return count
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }

    static func isUpper(_ byte: UInt8) -> Bool { (65...90).contains(byte) }
}
