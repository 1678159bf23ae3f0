using System.Text;
using DivideMapper.Core.Domain;
using DivideMapper.Formats.Import;
using DivideMapper.Formats.Tests.Corpus;

namespace DivideMapper.Formats.Tests;

/// <summary>
/// Rows validated while the file is read (and handed to an <see cref="IRowStream"/>) give the same report as
/// validation after reading, and the stream receives exactly the accepted rows, in order.
/// </summary>
public sealed class StreamingValidationTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private sealed class Recorder : IRowStream
    {
        public string? Sha256 { get; private set; }
        public List<(object Row, ImportedRow Source)> Rows { get; } = [];
        public void Begin(string sha256) => Sha256 = sha256;
        public void Add(object row, ImportedRow source) => Rows.Add((row, source));

        public Task DiscardAsync()
        {
            Rows.Clear();
            return Task.CompletedTask;
        }
    }

    private string Write(string name, string text)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private static async Task<(ImportOutcome Plain, ImportOutcome Streamed, Recorder Recorder)> BothAsync(string path, ImportOptions options)
    {
        var plain = await ImportPipeline.ReadAsync(path, Path.GetFileName(path), options);
        var recorder = new Recorder();
        var streamed = await ImportPipeline.ReadAsync(path, Path.GetFileName(path), options, recorder);
        Assert.Equal(plain.Report.ToJson(), streamed.Report.ToJson());
        if (streamed.Streamed)
        {
            // The rows went to the stream and only there: the outcome keeps none of them (bounded memory).
            Assert.True(streamed.Accepted);
            Assert.Empty(streamed.RoleRows);
            Assert.Equal(streamed.Report.Sha256, recorder.Sha256);
        }
        var streamedRows = streamed.Streamed ? recorder.Rows.Select(r => r.Row).ToList() : streamed.RoleRows;
        var streamedSources = streamed.Streamed ? recorder.Rows.Select(r => r.Source).ToList() : streamed.Rows;
        // Two reads make equal records but separate property dictionaries: compare by content.
        Assert.Equal(plain.RoleRows.Select(r => r.ToString()), streamedRows.Select(r => r.ToString()));
        Assert.Equal(plain.Rows.Select(Describe), streamedSources.Select(Describe));
        Assert.Equal(plain.MeasurementSummary?.Period, streamed.MeasurementSummary?.Period);
        Assert.Equal(plain.MeasurementSummary?.Network, streamed.MeasurementSummary?.Network);
        return (plain, streamed, recorder);
    }

    private static string Describe(ImportedRow row) =>
        $"{row.Feature}|{row.SourceId}|{string.Join(";", row.Properties.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"))}";

    private static ImportOptions Options(DatasetRole role) => new() { Role = role };

    [Fact]
    public async Task PointsStreamWithTheSameReportAndRows()
    {
        var path = Write("speed.csv", "id,period,avg_d_kbps,avg_u_kbps,avg_lat_ms,tests,devices,lon,lat\n" +
            "1,2024Q1,5835,1715,36,6,3,36.827157,-1.234519\n2,2024Q3,141117,41866,15,3,1,36.700404,-1.243701\n3,2024Q1,9000,,,2,1,36.7,-1.2\n");
        var (_, streamed, recorder) = await BothAsync(path, Options(DatasetRole.Measurements));
        Assert.True(streamed.Streamed);
        Assert.Equal(3, recorder.Rows.Count);
        Assert.Equal(36.827157, ((Measurement)recorder.Rows[0].Row).Geometry.Coordinate.X);
    }

    [Fact]
    public async Task RejectedFileHasTheSameProblemsInTheSameOrderAndDoesNotStream()
    {
        // A reader problem (row 2), a validation problem (row 3) and a duplicate id (row 4): reader's problems first.
        var path = Write("speed.csv", "id,tests,down,lon,lat\n1,5,100,36.8,-1.3\n2,5,100,abc,-1.3\n3,-5,100,36.8,-1.3\n1,5,100,36.8,-1.3\n5,5,100,200,-1.3\n");
        var (_, streamed, _) = await BothAsync(path, Options(DatasetRole.Measurements));
        Assert.False(streamed.Accepted);
        Assert.False(streamed.Streamed);
        Assert.Equal(4, streamed.Report.Rejected);
    }

    [Fact]
    public async Task SkipInvalidStreamsTheValidRows()
    {
        var path = Write("speed.csv", "tests,down,lon,lat\n5,100,36.8,-1.3\n5,100,abc,-1.3\n-5,100,36.8,-1.3\n7,100,36.9,-1.2\n");
        var (_, streamed, recorder) = await BothAsync(path, Options(DatasetRole.Measurements) with { SkipInvalid = true });
        Assert.True(streamed.Streamed);
        Assert.Equal(2, recorder.Rows.Count);
        Assert.Equal(2, streamed.Report.Skipped);
    }

    [Fact]
    public async Task IdFieldThatIsZeroEverywhereIsHandledAsBeforeWithoutStreaming()
    {
        var path = Write("sites.csv", "objectid,operator,tech,lon,lat\n0,A,4G,36.8,-1.3\n0,B,3G,36.9,-1.2\n");
        var (_, streamed, _) = await BothAsync(path, Options(DatasetRole.Sites));
        Assert.True(streamed.Accepted);
        Assert.False(streamed.Streamed);
        Assert.Contains(streamed.Report.Warnings, w => w.Contains("0 or empty everywhere", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WktWithZAndMissingColumnsGiveTheSameReport()
    {
        var wkt = Write("cov.csv", "operator,tech,wkt\nA,LTE,\"POLYGON Z((36.8 -1.3 1,36.81 -1.3 1,36.81 -1.29 1,36.8 -1.29 1,36.8 -1.3 1))\"\n");
        Assert.True((await BothAsync(wkt, Options(DatasetRole.Coverage))).Streamed.Streamed);
        var noTests = Write("speed.csv", "down,lon,lat\n100,36.8,-1.3\n");
        Assert.False((await BothAsync(noTests, Options(DatasetRole.Measurements))).Streamed.Accepted);
        var empty = Write("empty.csv", "down,tests,lon,lat\n");
        Assert.False((await BothAsync(empty, Options(DatasetRole.Measurements))).Streamed.Accepted);
    }

    [Fact]
    public async Task ProjectedCoordinatesAndOpenCellIdAreNotStreamed()
    {
        var utm = Write("utm.csv", "tests,down,x,y\n5,100,256000,9856000\n");
        var (_, projected, _) = await BothAsync(utm, Options(DatasetRole.Measurements) with { Srid = 32737 });
        Assert.True(projected.Accepted);
        Assert.False(projected.Streamed);
        var cells = Write("cells.csv", "radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal\n" +
            "LTE,639,2,100,1,0,36.8,-1.3,1000,1,1,0,0,0\n");
        var (_, openCellId, _) = await BothAsync(cells, Options(DatasetRole.Sites));
        Assert.True(openCellId.Accepted);
        Assert.False(openCellId.Streamed);
    }

    public static TheoryData<string> CsvCorpus => new(BadInputCorpus.All.Where(b => b.Name.Contains("csv", StringComparison.OrdinalIgnoreCase)).Select(b => b.Name));

    [Theory]
    [MemberData(nameof(CsvCorpus))]
    public async Task BadCsvCorpusGivesTheSameReport(string name)
    {
        var input = BadInputCorpus.Get(name);
        var path = input.Write(_dir.Path);
        var (_, streamed, _) = await BothAsync(path, input.Options);
        Assert.False(streamed.Streamed);
    }
}
