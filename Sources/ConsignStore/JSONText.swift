import ConsignSupport
import ConsignCore
import Foundation

/// A small JSON writer for the hot paths (events, addresses, packages, the CLI's shipment
/// lists): appends UTF-8 bytes directly, with no dictionaries, no dynamic casts and no key
/// sorting at run time.
///
/// Keys are written in the order given; callers pass them sorted, so the output is what
/// `JSONSerialization` with `.sortedKeys` and `.withoutEscapingSlashes` (and `.prettyPrinted`
/// for a pretty writer) gave before. Strings escape `"`, `\` and every control character below
/// U+0020; everything else is written as is.
public struct JSONText: ~Copyable {
    /// The UTF-8 text written so far.
    private var bytes: ByteBuffer
    private var needsComma = false
    /// `JSONSerialization`'s `.prettyPrinted` layout: two-space indent, `"key" : value`.
    private let isPretty: Bool
    private var depth = 0
    private var isAfterKey = false

    /// Creates an empty writer; `prettyPrinted` lays the text out as `JSONSerialization` does.
    public init(capacity: Int = 256, prettyPrinted: Bool = false) {
        bytes = ByteBuffer(capacity: capacity)
        isPretty = prettyPrinted
    }

    /// Bytes written so far.
    public var count: Int { bytes.count }

    /// Appends `text` as it is (no quotes, no escaping): a column of a row image.
    mutating func append(raw text: String) {
        bytes.append(utf8: text)
    }

    /// Appends the `parcels` column of `packages` (see `Store.parcelsText`) as it is.
    mutating func append(parcelsOf packages: [Package]) {
        for index in packages.indices {
            if index > 0 { bytes.append(0x1F) }
            if let number = packages[index].trackingNumber { bytes.append(utf8: number) }
            bytes.append(0x1E)
            if let weight = packages[index].weight { bytes.append(utf8: weight.plainText) }
        }
    }

    /// Ends a top-level value: the next value is not separated from it by a comma.
    mutating func endValue() {
        needsComma = false
    }

    /// Hands the bytes written over and leaves the writer empty.
    mutating func takeBytes() -> [UInt8] {
        let taken = bytes.array
        bytes.removeAll()
        needsComma = false
        return taken
    }

    /// The text as a String.
    public var string: String { bytes.withBytes { String(decoding: $0, as: UTF8.self) } }

    /// Writes `{`; members follow as `key` and a value each.
    public mutating func beginObject() {
        open(UInt8(ascii: "{"))
    }

    /// Writes `}`.
    public mutating func endObject() {
        close(UInt8(ascii: "}"))
    }

    /// Writes `[`; elements follow as values.
    public mutating func beginArray() {
        open(UInt8(ascii: "["))
    }

    /// Writes `]`.
    public mutating func endArray() {
        close(UInt8(ascii: "]"))
    }

