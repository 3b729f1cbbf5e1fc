import ConsignCore
import ConsignSupport
import Glibc

/// A problem found in bytes not read into records yet: the buffer index of the byte (or the
/// start of the line) at fault, and the error. Records that end before it are still delivered.
struct ByteProblem {
    let index: Int
    let error: FormatError
}

/// Chunked reading: compaction, growth, and the checks every fresh chunk gets.
extension CSVTokenizer {
    /// Reads until the first chunk is full or the file ends (detection needs a full sample);
    /// returns the byte count and whether the file ended (a final Ctrl-Z is dropped).
    static func readFirstChunk(from source: FileByteSource,
                               into buffer: inout [UInt8]) throws(FormatError) -> (Int, Bool) {
        var end = 0
        while end < chunkSize {
            let count = try source.read(into: &buffer, at: end, count: chunkSize - end)
            if count == 0 {
                if end > 0 && buffer[end - 1] == 0x1A { end -= 1 }
                return (end, true)
            }
            end += count
        }
        return (end, false)
    }

    /// Moves the unfinished record to the front, grows the buffer if needed, and reads a chunk.
    func refill() throws(FormatError) {
        // The record before `cursor` is dropped or moved with the bytes.
        template = nil
        if cursor > 0 {
            let kept = end - cursor
            buffer.withUnsafeMutableBytes { raw in
                _ = memmove(raw.baseAddress!, raw.baseAddress! + cursor, kept)
            }
            baseOffset += cursor
            end = kept
            cursor = 0
        }
        if buffer.count - end < Self.chunkSize {
            buffer.append(contentsOf: repeatElement(0, count: max(buffer.count, Self.chunkSize)))
        }

        let count = try source.read(into: &buffer, at: end, count: Self.chunkSize)
        if count == 0 {
            markEndOfFile()
            // UTF-8: a character the last chunk left unfinished is judged now that none follows.
            problem = encoding != .utf8 ? checkNoUTF8Lines(from: end) : checkUTF8()
            return
        }
        end += count
        problem = inspect(end - count..<end)
    }

    /// A record may hold several fields but not grow without bound while looking for its end.
    func checkRecordLength() throws(FormatError) {
        let limit = 4 * options.maxFieldBytes + Self.chunkSize
        guard end - cursor > limit else { return }
        throw FormatError(.limitExceeded, file: fileName, location: SourceLocation(line: nextLine),
                          "the record starting on line \(nextLine) is longer than \(limit) bytes")
    }

    /// Drops a DOS end-of-file mark (Ctrl-Z, 0x1A) from the very end.
    private func markEndOfFile() {
        isEndOfFile = true
        if end > cursor && buffer[end - 1] == 0x1A { end -= 1 }
    }

    /// Checks fresh bytes: no NUL (binary data) and, for UTF-8, valid sequences; the problem
    /// that comes first in the file, with the buffer index of its byte or line (records before
    /// it are delivered, so a later problem must not hide an earlier one).
    func inspect(_ fresh: Range<Int>) -> ByteProblem? {
        let nul = buffer.withUnsafeBufferPointer { bytes -> Int? in
            guard let base = bytes.baseAddress, let found = memchr(base + fresh.lowerBound, 0, fresh.count) else {
                return nil
            }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }
        var found: [ByteProblem] = []
        if let nul {
            // The bytes before `cursor` were counted into `nextLine` already.
            let line = nextLine + lineBreaks(in: min(cursor, nul)..<nul)
            found.append(ByteProblem(index: nul, error: FormatError(
                .malformed, file: fileName, location: SourceLocation(line: line),
                "binary data, not CSV (a NUL byte on line \(line))")))
        }
        if encoding == .utf8, let problem = checkUTF8() { found.append(problem) }
        // Also right after an ASCII start turned out to be a code page in this very chunk.
        if encoding != .utf8 {
            found += [checkNoUTF8Lines(from: fresh.lowerBound), checkHighBytes(fresh)].compactMap { $0 }
        }
        return found.min { $0.index < $1.index }
    }

