import ConsignCore
import ConsignEngine
import ConsignStore
import Foundation

extension Commands {
    /// Runs a query or shipment command; a refused request prints Shoptet's error envelope (or
    /// `Error: …`) and exits 1.
    mutating func query(_ command: String) throws -> Int32 {
        let json = arguments.flag("json")
        let environment = self.environment
        do {
            // The engine (and the database) is opened only after the options parsed cleanly.
            let output = try answer(command, engine: { try environment.engine() }, json: json)
            print(output)
            return 0
        } catch let error as EngineError {
            guard case .domain(let refusal) = error else { throw error }
            if json { print(JSONOutput.failure([refusal])) } else { App.printError(refusal.message) }
            return 1
        }
    }

    private mutating func answer(_ command: String, engine: () throws -> ShipmentEngine,
                                 json: Bool) throws -> String {
        switch command {
        case "shipments": return try listShipments(json: json)
        case "shipment": return try showShipment(engine, json: json)
        case "options": return try shippingOptions(engine, json: json)
        case "carriers": return try listCarriers(engine, json: json)
        case "carrier": return try showCarrier(engine, json: json)
        case "cancel": return try cancel(engine, json: json)
        default: return try close(engine, json: json)
        }
    }

    /// Reads the store only. Labels are left out of a listing (`labelZpl` null unless a carrier's
    /// label was stored): rendering them needs the carrier catalogue (about 8 ms to load, longer
    /// than the page query) and 100 labels are 70 KB nobody prints from a list; `shipment GUID`
    /// renders them.
    private mutating func listShipments(json: Bool) throws -> String {
        var status: ShipmentStatus?
        if let name = arguments.value("status") {
            // Case-insensitive like --carrier: `CREATED` is `created`.
            guard let parsed = ShipmentStatus(rawValue: name.lowercased()) else {
                throw UsageError(message: "--status must be one of "
                                 + ShipmentStatus.allCases.map(\.rawValue).joined(separator: ", "))
            }
            status = parsed
        }
        // An order code as the import keeps it: trimmed, composed (`Ž001` typed either way is one order).
        let order = arguments.value("order").map(OrderNormalizer.canonicalCode)
        let query = ShipmentQuery(
            status: status, orderCode: order, carrierCode: arguments.value("carrier")?.lowercased(),
            page: try arguments.integer("page", default: 1, range: 1...Int(Int32.max)),
            itemsPerPage: try arguments.integer("items-per-page", default: 20, range: 1...1000))
        try arguments.rejectUnknown()
        let page = try environment.store.get().shipments(matching: query)
        if page.totalCount == 0, let code = query.carrierCode, try environment.engine().catalogue.carrier(code) == nil {
            // Only an empty answer loads the catalogue: a typo is told, as `close` tells it.
            throw EngineError.domain(
                CoreError(.carrierNotFound, "Carrier ID \"\(code)\" not found.", instance: "carrier"))
        }
        if json {
            return JSONOutput.shipmentPage(page)
        }
        var table = Table("guid", "order", "carrier", "service", "status", "tracking")
        for record in page.items {
            let s = record.shipment
            table.add(s.guid, s.orderCode, s.carrierCode, s.serviceCode, s.status.rawValue,
                      s.packages.compactMap(\.trackingNumber).joined(separator: " "))
        }
        return table.text + "\npage \(page.page) of \(page.pageCount), \(page.totalCount) shipments"
    }

    private mutating func showShipment(_ makeEngine: () throws -> ShipmentEngine, json: Bool) throws -> String {
        let guid = try operand(0, "GUID")
        try arguments.rejectUnknown()
        let engine = try makeEngine()
        let record = try engine.shipment(guid: guid)
        if json { return JSONOutput.shipmentDetail(record) }
        let s = record.shipment
        let pickup = s.pickupPointId.map { " (pickup point \($0))" } ?? ""
        let parts: [String?] = [s.recipient.name, s.recipient.street, s.recipient.zip, s.recipient.city,
                                s.recipient.countryCode]
        let recipient = parts.compactMap { $0 }.joined(separator: ", ")
        let cod = s.cod.map { "\($0.formattedValue) \($0.currencyCode)" } ?? "none"
        var lines: [String] = [
            "guid:      \(s.guid)", "order:     \(s.orderCode)", "status:    \(s.status.rawValue)",
            "carrier:   \(s.carrierCode) / \(s.serviceCode)\(pickup)", "recipient: \(recipient)", "cod:       \(cod)",
        ]
        for (index, package) in s.packages.enumerated() {
            lines.append("parcel \(index + 1):  \(package.trackingNumber ?? "-")  \(package.trackingUrl ?? "")")
        }
        lines.append("history:")
        for entry in s.history {
            lines.append("  \(ShoptetDate.format(entry.realDatetime))  \(entry.fromStatus?.rawValue ?? "-") -> "
                         + "\(entry.toStatus.rawValue)  \(entry.note ?? "")")
        }
        return lines.joined(separator: "\n")
    }

