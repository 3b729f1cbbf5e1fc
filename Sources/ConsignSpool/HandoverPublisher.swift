import ConsignCore
import ConsignEngine
import ConsignHandover
import ConsignStore
import ConsignSupport
import Foundation
import Synchronization

/// Writes the handover protocol (CSV + PDF) of every acknowledged close batch that has none
/// yet, to `out/handover/`, atomically; then marks the batch. After a crash the batch is
/// still unmarked and its files are written again, under the same names.
struct HandoverPublisher {
    let engine: ShipmentEngine
    let folder: String
    let payoutAccounts: [String: String]
    let payoutIsDemo: Bool
    let logger: Logger
    /// The batches built in this pass: the report mail right after the files reuses them.
    let built = BuiltBatches()

    /// Writes every missing protocol; returns the batches it wrote.
    func publishPending() throws -> [CloseBatchRecord] {
        var written: [CloseBatchRecord] = []
        for var batch in try engine.store.batchesAwaitingProtocol() {
            let handover = try makeHandover(batch)
            let base = Self.fileStem(batch)
            try write(HandoverCSVWriter().write(handover), name: base + ".csv")
            try write(try pdf(of: handover), name: base + ".pdf")
            FaultInjection.hit("handover")
            batch.filesWrittenAt = engine.clock.now()
            batch.protocolFiles = "\(base).csv \(base).pdf"
            try engine.store.transaction { try engine.store.save(batch) }
            logger.info("handover protocol written", [
                "batch.id": String(batch.id), "carrier": batch.carrierCode, "protocol": batch.protocolNumber ?? "",
                "parcels": String(handover.parcels.count), "files": batch.protocolFiles ?? "",
            ])
            written.append(batch)
        }
        return written
    }

    /// Reads `batch` and starts rendering its PDF in the background. Called inside the
    /// hand-over's transaction, just before it (see `ShipmentEngine.advance`); if that
    /// transaction rolls back, the batch is not awaiting a protocol and the PDF is never used.
    func prepare(_ batch: CloseBatchRecord) {
        do {
            built.renders.enqueue(try makeHandover(batch))
        } catch {
            logger.debug("handover protocol not prepared ahead; it is read again", ["spool.error": "\(error)"])
        }
    }

    /// The PDF rendered ahead for `handover`, or rendered now (after any background render).
    private func pdf(of handover: HandoverBatch) throws -> [UInt8] {
        if let rendered = built.renders.pdf(batchId: handover.id) { return try rendered.get() }
        built.renders.drain()
        return try HandoverPDFRenderer().render(handover)
    }

    /// The batch as the handover module prints it.
    func makeHandover(_ batch: CloseBatchRecord) throws -> HandoverBatch {
        if let cached = built.batch(batch.id) { return cached }
        let handover = try readHandover(batch)
        built.keep(handover)
        return handover
    }

    private func readHandover(_ batch: CloseBatchRecord) throws -> HandoverBatch {
        let carrier = engine.catalogue.carrier(batch.carrierCode)
        let shipments = try engine.store.handoverShipments(inBatch: batch.id)
        // The protocol's narrow service column tells the carrier's services apart by their kind
        // ("PPL Parcel CZ Private", "PPL ParcelShop" and "PPL Parcel Connect" all cut to "PPL Parcel…").
        var serviceNames: [String: String] = [:]
        for service in carrier?.services ?? [] { serviceNames[service.code] = Self.protocolLabel(service.type) }
        let parcels = shipments.flatMap { shipment in
            HandoverParcel.rows(of: shipment, serviceName: serviceNames[shipment.serviceCode])
        }
        let senders = try engine.store.senders(inBatch: batch.id)
        if senders.count > 1 {
            logger.warning("close batch holds shipments of several senders (the shipper in the config changed); its "
                           + "protocol names the sender of most: check the printed protocol before the hand-over",
                           ["batch.id": String(batch.id), "senders": String(senders.count)])
        }
        let currency = shipments.lazy.compactMap(\.cod?.currencyCode).first ?? engine.settings.defaultCurrency
        let account = payoutAccounts[currency] ?? payoutAccounts.values.sorted().first ?? ""
        return HandoverBatch(
            id: batch.id, carrierCode: batch.carrierCode, carrierName: carrier?.name ?? batch.carrierCode,
            protocolNumber: batch.protocolNumber ?? "batch-\(batch.id)", requestedAt: batch.requestedAt,
            acknowledgedAt: batch.acknowledgedAt ?? batch.requestedAt,
            sender: senders.first?.address ?? engine.settings.sender,
            codPayoutAccount: PayoutAccount(number: account, isDemo: payoutIsDemo),
            codPayoutAccounts: payoutAccounts.mapValues { PayoutAccount(number: $0, isDemo: payoutIsDemo) },
            parcels: parcels)
    }

    /// `handover-ppl-PPL-20261204-000001`: only letters, digits, `-` and `_` reach the file name.
    static func fileStem(_ batch: CloseBatchRecord) -> String {
        let raw = "handover-\(batch.carrierCode)-\(batch.protocolNumber ?? "batch-\(batch.id)")"
        return String(raw.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
    }

    private func write(_ bytes: [UInt8], name: String) throws {
        let writer = try AtomicFileWriter(directory: folder, name: name)
        try writer.write(bytes)
        try writer.commit()
    }
}

/// Handover batches already read from the store in one pass (one publisher's lifetime), so
/// that the protocol files and the report mail of a batch do not read 100,000 rows twice.
final class BuiltBatches: Sendable {
    private let batches = Mutex<[Int: HandoverBatch]>([:])
    /// PDFs started ahead (`HandoverPublisher.prepare`).
    let renders = PDFRenderQueue()

    /// The batch with `id` if it was built in this pass.
    func batch(_ id: Int) -> HandoverBatch? { batches.withLock { $0[id] } }

    /// Keeps `batch` for the rest of the pass.
    func keep(_ batch: HandoverBatch) { batches.withLock { $0[batch.id] = batch } }
}

extension HandoverPublisher {
    /// A service kind in the few letters the protocol's column holds, in Czech.
    static func protocolLabel(_ type: ServiceType) -> String {
        switch type {
        case .homeDelivery: "na adresu"
        case .pickupPoint: "výdejna"
        case .locker: "box"
        case .postOffice: "na poštu"
        case .express: "expres"
        case .international: "zahraničí"
        }
    }
}
