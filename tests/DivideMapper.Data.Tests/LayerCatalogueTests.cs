using DivideMapper.Core.Analysis;
using DivideMapper.Data.Layers;
using DivideMapper.Data.Runs;
using DivideMapper.Testing;
using NetTopologySuite.Geometries;
using Npgsql;

namespace DivideMapper.Data.Tests;

/// <summary>The layer catalogue's SQL on the sample city and one run: every layer pages, counts, filters and keeps the privacy rule.</summary>
public sealed class LayerCatalogueTests : IAsyncLifetime
{
    private readonly PostgisDatabase _database = new();
    private NpgsqlDataSource _dataSource = null!;
    private LayerProject _project = null!;
    private long _runId;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _dataSource = _database.CreateDataSource();
        await SampleCityImport.ImportAsync(_dataSource, "layers");
        _runId = (await AnalysisRunner.RunAsync(_dataSource, new AnalysisRequest("layers", "giga-20"), "test")).OrThrow().RunId;
        _project = (await LayerScopes.ProjectAsync(_dataSource, "layers"))!;
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<LayerScopeValues> ScopeAsync(LayerDefinition layer, long? run = null) =>
        (await LayerScopes.ResolveAsync(_dataSource, _project, layer, run)).OrThrow();

    [Fact]
    public async Task EveryLayerPagesInIdOrderWithoutDuplicatesOrGaps()
    {
        foreach (var layer in LayerCatalogue.All)
        {
            var scope = await ScopeAsync(layer);
            var all = await FeaturePages.ReadAsync(_dataSource, layer, scope, new FeaturePageRequest { Limit = 100_000 });
            Assert.True(all.NumberMatched > 0, $"{layer.Id} is empty");
            Assert.Equal(all.NumberMatched, all.Features.Count);
            var paged = new List<long>();
            long? after = null;
            while (true)
            {
                var page = await FeaturePages.ReadAsync(_dataSource, layer, scope, new FeaturePageRequest { Limit = 7, AfterId = after, CountMatched = false });
                if (page.Features.Count == 0) break;
                paged.AddRange(page.Features.Select(f => f.Id));
                after = page.Features[^1].Id;
            }
            Assert.Equal(all.Features.Select(f => f.Id), paged);
            Assert.Equal(paged.Count, paged.Distinct().Count());
            Assert.All(all.Features, f => Assert.Equal(layer.Columns.Count, f.Row.Values.Count));
        }
    }

    [Fact]
    public void ResultColumnsAreCoresOneDeclarationPlusTheRun()
    {
        Assert.Equal([.. SettlementRow.ColumnNames, "run_id"], LayerCatalogue.Results.Columns.Select(c => c.Name));
        Assert.Equal(LayerCatalogue.Results.Columns.Select(c => c.Name), RunLayers.ResultsSchema.Columns.Select(c => c.Name));
        Assert.All(LayerCatalogue.All, l => Assert.All(l.TileColumns, c => Assert.Contains(c, l.Columns)));
    }

    [Fact]
    public async Task BboxSelectsWhatIntersectsItInAnySrid()
    {
        var layer = LayerCatalogue.Settlements;
        var scope = await ScopeAsync(layer);
        var all = await FeaturePages.ReadAsync(_dataSource, layer, scope, new FeaturePageRequest { Limit = 10_000 });
        var extent = new Envelope();
        foreach (var f in all.Features) extent.ExpandToInclude(f.Row.Geometry!.EnvelopeInternal);
        var west = new Envelope(extent.MinX, extent.Centre.X, extent.MinY, extent.MaxY);
        var inWest = await FeaturePages.ReadAsync(_dataSource, layer, scope, new FeaturePageRequest { Bbox = west });
        var expected = all.Features.Count(f => f.Row.Geometry!.Intersects(new GeometryFactory(new PrecisionModel(), 4326).ToGeometry(west)));
        Assert.Equal(expected, inWest.NumberMatched);
        Assert.InRange(expected, 1, all.Features.Count - 1);
        Assert.All(inWest.Features, f => Assert.Equal(4326, f.Row.Geometry!.SRID));

        var metric = await FeaturePages.ReadAsync(_dataSource, layer, scope, new FeaturePageRequest { Limit = 1, OutputSrid = 3857 });
        Assert.Equal(3857, metric.Features[0].Row.Geometry!.SRID);
        Assert.True(Math.Abs(metric.Features[0].Row.Geometry!.Coordinate.X) > 1000, "metres, not degrees");
    }

