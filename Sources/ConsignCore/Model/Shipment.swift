import ConsignSupport
import Foundation
import Synchronization

/// Whether a shipment goes to the customer or comes back from them.
public enum ShipmentType: String, Codable, Sendable {
    case standard
    case `return`
}

/// One entry of a shipment's status history (Shoptet `history[]`).
public struct HistoryEntry: Codable, Hashable, Sendable {
    /// The status before the change; nil for the first entry.
    public var fromStatus: ShipmentStatus?
    /// The status after the change.
    public var toStatus: ShipmentStatus
    /// When Consign recorded the change.
    public var realDatetime: Date
    /// When the carrier says it happened, if it said.
    public var providerDatetime: Date?
    /// Free text, e.g. "Shipment is in depot Praha".
    public var note: String?

    /// Creates a history entry.
    public init(
        fromStatus: ShipmentStatus?, toStatus: ShipmentStatus, realDatetime: Date,
        providerDatetime: Date? = nil, note: String? = nil
    ) {
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.realDatetime = realDatetime
        self.providerDatetime = providerDatetime
        self.note = note
    }
}

/// A shipment registered for an order, faithful to Shoptet's Delivery model.
@dynamicMemberLookup
public struct Shipment: Codable, Hashable, Sendable {
    /// The stored fields, one heap object that copies share (`CopyOnWrite`); each is read and
    /// changed as a property of the value itself (`dynamicMember`).
    public struct Fields: Codable, Hashable, Sendable {
        /// Lower-case GUID.
        public var guid: String
        /// The e-shop's order code.
        public var orderCode: String
        /// The shipper.
        public var sender: Address
        /// The customer.
        public var recipient: Address
        /// Current status.
        public var status: ShipmentStatus
        /// Standard or return.
        public var shipmentType: ShipmentType
        /// Catalogue carrier code, e.g. `ppl`.
        public var carrierCode: String
        /// Catalogue service code, e.g. `ppl-home-delivery`.
        public var serviceCode: String
        /// Pickup point id where the service needs one.
        public var pickupPointId: String?
        /// Cash on delivery, if any.
        public var cod: Money?
        /// Declared value of the goods.
        public var value: Money?
        /// Variable symbol for the COD payout, up to 10 digits.
        public var variableSymbol: String?
        /// The parcels.
        public var packages: [Package]
        /// Free text for the carrier.
        public var note: String?
        /// Status changes, oldest first.
        public var history: [HistoryEntry]
        /// When the shipment was requested.
        public var createdAt: Date
        /// When anything last changed.
        public var updatedAt: Date
    }

    @usableFromInline var fields: CopyOnWrite<Fields>

    /// A field, read in place and changed in the value's own storage (copied first when shared).
    @inlinable public subscript<Field>(dynamicMember field: WritableKeyPath<Fields, Field>) -> Field {
        _read { yield fields.value[keyPath: field] }
        _modify { yield &fields.value[keyPath: field] }
    }

    /// Creates a shipment.
    public init(
        guid: String, orderCode: String, sender: Address, recipient: Address, status: ShipmentStatus,
        shipmentType: ShipmentType = .standard, carrierCode: String, serviceCode: String,
        pickupPointId: String? = nil, cod: Money? = nil, value: Money? = nil, variableSymbol: String? = nil,
        packages: [Package], note: String? = nil, history: [HistoryEntry] = [],
        createdAt: Date, updatedAt: Date
    ) {
        fields = CopyOnWrite(Fields(guid: guid, orderCode: orderCode, sender: sender, recipient: recipient,
            status: status, shipmentType: shipmentType, carrierCode: carrierCode, serviceCode: serviceCode,
            pickupPointId: pickupPointId, cod: cod, value: value, variableSymbol: variableSymbol, packages: packages,
            note: note, history: history, createdAt: createdAt, updatedAt: updatedAt))
    }

    /// Total weight of all packages in kg.
    public var totalWeight: Decimal { self.packages.reduce(0) { $0 + ($1.weight ?? 0) } }

