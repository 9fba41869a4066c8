import Basics

/// A position in a `FileWindow` and the steps that move it: a parsing step
/// runs on the window's bytes and, when it needs bytes beyond them, runs again
/// after the window moved up to the cursor and filled (or grew).
struct FileCursor {
    let window: FileWindow
    var position: ReadCursor

    init(_ window: FileWindow, at position: ReadCursor) {
        self.window = window
        self.position = position
    }

    /// Runs `body` until it answers: it gets the window's bytes and the
    /// position, moves the position past what it read and returns a value,
    /// or returns nil (position untouched) when it needs more bytes.
    mutating func step<T>(_ body: (ByteView, inout ReadCursor) throws(EnergiDataError) -> T?) throws(EnergiDataError) -> T {
        if position.offset < window.start || position.offset > window.end { try window.fill(from: position.offset) }
        while true {
            var moved = position
            if let answer = try body(window.view, &moved) {
                position = moved
                return answer
            }
            try window.fill(from: position.offset, line: position.line)
        }
    }

    /// Moves past JSON white space (counting lines); the byte after it, nil at the end of the input.
    mutating func skipWhitespace() throws(EnergiDataError) -> UInt8? {
        if position.offset < window.start || position.offset > window.end { try window.fill(from: position.offset) }
        while true {
            let view = window.view
            var i = position.offset - view.offset
            while i < view.count, isASCIIWhitespace(view.base[i]) { i += 1 }
            position.line += lineFeeds(view.base, (position.offset - view.offset)..<i)
            position.offset = view.offset + i
            if i < view.count { return view.base[i] }
            if view.isFinal { return nil }
            try window.fill(from: position.offset)
        }
    }

    /// Checks that only white space follows (after a JSON file's last value).
    mutating func expectEnd() throws(EnergiDataError) {
        if let b = try skipWhitespace() {
            throw .notJSON(JSONSyntaxError(kind: .trailingBytes(b), offset: position.offset), line: position.line)
        }
    }
}
