import ConsignCore

extension CSVTokenizer {
    /// The file's dialect as far as it is known, for the given format.
    ///
    /// A file that is pure ASCII so far reads the same in every encoding; its results are written
    /// in the configured fallback encoding (Windows-1250 by default), which is what the ERP
    /// that wrote it most likely reads.
    public func dialect(format: OrderFormat) -> FileDialect {
        let isUndecided = encodingEvidence == .defaultEncoding
        return FileDialect(
            format: format, encoding: isUndecided ? options.fallbackEncoding : encoding,
            encodingEvidence: encodingEvidence, separator: separator, lineEnding: lineEnding ?? .crlf,
            hasByteOrderMark: hasByteOrderMark)
    }
}
