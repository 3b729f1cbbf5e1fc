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

    /// SQL taking a store back before migration 8 (the sender stored once in `senders`), for the
    /// tests that rebuild an older store: each row's sender address back in `sender`, then the
    /// column and the table dropped.
    static let undoSenders = """
        UPDATE shipments SET sender = (SELECT address FROM senders WHERE senders.id = sender_id)
          WHERE sender_id IS NOT NULL;
        ALTER TABLE shipments DROP COLUMN sender_id; DROP TABLE senders;
        """
}