    /// ISO-8859-2 guessed from `sample`'s letters (© « » ® in Windows-1250 are Š Ť ť Ž in
    /// ISO-8859-2) is checked against the rest of the file, not read yet, when none of those
    /// bytes stands inside a word: a byte in 0x80–0x9F anywhere (`–`, `€`, `„` in Windows-1250,
    /// controls in ISO-8859-2) then settles Windows-1250 before anything is decoded. Hungarian or
    /// German Windows-1250 text has no such byte in its letters, so "LEGO®" in the first 64 KiB
    /// used to decide the whole file. An ISO letter inside a word keeps ISO-8859-2, and a later
    /// 0x80–0x9F byte refuses the file as mixed (`checkHighBytes`).
    func settleLetterGuess(sample: Range<Int>, restFrom offset: Int) {
        guard encoding == .iso8859_2, encodingEvidence == .distinctiveLetters,
            !EncodingDetector.hasISOLetterInWord(buffer[sample]), source.containsC1(from: offset)
        else { return }
        encoding = .windows1250
        encodingEvidence = .controlBytes
    }

    /// An `encoding-mismatch` at buffer index `found`, its message given the byte's line and value.
    private func encodingMismatch(at found: Int, _ message: (_ line: Int, _ hex: String) -> String) -> ByteProblem {
        let line = nextLine + lineBreaks(in: cursor..<found)
        let hex = "0x" + String(buffer[found], radix: 16, uppercase: true)
        return ByteProblem(index: found, error: FormatError(
            .encodingMismatch, file: fileName, location: SourceLocation(line: line), message(line, hex)))
    }

    /// The fresh high bytes of a file read as a code page, in one walk: none may be a byte that
    /// is no text in it (`undefinedByte`), and a file that is Windows-1250 by its 0x80–0x9F bytes
    /// holds no ISO-8859-2 letter standing as one (`isoLetter`).
    private func checkHighBytes(_ fresh: Range<Int>) -> ByteProblem? {
        let page = encoding.codePage.flatMap { $0.hasNonTextBytes ? $0 : nil }
        let isoLetters = encoding == .windows1250 && encodingEvidence == .controlBytes
        let start = max(fresh.lowerBound, cursor)
        guard page != nil || isoLetters, start < fresh.upperBound else { return nil }
        let found = buffer.withUnsafeBufferPointer { bytes in
            EncodingDetector.firstStrangeByte(in: UnsafeBufferPointer(rebasing: bytes[..<end]), from: start,
                                              to: fresh.upperBound, undefinedIn: page, isoLetters: isoLetters)
        }
        guard let found else { return nil }
        if let page, !page.isText(buffer[found]) { return undefinedByte(at: found) }
        return isoLetter(at: found)
    }

    /// A file read as a code page must not hold a byte that is no text in it: one the code page
    /// leaves undefined (a CP852 `ü` is Windows-1250's undefined 0x81) or a C1 control (a
    /// Windows-1250 `Š` read as ISO-8859-2). The file is in another encoding, and the text would be
    /// stored as U+FFFD or spaces. Refused like a UTF-8 line, naming the line and the byte; the
    /// first 64 KiB chose the encoding, this covers the rest.
    private func undefinedByte(at found: Int) -> ByteProblem {
        encodingMismatch(at: found) { line, hex in
            "byte \(hex) on line \(line) is not text in \(encoding.rawValue), so the file is in "
                + "another encoding; save the whole file as \(encoding.rawValue) or UTF-8"
        }
    }

    /// A file that is Windows-1250 by its 0x80–0x9F bytes must not turn to ISO-8859-2 further on
    /// (concatenated exports): a letter only ISO-8859-2 has standing in a word (`ť` in
    /// "Žluťoučká", » in Windows-1250) refuses it, naming the line, instead of storing "Žlu»oučká".
    private func isoLetter(at found: Int) -> ByteProblem {
        encodingMismatch(at: found) { line, hex in
            "byte \(hex) on line \(line) is an ISO-8859-2 letter inside a word, but the file was read as "
                + "Windows-1250 for its bytes 0x80–0x9F, which only Windows-1250 uses as text; save the whole "
                + "file in one encoding"
        }
    }