    /// Moves to `next` and records it in the history, or throws if the table forbids it.
    public mutating func move(
        to next: ShipmentStatus, at time: Date, providerTime: Date? = nil,
        note: String? = nil
    ) throws(CoreError) {
        guard self.status.canMove(to: next) else {
            throw CoreError(
                .illegalTransition,
                "shipment \(self.guid) cannot move from \(self.status.rawValue) to \(next.rawValue)",
                instance: "status")
        }
        self.history.append(
            HistoryEntry(
                fromStatus: self.status, toStatus: next, realDatetime: time,
                providerDatetime: providerTime, note: note))
        self.status = next
        self.updatedAt = time
    }

    /// Decodes the keys the fields had as stored properties.
    public init(from decoder: any Decoder) throws {
        fields = CopyOnWrite(try Fields(from: decoder))
    }

    /// Encodes the keys the fields had as stored properties.
    public func encode(to encoder: any Encoder) throws {
        try fields.value.encode(to: encoder)
    }
}

extension Shipment: CustomReflectable {
    /// The fields, as the stored properties they were.
    public var customMirror: Mirror { fields.mirror(of: self) }
}

/// Random words drawn from the kernel in blocks, shared by the threads that make GUIDs.
private let randomPool = Mutex(RandomPool())

private struct RandomPool: ~Copyable {
    private var words = [UInt64](repeating: 0, count: 512)
    private var next = 512

    /// Two fresh random words; never reuses any.
    mutating func nextPair() -> (UInt64, UInt64) {
        if next + 2 > words.count { refill() }
        defer { next += 2 }
        return (words[next], words[next + 1])
    }

    private mutating func refill() {
        // glibc's arc4random_buf: getrandom underneath, one call for the whole block.
        words.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
        next = 0
    }
}

/// Makes lower-case GUIDs (Shoptet's `typeGuid` rejects upper case).
public enum GUID {
    /// A new lower-case GUID, time-ordered (UUID version 7, RFC 9562): 48 bits of Unix time in
    /// milliseconds, then 74 random bits.
    ///
    /// Random (version 4) GUIDs made every insert into the store's unique GUID index land on a
    /// random page; past a few hundred thousand shipments those pages no longer fit in SQLite's
    /// cache and a big file spent a third of its time spilling and re-reading them. Time-ordered
    /// ones are appended at the index's end. They are as unique, and opaque to every consumer.
    /// Random bits come from the kernel (`getrandom`, through glibc's `arc4random_buf`), fetched
    /// four kilobytes at a time: two system calls per GUID were a fifth of a big file's system time.
    public static func make() -> String {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        let milliseconds = UInt64(max(0, time.tv_sec)) &* 1000 &+ UInt64(max(0, time.tv_nsec) / 1_000_000)
        let (high, low) = randomPool.withLock { $0.nextPair() }
        // 128 bits: time (48), version 7 (4), 12 random; variant 10 (2), 62 random.
        let upper = milliseconds << 16 | 0x7000 | (high >> 8) & 0x0FFF
        let lower = 0x8000_0000_0000_0000 | (low >> 56 & 0x3F) << 56 | (low & 0x00FF_FFFF_FFFF_FFFF)
        let digits = hexDigits
        return String(unsafeUninitializedCapacity: 36) { text in
            var offset = 0
            func hex(_ word: UInt64, nibbles: Int) {
                for shift in stride(from: 4 * (nibbles - 1), through: 0, by: -4) {
                    text[offset] = digits[Int(word >> UInt64(shift) & 0xF)]
                    offset += 1
                }
            }
            func dash() {
                text[offset] = UInt8(ascii: "-")
                offset += 1
            }
            hex(upper >> 32, nibbles: 8)
            dash()
            hex(upper >> 16, nibbles: 4)
            dash()
            hex(upper, nibbles: 4)
            dash()
            hex(lower >> 48, nibbles: 4)
            dash()
            hex(lower, nibbles: 12)
            return offset
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// True when `text` has the exact lower-case GUID shape.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                if byte != UInt8(ascii: "-") { return false }
            } else if !((48...57).contains(byte) || (97...102).contains(byte)) {
                return false
            }
        }
        return true
    }
}
