@testable import EnergiData
import Foundation
import Testing
import TestSupport

/// The streaming reader gives exactly what the whole-file reader gave (the
/// oracle, `WholeFileReader`): the same records, byte for byte, in the same
/// order, the same rejects with their lines, the same errors; on every
/// recorded file and on every form the recorded records can be written in.
@Suite struct RecordFileStreamTests {
    static let allFiles = RecordedFilesTests.expectations.map(\.file)

    @Test(arguments: allFiles)
    func everyRecordedFileStreamsAsItWasRead(_ name: String) throws {
        let bytes = try Recorded.bytes(name)
        let oracle = ReadOutcome.oracle(bytes)
        #expect(oracle.error == nil && !oracle.records.isEmpty)
        // Default window and parts, and small ones: windows end inside rows,
        // parts of a newest-first file end inside runs of one hour.
        for (window, part) in [(FileWindow.blockSize, RecordFileIndex.defaultPartBytes), (4093, 2039)] {
            let streamed = ReadOutcome.streamed(bytes, blockSize: window, partBytes: part)
            #expect(streamed.outOfOrder == 0)
            #expect(streamed.matches(oracle: oracle), "window \(window), part \(part): \(streamed)")
        }
        // The whole-file reader is the stream collected: the same file.
        let file = try RecordFileReader().read(bytes: bytes)
        #expect(file.records == oracle.records && file.rejects == oracle.rejects)
    }

    @Test func theOrderIsTakenFromTheFile() throws {
        let newestFirst = try RecordFileReader().stream(bytes: Recorded.bytes(Recorded.balance2024))
        _ = try newestFirst.next()
        #expect(newestFirst.order == .newestFirst)
        let oldestFirst = try RecordFileReader().stream(bytes: Recorded.bytes(Recorded.settlementWeek))
        _ = try oldestFirst.next()
        #expect(oldestFirst.order == .oldestFirst)
    }

