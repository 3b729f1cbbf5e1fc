extension SMTPSession {
    /// MAIL FROM, then RCPT TO per recipient and DATA; all in one write when PIPELINING is offered.
    mutating func startTransaction() -> [Action] {
        if let limit = capabilities.maximumSize, limit > 0, message.count > limit {
            let error = MailError(.policyRefused,
                                  "message of \(message.count) bytes exceeds the server's SIZE \(limit)")
            return finish(.permanentFailure, DeliveryFailure(stage: .mail, error: error), quit: true)
        }
        state = .transaction
        var mail = "MAIL FROM:<\(envelope.sender.address)>"
        if capabilities.maximumSize != nil { mail += " SIZE=\(message.count)" }
        guard capabilities.supportsPipelining else {
            pending = [.mail]
            return [command(mail)]
        }
        pending = [.mail] + envelope.recipients.indices.map { .recipient($0) } + [.data]
        var bytes = Array((mail + "\r\n").utf8)
        for recipient in envelope.recipients { bytes += Array("RCPT TO:<\(recipient.address)>\r\n".utf8) }
        bytes += Array("DATA\r\n".utf8)
        return [.send(bytes)]
    }

    /// Matches a reply to the oldest pending command; every pipelined reply is checked (RFC 2920 §3.1).
    mutating func transactionReply(_ reply: SMTPReply) -> [Action] {
        guard !pending.isEmpty else { return abort(violation("reply \(reply.code) with no command pending")) }
        let current = pending.removeFirst()
        switch current {
        case .mail: return mailReply(reply)
        case .recipient(let index): return recipientReply(reply, index: index)
        case .data: return dataReply(reply)
        }
    }

    private mutating func mailReply(_ reply: SMTPReply) -> [Action] {
        if reply.isPositive {
            guard !capabilities.supportsPipelining else { return [] }
            return nextRecipient(after: nil)
        }
        guard capabilities.supportsPipelining else { return fail(.mail, reply) }
        // The pipelined RCPT and DATA replies still come; read them, then report this one.
        transactionFailure = DeliveryFailure(stage: .mail, reply: reply)
        return []
    }

    private mutating func recipientReply(_ reply: SMTPReply, index: Int) -> [Action] {
        if reply.isPositive {
            statuses[index] = .accepted
        } else if reply.isTransient || reply.code == 552 {
            // 552 to RCPT means "too many recipients": temporary (RFC 5321 §4.5.3.1.10).
            statuses[index] = .refusedTemporarily(reply)
        } else if reply.isPermanent {
            statuses[index] = .refusedPermanently(reply)
        } else {
            return abort(violation("unexpected reply \(reply.code) to RCPT"))
        }
        guard capabilities.supportsPipelining else { return nextRecipient(after: index) }
        return []
    }

    private mutating func nextRecipient(after index: Int?) -> [Action] {
        let next = (index ?? -1) + 1
        if next < envelope.recipients.count {
            pending = [.recipient(next)]
            return [command("RCPT TO:<\(envelope.recipients[next].address)>")]
        }
        if let refusal = allRefusedFailure() { return finish(refusal.outcome, refusal.failure, quit: true) }
        pending = [.data]
        return [command("DATA")]
    }

    private mutating func dataReply(_ reply: SMTPReply) -> [Action] {
        let refusal = transactionFailure.map { failure in (outcome: outcome(of: failure.reply), failure: failure) }
            ?? allRefusedFailure()
        if let refusal {
            guard reply.code == 354 else { return finish(refusal.outcome, refusal.failure, quit: true) }
            // The server opened DATA although nothing can be delivered: send an empty message.
            isDiscardingData = true
            transactionFailure = refusal.failure
            state = .dataTermination
            return [.send(Array(".\r\n".utf8))]
        }
        guard reply.code == 354 else { return fail(.data, reply) }
        state = .sendingData
        return [.sendMessageData(DotStuffing.encode(message))]
    }

    /// After the final dot: 250 delivers to every accepted recipient (RFC 5321 §3.3).
    mutating func dataTerminationReply(_ reply: SMTPReply) -> [Action] {
        if isDiscardingData, let failure = transactionFailure {
            return finish(outcome(of: failure.reply), failure, quit: true)
        }
        guard reply.isPositive else { return fail(.dataTermination, reply) }
        let refused = statuses.first { $0 != .accepted }.flatMap { $0 }
        guard let refused else { return finish(.delivered, nil, quit: true) }
        let refusalReply: SMTPReply? = switch refused {
        case .refusedTemporarily(let reply), .refusedPermanently(let reply): reply
        default: nil
        }
        return finish(.partiallyDelivered, DeliveryFailure(stage: .recipient, reply: refusalReply), quit: true)
    }

    private func allRefusedFailure() -> (outcome: DeliveryReport.Outcome, failure: DeliveryFailure)? {
        guard !statuses.contains(.accepted) else { return nil }
        var lastReply: SMTPReply?
        var isTemporary = false
        for status in statuses {
            if case .refusedTemporarily(let reply) = status { lastReply = reply; isTemporary = true }
            if case .refusedPermanently(let reply) = status, !isTemporary { lastReply = reply }
        }
        let outcome: DeliveryReport.Outcome = isTemporary ? .temporaryFailure : .permanentFailure
        return (outcome, DeliveryFailure(stage: .recipient, reply: lastReply))
    }

    private func outcome(of reply: SMTPReply?) -> DeliveryReport.Outcome {
        reply?.isPermanent == true ? .permanentFailure : .temporaryFailure
    }
}
