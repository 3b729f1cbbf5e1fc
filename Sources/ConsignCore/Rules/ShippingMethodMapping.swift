import Foundation

/// Maps the ERP's shipping-method names ("Zásilkovna - výdejní místo") to a carrier and service type.
///
/// Configured entries match whole names (case- and diacritics-insensitively) and win; names
/// no entry matches go through built-in rules that look for carrier and product words.
public struct ShippingMethodMapping: Codable, Hashable, Sendable {
    /// One configured name.
    public struct Entry: Codable, Hashable, Sendable {
        /// The shipping-method name as the ERP writes it.
        public var name: String
        /// The catalogue carrier code.
        public var carrierCode: String
        /// The service type.
        public var serviceType: ServiceType

        /// Creates an entry.
        public init(name: String, carrierCode: String, serviceType: ServiceType) {
            self.name = name
            self.carrierCode = carrierCode
            self.serviceType = serviceType
        }
    }

    /// Configured names, checked before the built-in rules.
    public var entries: [Entry]
    /// Whether names no entry matches go through the built-in word rules.
    public var usesBuiltInRules: Bool

    /// Creates a mapping from configured entries, with or without the built-in rules behind them.
    public init(entries: [Entry] = [], usesBuiltInRules: Bool = true) {
        self.entries = entries
        self.usesBuiltInRules = usesBuiltInRules
    }

    /// `name` as configured entries are matched: case and accents dropped. Two configured names
    /// with one key would match the same orders.
    public static func matchingKey(_ name: String) -> String {
        TextFolding.fold(name)
    }

    /// The built-in rules alone: PPL, Zásilkovna/Packeta, Česká pošta/Balíkovna, DPD, GLS, MPL.
    public static let defaults = ShippingMethodMapping()

    /// The carrier code and service type for `name`, or nil when nothing recognises it.
    public func resolve(_ name: String) -> (carrierCode: String, serviceType: ServiceType)? {
        if !entries.isEmpty {
            let folded = TextFolding.fold(name)
            guard !folded.isEmpty else { return nil }
            if let entry = entry(matching: folded) { return (entry.carrierCode, entry.serviceType) }
        }
        return builtIn(name)
    }

    /// The configured entry whose folded name is `folded`.
    private func entry(matching folded: String) -> Entry? {
        entries.first { TextFolding.fold($0.name) == folded }
    }

    /// The built-in rules' answer for `name` (nil when they are off).
    private func builtIn(_ name: String) -> (carrierCode: String, serviceType: ServiceType)? {
        guard usesBuiltInRules else { return nil }
        return Self.builtInMemo.value(for: name) { name in
            let folded = TextFolding.fold(name)
            return folded.isEmpty ? nil : Self.builtInRules.lazy.compactMap { $0(folded) }.first
        }
    }

    /// The built-in rules' answer per name as written: they build strings for every phrase, and
    /// a file's few names are then neither folded nor looked up twice for every order.
    private static let builtInMemo = TextMemo<(carrierCode: String, serviceType: ServiceType)?>()

    /// What `resolve` gives for `name` when the name is a configured entry or names its carrier
    /// by brand ("Zásilkovna", "PPL", "Balíkovna"); nil for a generic phrase the built-in rules
    /// read as Czech Post's ("do ruky", "na poštu"), which other carriers' methods say too. Only
    /// such a name can contradict a carrier the order gives besides it.
    public func namedCarrier(_ name: String) -> (carrierCode: String, serviceType: ServiceType)? {
        let folded = TextFolding.fold(name)
        guard !folded.isEmpty else { return nil }
        if let entry = entry(matching: folded) { return (entry.carrierCode, entry.serviceType) }
        guard let resolved = builtIn(name) else { return nil }
        return Self.namesBrand(folded, of: resolved.carrierCode) ? resolved : nil
    }

    /// True when `folded` names `carrier` by a word only that carrier's products use.
    static func namesBrand(_ folded: String, of carrier: String) -> Bool {
        switch carrier {
        case "packeta": has(folded, "zasilkovna", "packeta", "zasielkovna", "csomagkuldo", "z box", "zbox")
        // "Balík Na poštu" and "Balík Do ruky" are Czech Post's product names; "na poštu" alone is not.
        case "cpost":
            has(folded, "ceska posta", "cp", "balikobox", "balik na postu", "balik do ruky")
                || hasStem(folded, "balikovn")
        // "Postán maradó" (kept at the post office) is Magyar Posta's service name.
        case "mpl": has(folded, "mpl", "magyar posta", "posta pont", "postan marado") || hasStem(folded, "postapont")
        default: has(folded, carrier)
        }
    }
}

