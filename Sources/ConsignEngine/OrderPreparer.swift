import ConsignCore
import ConsignStore
import ConsignSupport
import Foundation
import Synchronization

/// An order as far as it can be taken without the store: normalised, matched to a carrier
/// service, validated and, when the gateway answers ahead, registered with the carrier.
/// `ShipmentEngine.commit(_:sourceFile:)` finishes it against the store.
///
/// A class: the order, its draft, its carrier and its new shipment are a few kilobytes, copied
/// (with a retain per string) at every step from the reading thread to the store; a reference is
/// passed instead. Immutable, so it may cross threads.
public final class PreparedOrder: Sendable {
    /// The order as read (what the result file and the error report repeat).
    public let order: OrderRecord
    /// Its code, trimmed of stray spaces and BOMs.
    let orderCode: String
    let draft: ShipmentDraft
    let problems: [CoreError]
    let choice: ServiceChoice?
    /// The new shipment and the carrier's answer, when asked ahead (valid orders only).
    let submission: Submission?

    init(order: OrderRecord, orderCode: String, draft: ShipmentDraft, problems: [CoreError],
         choice: ServiceChoice?, submission: Submission?) {
        self.order = order
        self.orderCode = orderCode
        self.draft = draft
        self.problems = problems
        self.choice = choice
        self.submission = submission
    }
}

/// The carrier and service chosen for an order. A class: the pair holds a few dozen texts and
/// arrays, and every copy of it as a tuple (about four an order, between preparing and
/// committing) retained and released each of them.
final class ServiceChoice: Sendable {
    let carrier: Carrier
    let service: CarrierService

    init(carrier: Carrier, service: CarrierService) {
        self.carrier = carrier
        self.service = service
    }
}

/// A new shipment after the carrier's answer (`created` when accepted, `request_failed` when
/// refused) with its event and the texts the store writes for both, built without the store.
/// A class: made on the reading thread and read on the store's, it is shared, not copied.
final class Submission: Sendable {
    let record: ShipmentRecord
    let event: ShipmentEvent
    let encoded: EncodedShipment
    let encodedEvent: EncodedEvent
    /// The carrier's refusal, when it refused.
    let refusal: CoreError?

    init(record: ShipmentRecord, event: ShipmentEvent, encoded: EncodedShipment, encodedEvent: EncodedEvent,
         refusal: CoreError?) {
        self.record = record
        self.event = event
        self.encoded = encoded
        self.encodedEvent = encodedEvent
        self.refusal = refusal
    }
}

/// The store-free half of a registration (see `PreparedOrder`). A value type over Sendable
/// settings, so a file's reading thread can prepare orders while the engine stores others.
public struct OrderPreparer: Sendable {
    let catalogue: CarrierCatalogue
    let gateway: any CarrierGateway
    let clock: any Clock
    let settings: EngineSettings
    /// The sender as stored: the same for every order, so encoded once.
    let senderJSON: String
    /// Carrier services chosen before (see `choose`), shared by the threads that prepare.
    let choices = SmallMemo<ChoiceKey, ServiceChoice>()
    /// What a carrier beside a shipping method came to before (see `reconcile`).
    let methodVerdicts = SmallMemo<MethodPair, MethodVerdict>()

    init(catalogue: CarrierCatalogue, gateway: any CarrierGateway, clock: any Clock, settings: EngineSettings) {
        self.catalogue = catalogue
        self.gateway = gateway
        self.clock = clock
        self.settings = settings
        senderJSON = EncodedShipment.addressJSON(settings.sender)
    }

