using System.Globalization;
using DivideMapper.Core.Domain;
using DivideMapper.Data.Runs;
using DivideMapper.Data.Storage;
using DivideMapper.Formats.Import;
using DivideMapper.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace DivideMapper.Data.Tests;

/// <summary>
/// People-weighted gaps (DESIGN §5.3) against a PostGIS zonal computation on the same stored tables: cells as
/// polygons, area-weighted, Σ people × ST_Area(ST_Intersection(cell, G)) / ST_Area(cell) in the run's metric CRS.
/// The rasters are tests/fixtures/population (see its make.sh).
/// </summary>
public sealed class PopulationMatchesPostgisTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const double Relative = 1e-6;
    private readonly PostgisDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();
    public Task DisposeAsync() => _database.DisposeAsync();

    private static string Raster(string name) => RepoPaths.Fixture("population", name);

    /// <summary>
    /// The 6 × 5 grid (0.001° cells from 36.800 E, 1.300 S); "Aligned" covers columns 1–4 and rows 0–3, 4G covers
    /// columns 0–2, so the gap is columns 3–4: 40 + 50 + 25 + 35 + 3 + 4 + 7.5 + 8 = 172.5 people, of 240.5 (the
    /// nodata cell in row 1 counts as nobody). Edges carry a vertex at every cell corner so that both sides project
    /// the same points. "Skewed" lies across cells and the coverage edge at odd angles.
    /// </summary>
    [Fact]
    public async Task HandMadeRasterGivesTheExactPeopleInTheGapAndMatchesTheZonalOracle()
    {
        await using var dataSource = _database.CreateDataSource();
        using var dir = new TempDir();
        await ImportAsync(dataSource, "pop", Write(dir, "settlements.geojson", Collection(
            Feature("""{"name":"Aligned","kind":"informal"}""", Box(36.801, -1.304, 36.805, -1.300, step: 0.001)),
            Feature("""{"name":"Skewed","kind":"informal","population":1000}""",
                "[36.80020,-1.30410],[36.80550,-1.30380],[36.80470,-1.30050],[36.80130,-1.30020],[36.80020,-1.30410]"))), DatasetRole.Settlements);
        await ImportAsync(dataSource, "pop", Write(dir, "coverage.geojson", Collection(
            Feature("""{"operator":"A","tech":"4G"}""", Box(36.795, -1.310, 36.803, -1.295, step: 0.001)),
            Feature("""{"operator":"B","tech":"3G"}""", "[36.8033,-1.3100],[36.8100,-1.3100],[36.8100,-1.2950],[36.8047,-1.2950],[36.8033,-1.3100]"))),
            DatasetRole.Coverage);
        await ImportAsync(dataSource, "pop", Raster("grid-4326-float32-deflate-striped.tif"), DatasetRole.Population);

        var run = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest("pop", "itu-umc-2030"), "test")).OrThrow();

        var aligned = run.Result.Settlements.Single(s => s.Row.Name == "Aligned");
        Assert.True(Math.Abs(aligned.Row.GapPopulation!.Value - 172.5) < 1e-9, $"gap population {aligned.Row.GapPopulation:R}");
        Assert.True(Math.Abs(aligned.Row.Population!.Value - 240.5) < 1e-9, $"population {aligned.Row.Population:R}"); // the layer's count: the file has none
        Assert.Equal("layer", aligned.Explain.Inputs.PopulationSource);
        Assert.Equal(("layer", "area-share", "cell", "grid-4326-float32-deflate-striped"),
            (aligned.Explain.People!.Source, aligned.Explain.People.Rule, aligned.Explain.People.Kind, aligned.Explain.People.Layer));
        var skewed = run.Result.Settlements.Single(s => s.Row.Name == "Skewed");
        Assert.Equal(1000, skewed.Row.Population); // the boundary file's population stays the column
        Assert.Equal("cell", run.Result.Parameters.Population!.Kind);
        Assert.Single(run.Result.Parameters.PopulationLayers);

        await AssertMatchesZonalOracleAsync(dataSource, run);
        // The summary weighs by the same people: Σ covered at 4G = Σ layer people − Σ people in the 4G gaps.
        var oracle = await ZonalAsync(dataSource, run.RunId);
        Assert.True(Math.Abs(run.Result.Summary.PopulationCovered4G!.Value - oracle.Values.Sum(o => o.InSettlement - o.InGap4G)) < 1e-6 * oracle.Values.Sum(o => o.InSettlement));
    }

    [Fact]
    public async Task BuildingFootprintsCountByTheShareOfTheirFootprintInside()
    {
        await using var dataSource = _database.CreateDataSource();
        using var dir = new TempDir();
        await ImportAsync(dataSource, "b", Write(dir, "settlements.geojson", Collection(
            Feature("""{"name":"Roofs","kind":"informal","population":40}""", Box(36.800, -1.302, 36.802, -1.300)))), DatasetRole.Settlements);
        await ImportAsync(dataSource, "b", Write(dir, "coverage.geojson", Collection(
            Feature("""{"operator":"A","tech":"4G"}""", Box(36.790, -1.310, 36.8011, -1.290)))), DatasetRole.Coverage);
        // Three buildings: one in the covered part, one across the coverage edge (36.8011), one in the gap with 2 floors.
        await ImportAsync(dataSource, "b", Write(dir, "buildings.geojson", Collection(
            Feature("""{}""", Box(36.8002, -1.3010, 36.8004, -1.3008)),
            Feature("""{}""", Box(36.8010, -1.3012, 36.8014, -1.3010)),
            Feature("""{"floors":2}""", Box(36.8015, -1.3015, 36.8017, -1.3013)))), DatasetRole.Population, o => o with { PeoplePerBuilding = 5 });
        // A raster too: the buildings are the finer layer and win where they are; "Open" has no building, so the raster counts it.
        await ImportAsync(dataSource, "b", Raster("grid-4326-float32-deflate-striped.tif"), DatasetRole.Population);
        await ImportAsync(dataSource, "b", Write(dir, "settlements2.geojson", Collection(
            Feature("""{"name":"Open","kind":"formal"}""", Box(36.803, -1.304, 36.805, -1.302, step: 0.001)))), DatasetRole.Settlements);

        var run = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest("b", "itu-umc-2030"), "test")).OrThrow();
        var row = run.Result.Settlements.Single(s => s.Row.Name == "Roofs");
        Assert.Equal("building", row.Explain.People!.Kind);
        var open = run.Result.Settlements.Single(s => s.Row.Name == "Open");
        Assert.Equal("cell", open.Explain.People!.Kind);
        Assert.True(Math.Abs(open.Row.Population!.Value - (3 + 4 + 7.5 + 8)) < 1e-9, $"Open: {open.Row.Population:R}");
        Assert.Equal(["building", "cell"], run.Result.Parameters.PopulationLayers.Select(l => l.Kind));
        Assert.Contains("5 people per building", row.Explain.People.ImportRule);
        // 5 × 0.75 of the straddling one (0.0003 of its 0.0004° width lies east of 36.8011) + 10 of the two-floor one.
        Assert.True(Math.Abs(row.Row.GapPopulation!.Value - (5 * 0.75 + 10)) < 1e-3, $"gap population {row.Row.GapPopulation:R}");
        await AssertMatchesZonalOracleAsync(dataSource, run);
    }

    [Fact]
    public async Task ProjectedRasterGivesTheSameAnswerAsItsLonLatTwin()
    {
        await using var dataSource = _database.CreateDataSource();
        using var dir = new TempDir();
        var settlements = Write(dir, "settlements.geojson", Collection(
            Feature("""{"name":"East","kind":"informal"}""", "[36.8050,-1.2900],[36.8300,-1.2880],[36.8280,-1.3050],[36.8060,-1.3040],[36.8050,-1.2900]"),
            Feature("""{"name":"West","kind":"formal"}""", Box(36.7990, -1.3000, 36.8040, -1.2860))));
        var coverage = Write(dir, "coverage.geojson", Collection(
            Feature("""{"operator":"A","tech":"4G"}""", "[36.8010,-1.280],[36.8150,-1.280],[36.8200,-1.310],[36.8010,-1.310],[36.8010,-1.280]")));
        var gaps = new Dictionary<string, Dictionary<string, double>>();
        foreach (var (project, raster) in new[] { ("utm", "smooth-32737-float32.tif"), ("twin", "smooth-4326-twin.tif") })
        {
            await ImportAsync(dataSource, project, settlements, DatasetRole.Settlements);
            await ImportAsync(dataSource, project, coverage, DatasetRole.Coverage);
            await ImportAsync(dataSource, project, Raster(raster), DatasetRole.Population);
            var run = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest(project, "itu-umc-2030"), "test")).OrThrow();
            await AssertMatchesZonalOracleAsync(dataSource, run);
            gaps[project] = run.Result.Settlements.ToDictionary(s => s.Row.Name, s => s.Row.GapPopulation!.Value);
        }
        foreach (var name in new[] { "East", "West" })
        {
            double utm = gaps["utm"][name], twin = gaps["twin"][name];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: UTM raster {utm:0.###} people in the gap, EPSG:4326 twin {twin:0.###}"));
            Assert.True(utm > 100, $"{name} has people in its gap");
            Assert.True(Math.Abs(utm - twin) <= 0.005 * utm, $"{name}: {utm} vs {twin}");
        }
    }

    [Fact]
    public async Task WithoutALayerTheEvenSpreadStaysAndSaysSo()
    {
        await using var dataSource = _database.CreateDataSource();
        using var dir = new TempDir();
        await ImportAsync(dataSource, "even", Write(dir, "settlements.geojson", Collection(
            Feature("""{"name":"Known","kind":"informal","population":1000}""", Box(36.800, -1.302, 36.802, -1.300)),
            Feature("""{"name":"Unknown","kind":"informal"}""", Box(36.810, -1.302, 36.812, -1.300)))), DatasetRole.Settlements);
        await ImportAsync(dataSource, "even", Write(dir, "coverage.geojson", Collection(
            Feature("""{"operator":"A","tech":"4G"}""", Box(36.790, -1.310, 36.801, -1.290)))), DatasetRole.Coverage);
        var run = (await AnalysisRunner.RunAsync(dataSource, new AnalysisRequest("even", "itu-umc-2030"), "test")).OrThrow();
        var known = run.Result.Settlements.Single(s => s.Row.Name == "Known");
        Assert.Equal(("settlement", "even-spread"), (known.Explain.People!.Source, known.Explain.People.Rule));
        Assert.True(Math.Abs(known.Row.GapPopulation!.Value - 1000 * known.Row.GapShare) < 1e-9);
        Assert.Equal(("none", "none"), (run.Result.Settlements.Single(s => s.Row.Name == "Unknown").Explain.People!.Source, "none"));
        Assert.Equal(1, run.Result.Summary.SettlementsWithoutPopulation);
        Assert.Equal("even-spread", run.Result.Parameters.Population!.Rule);
    }

    private sealed record Zonal(double InSettlement, double InGap, double InGap4G);

    /// <summary>Per settlement, the zonal sums in PostGIS: in S, in the gap at the run's target, and in the 4G gap.</summary>
    private static async Task<Dictionary<long, Zonal>> ZonalAsync(NpgsqlDataSource dataSource, long runId)
    {
        await using var command = dataSource.CreateCommand("""
            WITH r AS (
                SELECT run.project_id, run.metric_srid AS srid,
                       CASE upper(run.profile->>'targetTech') WHEN '2G' THEN 2 WHEN '3G' THEN 3 WHEN '4G' THEN 4 WHEN '5G' THEN 5 ELSE 6 END AS target
                FROM run WHERE run.id = @run
            ),
            s AS (SELECT s.id, ST_Transform(s.geom, r.srid) AS g FROM settlement s JOIN r USING (project_id)),
            piece AS (
                SELECT CASE upper(c.tech) WHEN '2G' THEN 2 WHEN '3G' THEN 3 WHEN '4G' THEN 4 WHEN '5G' THEN 5 ELSE 6 END AS rank,
                       ST_Transform(c.geom, r.srid) AS g
                FROM coverage c JOIN r USING (project_id)
            ),
            gap AS (
                -- the layer this settlement was counted with (explain.people), to sum the same cells
                SELECT s.id, s.g, (SELECT (x.explain->'people'->>'datasetId')::bigint FROM settlement_result x
                                   WHERE x.run_id = @run AND x.settlement_id = s.id) AS layer,
                       coalesce(ST_Difference(s.g, (SELECT ST_Union(p.g) FROM piece p, r WHERE p.rank >= r.target AND ST_Intersects(p.g, s.g))), s.g) AS at_target,
                       coalesce(ST_Difference(s.g, (SELECT ST_Union(p.g) FROM piece p WHERE p.rank >= 4 AND ST_Intersects(p.g, s.g))), s.g) AS at_4g
                FROM s
            ),
            cell AS (
                SELECT p.dataset_id, p.people, ST_Transform(p.geom, r.srid) AS g FROM population p JOIN r ON p.project_id = r.project_id
            )
            SELECT gap.id,
                   coalesce(sum(c.people * ST_Area(ST_Intersection(c.g, gap.g)) / ST_Area(c.g)), 0),
                   coalesce(sum(c.people * ST_Area(ST_Intersection(c.g, gap.at_target)) / ST_Area(c.g)), 0),
                   coalesce(sum(c.people * ST_Area(ST_Intersection(c.g, gap.at_4g)) / ST_Area(c.g)), 0)
            FROM gap LEFT JOIN cell c ON c.dataset_id = gap.layer AND ST_Intersects(c.g, gap.g)
            GROUP BY gap.id
            """);
        command.Parameters.AddWithValue("run", runId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<long, Zonal>();
        while (await reader.ReadAsync()) rows[reader.GetInt64(0)] = new Zonal(reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3));
        return rows;
    }

    /// <summary>gap_population stored for the run equals the zonal sum (1e-6 of the settlement's layer people).</summary>
    private async Task AssertMatchesZonalOracleAsync(NpgsqlDataSource dataSource, CompletedRun run)
    {
        var oracle = await ZonalAsync(dataSource, run.RunId);
        await using var command = dataSource.CreateCommand("SELECT settlement_id, gap_population FROM settlement_result WHERE run_id = @run");
        command.Parameters.AddWithValue("run", run.RunId);
        await using var reader = await command.ExecuteReaderAsync();
        int compared = 0;
        while (await reader.ReadAsync())
        {
            var zonal = oracle[reader.GetInt64(0)];
            if (zonal.InSettlement <= 0) continue; // no people of the layer here: the even spread applies
            double stored = reader.GetDouble(1), difference = Math.Abs(stored - zonal.InGap) / zonal.InSettlement;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run.RunId} settlement {reader.GetInt64(0)}: gap people Core {stored:R}, PostGIS {zonal.InGap:R} (relative {difference:E2})"));
            Assert.True(difference <= Relative, $"settlement {reader.GetInt64(0)}: Core {stored:R}, PostGIS zonal {zonal.InGap:R}");
            compared++;
        }
        Assert.True(compared > 0, "at least one settlement was counted from the layer");
    }

    private static string Write(TempDir dir, string name, string text)
    {
        var path = Path.Combine(dir.Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Collection(params string[] features) => "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", features) + "]}";

    private static string Feature(string properties, string ring) =>
        "{\"type\":\"Feature\",\"properties\":" + properties + ",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[" + ring + "]]}}";

    /// <summary>
    /// A lon/lat box with a vertex every <paramref name="step"/> degrees along its edges: at 0.001° its segments are
    /// the grid fixture's cell edges, so both sides project the very same segments.
    /// </summary>
    private static string Box(double minLon, double minLat, double maxLon, double maxLat, double step = 0.0001)
    {
        var points = new List<(double, double)>();
        void Edge(double x0, double y0, double x1, double y1)
        {
            int steps = Math.Max(1, (int)Math.Round(Math.Max(Math.Abs(x1 - x0), Math.Abs(y1 - y0)) / step));
            for (int i = 0; i < steps; i++) points.Add((x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps));
        }
        Edge(minLon, minLat, maxLon, minLat);
        Edge(maxLon, minLat, maxLon, maxLat);
        Edge(maxLon, maxLat, minLon, maxLat);
        Edge(minLon, maxLat, minLon, minLat);
        points.Add((minLon, minLat));
        return string.Join(",", points.Select(p => string.Create(CultureInfo.InvariantCulture, $"[{Math.Round(p.Item1, 7)},{Math.Round(p.Item2, 7)}]")));
    }

    private static async Task ImportAsync(NpgsqlDataSource dataSource, string project, string path, DatasetRole role,
        Func<ImportOptions, ImportOptions>? configure = null)
    {
        var options = new ImportOptions { Role = role };
        if (configure is not null) options = configure(options);
        var result = await DatasetImporter.ImportAsync(dataSource, new ImportRequest(path, Path.GetFileName(path), project, options));
        Assert.True(result.Accepted, $"{path} was rejected: {string.Join("; ", result.Report.Problems.Select(p => p.Message))}");
    }
}
