import Foundation
import Render
import Tabular

/// Shows a picture (a chart, bars) of rows that keep arriving (a live tail):
///
/// - On a terminal the picture of all rows so far is redrawn in place: the
///   cursor goes back up over the previous picture, clears to the end of the
///   screen and draws the new one. At most one redraw per `interval`
///   (a few per second), so a fast stream costs few renders; a ticker
///   thread draws rows that arrived since the last redraw when the stream
///   goes quiet, so the picture never lags behind a pause.
/// - Not on a terminal (a pipe, a file, the demo's test) nothing is redrawn:
///   the rows are printed as a streaming table as they arrive, and when the
///   stream ends (`limit=`, `for=`) the final picture follows.
///
/// Rows with the same `key` replace each other (a live window re-emits its
/// partial window as it fills; a chart has one value per x and series), and
/// only the newest `maximumRows` are kept.
final class LivePicture: @unchecked Sendable {
    /// Draws the picture of these rows; RenderError(.noData) while there is nothing to draw yet.
    typealias Draw = (RowSet) throws -> String

    /// Time between redraws on a terminal.
    static let interval: TimeInterval = 0.25
    static let maximumRows = 200_000

    /// Pulls every row of `rows` (a live stream) and shows it as described above.
    static func show(_ rows: any RowStream, context: ExecutionContext, key: (([Value]) -> [Value])?,
                     draw: @escaping Draw) throws {
        let picture = LivePicture(schema: rows.schema, context: context, key: key, draw: draw)
        if context.terminal.isTerminal {
            picture.startTicker()
            defer { picture.stop() }
            while let row = try rows.next() { try picture.add(row) }
            try picture.finish()
        } else {
            let options = TableOptions(width: context.terminal.width, color: context.terminal.color,
                                       timeZone: context.timeZone, footer: false)
            let table = TableStreamRenderer(schema: rows.schema, options: options)
            try context.output.write(table.header())
            try context.output.flush()
            while let row = try rows.next() {
                try context.output.write(table.row(row))
                try context.output.flush()
                picture.store(row)
            }
            try context.output.write("\n" + picture.render())
            try context.output.flush()
        }
    }

    private let schema: Schema
    private let context: ExecutionContext
    private let key: (([Value]) -> [Value])?
    private let draw: Draw
    private let condition = NSCondition()
    private var rows: [[Value]] = []
    private var positions: [[Value]: Int] = [:]
    private var dirty = false
    private var lastDraw: Date?
    private var linesShown = 0
    private var stopped = false
    private var failure: (any Error)?
    /// How many pictures were drawn (tests check the redraws are bounded).
    private(set) var draws = 0

    init(schema: Schema, context: ExecutionContext, key: (([Value]) -> [Value])?, draw: @escaping Draw) {
        self.schema = schema
        self.context = context
        self.key = key
        self.draw = draw
    }

    /// Keeps `row` (replacing one with the same key).
    func store(_ row: [Value]) {
        guard let key else {
            rows.append(row)
            trim()
            return
        }
        let k = key(row)
        if let i = positions[k] {
            rows[i] = row
        } else {
            positions[k] = rows.count
            rows.append(row)
            trim()
        }
    }

    private func trim() {
        guard rows.count > Self.maximumRows else { return }
        rows.removeFirst(rows.count - Self.maximumRows * 3 / 4)
        guard let key else { return }
        positions = [:]
        for (i, row) in rows.enumerated() { positions[key(row)] = i }
    }

    /// The picture of the rows kept; the renderer's "nothing to draw" as a line.
    func render() throws -> String {
        guard !rows.isEmpty else { return "(nothing to draw: no rows)\n" }
        do {
            return try draw(RowSet(schema: schema, rows: rows))
        } catch let error as RenderError where error.code == .noData {
            return "(\(error.message))\n"
        }
    }

    // MARK: Redrawing on a terminal

    /// Keeps a row and redraws when the last redraw is `interval` old.
    func add(_ row: [Value]) throws {
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        store(row)
        dirty = true
        try redrawIfDue()
    }

    /// Draws what is left and stops the ticker.
    func finish() throws {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        condition.broadcast()
        if let failure { throw failure }
        if dirty || draws == 0 { try redraw() }
    }

    /// Stops the ticker (also after an error or Ctrl-C); the last picture stays on screen.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    /// A thread that redraws rows that came in since the last redraw once it is due.
    func startTicker() {
        let thread = Thread { [self] in
            condition.lock()
            defer { condition.unlock() }
            while !stopped {
                _ = condition.wait(until: Date().addingTimeInterval(Self.interval))
                guard !stopped, failure == nil, dirty else { continue }
                do { try redrawIfDue() } catch { failure = error }
            }
        }
        thread.name = "energiflow live picture"
        thread.start()
    }

    /// Call with the lock held.
    private func redrawIfDue() throws {
        let now = context.now()
        if let lastDraw, now.timeIntervalSince(lastDraw) < Self.interval { return }
        try redraw()
    }

    /// Call with the lock held.
    private func redraw() throws {
        let text = try render()
        let frame = (draws == 0 ? "" : ANSI.clearUp(lines: linesShown)) + text
        try context.output.write(frame)
        try context.output.flush()
        linesShown = text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
        lastDraw = context.now()
        dirty = false
        draws += 1
    }
}
