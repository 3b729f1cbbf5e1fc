extension SMTPSession {
    /// Starts AUTH (RFC 4954): PLAIN preferred, LOGIN otherwise; never without TLS unless allowed.
    mutating func startAuth() -> [Action] {
        guard isSecure || settings.allowPlainAuth else {
            let error = MailError(.policyRefused, "refusing to send credentials to '\(settings.host)' without TLS")
            return finish(.permanentFailure, DeliveryFailure(stage: .auth, error: error), quit: true)
        }
        let username = settings.username ?? ""
        let password = settings.password ?? ""
        if capabilities.authMechanisms.contains("PLAIN") {
            state = .auth(.plain)
            let token = Base64.encode([0] + Array(username.utf8) + [0] + Array(password.utf8))
            return [command("AUTH PLAIN \(token)")]
        }
        if capabilities.authMechanisms.contains("LOGIN") {
            state = .auth(.loginUsername)
            return [command("AUTH LOGIN")]
        }
        let error = MailError(.policyRefused, "server '\(settings.host)' offers neither AUTH PLAIN nor AUTH LOGIN")
        return finish(.permanentFailure, DeliveryFailure(stage: .auth, error: error), quit: true)
    }

    /// Handles 235 (done), 334 (next LOGIN challenge), 535/454 and the rest.
    mutating func authReply(_ reply: SMTPReply, step: AuthStep) -> [Action] {
        if reply.code == 235 && (step == .plain || step == .loginResult) { return startTransaction() }
        guard reply.code == 334 else { return fail(.auth, reply) }
        switch step {
        case .loginUsername:
            state = .auth(.loginPassword)
            return [command(Base64.encode(Array((settings.username ?? "").utf8)))]
        case .loginPassword:
            state = .auth(.loginResult)
            return [command(Base64.encode(Array((settings.password ?? "").utf8)))]
        case .plain, .loginResult:
            // An unexpected challenge: cancel the exchange (RFC 4954 §4) and give up.
            state = .auth(.loginResult)
            let error = violation("unexpected AUTH challenge")
            let failure = DeliveryFailure(stage: .auth, reply: reply, error: error)
            let actions = finish(.temporaryFailure, failure, quit: true)
            return [command("*")] + actions
        }
    }
}
