import ConsignCore
import ConsignStore
import Foundation

/// What one pass of carrier news changed.
public struct AdvanceSummary: Sendable {
    /// Cancellations the carrier confirmed.
    public var canceled = 0
    /// Cancellations the carrier refused.
    public var cancelRefused = 0
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
        var record = try shipment(guid: guid)
        let status = record.shipment.status
        if status == .cancelRequested { return record }
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
        return record
    }

    /// Closes a carrier: all its open shipments become one batch, accepted now and
    /// acknowledged by the carrier later (then the shipments become `closed`).
    /// `reportRecipients` overrides the configured recipients of this batch's report.
    public func close(
        carrierCode: String,
        reportRecipients: [String]? = nil
    ) throws(EngineError) -> (batch: CloseBatchRecord, shipments: Int) {
        guard let carrier = catalogue.carrier(carrierCode) else {
            throw .domain(CoreError(.carrierNotFound, "Carrier ID \"\(carrierCode)\" not found.", instance: "code"))
        }
        do {
            return try store.transaction {
                // Only the ids: decoding 100,000 full shipments took seconds and nothing used them.
                let open = try store.openShipmentIds(carrierCode: carrier.code)
                guard !open.isEmpty else {
                    throw CoreError(
                        .closingFailed, "Carrier \(carrier.code) has no open shipments to close.",
                        instance: carrier.code)
                }
                let batch = try store.createCloseBatch(
                    carrierCode: carrier.code, requestedAt: clock.now(),
                    shipmentIds: open)
                if let reportRecipients, !reportRecipients.isEmpty {
                    try store.setReportRecipients(batchId: batch.id, reportRecipients)
                }
                return (batch, open.count)
            }
        } catch {
            throw EngineError.wrap(error)
        }
    }

    /// Asks the carrier network for news and applies it: close acknowledgements, cancellation
    /// outcomes and tracking updates. Each chunk of work is one transaction.
    public func advance() throws(EngineError) -> AdvanceSummary {
        var summary = AdvanceSummary()
        let now = clock.now()
        do {
            try settleCloseBatches(now: now, into: &summary)
            var lastId: Int64 = 0
            while true {
                let chunk = try store.shipmentsAwaitingCarrier(afterId: lastId, limit: 500)
                guard let last = chunk.last else { break }
                lastId = last.id
                try store.transaction {
                    for record in chunk { try applyNews(to: record, now: now, into: &summary) }
                }
            }
        } catch {
            throw EngineError.wrap(error)
        }
        return summary
    }

    private func settleCloseBatches(now: Date, into summary: inout AdvanceSummary) throws {
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
                    try handOver(batchId: batch.id, at: time, protocolNumber: protocolNumber)
                    let recipients = try store.reportRecipients(batchId: batch.id) ?? settings.reportRecipients
                    try store.enqueueReport(
                        batchId: batch.id, messageId: reportMessageId(batch, protocolNumber),
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

    /// The report's Message-ID: fixed per batch, so every retry sends the same message.
    func reportMessageId(_ batch: CloseBatchRecord, _ protocolNumber: String) -> String {
        let local = "consign.batch-\(batch.id).\(protocolNumber)".filter { $0.isASCII && !$0.isWhitespace && $0 != ">" }
        return "<\(local)@\(settings.messageIdDomain)>"
    }

    private func handOver(batchId: Int, at time: Date, protocolNumber: String) throws {
        for var record in try store.shipments(inBatch: batchId) where record.shipment.status.canMove(to: .closed) {
            record.handedOverAt = time
            record.trackedUntil = time
            let note =
                record.shipment.status == .cancelRequested
                ? "Handed over in protocol \(protocolNumber); cancellation refused"
                : "Handed over in protocol \(protocolNumber)"
            record.cancelRequestedAt = nil
            try transition(&record, to: .closed, at: time, note: note)
        }
    }

    private func applyNews(to original: ShipmentRecord, now: Date, into summary: inout AdvanceSummary) throws {
        var record = original
        if record.shipment.status == .cancelRequested {
            try applyCancellation(&record, now: now, into: &summary)
            return
        }
        guard record.handedOverAt != nil else { return }
        let since = record.trackedUntil ?? record.handedOverAt ?? now
        for update in gateway.trackingUpdates(for: record.progress, since: since, now: now)
        where record.shipment.status.canMove(to: update.status) {
            try transition(
                &record, to: update.status, at: now, providerTime: update.providerDatetime, note: update.note)
            summary.statusChanges += 1
        }
        record.trackedUntil = now
        try store.save(&record)
    }

    private func applyCancellation(
        _ record: inout ShipmentRecord, now: Date,
        into summary: inout AdvanceSummary
    ) throws {
        switch gateway.cancellationOutcome(for: record.progress, now: now) {
        case nil:
            return
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
        }
    }
}
