import ConsignCore
import ConsignStore
import Foundation

/// What one pass of carrier news changed.
public struct AdvanceSummary: Sendable {
    /// Cancellations the carrier confirmed.
    public var canceled = 0
    /// Cancellations the carrier refused.
    public var cancelRefused = 0
    /// Shipments whose requested cancellation came too late, by GUID, with why: the carrier
    /// refused it, or the shipment was handed over in a close batch first. They ship.
    public var refusedCancellations: [(guid: String, reason: String)] = []
    /// Tracking status changes applied.
    public var statusChanges = 0
    /// Close batches acknowledged in this pass (the spool writes their protocols).
    public var acknowledgedBatches: [CloseBatchRecord] = []
    /// Close batches the carrier refused.
    public var failedBatches: [CloseBatchRecord] = []

    /// Creates an empty summary.
    public init() {}
}

extension ShipmentEngine {
    /// Requests cancellation: accepted now (`cancel_requested`), confirmed or refused by the carrier later.
    public func requestCancellation(guid: String) throws(EngineError) -> ShipmentRecord {
        var record = try stored(guid: guid)
        let status = record.shipment.status
        if status == .cancelRequested { return withLabels(record) }
        guard status.canMove(to: .cancelRequested) else {
            throw .domain(
                CoreError(
                    .cancelNotAllowed,
                    "Shipment \(record.shipment.guid) cannot be canceled in status \(status.rawValue).",
                    instance: "status"))
        }
        do {
            try store.transaction {
                let now = clock.now()
                record.statusBeforeCancel = status
                record.cancelRequestedAt = now
                try transition(&record, to: .cancelRequested, at: now, note: "Cancellation requested")
            }
        } catch {
            throw EngineError.wrap(error)
        }
        return withLabels(record)
    }

    /// Closes a carrier: all its open shipments become one batch, accepted now and
    /// acknowledged by the carrier later (then the shipments become `closed`).
    /// `reportRecipients` overrides the configured recipients of this batch's report. Throws
    /// `closingFailed` (instance: the carrier's code) only when the carrier has no open shipments.
    public func close(
        carrierCode: String,
        reportRecipients: [String]? = nil
    ) throws(EngineError) -> (batch: CloseBatchRecord, shipments: Int) {
        guard let carrier = catalogue.carrier(carrierCode) else {
            throw .domain(CoreError(.carrierNotFound, "Carrier ID \"\(carrierCode)\" not found.", instance: "code"))
        }
        do {
            return try store.transaction {
                // One UPDATE attaches them all: decoding 100,000 shipments one by one took seconds.
                let (batch, attached) = try store.createCloseBatch(carrierCode: carrier.code, requestedAt: clock.now())
                guard attached > 0 else {
                    throw CoreError(
                        .closingFailed, "Carrier \(carrier.code) has no open shipments to close.",
                        instance: carrier.code)
                }
                if let reportRecipients, !reportRecipients.isEmpty {
                    try store.setReportRecipients(batchId: batch.id, reportRecipients)
                }
                return (batch, attached)
            }
        } catch {
            throw EngineError.wrap(error)
        }
    }

    /// Asks the carrier network for news and applies it: close acknowledgements, cancellation
    /// outcomes and tracking updates. Each chunk of work is one transaction.
    ///
    /// `beforeHandOver` sees each acknowledged batch (protocol number and time set) inside its
    /// transaction, just before its shipments are handed over: what a protocol prints of them
    /// does not change, so its rendering can start then and run alongside the hand-over.
    public func advance(
        beforeHandOver: (CloseBatchRecord) -> Void = { _ in }
    ) throws(EngineError) -> AdvanceSummary {
        var summary = AdvanceSummary()
        let now = clock.now()
        do {
            try settleCloseBatches(now: now, into: &summary, beforeHandOver: beforeHandOver)
            var lastId: Int64 = 0
            while true {
                let chunk = try store.shipmentsAwaitingCarrier(afterId: lastId, limit: 500)
                guard let last = chunk.last else { break }
                lastId = last.id
                // Most shipments have no news; only those with some are loaded and saved.
                let news = chunk.compactMap { shipment in self.news(for: shipment, now: now).map { (shipment.id, $0) } }
                guard !news.isEmpty else { continue }
                try store.transaction {
                    for (id, item) in news { try apply(item, toShipment: id, now: now, into: &summary) }
                }
            }
        } catch {
            throw EngineError.wrap(error)
        }
        return summary
    }

