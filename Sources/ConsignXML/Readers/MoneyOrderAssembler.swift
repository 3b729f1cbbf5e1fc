import ConsignCore
import Foundation

/// A Money S3 received order (`MoneyData/SeznamObjPrij/ObjPrij`): the final recipient
/// (`KonecPrij`) preferred over the customer (`DodOdb`): name, phone and e-mail field by field,
/// the place whole from one block.
struct MoneyOrderAssembler: TableOrderAssembler {
    enum Field {
        case doklad, eshopNumber, paymentTerms, payment, shipping, carrierCode, carrierName
        case variableSymbol, note, total, currency
        case customer(AddressField), recipient(AddressField)
        case item, quantity, price, priceType, vatRate, discount
    }

    enum AddressField: String, CaseIterable {
        case tradeName = "ObchNazev", name = "Nazev"
        case tradeStreet = "ObchAdresa/Ulice", tradeCity = "ObchAdresa/Misto", tradeZip = "ObchAdresa/PSC"
        case tradeCountry = "ObchAdresa/Stat", tradeCountryCode = "ObchAdresa/KodStatu"
        case street = "Adresa/Ulice", city = "Adresa/Misto", zip = "Adresa/PSC"
        case country = "Adresa/Stat", countryCode = "Adresa/KodStatu"
        case phonePrefix = "Tel/Pred", phone = "Tel/Cislo", mobilePrefix = "Mobil/Pred", mobile = "Mobil/Cislo"
        case email = "EMail"
    }

    static let format = FormatRules<Field>({
        var rules: [PathRule<Field>] = [
            PathRule(path: "Doklad", field: .doklad),
            PathRule(path: "eshop/IN_ObjCis", field: .eshopNumber),
            PathRule(path: "PlatPodm", field: .paymentTerms),
            PathRule(path: "Uhrada", field: .payment),
            PathRule(path: "Doprava", field: .shipping),
            PathRule(path: "Prepravce/Zkrat", field: .carrierCode),
            PathRule(path: "Prepravce/Nazev", field: .carrierName),
            PathRule(path: "VarSymbol", field: .variableSymbol),
            PathRule(path: "Poznamka", field: .note),
            PathRule(path: "Valuty/Celkem", field: .total),
            PathRule(path: "Valuty/Mena/Kod", field: .currency),
            PathRule(path: "Polozka", field: .item, isGroup: true),
            PathRule(path: "Polozka/PocetMJ", field: .quantity),
            PathRule(path: "Polozka/Cena", field: .price),
            PathRule(path: "Polozka/TypCeny", field: .priceType),
            PathRule(path: "Polozka/SazbaDPH", field: .vatRate),
            PathRule(path: "Polozka/Sleva", field: .discount),
        ]
        for part in AddressField.allCases {
            rules.append(PathRule(path: "DodOdb/" + part.rawValue, field: .customer(part)))
            rules.append(PathRule(path: "KonecPrij/" + part.rawValue, field: .recipient(part)))
        }
        return rules
    }())

    private var record = OrderRecord(orderCode: "", location: SourceLocation())
    private var doklad: String?
    private var eshopNumber: String?
    private var carrierCode: String?
    private var carrierName: String?
    private var total: Decimal?
    private var itemSum: Decimal?
    private var customer: [AddressField: String] = [:]
    private var recipient: [AddressField: String] = [:]
    private var quantity: Decimal = 1
    private var price: Decimal?
    private var priceType = "1"
    private var vatRate: Decimal = 0
    /// True when an item gives a discount (`Sleva`): whether its `Cena` is before or after it
    /// cannot be told from the item, so a COD summed from items would be a guess.
    private var hasItemDiscount = false

    mutating func begin(at location: SourceLocation) {
        self = MoneyOrderAssembler()
        record.location = location
    }

    mutating func receive(_ value: String, for field: Field) {
        switch field {
        case .doklad: doklad = value
        case .eshopNumber: eshopNumber = value
        case .paymentTerms, .payment:
            record.paymentName = record.paymentName ?? value
            if CashOnDeliveryName.matches(value) { record.isCashOnDelivery = true }
        case .shipping: record.shippingMethod = value
        case .carrierCode: carrierCode = value
        case .carrierName: carrierName = value
        case .variableSymbol: record.variableSymbol = value
        case .note: record.note = value
        case .total: total = FieldNumber.decimal(value, field: "cod", issues: &record.issues)
        case .currency: record.currency = value
        case .customer(let part): customer[part] = value
        case .recipient(let part): recipient[part] = value
        case .quantity: quantity = FieldNumber.decimal(value, field: "quantity", issues: &record.issues) ?? 0
        case .price: price = FieldNumber.decimal(value, field: "price", issues: &record.issues)
        case .priceType: priceType = value
        case .vatRate: vatRate = FieldNumber.decimal(value, field: "vatRate", issues: &record.issues) ?? 0
        case .discount: if (FieldNumber.plainDecimal(value) ?? 1) != 0 { hasItemDiscount = true }
        case .item: break
        }
    }

