/// JSON files: the API response, a bare array of records, or JSON lines.
extension RecordFileReader {
    private typealias Item = (line: Int, value: JSONValue)

    func readJSON(_ p: UnsafePointer<UInt8>, _ count: Int, start: Int) throws(EnergiDataError) -> RecordFile {
        var lines = LineCounter(base: p)
        var parser = JSONParser(base: p, count: count, maxDepth: JSONValue.defaultMaxDepth)
        parser.scanner.position = start
        var items: [Item] = []
        let format: RecordFile.Format
        var named: String? = nil
        var isJSONLines = false
        do {
            if p[start] == 0x5B {
                items = try elements(&parser, depth: 0, lines: &lines)
                format = .jsonArray
                try parser.scanner.expectEnd()
            } else {
                // An object: the API response (with "records"), or the first of JSON lines.
                parser.scanner.position += 1
                var members: [JSONMember] = []
                var records: [Item]? = nil
                parser.scanner.skipWhitespace()
                if parser.scanner.peek() == 0x7D {
                    parser.scanner.position += 1
                } else {
                    while true {
                        parser.scanner.skipWhitespace()
                        let key = parser.decode(try parser.scanner.scanString())
                        try parser.scanner.expect(0x3A)
                        parser.scanner.skipWhitespace()
                        if key == "records", records == nil, parser.scanner.peek() == 0x5B {
                            records = try elements(&parser, depth: 1, lines: &lines)
                        } else {
                            members.append(JSONMember(key, try parser.parseValue(depth: 1)))
                        }
                        parser.scanner.skipWhitespace()
                        if parser.scanner.peek() == 0x2C { parser.scanner.position += 1; continue }
                        try parser.scanner.expect(0x7D)
                        break
                    }
                }
                parser.scanner.skipWhitespace()
                if !parser.scanner.atEnd {
                    if records == nil, parser.scanner.peek() == 0x7B { isJSONLines = true }
                    else { try parser.scanner.expectEnd() }
                }
                if let records {
                    items = records
                    format = .apiJSON
                    named = JSONValue.object(members)["dataset"]?.stringValue
                } else {
                    items = [(lines.line(at: start), .object(members))]
                    format = .jsonLines
                }
            }
        } catch {
            let line = lines.line(at: error.offset)
            throw EnergiDataError(.notJSON, "not JSON: \(error) (line \(line))", offset: error.offset, line: line, cause: "\(error)")
        }
        if isJSONLines { return try readJSONLines(p, count, start: start) }
        if format == .jsonLines, let records = items.first?.value["records"] {
            throw EnergiDataError(.unrecognizedFile,
                                  "the file's \"records\" member is \(records.typeDescription), not an array of records")
        }
        let dataset = try settle(items: items, named: named)
        return finish(items, rejects: [], dataset: dataset, format: format)
    }

    /// Parses `[ … ]` at the scanner's position, noting the line where each element starts.
    private func elements(_ parser: inout JSONParser, depth: Int, lines: inout LineCounter) throws(JSONSyntaxError) -> [Item] {
        try parser.scanner.expect(0x5B)
        var items: [Item] = []
        parser.scanner.skipWhitespace()
        if parser.scanner.peek() == 0x5D { parser.scanner.position += 1; return items }
        while true {
            parser.scanner.skipWhitespace()
            let line = lines.line(at: parser.scanner.position)
            items.append((line, try parser.parseValue(depth: depth + 1)))
            parser.scanner.skipWhitespace()
            if parser.scanner.peek() == 0x2C { parser.scanner.position += 1; continue }
            try parser.scanner.expect(0x5D)
            return items
        }
    }

