import ConsignCore
import ConsignStore
import Foundation

/// What happened to one order.
public enum RegistrationResult: Sendable {
    /// A new shipment was registered and accepted by the carrier.
    case registered(ShipmentRecord)
    /// The order already has an active shipment; nothing new was created.
    case duplicate(ShipmentRecord)
    /// The order failed validation; nothing was stored. Every problem is listed.
    case rejected([CoreError])
    /// The carrier refused it; the shipment is stored as `request_failed`.
    case carrierRejected(ShipmentRecord, CoreError)
}

extension ShipmentEngine {
    /// Registers a shipment for one order: normalise, validate, check duplicates, ask the
    /// carrier, store shipment + history + event. Call inside a store transaction.
    public func register(_ original: OrderRecord, sourceFile: String?) throws(EngineError) -> RegistrationResult {
        var order = original
        // A BOM from concatenated exports, or stray spaces, must not become part of the order code.
        order.orderCode = OrderNormalizer.nonEmpty(order.orderCode) ?? ""
        let existing: ShipmentRecord?
        do { existing = try store.activeShipment(orderCode: order.orderCode) } catch { throw .store(error) }
        if let existing, let sourceFile, existing.sourceFile == sourceFile {
            // Checked before validation: a repeat that is incomplete on its own (Shoptet rows split
            // around another order) must still be recognised as a repeat.
            return Self.duplicate(
                existing,
                of: ShipmentDraft(
                    orderCode: order.orderCode, recipient: Address(),
                    packages: []), sourceFile: sourceFile)
        }
        let normalized = OrderNormalizer(
            defaultCurrency: settings.defaultCurrency,
            shippingMethods: settings.shippingMethods
        ).normalize(order)
        var problems = normalized.problems
        let chosen = choose(normalized.draft, problems: &problems)
        if let chosen {
            // A field the normaliser already refused (a zip of the wrong shape) is not reported again as missing.
            let reported = Set(problems.map(\.instance))
            problems += ShipmentValidator.validate(normalized.draft, carrier: chosen.carrier, service: chosen.service)
                .filter { !reported.contains($0.instance) }
        }
        if let cod = normalized.draft.cod, let payable = settings.codPayoutCurrencies,
            !payable.contains(cod.currencyCode)
        {
            problems.append(
                CoreError(
                    .validationFailed,
                    "No COD payout account for \(cod.currencyCode); "
                        + "add one to codPayoutAccounts in the config.", instance: "cod.currencyCode"))
        }
        guard problems.isEmpty, let chosen else { return .rejected(problems) }

        if let existing { return Self.duplicate(existing, of: normalized.draft, sourceFile: sourceFile) }
        do {
            return try submit(
                normalized.draft, carrier: chosen.carrier, service: chosen.service, sourceFile: sourceFile)
        } catch {
            throw EngineError.wrap(error)
        }
    }

    private func choose(
        _ draft: ShipmentDraft,
        problems: inout [CoreError]
    ) -> (carrier: Carrier, service: CarrierService)? {
        guard let carrierCode = draft.carrierCode, !carrierCode.isEmpty else {
            problems.append(
                CoreError(
                    .orderWithoutShipping, "Order has no shipping method Consign can map to a carrier.",
                    instance: "shippingMethod"))
            return nil
        }
        guard let carrier = catalogue.carrier(carrierCode) else {
            problems.append(CoreError(.invalidShipping, "Unknown carrier \"\(carrierCode)\".", instance: "carrier"))
            return nil
        }
        let wanted = draft.serviceCode ?? ServiceType.homeDelivery.rawValue
        guard let service = Self.service(of: carrier, named: wanted, country: draft.recipient.countryCode) else {
            problems.append(
                CoreError(
                    .serviceNotSupported, "Carrier \(carrier.code) has no service \"\(wanted)\".",
                    instance: "service"))
            return nil
        }
        return (carrier, service)
    }

