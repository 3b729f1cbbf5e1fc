import ConsignCarriers
import ConsignCore
import ConsignEngine
import ConsignFormats
import ConsignMail
import ConsignSpool
import ConsignStore
import ConsignSupport
import Foundation

/// Wires the pieces from the config and the global options. Built lazily so that cheap
/// commands (`status`, `--help`) never load the catalogue or open more than they need.
final class Environment {
    let config: ConsignConfig
    /// The config file used, nil for the embedded defaults.
    let configPath: String?
    let layout: SpoolLayout
    let logger: Logger

    init(config: ConsignConfig, configPath: String?, spoolRoot: String?, logger: Logger) {
        self.config = config
        self.configPath = configPath
        self.layout = SpoolLayout(root: spoolRoot ?? config.spool?.root ?? "./spool")
        self.logger = logger
    }

    /// The store, creating the spool folders first.
    /// What the command may do when the spool or its database is missing.
    enum StoreUse {
        /// `run`, `watch`, `status`: create missing folders (the spool root itself must exist).
        case spool
        /// Query and shipment commands: the database must exist (a wrong --spool fails loudly).
        case existing
        /// `carriers`, `carrier`: no database needed; an empty in-memory one when there is none.
        case catalogueOnly
    }

    /// How the next `store` access treats a missing spool.
    var storeUse = StoreUse.spool

    /// The store, creating the spool folders first when the command is allowed to.
    lazy var store: Result<Store, SpoolError> = {
        do {
            let path = config.database ?? layout.database
            guard FileManager.default.fileExists(atPath: layout.root) else {
                if storeUse == .catalogueOnly { return .success(try Store(path: ":memory:")) }
                throw SpoolError(
                    .filesystem,
                    "spool folder '\(layout.root)' does not exist; create it or check "
                        + "--spool / spool.root", isTemporary: false)
            }
            if !FileManager.default.fileExists(atPath: path) {
                switch storeUse {
                case .catalogueOnly: return .success(try Store(path: ":memory:"))
                case .existing:
                    throw SpoolError(
                        .store,
                        "no Consign database at '\(path)'; check --spool / spool.root, "
                            + "or run `consign run` first", isTemporary: false)
                case .spool:
                    // Without its database a spool would register the orders of done/ again.
                    let processed = [layout.done, layout.results].contains { folder in
                        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                            .contains { !$0.hasPrefix(".") }
                    }
                    if processed {
                        throw SpoolError(.store, "no database at '\(path)' but the spool has processed files in "
                                         + "done/ or out/results/; restore the database (a new one would register "
                                         + "those orders again), or empty done/ and out/ to start afresh",
                                         isTemporary: false)
                    }
                }
            }
            try layout.create()
            return .success(try Store(path: path))
        } catch let error as SpoolError {
            return .failure(error)
        } catch let error as StoreError {
            return .failure(SpoolError(.store, "cannot open the database: \(error)", isTemporary: error.isTemporary))
        } catch {
            return .failure(SpoolError(.store, "\(error)", isTemporary: false))
        }
    }()

    /// The engine over the store, the bundled catalogue with overrides and the sandbox network.
    func engine() throws -> ShipmentEngine {
        let store = try self.store.get()
        let bundled = try CatalogueLoader.bundled()
        if let stray = CatalogueLoader.unmatched(config.carriers ?? [], in: bundled).first {
            throw ConfigError(path: configPath ?? "consign.json",
                              message: "carriers: no carrier \"\(stray.carrierCode)\" with that service in the "
                                  + "catalogue (see consign carriers)")
        }
        let catalogue = CatalogueLoader.apply(config.carriers ?? [], to: bundled)
        let settings = try engineSettings(catalogue: catalogue)
        // Parcel serials go on from the last committed run and are saved with every registration.
        let serials = try store.keep(metaKey: SandboxSerials.metaKey, from: { stored in
            if let stored, SandboxSerials.parse(stored) == nil {
                logger.warning("the store's sandbox.serial is not a serial (digits below 2^63); sandbox parcel "
                               + "numbers start again from a random serial and may repeat earlier ones",
                               ["store.key": SandboxSerials.metaKey])
            }
            return SandboxSerials.resuming(stored)
        }, as: { String($0.next) })
        return ShipmentEngine(
            store: store, catalogue: catalogue, gateway: SandboxCarrierNetwork(serials: serials),
            clock: try sandboxClock(store), settings: settings, logger: logger)
    }

    /// The engine's settings from the config; a shipping-method entry's carrier given as an id
    /// (`110`) is stored as the `catalogue`'s code (`ppl`), as orders name carriers, and one the
    /// catalogue does not have is refused.
    func engineSettings(catalogue: CarrierCatalogue) throws(ConfigError) -> EngineSettings {
        var mapping = ShippingMethodMapping.defaults
        // In name order: the config is a dictionary, and its order must not decide anything.
        for (name, target) in (config.shippingMethods ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let carrier = catalogue.carrier(target.carrier) else {
                throw ConfigError(path: configPath ?? "consign.json",
                                  message: "shippingMethods.\(name): no carrier \"\(target.carrier)\" in the "
                                      + "catalogue (see consign carriers)")
            }
            mapping.entries.append(.init(name: name, carrierCode: carrier.code, serviceType: target.service))
        }
        var settings = EngineSettings(
            sender: Self.normalized(config.shipper ?? ConsignConfig.demoShipper),
            defaultCurrency: config.defaultCurrency ?? "CZK", shippingMethods: mapping,
            reportRecipients: config.mail?.to ?? [ConsignConfig.demoReportRecipient],
            codPayoutCurrencies: Set(
                (config.codPayoutAccounts ?? ConsignConfig.demoPayoutAccounts)
                    .map { $0.currency.uppercased() }))
        for (name, kind) in config.paymentMethods ?? [:] {
            settings.paymentMethods[OrderNormalizer.paymentMethodKey(name)] = kind == .cod
        }
        return settings
    }

