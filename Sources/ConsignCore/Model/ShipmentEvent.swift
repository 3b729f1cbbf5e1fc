import Foundation

/// The three lifecycle events of Shoptet's shipment webhooks.
public enum ShipmentEventType: String, Codable, Sendable {
    /// The carrier accepted the shipment: tracking number and label assigned.
    case create = "shipment:create"
    /// Any later meaningful change.
    case update = "shipment:update"
    /// The carrier rejected it, a cancellation was confirmed, or it ended in an error state.
    case fail = "shipment:fail"
}

/// One lifecycle event, stored in the outbox in the same transaction as the change.
public struct ShipmentEvent: Codable, Hashable, Sendable {
    /// `shipment:create`, `shipment:update` or `shipment:fail`.
    public var event: ShipmentEventType
    /// The shipment's GUID (Shoptet's `eventInstance`).
    public var eventInstance: String
    /// When the change happened.
    public var eventCreated: Date
    /// Per-shipment sequence number, starting at 1, so receivers can drop stale events.
    public var sequence: Int
    /// The order the shipment belongs to.
    public var orderCode: String
    /// Status before the change, if any.
    public var fromStatus: ShipmentStatus?
    /// Status after the change.
    public var status: ShipmentStatus
    /// Tracking numbers at the time of the event.
    public var trackingNumbers: [String]
    /// Why, for failures and carrier notes.
    public var note: String?

    /// Creates an event.
    public init(event: ShipmentEventType, eventInstance: String, eventCreated: Date, sequence: Int,
                orderCode: String, fromStatus: ShipmentStatus?, status: ShipmentStatus,
                trackingNumbers: [String], note: String?) {
        self.event = event
        self.eventInstance = eventInstance
        self.eventCreated = eventCreated
        self.sequence = sequence
        self.orderCode = orderCode
        self.fromStatus = fromStatus
        self.status = status
        self.trackingNumbers = trackingNumbers
        self.note = note
    }
}

/// Shoptet's date-time format: `2018-05-29T09:02:27+0200` (no colon in the offset, never `Z`).
public enum ShoptetDate {
    /// Formats `date` in UTC as `yyyy-MM-dd'T'HH:mm:ss+0000`.
    public static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let year = Int(parts.tm_year) + 1900
        guard (0...9999).contains(year) else {
            return String(format: "%04d-%02d-%02dT%02d:%02d:%02d+0000", year, Int(parts.tm_mon) + 1,
                          Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
        }
        // Digits by hand: String(format:) went through CFString and cost more than the rest.
        var text = [UInt8](repeating: UInt8(ascii: "0"), count: 24)
        func put(_ value: Int, at end: Int, width: Int) {
            var value = value
            for index in stride(from: end - 1, through: end - width, by: -1) {
                text[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(year, at: 4, width: 4)
        put(Int(parts.tm_mon) + 1, at: 7, width: 2)
        put(Int(parts.tm_mday), at: 10, width: 2)
        put(Int(parts.tm_hour), at: 13, width: 2)
        put(Int(parts.tm_min), at: 16, width: 2)
        put(Int(parts.tm_sec), at: 19, width: 2)
        for (index, byte) in [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "+")] as [(Int, Character)] {
            text[index] = byte.asciiValue ?? 0
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Parses `yyyy-MM-ddTHH:mm:ss` with an optional `+HHMM`/`-HHMM`/`Z`/`+HH:MM` offset (UTC if absent).
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard index < bytes.count, (48...57).contains(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var offset = 0
        if bytes.count > 19 {
            let sign = bytes[19]
            let digits = bytes[20...].filter { $0 != UInt8(ascii: ":") }
            if sign == UInt8(ascii: "Z") && bytes.count == 20 {
                offset = 0
            } else if (sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-")) && digits.count == 4,
                      let text = String(bytes: digits, encoding: .ascii), let value = Int(text) {
                offset = (value / 100 * 3600 + value % 100 * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let seconds = timegm(&parts)
        return Date(timeIntervalSince1970: TimeInterval(seconds - offset))
    }
}
