import ConsignSupport
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
        let fields = Fields(date)
        guard fields.isFourDigitYear else { return fields.formatted }
        // Digits by hand, straight into the string: String(format:) went through CFString,
        // gmtime_r took glibc's time-zone lock, and a byte array cost a copy.
        return String(unsafeUninitializedCapacity: textLength) { text in fields.write(into: text) }
    }

    /// Calls `body` with `format(date)`'s bytes, written on the stack: an event's JSON takes them
    /// as they are, where the string cost an allocation and a scan for characters to escape.
    public static func withBytes<Result>(_ date: Date, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let fields = Fields(date)
        guard fields.isFourDigitYear else { return fields.formatted.withUTF8Bytes(body) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: textLength) { text in
            body(UnsafeBufferPointer(rebasing: text[..<fields.write(into: text)]))
        }
    }

    private static let textLength = 24

    /// The calendar fields of one second, in UTC.
    private struct Fields {
        let year: Int, month: Int, day: Int, secondOfDay: Int

        init(_ date: Date) {
            let seconds = Int(date.timeIntervalSince1970.rounded(.down))
            let (days, second) = seconds.quotientAndRemainder(dividingBy: 86_400)
            secondOfDay = second < 0 ? second + 86_400 : second
            (year, month, day) = civilDate(daysSince1970: second < 0 ? days - 1 : days)
        }

        var isFourDigitYear: Bool { (0...9999).contains(year) }

        /// The text of a year outside 0…9999.
        var formatted: String {
            String(format: "%04d-%02d-%02dT%02d:%02d:%02d+0000", year, month, day, secondOfDay / 3600,
                   secondOfDay / 60 % 60, secondOfDay % 60)
        }

        /// Writes the 24 bytes of a four-digit year into `text`; returns their count.
        func write(into text: UnsafeMutableBufferPointer<UInt8>) -> Int {
            _ = text.initialize(from: template)
            func put(_ value: Int, at end: Int, width: Int) {
                var value = value
                for index in stride(from: end - 1, through: end - width, by: -1) {
                    text[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(year, at: 4, width: 4)
            put(month, at: 7, width: 2)
            put(day, at: 10, width: 2)
            put(secondOfDay / 3600, at: 13, width: 2)
            put(secondOfDay / 60 % 60, at: 16, width: 2)
            put(secondOfDay % 60, at: 19, width: 2)
            return textLength
        }
    }

    private static let template = Array("0000-00-00T00:00:00+0000".utf8)

    /// Proleptic Gregorian year, month (1-12) and day of the day `days` after 1970-01-01, by
    /// integer arithmetic over 400-year eras (each era has 146,097 days and starts on 1 March).
    static func civilDate(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468  // days since 0000-03-01
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
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