    /// An order that already has an active shipment: a plain duplicate when it says the same,
    /// a rejection when it changed (the change would otherwise be lost) or repeats within one file.
    static func duplicate(
        _ existing: ShipmentRecord, of draft: ShipmentDraft,
        sourceFile: String?
    ) -> RegistrationResult {
        let guid = existing.shipment.guid
        if let sourceFile, existing.sourceFile == sourceFile {
            return .rejected([
                CoreError(
                    .repeatedInFile,
                    "Order \(draft.orderCode) appears more than once in this "
                        + "file; its first occurrence was registered as \(guid).", instance: "orderCode")
            ])
        }
        let changed = changedFields(existing.shipment, draft)
        guard changed.isEmpty else {
            return .rejected([
                CoreError(
                    .shipmentAlreadyExists,
                    "Order \(draft.orderCode) already has shipment \(guid) "
                        + "with other data (\(changed.joined(separator: ", "))); cancel it to register "
                        + "the change.", instance: changed[0])
            ])
        }
        return .duplicate(existing)
    }

    static func changedFields(_ shipment: Shipment, _ draft: ShipmentDraft) -> [String] {
        let a = shipment.recipient
        let b = draft.recipient
        let pairs: [(String, String?, String?)] = [
            ("recipient.name", a.name, b.name), ("recipient.street", a.street, b.street),
            ("recipient.city", a.city, b.city),
            ("recipient.zip", a.zip, b.zip), ("recipient.countryCode", a.countryCode, b.countryCode),
            ("recipient.phone", a.phone, b.phone), ("recipient.email", a.email, b.email),
            ("pickupPointId", shipment.pickupPointId, draft.pickupPointId.flatMap { $0.isEmpty ? nil : $0 }),
        ]
        var changed = pairs.filter { $0.1 != $0.2 && !($0.0 == "pickupPointId" && $0.1 == nil) }.map(\.0)
        if shipment.cod != draft.cod { changed.append("cod") }
        if let value = draft.value, shipment.value != value { changed.append("value") }
        if shipment.packages.count != draft.packages.count {
            changed.append("packages")
        } else if shipment.packages.map(\.weight) != draft.packages.map(\.weight) {
            changed.append("weight")
        }
        if let carrier = draft.carrierCode, carrier != shipment.carrierCode { changed.append("carrier") }
        return changed
    }

    /// The carrier's service by code or type. For a home delivery abroad that the domestic
    /// service does not serve, the carrier's international service takes it ("PPL" to Slovakia
    /// is PPL Connect).
    static func service(of carrier: Carrier, named wanted: String, country: String?) -> CarrierService? {
        guard let named = carrier.service(named: wanted) else { return nil }
        guard let country, named.type == .homeDelivery, !named.countries.contains(country),
            let abroad = carrier.services.first(where: { $0.type == .international && $0.countries.contains(country) })
        else { return named }
        return abroad
    }

    private func submit(
        _ draft: ShipmentDraft, carrier: Carrier, service: CarrierService,
        sourceFile: String?
    ) throws -> RegistrationResult {
        let now = clock.now()
        let shipment = Shipment(
            guid: GUID.make(), orderCode: draft.orderCode, sender: settings.sender, recipient: draft.recipient,
            status: .requested, carrierCode: carrier.code, serviceCode: service.code,
            pickupPointId: service.type.needsPickupPoint ? draft.pickupPointId : nil, cod: draft.cod,
            value: draft.value, variableSymbol: draft.variableSymbol, packages: draft.packages, note: draft.note,
            history: [HistoryEntry(fromStatus: nil, toStatus: .requested, realDatetime: now)],
            createdAt: now, updatedAt: now)
        var record = ShipmentRecord(shipment: shipment, serviceType: service.type, sourceFile: sourceFile)

        switch gateway.register(shipment, carrier: carrier, service: service, at: now) {
        case .accepted(let packages):
            record.shipment.packages = packages
            try transition(&record, to: .created, at: now, note: "Accepted by \(carrier.name)")
            return .registered(record)
        case .rejected(let message, let instance):
            try transition(&record, to: .requestFailed, at: now, note: message)
            return .carrierRejected(record, CoreError(.carrierRejected, message, instance: instance))
        }
    }
}
