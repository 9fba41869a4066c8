/// A stable, readable text form of syntax trees, one node per line, for golden
/// tests and `--dump-ast` style debugging:
///
///     pipeline
///       stage daily
///         area = [DK1, DK2]
///         last = 30d(2592000s)
///       stage where
///         expr (and (> price 100) (= area DK1))
///
/// Values: words bare, strings in single quotes, `15m(900s)`,
/// `date(2024-01-31)`, `datetime(2024-01-31T12:00:00Z)`, `[a, b]`, `$var`.
/// Expressions as prefix forms: `(+ a b)`, `(neg x)`, `(not x)`, `avg(price)`,
/// `col:price` for resolved columns. With `ranges`, each line ends in
/// ` @line:col-line:col`.
public enum SyntaxDump {
    public static func dump(_ script: Script, ranges: Bool = false) -> String {
        var lines: [String] = []
        for statement in script.statements { dump(statement, ranges: ranges, into: &lines) }
        return lines.joined(separator: "\n")
    }

    public static func dump(_ statement: Statement, ranges: Bool = false) -> String {
        var lines: [String] = []
        dump(statement, ranges: ranges, into: &lines)
        return lines.joined(separator: "\n")
    }

    static func dump(_ statement: Statement, ranges: Bool, into lines: inout [String]) {
        func at(_ r: SourceRange) -> String { ranges ? " @\(r)" : "" }
        switch statement {
        case .pipeline(let p):
            dump(p, indent: "", ranges: ranges, into: &lines)
        case .explain(let p, let keyword):
            lines.append("explain" + at(keyword))
            dump(p, indent: "  ", ranges: ranges, into: &lines)
        case .let(let l):
            lines.append("let \(l.name) = \(value(l.value))" + at(l.range))
        case .dotCommand(let d):
            let args = d.arguments.map { " " + value($0) }.joined()
            lines.append(".\(d.name)\(args)" + at(d.range))
        }
    }

    static func dump(_ pipeline: Pipeline, indent: String, ranges: Bool, into lines: inout [String]) {
        func at(_ r: SourceRange) -> String { ranges ? " @\(r)" : "" }
        lines.append(indent + "pipeline" + at(pipeline.range))
        for stage in pipeline.stages {
            lines.append(indent + "  stage \(stage.name)" + at(stage.range))
            for argument in stage.arguments {
                let text: String
                switch argument {
                case .named(let n): text = "\(n.name) \(n.op.rawValue) \(value(n.value))"
                case .positional(let v): text = value(v)
                case .expression(let e): text = "expr " + expression(e)
                case .items(let list):
                    func item(_ i: ExpressionItem) -> String { expression(i.expression) + (i.name.map { " as " + $0 } ?? "") }
                    text = "items " + list.items.map(item).joined(separator: ", ")
                        + (list.by.isEmpty ? "" : " by " + list.by.map(item).joined(separator: ", "))
                case .pipeline(let p):
                    lines.append(indent + "    (" + at(argument.range))
                    dump(p, indent: indent + "      ", ranges: ranges, into: &lines)
                    lines.append(indent + "    )")
                    continue
                }
                lines.append(indent + "    " + text + at(argument.range))
            }
        }
    }

    /// One value on one line.
    public static func value(_ v: ValueSyntax) -> String {
        switch v.kind {
        case .word(let w): return w
        case .integer(let i): return String(i)
        case .decimal(let d): return String(d)
        case .string(let s): return quote(s)
        case .duration(let d): return "\(d.text)(\(d.seconds)s)"
        case .date(let d): return "date(\(d))"
        case .dateTime(let t): return "datetime(\(t.normalized))"
        case .list(let items): return "[" + items.map(value).joined(separator: ", ") + "]"
        case .variable(let name): return "$" + name
        case .template(let text): return "template(" + text + ")"
        case .expression(let e): return "expr " + expression(e)
        }
    }

    /// One expression on one line, in prefix form.
    public static func expression(_ e: Expression) -> String {
        switch e.kind {
        case .literal(let l): return literal(l)
        case .identifier(let name): return name
        case .column(let name): return "col:" + name
        case .variable(let name): return "$" + name
        case .list(let items): return "[" + items.map(expression).joined(separator: ", ") + "]"
        case .negate(let x): return "(neg \(expression(x)))"
        case .not(let x): return "(not \(expression(x)))"
        case .arithmetic(let op, let a, let b): return "(\(op.rawValue) \(expression(a)) \(expression(b)))"
        case .comparison(let op, let a, let b): return "(\(op.rawValue) \(expression(a)) \(expression(b)))"
        case .and(let a, let b): return "(and \(expression(a)) \(expression(b)))"
        case .or(let a, let b): return "(or \(expression(a)) \(expression(b)))"
        case .call(let name, let args): return name + "(" + args.map(expression).joined(separator: ", ") + ")"
        }
    }

    static func literal(_ l: Expression.Literal) -> String {
        switch l {
        case .integer(let i): return String(i)
        case .decimal(let d): return String(d)
        case .string(let s): return quote(s)
        case .bool(let b): return b ? "true" : "false"
        case .duration(let d): return "\(d.text)(\(d.seconds)s)"
        case .date(let d): return "date(\(d))"
        case .dateTime(let t): return "datetime(\(t.normalized))"
        }
    }

    /// `'it\'s'`: single quotes, with `\\ \' \n \r \t` and `\u{…}` for other controls.
    public static func quote(_ s: String) -> String {
        var out = "'"
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.properties.generalCategory == .control {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "'"
    }
}
