using System.Text.Json;
using DivideMapper.Core.Domain;
using DivideMapper.Formats.Import;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace DivideMapper.Data.Storage;

/// <summary>What an import stores besides its rows.</summary>
public sealed record DatasetToStore(
    string ProjectSlug,
    DatasetRole Role,
    string Name,
    string SourceFile,
    string Sha256,
    string? SourceCrs,
    string? Period,
    string? Licence,
    string? Attribution,
    string ReportJson,
    string? Network = null);

/// <summary>The stored dataset; <see cref="AlreadyExisted"/> when the same bytes were imported before (nothing new stored).</summary>
public sealed record StoredDataset(long Id, long ProjectId, int FeatureCount, bool AlreadyExisted)
{
    /// <summary>For an existing dataset: the fingerprint of the options it was imported with (null for imports older than it).</summary>
    public string? OptionsKey { get; init; }
}

/// <summary>
/// Stores one import all or nothing: project (created on first import), dataset row and every feature row in one
/// transaction, rows by binary COPY. A process killed mid-import leaves no trace because nothing commits until the end.
/// </summary>
public static class DatasetStore
{
    public static Task<StoredDataset> SaveAsync(NpgsqlDataSource dataSource, DatasetToStore dataset, RoleRows rows,
        CancellationToken ct = default) => SaveAsync(dataSource, dataset, rows, null, ct);

    /// <summary>As above, reporting the rows copied to <paramref name="progress"/>.</summary>
    public static async Task<StoredDataset> SaveAsync(NpgsqlDataSource dataSource, DatasetToStore dataset, RoleRows rows,
        ImportProgress? progress, CancellationToken ct = default)
    {
        if (rows.Role != dataset.Role) throw new ArgumentException($"Rows are {rows.Role} but the dataset is {dataset.Role}.", nameof(rows));
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);

        var projectId = await EnsureProjectAsync(connection, dataset.ProjectSlug, ct);
        if (await FindExistingAsync(connection, projectId, dataset, ct) is { } existing) return existing;

        var datasetId = await DatasetPartitions.ReserveDatasetIdAsync(connection, ct);
        var target = await DatasetPartitions.CreateLoadTableAsync(connection, Formats.Roles.RoleCatalog.Of(dataset.Role), datasetId, ct);
        await RoleRowCopier.CopyAsync(connection, target, rows, datasetId, projectId, ct, progress);
        return await CommitAsync(connection, tx, datasetId, projectId, dataset, rows.Count, ct);
    }

    /// <summary>
    /// Ends an import whose rows are in the dataset's load table: inserts the dataset row (with the reserved id),
    /// attaches the rows as its partition and commits. When a concurrent import of the same bytes committed first, rolls
    /// back and answers with that dataset instead (<see cref="StoredDataset.AlreadyExisted"/>).
    /// </summary>
    internal static async Task<StoredDataset> CommitAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long datasetId, long projectId,
        DatasetToStore dataset, int rowCount, CancellationToken ct)
    {
        await DatasetPartitions.LockForAttachAsync(connection, ct);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO dataset (id, project_id, role, name, source_file, sha256, source_crs, feature_count, report, period, licence, attribution, network)
            VALUES (@id, @project, @role, @name, @file, @sha, @crs, @count, @report::jsonb, @period, @licence, @attribution, @network)
            ON CONFLICT (project_id, role, sha256) DO NOTHING
            RETURNING id
            """, connection, tx))
        {
            insert.Parameters.AddWithValue("id", datasetId);
            insert.Parameters.AddWithValue("project", projectId);
            insert.Parameters.AddWithValue("role", dataset.Role.ToSlug());
            insert.Parameters.AddWithValue("name", dataset.Name);
            insert.Parameters.AddWithValue("file", dataset.SourceFile);
            insert.Parameters.AddWithValue("sha", dataset.Sha256);
            insert.Parameters.AddWithValue("crs", (object?)dataset.SourceCrs ?? DBNull.Value);
            insert.Parameters.AddWithValue("count", rowCount);
            insert.Parameters.AddWithValue("report", dataset.ReportJson);
            insert.Parameters.AddWithValue("period", (object?)dataset.Period ?? DBNull.Value);
            insert.Parameters.AddWithValue("licence", (object?)dataset.Licence ?? DBNull.Value);
            insert.Parameters.AddWithValue("attribution", (object?)dataset.Attribution ?? DBNull.Value);
            insert.Parameters.Add(new NpgsqlParameter("network", NpgsqlDbType.Text) { Value = (object?)dataset.Network ?? DBNull.Value });
            if (await insert.ExecuteScalarAsync(ct) is not long)
            {
                // A concurrent import of the same bytes committed first (the lock above waited for it): answer with that one.
                await tx.RollbackAsync(ct);
                return await FindExistingAsync(connection, projectId, dataset, ct)
                    ?? throw new InvalidOperationException("Dataset vanished during a concurrent import.");
            }
        }
        await DatasetPartitions.AttachAsync(connection, Formats.Roles.RoleCatalog.Of(dataset.Role), datasetId, rowCount, ct);
        await tx.CommitAsync(ct);
        return new StoredDataset(datasetId, projectId, rowCount, AlreadyExisted: false);
    }

    internal static async Task<long> EnsureProjectAsync(NpgsqlConnection connection, string slug, CancellationToken ct)
    {
        // Projects are created on first import (DESIGN §7); ON CONFLICT keeps two concurrent first imports safe.
        await using var upsert = new NpgsqlCommand("""
            INSERT INTO project (slug, name) VALUES (@slug, @slug) ON CONFLICT (slug) DO NOTHING;
            SELECT id FROM project WHERE slug = @slug;
            """, connection);
        upsert.Parameters.AddWithValue("slug", slug);
        // A concurrent first import into the same project holds its uncommitted row until it commits, minutes for a
        // large file: wait for it (no command timeout; cancellation still ends the wait), as for the dataset row.
        upsert.CommandTimeout = 0;
        return (long)(await upsert.ExecuteScalarAsync(ct))!;
    }

    internal static Task<StoredDataset?> FindExistingAsync(NpgsqlConnection connection, long projectId, DatasetToStore dataset,
        CancellationToken ct) => FindExistingAsync(connection, projectId, dataset.Role, dataset.Sha256, ct);

    internal static async Task<StoredDataset?> FindExistingAsync(NpgsqlConnection connection, long projectId, DatasetRole role, string sha256,
        CancellationToken ct)
    {
        await using var find = new NpgsqlCommand(
            "SELECT id, feature_count, report ->> 'optionsKey' FROM dataset WHERE project_id = @p AND role = @r AND sha256 = @s", connection);
        find.Parameters.AddWithValue("p", projectId);
        find.Parameters.AddWithValue("r", role.ToSlug());
        find.Parameters.AddWithValue("s", sha256);
        await using var reader = await find.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new StoredDataset(reader.GetInt64(0), projectId, reader.GetInt32(1), AlreadyExisted: true) { OptionsKey = reader.IsDBNull(2) ? null : reader.GetString(2) }
            : null;
    }
}
