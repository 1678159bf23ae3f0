using System.Globalization;
using System.Text;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.GeoJson;
using DivideMapper.Formats.Import;

namespace DivideMapper.Formats.Tests;

/// <summary>
/// A FeatureCollection larger than <see cref="GeoJsonSinglePass.PrefixBytes"/> streams on what its beginning shows;
/// when its rest contradicts that (a property that changes the field mapping, a crs after the features, broken text or
/// JSON near the end), the streamed rows are discarded and the file is read again: the outcome is the careful one.
/// </summary>
public sealed class GeoJsonSinglePassTests : IDisposable
{
    private const int Count = 60_000;
    private const int Late = 50_001; // well past the prefix: ~190 bytes a feature
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private static readonly ImportOptions Measurements = new() { Role = DatasetRole.Measurements };

    /// <summary>
    /// Speed points with download/up/tests/devices; feature <see cref="Late"/> has <paramref name="lateProperties"/>
    /// besides; <paramref name="afterFeatures"/> is written after the features array, inside the root object.
    /// </summary>
    private string WritePoints(string name, string lateProperties = "", string afterFeatures = "", Func<int, (double X, double Y)>? at = null)
    {
        var path = _dir.File(name);
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
        {
            var random = new Random(5);
            writer.Write("{\"type\":\"FeatureCollection\",\"features\":[\n");
            for (var i = 1; i <= Count; i++)
            {
                var (x, y) = at?.Invoke(i) ?? (36.6 + random.NextDouble() * 0.4, -1.5 + random.NextDouble() * 0.4);
                var extra = i == Late ? lateProperties : "";
                writer.Write((i > 1 ? ",\n" : "") + $"{{\"type\":\"Feature\",\"properties\":{{\"download\":{1000 + i},\"up\":500,\"tests\":{1 + i % 7}," +
                             $"\"devices\":{1 + i % 3}{extra}}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{F(x)},{F(y)}]}}}}");
            }
            writer.Write("\n]" + afterFeatures + "}\n");
        }
        Assert.True(new FileInfo(path).Length > 2 * GeoJsonSinglePass.PrefixBytes);
        return path;
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static Measurement RowOf(Recorder recorder, int feature) => (Measurement)recorder.Rows.Single(r => r.Source.Feature == feature).Row;

    [Fact]
    public async Task ALatePropertyThatChangesTheMappingDiscardsTheStreamedRowsAndReadsAgain()
    {
        // avg_d_kbps comes before download among the usual names of the download speed: the whole file maps it.
        var path = WritePoints("late-mapped.geojson", lateProperties: ",\"avg_d_kbps\":777");
        var recorder = new Recorder();
        var outcome = await ImportPipeline.ReadAsync(path, "late-mapped.geojson", Measurements, recorder);
        Assert.True(outcome.Accepted, string.Join("; ", outcome.Report.Problems.Select(p => p.Message)));
        Assert.True(outcome.Streamed);
        Assert.Equal(1, recorder.Discards);
        Assert.Equal(Count, recorder.Rows.Count);
        Assert.Equal(777.0, RowOf(recorder, Late).DownKbps);
        Assert.Null(RowOf(recorder, 1).DownKbps); // no avg_d_kbps: the mapped field, not the prefix's download
        Assert.Equal(1001L, recorder.Rows.Single(r => r.Source.Feature == 1).Source.Properties["download"]);
    }

    [Fact]
    public async Task TheNamesOfALateMalformedRecordCountForTheMappingAsTheScanCountsThem()
    {
        // Feature 50,001 is no Feature ("Fature"): a problem, no attributes; yet the scan of the whole text takes its
        // property names, so avg_d_kbps is the download speed of every row.
        var path = WritePoints("late-malformed.geojson", lateProperties: ",\"avg_d_kbps\":777");
        File.WriteAllText(path, File.ReadAllText(path).Replace($"{{\"type\":\"Feature\",\"properties\":{{\"download\":{Late + 1000},",
            $"{{\"type\":\"Fature\",\"properties\":{{\"download\":{Late + 1000},"));
        var recorder = new Recorder();
        var outcome = await ImportPipeline.ReadAsync(path, "late-malformed.geojson", Measurements with { SkipInvalid = true }, recorder);
        Assert.True(outcome.Accepted, string.Join("; ", outcome.Report.Problems.Select(p => p.Message)));
        Assert.Equal(1, recorder.Discards);
        Assert.Equal(Count - 1, recorder.Rows.Count);
        Assert.Null(RowOf(recorder, 1).DownKbps);
        Assert.All(outcome.Report.Problems, p => Assert.Equal(Late, p.Feature)); // malformed, and so no speed
        Assert.Contains(outcome.Report.Problems, p => p.Code == ErrorCodes.MalformedRecord);
    }

    [Fact]
    public async Task ALatePropertyThatNoColumnTakesKeepsStreaming()
    {
        var path = WritePoints("late-note.geojson", lateProperties: ",\"note\":\"late\"");
        var recorder = new Recorder();
        var outcome = await ImportPipeline.ReadAsync(path, "late-note.geojson", Measurements, recorder);
        Assert.True(outcome.Accepted);
        Assert.True(outcome.Streamed);
        Assert.Equal(0, recorder.Discards);
        Assert.Equal(Count, recorder.Rows.Count);
        Assert.Equal(Late + 1000.0, RowOf(recorder, Late).DownKbps);
        Assert.Equal("late", recorder.Rows.Single(r => r.Source.Feature == Late).Source.Properties["note"]);
        Assert.False(recorder.Rows.Single(r => r.Source.Feature == 1).Source.Properties.ContainsKey("note"));
    }

    [Fact]
    public async Task ACrsAfterTheFeaturesOfALargeFileIsHonoured()
    {
        // Nairobi in Web Mercator, the crs member after 60,000 features.
        const double r = 6378137;
        var path = WritePoints("mercator.geojson",
            afterFeatures: ",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::3857\"}}",
            at: i => (r * (36.8 + i * 1e-6) * Math.PI / 180, r * Math.Log(Math.Tan(Math.PI / 4 + -1.29 * Math.PI / 360))));
        var recorder = new Recorder();
        var outcome = await ImportPipeline.ReadAsync(path, "mercator.geojson", Measurements, recorder);
        Assert.True(outcome.Accepted, string.Join("; ", outcome.Report.Problems.Select(p => p.Message)));
        Assert.Equal(1, recorder.Discards);
        Assert.False(outcome.Streamed); // a file with a crs member is read whole, then validated, as before
        Assert.Empty(recorder.Rows);
        Assert.Equal("EPSG:3857", outcome.Report.SourceCrs);
        Assert.Equal(Count, outcome.Measurements.Count);
        Assert.Equal(36.8 + 1e-6, outcome.Measurements[0].Geometry.Coordinate.X, 6);
        Assert.Equal(-1.29, outcome.Measurements[0].Geometry.Coordinate.Y, 6);
    }

    [Fact]
    public async Task InvalidJsonNearTheEndIsAProblemOfTheFileAndNoRowStands()
    {
        var path = WritePoints("cut.geojson");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^40]); // inside the last feature
        var recorder = new Recorder();
        var outcome = await ImportPipeline.ReadAsync(path, "cut.geojson", Measurements, recorder);
        Assert.False(outcome.Accepted);
        Assert.Equal(1, recorder.Discards);
        Assert.Empty(recorder.Rows);
        var problem = Assert.Single(outcome.Report.Problems);
        Assert.Matches($@"not valid JSON near line {Count + 1}\b", problem.Message);
    }

    [Fact]
    public async Task BadUtf8NearTheEndIsReportedAsTheEncodingAndNoRowStands()
    {
        var path = WritePoints("latin1.geojson", lateProperties: ",\"note\":\"caf\u00e9\"");
        var bytes = File.ReadAllBytes(path);
        var e = bytes.AsSpan().IndexOf("caf\u00e9"u8);
        bytes[e + 3] = 0xE9; // é in Latin-1, then the second byte of the UTF-8 é: not UTF-8
        File.WriteAllBytes(path, bytes);
        var recorder = new Recorder();
        var outcome = await ImportPipeline.ReadAsync(path, "latin1.geojson", Measurements, recorder);
        Assert.False(outcome.Accepted);
        Assert.Empty(recorder.Rows);
        Assert.Equal(1, recorder.Discards);
        var problem = Assert.Single(outcome.Report.Problems);
        Assert.Equal(ErrorCodes.Encoding, problem.Code);
    }
}
