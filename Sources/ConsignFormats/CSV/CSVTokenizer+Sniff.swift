/// First-chunk decisions: text or binary, encoding, separator.
extension CSVTokenizer {
    /// What the first chunk tells.
    struct Sniffed {
        var detected: DetectedEncoding
        var separator: UInt8
    }

    /// Decides encoding and separator from the first chunk; throws for empty or binary files.
    static func sniff(_ sample: ArraySlice<UInt8>, fileName: String,
                      options: ReaderOptions) throws(FormatError) -> Sniffed {
        let detected = try detectEncoding(Array(sample), fileName: fileName, options: options)
        let text = sample.dropFirst(detected.bomLength)
        if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A || $0 == 0x1A }) {
            throw FormatError(.empty, file: fileName, "empty file")
        }
        if let reason = binaryReason(text) {
            throw FormatError(.malformed, file: fileName, "binary data, not CSV (\(reason))")
        }
        return Sniffed(detected: detected, separator: separator(inHeaderOf: text))
    }

    /// Runs the detector; a pinned encoding is still checked against obvious UTF-8 bytes.
    private static func detectEncoding(_ bytes: [UInt8], fileName: String,
                                       options: ReaderOptions) throws(FormatError) -> DetectedEncoding {
        do {
            let detected = try EncodingDetector.detect(
                sample: bytes, pinned: options.pinnedEncoding, fallback: options.fallbackEncoding)
            if let pinned = options.pinnedEncoding, detected.evidence == .configured {
                try EncodingDetector.check(bytes, against: pinned, declared: "\(pinned.rawValue) (configured)")
            }
            return detected
        } catch {
            // Named by line and byte, as the checks of later chunks do, not by offset alone.
            throw error.formatError(file: fileName, sample: bytes)
        }
    }

    /// Why the bytes look binary, or nil for text: a ZIP (XLSX) signature, a NUL byte, or
    /// more than 1 % control bytes other than tab, CR, LF, form feed and Ctrl-Z.
    static func binaryReason(_ bytes: ArraySlice<UInt8>) -> String? {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "a ZIP archive, perhaps an XLSX workbook" }
        if bytes.contains(0) { return "a NUL byte" }
        let controls = bytes.lazy.filter { $0 < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D, 0x1A].contains($0) }.count
        return controls * 100 > bytes.count ? "control bytes" : nil
    }

    /// The separator that occurs more outside quotes on the first line (`;` on a tie).
    static func separator(inHeaderOf bytes: ArraySlice<UInt8>) -> UInt8 {
        var semicolons = 0
        var commas = 0
        var isQuoted = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): isQuoted.toggle()
            case UInt8(ascii: ";") where !isQuoted: semicolons += 1
            case UInt8(ascii: ",") where !isQuoted: commas += 1
            case 0x0A where !isQuoted, 0x0D where !isQuoted:
                if semicolons + commas > 0 { return commas > semicolons ? UInt8(ascii: ",") : UInt8(ascii: ";") }
            default: break
            }
        }
        return commas > semicolons ? UInt8(ascii: ",") : UInt8(ascii: ";")
    }
}
