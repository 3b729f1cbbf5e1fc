import ConsignHandover
import Foundation

/// Renders handover PDFs on one background thread, in the order they were asked for.
///
/// The PDF of a 100,000-parcel protocol is more than half of the run that acknowledges its
/// close (most of it inside cairo); started as soon as the batch is acknowledged, it renders
/// while the hand-over, the CSV, the exports and the mail queue run on the store's thread.
/// Rendering needs no store: a `HandoverBatch` is plain data.
final class PDFRenderQueue: @unchecked Sendable {
    // @unchecked: every stored property is guarded by `condition`.
    private let condition = NSCondition()
    private var waiting: [HandoverBatch] = []
    private var rendering: Int?
    private var results: [Int: Result<[UInt8], HandoverError>] = [:]
    private var threadRunning = false

    /// Queues `batch`'s PDF; the thread starts if it is not running.
    func enqueue(_ batch: HandoverBatch) {
        condition.lock()
        defer { condition.unlock() }
        waiting.append(batch)
        guard !threadRunning else { return }
        threadRunning = true
        let thread = Thread { [self] in work() }
        thread.name = "consign-pdf"
        thread.start()
    }

    /// The PDF of batch `id`, waiting for it if it is queued or rendering; nil if never queued.
    func pdf(batchId id: Int) -> Result<[UInt8], HandoverError>? {
        condition.lock()
        defer { condition.unlock() }
        while results[id] == nil && (rendering == id || waiting.contains { $0.id == id }) { condition.wait() }
        return results.removeValue(forKey: id)
    }

    /// Waits until nothing is queued or rendering (before rendering on the caller's thread, so
    /// that at most one PDF renders at a time).
    func drain() {
        condition.lock()
        defer { condition.unlock() }
        while threadRunning { condition.wait() }
    }

    private func work() {
        condition.lock()
        while !waiting.isEmpty {
            let batch = waiting.removeFirst()
            rendering = batch.id
            condition.unlock()

            let result: Result<[UInt8], HandoverError>
            do { result = .success(try HandoverPDFRenderer().render(batch)) } catch { result = .failure(error) }

            condition.lock()
            results[batch.id] = result
            rendering = nil
            condition.broadcast()
        }
        threadRunning = false
        condition.broadcast()
        condition.unlock()
    }
}
