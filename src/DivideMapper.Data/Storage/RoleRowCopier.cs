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

    /// <summary>The COPY target of a role: table and columns, in the order <see cref="WriteRow"/> writes them.</summary>
    public static string TableAndColumns(DatasetRole role) => role switch
    {
        DatasetRole.Settlements => "settlement (dataset_id, project_id, source_id, name, kind, population, households, properties, geom)",
        DatasetRole.Coverage => "coverage (dataset_id, project_id, operator, tech, geom)",
        DatasetRole.Sites => "site (dataset_id, project_id, operator, tech, range_m, geom)",
        DatasetRole.Measurements => "measurement (dataset_id, project_id, period, down_kbps, up_kbps, latency_ms, tests, devices, quadkey, geom, network)",
        DatasetRole.Facilities => "facility (dataset_id, project_id, kind, name, connected, speed_mbps, properties, geom)",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>Settlements keep file order (their ids follow the file; they are few); the other roles go in Z-order.</summary>
    public static bool SpatiallyOrdered(DatasetRole role) => role != DatasetRole.Settlements;

    public static async Task CopyAsync(NpgsqlConnection connection, RoleRows rows, long datasetId, long projectId, CancellationToken ct)
    {
        IReadOnlyList<object> list = rows.Role switch
        {
            DatasetRole.Settlements => rows.Settlements,
            DatasetRole.Coverage => rows.Coverage,
            DatasetRole.Sites => rows.Sites,
            DatasetRole.Measurements => rows.Measurements,
            DatasetRole.Facilities => rows.Facilities,
            _ => throw new ArgumentOutOfRangeException(nameof(rows)),
        };
        if (SpatiallyOrdered(rows.Role)) list = SpatialOrder(list, GeometryOf);
        var writer = await BinaryCopyWriter.BeginAsync(connection, TableAndColumns(rows.Role), ct);
        try
        {
            for (var i = 0; i < list.Count; i++)
            {
                WriteRow(writer, list[i], Source(rows, RowId(list[i])), datasetId, projectId);
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

    /// <summary>Writes one role row (a Core record) with the columns of <see cref="TableAndColumns"/>.</summary>
    public static void WriteRow(BinaryCopyWriter w, object row, ImportedRow? source, long datasetId, long projectId)
    {
        switch (row)
        {
            case Settlement s:
                w.StartRow(9);
                w.Write(datasetId);
                w.Write(projectId);
                w.WriteText(source?.SourceId ?? SourceId(s.Properties));
                w.WriteText(s.Name);
                w.WriteText(s.Kind.ToSlug());
                w.Write(s.Population);
                w.Write(s.Households);
                w.WriteJsonb(s.Properties is null ? null : JsonSerializer.Serialize(s.Properties));
                w.WriteGeometry(AsMultiPolygon(s.Geometry), Srid);
                break;
            case CoverageArea c:
                w.StartRow(5);
                w.Write(datasetId);
                w.Write(projectId);
                w.WriteText(c.Operator);
                w.WriteText(c.Tech.ToLabel());
                w.WriteGeometry(AsMultiPolygon(c.Geometry), Srid);
                break;
            case CellSite s:
                w.StartRow(6);
                w.Write(datasetId);
                w.Write(projectId);
                w.WriteText(s.Operator);
                w.WriteText(s.Tech.ToLabel());
                w.Write(s.RangeM);
                w.WriteGeometry(s.Geometry, Srid);
                break;
            case Measurement m:
                w.StartRow(11);
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
                w.WriteText(m.Network.ToSlug());
                break;
            case Facility f:
                w.StartRow(8);
                w.Write(datasetId);
                w.Write(projectId);
                w.WriteText(f.Kind);
                w.WriteText(f.Name);
                w.Write(f.Connected);
                w.Write(f.SpeedMbps);
                var properties = source?.Properties;
                w.WriteJsonb(properties is { Count: > 0 } ? JsonSerializer.Serialize(properties) : null);
                w.WriteGeometry(f.Geometry, Srid);
                break;
            default:
                throw new ArgumentException($"Not a role row: {row.GetType().Name}.", nameof(row));
        }
    }

    internal static Geometry GeometryOf(object row) => row switch
    {
        Settlement s => s.Geometry,
        CoverageArea c => c.Geometry,
        CellSite s => s.Geometry,
        Measurement m => m.Geometry,
        Facility f => f.Geometry,
        _ => throw new ArgumentException($"Not a role row: {row.GetType().Name}.", nameof(row)),
    };

    private static long RowId(object row) => row switch
    {
        Settlement s => s.Id,
        CoverageArea c => c.Id,
        CellSite s => s.Id,
        Measurement m => m.Id,
        Facility f => f.Id,
        _ => 0,
    };

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
