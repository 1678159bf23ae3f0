using System.Globalization;
using System.Text;
using DivideMapper.Core.Domain;
using DivideMapper.Core.Outcomes;
using DivideMapper.Data.Storage;
using DivideMapper.Formats.Import;
using DivideMapper.Testing;

namespace DivideMapper.Data.Tests;

/// <summary>
/// Imports into a project with settlements keep only the rows near them (DESIGN §7), on the streamed path (CSV in
/// WGS 84, several COPY chunks) and the batch path (GeoJSON) alike; the report counts the rest.
/// </summary>
public sealed class ProjectAreaClipImportTests : IAsyncLifetime, IDisposable
{
    private readonly PostgisDatabase _database = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("dm-clip-").FullName;

    public Task InitializeAsync() => _database.InitializeAsync();
    public Task DisposeAsync() => _database.DisposeAsync();
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static ImportRequest Request(string path, string project, DatasetRole role, Func<ImportOptions, ImportOptions>? configure = null)
    {
        var options = new ImportOptions { Role = role, Tech = role == DatasetRole.Coverage ? Tech.G4 : null };
        return new(path, Path.GetFileName(path), project, configure is null ? options : configure(options));
    }

    /// <summary>One settlement, 36.80…36.82 E, 1.30…1.28 S (Nairobi).</summary>
    private async Task SettlementsAsync(Npgsql.NpgsqlDataSource dataSource, string project)
    {
        var path = Write($"{project}-settlements.geojson", """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Kibera","kind":"informal"},
             "geometry":{"type":"Polygon","coordinates":[[[36.80,-1.30],[36.82,-1.30],[36.82,-1.28],[36.80,-1.28],[36.80,-1.30]]]}}]}
            """);
        Assert.True((await DatasetImporter.ImportAsync(dataSource, Request(path, project, DatasetRole.Settlements))).Accepted);
    }

    /// <summary>A world of points: every other row in the settlement, the rest spread over other continents.</summary>
    private string WorldPoints(string name, int count)
    {
        var text = new StringBuilder("lon,lat,avg_d_kbps,tests,devices\n");
        for (var i = 0; i < count; i++)
        {
            var (lon, lat) = i % 2 == 0 ? (36.805 + (i % 100) * 1e-4, -1.29) : (-120 + i % 240, -50 + i % 100);
            text.Append(CultureInfo.InvariantCulture, $"{lon},{lat},{1000 + i},{1 + i % 5},1\n");
        }
        return Write(name, text.ToString());
    }

    [Fact]
    public async Task StreamedMeasurementsOutsideTheAreaAreNotStored()
    {
        await using var dataSource = _database.CreateDataSource();
        await SettlementsAsync(dataSource, "clip-stream");
        var count = StreamingStore.ChunkSize * 2 + 10;
        var result = await DatasetImporter.ImportAsync(dataSource, Request(WorldPoints("world.csv", count), "clip-stream", DatasetRole.Measurements));

        Assert.True(result.StoredWhileReading);
        Assert.Equal(count / 2, result.Dataset!.FeatureCount);
        Assert.Equal(count / 2, result.Report.OutsideProjectArea);
        Assert.Equal(count / 2, await _database.ScalarAsync<long>($"SELECT count(*) FROM measurement WHERE dataset_id = {result.Dataset.Id}"));
        Assert.Equal(0L, await _database.ScalarAsync<long>($"SELECT count(*) FROM measurement WHERE dataset_id = {result.Dataset.Id} AND ST_X(geom) < 30"));
        Assert.Equal(count / 2, await _database.ScalarAsync<long>(
            $"SELECT (report->>'outsideProjectArea')::bigint FROM dataset WHERE id = {result.Dataset.Id}"));
        Assert.Equal(2000.0, await _database.ScalarAsync<double>($"SELECT (report->'projectArea'->>'marginM')::float8 FROM dataset WHERE id = {result.Dataset.Id}"));
        Assert.Contains("outsideProjectArea", result.ToJson("clip-stream").ToJsonString());
    }

    private static string Box(string op, double x0, double y0, double x1, double y1) => FormattableString.Invariant(
        $$"""{"type":"Feature","properties":{"operator":"{{op}}"},"geometry":{"type":"Polygon","coordinates":[[[{{x0}},{{y0}}],[{{x1}},{{y0}}],[{{x1}},{{y1}}],[{{x0}},{{y1}}],[{{x0}},{{y0}}]]]}""") + "}";

