import ConsignEngine
import ConsignFormats
import Foundation

/// Reads and prepares a file's orders on a second thread while the caller stores the ones
/// before them. Reading, normalising, validating and (with the sandbox) registering with the
/// carrier take about half of an order's CPU; the store's half stays on the thread that owns
/// the connection, in file order.
///
/// Orders come out in file order, in chunks through a bounded hand-off, so memory stays flat
/// for any file size. A read error is handed over at its place, after the orders before it:
/// the caller sees exactly what a loop over `reader.next()` would. `finish()` stops the thread
/// and waits for it, so the reader is never used once the caller moves on.
final class OrderPipeline: @unchecked Sendable {
    // @unchecked: `reader` is used only by the reading thread, from `start()` until that thread
    // says it is done; every other stored property is guarded by `condition`, except `current`
    // and `encoding`, which only the consuming thread touches.

    private enum Item {
        /// An order and the input's encoding as the reader knew it after reading it.
        case order(PreparedOrder, TextEncoding)
        case failure(FormatError)
    }

    /// Orders per hand-off: the lock is taken once per chunk, not once per order.
    static let chunkSize = 128
    /// Chunks read ahead at most.
    static let chunksAhead = 4

    private let reader: any OrderReader
    private let preparer: OrderPreparer
    private let condition = NSCondition()
    private var ready: [[Item]] = []
    private var readerDone = false
    private var cancelled = false
    private var current: [Item] = []
    /// The input's encoding as of the last order `next()` returned (it may be settled only
    /// after an all-ASCII start); read by the consuming thread.
    private(set) var encoding: TextEncoding?

    /// A pipeline over `reader`; nothing is read before `start()`.
    init(reader: any OrderReader, preparer: OrderPreparer) {
        self.reader = reader
        self.preparer = preparer
    }

    /// Starts the reading thread.
    func start() {
        let thread = Thread { [self] in produce() }
        thread.name = "consign-reader"
        thread.start()
    }

    /// The next prepared order in file order; nil at the end; throws a read error at its place.
    func next() throws(FormatError) -> PreparedOrder? {
        if current.isEmpty {
            condition.lock()
            while ready.isEmpty && !readerDone { condition.wait() }
            guard !ready.isEmpty else {
                condition.unlock()
                return nil
            }
            // Reversed once per chunk, so that each order is moved out by popLast, not copied.
            current = ready.removeFirst().reversed()
            condition.broadcast()
            condition.unlock()
        }
        guard let item = current.popLast() else { return nil }
        switch item {
        case .order(let prepared, let encoding):
            self.encoding = encoding
            return prepared
        case .failure(let error): throw error
        }
    }

    /// Stops the reading thread (if still reading) and waits until it no longer uses the reader.
    func finish() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !readerDone { condition.wait() }
        condition.unlock()
    }

    private func produce() {
        var chunk: [Item] = []
        chunk.reserveCapacity(Self.chunkSize)
        var reading = true
        while reading {
            do throws(FormatError) {
                if let order = try reader.next() {
                    chunk.append(.order(preparer.prepare(order), reader.dialect.encoding))
                } else {
                    reading = false
                }
            } catch {
                chunk.append(.failure(error))
                reading = false
            }
            if chunk.count == Self.chunkSize || (!reading && !chunk.isEmpty) {
                guard hand(chunk) else { break }
                chunk.removeAll(keepingCapacity: true)
            }
        }

        condition.lock()
        readerDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// Queues a chunk, waiting while the consumer is `chunksAhead` behind; false once cancelled.
    private func hand(_ chunk: [Item]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= Self.chunksAhead && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        ready.append(chunk)
        condition.broadcast()
        return true
    }
}