    mutating func open(_ group: Field) {
        quantity = 1
        price = nil
        priceType = "1"
        vatRate = 0
    }

    /// `TypCeny` 0 is a price without VAT: the item then adds its `SazbaDPH` percent.
    mutating func close(_ group: Field) {
        guard let price else { return }
        let factor = priceType == "0" ? 1 + vatRate / 100 : 1
        itemSum = (itemSum ?? 0) + quantity * price * factor
    }

    mutating func finish() -> OrderRecord? {
        record.orderCode = eshopNumber ?? doklad ?? ""
        if record.orderCode.isEmpty {
            record.issues.append(FieldIssue(field: "orderCode", message: "the order has no Doklad"))
        }
        record.shippingMethod = record.shippingMethod ?? carrierCode ?? carrierName
        record.recipient = address()
        record.orderTotal = (total ?? itemSum)?.roundedToCents
        record.currency = record.currency ?? "CZK"
        if record.isCashOnDelivery { record.codAmount = record.orderTotal }
        if record.isCashOnDelivery, total == nil, hasItemDiscount {
            record.issues.append(FieldIssue(
                field: "Polozka/Sleva", message: "an item has a discount (Sleva) and the order no total "
                    + "(Valuty/Celkem), so the amount to collect cannot be told; export the order with its total"))
        }
        return record
    }

    private func address() -> RawAddress {
        func value(_ parts: AddressField...) -> String? {
            for source in [recipient, customer] {
                for part in parts { if let found = source[part] { return found } }
            }
            return nil
        }
        func phone(_ prefix: AddressField, _ number: AddressField) -> String? {
            for source in [recipient, customer] {
                guard let digits = source[number] else { continue }
                return [source[prefix], digits].compactMap { $0 }.joined(separator: " ")
            }
            return nil
        }
        let recipientPlace = Self.place(of: recipient)
        let customerPlace = Self.place(of: customer)
        let place = recipientPlace ?? customerPlace ?? Place()
        // Money S3 leaves the country out for domestic partners: its books are Czech.
        let country = place.country ?? (place.city != nil || place.street != nil
            ? DeliveryCountry.resolve(zip: place.zip, other: recipientPlace != nil ? customerCountry : nil,
                                      home: "CZ", samePlace: place.isSame(as: customerPlace))
            : nil)
        return RawAddress(
            name: value(.tradeName, .name), street: place.street, city: place.city, zip: place.zip,
            country: country,
            phone: phone(.phonePrefix, .phone) ?? phone(.mobilePrefix, .mobile), email: value(.email))
    }

    /// The customer's country, from its trade address or its address.
    private var customerCountry: String? {
        customer[.tradeCountryCode] ?? customer[.countryCode] ?? customer[.tradeCountry] ?? customer[.country]
    }

    /// A place (street, city, zip, country) taken whole from one address block.
    private struct Place {
        var street: String?
        var city: String?
        var zip: String?
        var country: String?

        /// True when `other` has the same street, city and zip.
        func isSame(as other: Place?) -> Bool {
            street == other?.street && city == other?.city && zip == other?.zip
        }
    }

    /// A block's two addresses, the trade one first.
    private static let placeKinds: [(street: AddressField, city: AddressField, zip: AddressField,
                                     code: AddressField, country: AddressField)] = [
        (.tradeStreet, .tradeCity, .tradeZip, .tradeCountryCode, .tradeCountry),
        (.street, .city, .zip, .countryCode, .country),
    ]

    /// The place of a partner block (`DodOdb`, `KonecPrij`): its trade address, else its address,
    /// the first that gives any of street, city or zip, taken whole (the place rule of
    /// docs/formats/XML.md: a recipient's city under the customer's street, zip or country is an
    /// address that does not exist). The recipient's place goes before the customer's.
    private static func place(of block: [AddressField: String]) -> Place? {
        for kind in placeKinds where block[kind.street] != nil || block[kind.city] != nil || block[kind.zip] != nil {
            return Place(street: block[kind.street], city: block[kind.city], zip: block[kind.zip],
                         country: block[kind.code] ?? block[kind.country])
        }
        return nil
    }
}
