import ConsignCore
import ConsignSupport
import Glibc

/// How an input file's encoding was decided.
public enum EncodingEvidence: String, Sendable {
    case byteOrderMark = "byte order mark"
    case declaration = "XML declaration"
    case validUTF8 = "valid UTF-8"
    case controlBytes = "bytes 0x80-0x9F"
    case distinctiveLetters = "letters that differ between the code pages"
    case configured = "configuration"
    case defaultEncoding = "default"
}

/// The decided encoding of a file and why.
public struct DetectedEncoding: Sendable, Hashable {
    /// The encoding to decode with.
    public var encoding: TextEncoding
    /// How it was decided.
    public var evidence: EncodingEvidence
    /// Bytes to skip at the start (a UTF-8 BOM is 3).
    public var bomLength: Int

    /// Creates a detection result.
    public init(encoding: TextEncoding, evidence: EncodingEvidence, bomLength: Int = 0) {
        self.encoding = encoding
        self.evidence = evidence
        self.bomLength = bomLength
    }
}

/// Why an encoding could not be accepted.
public struct EncodingMismatch: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the file says or what was configured.
    public var declared: String
    /// What the bytes show.
    public var observed: String
    /// Byte offset of the first byte that contradicts the declaration, if known.
    public var offset: Int?
    /// True when the declared encoding is one Consign does not read at all (whatever the bytes).
    public var isUnsupportedLabel = false

    /// The 1-based line of the byte at `offset` and its value, once `located(in:)` has filled them.
    public var line: Int?
    public var byte: UInt8?

    public var description: String {
        let at: String
        if let offset, let line, let byte {
            at = " (first contradicting byte 0x\(String(byte, radix: 16, uppercase: true)) on line \(line), "
                + "offset \(offset))"
        } else {
            at = offset.map { " (first contradicting byte at offset \($0))" } ?? ""
        }
        if declared == "none" {
            return "the bytes are \(observed)\(at); save the whole file as UTF-8 or Windows-1250"
        }
        if isUnsupportedLabel {
            return "declared encoding \(declared) is not one Consign reads (UTF-8, Windows-1250, ISO-8859-2, "
                + "CP852); export the file in one of those"
        }
        return "declared encoding \(declared) contradicts the bytes, which are \(observed)\(at)"
    }

    /// The `encoding-mismatch` error of `fileName`, named by the line and value of its byte in
    /// `sample` (the bytes it was detected in, from the file's start).
    public func formatError(file fileName: String, sample: [UInt8]) -> FormatError {
        let located = located(in: sample)
        return FormatError(.encodingMismatch, file: fileName, location: located.line.map { SourceLocation(line: $0) },
                           located.description)
    }

    /// The mismatch with the line and value of its byte, found in `sample`.
    func located(in sample: [UInt8]) -> EncodingMismatch {
        guard let offset, offset < sample.count else { return self }
        var located = self
        located.line = Self.line(of: offset, in: sample)
        located.byte = sample[offset]
        return located
    }

    /// The 1-based line of the byte at `offset` (< `bytes.count`).
    static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        1 + LineBreaks.count(in: bytes, 0..<offset, end: bytes.count)
    }
}

/// Line breaks as Consign counts lines: LF, and CR not followed by LF (CRLF is one break).
enum LineBreaks {
    /// The breaks in `bytes[range]`; a CR is judged by the byte after it when that is before `end`.
    static func count<Bytes: RandomAccessCollection<UInt8>>(in bytes: Bytes, _ range: Range<Int>, end: Int) -> Int
        where Bytes.Index == Int {
        var count = 0
        for index in range {
            let byte = bytes[index]
            if byte == 0x0A || (byte == 0x0D && (index + 1 >= end || bytes[index + 1] != 0x0A)) { count += 1 }
        }
        return count
    }
}

