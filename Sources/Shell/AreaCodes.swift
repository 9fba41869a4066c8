import Foundation
import Postgres
import Stages
import Store

/// The price areas completion offers: the usual ones, plus the areas in the
/// store once the session has connected (completion never connects by itself).
final class AreaCodes: @unchecked Sendable {
    private let database: (any DatabaseProvider)?
    private let lock = NSLock()
    private var fromStore: [String]?

    init(database: (any DatabaseProvider)?) {
        self.database = database
    }

    func list() -> [String] {
        var areas = Completer.defaultAreas
        for area in stored() where !areas.contains(area) { areas.append(area) }
        return areas
    }

    private func stored() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        if let fromStore { return fromStore }
        guard let lazy = database as? LazyDatabase, lazy.isOpen, let connection = try? lazy.connection(),
              let result = try? connection.query(DailySQL.areasSQL) else { return [] }
        let areas = result.rows.compactMap { $0[0].string }
        fromStore = areas
        return areas
    }
}