    private func settleCloseBatches(
        now: Date, into summary: inout AdvanceSummary, beforeHandOver: (CloseBatchRecord) -> Void
    ) throws {
        for var batch in try store.pendingCloseBatches() {
            guard
                let outcome = gateway.closeOutcome(
                    batchId: batch.id, carrierCode: batch.carrierCode,
                    requestedAt: batch.requestedAt, now: now)
            else { continue }
            try store.transaction {
                switch outcome {
                case .acknowledged(let time, let protocolNumber):
                    batch.state = .acknowledged
                    batch.acknowledgedAt = time
                    batch.protocolNumber = protocolNumber
                    beforeHandOver(batch)
                    for guid in try store.shipmentGUIDs(inBatch: batch.id, status: .cancelRequested) {
                        summary.refusedCancellations.append((guid, "handed over in protocol \(protocolNumber) first"))
                    }
                    try handOver(batchId: batch.id, at: time, protocolNumber: protocolNumber)
                    let recipients = try store.reportRecipients(batchId: batch.id) ?? settings.reportRecipients
                    try store.enqueueReport(
                        batchId: batch.id, messageId: try reportMessageId(batch, protocolNumber),
                        recipients: recipients, at: time)
                    summary.acknowledgedBatches.append(batch)
                case .failed(let time, let reason):
                    batch.state = .failed
                    batch.acknowledgedAt = time
                    batch.failure = reason
                    summary.failedBatches.append(batch)
                }
                try store.save(batch)
            }
        }
    }

    /// The report's Message-ID: fixed per batch, so every retry sends the same message, and
    /// holding the store's own random name, so that two installations' batch 1 of the same day
    /// differ (a mail system may drop a message whose Message-ID it has seen).
    func reportMessageId(_ batch: CloseBatchRecord, _ protocolNumber: String) throws -> String {
        let local = "consign.batch-\(batch.id).\(protocolNumber).\(try store.instanceId())"
            .filter { $0.isASCII && !$0.isWhitespace && $0 != ">" && $0 != "@" }
        return "<\(local)@\(settings.messageIdDomain)>"
    }

    /// Every shipment of the batch that may still be handed over becomes `closed`; a pending
    /// cancellation is refused by the hand-over. Set-based in the store (one statement per step).
    private func handOver(batchId: Int, at time: Date, protocolNumber: String) throws {
        let handedOver = "Handed over in protocol \(protocolNumber)"
        let notes = Dictionary(
            uniqueKeysWithValues: ShipmentStatus.allCases.filter { $0.canMove(to: .closed) }.map { status in
                (status, status == .cancelRequested ? handedOver + "; cancellation refused" : handedOver)
            })
        _ = try store.handOver(batchId: batchId, at: time, notes: notes)
    }

    /// What the carrier says about a shipment now; nil when nothing.
    private func news(for shipment: AwaitingShipment, now: Date) -> CarrierNews? {
        let progress = shipment.progress
        if progress.status == .cancelRequested {
            return gateway.cancellationOutcome(for: progress, now: now).map(CarrierNews.cancellation)
        }
        guard let handedOverAt = progress.handedOverAt else { return nil }
        let updates = gateway.trackingUpdates(for: progress, since: shipment.trackedUntil ?? handedOverAt, now: now)
        return updates.isEmpty ? nil : .tracking(updates)
    }

    private func apply(
        _ news: CarrierNews, toShipment id: Int64, now: Date,
        into summary: inout AdvanceSummary
    ) throws {
        guard var record = try store.shipment(id: id) else { return }
        switch news {
        case .cancellation(let outcome):
            try applyCancellation(outcome, to: &record, now: now, into: &summary)
        case .tracking(let updates):
            for update in updates where record.shipment.status.canMove(to: update.status) {
                try transition(
                    &record, to: update.status, at: now, providerTime: update.providerDatetime, note: update.note)
                summary.statusChanges += 1
            }
            record.trackedUntil = now
            try store.save(&record)
        }
    }

    private func applyCancellation(
        _ outcome: CancellationOutcome, to record: inout ShipmentRecord, now: Date,
        into summary: inout AdvanceSummary
    ) throws {
        switch outcome {
        case .confirmed(let time):
            record.cancelRequestedAt = nil
            try transition(
                &record, to: .canceled, at: now, providerTime: time, note: "Cancellation confirmed by carrier")
            summary.canceled += 1
        case .refused(let time, let reason):
            let back = record.statusBeforeCancel ?? .created
            record.cancelRequestedAt = nil
            record.statusBeforeCancel = nil
            try transition(&record, to: back, at: now, providerTime: time, note: "Cancellation refused: \(reason)")
            summary.cancelRefused += 1
            summary.refusedCancellations.append((record.shipment.guid, "refused by the carrier: \(reason)"))
        }
    }
}

/// News from the carrier about one shipment.
private enum CarrierNews {
    case cancellation(CancellationOutcome)
    case tracking([CarrierStatusUpdate])
}