extension ShippingMethodMapping {
    typealias Rule = @Sendable (String) -> (carrierCode: String, serviceType: ServiceType)?

    /// True when `folded` contains any of `phrases` as whole words.
    static func has(_ folded: String, _ phrases: String...) -> Bool {
        phrases.contains { TextFolding.contains(folded, phrase: $0) }
    }

    /// True when a word of `folded` starts with any of `stems`.
    static func hasStem(_ folded: String, _ stems: String...) -> Bool {
        stems.contains { TextFolding.containsWord(folded, startingWith: $0) }
    }

    /// The rules in order: the more specific product words are checked inside each carrier.
    /// Czech Post comes after the carriers named by brand: its "do ruky" (into the recipient's
    /// hands) also describes PPL's, DPD's and GLS's home delivery ("PPL - doručení do ruky").
    static let builtInRules: [Rule] = [packeta, ppl, dpd, gls, mpl, cpost]

    static let packeta: Rule = { text in
        // "Zásielkovňa" is the Slovak brand, "Csomagküldő" the Hungarian one.
        let isPacketa = has(text, "zasilkovna", "packeta", "zasielkovna", "csomagkuldo")
        let namesPlace = has(text, "vydejni misto", "vydajne miesto", "pickup", "point") || hasStem(text, "vydej")
        // "výdejní místo nebo Z-BOX" offers both: the point's id decides, the pickup service takes it.
        if has(text, "z box", "zbox") { return ("packeta", namesPlace ? .pickupPoint : .locker) }
        guard isPacketa else { return nil }
        // Czech "na adresu", "kurýrem", Slovak "domov", Hungarian "házhozszállítás".
        if has(text, "na adresu", "home", "domu", "adresu", "domov") || hasStem(text, "kuryr", "hazhoz") {
            return ("packeta", .homeDelivery)
        }
        if has(text, "box") && !namesPlace { return ("packeta", .locker) }
        return ("packeta", .pickupPoint)
    }

    static let cpost: Rule = { text in
        // Slovak Post is not Czech Post: its "na poštu" must not map here.
        if has(text, "slovenska posta") { return nil }
        if has(text, "balikobox") { return ("cpost", .locker) }
        // "Balíkovna", "Balík Do Balíkovny", "do balíkovnu".
        if hasStem(text, "balikovn") {
            if has(text, "box") { return ("cpost", .locker) }
            // "Balíkovna na adresu" is Czech Post's home delivery sold under the Balíkovna brand.
            return has(text, "na adresu", "adresu") ? ("cpost", .homeDelivery) : ("cpost", .pickupPoint)
        }
        if has(text, "na postu", "postu") { return ("cpost", .postOffice) }
        if has(text, "ceska posta", "cp", "do ruky") { return ("cpost", .homeDelivery) }
        return nil
    }

    static let ppl: Rule = { text in
        guard has(text, "ppl") else { return nil }
        // A shop named beside a box ("ParcelShop a ParcelBox") is the pickup service: it takes both.
        if has(text, "parcelshop", "parcel shop", "vydejni", "vydajne", "shop", "smart", "misto", "miesto") {
            return ("ppl", .pickupPoint)
        }
        if has(text, "parcelbox", "box") { return ("ppl", .locker) }
        return ("ppl", .homeDelivery)
    }

    static let dpd: Rule = { text in
        guard has(text, "dpd") else { return nil }
        if has(text, "pickup", "pick up", "shop", "parcelshop", "vydejni", "vydajne", "box", "locker") {
            return ("dpd", .pickupPoint)
        }
        if has(text, "express", "expres") { return ("dpd", .express) }
        return ("dpd", .homeDelivery)
    }

    static let gls: Rule = { text in
        guard has(text, "gls") else { return nil }
        // GLS's lockers and boxes are served by its pickup service (the catalogue has no GLS locker).
        if has(text, "parcelshop", "parcel shop", "shop", "vydejni", "vydajne", "parcellocker", "parcel locker",
               "locker", "box", "shopdelivery", "shop delivery")
            || hasStem(text, "csomagpont", "csomagautomat") {
            return ("gls", .pickupPoint)
        }
        return ("gls", .homeDelivery)
    }

    static let mpl: Rule = { text in
        guard has(text, "mpl", "magyar posta", "postan marado", "posta pont") || hasStem(text, "postapont") else {
            return nil
        }
        if has(text, "posta pont") || hasStem(text, "postapont") { return ("mpl", .pickupPoint) }
        if has(text, "automata", "locker") || hasStem(text, "csomagautomat") { return ("mpl", .locker) }
        if has(text, "postan marado", "postan", "posta marado") { return ("mpl", .postOffice) }
        return ("mpl", .homeDelivery)
    }
}
