import ConsignCore
import Foundation

/// A small JSON writer for the hot paths (events, addresses, packages): appends UTF-8 bytes
/// directly, with no dictionaries, no dynamic casts and no key sorting at run time.
///
/// Keys are written in the order given; callers pass them sorted, so the output is what
/// `JSONSerialization` with `.sortedKeys` and `.withoutEscapingSlashes` gave before. Strings
/// escape `"`, `\` and every control character below U+0020; everything else is written as is.
struct JSONText {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// The text as a String.
    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes `"key":`; the value follows with one of the value calls.
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        needsComma = false
    }

    mutating func string(_ value: String) {
        separate()
        Self.appendQuoted(value, to: &bytes)
        needsComma = true
    }

    mutating func null() {
        separate()
        bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        needsComma = true
    }

    mutating func int(_ value: Int) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    mutating func decimal(_ value: Decimal) {
        separate()
        bytes.append(contentsOf: value.plainText.utf8)
        needsComma = true
    }

    /// `"key":"value"`, or nothing when `value` is nil (what a synthesised `Encodable` does).
    mutating func field(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    /// `"key":number`, or nothing when `value` is nil.
    mutating func field(_ name: StaticString, _ value: Decimal?) {
        guard let value else { return }
        key(name)
        decimal(value)
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    /// Appends `value` as a quoted JSON string.
    static func appendQuoted(_ value: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                appendEscape(byte, to: &bytes)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(_ byte: UInt8, to bytes: inout [UInt8]) {
        let backslash = UInt8(ascii: "\\")
        switch byte {
        case UInt8(ascii: "\""), backslash: bytes.append(contentsOf: [backslash, byte])
        case 0x0A: bytes.append(contentsOf: [backslash, UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [backslash, UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [backslash, UInt8(ascii: "t")])
        case 0x08: bytes.append(contentsOf: [backslash, UInt8(ascii: "b")])
        case 0x0C: bytes.append(contentsOf: [backslash, UInt8(ascii: "f")])
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [backslash, UInt8(ascii: "u"), 0x30, 0x30])
            bytes.append(contentsOf: [hex[Int(byte >> 4)], hex[Int(byte & 15)]])
        }
    }
}

extension JSONText {
    /// An event as one line, keys sorted as the outbox has always stored them.
    static func event(_ event: ShipmentEvent) -> String {
        var json = JSONText(capacity: 320)
        json.beginObject()
        json.key("event"); json.string(event.event.rawValue)
        json.key("eventCreated"); json.string(ShoptetDate.format(event.eventCreated))
        json.key("eventInstance"); json.string(event.eventInstance)
        json.key("fromStatus")
        if let from = event.fromStatus { json.string(from.rawValue) } else { json.null() }
        json.key("note")
        if let note = event.note { json.string(note) } else { json.null() }
        json.key("orderCode"); json.string(event.orderCode)
        json.key("sequence"); json.int(event.sequence)
        json.key("status"); json.string(event.status.rawValue)
        json.key("trackingNumbers")
        json.beginArray()
        for number in event.trackingNumbers { json.string(number) }
        json.endArray()
        json.endObject()
        return json.string
    }

    /// An address as stored (`JSONDecoder` reads it back; nil fields are left out).
    static func address(_ address: Address) -> String {
        var json = JSONText(capacity: 256)
        json.beginObject()
        json.field("city", address.city)
        json.field("company", address.company)
        json.field("countryCode", address.countryCode)
        json.field("email", address.email)
        json.field("name", address.name)
        json.field("phone", address.phone)
        json.field("street", address.street)
        json.field("zip", address.zip)
        json.endObject()
        return json.string
    }

    /// Packages as stored (`JSONDecoder` reads them back; nil fields are left out).
    static func packages(_ packages: [Package]) -> String {
        var json = JSONText(capacity: 1024 * packages.count + 2)
        json.beginArray()
        for package in packages {
            json.beginObject()
            json.field("depth", package.depth)
            json.field("height", package.height)
            json.field("labelZpl", package.labelZpl)
            json.field("trackingNumber", package.trackingNumber)
            json.field("trackingUrl", package.trackingUrl)
            json.field("weight", package.weight)
            json.field("width", package.width)
            json.endObject()
        }
        json.endArray()
        return json.string
    }
}
