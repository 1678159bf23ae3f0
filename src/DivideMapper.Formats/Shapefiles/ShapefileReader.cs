using System.Text;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Import;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;
using NetTopologySuite.IO.Esri.Shp;

namespace DivideMapper.Formats.Shapefiles;

/// <summary>
/// Reads a shapefile set (.shp with its .dbf, .prj, .cpg; .shx not needed): framing checked by
/// <see cref="ShpInspector"/>, geometry by NetTopologySuite.IO.Esri, attributes by our <see cref="DbfTable"/>. Both files
/// are read record by record; when the pipeline asks for it (<see cref="ReadContext.BeginRows"/>), the .prj is resolved
/// first and each feature is handed on without being kept, so memory does not grow with the file.
/// </summary>
internal static class ShapefileReader
{
    public static async Task<SourceLayer> ReadAsync(string shpPath, ReadContext context)
    {
        var layer = new SourceLayer { Format = "shapefile" };
        var problems = context.Problems;
        var dir = Path.GetDirectoryName(Path.GetFullPath(shpPath))!;
        var stem = Path.GetFileNameWithoutExtension(shpPath);
        string? Sibling(string ext) => Directory.EnumerateFiles(dir)
            .FirstOrDefault(f => Path.GetFileNameWithoutExtension(f).Equals(stem, StringComparison.OrdinalIgnoreCase)
                                 && Path.GetExtension(f).Equals(ext, StringComparison.OrdinalIgnoreCase));

        var shp = ShpInspector.Inspect(shpPath);
        if (shp.Error is not null)
        {
            problems.File(ErrorCodes.UnreadableFile, shp.Error + ".");
            return layer;
        }
        if (shp.Warning is not null) layer.Warnings.Add(shp.Warning);
        if (Sibling(".shx") is null) layer.Warnings.Add("the shapefile has no .shx index; it was read without one.");

        DbfTable? dbf = null;
        try
        {
            if (Sibling(".dbf") is { } dbfPath)
            {
                dbf = DbfTable.Open(dbfPath, out var dbfError);
                if (dbf is null)
                {
                    problems.File(ErrorCodes.UnreadableFile, dbfError + ".");
                    return layer;
                }
                if (dbf.RecordCount != shp.RecordCount)
                {
                    problems.File(ErrorCodes.MismatchedRecordCount,
                        $"the .shp has {shp.RecordCount:N0} shapes but the .dbf has {dbf.RecordCount:N0} attribute records; they must match one to one. The set may mix files from different exports.");
                    return layer;
                }
                ChooseEncoding(dbf, Sibling(".cpg") ?? Sibling(".cst"), layer);
            }
            else
            {
                layer.Warnings.Add("the shapefile has no .dbf; its features have no attributes.");
            }

            if (Sibling(".prj") is { } prj)
            {
                var wkt = File.ReadAllText(prj).Trim();
                if (wkt.Length > 0) layer.DeclaredCrs = wkt;
            }

            var deleted = dbf?.CountDeleted() ?? 0;
            if (deleted > 0) layer.Warnings.Add($"{deleted:N0} record(s) marked deleted in the .dbf were left out.");
            if (context.OverFeatureCap(shp.RecordCount - deleted)) return layer;

            // The CRS is known before the first row, so rows can be validated and stored while the file is read.
            var emit = context.ResolveCrsAsync is { } resolve && await resolve(layer) is { } crs
                ? context.BeginRows?.Invoke(dbf?.Schema.Names ?? [], crs)
                : null;
            ReadFeatures(shpPath, shp.RecordCount, shp.ShapeType, dbf, layer, context, emit);
            return layer;
        }
        finally
        {
            dbf?.Dispose();
        }
    }

