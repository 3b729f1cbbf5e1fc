/// Where Consign CSV's columns are in one file's header (nil when absent); resolved once so
/// reading a row costs no name lookups.
struct ConsignColumns {
    let orderCode: Int?
    let shippingMethod: Int?
    let carrier: Int?
    let service: Int?
    let pickupPointId: Int?
    let name: Int?
    let company: Int?
    let street: Int?
    let houseNumber: Int?
    let city: Int?
    let zip: Int?
    let country: Int?
    let phone: Int?
    let email: Int?
    let weight: Int?
    let width: Int?
    let height: Int?
    let depth: Int?
    let packages: Int?
    let cod: Int?
    let codCurrency: Int?
    let value: Int?
    let currency: Int?
    let variableSymbol: Int?
    let note: Int?

    /// Resolves every known column of `header`, ignoring case.
    init(_ header: CSVHeader) {
        orderCode = header.index(of: "orderCode")
        shippingMethod = header.index(of: "shippingMethod")
        carrier = header.index(of: "carrier")
        service = header.index(of: "service")
        pickupPointId = header.index(of: "pickupPointId")
        name = header.index(of: "name")
        company = header.index(of: "company")
        street = header.index(of: "street")
        houseNumber = header.index(of: "houseNumber")
        city = header.index(of: "city")
        zip = header.index(of: "zip")
        country = header.index(of: "country")
        phone = header.index(of: "phone")
        email = header.index(of: "email")
        weight = header.index(of: "weight")
        width = header.index(of: "width")
        height = header.index(of: "height")
        depth = header.index(of: "depth")
        packages = header.index(of: "packages")
        cod = header.index(of: "cod")
        codCurrency = header.index(of: "codCurrency")
        value = header.index(of: "value")
        currency = header.index(of: "currency")
        variableSymbol = header.index(of: "variableSymbol")
        note = header.index(of: "note")
    }
}
