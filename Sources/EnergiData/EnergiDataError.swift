/// The one error type of the EnergiData module: what went wrong, in a sentence
/// that says what to do, with where it happened (byte offset, line) and the
/// underlying cause kept when there is one.
public struct EnergiDataError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is, for callers that branch on it.
    public enum Code: String, Sendable, Equatable {
        /// The bytes are not JSON (syntax, invalid UTF-8, nesting too deep, trailing bytes).
        case notJSON
        /// A file could not be read from disk.
        case unreadableFile
        /// A file holds nothing (or only a header).
        case emptyFile
        /// A file's format or header was not recognised, or names an unknown dataset.
        case unrecognizedFile
        /// The dataset given and the dataset found in the file disagree.
        case datasetMismatch
        /// A single record lacks a key field or has one of the wrong type or form.
        case badRecord
        /// A name (dataset, topic) is not one EnergiFlow knows.
        case unknownName
    }

    public let code: Code
    /// A sentence for people: what went wrong and what to do.
    public let message: String
    /// The byte offset in the input where the problem was found, when known.
    public let offset: Int?
    /// The 1-based line in the input where the problem was found, when known.
    public let line: Int?
    /// The lower-level problem this one comes from (the JSON syntax error,
    /// the POSIX error of a read), when any, kept typed.
    public let cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, offset: Int? = nil, line: Int? = nil, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
        self.line = line
        self.cause = cause
    }

    public var description: String {
        var text = message
        if let line, !message.contains("line \(line)") { text += " (line \(line))" }
        if let cause, !message.contains("\(cause)") { text += " [\(cause)]" }
        return text
    }
}
