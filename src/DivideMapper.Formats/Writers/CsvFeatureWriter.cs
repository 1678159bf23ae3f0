using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace DivideMapper.Formats.Writers;

/// <summary>Where a CSV file carries the geometry.</summary>
public enum CsvGeometry
{
    /// <summary>No geometry columns (e.g. Ookla tiles, rebuilt from their quadkey).</summary>
    None,

    /// <summary>Two columns, lon and lat, after the attributes; points only.</summary>
    LonLat,

    /// <summary>One WKT column after the attributes; any geometry.</summary>
    Wkt,
}

/// <summary>Options for <see cref="CsvFeatureWriter"/>.</summary>
public sealed record CsvWriteOptions
{
    public CsvGeometry Geometry { get; init; } = CsvGeometry.Wkt;

    /// <summary>Decimals kept in coordinates (7 ≈ 1 cm in degrees; use 2 for metres).</summary>
    public int CoordinateDecimals { get; init; } = 7;

    public string LonColumn { get; init; } = "lon";
    public string LatColumn { get; init; } = "lat";
    public string WktColumn { get; init; } = "wkt";

    /// <summary>
    /// Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return) get a
    /// leading apostrophe, as OWASP's CSV-injection advice says; numbers are never touched. On by default: an exported
    /// settlement name is uploaded data, and a planner opens the file in a spreadsheet.
    /// </summary>
    public bool GuardFormulas { get; init; } = true;
}

/// <summary>
/// Streams features as UTF-8 CSV (no BOM, "\n" line ends, invariant culture, header row). Empty fields are nulls;
/// booleans are true/false; dates are yyyy-MM-dd.
/// </summary>
public static class CsvFeatureWriter
{
    public static Task WriteAsync(Stream output, FeatureSchema schema, IEnumerable<FeatureRow> rows,
        CsvWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        WriteAsync(output, schema, rows.ToAsyncEnumerable(), options, cancellationToken);

    public static async Task WriteAsync(Stream output, FeatureSchema schema, IAsyncEnumerable<FeatureRow> rows,
        CsvWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new CsvWriteOptions();
        await using var text = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" };
        await using var csv = new CsvWriter(text, config);
        var wkt = new WKTWriter { MaxCoordinatesPerLine = int.MaxValue };
        var scale = Math.Pow(10, options.CoordinateDecimals);
        var precise = new PrecisionModel(scale);

        foreach (var column in schema.Columns) csv.WriteField(column.Name);
        switch (options.Geometry)
        {
            case CsvGeometry.LonLat: csv.WriteField(options.LonColumn); csv.WriteField(options.LatColumn); break;
            case CsvGeometry.Wkt: csv.WriteField(options.WktColumn); break;
        }
        await csv.NextRecordAsync();

        var written = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            ColumnValues.CheckWidth(schema, row);
            for (var i = 0; i < schema.Columns.Count; i++) csv.WriteField(Format(schema.Columns[i], row.Values[i], options.GuardFormulas));
            switch (options.Geometry)
            {
                case CsvGeometry.LonLat when row.Geometry is null || row.Geometry.IsEmpty:
                    csv.WriteField(""); csv.WriteField("");
                    break;
                case CsvGeometry.LonLat when row.Geometry is Point p:
                    csv.WriteField(Number(Math.Round(p.X, options.CoordinateDecimals, MidpointRounding.AwayFromZero)));
                    csv.WriteField(Number(Math.Round(p.Y, options.CoordinateDecimals, MidpointRounding.AwayFromZero)));
                    break;
                case CsvGeometry.LonLat:
                    throw new ArgumentException($"lon/lat columns hold points only, not {row.Geometry.GeometryType}; use WKT.");
                case CsvGeometry.Wkt:
                    csv.WriteField(row.Geometry is null ? "" : wkt.Write(Rounded(row.Geometry, precise)));
                    break;
            }
            await csv.NextRecordAsync();
            if (++written % 4096 == 0) cancellationToken.ThrowIfCancellationRequested();
        }
        await csv.FlushAsync();
    }

    /// <summary>Writes to a file, replacing it.</summary>
    public static async Task WriteFileAsync(string path, FeatureSchema schema, IEnumerable<FeatureRow> rows,
        CsvWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await WriteAsync(file, schema, rows, options, cancellationToken);
    }

    private static string Format(FeatureColumn column, object? value, bool guardFormulas) => column.Type switch
    {
        ColumnType.Integer => ColumnValues.Integer(value)?.ToString(CultureInfo.InvariantCulture) ?? "",
        ColumnType.Real => ColumnValues.Real(value, column.Decimals) is { } d ? Number(d) : "",
        ColumnType.Boolean => ColumnValues.Boolean(value) is { } b ? (b ? "true" : "false") : "",
        ColumnType.Date => ColumnValues.Date(value)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
        _ => ColumnValues.Text(value) is { } text ? (guardFormulas ? Guarded(text) : text) : "",
    };

    /// <summary>'=HYPERLINK(…)' → "'=HYPERLINK(…)": shown as text by Excel, LibreOffice and Google Sheets, never evaluated.</summary>
    internal static string Guarded(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static Geometry Rounded(Geometry geometry, PrecisionModel precision)
    {
        var copy = geometry.Copy();
        copy.Apply(new RoundFilter(precision));
        return copy;
    }

    private sealed class RoundFilter(PrecisionModel precision) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                seq.SetX(i, precision.MakePrecise(seq.GetX(i)));
                seq.SetY(i, precision.MakePrecise(seq.GetY(i)));
            }
        }
    }
}
