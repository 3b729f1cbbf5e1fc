import ConsignCore

/// Builds one `OrderRecord` from the values a format's path rules deliver, one order at a time.
///
/// The reader addresses rules by index (no generics in its per-node loop); each format maps the
/// index back to its own `Field` through `FormatRules`.
protocol OrderAssembler {
    /// Path and group flag of each rule, relative to the order element.
    static var layout: [(path: String, isGroup: Bool)] { get }
    /// The format's namespace prefixes as used in the rule paths.
    static var namespaces: [String: NamespaceRule] { get }

    /// Starts a new order at `location`, forgetting the previous one.
    mutating func begin(at location: SourceLocation)
    /// Receives a non-empty, trimmed text or attribute value for rule `rule`.
    mutating func receive(_ value: String, rule: Int)
    /// The group element of rule `rule` (an item, a package) starts.
    mutating func open(rule: Int)
    /// The group element of rule `rule` ends.
    mutating func close(rule: Int)
    /// The finished record, or nil when the format says to skip this order (e.g. an issued order).
    mutating func finish() -> OrderRecord?
}

extension OrderAssembler {
    static var namespaces: [String: NamespaceRule] { [:] }
    mutating func open(rule: Int) {}
    mutating func close(rule: Int) {}
}

/// An assembler whose rules are a `FormatRules` table of its own field names: the rule index
/// the reader passes is looked up here once, so each format only handles its named fields.
protocol TableOrderAssembler: OrderAssembler {
    /// The format's own names for what its rules carry.
    associatedtype Field
    /// The rules, in the order the reader numbers them.
    static var format: FormatRules<Field> { get }
    /// Receives a value for a named field.
    mutating func receive(_ value: String, for field: Field)
    /// A group element (an item, a package) starts.
    mutating func open(_ group: Field)
    /// A group element ends.
    mutating func close(_ group: Field)
}

extension TableOrderAssembler {
    static var layout: [(path: String, isGroup: Bool)] { format.layout }
    mutating func receive(_ value: String, rule: Int) { receive(value, for: Self.format.fields[rule]) }
    mutating func open(rule: Int) { open(Self.format.fields[rule]) }
    mutating func close(rule: Int) { close(Self.format.fields[rule]) }
    mutating func open(_ group: Field) {}
    mutating func close(_ group: Field) {}
}

/// A format's rules with its own field names, and their layout for the reader.
struct FormatRules<Field> {
    /// The rules in index order.
    let rules: [PathRule<Field>]
    /// The field of each rule index.
    let fields: [Field]

    /// Wraps `rules`.
    init(_ rules: [PathRule<Field>]) {
        self.rules = rules
        self.fields = rules.map(\.field)
    }

    /// Path and group flag per rule index.
    var layout: [(path: String, isGroup: Bool)] { rules.map { ($0.path, $0.isGroup) } }
}

extension FormatRules: Sendable where Field: Sendable {}