    /// Normalises, chooses the carrier service and validates `original`; asks the carrier
    /// ahead when the gateway allows it and nothing is wrong with the order. Takes the order
    /// over: borrowed, it was copied whole (a retain per text) into the prepared order.
    public func prepare(_ original: consuming OrderRecord) -> PreparedOrder {
        // A BOM from concatenated exports, or stray spaces, must not become part of the order code;
        // `Ž001` typed precomposed or decomposed is one order (the store compares bytes). A control
        // character inside the code stays, and the order is refused (`OrderNormalizer.codeProblem`).
        let orderCode = OrderNormalizer.canonicalCode(original.orderCode)
        var normalizer = OrderNormalizer(
            defaultCurrency: settings.defaultCurrency, shippingMethods: settings.shippingMethods)
        normalizer.paymentMethods = settings.paymentMethods
        // A copy of the order (a retain per field) only when its code changed.
        var (draft, problems) = orderCode == original.orderCode
            ? normalizer.normalize(original) : normalizer.normalize(Self.recoded(original, orderCode))
        var contradicted = false
        if let given = OrderNormalizer.nonEmpty(original.carrierCode), let method = original.shippingMethod {
            contradicted = reconcile(&draft, carrier: given, method: method, problems: &problems)
        }
        let choice = choose(draft, problems: &problems)
        if let choice {
            // A field the normaliser already refused (a zip of the wrong shape) is not reported again as missing.
            // Nothing appended for a valid order: appending nothing to an empty array allocated it a buffer.
            let found = ShipmentValidator.validate(draft, carrier: choice.carrier, service: choice.service)
            if !found.isEmpty {
                let reported = Set(problems.map(\.instance))
                problems += found.filter { !reported.contains($0.instance) }
            }
            // After a contradiction the service is the carrier field's guess, no choice of the customer's.
            if !choice.service.type.needsPickupPoint, !contradicted, let point = draft.pickupPointId {
                // Dropping the point would send the parcel where the customer did not ask for it.
                problems.append(CoreError(
                    .validationFailed,
                    "The order names pickup point \(point), but its shipping method is \(choice.carrier.code) "
                        + "\(choice.service.type.rawValue); choose a pickup-point method or leave the point out.",
                    instance: "pickupPointId"))
            }
        }
        if let cod = draft.cod, let payable = settings.codPayoutCurrencies,
            !payable.contains(cod.currencyCode)
        {
            problems.append(CoreError(
                .validationFailed,
                "No COD payout account for \(cod.currencyCode); add one to codPayoutAccounts in the config.",
                instance: "cod.currencyCode"))
        }

        var submission: Submission?
        if problems.isEmpty, let choice, gateway.answersRegistrationsAhead {
            // A refused move (never for a new shipment) is left for the commit to report.
            submission = try? submit(draft, carrier: choice.carrier, service: choice.service)
        }
        // Moved, not copied: a copy of the draft is a retain and a release per string.
        return PreparedOrder(order: original, orderCode: orderCode, draft: consume draft,
                             problems: problems, choice: choice, submission: submission)
    }

    /// An order that gives a carrier besides a shipping method: the same carrier (by code or id)
    /// takes the method's service when the order gives none (`PPL ParcelShop` beside `ppl` is the
    /// pickup service, `Balík Na poštu` beside `cpost` the post office, not home delivery). A
    /// method that names another carrier by brand refuses the order on `carrier`, since the
    /// parcel would go with a carrier the customer did not choose; true is returned then. A
    /// generic phrase (`doručení do ruky`) or a carrier the catalogue does not know decides nothing.
    private func reconcile(_ draft: inout ShipmentDraft, carrier given: String, method: String,
                           problems: inout [CoreError]) -> Bool {
        guard let code = draft.carrierCode else { return false }
        // A file pairs the same few carriers and methods on every order: the verdict is remembered
        // (the catalogue and the mapping took about 1,600 instructions an order).
        let pair = MethodPair(carrier: code, method: method)
        let verdict = methodVerdicts.value(for: pair) ?? methodVerdicts.remember(judge(carrier: code, method: method),
                                                                                 for: pair)
        switch verdict {
        case .nothing: return false
        case .sameCarrier(let service):
            if draft.serviceCode == nil { draft.serviceCode = service.rawValue }
            return false
        case .contradiction(let named):
            problems.append(CoreError(
                .invalidShipping,
                "Carrier \"\(given)\" contradicts shipping method \"\(method)\", which is \(named)'s; the order must "
                    + "name one carrier (leave the carrier empty to follow the shipping method).",
                instance: "carrier"))
            return true
        }
    }

    /// `reconcile`'s verdict for carrier `code` beside `method`.
    private func judge(carrier code: String, method: String) -> MethodVerdict {
        guard let carrier = catalogue.carrier(code), let resolved = settings.shippingMethods.resolve(method) else {
            return .nothing
        }
        if carrier.code == resolved.carrierCode { return .sameCarrier(resolved.serviceType) }
        return settings.shippingMethods.namedCarrier(method).map { .contradiction($0.carrierCode) } ?? .nothing
    }

    /// `order` with another code.
    private static func recoded(_ order: OrderRecord, _ code: String) -> OrderRecord {
        var copy = order
        copy.orderCode = code
        return copy
    }

