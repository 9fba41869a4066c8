import Basics
import Foundation
import Tabular

/// What to draw and how big: the `chart` stage's arguments.
public struct ChartOptions: Sendable {
    /// The time column for x; nil for the first time or day column.
    public var x: String?
    /// The measures to draw; empty for the defaults (the average price and
    /// the total production columns when present, else the first number column).
    public var y: [String]
    /// A column whose values split each measure into one series per value (e.g. area).
    public var by: String?
    /// The whole chart, axes and legend included, in terminal cells.
    public var width: Int
    public var height: Int
    public var style: ChartStyle
    /// ANSI colour per series; with it off, series differ by their marks.
    public var color: Bool
    public var title: String?
    /// Zone for the time labels of instants (days are calendar days and need none).
    public var timeZone: TimeZone

    /// The largest chart drawn: beyond this a size is a mistake, not a picture.
    public static let maximumWidth = 1000
    public static let maximumHeight = 500

    public init(x: String? = nil, y: [String] = [], by: String? = nil, width: Int = 80, height: Int = 20,
                style: ChartStyle = .braille, color: Bool = false, title: String? = nil,
                timeZone: TimeZone = .copenhagen) {
        self.x = x
        self.y = y
        self.by = by
        self.width = width
        self.height = height
        self.style = style
        self.color = color
        self.title = title
        self.timeZone = timeZone
    }
}
