import Foundation

/// The keys the config file may contain. Decoding ignores unknown keys, so a typo such as
/// `codPayoutAcounts` would silently fall back to the demo defaults; this check refuses it.
enum ConfigKeys {
    indirect enum Shape: Sendable {
        case object([String: Shape])
        case array(Shape)
        case map(Shape)
        case value
    }

    static let address: Shape = .object(Dictionary(uniqueKeysWithValues: [
        "name", "company", "street", "city", "zip", "countryCode", "phone", "email",
    ].map { ($0, Shape.value) }))

    static let schema: Shape = .object([
        "spool": .object([
            "root": .value, "quietPeriodSeconds": .value, "requireMarker": .value, "maxFileBytes": .value,
            "rescanIntervalSeconds": .value, "fallbackEncoding": .value, "commitEveryOrders": .value,
            "encodings": .array(.object(["pattern": .value, "encoding": .value])),
        ]),
        "database": .value,
        "shipper": address,
        "codPayoutAccounts": .array(.object(["currency": .value, "account": .value])),
        "carriers": .array(.object([
            "carrierCode": .value, "serviceCode": .value, "serviceType": .value, "maxWeight": .value,
            "maxLongestSide": .value, "maxSideSum": .value, "maxGirth": .value, "codMaximum": .map(.value),
            "countries": .value, "trackingUrlTemplate": .value,
        ])),
        "shippingMethods": .map(.object(["carrier": .value, "service": .value])),
        "paymentMethods": .map(.value),
        "defaultCurrency": .value,
        "sandbox": .object(["speed": .value]),
        "mail": .object([
            "from": .value, "to": .value,
            "smtp": .object([
                "host": .value, "port": .value, "tls": .value, "username": .value, "passwordEnv": .value,
                "passwordFile": .value, "caFile": .value, "allowPlainAuth": .value, "timeoutSeconds": .value,
            ]),
        ]),
    ])

    /// The keys that hold whole numbers. Foundation's decoder refuses `1.5` there without naming
    /// the key ("not valid JSON"), so `firstFraction` finds it first.
    static let wholeNumberKeys = [["spool", "commitEveryOrders"], ["mail", "smtp", "port"]]

    /// The first whole-number key holding a number with a fraction, as a dotted path and the number.
    static func firstFraction(in json: Any) -> (path: String, value: Double)? {
        for path in wholeNumberKeys {
            var value: Any? = json
            for key in path { value = (value as? [String: Any])?[key] }
            guard let number = value as? NSNumber, !(number is Bool) else { continue }
            if number.doubleValue.rounded() != number.doubleValue {
                return (path.joined(separator: "."), number.doubleValue)
            }
        }
        return nil
    }

    /// The first unknown key as a dotted path, or nil when every key is known.
    static func firstUnknown(in json: Any, shape: Shape = schema, path: String = "") -> String? {
        switch (shape, json) {
        case (.object(let keys), let object as [String: Any]):
            for key in object.keys.sorted() {
                let here = path.isEmpty ? key : "\(path).\(key)"
                guard let inner = keys[key] else { return here }
                if let unknown = firstUnknown(in: object[key]!, shape: inner, path: here) { return unknown }
            }
        case (.map(let inner), let object as [String: Any]):
            for key in object.keys.sorted() {
                if let unknown = firstUnknown(in: object[key]!, shape: inner, path: "\(path).\(key)") { return unknown }
            }
        case (.array(let inner), let array as [Any]):
            for (index, element) in array.enumerated() {
                if let unknown = firstUnknown(in: element, shape: inner, path: "\(path)[\(index)]") { return unknown }
            }
        default:
            break
        }
        return nil
    }
}
