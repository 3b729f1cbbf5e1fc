import ConsignSupport
import Foundation
import Glibc

/// One entry of `in/` as seen by a scan (links are not followed).
struct InboxEntry: Hashable {
    /// What kind of directory entry it is.
    enum Kind: Hashable {
        case regular
        case other(String)
    }

    let name: String
    let kind: Kind
    let size: Int64
    let modified: Double
    let hasMarker: Bool
}

/// Lists `in/` and decides which files are complete: dotfiles, `*.tmp`, `*.part` and marker
/// files are ignored; a file is ready when it has a done-marker, or (unless markers are
/// required) when its mtime is older than the quiet period.
struct InboxScanner {
    let layout: SpoolLayout
    let settings: SpoolSettings

    /// Every candidate entry, oldest first, from one listing of `in/`; and the entries renamed on
    /// the way.
    ///
    /// An entry whose name is not valid UTF-8 (a Windows program writing `objednávky.csv` in its
    /// code page over a share) could not be opened by any name Consign can hold, and would wait
    /// in `in/` for ever: it is renamed so that each byte that is not part of a UTF-8 character
    /// becomes `%XX` (`objedn%E1vky.csv`), and is a candidate under that name. One whose new
    /// name is taken keeps its old one and is returned with `failed` set.
    func scan() throws(SpoolError) -> Scan {
        let found: (names: [String], undecodable: [[UInt8]])
        do {
            found = try FileSystem.entries(in: layout.inbox)
        } catch {
            throw SpoolError(.filesystem, "cannot read the input folder '\(layout.inbox)': \(error)",
                             isTemporary: error.isTemporary)
        }
        let renamed = found.undecodable.map(rename)
        let names = found.names + renamed.filter { !$0.failed }.map(\.name)
        let present = Set(names)
        let entries = names.filter(Self.isCandidate).compactMap { entry($0, present: present) }
            .sorted { ($0.modified, $0.name) < ($1.modified, $1.name) }
        return Scan(entries: entries, renamed: renamed)
    }

    /// What one listing of `in/` found.
    struct Scan {
        /// The candidate entries, oldest first.
        let entries: [InboxEntry]
        /// The entries renamed because their names were not valid UTF-8, by their new names;
        /// `failed` when the new name was taken and the entry kept its old one.
        let renamed: [(name: String, failed: Bool)]
    }

    private func rename(_ bytes: [UInt8]) -> (name: String, failed: Bool) {
        let name = Self.escapedName(bytes)
        do {
            try FileSystem.renameEntry(undecodable: bytes, in: layout.inbox, to: name)
            return (name, false)
        } catch {
            return (name, true)
        }
    }

    /// `bytes` with every byte that does not belong to a valid UTF-8 character written as `%XX`.
    static func escapedName(_ bytes: [UInt8]) -> String {
        var text = ""
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let width = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0
            if width > 0, index + width <= bytes.count,
               let character = String(validating: bytes[index..<index + width], as: UTF8.self) {
                text += character
                index += width
            } else {
                text += String(format: "%%%02X", lead)
                index += 1
            }
        }
        return text
    }

    /// True when `entry` may be taken at wall-clock time `now`.
    func isReady(_ entry: InboxEntry, now: Double) -> Bool {
        guard case .regular = entry.kind else { return true }
        if entry.hasMarker { return true }
        guard !settings.requireMarker && now - entry.modified >= settings.quietPeriod else { return false }
        return !Self.isOpenForWriting("\(layout.inbox)/\(entry.name)")
    }

    /// True when another process still has the file open for writing (a writer that pauses
    /// longer than the quiet period). Asks the kernel with a read lease (`fcntl(F_SETLEASE)`),
    /// which is refused with EAGAIN exactly then. Where leases are not available (not the
    /// owner and not root, NFS) the answer is false and the quiet period alone decides.
    static func isOpenForWriting(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { closeDescriptor(fd) }
        let setLease: Int32 = 1024  // F_SETLEASE, not exported to Swift by Glibc
        if fcntl(fd, setLease, Int32(F_RDLCK)) == 0 {
            _ = fcntl(fd, setLease, Int32(F_UNLCK))
            return false
        }
        return errno == EAGAIN
    }

    /// Names that are never input: hidden files, temp files, markers.
    static func isCandidate(_ name: String) -> Bool {
        guard !name.hasPrefix("."), !name.hasSuffix(".tmp"), !name.hasSuffix(".part") else { return false }
        return !SpoolSettings.markerSuffixes.contains { name.hasSuffix($0) }
    }

    private func entry(_ name: String, present: Set<String>) -> InboxEntry? {
        var info = stat()
        guard lstat("\(layout.inbox)/\(name)", &info) == 0 else { return nil }
        let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        let marker = SpoolSettings.markerSuffixes.contains { present.contains(name + $0) }
        return InboxEntry(
            name: name, kind: Self.kind(info.st_mode), size: Int64(info.st_size), modified: modified,
            hasMarker: marker)
    }

    private static func kind(_ mode: mode_t) -> InboxEntry.Kind {
        switch mode & S_IFMT {
        case S_IFREG: .regular
        case S_IFLNK: .other("a symbolic link")
        case S_IFIFO: .other("a FIFO")
        case S_IFDIR: .other("a folder")
        case S_IFCHR, S_IFBLK: .other("a device file")
        case S_IFSOCK: .other("a socket")
        default: .other("not a regular file")
        }
    }
}
