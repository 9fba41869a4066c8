import Basics
import Foundation
import Tabular

/// Options shared by `TableRenderer`, `TableStreamRenderer` and `MarkdownWriter`.
public struct TableOptions: Sendable {
    /// Terminal columns available; nil for no limit (pipes, files).
    public var width: Int?
    /// ANSI colour: bold header, negative numbers red, nulls dim.
    public var color: Bool
    /// Zone for showing times (wall clock, offset added where ambiguous).
    public var timeZone: TimeZone
    /// How a null cell reads. Default `·` (a middle dot), so a null differs
    /// from an empty string, which shows as nothing.
    public var nullText: String
    /// Digits after the point for named double columns, overriding the
    /// automatic choice (see `CellFormat.decide`).
    public var decimals: [String: Int]
    /// Whether to end with `(N rows)`.
    public var footer: Bool
    /// At most this many rows, the first and the last, around `… N more rows`; nil for all.
    public var maxRows: Int?

    public init(width: Int? = nil, color: Bool = false, timeZone: TimeZone = .copenhagen,
                nullText: String = "·", decimals: [String: Int] = [:], footer: Bool = true, maxRows: Int? = nil) {
        self.maxRows = maxRows
        self.width = width
        self.color = color
        self.timeZone = timeZone
        self.nullText = nullText
        self.decimals = decimals
        self.footer = footer
    }
}