    /// A file read as a code page must not turn to UTF-8 further on (concatenated exports): the
    /// lines from the one holding `offset` to the end of the buffer are checked, and the first
    /// UTF-8 line refuses the file instead of becoming mojibake.
    func checkNoUTF8Lines(from offset: Int) -> ByteProblem? {
        var start = max(cursor, offset)
        while start > cursor && buffer[start - 1] != 0x0A && buffer[start - 1] != 0x0D { start -= 1 }
        // Lines end at LF or CR: a file with lone-CR line endings is otherwise one long line.
        let found = buffer.withUnsafeBufferPointer { bytes in
            EncodingDetector.firstUTF8Line(in: UnsafeBufferPointer(rebasing: bytes[start..<end]), final: isEndOfFile,
                                           breakingAlsoAt: 0x0D)
        }
        guard let found else { return nil }
        let line = nextLine + lineBreaks(in: cursor..<(start + found))
        return ByteProblem(index: start + found, error: FormatError(
            .encodingMismatch, file: fileName, location: SourceLocation(line: line),
            "line \(line) is UTF-8 but the file before it is \(encoding.rawValue); "
                + "save the whole file in one encoding"))
    }

    /// Re-checks the unchecked bytes as UTF-8. A file that looked like ASCII so far switches
    /// to a single-byte code page (nothing decoded yet differs); otherwise invalid UTF-8 fails.
    private func checkUTF8() -> ByteProblem? {
        let from = max(checkedOffset - baseOffset, cursor)
        guard from < end else { return nil }
        var outcome = buffer.withUnsafeBufferPointer { UTF8Validator.check($0, from..<end) }
        if isEndOfFile, case .valid(let sawMultibyte, let tail?) = outcome {
            // A file cut inside its last character: no byte will finish it.
            outcome = .invalid(index: tail, sawMultibyte: sawMultibyte)
        }
        switch outcome {
        case .valid(let sawMultibyte, let tail):
            if sawMultibyte && encodingEvidence == .defaultEncoding { encodingEvidence = .validUTF8 }
            let checkedTo = isEndOfFile ? end : (tail ?? end)
            checkedOffset = baseOffset + checkedTo
            return nil
        case .invalid(let index, let sawMultibyte):
            if encodingEvidence == .defaultEncoding && !sawMultibyte {
                let guess = EncodingDetector.guess(Array(buffer[index..<end]), fallback: options.fallbackEncoding)
                if guess.encoding != .utf8 {
                    encoding = guess.encoding
                    encodingEvidence = guess.evidence
                    // From the byte before: the first non-ASCII byte may stand inside a word.
                    let sample = max(cursor, index - 1)..<end
                    if !isEndOfFile { settleLetterGuess(sample: sample, restFrom: baseOffset + end) }
                    return nil
                }
            }
            let line = nextLine + lineBreaks(in: cursor..<index)
            return ByteProblem(index: index, error: FormatError(
                .encodingMismatch, file: fileName, location: SourceLocation(line: line),
                "the file was read as UTF-8 but line \(line) is not valid UTF-8"))
        }
    }

    /// Counts LF and lone CR bytes in `range`.
    private func lineBreaks(in range: Range<Int>) -> Int {
        LineBreaks.count(in: buffer, range, end: end)
    }

    /// Turns a scan failure into a file-level error naming the line.
    func error(for failure: ScanFailure) -> FormatError {
        switch failure {
        case .unclosedQuote(let before):
            let line = nextLine + before
            return FormatError(.malformed, file: fileName, location: SourceLocation(line: line),
                               "the quoted field starting on line \(line) is never closed")
        case .textAfterQuote(let before):
            let line = nextLine + before
            return FormatError(.malformed, file: fileName, location: SourceLocation(line: line),
                               "text after a closing quote on line \(line)")
        case .fieldTooLong(let before):
            let line = nextLine + before
            return FormatError(.limitExceeded, file: fileName, location: SourceLocation(line: line),
                               "a field starting on line \(line) is longer than \(options.maxFieldBytes) bytes"
                                + " (an unclosed quote?)")
        }
    }
}