    /// The recorded records written in every other form the reader takes.
    @Test(arguments: [Recorded.declaration, Recorded.dayAhead, Recorded.settlementFeb, Recorded.balance2024])
    func everyFormOfTheRecordsStreamsAsItWasRead(_ name: String) throws {
        let records = try Recorded.cached(name).records
        let values = records.map(\.messageValue.text)
        var forms: [(String, String)] = []
        for (order, list) in [("oldest first", values), ("newest first", Array(values.reversed()))] {
            let dataset = records[0].dataset.apiName
            forms.append(("API, \(order)", #"{"total":\#(list.count),"limit":100000,"dataset":"\#(dataset)","records":["# + list.joined(separator: ",") + "]}"))
            forms.append(("API pretty, CRLF, \(order)", "{\r\n  \"total\": \(list.count),\r\n  \"records\": [\r\n    "
                + list.map { $0.replacingOccurrences(of: "\":", with: "\" : ").replacingOccurrences(of: ",\"", with: ", \"") }
                    .joined(separator: ",\r\n    ") + "\r\n  ],\r\n  \"dataset\": \"\(dataset)\"\r\n}\r\n"))
            forms.append(("array, \(order)", "[" + list.joined(separator: ",\n") + "]"))
            forms.append(("JSON lines, \(order)", list.joined(separator: "\n") + "\n"))
        }
        for (what, text) in forms {
            expectStreamMatchesOracle(Array(text.utf8), blockSizes: [FileWindow.blockSize, 1021],
                                      partBytes: [RecordFileIndex.defaultPartBytes, 997], "\(name), \(what)")
        }
    }

    @Test func sameTimeRunsKeepTheirFileOrderAcrossParts() throws {
        // 7 areas an hour, newest first; parts of a few rows split every hour's run.
        let bytes = Array(try Recorded.bytes(Recorded.elspot7Areas).prefix(40_000))
        let cut = Array(bytes[..<(bytes.lastIndex(of: 0x0A)! + 1)])
        expectStreamMatchesOracle(cut, partBytes: [40, 97, 250, 1000], "7 areas")
        // The newest hour's areas, in the file's order (independently of both readers).
        let rows = cut.text.split(separator: "\n").dropFirst()
        let newestHour = rows.first!.prefix(16)
        let expected = rows.filter { $0.hasPrefix(newestHour) }.map { String($0.split(separator: ";")[2]) }
        let streamed = ReadOutcome.streamed(cut, partBytes: 97)
        #expect(streamed.records.suffix(expected.count).map { $0["PriceArea"]?.stringValue ?? "?" } == expected)
    }

    /// Prices of the records a stream gives, in its order.
    static func prices(_ text: String, reorderWindow: Int = RecordFileStream.reorderWindow,
                       partBytes: Int = RecordFileIndex.defaultPartBytes) throws -> (prices: [Double], stream: RecordFileStream) {
        let window = Array(text.utf8).withUnsafeBytes { FileWindow(bytes: $0) }
        let stream = try RecordFileStream(window, dataset: nil, partBytes: partBytes, reorderWindow: reorderWindow)
        var prices: [Double] = []
        while let record = try stream.next() { prices.append(record["SpotPriceEUR"]?.doubleValue ?? -1) }
        return (prices, stream)
    }

    @Test func nearMissesArePutInOrderAndFarOnesCounted() throws {
        // Hour 1 comes one place late (as the hour repeated at the end of
        // summer time does in GUI exports, which sort by Danish time).
        let header = "HourUTC;HourDK;PriceArea;SpotPriceDKK;SpotPriceEUR\n"
        let oldestFirst = header + "2024-01-01 00:00;2024-01-01 01:00;DK1;1;1\n2024-01-01 02:00;2024-01-01 03:00;DK1;2;2\n"
            + "2024-01-01 01:00;2024-01-01 02:00;DK1;3;3\n2024-01-01 03:00;2024-01-01 04:00;DK1;4;4\n"
        let newestFirst = header + "2024-01-01 03:00;2024-01-01 04:00;DK1;4;4\n2024-01-01 01:00;2024-01-01 02:00;DK1;3;3\n"
            + "2024-01-01 02:00;2024-01-01 03:00;DK1;2;2\n2024-01-01 00:00;2024-01-01 01:00;DK1;1;1\n"
        for (text, order) in [(oldestFirst, RecordFileStream.Order.oldestFirst), (newestFirst, .newestFirst)] {
            let near = try Self.prices(text)
            #expect(near.prices == [1, 3, 2, 4] && near.stream.order == order)
            #expect(near.stream.outOfOrderCount == 0)
            expectStreamMatchesOracle(Array(text.utf8))
            // Further out than the reorder buffer reaches (one record here, and
            // parts of one row): every record still comes, the late one where
            // it was found, counted.
            let far = try Self.prices(text, reorderWindow: 1, partBytes: 1)
            #expect(far.prices == [1, 2, 3, 4])
            #expect(far.stream.outOfOrderCount == 1)
            #expect(far.stream.firstOutOfOrderLine == (order == .oldestFirst ? 4 : 3))
        }
    }

    @Test func theRepeatedAutumnHourOfARealExportComesInUTCOrder() throws {
        // The GUI export sorts by Danish time: at 2023-10-29 02:00 DK the rows
        // of 00:00 and 01:00 UTC alternate. Expected from the file's own rows.
        let name = Recorded.elspotDK1DK2
        let stream = try RecordFileReader().stream(contentsOf: TestPaths.recorded(name))
        var times: [Date] = []
        while let record = try stream.next() { times.append(record.time) }
        #expect(stream.outOfOrderCount == 0)
        #expect(try times == Recorded.split(name).rows.compactMap { Recorded.utc($0[0]) }.sorted())
    }

    @Test func streamsReadAtOnceShareTheMemory() throws {
        let one = RecordFileStream.Sizes(sharing: 1)
        #expect(one.windowBytes == FileWindow.blockSize && one.partBytes == RecordFileIndex.defaultPartBytes
                && one.reorderWindow == RecordFileStream.reorderWindow)
        var previous = one
        for count in [2, 8, 24, 64, 200, 5000] {
            let sizes = RecordFileStream.Sizes(sharing: count)
            #expect(sizes.windowBytes <= previous.windowBytes && sizes.partBytes <= previous.partBytes
                    && sizes.reorderWindow <= previous.reorderWindow, "\(count)")
            #expect(sizes.windowBytes >= 256 << 10 && sizes.partBytes >= 64 << 10 && sizes.reorderWindow >= 256, "\(count)")
            previous = sizes
        }
        // The smallest share still reads a newest-first file exactly.
        let bytes = try Recorded.bytes(Recorded.balance2019)
        let smallest = RecordFileStream.Sizes(sharing: 5000)
        let window = bytes.withUnsafeBytes { FileWindow(bytes: $0, blockSize: smallest.windowBytes) }
        let stream = try RecordFileStream(window, dataset: nil, partBytes: smallest.partBytes, reorderWindow: smallest.reorderWindow)
        var records: [EnergiRecord] = []
        while let record = try stream.next() { records.append(record) }
        #expect(stream.outOfOrderCount == 0)
        let same = records == ReadOutcome.oracle(bytes).records
        #expect(same)
    }

