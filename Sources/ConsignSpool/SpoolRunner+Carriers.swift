import ConsignEngine
import ConsignStore
import ConsignSupport

extension SpoolRunner {
    /// Applies carrier news (cancellations, close acknowledgements, tracking). Returns the
    /// publisher that has the acknowledged batches' protocols rendering in the background.
    func advanceCarriers(into report: inout RunReport) -> HandoverPublisher {
        // One publisher for the pass: a protocol read and started in the hand-over is reused.
        let publisher = self.publisher
        do {
            let summary = try engine.advance(beforeHandOver: publisher.prepare)
            report.statusChanges += summary.statusChanges
            report.cancellationsSettled += summary.canceled + summary.cancelRefused
            for (guid, reason) in summary.refusedCancellations {
                logger.warning("cancellation not done: the shipment ships; tell the customer or have the parcel "
                               + "returned", ["shipment.guid": guid, "reason": reason])
            }
            report.batchesAcknowledged += summary.acknowledgedBatches.count
            for batch in summary.acknowledgedBatches {
                logger.info(
                    "close batch acknowledged",
                    [
                        "batch.id": String(batch.id), "carrier": batch.carrierCode,
                        "protocol": batch.protocolNumber ?? "",
                    ])
            }
            for batch in summary.failedBatches {
                logger.warning(
                    "close batch refused by the carrier; close the carrier again",
                    ["batch.id": String(batch.id), "carrier": batch.carrierCode, "reason": batch.failure ?? ""])
            }
        } catch {
            logger.warning(
                "carrier updates not applied; they are retried on the next run",
                ["spool.error": error.description])
            report.temporaryFailures.append("carrier updates")
        }
        return publisher
    }

    /// Writes handover protocols of acknowledged batches that have none yet.
    func publishProtocols(_ publisher: HandoverPublisher, into report: inout RunReport) {
        do {
            report.protocolsWritten += try publisher.publishPending().count
        } catch {
            logger.warning(
                "handover protocol not written; it is written on the next run",
                ["spool.error": String(describing: error)])
            report.temporaryFailures.append("handover protocol")
        }
        do {
            (report.mailWaiting, report.mailNeedingAttention) = try mailer(publisher).sendDue()
        } catch {
            logger.warning(
                "reports not sent; they are sent on the next run", ["spool.error": String(describing: error)])
            report.temporaryFailures.append("mail")
        }
    }

    /// The report mailer over the same publisher.
    func mailer(_ publisher: HandoverPublisher) -> ReportMailer {
        ReportMailer(
            publisher: publisher, folder: layout.handover, mailFolder: layout.mail, settings: settings.mail,
            wallClock: wallClock, logger: logger)
    }

    /// The handover publisher for this spool.
    var publisher: HandoverPublisher {
        HandoverPublisher(
            engine: engine, folder: layout.handover, payoutAccounts: settings.payoutAccounts,
            payoutIsDemo: settings.payoutIsDemo, logger: logger)
    }

    /// Sends one queued report again now (`consign mailq --retry ID`): refused recipients get
    /// another try, or, given `recipients`, those replace every recipient that has not accepted it.
    public func retryReport(id: Int, recipients replacement: [String] = []) throws -> QueuedMail {
        guard var mail = try engine.store.report(id: id) else {
            throw SpoolError(.configuration, "no report with id \(id) in the mail queue", isTemporary: false)
        }
        if !replacement.isEmpty {
            try engine.store.transaction { try engine.store.replaceWaitingRecipients(ofMail: id, with: replacement) }
        }
        var recipients = try engine.store.recipients(ofMail: id)
        for index in recipients.indices where recipients[index].state == .refused { recipients[index].state = .pending }
        mail.state = .queued
        mail.finishedAt = nil
        try engine.store.transaction { try engine.store.recordAttempt(mail, recipients: recipients) }
        try mailer(publisher).send(mail)
        return try engine.store.report(id: id) ?? mail
    }

    /// Writes new events and tracking changes for the ERP.
    func export(into report: inout RunReport) {
        let stage = stage
        endStaging()
        do {
            report.eventsExported = try EventExporter(store: engine.store, folder: layout.events, stage: stage).export()
            report.trackingExported = try TrackingExporter(
                store: engine.store, folder: layout.tracking, stage: stage).export()
            if let stage, report.eventsExported > 0 {
                logger.debug("exports written", [
                    "events": stage.gaveEvents ? "while storing" : "from the store",
                    "tracking": stage.gaveTracking ? "while storing" : "from the store",
                    "reason": stage.dropReason ?? "",
                ])
            }
        } catch {
            logger.warning(
                "events or tracking not exported; they are exported on the next run",
                ["spool.error": String(describing: error)])
            report.temporaryFailures.append("export")
        }
    }
}
