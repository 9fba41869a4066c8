/// Who a connection to the store logs in as. EnergiFlow keeps writing and
/// reading apart so that a query — typed, saved, in a rules file or run by a
/// plugin — can only read the store:
///
/// - `query`: the REPL, scripts, `sql`, saved queries and plugins. In the
///   embedded cluster the role `energiflow_query`: SELECT on the store's
///   tables, read-only transactions, none of the large-object, settings,
///   signalling, advisory-lock or replication functions. With a server of
///   your own: `ENERGIFLOW_QUERY_URL` when set, else `DATABASE_URL` (and
///   `energiflow doctor` warns when that role can write or is a superuser).
/// - `owner`: ingest, consume and schema migrations. In the embedded cluster
///   `energiflow_owner`, which owns the store's database and tables and is not
///   a superuser either. With a server of your own: `DATABASE_URL` / PG*.
/// - `admin`: the embedded cluster's bootstrap superuser `energiflow`, used
///   only to set the cluster up (roles, databases, grants).
public enum DatabaseRole: String, Sendable, CaseIterable {
    case query, owner, admin

    /// The embedded cluster's role name for this role.
    public var embeddedName: String {
        switch self {
        case .query: return "energiflow_query"
        case .owner: return "energiflow_owner"
        case .admin: return "energiflow"
        }
    }
}
