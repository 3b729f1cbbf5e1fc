import ConsignCore
import ConsignEngine
import ConsignFormats
import Foundation

/// Reads a file's orders on a second thread while the caller stores the ones before them, and
/// shares the preparing (normalising, validating and, with the sandbox, registering with the
/// carrier) between the two threads, whichever is free: XML parsing alone can keep the reading
/// thread busy, CSV leaves it time to prepare nearly everything. The store's part stays on the
/// thread that owns the connection, in file order.
///
/// The consumer hands every order it is done with back (`discard(_:)`), and the reading thread
/// drops them a chunk at a time: an order's memory is then freed by the thread that allocated
/// it. With glibc's allocator, freed on the store's thread, each of its strings and buffers locked
/// the reading thread's malloc arena while that thread allocated the next orders from it (100,000
/// orders: 190,000 futex calls, over half a second of waiting on each thread). mimalloc, which
/// `consign` now links, frees another thread's block without a lock; the hand-back stays for
/// builds without it (the tests) and keeps each thread's pages its own.
///
/// Orders are read in chunks into a bounded queue, so memory stays flat for any file size. The
/// reading thread reads while the queue has room, and otherwise prepares the newest chunk that
/// nobody has claimed (the oldest is the one the consumer needs next, which would then wait
/// for it); `next()` claims the chunk it needs and prepares it itself unless the reading thread
/// already did. A read error is handed over at its place, after the orders
/// before it: the caller sees exactly what a loop over `reader.next()` would. `finish()` stops
/// the thread and waits for it, so the reader is never used once the caller moves on.
final class OrderPipeline: @unchecked Sendable {
    // @unchecked: `reader` is used only by the reading thread, from `start()` until that thread
    // says it is done; the queue and the chunks' flags are guarded by `condition`, and a chunk's
    // items are touched only by the thread that claimed it (then by the consumer, once prepared);
    // `current` and `encoding` are touched only by the consuming thread.

    private enum Item {
        /// An order as read, and the input's encoding as the reader knew it after reading it.
        case read(ReadOrder, TextEncoding)
        /// The same, prepared.
        case order(PreparedOrder, TextEncoding)
        case failure(FormatError)
    }

    /// An order as read, boxed: it is about 500 bytes, moved in and out of its chunk several
    /// times. Taken out whole when prepared (bound out of an `indirect` case, it was copied, a
    /// retain and later a release of every text).
    private final class ReadOrder {
        private var order: OrderRecord?

        init(_ order: consuming OrderRecord) { self.order = order }

        /// The order, moved out; once.
        func take() -> OrderRecord { order.take()! }
    }

    private final class Chunk {
        /// Optional so that each item is moved out with `take()`: an order is too big to copy
        /// or swap around cheaply.
        var items: [Item?]
        var isClaimed = false
        var isPrepared = false

        init(_ items: [Item?]) { self.items = items }
    }

    /// Orders per chunk: the lock is taken a few times per chunk, not per order, and a thread
    /// waiting for a chunk the other is preparing waits for at most this many orders.
    static let chunkSize = 64
    /// Chunks read ahead while there is preparing to do.
    static let chunksAhead = 8
    /// Chunks read ahead at most: with nothing to prepare the reading thread reads on instead of
    /// waiting. At the start the consumer waits for the file's hash (`FileProcessor`): 151 MB of
    /// POHODA take about 0.1 s, and with 24 chunks the reading thread stalled for the last 30 ms
    /// of it; 32 keep it busy (peak RSS 40–42 MiB; 40 chunks would be about 45).
    static let chunksAheadIdle = 32

