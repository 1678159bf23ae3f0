using Npgsql;

namespace DivideMapper.Data.Tests;

/// <summary>
/// The Citus-ready rule of DESIGN §4, read from the catalog of a migrated database (docs/scale.md): every table of the
/// public schema is distributed by <c>project_id</c> — it has that column, NOT NULL, and every unique index (primary
/// keys and unique constraints included) and every foreign key includes it, a foreign key to another distributed table
/// mapping project_id to project_id (co-location) — except the tables of <see cref="NotDistributed"/>, each with its
/// reason. Those must exist (the list stays current) and must not point at a distributed table, which Citus forbids
/// for reference tables. Tables that belong to an extension (PostGIS's spatial_ref_sys) are the extension's.
/// </summary>
public static class CitusSchemaRule
{
    public const string DistributionColumn = "project_id";

    /// <summary>Tables that are not distributed by project, and why (the same reasons as docs/scale.md).</summary>
    public static IReadOnlyDictionary<string, string> NotDistributed { get; } = new Dictionary<string, string>
    {
        // Its id *is* the project id; the slug must be unique across all projects, which only a table on every node
        // can enforce; every distributed table's foreign key to it is a distributed → reference key, which Citus allows.
        ["project"] = "reference",
        // Keys are global (a key is not scoped to a project) and read on every authenticated request on any node.
        ["api_key"] = "reference",
        // Append-only log of writes made through the coordinator, never joined with project data: stays on the coordinator.
        ["audit"] = "coordinator-local",
        // EF Core's migration history: migrations run on the coordinator, and Citus propagates their DDL to the workers.
        ["__EFMigrationsHistory"] = "coordinator-local",
    };

    /// <summary>Every breach of the rule, one line each naming the table and the offending constraint or index; empty when the schema is Citus-ready.</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(NpgsqlConnection connection)
    {
        var violations = new List<string>();
        var tables = await TablesAsync(connection);
        bool Distributed(string table) => !NotDistributed.ContainsKey(table);

        foreach (var missing in NotDistributed.Keys.Where(t => !tables.ContainsKey(t)))
            violations.Add($"allow-listed table {missing} does not exist: remove it from the allow-list");
        foreach (var (table, column) in tables.Where(t => Distributed(t.Key)))
            if (column is null) violations.Add($"table {table} has no {DistributionColumn} column");
            else if (!column.Value.NotNull) violations.Add($"table {table}: {DistributionColumn} is nullable");

        await using (var command = new NpgsqlCommand(UniqueIndexesSql, connection))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
            {
                var (index, table, columns) = (reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2));
                if (tables.ContainsKey(table) && Distributed(table) && !columns.Contains(DistributionColumn))
                    violations.Add($"table {table}: unique index {index} ({string.Join(", ", columns)}) lacks {DistributionColumn}");
            }

        await using (var command = new NpgsqlCommand(ForeignKeysSql, connection))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
            {
                var (name, table, target) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
                var (columns, targetColumns) = (reader.GetFieldValue<string[]>(3), reader.GetFieldValue<string[]>(4));
                if (!tables.ContainsKey(table)) continue;
                var described = $"foreign key {name} ({string.Join(", ", columns)}) → {target} ({string.Join(", ", targetColumns)})";
                if (!Distributed(table))
                {
                    if (Distributed(target)) violations.Add($"table {table} ({NotDistributed[table]}): {described} points at a distributed table");
                    continue;
                }
                int at = Array.IndexOf(columns, DistributionColumn);
                if (at < 0) violations.Add($"table {table}: {described} lacks {DistributionColumn}");
                else if (Distributed(target) && targetColumns[at] != DistributionColumn)
                    violations.Add($"table {table}: {described} does not map {DistributionColumn} to {target}.{DistributionColumn}");
            }
        return violations;
    }

    /// <summary>Ordinary tables of the public schema not owned by an extension, with their project_id column if any.</summary>
    private static async Task<Dictionary<string, (bool NotNull, string Type)?>> TablesAsync(NpgsqlConnection connection)
    {
        var tables = new Dictionary<string, (bool NotNull, string Type)?>();
        await using var command = new NpgsqlCommand("""
            SELECT c.relname, a.attnotnull, format_type(a.atttypid, a.atttypmod)
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'project_id' AND NOT a.attisdropped
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            tables[reader.GetString(0)] = reader.IsDBNull(1) ? null : (reader.GetBoolean(1), reader.GetString(2));
        return tables;
    }

    // Key columns only (not INCLUDE columns): uniqueness, and Citus's check, are over those. int2vector is 0-based.
    private const string UniqueIndexesSql = """
        SELECT ic.relname, tc.relname,
               array(SELECT coalesce(a.attname, '(expression)') FROM unnest((i.indkey::int2[])[0:i.indnkeyatts - 1]) WITH ORDINALITY k(attnum, ord)
                     LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord)
        FROM pg_index i
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_class tc ON tc.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = tc.relnamespace
        WHERE n.nspname = 'public' AND (i.indisunique OR i.indisexclusion)
        """;

    private const string ForeignKeysSql = """
        SELECT con.conname, tc.relname, fc.relname,
               array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
               array(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)
        FROM pg_constraint con
        JOIN pg_class tc ON tc.oid = con.conrelid
        JOIN pg_class fc ON fc.oid = con.confrelid
        JOIN pg_namespace n ON n.oid = tc.relnamespace
        WHERE n.nspname = 'public' AND con.contype = 'f'
        """;
}
