import ConsignCore
import Foundation

/// Shoptet's XML order export (`ORDERS/ORDER`): shipping address preferred field by field over
/// billing, shipping and payment from `ORDER_ITEMS/ITEM` of type `shipping` and `billing`.
struct ShoptetOrderAssembler: TableOrderAssembler {
    enum Field {
        case code, currency, email, phone, remark, weight, priceToPay, totalWithVAT
        case billing(AddressField), shipping(AddressField)
        case item, itemType, itemName
        case pickupPoint
    }

    enum AddressField: CaseIterable {
        case name, company, street, houseNumber, city, zip, country, countryCode, phone, email

        var element: String {
            switch self {
            case .name: "NAME"
            case .company: "COMPANY"
            case .street: "STREET"
            case .houseNumber: "HOUSENUMBER"
            case .city: "CITY"
            case .zip: "ZIP"
            case .country: "COUNTRY"
            case .countryCode: "COUNTRY_CODE"
            case .phone: "PHONE"
            case .email: "EMAIL"
            }
        }
    }

    /// Elements that carry a pickup point id in Shoptet templates and integrator extras.
    static let pickupPointElements = [
        "ZASILKOVNA_BRANCH_ID", "BRANCH_ID", "PICKUP_POINT_ID", "DPD_PS_ID", "SHIPPING_DETAILS/BRANCH_ID",
        "SHIPPING_DETAILS/PICKUP_POINT_ID",
    ]

    static let format = FormatRules<Field>({
        var rules: [PathRule<Field>] = [
            PathRule(path: "CODE", field: .code),
            PathRule(path: "CURRENCY/CODE", field: .currency),
            PathRule(path: "CUSTOMER/EMAIL", field: .email),
            PathRule(path: "CUSTOMER/PHONE", field: .phone),
            PathRule(path: "EMAIL", field: .email),
            PathRule(path: "PHONE", field: .phone),
            PathRule(path: "REMARK", field: .remark),
            PathRule(path: "WEIGHT", field: .weight),
            PathRule(path: "TOTAL_PRICE/PRICE_TO_PAY", field: .priceToPay),
            PathRule(path: "TOTAL_PRICE/WITH_VAT", field: .totalWithVAT),
            PathRule(path: "ORDER_ITEMS/ITEM", field: .item, isGroup: true),
            PathRule(path: "ORDER_ITEMS/ITEM/TYPE", field: .itemType),
            PathRule(path: "ORDER_ITEMS/ITEM/NAME", field: .itemName),
        ]
        for part in AddressField.allCases {
            rules.append(PathRule(path: "CUSTOMER/BILLING_ADDRESS/\(part.element)", field: .billing(part)))
            rules.append(PathRule(path: "CUSTOMER/SHIPPING_ADDRESS/\(part.element)", field: .shipping(part)))
        }
        rules += pickupPointElements.map { PathRule(path: $0, field: .pickupPoint) }
        return rules
    }())

    private var record = OrderRecord(orderCode: "", location: SourceLocation())
    private var billing = AddressParts()
    private var shipping = AddressParts()
    private var customer = AddressParts()
    private var priceToPay: String?
    private var totalWithVAT: String?
    private var itemType: String?
    private var itemName: String?

    mutating func begin(at location: SourceLocation) {
        self = ShoptetOrderAssembler()
        record.location = location
    }

    mutating func receive(_ value: String, for field: Field) {
        switch field {
        case .code: record.orderCode = value
        case .currency: record.currency = value
        case .email: customer.email = value
        case .phone: customer.phone = value
        case .remark: record.note = value
        case .weight: record.weight = FieldNumber.decimal(value, field: "weight", issues: &record.issues)
        case .priceToPay: priceToPay = value
        case .totalWithVAT: totalWithVAT = value
        case .billing(let part): Self.set(part, value, in: &billing)
        case .shipping(let part): Self.set(part, value, in: &shipping)
        case .itemType: itemType = value
        case .itemName: itemName = value
        case .pickupPoint: record.pickupPointId = record.pickupPointId ?? value
        case .item: break
        }
    }

    mutating func open(_ group: Field) {
        itemType = nil
        itemName = nil
    }

    mutating func close(_ group: Field) {
        guard let name = itemName else { return }
        switch itemType?.lowercased() {
        case "shipping":
            record.noteShippingItem(name)
        case "billing", "payment":
            record.paymentName = record.paymentName ?? name
            if CashOnDeliveryName.matches(name) { record.isCashOnDelivery = true }
        default:
            break
        }
    }

    mutating func finish() -> OrderRecord? {
        if record.orderCode.isEmpty {
            record.issues.append(FieldIssue(field: "orderCode", message: "the order has no CODE"))
        }
        var delivery = shipping.rawAddress(fallback: billing)
        delivery.phone = delivery.phone ?? customer.phone
        delivery.email = delivery.email ?? customer.email
        record.recipient = delivery
        if let total = priceToPay ?? totalWithVAT {
            let field = record.isCashOnDelivery ? "cod" : "orderTotal"
            record.orderTotal = FieldNumber.decimal(total, field: field, issues: &record.issues)
        }
        if record.isCashOnDelivery { record.codAmount = record.orderTotal }
        return record
    }

    private static func set(_ part: AddressField, _ value: String, in address: inout AddressParts) {
        switch part {
        case .name: address.name = value
        case .company: address.company = value
        case .street: address.street = value
        case .houseNumber: address.houseNumber = value
        case .city: address.city = value
        case .zip: address.zip = value
        case .country: address.country = value
        case .countryCode: address.countryCode = value
        case .phone: address.phone = value
        case .email: address.email = value
        }
    }
}
