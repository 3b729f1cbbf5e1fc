import CLibXML2

/// A namespace an element name must be in, as a set of accepted URIs (never a prefix).
struct NamespaceRule: Sendable {
    /// Accepted URIs; empty means "any namespace or none".
    var uris: [String]

    /// Matches any namespace or none (formats without namespaces).
    static let any = NamespaceRule(uris: [])

    /// The POHODA schema `name` (data, response, list, order, type) under stormware.cz or .sk.
    static func pohoda(_ name: String) -> NamespaceRule {
        NamespaceRule(uris: ["cz", "sk"].map { "http://www.stormware.\($0)/schema/version_2/\(name).xsd" })
    }
}

/// What an order element's descendant means to a format: its text, an attribute, or the start
/// and end of a repeated group (an item, a package).
struct PathRule<Field> {
    /// Element names from the order element down, `prefix:name` with the format's own prefixes;
    /// a last component `@name` is an attribute of the element before it (or of the order element).
    var path: String
    /// The field delivered.
    var field: Field
    /// True for a group: the assembler hears its start and end instead of its text.
    var isGroup: Bool = false
}

/// One element position in the compiled path tree. Rules are referred to by their index in the
/// format's rule list, which keeps the reader's hot loop free of generics.
final class PathNode {
    /// A child position: interned local name (compared by pointer) plus namespace rule index.
    struct Edge {
        var name: UnsafePointer<xmlChar>
        var namespace: Int
        var node: PathNode
    }

    var children: [Edge] = []
    var textRule: Int?
    var groupRule: Int?
    var attributes: [(name: UnsafePointer<xmlChar>, rule: Int)] = []
}

/// The compiled form of a format's path rules for one reader: names interned in that reader's
/// dictionary so that matching a node is a pointer comparison, and namespace URIs resolved
/// through a small cache keyed by the interned URI pointer.
final class ElementPaths {
    let root = PathNode()
    private var rules: [NamespaceRule]
    private var namespaceCache: [(href: UnsafePointer<xmlChar>, rule: Int, matches: Bool)] = []

    /// Compiles `rules` (path and group flag per rule index); `namespaces` maps the rule
    /// prefixes (`ord`, `typ`) to namespaces.
    init(_ rules: [(path: String, isGroup: Bool)], namespaces: [String: NamespaceRule], stream: XMLStreamReader) {
        let prefixes = namespaces.keys.sorted()
        self.rules = [.any] + prefixes.map { namespaces[$0]! }
        for (index, rule) in rules.enumerated() {
            var node = root
            for component in rule.path.split(separator: "/") {
                if component.hasPrefix("@"), let name = stream.intern(String(component.dropFirst())) {
                    node.attributes.append((name, index))
                    continue
                }
                let parts = component.split(separator: ":")
                let local = String(parts.last!)
                let namespace = parts.count == 2 ? 1 + (prefixes.firstIndex(of: String(parts[0])) ?? -1) : 0
                node = child(of: node, name: stream.intern(local)!, namespace: namespace)
            }
            if rule.path.split(separator: "/").last?.hasPrefix("@") == true { continue }
            if rule.isGroup { node.groupRule = index } else { node.textRule = index }
        }
    }

    /// The child of `node` matching the current element of `stream`, if the format reads it.
    func match(_ node: PathNode, stream: XMLStreamReader) -> PathNode? {
        guard let name = stream.localName else { return nil }
        for edge in node.children where edge.name == name {
            if edge.namespace == 0 || namespace(stream.namespaceURI, matches: edge.namespace) { return edge.node }
        }
        return nil
    }

    /// True when `href` is one of the URIs of rule `index`.
    func namespace(_ href: UnsafePointer<xmlChar>?, matches index: Int) -> Bool {
        guard let href else { return rules[index].uris.isEmpty }
        if let known = namespaceCache.first(where: { $0.href == href && $0.rule == index }) { return known.matches }
        let uri = String(cString: href)
        let matches = rules[index].uris.isEmpty || rules[index].uris.contains(uri)
        namespaceCache.append((href, index, matches))
        return matches
    }

    private func child(of node: PathNode, name: UnsafePointer<xmlChar>, namespace: Int) -> PathNode {
        if let edge = node.children.first(where: { $0.name == name && $0.namespace == namespace }) { return edge.node }
        let created = PathNode()
        node.children.append(PathNode.Edge(name: name, namespace: namespace, node: created))
        return created
    }
}

extension PathRule: Sendable where Field: Sendable {}