    [Fact]
    public async Task RaisingTheFloorWithholdsMediansAndCountsOnEveryRunLayerRead()
    {
        var layer = LayerCatalogue.Results;
        var scope = await ScopeAsync(layer);
        int Index(string name) => layer.Columns.ToList().FindIndex(c => c.Name == name);
        var before = await FeaturePages.ReadAsync(_dataSource, layer, scope, new FeaturePageRequest { Limit = 1000 });
        Assert.Contains(before.Features, f => f.Row.Values[Index("median_down_mbps")] is not null);
        Assert.All(before.Features.Where(f => f.Row.Values[Index("suppressed")] is true),
            f => Assert.All(new[] { "median_down_mbps", "median_up_mbps", "median_latency_ms", "tests", "devices" },
                c => Assert.Null(f.Row.Values[Index(c)])));

        var strict = scope with { Floor = new PrivacyFloor(1_000_000, 1_000_000) };
        var after = await FeaturePages.ReadAsync(_dataSource, layer, strict, new FeaturePageRequest { Limit = 1000 });
        Assert.Equal(before.NumberMatched, after.NumberMatched);
        Assert.All(after.Features, f =>
        {
            foreach (var c in new[] { "median_down_mbps", "median_up_mbps", "median_latency_ms", "tests", "devices" }) Assert.Null(f.Row.Values[Index(c)]);
        });
        Assert.Contains(after.Features, f => f.Row.Values[Index("suppressed")] is true);
        // The measurements layer serves only aggregates at or above the floor: none at all under this one.
        var measurements = await FeaturePages.ReadAsync(_dataSource, LayerCatalogue.Measurements,
            (await ScopeAsync(LayerCatalogue.Measurements)) with { Floor = new PrivacyFloor(1_000_000, 1_000_000) }, new FeaturePageRequest());
        Assert.Equal(0, measurements.NumberMatched);
    }

    [Fact]
    public async Task MeasurementsBelowTheFloorAreNeverServed()
    {
        var layer = LayerCatalogue.Measurements;
        var scope = await ScopeAsync(layer);
        var page = await FeaturePages.ReadAsync(_dataSource, layer, scope, new FeaturePageRequest { Limit = 10_000 });
        var stored = await _database.ScalarAsync<long>("SELECT count(*) FROM measurement");
        var atOrAbove = await _database.ScalarAsync<long>("SELECT count(*) FROM measurement WHERE tests >= 20 AND devices >= 10");
        Assert.Equal(atOrAbove, page.NumberMatched);
        Assert.True(atOrAbove < stored, "the sample has tiles below the floor");
        var tests = layer.Columns.ToList().FindIndex(c => c.Name == "tests");
        Assert.All(page.Features, f => Assert.True(Convert.ToInt64(f.Row.Values[tests]) >= 20));
    }

    [Fact]
    public async Task DatetimeSelectsRowsWhosePeriodOverlapsTheInterval()
    {
        var layer = LayerCatalogue.Measurements;
        var scope = await ScopeAsync(layer);
        var q1 = await FeaturePages.ReadAsync(_dataSource, layer, scope, new FeaturePageRequest
        {
            HasDatetime = true, DatetimeStart = new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero), DatetimeEnd = new DateTimeOffset(2024, 2, 2, 0, 0, 0, TimeSpan.Zero),
        });
        var expected = await _database.ScalarAsync<long>("SELECT count(*) FROM measurement WHERE tests >= 20 AND devices >= 10 AND period = '2024Q1'");
        Assert.Equal(expected, q1.NumberMatched);
        var open = await FeaturePages.ReadAsync(_dataSource, layer, scope, new FeaturePageRequest
        {
            HasDatetime = true, DatetimeStart = new DateTimeOffset(2024, 7, 1, 0, 0, 0, TimeSpan.Zero),
        });
        Assert.Equal(await _database.ScalarAsync<long>("SELECT count(*) FROM measurement WHERE tests >= 20 AND devices >= 10 AND period = '2024Q3'"),
            open.NumberMatched);
    }

    [Fact]
    public async Task RunLayersResolveTheLatestFinishedRunOrTheOneAskedFor()
    {
        Assert.Equal(_runId, (await ScopeAsync(LayerCatalogue.Gaps)).RunId);
        Assert.Equal(_runId, (await ScopeAsync(LayerCatalogue.Gaps, _runId)).RunId);
        var unknown = await LayerScopes.ResolveAsync(_dataSource, _project, LayerCatalogue.Results, 987654);
        Assert.Equal("unknown-run", unknown.Refusal!.Code);
        var rows = new List<Formats.Writers.FeatureRow>();
        await foreach (var row in RunLayers.ResultsAsync(_dataSource, _runId)) rows.Add(row);
        Assert.Equal(25, rows.Count);
        var rank = RunLayers.ResultsSchema.IndexOf("rank");
        Assert.Equal(Enumerable.Range(1, 25), rows.Select(r => Convert.ToInt32(r.Values[rank])));
    }
}