    /// A new shipment for `draft` (fresh GUID), registered with the carrier and moved to the
    /// status its answer gives, ready to be stored.
    func submit(_ draft: ShipmentDraft, carrier: Carrier, service: CarrierService) throws -> Submission {
        let now = clock.now()
        // Room for the carrier's answer too: growing the history then was a second allocation.
        // Consumed below: still held here, the shipment's copy was not unique and was copied on change.
        var history: [HistoryEntry] = []
        history.reserveCapacity(2)
        history.append(HistoryEntry(fromStatus: nil, toStatus: .requested, realDatetime: now))
        var shipment = Shipment(
            guid: GUID.make(), orderCode: draft.orderCode, sender: settings.sender, recipient: draft.recipient,
            status: .requested, carrierCode: carrier.code, serviceCode: service.code,
            pickupPointId: service.type.needsPickupPoint ? draft.pickupPointId : nil, cod: draft.cod,
            value: draft.value, variableSymbol: draft.variableSymbol, packages: draft.packages, note: draft.note,
            history: consume history, createdAt: now, updatedAt: now)

        // Changed as a local value and boxed in its record only then (no copy of its strings):
        // read and changed through the record's box, it was copied whole twice.
        var sequence = 0
        let event: ShipmentEvent
        var refusal: CoreError?
        switch gateway.register(shipment, carrier: carrier, service: service, at: now) {
        case .accepted(let packages):
            shipment.packages = packages
            event = try ShipmentEngine.advance(&shipment, sequence: &sequence, to: .created, at: now,
                                               note: "Accepted by \(carrier.name)")
        case .rejected(let message, let instance):
            event = try ShipmentEngine.advance(&shipment, sequence: &sequence, to: .requestFailed, at: now,
                                               note: message)
            refusal = CoreError(.carrierRejected, message, instance: instance)
        }
        let encoded = EncodedShipment(shipment, serviceType: service.type, senderJSON: senderJSON)
        var record = ShipmentRecord(shipment: shipment, serviceType: service.type, sourceFile: nil)
        record.eventSequence = sequence
        return Submission(record: record, event: event, encoded: encoded, encodedEvent: EncodedEvent(event),
                          refusal: refusal)
    }

    /// The carrier and service for `draft`, or nil with the problem added. A file names the same
    /// few carriers, services and countries on every order: a choice made is remembered (finding
    /// the carrier and its service copied both, texts and limits, about 2,800 instructions).
    private func choose(
        _ draft: ShipmentDraft,
        problems: inout [CoreError]
    ) -> ServiceChoice? {
        let key = ChoiceKey(carrier: draft.carrierCode, service: draft.serviceCode,
                                 country: draft.recipient.countryCode)
        if let known = choices.value(for: key) { return known }
        let made = makeChoice(draft, problems: &problems)
        if let made { choices.remember(made, for: key) }
        return made
    }

    private func makeChoice(_ draft: ShipmentDraft, problems: inout [CoreError]) -> ServiceChoice? {
        guard let carrierCode = draft.carrierCode, !carrierCode.isEmpty else {
            // A name the mapping did not know is already reported on shippingMethod.
            guard !problems.contains(where: { $0.instance == "shippingMethod" }) else { return nil }
            problems.append(CoreError(
                .orderWithoutShipping, "Order has no shipping method Consign can map to a carrier.",
                instance: "shippingMethod"))
            return nil
        }
        guard let carrier = catalogue.carrier(carrierCode) else {
            problems.append(CoreError(.invalidShipping, "Unknown carrier \"\(carrierCode)\".", instance: "carrier"))
            return nil
        }
        let wanted = draft.serviceCode ?? ServiceType.homeDelivery.rawValue
        guard let service = ShipmentEngine.service(of: carrier, named: wanted, country: draft.recipient.countryCode)
        else {
            problems.append(CoreError(
                .serviceNotSupported, "Carrier \(carrier.code) has no service \"\(wanted)\".", instance: "service"))
            return nil
        }
        return ServiceChoice(carrier: carrier, service: service)
    }
}

/// What a carrier service choice depends on besides the catalogue.
struct ChoiceKey: Equatable, Sendable {
    let carrier: String?
    let service: String?
    let country: String?
}

/// A carrier given beside a shipping method, both as written.
struct MethodPair: Equatable, Sendable {
    let carrier: String
    let method: String
}

/// What a `MethodPair` means for the order.
enum MethodVerdict: Sendable {
    /// The method names no carrier the order's could contradict, or the carrier is unknown.
    case nothing
    /// The same carrier: the method's service, for an order that gives none.
    case sameCarrier(ServiceType)
    /// The method names this other carrier.
    case contradiction(String)
}

/// Answers an `OrderPreparer` worked out, by what they were worked out from (carrier service
/// choices, carrier and method pairs): a few dozen at most in a file; past `limit` it starts
/// over. Shared by the threads that prepare.
final class SmallMemo<Key: Equatable & Sendable, Value: Sendable>: Sendable {
    private static var limit: Int { 64 }
    private let entries = Mutex<[(key: Key, value: Value)]>([])

    /// The value remembered for `key`, if one was.
    func value(for key: Key) -> Value? {
        entries.withLock { entries in
            entries.firstIndex { $0.key == key }.map { entries[$0].value }
        }
    }

    /// Remembers `value` for `key`, and returns it.
    @discardableResult
    func remember(_ value: Value, for key: Key) -> Value {
        entries.withLock { entries in
            if entries.count >= Self.limit { entries.removeAll(keepingCapacity: true) }
            entries.append((key, value))
        }
        return value
    }
}
