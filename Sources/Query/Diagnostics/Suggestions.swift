/// "Did you mean …?": the closest name by edit distance.
///
/// Distance is Damerau–Levenshtein in its optimal-string-alignment form
/// (insert, delete, substitute, swap two neighbours; each costs 1), on
/// lowercased text, so `decdie` → `decide` is 1 and `Daily` → `daily` is 0.
/// A candidate counts only within `threshold(for:)`: none for a single
/// character (only a case difference), 1 edit for names up to 4 characters,
/// 2 up to 8, 3 beyond — close enough to be a typo, far enough
/// that `sort` does not suggest `chart`. Among equally close candidates one
/// with the same first letter wins (`dsc` → `desc`, not `asc`), then the earlier.
public enum Suggestions {
    /// The closest of `candidates` to `name`, or nil when none is close enough
    /// or `name` is itself a candidate.
    public static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(name.lowercased())
        guard !target.isEmpty else { return nil }
        let limit = threshold(for: target.count)
        var best: (name: String, rank: Int)?
        for candidate in candidates {
            if candidate == name { return nil }
            let other = Array(candidate.lowercased())
            let d = distance(target, other, limit: limit)
            guard d <= limit else { continue }
            let rank = d * 2 + (other.first == target.first ? 0 : 1)
            if rank < (best?.rank ?? Int.max) { best = (candidate, rank) }
        }
        return best?.name
    }

    /// The edits a near miss of `length` characters may need.
    public static func threshold(for length: Int) -> Int {
        length <= 1 ? 0 : (length <= 4 ? 1 : (length <= 8 ? 2 : 3))
    }

    /// Optimal-string-alignment distance between `a` and `b`.
    public static func distance(_ a: String, _ b: String) -> Int {
        distance(Array(a), Array(b), limit: Int.max)
    }

    /// The distance, or something above `limit` as soon as it must be.
    static func distance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit == Int.max ? Int.max : limit + 1 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d = min(d, before[j - 2] + 1)
                }
                current[j] = d
                rowMin = min(rowMin, d)
            }
            if limit != Int.max, rowMin > limit { return limit + 1 }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
