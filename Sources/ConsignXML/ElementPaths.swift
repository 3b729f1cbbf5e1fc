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

/// One element position of the compiled paths, as plain values (no reference counting when the
/// walker looks it up for every element): the rules it carries, by index in the format's rule
/// list (-1: none), and where its children and attributes are in the tables.
struct PathPosition {
    var textRule: Int32 = -1
    var groupRule: Int32 = -1
    var children: Range<Int32> = 0..<0
    var attributes: Range<Int32> = 0..<0
}

/// A child position: interned local name (compared by pointer), namespace rule index, position.
struct PathEdge {
    var name: UnsafePointer<xmlChar>
    var namespace: Int32
    var position: Int32
}

/// An attribute an element position reads: interned name and rule index.
struct PathAttribute {
    var name: UnsafePointer<xmlChar>
    var rule: Int32
}

/// The compiled form of a format's path rules for one parser: names interned in that parser's
/// dictionary so that matching a node is a pointer comparison, positions in flat tables of
/// values, and namespace URIs resolved through a small cache keyed by the interned URI pointer.
final class ElementPaths {
    /// The order element's position.
    static let root: Int32 = 0
    /// No position: an element the format does not read.
    static let none: Int32 = -1

    private let positions: UnsafeMutableBufferPointer<PathPosition>
    private let edges: UnsafeMutableBufferPointer<PathEdge>
    private let attributeTable: UnsafeMutableBufferPointer<PathAttribute>
    private var rules: [NamespaceRule]
    private var namespaceCache: [(href: UnsafePointer<xmlChar>, rule: Int, matches: Bool)] = []

    /// Compiles `rules` (path and group flag per rule index); `namespaces` maps the rule
    /// prefixes (`ord`, `typ`) to namespaces; `intern` gives a name's pointer in the parser's dictionary.
    init(_ rules: [(path: String, isGroup: Bool)], namespaces: [String: NamespaceRule],
         intern: (String) -> UnsafePointer<xmlChar>?) {
        let prefixes = namespaces.keys.sorted()
        self.rules = [.any] + prefixes.map { namespaces[$0]! }
        let tree = PathTree()
        for (index, rule) in rules.enumerated() {
            tree.add(rule.path, rule: Int32(index), isGroup: rule.isGroup, prefixes: prefixes, intern: intern)
        }
        (positions, edges, attributeTable) = tree.flattened()
    }

    deinit {
        positions.deallocate()
        edges.deallocate()
        attributeTable.deallocate()
    }

    /// How many positions there are (indices `0..<count`).
    var positionCount: Int { positions.count }

    /// The position `index` (`root` or one `match` returned).
    func position(_ index: Int32) -> PathPosition {
        positions[Int(index)]
    }

    /// The attributes position `index` reads.
    func attributes(of index: Int32) -> UnsafeMutableBufferPointer<PathAttribute>.SubSequence {
        let range = positions[Int(index)].attributes
        return attributeTable[Int(range.lowerBound)..<Int(range.upperBound)]
    }

    /// The child of position `index` for element `name` (interned) in `href`; `none` when the
    /// format does not read it.
    func match(_ index: Int32, name: UnsafePointer<xmlChar>, namespace href: UnsafePointer<xmlChar>?) -> Int32 {
        let range = positions[Int(index)].children
        for edge in edges[Int(range.lowerBound)..<Int(range.upperBound)] where edge.name == name {
            if edge.namespace == 0 || namespace(href, matches: Int(edge.namespace)) { return edge.position }
        }
        return Self.none
    }

    /// True when `href` is one of the URIs of rule `index`.
    func namespace(_ href: UnsafePointer<xmlChar>?, matches index: Int) -> Bool {
        guard let href else { return rules[index].uris.isEmpty }
        if let known = namespaceCache.first(where: { $0.href == href && $0.rule == index }) { return known.matches }
        let uri = String(cString: href)
        let matches = rules[index].uris.isEmpty || rules[index].uris.contains(uri)
        // libxml2 interns namespace URIs, so a file has a few pointers; a bound keeps a file whose
        // URIs came unshared from costing a growing search per element.
        if namespaceCache.count < 64 { namespaceCache.append((href, index, matches)) }
        return matches
    }
}

/// The path rules as a tree while they are compiled.
private final class PathTree {
    final class Node {
        var children: [(name: UnsafePointer<xmlChar>, namespace: Int32, node: Node)] = []
        var textRule: Int32 = -1
        var groupRule: Int32 = -1
        var attributes: [PathAttribute] = []
    }

    let root = Node()

    /// Adds the rule `rule` at `path` (components `prefix:name`, a last `@name` an attribute).
    func add(_ path: String, rule: Int32, isGroup: Bool, prefixes: [String],
             intern: (String) -> UnsafePointer<xmlChar>?) {
        var node = root
        for component in path.split(separator: "/") {
            if component.hasPrefix("@") {
                guard let name = intern(String(component.dropFirst())) else { return }
                node.attributes.append(PathAttribute(name: name, rule: rule))
                return
            }
            let parts = component.split(separator: ":")
            let namespace = parts.count == 2 ? 1 + Int32(prefixes.firstIndex(of: String(parts[0])) ?? -1) : 0
            node = child(of: node, name: intern(String(parts.last!))!, namespace: namespace)
        }
        if isGroup { node.groupRule = rule } else { node.textRule = rule }
    }

    /// The tree as tables: positions in breadth-first order (the root first), each node's
    /// children and attributes contiguous.
    func flattened() -> (UnsafeMutableBufferPointer<PathPosition>, UnsafeMutableBufferPointer<PathEdge>,
                         UnsafeMutableBufferPointer<PathAttribute>) {
        var order = [root]
        var positions: [PathPosition] = []
        var edges: [PathEdge] = []
        var attributes: [PathAttribute] = []
        var next = 0
        while next < order.count {
            let node = order[next]
            next += 1
            let firstEdge = Int32(edges.count)
            for child in node.children {
                edges.append(PathEdge(name: child.name, namespace: child.namespace, position: Int32(order.count)))
                order.append(child.node)
            }
            let firstAttribute = Int32(attributes.count)
            attributes += node.attributes
            positions.append(PathPosition(textRule: node.textRule, groupRule: node.groupRule,
                                          children: firstEdge..<Int32(edges.count),
                                          attributes: firstAttribute..<Int32(attributes.count)))
        }
        return (Self.copy(positions), Self.copy(edges), Self.copy(attributes))
    }

    private static func copy<Element>(_ values: [Element]) -> UnsafeMutableBufferPointer<Element> {
        let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(1, values.count))
        _ = buffer.initialize(from: values)
        return buffer
    }

    private func child(of node: Node, name: UnsafePointer<xmlChar>, namespace: Int32) -> Node {
        if let edge = node.children.first(where: { $0.name == name && $0.namespace == namespace }) { return edge.node }
        let created = Node()
        node.children.append((name, namespace, created))
        return created
    }
}

extension PathRule: Sendable where Field: Sendable {}
