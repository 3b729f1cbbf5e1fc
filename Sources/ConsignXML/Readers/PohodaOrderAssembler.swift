import ConsignCore
import Foundation

/// A POHODA received order (`ord:order` in a dataPack, `lst:order` in a responsePack); the
/// elements below the order element are the same `ord:`/`typ:` ones in both.
struct PohodaOrderAssembler: TableOrderAssembler {
    enum Field: Hashable {
        case orderType, numberOrder, numberRequested, numberIds, id, text, note, carrier
        case paymentType, paymentIds
        case address(AddressField), shipTo(AddressField)
        case summaryPrice, summaryRound, foreignCurrency, foreignPriceSum
        case item, quantity, payVAT, rateVAT, percentVAT, discount, unitPrice, foreignUnitPrice
    }

    enum AddressField: String, CaseIterable {
        case company, name, city, street, zip, country = "country/typ:ids", phone, mobilPhone, email
    }

    static let namespaces: [String: NamespaceRule] = ["ord": .pohoda("order"), "typ": .pohoda("type")]

    static let format = FormatRules<Field>({
        let header = "ord:orderHeader/"
        var rules: [PathRule<Field>] = [
            PathRule(path: header + "ord:orderType", field: .orderType),
            PathRule(path: header + "ord:numberOrder", field: .numberOrder),
            PathRule(path: header + "ord:number/typ:numberRequested", field: .numberRequested),
            PathRule(path: header + "ord:number/typ:ids", field: .numberIds),
            PathRule(path: header + "ord:id", field: .id),
            PathRule(path: header + "ord:text", field: .text),
            PathRule(path: header + "ord:note", field: .note),
            PathRule(path: header + "ord:carrier/typ:ids", field: .carrier),
            PathRule(path: header + "ord:paymentType/typ:paymentType", field: .paymentType),
            PathRule(path: header + "ord:paymentType/typ:ids", field: .paymentIds),
        ]
        for part in AddressField.allCases {
            let element = part.rawValue.hasPrefix("country") ? part.rawValue : "typ:" + part.rawValue
            rules.append(PathRule(path: header + "ord:partnerIdentity/typ:address/" + element, field: .address(part)))
            rules.append(PathRule(path: header + "ord:partnerIdentity/typ:shipToAddress/" + element,
                                  field: .shipTo(part)))
        }
        let summary = "ord:orderSummary/"
        for price in ["priceNone", "priceLowSum", "priceHighSum", "price3Sum"] {
            rules.append(PathRule(path: summary + "ord:homeCurrency/typ:" + price, field: .summaryPrice))
        }
        rules.append(PathRule(path: summary + "ord:homeCurrency/typ:round/typ:priceRound", field: .summaryRound))
        let item = "ord:orderDetail/ord:orderItem"
        rules += [
            PathRule(path: summary + "ord:foreignCurrency/typ:currency/typ:ids", field: .foreignCurrency),
            PathRule(path: summary + "ord:foreignCurrency/typ:priceSum", field: .foreignPriceSum),
            PathRule(path: item, field: .item, isGroup: true),
            PathRule(path: item + "/ord:quantity", field: .quantity),
            PathRule(path: item + "/ord:payVAT", field: .payVAT),
            PathRule(path: item + "/ord:rateVAT", field: .rateVAT),
            PathRule(path: item + "/ord:percentVAT", field: .percentVAT),
            PathRule(path: item + "/ord:discountPercentage", field: .discount),
            PathRule(path: item + "/ord:homeCurrency/typ:unitPrice", field: .unitPrice),
            PathRule(path: item + "/ord:foreignCurrency/typ:unitPrice", field: .foreignUnitPrice),
        ]
        return rules
    }())

    /// VAT rates (percent) POHODA's `rateVAT` names mean in Czechia since 2024, used only for
    /// items priced without VAT (`payVAT` false) that give no `percentVAT`.
    static let vatRates: [String: Decimal] = ["none": 0, "low": 12, "third": 12, "high": 21]

    private struct Item {
        var quantity: Decimal = 1
        var payVAT = false
        var rate: Decimal?
        var unitPrice: Decimal?
        var foreignUnitPrice: Decimal?
        var discountPercent: Decimal = 0
    }

    /// The currency of amounts without a foreign currency: the books' own (EUR in the Slovak schema).
    private let homeCurrency: String
    /// The country of an address without one: POHODA leaves it out for domestic partners.
    private var homeCountry: String { homeCurrency == "EUR" ? "SK" : "CZ" }
    private var record = OrderRecord(orderCode: "", location: SourceLocation())
    private var orderType: String?
    /// `paymentType/typ:paymentType` (POHODA's typed kind: `delivery` is COD) and the payment's
    /// name (`typ:ids`), which decides only when the kind is not given.
    private var paymentKind: String?
    private var paymentName: String?
    private var codes: [Field: String] = [:]
    private var address = AddressParts()
    private var shipTo = AddressParts()
    private var summarySum: Decimal?
    /// The document's rounding (`round/typ:priceRound`), added to whichever home total is used.
    private var summaryRound: Decimal = 0
    private var foreignSum: Decimal?
    private var itemSum: Decimal?
    private var foreignItemSum: Decimal?
    private var item = Item()

