import Tabular

/// Ends the pipeline's rows with the cancelled error once Ctrl-C was pressed.
final class CancellableRowStream: RowStream {
    let input: any RowStream
    let token: CancellationToken

    init(_ input: any RowStream, token: CancellationToken) {
        self.input = input
        self.token = token
    }

    var schema: Schema { input.schema }
    var isLive: Bool { input.isLive }

    func next() throws -> [Value]? {
        try token.check()
        return try input.next()
    }

    func close() { input.close() }
}
