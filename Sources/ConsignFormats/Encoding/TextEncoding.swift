import ConsignSupport
import Foundation

/// The text encodings Consign reads and writes.
public enum TextEncoding: String, Sendable, CaseIterable, Codable {
    case utf8 = "UTF-8"
    case windows1250 = "windows-1250"
    case iso8859_2 = "ISO-8859-2"
    case cp852 = "CP852"

    /// Parses a charset label as written in XML declarations and configs
    /// (`Windows-1250`, `cp1250`, `iso-8859-2`, `latin2`, `utf8`, `IBM852`…).
    public init?(label: String) {
        let key = label.lowercased().replacingOccurrences(of: "_", with: "-")
        switch key {
        case "utf-8", "utf8": self = .utf8
        case "windows-1250", "cp1250", "x-cp1250", "win1250", "windows1250": self = .windows1250
        case "iso-8859-2", "iso8859-2", "latin2", "latin-2", "l2", "iso-ir-101": self = .iso8859_2
        case "cp852", "ibm852", "852", "csibm852": self = .cp852
        default: return nil
        }
    }

    /// The code page behind a single-byte encoding; nil for UTF-8.
    public var codePage: SingleByteCodePage? {
        switch self {
        case .utf8: nil
        case .windows1250: .windows1250
        case .iso8859_2: .iso8859_2
        case .cp852: .cp852
        }
    }

    /// Decodes bytes into a String. Undefined bytes become U+FFFD; invalid UTF-8 is repaired likewise.
    public func decode(_ bytes: some Collection<UInt8>) -> String {
        guard let page = codePage else { return String(decoding: bytes, as: UTF8.self) }
        return page.decode(bytes)
    }

    /// `decode` for bytes in place (a CSV field): ASCII found a word at a time, and the code page
    /// used where it is kept, not copied out (two retains and releases a field).
    public func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if !ByteScan.containsNonASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
        switch self {
        case .utf8: return String(decoding: bytes, as: UTF8.self)
        case .windows1250: return SingleByteCodePage.windows1250.transcode(bytes)
        case .iso8859_2: return SingleByteCodePage.iso8859_2.transcode(bytes)
        case .cp852: return SingleByteCodePage.cp852.transcode(bytes)
        }
    }

    /// Encodes `text`; characters this encoding cannot hold are transliterated
    /// (`ő`→`o`, `€`→`EUR`) and reported through `lossy` so the caller can log them.
    public func encode(_ text: String, lossy: inout Set<Character>) -> [UInt8] {
        guard let page = codePage else { return Array(text.utf8) }
        return page.encode(text, lossy: &lossy)
    }
}

/// A single-byte code page: ASCII in the lower half, a 128-entry table in the upper half.
public struct SingleByteCodePage: Sendable {
    private let upper: [UInt16]
    private let reverse: [UInt32: UInt8]
    /// True when some byte is no text in this code page: undefined (Windows-1250: 0x81, 0x83,
    /// 0x88, 0x90, 0x98) or a C1 control (ISO-8859-2: 0x80–0x9F).
    public let hasNonTextBytes: Bool

    /// Windows-1250 (Central European Windows).
    public static let windows1250 = SingleByteCodePage(upper: windows1250Upper)
    /// ISO-8859-2 (Latin-2).
    public static let iso8859_2 = SingleByteCodePage(upper: iso8859_2Upper)
    /// CP852 (DOS Latin-2).
    public static let cp852 = SingleByteCodePage(upper: cp852Upper)

    /// A code page of the 128 scalars of bytes 0x80–0xFF (0xFFFD for an undefined byte).
    init(upper: [UInt16]) {
        self.upper = upper
        hasNonTextBytes = upper.contains { !Self.isText(scalar: $0) }
        var reverse: [UInt32: UInt8] = [:]
        for (offset, scalar) in upper.enumerated() where scalar != 0xFFFD {
            reverse[UInt32(scalar)] = UInt8(128 + offset)
        }
        self.reverse = reverse
    }

    /// The scalar of byte `byte`, or nil when the code page leaves it undefined.
    public func scalar(of byte: UInt8) -> Unicode.Scalar? {
        if byte < 128 { return Unicode.Scalar(byte) }
        let value = upper[Int(byte) - 128]
        return value == 0xFFFD ? nil : Unicode.Scalar(value)
    }

    /// The byte that stands for `scalar` in this code page, nil when it has none.
    public func byte(for scalar: Unicode.Scalar) -> UInt8? {
        scalar.value < 128 ? UInt8(scalar.value) : reverse[scalar.value]
    }

