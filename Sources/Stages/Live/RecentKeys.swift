/// The most recent `capacity` keys seen, to recognise a record sent twice
/// (a replayed file, a producer retry) without remembering every key forever.
struct RecentKeys {
    let capacity: Int
    private var set = Set<String>()
    private var ring: [String] = []
    private var next = 0

    init(capacity: Int = 200_000) {
        self.capacity = max(1, capacity)
    }

    /// Remembers `key`; false when it was seen already.
    mutating func insert(_ key: String) -> Bool {
        guard set.insert(key).inserted else { return false }
        if ring.count < capacity {
            ring.append(key)
        } else {
            set.remove(ring[next])
            ring[next] = key
            next = (next + 1) % capacity
        }
        return true
    }
}
