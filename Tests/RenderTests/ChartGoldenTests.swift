import Foundation
import Testing
import Tabular
@testable import Render

/// Charts of real recorded data, compared with goldens that were read by eye,
/// plus checks computed here from the data (where the lowest price must be,
/// where a gap must be, where the axis ticks must fall).
@Suite struct ChartGoldenTests {
    /// DK1, July 2023 in Danish time (744 hours). The month has negative hours,
    /// the deepest −440.10 EUR/MWh on Sunday 2 July 14:00 DK (12:00 UTC).
    static func july() throws -> RowSet { try julyRows.get() }
    // Read once per test run; the files are large for a debug build.
    static let julyRows = Result {
        try Recorded.prices(Recorded.month1, area: "DK1", from: Recorded.date(2023, 6, 30, 22), to: Recorded.date(2023, 7, 31, 22))
    }
    static let dstRows = Result {
        try Recorded.prices(Recorded.prices2024, area: "DK2", from: Recorded.date(2024, 10, 26, 22), to: Recorded.date(2024, 10, 27, 23))
    }
    static let weekRows = Result {
        try Recorded.prices(Recorded.prices2024, area: "DK1", from: Recorded.date(2024, 3, 3, 23), to: Recorded.date(2024, 3, 10, 23))
    }
    static let dailyRows = Result { try Recorded.dailyDK2() }

    static func plain(_ text: String) -> Bool { !text.unicodeScalars.contains("\u{1B}") }

    static func allLinesFit(_ text: String, width: Int, height: Int) -> Bool {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        return lines.count == height && lines.allSatisfy { DisplayText.width($0) <= width && !$0.hasSuffix(" ") }
    }

