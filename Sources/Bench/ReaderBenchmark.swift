import EnergiData
import Foundation
import Ingest

/// Reads one recorded file as `energiflow ingest --from` does (a stream:
/// every record parsed, checked and normalised, its message key and bytes
/// made) and prints the rate and the process's peak memory: is the reader
/// fast enough not to be the bottleneck, and is its memory bounded?
struct ReaderBenchmark {
    var file: URL

    func run() throws {
        let start = ContinuousClock.now
        let stream = try RecordFileReader().stream(contentsOf: file)
        var bytes = 0
        while let record = try stream.next() {
            bytes &+= record.messageValue.count &+ record.messageKey.utf8.count
        }
        let seconds = Self.seconds(ContinuousClock.now - start)
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        // Figures named by form: read.json.rate, read.csv.rate.
        let form = stream.format == .csv ? "csv" : "json"
        BenchOutput.note("\(file.lastPathComponent): \(size / 1_048_576) MB, \(stream.format.rawValue), \(stream.dataset.apiName), \(stream.order?.rawValue ?? "?"), \(bytes) message bytes made")
        BenchOutput.figure("read.\(form).records", Double(stream.recordCount), "records")
        BenchOutput.figure("read.\(form).rejects", Double(stream.rejectCount), "rows")
        BenchOutput.figure("read.\(form).seconds", seconds, "s", decimals: 2)
        BenchOutput.figure("read.\(form).rate", Double(stream.recordCount) / seconds, "records/s")
        BenchOutput.figure("read.\(form).peak_rss", Double(MemoryUsage.peakResidentBytes() ?? 0) / 1_048_576, "MB")
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
