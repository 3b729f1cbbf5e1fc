import Synchronization

/// The sandbox's parcel serials: one counter for every carrier, handed out in order, so that no
/// two parcels of a store share a tracking number.
///
/// A hash of the GUID, used before, gave two parcels the same number now and then once a store
/// held a few hundred thousand of them (birthday bound on ten digits). The store keeps the next
/// serial under `metaKey` and saves it in every transaction that stores a registration
/// (`Store.keep(metaKey:_:)`), so a new run goes on where the last committed one stopped. Serials
/// taken by registrations that are rolled back are skipped, never reused.
public final class SandboxSerials: Sendable {
    /// The `meta` key under which the store keeps the next serial.
    public static let metaKey = "sandbox.serial"

    private let counter: Atomic<UInt64>

    /// A counter whose first serial is `next`.
    public init(next: UInt64) {
        counter = Atomic(next)
    }

    /// The counter of a store that has none yet: a random start below 10⁹, so that two stores
    /// rarely hand out the same numbers, and every format's digits have room for billions after it.
    public static func fresh() -> SandboxSerials {
        SandboxSerials(next: UInt64.random(in: 0..<1_000_000_000))
    }

    /// The counter kept in the store as `stored` (the `meta` value), or a fresh one when there is
    /// none or it is not a serial (`parse`).
    public static func resuming(_ stored: String?) -> SandboxSerials {
        stored.flatMap(parse).map(SandboxSerials.init(next:)) ?? fresh()
    }

    /// The serial a stored value names: plain digits below 2⁶³ (a counter near 2⁶⁴ would
    /// overflow); nil for anything else, `+5` included. Real counters stay far below it; only a
    /// value edited by hand to within a run's parcels of 2⁶³ crosses it, and is then replaced by
    /// a fresh start with a warning.
    public static func parse(_ stored: String) -> UInt64? {
        guard !stored.isEmpty, stored.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let value = UInt64(stored), value < 1 << 63
        else { return nil }
        return value
    }

    /// Takes `count` consecutive serials and returns the first.
    public func take(_ count: Int) -> UInt64 {
        counter.add(UInt64(max(0, count)), ordering: .sequentiallyConsistent).oldValue
    }

    /// The first serial not yet taken.
    public var next: UInt64 {
        counter.load(ordering: .sequentiallyConsistent)
    }
}
