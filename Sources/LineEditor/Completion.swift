/// What Tab does with the candidates a completion callback returned — pure
/// logic, kept apart from libedit so it can be reasoned about alone.
enum Completion {
    enum Action: Equatable {
        /// Replace the current word with this text.
        case replaceWord(String)
        /// Nothing to add: show these candidates.
        case list([String])
        /// No candidates: beep.
        case none
    }

    /// One candidate: take it, followed by a space unless it ends in `=` or
    /// `/` (a value or a path continues there). Several: extend the word to
    /// their longest common prefix, or list them when that adds nothing.
    static func action(word: String, candidates rawCandidates: [String]) -> Action {
        var seen = Set<String>()
        let candidates = rawCandidates.filter { !$0.isEmpty && seen.insert($0).inserted }
        guard let first = candidates.first else { return .none }
        if candidates.count == 1 {
            let suffix = first.hasSuffix("=") || first.hasSuffix("/") || first.hasSuffix(" ") ? "" : " "
            return .replaceWord(first + suffix)
        }
        let prefix = longestCommonPrefix(candidates)
        if prefix.count > word.count || (prefix.count == word.count && prefix != word && !prefix.isEmpty) {
            return .replaceWord(prefix)
        }
        return .list(candidates)
    }

    static func longestCommonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first.map(Array.init) else { return "" }
        for string in strings.dropFirst() {
            let characters = Array(string)
            var length = 0
            while length < min(prefix.count, characters.count), prefix[length] == characters[length] { length += 1 }
            prefix.removeLast(prefix.count - length)
        }
        return String(prefix)
    }

    /// Candidates laid out in columns across `width`, one line per row.
    static func columns(_ candidates: [String], width: Int) -> [String] {
        let cell = (candidates.map(\.count).max() ?? 0) + 2
        let perRow = max(1, width / max(1, cell))
        let rows = (candidates.count + perRow - 1) / perRow
        return (0..<rows).map { row in
            // Column-major, like ls: read down, then across.
            var line = ""
            for column in 0..<perRow {
                let index = column * rows + row
                guard index < candidates.count else { break }
                let text = candidates[index]
                line += (column == perRow - 1 || index + rows >= candidates.count)
                    ? text : text + String(repeating: " ", count: cell - text.count)
            }
            return line
        }
    }
}
