/// A reusable buffer for writing one record's bytes with plain pointer
/// writes; the record's bytes are copied out into an array once, at the end.
final class ByteScratch {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deallocate()
    }

    /// Room for at least `count` bytes; what was written before is not kept.
    func room(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if count > capacity {
            base.deallocate()
            capacity = max(count, capacity * 2)
            base = .allocate(capacity: capacity)
        }
        return base
    }
}

/// Writes `bytes` at `out[n]` and moves `n` past them.
@inline(__always) func put(_ out: UnsafeMutablePointer<UInt8>, _ n: inout Int, _ bytes: UnsafePointer<UInt8>, _ count: Int) {
    (out + n).update(from: bytes, count: count)
    n += count
}
