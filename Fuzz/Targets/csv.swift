import ConsignFormats

/// libFuzzer entry: the input is a CSV order file. Opens it through `CSVOrderReaders`, reads
/// every order, and runs the raw `CSVTokenizer` over it. A `FormatError` is a correct answer;
/// a crash, a hang, runaway memory or an endless stream of orders is a bug.
///
/// One input in eight gets a line of bare separators (a blank record) after its first line, so
/// that its second line starts just before the tokenizer's first 64 KiB chunk ends and the
/// rest crosses a refill.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = FuzzInput.bytes(data, size)
    if size % 8 == 4 { padAcrossFirstChunk(&bytes) }
    let path = FuzzInput.writeScratchFile(bytes)
    let options = CSVFuzzOptions.forInput(size: size)
    readOrders(path: path, size: size, options: options)
    tokenize(path: path, size: size, options: options)
    return 0
}

/// Inserts a blank record after the first line so the second starts up to 60 bytes before 64 KiB.
private func padAcrossFirstChunk(_ bytes: inout [UInt8]) {
    guard let firstLineEnd = bytes.firstIndex(of: 0x0A) else { return }
    let separator = bytes[..<firstLineEnd].contains(UInt8(ascii: ";")) ? UInt8(ascii: ";") : UInt8(ascii: ",")
    let padding = CSVTokenizer.chunkSize - (firstLineEnd + 1) - bytes.count % 61 - 1
    guard padding > 0 else { return }
    bytes.insert(contentsOf: repeatElement(separator, count: padding) + [0x0A], at: firstLineEnd + 1)
}

private func readOrders(path: String, size: Int, options: ReaderOptions) {
    do {
        guard let reader = try CSVOrderReaders.open(path: path, fileName: "fuzz.csv", options: options) else { return }
        _ = reader.dialect
        var count = 0
        while let order = try reader.next() {
            count += 1
            // Each order needs its own line, so more orders than bytes means the reader loops.
            if count > size { FuzzInput.fail("more orders than input bytes") }
            _ = order.orderCode
        }
    } catch {
        _ = error.code
    }
}

private func tokenize(path: String, size: Int, options: ReaderOptions) {
    do {
        let tokenizer = try CSVTokenizer(path: path, fileName: "fuzz.csv", options: options)
        var records = 0
        while try tokenizer.nextRecord() {
            records += 1
            if records > size { FuzzInput.fail("more records than input bytes") }
            for (index, range) in tokenizer.fieldRanges.enumerated() where range.count <= options.maxFieldBytes {
                _ = tokenizer.string(at: index)
            }
        }
    } catch {
        _ = error.code
    }
}

/// Reader options varied by input size, so every input replays with the same options.
enum CSVFuzzOptions {
    /// Default options, a pinned encoding, or tight limits.
    static func forInput(size: Int) -> ReaderOptions {
        switch size % 4 {
        case 1: ReaderOptions(pinnedEncoding: .utf8)
        case 2: ReaderOptions(pinnedEncoding: .cp852, fallbackEncoding: .iso8859_2)
        case 3: ReaderOptions(maxFieldBytes: 16, maxDepth: 4)
        default: ReaderOptions()
        }
    }
}