    /// Golden `chart-month-*`: a title line, `EUR/MWh` above the left axis,
    /// ticks 250, 0, −250, −500 (a 250-step covers −440…≈220 with least waste),
    /// the dashed zero line across, daily price waves mostly between 0 and
    /// ≈190 (the highest, 188, on 18 July), one deep spike down to near −440
    /// on 2 July, shallow dips just below zero on 16 July (−60) and a few
    /// other days, Monday ticks Jul 3 … Jul 31,
    /// and a legend `⠒⠒ price` (`▄▄`, `**`).
    @Test(arguments: ChartStyle.allCases)
    func monthOfDK1Prices(style: ChartStyle) throws {
        let rows = try Self.july()
        #expect(rows.count == 744)
        let options = ChartOptions(width: 100, height: 20, style: style, title: "DK1 spot price, July 2023")
        let text = try ChartRenderer.render(rows, options: options)
        Golden.check(text, "chart-month-\(style.rawValue)")
        #expect(Self.plain(text))
        #expect(Self.allLinesFit(text, width: 100, height: 20))

        let picture = ChartPicture(text)
        // The lowest row holding data is where the −440 hour is, and only there.
        let prices = rows.rows.map { $0[1].number! }
        let lowest = prices.indices.min { prices[$0] < prices[$1] }!
        #expect(prices[lowest] == -440.100006)
        let rowCount = picture.plotRows.count
        let bottomData = (0..<rowCount).last { r in (0..<picture.plotColumns).contains { picture.hasData(r, $0) } }!
        let columns = (0..<picture.plotColumns).filter { picture.hasData(bottomData, $0) }
        // x of the lowest hour as a fraction of the month, mapped onto the plot's cells.
        let fraction = Double(lowest) / Double(rows.count - 1)
        let expected = Int(fraction * Double(picture.plotColumns - 1) + 0.5)
        #expect(columns.allSatisfy { abs($0 - expected) <= 1 }, "lowest data at \(columns), expected near \(expected)")

        // y labels read downwards, and the zero line is on the row labelled 0.
        let labels = (0..<rowCount).compactMap { picture.leftLabel($0) }
        #expect(labels == ["250", "0", "-250", "-500"])
        let zeroRow = (0..<rowCount).first { picture.leftLabel($0) == "0" }!
        let zeroMark: Character = style == .ascii ? "-" : "┄"
        #expect((0..<picture.plotColumns).filter { picture.cell(zeroRow, $0) == zeroMark }.count > picture.plotColumns / 2)

        // Mondays of July 2023, left to right, not touching.
        let xLabels = picture.xLabels
        #expect(xLabels.map(\.text) == ["Jul 3", "Jul 10", "Jul 17", "Jul 24", "Jul 31"])
        for (a, b) in zip(xLabels, xLabels.dropFirst()) { #expect(b.start > a.start + a.text.count) }
        #expect(picture.xTicks.count == 5)
    }

    /// Golden `chart-dst-*`: DK2 on Sunday 2024-10-27, the day clocks went
    /// back, 25 hourly prices: 92 at midnight, down to 40 at 12:00–13:00, up
    /// to 148 at 17:00, ending at 87 at 23:00. The x axis reads Oct 27, 03:00 … 21:00 in Danish time;
    /// the first interval is visibly wider because it holds four hours
    /// (02:00 happens twice).
    @Test(arguments: ChartStyle.allCases)
    func daylightSavingDay(style: ChartStyle) throws {
        let rows = try Self.dstRows.get()
        #expect(rows.count == 25)
        let text = try ChartRenderer.render(rows, options: ChartOptions(width: 72, height: 16, style: style))
        Golden.check(text, "chart-dst-\(style.rawValue)")
        #expect(Self.plain(text))
        #expect(Self.allLinesFit(text, width: 72, height: 16))

        let picture = ChartPicture(text)
        #expect(picture.xLabels.map(\.text) == ["Oct 27", "03:00", "06:00", "09:00", "12:00", "15:00", "18:00", "21:00"])
        // 24 real hours between the first and last point; ticks every 3 wall-clock
        // hours, so the first gap spans 4 real hours and the others 3.
        let ticks = picture.xTicks
        let perHour = Double(picture.plotColumns - 1) / 24
        #expect(ticks.count == 8)
        let gaps = zip(ticks, ticks.dropFirst()).map { Double($1 - $0) }
        #expect(abs(gaps[0] - 4 * perHour) <= 1)
        for gap in gaps.dropFirst() { #expect(abs(gap - 3 * perHour) <= 1) }
    }

    /// Golden `chart-gap-*`: DK1, Monday 4 to Sunday 10 March 2024 with the
    /// 18 hours from Wed 6 March 06:00 UTC removed (as if never delivered) and
    /// the price of Fri 8 March 12:00 UTC null. The line stops before the
    /// hole and starts again after it; nothing is drawn across.
    @Test(arguments: ChartStyle.allCases)
    func seriesWithGap(style: ChartStyle) throws {
        var rows = try Self.weekRows.get()
        #expect(rows.count == 168)
        let holeStart = Recorded.date(2024, 3, 6, 6), holeEnd = Recorded.date(2024, 3, 7, 0)
        rows.rows.removeAll { row in
            guard case .time(let t) = row[0] else { return false }
            return t >= holeStart && t < holeEnd
        }
        #expect(rows.count == 150)
        let nullHour = Recorded.date(2024, 3, 8, 12)
        for i in rows.rows.indices where rows.rows[i][0] == .time(nullHour) { rows.rows[i][1] = .null }

        let text = try ChartRenderer.render(rows, options: ChartOptions(width: 72, height: 14, style: style))
        Golden.check(text, "chart-gap-\(style.rawValue)")
        #expect(Self.plain(text))
        #expect(Self.allLinesFit(text, width: 72, height: 14))

        // The hole covers x from the last hour before it (05:00) to the first after (00:00 next day).
        let picture = ChartPicture(text)
        let first = Recorded.date(2024, 3, 3, 23).timeIntervalSince1970, last = Recorded.date(2024, 3, 10, 22).timeIntervalSince1970
        let dots = picture.plotColumns * style.subColumns
        func cell(_ t: Date) -> Int {
            Int(((t.timeIntervalSince1970 - first) / (last - first) * Double(dots - 1)).rounded()) / style.subColumns
        }
        let before = cell(holeStart.addingTimeInterval(-3600)), after = cell(holeEnd)
        #expect(after - before >= 4)
        for column in (before + 1)..<after {
            for row in 0..<picture.plotRows.count { #expect(!picture.hasData(row, column), "data drawn inside the gap at column \(column)") }
        }
        #expect((0..<picture.plotRows.count).contains { picture.hasData($0, before) })
        #expect((0..<picture.plotRows.count).contains { picture.hasData($0, after) })
    }

    /// Golden `chart-two-axes-*`: DK2 per Danish day from 29 Aug to 6 Nov 2024,
    /// average price (left axis, EUR/MWh, 0…200) against production (right
    /// axis, MWh, 0…40k). Production is the daily sum of Biomass, FossilGas,
    /// FossilHardCoal, FossilOil, HydroPower, OtherRenewable, SolarPower, Waste,
    /// OnshoreWindPower and OffshoreWindPower (about 9k to 38k MWh). Without
    /// colour, production is drawn in the left dot column of each cell only
    /// (braille `⡇`, block `▌`) or with `o` (ASCII), as the legend shows.
    @Test(arguments: ChartStyle.allCases)
    func priceAgainstProduction(style: ChartStyle) throws {
        let rows = try Self.dailyRows.get()
        #expect(rows.count == 70)
        let text = try ChartRenderer.render(rows, options: ChartOptions(width: 100, height: 20, style: style))
        Golden.check(text, "chart-two-axes-\(style.rawValue)")
        #expect(Self.plain(text))
        #expect(Self.allLinesFit(text, width: 100, height: 20))

        let picture = ChartPicture(text, twoAxes: true)
        let units = String(picture.lines[0])
        #expect(units.hasPrefix("EUR/MWh") && units.hasSuffix("MWh") && units.count == 100)
        // Both axes on every plot row, at the same columns.
        let right = picture.leftAxis + 1 + picture.plotColumns
        for r in picture.plotRows {
            #expect("│┤┼|+".contains(picture.lines[r][picture.leftAxis]))
            #expect("│├|+".contains(picture.lines[r][right]))
        }
        let rightLabels = picture.plotRows.compactMap { r -> String? in
            let tail = String(picture.lines[r][(right + 1)...]).trimmingCharacters(in: .whitespaces)
            return tail.isEmpty ? nil : tail
        }
        #expect(rightLabels == ["40k", "30k", "20k", "10k", "0"])
        let production = rows.rows.map { $0[2].number! }
        #expect(production.min()! > 8_000 && production.max()! < 40_000)
        let legend = String(picture.lines.last!)
        #expect(legend.contains("avg_price (left)") && legend.contains("production (right)"))
    }

    /// The same data has the same shape in every style: braille and block
    /// share their cell grid and fill the same cells but for a few at the
    /// joints; ASCII spans the same rows.
    @Test func sameShapeInEveryStyle() throws {
        let rows = try Self.july()
        func picture(_ style: ChartStyle) throws -> ChartPicture {
            ChartPicture(try ChartRenderer.render(rows, options: ChartOptions(width: 100, height: 20, style: style)))
        }
        let braille = try picture(.braille), block = try picture(.block), ascii = try picture(.ascii)
        func filled(_ p: ChartPicture) -> Set<[Int]> {
            var cells = Set<[Int]>()
            for r in 0..<p.plotRows.count { for c in 0..<p.plotColumns where p.hasData(r, c) { cells.insert([r, c]) } }
            return cells
        }
        let a = filled(braille), b = filled(block), c = filled(ascii)
        let overlap = Double(a.intersection(b).count) / Double(a.union(b).count)
        #expect(overlap > 0.9, "braille and block share \(overlap) of their cells")
        #expect(Set(a.map { $0[0] }) == Set(c.map { $0[0] }))
        #expect(braille.plotColumns == ascii.plotColumns)
    }

    /// With colour on, the same single-series chart carries ANSI codes and
    /// reads exactly the same once they are stripped.
    @Test func colourOnlyAddsEscapes() throws {
        let rows = try Self.july()
        for style in ChartStyle.allCases {
            let plain = try ChartRenderer.render(rows, options: ChartOptions(width: 90, height: 18, style: style, color: false, title: "July"))
            let coloured = try ChartRenderer.render(rows, options: ChartOptions(width: 90, height: 18, style: style, color: true, title: "July"))
            #expect(coloured.contains("\u{1B}["))
            #expect(ANSI.strip(coloured) == plain)
        }
        // Two series: colour replaces the dotted pattern, escapes only with colour.
        let daily = try Self.dailyRows.get()
        let plain = try ChartRenderer.render(daily, options: ChartOptions(width: 100, height: 20, color: false))
        let coloured = try ChartRenderer.render(daily, options: ChartOptions(width: 100, height: 20, color: true))
        #expect(Self.plain(plain))
        #expect(coloured.contains("\u{1B}[36m") && coloured.contains("\u{1B}[33m"))
    }
}
