/// The text of `.help` and `.help STAGE`, from specs.
///
///     sort (transform)
///       Sorts rows by a column.
///
///     usage: sort <by> [<order>]
///
///     arguments:
///       by      column     the column to sort by (required; 1st value)
///       order   asc|desc   ascending or descending (default: asc; 2nd value)
///
///     examples:
///       daily | sort avg_price desc
public enum StageHelp {
    public static func help(for spec: StageSpec) -> String {
        var lines = ["\(spec.name) (\(spec.kind.rawValue))", "  \(spec.summary)", "", "usage: \(spec.usage)"]
        var rows: [(String, String, String)] = spec.arguments.map { a in
            var facts: [String] = []
            if a.isRequired { facts.append("required") }
            if let d = a.defaultValue { facts.append("default: \(d)") }
            if let bounds = a.boundsText { facts.append(bounds) }
            if let p = a.position {
                let variadic = a.type.isList && a.name == spec.positionalArguments.last?.name ? " and after" : ""
                facts.append("\(ordinal(p + 1)) value\(variadic)")
            }
            let help = facts.isEmpty ? a.help : "\(a.help) (\(facts.joined(separator: "; ")))"
            return (a.name, a.type.name, help)
        }
        if spec.acceptsFilters {
            let columns = spec.columns.isEmpty ? "" : " on " + spec.columns.joined(separator: ", ")
            rows.append(("COLUMN op VALUE", "filter", "keep rows where the comparison holds\(columns)"))
        }
        if !rows.isEmpty {
            lines += ["", "arguments:"]
            let nameWidth = rows.map(\.0.count).max() ?? 0
            let typeWidth = rows.map(\.1.count).max() ?? 0
            for (name, type, help) in rows {
                lines.append("  " + pad(name, nameWidth) + "  " + pad(type, typeWidth) + "  " + help)
            }
        }
        if !spec.notes.isEmpty {
            lines += ["", "notes:"]
            for note in spec.notes { lines += wrap(note, width: 76).map { "  " + $0 } }
        }
        if !spec.examples.isEmpty {
            lines += ["", "examples:"]
            lines += spec.examples.map { "  " + $0 }
        }
        return lines.map { $0.hasSuffix(" ") ? String($0.reversed().drop { $0 == " " }.reversed()) : $0 }
            .joined(separator: "\n")
    }

    /// Every stage by kind with its summary, for `.help` alone.
    public static func overview(_ specs: [StageSpec]) -> String {
        let width = specs.map(\.name.count).max() ?? 0
        var sections: [String] = []
        for kind in StageKind.allCases {
            let ofKind = specs.filter { $0.kind == kind }.sorted { $0.name < $1.name }
            guard !ofKind.isEmpty else { continue }
            let title = kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst() + "s:"
            sections.append(([title] + ofKind.map { "  " + pad($0.name, width) + "  " + $0.summary })
                .joined(separator: "\n"))
        }
        sections.append("'.help STAGE' shows a stage's arguments and examples.")
        return sections.joined(separator: "\n\n")
    }

    /// Words of `text` in lines of at most `width` characters (a longer word stays whole).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s + String(repeating: " ", count: max(0, width - s.count))
    }

    static func ordinal(_ n: Int) -> String {
        let suffix: String
        switch (n % 10, n % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(n)\(suffix)"
    }
}

extension StageRegistry {
    /// `.help STAGE`: the stage's help, or an unknown-stage error with a "did you mean".
    public func help(for name: String, at range: SourceRange? = nil, in source: SourceText? = nil) throws(QueryError) -> String {
        guard let spec = spec(named: name) else {
            throw StageRegistry.unknownStage(name, at: range ?? SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1)),
                                             in: source, among: names)
        }
        return StageHelp.help(for: spec)
    }

    /// `.help`: all stages by kind.
    public func overview() -> String { StageHelp.overview(allSpecs) }
}
