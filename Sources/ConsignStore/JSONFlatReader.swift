import ConsignCore
import Foundation

/// Reads the stored JSON of addresses and packages (flat objects of strings, numbers and
/// nulls) without `JSONDecoder`, which took a quarter of a close's acknowledgement run.
///
/// Anything it does not expect (nesting, a type that does not fit the field, bad escapes)
/// gives nil, and the caller falls back to `JSONDecoder`, so the result is never different.
enum JSONFlatReader {
    /// One value of a flat object.
    enum Value {
        case string(String)
        case number(String)
        case null

        /// The value of a string field: `.some(text)`, `.some(nil)` for null, and nil when it is
        /// a number (not the simple shape; the caller falls back to `JSONDecoder`).
        var stringField: String?? {
            switch self {
            case .string(let text): text
            case .null: .some(nil)
            case .number: nil
            }
        }
    }

    /// An address, or nil when the text is not the simple shape.
    static func address(_ text: String) -> Address? {
        var text = text
        return text.withUTF8 { bytes -> Address? in
            var index = 0
            guard let fields = object(bytes, &index), atEnd(bytes, &index) else { return nil }
            var address = Address()
            for (key, value) in fields {
                guard let string = value.stringField else { return nil }
                switch key {
                case "name": address.name = string
                case "company": address.company = string
                case "street": address.street = string
                case "city": address.city = string
                case "zip": address.zip = string
                case "countryCode": address.countryCode = string
                case "phone": address.phone = string
                case "email": address.email = string
                default: break
                }
            }
            return address
        }
    }

    /// Packages, or nil when the text is not the simple shape.
    static func packages(_ text: String) -> [Package]? {
        var text = text
        return text.withUTF8 { bytes -> [Package]? in
            var index = 0
            skipSpace(bytes, &index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
            index += 1
            var packages: [Package] = []
            skipSpace(bytes, &index)
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return atEnd(bytes, &index) ? packages : nil
            }
            while true {
                guard let fields = object(bytes, &index), let package = package(fields) else { return nil }
                packages.append(package)
                skipSpace(bytes, &index)
                guard index < bytes.count else { return nil }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "]") else { return nil }
                index += 1
                return atEnd(bytes, &index) ? packages : nil
            }
        }
    }

    private static let posix = Locale(identifier: "en_US_POSIX")

    private static func package(_ fields: [(String, Value)]) -> Package? {
        var package = Package()
        for (key, value) in fields {
            switch key {
            case "width", "height", "depth", "weight":
                let number: Decimal?
                switch value {
                case .number(let text):
                    guard let parsed = Decimal(string: text, locale: posix) else { return nil }
                    number = parsed
                case .null: number = nil
                case .string: return nil
                }
                switch key {
                case "width": package.width = number
                case "height": package.height = number
                case "depth": package.depth = number
                default: package.weight = number
                }
            case "trackingNumber", "trackingUrl", "labelZpl":
                guard let string = value.stringField else { return nil }
                switch key {
                case "trackingNumber": package.trackingNumber = string
                case "trackingUrl": package.trackingUrl = string
                default: package.labelZpl = string
                }
            default: break
            }
        }
        return package
    }

    /// `{ "key": value, … }` with string, number or null values.
    private static func object(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> [(String, Value)]? {
        skipSpace(bytes, &index)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        var fields: [(String, Value)] = []
        skipSpace(bytes, &index)
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return fields
        }
        while true {
            skipSpace(bytes, &index)
            guard let key = string(bytes, &index) else { return nil }
            skipSpace(bytes, &index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            skipSpace(bytes, &index)
            guard let value = value(bytes, &index) else { return nil }
            fields.append((key, value))
            skipSpace(bytes, &index)
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            guard bytes[index] == UInt8(ascii: "}") else { return nil }
            index += 1
            return fields
        }
    }

    private static func value(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Value? {
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "\""): return string(bytes, &index).map(Value.string)
        case UInt8(ascii: "n"):
            guard index + 4 <= bytes.count, bytes[index + 1] == UInt8(ascii: "u"),
                  bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l") else { return nil }
            index += 4
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = index
            while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
            return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
        default: return nil
        }
    }

    /// A quoted string with JSON escapes (surrogate pairs included).
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> String? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        index += 1
        var output: [UInt8] = []
        var start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                index += 1
                return String(validating: output, as: UTF8.self)
            }
            if byte < 0x20 { return nil }
            guard byte == UInt8(ascii: "\\") else { index += 1; continue }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            guard let scalar = escape(bytes, &index) else { return nil }
            output.append(contentsOf: String(Character(scalar)).utf8)
            start = index
        }
        return nil
    }

    /// The escape at `index` (a backslash); moves past it.
    private static func escape(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Unicode.Scalar? {
        guard index + 1 < bytes.count else { return nil }
        let kind = bytes[index + 1]
        index += 2
        switch kind {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{8}"
        case UInt8(ascii: "f"): return "\u{C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            guard let high = hex4(bytes, &index) else { return nil }
            if (0xD800...0xDBFF).contains(high) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { return nil }
                index += 2
                guard let low = hex4(bytes, &index), (0xDC00...0xDFFF).contains(low) else { return nil }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            }
            return Unicode.Scalar(high)
        default: return nil
        }
    }

    private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - 55)
            default: return nil
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private static func skipSpace(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private static func atEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Bool {
        skipSpace(bytes, &index)
        return index == bytes.count
    }
}
