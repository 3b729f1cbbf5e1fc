import CSQLite
import ConsignSupport
import Foundation

/// A prepared statement owned by its `Database`'s cache; finalized in `deinit`.
public final class Statement {
    private let handle: OpaquePointer
    private unowned let database: Database
    /// The SQL text, for error messages.
    public let sql: String

    init(_ handle: OpaquePointer, sql: String, database: Database) {
        self.handle = handle
        self.sql = sql
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    /// Resets the statement and clears its bindings.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds values to `?1…?n` in order. Supported: String, Int, Int64, Double, Bool, Data/[UInt8], nil.
    @discardableResult
    public func bind(_ values: [(any Sendable)?]) throws(StoreError) -> Statement {
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
        return self
    }

    private func bind(_ value: (any Sendable)?, at index: Int32) throws(StoreError) {
        let code: Int32
        switch value {
        case nil: code = sqlite3_bind_null(handle, index)
        case let text as String: code = bindText(text, at: index)
        case let number as Int: code = sqlite3_bind_int64(handle, index, Int64(number))
        case let number as Int64: code = sqlite3_bind_int64(handle, index, number)
        case let number as Double: code = sqlite3_bind_double(handle, index, number)
        case let flag as Bool: code = sqlite3_bind_int(handle, index, flag ? 1 : 0)
        default:
            throw StoreError(.sqlite, message: "cannot bind a value of type \(type(of: value!))", sql: sql)
        }
        guard code == SQLITE_OK else { throw failure(code) }
    }

    /// Binds text, or NULL for nil, to `?index`: for the per-order inserts, which bind column by
    /// column instead of building an array of values for every row.
    public func bind(text: String?, at index: Int32) throws(StoreError) {
        let code = text.map { bindText($0, at: index) } ?? sqlite3_bind_null(handle, index)
        guard code == SQLITE_OK else { throw failure(code) }
    }

    /// Binds `text` from its UTF-8 storage with its length: passing a `String` where C wants a
    /// `char *` copied it into a new array on every call, and SQLite then measured it again.
    private func bindText(_ text: String, at index: Int32) -> Int32 {
        // A NULL pointer would bind SQL NULL, and an empty buffer may have no address.
        guard !text.isEmpty else { return sqlite3_bind_text(handle, index, "", 0, consign_sqlite_transient()) }
        return text.withUTF8Bytes { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                sqlite3_bind_text(handle, index, chars.baseAddress, Int32(chars.count), consign_sqlite_transient())
            }
        }
    }

    /// Binds the UTF-8 text in `text` to `?index` without copying it: SQLite reads it in place,
    /// so the memory must stay valid and unchanged until the statement has run and
    /// `clearBindings()` was called (see `EncodedShipment.withTextBound(to:_:)`).
    func bind(borrowedText text: UnsafeBufferPointer<UInt8>, at index: Int32) throws(StoreError) {
        let code = text.withMemoryRebound(to: CChar.self) { chars in
            // An empty buffer may have no address, and a NULL pointer would bind SQL NULL.
            sqlite3_bind_text(handle, index, chars.baseAddress ?? Self.emptyText, Int32(chars.count), nil)
        }
        guard code == SQLITE_OK else { throw failure(code) }
    }

    /// Clears the bindings, so that no borrowed text stays bound past its memory's lifetime.
    func clearBindings() {
        sqlite3_clear_bindings(handle)
    }

    private static let empty: StaticString = ""
    private static var emptyText: UnsafePointer<CChar> {
        UnsafeRawPointer(empty.utf8Start).assumingMemoryBound(to: CChar.self)
    }

    /// Binds an integer to `?index`.
    public func bind(int number: Int64, at index: Int32) throws(StoreError) {
        let code = sqlite3_bind_int64(handle, index, number)
        guard code == SQLITE_OK else { throw failure(code) }
    }

    /// Binds a double, or NULL for nil, to `?index`.
    public func bind(double number: Double?, at index: Int32) throws(StoreError) {
        let code = number.map { sqlite3_bind_double(handle, index, $0) } ?? sqlite3_bind_null(handle, index)
        guard code == SQLITE_OK else { throw failure(code) }
    }

    /// Runs a statement that returns no rows.
    public func run() throws(StoreError) {
        let code = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw failure(code) }
    }

    /// Steps to the next row; false when done.
    public func step() throws(StoreError) -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        sqlite3_reset(handle)
        if code == SQLITE_DONE { return false }
        throw failure(code)
    }

    /// Text of column `index` of the current row, nil for NULL.
    public func text(_ index: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, index) else { return nil }
        return String(cString: pointer)
    }

    /// The UTF-8 bytes of text column `index` of the current row (empty for NULL), valid until
    /// the next step or reset (`sqlite3_column_text` and `sqlite3_column_bytes`).
    public func bytes(_ index: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let pointer = sqlite3_column_text(handle, index) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, index)))
    }

    /// Integer of column `index`, nil for NULL.
    public func int(_ index: Int32) -> Int? {
        sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(handle, index))
    }

    /// Double of column `index`, nil for NULL.
    public func double(_ index: Int32) -> Double? {
        sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : sqlite3_column_double(handle, index)
    }

    /// Collects every row through `row`.
    public func all<T>(_ row: (Statement) throws -> T) throws -> [T] {
        var result: [T] = []
        while try step() { result.append(try row(self)) }
        return result
    }

    private func failure(_ code: Int32) -> StoreError {
        StoreError(Database.kind(of: code), resultCode: code, message: database.lastMessage, sql: sql)
    }
}
