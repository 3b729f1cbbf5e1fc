import CLibXML2
import ConsignCore
import ConsignFormats

/// Keeps the first error libxml2 reports for one reader (its structured error handler's target).
final class ParserErrorSink {
    /// One libxml2 error, copied out of the `xmlError` struct.
    struct Failure {
        var code: Int32
        var domain: Int32
        var line: Int
        var message: String

        /// The Consign error for this libxml2 error: encoding, limit, entity or plain malformed.
        func formatError(file: String) -> FormatError {
            let location = SourceLocation(line: line > 0 ? line : nil)
            let text = "libxml2: \(message)"
            if isEncodingError {
                return FormatError(.encodingMismatch, file: file, location: location,
                                   "the bytes do not match the file's encoding (\(text))")
            }
            if message.contains("Excessive depth") || message.contains("huge") {
                return FormatError(.limitExceeded, file: file, location: location, text)
            }
            if code == Int32(XML_ERR_ENTITY_LOOP.rawValue) || message.contains("amplification") {
                return FormatError(.forbiddenConstruct, file: file, location: location, text)
            }
            return FormatError(.malformed, file: file, location: location, "the XML is malformed (\(text))")
        }

        private var isEncodingError: Bool {
            let encodingCodes: [xmlParserErrors] = [
                XML_ERR_INVALID_ENCODING, XML_ERR_UNKNOWN_ENCODING,
                XML_ERR_UNSUPPORTED_ENCODING, XML_I18N_CONV_FAILED,
            ]
            let domains: [xmlErrorDomain] = [XML_FROM_I18N, XML_FROM_IO]
            return encodingCodes.contains { Int32($0.rawValue) == code }
                || domains.contains { Int32($0.rawValue) == domain }
                || message.contains("not proper UTF-8")
        }
    }

    // Read after every node: unchecked exclusivity is safe, the sink is only touched by its reader's thread.
    @exclusivity(unchecked) private(set) var first: Failure?

    /// Records `error` unless it is only a warning or an earlier error is already kept.
    func record(_ error: xmlError) {
        guard first == nil, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        var message = error.message.map { String(cString: $0) } ?? "unknown error"
        while message.last?.isWhitespace == true { message.removeLast() }
        first = Failure(code: error.code, domain: error.domain, line: Int(error.line), message: message)
    }
}
