import ConsignCarriers
import ConsignCore
import ConsignFormats
import Foundation

/// The configuration file (`consign.json`), decoded with Codable. Every key is optional;
/// missing ones take the embedded demo defaults, which are named as demo in output and logs.
public struct ConsignConfig: Codable, Sendable {
    /// Spool folder settings.
    public var spool: SpoolSection?
    /// Path of the SQLite database (default `<spool>/state/consign.sqlite`).
    public var database: String?
    /// The shipper printed on labels and protocols.
    public var shipper: Address?
    /// COD payout accounts per currency (IBAN or Czech `prefix-number/bank`).
    public var codPayoutAccounts: [PayoutAccount]?
    /// Carrier limit overrides (contracts differ).
    public var carriers: [CarrierOverride]?
    /// ERP shipping-method names → carrier + service type, on top of the built-in names.
    public var shippingMethods: [String: ShippingMethodTarget]?
    /// ERP payment names → `cod` or `prepaid`, over the built-in rule (`CashOnDeliveryName`).
    public var paymentMethods: [String: PaymentKind]?

    /// What a payment name means.
    public enum PaymentKind: String, Codable, Sendable {
        case cod, prepaid
    }
    /// Currency assumed when an order names none.
    public var defaultCurrency: String?
    /// Sandbox carrier network settings.
    public var sandbox: SandboxSection?
    /// Close-batch report e-mail.
    public var mail: MailSection?

    /// Spool section.
    public struct SpoolSection: Codable, Sendable {
        /// Spool root folder.
        public var root: String?
        /// Seconds a file must stay unchanged before it is taken.
        public var quietPeriodSeconds: Double?
        /// Take only files with a `.done`/`.ok` marker.
        public var requireMarker: Bool?
        /// Largest input file accepted, in bytes.
        public var maxFileBytes: Int64?
        /// Seconds between rescans in `watch`.
        public var rescanIntervalSeconds: Double?
        /// A file of more orders is committed in parts: the first of this many orders (default
        /// 25,000), the later ones of a fifth of it.
        public var commitEveryOrders: Int?
        /// Encoding pinned per file-name pattern.
        public var encodings: [EncodingPin]?
        /// Encoding assumed for CSV when the bytes do not decide (default windows-1250; `CP852` enables CP852).
        public var fallbackEncoding: TextEncoding?
    }

    /// A COD payout account.
    public struct PayoutAccount: Codable, Sendable {
        /// Currency paid out to this account.
        public var currency: String
        /// IBAN or Czech `prefix-number/bank`.
        public var account: String
    }

    /// Target of a shipping-method mapping entry.
    public struct ShippingMethodTarget: Codable, Sendable {
        /// Carrier code.
        public var carrier: String
        /// Service type (`home_delivery`, `pickup_point`, `locker`, `post_office`, …).
        public var service: ServiceType
    }

    /// Sandbox section.
    public struct SandboxSection: Codable, Sendable {
        /// Sandbox seconds per real second (default 1).
        public var speed: Double?
    }

    /// Mail section (`mail.from`, `mail.to`, `mail.smtp.*`).
    public struct MailSection: Codable, Sendable {
        /// Sender address.
        public var from: String?
        /// Recipients of close-batch reports.
        public var to: [String]?
        /// SMTP server; without it reports are written to `out/mail/` as `.eml` files.
        public var smtp: SMTPSection?
    }

    /// SMTP section.
    public struct SMTPSection: Codable, Sendable {
        /// Server host name.
        public var host: String?
        /// Port (587 for starttls, 465 for tls, 25 otherwise by default).
        public var port: Int?
        /// `off`, `starttls` or `tls`.
        public var tls: String?
        /// User name for AUTH.
        public var username: String?
        /// Name of the environment variable holding the password.
        public var passwordEnv: String?
        /// File holding the password (first line).
        public var passwordFile: String?
        /// CA bundle to verify the server certificate.
        public var caFile: String?
        /// Allow AUTH over an unencrypted connection (off by default).
        public var allowPlainAuth: Bool?
        /// Seconds to wait for each server reply (default 60; the final reply after the data 180).
        public var timeoutSeconds: Double?
    }

    /// An empty config: every value from the embedded defaults.
    public init() {}

    /// Loads and decodes `path`; a decoding error names the key path.
    public static func load(path: String) throws -> ConsignConfig {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        if let json = try? JSONSerialization.jsonObject(with: data) {
            if let unknown = ConfigKeys.firstUnknown(in: json) {
                throw ConfigError(path: path, message: "unknown key '\(unknown)' (see README, Configuration)")
            }
            if let repeated = ConfigKeys.firstRepeatedKey(in: data) {
                throw ConfigError(path: path, message: "key '\(repeated)' is given twice; keep one (spellings that "
                                  + "differ only in how accents are encoded, composed or decomposed, are the same key)")
            }
            if let (key, problem) = ConfigKeys.firstNonWholeNumber(in: json) {
                throw ConfigError(path: path, message: "invalid value at '\(key)': \(problem)")
            }
        }
        do {
            return try JSONDecoder().decode(ConsignConfig.self, from: data)
        } catch let error as DecodingError {
            throw ConfigError(path: path, message: ConfigError.describe(error))
        } catch {
            throw ConfigError(path: path, message: "not valid JSON: \(error)")
        }
    }

    /// The demo shipper used when the config names none.
    public static let demoShipper = Address(
        name: "Jana Demo", company: "Demo e-shop s.r.o. (DEMO)", street: "Ukázková 1", city: "Praha",
        zip: "110 00", countryCode: "CZ", phone: "+420601000000", email: "demo@example.invalid")