    /// Writes `"key":`; the value follows with one of the value calls.
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(static: name)
        bytes.append(UInt8(ascii: "\""))
        if isPretty {
            bytes.append(static: " : ")
            isAfterKey = true
        } else {
            bytes.append(UInt8(ascii: ":"))
        }
        needsComma = false
    }

    /// Writes a quoted string.
    public mutating func string(_ value: String) {
        separate()
        Self.appendQuoted(value, to: &bytes)
        needsComma = true
    }

    /// Writes a quoted string, or `null` when `value` is nil.
    public mutating func string(orNull value: String?) {
        if let value { string(value) } else { null() }
    }

    /// Writes `date` quoted as `ShoptetDate.format` spells it (nothing in it needs escaping).
    public mutating func date(_ value: Date) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        ShoptetDate.withBytes(value) { bytes.append($0) }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Writes `null`.
    public mutating func null() {
        separate()
        bytes.append(static: "null")
        needsComma = true
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(static: value ? "true" : "false")
        needsComma = true
    }

    /// Writes an integer.
    public mutating func int(_ value: Int) {
        separate()
        bytes.append(utf8: String(value))
        needsComma = true
    }

    /// Writes a decimal number as `Decimal` spells it.
    public mutating func decimal(_ value: Decimal) {
        separate()
        bytes.append(utf8: value.plainText)
        needsComma = true
    }

    /// Writes a `Double` as `JSONSerialization` does: its shortest form, whole numbers without
    /// `.0`; a value that is not finite (no JSON for it) is written as `null`.
    public mutating func double(_ value: Double) {
        guard value.isFinite else { return null() }
        separate()
        let text = value.description
        bytes.append(utf8: text.hasSuffix(".0") ? String(text.dropLast(2)) : text)
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

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        depth += 1
        needsComma = false
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if isPretty {
            // An empty container is "[\n\n<indent>]" in JSONSerialization's layout.
            if !needsComma { bytes.append(0x0A) }
            newLine()
        }
        bytes.append(bracket)
        needsComma = true
    }

    private mutating func separate() {
        if isAfterKey {
            isAfterKey = false
            return
        }
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        if isPretty, depth > 0 { newLine() }
    }

    private mutating func newLine() {
        bytes.append(0x0A)
        for _ in 0..<2 * depth { bytes.append(UInt8(ascii: " ")) }
    }

    /// Appends `value` as a quoted JSON string.
    static func appendQuoted(_ value: String, to bytes: inout ByteBuffer) {
        bytes.append(UInt8(ascii: "\""))
        value.withUTF8Bytes { utf8 in
            var start = 0
            var index = ByteScan.firstJSONEscape(in: utf8, from: 0)
            while index < utf8.count {
                bytes.append(UnsafeBufferPointer(rebasing: utf8[start..<index]))
                appendEscape(utf8[index], to: &bytes)
                start = index + 1
                index = ByteScan.firstJSONEscape(in: utf8, from: start)
            }
            bytes.append(UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(_ byte: UInt8, to bytes: inout ByteBuffer) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            let hex: StaticString = "0123456789abcdef"
            bytes.append(static: "u00")
            bytes.append(hex.utf8Start[Int(byte >> 4)])
            bytes.append(hex.utf8Start[Int(byte & 15)])
        }
    }
}

extension JSONText {
    /// Writes `event` as the outbox keeps it (one line, keys sorted as it has always stored
    /// them), as one value.
    mutating func write(event: ShipmentEvent) {
        beginObject()
        key("event"); string(event.event.rawValue)
        key("eventCreated"); date(event.eventCreated)
        key("eventInstance"); string(event.eventInstance)
        key("fromStatus")
        if let from = event.fromStatus { string(from.rawValue) } else { null() }
        key("note")
        if let note = event.note { string(note) } else { null() }
        key("orderCode"); string(event.orderCode)
        key("sequence"); int(event.sequence)
        key("status"); string(event.status.rawValue)
        key("trackingNumbers")
        beginArray()
        for number in event.trackingNumbers { string(number) }
        endArray()
        endObject()
    }

    /// An address as stored (`JSONDecoder` reads it back; nil fields are left out).
    static func address(_ address: Address) -> String {
        var json = JSONText(capacity: 256)
        json.write(address: address)
        return json.string
    }

    /// Writes `address` as stored, as one value.
    mutating func write(address: Address) {
        beginObject()
        field("city", address.city)
        field("company", address.company)
        field("countryCode", address.countryCode)
        field("email", address.email)
        field("name", address.name)
        field("phone", address.phone)
        field("street", address.street)
        field("zip", address.zip)
        endObject()
    }

    /// Packages as stored (`JSONDecoder` reads them back; nil fields are left out).
    static func packages(_ packages: [Package]) -> String {
        var json = JSONText(capacity: 1024 * packages.count + 2)
        json.write(packages: packages)
        return json.string
    }

    /// Writes `packages` as stored, as one value.
    mutating func write(packages: [Package]) {
        beginArray()
        // Each parcel read in place: copied out, it retained and released its three texts.
        for index in packages.indices {
            beginObject()
            field("depth", packages[index].depth)
            field("height", packages[index].height)
            field("labelZpl", packages[index].labelZpl)
            field("trackingNumber", packages[index].trackingNumber)
            field("trackingUrl", packages[index].trackingUrl)
            field("weight", packages[index].weight)
            field("width", packages[index].width)
            endObject()
        }
        endArray()
    }
}
