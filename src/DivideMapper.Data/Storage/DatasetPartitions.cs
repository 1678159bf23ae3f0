using DivideMapper.Formats.Roles;
using Npgsql;

namespace DivideMapper.Data.Storage;

/// <summary>
/// The role tables are partitioned by dataset (migration RoleTablesPartitionedByDataset), so an import loads like
/// ogr2ogr into a new table: its rows are copied into a table of their own with no index and no foreign key, and the
/// table is attached as the dataset's partition at the end, in the import's transaction. The attach builds the
/// indexes in one sorted pass and checks the foreign key to dataset with one join, where copying into the parent
/// paid a GiST insert, B-tree inserts and a foreign-key probe per row (200k points: 6.9 s against 2.3 s on the same
/// server). Names and SQL come from the role catalogue and the dataset id, never from input.
/// </summary>
internal static class DatasetPartitions
{
    /// <summary>The partition of one dataset: <c>{table}_ds_{id}</c>.</summary>
    public static string Name(RoleDeclaration role, long datasetId) => $"{role.Table}_ds_{datasetId}";

    /// <summary>
    /// A dataset id for rows that are copied before their dataset row exists (it is inserted at the end, see
    /// <see cref="LockForAttachAsync"/>). Taken from dataset's own identity, so it never collides with another.
    /// </summary>
    public static async Task<long> ReserveDatasetIdAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT nextval(pg_get_serial_sequence('dataset', 'id'))", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Creates the empty load table of a dataset: the role table's columns, defaults and checks, no index, no key;
    /// its ids come from the role table's identity, so they stay unique across partitions. Returns the COPY target
    /// (table and columns) for <see cref="BinaryCopyWriter.BeginAsync"/>.
    /// </summary>
    public static async Task<string> CreateLoadTableAsync(NpgsqlConnection connection, RoleDeclaration role, long datasetId,
        CancellationToken ct)
    {
        var name = Name(role, datasetId);
        await using var command = new NpgsqlCommand($"""
            CREATE TABLE {name} (LIKE {role.Table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
            DO $$ BEGIN
                EXECUTE format('ALTER TABLE {name} ALTER COLUMN id SET DEFAULT nextval(%L)', pg_get_serial_sequence('{role.Table}', 'id'));
            END $$;
            """, connection);
        await command.ExecuteNonQueryAsync(ct);
        return role.CopyTarget(name);
    }

    /// <summary>
    /// Call before inserting the dataset row that <see cref="AttachAsync"/> will check. The attach adds the partition's
    /// foreign key to dataset, which takes a SHARE ROW EXCLUSIVE lock on dataset; two imports finishing together would
    /// each hold ROW EXCLUSIVE from their dataset insert while waiting for the other's, a deadlock. Taking that lock first
    /// makes finishing imports wait in turn (only for the attach; the reading and copying still overlap).
    /// </summary>
    public static async Task LockForAttachAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("LOCK TABLE dataset IN SHARE ROW EXCLUSIVE MODE", connection);
        command.CommandTimeout = 0; // waits for another import's attach, which grows with its file
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Attaches the loaded table as the dataset's partition: PostgreSQL checks the partition bound and the foreign key
    /// and builds the partition's primary key and indexes. No command timeout: for millions of rows this takes a while,
    /// as the end of a COPY did (cancellation still ends it). A partition of at most <see cref="AnalyzedAtAttach"/> rows
    /// is analysed at once: until it has column statistics the planner guesses, and the layers that join settlements
    /// (results tiles, OGC items) are planned on them right after an import. Larger ones, point files, are left to
    /// autovacuum (within a minute): analysing 200k rows costs 0.15–0.36 s, a tenth of the import.
    /// </summary>
    public static async Task AttachAsync(NpgsqlConnection connection, RoleDeclaration role, long datasetId, int rowCount, CancellationToken ct)
    {
        var name = Name(role, datasetId);
        await using var command = new NpgsqlCommand(
            $"ALTER TABLE {role.Table} ATTACH PARTITION {name} FOR VALUES IN ({datasetId});" + (rowCount <= AnalyzedAtAttach ? $"ANALYZE {name};" : ""),
            connection);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The largest partition analysed when it is attached (settlements, coverage and sites of a city).</summary>
    internal const int AnalyzedAtAttach = 50_000;
}
