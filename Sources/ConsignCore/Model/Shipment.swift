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
public struct Shipment: Codable, Hashable, Sendable {
    /// The stored fields, one heap object that copies share (`CopyOnWrite`).
    @usableFromInline
    struct Fields: Codable, Hashable, Sendable {
        @usableFromInline var guid: String
        @usableFromInline var orderCode: String
        @usableFromInline var sender: Address
        @usableFromInline var recipient: Address
        @usableFromInline var status: ShipmentStatus
        @usableFromInline var shipmentType: ShipmentType
        @usableFromInline var carrierCode: String
        @usableFromInline var serviceCode: String
        @usableFromInline var pickupPointId: String?
        @usableFromInline var cod: Money?
        @usableFromInline var value: Money?
        @usableFromInline var variableSymbol: String?
        @usableFromInline var packages: [Package]
        @usableFromInline var note: String?
        @usableFromInline var history: [HistoryEntry]
        @usableFromInline var createdAt: Date
        @usableFromInline var updatedAt: Date
    }

    @usableFromInline var fields: CopyOnWrite<Fields>

    /// Lower-case GUID.
    @inlinable public var guid: String {
        _read { yield fields.value.guid }
        _modify { yield &fields.value.guid }
    }
    /// The e-shop's order code.
    @inlinable public var orderCode: String {
        _read { yield fields.value.orderCode }
        _modify { yield &fields.value.orderCode }
    }
    /// The shipper.
    @inlinable public var sender: Address {
        _read { yield fields.value.sender }
        _modify { yield &fields.value.sender }
    }
    /// The customer.
    @inlinable public var recipient: Address {
        _read { yield fields.value.recipient }
        _modify { yield &fields.value.recipient }
    }
    /// Current status.
    @inlinable public var status: ShipmentStatus {
        _read { yield fields.value.status }
        _modify { yield &fields.value.status }
    }
    /// Standard or return.
    @inlinable public var shipmentType: ShipmentType {
        _read { yield fields.value.shipmentType }
        _modify { yield &fields.value.shipmentType }
    }
    /// Catalogue carrier code, e.g. `ppl`.
    @inlinable public var carrierCode: String {
        _read { yield fields.value.carrierCode }
        _modify { yield &fields.value.carrierCode }
    }
    /// Catalogue service code, e.g. `ppl-home-delivery`.
    @inlinable public var serviceCode: String {
        _read { yield fields.value.serviceCode }
        _modify { yield &fields.value.serviceCode }
    }
    /// Pickup point id where the service needs one.
    @inlinable public var pickupPointId: String? {
        _read { yield fields.value.pickupPointId }
        _modify { yield &fields.value.pickupPointId }
    }
    /// Cash on delivery, if any.
    @inlinable public var cod: Money? {
        _read { yield fields.value.cod }
        _modify { yield &fields.value.cod }
    }
    /// Declared value of the goods.
    @inlinable public var value: Money? {
        _read { yield fields.value.value }
        _modify { yield &fields.value.value }
    }
    /// Variable symbol for the COD payout, up to 10 digits.
    @inlinable public var variableSymbol: String? {
        _read { yield fields.value.variableSymbol }
        _modify { yield &fields.value.variableSymbol }
    }
    /// The parcels.
    @inlinable public var packages: [Package] {
        _read { yield fields.value.packages }
        _modify { yield &fields.value.packages }
    }
    /// Free text for the carrier.
    @inlinable public var note: String? {
        _read { yield fields.value.note }
        _modify { yield &fields.value.note }
    }
    /// Status changes, oldest first.
    @inlinable public var history: [HistoryEntry] {
        _read { yield fields.value.history }
        _modify { yield &fields.value.history }
    }
    /// When the shipment was requested.
    @inlinable public var createdAt: Date {
        _read { yield fields.value.createdAt }
        _modify { yield &fields.value.createdAt }
    }
    /// When anything last changed.
    @inlinable public var updatedAt: Date {
        _read { yield fields.value.updatedAt }
        _modify { yield &fields.value.updatedAt }
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
    public var totalWeight: Decimal { packages.reduce(0) { $0 + ($1.weight ?? 0) } }

    /// Moves to `next` and records it in the history, or throws if the table forbids it.
    public mutating func move(
        to next: ShipmentStatus, at time: Date, providerTime: Date? = nil,
        note: String? = nil
    ) throws(CoreError) {
        guard status.canMove(to: next) else {
            throw CoreError(
                .illegalTransition, "shipment \(guid) cannot move from \(status.rawValue) to \(next.rawValue)",
                instance: "status")
        }
        history.append(
            HistoryEntry(
                fromStatus: status, toStatus: next, realDatetime: time,
                providerDatetime: providerTime, note: note))
        status = next
        updatedAt = time
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