    func spoolSettings() throws(ConfigError) -> SpoolSettings {
        let section = config.spool
        var reader = ReaderOptions()
        if let fallback = section?.fallbackEncoding { reader.fallbackEncoding = fallback }
        var settings = SpoolSettings(
            quietPeriod: section?.quietPeriodSeconds ?? 2, requireMarker: section?.requireMarker ?? false,
            maxFileBytes: section?.maxFileBytes ?? (4 << 30), readerOptions: reader,
            encodingPins: section?.encodings ?? [], rescanInterval: section?.rescanIntervalSeconds ?? 30)
        settings.commitEveryOrders = section?.commitEveryOrders ?? SpoolSettings.defaultCommitEveryOrders
        let accounts = config.codPayoutAccounts ?? []
        settings.payoutIsDemo = accounts.isEmpty
        let effective = accounts.isEmpty ? ConsignConfig.demoPayoutAccounts : accounts
        for account in effective { settings.payoutAccounts[account.currency.uppercased()] = account.account }
        settings.mail = ReportMailSettings(
            from: config.mail?.from ?? ConsignConfig.demoReportSender, smtp: try smtpSettings())
        return settings
    }

    /// The shipper as recipients are stored: an upper-case country, the zip in its country's
    /// shape, the phone in E.164 (the config is validated, so each normalises).
    static func normalized(_ shipper: Address) -> Address {
        var address = shipper
        guard let country = shipper.countryCode?.uppercased() else { return address }
        address.countryCode = country
        address.zip = shipper.zip.flatMap { PostalCode.normalize($0, countryCode: country) } ?? shipper.zip
        address.phone = shipper.phone.flatMap { PhoneNumber.normalize($0, countryCode: country) } ?? shipper.phone
        return address
    }

    /// SMTP settings from `mail.smtp`, or nil (reports then go to `out/mail/` as `.eml`).
    /// The password comes from the environment variable `mail.smtp.passwordEnv` or the
    /// file `mail.smtp.passwordFile`, never from the command line. A named variable that is not
    /// set, or a file that cannot be read, is a configuration error: sent without a password, the
    /// report came back as "535 credentials invalid" (cron jobs often lack the variable).
    func smtpSettings() throws(ConfigError) -> SMTPSettings? {
        guard let smtp = config.mail?.smtp, let host = smtp.host, !host.isEmpty else { return nil }
        let mode = SMTPTLSMode(rawValue: smtp.tls ?? "starttls") ?? .starttls
        let port = smtp.port.map { UInt16(clamping: $0) } ?? (mode == .tls ? 465 : mode == .starttls ? 587 : 25)
        var password = smtp.passwordEnv.flatMap { ProcessInfo.processInfo.environment[$0] }
        if password == nil, let file = smtp.passwordFile {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ConfigError(path: configPath ?? "consign.json",
                                  message: "mail.smtp.passwordFile \(file) cannot be read")
            }
            password = text.split(whereSeparator: \.isNewline).first.map(String.init)
        }
        if password == nil, let name = smtp.passwordEnv {
            throw ConfigError(path: configPath ?? "consign.json",
                              message: "mail.smtp.passwordEnv names \(name), which is not set in the environment "
                                  + "(a cron job does not read your shell profile; set it in the crontab)")
        }
        var hostName = [CChar](repeating: 0, count: 256)
        gethostname(&hostName, hostName.count)
        let helo = String(decoding: hostName.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // Shorter than RFC 5321's minutes: the spool lock is held while a report is sent.
        let wait = smtp.timeoutSeconds ?? 60
        let timeouts = SMTPTimeouts(
            connect: min(wait, 30), greeting: wait, mail: wait, recipient: wait,
            dataInitiation: wait, dataBlock: wait, dataTermination: wait * 3, quit: min(wait, 30))
        return SMTPSettings(
            host: host, port: port, tls: mode, username: smtp.username, password: password,
            caFile: smtp.caFile, allowPlainAuth: smtp.allowPlainAuth ?? false,
            heloName: helo.isEmpty ? "localhost" : helo, timeouts: timeouts)
    }

    /// Sandbox time: `CONSIGN_NOW` (a fixed instant, for tests and demos) or real time
    /// stretched by `sandbox.speed` from an anchor kept in the store.
    func sandboxClock(_ store: Store) throws -> any Clock {
        if let fixed = ProcessInfo.processInfo.environment["CONSIGN_NOW"] {
            guard let instant = ShoptetDate.parse(fixed) ?? Double(fixed).map(Date.init(timeIntervalSince1970:)) else {
                throw UsageError(message: "CONSIGN_NOW must be a date like 2026-12-04T10:00:00+0100 or Unix seconds")
            }
            return FixedClock(instant)
        }
        let speed = config.sandbox?.speed ?? 1
        let anchor: Date
        if let stored = try store.meta("sandbox.anchor").flatMap(Double.init) {
            anchor = Date(timeIntervalSince1970: stored)
        } else {
            anchor = Date()
            try store.transaction { try store.setMeta("sandbox.anchor", String(anchor.timeIntervalSince1970)) }
        }
        return ScaledClock(anchor: anchor, speed: speed)
    }
}
