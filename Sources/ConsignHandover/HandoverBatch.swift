import ConsignCore
import Foundation

/// The bank account the carrier pays collected cash on delivery to.
public struct PayoutAccount: Hashable, Sendable {
    /// IBAN or Czech account number (`19-2000145399/0800`).
    public var number: String
    /// True for the demo default that must never be taken for a real account.
    public var isDemo: Bool

    /// Creates an account.
    public init(number: String, isDemo: Bool = false) {
        self.number = number
        self.isDemo = isDemo
    }

    /// The account as printed on a protocol; demo accounts are marked `DEMO` on both sides.
    public var printedText: String {
        isDemo ? "DEMO \(number) DEMO (not a real payout account)" : number
    }
}

/// A closed and acknowledged batch of one carrier's shipments: the content of one handover protocol.
public struct HandoverBatch: Hashable, Sendable {
    /// Consign's close-batch id.
    public var id: Int
    /// Catalogue carrier code, e.g. `ppl`.
    public var carrierCode: String
    /// Carrier name for people, e.g. `PPL CZ`.
    public var carrierName: String
    /// The carrier's protocol (manifest, handover) number.
    public var protocolNumber: String
    /// When the close was requested.
    public var requestedAt: Date
    /// When the carrier acknowledged the close.
    public var acknowledgedAt: Date
    /// The shipper handing the parcels over.
    public var sender: Address
    /// Where collected cash on delivery is paid out (the header's account).
    public var codPayoutAccount: PayoutAccount
    /// The payout account for each currency by ISO code; every COD total names its own.
    public var codPayoutAccounts: [String: PayoutAccount]
    /// The parcels, one row each, in the order they are printed.
    public var parcels: [HandoverParcel]

    /// Creates a batch.
    public init(
        id: Int, carrierCode: String, carrierName: String, protocolNumber: String,
        requestedAt: Date, acknowledgedAt: Date, sender: Address, codPayoutAccount: PayoutAccount,
        codPayoutAccounts: [String: PayoutAccount] = [:], parcels: [HandoverParcel]
    ) {
        self.id = id
        self.carrierCode = carrierCode
        self.carrierName = carrierName
        self.protocolNumber = protocolNumber
        self.requestedAt = requestedAt
        self.acknowledgedAt = acknowledgedAt
        self.sender = sender
        self.codPayoutAccount = codPayoutAccount
        self.codPayoutAccounts = codPayoutAccounts
        self.parcels = parcels
    }

    /// The batch's totals, computed from its parcels.
    public var totals: HandoverTotals { HandoverTotals(parcels: parcels) }
}
