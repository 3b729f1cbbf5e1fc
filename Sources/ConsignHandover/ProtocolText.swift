import ConsignCore
import Foundation

/// How values are written on a printed protocol.
enum ProtocolText {
    /// `1290.00 CZK`.
    static func money(_ amount: Money) -> String {
        money(amount, numbers: DecimalTexts())
    }

    /// `1290.00 CZK`, the number formatted through `numbers`.
    static func money(_ amount: Money, numbers: DecimalTexts) -> String {
        "\(numbers.fixed(amount.value, decimals: 2)) \(amount.currencyCode)"
    }

    /// `2026-12-04 16:30 UTC` or `2026-12-04 17:30 UTC+01:00`, in `zone`.
    static func timestamp(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let clock = String(
            format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
            parts.hour ?? 0, parts.minute ?? 0)
        return "\(clock) \(offsetText(zone.secondsFromGMT(for: date)))"
    }

    /// `UTC`, `UTC+01:00`, `UTC-03:30`.
    static func offsetText(_ seconds: Int) -> String {
        guard seconds != 0 else { return "UTC" }
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return "UTC" + sign + String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    /// The date form cairo's PDF metadata takes, in UTC: `2026-12-04T16:30:00Z`.
    static func pdfDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
            parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    /// `text` in composed form (NFC) with control characters as spaces.
    ///
    /// Cairo's toy text API does no shaping, so decomposed accents would print beside their letter;
    /// control characters would print as missing-glyph boxes and NUL would cut the C string.
    static func printable(_ text: String) -> String {
        if isPrintedAsIs(text) { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            result.append(scalar.properties.generalCategory == .control ? " " : scalar)
        }
        return String(result)
    }

    /// True when `printable` would return `text` unchanged, decided from its UTF-8 bytes alone.
    ///
    /// Almost every text on a protocol is printable ASCII, Czech or another Latin script below U+0300
    /// (no combining marks there, and no character that NFC changes or composes with a neighbour),
    /// or a dash, quote or ellipsis from U+2010–U+2027. Anything else, including the controls U+0000–U+001F,
    /// U+007F–U+009F, goes the slow way through Foundation's normalisation.
    static func isPrintedAsIs(_ text: String) -> Bool {
        var bytes = text.utf8.makeIterator()
        while let byte = bytes.next() {
            switch byte {
            case 0x20..<0x7F:
                continue
            case 0xC2:
                // U+0080–U+00BF: the second byte is 0x80–0x9F for the C1 controls.
                guard let next = bytes.next(), next >= 0xA0 else { return false }
            case 0xC3...0xCB:
                // U+00C0–U+02FF.
                _ = bytes.next()
            case 0xE2:
                // U+2010–U+2027 is E2 80 90 to E2 80 A7.
                guard bytes.next() == 0x80, let third = bytes.next(), (0x90...0xA7).contains(third) else {
                    return false
                }
            default:
                return false
            }
        }
        return true
    }

    /// The non-empty parts joined by `, `.
    static func joined(_ parts: [String?]) -> String {
        var text = ""
        for case let part? in parts {
            // Foundation's trimming, bridged to NSString, was a third of reading a 100,000-parcel batch.
            let trimmed = part.trimmedOfSpaces
            guard !trimmed.isEmpty else { continue }
            if !text.isEmpty { text += ", " }
            text += trimmed
        }
        return text
    }

    /// The sender as `company, name`.
    static func senderName(_ sender: Address) -> String {
        joined([sender.company, sender.name])
    }

    /// The sender's address as `street, zip city, country`.
    static func senderAddress(_ sender: Address) -> String {
        let place = [sender.zip, sender.city].compactMap { $0 }.joined(separator: " ")
        return joined([sender.street, place, sender.countryCode])
    }
}
