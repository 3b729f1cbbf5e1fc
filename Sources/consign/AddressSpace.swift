import Glibc

/// The address space a run needs. Consign's allocator, mimalloc, takes memory for each thread
/// in 32 MiB segments, and a run has up to six threads (reading, store, hash, order-run pass,
/// checkpointer, PDF): under a smaller `ulimit -v` an allocation fails and the process dies
/// without a word, on every retry of the same file. A run or watch checks first.
enum AddressSpace {
    /// What a run of any size needs, with room: a 1,000,000-order run peaks at about 230 MiB.
    static let needed: rlim_t = 512 << 20
    /// `RLIM_INFINITY`, whose C definition Swift cannot import.
    private static let unlimited = rlim_t.max

    /// Raises a soft limit below `needed` as far as the hard limit allows; throws when the hard
    /// limit is below it too.
    static func ensure() throws(AddressSpaceError) {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_AS.rawValue)
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur != unlimited, limit.rlim_cur < needed else {
            return
        }
        if limit.rlim_max == unlimited || limit.rlim_max >= needed {
            var raised = limit
            raised.rlim_cur = needed
            if setrlimit(resource, &raised) == 0 { return }
        }
        throw AddressSpaceError(limitMiB: Int(limit.rlim_cur >> 20), neededMiB: Int(needed >> 20))
    }
}

/// The process may not reserve the address space a run needs.
struct AddressSpaceError: Error, CustomStringConvertible {
    /// The soft limit, in MiB.
    let limitMiB: Int
    /// What a run needs, in MiB.
    let neededMiB: Int

    var description: String {
        "the address-space limit (ulimit -v, systemd LimitAS=) is \(limitMiB) MiB; a run needs at least "
            + "\(neededMiB) MiB (its allocator reserves memory in 32 MiB blocks per thread): raise the limit; "
            + "no file was taken"
    }
}