    private mutating func shippingOptions(_ makeEngine: () throws -> ShipmentEngine, json: Bool) throws -> String {
        let orderCode = OrderNormalizer.canonicalCode(try operand(0, "ORDER_CODE"))
        try arguments.rejectUnknown()
        let engine = try makeEngine()
        let options = try engine.shippingOptions(orderCode: orderCode)
        if json {
            let items = options.map { JSONOutput.option($0) }
            return JSONOutput.envelope(data: ["orderCode": orderCode, "shippingOptions": items])
        }
        var table = Table("carrier", "service", "type", "eligible", "reasons")
        for option in options {
            let reasons = option.reasons.map { $0.message }.joined(separator: "; ")
            table.add(option.carrierCode, option.serviceCode, option.serviceType.rawValue,
                      option.isEligible ? "yes" : "no", reasons)
        }
        return table.text
    }

    private mutating func listCarriers(_ makeEngine: () throws -> ShipmentEngine, json: Bool) throws -> String {
        var type: ServiceType?
        if let name = arguments.value("type") {
            guard let parsed = ServiceType(rawValue: name) else {
                let known = ServiceType.allCases.map { $0.rawValue }.joined(separator: ", ")
                throw UsageError(message: "--type must be one of \(known)")
            }
            type = parsed
        }
        let language = try self.language()
        try arguments.rejectUnknown()
        let engine = try makeEngine()
        let carriers = engine.carriers(type: type)
        if json {
            return JSONOutput.envelope(data: ["carriers": carriers.map { JSONOutput.carrier($0, language: language) }])
        }
        var table = Table("id", "code", "name", "services")
        for carrier in carriers {
            table.add(String(carrier.id), carrier.code, carrier.name,
                      carrier.services.map(\.type.rawValue).joined(separator: ", "))
        }
        return table.text
    }

    private mutating func showCarrier(_ makeEngine: () throws -> ShipmentEngine, json: Bool) throws -> String {
        let code = try operand(0, "carrier CODE")
        let type = try operand(1, "service TYPE")
        let language = try self.language()
        try arguments.rejectUnknown()
        let engine = try makeEngine()
        let detail = try engine.carrier(code: code, type: type, language: language)
        if json {
            var object = JSONOutput.carrier(detail.carrier, language: language)
            object["service"] = JSONOutput.service(detail.service, language: language)
            return JSONOutput.envelope(data: object)
        }
        let s = detail.service
        return """
            \(detail.carrier.name) (\(detail.carrier.code), id \(detail.carrier.id)): \(detail.name)
            \(detail.description)
            countries: \(s.countries.joined(separator: ", "))
            max weight: \(s.maxWeight.trimmed) kg
            COD maximum: \(s.codMaximum.isEmpty ? "no COD" : s.codMaximum.sorted { $0.key < $1.key }
                .map { "\($0.value.priceString) \($0.key)" }.joined(separator: ", "))
            """
    }

    private mutating func cancel(_ makeEngine: () throws -> ShipmentEngine, json: Bool) throws -> String {
        let guid = try operand(0, "GUID")
        try arguments.rejectUnknown()
        let engine = try makeEngine()
        let record = try engine.requestCancellation(guid: guid)
        if json { return JSONOutput.shipmentDetail(record) }
        return "cancellation requested for \(record.shipment.guid); the carrier confirms it on a later run"
    }

    private mutating func close(_ makeEngine: () throws -> ShipmentEngine, json: Bool) throws -> String {
        let carrier = try operand(0, "CARRIER")
        let recipients = arguments.values("to")
        try arguments.rejectUnknown()
        let engine = try makeEngine()
        try Self.checkAddresses(recipients)
        guard let (batch, count) = try Self.closeIfOpen(engine, carrier, recipients) else {
            // Nothing open is not a failure: a daily close from cron runs on days without parcels too.
            if json { return JSONOutput.envelope(data: ["batchId": NSNull(), "carrierCode": carrier, "shipments": 0]) }
            return "no open shipments for \(carrier); nothing to close"
        }
        environment.logger.info("close requested", ["batch.id": String(batch.id), "carrier": batch.carrierCode,
                                                    "shipments": String(count)])
        if json {
            return JSONOutput.envelope(data: ["batchId": batch.id, "carrierCode": batch.carrierCode,
                                              "state": batch.state.rawValue, "shipments": count,
                                              "requestedAt": ShoptetDate.format(batch.requestedAt)])
        }
        return "close batch \(batch.id) requested for \(batch.carrierCode) with \(count) shipments; "
            + "the carrier acknowledges it on a later run"
    }

    /// The new batch and its shipment count; nil when the carrier has no open shipments.
    private static func closeIfOpen(_ engine: ShipmentEngine, _ carrier: String, _ recipients: [String]) throws
        -> (CloseBatchRecord, Int)? {
        do {
            return try engine.close(carrierCode: carrier, reportRecipients: recipients)
        } catch EngineError.domain(let error) where error.code == .closingFailed {
            return nil
        }
    }

    /// `--lang`, one of the languages the catalogue has texts in (default English).
    mutating func language() throws(UsageError) -> String {
        let language = (arguments.value("lang") ?? "en").lowercased()
        guard Self.languages.contains(language) else {
            throw UsageError(message: "--lang must be one of \(Self.languages.joined(separator: ", ")), "
                             + "not '\(language)'")
        }
        return language
    }

    /// The languages of the catalogue's texts (see `consign help carrier`).
    static let languages = ["cs", "sk", "hu", "pl", "en", "de"]
}
