import ConsignFormats
import Foundation
import Synchronization

/// The pass of `OrderRunScan` over a big Shoptet export, on a thread of its own while the file
/// is read and registered. Until it has proven that no order's rows are split, the file stays
/// one transaction; once it has, the file may be committed in parts like the other formats.
final class OrderRunCheck: Sendable {
    /// Files smaller than this are checked at once, on the caller's thread (in about a
    /// millisecond); bigger ones on a thread of their own.
    static let inBackgroundFrom: Int64 = 1 << 20

    private let verdict = Mutex<OrderRunScan.Verdict?>(nil)
    private let cancelled = Atomic<Bool>(false)

    /// Starts the pass over `path` with `layout` (from the opened reader); a file of fewer than
    /// `inBackgroundFrom` bytes is checked before this returns.
    init(path: String, layout: OrderRunScan.Layout, size: Int64) {
        guard size >= Self.inBackgroundFrom else {
            verdict.withLock { $0 = OrderRunScan.scan(path: path, layout: layout) }
            return
        }
        let thread = Thread { [self] in
            let found = OrderRunScan.scan(path: path, layout: layout) { cancelled.load(ordering: .relaxed) }
            verdict.withLock { $0 = found }
        }
        thread.name = "consign-runs"
        thread.start()
    }

    /// A check for `reader` when it reads a Shoptet export (the other formats need none).
    static func start(for reader: any OrderReader, path: String, size: Int64?) -> OrderRunCheck? {
        guard let shoptet = reader as? ShoptetCSVReader, let layout = shoptet.orderRunLayout else { return nil }
        return OrderRunCheck(path: path, layout: layout, size: size ?? inBackgroundFrom)
    }

    /// True once the pass has proven every order's rows together; false while it runs, and
    /// for good when it could not prove it. Never waits.
    var provesTogether: Bool {
        guard case .together = verdict.withLock({ $0 }) else { return false }
        return true
    }

    /// The verdict, nil while the pass runs.
    var outcome: OrderRunScan.Verdict? { verdict.withLock { $0 } }

    /// Asks the pass to stop at its next chunk (the file is done).
    func cancel() {
        cancelled.store(true, ordering: .relaxed)
    }
}
