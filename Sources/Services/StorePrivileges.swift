import Postgres

/// Sets up the embedded cluster's roles and what each may do (see
/// `DatabaseRole`). Everything here runs as the bootstrap superuser, once per
/// database and version of these grants: `isPrepared` is one query on the
/// maintenance database, so a prepared store costs nothing more.
///
/// Databases made by older versions of EnergiFlow, whose tables belong to the
/// superuser, are upgraded in place: their tables, sequences and routines are
/// handed to the owner role (nothing is copied, nothing is lost).
enum StorePrivileges {
    /// Bump when the grants below change: databases prepared by an older
    /// version are prepared again.
    static let version = 1
    /// Kept as the database's comment: which version of the grants it has.
    static var marker: String { "energiflow privileges v\(version)" }

    /// Serialises set-up between energiflow processes (any fixed number).
    static let advisoryLockKey: Int64 = 0x456E_6572_6770

    static var owner: String { DatabaseRole.owner.embeddedName }
    static var query: String { DatabaseRole.query.embeddedName }

    /// Functions of pg_catalog that PostgreSQL lets every role run but that
    /// reach beyond reading the store: large objects (`lo_from_bytea`,
    /// `lo_export`, …), settings (`set_config`), other sessions
    /// (`pg_cancel_backend`, `pg_terminate_backend`), advisory locks (which
    /// could stall migrations), replication slots and logical decoding.
    /// Revoked from PUBLIC; the owner role gets back what it uses.
    static let revokedFunctions = """
        p.proname LIKE 'lo\\_%' OR p.proname IN ('loread', 'lowrite', 'set_config',
            'pg_cancel_backend', 'pg_terminate_backend', 'pg_notify', 'pg_import_system_collations',
            'pg_replication_slot_advance', 'pg_drop_replication_slot', 'pg_nextoid', 'pg_stop_making_pinned_objects')
        OR p.proname LIKE 'pg\\_%replication\\_slot' OR p.proname LIKE 'pg\\_logical\\_%'
        OR p.proname LIKE 'pg\\_%advisory\\_%'
        """
    /// What the owner role needs of those: the migrator's advisory lock, and
    /// set_config for tools such as pg_dump.
    static let ownerFunctions = "p.proname LIKE 'pg\\_%advisory\\_%' OR p.proname = 'set_config'"

    /// Whether `database` exists and was prepared by this version.
    static func isPrepared(database: String, maintenance: PostgresConnection) throws -> Bool {
        let result = try maintenance.query("""
            SELECT coalesce(shobj_description(d.oid, 'pg_database'), '') = $2
                   AND d.datdba = (SELECT oid FROM pg_roles WHERE rolname = $3)
                   AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $4)
            FROM pg_database d WHERE d.datname = $1
            """, [.text(database), .text(marker), .text(owner), .text(query)])
        return result.rows.first?[0].bool ?? false
    }

    /// Creates the owner and query roles when missing and makes sure neither
    /// is a superuser or may create roles, databases or replicate.
    static func prepareRoles(maintenance: PostgresConnection) throws {
        try maintenance.transaction { tx in
            try tx.execute("SELECT pg_advisory_xact_lock($1)", [.int(advisoryLockKey)])
            try tx.executeScript("""
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(owner)') THEN CREATE ROLE \(owner) LOGIN; END IF;
                  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(query)') THEN CREATE ROLE \(query) LOGIN; END IF;
                END $$;
                ALTER ROLE \(owner) LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
                ALTER ROLE \(query) LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
                ALTER ROLE \(query) SET default_transaction_read_only = on;
                """)
        }
    }

    /// Creates `database` owned by the owner role unless it exists.
    static func createDatabase(_ database: String, maintenance: PostgresConnection) throws {
        let exists = try maintenance.query("SELECT 1 FROM pg_database WHERE datname = $1", [.text(database)])
        guard exists.count == 0 else { return }
        do {
            try maintenance.executeScript("CREATE DATABASE \(quoted(database)) OWNER \(owner)")
        } catch let error as PostgresError where error.sqlState == "42P04" {
            // Another energiflow process created it first.
        }
    }

    /// In `database` (`connection` is the superuser's, to that database): the
    /// owner role owns the database and everything in its public schema, the
    /// query role may connect, use the schema and SELECT from every table —
    /// tables the owner makes later included — and nobody else may do anything.
    static func prepareDatabase(_ database: String, connection: PostgresConnection) throws {
        let name = quoted(database)
        try connection.transaction { tx in
            try tx.execute("SELECT pg_advisory_xact_lock($1)", [.int(advisoryLockKey)])
            try tx.executeScript("""
                ALTER DATABASE \(name) OWNER TO \(owner);
                REVOKE ALL ON DATABASE \(name) FROM PUBLIC;
                GRANT CONNECT ON DATABASE \(name) TO \(query);
                GRANT CONNECT, TEMPORARY ON DATABASE \(name) TO \(owner);
                REVOKE ALL ON SCHEMA public FROM PUBLIC;
                GRANT USAGE ON SCHEMA public TO \(query);
                GRANT USAGE, CREATE ON SCHEMA public TO \(owner);
                DO $$ DECLARE r record; BEGIN
                  -- Tables made by older versions belong to the superuser: hand them over
                  -- (a table's indexes and identity sequences move with it).
                  FOR r IN SELECT c.oid::regclass AS object FROM pg_class c
                           WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                             AND c.relowner <> '\(owner)'::regrole LOOP
                    EXECUTE format('ALTER TABLE %s OWNER TO \(owner)', r.object);
                  END LOOP;
                  FOR r IN SELECT c.oid::regclass AS object FROM pg_class c
                           WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S'
                             AND c.relowner <> '\(owner)'::regrole LOOP
                    EXECUTE format('ALTER SEQUENCE %s OWNER TO \(owner)', r.object);
                  END LOOP;
                  FOR r IN SELECT p.oid::regprocedure AS object FROM pg_proc p
                           WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> '\(owner)'::regrole LOOP
                    EXECUTE format('ALTER ROUTINE %s OWNER TO \(owner)', r.object);
                  END LOOP;
                  FOR r IN SELECT p.oid::regprocedure AS object FROM pg_proc p
                           WHERE p.pronamespace = 'pg_catalog'::regnamespace AND (\(revokedFunctions)) LOOP
                    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', r.object);
                  END LOOP;
                  FOR r IN SELECT p.oid::regprocedure AS object FROM pg_proc p
                           WHERE p.pronamespace = 'pg_catalog'::regnamespace AND (\(ownerFunctions)) LOOP
                    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO \(owner)', r.object);
                  END LOOP;
                END $$;
                GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(query);
                ALTER DEFAULT PRIVILEGES FOR ROLE \(owner) IN SCHEMA public GRANT SELECT ON TABLES TO \(query);
                COMMENT ON DATABASE \(name) IS '\(marker)';
                """)
        }
    }

    /// After migrations (on the owner's connection): SELECT on every table for
    /// the query role. The default privileges already grant it for tables the
    /// owner makes; this also covers a table someone made another way.
    static func grantReading(owner connection: PostgresConnection) throws {
        try connection.executeScript("GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(query)")
    }

    /// Whether the store has a table the query role may not read (made
    /// behind the owner's back, e.g. by an older EnergiFlow as the superuser).
    /// One catalog query on the query role's own connection.
    static func hasUnreadableTables(_ connection: PostgresConnection) -> Bool {
        let result = try? connection.query("""
            SELECT EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
                           AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT has_table_privilege(c.oid, 'SELECT'))
            """)
        return result?.rows.first?[0].bool ?? false
    }

    /// A constant database name as an identifier.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
