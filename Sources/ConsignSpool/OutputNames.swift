import ConsignSupport

/// Names of the files Consign writes for an input (result, error report, their temporary
/// names, an archived copy beside an older one), kept within the file system's 255 bytes.
///
/// An input name may itself be up to 255 bytes; `.<name>.errors.txt.pending` would then be too
/// long, and the file could be neither answered nor refused. A name over `longestBase` bytes is
/// shortened for the names derived from it: its start, cut at a character, `~`, eight hex
/// digits of its SHA-256 (so that two long names with the same start stay apart), and its
/// extension. Shorter names are used as they are.
enum OutputNames {
    /// The longest input name used as it is; what is added to it stays under 55 bytes.
    static let longestBase = 200

    /// `name`, or its shortened form when it is longer than `longestBase` bytes.
    static func base(_ name: String) -> String {
        guard name.utf8.count > longestBase else { return name }
        let dot = name.lastIndex(of: ".")
        let ext = dot.map { String(name[$0...]) }.flatMap { $0.utf8.count <= 16 ? $0 : nil } ?? ""
        let tag = "~" + tagHex(name)
        var start = ""
        for character in name.dropLast(ext.count) {
            if start.utf8.count + character.utf8.count + tag.utf8.count + ext.utf8.count > longestBase { break }
            start.append(character)
        }
        return start + tag + ext
    }

    /// The error report of input `name` in `error/`.
    static func report(_ name: String) -> String { "\(base(name)).errors.txt" }

    /// The name the report of input `name` is staged under until it is published.
    static func stagedReport(_ name: String) -> String { ".\(base(name)).errors.txt.pending" }

    /// The name result file `resultName` is written under until it is published.
    static func stagedResult(_ resultName: String) -> String { ".\(resultName).pending" }

    /// Where input `name` goes in a folder that already holds a file of that name.
    static func besideOlder(_ name: String, suffix: String) -> String { "\(base(name)).\(suffix)" }

    private static func tagHex(_ name: String) -> String {
        let digest = SHA256()
        digest.update(Array(name.utf8))
        return String(digest.finalize().prefix(8))
    }
}