    /// True when `byte` is text in this code page: ASCII, or a defined character that is not a
    /// C1 control (no export writes those; they mean the file is in another code page).
    public func isText(_ byte: UInt8) -> Bool {
        byte < 128 || Self.isText(scalar: upper[Int(byte) - 128])
    }

    /// An upper-half table entry that is a character and not a C1 control.
    private static func isText(scalar: UInt16) -> Bool {
        scalar != 0xFFFD && !(0x80...0x9F).contains(scalar)
    }

    /// True when the code page defines `byte` (undefined bytes map to U+FFFD).
    public func defines(_ byte: UInt8) -> Bool {
        byte < 128 || upper[Int(byte) - 128] != 0xFFFD
    }

    /// Decodes bytes; pure ASCII takes a fast path, the rest is transcoded straight into the
    /// string's UTF-8 storage (every code page character is at most 3 UTF-8 bytes).
    public func decode(_ bytes: some Collection<UInt8>) -> String {
        if !bytes.contains(where: { $0 >= 128 }) { return String(decoding: bytes, as: UTF8.self) }
        return transcode(bytes)
    }

    /// Text with bytes above ASCII, transcoded into a string of the exact UTF-8 length.
    func transcode(_ bytes: some Collection<UInt8>) -> String {
        let upper = self.upper
        // Sized exactly: room for three bytes each made every name with a háček a heap string,
        // where its UTF-8 (up to 15 bytes) fits inline.
        let length = bytes.reduce(0) { $0 + ($1 < 128 ? 1 : upper[Int($1) - 128] < 0x800 ? 2 : 3) }
        return String(unsafeUninitializedCapacity: length) { output in
            var count = 0
            for byte in bytes {
                if byte < 128 {
                    output[count] = byte
                    count += 1
                    continue
                }
                let scalar = upper[Int(byte) - 128]
                if scalar < 0x800 {
                    output[count] = UInt8(0xC0 | (scalar >> 6))
                    output[count + 1] = UInt8(0x80 | (scalar & 0x3F))
                    count += 2
                } else {
                    output[count] = UInt8(0xE0 | (scalar >> 12))
                    output[count + 1] = UInt8(0x80 | ((scalar >> 6) & 0x3F))
                    output[count + 2] = UInt8(0x80 | (scalar & 0x3F))
                    count += 3
                }
            }
            return count
        }
    }

    /// Encodes text, transliterating what the page lacks; `lossy` collects those characters.
    public func encode(_ text: String, lossy: inout Set<Character>) -> [UInt8] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return Array(text.utf8) }
        if let exact = encodeScalars(text) { return exact }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for character in text {
            if let bytes = encodeExactly(character) {
                output.append(contentsOf: bytes)
                continue
            }
            lossy.insert(character)
            for scalar in Transliteration.ascii(for: character).unicodeScalars {
                output.append(scalar.value < 128 ? UInt8(scalar.value) : UInt8(ascii: "?"))
            }
        }
        return output
    }

    /// The text scalar by scalar when every scalar has a byte (the common case: Czech, Slovak,
    /// Hungarian, Polish text); nil as soon as one has none, so that the caller transliterates
    /// whole characters as before.
    private func encodeScalars(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let byte = byte(for: scalar) else { return nil }
            output.append(byte)
        }
        return output
    }

    private func encodeExactly(_ character: Character) -> [UInt8]? {
        var bytes: [UInt8] = []
        for scalar in character.unicodeScalars {
            guard let byte = byte(for: scalar) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}

/// Nearest ASCII spellings for characters a target code page cannot hold.
public enum Transliteration {
    private static let special: [Character: String] = [
        "€": "EUR", "„": "\"", "“": "\"", "”": "\"", "‚": "'", "‘": "'", "’": "'", "–": "-", "—": "-",
        "…": "...", "•": "*", "ß": "ss", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Ø": "O", "ø": "o",
        "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "\u{00A0}": " ", "×": "x", "™": "TM", "©": "(C)",
    ]

    /// An ASCII approximation: known symbols, else the base letter without its accents, else `?`.
    public static func ascii(for character: Character) -> String {
        if let known = special[character] { return known }
        var result = ""
        for scalar in String(character).decomposedStringWithCanonicalMapping.unicodeScalars where scalar.isASCII {
            result.unicodeScalars.append(scalar)
        }
        return result.isEmpty ? "?" : result
    }
}

extension TextEncoding {
    /// Decodes any label `init(label:)` knows (`cp1250`, `Windows-1250`, `latin2`, `cp852`…), case-insensitively.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let label = try container.decode(String.self)
        guard let encoding = TextEncoding(label: label) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "unknown encoding '\(label)'; use UTF-8, windows-1250, ISO-8859-2 or CP852")
        }
        self = encoding
    }
}
