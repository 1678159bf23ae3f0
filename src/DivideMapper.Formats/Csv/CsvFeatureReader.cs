using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Import;
using DivideMapper.Formats.Shapefiles;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace DivideMapper.Formats.Csv;

/// <summary>
/// Reads delimited text (comma, semicolon, tab or pipe; UTF-8 with or without BOM, else Windows-1252) with
/// points in lon/lat columns or any geometry in a WKT column. Recognises OpenCelliD cell exports, with or without
/// their header line.
/// </summary>
internal static class CsvFeatureReader
{
    /// <summary>OpenCelliD's columns, in the order of its header-less country exports.</summary>
    public static readonly string[] OpenCellIdColumns =
        ["radio", "mcc", "net", "area", "cell", "unit", "lon", "lat", "range", "samples", "changeable", "created", "updated", "averageSignal"];

    public static SourceLayer Read(string path, ReadContext context)
    {
        var layer = new SourceLayer { Format = "csv" };
        context.Problems.Noun = "row";
        var encoding = DetectEncoding(path, layer);
        string firstLines;
        using (var peek = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: true))
        {
            var buffer = new char[64 * 1024];
            firstLines = new string(buffer, 0, peek.ReadBlock(buffer));
        }
        var delimiter = DetectDelimiter(firstLines);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            HasHeaderRecord = false,
            BadDataFound = null,
            MissingFieldFound = null,
            TrimOptions = TrimOptions.Trim,
            DetectColumnCountChanges = false,
            IgnoreBlankLines = true,
            BufferSize = 1 << 16,
        };
        using var reader = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        using var csv = new CsvParser(reader, config);
        if (!csv.Read())
        {
            context.Problems.File(ErrorCodes.NoFeatures, "the file is empty: no header line and no rows.");
            return layer;
        }
        var first = csv.Record ?? [];
        string[] header;
        var pending = (string[]?)null;
        if (first.Length >= 13 && first.Length <= 14 && first[0].Trim().ToUpperInvariant() is "GSM" or "UMTS" or "LTE" or "NR" or "CDMA"
            && double.TryParse(first[6], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            header = OpenCellIdColumns[..first.Length];
            pending = first;
            layer.Warnings.Add("the file has no header line; it was read as an OpenCelliD cell export (radio, mcc, net, area, cell, unit, lon, lat, range …).");
        }
        else
        {
            header = first.Select((h, i) => string.IsNullOrWhiteSpace(h) ? $"column{i + 1}" : h.Trim()).ToArray();
        }
        var isOpenCellId = new[] { "radio", "mcc", "net", "area", "cell", "lon", "lat" }
            .All(c => header.Contains(c, StringComparer.OrdinalIgnoreCase));
        if (isOpenCellId) layer.Format = "opencellid-csv";

        var mapping = context.Options.Mapping;
        var wktColumn = FieldMapping.Find("geometry", header, mapping, out var wktOverridden);
        var lonColumn = FieldMapping.Find("lon", header, mapping, out var lonOverridden);
        var latColumn = FieldMapping.Find("lat", header, mapping, out var latOverridden);
        var quadkeyColumn = FieldMapping.Find("quadkey", header, mapping, out _);
        bool Broken(bool overridden, string? column, string target) => overridden && column is null && !string.IsNullOrEmpty(mapping[target]);
        if (Broken(wktOverridden, wktColumn, "geometry") || Broken(lonOverridden, lonColumn, "lon") || Broken(latOverridden, latColumn, "lat"))
        {
            context.Problems.File(ErrorCodes.MissingAttribute,
                $"a map option for lon, lat or geometry names a column the file does not have; its columns are: {string.Join(", ", header)}.");
            return layer;
        }
        var usePoints = lonColumn is not null && latColumn is not null && !wktOverridden;
        if (!usePoints && wktColumn is null)
        {
            if (quadkeyColumn is null)
            {
                context.Problems.File(ErrorCodes.NoGeometryColumn,
                    $"no coordinate columns found: expected lon/lat (or longitude/latitude, x/y) or a WKT column (wkt, geometry); the columns are: {string.Join(", ", header)}. Name them with the map option (lon=…, lat=…).");
                return layer;
            }
            layer.Warnings.Add("no coordinate columns; tile polygons are rebuilt from the quadkey column.");
        }
        var index = Array.IndexOf(header, usePoints ? lonColumn : wktColumn);
        var latIndex = usePoints ? Array.IndexOf(header, latColumn) : -1;
        var wkt = new WKTReader(NetTopologySuite.NtsGeometryServices.Instance) { IsStrict = true };
        var wktFixing = new WKTReader(NetTopologySuite.NtsGeometryServices.Instance) { IsStrict = false, FixStructure = true };

        // Every row shares the header's names; a row keeps only its values (one array, not a dictionary).
        var attributeColumns = Enumerable.Range(0, header.Length).Where(i => i != index && i != latIndex).ToArray();
        var schema = new AttributeSchema(attributeColumns.Select(i => header[i]).ToArray());
        // Rows can be validated as they are read when they all have the header's fields; OpenCelliD rows gain a
        // derived "mcc-net" field, so those files are validated after reading, as before.
        var emit = isOpenCellId ? null : context.BeginRows?.Invoke(schema.Names, Crs.SourceCrs.Wgs84);
        var row = 0;
        var fileBytes = reader.BaseStream.Length;
        while (pending is not null || csv.Read())
        {
            var record = pending ?? csv.Record ?? [];
            pending = null;
            row++;
            if ((row & 1023) == 0)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                context.Progress.Read(row, reader.BaseStream.Position, fileBytes);
            }
            if (context.OverFeatureCap(row)) return layer;
            var values = new object?[schema.Names.Count];
            for (var j = 0; j < attributeColumns.Length; j++)
            {
                var i = attributeColumns[j];
                var value = i < record.Length ? record[i] : null;
                values[schema.Slots[j]] = string.IsNullOrEmpty(value) ? null : value;
            }
            var attributes = new FeatureAttributes(schema, values);
            var feature = new SourceFeature(row, null, attributes);
            if (record.Length != header.Length)
            {
                context.Problems.Feature(row, null, ErrorCodes.MalformedRecord,
                    $"the row has {record.Length} values but the header has {header.Length} columns (a stray delimiter or quote?).");
                feature.GeometryFailed = true;
            }
            else if (usePoints)
            {
                feature.Geometry = Point(record[index], record[latIndex], lonColumn!, latColumn!, delimiter, row, context, feature);
            }
            else if (wktColumn is not null && !string.IsNullOrWhiteSpace(record[index]))
            {
                feature.Geometry = Wkt(record[index], wkt, wktFixing, row, context, feature, wktColumn);
            }
            if (isOpenCellId)
            {
                feature.Id = string.Join('-', new[] { "radio", "mcc", "net", "area", "cell" }.Select(k => attributes.GetValueOrDefault(k)));
                if (attributes.GetValueOrDefault("mcc") is { } mcc && attributes.GetValueOrDefault("net") is { } net) attributes["mcc-net"] = $"{mcc}-{net}";
            }
            layer.Add(feature, handedOver: emit is not null);
            emit?.Invoke(feature);
        }
        return layer;
    }

    private static Point? Point(string lonText, string latText, string lonColumn, string latColumn, string delimiter, int row, ReadContext context, SourceFeature feature)
    {
        if (string.IsNullOrWhiteSpace(lonText) && string.IsNullOrWhiteSpace(latText)) return null; // empty-geometry later
        var lon = Number(lonText, delimiter);
        var lat = Number(latText, delimiter);
        if (!CheckCoordinate(lon, lonText, lonColumn, row, context, feature) || !CheckCoordinate(lat, latText, latColumn, row, context, feature)) return null;
        return Factories.Source.CreatePoint(new Coordinate(lon!.Value, lat!.Value));
    }

    private static bool CheckCoordinate(double? value, string text, string column, int row, ReadContext context, SourceFeature feature)
    {
        if (value is null)
        {
            context.Problems.Feature(row, feature.Id, ErrorCodes.InvalidValue, $"{column} \"{Short(text)}\" is not a number.", column);
            feature.GeometryFailed = true;
            return false;
        }
        if (!double.IsFinite(value.Value))
        {
            context.Problems.Feature(row, feature.Id, ErrorCodes.NonFiniteCoordinate, $"{column} is {text.Trim()}, not a finite number.", column);
            feature.GeometryFailed = true;
            return false;
        }
        return true;
    }

    internal static Geometry? Wkt(string text, WKTReader strict, WKTReader fixing, int row, ReadContext context, SourceFeature feature, string column)
    {
        try
        {
            return strict.Read(text);
        }
        catch (Exception e) when (e is ParseException or ArgumentException or FormatException or InvalidOperationException)
        {
            Geometry? fixedGeometry = null;
            try { fixedGeometry = fixing.Read(text); }
            catch (Exception e2) when (e2 is ParseException or ArgumentException or FormatException or InvalidOperationException) { }
            if (fixedGeometry is not null && context.Options.Repair)
            {
                context.Problems.Repaired(row, feature.Id, ErrorCodes.UnclosedRing, $"closed the rings of the {column} geometry.");
                return fixedGeometry;
            }
            feature.GeometryFailed = true;
            var code = fixedGeometry is not null ? ErrorCodes.UnclosedRing : ErrorCodes.InvalidGeometry;
            var reason = fixedGeometry is not null ? "a polygon ring is not closed or has too few points" : $"it is not valid WKT ({e.Message.TrimEnd('.')})";
            context.Problems.Feature(row, feature.Id, code, $"the {column} value cannot be used: {reason}.", column);
            return null;
        }
    }

    internal static double? Number(string text, string delimiter)
    {
        var t = text.AsSpan().Trim();
        if (FastNumber.TryParse(t, out var v)) return v;
        if (delimiter != "," && t.Contains(',') && !t.Contains('.')) // decimal comma
            return double.TryParse(t.ToString().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out v) ? v : null;
        return null;
    }

    /// <summary>
    /// UTF-8 (with or without BOM) or UTF-16 by BOM; otherwise Windows-1252 with a warning. Checked in one streaming
    /// pass so a large file is never held in memory twice.
    /// </summary>
    private static Encoding DetectEncoding(string path, SourceLayer layer)
    {
        using var stream = File.OpenRead(path);
        var bom = new byte[3];
        var n = stream.ReadAtLeast(bom, 3, throwOnEndOfStream: false);
        if (n >= 2 && (bom[0], bom[1]) is (0xFF, 0xFE) or (0xFE, 0xFF)) return Encoding.Unicode; // the reader follows the BOM
        if (n < 3 || !(bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF)) stream.Position = 0;
        var decoder = TextEncodings.Utf8Strict.GetDecoder();
        var bytes = new byte[1 << 16];
        var chars = new char[1 << 16];
        try
        {
            int read;
            while ((read = stream.Read(bytes)) > 0) decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            decoder.GetChars(bytes, 0, 0, chars, 0, flush: true);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            layer.Warnings.Add("the file is not UTF-8; it was read as Windows-1252 (Western European). Save it as UTF-8 if names look wrong.");
            return TextEncodings.Windows1252;
        }
    }

    /// <summary>The delimiter that occurs most often outside quotes in the first line.</summary>
    internal static string DetectDelimiter(string text)
    {
        var counts = new Dictionary<char, int> { [','] = 0, [';'] = 0, ['\t'] = 0, ['|'] = 0 };
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && (c == '\n' || c == '\r')) break;
            else if (!quoted && counts.ContainsKey(c)) counts[c]++;
        }
        var best = counts.MaxBy(kv => kv.Value);
        return best.Value == 0 ? "," : best.Key.ToString();
    }

    private static string Short(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
