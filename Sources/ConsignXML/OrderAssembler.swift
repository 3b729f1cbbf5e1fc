import ConsignCore

/// Builds one `OrderRecord` from the values a format's path rules deliver, one order at a time.
protocol OrderAssembler {
    /// The format's field names.
    associatedtype Field

    /// The format's rules, relative to the order element.
    static var rules: [PathRule<Field>] { get }
    /// The format's namespace prefixes as used in `rules`.
    static var namespaces: [String: NamespaceRule] { get }

    /// Starts a new order at `location`, forgetting the previous one.
    mutating func begin(at location: SourceLocation)
    /// Receives a non-empty, trimmed text or attribute value.
    mutating func receive(_ value: String, for field: Field)
    /// A group element (item, package) starts.
    mutating func open(_ group: Field)
    /// A group element ends.
    mutating func close(_ group: Field)
    /// The finished record, or nil when the format says to skip this order (e.g. an issued order).
    mutating func finish() -> OrderRecord?
}

extension OrderAssembler {
    static var namespaces: [String: NamespaceRule] { [:] }
    mutating func open(_ group: Field) {}
    mutating func close(_ group: Field) {}
}
