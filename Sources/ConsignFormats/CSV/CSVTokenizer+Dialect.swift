import ConsignCore

extension CSVTokenizer {
    /// The file's dialect as far as it is known, for the given format.
    public func dialect(format: OrderFormat) -> FileDialect {
        FileDialect(format: format, encoding: encoding, encodingEvidence: encodingEvidence, separator: separator,
                    lineEnding: lineEnding ?? .crlf, hasByteOrderMark: hasByteOrderMark)
    }
}