    @Test func aBrokenNewestFirstFileSendsNothingAnOldestFirstOneWhatCameBefore() throws {
        let records = try Recorded.cached(Recorded.dayAhead).records.map(\.messageValue.text)
        for (order, list) in [("newest first", Array(records.reversed())), ("oldest first", records)] {
            let text = "[" + list.joined(separator: ",\n") + ",\n{\"TimeUTC\":"
            let stream = try RecordFileReader().stream(bytes: Array(text.utf8))
            var returned = 0
            do {
                while try stream.next() != nil { returned += 1 }
                Issue.record("\(order): no error")
            } catch {
                #expect(error.code == .notJSON && error.line == 673, "\(error)")
            }
            // Newest first is indexed, and so checked, before the first record.
            #expect(returned == (order == "newest first" ? 0 : 672), "\(order)")
        }
    }

    @Test func rejectsAreCountedAndTheFirstKept() throws {
        var lines = try Recorded.text(Recorded.dayAhead).split(separator: "\n").map(String.init)
        lines.insert("2026-03-01 00:15:00;2026-03-01 01:15:00;DK2;abc;371,6", at: 300)
        lines.insert("2026-03-01 00:00:00;2026-03-01 01:00:00;DK2;49,7", at: 5)
        lines.insert("2026-03-01 00:07:00;2026-03-01 01:07:00;DK2;1;2", at: 2)
        var seen: [Int] = []
        let stream = try RecordFileReader().stream(bytes: Array(lines.joined(separator: "\n").utf8)) { seen.append($0.line) }
        while try stream.next() != nil {}
        #expect(stream.recordCount == 672)
        #expect(stream.rejectCount == 3 && seen.sorted() == [3, 7, 303])
        #expect(stream.firstRejects.map(\.description) == [
            "line 3: TimeUTC is not on a 15-minute boundary: \"2026-03-01T00:07:00\"",
            "line 7: 4 fields where the header has 5",
            "line 303: DayAheadPriceEUR is not a number: \"abc\"",
        ])
    }

    @Test func aFileIsReadFromDiskAndFromAPipe() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("energiflow-stream-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bytes = try Recorded.bytes(Recorded.balance2024)
        let oracle = ReadOutcome.oracle(bytes)
        func collect(_ url: URL) throws -> [EnergiRecord] {
            let stream = try RecordFileReader().stream(contentsOf: url)
            var records: [EnergiRecord] = []
            while let record = try stream.next() { records.append(record) }
            return records
        }
        #expect(try collect(TestPaths.recorded(Recorded.balance2024)) == oracle.records)
        // A FIFO (as `<(zcat file.gz)` gives): copied to a temporary file first.
        let fifo = directory.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let writer = Thread {
            guard let handle = FileHandle(forWritingAtPath: fifo.path) else { return }
            handle.write(Data(bytes))
            try? handle.close()
        }
        writer.start()
        #expect(try collect(fifo) == oracle.records)
        // Missing files and directories say so.
        #expect(throws: EnergiDataError.self) { try RecordFileReader().stream(contentsOf: directory.appendingPathComponent("none.csv")) }
        do {
            _ = try RecordFileReader().stream(contentsOf: directory)
            Issue.record("read a directory")
        } catch {
            #expect(error.code == .unreadableFile && error.message.contains("is a directory"))
        }
    }
}
