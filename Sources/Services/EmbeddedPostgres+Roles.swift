import Postgres

extension EmbeddedPostgres {
    /// How to connect to `database` as `role` (the server must run to connect).
    public func configuration(role: DatabaseRole, database: String = Self.databaseName) throws -> PostgresConfiguration {
        try PostgresConfiguration(url: url(role: role, database: database), origin: "the embedded cluster")
    }

    /// Makes `database` ready for the store, as the superuser: the owner and
    /// query roles, the database owned by the owner role, and its grants
    /// (`StorePrivileges`). A database made by an older EnergiFlow, whose
    /// tables belong to the superuser, is handed over to the owner role with
    /// its data. Costs one query when already done. The server must run.
    /// `again`: even when it looks done (a table appeared that the query role
    /// cannot read, e.g. made by an older EnergiFlow as the superuser).
    public func prepare(database: String = Self.databaseName, again: Bool = false) throws {
        let maintenance = try PostgresConnection(configuration(role: .admin, database: "postgres"))
        if !again, try StorePrivileges.isPrepared(database: database, maintenance: maintenance) { return }
        try StorePrivileges.prepareRoles(maintenance: maintenance)
        try StorePrivileges.createDatabase(database, maintenance: maintenance)
        let store = try PostgresConnection(configuration(role: .admin, database: database))
        try StorePrivileges.prepareDatabase(database, connection: store)
    }

    /// Drops `database` (disconnecting its sessions) and makes it anew,
    /// prepared and empty. For the demo's own database; never the store's.
    public func recreate(database: String) throws {
        precondition(database != Self.databaseName, "the store's database is never dropped")
        let maintenance = try PostgresConnection(configuration(role: .admin, database: "postgres"))
        try maintenance.executeScript("DROP DATABASE IF EXISTS \(StorePrivileges.quoted(database)) WITH (FORCE)")
        try prepare(database: database)
    }
}
