/// The currency cash on delivery is collected in, per destination country (carriers collect
/// the local currency: CZK in Czechia, EUR in Slovakia, HUF in Hungary…).
public enum CountryCurrency {
    private static let byCountry: [String: String] = [
        "CZ": "CZK", "SK": "EUR", "HU": "HUF", "PL": "PLN", "RO": "RON", "DE": "EUR", "AT": "EUR",
        "SI": "EUR", "HR": "EUR", "IT": "EUR", "FR": "EUR", "NL": "EUR", "BE": "EUR", "GB": "GBP", "UA": "UAH",
    ]

    /// The local currency of `countryCode` (ISO 3166 alpha-2), when known.
    public static func local(_ countryCode: String) -> String? {
        byCountry[countryCode]
    }
}
