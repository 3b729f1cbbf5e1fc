import Foundation

/// One physical parcel of a shipment (Shoptet `shipmentPackage`).
public struct Package: Codable, Hashable, Sendable {
    /// Most parcels one shipment may have: labels number them "n of m", carriers take
    /// multi-piece shipments of a few dozen pieces, and a count in the millions (a typo or a
    /// hostile file) must not allocate a package per unit.
    public static let maximumCount = 99

    /// Width in cm.
    public var width: Decimal?
    /// Height in cm.
    public var height: Decimal?
    /// Depth in cm.
    public var depth: Decimal?
    /// Weight in kg.
    public var weight: Decimal?
    /// The carrier's parcel number, assigned when the carrier accepts the shipment.
    public var trackingNumber: String?
    /// Public tracking page for `trackingNumber`.
    public var trackingUrl: String?
    /// The label in ZPL (`^XA…^XZ`).
    public var labelZpl: String?

    /// Creates a package with the given dimensions and no tracking yet.
    public init(width: Decimal? = nil, height: Decimal? = nil, depth: Decimal? = nil, weight: Decimal? = nil,
                trackingNumber: String? = nil, trackingUrl: String? = nil, labelZpl: String? = nil) {
        self.width = width
        self.height = height
        self.depth = depth
        self.weight = weight
        self.trackingNumber = trackingNumber
        self.trackingUrl = trackingUrl
        self.labelZpl = labelZpl
    }

    /// The three dimensions sorted longest first, a missing one as 0, when at least one is known:
    /// every size limit (longest side, sum of sides, length + girth) grows with each side, so
    /// the measures of the known sides alone are lower bounds, and a 500 cm width given alone is
    /// still over a 120 cm limit.
    public var sortedSides: [Decimal]? {
        guard width != nil || height != nil || depth != nil else { return nil }
        let (width, height, depth) = (width ?? 0, height ?? 0, depth ?? 0)
        // Integer thousandths when exact (always, for real parcels): Decimal comparisons are slow.
        if let a = width.thousandths, let b = height.thousandths, let c = depth.thousandths {
            return [(a, width), (b, height), (c, depth)].sorted { $0.0 > $1.0 }.map(\.1)
        }
        return [width, height, depth].sorted(by: >)
    }
}
