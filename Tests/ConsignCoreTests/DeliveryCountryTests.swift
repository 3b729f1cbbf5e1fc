import Testing

@testable import ConsignCore

@Suite("The country of a delivery address that gives none")
struct DeliveryCountryTests {
    @Test("the other address's country only when the postal code tells, the home country when it is domestic",
          arguments: [
        ("602 00", "SK", "CZ", "CZ"),  // a Slovak customer's parcel to Brno: no Slovak code starts with 6
        ("1010", "AT", "HU", nil),  // an Austrian customer's parcel: HU and AT codes look alike
        ("811 01", "SK", "HU", "SK"),  // a Bratislava code under a Slovak customer, Hungarian home
        ("602 00", "CZ", "CZ", "CZ"),  // domestic
        ("1037", "HU", "CZ", "HU"),  // a Hungarian code under a Hungarian customer
        ("602 00", "HU", "CZ", "CZ"),  // a Czech-shaped code under a Hungarian customer
        ("602 00", nil, "CZ", "CZ"),  // no country anywhere: the ERP's domestic convention
        ("602 00", "Slovensko", nil, nil),  // no home known (Shoptet): a Czech code is no Slovak one
        ("974 01", "Slovensko", nil, nil),  // no home known: Polish and German codes have five digits too
        ("1037", "HU", nil, nil),  // no home known: HU and AT codes look alike
        ("010011", "RO", nil, "RO"),  // no home known, six digits only Romania has
        ("811 01", "SK", "CZ", "SK"),  // ... unless the delivery repeats the customer's own place: see below
        (nil, "SK", "CZ", nil),
    ] as [(String?, String?, String?, String?)])
    func resolves(zip: String?, other: String?, home: String?, expected: String?) {
        let repeated = zip == "811 01" && home == "CZ"
        #expect(DeliveryCountry.resolve(zip: zip, other: other, home: home, samePlace: repeated) == expected)
    }
}
