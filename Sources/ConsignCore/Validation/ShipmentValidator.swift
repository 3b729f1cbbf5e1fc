/// Checks a draft against a carrier service before registration, with Shoptet-style errors.
public enum ShipmentValidator {
    /// Every problem that stops `draft` from being registered with `service`.
    public static func validate(_ draft: ShipmentDraft, carrier: Carrier, service: CarrierService) -> [CoreError] {
        var problems: [CoreError] = []
        let recipient = draft.recipient
        let required: [(String, String?)] = [
            ("name", recipient.name), ("street", recipient.street), ("city", recipient.city),
            ("zip", recipient.zip), ("countryCode", recipient.countryCode),
        ]
        for (field, value) in required where value == nil {
            problems.append(
                CoreError(
                    .validationFailed, "Invalid recipient of order, missing field: \(field).",
                    instance: "recipient.\(field)"))
        }
        problems += contactProblems(recipient, carrier: carrier, service: service)
        problems += Eligibility.reasons(draft, service).map {
            CoreError(
                .validationFailed, "\(carrier.name) \(service.type.rawValue): \($0.message).", instance: $0.instance)
        }
        return problems
    }

    private static func contactProblems(
        _ recipient: Address, carrier: Carrier,
        service: CarrierService
    ) -> [CoreError] {
        var problems: [CoreError] = []
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
        if recipient.phone == nil && recipient.email == nil && problems.isEmpty {
            problems.append(
                CoreError(
                    .validationFailed, "Recipient needs a phone or an e-mail.",
                    instance: "recipient.phone"))
        }
        return problems
    }
}