    private let reader: any OrderReader
    private let preparer: OrderPreparer
    private let condition = NSCondition()
    private var queue: [Chunk] = []
    private var isEndOfInput = false
    private var isThreadDone = false
    private var isCancelled = false
    private var current: [Item?] = []
    private var currentIndex = 0
    /// Orders the consumer is done with since it took its current chunk (consuming thread only).
    private var finished: [PreparedOrder] = []
    /// Whether the order `next()` returned last was prepared by the consumer (consuming thread only).
    private var isPreparedHere = false
    /// Finished orders handed to the reading thread to drop (guarded by `condition`).
    private var toDrop: [PreparedOrder] = []
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
        let thread = Thread { [self] in work() }
        thread.name = "consign-reader"
        thread.start()
    }

    /// The next prepared order in file order; nil at the end; throws a read error at its place.
    func next() throws(FormatError) -> PreparedOrder? {
        if currentIndex == current.count {
            guard let chunk = takeChunk() else { return nil }
            current.removeAll(keepingCapacity: true)
            swap(&current, &chunk.items)
            currentIndex = 0
        }
        guard let item = current[currentIndex].take() else { return nil }
        currentIndex += 1
        switch consume item {
        case .order(let prepared, let encoding):
            self.encoding = encoding
            isPreparedHere = false
            return prepared
        case .read(let order, let encoding):
            self.encoding = encoding
            isPreparedHere = true
            return preparer.prepare(order.take())
        case .failure(let error): throw error
        }
    }

    /// Takes back the order `next()` returned last, once nothing else holds its parts; the
    /// reading thread frees it if it prepared it (see above).
    func discard(_ order: consuming PreparedOrder) {
        // Prepared by the consumer itself: most of it was allocated here, so it is freed here.
        if isPreparedHere { return }
        finished.append(order)
    }

    /// Stops the reading thread (if still working) and waits until it no longer uses the reader.
    func finish() {
        condition.lock()
        isCancelled = true
        condition.broadcast()
        while !isThreadDone { condition.wait() }
        condition.unlock()
    }

    /// The oldest chunk, claimed (its orders are then prepared one by one as `next()` returns
    /// them) or, when the reading thread claimed it first, once that thread has prepared it.
    private func takeChunk() -> Chunk? {
        condition.lock()
        while queue.isEmpty && !isEndOfInput { condition.wait() }
        guard let chunk = queue.first else {
            condition.unlock()
            return nil
        }
        if chunk.isClaimed {
            while !chunk.isPrepared { condition.wait() }
        }
        chunk.isClaimed = true
        queue.removeFirst()
        handOverFinished()
        condition.broadcast()
        condition.unlock()
        return chunk
    }

    /// Moves the finished orders to the reading thread's list (called with `condition` locked).
    private func handOverFinished() {
        guard !finished.isEmpty, !isThreadDone else { return }
        if toDrop.isEmpty {
            swap(&toDrop, &finished)
        } else {
            toDrop.append(contentsOf: finished)
            finished.removeAll(keepingCapacity: true)
        }
    }

    /// The reading thread: drops finished orders, reads while the queue has room, prepares
    /// otherwise, and reads further ahead when there is nothing to prepare.
    private func work() {
        var isReading = true
        var dropping: [PreparedOrder] = []
        condition.lock()
        while !isCancelled {
            if !toDrop.isEmpty {
                swap(&dropping, &toDrop)
                condition.unlock()
                dropping.removeAll(keepingCapacity: true)
                condition.lock()
            } else if isReading && queue.count < Self.chunksAhead {
                isReading = queueChunk()
            } else if let chunk = queue.last(where: { !$0.isClaimed }) {
                chunk.isClaimed = true
                condition.unlock()
                prepare(chunk)
                condition.lock()
                chunk.isPrepared = true
                condition.broadcast()
            } else if isReading && queue.count < Self.chunksAheadIdle {
                isReading = queueChunk()
            } else if isReading {
                condition.wait()
            } else {
                break
            }
        }
        isThreadDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// Reads a chunk and queues it (called with `condition` locked, unlocked while reading);
    /// false once the input ended or failed.
    private func queueChunk() -> Bool {
        condition.unlock()
        let (chunk, more) = readChunk()
        condition.lock()
        if !chunk.items.isEmpty { queue.append(chunk) }
        isEndOfInput = !more
        condition.broadcast()
        return more
    }

    /// Up to `chunkSize` orders as read; false once the input ended or failed.
    private func readChunk() -> (Chunk, Bool) {
        var items: [Item?] = []
        items.reserveCapacity(Self.chunkSize)
        while items.count < Self.chunkSize {
            do throws(FormatError) {
                guard let order = try reader.next() else { return (Chunk(items), false) }
                items.append(.read(ReadOrder(order), reader.dialect.encoding))
            } catch {
                items.append(.failure(error))
                return (Chunk(items), false)
            }
        }
        return (Chunk(items), true)
    }

    /// Prepares the chunk's orders in place, moving each out and back (no copy of an order).
    private func prepare(_ chunk: Chunk) {
        for index in chunk.items.indices {
            switch chunk.items[index].take() {
            case .read(let order, let encoding): chunk.items[index] = .order(preparer.prepare(order.take()), encoding)
            case let other: chunk.items[index] = other
            }
        }
    }
}
