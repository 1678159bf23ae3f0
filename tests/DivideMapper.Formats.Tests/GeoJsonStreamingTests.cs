using System.Globalization;
using System.Text;
using DivideMapper.Core.Domain;
using DivideMapper.Formats.Import;
using DivideMapper.Formats.Tests.Corpus;

namespace DivideMapper.Formats.Tests;

/// <summary>
/// GeoJSON FeatureCollections are read feature by feature (Utf8JsonReader over the file) and, like CSV, handed to the
/// row stream without being kept: the live heap during an import does not grow with the file.
/// </summary>
[Collection(HeapMeasurement.Name)]
public sealed class GeoJsonStreamingTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    /// <summary>Speed points over a city, as GeoJSON or CSV; each row carries a text property so rows are not tiny.</summary>
    private string WritePoints(string name, int count)
    {
        var path = _dir.File(name);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        var random = new Random(11);
        var csv = name.EndsWith(".csv", StringComparison.Ordinal);
        writer.Write(csv ? "tests,devices,avg_d_kbps,note,lon,lat\n" : "{\"type\":\"FeatureCollection\",\"features\":[\n");
        for (var i = 1; i <= count; i++)
        {
            var lon = (36.6 + random.NextDouble() * 0.4).ToString("0.000000", CultureInfo.InvariantCulture);
            var lat = (-1.5 + random.NextDouble() * 0.4).ToString("0.000000", CultureInfo.InvariantCulture);
            if (csv) writer.Write($"{1 + i % 7},{1 + i % 3},{1000 + i},street market {i},{lon},{lat}\n");
            else
                writer.Write((i > 1 ? ",\n" : "") + $"{{\"type\":\"Feature\",\"properties\":{{\"tests\":{1 + i % 7},\"devices\":{1 + i % 3}," +
                             $"\"avg_d_kbps\":{1000 + i},\"note\":\"street market {i}\"}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{lon},{lat}]}}}}");
        }
        writer.Write(csv ? "" : "\n]}\n");
        return path;
    }

    private static long PeakLiveBytes(string path, int count) => HeapProbe.PeakLiveBytesOfImport(path, count);

    [Theory]
    [InlineData("speed.geojson")]
    [InlineData("speed.csv")]
    public void TenTimesTheRowsDoNotGrowTheLiveHeap(string name)
    {
        // A reader or validator that kept its rows would hold ~10× more at the end of the larger file (tens of MB).
        const int small = 20_000;
        var smallPeak = PeakLiveBytes(WritePoints("small-" + name, small), small);
        var largePeak = PeakLiveBytes(WritePoints("large-" + name, small * 10), small * 10);
        Assert.True(largePeak < smallPeak * 1.5 + (4 << 20),
            $"live heap {largePeak / 1e6:0.0} MB for {small * 10:N0} rows against {smallPeak / 1e6:0.0} MB for {small:N0}");
    }

    [Fact]
    public async Task FeatureCollectionStreamsWithTheSameReportAndRows()
    {
        // Properties differ from feature to feature: the field mapping sees all of them (tests first appears in feature 2).
        var path = _dir.File("speed.geojson");
        File.WriteAllText(path, TestFiles.FeatureCollection([
            (TestFiles.Point(36.80, -1.30), """{"avg_d_kbps":5000,"devices":2}"""),
            (TestFiles.Point(36.81, -1.31), """{"avg_d_kbps":7000,"tests":4,"devices":3,"period":"2024Q1"}"""),
        ]).Replace("\"features\"", "\"name\":\"x\",\"bbox\":[36,-2,37,-1],\"features\""));
        var options = new ImportOptions { Role = DatasetRole.Measurements, SkipInvalid = true };
        var plain = await ImportPipeline.ReadAsync(path, "speed.geojson", options);
        var recorder = new Recorder();
        var streamed = await ImportPipeline.ReadAsync(path, "speed.geojson", options, recorder);
        Assert.True(streamed.Streamed);
        Assert.Equal(plain.Report.ToJson(), streamed.Report.ToJson());
        Assert.Equal(plain.RoleRows.Select(r => r.ToString()), recorder.Rows.Select(r => r.Row.ToString()));
        var row = Assert.Single(recorder.Rows);
        Assert.Equal(2, row.Source.Feature);
        Assert.Equal(4, ((Measurement)row.Row).Tests);
        // Feature 1 has no tests: a problem naming the feature, found while streaming.
        Assert.Contains(streamed.Report.Problems, p => p.Feature == 1 && p.Message.Contains("speed.geojson, feature 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CrsAfterTheFeaturesIsHonouredAndNotStreamed()
    {
        // Nairobi in Web Mercator, with the legacy crs member written after the features.
        const double r = 6378137;
        var x = r * 36.8219 * Math.PI / 180;
        var y = r * Math.Log(Math.Tan(Math.PI / 4 + -1.2921 * Math.PI / 360));
        var text = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"radio\":\"LTE\"},\"geometry\":" +
                   TestFiles.Point(x, y) + "}],\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::3857\"}}}";
        var path = _dir.File("sites.geojson");
        File.WriteAllText(path, text);
        var recorder = new Recorder();
        var outcome = await ImportPipeline.ReadAsync(path, "sites.geojson", new ImportOptions { Role = DatasetRole.Sites }, recorder);
        Assert.True(outcome.Accepted);
        Assert.False(outcome.Streamed);
        Assert.Equal("EPSG:3857", outcome.Report.SourceCrs);
        Assert.Equal(36.8219, outcome.Sites[0].Geometry.X, 6);
        Assert.Equal(-1.2921, outcome.Sites[0].Geometry.Y, 6);
    }

    [Fact]
    public async Task FeaturesLargerThanTheReadBufferAreReadWhole()
    {
        // One polygon of 20,000 vertices (~600 kB, many times the 64 kB first buffer) between two small features.
        var ring = Enumerable.Range(0, 20_000).Select(i => 2 * Math.PI * i / 20_000)
            .Select(a => $"[{(36.8 + 0.01 * Math.Cos(a)).ToString("R", CultureInfo.InvariantCulture)},{(-1.3 + 0.01 * Math.Sin(a)).ToString("R", CultureInfo.InvariantCulture)}]")
            .ToList();
        ring.Add(ring[0]);
        var big = "{\"type\":\"Polygon\",\"coordinates\":[[" + string.Join(",", ring) + "]]}";
        var path = _dir.File("areas.geojson");
        File.WriteAllText(path, TestFiles.FeatureCollection([
            (TestFiles.Square(36.7, -1.3, 0.01), """{"name":"a"}"""), (big, """{"name":"b \u00e9\u00e8"}"""), (TestFiles.Square(36.9, -1.3, 0.01), """{"name":"c"}"""),
        ]));
        var outcome = await ImportPipeline.ReadAsync(path, "areas.geojson", new ImportOptions { Role = DatasetRole.Settlements });
        Assert.True(outcome.Accepted, string.Join("; ", outcome.Report.Problems.Select(p => p.Message)));
        Assert.Equal(["a", "b \u00e9\u00e8", "c"], outcome.Settlements.Select(s => s.Name));
        Assert.Equal(20_001, outcome.Settlements[1].Geometry.NumPoints);
    }

    [Fact]
    public async Task TruncatedLargeFileNamesTheLineAndStoresNothing()
    {
        var path = WritePoints("cut.geojson", 5_000);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length * 3 / 4)]);
        var recorder = new Recorder();
        var outcome = await ImportPipeline.ReadAsync(path, "cut.geojson", new ImportOptions { Role = DatasetRole.Measurements }, recorder);
        Assert.False(outcome.Accepted);
        Assert.Empty(recorder.Rows); // the scan finds the cut before a single row is handed over
        var problem = Assert.Single(outcome.Report.Problems);
        Assert.Matches(@"near line \d{4}", problem.Message);
    }
}

/// <summary>
/// Tests that measure the live managed heap run alone: GC.GetTotalMemory counts the whole process, so another test
/// class running beside them (xUnit runs classes in parallel) made the bound fail at random.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasurement
{
    public const string Name = "Live heap measurements";
}
