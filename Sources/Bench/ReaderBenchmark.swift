import EnergiData
import Foundation
import Ingest

/// Reads one recorded file as `energiflow ingest --from` does (every record
/// parsed, checked and normalised, its message bytes made) and prints the
/// rate and the process's peak memory: is the reader fast enough not to be
/// the bottleneck, and is its memory bounded?
struct ReaderBenchmark {
    var file: URL

    func run() throws {
        let start = ContinuousClock.now
        let recorded = try RecordFileReader().read(contentsOf: file)
        var bytes = 0
        for record in recorded.records {
            bytes &+= record.messageValue.count &+ record.messageKey.utf8.count
        }
        let seconds = Self.seconds(ContinuousClock.now - start)
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        BenchOutput.note("\(file.lastPathComponent): \(size / 1_048_576) MB, \(recorded.format.rawValue), \(recorded.dataset.apiName)")
        BenchOutput.figure("read.records", Double(recorded.records.count), "records")
        BenchOutput.figure("read.rejects", Double(recorded.rejects.count), "rows")
        BenchOutput.figure("read.seconds", seconds, "s", decimals: 2)
        BenchOutput.figure("read.rate", Double(recorded.records.count) / seconds, "records/s")
        BenchOutput.figure("read.peak_rss", Double(MemoryUsage.peakResidentBytes() ?? 0) / 1_048_576, "MB")
        BenchOutput.note("message bytes made: \(bytes)")
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
