using Npgsql;

namespace DivideMapper.Data.Embedded;

/// <summary>
/// Least privilege (DESIGN §8): the app connects as a login role that owns its database and nothing else — no
/// superuser, no CREATEDB, no CREATEROLE. A superuser connection prepares it once: the role, the database's
/// ownership, PostGIS (which only a superuser may install), and — for databases made before this existed — the
/// ownership of tables and sequences the superuser created.
/// </summary>
public static class DatabaseOwner
{
    /// <summary>
    /// Makes <paramref name="role"/> (created if missing, with <paramref name="password"/>) the owner of
    /// <paramref name="database"/> and of everything the app keeps in its <c>public</c> schema, with PostGIS
    /// installed. <paramref name="superuser"/> is a connection string of a superuser to any database of the server.
    /// Idempotent and safe to race: a concurrent creation of the role is not an error.
    /// </summary>
    public static async Task EnsureAsync(string superuser, string database, string role, string? password, CancellationToken ct = default)
    {
        // Names here are our own constants or generated test names (letters, digits, _); still quoted, never taken from a request.
        var r = Quote(role);
        var server = new NpgsqlConnectionStringBuilder(superuser) { Pooling = false };
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync(ct);
            if (await ScalarAsync(connection, "SELECT 1 FROM pg_roles WHERE rolname = @p", role, ct) is null)
            {
                try
                {
                    await ExecuteAsync(connection, $"CREATE ROLE {r} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION", ct);
                }
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateObject or PostgresErrorCodes.UniqueViolation)
                {
                    // Created by another process between the check and the create.
                }
            }
            if (password is not null)
                await ExecuteAsync(connection, $"ALTER ROLE {r} PASSWORD {Literal(password)}", ct);
            await ExecuteAsync(connection, $"ALTER DATABASE {Quote(database)} OWNER TO {r}", ct);
        }

        server.Database = database;
        await using var db = new NpgsqlConnection(server.ConnectionString);
        await db.OpenAsync(ct);
        await ExecuteAsync(db, "CREATE EXTENSION IF NOT EXISTS postgis", ct);
        // Tables, sequences and views a superuser created in public (databases made before the owner role, or by a
        // restore), except the extension's own (spatial_ref_sys stays PostGIS's and is only read).
        await ExecuteAsync(db, $"""
            DO $$
            DECLARE o record;
            BEGIN
              FOR o IN
                SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
                  AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = {Literal(role)})
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
                  AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                       AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
              LOOP
                EXECUTE format('ALTER %s %s OWNER TO {Quote(role)}',
                  CASE o.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, o.name);
              END LOOP;
            END $$
            """, ct);
    }

    /// <summary>True when the connection's user is a superuser (the health page and tests check it is not).</summary>
    public static async Task<bool> IsSuperuserAsync(NpgsqlConnection connection, CancellationToken ct = default)
    {
        await using var command = new NpgsqlCommand("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", connection);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    private static string Literal(string value) => "'" + value.Replace("'", "''") + "'";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, string p, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("p", p);
        return await command.ExecuteScalarAsync(ct);
    }
}
