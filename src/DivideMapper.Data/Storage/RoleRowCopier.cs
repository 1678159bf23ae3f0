using DivideMapper.Core.Domain;
using NetTopologySuite.Geometries;
using Npgsql;
using DivideMapper.Formats.Import;
using DivideMapper.Formats.Roles;

namespace DivideMapper.Data.Storage;

/// <summary>
/// Bulk-loads role rows with binary COPY (the fastest way into PostgreSQL; EF's batched INSERTs are several times
/// slower at 200k rows), written by <see cref="BinaryCopyWriter"/>. Tables, columns and row writers come from the
/// role's declaration (<see cref="RoleCatalog"/>), never from input.
/// </summary>
internal static class RoleRowCopier
{
    /// <summary>Copies the rows into <paramref name="target"/>, a dataset's load table (<see cref="DatasetPartitions"/>).</summary>
    public static async Task CopyAsync(NpgsqlConnection connection, string target, RoleRows rows, long datasetId, long projectId, CancellationToken ct,
        ImportProgress? progress = null)
    {
        var role = RoleCatalog.Of(rows.Role);
        var list = role.SpatiallyOrdered ? SpatialOrder(rows.Rows, role.GeometryOf) : rows.Rows;
        var writer = await BinaryCopyWriter.BeginAsync(connection, target, ct);
        try
        {
            for (var i = 0; i < list.Count; i++)
            {
                WriteRow(writer, role, list[i], Source(rows, role.IdOf(list[i])), datasetId, projectId);
                await writer.FlushIfFullAsync(ct);
                if ((i & 1023) == 1023) progress?.Stored(i + 1);
            }
        }
        catch
        {
            await writer.CancelAsync();
            throw;
        }
        await writer.CompleteAsync(ct);
    }

    /// <summary>Writes one role row (a Core record): dataset and project ids, then the role's declared columns.</summary>
    public static void WriteRow(BinaryCopyWriter w, RoleDeclaration role, object row, ImportedRow? source, long datasetId, long projectId)
    {
        w.StartRow((short)(2 + role.Columns.Count));
        w.Write(datasetId);
        w.Write(projectId);
        role.Write(w, row, source);
    }

    /// <summary>
    /// Rows in Z-order (Morton code of the envelope centre), so rows near each other share heap pages and a map tile or
    /// a settlement reads few of them (the GiST index itself is built sorted when the partition is attached).
    /// Settlements keep file order (their ids follow the file); they are few.
    /// </summary>
    internal static IReadOnlyList<T> SpatialOrder<T>(IReadOnlyList<T> rows, Func<T, Geometry> geometry)
    {
        if (rows.Count < 1024) return rows;
        var keys = new ulong[rows.Count];
        var sorted = new T[rows.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            sorted[i] = rows[i];
            var g = geometry(rows[i]);
            keys[i] = g is Point { IsEmpty: false } p ? MortonKey(p.X, p.Y) : MortonKey(g.EnvelopeInternal.Centre.X, g.EnvelopeInternal.Centre.Y);
        }
        Array.Sort(keys, sorted); // unstable, which is fine: equal keys are the same spot
        return sorted;
    }

    private static ulong MortonKey(double lon, double lat)
    {
        // Longitude and latitude scaled to 32 bits each, bits interleaved.
        var x = (ulong)Math.Clamp((lon + 180) / 360 * uint.MaxValue, 0, uint.MaxValue);
        var y = (ulong)Math.Clamp((lat + 90) / 180 * uint.MaxValue, 0, uint.MaxValue);
        return Spread(x) | (Spread(y) << 1);
    }

    private static ulong Spread(ulong v)
    {
        v &= 0xFFFFFFFF;
        v = (v | (v << 16)) & 0x0000FFFF0000FFFF;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FF;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0F;
        v = (v | (v << 2)) & 0x3333333333333333;
        v = (v | (v << 1)) & 0x5555555555555555;
        return v;
    }

    /// <summary>Settlement and coverage columns are MultiPolygon: a Polygon is wrapped, never rejected here.</summary>
    internal static MultiPolygon AsMultiPolygon(Geometry geometry) => RoleStorage.AsMultiPolygon(geometry);

    /// <summary>
    /// The source of a row: readers number rows from 1 in the record's Id, matching the order of
    /// <see cref="RoleRows.Sources"/>; rows built elsewhere have no sources.
    /// </summary>
    private static ImportedRow? Source(RoleRows rows, long rowId) =>
        rows.Sources is { } sources && rowId >= 1 && rowId <= sources.Count ? sources[(int)rowId - 1] : null;
}
