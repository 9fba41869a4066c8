import Tabular

/// What a live stream has for its reader within a given patience.
enum LiveRead {
    case row([Value])
    /// Nothing new arrived for the whole patience (the stream is still open).
    case quiet
    case end
}

/// A live stream that can also say "nothing new for now" instead of
/// blocking until its next row: `window` uses it to show an open window
/// when the stream pauses (the tail implements it).
protocol QuietReporting: RowStream {
    /// The next row; `.quiet` when none came within `patience` seconds.
    func next(patience: Double) throws -> LiveRead
}

extension RowStream {
    /// This stream as one that reports pauses, looking through the executor's
    /// Ctrl-C wrapper (the tail checks the cancellation token itself).
    var quietReporting: (any QuietReporting)? {
        if let quiet = self as? any QuietReporting { return quiet }
        if let wrapper = self as? CancellableRowStream { return wrapper.input.quietReporting }
        return nil
    }
}