    /// The demo COD payout accounts used when the config names none (valid check digits, printed as DEMO).
    public static let demoPayoutAccounts = [
        PayoutAccount(currency: "CZK", account: "19-2000145399/0800"),
        PayoutAccount(currency: "EUR", account: "SK7811000000002600000001"),
        PayoutAccount(currency: "PLN", account: "PL61109010140000071219812874"),
        PayoutAccount(currency: "HUF", account: "HU77117730161111111800000000"),
        PayoutAccount(currency: "RON", account: "RO54RZBR0000060012345678"),
    ]

    /// Where reports go when `mail.to` is not configured (a reserved, undeliverable domain).
    public static let demoReportRecipient = "accounting-demo@example.invalid"

    /// Sender of reports when `mail.from` is not configured.
    public static let demoReportSender = "consign-demo@example.invalid"

}

/// An invalid configuration file, naming the file and the key.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    /// The config file.
    public var path: String
    /// What is wrong, with the key path.
    public var message: String

    /// Creates an error.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "config '\(path)': \(message)" }

    static func describe(_ error: DecodingError) -> String {
        func keys(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing key '\(keys(context)).\(key.stringValue)'"
        case .typeMismatch(_, let context): return "wrong type at '\(keys(context))': \(context.debugDescription)"
        case .valueNotFound(_, let context): return "missing value at '\(keys(context))'"
        case .dataCorrupted(let context): return "invalid value at '\(keys(context))': \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

extension ConsignConfig {
    /// Checks values JSON decoding cannot: payout accounts (mod 11 / mod 97), mail addresses, TLS mode.
    public func validate(path: String) throws(ConfigError) {
        for (index, entry) in (codPayoutAccounts ?? []).enumerated() {
            let text = entry.account.trimmingCharacters(in: .whitespaces)
            let isIBAN = text.first?.isLetter == true
            do {
                if isIBAN { _ = try IBAN.validate(text) } else { _ = try BankAccount.parse(text) }
            } catch {
                throw ConfigError(path: path, message: "codPayoutAccounts[\(index)].account: \(error.message)")
            }
        }
        try validateShipper(path: path)
        try validateShippingMethods(path: path)
        if let tls = mail?.smtp?.tls, !["off", "starttls", "tls"].contains(tls) {
            throw ConfigError(path: path, message: "mail.smtp.tls must be off, starttls or tls, not '\(tls)'")
        }
        if let speed = sandbox?.speed, !(speed > 0 && speed <= 10_000_000) {
            throw ConfigError(path: path, message: "sandbox.speed must be a positive number")
        }
        let positives: [(String, Double?)] = [
            ("spool.rescanIntervalSeconds", spool?.rescanIntervalSeconds),
            ("mail.smtp.timeoutSeconds", mail?.smtp?.timeoutSeconds),
            ("spool.maxFileBytes", spool?.maxFileBytes.map(Double.init)),
            ("spool.commitEveryOrders", spool?.commitEveryOrders.map(Double.init)),
        ]
        for (key, value) in positives where value.map({ !($0 > 0) }) ?? false {
            throw ConfigError(path: path, message: "\(key) must be greater than 0")
        }
        if let port = mail?.smtp?.port, !(1...65535).contains(port) {
            throw ConfigError(path: path, message: "mail.smtp.port must be from 1 to 65535")
        }
        for (index, override) in (carriers ?? []).enumerated() {
            let limits = [override.maxWeight, override.maxLongestSide, override.maxSideSum, override.maxGirth]
            if limits.contains(where: { ($0 ?? 1) <= 0 }) {
                throw ConfigError(path: path, message: "carriers[\(index)]: limits must be greater than 0")
            }
        }
        if let quiet = spool?.quietPeriodSeconds, !(0...86_400).contains(quiet) {
            throw ConfigError(path: path, message: "spool.quietPeriodSeconds must be from 0 to 86400")
        }
    }
}

extension ConsignConfig {
    /// Shipping-method names match orders case- and accent-insensitively: two names that fold
    /// to one text would leave the choice between their carriers to the dictionary's order.
    func validateShippingMethods(path: String) throws(ConfigError) {
        var seen: [String: String] = [:]
        for name in (shippingMethods ?? [:]).keys.sorted() {
            let folded = ShippingMethodMapping.matchingKey(name)
            if let other = seen[folded] {
                throw ConfigError(path: path, message: "shippingMethods: '\(other)' and '\(name)' are one name once "
                                  + "case and accents are ignored; keep one")
            }
            seen[folded] = name
        }
    }

    /// The shipper prints on every label and protocol: its country must be an ISO code, its zip
    /// of that country's shape and its phone a number the carriers take.
    func validateShipper(path: String) throws(ConfigError) {
        guard let shipper else { return }
        guard let country = shipper.countryCode, CountryName.isoCode(for: country) == country.uppercased(),
              country.count == 2
        else {
            throw ConfigError(path: path, message: "shipper.countryCode must be a two-letter ISO code (CZ, SK…), "
                              + "not '\(shipper.countryCode ?? "")'")
        }
        if let zip = shipper.zip, PostalCode.normalize(zip, countryCode: country.uppercased()) == nil {
            throw ConfigError(path: path, message: "shipper.zip '\(zip)' is not a postal code of \(country)")
        }
        if let phone = shipper.phone, PhoneNumber.normalize(phone, countryCode: country.uppercased()) == nil {
            throw ConfigError(path: path, message: "shipper.phone '\(phone)' is not a phone number of \(country)")
        }
    }
}
