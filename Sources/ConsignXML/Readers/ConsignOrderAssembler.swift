import ConsignCore
import Foundation

/// Consign's own XML: `<consign-orders version="1">` with one `<order code="…">` per order
/// (see docs/formats/XML.md).
struct ConsignOrderAssembler: TableOrderAssembler {
    enum Field {
        case code, shippingMethod, carrier, service, pickupPointId
        case name, company, street, houseNumber, city, zip, country, phone, email
        case cod, codCurrency, value, valueCurrency
        case package, weight, width, height, depth
        case variableSymbol, note
    }

    static let format = FormatRules<Field>([
        PathRule(path: "@code", field: .code),
        PathRule(path: "shippingMethod", field: .shippingMethod),
        PathRule(path: "carrier", field: .carrier),
        PathRule(path: "service", field: .service),
        PathRule(path: "pickupPointId", field: .pickupPointId),
        PathRule(path: "recipient/name", field: .name),
        PathRule(path: "recipient/company", field: .company),
        PathRule(path: "recipient/street", field: .street),
        PathRule(path: "recipient/houseNumber", field: .houseNumber),
        PathRule(path: "recipient/city", field: .city),
        PathRule(path: "recipient/zip", field: .zip),
        PathRule(path: "recipient/country", field: .country),
        PathRule(path: "recipient/phone", field: .phone),
        PathRule(path: "recipient/email", field: .email),
        PathRule(path: "cod", field: .cod),
        PathRule(path: "cod/@currency", field: .codCurrency),
        PathRule(path: "value", field: .value),
        PathRule(path: "value/@currency", field: .valueCurrency),
        PathRule(path: "packages/package", field: .package, isGroup: true),
        PathRule(path: "packages/package/@weight", field: .weight),
        PathRule(path: "packages/package/@width", field: .width),
        PathRule(path: "packages/package/@height", field: .height),
        PathRule(path: "packages/package/@depth", field: .depth),
        PathRule(path: "variableSymbol", field: .variableSymbol),
        PathRule(path: "note", field: .note),
    ])

    private var record = OrderRecord(orderCode: "", location: SourceLocation())
    private var packages = 0
    private var codCurrency: String?
    private var valueCurrency: String?

    mutating func begin(at location: SourceLocation) {
        record = OrderRecord(orderCode: "", location: location)
        packages = 0
        codCurrency = nil
        valueCurrency = nil
    }

    mutating func receive(_ value: String, for field: Field) {
        switch field {
        case .code: record.orderCode = value
        case .shippingMethod: record.shippingMethod = value
        case .carrier: record.carrierCode = value
        case .service: record.serviceCode = value
        case .pickupPointId: record.pickupPointId = value
        case .name: record.recipient.name = value
        case .company: record.recipient.company = value
        case .street: record.recipient.street = value
        case .houseNumber: record.recipient.houseNumber = value
        case .city: record.recipient.city = value
        case .zip: record.recipient.zip = value
        case .country: record.recipient.country = value
        case .phone: record.recipient.phone = value
        case .email: record.recipient.email = value
        case .cod:
            record.isCashOnDelivery = true
            record.codAmount = FieldNumber.money(value, field: "cod", issues: &record.issues)
        case .codCurrency:
            // <cod currency="CZK"></cod> is COD too (without an amount: refused by the core).
            record.isCashOnDelivery = true
            codCurrency = value
        case .value: record.declaredValue = FieldNumber.money(value, field: "value", issues: &record.issues)
        case .valueCurrency: valueCurrency = value
        case .weight: addWeight(value)
        case .width: record.width = largest(record.width, value, field: "width")
        case .height: record.height = largest(record.height, value, field: "height")
        case .depth: record.depth = largest(record.depth, value, field: "depth")
        case .variableSymbol: record.variableSymbol = value
        case .note: record.note = value
        case .package: break
        }
    }

    mutating func open(_ group: Field) {
        guard group == .package else { return }
        packages += 1
        record.packageWeights.append(nil)
    }

    mutating func finish() -> OrderRecord? {
        if record.orderCode.isEmpty {
            record.issues.append(FieldIssue(field: "orderCode", message: "the order has no code attribute"))
        }
        record.packageCount = max(1, packages)
        record.codCurrency = codCurrency
        record.currency = valueCurrency
        return record
    }

    /// A package's weight: its own, and added to the order's total.
    private mutating func addWeight(_ text: String) {
        guard let weight = FieldNumber.decimal(text, field: "weight", issues: &record.issues) else { return }
        record.weight = Decimal.exactSum(record.weight ?? 0, weight)
        if !record.packageWeights.isEmpty { record.packageWeights[record.packageWeights.count - 1] = weight }
    }

    /// Several packages give one envelope: the largest value of each side.
    private mutating func largest(_ current: Decimal?, _ text: String, field: String) -> Decimal? {
        guard let side = FieldNumber.decimal(text, field: field, issues: &record.issues) else { return current }
        guard let current else { return side }
        return Decimal.isLess(side, current) ? current : side
    }
}
