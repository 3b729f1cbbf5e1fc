import ConsignSupport
import Foundation

/// Turns a reader's `OrderRecord` into a `ShipmentDraft`: ISO country, canonical postal
/// code, E.164 phone, carrier + service from the shipping-method mapping, money in `Money`,
/// parcels. Every problem becomes a Shoptet-style error naming the field.
public struct OrderNormalizer: Sendable {
    /// Currency assumed when the order names none.
    public var defaultCurrency: String
    /// ERP shipping-method names → carrier + service type.
    public var shippingMethods: ShippingMethodMapping
    /// Payment names the config declares cash on delivery (true) or prepaid (false), keyed by
    /// `paymentMethodKey`: they win over the readers' built-in rule.
    public var paymentMethods: [String: Bool] = [:]

    /// The key of a payment name in `paymentMethods`: case, marks and punctuation aside.
    public static func paymentMethodKey(_ name: String) -> String {
        TextFolding.fold(name)
    }

    /// Creates a normalizer.
    public init(defaultCurrency: String, shippingMethods: ShippingMethodMapping) {
        self.defaultCurrency = defaultCurrency
        self.shippingMethods = shippingMethods
    }

    /// The draft and every problem found; the draft is only usable when `problems` is empty.
    public func normalize(_ order: OrderRecord) -> (draft: ShipmentDraft, problems: [CoreError]) {
        var problems = order.issues.map { CoreError(.validationFailed, $0.message, instance: $0.field) }
        if Self.isBlank(order.orderCode),
            !order.issues.contains(where: {
                $0.field == "orderCode"
            })
        {
            problems.append(CoreError(.validationFailed, "Order code is missing.", instance: "orderCode"))
        }
        if let problem = Self.codeProblem(order.orderCode) {
            problems.append(CoreError(.validationFailed, problem, instance: "orderCode"))
        }
        let recipient = address(order.recipient, problems: &problems)
        // Each amount in its own currency, else in the other's (one currency for both is the usual
        // case), else in the default.
        let given = (value: Self.currencyCode(order.currency), cod: Self.currencyCode(order.codCurrency))
        let codCurrency = given.cod ?? given.value ?? defaultCurrency.uppercased()
        if given.cod == nil, given.value == nil {
            Self.checkAssumedCurrency(order, recipient.countryCode, defaultCurrency.uppercased(), &problems)
        }
        let valueCurrency = given.value ?? given.cod ?? defaultCurrency.uppercased()
        var draft = ShipmentDraft(
            orderCode: order.orderCode, location: order.location, recipient: recipient,
            pickupPointId: order.pickupPointId.flatMap(Self.nonEmpty), cod: cod(order, codCurrency, &problems),
            value: value(order, valueCurrency, &problems),
            packages: packages(order, &problems), variableSymbol: variableSymbol(order, &problems),
            note: order.note.flatMap(Self.nonEmpty))
        carrierAndService(order, into: &draft, problems: &problems)
        return (consume draft, problems)
    }