    /// One JSON value per line; a line that is not JSON is a reject.
    private func readJSONLines(_ p: UnsafePointer<UInt8>, _ count: Int, start: Int) throws(EnergiDataError) -> RecordFile {
        var items: [Item] = []
        var rejects: [RecordFile.Reject] = []
        var lineStart = start
        var line = 1
        for i in 0..<start where p[i] == 0x0A { line += 1 }
        while lineStart < count {
            var lineEnd = lineStart
            while lineEnd < count, p[lineEnd] != 0x0A { lineEnd += 1 }
            var parser = JSONParser(base: p, count: lineEnd, maxDepth: JSONValue.defaultMaxDepth)
            parser.scanner.position = lineStart
            parser.scanner.skipWhitespace()
            if !parser.scanner.atEnd {
                do {
                    let value = try parser.parseValue()
                    try parser.scanner.expectEnd()
                    items.append((line, value))
                } catch {
                    rejects.append(.init(line: line, reason: "not JSON: \(error)",
                                         text: RecordFileReader.excerpt(p, lineStart..<lineEnd)))
                }
            }
            lineStart = lineEnd + 1
            line += 1
        }
        let dataset = try settle(items: items, named: nil)
        return finish(items, rejects: rejects, dataset: dataset, format: .jsonLines)
    }

    private func settle(items: [Item], named: String?) throws(EnergiDataError) -> Dataset {
        if let named {
            guard let found = Dataset(apiName: named) else {
                throw EnergiDataError(.unrecognizedFile, "the file is dataset \(quoted(named)), which EnergiFlow does not ingest")
            }
            return try settle(found: found, what: "its \"dataset\" member")
        }
        let keys = items.lazy.compactMap { $0.value.objectMembers }.first?.map(\.key) ?? []
        return try settle(found: keys.isEmpty ? nil : Dataset.recognize(fields: keys), what: "the fields of its first record")
    }

    private func finish(_ items: [Item], rejects: [RecordFile.Reject], dataset: Dataset,
                        format: RecordFile.Format) -> RecordFile {
        var records: [EnergiRecord] = []
        records.reserveCapacity(items.count)
        var rejects = rejects
        for item in items {
            switch RecordFileReader.record(item.value, dataset: dataset) {
            case .success(let record): records.append(record)
            case .failure(let rejection):
                let text = item.value.compactString
                rejects.append(.init(line: item.line, reason: rejection.reason, text: String(text.prefix(200))))
            }
        }
        rejects.sort { $0.line < $1.line }
        return RecordFile(dataset: dataset, format: format, separator: nil,
                          records: RecordFileReader.sortedByTime(records), rejects: rejects)
    }

    /// A record from a JSON value, with the timestamps of its time fields in the API's form.
    static func record(_ value: JSONValue, dataset: Dataset) -> Result<EnergiRecord, Rejection> {
        guard case .object(var members) = value else {
            return .failure(Rejection(.notObject, "a record must be a JSON object, not \(value.typeDescription)"))
        }
        for k in members.indices {
            guard case .string(let text) = members[k].value else { continue }
            let name = members[k].key
            let documented = dataset.kind(ofField: name)
            guard let kind = documented ?? (documented == nil ? guessedTimeKind(name) : nil),
                  kind == .utcTime || kind == .localTime else { continue }
            if let stamp = Timestamp.parse(text) {
                members[k].value = .string(apiTime(stamp, kind: kind))
            } else if documented != nil {
                return .failure(.notTime(name, quoted(text)))
            }
        }
        do {
            return .success(try EnergiRecord(dataset: dataset, fields: members))
        } catch {
            return .failure(Rejection(.wrongType, error.message))
        }
    }
}

/// Line numbers of byte offsets, counted incrementally for increasing offsets.
struct LineCounter {
    let base: UnsafePointer<UInt8>
    private var offset = 0
    private var current = 1

    init(base: UnsafePointer<UInt8>) {
        self.base = base
    }

    mutating func line(at target: Int) -> Int {
        if target < offset { offset = 0; current = 1 }
        while offset < target {
            if base[offset] == 0x0A { current += 1 }
            offset += 1
        }
        return current
    }
}
