import Foundation
@testable import Render

/// A rendered chart taken apart again, so tests can check what is where
/// without trusting the renderer's own bookkeeping.
struct ChartPicture {
    let lines: [[Character]]
    /// Index of the x axis line (`└──┬──` or `+--+--`).
    let axisLine: Int
    /// Index of the first plot row (the line after the units line).
    let firstPlotRow: Int
    /// Column of the left axis in every plot row.
    let leftAxis: Int
    /// Number of plot cells per row.
    let plotColumns: Int

    /// `twoAxes`: the axis line ends in a corner (`┘`, `+`) that is not a plot column.
    init(_ text: String, twoAxes: Bool = false) {
        precondition(text.hasSuffix("\n"))
        lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        let axis = lines.firstIndex { line in
            let trimmed = line.drop { $0 == " " }
            return trimmed.first == "└" || (trimmed.first == "+" && (trimmed.dropFirst().first == "-" || trimmed.dropFirst().first == "+"))
        }!
        axisLine = axis
        let corner = lines[axis].firstIndex { $0 != " " }!
        leftAxis = corner
        let rest = lines[axis][(corner + 1)...]
        let horizontal: Set<Character> = ["─", "┬", "-", "+"]
        plotColumns = rest.prefix { horizontal.contains($0) }.count - (twoAxes && rest.last != "┘" ? 1 : 0)
        // The plot rows are the lines above the axis whose axis column holds an axis character.
        var first = axis
        while first > 0, lines[first - 1].count > corner, "│┤┼|+".contains(lines[first - 1][corner]) { first -= 1 }
        firstPlotRow = first
    }

    var plotRows: Range<Int> { firstPlotRow..<axisLine }

    /// The plot cell at (row within the plot, column within the plot).
    func cell(_ row: Int, _ column: Int) -> Character {
        let line = lines[firstPlotRow + row]
        let at = leftAxis + 1 + column
        return at < line.count ? line[at] : " "
    }

    /// Whether a plot cell holds data (not blank, not the zero line).
    func hasData(_ row: Int, _ column: Int) -> Bool {
        !" ┄-".contains(cell(row, column))
    }

    /// The y label written left of a plot row, if any.
    func leftLabel(_ row: Int) -> String? {
        let text = String(lines[firstPlotRow + row][0..<leftAxis]).trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    /// The x tick columns on the axis line (plot columns of `┬`/`+`).
    var xTicks: [Int] {
        let line = lines[axisLine]
        return (0..<plotColumns).filter { column in
            let at = leftAxis + 1 + column
            return at < line.count && (line[at] == "┬" || line[at] == "+")
        }
    }

    /// The x labels, left to right, as (start column in the line, text).
    var xLabels: [(start: Int, text: String)] {
        let line = lines[axisLine + 1]
        var labels: [(Int, String)] = []
        var i = 0
        while i < line.count {
            if line[i] == " " { i += 1; continue }
            var j = i
            // A label may hold single spaces ("Jul 3"); two spaces end it.
            while j < line.count && !(line[j] == " " && (j + 1 >= line.count || line[j + 1] == " ")) { j += 1 }
            labels.append((i, String(line[i..<j])))
            i = j
        }
        return labels
    }
}
