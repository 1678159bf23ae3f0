using DivideMapper.Core.Geo;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Csv;
using DivideMapper.Formats.Import;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using ParquetSharp;

namespace DivideMapper.Formats.ParquetFiles;

/// <summary>
/// Reads Parquet with ParquetSharp (apache-parquet-cpp), row group by row group and within one in batches of
/// <see cref="RowGroupBatchReader.BatchRows"/> rows (memory: one batch and the pages being decoded, whatever the file's
/// or the row group's size): GeoParquet 1.0/1.1 (the <c>geo</c> metadata names a WKB geometry column and its CRS,
/// default OGC:CRS84) for any role, and plain Parquet with a WKT column (Ookla's open data: <c>quadkey</c>, <c>tile</c>
/// as WKT, avg_d_kbps …), lon/lat columns, or only a quadkey. Rows then go through the same field mapping and validation
/// as CSV rows. With a project area, an Ookla row group whose quadkey statistics miss it is skipped unread, and a row
/// whose quadkey tile misses it is counted and dropped before its WKT is parsed, so a world-wide file costs little more
/// than reading it.
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
        using var properties = ReaderProperties.GetDefaultReaderProperties();
        // Without a buffered stream parquet-cpp loads each column chunk whole before decoding it: the 11 columns of a
        // 1M-row Ookla group would be ≈ 80 MB of compressed bytes at once, growing with the row group.
        properties.EnableBufferedStream();
        ParquetFileReader reader;
        try
        {
            reader = new ParquetFileReader(path, properties);
        }
        catch (Exception e) when (IsDamage(e))
        {
            problems.File(ErrorCodes.UnreadableFile, $"the Parquet file cannot be read; it may be damaged ({Reason(e)}).");
            return layer;
        }
        using (reader)
        {
            var plan = ParquetPlan.Make(reader, context, layer);
            if (plan is null) return layer;
            var emit = layer.DeclaredCrs is null ? context.BeginRows?.Invoke(plan.Schema.Names, Crs.SourceCrs.Wgs84) : null;
            var clip = Roles.RoleCatalog.Of(context.Options.Role).ClipToProjectArea ? context.Options.ClipBox : null;
            var groups = reader.FileMetaData.NumRowGroups;
            var statistics = clip is not null && plan.QuadkeyIndex >= 0
                ? await QuadkeyStatistics.ReadAsync(path, plan.Attributes[plan.QuadkeyIndex].Name, groups, context.CancellationToken)
                : null;
            var wkt = new WKTReader(NetTopologySuite.NtsGeometryServices.Instance) { IsStrict = true };
            var wktFixing = new WKTReader(NetTopologySuite.NtsGeometryServices.Instance) { IsStrict = false, FixStructure = true };
            var wkb = new WKBReader(NetTopologySuite.NtsGeometryServices.Instance);
            var totalRows = reader.FileMetaData.NumRows;
            int row = 0, keptRows = 0;
            for (var g = 0; g < groups; g++)
            {
                using var group = reader.RowGroup(g);
                var rows = checked((int)group.MetaData.NumRows);
                if (statistics is not null && !QuadkeyRange.MayTouch(statistics[g].Min, statistics[g].Max, clip!))
                {
                    layer.OutsideProjectArea += rows; // wholly outside the project area: no page of it is read
                    row += rows;
                    continue;
                }
                RowGroupBatchReader? batch = null;
                try
                {
                    for (var start = 0; start < rows; start += RowGroupBatchReader.BatchRows)
                    {
                        context.CancellationToken.ThrowIfCancellationRequested();
                        context.Progress.Read(row, row, totalRows); // rows stand in for bytes: the share read is what counts
                        var count = Math.Min(RowGroupBatchReader.BatchRows, rows - start);
                        try
                        {
                            batch ??= new RowGroupBatchReader(group, plan, clip);
                            batch.Read(count);
                        }
                        catch (Exception e) when (IsDamage(e))
                        {
                            problems.File(ErrorCodes.UnreadableFile,
                                $"row group {g + 1} of {groups} (rows {row + 1:N0}–{row + count:N0}) cannot be read; the file may be damaged ({Reason(e)}).");
                            return layer;
                        }
                        layer.OutsideProjectArea += count - batch.Kept;
                        for (var i = 0; i < count; i++)
                        {
                            row++;
                            // World-wide Ookla files: a tile outside the project area is not even parsed (nor counted against the cap).
                            if (batch.Keep is { } keep && !keep[i]) continue;
                            if (context.OverFeatureCap(++keptRows)) return layer;
                            var values = new object?[plan.Schema.Names.Count];
                            for (var j = 0; j < plan.SchemaColumns.Length; j++) values[plan.Schema.Slots[j]] = batch.Attributes[plan.SchemaColumns[j]][i];
                            var feature = new SourceFeature(row, null, new FeatureAttributes(plan.Schema, values));
                            feature.Geometry = plan.Geometry switch
                            {
                                GeometrySource.Wkt when batch.Geometry[i] is string { Length: > 0 } text => CsvFeatureReader.Wkt(text, wkt, wktFixing, row, context, feature, plan.GeometryColumn!),
                                GeometrySource.Wkb when batch.Geometry[i] is byte[] { Length: > 0 } bytes => Wkb(bytes, wkb, row, context, feature, plan.GeometryColumn!),
                                GeometrySource.LonLat => Point(batch.Number(plan.LonIndex, i), batch.Number(plan.LatIndex, i), row, context, feature, plan),
                                _ => null,
                            };
                            layer.Add(feature, handedOver: emit is not null);
                            emit?.Invoke(feature);
                        }
                    }
                }
                finally
                {
                    batch?.Dispose();
                }
            }
            context.Progress.Read(row, row, totalRows);
        }
        return layer;
    }

    /// <summary>
    /// What a damaged or unexpected file throws: ParquetSharp's <see cref="ParquetException"/> (parquet-cpp's own
    /// findings: a bad footer, page header, compressed page or encoding), ours from <see cref="ColumnBatchReader"/>,
    /// and Parquet.Net's (the statistics footer read).
    /// </summary>
    internal static bool IsDamage(Exception e) => e is ParquetException or IOException or InvalidDataException or InvalidOperationException
        or NotSupportedException or ArgumentException or IndexOutOfRangeException or OverflowException or FormatException;

    /// <summary>
    /// An exception's message for a problem: one line, no trailing period. ParquetSharp wraps parquet-cpp's as
    /// <c>N7parquet16ParquetExceptionE (message: '…')</c>, which names a C++ type; only the message is kept.
    /// </summary>
    private static string Reason(Exception e)
    {
        var message = e.Message;
        if (e is ParquetException && message.IndexOf("(message: '", StringComparison.Ordinal) is var at and >= 0)
            message = message[(at + "(message: '".Length)..].TrimEnd().TrimEnd(')').TrimEnd('\'');
        return message.Split('\n', 2)[0].Trim().TrimEnd('.', ':', ' ');
    }

    /// <summary>PAR1 at both ends: a renamed file or a cut-short download is named as such before parquet-cpp tries it.</summary>
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
}
