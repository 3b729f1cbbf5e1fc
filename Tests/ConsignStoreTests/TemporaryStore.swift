import Foundation

@testable import ConsignStore

/// Fresh folders and stores under the system's temporary directory, for the store's tests.
enum TemporaryStore {
    /// A new, empty folder whose name starts with `consign-<tag>-`.
    static func folder(_ tag: String) throws -> String {
        let folder = NSTemporaryDirectory() + "consign-\(tag)-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A new store in a fresh folder.
    static func make(_ tag: String) throws -> Store {
        try Store(path: try folder(tag) + "/consign.sqlite")
    }
}
