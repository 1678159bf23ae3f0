using System.Globalization;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Outcomes;
using DivideMapper.Formats.Import;
using DivideMapper.Formats.Tests.Corpus;
using static DivideMapper.Formats.Tests.Corpus.TestFiles;

namespace DivideMapper.Formats.Tests;

/// <summary>
/// Shapefiles are read record by record (.shp by NetTopologySuite, .dbf by our DbfTable through a window of the file),
/// their .prj resolved before the first row, and each feature handed to the row stream without being kept: the live
/// heap during an import does not grow with the file, as for CSV and GeoJSON.
/// </summary>
[Collection(HeapMeasurement.Name)]
public sealed class ShapefileStreamingTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private static readonly string[] Fields = ["tests", "devices", "avg_d_kbps", "note"];

    /// <summary>Speed points over Nairobi in UTM 37S (a declared CRS the rows are reprojected from); zipped when asked.</summary>
    private string WritePoints(string name, int count, bool zipped, Func<int, bool>? deleted = null)
    {
        var random = new Random(11);
        var shapes = new Shape[count];
        var records = new string?[count][];
        for (var i = 0; i < count; i++)
        {
            shapes[i] = Shape.At(250_000 + random.NextDouble() * 40_000, 9_840_000 + random.NextDouble() * 40_000);
            records[i] = [(1 + i % 7).ToString(CultureInfo.InvariantCulture), (1 + i % 3).ToString(CultureInfo.InvariantCulture),
                (1000 + i).ToString(CultureInfo.InvariantCulture), $"street market {i + 1}"];
        }
        var dir = Directory.CreateDirectory(Path.Combine(_dir.Path, name)).FullName;
        var (shp, shx) = Shp(1, shapes);
        var files = new List<(string Name, byte[] Bytes)>
        {
            (name + ".shp", shp), (name + ".shx", shx), (name + ".dbf", Dbf(Fields, records, deleted: deleted)),
            (name + ".prj", System.Text.Encoding.ASCII.GetBytes(Utm37SPrj)),
        };
        if (zipped) return Zip(Path.Combine(dir, name + ".zip"), files);
        foreach (var (file, bytes) in files) File.WriteAllBytes(Path.Combine(dir, file), bytes);
        return Path.Combine(dir, name + ".shp");
    }

    private static long PeakLiveBytes(string path, int count) => HeapProbe.PeakLiveBytesOfImport(path, count, "EPSG:32737");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TenTimesTheRowsDoNotGrowTheLiveHeap(bool zipped)
    {
        // A reader that kept its features (or a .dbf read whole) would hold ~10× more at the end of the larger file.
        const int small = 20_000;
        var smallPeak = PeakLiveBytes(WritePoints("small", small, zipped), small);
        var largePeak = PeakLiveBytes(WritePoints("large", small * 10, zipped), small * 10);
        Assert.True(largePeak < smallPeak * 1.5 + (4 << 20),
            $"live heap {largePeak / 1e6:0.0} MB for {small * 10:N0} rows against {smallPeak / 1e6:0.0} MB for {small:N0}");
    }

    [Fact]
    public async Task StreamedRowsAndReportEqualThoseValidatedAfterReading()
    {
        // --srid (the same CRS as the .prj) turns streaming off: the same file is then read whole and validated after.
        var path = WritePoints("same", 3_000, zipped: true, deleted: i => i % 10 == 3);
        var recorder = new Recorder();
        var streamed = await ImportPipeline.ReadAsync(path, "same.zip", new ImportOptions { Role = DatasetRole.Measurements }, recorder);
        var plain = await ImportPipeline.ReadAsync(path, "same.zip", new ImportOptions { Role = DatasetRole.Measurements, Srid = 32737 });
        Assert.True(streamed.Streamed);
        Assert.False(plain.Streamed);
        Assert.Equal(plain.Report.ToJson(), streamed.Report.ToJson());
        Assert.Equal(2_700, recorder.Rows.Count);
        Assert.Equal(plain.RoleRows.Select(r => r.ToString()), recorder.Rows.Select(r => r.Row.ToString()));
        Assert.Equal(plain.Rows.Select(r => r.Feature), recorder.Rows.Select(r => r.Source.Feature));
        Assert.Contains(streamed.Report.Warnings, w => w.Contains("300 record(s) marked deleted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ManyDeletedRecordsStreamWithoutCrashing()
    {
        // NetTopologySuite.IO.Esri recurses once per deleted record; ours reads the window of records in a loop.
        const int n = 200_000;
        var path = WritePoints("deleted", n, zipped: false, deleted: i => i % 1000 != 999);
        var recorder = new Recorder();
        var outcome = await ImportPipeline.ReadAsync(path, "deleted.shp", new ImportOptions { Role = DatasetRole.Measurements }, recorder);
        Assert.True(outcome.Accepted, string.Join("; ", outcome.Report.Problems.Select(p => p.Message)));
        Assert.True(outcome.Streamed);
        Assert.Equal(n / 1000, recorder.Rows.Count);
        Assert.Equal(Enumerable.Range(1, n / 1000).Select(k => k * 1000), recorder.Rows.Select(r => r.Source.Feature));
        Assert.Equal(2999, ((Measurement)recorder.Rows[1].Row).DownKbps); // record 2,000 (avg_d_kbps 1000 + its 0-based index)
        Assert.Contains(outcome.Report.Warnings, w => w.Contains("199,800 record(s) marked deleted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownPrjIsRefusedBeforeAnyRowIsStreamed()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir.Path, "odd")).FullName;
        var shp = WriteShapefile(dir, "odd", 1, [Shape.At(1, 2), Shape.At(3, 4)], ["tests", "devices"], [["1", "1"], ["1", "1"]],
            prj: "PROJCS[\"Made up\",GEOGCS[\"Nowhere\",DATUM[\"None\"]],PROJECTION[\"Imaginary\"]]");
        var recorder = new Recorder();
        var outcome = await ImportPipeline.ReadAsync(shp, "odd.shp", new ImportOptions { Role = DatasetRole.Measurements }, recorder);
        Assert.False(outcome.Accepted);
        Assert.Empty(recorder.Rows);
        var problem = Assert.Single(outcome.Report.Problems);
        Assert.Equal(ErrorCodes.UnknownCrs, problem.Code);
        Assert.Contains("Made up", problem.Message, StringComparison.Ordinal);
    }
}
