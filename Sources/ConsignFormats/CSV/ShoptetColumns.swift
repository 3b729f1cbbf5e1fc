/// Where Shoptet's export columns are in one file's header (nil when absent).
///
/// A class: about forty optional indexes and an array, shared by the reader and each order's
/// builder; as a struct it was copied (600 bytes and a retain) into every order's builder.
final class ShoptetColumns {
    /// A delivery column and its billing fallback.
    struct Pair {
        var delivery: Int?
        var billing: Int?
    }

    let code: Int?
    let currency: Int?
    let email: Int?
    let phone: Int?
    let name: Pair
    let company: Pair
    let street: Pair
    let houseNumber: Pair
    let city: Pair
    let zip: Pair
    let countryCode: Pair
    let countryName: Pair
    let remark: Int?
    let totalPrice: Int?
    let priceToPay: Int?
    let weight: Int?
    let itemWeight: Int?
    let itemType: Int?
    let itemName: Int?
    let itemCode: Int?
    let itemAmount: Int?
    /// Every pickup-point column present, in order of preference: an order fills only its
    /// carrier's (a Zásilkovna branch beside an empty generic column).
    let pickupPointIds: [Int]

    /// Resolves the columns of `header`, accepting the alternative `orderItem*` names.
    init(_ header: CSVHeader) {
        func pair(_ suffix: String) -> Pair {
            Pair(delivery: header.index(of: "delivery" + suffix), billing: header.index(of: "bill" + suffix))
        }
        code = header.index(of: "code")
        currency = header.index(of: "currencyCode", "currency")
        email = header.index(of: "email")
        phone = header.index(of: "phone")
        name = pair("FullName")
        company = pair("Company")
        street = pair("Street")
        houseNumber = pair("HouseNumber")
        city = pair("City")
        zip = pair("Zip")
        countryCode = pair("CountryCode")
        countryName = pair("CountryName")
        remark = header.index(of: "remark")
        totalPrice = header.index(of: "totalPriceWithVat")
        priceToPay = header.index(of: "priceToPay")
        weight = header.index(of: "weight")
        itemWeight = header.index(of: "itemWeight", "orderItemWeight")
        itemType = header.index(of: "orderItemType", "itemType")
        itemName = header.index(of: "itemName", "orderItemName")
        itemCode = header.index(of: "itemCode", "orderItemCode")
        itemAmount = header.index(of: "itemAmount", "orderItemAmount")
        pickupPointIds = [
            "pickupPointId", "zasilkovnaDistributionPointBranchId", "branchId", "dpdPsId", "pickupPlaceId",
        ].compactMap { header.index(of: $0) }
    }
}
