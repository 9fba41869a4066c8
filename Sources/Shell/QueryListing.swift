import Foundation
import Query

/// The text of `.queries` and of `.help QUERY`.
///
///     daily-month  area=DK1,DK2 last=30d  Daily figures per area for the last month.  queries/daily-month.efq
///     dk1-week     since=…                  …
///
/// Parameters show their defaults; `name=…` marks a required one. A query
/// whose header cannot be read is listed with the error's first line; one a
/// stage of the same name hides is marked.
struct QueryListing {
    var library: SavedQueryLibrary
    var stageNames: Set<String>

    func text() -> String {
        let entries = library.entries()
        guard !entries.isEmpty else {
            let searched = library.directories.map { SavedQueryLibrary.displayPath($0) }.joined(separator: ", ")
            return "no saved queries; searched \(searched)\n'.save NAME' saves the last pipeline as one."
        }
        let rows: [[String]] = entries.map { entry in
            var summary: String
            var parameters = ""
            do throws(QueryError) {
                let query = try library.load(entry.name)
                summary = query.summary
                parameters = Self.parameterText(query)
            } catch {
                summary = error.message.hasPrefix("cannot read") ? "(\(error.message))" : "(cannot be read: \(error.message))"
            }
            if stageNames.contains(entry.name) { summary = "(hidden by the stage '\(entry.name)') " + summary }
            return [entry.name, parameters, summary, SavedQueryLibrary.displayPath(entry.url)]
        }
        let widths = (0..<3).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == 3 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// `area=DK1,DK2 last=30d since=…`.
    static func parameterText(_ query: SavedQuery) -> String {
        query.parameters.map { "\($0.name)=\($0.defaultText ?? "…")" }.joined(separator: " ")
    }

    /// `.help QUERY`: its description, how to run it, its parameters and file.
    static func help(for query: SavedQuery) -> String {
        var lines = ["\(query.name) (saved query)"]
        lines += query.descriptionLines.map { "  " + $0 }
        let usage = query.parameters.map { $0.defaultText == nil ? "\($0.name)=VALUE" : "[\($0.name)=VALUE]" }
        lines += ["", "usage: " + ([query.name] + usage).joined(separator: " ")]
        if !query.parameters.isEmpty {
            lines += ["", "parameters:"]
            let width = query.parameters.map(\.name.count).max() ?? 0
            for parameter in query.parameters {
                let pad = String(repeating: " ", count: width - parameter.name.count)
                lines.append("  \(parameter.name)\(pad)  " + (parameter.defaultText.map { "default: \($0)" } ?? "required"))
            }
        }
        lines += ["", "file: \(query.path)  ('.show \(query.name)' prints it)"]
        return lines.joined(separator: "\n")
    }
}
