import Foundation

/// The source of "now". Injected everywhere so that tests and the sandbox can move time.
public protocol Clock: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The machine's wall clock.
public struct SystemClock: Clock {
    /// Creates the wall clock.
    public init() {}

    public func now() -> Date { Date() }
}

/// A clock that always answers the same instant; for tests and `CONSIGN_NOW`.
public struct FixedClock: Clock {
    /// The instant this clock answers.
    public let instant: Date

    /// Creates a clock stopped at `instant`.
    public init(_ instant: Date) { self.instant = instant }

    public func now() -> Date { instant }
}

/// Real time stretched by a factor from an anchor: `anchor + (base.now - anchor) * speed`.
///
/// The sandbox carrier network runs on this clock so that a demo with `speed = 86400`
/// sees a day pass every second.
public struct ScaledClock: Clock {
    /// The instant at which sandbox time and real time agree.
    public let anchor: Date
    /// How many sandbox seconds pass per real second.
    public let speed: Double
    /// The clock being stretched.
    public let base: any Clock

    /// Creates a clock running `speed` times faster than `base` from `anchor` on.
    public init(anchor: Date, speed: Double, base: any Clock = SystemClock()) {
        self.anchor = anchor
        self.speed = speed
        self.base = base
    }

    public func now() -> Date {
        let elapsed = base.now().timeIntervalSince(anchor)
        return anchor.addingTimeInterval(elapsed * speed)
    }
}
