/// A command-line usage error: printed as `Error: …` with the command's usage, exit 64.
struct UsageError: Error {
    let message: String
}

/// Hand-written argument parsing: options anywhere after the command, `--name value` or `--name=value`.
struct Arguments {
    private(set) var positional: [String] = []
    private var options: [String: [String]] = [:]
    private var flags: Set<String> = []
    private var consumed: Set<String> = []

    /// Parses `words`; `valued` lists the options that take a value.
    init(_ words: [String], valued: Set<String>) throws(UsageError) {
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            guard word.hasPrefix("--"), word.count > 2 else {
                positional.append(word)
                continue
            }
            let body = String(word.dropFirst(2))
            if let equals = body.firstIndex(of: "=") {
                options[String(body[..<equals]), default: []].append(String(body[body.index(after: equals)...]))
            } else if valued.contains(body) {
                guard index < words.count else { throw UsageError(message: "option --\(body) needs a value") }
                options[body, default: []].append(words[index])
                index += 1
            } else {
                flags.insert(body)
            }
        }
    }

    /// The last value of `--name`, if given.
    mutating func value(_ name: String) -> String? {
        consumed.insert(name)
        return options[name]?.last
    }

    /// Every value of a repeatable `--name`.
    mutating func values(_ name: String) -> [String] {
        consumed.insert(name)
        return options[name] ?? []
    }

    /// True when `--name` was given as a flag.
    mutating func flag(_ name: String) -> Bool {
        consumed.insert(name)
        return flags.contains(name)
    }

    /// An integer option within `range`.
    mutating func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let text = value(name) else { return fallback }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(
                message: "--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// Throws for options nobody asked about, so typos do not pass silently.
    func rejectUnknown() throws(UsageError) {
        let unknown = Set(options.keys).union(flags).subtracting(consumed)
        if let first = unknown.sorted().first { throw UsageError(message: "unknown option --\(first)") }
    }
}
