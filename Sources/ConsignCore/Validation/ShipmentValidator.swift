/// Checks a draft against a carrier service before registration, with Shoptet-style errors.
public enum ShipmentValidator {
    /// Every problem that stops `draft` from being registered with `service`.
    public static func validate(_ draft: ShipmentDraft, carrier: Carrier, service: CarrierService) -> [CoreError] {
        var problems: [CoreError] = []
        // Field by field, not through an array of (name, value) pairs: one allocation and a
        // retain of every text per order, for what is nearly always no problem.
        if draft.recipient.name == nil { problems.append(missing("name")) }
        if draft.recipient.street == nil { problems.append(missing("street")) }
        if draft.recipient.city == nil { problems.append(missing("city")) }
        if draft.recipient.zip == nil { problems.append(missing("zip")) }
        if draft.recipient.countryCode == nil { problems.append(missing("countryCode")) }
        contactProblems(draft.recipient, carrier: carrier, service: service, into: &problems)
        let reasons = Eligibility.reasons(draft, service)
        guard !reasons.isEmpty else { return problems }  // appending nothing still allocated
        problems += reasons.map {
            CoreError(
                .validationFailed, "\(carrier.name) \(service.type.rawValue): \($0.message).", instance: $0.instance)
        }
        return problems
    }

    private static func missing(_ field: String) -> CoreError {
        CoreError(.validationFailed, "Invalid recipient of order, missing field: \(field).",
                  instance: "recipient.\(field)")
    }

    private static func contactProblems(_ recipient: borrowing Address, carrier: Carrier, service: CarrierService,
                                        into problems: inout [CoreError]) {
        let before = problems.count
        if service.requiresPhone && recipient.phone == nil {
            problems.append(
                CoreError(
                    .validationFailed, "\(carrier.name) requires the recipient's phone.",
                    instance: "recipient.phone"))
        }
        if service.requiresEmail && recipient.email == nil {
            problems.append(
                CoreError(
                    .validationFailed, "\(carrier.name) requires the recipient's e-mail.",
                    instance: "recipient.email"))
        }
        if recipient.phone == nil && recipient.email == nil && problems.count == before {
            problems.append(
                CoreError(
                    .validationFailed, "Recipient needs a phone or an e-mail.",
                    instance: "recipient.phone"))
        }
    }
}