    /// A currency as given, upper case; nil when empty. A code already in ASCII capitals (nearly
    /// every one) is taken as it is: trimming and upper-casing it cost more than the rest of the
    /// currency rules.
    private static func currencyCode(_ text: String?) -> String? {
        guard let text else { return nil }
        if !text.isEmpty, text.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) { return text }
        return nonEmpty(text)?.uppercased()
    }

    /// A COD amount given without a currency is taken in the default currency; to a country
    /// whose carriers collect another one (`15000` to Hungary), that guess is off by the exchange
    /// rate, so the order is refused instead.
    private static func checkAssumedCurrency(_ order: OrderRecord, _ country: String?, _ assumed: String,
                                             _ problems: inout [CoreError]) {
        guard order.isCashOnDelivery || (order.codAmount ?? 0) > 0, let country,
            let local = CountryCurrency.local(country), local != assumed
        else { return }
        problems.append(CoreError(
            .validationFailed,
            "COD amount without a currency: the order goes to \(country), where COD is collected in \(local), "
                + "and the default currency is \(assumed); give the currency in the file.",
            instance: "cod.currencyCode"))
    }

    private func address(_ raw: RawAddress, problems: inout [CoreError]) -> Address {
        // Each field settled first and the address made once at the end: an address made early
        // and then changed field by field was copied twice, a retain and a release per text.
        let countryCode = country(raw, problems: &problems)
        let zip = zip(raw, countryCode: countryCode, problems: &problems)
        let phone = phone(raw, countryCode: countryCode, problems: &problems)
        let email = Self.nonEmpty(raw.email)
        if let email, !Self.isPlausibleEmail(email) {
            problems.append(CoreError(
                .validationFailed,
                "E-mail address is not valid: it needs one @ before a domain such as example.cz, no dot at the start "
                    + "or end of either part or two in a row, and no spaces, invisible characters or ()<>[],;:\".",
                instance: "recipient.email"))
        }
        return Address(
            name: Self.nonEmpty(raw.name), company: Self.nonEmpty(raw.company), street: Self.street(raw),
            city: Self.nonEmpty(raw.city), zip: zip, countryCode: countryCode, phone: phone, email: email)
    }

    private func country(_ raw: RawAddress, problems: inout [CoreError]) -> String? {
        guard let country = Self.nonEmpty(raw.country) else { return nil }
        if let code = CountryName.isoCode(for: country) { return code }
        problems.append(
            CoreError(.validationFailed, "Unknown country \"\(country)\".", instance: "recipient.countryCode"))
        return nil
    }

    private func zip(_ raw: RawAddress, countryCode: String?, problems: inout [CoreError]) -> String? {
        guard let zip = Self.nonEmpty(raw.zip), let country = countryCode else { return Self.nonEmpty(raw.zip) }
        if let normalized = PostalCode.normalize(zip, countryCode: country) { return normalized }
        let shape = PostalCode.expectedShape(countryCode: country)
        let message = PostalCode.firstDigitProblem(zip, countryCode: country).map {
            "Postal code \"\(zip)\" is no \(country) code (\(shape), \($0))."
        } ?? "Postal code \"\(zip)\" does not have the shape \(shape) used in \(country)."
        problems.append(CoreError(.validationFailed, message, instance: "recipient.zip"))
        return nil
    }

    private func phone(_ raw: RawAddress, countryCode: String?, problems: inout [CoreError]) -> String? {
        guard let phone = Self.nonEmpty(raw.phone) else { return nil }
        if let normalized = PhoneNumber.normalize(phone, countryCode: countryCode ?? "CZ") { return normalized }
        let rule = countryCode.flatMap { PhoneNumber.rule(countryCode: $0) }.map { " (\($0))" } ?? ""
        problems.append(
            CoreError(
                .validationFailed,
                "Phone number is not a valid number for "
                    + "\(countryCode ?? "the order's country")\(rule).", instance: "recipient.phone"))
        return nil
    }

    private func cod(_ order: OrderRecord, _ currency: String, _ problems: inout [CoreError]) -> Money? {
        let declared = paymentMethods.isEmpty
            ? nil : order.paymentName.flatMap { paymentMethods[Self.paymentMethodKey($0)] }
        if declared == false { return nil }
        guard declared == true || order.isCashOnDelivery || (order.codAmount ?? 0) > 0 else { return nil }
        guard let amount = order.codAmount ?? order.orderTotal else {
            // An amount the reader refused (`1.290`) is reported once, by the reader.
            if !order.issues.contains(where: { $0.field == "cod" }) {
                problems.append(CoreError(.validationFailed, "Cash on delivery without an amount.", instance: "cod"))
            }
            return nil
        }
        if amount < 0 {
            problems.append(
                CoreError(.validationFailed, "COD amount \(amount.priceString) is negative.", instance: "cod"))
            return nil
        }
        if amount != amount.rounded(scale: 2) {
            // "1.290" is 1290 in a Czech export but 1.29 in an English one: never guess with money.
            problems.append(
                CoreError(
                    .validationFailed,
                    "COD amount \(amount.trimmed) has more than two decimals; "
                        + "write it with at most two (1290.00 or 1290,00).", instance: "cod"))
            return nil
        }
        return amount == 0 ? nil : Money(amount, currency)
    }

    /// Longest order code accepted, in characters: real codes are a few dozen at most; a longer
    /// one is a column mix-up, and it would be repeated in every listing and report.
    public static let maximumCodeLength = 64

    /// Why `code` cannot be an order code: too long, or holding a control, an invisible
    /// formatting character, a line or paragraph separator, a character Unicode lets display as
    /// nothing, or a space other than the plain one (a right-to-left override, a zero-width space,
    /// a Hangul filler or a no-break space makes two codes look the same in listings). Nil for an
    /// acceptable code; ASCII codes are checked byte-wise.
    public static func codeProblem(_ code: String) -> String? {
        if code.utf8.count <= maximumCodeLength, code.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return nil }
        // Counted in code points, not in what displays as one character: a letter with a hundred
        // combining marks is not a one-character code.
        let length = code.unicodeScalars.count
        if length > maximumCodeLength {
            return "Order code is \(length) characters long; at most \(maximumCodeLength) are accepted."
        }
        let hidden = code.unicodeScalars.first {
            [.control, .format, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory)
                || $0.properties.isDefaultIgnorableCodePoint
        }
        if let hidden {
            return "Order code holds the invisible character U+\(hex4(hidden.value)); "
                + "remove it from the code in the ERP."
        }
        // A no-break, figure or ideographic space (or a Braille blank) inside a code looks like a
        // plain space or like nothing: `A1 B` twice in a listing would be two orders.
        let spaceLike = code.unicodeScalars.first {
            ($0.properties.isWhitespace && $0 != " ") || $0.value == 0x2800
        }
        return spaceLike.map {
            "Order code holds the space-like character U+\(hex4($0.value)); write a plain space or none in the ERP."
        }
    }

    /// `value` in upper-case hex of at least four digits (`U+000A`, as Unicode writes it).
    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The declared value (else the order total); a negative one is refused.
    private func value(_ order: OrderRecord, _ currency: String, _ problems: inout [CoreError]) -> Money? {
        guard let amount = order.declaredValue ?? order.orderTotal else { return nil }
        guard amount.sign != .minus || amount.isZero else {
            problems.append(CoreError(.validationFailed, "Declared value \(amount.priceString) is negative.",
                                      instance: "value"))
            return nil
        }
        if order.declaredValue != nil, amount != amount.rounded(scale: 2) {
            // As for COD: a third decimal is a thousands group in one convention (1 290.505).
            problems.append(CoreError(
                .validationFailed,
                "Declared value \(amount.trimmed) has more than two decimals; write it with at most two.",
                instance: "value"))
            return nil
        }
        return Money(amount, currency)
    }

    /// The parcels: each with its own weight when the file gives one per package, else the
    /// order's weight shared between them. A negative weight or side is refused; 0 means not given.
    private func packages(_ order: OrderRecord, _ problems: inout [CoreError]) -> [Package] {
        var count = max(1, order.packageCount)
        if count > Package.maximumCount {
            problems.append(
                CoreError(
                    .validationFailed,
                    "At most \(Package.maximumCount) parcels per shipment, got \(count); split the order.",
                    instance: "packages"))
            count = 1
        }
        let (width, height, depth) = (size(order.width, "width", "Width", problems: &problems),
                                      size(order.height, "height", "Height", problems: &problems),
                                      size(order.depth, "depth", "Depth", problems: &problems))
        // One array, sized once: the weights' own array and a grown one cost two allocations an order.
        if count == 1 {
            return [Package(width: width, height: height, depth: depth, weight: soleWeight(order, &problems))]
        }
        let weights = weights(order, count: count, problems: &problems)
        return (0..<count).map { Package(width: width, height: height, depth: depth, weight: weights[$0]) }
    }

    /// `weights(order, count: 1, problems:)[0]` without the array.
    private func soleWeight(_ order: OrderRecord, _ problems: inout [CoreError]) -> Decimal? {
        let own = order.packageWeights
        if own.count == 1, let first = own[0] {
            return Self.grams(size(first, "packages[0].weight", "Weight of parcel 1", unit: "kg", problems: &problems))
        }
        return Self.grams(size(order.weight, "weight", "Weight", unit: "kg", problems: &problems))
    }

    /// A weight in kg rounded to whole grams; nil when that leaves nothing (0.0001 kg is not a
    /// weight of 0, which a carrier would refuse, but one not given).
    private static func grams(_ weight: Decimal?) -> Decimal? {
        guard let rounded = weight?.rounded(scale: 3), !rounded.isZero else { return nil }
        return rounded
    }

    private func weights(_ order: OrderRecord, count: Int, problems: inout [CoreError]) -> [Decimal?] {
        let own = order.packageWeights
        if own.count == count, own.allSatisfy({ $0 != nil }) {
            return own.enumerated().map {
                Self.grams(size($1, "packages[\($0)].weight", "Weight of parcel \($0 + 1)", unit: "kg",
                                problems: &problems))
            }
        }
        guard let total = Self.grams(size(order.weight, "weight", "Weight", unit: "kg", problems: &problems))
        else { return Array(repeating: nil, count: count) }
        // Equal whole grams, the rest on the first parcel: 1 kg in 99 parcels is 0.02 + 98 × 0.01,
        // not 99 × 0.01 (the handover protocol's total would lose 10 g).
        guard let grams = total.thousandths else { return Array(repeating: total / Decimal(count), count: count) }
        let share = grams / Int64(count)
        let first = Decimal(units: grams - share * Int64(count - 1), scale: 3)
        return [first] + Array(repeating: share == 0 ? nil : Decimal(units: share, scale: 3), count: count - 1)
    }

    /// A weight or side as given; nil for 0 (not given), and refused when negative. The field
    /// and its name in the message are made only then (a parcel's are interpolated).
    private func size(_ value: Decimal?, _ field: @autoclosure () -> String, _ label: @autoclosure () -> String,
                      unit: String = "cm", problems: inout [CoreError]) -> Decimal? {
        guard let value, !value.isZero else { return nil }
        guard value.sign != .minus else {
            problems.append(CoreError(.validationFailed, "\(label()) \(value.plainText) \(unit) is negative.",
                                      instance: field()))
            return nil
        }
        return value
    }

    private func variableSymbol(_ order: OrderRecord, _ problems: inout [CoreError]) -> String? {
        if let given = Self.nonEmpty(order.variableSymbol) {
            guard let symbol = VariableSymbol.normalize(given) else {
                problems.append(
                    CoreError(
                        .validationFailed, "Variable symbol \"\(given)\" is not 1 to 10 digits.",
                        instance: "variableSymbol"))
                return nil
            }
            return symbol
        }
        // An order code is used as the variable symbol only when it already is one (digits, ≤ 10).
        return VariableSymbol.normalize(order.orderCode)
    }

    private func carrierAndService(
        _ order: OrderRecord, into draft: inout ShipmentDraft,
        problems: inout [CoreError]
    ) {
        if let carrier = Self.nonEmpty(order.carrierCode) {
            draft.carrierCode = carrier.lowercased()
            draft.serviceCode = Self.nonEmpty(order.serviceCode)
            return
        }
        guard let method = Self.nonEmpty(order.shippingMethod) else { return }
        guard let resolved = shippingMethods.resolve(method) else {
            problems.append(
                CoreError(
                    .invalidShipping,
                    "Shipping method \"\(method)\" is not mapped to a carrier; "
                        + "add it to shippingMethods in the config.", instance: "shippingMethod"))
            return
        }
        draft.carrierCode = resolved.carrierCode
        draft.serviceCode = Self.nonEmpty(order.serviceCode) ?? resolved.serviceType.rawValue
    }

    /// An order code without the white space and byte-order marks around it (concatenated exports
    /// leave a BOM in front). Unlike `nonEmpty`, a control character inside the code stays as it
    /// is, so that `codeProblem` refuses the order instead of registering another code.
    public static func trimmedCode(_ code: String) -> String {
        // Nearly every code starts and ends with a printable ASCII character: nothing to trim.
        if let first = code.utf8.first, let last = code.utf8.last, (0x21..<0x7F).contains(first),
            (0x21..<0x7F).contains(last) {
            return code
        }
        var scalars = Substring(code).unicodeScalars
        var trimmed = false
        while let first = scalars.first, isCodeEdge(first) { scalars.removeFirst(); trimmed = true }
        while let last = scalars.last, isCodeEdge(last) { scalars.removeLast(); trimmed = true }
        return trimmed ? String(scalars) : code
    }

    /// An order code as the store keys it: `trimmedCode`, in Unicode canonical composition (NFC),
    /// so that `Ž001` typed precomposed or decomposed is one order. ASCII codes, nearly all, are
    /// not composed.
    public static func canonicalCode(_ code: String) -> String {
        let trimmed = trimmedCode(code)
        return trimmed.utf8.contains { $0 >= 0x80 } ? trimmed.precomposedStringWithCanonicalMapping : trimmed
    }

    private static func isCodeEdge(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\u{FEFF}" || scalar.properties.isWhitespace
    }

    /// The text without control characters and surrounding white space, or nil when nothing is left.
    public static func nonEmpty(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = withoutControls(text).trimmedOfWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Control characters (BEL, ESC, line breaks, a stray BOM) never belong in a name or an
    /// address: labels, protocols and mails would carry them on. They become spaces.
    static func withoutControls(_ text: String) -> String {
        let suspicious = text.utf8.withContiguousStorageIfAvailable(ByteScan.mayHoldControls) ?? true
        guard suspicious else { return text }
        // On the UTF-8 bytes (a note with a line break is common): C0 controls and DEL are one
        // byte, C1 controls `C2 80`–`C2 9F` and the BOM `EF BB BF`; each becomes one space.
        return text.withUTF8Bytes { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { output in
                var written = 0
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    var width = 0
                    if byte < 0x20 || byte == 0x7F {
                        width = 1
                    } else if byte == 0xC2, index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) {
                        width = 2
                    } else if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBB,
                              bytes[index + 2] == 0xBF {
                        width = 3
                    }
                    output[written] = width == 0 ? byte : UInt8(ascii: " ")
                    written += 1
                    index += max(width, 1)
                }
                return written
            }
        }
    }

    /// True when `text` is empty or only white space (what trimming `.whitespaces` leaves empty).
    static func isBlank(_ text: String) -> Bool {
        if text.utf8.contains(where: { (0x21...0x7E).contains($0) }) { return false }
        return text.trimmingCharacters(in: .whitespaces).isEmpty
    }

    static func street(_ raw: RawAddress) -> String? {
        guard let street = nonEmpty(raw.street) else { return nonEmpty(raw.houseNumber) }
        guard let number = nonEmpty(raw.houseNumber), !endsWith(street, number) else { return street }
        return "\(street) \(number)"
    }

    /// `text.hasSuffix(suffix)`, compared as bytes when `suffix` is ASCII (a house number nearly
    /// always is; no other text is canonically equal to ASCII): Unicode-aware `hasSuffix` cost
    /// a fifteenth of normalising an order.
    static func endsWith(_ text: String, _ suffix: String) -> Bool {
        guard suffix.utf8.allSatisfy({ $0 < 0x80 }) else { return text.hasSuffix(suffix) }
        return text.utf8.count >= suffix.utf8.count && text.utf8.suffix(suffix.utf8.count).elementsEqual(suffix.utf8)
    }

    static func isPlausibleEmail(_ email: String) -> Bool {
        let plain = email.withUTF8Bytes { bytes in
            ByteScan.containsNonASCII(bytes) ? nil : isPlausibleASCIIEmail(bytes)
        }
        return plain ?? isPlausibleEmailGeneral(email)
    }

    /// `isPlausibleEmail` by scalars, for any text (the ASCII test must agree with it): no white
    /// space, control or invisible formatting character (a zero-width space or a right-to-left
    /// override makes one address look like another), none of `()<>[]\,;:"` outside quotes
    /// (`mailto:x@y.cz`, `Jan <x@y.cz>`), and the shape `hasEmailShape` checks.
    static func isPlausibleEmailGeneral(_ email: String) -> Bool {
        guard email.count <= 254 else { return false }
        for scalar in email.unicodeScalars {
            if scalar.isASCII ? isEmailRefused(UInt8(scalar.value)) : isInvisibleOrSpace(scalar) { return false }
        }
        return email.withUTF8Bytes(hasEmailShape)
    }

    /// The same test on the bytes of an ASCII address, read in place.
    private static func isPlausibleASCIIEmail(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count <= 254 else { return false }
        for byte in bytes where isEmailRefused(byte) { return false }
        return hasEmailShape(bytes)
    }

    /// Controls, the space and the specials an unquoted address cannot hold.
    private static func isEmailRefused(_ byte: UInt8) -> Bool {
        switch byte {
        case 0...0x20, 0x7F, UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"),
             UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "\\"), UInt8(ascii: ","), UInt8(ascii: ";"),
             UInt8(ascii: ":"), UInt8(ascii: "\""): true
        default: false
        }
    }

    private static func isInvisibleOrSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isWhitespace { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .unassigned: return true
        default: return false
        }
    }

    /// One `@` between a local part and a domain; no dot at either end of the local part and
    /// no two dots in a row; the domain two or more labels, none empty or starting or ending
    /// with `-`, the last at least two characters and not only digits. On bytes: only ASCII
    /// ones are looked at, so UTF-8 letters pass as the letters they are.
    static func hasEmailShape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0, at + 1 < bytes.count,
            !bytes[(at + 1)...].contains(UInt8(ascii: "@")),
            bytes[0] != UInt8(ascii: "."), bytes[at - 1] != UInt8(ascii: ".")
        else { return false }
        for index in 1..<bytes.count where bytes[index] == UInt8(ascii: ".") && bytes[index - 1] == UInt8(ascii: ".") {
            return false
        }
        var labels = 0
        var labelStart = at + 1
        for index in (at + 1)...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: ".") {
            let label = bytes[labelStart..<index]
            guard let first = label.first, let last = label.last,
                first != UInt8(ascii: "-"), last != UInt8(ascii: "-")
            else { return false }
            labels += 1
            if index == bytes.count {
                let allDigits = label.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
                guard labels >= 2, label.count >= 2, !allDigits else { return false }
            }
            labelStart = index + 1
        }
        return true
    }
}