/// Decides a file's encoding from a prefix of its bytes: BOM, then declaration, then UTF-8
/// validity, then Windows-1250 vs ISO-8859-2 by the bytes only one of them uses.
public enum EncodingDetector {
    /// Detects the encoding of `sample` (the first bytes of the file; 64 KiB or more is best).
    ///
    /// - Parameters:
    ///   - declared: the label from an XML declaration or format convention, if any.
    ///   - pinned: an encoding the config pins for this file; wins over everything but a BOM.
    ///   - fallback: used when nothing else decides (Windows-1250 for Czech ERP CSV).
    public static func detect(
        sample: some Collection<UInt8>, declared: String? = nil, pinned: TextEncoding? = nil,
        fallback: TextEncoding = .windows1250
    ) throws(EncodingMismatch) -> DetectedEncoding {
        let bytes = Array(sample)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            if let declared, let label = TextEncoding(label: declared), label != .utf8 {
                throw EncodingMismatch(declared: declared, observed: "UTF-8 (the file starts with a UTF-8 BOM)")
            }
            return DetectedEncoding(encoding: .utf8, evidence: .byteOrderMark, bomLength: 3)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw EncodingMismatch(declared: declared ?? "none", observed: "UTF-16, which Consign does not read")
        }
        if let pinned { return DetectedEncoding(encoding: pinned, evidence: .configured) }
        if let declared {
            guard let encoding = TextEncoding(label: declared) else {
                throw EncodingMismatch(declared: declared, observed: "an encoding Consign does not read",
                                       isUnsupportedLabel: true)
            }
            try check(bytes, against: encoding, declared: declared)
            return DetectedEncoding(encoding: encoding, evidence: .declaration)
        }
        let guessed = guess(bytes, fallback: fallback)
        if guessed.encoding != .utf8 && mixesUTF8(bytes) {
            throw EncodingMismatch(declared: "none", observed: "UTF-8 mixed with another encoding",
                                   offset: firstUTF8LineByte(bytes))
        }
        // A UTF-8 line among them is refused as such, naming its line (the tokenizer's check).
        if guessed.evidence == .controlBytes, firstUTF8LineByte(bytes) == nil,
            let letter = distinctiveISOLetterInWord(bytes[...]),
            let control = bytes.firstIndex(where: { (0x80...0x9F).contains($0) })
        {
            // `ť` in "Žluťoučká" is ISO-8859-2 (» in Windows-1250), and a C1 byte is Windows-1250 (a
            // control in ISO-8859-2): read as either, some names would be stored garbled.
            let hex = String(bytes[letter], radix: 16, uppercase: true)
            throw EncodingMismatch(
                declared: "none",
                observed: "ISO-8859-2 (letter byte 0x\(hex) inside a word on line "
                    + "\(EncodingMismatch.line(of: letter, in: bytes))) mixed with Windows-1250", offset: control)
        }
        return guessed
    }

    /// Guesses without a declaration: UTF-8 if valid and non-ASCII, else a code page.
    public static func guess(_ bytes: [UInt8], fallback: TextEncoding) -> DetectedEncoding {
        if !bytes.contains(where: { $0 >= 0x80 }) {
            return DetectedEncoding(encoding: fallback == .cp852 ? .cp852 : .utf8, evidence: .defaultEncoding)
        }
        if firstInvalidUTF8(bytes, allowTruncatedEnd: true) == nil {
            return DetectedEncoding(encoding: .utf8, evidence: .validUTF8)
        }
        if fallback == .cp852 { return DetectedEncoding(encoding: .cp852, evidence: .configured) }
        if bytes.contains(where: { (0x80...0x9F).contains($0) }) {
            return DetectedEncoding(encoding: .windows1250, evidence: .controlBytes)
        }
        return DetectedEncoding(encoding: distinctiveGuess(bytes) ?? fallback, evidence: .distinctiveLetters)
    }

    /// Throws when `bytes` cannot be in `encoding`: invalid UTF-8 under a UTF-8 label, or
    /// multi-byte UTF-8 (or C1 controls) under a single-byte label.
    public static func check(
        _ bytes: [UInt8], against encoding: TextEncoding, declared: String
    ) throws(EncodingMismatch) {
        switch encoding {
        case .utf8:
            if let offset = firstInvalidUTF8(bytes, allowTruncatedEnd: true) {
                throw EncodingMismatch(declared: declared, observed: "not valid UTF-8", offset: offset)
            }
        case .windows1250, .iso8859_2, .cp852:
            guard bytes.contains(where: { $0 >= 0x80 }) else { return }
            if looksLikeMultibyteUTF8(bytes) {
                throw EncodingMismatch(declared: declared, observed: "UTF-8 multi-byte sequences",
                                       offset: firstUTF8LineByte(bytes) ?? firstHighByteOffset(bytes))
            }
            if encoding == .iso8859_2, let offset = bytes.firstIndex(where: { (0x80...0x9F).contains($0) }) {
                throw EncodingMismatch(declared: declared, observed: "Windows-1250 (C1 control bytes)", offset: offset)
            }
            if let page = encoding.codePage, let offset = bytes.firstIndex(where: { !page.defines($0) }) {
                throw EncodingMismatch(
                    declared: declared, observed: "bytes undefined in \(encoding.rawValue)",
                    offset: offset)
            }
        }
    }

    /// The offset of the first byte that breaks UTF-8, or nil when valid.
    /// With `allowTruncatedEnd`, a sequence cut by the end of a sample is accepted.
    public static func firstInvalidUTF8(_ bytes: [UInt8], allowTruncatedEnd: Bool) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length: Int
            switch lead {
            case 0x00...0x7F:
                index += 1
                continue
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            if index + length > bytes.count { return allowTruncatedEnd ? nil : index }
            for next in 1..<length where bytes[index + next] & 0xC0 != 0x80 { return index }
            index += length
        }
        return nil
    }

    /// The offset of the first line (LF-terminated) in `bytes` whose high bytes all form
    /// well-shaped UTF-8 sequences, at least one of them a Central European letter (lead byte
    /// 0xC3–0xC5): UTF-8 text in a file read as a single-byte code page, which would otherwise
    /// become mojibake (`Nováček` → `NovĂˇÄŤek`). A code-page line with accents almost always has
    /// a byte no UTF-8 sequence explains (`á` is 0xE1 before an ASCII letter). Only complete lines
    /// are judged, and with `final` also the unterminated last one; nil when no line qualifies.
    /// `breakingAlsoAt` ends a line at another byte too (XML's `>`, for files on one line).
    public static func firstUTF8Line(
        in bytes: UnsafeBufferPointer<UInt8>, final: Bool, breakingAlsoAt extra: UInt8 = 0x0A
    ) -> Int? {
        // Lines without a high byte cannot qualify: skip ASCII eight bytes at a time and judge
        // only the lines a high byte falls in (code-page files are mostly ASCII markup).
        var judged = 0
        while let high = firstHighByte(in: bytes, from: judged) {
            var lineStart = high
            while lineStart > judged && bytes[lineStart - 1] != 0x0A && bytes[lineStart - 1] != extra {
                lineStart -= 1
            }
            switch judgeLine(in: bytes, from: high, breakingAlsoAt: extra, final: final) {
            case .utf8: return lineStart
            case .undecided: return nil
            case .codePage(let lineEnd): judged = lineEnd
            }
        }
        return nil
    }

    private enum LineVerdict {
        case utf8
        /// The line is not UTF-8 text; judging goes on after `lineEnd`.
        case codePage(lineEnd: Int)
        /// The line runs past the end of a buffer that is not final.
        case undecided
    }

    /// Judges the line holding `index` from there to its break (or the end of `bytes`).
    private static func judgeLine(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, breakingAlsoAt extra: UInt8,
                                  final: Bool) -> LineVerdict {
        var letters = 0
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == extra {
                return letters > 0 ? .utf8 : .codePage(lineEnd: index + 1)
            }
            if byte < 0x80 {
                // ASCII runs (most of a line) are skipped a word at a time.
                index = ByteScan.firstNonASCII(orEither: 0x0A, extra, in: bytes, from: index + 1)
                continue
            }
            switch highByteShape(at: index, in: bytes) {
            case .cut where !final: return .undecided
            case .sequence(let length):
                if (0xC3...0xC5).contains(byte) { letters += 1 }
                index += length
            case .stray, .cut:
                // One stray settles the line: the rest of it is skipped, not judged (a Czech
                // code-page line has a high byte every few dozen bytes).
                return lineEnd(in: bytes, from: index + 1, breakingAlsoAt: extra, final: final)
            }
        }
        guard final else { return .undecided }
        return letters > 0 ? .utf8 : .codePage(lineEnd: bytes.count)
    }

    /// The verdict on a line found not to be UTF-8 at `start`: judging goes on after its break.
    private static func lineEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, breakingAlsoAt extra: UInt8,
                                final: Bool) -> LineVerdict {
        guard let base = bytes.baseAddress, start < bytes.count else {
            return final ? .codePage(lineEnd: bytes.count) : .undecided
        }
        func first(_ byte: UInt8, before limit: Int) -> Int? {
            memchr(base + start, Int32(byte), limit - start).map {
                base.distance(to: $0.assumingMemoryBound(to: UInt8.self))
            }
        }
        let lineFeed = first(0x0A, before: bytes.count)
        let lineBreak = first(extra, before: lineFeed ?? bytes.count) ?? lineFeed
        if let lineBreak { return .codePage(lineEnd: lineBreak + 1) }
        return final ? .codePage(lineEnd: bytes.count) : .undecided
    }

    /// The index of the first byte of 0x80 or above at or after `start`, nil when none; ASCII
    /// is skipped eight bytes at a time (`ByteScan.firstNonASCII`).
    public static func firstHighByte(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let index = ByteScan.firstNonASCII(in: bytes, from: start)
        return index < bytes.count ? index : nil
    }

    /// True when the high bytes mostly form well-shaped UTF-8 sequences (mojibake risk).
    static func looksLikeMultibyteUTF8(_ bytes: [UInt8]) -> Bool {
        let (sequences, strays) = utf8Shapes(bytes)
        return sequences > 0 && sequences >= strays * 4
    }

    /// True when invalid UTF-8 still holds as many well-formed multi-byte sequences as stray
    /// high bytes: UTF-8 text mixed with a code page (concatenated exports), which no single
    /// encoding decodes. Single-byte Czech text has far more strays than accidental sequences.
    static func mixesUTF8(_ bytes: [UInt8]) -> Bool {
        let (sequences, strays) = utf8Shapes(bytes)
        return sequences >= 2 && sequences >= strays
    }

    private static func utf8Shapes(_ bytes: [UInt8]) -> (sequences: Int, strays: Int) {
        bytes.withUnsafeBufferPointer { bytes in
            var sequences = 0
            var strays = 0
            var index = 0
            while index < bytes.count {
                guard bytes[index] >= 0x80 else {
                    index += 1
                    continue
                }
                if case .sequence(let length) = highByteShape(at: index, in: bytes) {
                    sequences += 1
                    index += length
                } else {
                    strays += 1
                    index += 1
                }
            }
            return (sequences, strays)
        }
    }

    /// What the high byte at `index` starts: a well-formed multi-byte UTF-8 sequence of some
    /// length, a stray (no lead byte, or not followed by continuation bytes), or a sequence
    /// cut by the end of `bytes`.
    private enum HighByteShape {
        case sequence(length: Int)
        case stray
        case cut
    }

    private static func highByteShape(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> HighByteShape {
        let lead = bytes[index]
        let length = lead >= 0xF5 ? 0 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0
        guard length > 0 else { return .stray }
        guard index + length <= bytes.count else { return .cut }
        return (1..<length).allSatisfy({ bytes[index + $0] & 0xC0 == 0x80 }) ? .sequence(length: length) : .stray
    }

    /// Without C1 bytes (which settle Windows-1250), the letters Š Ť ť Ž Ś ś Ź Ą ą at their
    /// ISO-8859-2 positions point to ISO-8859-2: in Windows-1250 those bytes are symbols
    /// (© « » ® ¦ ¶ ¬ ˇ ±). The ISO bytes of š ž ź (0xB9 0xBE 0xBC) alone are not enough:
    /// they are the Windows-1250 letters ą ľ Ľ, so a Slovak "Ľubica Kráľová" must not count;
    /// but Czech text in ISO-8859-2 (`isCzechISO`) does.
    static func distinctiveGuess(_ bytes: [UInt8]) -> TextEncoding? {
        bytes.contains(where: { isoLetters.contains($0) }) || isCzechISO(bytes) || hasSlovakISOL(bytes)
            ? .iso8859_2 : nil
    }

    /// True for Czech text in ISO-8859-2 whose only ISO-only letters are its frequent š and ž
    /// (0xB9, 0xBE: "Lukáš Kašpar", "Růžová", "Nádražní"): at least two of them beside a letter
    /// only Czech writes (ř Ř ě Ě ů Ů, the same bytes in both code pages). Read as Windows-1250,
    /// such a sample would be Czech text with ą or ľ (Polish, Slovak) twice and not one
    /// š ž ť Š Ž Ť (C1 bytes there, already ruled out by the caller): a Slovak "Kráľová" among
    /// Czech addresses comes with š or ž somewhere else.
    static func isCzechISO(_ bytes: [UInt8]) -> Bool {
        var (sz, czech) = (0, 0)
        for byte in bytes where byte >= 0xB9 {
            switch byte {
            case 0xB9, 0xBE: sz += 1
            case 0xF8, 0xD8, 0xEC, 0xCC, 0xF9, 0xD9: czech += 1
            default: continue
            }
            if sz >= 2 && czech >= 1 { return true }
        }
        return false
    }

    /// True when ISO-8859-2 `ľ` (0xB5) stands inside a word ("Kráľová", "Poľná"): in Windows-1250
    /// that byte is the micro sign, which goes before a unit, never between letters.
    static func hasSlovakISOL(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 3 else { return false }
        return (1..<(bytes.count - 1)).contains {
            bytes[$0] == 0xB5 && isWordLetter(bytes[$0 - 1]) && isWordLetter(bytes[$0 + 1])
        }
    }

    /// The bytes `distinctiveGuess` takes for ISO-8859-2 letters.
    static let isoLetters: Set<UInt8> = [0xA9, 0xAB, 0xBB, 0xAE, 0xA6, 0xB6, 0xAC, 0xA1, 0xB1]

    /// True when an ISO-8859-2 letter that is a symbol or a rarer letter in Windows-1250 stands
    /// inside a word, a letter (or another of them) on both sides: `ť` in "Žluťoučký", and also
    /// `š` `ž` (0xB9 0xBE, Windows-1250 `ą` `ľ`) in "Pospíšil", "Růžička", which Czech ISO text has
    /// in nearly every line, whereas "LEGO®" and "»törékeny«" have a space or an end on one side.
    public static func hasISOLetterInWord(_ bytes: ArraySlice<UInt8>) -> Bool {
        let isLetter = isWordLetter
        guard bytes.count >= 3 else { return false }
        var index = bytes.startIndex + 1
        while index < bytes.endIndex - 1 {
            if inWordLetters.contains(bytes[index]), isLetter(bytes[index - 1]), isLetter(bytes[index + 1]) {
                return true
            }
            index += 1
        }
        return false
    }

    /// The offset of a byte of `isoLetters` (an ISO-8859-2 letter that is a symbol in
    /// Windows-1250) standing as a letter: inside a word, a letter on both sides (`ť` in
    /// "Žluťoučká"), or, for Ś ś Ą ą Ź (symbols ¦ ¶ ˇ ± ¬, rare after a letter in Windows-1250
    /// text), at a word's end ("Staś"); nil when there is none. The ISO bytes of š ž ź are left
    /// out: they are letters in Windows-1250 too (ą ľ Ľ). The guillemets « » (ISO Ť ť) next to
    /// a symbol do not make it a letter: "»LEGO®«" is Windows-1250 quoting.
    static func distinctiveISOLetterInWord(_ bytes: ArraySlice<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            distinctiveISOLetter(in: buffer, from: 1, to: buffer.count).map { bytes.startIndex + $0 }
        }
    }

    /// `distinctiveISOLetterInWord` for candidates at offsets `start..<end` of `bytes`, their
    /// neighbours read from `bytes` (so a chunk's first and last bytes are judged too). Only
    /// high bytes are looked at, ASCII being skipped a word at a time.
    static func distinctiveISOLetter(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        firstStrangeByte(in: bytes, from: start, to: end, undefinedIn: nil, isoLetters: true)
    }

    /// The first high byte at offsets `start..<end` of `bytes` that is no text in `page` (when
    /// given) or, with `isoLetters`, a distinctive ISO-8859-2 letter (`distinctiveISOLetter`);
    /// nil when there is none. One walk over the high bytes for both checks of a fresh chunk.
    /// Text with accents has a high byte every few letters: each costs a table load, and only the
    /// few bytes the table flags (undefined in `page`, or an ISO letter) are looked at closely.
    /// When no byte of 0xC0–0xFF is flagged (Windows-1250, ISO-8859-2: their accented letters are
    /// there), only bytes of 0x80–0xBF are stopped at: a Czech line stops at two or three, not
    /// fifteen (a Shoptet export's chunk checks were 4 % of reading it).
    static func firstStrangeByte(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int,
                                 undefinedIn page: SingleByteCodePage?, isoLetters: Bool) -> Int? {
        let limit = min(end, bytes.count)
        let suspects = suspectBytes(undefinedIn: page, isoLetters: isoLetters)
        let skipsLetters = !suspects[0xC0...].contains(true)
        func next(from index: Int) -> Int {
            skipsLetters ? ByteScan.firstHighSymbol(in: bytes, from: index)
                : ByteScan.firstNonASCII(in: bytes, from: index)
        }
        return suspects.withUnsafeBufferPointer { isSuspect in
            var index = next(from: start)
            while index < limit {
                if isSuspect[Int(bytes[index])] {
                    if let page, !page.isText(bytes[index]) { return index }
                    if isoLetters, index > 0, isStandingISOLetter(at: index, in: bytes) { return index }
                }
                index = next(from: index + 1)
            }
            return nil
        }
    }

    /// For each byte value: whether `firstStrangeByte` must look at it.
    private static func suspectBytes(undefinedIn page: SingleByteCodePage?, isoLetters: Bool) -> [Bool] {
        var suspects = [Bool](repeating: false, count: 256)
        for byte in UInt8(0x80)...UInt8(0xFF) {
            let isUndefined = page.map { !$0.isText(byte) } ?? false
            suspects[Int(byte)] = isUndefined || (isoLetters && letterKinds[Int(byte)] & isoLetterKind != 0)
        }
        return suspects
    }

    /// True when the high byte at `index` (not the first) is an ISO-only letter standing as one.
    static func isStandingISOLetter(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let kind = letterKinds[Int(bytes[index])]
        guard kind & isoLetterKind != 0, letterKinds[Int(bytes[index - 1])] & neighbourKind != 0,
            index + 1 < bytes.count
        else { return false }
        let next = letterKinds[Int(bytes[index + 1])]
        if next & neighbourKind != 0 { return true }
        return kind & wordFinalKind != 0 && bytes[index + 1] < 0x80 && next & wordLetterKind == 0
    }

    private static let isoLetterKind: UInt8 = 1
    private static let wordLetterKind: UInt8 = 2
    /// A letter beside a candidate: a word letter but the guillemets « » (0xAB, 0xBB).
    private static let neighbourKind: UInt8 = 4
    /// ISO-8859-2 Ś ś Ą ą Ź: letters a Polish word may end with, symbols in Windows-1250.
    private static let wordFinalKind: UInt8 = 8

    /// Each byte's kinds, a table so that a chunk's high bytes cost a load each.
    private static let letterKinds: [UInt8] = (0...255).map { value in
        let byte = UInt8(value)
        var kind: UInt8 = 0
        if isoLetters.contains(byte) { kind |= isoLetterKind }
        if isWordLetter(byte) { kind |= wordLetterKind }
        if isWordLetter(byte) && byte != 0xAB && byte != 0xBB { kind |= neighbourKind }
        if [0xA6, 0xB6, 0xA1, 0xB1, 0xAC].contains(byte) { kind |= wordFinalKind }
        return kind
    }

    /// Where the first line that reads as UTF-8 has its first high byte (see `firstUTF8Line`),
    /// nil when no line does.
    static func firstUTF8LineByte(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            firstUTF8Line(in: buffer, final: true, breakingAlsoAt: 0x0D).flatMap { firstHighByte(in: buffer, from: $0) }
        }
    }

    private static func firstHighByteOffset(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstHighByte(in: $0, from: 0) }
    }

    /// A letter for `hasISOLetterInWord`: ASCII, the upper half's letters, or an ISO letter byte.
    private static func isWordLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || (byte >= 0xC0 && byte != 0xD7 && byte != 0xF7) || inWordLetters.contains(byte)
    }

    /// `isoLetters` and ISO-8859-2 `š` `ž` `ź` (0xB9 0xBE 0xBC), letters inside words.
    static let inWordLetters: Set<UInt8> = isoLetters.union([0xB9, 0xBE, 0xBC])
}
