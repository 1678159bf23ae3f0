using System.Text.Json;
using DivideMapper.Core.Domain;
using NetTopologySuite.Geometries;
using Npgsql;
using DivideMapper.Formats.Import;

namespace DivideMapper.Data.Storage;

/// <summary>
/// Bulk-loads role rows with binary COPY (the fastest way into PostgreSQL; EF's batched INSERTs are several times
/// slower at 200k rows), written by <see cref="BinaryCopyWriter"/>. Column lists here are from our own catalogue,
/// never from input.
/// </summary>
internal static class RoleRowCopier
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), DivideMapperDbContext.StorageSrid);

    private const int Srid = DivideMapperDbContext.StorageSrid;

    public static Task CopyAsync(NpgsqlConnection connection, RoleRows rows, long datasetId, long projectId, CancellationToken ct) =>
        rows.Role switch
        {
            DatasetRole.Settlements => CopyAsync(connection,
                "settlement (dataset_id, project_id, source_id, name, kind, population, households, properties, geom)",
                rows.Settlements, (w, s) =>
                {
                    w.StartRow(9);
                    w.Write(datasetId);
                    w.Write(projectId);
                    w.WriteText(Source(rows, s.Id)?.SourceId ?? SourceId(s.Properties));
                    w.WriteText(s.Name);
                    w.WriteText(s.Kind.ToSlug());
                    w.Write(s.Population);
                    w.Write(s.Households);
                    w.WriteJsonb(s.Properties is null ? null : JsonSerializer.Serialize(s.Properties));
                    w.WriteGeometry(AsMultiPolygon(s.Geometry), Srid);
                }, ct),
            DatasetRole.Coverage => CopyAsync(connection, "coverage (dataset_id, project_id, operator, tech, geom)",
                SpatialOrder(rows.Coverage, x => x.Geometry), (w, c) =>
                {
                    w.StartRow(5);
                    w.Write(datasetId);
                    w.Write(projectId);
                    w.WriteText(c.Operator);
                    w.WriteText(c.Tech.ToLabel());
                    w.WriteGeometry(AsMultiPolygon(c.Geometry), Srid);
                }, ct),
            DatasetRole.Sites => CopyAsync(connection, "site (dataset_id, project_id, operator, tech, range_m, geom)",
                SpatialOrder(rows.Sites, x => x.Geometry), (w, s) =>
                {
                    w.StartRow(6);
                    w.Write(datasetId);
                    w.Write(projectId);
                    w.WriteText(s.Operator);
                    w.WriteText(s.Tech.ToLabel());
                    w.Write(s.RangeM);
                    w.WriteGeometry(s.Geometry, Srid);
                }, ct),
            DatasetRole.Measurements => CopyAsync(connection,
                "measurement (dataset_id, project_id, period, down_kbps, up_kbps, latency_ms, tests, devices, quadkey, geom)",
                SpatialOrder(rows.Measurements, x => x.Geometry), (w, m) =>
                {
                    w.StartRow(10);
                    w.Write(datasetId);
                    w.Write(projectId);
                    w.WriteText(m.Period);
                    w.Write(m.DownKbps);
                    w.Write(m.UpKbps);
                    w.Write(m.LatencyMs);
                    w.Write(m.Tests);
                    w.Write(m.Devices);
                    w.WriteText(m.Quadkey);
                    w.WriteGeometry(m.Geometry, Srid);
                }, ct),
            DatasetRole.Facilities => CopyAsync(connection,
                "facility (dataset_id, project_id, kind, name, connected, speed_mbps, properties, geom)",
                SpatialOrder(rows.Facilities, x => x.Geometry), (w, f) =>
                {
                    w.StartRow(8);
                    w.Write(datasetId);
                    w.Write(projectId);
                    w.WriteText(f.Kind);
                    w.WriteText(f.Name);
                    w.Write(f.Connected);
                    w.Write(f.SpeedMbps);
                    var properties = Source(rows, f.Id)?.Properties;
                    w.WriteJsonb(properties is { Count: > 0 } ? JsonSerializer.Serialize(properties) : null);
                    w.WriteGeometry(f.Geometry, Srid);
                }, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(rows)),
        };

    private static async Task CopyAsync<T>(NpgsqlConnection connection, string tableAndColumns, IReadOnlyList<T> rows,
        Action<BinaryCopyWriter, T> writeRow, CancellationToken ct)
    {
        var writer = await BinaryCopyWriter.BeginAsync(connection, tableAndColumns, ct);
        try
        {
            for (var i = 0; i < rows.Count; i++)
            {
                writeRow(writer, rows[i]);
                await writer.FlushIfFullAsync(ct);
            }
        }
        catch
        {
            await writer.CancelAsync();
            throw;
        }
        await writer.CompleteAsync(ct);
    }

    /// <summary>
    /// Rows in Z-order (Morton code of the envelope centre). Inserting into a GiST index in spatial order keeps the
    /// pages being split hot in the buffer cache; with 200k random points this is several times faster than file
    /// order. Settlements keep file order (their ids follow the file); they are few.
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
    internal static MultiPolygon AsMultiPolygon(Geometry geometry) => WithSrid(geometry switch
    {
        MultiPolygon mp => mp,
        Polygon p => Wgs84.CreateMultiPolygon([p]),
        _ => throw new ArgumentException($"Expected a polygon, got {geometry.GeometryType}."),
    });

    private static T WithSrid<T>(T geometry) where T : Geometry
    {
        geometry.SRID = DivideMapperDbContext.StorageSrid;
        return geometry;
    }

    /// <summary>
    /// The source of a row: readers number rows from 1 in the record's Id, matching the order of
    /// <see cref="RoleRows.Sources"/>; rows built elsewhere have no sources.
    /// </summary>
    private static ImportedRow? Source(RoleRows rows, long rowId) =>
        rows.Sources is { } sources && rowId >= 1 && rowId <= sources.Count ? sources[(int)rowId - 1] : null;

    /// <summary>The source id readers keep in the properties (id/fid/OBJECTID…), so exports can carry it back.</summary>
    private static string? SourceId(IReadOnlyDictionary<string, object?>? properties)
    {
        if (properties is null) return null;
        foreach (var key in new[] { "id", "fid", "objectid", "source_id" })
            foreach (var (k, v) in properties)
                if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase) && v is not null) return Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }
}
