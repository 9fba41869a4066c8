import Postgres

/// What the role a query connection logs in as may do beyond reading the
/// store, for `energiflow doctor`. Queries run in read-only transactions,
/// but a superuser's read-only transaction still reads the server's files
/// and runs its functions with side effects, so the role is what matters.
struct QueryRoleCheck {
    /// The role's name.
    var user: String
    var isSuperuser: Bool
    /// CREATEROLE, CREATEDB, REPLICATION or BYPASSRLS.
    var administrativeAttributes: [String]
    /// Member of pg_read_server_files, pg_write_server_files or pg_execute_server_program.
    var serverFileRoles: [String]
    /// Tables of the public schema it may INSERT, UPDATE, DELETE or TRUNCATE.
    var writableTables: [String]
    /// May create objects in the public schema.
    var canCreate: Bool

    /// Asks the server about the connection's current user.
    static func inspect(_ connection: PostgresConnection) throws -> QueryRoleCheck {
        let result = try connection.query("""
            SELECT current_user::text, r.rolsuper,
                   concat_ws(',', CASE WHEN r.rolcreaterole THEN 'CREATEROLE' END, CASE WHEN r.rolcreatedb THEN 'CREATEDB' END,
                                  CASE WHEN r.rolreplication THEN 'REPLICATION' END, CASE WHEN r.rolbypassrls THEN 'BYPASSRLS' END),
                   concat_ws(',', CASE WHEN pg_has_role(current_user, 'pg_read_server_files', 'MEMBER') THEN 'pg_read_server_files' END,
                                  CASE WHEN pg_has_role(current_user, 'pg_write_server_files', 'MEMBER') THEN 'pg_write_server_files' END,
                                  CASE WHEN pg_has_role(current_user, 'pg_execute_server_program', 'MEMBER') THEN 'pg_execute_server_program' END),
                   coalesce((SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_class c
                             WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
                               AND has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')), ''),
                   has_schema_privilege('public', 'CREATE')
            FROM pg_roles r WHERE r.rolname = current_user
            """)
        guard let row = result.rows.first else { throw PostgresError(.decoding, "the server did not describe the current role") }
        func list(_ index: Int) -> [String] {
            (row[index].string ?? "").split(separator: ",").map(String.init)
        }
        return QueryRoleCheck(user: row[0].string ?? "?", isSuperuser: row[1].bool ?? false,
                              administrativeAttributes: list(2), serverFileRoles: list(3), writableTables: list(4),
                              canCreate: row[5].bool ?? false)
    }

    /// One sentence per thing the role should not be able to do; empty for a read-only role.
    var warnings: [String] {
        let advice = "give queries a read-only role with \(DatabaseConnector.queryURLVariable) (README: Security)"
        if isSuperuser {
            return ["queries log in as '\(user)', a superuser: `sql` could read the server's files, run programs as its user "
                    + "and change its settings, even in a read-only transaction; \(advice)"]
        }
        var lines: [String] = []
        if !serverFileRoles.isEmpty {
            lines.append("queries log in as '\(user)', a member of \(serverFileRoles.joined(separator: ", ")): `sql` could reach the server's files or programs; \(advice)")
        }
        if !administrativeAttributes.isEmpty {
            lines.append("queries log in as '\(user)', which has \(administrativeAttributes.joined(separator: ", ")); \(advice)")
        }
        if !writableTables.isEmpty {
            let shown = writableTables.prefix(4).joined(separator: ", ") + (writableTables.count > 4 ? ", …" : "")
            lines.append("queries log in as '\(user)', which can write \(shown); queries run read-only, but \(advice)")
        } else if canCreate {
            lines.append("queries log in as '\(user)', which can create tables in schema public; \(advice)")
        }
        return lines
    }
}