    [Fact]
    public async Task BatchCoverageKeepsOverlappingPolygonsWholeAndHonoursTheMargin()
    {
        await using var dataSource = _database.CreateDataSource();
        await SettlementsAsync(dataSource, "clip-batch");
        // Squares 1 km east of the settlement (inside the default 2 km margin, outside a 500 m one), one far away, one
        // reaching into the box from 1° east.
        var oneKm = 1000 / (6_371_008.8 * Math.PI / 180);
        // A crs member (here CRS84 itself) keeps GeoJSON on the batch path: only files certainly in WGS 84 stream.
        var path = Write("coverage.geojson", "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}},\"features\":[" + string.Join(",",
            Box("near", 36.82 + oneKm, -1.29, 36.82 + oneKm + 0.001, -1.289), Box("far", 10, 10, 10.1, 10.1), Box("big", 36.81, -1.295, 37.81, -1.285)) + "]}");

        var wide = await DatasetImporter.ImportAsync(dataSource, Request(path, "clip-batch", DatasetRole.Coverage));
        Assert.False(wide.StoredWhileReading);
        Assert.Equal(2, wide.Dataset!.FeatureCount);
        Assert.Equal(1, wide.Report.OutsideProjectArea);
        Assert.Equal("big,near", await _database.ScalarAsync<string>(
            $"SELECT string_agg(operator, ',' ORDER BY operator) FROM coverage WHERE dataset_id = {wide.Dataset.Id}"));
        Assert.Equal(0.01, await _database.ScalarAsync<double>($"SELECT round(ST_Area(geom)::numeric, 6)::float8 FROM coverage WHERE operator = 'big'"), 9);

        // Another project with the same settlement and a 500 m margin keeps only the big one.
        await SettlementsAsync(dataSource, "clip-narrow");
        var narrow = await DatasetImporter.ImportAsync(dataSource, Request(path, "clip-narrow", DatasetRole.Coverage, o => o with { ClipMarginM = 500 }));
        Assert.Equal(1, narrow.Dataset!.FeatureCount);
        Assert.Equal(2, narrow.Report.OutsideProjectArea);
        Assert.Equal(500, narrow.Report.ProjectArea!.MarginM);
    }

    [Fact]
    public async Task NoClipKeepsEveryRowAndIsPartOfTheOptionsKey()
    {
        await using var dataSource = _database.CreateDataSource();
        await SettlementsAsync(dataSource, "clip-off");
        var path = WorldPoints("all.csv", 40);

        var clipped = await DatasetImporter.ImportAsync(dataSource, Request(path, "clip-off", DatasetRole.Measurements));
        Assert.Equal(20, clipped.Dataset!.FeatureCount);
        // The same bytes without the clip would store other rows: refused as a conflict, not answered with the old dataset.
        var again = await DatasetImporter.ImportAsync(dataSource, Request(path, "clip-off", DatasetRole.Measurements, o => o with { NoClip = true }));
        Assert.False(again.Accepted);
        Assert.Equal(ErrorCodes.Conflict, Assert.Single(again.Report.Problems).Code);

        await SettlementsAsync(dataSource, "clip-off-2");
        var all = await DatasetImporter.ImportAsync(dataSource, Request(path, "clip-off-2", DatasetRole.Measurements, o => o with { NoClip = true }));
        Assert.Equal(40, all.Dataset!.FeatureCount);
        Assert.Equal(0, all.Report.OutsideProjectArea);
        Assert.Null(all.Report.ProjectArea);
    }

    [Fact]
    public async Task WithoutSettlementsNothingIsClippedAndAWarningSaysWhy()
    {
        await using var dataSource = _database.CreateDataSource();
        var result = await DatasetImporter.ImportAsync(dataSource, Request(WorldPoints("early.csv", 30), "clip-none", DatasetRole.Measurements));
        Assert.Equal(30, result.Dataset!.FeatureCount);
        Assert.Equal(0, result.Report.OutsideProjectArea);
        Assert.Contains(result.Report.Warnings, w => w.Contains("has no settlements yet, so nothing was clipped", StringComparison.Ordinal));
        Assert.True(await _database.ScalarAsync<bool>(
            $"SELECT report->>'warnings' LIKE '%no settlements yet%' FROM dataset WHERE id = {result.Dataset.Id}"));
    }

    [Fact]
    public async Task AFileWithNothingNearTheSettlementsStoresNothing()
    {
        await using var dataSource = _database.CreateDataSource();
        await SettlementsAsync(dataSource, "clip-away");
        var path = Write("lima.csv", "lon,lat,avg_d_kbps,tests\n-77.0,-12.0,5000,3\n-77.1,-12.1,6000,4\n");
        var result = await DatasetImporter.ImportAsync(dataSource, Request(path, "clip-away", DatasetRole.Measurements));

        Assert.False(result.Accepted);
        var problem = Assert.Single(result.Report.Problems);
        Assert.Equal(ErrorCodes.NoFeatures, problem.Code);
        Assert.Contains("2 outside", problem.Message);
        Assert.Equal(2, result.Report.OutsideProjectArea);
        Assert.Equal(0L, await _database.ScalarAsync<long>("SELECT count(*) FROM measurement"));
        Assert.Equal(1L, await _database.ScalarAsync<long>("SELECT count(*) FROM dataset"));
    }

    [Fact]
    public async Task PopulationPointsAreClippedToo()
    {
        await using var dataSource = _database.CreateDataSource();
        await SettlementsAsync(dataSource, "clip-people");
        var path = Write("people.csv", "lon,lat,population\n36.81,-1.29,120\n3.0,45.0,900\n");
        var result = await DatasetImporter.ImportAsync(dataSource, Request(path, "clip-people", DatasetRole.Population));
        Assert.Equal(1, result.Dataset!.FeatureCount);
        Assert.Equal(1, result.Report.OutsideProjectArea);
    }
}
