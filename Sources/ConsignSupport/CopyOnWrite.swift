/// A value kept in one heap object that copies share until one of them changes it.
///
/// For the model's big values (a shipment, an order record, a result row): each holds a few
/// dozen texts, and a copy of a plain struct retains every one of them, and its end releases
/// them again, often from the other thread's core. Through `CopyOnWrite` a copy retains one
/// object. `value`'s modify accessor gives a copy its own object first when it is shared, so
/// the type still behaves as a value.
public struct CopyOnWrite<Value> {
    @usableFromInline
    final class Box {
        @usableFromInline var value: Value

        @usableFromInline
        init(_ value: Value) { self.value = value }
    }

    @usableFromInline var box: Box

    /// Keeps `value`.
    @inlinable
    public init(_ value: Value) {
        box = Box(value)
    }

    /// A mirror of `subject` with the value's fields as its children, so that a type keeping its
    /// fields here prints (and shows in test failures) as a plain struct of them would.
    public func mirror<Subject>(of subject: Subject) -> Mirror {
        Mirror(subject, children: Mirror(reflecting: box.value).children, displayStyle: .struct)
    }

    /// The value; a change to a shared one copies it first.
    @inlinable
    public var value: Value {
        _read { yield box.value }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.value) }
            yield &box.value
        }
    }
}

// A box is written only by the one `CopyOnWrite` that holds it alone, so threads that share a
// value only ever read it.
extension CopyOnWrite: @unchecked Sendable where Value: Sendable {}

extension CopyOnWrite: Equatable where Value: Equatable {
    /// Equal values; a shared box is equal to itself without comparing.
    @inlinable
    public static func == (lhs: CopyOnWrite, rhs: CopyOnWrite) -> Bool {
        lhs.box === rhs.box || lhs.box.value == rhs.box.value
    }
}

extension CopyOnWrite: Hashable where Value: Hashable {
    /// Hashes the value.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        box.value.hash(into: &hasher)
    }
}
