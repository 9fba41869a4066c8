import Basics

extension JSONParser.Options {
    /// A plugin's output lines: `NaN` and `Infinity` read (Python's json
    /// module writes them; they become null), a key written twice in a row
    /// is an error (which value would be meant?).
    static let pluginOutput = JSONParser.Options(maxDepth: 200, allowsNonFinite: true, rejectsDuplicateKeys: true)
    /// A plugin's manifest: strict, and no key twice.
    static let manifest = JSONParser.Options(maxDepth: 200, allowsNonFinite: false, rejectsDuplicateKeys: true)
}
