extension SMTPSession {
    /// Ends on a reply that refused the current step: 4yz temporary, 5yz permanent, else a violation.
    mutating func fail(_ stage: SMTPStage, _ reply: SMTPReply) -> [Action] {
        let failure = DeliveryFailure(stage: stage, reply: reply)
        if reply.isTransient { return finish(.temporaryFailure, failure, quit: reply.code != 421) }
        if reply.isPermanent { return finish(.permanentFailure, failure, quit: true) }
        let error = violation("unexpected reply \(reply.code) at \(stage.rawValue)")
        return finish(.temporaryFailure, DeliveryFailure(stage: stage, reply: reply, error: error), quit: false)
    }

    /// Ends at once without QUIT: the connection is unusable or untrustworthy.
    mutating func abort(_ error: MailError) -> [Action] {
        finish(.temporaryFailure, DeliveryFailure(stage: stage, error: error), quit: false)
    }

    /// Records the outcome; sends QUIT and waits for its reply, or closes right away.
    mutating func finish(_ outcome: DeliveryReport.Outcome, _ failure: DeliveryFailure?, quit: Bool) -> [Action] {
        let delivered = outcome == .delivered || outcome == .partiallyDelivered
        let recipients = zip(envelope.recipients, statuses).map { address, status in
            RecipientResult(address: address.address, status: finalStatus(status, delivered: delivered))
        }
        decided = DeliveryReport(outcome: outcome, recipients: recipients, failure: failure, messageID: messageID)
        guard quit else { return [.close] + finishedAction() }
        state = .quitting
        return [command("QUIT")]
    }

    /// The `.finished` action with the decided report; moves to `done`.
    mutating func finishedAction() -> [Action] {
        state = .done
        guard let decided else { return [] }
        return [.finished(decided)]
    }

    private func finalStatus(_ status: RecipientStatus?, delivered: Bool) -> RecipientStatus {
        switch status {
        case .accepted?: delivered ? .accepted : .notDelivered
        case let refused?: refused
        case nil: .notDelivered
        }
    }
}
