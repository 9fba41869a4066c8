import ErrorReporting
import Foundation
import Postgres
import Stages
import TestSupport
import Testing

/// Ctrl-C: the token cancels a running PostgreSQL statement and stops streams.
@Suite struct CancellationTests {
    @Test func aSlowStatementIsCancelledOnTheServer() throws {
        let database = LazyDatabase(try StagesFixtureStore.shared())
        let token = CancellationToken()
        let context = ExecutionContext(database: database, output: TextOutput(), cancellation: token)
        let start = Date()
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.5)
            token.cancel()
        }
        let error = Fixture.error("sql 'select pg_sleep(30)'", context: context)
        let elapsed = Date().timeIntervalSince(start)
        #expect(error?.code == .cancelled)
        #expect(error.map { ErrorReport($0).status } == .interrupted)
        #expect(elapsed < 5, "took \(elapsed) s")
        // The connection is still good for the next statement (with a new token).
        let rows = try Executor().rows(of: "total", context: context.forRun())
        #expect(rows.count == 2)
    }

    /// A wholly pushed pipeline reads the statement as the server sends it:
    /// cancelled part way (by the output, after its first lines), it stops,
    /// and the connection is idle for the next pipeline.
    @Test func aStreamedPipelineStopsPartWay() throws {
        let database = LazyDatabase(try StagesFixtureStore.shared())
        for pipeline in ["prices | csv", "prices | extend x = price * 2 | json"] {
            let token = CancellationToken()
            let context = ExecutionContext(database: database, output: CancellingOutput(token: token), cancellation: token)
            let error = Fixture.error(pipeline, context: context)
            #expect(error?.code == .cancelled, "\(pipeline)")
            let rows = try Executor().rows(of: "total", context: context.forRun())
            #expect(rows.count == 2)
        }
    }

    @Test func aCancelledTokenStopsBeforeStarting() throws {
        let token = CancellationToken()
        token.cancel()
        let context = try Fixture.context().forRun(token)
        #expect(Fixture.error("daily", context: context)?.code == .cancelled)
    }

    @Test func anEndlessStreamStopsOnCancel() throws {
        let probe = Probe()
        let executor = try TestOnlyStages.executor(probe: probe)
        let token = CancellationToken()
        let context = ExecutionContext(output: TextOutput(), cancellation: token)
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.3)
            token.cancel()
        }
        let start = Date()
        let error = Fixture.error("numbers count=0 live=true | where n > 0", executor: executor, context: context)
        #expect(error?.code == .cancelled)
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(probe.closed)
        #expect(probe.pulled > 0)
    }

    @Test func cancellationHandlersRunOnceAndCanBeRemoved() {
        let token = CancellationToken()
        let counter = Probe()
        let kept = token.onCancel { counter.pull() }
        let removed = token.onCancel { counter.pull(); counter.pull() }
        removed.remove()
        token.cancel()
        token.cancel()
        #expect(counter.pulled == 1)
        kept.remove()
        // Registering after cancelling runs at once.
        token.onCancel { counter.pull() }
        #expect(counter.pulled == 2)
    }
}

/// An output that cancels the run at its first write.
final class CancellingOutput: OutputWriter, @unchecked Sendable {
    let token: CancellationToken
    init(token: CancellationToken) { self.token = token }
    func write(_ text: String) throws { token.cancel() }
    func flush() throws {}
}
