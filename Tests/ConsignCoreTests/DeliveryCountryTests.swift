import Testing

@testable import ConsignCore

@Suite("The country of a delivery address that gives none")
struct DeliveryCountryTests {
    @Test("the other address's country only when the postal code tells, the home country when it is domestic",
          arguments: [
        ("602 00", "SK", "CZ", nil),  // a Slovak customer's parcel to Brno: CZ and SK codes look alike
        ("602 00", "CZ", "CZ", "CZ"),  // domestic
        ("1037", "HU", "CZ", "HU"),  // a Hungarian code under a Hungarian customer
        ("602 00", "HU", "CZ", "CZ"),  // a Czech-shaped code under a Hungarian customer
        ("602 00", nil, "CZ", "CZ"),  // no country anywhere: the ERP's domestic convention
        ("602 00", "Slovensko", nil, nil),  // no home known (Shoptet): CZ and SK codes look alike
        ("010011", "RO", nil, "RO"),  // no home known, six digits only Romania has
        ("811 01", "SK", "CZ", "SK"),  // ... unless the delivery repeats the customer's own place: see below
        (nil, "SK", "CZ", nil),
        // The first-digit rule refuses codes; it proves no country. A Bratislava code under a
        // Polish customer is not Polish `83-104`, a Brno one under a Slovak home not Polish `60-200`.
        ("831 04", "PL", "CZ", nil),
        ("602 00", "PL", "SK", nil),
        ("10115", "SK", "CZ", nil),
        ("00-950", "SK", "CZ", nil),
    ] as [(String?, String?, String?, String?)])
    func resolves(zip: String?, other: String?, home: String?, expected: String?) {
        let repeated = zip == "811 01"
        #expect(DeliveryCountry.resolve(zip: zip, other: other, home: home, samePlace: repeated) == expected)
    }
}
