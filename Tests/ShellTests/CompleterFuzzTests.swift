import Foundation
import LineEditor
import Shell
import Stages
import Testing

/// Tab on any text, however broken, offers candidates or nothing: never a crash.
@Suite struct CompleterFuzzTests {
    static let pieces = ["daily", " ", "|", "area", "=", "DK1", ",", "'", "\"", "(", ")", "$", "$a", ".", ".help", ".mode ",
                         "sort", "where", "price", ">", "<=", "!=", "!", ";", "\n", "#", "explain ", "let ", "7d", "-", "é", "\u{0}",
                         "raw", "by=", "top 3 ", "dk-week ", "zz", "\t", "\\"]

    @Test func randomLinesNeverCrash() {
        let completer = Completer(stages: { BuiltinStages.registry }, library: SavedQueryLibrary(directories: []),
                                  variables: { ["a", "area"] })
        var generator = SystemRandomNumberGenerator()
        var offered = 0
        for _ in 0..<5000 {
            let count = Int.random(in: 0...8, using: &generator)
            let line = (0..<count).map { _ in Self.pieces.randomElement(using: &generator) ?? "" }.joined()
            let candidates = completer.candidates(CompletionContext(line: line))
            if !candidates.isEmpty { offered += 1 }
            #expect(Set(candidates).count == candidates.count, "repeats for \(line.debugDescription)")
        }
        #expect(offered > 0)
    }
}
