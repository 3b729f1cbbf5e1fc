import Foundation

/// The keys the config file may contain. Decoding ignores unknown keys, so a typo such as
/// `codPayoutAcounts` would silently fall back to the demo defaults; this check refuses it.
enum ConfigKeys {
    indirect enum Shape: Sendable {
        case object([String: Shape])
        case array(Shape)
        case map(Shape)
        case value
        /// A value that must be a whole number (see `firstNonWholeNumber`).
        case wholeNumber
    }

    static let address: Shape = .object(Dictionary(uniqueKeysWithValues: [
        "name", "company", "street", "city", "zip", "countryCode", "phone", "email",
    ].map { ($0, Shape.value) }))

    static let schema: Shape = .object([
        "spool": .object([
            "root": .value, "quietPeriodSeconds": .value, "requireMarker": .value, "maxFileBytes": .wholeNumber,
            "rescanIntervalSeconds": .value, "fallbackEncoding": .value, "commitEveryOrders": .wholeNumber,
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
                "host": .value, "port": .wholeNumber, "tls": .value, "username": .value, "passwordEnv": .value,
                "passwordFile": .value, "caFile": .value, "allowPlainAuth": .value, "timeoutSeconds": .value,
            ]),
        ]),
    ])

    /// The first whole-number key (`Shape.wholeNumber`) holding a number with a fraction or beyond
    /// a 64-bit integer, as a dotted path and what is wrong with its value. Foundation's decoder
    /// refuses `1.5` or `1e30` there without naming the key ("not valid JSON").
    static func firstNonWholeNumber(in json: Any, shape: Shape = schema,
                                    path: String = "") -> (path: String, problem: String)? {
        switch (shape, json) {
        case (.object(let keys), let object as [String: Any]):
            for (key, inner) in keys.sorted(by: { $0.key < $1.key }) {
                guard let value = object[key] else { continue }
                let here = path.isEmpty ? key : "\(path).\(key)"
                if let found = firstNonWholeNumber(in: value, shape: inner, path: here) { return found }
            }
        case (.wholeNumber, let number as NSNumber) where !(number is Bool):
            let double = number.doubleValue
            if double.rounded() != double { return (path, "\(double) is not a whole number") }
            if abs(double) >= 9.2e18 { return (path, "\(number) is too large") }
        default:
            break
        }
        return nil
    }

    /// The first key written twice in one object of `data` (JSON that parsed), as a dotted path:
    /// a JSON parser keeps the last value without a word, and which one the writer meant is a guess.
    static func firstRepeatedKey(in data: Data) -> String? {
        let bytes = [UInt8](data)
        // One frame per open object or array: its path, its keys so far, the key being valued.
        var frames: [(path: String, keys: Set<String>, key: String?, isObject: Bool)] = []
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                let end = endOfString(bytes, from: index + 1)
                let text = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                index = end + 1
                guard let top = frames.indices.last, frames[top].isObject, nextIsColon(bytes, from: index) else {
                    continue
                }
                if frames[top].keys.contains(text) {
                    return frames[top].path.isEmpty ? text : "\(frames[top].path).\(text)"
                }
                frames[top].keys.insert(text)
                frames[top].key = text
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let parent = frames.last
                let path = parent.map { frame in
                    frame.isObject ? [frame.path, frame.key ?? ""].filter { !$0.isEmpty }.joined(separator: ".")
                        : frame.path + "[]"
                } ?? ""
                frames.append((path, [], nil, bytes[index] == UInt8(ascii: "{")))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if !frames.isEmpty { frames.removeLast() }
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// The index of the quote that closes the string whose text starts at `start`.
    private static func endOfString(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count && bytes[index] != UInt8(ascii: "\"") {
            index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
        }
        return min(index, bytes.count)
    }

    private static func nextIsColon(_ bytes: [UInt8], from start: Int) -> Bool {
        let next = bytes[start...].first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        return next == UInt8(ascii: ":")
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