    /// <summary>
    /// The library refuses a whole file whose header bounding box is NaN; the box is informative only, so such a
    /// header is read with the box zeroed (<see cref="BoundsZeroedStream"/>), and each shape is checked on its own.
    /// </summary>
    private static Stream OpenWithFiniteBounds(string shpPath)
    {
        var stream = new FileStream(shpPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Span<byte> box = stackalloc byte[64];
        stream.Position = 36;
        stream.ReadExactly(box);
        stream.Position = 0;
        var finite = true;
        for (var i = 0; i < 8; i++) finite &= double.IsFinite(System.Buffers.Binary.BinaryPrimitives.ReadDoubleLittleEndian(box[(i * 8)..]));
        return finite ? stream : new BoundsZeroedStream(stream);
    }

    private static void ChooseEncoding(DbfTable dbf, string? cpgPath, SourceLayer layer)
    {
        Encoding? declared = null;
        string? declaredBy = null;
        if (cpgPath is not null)
        {
            var cpg = File.ReadAllText(cpgPath, Encoding.Latin1);
            declared = TextEncodings.FromCodePageName(cpg);
            declaredBy = $".cpg \"{cpg.Trim()}\"";
            if (declared is null) layer.Warnings.Add($"the .cpg names an encoding we do not know (\"{cpg.Trim()}\"); the .dbf header was used instead.");
        }
        if (declared is null && TextEncodings.FromLanguageDriver(dbf.LanguageDriver) is { } byDriver)
        {
            declared = byDriver;
            declaredBy = $"the .dbf language driver (0x{dbf.LanguageDriver:X2})";
        }
        if (declared is null)
        {
            // Nothing declared: modern tools write UTF-8, older ones the Windows code page.
            var utf8 = dbf.AllTextIsUtf8();
            dbf.UseEncoding(utf8 ? TextEncodings.Utf8Strict : TextEncodings.Windows1252);
            if (!utf8) layer.Warnings.Add("the .dbf declares no encoding and its text is not UTF-8; it was read as Windows-1252 (Western European). Add a .cpg if that is wrong.");
            return;
        }
        dbf.UseEncoding(declared);
        if (!TextEncodings.IsUtf8(declared) && dbf.LooksLikeUtf8())
            layer.Warnings.Add($"{declaredBy} says {declared.WebName}, but the text looks like UTF-8; names may be garbled. Fix the .cpg if so.");
    }

    private static void ReadFeatures(string shpPath, int recordCount, int shapeType, DbfTable? dbf, SourceLayer layer, ReadContext context,
        Action<SourceFeature>? emit)
    {
        if (recordCount == 0) return;
        var options = new ShapefileReaderOptions { Factory = Factories.Source, GeometryBuilderMode = GeometryBuilderMode.IgnoreInvalidShapes };
        using var stream = OpenWithFiniteBounds(shpPath);
        // A file of type 0 holds only null shapes, which the library refuses to open.
        using var reader = shapeType == 0 ? null : Shp.OpenRead(stream, options);
        var badText = new List<string>();
        var failuresInARow = 0;
        for (var i = 0; i < recordCount; i++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            // The record count is in the header: rows are the measure here (the .shp and .dbf are read side by side).
            if ((i & 1023) == 0) context.Progress.Read(i, i, recordCount);
            Geometry? geometry;
            string? failure = null;
            try
            {
                geometry = reader is not null && reader.Read() ? reader.Geometry : null;
                failuresInARow = 0;
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                // The framing was checked, so the reader is at the next record; this one's content is broken.
                geometry = null;
                failure = e.Message;
                if (++failuresInARow > 100)
                {
                    context.Problems.File(ErrorCodes.UnreadableFile, $"more than 100 shapes in a row could not be read (last at record {i + 1}: {e.Message}).");
                    return;
                }
            }
            if (dbf is not null && dbf.IsDeleted(i)) continue;

            var index = i + 1;
            badText.Clear();
            var attributes = dbf?.Read(i, badText) ?? new FeatureAttributes(new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase));
            var feature = new SourceFeature(index, geometry, attributes);
            if (failure is not null)
            {
                feature.GeometryFailed = true;
                var nan = failure.Contains("NaN", StringComparison.Ordinal) || failure.Contains("infinit", StringComparison.OrdinalIgnoreCase);
                context.Problems.Feature(index, null, nan ? ErrorCodes.NonFiniteCoordinate : ErrorCodes.InvalidGeometry,
                    nan ? "a coordinate of the shape is not a finite number (NaN or infinity)." : $"the shape could not be read ({failure}).");
            }
            foreach (var field in badText)
                context.Problems.Feature(index, null, ErrorCodes.Encoding,
                    $"the text in field {field} is not valid {dbf!.Encoding.WebName}, as the file declares; fix the .cpg or re-export as UTF-8.", field);
            layer.Add(feature, handedOver: emit is not null);
            emit?.Invoke(feature);
        }
    }
}
