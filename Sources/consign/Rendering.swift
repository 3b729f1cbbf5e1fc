import ConsignCore
import ConsignEngine
import ConsignStore
import Foundation

/// Shoptet-shaped JSON for query commands: `{"data": …, "errors": null}`.
enum JSONOutput {
    static func envelope(data: Any) -> String {
        serialize(["data": data, "errors": NSNull()])
    }

    static func failure(_ errors: [CoreError]) -> String {
        serialize(["data": NSNull(), "errors": errors.map {
            ["errorCode": $0.code.rawValue, "message": $0.message, "instance": $0.instance]
        }])
    }

    static func serialize(_ object: Any) -> String {
        guard let data = try? JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return "{\"data\": null, \"errors\": [{\"errorCode\": \"internal\"}]}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// One page of shipments in the envelope, written straight to UTF-8 (a page of a thousand
    /// shipments through dictionaries and `JSONSerialization` took longer than the query).
    static func shipmentPage(_ page: Page<ShipmentRecord>) -> String {
        var json = JSONText(capacity: 4096 * (page.items.count + 1), prettyPrinted: true)
        json.beginObject()
        json.key("data")
        json.beginObject()
        json.key("items")
        json.beginArray()
        for record in page.items { write(record, withHistory: false, to: &json) }
        json.endArray()
        json.key("paginator")
        json.beginObject()
        json.key("itemsOnPage"); json.int(page.items.count)
        json.key("itemsPerPage"); json.int(page.itemsPerPage)
        json.key("page"); json.int(page.page)
        json.key("pageCount"); json.int(page.pageCount)
        json.key("totalCount"); json.int(page.totalCount)
        json.endObject()
        json.endObject()
        json.key("errors"); json.null()
        json.endObject()
        return json.string
    }

    /// One shipment with its history in the envelope.
    static func shipmentDetail(_ record: ShipmentRecord) -> String {
        var json = JSONText(capacity: 8192, prettyPrinted: true)
        json.beginObject()
        json.key("data")
        write(record, withHistory: true, to: &json)
        json.key("errors"); json.null()
        json.endObject()
        return json.string
    }

    /// A shipment as Shoptet shows it, keys in sorted order.
    private static func write(_ record: ShipmentRecord, withHistory: Bool, to json: inout JSONText) {
        let s = record.shipment
        json.beginObject()
        json.key("carrierCode"); json.string(s.carrierCode)
        json.key("changeTime"); json.string(ShoptetDate.format(s.updatedAt))
        json.key("cod"); write(s.cod, to: &json)
        json.key("creationTime"); json.string(ShoptetDate.format(s.createdAt))
        json.key("guid"); json.string(s.guid)
        if withHistory {
            json.key("history")
            json.beginArray()
            for entry in s.history { write(entry, to: &json) }
            json.endArray()
        }
        json.key("note"); json.string(orNull: s.note)
        json.key("orderCode"); json.string(s.orderCode)
        json.key("packages")
        json.beginArray()
        for package in s.packages { write(package, to: &json) }
        json.endArray()
        json.key("pickupPointId"); json.string(orNull: s.pickupPointId)
        json.key("recipient"); write(s.recipient, to: &json)
        json.key("sender"); write(s.sender, to: &json)
        json.key("serviceCode"); json.string(s.serviceCode)
        json.key("shipmentType"); json.string(s.shipmentType.rawValue)
        json.key("status"); json.string(s.status.rawValue)
        json.key("value"); write(s.value, to: &json)
        json.key("variableSymbol"); json.string(orNull: s.variableSymbol)
        json.endObject()
    }

    private static func write(_ a: Address, to json: inout JSONText) {
        json.beginObject()
        json.key("city"); json.string(orNull: a.city)
        json.key("company"); json.string(orNull: a.company)
        json.key("countryCode"); json.string(orNull: a.countryCode)
        json.key("email"); json.string(orNull: a.email)
        json.key("name"); json.string(orNull: a.name)
        json.key("phone"); json.string(orNull: a.phone)
        json.key("street"); json.string(orNull: a.street)
        json.key("zip"); json.string(orNull: a.zip)
        json.endObject()
    }

    private static func write(_ money: Money?, to json: inout JSONText) {
        guard let money else { return json.null() }
        json.beginObject()
        json.key("currencyCode"); json.string(money.currencyCode)
        json.key("value"); json.string(money.formattedValue)
        json.endObject()
    }

    private static func write(_ p: Package, to json: inout JSONText) {
        json.beginObject()
        json.key("depth"); write(p.depth, to: &json)
        json.key("height"); write(p.height, to: &json)
        json.key("labelZpl"); json.string(orNull: p.labelZpl)
        json.key("trackingNumber"); json.string(orNull: p.trackingNumber)
        json.key("trackingUrl"); json.string(orNull: p.trackingUrl)
        json.key("weight"); write(p.weight, to: &json)
        json.key("width"); write(p.width, to: &json)
        json.endObject()
    }

    private static func write(_ h: HistoryEntry, to json: inout JSONText) {
        json.beginObject()
        json.key("fromStatus"); json.string(orNull: h.fromStatus?.rawValue)
        json.key("note"); json.string(orNull: h.note)
        json.key("providerDatetime"); json.string(orNull: h.providerDatetime.map(ShoptetDate.format))
        json.key("realDatetime"); json.string(ShoptetDate.format(h.realDatetime))
        json.key("toStatus"); json.string(h.toStatus.rawValue)
        json.endObject()
    }

    /// A dimension or weight as the number it always was: rounded to grams/millimetres, then a Double.
    private static func write(_ value: Decimal?, to json: inout JSONText) {
        guard let value, let number = Double(value.fixed(decimals: 3)) else { return json.null() }
        json.double(number)
    }

    static func number(_ value: Decimal?) -> Any {
        guard let value else { return NSNull() }
        return Double(value.fixed(decimals: 3)) ?? NSNull()
    }

    static func option(_ o: ShippingOption) -> [String: Any] {
        ["carrierCode": o.carrierCode, "carrierName": o.carrierName, "serviceCode": o.serviceCode,
         "serviceType": o.serviceType.rawValue, "eligible": o.isEligible,
         "reasons": o.reasons.map { ["code": $0.code.rawValue, "message": $0.message, "instance": $0.instance] }]
    }

    static func carrier(_ c: Carrier, language: String) -> [String: Any] {
        ["id": c.id, "code": c.code, "name": c.name, "description": c.descriptions.localized(language),
         "serviceTypes": c.services.map(\.type.rawValue),
         "hasHomeDelivery": c.service(ofType: .homeDelivery) != nil,
         "hasPickupPoints": c.services.contains { $0.type.needsPickupPoint },
         "maxWeight": number(c.services.map(\.maxWeight).max()),
         "countries": Array(Set(c.services.flatMap(\.countries))).sorted()]
    }

    static func service(_ s: CarrierService, language: String) -> [String: Any] {
        ["code": s.code, "type": s.type.rawValue, "name": s.names.localized(language),
         "description": s.descriptions.localized(language), "countries": s.countries,
         "maxWeight": number(s.maxWeight), "maxLongestSide": number(s.maxLongestSide),
         "maxSideSum": number(s.maxSideSum), "maxGirth": number(s.maxGirth),
         "codMaximum": s.codMaximum.mapValues { $0.priceString }, "requiresPhone": s.requiresPhone,
         "requiresEmail": s.requiresEmail]
    }
}

/// Plain-text tables for people.
struct Table {
    let headers: [String]
    var rows: [[String]] = []

    init(_ headers: String...) { self.headers = headers }

    mutating func add(_ cells: String...) { rows.append(cells) }

    var text: String {
        let all = [headers] + rows
        let widths = headers.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
