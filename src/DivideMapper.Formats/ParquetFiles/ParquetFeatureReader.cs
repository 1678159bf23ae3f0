using DivideMapper.Core.Geo;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Csv;
using DivideMapper.Formats.Import;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Parquet;
using Parquet.Schema;

namespace DivideMapper.Formats.ParquetFiles;

/// <summary>
/// Reads Parquet with Parquet.Net, one row group at a time (memory: one row group, whatever the file's size):
/// GeoParquet 1.0/1.1 (the <c>geo</c> metadata names a WKB geometry column and its CRS, default OGC:CRS84) for any
/// role, and plain Parquet with a WKT column (Ookla's open data: <c>quadkey</c>, <c>tile</c> as WKT, avg_d_kbps …),
/// lon/lat columns, or only a quadkey. Rows then go through the same field mapping and validation as CSV rows.
/// With a project area, an Ookla row whose quadkey tile misses it is counted and dropped before its WKT is parsed,
/// so a world-wide file costs little more than reading it.
/// </summary>
internal static class ParquetFeatureReader
{
    public static async Task<SourceLayer> ReadAsync(string path, ReadContext context)
    {
        var layer = new SourceLayer { Format = "parquet" };
        var problems = context.Problems;
        problems.Noun = "row";
        if (!HasParquetSignature(path))
        {
            problems.File(ErrorCodes.UnreadableFile, "this is not a Parquet file: it does not start and end with the Parquet signature PAR1 (renamed, or cut short?).");
            return layer;
        }
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, cancellationToken: context.CancellationToken);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or NotSupportedException or ArgumentException
                                      or IndexOutOfRangeException or OverflowException or FormatException)
        {
            problems.File(ErrorCodes.UnreadableFile, $"the Parquet file cannot be read; it may be damaged ({e.Message.TrimEnd('.')}).");
            return layer;
        }
        await using (reader)
        {
            var plan = ParquetPlan.Make(reader, context, layer);
            if (plan is null) return layer;
            var emit = layer.DeclaredCrs is null ? context.BeginRows?.Invoke(plan.Schema.Names, Crs.SourceCrs.Wgs84) : null;
            var clip = Roles.RoleCatalog.Of(context.Options.Role).ClipToProjectArea ? context.Options.ClipBox : null;
            var wkt = new WKTReader(NetTopologySuite.NtsGeometryServices.Instance) { IsStrict = true };
            var wktFixing = new WKTReader(NetTopologySuite.NtsGeometryServices.Instance) { IsStrict = false, FixStructure = true };
            var wkb = new WKBReader(NetTopologySuite.NtsGeometryServices.Instance);
            int row = 0, keptRows = 0;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                // Row groups are the reader's steps; a group is decoded at once, so the figure moves group by group.
                context.Progress.Read(row, g, reader.RowGroupCount);
                using var group = reader.OpenRowGroupReader(g);
                var rows = checked((int)group.RowCount);
                RowGroup? data;
                try
                {
                    data = await RowGroup.ReadAsync(group, plan, rows, clip, context.CancellationToken);
                }
                catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or NotSupportedException
                                              or ArgumentException or IndexOutOfRangeException or OverflowException or FormatException)
                {
                    problems.File(ErrorCodes.UnreadableFile,
                        $"row group {g + 1} of {reader.RowGroupCount} (rows {row + 1:N0}…) cannot be read; the file may be damaged ({e.Message.TrimEnd('.')}).");
                    return layer;
                }
                layer.OutsideProjectArea += rows - (data?.Kept ?? 0);
                if (data is null)
                {
                    row += rows; // wholly outside the project area: no column of it was decoded
                    continue;
                }
                for (var i = 0; i < rows; i++)
                {
                    row++;
                    // World-wide Ookla files: a tile outside the project area is not even parsed (nor counted against the cap).
                    if (data.Keep is { } keep && !keep[i]) continue;
                    if (context.OverFeatureCap(++keptRows)) return layer;
                    var values = new object?[plan.Schema.Names.Count];
                    for (var j = 0; j < plan.SchemaColumns.Length; j++) values[plan.Schema.Slots[j]] = data.Attributes[plan.SchemaColumns[j]][i];
                    var feature = new SourceFeature(row, null, new FeatureAttributes(plan.Schema, values));
                    feature.Geometry = plan.Geometry switch
                    {
                        GeometrySource.Wkt when data.Wkt![i] is { Length: > 0 } text => CsvFeatureReader.Wkt(text, wkt, wktFixing, row, context, feature, plan.GeometryColumn!),
                        GeometrySource.Wkb when data.Wkb![i] is { Length: > 0 } bytes => Wkb(bytes, wkb, row, context, feature, plan.GeometryColumn!),
                        GeometrySource.LonLat => Point(data.Lon![i], data.Lat![i], row, context, feature, plan),
                        _ => null,
                    };
                    layer.Add(feature, handedOver: emit is not null);
                    emit?.Invoke(feature);
                }
            }
        }
        return layer;
    }

    /// <summary>PAR1 at both ends: a renamed file or a cut-short download is named as such before Parquet.Net tries it.</summary>
    private static bool HasParquetSignature(string path)
    {
        using var file = File.OpenRead(path);
        if (file.Length < 12) return false;
        Span<byte> head = stackalloc byte[4];
        Span<byte> tail = stackalloc byte[4];
        file.ReadExactly(head);
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(tail);
        return head.SequenceEqual("PAR1"u8) && tail.SequenceEqual("PAR1"u8);
    }

    private static Geometry? Wkb(byte[] bytes, WKBReader reader, int row, ReadContext context, SourceFeature feature, string column)
    {
        try
        {
            return reader.Read(bytes);
        }
        catch (Exception e) when (e is ParseException or ArgumentException or EndOfStreamException or IOException or InvalidOperationException
                                      or IndexOutOfRangeException or OverflowException or FormatException)
        {
            feature.GeometryFailed = true;
            context.Problems.Feature(row, feature.Id, ErrorCodes.InvalidGeometry,
                $"the {column} value cannot be used: it is not valid WKB ({e.Message.TrimEnd('.')}).", column);
            return null;
        }
    }

    private static Point? Point(double? lon, double? lat, int row, ReadContext context, SourceFeature feature, ParquetPlan plan)
    {
        if (lon is null && lat is null) return null; // empty-geometry later
        foreach (var (value, column) in new[] { (lon, plan.LonColumn!), (lat, plan.LatColumn!) })
        {
            if (value is { } v && double.IsFinite(v)) continue;
            feature.GeometryFailed = true;
            if (value is null) context.Problems.Feature(row, feature.Id, ErrorCodes.InvalidValue, $"{column} is empty.", column);
            else context.Problems.Feature(row, feature.Id, ErrorCodes.NonFiniteCoordinate, $"{column} is {value}, not a finite number.", column);
            return null;
        }
        return Factories.Source.CreatePoint(new Coordinate(lon!.Value, lat!.Value));
    }

    /// <summary>
    /// The columns of one row group, decoded. With a project area and a quadkey column (Ookla's files) only what is
    /// needed is decoded: a row group whose quadkey statistics miss the area (<see cref="QuadkeyRange"/>) not at all;
    /// otherwise the quadkeys first, and the other columns only when a row is kept, boxed only for the kept rows.
    /// (Parquet.Net decodes a column chunk whole, so a kept row group's WKT column is decoded whole; only the kept rows'
    /// WKT becomes strings and is parsed.)
    /// </summary>
    private sealed class RowGroup
    {
        public required List<object?[]> Attributes { get; init; }
        public string?[]? Wkt { get; private init; }
        public byte[]?[]? Wkb { get; private init; }
        public double?[]? Lon { get; private init; }
        public double?[]? Lat { get; private init; }

        /// <summary>Which rows touch the project area (null: all rows are read).</summary>
        public bool[]? Keep { get; private init; }

        public int Kept { get; private init; }

        /// <summary>The row group's columns, or null when none of its rows touches <paramref name="clip"/>.</summary>
        public static async Task<RowGroup?> ReadAsync(ParquetRowGroupReader group, ParquetPlan plan, int rows, ClipBox? clip, CancellationToken ct)
        {
            bool[]? keep = null;
            var kept = rows;
            string?[]? quadkeys = null;
            if (clip is not null && plan.QuadkeyIndex >= 0)
            {
                var field = plan.Attributes[plan.QuadkeyIndex];
                if (group.GetStatistics(field) is { } stats && !QuadkeyRange.MayTouch(stats.MinValue as string, stats.MaxValue as string, clip))
                    return null;
                // Slices, not strings: only the kept rows' quadkeys become strings.
                var slices = await ParquetColumns.SlicesAsync(group, field, rows, ct);
                var texts = slices is null ? await ParquetColumns.StringsAsync(group, field, rows, ct) : null;
                keep = new bool[rows];
                kept = 0;
                for (var i = 0; i < rows; i++)
                {
                    var text = slices is not null ? slices.Span(i) : texts![i].AsSpan();
                    // A missing or malformed quadkey is kept: validation names it, or the geometry decides.
                    keep[i] = !Quadkey.TryParse(text, out var tile) || clip.Intersects(Quadkey.TileEnvelope(tile.X, tile.Y, tile.Zoom));
                    if (keep[i]) kept++;
                }
                if (kept == 0) return null;
                quadkeys = texts ?? new string?[rows];
                if (slices is not null)
                    for (var i = 0; i < rows; i++)
                        if (keep[i]) quadkeys[i] = slices.String(i);
            }
            var attributes = new List<object?[]>(plan.Attributes.Count);
            for (var a = 0; a < plan.Attributes.Count; a++)
                attributes.Add(a == plan.QuadkeyIndex && quadkeys is not null ? quadkeys : await ParquetColumns.ValuesAsync(group, plan.Attributes[a], rows, keep, ct));
            return new RowGroup
            {
                Attributes = attributes,
                Keep = keep,
                Kept = kept,
                Wkt = plan.Geometry == GeometrySource.Wkt ? await ParquetColumns.StringsAsync(group, plan.GeometryField!, rows, keep, ct) : null,
                Wkb = plan.Geometry == GeometrySource.Wkb ? await ParquetColumns.BytesAsync(group, plan.GeometryField!, rows, ct) : null,
                Lon = plan.Geometry == GeometrySource.LonLat ? Numbers(attributes[plan.LonIndex]) : null,
                Lat = plan.Geometry == GeometrySource.LonLat ? Numbers(attributes[plan.LatIndex]) : null,
            };
        }

        private static double?[] Numbers(object?[] values) => values.Select(v => v switch
        {
            null => (double?)null,
            long l => l,
            double d => d,
            string s => CsvFeatureReader.Number(s, ",") ?? double.NaN,
            _ => double.NaN,
        }).ToArray();
    }
}
