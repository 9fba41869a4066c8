import Postgres

/// Moves SQL text written with its own `$1`, `$2`, … parameters into
/// another statement's parameters (a join's right side): each `$n` outside
/// quotes becomes the number its value has there.
enum SQLPlaceholders {
    static func renumber(_ sql: String, from own: SQLParameters, into target: inout SQLParameters) -> String {
        let chars = Array(sql)
        var out = ""
        out.reserveCapacity(chars.count)
        var i = 0
        var quote: Character?
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                out.append(c)
                if c == q { quote = nil }  // a doubled quote closes and reopens: the same text
                i += 1
                continue
            }
            if c == "'" || c == "\"" {
                quote = c
                out.append(c)
                i += 1
                continue
            }
            if c == "$", i + 1 < chars.count, chars[i + 1].isASCII, chars[i + 1].isNumber {
                var j = i + 1
                while j < chars.count, chars[j].isASCII, chars[j].isNumber { j += 1 }
                if let n = Int(String(chars[i + 1..<j])), n >= 1, n <= own.values.count {
                    out += target.bind(own.values[n - 1])
                    i = j
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return out
    }
}
