import ConsignCore
import ConsignStore
import Foundation

/// What happened to one order.
///
/// Indirect: a result holding a record was 640 bytes, copied about five times per order on its
/// way to the result row; boxed, a copy is a retain.
public indirect enum RegistrationResult: Sendable {
    /// A new shipment was registered and accepted by the carrier.
    case registered(ShipmentRecord)
    /// The order already has an active shipment; nothing new was created.
    case duplicate(ShipmentRecord)
    /// The order failed validation; nothing was stored. Every problem is listed.
    case rejected([CoreError])
    /// The carrier refused it; the shipment is stored as `request_failed`.
    case carrierRejected(ShipmentRecord, CoreError)

    /// True for a new shipment accepted by the carrier.
    var isRegistered: Bool {
        if case .registered = self { true } else { false }
    }
}

extension ShipmentEngine {
    /// Registers a shipment for one order: normalise, validate, check duplicates, ask the
    /// carrier, store shipment + history + event. Call inside a store transaction.
    public func register(_ original: OrderRecord, sourceFile: String?) throws(EngineError) -> RegistrationResult {
        try commit(preparer.prepare(original), sourceFile: sourceFile)
    }

    /// Finishes a prepared order against the store: an order with an active shipment is a
    /// duplicate (or a repeat within its file), an invalid one is rejected, a valid one gets
    /// its shipment stored with history and event. Call inside a store transaction, in file order.
    ///
    /// `earlierAttemptUpTo` is set when an interrupted attempt at the same file committed part of
    /// it: the first occurrence of an order that attempt registered (a shipment from `sourceFile`
    /// with a row id up to it) gets that shipment as its answer, and nothing new is registered.
    public func commit(_ prepared: PreparedOrder, sourceFile: String?,
                       earlierAttemptUpTo: Int64? = nil) throws(EngineError) -> RegistrationResult {
        let orderCode = prepared.orderCode
        if let bound = earlierAttemptUpTo, let sourceFile, !orderCode.isEmpty,
           let earlier = try earlierAnswer(orderCode, sourceFile: sourceFile, upTo: bound) {
            return earlier
        }
        let existing: ShipmentRecord?
        do { existing = try store.activeShipment(orderCode: orderCode) } catch { throw .store(error) }
        if let existing, let sourceFile, existing.sourceFile == sourceFile {
            // Checked before validation: a repeat that is incomplete on its own (Shoptet rows split
            // around another order) must still be recognised as a repeat.
            return Self.duplicate(
                existing, of: ShipmentDraft(orderCode: orderCode, recipient: Address(), packages: []),
                sourceFile: sourceFile)
        }
        if let sourceFile, !orderCode.isEmpty, try wasAnswered(orderCode, in: sourceFile) {
            // Its first occurrence in this file was rejected, refused or a duplicate: a repeat must not
            // be registered or answered as if it were the whole order (a split Shoptet order).
            return .rejected([CoreError(
                .repeatedInFile, "Order \(orderCode) appears more than once in this file; only its first "
                    + "occurrence is answered.", instance: "orderCode")])
        }

        let result = try decide(prepared, existing: existing, sourceFile: sourceFile)
        if !result.isRegistered, let sourceFile, !orderCode.isEmpty {
            do { try store.noteAnswered(code: orderCode, source: sourceFile) } catch { throw .store(error) }
        }
        return result
    }

    /// Rejected, duplicate, or stored with the carrier's answer.
    private func decide(
        _ prepared: PreparedOrder, existing: ShipmentRecord?, sourceFile: String?
    ) throws(EngineError) -> RegistrationResult {
        guard prepared.problems.isEmpty, let choice = prepared.choice else { return .rejected(prepared.problems) }
        if let existing { return Self.duplicate(existing, of: prepared.draft, sourceFile: sourceFile) }
        // Asked only now unless the gateway answers ahead: a real carrier must not get a duplicate.
        // The submission made ahead is a shared class: taking it is a retain, not a copy.
        do {
            let submission = try prepared.submission
                ?? preparer.submit(prepared.draft, carrier: choice.carrier, service: choice.service)
            return try store(submission, sourceFile: sourceFile)
        } catch {
            throw EngineError.wrap(error)
        }
    }

    /// The answer an interrupted attempt committed for the first occurrence of `orderCode`; nil
    /// when it registered nothing for it or this occurrence is a repeat (answered as one below).
    private func earlierAnswer(_ orderCode: String, sourceFile: String,
                               upTo bound: Int64) throws(EngineError) -> RegistrationResult? {
        do {
            guard !(try store.wasAnswered(code: orderCode, source: sourceFile)),
                  let earlier = try store.shipment(orderCode: orderCode, sourceFile: sourceFile, upTo: bound)
            else { return nil }
            // Noted, so that a repeat further on is answered as a repeat, not given this shipment again.
            try store.noteAnswered(code: orderCode, source: sourceFile)
            guard earlier.shipment.status == .requestFailed else { return .registered(earlier) }
            // The carrier's message is kept in the history; the field it named is not.
            let message = earlier.shipment.history.last(where: { $0.toStatus == .requestFailed })?.note
            return .carrierRejected(earlier, CoreError(.carrierRejected, message ?? "Refused by the carrier."))
        } catch {
            throw .store(error)
        }
    }

    private func wasAnswered(_ orderCode: String, in sourceFile: String) throws(EngineError) -> Bool {
        do { return try store.wasAnswered(code: orderCode, source: sourceFile) } catch { throw .store(error) }
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
            let abroad = carrier.services.firstIndex(where: {
                $0.type == .international && $0.countries.contains(country)
            })
        else { return named }
        return carrier.services[abroad]
    }

    /// Stores the new shipment (with the texts built ahead) and its event.
    private func store(_ submission: Submission, sourceFile: String?) throws -> RegistrationResult {
        var record = submission.record
        record.sourceFile = sourceFile
        try persist(&record, event: submission.event, encoded: submission.encoded,
                    encodedEvent: submission.encodedEvent)
        if let refusal = submission.refusal { return .carrierRejected(record, refusal) }
        return .registered(record)
    }
}
