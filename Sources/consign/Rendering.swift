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

    static func paginator<T>(_ page: Page<T>) -> [String: Any] {
        ["totalCount": page.totalCount, "page": page.page, "pageCount": page.pageCount,
         "itemsOnPage": page.items.count, "itemsPerPage": page.itemsPerPage]
    }

    static func shipment(_ record: ShipmentRecord, withHistory: Bool) -> [String: Any] {
        let s = record.shipment
        var object: [String: Any] = [
            "guid": s.guid, "orderCode": s.orderCode, "sender": address(s.sender), "recipient": address(s.recipient),
            "status": s.status.rawValue, "shipmentType": s.shipmentType.rawValue, "carrierCode": s.carrierCode,
            "serviceCode": s.serviceCode, "pickupPointId": s.pickupPointId ?? NSNull(),
            "cod": s.cod.map(money) ?? NSNull(), "value": s.value.map(money) ?? NSNull(),
            "variableSymbol": s.variableSymbol ?? NSNull(), "note": s.note ?? NSNull(),
            "packages": s.packages.map(package), "creationTime": ShoptetDate.format(s.createdAt),
            "changeTime": ShoptetDate.format(s.updatedAt),
        ]
        if withHistory { object["history"] = s.history.map(history) }
        return object
    }

    static func address(_ a: Address) -> [String: Any] {
        ["name": a.name ?? NSNull(), "company": a.company ?? NSNull(), "street": a.street ?? NSNull(),
         "city": a.city ?? NSNull(), "zip": a.zip ?? NSNull(), "countryCode": a.countryCode ?? NSNull(),
         "phone": a.phone ?? NSNull(), "email": a.email ?? NSNull()]
    }

    static func money(_ m: Money) -> [String: Any] { ["value": m.formattedValue, "currencyCode": m.currencyCode] }

    static func package(_ p: Package) -> [String: Any] {
        ["width": number(p.width), "height": number(p.height), "depth": number(p.depth), "weight": number(p.weight),
         "trackingNumber": p.trackingNumber ?? NSNull(), "trackingUrl": p.trackingUrl ?? NSNull(),
         "labelZpl": p.labelZpl ?? NSNull()]
    }

    static func history(_ h: HistoryEntry) -> [String: Any] {
        ["fromStatus": h.fromStatus?.rawValue ?? NSNull(), "toStatus": h.toStatus.rawValue,
         "realDatetime": ShoptetDate.format(h.realDatetime),
         "providerDatetime": h.providerDatetime.map(ShoptetDate.format) ?? NSNull(), "note": h.note ?? NSNull()]
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
