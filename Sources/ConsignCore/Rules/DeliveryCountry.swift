/// The country of a delivery address that gives none, when the address it replaces (billing,
/// customer) gives one. The customer's country is no safe guess: a Slovak customer's parcel to
/// Brno is not going to Slovakia. It is taken only when the delivery's postal code has its
/// shape and not the home country's (a Hungarian four-digit code under a Hungarian customer),
/// or when it is the home country itself; the home country when the code fits it alone; and
/// nothing (the order is then refused for a missing country) when the code fits both, as CZ and
/// SK codes do. Only the shape counts (`PostalCode.hasShape`), not the first digits: a code that
/// cannot be Czech is no proof of the customer's country (`811 01` read as Polish `81-101`).
public enum DeliveryCountry {
    /// - Parameters:
    ///   - zip: the delivery address's postal code, if any.
    ///   - other: the country (ISO code or name) of the address the delivery replaces.
    ///   - home: the country an ERP leaves out for domestic addresses (POHODA, Money S3), if known.
    ///   - samePlace: true when the delivery repeats the other address's street, city and zip.
    public static func resolve(zip: String?, other: String?, home: String?, samePlace: Bool = false) -> String? {
        guard let other else { return home }
        let otherCode = CountryName.isoCode(for: other) ?? other
        if otherCode == home || samePlace { return other }
        guard let zip else { return nil }
        let fitsOther = PostalCode.hasShape(zip, countryCode: otherCode)
        guard let home else {
            // No home country to weigh against: the code must have the other country's shape and
            // no neighbour's (CZ and SK codes look alike, as HU and AT ones do).
            let fitting = served.filter { PostalCode.hasShape(zip, countryCode: $0) }
            return fitsOther && fitting.allSatisfy { $0 == otherCode } ? other : nil
        }
        let fitsHome = PostalCode.hasShape(zip, countryCode: home)
        switch (fitsOther, fitsHome) {
        case (true, false): return other
        case (false, true): return home
        default: return nil
        }
    }

    /// The countries whose postal codes have an exact shape (PostalCode), so that a code tells them apart.
    private static let served = ["CZ", "SK", "HU", "PL", "DE", "AT", "RO"]
}
