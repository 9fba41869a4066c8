import Basics
import Foundation
import Tabular

/// What the demo tells a newcomer before the first prompt.
struct DemoBanner {
    var data: DemoData
    var databaseFolder: String
    var kafka: String
    var cutoff: Date?
    var speed: Double

    static func day(_ date: Date?) -> String {
        date.map { Day(containing: $0, in: .copenhagen).description } ?? "?"
    }

    var span: String {
        "\(data.areas.joined(separator: ", ")), \(Self.day(data.first)) … \(Self.day(data.last))"
    }

    /// The first lines, on a terminal or not.
    var heading: String {
        """
        EnergiFlow demo: real Danish electricity prices and production (\(span)),
        streamed through Kafka into PostgreSQL and explored in the REPL.
        \(DemoData.attribution)
        """
    }

    /// How long the paced part takes, in words.
    var paceText: String {
        guard let cutoff, let last = data.last else { return "" }
        let seconds = last.timeIntervalSince(cutoff) / speed
        let minutes = seconds / 60
        let length = minutes >= 1.5 ? String(format: "about %.0f minutes", minutes) : String(format: "about %.0f seconds", seconds)
        return "then from \(Self.day(cutoff)) at \(Self.speedText(speed)) (\(length))"
    }

    static func speedText(_ speed: Double) -> String {
        if speed == 3600 { return "one market hour a second" }
        let formatted = speed == speed.rounded() ? String(Int(speed)) : String(speed)
        return "\(formatted)× real time"
    }

    /// The whole banner for the REPL.
    var interactive: String {
        """
        \(heading)

        Running inside this process until you quit:
          PostgreSQL  embedded, database energiflow_demo (made anew at each start) in \(databaseFolder)
          Kafka       in-process at \(kafka); topics \(data.datasets.map(\.defaultTopic).joined(separator: ", "))
          producer    replays the recorded files: \(Self.day(data.first)) … \(Self.day(cutoff)) at once,
                      \(paceText)
          consumer    validates every record and stores it exactly once, with the daily rollup

        Try:
          tail prices | table                            prices as they arrive (Ctrl-C stops a tail)
          tail prices,production | window 1d | decide    days as they fill, price and production joined per day
          tail prices,production from=beginning | window 1d | chart
                                                         a chart that fills in as the days arrive
          daily area=DK2 | decide | chart                the stored days, decided (run it again later)
          teach                                          a guided walk through the ideas, step by step
          .help                                          every stage and command; Ctrl-D or .quit ends the demo
        """
    }
}