    init(homeCurrency: String = "CZK") {
        self.homeCurrency = homeCurrency
    }

    mutating func begin(at location: SourceLocation) {
        self = PohodaOrderAssembler(homeCurrency: homeCurrency)
        record.location = location
    }

    mutating func receive(_ value: String, for field: Field) {
        switch field {
        case .orderType: orderType = value
        case .numberOrder, .numberRequested, .numberIds, .id: codes[field] = value
        case .text: record.note = record.note ?? value
        case .note: record.note = value
        case .carrier: record.shippingMethod = value
        case .paymentType: paymentKind = value
        case .paymentIds: paymentName = value
        case .address(let part): Self.set(part, value, in: &address)
        case .shipTo(let part): Self.set(part, value, in: &shipTo)
        case .summaryPrice: summarySum = add(summarySum, value, field: "cod")
        case .summaryRound: summaryRound = number(value, field: "cod") ?? 0
        case .foreignCurrency: record.currency = value
        case .foreignPriceSum: foreignSum = number(value, field: "cod")
        case .item: break
        default: receiveItem(value, for: field)
        }
    }

    private mutating func receiveItem(_ value: String, for field: Field) {
        switch field {
        case .quantity: item.quantity = number(value, field: "quantity") ?? 0
        case .payVAT: item.payVAT = value == "true"
        case .rateVAT: item.rate = item.rate ?? Self.vatRates[value]
        case .percentVAT: item.rate = number(value, field: "percentVAT")
        case .discount: item.discountPercent = number(value, field: "discountPercentage") ?? 0
        case .unitPrice: item.unitPrice = number(value, field: "unitPrice")
        case .foreignUnitPrice: item.foreignUnitPrice = number(value, field: "unitPrice")
        default: break
        }
    }

    mutating func open(_ group: Field) {
        item = Item()
    }

    /// Adds the item's total (quantity × unit price, plus VAT when priced without it, less its
    /// discount percentage) to the sums. Integer arithmetic where exact (`Decimal.exactProduct`).
    mutating func close(_ group: Field) {
        var factor = item.payVAT ? 1 : Decimal.exactSum(1, Decimal.exactProduct(item.rate ?? 0, Self.percent))
        if item.discountPercent != 0 {
            factor = Decimal.exactProduct(factor, 1 - Decimal.exactProduct(item.discountPercent, Self.percent))
        }
        if let price = item.unitPrice { itemSum = Self.add(itemSum, item.quantity, price, factor) }
        if let price = item.foreignUnitPrice { foreignItemSum = Self.add(foreignItemSum, item.quantity, price, factor) }
    }

    private static let percent = Decimal(units: 1, scale: 2)

    private static func add(_ sum: Decimal?, _ quantity: Decimal, _ price: Decimal, _ factor: Decimal) -> Decimal {
        let total = Decimal.exactProduct(Decimal.exactProduct(quantity, price), factor)
        return sum.map { Decimal.exactSum($0, total) } ?? total
    }

    mutating func finish() -> OrderRecord? {
        if let orderType, orderType != "receivedOrder" { return nil }
        record.orderCode = codes[.numberOrder] ?? codes[.numberRequested] ?? codes[.numberIds] ?? codes[.id] ?? ""
        if record.orderCode.isEmpty {
            record.issues.append(FieldIssue(field: "orderCode", message: "the order has no numberOrder, number or id"))
        }
        var delivery = shipTo.rawAddress(fallback: address, home: homeCountry)
        delivery.phone = delivery.phone ?? shipTo.mobilPhone ?? address.mobilPhone
        record.recipient = delivery
        record.orderTotal = record.currency == nil
            ? (summarySum ?? itemSum).map { Decimal.exactSum($0, summaryRound) } : (foreignSum ?? foreignItemSum)
        record.currency = record.currency ?? homeCurrency
        // The typed kind wins: a named "Keine Nachnahme" under `draft` (bank transfer) is no COD.
        record.isCashOnDelivery = paymentKind.map { $0 == "delivery" } ?? paymentName.map(CashOnDeliveryName.matches)
            ?? false
        record.paymentName = paymentName
        if record.isCashOnDelivery { record.codAmount = record.orderTotal?.roundedToCents }
        return record
    }

    private mutating func number(_ text: String, field: String) -> Decimal? {
        FieldNumber.decimal(text, field: field, issues: &record.issues)
    }

    private mutating func add(_ sum: Decimal?, _ text: String, field: String) -> Decimal? {
        guard let value = number(text, field: field) else { return sum }
        return (sum ?? 0) + value
    }

    private static func set(_ part: AddressField, _ value: String, in address: inout AddressParts) {
        switch part {
        case .company: address.company = value
        case .name: address.name = value
        case .city: address.city = value
        case .street: address.street = value
        case .zip: address.zip = value
        case .country: address.countryCode = value
        case .phone: address.phone = value
        case .mobilPhone: address.mobilPhone = value
        case .email: address.email = value
        }
    }
}
