import ConsignCore
import ConsignFormats

/// What the first bytes of a file say before libxml2 sees it: whether it is XML at all, the
/// XML declaration's encoding label, a BOM, the line ending, and whether a DOCTYPE precedes
/// the root element.
struct XMLPrologue {
    /// How many bytes are sniffed.
    static let sampleSize = 64 * 1024

    /// The `encoding="…"` label of the XML declaration, if any.
    var declaredEncoding: String?
    /// True when the file starts with a UTF-8 BOM.
    var hasByteOrderMark: Bool
    /// The first line ending seen in the sample.
    var lineEnding: LineEnding
    /// True when `<!DOCTYPE` appears before the root element.
    var hasDoctype: Bool

    /// Sniffs `sample`; nil when it does not start like XML (after a BOM and whitespace, a `<`).
    init?(sample: [UInt8]) {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        hasByteOrderMark = sample.starts(with: bom)
        var index = hasByteOrderMark ? 3 : 0
        while index < sample.count, XMLText.isSpace(sample[index]) { index += 1 }
        // A UTF-16 BOM passes: the encoding detector then refuses the file with a clear message.
        let isUTF16 = sample.starts(with: [0xFF, 0xFE]) || sample.starts(with: [0xFE, 0xFF])
        guard isUTF16 || (index < sample.count && sample[index] == UInt8(ascii: "<")) else { return nil }

        lineEnding = Self.lineEnding(in: sample)
        declaredEncoding = Self.declaredEncoding(in: sample, at: index)
        hasDoctype = Self.doctypeBeforeRoot(in: sample, from: index)
    }

    private static func lineEnding(in sample: [UInt8]) -> LineEnding {
        guard let newline = sample.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else { return .lf }
        if sample[newline] == 0x0A { return .lf }
        return newline + 1 < sample.count && sample[newline + 1] == 0x0A ? .crlf : .cr
    }

    /// The `encoding` pseudo-attribute of `<?xml …?>` starting at `start`.
    private static func declaredEncoding(in sample: [UInt8], at start: Int) -> String? {
        guard sample[start...].starts(with: Array("<?xml".utf8)),
              let end = find(Array("?>".utf8), in: sample, from: start) else { return nil }
        let declaration = String(decoding: sample[start..<end], as: UTF8.self)
        guard let key = declaration.range(of: "encoding") else { return nil }
        let rest = declaration[key.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let label = rest.dropFirst().prefix { $0 != quote }
        return label.isEmpty ? nil : String(label)
    }

    /// Skips the declaration, comments and processing instructions; true on a DOCTYPE.
    private static func doctypeBeforeRoot(in sample: [UInt8], from start: Int) -> Bool {
        var index = start
        while let open = sample[index...].firstIndex(of: UInt8(ascii: "<")) {
            let rest = sample[open...]
            if rest.starts(with: Array("<?".utf8)) {
                guard let end = find(Array("?>".utf8), in: sample, from: open) else { return false }
                index = end + 2
            } else if rest.starts(with: Array("<!--".utf8)) {
                guard let end = find(Array("-->".utf8), in: sample, from: open) else { return false }
                index = end + 3
            } else {
                let head = String(decoding: rest.prefix(9), as: UTF8.self).uppercased()
                return head.hasPrefix("<!DOCTYPE")
            }
        }
        return false
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
