/// A handover protocol that could not be produced, with the cairo status where cairo failed.
public struct HandoverError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The closed set of failures.
    public enum Code: String, Sendable {
        /// Cairo reported an error status (drawing, font or writing the PDF).
        case cairoFailed = "cairo-failed"
        /// Fontconfig does not have the font family the protocol is printed in.
        case fontMissing = "font-missing"
    }

    /// What failed.
    public var code: Code
    /// A sentence naming the protocol and the problem.
    public var message: String
    /// Cairo's `cairo_status_to_string` text, when cairo failed.
    public var cairoStatus: String?
    /// The output path, when rendering to a file.
    public var path: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, cairoStatus: String? = nil, path: String? = nil) {
        self.code = code
        self.message = message
        self.cairoStatus = cairoStatus
        self.path = path
    }

    /// The message, the path and cairo's status text.
    public var description: String {
        var text = message
        if let path { text += " ('\(path)')" }
        if let cairoStatus { text += ": \(cairoStatus)" }
        return text
    }
}
